//===- SymcFusedOps.td - fused elementwise region op ----------*- tablegen -*-===//
//
// `symc.fused_elementwise`: a group of elementwise ops over one iteration
// space as a single op whose region holds the same symc ops on rank-0
// tensors (Theano's Elemwise of a Composite). symc-group-elementwise forms
// it right before lowering, so that the lowering, linalg fusion,
// bufferization and the loop passes handle one op per group instead of one
// per elementwise op; convert-symc-to-linalg turns it into one
// linalg.generic whose payload is the scalar code of the region's ops, with
// the run-time broadcast checks of each of them.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_FUSED_OPS_TD
#define SYMC_FUSED_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

def Symc_FusedElementwiseOp : Symc_Op<"fused_elementwise",
    [Pure, IsolatedFromAbove, SingleBlock]> {
  let summary = "Elementwise ops on rank-0 tensors applied at every position "
                "of broadcast operands.";
  let description = [{
    Applies the region at every position of the result shape, which all
    results share. Block argument `i` is the element of input `i` at that
    position: inputs have the results' rank, and a static size-1 dimension
    under a result dimension that is not a static 1 is broadcast (read at
    index 0); every other input dimension has the result's size. The region
    holds only ops with the SymcElementwise trait on rank-0 tensors and ends
    with a `symc.yield` of one region op result per result, of the result's
    element type. Each region op keeps the location of the op it was fused
    from; the lowering checks, in region order, the sizes each of them would
    have checked (same messages), and that every region op's own broadcast
    sizes (as symc.add's lowering would compute them) are those of the op
    yielding result #0, which the loops run over. Example:
    ```mlir
    %y, %s = symc.fused_elementwise (%x, %c) : (tensor<?xf64>, tensor<1xf64>)
        -> (tensor<?xf64>, tensor<?xf64>) {
    ^bb0(%a: tensor<f64>, %b: tensor<f64>):
      %t = symc.tanh %a : tensor<f64>
      %m = symc.mul %t, %b : tensor<f64>
      %s = symc.sin %a : tensor<f64>
      %y = symc.add %m, %s : tensor<f64>
      symc.yield %y, %s : tensor<f64>, tensor<f64>
    }
    ```
  }];
  let arguments = (ins Variadic<Symc_Tensor>:$inputs);
  let results = (outs Variadic<Symc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `(` $inputs `)` attr-dict `:` functional-type($inputs, $results) $body
  }];
  let hasRegionVerifier = 1;
}

#endif // SYMC_FUSED_OPS_TD
