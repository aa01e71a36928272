//===- SymcCanonicalize.td - DRR canonicalization patterns --*- tablegen -*-===//
//
// Pure algebraic identities used by the ops' canonicalizers. Patterns that
// need loops, shape reasoning or new attributes are C++ in
// SymcCanonicalize.cpp. Constants sit on the right of commutative ops (the
// Commutative trait's fold moves them there), so the patterns look there.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_CANONICALIZE_TD
#define SYMC_CANONICALIZE_TD

include "mlir/IR/PatternBase.td"
include "dialects/Symc/IR/SymcOps.td"

// x + (-y) => x - y
def AddOfNegRhs : Pat<(Symc_AddOp $x, (Symc_NegOp $y)), (Symc_SubOp $x, $y)>;
// (-x) + y => y - x
def AddOfNegLhs : Pat<(Symc_AddOp (Symc_NegOp $x), $y), (Symc_SubOp $y, $x)>;
// x - (-y) => x + y
def SubOfNeg : Pat<(Symc_SubOp $x, (Symc_NegOp $y)), (Symc_AddOp $x, $y)>;
// (-x) * (-y) => x * y
def MulOfNegs : Pat<(Symc_MulOp (Symc_NegOp $x), (Symc_NegOp $y)),
                    (Symc_MulOp $x, $y)>;

//===----------------------------------------------------------------------===//
// Negations and constants in products and sums
//===----------------------------------------------------------------------===//

def HasOneUse : Constraint<CPred<"$0.hasOneUse()">, "has one use">;
def IsConstant : Constraint<CPred<"::mlir::matchPattern($0, ::mlir::m_Constant())">,
                            "a constant">;
def IsSplatMinusOne : Constraint<CPred<"::mlir::symc::isSplatConstant($0, -1.0)">,
                                 "a splat of -1">;
def SameTypes : Constraint<CPred<"$0.getType() == $1.getType()">, "of one type">;

/// `-c` for a constant `c`, folded to a constant.
def NegatedConstant : NativeCodeCall<"foldedNeg($_builder, $_loc, $0)">;
/// `c1 op c2` for constants, folded to a constant.
def FoldedAdd : NativeCodeCall<"foldedBinary<AddOp>($_builder, $_loc, $0, $1)">;
def FoldedMul : NativeCodeCall<"foldedBinary<MulOp>($_builder, $_loc, $0, $1)">;

// (-x) * c => x * (-c)
def MulOfNegByConstant : Pat<(Symc_MulOp (Symc_NegOp $x), $c),
                             (Symc_MulOp $x, (NegatedConstant $c)),
                             [(IsConstant $c)]>;
// -(x * c) => x * (-c), when nothing else reads x * c
def NegOfMulByConstant : Pat<(Symc_NegOp (Symc_MulOp:$product $x, $c)),
                             (Symc_MulOp $x, (NegatedConstant $c)),
                             [(IsConstant $c), (HasOneUse $product)]>;
// x * -1 => -x, when the -1 does not broadcast x
def MulByMinusOne : Pat<(Symc_MulOp:$product $x, $c), (Symc_NegOp $x),
                        [(IsSplatMinusOne $c), (SameTypes $x, $product)]>;
// x - c => x + (-c), so that constants collect in sums
def SubOfConstant : Pat<(Symc_SubOp $x, $c),
                        (Symc_AddOp $x, (NegatedConstant $c)),
                        [(IsConstant $c)]>;
// (x + c1) + c2 => x + (c1 + c2)
def AddConstants : Pat<(Symc_AddOp (Symc_AddOp:$sum $x, $c1), $c2),
                       (Symc_AddOp $x, (FoldedAdd $c1, $c2)),
                       [(IsConstant $c1), (IsConstant $c2), (HasOneUse $sum)]>;
// (x * c1) * c2 => x * (c1 * c2)
def MulConstants : Pat<(Symc_MulOp (Symc_MulOp:$product $x, $c1), $c2),
                       (Symc_MulOp $x, (FoldedMul $c1, $c2)),
                       [(IsConstant $c1), (IsConstant $c2), (HasOneUse $product)]>;

#endif // SYMC_CANONICALIZE_TD
