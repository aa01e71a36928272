//===- SymcShapeOps.td - constants and shape manipulation ----*- tablegen -*-===//
//
// Constants, shapes as values, dimshuffle (Theano's explicit rank change and
// permutation), reshape, broadcast_to (Theano's alloc), concatenate, arange
// and eye. Sizes that flow as values are i64 tensors: a shape is a rank-1
// tensor<Nxi64>, a single size or index is a rank-0 tensor<i64>.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_SHAPE_OPS_TD
#define SYMC_SHAPE_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

def Symc_ConstantOp : Symc_Op<"constant", [Pure, ConstantLike,
    AllTypesMatch<["value", "result"]>]> {
  let summary = "A constant tensor.";
  let description = [{
    ```mlir
    %c = symc.constant dense<[1.0, 2.0]> : tensor<2xf32>
    %s = symc.constant dense<0> : tensor<i64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let builders = [
    OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
      build($_builder, $_state, value.getType(), value);
    }]>
  ];
}

def Symc_ShapeOp : Symc_Op<"shape", [Pure, Symc_InferType, Symc_ReifyShapes]> {
  let summary = "The shape of a tensor as a rank-1 i64 tensor.";
  let description = [{
    Folds to a constant when every size is static. Example:
    ```mlir
    %s = symc.shape %x : tensor<?x3xf32>   // tensor<2xi64>
    ```
  }];
  let arguments = (ins Symc_Tensor:$input);
  let results = (outs Symc_ShapeTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)" # Symc_InferredResult<"ref($input), ref(type($input))">.format;
  let hasFolder = 1;
}

def Symc_DimshuffleOp : Symc_Op<"dimshuffle", [Pure, Symc_InferType,
    Symc_ReifyShapes]> {
  let summary = "Permutes dimensions, inserts size-1 dimensions and drops them.";
  let description = [{
    Theano's `dimshuffle`: result dimension i is input dimension `pattern[i]`,
    or a new size-1 (broadcastable) dimension where the pattern says `x`. An
    input dimension may appear at most once; one that does not appear is
    dropped and must be a static 1. Transposes are dimshuffles. Example:
    ```mlir
    %r = symc.dimshuffle %x [1, x, 0] : tensor<?x3xf32>   // tensor<3x1x?xf32>
    ```
  }];
  let arguments = (ins Symc_Tensor:$input, DenseI64ArrayAttr:$pattern);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input custom<DimshufflePattern>($pattern) attr-dict `:` type($input)
  }] # Symc_InferredResult<"ref($input), ref(type($input))">.format;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// The value of `pattern` that stands for a new size-1 dimension ('x').
    static constexpr int64_t kNewAxis = -1;
    /// True when the op only permutes (no dimension inserted or dropped).
    bool isPermutation();
  }];
}

def Symc_ReshapeOp : Symc_Op<"reshape", [Pure, Symc_ReifyShapes]> {
  let summary = "Reshapes a tensor to a shape given as a value (NumPy order).";
  let description = [{
    `shape` is a rank-1 i64 tensor whose static length is the result rank; one
    entry may be -1 (inferred). The element count must be preserved (checked
    at run time where sizes are dynamic). Static result sizes must agree with
    a constant shape. Example:
    ```mlir
    %r = symc.reshape %x, %s : (tensor<?x?xf32>, tensor<1xi64>) -> tensor<?xf32>
    ```
  }];
  let arguments = (ins Symc_Tensor:$input, Symc_ShapeTensor:$shape);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Symc_BroadcastToOp : Symc_Op<"broadcast_to", [Pure, Symc_ReifyShapes]> {
  let summary = "Broadcasts a tensor to a shape given as a value (Theano's alloc).";
  let description = [{
    The input has the result's rank (the frontend pads it with size-1
    dimensions); its static size-1 dimensions are repeated, the others must
    equal the target size (checked at run time where dynamic). Also used for
    `zeros`, `ones`, `full` and `alloc` with a scalar broadcast to a shape.
    Example:
    ```mlir
    %r = symc.broadcast_to %v, %s : (tensor<1x1xf32>, tensor<2xi64>) -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Symc_Tensor:$input, Symc_ShapeTensor:$shape);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Symc_ConcatenateOp : Symc_Op<"concatenate", [Pure, Symc_InferType,
    Symc_ReifyShapes]> {
  let summary = "Joins tensors of one rank and element type along an axis.";
  let description = [{
    Sizes other than `axis` must agree (checked at run time where dynamic).
    Example:
    ```mlir
    %r = symc.concatenate %a, %b axis = 0 : tensor<?x4xf32>, tensor<2x4xf32>
    ```
  }];
  let arguments = (ins Variadic<Symc_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $inputs `axis` `=` $axis attr-dict `:` type($inputs)
  }] # Symc_InferredResult<"ref($inputs), ref(type($inputs))">.format;
  let hasFolder = 1;
}

def Symc_ArangeOp : Symc_Op<"arange", [Pure, Symc_ReifyShapes,
    AllElementTypesMatch<["start", "stop", "step", "result"]>]> {
  let summary = "Evenly spaced values in [start, stop) (NumPy's arange).";
  let description = [{
    The length is ceil((stop - start) / step), or 0 when negative; a zero step
    is a run-time error. Example:
    ```mlir
    %r = symc.arange %start, %stop, %step : tensor<i64>, tensor<i64>, tensor<i64> -> tensor<?xi64>
    ```
  }];
  let arguments = (ins Symc_Scalar:$start, Symc_Scalar:$stop, Symc_Scalar:$step);
  let results = (outs 1DTensorOf<Symc_NumericElementTypes>:$result);
  let assemblyFormat = [{
    $start `,` $stop `,` $step attr-dict `:` type($start) `,` type($stop) `,`
    type($step) `->` type($result)
  }];
}

def Symc_EyeOp : Symc_Op<"eye", [Pure, Symc_ReifyShapes]> {
  let summary = "A (rows, cols) matrix with ones on diagonal k (NumPy's eye).";
  let description = [{
    ```mlir
    %r = symc.eye %n, %m, %k : tensor<?x?xf64>
    ```
  }];
  let arguments = (ins Symc_IndexScalar:$rows, Symc_IndexScalar:$cols,
                       Symc_IndexScalar:$diagonal);
  let results = (outs 2DTensorOf<Symc_AllElementTypes>:$result);
  let assemblyFormat = [{
    $rows `,` $cols `,` $diagonal attr-dict `:` type($result)
  }];
}

def Symc_CheckOp : Symc_Op<"check", [
    MemoryEffects<[MemWrite<DefaultResource>]>]> {
  let summary = "Fails the current call with a message unless a condition holds.";
  let description = [{
    Produced by the lowering of ops whose operand shapes or index values can
    only be checked at run time. When `condition` is false the function stops
    and reports `message` to its caller (the runtime raises a Python
    `ValueError`; `MemoryError` for a message that starts with "out of
    memory", `AssertionError` for one that starts with "assertion failed");
    `{0}`, `{1}`, ... in the message are replaced by `values`, and `{{` by
    `{`.
    The op's location names the user code that built the failing op.
    `symc-lower-checks` turns it into an early return. Example:
    ```mlir
    symc.check %ok, "symc.add: operand sizes {0} and {1} differ along dimension 0"
        (%m, %n : index, index)
    ```
  }];
  let arguments = (ins I1:$condition, StrAttr:$message,
                       Variadic<AnySignlessIntegerOrIndex>:$values);
  let assemblyFormat = [{
    $condition `,` $message (`(` $values^ `:` type($values) `)`)? attr-dict
  }];
  let hasCanonicalizer = 1;
}

def Symc_AssertOp : Symc_Op<"assert", [
    NoMemoryEffect, AllTypesMatch<["value", "result"]>]> {
  let summary = "Its operand, where every condition holds; else the call fails.";
  let description = [{
    Theano's `Assert` (PyTensor's `CheckAndRaise`): the result is `value`,
    and where one of `conditions` (rank-0 bools) is false the function stops
    and reports `message`: Python sees an `AssertionError`, or a `ValueError`
    with `value_error` (the random draws' parameter checks, as NumPy raises
    them).

    An assert checks something only when its result is used, as in Theano:
    it has no memory effect, so CSE merges equal ones and unused ones are
    erased. It is not speculatable, so no rewrite moves it to where it would
    run where it did not (out of an ifelse branch or a loop that may run no
    step). Conditions that are constant true are dropped, and an assert
    with none left is its operand. convert-symc-to-linalg turns each
    condition into a `symc.check`. Example:
    ```mlir
    %r = symc.assert "p must be in [0, 1]" %p, %ok {value_error}
        : tensor<?xf64>, tensor<i1>
    ```
  }];
  let arguments = (ins Symc_Tensor:$value, StrAttr:$message,
                       Variadic<0DTensorOf<[I1]>>:$conditions,
                       UnitAttr:$value_error);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $message $value (`,` $conditions^)? attr-dict `:` type($value)
    (`,` type($conditions)^)?
  }];
  let hasCanonicalizer = 1;
}

#endif // SYMC_SHAPE_OPS_TD
