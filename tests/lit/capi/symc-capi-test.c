/*===- symc-capi-test.c - exercise the symc C API --------------------------===*
 *
 * Loads the symc dialect through its C API handle, parses a module with
 * symc ops, runs a symc pass by name through the C pass manager and prints
 * the result; run by capi/capi.test.
 *
 *===----------------------------------------------------------------------===*/

#include "dialects/CAPI/Symc.h"

#include "mlir-c/Dialect/Func.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Transforms.h"

#include <stdio.h>
#include <string.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static void printErrorAndClear(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stderr);
}

int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  symcRegisterRequiredDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);

  /* The standard MLIR dialect handle of symc. */
  MlirDialectHandle handle = mlirGetDialectHandle__symc__();
  mlirDialectHandleRegisterDialect(handle, ctx);
  MlirDialect symc = mlirDialectHandleLoadDialect(handle, ctx);
  if (mlirDialectIsNull(symc)) {
    fprintf(stderr, "symc dialect did not load\n");
    return 1;
  }
  MlirStringRef ns = mlirDialectGetNamespace(symc);
  printf("dialect: %.*s\n", (int)ns.length, ns.data);

  const char *source =
      "func.func @f(%x: tensor<4xf32>, %y: tensor<1xf32>) -> tensor<4xf32> {\n"
      "  %0 = \"symc.add\"(%x, %y) : (tensor<4xf32>, tensor<1xf32>) -> tensor<?xf32>\n"
      "  %1 = tensor.cast %0 : tensor<?xf32> to tensor<4xf32>\n"
      "  return %1 : tensor<4xf32>\n"
      "}\n";
  MlirModule module = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(source));
  if (mlirModuleIsNull(module)) {
    fprintf(stderr, "parse failed\n");
    return 1;
  }

  mlirRegisterTransformsPasses();
  symcRegisterAllPasses();
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      opm, mlirStringRefCreateFromCString("builtin.module(func.func(symc-infer-shapes,canonicalize))"),
      printErrorAndClear, NULL);
  if (mlirLogicalResultIsFailure(parsed)) {
    fprintf(stderr, "\npipeline did not parse\n");
    return 1;
  }
  if (mlirLogicalResultIsFailure(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)))) {
    fprintf(stderr, "pass failed\n");
    return 1;
  }
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");

  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
