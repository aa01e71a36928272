//===- Symc.cpp - C API of the symc dialect and passes --------------------===//

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
