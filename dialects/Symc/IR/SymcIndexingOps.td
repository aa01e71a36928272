//===- SymcIndexingOps.td - basic and advanced indexing ------*- tablegen -*-===//
//
// NumPy's basic indexing (integers and slices, Python semantics: negative
// indices count from the end, slice bounds clamp) and integer-array
// ("advanced") indexing, each with set/increment variants that return a new
// tensor. Index values that are not constants are rank-0 i64 operands.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_INDEXING_OPS_TD
#define SYMC_INDEXING_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

class Symc_BasicIndexingOp<string mnemonic, list<Trait> traits = []>
    : Symc_Op<mnemonic, !listconcat(traits, [Pure, Symc_ReifyShapes])> {
  code extraIndexingDecls = [{
    /// `static_indices` holds one value per integer entry and three (start,
    /// stop, step) per slice entry; these mark an omitted slice bound and a
    /// value taken from the next `dynamic_indices` operand.
    static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();
    static constexpr int64_t kDynamic = std::numeric_limits<int64_t>::min() + 1;
    /// The entries decoded: one per indexed dimension, in order.
    ::llvm::SmallVector<::mlir::symc::IndexEntry> getEntries();
  }];
}

def Symc_SubtensorOp : Symc_BasicIndexingOp<"subtensor", [Symc_InferType]> {
  let summary = "Basic indexing x[i, a:b:c, ...] with Python semantics.";
  let description = [{
    Each entry of the index list indexes one leading dimension: an integer
    removes the dimension (negative counts from the end; out of range is an
    error, at run time where it cannot be seen statically), a slice
    `start:stop:step` keeps it with Python's clamping. Dimensions after the
    last entry are kept whole. Bounds are constants or rank-0 i64 operands.
    With the views pass the result aliases the input. Example:
    ```mlir
    %r = symc.subtensor %x[%i, 1:, ::-1] : tensor<?x?x?xf32>   // tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Symc_Tensor:$input,
                       Variadic<Symc_IndexScalar>:$dynamic_indices,
                       DenseBoolArrayAttr:$slice_entries,
                       DenseI64ArrayAttr:$static_indices);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input `` custom<IndexList>($dynamic_indices, $slice_entries, $static_indices)
    attr-dict `:` type($input)
  }] # Symc_InferredResult<"ref($input), ref(type($input)), ref($dynamic_indices), \"::mlir::symc::IndexScalarTypes{}\"">.format;
  let hasVerifier = 1;
  let hasFolder = 1;
  let extraClassDeclaration = extraIndexingDecls;
}

class Symc_SubtensorUpdateOp<string mnemonic, string what>
    : Symc_BasicIndexingOp<mnemonic, [AllTypesMatch<["input", "result"]>]> {
  let summary = "A copy of x with x[index] " # what # " v.";
  let description = !strconcat("Returns the input with the basic-indexed part ",
      what, " `value`. `value` has the rank of the indexed part and broadcasts ",
      "along its static size-1 dimensions. Example:\n```mlir\n%r = symc.",
      mnemonic, " %x[1:3], %v : tensor<?xf32>, tensor<2xf32>\n```");
  let arguments = (ins Symc_Tensor:$input,
                       Variadic<Symc_IndexScalar>:$dynamic_indices,
                       DenseBoolArrayAttr:$slice_entries,
                       DenseI64ArrayAttr:$static_indices, Symc_Tensor:$value);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input `` custom<IndexList>($dynamic_indices, $slice_entries, $static_indices)
    `,` $value attr-dict `:` type($input) `,` type($value)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = extraIndexingDecls;
}

def Symc_SetSubtensorOp : Symc_SubtensorUpdateOp<"set_subtensor", "replaced by">;
def Symc_IncSubtensorOp : Symc_SubtensorUpdateOp<"inc_subtensor", "incremented by">;

//===----------------------------------------------------------------------===//
// Advanced (integer-array) indexing
//===----------------------------------------------------------------------===//

def Symc_AdvancedSubtensorOp : Symc_Op<"advanced_subtensor", [Pure,
    Symc_InferType, Symc_ReifyShapes]> {
  let summary = "Integer-array indexing x[i, :, j] with NumPy semantics.";
  let description = [{
    `positions` lists, sorted, the dimensions indexed by the i64 arrays
    `indices`; the other dimensions are taken whole. The index arrays broadcast
    together (static size-1 rule). As in NumPy, the broadcast index dimensions
    replace the indexed dimensions in place when `positions` are adjacent, and
    go first otherwise. Negative indices count from the end; an out-of-range
    index is a run-time error. Example:
    ```mlir
    %r = symc.advanced_subtensor %x[:, %i] : tensor<?x?xf32>, tensor<?xi64>
    ```
  }];
  let arguments = (ins Symc_Tensor:$input, Variadic<Symc_IndexTensor>:$indices,
                       DenseI64ArrayAttr:$positions);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input `` custom<AdvancedIndexList>($indices, $positions) attr-dict `:`
    type($input) `,` type($indices)
  }] # Symc_InferredResult<"ref($input), ref(type($input)), ref($indices), ref(type($indices))">.format;
}

class Symc_AdvancedUpdateOp<string mnemonic, string what, string extra>
    : Symc_Op<mnemonic, [Pure, Symc_ReifyShapes,
        AllTypesMatch<["input", "result"]>]> {
  let summary = "A copy of x with x[index arrays] " # what # " v.";
  let description = !strconcat("Returns the input with the array-indexed part ",
      what, " `value`, which broadcasts to the shape of the matching ",
      "`symc.advanced_subtensor`. ", extra, " Example:\n```mlir\n%r = symc.",
      mnemonic, " %x[%i], %v : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64>\n```");
  let arguments = (ins Symc_Tensor:$input, Variadic<Symc_IndexTensor>:$indices,
                       DenseI64ArrayAttr:$positions, Symc_Tensor:$value);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input `` custom<AdvancedIndexList>($indices, $positions) `,` $value attr-dict
    `:` type($input) `,` type($value) `,` type($indices)
  }];
  let hasVerifier = 1;
}

def Symc_AdvancedSetSubtensorOp : Symc_AdvancedUpdateOp<"advanced_set_subtensor",
    "replaced by", "With repeated indices one of the writes wins.">;
def Symc_AdvancedIncSubtensorOp : Symc_AdvancedUpdateOp<"advanced_inc_subtensor",
    "incremented by", "Repeated indices accumulate (NumPy's add.at).">;

#endif // SYMC_INDEXING_OPS_TD
