//===- SymcCanonicalize.td - DRR canonicalization patterns --*- tablegen -*-===//
//
// Pure algebraic identities used by the ops' canonicalizers. Patterns that
// need loops or new attributes are C++ in SymcCanonicalize.cpp.
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

#endif // SYMC_CANONICALIZE_TD
