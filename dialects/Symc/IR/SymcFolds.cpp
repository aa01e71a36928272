//===- SymcFolds.cpp - folders of the symc ops ----------------------------===//
//
// Constant folding and identity folds. Constant folding evaluates the scalar
// function of an elementwise op over dense constants (with broadcasting) in
// double precision for floats and APInt arithmetic for integers, and only
// for results with a static shape of at most kMaxFoldElements elements so
// that folding never bloats the IR. Identities return an existing value
// whose type equals the result type.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOpLists.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APSInt.h"

#include <cmath>

using namespace mlir;
using namespace mlir::symc;

static constexpr int64_t kMaxFoldElements = 1 << 16;

//===----------------------------------------------------------------------===//
// Scalar values
//===----------------------------------------------------------------------===//

namespace {
/// A scalar during folding: a double for float types, an APInt otherwise.
struct Scalar {
  double f = 0;
  APInt i;
};

/// The element type class that drives scalar arithmetic.
struct ElementKind {
  Type type;
  bool isFloat() const { return isa<FloatType>(type); }
  bool isUnsigned() const { return type.isUnsignedInteger(); }
  bool isBool() const { return type.isInteger(1); }
  unsigned width() const { return type.getIntOrFloatBitWidth(); }
};
} // namespace

/// Reads every element of a dense constant as a Scalar.
static std::optional<SmallVector<Scalar>> readScalars(Attribute attr) {
  auto dense = dyn_cast_if_present<DenseElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  SmallVector<Scalar> values;
  Type element = dense.getElementType();
  if (isa<FloatType>(element)) {
    for (const APFloat &v : dense.getValues<APFloat>()) {
      Scalar s;
      s.f = v.convertToDouble();
      values.push_back(s);
    }
  } else if (element.isIntOrIndex()) {
    for (const APInt &v : dense.getValues<APInt>()) {
      Scalar s;
      s.i = v;
      values.push_back(s);
    }
  } else {
    return std::nullopt;
  }
  return values;
}

/// Builds a dense constant of `type` from scalars.
static Attribute writeScalars(RankedTensorType type, ArrayRef<Scalar> values) {
  Type element = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    SmallVector<APFloat> floats;
    for (const Scalar &s : values) {
      APFloat v(s.f);
      bool lost;
      v.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      floats.push_back(v);
    }
    return DenseElementsAttr::get(type, floats);
  }
  SmallVector<APInt> ints;
  for (const Scalar &s : values)
    ints.push_back(s.i.zextOrTrunc(element.getIntOrFloatBitWidth()));
  return DenseElementsAttr::get(type, ints);
}

/// Whether a fold to a constant of `type` is allowed.
static bool foldable(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return false;
  std::optional<int64_t> count = staticNumElements(tensor.getShape());
  return count && *count <= kMaxFoldElements;
}

/// Evaluates `fn` over the broadcast operands, all constants, producing the
/// result of type `resultType`.
static Attribute
foldElementwise(ArrayRef<Attribute> operands, TypeRange operandTypes,
                Type resultType,
                function_ref<std::optional<Scalar>(ArrayRef<Scalar>)> fn) {
  // Every op of a function tries its fold once per greedy pass, almost
  // always with an operand that is not a constant.
  if (llvm::is_contained(operands, Attribute()) || !foldable(resultType))
    return {};
  auto result = cast<RankedTensorType>(resultType);
  SmallVector<SmallVector<Scalar>> values;
  for (Attribute attr : operands) {
    std::optional<SmallVector<Scalar>> v = readScalars(attr);
    if (!v)
      return {};
    values.push_back(std::move(*v));
  }
  // Strides of each operand over the result index space; broadcast dims and
  // splats read position 0.
  int64_t rank = result.getRank();
  SmallVector<SmallVector<int64_t>> strides;
  for (auto [k, type] : llvm::enumerate(operandTypes)) {
    auto shaped = cast<RankedTensorType>(type);
    SmallVector<int64_t> s(rank, 0);
    if (values[k].size() > 1) {
      int64_t stride = 1;
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (shaped.getDimSize(d) != 1)
          s[d] = stride;
        stride *= shaped.getDimSize(d);
      }
    }
    strides.push_back(s);
  }
  SmallVector<Scalar> out;
  int64_t total = result.getNumElements();
  SmallVector<int64_t> index(rank, 0);
  SmallVector<Scalar> args(operands.size());
  for (int64_t linear = 0; linear < total; ++linear) {
    for (size_t k = 0; k < operands.size(); ++k) {
      int64_t pos = 0;
      for (int64_t d = 0; d < rank; ++d)
        pos += index[d] * strides[k][d];
      args[k] = values[k][values[k].size() > 1 ? pos : 0];
    }
    std::optional<Scalar> r = fn(args);
    if (!r)
      return {};
    out.push_back(*r);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < result.getDimSize(d))
        break;
      index[d] = 0;
    }
  }
  return writeScalars(result, out);
}

/// Folds an op with one floating-point function of its float operands.
static Attribute foldFloat(Operation *op, ArrayRef<Attribute> operands,
                           function_ref<double(ArrayRef<double>)> fn) {
  if (!isa<FloatType>(elementTypeOf(op->getOperand(0).getType())))
    return {};
  return foldElementwise(operands, op->getOperandTypes(),
                         op->getResult(0).getType(),
                         [&](ArrayRef<Scalar> args) -> std::optional<Scalar> {
                           SmallVector<double> d;
                           for (const Scalar &s : args)
                             d.push_back(s.f);
                           Scalar r;
                           r.f = fn(d);
                           return r;
                         });
}

//===----------------------------------------------------------------------===//
// Scalar semantics shared by folding (mirrors the lowering)
//===----------------------------------------------------------------------===//

static double sigmoid(double x) {
  if (x >= 0)
    return 1.0 / (1.0 + std::exp(-x));
  double e = std::exp(x);
  return e / (1.0 + e);
}
static double softplus(double x) {
  return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x)));
}
static double log1mexp(double x) {
  return x > -M_LN2 ? std::log(-std::expm1(x)) : std::log1p(-std::exp(x));
}
/// NumPy's float floor_divide (npy_divmod): the quotient of the exact
/// Python modulo, snapped to an integer, so that 1 // 0.1 is 9 as in NumPy
/// and Python (floor(1 / 0.1) would give 10). Division by 0 gives a / b.
static double pyFloorDiv(double a, double b) {
  if (b == 0)
    return a / b;
  double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0 && (b < 0) != (mod < 0))
    div -= 1.0;
  if (div == 0)
    return std::copysign(0.0, a / b);
  double floorDiv = std::floor(div);
  if (div - floorDiv > 0.5)
    floorDiv += 1.0;
  return floorDiv;
}
/// NumPy's float remainder: the sign of b, a zero result carries b's sign,
/// and modulo 0 is NaN.
static double pyMod(double a, double b) {
  double mod = std::fmod(a, b);
  if (b == 0)
    return mod;
  if (mod == 0)
    return std::copysign(0.0, b);
  if ((b < 0) != (mod < 0))
    mod += b;
  return mod;
}
static double nanMax(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
}
static double nanMin(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
}

/// Signed or unsigned integer comparison.
static int cmpInt(const APInt &a, const APInt &b, bool isUnsigned) {
  if (isUnsigned)
    return a.ult(b) ? -1 : (a == b ? 0 : 1);
  return a.slt(b) ? -1 : (a == b ? 0 : 1);
}

//===----------------------------------------------------------------------===//
// Identity helpers
//===----------------------------------------------------------------------===//

/// True when `attr` is a splat constant equal to `value` (0 or 1 here, which
/// integers of any signedness and bools read alike).
static bool isSplatOf(Attribute attr, double value) {
  std::optional<double> splat = getSplatValue(attr);
  return splat && *splat == value;
}

/// `value` if its type is exactly the result type of `op` (a fold may not
/// change types), else null.
static OpFoldResult sameType(Operation *op, Value value) {
  return value.getType() == op->getResult(0).getType() ? OpFoldResult(value)
                                                       : OpFoldResult();
}

/// A splat of `value` with the op's result type, when that type is static.
static OpFoldResult splatResult(Operation *op, double value) {
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape())
    return {};
  Type element = type.getElementType();
  Attribute scalar =
      isa<FloatType>(element)
          ? Attribute(FloatAttr::get(element, value))
          : Attribute(IntegerAttr::get(element, static_cast<int64_t>(value)));
  return DenseElementsAttr::get(type, scalar);
}

//===----------------------------------------------------------------------===//
// Unary ops
//===----------------------------------------------------------------------===//

#define SYMC_FLOAT_FOLD(OP, EXPR)                                              \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                 \
    return foldFloat(*this, adaptor.getOperands(),                             \
                     [](ArrayRef<double> a) -> double {                        \
                       double x = a[0];                                        \
                       return EXPR;                                            \
                     });                                                       \
  }

OpFoldResult ExpOp::fold(FoldAdaptor adaptor) {
  // exp(log(x)) => x when x is never negative: exact in real arithmetic,
  // and log(0) = -inf, exp(-inf) = 0 and NaN stays NaN. For x < 0 the left
  // side is NaN, so the fold needs the sign.
  if (auto log = getInput().getDefiningOp<LogOp>())
    if (isKnownNonNegative(log.getInput()))
      return sameType(*this, log.getInput());
  return foldFloat(*this, adaptor.getOperands(),
                   [](ArrayRef<double> a) { return std::exp(a[0]); });
}
SYMC_FLOAT_FOLD(Expm1Op, std::expm1(x))
OpFoldResult LogOp::fold(FoldAdaptor adaptor) {
  // log(exp(x)) => x: exact in real arithmetic, and never worse in floating
  // point (exp may overflow, x cannot).
  if (auto exp = getInput().getDefiningOp<ExpOp>())
    return sameType(*this, exp.getInput());
  return foldFloat(*this, adaptor.getOperands(),
                   [](ArrayRef<double> a) { return std::log(a[0]); });
}
SYMC_FLOAT_FOLD(Log1pOp, std::log1p(x))
SYMC_FLOAT_FOLD(Log2Op, std::log2(x))
SYMC_FLOAT_FOLD(Log10Op, std::log10(x))
SYMC_FLOAT_FOLD(Log1mexpOp, log1mexp(x))
SYMC_FLOAT_FOLD(SqrtOp, std::sqrt(x))
SYMC_FLOAT_FOLD(ReciprocalOp, 1.0 / x)
SYMC_FLOAT_FOLD(FloorOp, std::floor(x))
SYMC_FLOAT_FOLD(CeilOp, std::ceil(x))
SYMC_FLOAT_FOLD(RoundOp, std::nearbyint(x))
SYMC_FLOAT_FOLD(SinOp, std::sin(x))
SYMC_FLOAT_FOLD(CosOp, std::cos(x))
SYMC_FLOAT_FOLD(TanOp, std::tan(x))
SYMC_FLOAT_FOLD(AsinOp, std::asin(x))
SYMC_FLOAT_FOLD(AcosOp, std::acos(x))
SYMC_FLOAT_FOLD(AtanOp, std::atan(x))
SYMC_FLOAT_FOLD(SinhOp, std::sinh(x))
SYMC_FLOAT_FOLD(CoshOp, std::cosh(x))
SYMC_FLOAT_FOLD(TanhOp, std::tanh(x))
SYMC_FLOAT_FOLD(AsinhOp, std::asinh(x))
SYMC_FLOAT_FOLD(AcoshOp, std::acosh(x))
SYMC_FLOAT_FOLD(AtanhOp, std::atanh(x))
SYMC_FLOAT_FOLD(ErfOp, std::erf(x))
SYMC_FLOAT_FOLD(ErfcOp, std::erfc(x))
SYMC_FLOAT_FOLD(SigmoidOp, sigmoid(x))
SYMC_FLOAT_FOLD(SoftplusOp, softplus(x))
#undef SYMC_FLOAT_FOLD

/// Folds a numeric unary op given its float and integer scalar functions.
static Attribute foldNumericUnary(Operation *op, ArrayRef<Attribute> operands,
                                  function_ref<double(double)> onFloat,
                                  function_ref<APInt(const APInt &, bool)> onInt) {
  ElementKind kind{elementTypeOf(op->getOperand(0).getType())};
  return foldElementwise(operands, op->getOperandTypes(),
                         op->getResult(0).getType(),
                         [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
                           Scalar r;
                           if (kind.isFloat())
                             r.f = onFloat(a[0].f);
                           else
                             r.i = onInt(a[0].i, kind.isUnsigned());
                           return r;
                         });
}

OpFoldResult NegOp::fold(FoldAdaptor adaptor) {
  // -(-x) => x
  if (auto inner = getInput().getDefiningOp<NegOp>())
    return inner.getInput();
  return foldNumericUnary(
      *this, adaptor.getOperands(), [](double x) { return -x; },
      [](const APInt &x, bool) { return -x; });
}

OpFoldResult AbsOp::fold(FoldAdaptor adaptor) {
  // abs(abs(x)) => abs(x); abs of an unsigned value => x.
  if (getInput().getDefiningOp<AbsOp>())
    return getInput();
  if (getElementTypeOrSelf(getInput().getType()).isUnsignedInteger())
    return getInput();
  return foldNumericUnary(
      *this, adaptor.getOperands(), [](double x) { return std::fabs(x); },
      [](const APInt &x, bool isUnsigned) { return isUnsigned ? x : x.abs(); });
}

OpFoldResult SignOp::fold(FoldAdaptor adaptor) {
  return foldNumericUnary(
      *this, adaptor.getOperands(),
      [](double x) -> double {
        return std::isnan(x) ? x : (x > 0) - (x < 0);
      },
      [](const APInt &x, bool isUnsigned) {
        unsigned w = x.getBitWidth();
        if (x.isZero())
          return APInt(w, 0);
        return isUnsigned || !x.isNegative() ? APInt(w, 1)
                                             : APInt::getAllOnes(w);
      });
}

OpFoldResult SqrOp::fold(FoldAdaptor adaptor) {
  return foldNumericUnary(
      *this, adaptor.getOperands(), [](double x) { return x * x; },
      [](const APInt &x, bool) { return x * x; });
}

OpFoldResult NotOp::fold(FoldAdaptor adaptor) {
  // ~~x => x
  if (auto inner = getInput().getDefiningOp<NotOp>())
    return inner.getInput();
  return foldElementwise(adaptor.getOperands(), getOperation()->getOperandTypes(),
                         getType(), [](ArrayRef<Scalar> a) {
                           Scalar r;
                           r.i = ~a[0].i;
                           return std::optional<Scalar>(r);
                         });
}

OpFoldResult IsNanOp::fold(FoldAdaptor adaptor) {
  bool isFloat = isa<FloatType>(getElementTypeOrSelf(getInput().getType()));
  if (!isFloat)
    return splatResult(*this, 0);
  return foldElementwise(adaptor.getOperands(), getOperation()->getOperandTypes(),
                         getType(), [](ArrayRef<Scalar> a) {
                           Scalar r;
                           r.i = APInt(1, std::isnan(a[0].f));
                           return std::optional<Scalar>(r);
                         });
}

OpFoldResult IsInfOp::fold(FoldAdaptor adaptor) {
  bool isFloat = isa<FloatType>(getElementTypeOrSelf(getInput().getType()));
  if (!isFloat)
    return splatResult(*this, 0);
  return foldElementwise(adaptor.getOperands(), getOperation()->getOperandTypes(),
                         getType(), [](ArrayRef<Scalar> a) {
                           Scalar r;
                           r.i = APInt(1, std::isinf(a[0].f));
                           return std::optional<Scalar>(r);
                         });
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

/// Folds a binary op with scalar functions for floats and integers; `onInt`
/// may return nullopt to refuse (e.g. integer division by zero).
static Attribute
foldBinary(Operation *op, ArrayRef<Attribute> operands,
           function_ref<double(double, double)> onFloat,
           function_ref<std::optional<APInt>(const APInt &, const APInt &, bool)>
               onInt) {
  ElementKind kind{elementTypeOf(op->getOperand(0).getType())};
  return foldElementwise(
      operands, op->getOperandTypes(), op->getResult(0).getType(),
      [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
        Scalar r;
        if (kind.isFloat()) {
          if (!onFloat)
            return std::nullopt;
          r.f = onFloat(a[0].f, a[1].f);
          return r;
        }
        if (!onInt)
          return std::nullopt;
        std::optional<APInt> v = onInt(a[0].i, a[1].i, kind.isUnsigned());
        if (!v)
          return std::nullopt;
        r.i = *v;
        return r;
      });
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  // x + 0 => x, 0 + x => x
  if (isSplatOf(adaptor.getRhs(), 0))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  if (isSplatOf(adaptor.getLhs(), 0))
    if (OpFoldResult r = sameType(*this, getRhs()))
      return r;
  return foldBinary(*this, adaptor.getOperands(),
                    [](double a, double b) { return a + b; },
                    [](const APInt &a, const APInt &b, bool) {
                      return std::optional<APInt>(a + b);
                    });
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  // x - 0 => x
  if (isSplatOf(adaptor.getRhs(), 0))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  return foldBinary(*this, adaptor.getOperands(),
                    [](double a, double b) { return a - b; },
                    [](const APInt &a, const APInt &b, bool) {
                      return std::optional<APInt>(a - b);
                    });
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  // x * 1 => x, 1 * x => x
  if (isSplatOf(adaptor.getRhs(), 1))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  if (isSplatOf(adaptor.getLhs(), 1))
    if (OpFoldResult r = sameType(*this, getRhs()))
      return r;
  // x * 0 => 0 for integers only (0 * inf is NaN for floats).
  bool isInt = getType().getElementType().isInteger();
  if (isInt && (isSplatOf(adaptor.getRhs(), 0) || isSplatOf(adaptor.getLhs(), 0)))
    if (OpFoldResult r = splatResult(*this, 0))
      return r;
  return foldBinary(*this, adaptor.getOperands(),
                    [](double a, double b) { return a * b; },
                    [](const APInt &a, const APInt &b, bool) {
                      return std::optional<APInt>(a * b);
                    });
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  // x / 1 => x
  if (isSplatOf(adaptor.getRhs(), 1))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  return foldBinary(*this, adaptor.getOperands(),
                    [](double a, double b) { return a / b; }, nullptr);
}

OpFoldResult FloorDivOp::fold(FoldAdaptor adaptor) {
  bool isInt = getElementTypeOrSelf(getType()).isInteger();
  // x // 1 => x for integers.
  if (isInt && isSplatOf(adaptor.getRhs(), 1))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  return foldBinary(
      *this, adaptor.getOperands(), pyFloorDiv,
      [](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
        if (b.isZero())
          return APInt(a.getBitWidth(), 0);
        if (isUnsigned)
          return a.udiv(b);
        APInt q = a.sdiv(b);
        if ((a.srem(b) != 0) && (a.isNegative() != b.isNegative()))
          q -= 1;
        return q;
      });
}

OpFoldResult ModOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(), pyMod,
      [](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
        if (b.isZero())
          return APInt(a.getBitWidth(), 0);
        if (isUnsigned)
          return a.urem(b);
        APInt r = a.srem(b);
        if (!r.isZero() && (r.isNegative() != b.isNegative()))
          r += b;
        return r;
      });
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  // x ** 1 => x
  if (isSplatOf(adaptor.getRhs(), 1))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  return foldBinary(
      *this, adaptor.getOperands(), [](double a, double b) { return std::pow(a, b); },
      [](const APInt &a, const APInt &b, bool isUnsigned) -> std::optional<APInt> {
        unsigned w = a.getBitWidth();
        if (!isUnsigned && b.isNegative()) {
          if (a == 1)
            return APInt(w, 1);
          if (a.isAllOnes())
            return b[0] ? APInt::getAllOnes(w) : APInt(w, 1);
          return APInt(w, 0);
        }
        APInt result(w, 1), base = a;
        uint64_t e = b.getZExtValue();
        while (e) {
          if (e & 1)
            result *= base;
          base *= base;
          e >>= 1;
        }
        return result;
      });
}

OpFoldResult MaximumOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs())
    return sameType(*this, getLhs());
  return foldBinary(*this, adaptor.getOperands(), nanMax,
                    [](const APInt &a, const APInt &b, bool u) {
                      return std::optional<APInt>(cmpInt(a, b, u) >= 0 ? a : b);
                    });
}

OpFoldResult MinimumOp::fold(FoldAdaptor adaptor) {
  if (getLhs() == getRhs())
    return sameType(*this, getLhs());
  return foldBinary(*this, adaptor.getOperands(), nanMin,
                    [](const APInt &a, const APInt &b, bool u) {
                      return std::optional<APInt>(cmpInt(a, b, u) <= 0 ? a : b);
                    });
}

OpFoldResult Atan2Op::fold(FoldAdaptor adaptor) {
  return foldBinary(*this, adaptor.getOperands(),
                    [](double a, double b) { return std::atan2(a, b); }, nullptr);
}

OpFoldResult BinaryCrossentropyOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](double p, double t) {
        return -(t * std::log(p) + (1 - t) * std::log1p(-p));
      },
      nullptr);
}

OpFoldResult TanhGradOp::fold(FoldAdaptor adaptor) {
  return foldBinary(
      *this, adaptor.getOperands(),
      [](double y, double g) { return g * (1 - y * y); }, nullptr);
}

OpFoldResult AndOp::fold(FoldAdaptor adaptor) {
  // x & x => x; for bools x & true => x.
  if (getLhs() == getRhs())
    return sameType(*this, getLhs());
  if (getType().getElementType().isInteger(1) && isSplatOf(adaptor.getRhs(), 1))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  if (isSplatOf(adaptor.getRhs(), 0) || isSplatOf(adaptor.getLhs(), 0))
    if (OpFoldResult r = splatResult(*this, 0))
      return r;
  return foldBinary(*this, adaptor.getOperands(), nullptr,
                    [](const APInt &a, const APInt &b, bool) {
                      return std::optional<APInt>(a & b);
                    });
}

OpFoldResult OrOp::fold(FoldAdaptor adaptor) {
  // x | x => x, x | 0 => x
  if (getLhs() == getRhs())
    return sameType(*this, getLhs());
  if (isSplatOf(adaptor.getRhs(), 0))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  return foldBinary(*this, adaptor.getOperands(), nullptr,
                    [](const APInt &a, const APInt &b, bool) {
                      return std::optional<APInt>(a | b);
                    });
}

OpFoldResult XorOp::fold(FoldAdaptor adaptor) {
  // x ^ 0 => x
  if (isSplatOf(adaptor.getRhs(), 0))
    if (OpFoldResult r = sameType(*this, getLhs()))
      return r;
  return foldBinary(*this, adaptor.getOperands(), nullptr,
                    [](const APInt &a, const APInt &b, bool) {
                      return std::optional<APInt>(a ^ b);
                    });
}

/// Folds a comparison; `holds` maps the three-way result (or NaN) to a bool.
static Attribute foldCompare(Operation *op, ArrayRef<Attribute> operands,
                             function_ref<bool(int)> holds, bool onNaN) {
  ElementKind kind{getElementTypeOrSelf(op->getOperand(0).getType())};
  return foldElementwise(
      operands, op->getOperandTypes(), op->getResult(0).getType(),
      [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
        Scalar r;
        if (kind.isFloat()) {
          if (std::isnan(a[0].f) || std::isnan(a[1].f))
            r.i = APInt(1, onNaN);
          else
            r.i = APInt(1, holds(a[0].f < a[1].f ? -1 : (a[0].f == a[1].f ? 0 : 1)));
        } else {
          r.i = APInt(1, holds(cmpInt(a[0].i, a[1].i,
                                      kind.isUnsigned() || kind.isBool())));
        }
        return r;
      });
}

#define SYMC_COMPARE_FOLD(OP, TEST, ON_NAN)                                    \
  OpFoldResult OP::fold(FoldAdaptor adaptor) {                                 \
    return foldCompare(*this, adaptor.getOperands(),                           \
                       [](int c) { return TEST; }, ON_NAN);                    \
  }
SYMC_COMPARE_FOLD(EqOp, c == 0, false)
SYMC_COMPARE_FOLD(NeOp, c != 0, true)
SYMC_COMPARE_FOLD(LtOp, c < 0, false)
SYMC_COMPARE_FOLD(LeOp, c <= 0, false)
SYMC_COMPARE_FOLD(GtOp, c > 0, false)
SYMC_COMPARE_FOLD(GeOp, c >= 0, false)
#undef SYMC_COMPARE_FOLD

//===----------------------------------------------------------------------===//
// Ternary ops and casts
//===----------------------------------------------------------------------===//

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  // select(c, a, a) => a; select(true, a, b) => a; select(false, a, b) => b.
  if (getOnTrue() == getOnFalse())
    return sameType(*this, getOnTrue());
  if (isSplatOf(adaptor.getCondition(), 1))
    return sameType(*this, getOnTrue());
  if (isSplatOf(adaptor.getCondition(), 0))
    return sameType(*this, getOnFalse());
  return foldElementwise(adaptor.getOperands(), getOperation()->getOperandTypes(),
                         getType(), [&](ArrayRef<Scalar> a) {
                           return std::optional<Scalar>(
                               a[0].i.getBoolValue() ? a[1] : a[2]);
                         });
}

OpFoldResult ClipOp::fold(FoldAdaptor adaptor) {
  ElementKind kind{getType().getElementType()};
  return foldElementwise(
      adaptor.getOperands(), getOperation()->getOperandTypes(), getType(),
      [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
        Scalar r;
        if (kind.isFloat()) {
          r.f = nanMin(nanMax(a[0].f, a[1].f), a[2].f);
          return r;
        }
        bool u = kind.isUnsigned();
        r.i = cmpInt(a[0].i, a[1].i, u) < 0 ? a[1].i : a[0].i;
        r.i = cmpInt(r.i, a[2].i, u) > 0 ? a[2].i : r.i;
        return r;
      });
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  ElementKind from{getInput().getType().getElementType()};
  ElementKind to{getType().getElementType()};
  return foldElementwise(
      adaptor.getOperands(), getOperation()->getOperandTypes(), getType(),
      [&](ArrayRef<Scalar> a) -> std::optional<Scalar> {
        Scalar r;
        if (to.isBool()) {
          r.i = APInt(1, from.isFloat() ? a[0].f != 0 : !a[0].i.isZero());
          return r;
        }
        if (from.isFloat() && to.isFloat()) {
          r.f = a[0].f;
          return r;
        }
        if (from.isFloat()) {
          // Truncation toward zero; NaN and values outside the target range
          // have no defined result (the lowering's fptosi/fptoui gives
          // poison), so such a cast is left to run time, not folded.
          APSInt value(to.width(), to.isUnsigned());
          bool exact;
          APFloat::opStatus status = APFloat(a[0].f).convertToInteger(
              value, APFloat::rmTowardZero, &exact);
          if (status & APFloat::opInvalidOp)
            return std::nullopt;
          r.i = value;
          return r;
        }
        bool fromSigned = !from.isUnsigned() && !from.isBool();
        if (to.isFloat()) {
          // Round once, directly to the target format (an i64 -> f32 cast
          // through double could round twice).
          APFloat value(cast<FloatType>(to.type).getFloatSemantics());
          value.convertFromAPInt(a[0].i, fromSigned,
                                 APFloat::rmNearestTiesToEven);
          r.f = value.convertToDouble();
          return r;
        }
        r.i = fromSigned ? a[0].i.sextOrTrunc(to.width())
                         : a[0].i.zextOrTrunc(to.width());
        return r;
      });
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// A reduction that reduces nothing, or only static size-1 dimensions while
/// keeping them, returns its input (when the types agree).
template <typename OpT>
static OpFoldResult foldTrivialReduce(OpT op) {
  auto input = op.getInput().getType();
  bool trivial = llvm::all_of(op.getAxes(), [&](int64_t axis) {
    return input.getDimSize(axis) == 1 && op.getKeepdims();
  });
  if (trivial)
    return sameType(op, op.getInput());
  return {};
}

#define SYMC_REDUCE_FOLD(OP)                                                   \
  OpFoldResult OP::fold(FoldAdaptor) { return foldTrivialReduce(*this); }
SYMC_REDUCE_OPS(SYMC_REDUCE_FOLD)
#undef SYMC_REDUCE_FOLD

//===----------------------------------------------------------------------===//
// Constants and shape ops
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  RankedTensorType input = getInput().getType();
  if (!input.hasStaticShape() || !getType().hasStaticShape())
    return {};
  return DenseElementsAttr::get(getType(), input.getShape());
}

OpFoldResult DimshuffleOp::fold(FoldAdaptor adaptor) {
  // dimshuffle(x, [0, 1, ..., n-1]) => x
  ArrayRef<int64_t> pattern = getPattern();
  if (isPermutation() &&
      llvm::equal(pattern, llvm::seq<int64_t>(0, pattern.size())))
    return sameType(*this, getInput());
  // A dimshuffle of a splat constant is a splat.
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(adaptor.getInput()))
    if (getType().hasStaticShape())
      return SplatElementsAttr::get(getType(), splat.getSplatValue<Attribute>());
  return {};
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  // reshape(x) => x when the shape cannot change.
  if (getInput().getType() == getType() && getType().hasStaticShape())
    return getInput();
  auto dense = dyn_cast_if_present<DenseElementsAttr>(adaptor.getInput());
  std::optional<int64_t> count = staticNumElements(getType().getShape());
  if (dense && count && *count == dense.getNumElements())
    return dense.reshape(getType());
  return {};
}

OpFoldResult BroadcastToOp::fold(FoldAdaptor adaptor) {
  // broadcast_to(x) => x when nothing is broadcast.
  if (getInput().getType() == getType() && getType().hasStaticShape())
    return getInput();
  if (auto splat = dyn_cast_if_present<SplatElementsAttr>(adaptor.getInput()))
    if (getType().hasStaticShape())
      return SplatElementsAttr::get(getType(), splat.getSplatValue<Attribute>());
  return {};
}

OpFoldResult ConcatenateOp::fold(FoldAdaptor) {
  // concatenate(x) => x
  if (getInputs().size() == 1)
    return sameType(*this, getInputs().front());
  return {};
}

OpFoldResult SubtensorOp::fold(FoldAdaptor) {
  // x[:, ::1, 0:] => x
  bool whole = llvm::all_of(getEntries(), [](const IndexEntry &e) {
    return e.isSlice &&
           (e.start.isNone() || (e.start.isStatic() && e.start.value == 0)) &&
           e.stop.isNone() &&
           (e.step.isNone() || (e.step.isStatic() && e.step.value == 1));
  });
  if (whole)
    return sameType(*this, getInput());
  return {};
}
