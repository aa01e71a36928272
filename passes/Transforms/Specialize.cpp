//===- Specialize.cpp - faster special cases (symc-specialize) ------------===//
//
// Implements symc-specialize: powers by constants become squares, square
// roots, reciprocals or multiplication chains; divisions by constants
// become multiplications where that is exact (or allowed); matrix and
// matrix-vector products become BLAS-shaped gemm and gemv ops that absorb
// transposes (as flags), scalar factors (into alpha) and an accumulated
// term (beta * C); rank-1 updates become ger; sums of products of vectors
// become dot. Everything here is for speed; stability was settled by
// symc-stabilize, which runs first.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/Cleanup.h"
#include "passes/Transforms/GreedyConfig.h"
#include "passes/Transforms/RewriteUtils.h"

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace mlir::symc {
#define GEN_PASS_DEF_SPECIALIZEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The rewrites symc-specialize counts (pattern debug names), in the order
/// `--mlir-pass-statistics` lists them.
const RewriteInfo kSpecializeRewrites[] = {
    {"pow-to-sqr", "x ** 2, x * x => sqr(x)"},
    {"pow-to-sqrt", "x ** 0.5 => sqrt(x)"},
    {"pow-to-reciprocal", "x ** -1, x ** -0.5, 1 / x => reciprocal(...)"},
    {"pow-to-multiplications", "x ** n => squarings and multiplications"},
    {"pow-zero", "x ** 0 => 1"},
    {"div-by-constant", "x / c => x * (1 / c)"},
    {"dot-to-gemm", "dot(op(A), op(B)) => gemm"},
    {"dot-to-gemv", "dot(op(A), x), dot(x, op(A)) => gemv"},
    {"blas-scale", "s * gemm, s * gemv, -gemm, -gemv => alpha, beta scaled"},
    {"blas-accumulate", "gemm + beta * C, gemv + beta * y => accumulate"},
    {"gemm-transpose", "transpose(gemm(A, B)) => gemm(B, A), flags swapped"},
    {"outer-to-ger", "A + alpha * outer(x, y) => ger"},
    {"sum-of-product-to-dot", "sum(x * y), sum(sqr(x)) => dot"},
};

/// A splat-1 tensor of `rank` dimensions and element type `element`.
Value onesLike(OpBuilder &b, Location loc, Type element, int64_t rank) {
  auto type = RankedTensorType::get(SmallVector<int64_t>(rank, 1), element);
  Attribute one = isa<FloatType>(element)
                      ? Attribute(b.getFloatAttr(element, 1.0))
                      : Attribute(b.getIntegerAttr(element, 1));
  return ConstantOp::create(b, loc, DenseElementsAttr::get(type, one));
}

//===----------------------------------------------------------------------===//
// Powers and divisions
//===----------------------------------------------------------------------===//

/// x ** p for a splat constant p, one family of exponents per instance (so
/// that each family is counted under its own name). The exponent must not
/// broadcast x to a larger shape.
struct SpecializePow : OpRewritePattern<PowOp> {
  enum class Family { Square, SquareRoot, Reciprocal, Chain, Zero };

  SpecializePow(MLIRContext *context, Family family, unsigned maxChain)
      : OpRewritePattern(context), family(family), maxChain(maxChain) {}

  LogicalResult matchAndRewrite(PowOp op,
                                PatternRewriter &rewriter) const override {
    Value x = op.getLhs();
    std::optional<double> p = getSplatValue(op.getRhs());
    if (!p || x.getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "not x ** splat of x's type");
    bool isFloat = isFloatTensor(x);
    Location loc = op.getLoc();
    Value result;
    switch (family) {
    // x ** 2 => sqr(x)
    case Family::Square:
      if (*p == 2)
        result = SqrOp::create(rewriter, loc, x);
      break;
    // x ** 0.5 => sqrt(x)
    case Family::SquareRoot:
      if (isFloat && *p == 0.5)
        result = SqrtOp::create(rewriter, loc, x);
      break;
    // x ** -1 => reciprocal(x); x ** -0.5 => reciprocal(sqrt(x))
    case Family::Reciprocal:
      if (isFloat && *p == -1)
        result = ReciprocalOp::create(rewriter, loc, x);
      else if (isFloat && *p == -0.5)
        result = ReciprocalOp::create(rewriter, loc,
                                      SqrtOp::create(rewriter, loc, x));
      break;
    // x ** 0 => 1 (also for NaN, as C's pow)
    case Family::Zero:
      if (*p == 0) {
        auto type = op.getType();
        Value one = onesLike(rewriter, loc, type.getElementType(), type.getRank());
        result = BroadcastToOp::create(rewriter, loc, type, one,
                                       ShapeOp::create(rewriter, loc, x));
      }
      break;
    // x ** n => binary powering with sqr; its reciprocal for n < 0
    case Family::Chain: {
      double n = std::fabs(*p);
      if (n != std::floor(n) || n < 3 || n > maxChain || (!isFloat && *p < 0))
        break;
      uint64_t e = static_cast<uint64_t>(n);
      Value acc, base = x;
      while (e) {
        if (e & 1)
          acc = acc ? MulOp::create(rewriter, loc, acc, base).getResult() : base;
        e >>= 1;
        if (e)
          base = SqrOp::create(rewriter, loc, base);
      }
      result = *p < 0 ? ReciprocalOp::create(rewriter, loc, acc).getResult() : acc;
      break;
    }
    }
    if (!result)
      return rewriter.notifyMatchFailure(op, "exponent of another family");
    rewriter.replaceOp(op, result);
    return success();
  }

  Family family;
  unsigned maxChain;
};

/// x * x => sqr(x)
struct MulSelf : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getLhs() != op.getRhs() || op.getLhs().getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "not x * x");
    rewriter.replaceOpWithNewOp<SqrOp>(op, op.getLhs());
    return success();
  }
};

/// 1 / x => reciprocal(x), when the 1 does not broadcast x.
struct OneOver : OpRewritePattern<DivOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DivOp op,
                                PatternRewriter &rewriter) const override {
    if (!isSplatConstant(op.getLhs(), 1.0) || op.getRhs().getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "not 1 / x");
    rewriter.replaceOpWithNewOp<ReciprocalOp>(op, op.getRhs());
    return success();
  }
};

/// x / c => x * (1 / c) for a float constant c: multiplication is several
/// times cheaper than division. Only when every 1 / c is exact (c a power of
/// two whose reciprocal is a normal number), so that x * (1 / c) == x / c
/// for every x, unless `allowReciprocal`.
struct DivByConstant : OpRewritePattern<DivOp> {
  DivByConstant(MLIRContext *context, bool allowReciprocal)
      : OpRewritePattern(context), allowReciprocal(allowReciprocal) {}

  LogicalResult matchAndRewrite(DivOp op,
                                PatternRewriter &rewriter) const override {
    DenseElementsAttr c;
    if (!matchPattern(op.getRhs(), m_Constant(&c)) ||
        c.getNumElements() > (1 << 16))
      return rewriter.notifyMatchFailure(op, "divisor is not a small constant");
    auto element = cast<FloatType>(c.getElementType());
    SmallVector<APFloat> reciprocals;
    for (APFloat v : c.getValues<APFloat>()) {
      if (v.isZero() || !v.isFinite())
        return rewriter.notifyMatchFailure(op, "divisor has 0 or inf or NaN");
      APFloat r(element.getFloatSemantics(), 1);
      APFloat::opStatus status = r.divide(v, APFloat::rmNearestTiesToEven);
      if (!r.isFinite() || r.isZero() ||
          (!allowReciprocal && (status != APFloat::opOK || r.isDenormal())))
        return rewriter.notifyMatchFailure(op, "a reciprocal is not exact");
      reciprocals.push_back(r);
    }
    Value factor = ConstantOp::create(
        rewriter, op.getLoc(), DenseElementsAttr::get(c.getType(), reciprocals));
    rewriter.replaceOpWithNewOp<MulOp>(op, op.getType(), op.getLhs(), factor);
    return success();
  }

  bool allowReciprocal;
};

//===----------------------------------------------------------------------===//
// BLAS: operands stripped of scalars and transposes
//===----------------------------------------------------------------------===//

/// A float tensor of static size 1 in every dimension (rank 0 included): a
/// scalar, as alpha and beta are.
bool isScalar(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && isFloatTensor(v) &&
         llvm::all_of(type.getShape(), [](int64_t d) { return d == 1; });
}

/// `v` as a rank-0 tensor (dropping its static-1 dimensions; a scalar that
/// a dimshuffle gave those dimensions is taken as it was).
Value toRank0(OpBuilder &b, Location loc, Value v) {
  while (auto shuffle = v.getDefiningOp<DimshuffleOp>())
    if (isScalar(shuffle.getInput()))
      v = shuffle.getInput();
    else
      break;
  if (cast<RankedTensorType>(v.getType()).getRank() == 0)
    return v;
  return b.createOrFold<DimshuffleOp>(loc, v, b.getDenseI64ArrayAttr({}));
}

/// A rank-0 float constant.
Value scalarConstant(OpBuilder &b, Location loc, Type element, double value) {
  auto type = RankedTensorType::get({}, element);
  return ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, b.getFloatAttr(element, value)));
}

/// An operand of a product with its scalar factors, negations and (for
/// matrices) transposes taken out: the operand is `(-1)^negate * prod(scales)
/// * op(value)`.
struct Stripped {
  Value value;
  SmallVector<Value> scales;
  bool negate = false;
  bool transpose = false;
};

/// True for dimshuffle [1, 0].
bool isTranspose(Operation *op) {
  auto shuffle = dyn_cast_or_null<DimshuffleOp>(op);
  return shuffle && shuffle.getPattern() == ArrayRef<int64_t>{1, 0};
}

/// Takes scalar products, negations and (when `transposes`) transposes off
/// `v`. A scalar multiplies v elementwise only when v alone has the
/// product's shape (the scalar does not broadcast it).
Stripped strip(Value v, bool transposes) {
  Stripped s;
  while (Operation *def = v.getDefiningOp()) {
    if (auto neg = dyn_cast<NegOp>(def)) {
      s.negate = !s.negate;
      v = neg.getInput();
      continue;
    }
    if (auto mul = dyn_cast<MulOp>(def)) {
      if (isScalar(mul.getLhs()) && mul.getRhs().getType() == mul.getType()) {
        s.scales.push_back(mul.getLhs());
        v = mul.getRhs();
        continue;
      }
      if (isScalar(mul.getRhs()) && mul.getLhs().getType() == mul.getType()) {
        s.scales.push_back(mul.getRhs());
        v = mul.getLhs();
        continue;
      }
    }
    if (transposes && isTranspose(def)) {
      s.transpose = !s.transpose;
      v = def->getOperand(0);
      continue;
    }
    break;
  }
  s.value = v;
  return s;
}

/// (-1)^negate * prod(scales) as a rank-0 tensor of `element` (1 when there
/// are no scales); constants fold.
Value scaleOf(OpBuilder &b, Location loc, Type element, ArrayRef<Value> scales,
              bool negate) {
  Value acc;
  for (Value s : scales) {
    Value s0 = toRank0(b, loc, s);
    acc = acc ? b.createOrFold<MulOp>(loc, acc, s0) : s0;
  }
  if (!acc)
    acc = scalarConstant(b, loc, element, 1.0);
  return negate ? b.createOrFold<NegOp>(loc, acc) : acc;
}

/// An uninitialized accumulator of `type` for a BLAS op with beta = 0; its
/// dynamic sizes are read from `sizeOf[d] = (value, dim)`.
Value emptyAccumulator(OpBuilder &b, Location loc, RankedTensorType type,
                       ArrayRef<std::pair<Value, int64_t>> sizeOf) {
  SmallVector<Value> dynamic;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamic.push_back(b.createOrFold<tensor::DimOp>(loc, sizeOf[d].first,
                                                      sizeOf[d].second));
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType(),
                                 dynamic);
}

/// True for a gemm/gemv whose beta is 0: C (y) is not read.
bool hasNoAccumulator(Operation *op) {
  return isa<GemmOp, GemvOp>(op) && isSplatConstant(op->getOperand(3), 0.0);
}

/// A copy of gemm/gemv `op` with alpha, beta and the accumulator replaced
/// (operands 0, 3 and 4 of both ops); its result takes the accumulator's
/// type, as both ops require.
Value rebuildBlas(PatternRewriter &rewriter, Operation *op, Value alpha,
                  Value beta, Value acc) {
  Operation *copy = rewriter.clone(*op);
  copy->setOperand(0, alpha);
  copy->setOperand(3, beta);
  copy->setOperand(4, acc);
  copy->getResult(0).setType(acc.getType());
  return copy->getResult(0);
}

//===----------------------------------------------------------------------===//
// gemm and gemv from dot
//===----------------------------------------------------------------------===//

/// dot(A, B) of float matrices => gemm(alpha, A', B', 0, empty) with the
/// transposes of A and B as flags and their scalar factors in alpha.
struct DotToGemm : OpRewritePattern<DotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DotOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    if (!isFloatTensor(op) || type.getRank() != 2 ||
        op.getLhs().getType().getRank() != 2)
      return rewriter.notifyMatchFailure(op, "not a float matrix product");
    Location loc = op.getLoc();
    Stripped a = strip(op.getLhs(), true), b = strip(op.getRhs(), true);
    SmallVector<Value> scales(a.scales);
    scales.append(b.scales);
    Type element = type.getElementType();
    Value alpha = scaleOf(rewriter, loc, element, scales, a.negate != b.negate);
    Value beta = scalarConstant(rewriter, loc, element, 0.0);
    Value c = emptyAccumulator(rewriter, loc, type,
                               {{a.value, a.transpose ? 1 : 0},
                                {b.value, b.transpose ? 0 : 1}});
    rewriter.replaceOpWithNewOp<GemmOp>(
        op, type, alpha, a.value, b.value, beta, c,
        a.transpose ? rewriter.getUnitAttr() : UnitAttr(),
        b.transpose ? rewriter.getUnitAttr() : UnitAttr());
    return success();
  }
};

/// dot(A, x) => gemv(alpha, A', x', 0, empty); dot(x, A) => the same with A
/// transposed (x A = A^T x). Transposes and scalars fold as for gemm.
struct DotToGemv : OpRewritePattern<DotOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DotOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    int64_t lr = op.getLhs().getType().getRank(),
            rr = op.getRhs().getType().getRank();
    if (!isFloatTensor(op) || type.getRank() != 1 || lr + rr != 3)
      return rewriter.notifyMatchFailure(op, "not a float matrix-vector product");
    Location loc = op.getLoc();
    bool matrixFirst = lr == 2;
    Stripped a = strip(matrixFirst ? op.getLhs() : op.getRhs(), true);
    Stripped x = strip(matrixFirst ? op.getRhs() : op.getLhs(), false);
    bool transpose = matrixFirst ? a.transpose : !a.transpose;
    SmallVector<Value> scales(a.scales);
    scales.append(x.scales);
    Type element = type.getElementType();
    Value alpha = scaleOf(rewriter, loc, element, scales, a.negate != x.negate);
    Value beta = scalarConstant(rewriter, loc, element, 0.0);
    Value y = emptyAccumulator(rewriter, loc, type,
                               {{a.value, transpose ? 1 : 0}});
    rewriter.replaceOpWithNewOp<GemvOp>(
        op, type, alpha, a.value, x.value, beta, y,
        transpose ? rewriter.getUnitAttr() : UnitAttr());
    return success();
  }
};

/// s * gemm(alpha, A, B, beta, C) => gemm(s * alpha, A, B, s * beta, C) for
/// a scalar s, and -gemm => gemm(-alpha, ..., -beta, C); the same for gemv.
/// A beta of 0 stays 0 (C is not read).
struct ScaleBlas : RewritePattern {
  ScaleBlas(MLIRContext *context, StringRef rootName)
      : RewritePattern(rootName, /*benefit=*/1, context) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    Value blas, scale;
    bool negate = false;
    if (auto neg = dyn_cast<NegOp>(op)) {
      blas = neg.getInput();
      negate = true;
    } else if (auto mul = dyn_cast<MulOp>(op)) {
      for (auto [s, v] : {std::pair(mul.getLhs(), mul.getRhs()),
                          std::pair(mul.getRhs(), mul.getLhs())})
        if (isScalar(s) && v.getType() == mul.getType() && v.getDefiningOp() &&
            isa<GemmOp, GemvOp>(v.getDefiningOp())) {
          blas = v;
          scale = s;
          break;
        }
    }
    Operation *def = blas ? blas.getDefiningOp() : nullptr;
    if (!def || !isa<GemmOp, GemvOp>(def) || !blas.hasOneUse())
      return rewriter.notifyMatchFailure(op, "not a scaled gemm or gemv");
    Location loc = op->getLoc();
    Type element = getElementTypeOrSelf(blas.getType());
    SmallVector<Value> scales;
    if (scale)
      scales.push_back(scale);
    Value factor = scaleOf(rewriter, loc, element, scales, negate);
    Value alpha = rewriter.createOrFold<MulOp>(loc, factor, def->getOperand(0));
    Value beta = hasNoAccumulator(def)
                     ? def->getOperand(3)
                     : rewriter.createOrFold<MulOp>(loc, factor, def->getOperand(3));
    Value result = rebuildBlas(rewriter, def, alpha, beta, def->getOperand(4));
    rewriter.replaceOp(op, castToType(rewriter, loc, result,
                                      op->getResult(0).getType()));
    return success();
  }
};

/// gemm(alpha, A, B, 0, _) + beta * C => gemm(alpha, A, B, beta, C) (also
/// C + ..., and with -, which negates alpha or beta), when C has the sum's
/// shape (it is not broadcast); the same for gemv and y.
struct AccumulateBlas : RewritePattern {
  AccumulateBlas(MLIRContext *context, StringRef rootName)
      : RewritePattern(rootName, /*benefit=*/1, context) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    bool isSub = isa<SubOp>(op);
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    for (unsigned k = 0; k < 2; ++k) {
      Value blas = op->getOperand(k), other = op->getOperand(1 - k);
      Operation *def = blas.getDefiningOp();
      if (!def || !hasNoAccumulator(def) || !blas.hasOneUse())
        continue;
      Stripped c = strip(other, false);
      auto cType = cast<RankedTensorType>(c.value.getType());
      if (!isFloatTensor(c.value) || cType.getShape() != resultType.getShape() ||
          cType.getRank() != cast<RankedTensorType>(blas.getType()).getRank())
        continue;
      Location loc = op->getLoc();
      Type element = resultType.getElementType();
      // k == 1 with `-`: C - alpha AB; k == 0 with `-`: alpha AB - C.
      bool negateAlpha = isSub && k == 1, negateBeta = isSub && k == 0;
      Value alpha = def->getOperand(0);
      if (negateAlpha)
        alpha = rewriter.createOrFold<NegOp>(loc, alpha);
      Value beta = scaleOf(rewriter, loc, element, c.scales,
                           c.negate != negateBeta);
      Value result = rebuildBlas(rewriter, def, alpha, beta, c.value);
      rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no gemm or gemv to accumulate into");
  }
};

/// transpose(gemm(alpha, A, B, 0, _)) => gemm(alpha, B, A, 0, _) with each
/// flag swapped and toggled: (op(A) op(B))^T = op(B)^T op(A)^T.
struct TransposeGemm : OpRewritePattern<DimshuffleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DimshuffleOp op,
                                PatternRewriter &rewriter) const override {
    auto gemm = op.getInput().getDefiningOp<GemmOp>();
    if (!isTranspose(op) || !gemm || !hasNoAccumulator(gemm) ||
        !gemm->hasOneUse())
      return rewriter.notifyMatchFailure(op, "not a transposed gemm");
    Location loc = op.getLoc();
    RankedTensorType type = op.getType();
    bool ta = !gemm.getTransposeB(), tb = !gemm.getTransposeA();
    Value c = emptyAccumulator(rewriter, loc, type,
                               {{gemm.getB(), ta ? 1 : 0},
                                {gemm.getA(), tb ? 0 : 1}});
    rewriter.replaceOpWithNewOp<GemmOp>(
        op, type, gemm.getAlpha(), gemm.getB(), gemm.getA(), gemm.getBeta(), c,
        ta ? rewriter.getUnitAttr() : UnitAttr(),
        tb ? rewriter.getUnitAttr() : UnitAttr());
    return success();
  }
};

/// A + alpha * outer(x, y) => ger(alpha, x, y, A) (also A - ..., and the
/// transposed outer product outer(y, x)^T), when A has the sum's shape and
/// the outer product is not broadcast along a static size-1 side.
struct OuterToGer : RewritePattern {
  OuterToGer(MLIRContext *context, StringRef rootName)
      : RewritePattern(rootName, /*benefit=*/1, context) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    bool isSub = isa<SubOp>(op);
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    if (!isFloatTensor(op->getResult(0)) || resultType.getRank() != 2)
      return rewriter.notifyMatchFailure(op, "not a float matrix sum");
    for (unsigned k = 0; k < (isSub ? 1u : 2u); ++k) {
      Value a = op->getOperand(k);
      Stripped p = strip(op->getOperand(1 - k), true);
      auto outer = p.value.getDefiningOp<OuterOp>();
      if (!outer || cast<RankedTensorType>(a.getType()).getShape() !=
                        resultType.getShape())
        continue;
      Value x = outer.getLhs(), y = outer.getRhs();
      if (p.transpose)
        std::swap(x, y);
      // A static size-1 x or y that the sum broadcasts (outer(x, y) of 1 x 1
      // added to a 1 x n matrix) is no rank-1 update of A: ger needs x and
      // y as long as A's sides.
      auto broadcast = [&](Value v, int64_t side) {
        return cast<RankedTensorType>(v.getType()).getDimSize(0) == 1 &&
               resultType.getDimSize(side) != 1;
      };
      if (broadcast(x, 0) || broadcast(y, 1))
        continue;
      Location loc = op->getLoc();
      Value alpha = scaleOf(rewriter, loc, resultType.getElementType(), p.scales,
                            p.negate != isSub);
      Value result = GerOp::create(rewriter, loc, a.getType(), alpha, x, y, a);
      rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no outer product");
  }
};

/// sum(x * y) over two float vectors of one shape => dot(x, y), and
/// sum(sqr(x)) => dot(x, x): one BLAS call, no temporary vector.
struct SumOfProductToDot : OpRewritePattern<ReduceSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceSumOp op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getInput();
    if (!isFloatTensor(input) || op.getInput().getType().getRank() != 1 ||
        !input.hasOneUse())
      return rewriter.notifyMatchFailure(op, "not the sum of a float vector");
    Value x, y;
    if (auto mul = input.getDefiningOp<MulOp>()) {
      x = mul.getLhs();
      y = mul.getRhs();
    } else if (auto sqr = input.getDefiningOp<SqrOp>()) {
      x = y = sqr.getInput();
    }
    if (!x || x.getType() != y.getType() || x.getType() != input.getType())
      return rewriter.notifyMatchFailure(op, "not a product of equal vectors");
    Location loc = op.getLoc();
    Value dot = DotOp::create(rewriter, loc, x, y);
    if (op.getKeepdims())
      dot = DimshuffleOp::create(rewriter, loc, dot,
                                 rewriter.getDenseI64ArrayAttr(
                                     {DimshuffleOp::kNewAxis}));
    rewriter.replaceOp(op, castToType(rewriter, loc, dot, op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct SpecializePass : symc::impl::SpecializePassBase<SpecializePass> {
  using SpecializePassBase::SpecializePassBase;

  LogicalResult initialize(MLIRContext *context) override {
    RewritePatternSet set(context);
    SpecializeOptions options;
    options.allowReciprocal = allowReciprocal;
    options.maxPowChain = maxPowChain;
    populateSymcSpecializePatterns(set, options);
    patterns = std::make_shared<FrozenRewritePatternSet>(std::move(set));
    return success();
  }

  void runOnOperation() override {
    PatternCounter counter;
    // Every change also goes to the optimize pipeline's log, for its last
    // cleanup.
    RecordingListener logger(&counter,
                             CleanupLog::changesOf(log, getOperation()));
    GreedyRewriteConfig config;
    config.setListener(&logger);
    config.setRegionSimplificationLevel(
        regionSimplificationFor(getOperation()));
    config.enableConstantCSE(cseConstants);
    // Without folding the driver's visit of an op is its patterns only: a
    // fold attempt reads every operand's producer for a constant (half the
    // pass on B4's gradient, whose ops stabilize left folded).
    config.enableFolding(fold);
    bool changed = false;
    if (failed(applyPatternsGreedily(getOperation(), *patterns, config,
                                     &changed))) {
      getOperation().emitError("symc-specialize did not converge");
      return signalPassFailure();
    }
    if (!changed)
      markAllAnalysesPreserved();
    recordRewriteStatistics(getArgument(), kSpecializeRewrites, counter);
  }

  std::shared_ptr<FrozenRewritePatternSet> patterns;
  std::shared_ptr<CleanupLog> log;
};

} // namespace

std::unique_ptr<Pass>
mlir::symc::createSpecializePass(const SpecializePassOptions &options,
                                 std::shared_ptr<CleanupLog> log) {
  return CleanupLog::attach(std::make_unique<SpecializePass>(options),
                            std::move(log));
}

void mlir::symc::populateSymcSpecializePatterns(
    RewritePatternSet &patterns, const SpecializeOptions &options) {
  using Family = SpecializePow::Family;
  unsigned chain = options.maxPowChain;
  addNamedPattern<SpecializePow>(patterns, "pow-to-sqr", Family::Square, chain);
  addNamedPattern<SpecializePow>(patterns, "pow-to-sqrt", Family::SquareRoot,
                                 chain);
  addNamedPattern<SpecializePow>(patterns, "pow-to-reciprocal",
                                 Family::Reciprocal, chain);
  addNamedPattern<SpecializePow>(patterns, "pow-to-multiplications",
                                 Family::Chain, chain);
  addNamedPattern<SpecializePow>(patterns, "pow-zero", Family::Zero, chain);
  addNamedPattern<MulSelf>(patterns, "pow-to-sqr");
  addNamedPattern<OneOver>(patterns, "pow-to-reciprocal");
  addNamedPattern<DivByConstant>(patterns, "div-by-constant",
                                 options.allowReciprocal);
  addNamedPattern<DotToGemm>(patterns, "dot-to-gemm");
  addNamedPattern<DotToGemv>(patterns, "dot-to-gemv");
  for (StringRef root : {MulOp::getOperationName(), NegOp::getOperationName()})
    addNamedPattern<ScaleBlas>(patterns, "blas-scale", root);
  for (StringRef root : {AddOp::getOperationName(), SubOp::getOperationName()}) {
    addNamedPattern<AccumulateBlas>(patterns, "blas-accumulate", root);
    addNamedPattern<OuterToGer>(patterns, "outer-to-ger", root);
  }
  addNamedPattern<TransposeGemm>(patterns, "gemm-transpose");
  addNamedPattern<SumOfProductToDot>(patterns, "sum-of-product-to-dot");
}
