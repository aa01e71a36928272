//===- Passes.td - symc pass catalogue -----------------------*- tablegen -*-===//
//
// Every symc pass, in pipeline order. Each entry says what it rewrites, with
// a before/after example; pattern-based passes list their identities.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_TD
#define SYMC_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapesPass : Pass<"symc-infer-shapes", "func::FuncOp"> {
  let summary = "Refines result types of symc ops from their operand types.";
  let description = [{
    Recomputes the inferred result type of every symc op (in order, so that a
    refinement propagates) and keeps the more static of the old and new type.
    Users that are not symc ops with inferred types (for example
    `func.return`) keep seeing the old type through a `tensor.cast`, so the
    pass never changes a function's signature. It is useful after a rewrite
    has made an operand more static, and for testing type inference.

    Before (generic form, as a rewrite that made `%x` static may leave it):
    ```mlir
    %0 = "symc.add"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
    return %0 : tensor<?xf32>
    ```
    After:
    ```mlir
    %0 = symc.add %x, %y : tensor<4xf32>
    %1 = tensor.cast %0 : tensor<4xf32> to tensor<?xf32>
    return %1 : tensor<?xf32>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numRefined", "refined-results", "Number of results whose type was refined">
  ];
}

#endif // SYMC_PASSES_TD
