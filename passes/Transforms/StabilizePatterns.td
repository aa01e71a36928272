//===- StabilizePatterns.td - DRR identities of symc-stabilize -*- tablegen -*-===//
//
// The pure identities of symc-stabilize: each replaces an expression that
// overflows, underflows or cancels by an equal one computed stably. A
// constant written `$one` is a splat 1 of any (broadcastable) shape; where
// it could broadcast the other operand to a larger shape, the `SameTypes`
// constraint keeps the rewrite from changing the result type. The rewrites
// that look through products, sums and indexing are C++ (Stabilize.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_STABILIZE_PATTERNS_TD
#define SYMC_STABILIZE_PATTERNS_TD

include "mlir/IR/PatternBase.td"
include "dialects/Symc/IR/SymcOps.td"

def IsOne : Constraint<CPred<"::mlir::symc::isSplatConstant($0, 1.0)">,
                       "a splat of 1">;
def IsMinusOne : Constraint<CPred<"::mlir::symc::isSplatConstant($0, -1.0)">,
                            "a splat of -1">;
def IsTwo : Constraint<CPred<"::mlir::symc::isSplatConstant($0, 2.0)">,
                       "a splat of 2">;
def SameTypes : Constraint<CPred<"$0.getType() == $1.getType()">, "of one type">;
def IsAxisOne : Constraint<CPred<"::llvm::cast<::mlir::IntegerAttr>($0).getInt() == 1">,
                           "axis 1">;

//===----------------------------------------------------------------------===//
// log1p, expm1, softplus, log1mexp
//===----------------------------------------------------------------------===//

// log(x + 1) => log1p(x)
def LogOfOnePlus : Pat<(Symc_LogOp:$r (Symc_AddOp $x, $one)), (Symc_Log1pOp $x),
                       [(IsOne $one), (SameTypes $x, $r)]>;
// log(1 + x) => log1p(x)
def LogOfOnePlusLhs : Pat<(Symc_LogOp:$r (Symc_AddOp $one, $x)), (Symc_Log1pOp $x),
                          [(IsOne $one), (SameTypes $x, $r)]>;
// log(1 - x) => log1p(-x)
def LogOfOneMinus : Pat<(Symc_LogOp:$r (Symc_SubOp $one, $x)),
                        (Symc_Log1pOp (Symc_NegOp $x)),
                        [(IsOne $one), (SameTypes $x, $r)]>;
// log1p(exp(x)) => softplus(x)
def Log1pOfExp : Pat<(Symc_Log1pOp (Symc_ExpOp $x)), (Symc_SoftplusOp $x)>;
// exp(x) - 1 => expm1(x)
def ExpMinusOne : Pat<(Symc_SubOp:$r (Symc_ExpOp $x), $one), (Symc_Expm1Op $x),
                      [(IsOne $one), (SameTypes $x, $r)]>;
// exp(x) + (-1) => expm1(x)
def ExpPlusMinusOne : Pat<(Symc_AddOp:$r (Symc_ExpOp $x), $m), (Symc_Expm1Op $x),
                          [(IsMinusOne $m), (SameTypes $x, $r)]>;
// (-1) + exp(x) => expm1(x)
def MinusOnePlusExp : Pat<(Symc_AddOp:$r $m, (Symc_ExpOp $x)), (Symc_Expm1Op $x),
                          [(IsMinusOne $m), (SameTypes $x, $r)]>;
// 1 - exp(x) => -expm1(x)
def OneMinusExp : Pat<(Symc_SubOp:$r $one, (Symc_ExpOp $x)),
                      (Symc_NegOp (Symc_Expm1Op $x)),
                      [(IsOne $one), (SameTypes $x, $r)]>;
// log1p(-exp(x)) => log1mexp(x)
def Log1pOfNegExp : Pat<(Symc_Log1pOp (Symc_NegOp (Symc_ExpOp $x))),
                        (Symc_Log1mexpOp $x)>;
// log(-expm1(x)) => log1mexp(x)
def LogOfNegExpm1 : Pat<(Symc_LogOp (Symc_NegOp (Symc_Expm1Op $x))),
                        (Symc_Log1mexpOp $x)>;

//===----------------------------------------------------------------------===//
// sigmoid
//===----------------------------------------------------------------------===//

// log(sigmoid(x)) => -softplus(-x)
def LogOfSigmoid : Pat<(Symc_LogOp (Symc_SigmoidOp $x)),
                       (Symc_NegOp (Symc_SoftplusOp (Symc_NegOp $x)))>;
// log1p(-sigmoid(x)) => -softplus(x)
def Log1pOfNegSigmoid : Pat<(Symc_Log1pOp (Symc_NegOp (Symc_SigmoidOp $x))),
                            (Symc_NegOp (Symc_SoftplusOp $x))>;
// 1 - sigmoid(x) => sigmoid(-x)
def OneMinusSigmoid : Pat<(Symc_SubOp:$r $one, (Symc_SigmoidOp $x)),
                          (Symc_SigmoidOp (Symc_NegOp $x)),
                          [(IsOne $one), (SameTypes $x, $r)]>;
// y - y * sigmoid(x) => y * sigmoid(-x) (y * (1 - sigmoid(x)), as in the
// gradient of exp(x) / (1 + exp(x)))
def MinusTimesSigmoid : Pat<(Symc_SubOp $y, (Symc_MulOp $y, (Symc_SigmoidOp $x))),
                            (Symc_MulOp $y, (Symc_SigmoidOp (Symc_NegOp $x)))>;
// y - sigmoid(x) * y => y * sigmoid(-x)
def MinusSigmoidTimes : Pat<(Symc_SubOp $y, (Symc_MulOp (Symc_SigmoidOp $x), $y)),
                            (Symc_MulOp $y, (Symc_SigmoidOp (Symc_NegOp $x)))>;
/// A splat 1 with the rank and element type of the operand.
def OnesLike : NativeCodeCall<"onesLike($_builder, $_loc, $0)">;

// binary_crossentropy(sigmoid(x), t) => t * softplus(-x) + (1 - t) * softplus(x)
// (-log(sigmoid(x)) = softplus(-x), -log(1 - sigmoid(x)) = softplus(x); the
// shorter softplus(x) - t * x cancels for t = 1 and large x)
def BinaryCrossentropyOfSigmoid
    : Pat<(Symc_BinaryCrossentropyOp (Symc_SigmoidOp $x), $t),
          (Symc_AddOp (Symc_MulOp $t, (Symc_SoftplusOp (Symc_NegOp $x))),
                      (Symc_MulOp (Symc_SubOp (OnesLike $t), $t), (Symc_SoftplusOp $x)))>;

//===----------------------------------------------------------------------===//
// softmax, logsumexp, crossentropy
//===----------------------------------------------------------------------===//

// log(softmax(x)) => log_softmax(x)
def LogOfSoftmax : Pat<(Symc_LogOp (Symc_SoftmaxOp $x, $axis)),
                       (Symc_LogSoftmaxOp $x, $axis)>;
// log(sum(exp(x))) => logsumexp(x)
def LogOfSumOfExp : Pat<(Symc_LogOp (Symc_ReduceSumOp (Symc_ExpOp $x), $axes, $keepdims)),
                        (Symc_LogsumexpOp $x, $axes, $keepdims)>;
// categorical_crossentropy(softmax(x), t) => crossentropy_softmax(x, t)
def CrossentropyOfSoftmax
    : Pat<(Symc_CategoricalCrossentropyOp (Symc_SoftmaxOp $x, $axis), $t),
          (Symc_CrossentropySoftmaxOp $x, $t), [(IsAxisOne $axis)]>;

//===----------------------------------------------------------------------===//
// abs
//===----------------------------------------------------------------------===//

// sqrt(sqr(x)) => abs(x)
def SqrtOfSqr : Pat<(Symc_SqrtOp (Symc_SqrOp $x)), (Symc_AbsOp $x)>;
// sqrt(x * x) => abs(x)
def SqrtOfSquare : Pat<(Symc_SqrtOp (Symc_MulOp $x, $x)), (Symc_AbsOp $x)>;
// sqrt(x ** 2) => abs(x)
def SqrtOfPowTwo : Pat<(Symc_SqrtOp:$r (Symc_PowOp $x, $two)), (Symc_AbsOp $x),
                       [(IsTwo $two), (SameTypes $x, $r)]>;

#endif // SYMC_STABILIZE_PATTERNS_TD
