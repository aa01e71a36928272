//===- symc-opt.cpp - the symc optimizer driver ---------------------------===//
//
// mlir-opt with the symc dialect and passes: every upstream dialect, pass and
// extension is registered too, so that any symc pipeline stage (and any
// upstream pass between them) can be replayed from the command line.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcDialect.h"
#include "passes/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::symc::registerSymcPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::symc::SymcDialect>();

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "symc optimizer driver: the symc dialect and passes with every "
                  "upstream MLIR dialect and pass\n",
      registry));
}
