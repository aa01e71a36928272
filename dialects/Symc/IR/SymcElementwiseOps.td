//===- SymcElementwiseOps.td - elementwise ops ------------*- tablegen -*-===//
//
// Unary, binary and ternary elementwise ops, casts and comparisons. Binary
// and ternary ops broadcast along static size-1 dimensions only; their result
// type is inferred from the operand types (SymcOps.cpp, inferBroadcastShape).
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_ELEMENTWISE_OPS_TD
#define SYMC_ELEMENTWISE_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

//===----------------------------------------------------------------------===//
// Unary arithmetic on any numeric type
//===----------------------------------------------------------------------===//

def Symc_NegOp : Symc_UnaryOp<"neg", Symc_NumericTensor> {
  let summary = "Elementwise negation, -x.";
  let description = [{
    Integers wrap around as in NumPy. Example:
    ```mlir
    %r = symc.neg %x : tensor<?xf32>
    ```
  }];
}
def Symc_AbsOp : Symc_UnaryOp<"abs", Symc_NumericTensor> {
  let summary = "Elementwise absolute value, |x|.";
  let description = [{
    `abs` of the most negative integer wraps around (NumPy). Example:
    ```mlir
    %r = symc.abs %x : tensor<4xi32>
    ```
  }];
}
def Symc_SignOp : Symc_UnaryOp<"sign", Symc_NumericTensor> {
  let summary = "Elementwise sign: -1, 0 or 1 (NaN stays NaN).";
  let description = [{
    ```mlir
    %r = symc.sign %x : tensor<?xf64>
    ```
  }];
}
def Symc_SqrOp : Symc_UnaryOp<"sqr", Symc_NumericTensor> {
  let summary = "Elementwise square, x*x.";
  let description = [{
    Produced by `symc-specialize` from `pow(x, 2)`. Example:
    ```mlir
    %r = symc.sqr %x : tensor<?x?xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Unary float math
//===----------------------------------------------------------------------===//

class Symc_FloatUnaryOp<string mnemonic, string formula>
    : Symc_UnaryOp<mnemonic, Symc_FloatTensor> {
  let summary = "Elementwise " # formula # " of a float tensor.";
  let description = !strconcat("Computes ", formula,
      " at every position (f32 or f64). Example:\n```mlir\n%r = symc.",
      mnemonic, " %x : tensor<?xf64>\n```");
}

def Symc_ExpOp : Symc_FloatUnaryOp<"exp", "exp(x)">;
def Symc_Expm1Op : Symc_FloatUnaryOp<"expm1", "exp(x) - 1, accurate near 0">;
def Symc_LogOp : Symc_FloatUnaryOp<"log", "the natural logarithm log(x)">;
def Symc_Log1pOp : Symc_FloatUnaryOp<"log1p", "log(1 + x), accurate near 0">;
def Symc_Log2Op : Symc_FloatUnaryOp<"log2", "log2(x)">;
def Symc_Log10Op : Symc_FloatUnaryOp<"log10", "log10(x)">;
def Symc_Log1mexpOp : Symc_FloatUnaryOp<"log1mexp",
    "log(1 - exp(x)) for x <= 0, computed stably">;
def Symc_SqrtOp : Symc_FloatUnaryOp<"sqrt", "sqrt(x)">;
def Symc_ReciprocalOp : Symc_FloatUnaryOp<"reciprocal", "1 / x">;
def Symc_FloorOp : Symc_FloatUnaryOp<"floor", "floor(x)">;
def Symc_CeilOp : Symc_FloatUnaryOp<"ceil", "ceil(x)">;
def Symc_RoundOp : Symc_FloatUnaryOp<"round",
    "round half to even (NumPy's round)">;
def Symc_SinOp : Symc_FloatUnaryOp<"sin", "sin(x)">;
def Symc_CosOp : Symc_FloatUnaryOp<"cos", "cos(x)">;
def Symc_TanOp : Symc_FloatUnaryOp<"tan", "tan(x)">;
def Symc_AsinOp : Symc_FloatUnaryOp<"asin", "arcsin(x)">;
def Symc_AcosOp : Symc_FloatUnaryOp<"acos", "arccos(x)">;
def Symc_AtanOp : Symc_FloatUnaryOp<"atan", "arctan(x)">;
def Symc_SinhOp : Symc_FloatUnaryOp<"sinh", "sinh(x)">;
def Symc_CoshOp : Symc_FloatUnaryOp<"cosh", "cosh(x)">;
def Symc_TanhOp : Symc_FloatUnaryOp<"tanh", "tanh(x)">;
def Symc_AsinhOp : Symc_FloatUnaryOp<"asinh", "arcsinh(x)">;
def Symc_AcoshOp : Symc_FloatUnaryOp<"acosh", "arccosh(x)">;
def Symc_AtanhOp : Symc_FloatUnaryOp<"atanh", "arctanh(x)">;
def Symc_ErfOp : Symc_FloatUnaryOp<"erf", "the error function erf(x)">;
def Symc_ErfcOp : Symc_FloatUnaryOp<"erfc", "1 - erf(x), accurate for large x">;
def Symc_SigmoidOp : Symc_FloatUnaryOp<"sigmoid",
    "the logistic function 1 / (1 + exp(-x)), without overflow">;
def Symc_SoftplusOp : Symc_FloatUnaryOp<"softplus",
    "log(1 + exp(x)), without overflow or cancellation">;

//===----------------------------------------------------------------------===//
// Unary predicates and bitwise not
//===----------------------------------------------------------------------===//

def Symc_IsNanOp : Symc_UnaryPredicateOp<"isnan", Symc_NumericTensor> {
  let summary = "Elementwise isnan(x): a bool tensor (always false for integers).";
  let description = [{
    ```mlir
    %r = symc.isnan %x : tensor<?xf32>   // tensor<?xi1>
    ```
  }];
}
def Symc_IsInfOp : Symc_UnaryPredicateOp<"isinf", Symc_NumericTensor> {
  let summary = "Elementwise isinf(x): a bool tensor (always false for integers).";
  let description = [{
    ```mlir
    %r = symc.isinf %x : tensor<?xf32>   // tensor<?xi1>
    ```
  }];
}
def Symc_NotOp : Symc_UnaryOp<"not", Symc_IntOrBoolTensor> {
  let summary = "Elementwise logical not of bools, bitwise not of integers (~x).";
  let description = [{
    ```mlir
    %r = symc.not %m : tensor<?xi1>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Binary arithmetic
//===----------------------------------------------------------------------===//

class Symc_ArithBinaryOp<string mnemonic, Type type, string formula,
                         list<Trait> traits = []>
    : Symc_BinaryOp<mnemonic, type, traits> {
  let summary = "Elementwise " # formula # " with static size-1 broadcasting.";
  let description = !strconcat("Computes ", formula,
      ". Operands have equal rank and one element type; a dimension broadcasts",
      " only where it is a static 1. Example:\n```mlir\n%r = symc.", mnemonic,
      " %a, %b : tensor<?x4xf32>, tensor<1x4xf32>   // tensor<?x4xf32>\n```");
}

def Symc_AddOp : Symc_ArithBinaryOp<"add", Symc_NumericTensor, "a + b",
                                    [Commutative]> {
  let hasCanonicalizer = 1;
}
def Symc_SubOp : Symc_ArithBinaryOp<"sub", Symc_NumericTensor, "a - b"> {
  let hasCanonicalizer = 1;
}
def Symc_MulOp : Symc_ArithBinaryOp<"mul", Symc_NumericTensor, "a * b",
                                    [Commutative]> {
  let hasCanonicalizer = 1;
}
def Symc_DivOp : Symc_ArithBinaryOp<"div", Symc_FloatTensor,
    "true division a / b (float only: the frontend casts integers first)">;
def Symc_FloorDivOp : Symc_ArithBinaryOp<"floordiv", Symc_NumericTensor,
    "floor division a // b (Python semantics; integer division by 0 gives 0)">;
def Symc_ModOp : Symc_ArithBinaryOp<"mod", Symc_NumericTensor,
    "a % b with the sign of b (Python semantics; integer modulo by 0 gives 0)">;
def Symc_PowOp : Symc_ArithBinaryOp<"pow", Symc_NumericTensor,
    "a ** b (integers: exact, negative exponents give 0 except for |a| = 1)">;
def Symc_MaximumOp : Symc_ArithBinaryOp<"maximum", Symc_NumericTensor,
    "max(a, b), propagating NaN", [Commutative]>;
def Symc_MinimumOp : Symc_ArithBinaryOp<"minimum", Symc_NumericTensor,
    "min(a, b), propagating NaN", [Commutative]>;
def Symc_Atan2Op : Symc_ArithBinaryOp<"atan2", Symc_FloatTensor, "atan2(a, b)">;
def Symc_AndOp : Symc_ArithBinaryOp<"and", Symc_IntOrBoolTensor,
    "logical/bitwise a & b", [Commutative]>;
def Symc_OrOp : Symc_ArithBinaryOp<"or", Symc_IntOrBoolTensor,
    "logical/bitwise a | b", [Commutative]>;
def Symc_XorOp : Symc_ArithBinaryOp<"xor", Symc_IntOrBoolTensor,
    "logical/bitwise a ^ b", [Commutative]>;
def Symc_BinaryCrossentropyOp : Symc_ArithBinaryOp<"binary_crossentropy",
    Symc_FloatTensor,
    "-(t * log(p) + (1 - t) * log(1 - p)) for p = lhs (a probability) and t = rhs">;
// The derivative of tanh from its output, as one op (TensorFlow's TanhGrad):
// symc.grad emits it for every tanh, so a deep net's backward pass carries one
// op where `g * (1 - sqr(y))` carried three, which every compile stage sees.
def Symc_TanhGradOp : Symc_ArithBinaryOp<"tanh_grad", Symc_FloatTensor,
    "g * (1 - y * y) for y = lhs (an output of tanh) and g = rhs (the gradient flowing into it)">;

//===----------------------------------------------------------------------===//
// Comparisons
//===----------------------------------------------------------------------===//

class Symc_CmpOp<string mnemonic, string formula, list<Trait> traits = []>
    : Symc_CompareOp<mnemonic, traits> {
  let summary = "Elementwise comparison " # formula # ", giving a bool tensor.";
  let description = !strconcat("Compares ", formula,
      " with static size-1 broadcasting; comparisons with NaN are false except",
      " `ne`. Example:\n```mlir\n%m = symc.", mnemonic,
      " %a, %b : tensor<?xf32>   // tensor<?xi1>\n```");
}

def Symc_EqOp : Symc_CmpOp<"eq", "a == b", [Commutative]>;
def Symc_NeOp : Symc_CmpOp<"ne", "a != b", [Commutative]>;
def Symc_LtOp : Symc_CmpOp<"lt", "a < b">;
def Symc_LeOp : Symc_CmpOp<"le", "a <= b">;
def Symc_GtOp : Symc_CmpOp<"gt", "a > b">;
def Symc_GeOp : Symc_CmpOp<"ge", "a >= b">;

//===----------------------------------------------------------------------===//
// Ternary ops and casts
//===----------------------------------------------------------------------===//

def Symc_SelectOp : Symc_Op<"select", [Pure, Symc_ElementwiseTrait,
    Symc_InferType, Symc_ReifyShapes,
    AllElementTypesMatch<["on_true", "on_false"]>]> {
  let summary = "Elementwise choice: cond ? on_true : on_false (Theano's switch).";
  let description = [{
    All three operands broadcast together. Example:
    ```mlir
    %r = symc.select %c, %a, %b : tensor<?xi1>, tensor<?xf32>, tensor<1xf32>
    ```
  }];
  let arguments = (ins Symc_BoolTensor:$condition, Symc_Tensor:$on_true,
                       Symc_Tensor:$on_false);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:`
    custom<BroadcastTypes>(type($condition), type($on_true), type($on_false))
  }] # Symc_InferredResult<"ref($condition), ref(type($condition)), ref($on_true), ref(type($on_true)), ref($on_false), ref(type($on_false))">.format;
  let hasFolder = 1;
}

def Symc_ClipOp : Symc_Op<"clip", [Pure, Symc_ElementwiseTrait,
    Symc_InferType, Symc_ReifyShapes,
    AllElementTypesMatch<["input", "low", "high"]>]> {
  let summary = "Elementwise clip(x, low, high) = minimum(maximum(x, low), high).";
  let description = [{
    ```mlir
    %r = symc.clip %x, %lo, %hi : tensor<?xf32>, tensor<1xf32>, tensor<1xf32>
    ```
  }];
  let arguments = (ins Symc_NumericTensor:$input, Symc_NumericTensor:$low,
                       Symc_NumericTensor:$high);
  let results = (outs Symc_NumericTensor:$result);
  let assemblyFormat = [{
    $input `,` $low `,` $high attr-dict `:`
    custom<BroadcastTypes>(type($input), type($low), type($high))
  }] # Symc_InferredResult<"ref($input), ref(type($input)), ref($low), ref(type($low)), ref($high), ref(type($high))">.format;
  let hasFolder = 1;
}

def Symc_CastOp : Symc_Op<"cast", [Pure, Symc_ElementwiseTrait, Symc_ReifyShapes]> {
  let summary = "Elementwise conversion to another element type (NumPy's astype).";
  let description = [{
    Shapes must agree exactly. Float to integer truncates toward zero; to bool
    means `!= 0`; NaN and out-of-range floats converted to integers give an
    unspecified value, as in NumPy. Example:
    ```mlir
    %r = symc.cast %x : tensor<?xi32> to tensor<?xf64>
    ```
  }];
  let arguments = (ins Symc_Tensor:$input);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // SYMC_ELEMENTWISE_OPS_TD
