//===- SymcReductionOps.td - reductions ----------------------*- tablegen -*-===//
//
// Reductions along a list of axes, with NumPy's keepdims. The axes attribute
// is sorted and duplicate-free with every axis in [0, rank); the frontend
// normalizes negative and `None` axes before emitting.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_REDUCTION_OPS_TD
#define SYMC_REDUCTION_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

class Symc_ReduceDocOp<string mnemonic, Type type, string what,
                       list<Trait> traits = []>
    : Symc_ReduceOp<mnemonic, type, traits> {
  let summary = "Reduces with " # what # " along `axes`.";
  let description = !strconcat("Reduces the listed axes with ", what,
      ". The result drops each reduced axis, or keeps it as a size-1 dimension",
      " with `keepdims`. Example:\n```mlir\n%r = symc.", mnemonic,
      " %x axes = [1] : tensor<?x?xf32>   // tensor<?xf32>\n```");
}

def Symc_ReduceSumOp : Symc_ReduceDocOp<"reduce_sum", Symc_NumericTensor,
    "the sum (0 over an empty axis)">;
def Symc_ReduceProdOp : Symc_ReduceDocOp<"reduce_prod", Symc_NumericTensor,
    "the product (1 over an empty axis)">;
def Symc_ReduceMaxOp : Symc_ReduceDocOp<"reduce_max", Symc_NumericTensor,
    "the maximum, propagating NaN (an empty axis is a run-time error)">;
def Symc_ReduceMinOp : Symc_ReduceDocOp<"reduce_min", Symc_NumericTensor,
    "the minimum, propagating NaN (an empty axis is a run-time error)">;
def Symc_ReduceMeanOp : Symc_ReduceDocOp<"reduce_mean", Symc_FloatTensor,
    "the arithmetic mean (NaN over an empty axis)">;
def Symc_ReduceAllOp : Symc_ReduceDocOp<"reduce_all", Symc_BoolTensor,
    "logical and (true over an empty axis)">;
def Symc_ReduceAnyOp : Symc_ReduceDocOp<"reduce_any", Symc_BoolTensor,
    "logical or (false over an empty axis)">;
def Symc_LogsumexpOp : Symc_ReduceDocOp<"logsumexp", Symc_FloatTensor,
    "log(sum(exp(x))), computed as m + log(sum(exp(x - m))) with m the maximum">;

class Symc_ArgReduceOp<string mnemonic, string what>
    : Symc_Op<mnemonic, [Pure, Symc_InferType, Symc_ReifyShapes]> {
  let summary = "Index of the " # what # " along one axis (i64).";
  let description = !strconcat("The first index of the ", what,
      " along `axis` (NaN counts as the extreme, as in NumPy). The frontend",
      " flattens the input for `axis=None`. Example:\n```mlir\n%i = symc.",
      mnemonic, " %x axis = 1 : tensor<?x?xf32>   // tensor<?xi64>\n```");
  let arguments = (ins Symc_NumericTensor:$input, I64Attr:$axis,
                       UnitAttr:$keepdims);
  let results = (outs Symc_IndexTensor:$result);
  let assemblyFormat = [{
    $input `axis` `=` $axis (`keepdims` $keepdims^)? attr-dict `:` type($input)
  }] # Symc_InferredResult<"ref($input), ref(type($input))">.format;
}

def Symc_ArgmaxOp : Symc_ArgReduceOp<"argmax", "maximum">;
def Symc_ArgminOp : Symc_ArgReduceOp<"argmin", "minimum">;

#endif // SYMC_REDUCTION_OPS_TD
