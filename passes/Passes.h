//===- Passes.h - symc passes and pipelines ---------------------*- C++ -*-===//
//
// Declares every symc pass (generated from Passes.td), the pattern sets the
// passes are built from, and the registration of passes and named
// pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_PASSES_H
#define SYMC_PASSES_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

#include "dialects/Symc/IR/SymcDialect.h"

namespace mlir::symc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

/// Registers every symc pass with the global pass registry.
void registerSymcPasses();

/// Registers the named symc pipelines (symc-optimize-pipeline, ...).
void registerSymcPipelines();

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace mlir::symc

#endif // SYMC_PASSES_PASSES_H
