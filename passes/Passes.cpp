//===- Passes.cpp - symc pass and pipeline registration -------------------===//
//
// Registers the generated passes and the named pipelines. Each pipeline step
// carries a comment saying why it sits where it does.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

void mlir::symc::registerSymcPasses() {
  registerPasses();
  registerSymcPipelines();
}

void mlir::symc::registerSymcPipelines() {}
