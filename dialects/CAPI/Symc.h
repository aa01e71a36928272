//===- Symc.h - C API of the symc dialect and passes --------------*- C -*-===//
//
// The C entry points other compilers and language bindings use: the dialect
// handle (MLIR's standard mlirGetDialectHandle__symc__) and the registration
// of every symc pass and pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECTS_CAPI_SYMC_H
#define SYMC_DIALECTS_CAPI_SYMC_H

#include "mlir-c/IR.h"
#include "mlir-c/RegisterEverything.h"

#ifdef __cplusplus
extern "C" {
#endif

MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Symc, symc);

/// Registers every symc pass and named pipeline with MLIR's global registry,
/// so that mlirParsePassPipeline and mlirOpPassManager accept them.
MLIR_CAPI_EXPORTED void symcRegisterAllPasses(void);

/// Inserts into `registry` every dialect the symc passes create or need to
/// parse (func, arith, math, tensor, linalg, ...), plus the symc dialect.
MLIR_CAPI_EXPORTED void symcRegisterRequiredDialects(MlirDialectRegistry registry);

#ifdef __cplusplus
}
#endif

#endif // SYMC_DIALECTS_CAPI_SYMC_H
