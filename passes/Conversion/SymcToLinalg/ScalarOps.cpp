//===- ScalarOps.cpp - NumPy scalar semantics in arith/math ---------------===//
//
// One-element formulas of the symc ops whose NumPy semantics need more than
// one arith/math op (see ScalarOps.h). Nothing here may trap or be undefined
// in LLVM: divisors are made safe before dividing and the special cases are
// selected afterwards, and float-to-int conversions select a defined value
// where LLVM's fptosi would give poison.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/ScalarOps.h"
#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include "llvm/ADT/APFloat.h"

#include <cmath>

using namespace mlir;
using namespace mlir::symc;

namespace {
/// Short spellings for the arith ops the formulas below are made of.
struct Ops {
  OpBuilder &b;
  Location loc;

  Value cst(Type type, double v) { return scalarConstant(b, loc, type, v); }
  Value select(Value c, Value t, Value f) {
    return arith::SelectOp::create(b, loc, c, t, f);
  }
  Value cmpf(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, p, x, y);
  }
  Value cmpi(arith::CmpIPredicate p, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, p, x, y);
  }
  Value andi(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value ori(Value x, Value y) { return arith::OrIOp::create(b, loc, x, y); }
  Value xori(Value x, Value y) { return arith::XOrIOp::create(b, loc, x, y); }
  Value addf(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value subf(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mulf(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value divf(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value addi(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value subi(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value muli(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value negf(Value x) { return arith::NegFOp::create(b, loc, x); }
  Value absf(Value x) { return math::AbsFOp::create(b, loc, x); }
  Value floor(Value x) { return math::FloorOp::create(b, loc, x); }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value log(Value x) { return math::LogOp::create(b, loc, x); }
  Value log1p(Value x) { return math::Log1pOp::create(b, loc, x); }
  Value expm1(Value x) { return math::ExpM1Op::create(b, loc, x); }
  Value copysign(Value x, Value y) {
    return math::CopySignOp::create(b, loc, x, y);
  }
};
} // namespace

static bool isFloat(Value v) { return isa<FloatType>(v.getType()); }

//===----------------------------------------------------------------------===//
// Division
//===----------------------------------------------------------------------===//

/// NumPy's npy_divmod for floats: the Python quotient and remainder built
/// from fmod, with the quotient snapped to the nearest integer.
static std::pair<Value, Value> floatDivMod(Ops &o, Value a, Value b) {
  using P = arith::CmpFPredicate;
  Type t = a.getType();
  Value zero = o.cst(t, 0.0), one = o.cst(t, 1.0);
  Value mod = arith::RemFOp::create(o.b, o.loc, a, b);
  Value div = o.divf(o.subf(a, mod), b);
  // A nonzero remainder whose sign differs from b's moves one step down.
  Value modNonzero = o.cmpf(P::UNE, mod, zero);
  Value signsDiffer = o.xori(o.cmpf(P::OLT, b, zero), o.cmpf(P::OLT, mod, zero));
  Value adjust = o.andi(modNonzero, signsDiffer);
  Value fixedMod = o.select(adjust, o.addf(mod, b),
                            o.select(modNonzero, mod, o.copysign(zero, b)));
  div = o.select(adjust, o.subf(div, one), div);
  Value floorDiv = o.floor(div);
  Value snapUp = o.cmpf(P::OGT, o.subf(div, floorDiv), o.cst(t, 0.5));
  floorDiv = o.select(snapUp, o.addf(floorDiv, one), floorDiv);
  floorDiv = o.select(o.cmpf(P::UNE, div, zero), floorDiv,
                      o.copysign(zero, o.divf(a, b)));
  // b == 0: the quotient is a / b (inf or NaN) and the remainder fmod's NaN.
  Value bIsZero = o.cmpf(P::OEQ, b, zero);
  floorDiv = o.select(bIsZero, o.divf(a, b), floorDiv);
  fixedMod = o.select(bIsZero, mod, fixedMod);
  return {floorDiv, fixedMod};
}

/// Python's integer quotient and remainder with a divisor that can never
/// trap: b == 0 gives (0, 0) and INT_MIN // -1 wraps to INT_MIN.
static std::pair<Value, Value> intDivMod(Ops &o, Value a, Value b,
                                         bool isUnsigned) {
  using P = arith::CmpIPredicate;
  Type t = a.getType();
  Value zero = o.cst(t, 0), one = o.cst(t, 1);
  Value bIsZero = o.cmpi(P::eq, b, zero);
  if (isUnsigned) {
    Value safe = o.select(bIsZero, one, b);
    Value q = arith::DivUIOp::create(o.b, o.loc, a, safe);
    Value r = arith::RemUIOp::create(o.b, o.loc, a, safe);
    return {o.select(bIsZero, zero, q), o.select(bIsZero, zero, r)};
  }
  Value minusOne = o.cst(t, -1);
  Value bIsMinusOne = o.cmpi(P::eq, b, minusOne);
  Value safe = o.select(o.ori(bIsZero, bIsMinusOne), one, b);
  Value q = arith::DivSIOp::create(o.b, o.loc, a, safe);
  Value r = arith::RemSIOp::create(o.b, o.loc, a, safe);
  // Dividing by -1 negates (wrapping); the remainder is then 0 already.
  q = o.select(bIsMinusOne, o.subi(zero, a), q);
  Value adjust = o.andi(o.cmpi(P::ne, r, zero),
                        o.xori(o.cmpi(P::slt, r, zero), o.cmpi(P::slt, b, zero)));
  q = o.select(adjust, o.subi(q, one), q);
  r = o.select(adjust, o.addi(r, b), r);
  return {o.select(bIsZero, zero, q), o.select(bIsZero, zero, r)};
}

Value scalar::floorDiv(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       bool isUnsigned) {
  Ops o{b, loc};
  return isFloat(lhs) ? floatDivMod(o, lhs, rhs).first
                      : intDivMod(o, lhs, rhs, isUnsigned).first;
}

Value scalar::mod(OpBuilder &b, Location loc, Value lhs, Value rhs,
                  bool isUnsigned) {
  Ops o{b, loc};
  return isFloat(lhs) ? floatDivMod(o, lhs, rhs).second
                      : intDivMod(o, lhs, rhs, isUnsigned).second;
}

//===----------------------------------------------------------------------===//
// Powers, extrema, sign, abs
//===----------------------------------------------------------------------===//

Value scalar::pow(OpBuilder &b, Location loc, Value lhs, Value rhs,
                  bool isUnsigned) {
  if (isFloat(lhs))
    return math::PowFOp::create(b, loc, lhs, rhs);
  using P = arith::CmpIPredicate;
  Ops o{b, loc};
  Type t = lhs.getType();
  unsigned width = t.getIntOrFloatBitWidth();
  Value one = o.cst(t, 1), zero = o.cst(t, 0);
  // Square-and-multiply over every bit of the exponent: a fixed trip count
  // without data-dependent exits, so LLVM can unroll and vectorize it.
  auto loop = scf::ForOp::create(
      b, loc, indexConstant(b, loc, 0), indexConstant(b, loc, width),
      indexConstant(b, loc, 1), ValueRange{one, lhs, rhs},
      [&](OpBuilder &nb, Location nl, Value, ValueRange iter) {
        Ops n{nb, nl};
        Value odd = n.cmpi(P::ne, n.andi(iter[2], n.cst(t, 1)), n.cst(t, 0));
        Value result = n.select(odd, n.muli(iter[0], iter[1]), iter[0]);
        Value base = n.muli(iter[1], iter[1]);
        Value exponent = arith::ShRUIOp::create(nb, nl, iter[2], n.cst(t, 1));
        scf::YieldOp::create(nb, nl, ValueRange{result, base, exponent});
      });
  Value positive = loop.getResult(0);
  if (isUnsigned || width == 1)
    return positive;
  // Negative exponents: 1 ** -n = 1, (-1) ** -n = +-1, anything else 0.
  Value odd = o.cmpi(P::ne, o.andi(rhs, one), zero);
  Value minusOne = o.cst(t, -1);
  Value ofMinusOne = o.select(odd, minusOne, one);
  Value negative =
      o.select(o.cmpi(P::eq, lhs, one), one,
               o.select(o.cmpi(P::eq, lhs, minusOne), ofMinusOne, zero));
  return o.select(o.cmpi(P::slt, rhs, zero), negative, positive);
}

Value scalar::maximum(OpBuilder &b, Location loc, Value lhs, Value rhs,
                      bool isUnsigned) {
  if (isFloat(lhs))
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  if (isUnsigned)
    return arith::MaxUIOp::create(b, loc, lhs, rhs);
  return arith::MaxSIOp::create(b, loc, lhs, rhs);
}

Value scalar::minimum(OpBuilder &b, Location loc, Value lhs, Value rhs,
                      bool isUnsigned) {
  if (isFloat(lhs))
    return arith::MinimumFOp::create(b, loc, lhs, rhs);
  if (isUnsigned)
    return arith::MinUIOp::create(b, loc, lhs, rhs);
  return arith::MinSIOp::create(b, loc, lhs, rhs);
}

Value scalar::sign(OpBuilder &b, Location loc, Value x, bool isUnsigned) {
  Ops o{b, loc};
  Type t = x.getType();
  Value zero = o.cst(t, 0), one = o.cst(t, 1);
  if (isFloat(x)) {
    using P = arith::CmpFPredicate;
    Value r = o.select(isNaN(b, loc, x), x, zero);
    r = o.select(o.cmpf(P::OLT, x, zero), o.cst(t, -1), r);
    return o.select(o.cmpf(P::OGT, x, zero), one, r);
  }
  using P = arith::CmpIPredicate;
  if (isUnsigned)
    return o.select(o.cmpi(P::ne, x, zero), one, zero);
  Value r = o.select(o.cmpi(P::slt, x, zero), o.cst(t, -1), zero);
  return o.select(o.cmpi(P::sgt, x, zero), one, r);
}

Value scalar::abs(OpBuilder &b, Location loc, Value x, bool isUnsigned) {
  if (isFloat(x))
    return math::AbsFOp::create(b, loc, x);
  if (isUnsigned)
    return x;
  return math::AbsIOp::create(b, loc, x);
}

Value scalar::isNaN(OpBuilder &b, Location loc, Value x) {
  if (!isFloat(x))
    return scalarConstant(b, loc, b.getI1Type(), 0);
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
}

//===----------------------------------------------------------------------===//
// Casts
//===----------------------------------------------------------------------===//

Value scalar::cast(OpBuilder &b, Location loc, Value x, Type from, Type to) {
  Ops o{b, loc};
  Type target = convertElementType(to);
  bool fromFloat = isa<FloatType>(from), toFloat = isa<FloatType>(to);
  bool fromUnsigned = hasUnsignedSemantics(from);
  if (convertElementType(from) == target)
    return x;
  // To bool: != 0 (NaN is true, as in NumPy).
  if (target.isInteger(1)) {
    if (fromFloat)
      return o.cmpf(arith::CmpFPredicate::UNE, x, o.cst(x.getType(), 0.0));
    return o.cmpi(arith::CmpIPredicate::ne, x, o.cst(x.getType(), 0));
  }
  if (!fromFloat && !toFloat) {
    unsigned fw = from.getIntOrFloatBitWidth(), tw = to.getIntOrFloatBitWidth();
    if (fw < tw)
      return fromUnsigned ? Value(arith::ExtUIOp::create(b, loc, target, x))
                          : Value(arith::ExtSIOp::create(b, loc, target, x));
    if (fw > tw)
      return arith::TruncIOp::create(b, loc, target, x);
    return x;
  }
  if (!fromFloat && toFloat)
    return fromUnsigned ? Value(arith::UIToFPOp::create(b, loc, target, x))
                        : Value(arith::SIToFPOp::create(b, loc, target, x));
  if (fromFloat && toFloat) {
    if (from.getIntOrFloatBitWidth() < to.getIntOrFloatBitWidth())
      return arith::ExtFOp::create(b, loc, target, x);
    return arith::TruncFOp::create(b, loc, target, x);
  }
  // Float to integer: convert to 32 or 64 bits as x86's cvttsd2si does (NaN
  // and out-of-range give INT_MIN, which LLVM's fptosi leaves as poison),
  // then wrap to the target width, which is what NumPy computes here.
  unsigned width = to.getIntOrFloatBitWidth();
  unsigned convWidth = width <= 32 ? 32 : 64;
  Type convType = b.getIntegerType(convWidth);
  double limit = std::ldexp(1.0, convWidth - 1);
  using P = arith::CmpFPredicate;
  Value inRange = o.andi(o.cmpf(P::OGE, x, o.cst(x.getType(), -limit)),
                         o.cmpf(P::OLT, x, o.cst(x.getType(), limit)));
  Value converted = arith::FPToSIOp::create(b, loc, convType, x);
  Value intMin = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(convType, APInt::getSignedMinValue(convWidth)));
  Value r = o.select(inRange, converted, intMin);
  if (width < convWidth)
    r = arith::TruncIOp::create(b, loc, target, r);
  return r;
}

//===----------------------------------------------------------------------===//
// Stable float functions
//===----------------------------------------------------------------------===//

Value scalar::sigmoid(OpBuilder &b, Location loc, Value x) {
  Ops o{b, loc};
  Type t = x.getType();
  Value one = o.cst(t, 1.0);
  Value e = o.exp(o.negf(o.absf(x)));
  Value r = o.divf(one, o.addf(one, e));
  Value nonNegative = o.cmpf(arith::CmpFPredicate::OGE, x, o.cst(t, 0.0));
  return o.select(nonNegative, r, o.mulf(e, r));
}

Value scalar::softplus(OpBuilder &b, Location loc, Value x) {
  Ops o{b, loc};
  Value positivePart =
      arith::MaximumFOp::create(b, loc, x, o.cst(x.getType(), 0.0));
  return o.addf(positivePart, o.log1p(o.exp(o.negf(o.absf(x)))));
}

Value scalar::log1mexp(OpBuilder &b, Location loc, Value x) {
  Ops o{b, loc};
  Type t = x.getType();
  Value nearZero =
      o.cmpf(arith::CmpFPredicate::OGT, x, o.cst(t, -0.6931471805599453));
  Value small = o.log(o.negf(o.expm1(x)));
  Value large = o.log1p(o.negf(o.exp(x)));
  return o.select(nearZero, small, large);
}

//===----------------------------------------------------------------------===//
// Arithmetic by element type
//===----------------------------------------------------------------------===//

Value scalar::add(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs))
    return arith::AddFOp::create(b, loc, lhs, rhs);
  if (lhs.getType().isInteger(1))
    return arith::OrIOp::create(b, loc, lhs, rhs);
  return arith::AddIOp::create(b, loc, lhs, rhs);
}

Value scalar::mul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs))
    return arith::MulFOp::create(b, loc, lhs, rhs);
  if (lhs.getType().isInteger(1))
    return arith::AndIOp::create(b, loc, lhs, rhs);
  return arith::MulIOp::create(b, loc, lhs, rhs);
}

Value scalar::reductionAdd(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs))
    return arith::AddFOp::create(b, loc, lhs, rhs,
                                 arith::FastMathFlags::reassoc);
  return add(b, loc, lhs, rhs);
}

Value scalar::reductionMul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  if (isFloat(lhs))
    return arith::MulFOp::create(b, loc, lhs, rhs,
                                 arith::FastMathFlags::reassoc);
  return mul(b, loc, lhs, rhs);
}
