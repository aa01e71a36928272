//===- SymcIfElseOps.td - lazy conditional and region terminator -*- tablegen -*-===//
//
// The region ops of symc that branch: `symc.ifelse` (Theano's lazy ifelse)
// and `symc.yield`, the terminator of symc regions. Only the region that the
// condition selects runs, so an ifelse cannot be modelled by `symc.select`:
// the untaken branch may be expensive or may fail at run time (an index out
// of range, a shape mismatch), and neither may happen. The op is as pure as
// its regions (RecursiveMemoryEffects) and implements RegionBranchOpInterface
// so that upstream analyses see through it. It lowers to `scf.if`.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_IFELSE_OPS_TD
#define SYMC_IFELSE_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

/// A rank-0 bool tensor (a branch condition). Buildable, so formats need not
/// spell its type.
def Symc_BoolScalar : 0DTensorOf<[I1]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI1Type())">;

def Symc_YieldOp : Symc_Op<"yield", [Pure, ReturnLike, Terminator]> {
  let summary = "Terminates a region of a symc region op, giving its results.";
  let description = [{
    The values a region of `symc.ifelse` (or another symc region op) produces.
    The parent op checks their number and types. Example:
    ```mlir
    symc.yield %a, %b : tensor<?xf32>, tensor<f64>
    ```
  }];
  let arguments = (ins Variadic<Symc_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
  let hasVerifier = 1;
}

def Symc_IfElseOp : Symc_Op<"ifelse", [RecursiveMemoryEffects,
    NoRegionArguments, SingleBlock,
    DeclareOpInterfaceMethods<RegionBranchOpInterface,
        ["getEntrySuccessorRegions", "getRegionInvocationBounds", "areTypesCompatible"]>]> {
  let summary = "Runs one of two regions depending on a bool scalar (lazy).";
  let description = [{
    Theano's `ifelse(cond, then, else)`: when `condition` is true the `then`
    region runs and its `symc.yield` gives the results, otherwise the `else`
    region does. The region that is not taken is not evaluated at all, so
    any work it holds, or any run-time error it would raise, does not happen.
    Both regions yield one value per result; a yielded type may be more
    static than the result type (a rewrite refined it), never less. The
    regions may use any value defined above them.

    A constant condition folds the op into the taken region
    (canonicalization). Example:
    ```mlir
    %r:2 = symc.ifelse %c -> (tensor<?xf32>, tensor<f64>) {
      %e = symc.exp %x : tensor<?xf32>
      symc.yield %e, %s : tensor<?xf32>, tensor<f64>
    } else {
      symc.yield %x, %t : tensor<?xf32>, tensor<f64>
    }
    ```
  }];
  let arguments = (ins Symc_BoolScalar:$condition);
  let results = (outs Variadic<Symc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$thenRegion, SizedRegion<1>:$elseRegion);
  let assemblyFormat = [{
    $condition (`->` `(` type($results)^ `)`)? $thenRegion `else` $elseRegion attr-dict
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// The terminator of the then (else) region.
    YieldOp thenYield();
    YieldOp elseYield();
  }];
}

#endif // SYMC_IFELSE_OPS_TD
