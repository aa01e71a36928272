//===- SymcOpLists.h - X-macro lists of symc op families -------*- C++ -*-===//
//
// Lists the elementwise op classes by family so that code applying one rule
// to a whole family (type inference, shape reification, lowering tables,
// tests enumerating ops) names each op once. Each macro takes X(OpClass).
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECT_SYMC_IR_SYMCOPLISTS_H
#define SYMC_DIALECT_SYMC_IR_SYMCOPLISTS_H

/// Unary ops on any numeric type whose result has the operand's type.
#define SYMC_NUMERIC_UNARY_OPS(X) X(NegOp) X(AbsOp) X(SignOp) X(SqrOp)

/// Unary float ops whose result has the operand's type.
#define SYMC_FLOAT_UNARY_OPS(X)                                                \
  X(ExpOp) X(Expm1Op) X(LogOp) X(Log1pOp) X(Log2Op) X(Log10Op) X(Log1mexpOp)   \
  X(SqrtOp) X(ReciprocalOp) X(FloorOp) X(CeilOp) X(RoundOp) X(SinOp) X(CosOp)  \
  X(TanOp) X(AsinOp) X(AcosOp) X(AtanOp) X(SinhOp) X(CoshOp) X(TanhOp)         \
  X(AsinhOp) X(AcoshOp) X(AtanhOp) X(ErfOp) X(ErfcOp) X(SigmoidOp)             \
  X(SoftplusOp)

/// Unary ops giving a bool tensor.
#define SYMC_PREDICATE_OPS(X) X(IsNanOp) X(IsInfOp)

/// All unary ops whose result has the operand's type.
#define SYMC_SAME_TYPE_UNARY_OPS(X)                                            \
  SYMC_NUMERIC_UNARY_OPS(X) SYMC_FLOAT_UNARY_OPS(X) X(NotOp)

/// Binary broadcasting ops whose result has the operands' element type.
#define SYMC_ARITH_BINARY_OPS(X)                                               \
  X(AddOp) X(SubOp) X(MulOp) X(DivOp) X(FloorDivOp) X(ModOp) X(PowOp)          \
  X(MaximumOp) X(MinimumOp) X(Atan2Op) X(AndOp) X(OrOp) X(XorOp)               \
  X(BinaryCrossentropyOp) X(TanhGradOp)

/// Binary broadcasting comparisons giving a bool tensor.
#define SYMC_COMPARE_OPS(X) X(EqOp) X(NeOp) X(LtOp) X(LeOp) X(GtOp) X(GeOp)

/// Every op with the SymcElementwise trait.
#define SYMC_ELEMENTWISE_OPS(X)                                                \
  SYMC_SAME_TYPE_UNARY_OPS(X) SYMC_PREDICATE_OPS(X) SYMC_ARITH_BINARY_OPS(X)   \
  SYMC_COMPARE_OPS(X) X(SelectOp) X(ClipOp) X(CastOp)

/// Reductions along an `axes` list.
#define SYMC_REDUCE_OPS(X)                                                     \
  X(ReduceSumOp) X(ReduceProdOp) X(ReduceMaxOp) X(ReduceMinOp)                 \
  X(ReduceMeanOp) X(ReduceAllOp) X(ReduceAnyOp) X(LogsumexpOp)

#endif // SYMC_DIALECT_SYMC_IR_SYMCOPLISTS_H
