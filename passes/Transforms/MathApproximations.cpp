//===- MathApproximations.cpp - branch-free exp/log/tanh in arith ---------===//
//
// Implements symc-approximate-math: exp, expm1, log, log1p and tanh on f32
// and f64 (scalars or vectors) become straight-line arith/math code (fma,
// integer ops on the float's bits, compares and selects, one or two
// divisions), with no calls and no branches. In a loop LLVM's vectorizer
// turns that into SIMD code of the full vector width, so the math costs a
// few cycles per element instead of a libmvec call (which cost ~2 ns per
// f64 element on B1, more than the memory traffic of the loop). Special
// inputs (0, negative, +-inf, NaN, subnormal inputs and results, overflow)
// are handled by selects at the end. The constructions are the classic ones
// (Cody-Waite range reduction and Taylor polynomials for exp/expm1,
// fdlibm's log/log1p), each accurate to about 1 ULP; the error measured over
// the whole domain is in passes/MathAccuracy.md.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <limits>

namespace mlir::symc {
#define GEN_PASS_DEF_APPROXIMATEMATHPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Arithmetic on values of one float type (a scalar or a vector of f32/f64)
/// and on the integer type of the same shape that holds their bits.
class Emitter {
public:
  Emitter(ImplicitLocOpBuilder &b, Type type)
      : b(b), type(type), elem(cast<FloatType>(getElementTypeOrSelf(type))) {
    bits = elem.getWidth();
    mantissaBits = elem.getFPMantissaWidth() - 1;
    bias = (1 << (bits - mantissaBits - 2)) - 1;
    auto intElem = b.getIntegerType(bits);
    intType = isa<VectorType>(type)
                  ? Type(cast<VectorType>(type).clone(intElem))
                  : Type(intElem);
  }

  bool isF64() const { return bits == 64; }
  unsigned mantissa() const { return mantissaBits; }
  int64_t exponentBias() const { return bias; }

  Value f(double c) {
    Attribute attr = b.getFloatAttr(elem, c);
    if (auto vec = dyn_cast<VectorType>(type))
      attr = DenseElementsAttr::get(vec, attr);
    return arith::ConstantOp::create(b, cast<TypedAttr>(attr));
  }
  Value i(int64_t c) {
    Attribute attr = b.getIntegerAttr(getElementTypeOrSelf(intType), c);
    if (auto vec = dyn_cast<VectorType>(intType))
      attr = DenseElementsAttr::get(vec, attr);
    return arith::ConstantOp::create(b, cast<TypedAttr>(attr));
  }

  Value add(Value x, Value y) { return arith::AddFOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, x, y); }
  Value fma(Value x, Value y, Value z) { return math::FmaOp::create(b, x, y, z); }
  Value abs(Value x) { return math::AbsFOp::create(b, x); }
  Value copysign(Value x, Value y) { return math::CopySignOp::create(b, x, y); }
  Value cmp(arith::CmpFPredicate p, Value x, Value y) {
    return arith::CmpFOp::create(b, p, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, c, x, y);
  }
  /// Replaces x by `to` where x `p` `limit` holds; NaN never compares, so it
  /// passes through.
  Value clamp(Value x, arith::CmpFPredicate p, double limit, double to) {
    return select(cmp(p, x, f(limit)), f(to), x);
  }

  Value toBits(Value x) { return arith::BitcastOp::create(b, intType, x); }
  Value fromBits(Value x) { return arith::BitcastOp::create(b, type, x); }
  Value addi(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value subi(Value x, Value y) { return arith::SubIOp::create(b, x, y); }
  Value andi(Value x, Value y) { return arith::AndIOp::create(b, x, y); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, x, y); }
  Value shru(Value x, Value y) { return arith::ShRUIOp::create(b, x, y); }

  /// Estrin's scheme for c[0] x^n + ... + c[n] (c[0] the highest coefficient):
  /// pairs c[i] x + c[i+1] combined with x^2, then x^4, ...: a dependency
  /// chain of about log2(n) fmas instead of n, which is what limits a loop
  /// of these (the out-of-order window holds less than two iterations).
  Value estrin(Value x, ArrayRef<double> c) {
    // Lowest coefficient first.
    SmallVector<Value> terms;
    SmallVector<double> low(c.rbegin(), c.rend());
    for (size_t i = 0; i < low.size(); i += 2)
      terms.push_back(i + 1 < low.size()
                          ? fma(f(low[i + 1]), x, f(low[i]))
                          : f(low[i]));
    Value power = x;
    while (terms.size() > 1) {
      power = mul(power, power);
      SmallVector<Value> next;
      for (size_t i = 0; i < terms.size(); i += 2)
        next.push_back(i + 1 < terms.size()
                           ? fma(terms[i + 1], power, terms[i])
                           : terms[i]);
      terms = std::move(next);
    }
    return terms.front();
  }

  /// A small non-negative integer held in the bits of x (below 2^mantissa)
  /// as a float: 1.0 * 2^mantissa with those bits in the mantissa, minus
  /// 2^mantissa (exact; sitofp of 64-bit lanes has no AVX2 instruction).
  Value smallUnsignedToFloat(Value n) {
    double magic = std::ldexp(1.0, mantissaBits);
    return sub(fromBits(addi(n, toBits(f(magic)))), f(magic));
  }

  ImplicitLocOpBuilder &b;
  Type type;
  FloatType elem;
  Type intType;
  /// Whether math.exp of this type is rewritten by the same pass (tanh
  /// shares its code with an exp of the same operand only then).
  bool expApproximated = false;

private:
  unsigned bits, mantissaBits;
  int64_t bias;
};

using P = arith::CmpFPredicate;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// x = k ln2 + r with k = round(x / ln2), |r| <= ln2/2 (plus rounding).
struct ExpReduction {
  Value r;       // the reduced argument
  Value k;       // k as a float
  Value kBits;   // the bits of k + 1.5 * 2^mantissa: k in the low bits
  double shift;  // 1.5 * 2^mantissa
};

// k = (x * log2(e) + 1.5 * 2^p) - 1.5 * 2^p rounds x/ln2 to an integer (the
// addition leaves no fraction bits; 1.5 keeps the sum's exponent fixed for
// negative k too), and the sum's bits hold k in their low end.
// r = (x - k ln2_hi) - k ln2_lo: ln2_hi is ln2 rounded, ln2_lo the rest;
// with fma, x - k ln2_hi is exact (the exact difference is below 1/2 and a
// multiple of the ulp of ln2_hi, or x itself for k = 0).
ExpReduction reduceExp(Emitter &e, Value x) {
  double shift = 1.5 * std::ldexp(1.0, e.mantissa());
  double log2e, ln2hi, ln2lo;
  if (e.isF64()) {
    log2e = 0x1.71547652b82fep+0;
    ln2hi = 0x1.62e42fefa39efp-1;
    ln2lo = 0x1.abc9e3b39803fp-56;
  } else {
    log2e = 0x1.715476p+0;
    ln2hi = 0x1.62e430p-1;
    ln2lo = -0x1.05c610p-29;
  }
  Value shifted = e.fma(x, e.f(log2e), e.f(shift));
  Value k = e.sub(shifted, e.f(shift));
  Value r = e.fma(k, e.f(-ln2hi), x);
  r = e.fma(k, e.f(-ln2lo), r);
  return {r, k, e.toBits(shifted), shift};
}

/// 2^k as two factors 2^h and 2^(k-h), h = floor(k/2), each a normal float
/// for the k that exp meets (k from 2 - 2*bias - mantissa to 2*bias + 2),
/// so that multiplying by the first then the second rounds only once, into
/// a subnormal or to infinity where the result is one.
std::pair<Value, Value> splitScale(Emitter &e, const ExpReduction &red) {
  // u = k + 2*bias >= 0: only logical shifts (no 64-bit arithmetic shift
  // on AVX2). h + bias = u >> 1, (k - h) + bias = u - (u >> 1).
  Value u = e.subi(red.kBits, e.subi(e.toBits(e.f(red.shift)),
                                     e.i(2 * e.exponentBias())));
  Value half = e.shru(u, e.i(1));
  Value mant = e.i(e.mantissa());
  return {e.fromBits(e.shl(half, mant)),
          e.fromBits(e.shl(e.subi(u, half), mant))};
}

/// Taylor coefficients 1/n! from n = hi down to n = lo.
SmallVector<double> inverseFactorials(int hi, int lo) {
  SmallVector<double> c;
  for (int n = hi; n >= lo; --n) {
    double fact = 1;
    for (int j = 2; j <= n; ++j)
      fact *= j;
    c.push_back(1.0 / fact);
  }
  return c;
}

/// Degree of the Taylor polynomial of e^r on |r| <= ln2/2 whose remainder
/// r^(n+1)/(n+1)! is below a tenth of an ULP.
int expDegree(Emitter &e) { return e.isF64() ? 13 : 7; }

/// e^r - 1 for the reduced r: r + r^2 (1/2! + r/3! + ...), so that small r
/// keeps full relative precision; the sum in parentheses by Estrin's scheme
/// (its rounding errors are scaled by r^2 <= 0.12 in the result).
Value expm1Reduced(Emitter &e, Value r) {
  Value h = e.estrin(r, inverseFactorials(expDegree(e), 2));
  return e.fma(e.mul(r, r), h, r);
}

/// The part exp and expm1 of the same x have in common: x clamped to
/// [lo, hi] just past the range of finite non-zero exp(x) (so that large |x|
/// give inf / 0 and k fits the split scale; NaN passes), the reduction,
/// e^r - 1 and the two factors of 2^k. exp, expm1 and tanh (which computes
/// expm1) emit exactly these ops for the same x, so that CSE (MLIR's, or
/// LLVM's GVN) computes them once where a loop body needs two of them (B1:
/// exp(x) and tanh(x)).
struct ExpKernel {
  ExpReduction red;
  Value p;       // e^r - 1
  Value s1, s2;  // 2^k = s1 * s2
};

/// True when `x` is -|y| as the stable composites compute it (softplus,
/// sigmoid, tanh next to them): never above 0 (or NaN).
bool isMinusAbs(Value x) {
  auto neg = x.getDefiningOp<arith::NegFOp>();
  return neg && neg.getOperand().getDefiningOp<math::AbsFOp>();
}

/// True when `x` is exp(-|y|) (softplus's log1p argument): in [0, 1], or
/// NaN. Read before math.exp is rewritten (see runOnOperation).
bool isExpOfMinusAbs(Value x) {
  auto exp = x.getDefiningOp<math::ExpOp>();
  return exp && isMinusAbs(exp.getOperand());
}

ExpKernel emitExpKernel(Emitter &e, Value x) {
  double hi = e.isF64() ? 710.0 : 89.0;
  double lo = e.isF64() ? -746.0 : -104.0;
  // -|y| never overflows: no upper clamp (exp and the expm1 of a tanh next
  // to it both see -|y| and emit the same ops, which CSE still merges).
  if (!isMinusAbs(x))
    x = e.clamp(x, P::OGT, hi, hi);
  x = e.clamp(x, P::OLT, lo, lo);
  ExpReduction red = reduceExp(e, x);
  Value p = expm1Reduced(e, red.r);
  auto [s1, s2] = splitScale(e, red);
  return {red, p, s1, s2};
}

/// 2^k (1 + p), multiplied by the first factor of 2^k then the second, so
/// that it rounds only once, into a subnormal or to infinity where the
/// result is one.
Value scaleExp(Emitter &e, const ExpKernel &kernel) {
  return e.mul(e.mul(e.add(kernel.p, e.f(1.0)), kernel.s1), kernel.s2);
}

// exp(x) = 2^k e^r with x = k ln2 + r; e^r = 1 + (r + r^2 sum_{2<=n<=13}
// r^(n-2)/n!) (f64; up to n = 7 for f32; see expm1Reduced), exact scaling
// by 2^k in the exponent bits.
Value emitExp(Emitter &e, Value x) {
  return scaleExp(e, emitExpKernel(e, x));
}

// expm1(x) = 2^k (e^r - 1) + (2^k - 1), one fma, for k <= mantissa + 3
// (2^k - 1 is then exact or off by less than an ulp of the result; for
// k below -mantissa - 2, 2^k may be subnormal or 0 and the sum is -1, which
// is expm1(x) to the last bit); above, expm1(x) = exp(x) to the last bit and
// is computed as exp is. `large` = false drops the exp branch for callers
// that do not use the result where k > mantissa + 3 (x > 38 / 17).
// `signedZero` = false drops the select that gives expm1(-0) = -0 for
// callers that set the sign themselves (tanh's copysign).
Value emitExpm1(Emitter &e, Value x, bool large, bool signedZero = true) {
  ExpKernel kernel = emitExpKernel(e, x);
  Value s = e.mul(kernel.s1, kernel.s2);
  Value result = e.fma(s, kernel.p, e.sub(s, e.f(1.0)));
  if (large)
    result = e.select(e.cmp(P::OGT, kernel.red.k, e.f(e.mantissa() + 3)),
                      scaleExp(e, kernel), result);
  if (!signedZero)
    return result;
  // expm1(-0) = -0 (the sum above gives +0).
  return e.select(e.cmp(P::OEQ, x, e.f(0.0)), x, result);
}

/// The fdlibm kernel of log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1],
/// given s = f / (2 + f), without the final additions: returns
/// (s (hfsq + R), hfsq).
std::pair<Value, Value> logKernel(Emitter &e, Value f, Value s) {
  // log(1+f) = 2s + s R(s^2), R a minimax polynomial (fdlibm's Lg1..Lg7;
  // musl's Lg1..Lg4 for f32), evaluated as f - hfsq + s (hfsq + R) with
  // hfsq = f^2/2 (2s = f - s f). s only scales the small term
  // s (hfsq + R) ~ f^3/4, so a few ulps of error in s move the result by
  // less than 0.2 ulp.
  Value hfsq = e.mul(e.mul(e.f(0.5), f), f);
  // R = z P(z), z = s^2, P by Estrin's scheme (fdlibm evaluates it as
  // two Horner chains in z^2; the rounding errors are as small).
  Value z = e.mul(s, s);
  Value P = e.isF64()
                ? e.estrin(z, {1.479819860511658591e-01,
                               1.531383769920937332e-01,
                               1.818357216161805012e-01,
                               2.222219843214978396e-01,
                               2.857142874366239149e-01,
                               3.999999999940941908e-01,
                               6.666666666666735130e-01})
                : e.estrin(z, {0xf89e26.0p-26, 0x91e9ee.0p-25,
                               0xccce13.0p-25, 0xaaaaaa.0p-24});
  Value R = e.mul(z, P);
  return {e.mul(s, e.add(hfsq, R)), hfsq};
}

/// ln2 split so that k ln2_hi is exact (fdlibm's; trailing zero bits).
std::pair<double, double> ln2Split(Emitter &e) {
  if (e.isF64())
    return {6.93147180369123816490e-01, 1.90821492927058770002e-10};
  return {0x1.62e300p-1, 0x1.2fefa2p-17};
}

/// Positive normal y = 2^k (1 + f) with 1 + f in [sqrt(1/2), sqrt(2)).
struct LogSplit {
  Value biasedK; // k + bias, as an integer
  Value k;       // k as a float
  Value f;
};

/// Splits y: the bits of sqrt(1/2) are added to the exponent field so that
/// the carry gives k rounded the right way.
LogSplit splitLog(Emitter &e, Value y) {
  int64_t sqrtHalf = e.isF64() ? 0x3fe6a09e00000000LL : 0x3f3504f3LL;
  int64_t one = e.isF64() ? 0x3ff0000000000000LL : 0x3f800000LL;
  int64_t mantMask = (int64_t(1) << e.mantissa()) - 1;
  Value bits = e.addi(e.toBits(y), e.i(one - sqrtHalf));
  Value biasedK = e.shru(bits, e.i(e.mantissa()));
  Value k = e.sub(e.smallUnsignedToFloat(biasedK), e.f(e.exponentBias()));
  Value m = e.fromBits(e.addi(e.andi(bits, e.i(mantMask)), e.i(sqrtHalf)));
  return {biasedK, k, e.sub(m, e.f(1.0))};
}

/// log(1 + f) + k ln2 (+ cu, log1p's correction, when given) from the
/// reduced f (1 + f in [sqrt(1/2), sqrt(2))) and k: s(hfsq + R) + k ln2_lo
/// (+ cu) - hfsq + f + k ln2_hi, in fdlibm's order.
Value assembleLog(Emitter &e, Value f, Value k, Value cu = {}) {
  auto [sR, hfsq] = logKernel(e, f, e.div(f, e.add(e.f(2.0), f)));
  auto [ln2hi, ln2lo] = ln2Split(e);
  Value r = cu ? e.add(sR, e.fma(k, e.f(ln2lo), cu)) : e.fma(k, e.f(ln2lo), sR);
  r = e.add(e.sub(r, hfsq), f);
  return e.fma(k, e.f(ln2hi), r);
}

// log(x) = k ln2 + log(1 + f), x = 2^k (1 + f), 1 + f in [sqrt(1/2),
// sqrt(2)); subnormal x are scaled by 2^54 (f32: 2^25) first. log(0) =
// -inf, log(x < 0) = NaN, log(inf) = inf, NaN -> NaN.
Value emitLog(Emitter &e, Value x) {
  double tiny = e.isF64() ? 0x1p-1022 : 0x1p-126;
  int up = e.isF64() ? 54 : 25;
  Value subnormal = e.cmp(P::OLT, x, e.f(tiny));
  Value y = e.select(subnormal, e.mul(x, e.f(std::ldexp(1.0, up))), x);
  LogSplit split = splitLog(e, y);
  Value k = e.sub(split.k, e.select(subnormal, e.f(up), e.f(0.0)));
  Value r = assembleLog(e, split.f, k);
  r = e.select(e.cmp(P::OEQ, x, e.f(0.0)), e.f(-kInf), r);
  r = e.select(e.cmp(P::OEQ, x, e.f(kInf)), x, r);
  // x < 0 or NaN (unordered-or-less-than) -> NaN.
  return e.select(e.cmp(P::ULT, x, e.f(0.0)), e.f(kNaN), r);
}

/// y ~ 1/m for m in [sqrt(1/2), sqrt(2)]: (2 - m)(2 - m (2 - m)), one
/// Newton step from 2 - m, within 3%; enough for a correction term below
/// 2^-53 of a result of at least 0.34.
Value reciprocalNearOne(Emitter &e, Value m) {
  Value two = e.f(2.0);
  Value y0 = e.sub(two, m);
  return e.mul(y0, e.fma(e.sub(e.f(0.0), m), y0, two));
}

// log1p(x) = k ln2 + log(1 + f) + c/u with u = 1 + x = 2^k (1 + f) and
// c = (1 + x) - u the rounding error of u (x - (u - 1) for k < 2,
// 1 - (u - x) above; 0 once u has no bits of 1 left), as fdlibm's log1p.
// For 1 + x in (sqrt(1/2), sqrt(2)), k = 0, f = x and c = 0 exactly.
// The one division is s = f / (2 + f). c/u = c 2^-k / m (m = 1 + f) uses
// reciprocalNearOne(m).
// log1p(-1) = -inf, x < -1 -> NaN, inf -> inf, NaN -> NaN, -0 -> -0.
Value emitGeneralLog1p(Emitter &e, Value x) {
  Value one = e.f(1.0);
  Value two = e.f(2.0);
  Value zero = e.f(0.0);
  Value u = e.add(one, x);
  LogSplit split = splitLog(e, u);
  Value near = arith::AndIOp::create(
      e.b, e.cmp(P::OGT, x, e.f(-0.2928932188134524)),
      e.cmp(P::OLT, x, e.f(0.41421356237309503)));
  Value k = e.select(near, zero, split.k);
  Value f = e.select(near, x, split.f);
  Value c = e.select(e.cmp(P::OGE, k, two), e.sub(one, e.sub(u, x)),
                     e.sub(x, e.sub(u, one)));
  Value y = reciprocalNearOne(e, e.add(one, split.f));
  // 2^-k from the biased exponent: (2 bias - (k + bias)) in the exponent
  // field. Garbage for k > bias, where c/u is not used.
  Value inverseScale = e.fromBits(
      e.shl(e.subi(e.i(2 * e.exponentBias()), split.biasedK),
            e.i(e.mantissa())));
  Value cu = e.mul(e.mul(c, y), inverseScale);
  cu = e.select(e.cmp(P::OLT, k, e.f(e.mantissa() + 2)), cu, zero);
  cu = e.select(near, zero, cu);
  Value r = assembleLog(e, f, k, cu);
  r = e.select(e.cmp(P::OEQ, x, e.f(-1.0)), e.f(-kInf), r);
  r = e.select(e.cmp(P::OEQ, x, e.f(kInf)), x, r);
  r = e.select(e.cmp(P::OEQ, x, zero), x, r);
  // x < -1 or NaN (unordered-or-less-than) -> NaN.
  return e.select(e.cmp(P::ULT, x, e.f(-1.0)), e.f(kNaN), r);
}

// log1p(x) for x in [0, 1] (x = exp(-|y|), softplus's argument), or NaN:
// 1 + x lies in [1, 2], so k is 0 (x below sqrt(2) - 1, f = x) or 1, where
// 1 + x = 2 (1 + f) + c with f = (x - 1) / 2, taken straight from x instead
// of from the bits of the rounded 1 + x: d = x - 1 is exact for x >= 1/2
// (Sterbenz) and c = x - (d + 1) is its rounding error below that (d + 1 is
// exact), so log(1 + x) = ln2 + log(1 + f) + c / (2 (1 + f)) to well below
// an ulp. The same kernel and assembly as the general case, without its
// exponent split (a chain of integer ops on the path to the division) and
// without selects for special inputs: +0 gives +0 through the formula, and
// a NaN x makes f NaN either way. B1 (softplus) is bound by the latency of
// this chain.
Value emitUnitLog1p(Emitter &e, Value x) {
  Value one = e.f(1.0);
  Value zero = e.f(0.0);
  Value d = e.sub(x, one);
  Value c = e.sub(x, e.add(d, one));
  Value half = e.mul(d, e.f(0.5));
  Value near = e.cmp(P::OLT, x, e.f(0.41421356237309503));
  Value k = e.select(near, zero, one);
  Value f = e.select(near, x, half);
  Value y = reciprocalNearOne(e, e.add(one, half));
  Value cu = e.select(near, zero, e.mul(e.mul(c, y), e.f(0.5)));
  return assembleLog(e, f, k, cu);
}

Value emitLog1p(Emitter &e, Value x) {
  return isExpOfMinusAbs(x) ? emitUnitLog1p(e, x) : emitGeneralLog1p(e, x);
}

/// True when `x` is also the operand of a math.exp.
bool feedsExp(Value x) {
  return llvm::any_of(x.getUsers(),
                      [](Operation *user) { return isa<math::ExpOp>(user); });
}

/// True when exp(-|x|) is computed (as softplus and sigmoid are lowered).
bool feedsExpOfMinusAbs(Value x) {
  for (Operation *abs : x.getUsers())
    if (isa<math::AbsFOp>(abs))
      for (Operation *neg : abs->getResult(0).getUsers())
        if (isa<arith::NegFOp>(neg) && feedsExp(neg->getResult(0)))
          return true;
  return false;
}

// tanh(x) = sign(x) t / (t + 2), t = expm1(2|x|): no cancellation for small
// |x| (t / 2 ~ |x|), and t / (t + 2) does not amplify t's error. |x| is
// clamped at 20 (f64) / 10 (f32), where tanh is 1 to the last bit.
//
// Where the code also computes exp(z) for z = x or z = -|x| (softplus and
// sigmoid compute exp(-|x|)), tanh is derived from t = expm1(z) instead,
// whose reduction and polynomial are exp(z)'s (emitExpKernel), so that
// CSE/GVN leave one exp kernel for both (B1: 1.2x): tanh(z) = T / (T + 2)
// with T = expm1(2z) = t (t + 2) = fma(t, t, 2t). That costs accuracy for
// z < 0 (T's error is amplified up to 2x by T / (T + 2) as T nears -1, and
// T adds a rounding): 2.4-2.7 ULP instead of 1.8, within the bound of 4
// (MathAccuracy.md). For z = x, |x| above the clamp (where t may overflow)
// gives sign(x).
Value emitTanh(Emitter &e, Value x) {
  double limit = e.isF64() ? 20.0 : 10.0;
  Value two = e.f(2.0);
  bool sharesX = e.expApproximated && feedsExp(x);
  if (sharesX || (e.expApproximated && feedsExpOfMinusAbs(x))) {
    Value z = sharesX ? x : arith::NegFOp::create(e.b, e.abs(x)).getResult();
    Value t = emitExpm1(e, z, /*large=*/false, /*signedZero=*/false);
    Value T = e.fma(t, t, e.add(t, t));
    Value r = e.copysign(e.div(T, e.add(T, two)), x);
    if (!sharesX)
      return r;
    return e.select(e.cmp(P::OGT, e.abs(x), e.f(limit)),
                    e.copysign(e.f(1.0), x), r);
  }
  Value a = e.clamp(e.abs(x), P::OGT, limit, limit);
  Value t = emitExpm1(e, e.add(a, a), /*large=*/false,
                      /*signedZero=*/false);
  return e.copysign(e.div(t, e.add(t, two)), x);
}

/// Rewrites one math op on f32/f64 scalars or vectors with `emit`.
/// The libm names of the functions the patterns compute: f64, then f32.
constexpr StringLiteral kFunctions[] = {"exp",  "expm1",  "log",  "log1p",
                                        "tanh", "expf",   "expm1f", "logf",
                                        "log1pf", "tanhf"};

/// Rewrites one math op with `emit`, for f64 and/or f32 elements (scalars
/// or vectors) as `functions` asks.
template <typename OpTy, Value (*emit)(Emitter &, Value)>
struct Approximate : OpRewritePattern<OpTy> {
  Approximate(MLIRContext *ctx, StringRef name,
              const llvm::StringSet<> &functions)
      : OpRewritePattern<OpTy>(ctx),
        f64(functions.contains(name)),
        f32(functions.contains((name + "f").str())),
        exp64(functions.contains("exp")), exp32(functions.contains("expf")) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    Type elem = getElementTypeOrSelf(type);
    if (!(elem.isF64() && f64) && !(elem.isF32() && f32))
      return rewriter.notifyMatchFailure(op, "type not approximated");
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Emitter e(b, type);
    e.expApproximated = elem.isF64() ? exp64 : exp32;
    rewriter.replaceOp(op, emit(e, op.getOperand()));
    return success();
  }

  bool f64, f32, exp64, exp32;
};

Value emitExpm1Full(Emitter &e, Value x) { return emitExpm1(e, x, true); }

/// The functions enabled by a `functions` list (all when it is empty).
llvm::StringSet<> enabledFunctions(ArrayRef<std::string> functions) {
  llvm::StringSet<> enabled;
  if (functions.empty())
    enabled.insert(std::begin(kFunctions), std::end(kFunctions));
  else
    enabled.insert(functions.begin(), functions.end());
  return enabled;
}

/// The patterns whose code depends on the math.exp ops around them: tanh
/// (an exp of its operand to share code with) and log1p (an exp of -|y| as
/// its operand, in [0, 1]). They run before the exp pattern rewrites those.
void addExpReadingPatterns(RewritePatternSet &patterns,
                           ArrayRef<std::string> functions) {
  llvm::StringSet<> enabled = enabledFunctions(functions);
  patterns.add<Approximate<math::TanhOp, emitTanh>>(patterns.getContext(),
                                                    "tanh", enabled);
  patterns.add<Approximate<math::Log1pOp, emitLog1p>>(patterns.getContext(),
                                                      "log1p", enabled);
}

/// The candidate ops of `root` (a module, or any op) counted once per
/// straight-line run of the function that holds them (see runOnOperation),
/// saturating just above `cap`. Linear in the ops and symbol references.
uint64_t straightLineCandidates(Operation *root,
                                function_ref<bool(Operation *)> isCandidate,
                                uint64_t cap) {
  uint64_t limit = cap + 1;
  auto add = [&](uint64_t a, uint64_t b) { return std::min(limit, a + b); };
  auto mul = [&](uint64_t a, uint64_t b) {
    return a == 0 || b == 0 ? 0 : (a > limit / b ? limit : std::min(limit, a * b));
  };
  SmallVector<func::FuncOp> functions;
  root->walk([&](func::FuncOp f) { functions.push_back(f); });
  if (functions.empty()) {
    uint64_t count = 0;
    root->walk([&](Operation *op) { count = add(count, isCandidate(op)); });
    return count;
  }
  // Who references each function, once per reference.
  llvm::DenseMap<StringAttr, SmallVector<func::FuncOp>> referrers;
  for (func::FuncOp f : functions)
    if (std::optional<SymbolTable::UseRange> uses =
            SymbolTable::getSymbolUses(&f.getBody()))
      for (const SymbolTable::SymbolUse &use : *uses)
        referrers[use.getSymbolRef().getRootReference()].push_back(f);
  // Runs of each function, from its referrers'. A reference from within a
  // cycle adds nothing (async-parallel-for's dispatch function calls itself
  // to split the work: it runs the same loop, not another copy of it).
  llvm::DenseMap<Operation *, uint64_t> runs;
  std::function<uint64_t(func::FuncOp)> runsOf = [&](func::FuncOp f) {
    auto [it, inserted] = runs.try_emplace(f, 0);
    if (!inserted)
      return it->second;
    auto refs = referrers.find(f.getSymNameAttr());
    uint64_t n = 0;
    if (refs == referrers.end())
      n = 1;
    else
      for (func::FuncOp from : refs->second)
        n = add(n, runsOf(from));
    runs[f] = n;
    return n;
  };
  uint64_t count = 0;
  for (func::FuncOp f : functions) {
    uint64_t own = 0;
    f.getBody().walk([&](Operation *op) { own = add(own, isCandidate(op)); });
    if (own)
      count = add(count, mul(own, runsOf(f)));
  }
  return count;
}

struct ApproximateMathPass
    : symc::impl::ApproximateMathPassBase<ApproximateMathPass> {
  using ApproximateMathPassBase::ApproximateMathPassBase;

  void runOnOperation() override {
    SmallVector<std::string> names(functions.begin(), functions.end());
    for (const std::string &name : names) {
      if (!llvm::is_contained(kFunctions, name)) {
        getOperation()->emitError("symc-approximate-math: unknown function '")
            << name << "' (expected " << llvm::join(std::begin(kFunctions), std::end(kFunctions), ", ") << ")";
        return signalPassFailure();
      }
    }
    RewritePatternSet patterns(&getContext());
    populateSymcMathApproximationPatterns(patterns, names);
    FrozenRewritePatternSet frozen(std::move(patterns));
    // tanh and log1p first: they look at math.exp ops next to them, which
    // must not have been rewritten yet.
    RewritePatternSet firstPatterns(&getContext());
    addExpReadingPatterns(firstPatterns, names);
    FrozenRewritePatternSet frozenFirst(std::move(firstPatterns));
    // Only the matched ops are rewritten; nothing else is folded.
    GreedyRewriteConfig config;
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    // Each rewrite inlines 30-60 ops that LLVM then optimizes and
    // vectorizes: in code with very many transcendentals (deep generated
    // graphs) that multiplied compile time (B4: 3x at 1,000 steps) for code
    // that is not a hot loop of a few functions, so such code keeps its
    // compact libm/libmvec calls. The count covers everything the pass runs
    // on (the whole module in the pipeline), not each function: with
    // threads, symc-parallelize-loops has already outlined every loop body
    // into a small function of its own, which would each stay under the cap.
    // A function's code counts once for every time it runs in straight-line
    // code: once for an entry point, else once per call (or other
    // reference) from each run of the function that makes it. A symc.payload
    // function (sequential pipelines inline them after this pass, once
    // kernels are shared) counts at each of its calls, and with threads a
    // kernel that symc-outline-kernels shares counts at each call too: the
    // count is that of the code as it stands before kernel sharing, which is
    // what decides whether it is one of a few hot loops or a huge graph.
    auto isCandidate = [](Operation *op) {
      return isa<math::ExpOp, math::ExpM1Op, math::LogOp, math::Log1pOp,
                 math::TanhOp>(op);
    };
    if (straightLineCandidates(getOperation(), isCandidate, maxOps) > maxOps)
      return;
    if (failed(applyPatternsGreedily(getOperation(), frozenFirst, config)) ||
        failed(applyPatternsGreedily(getOperation(), frozen, config)))
      return signalPassFailure();
  }
};

} // namespace

void mlir::symc::populateSymcMathApproximationPatterns(
    RewritePatternSet &patterns, ArrayRef<std::string> functions) {
  llvm::StringSet<> enabled = enabledFunctions(functions);
  MLIRContext *ctx = patterns.getContext();
  patterns.add<Approximate<math::ExpOp, emitExp>>(ctx, "exp", enabled);
  patterns.add<Approximate<math::ExpM1Op, emitExpm1Full>>(ctx, "expm1",
                                                          enabled);
  patterns.add<Approximate<math::LogOp, emitLog>>(ctx, "log", enabled);
  addExpReadingPatterns(patterns, functions);
}
