//===- symc-roundtrip.cpp - parse and print symc IR outside the build ----===//
//
// A consumer of the installed Symc package: registers the symc and func
// dialects, parses the file named on the command line, and prints the module
// followed by the result type every symc.add infers from its operands (so
// that op classes, not only the textual parser, are used from outside).
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcDialect.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: symc-roundtrip <file.mlir>\n";
    return 2;
  }
  mlir::DialectRegistry registry;
  registry.insert<mlir::symc::SymcDialect, mlir::func::FuncDialect>();
  mlir::MLIRContext context(registry);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;
  module->print(llvm::outs());
  llvm::outs() << "\n";
  module->walk([](mlir::symc::AddOp op) {
    llvm::SmallVector<mlir::Type> inferred;
    if (mlir::succeeded(mlir::symc::AddOp::inferReturnTypes(
            op.getContext(), op.getLoc(), op->getOperands(),
            op->getAttrDictionary(), op->getPropertiesStorage(),
            op->getRegions(), inferred)))
      llvm::outs() << "symc.add infers " << inferred.front() << "\n";
  });
  return 0;
}
