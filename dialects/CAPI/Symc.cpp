//===- Symc.cpp - C API of the symc dialect and passes --------------------===//
//
// Implements dialects/CAPI/Symc.h: MLIR's standard dialect handle for symc,
// the registration of every symc pass and pipeline (the same function
// symc-opt calls, so C and Python clients see the same set), and the
// dialects a symc pipeline needs loaded.
//
//===----------------------------------------------------------------------===//

#include "dialects/CAPI/Symc.h"

#include "dialects/Symc/IR/SymcDialect.h"
#include "passes/Passes.h"

#include "mlir/CAPI/Registration.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Symc, symc, mlir::symc::SymcDialect)

void symcRegisterAllPasses(void) { mlir::symc::registerSymcPasses(); }

void symcRegisterRequiredDialects(MlirDialectRegistry registry) {
  unwrap(registry)->insert<mlir::symc::SymcDialect, mlir::func::FuncDialect,
                           mlir::arith::ArithDialect,
                           mlir::tensor::TensorDialect>();
}
