//===- symc-opt.cpp - the symc optimizer driver ---------------------------===//
//
// mlir-opt with the symc dialect and passes: every upstream dialect, pass and
// extension is registered too, so that any symc pipeline stage (and any
// upstream pass between them) can be replayed from the command line. With
// --mlir-pass-statistics it also prints how often each symc rewrite fired
// (LLVM release builds compile pass statistics out; see
// passes/Transforms/RewriteUtils.h).
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcDialect.h"
#include "passes/Passes.h"
#include "passes/Transforms/RewriteUtils.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/ADT/StringRef.h"

/// True when the command line asks for --mlir-pass-statistics (MLIR keeps
/// the option private to its pass manager, so the arguments are read).
static bool passStatisticsRequested(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    llvm::StringRef arg(argv[i]);
    arg = arg.ltrim('-');
    if (arg == "mlir-pass-statistics" || arg == "mlir-pass-statistics=true" ||
        arg == "mlir-pass-statistics=1")
      return true;
  }
  return false;
}

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::symc::registerSymcPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<mlir::symc::SymcDialect>();

  mlir::LogicalResult result = mlir::MlirOptMain(
      argc, argv, "symc optimizer driver: the symc dialect and passes with every "
                  "upstream MLIR dialect and pass\n",
      registry);
  if (passStatisticsRequested(argc, argv))
    mlir::symc::printRewriteStatistics(llvm::errs());
  return mlir::asMainReturnCode(result);
}
