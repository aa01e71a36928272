//===- NN.cpp - symc neural-network ops to linalg and scf -----------------===//
//
// Lowers softmax and log_softmax (max-shifted, so nothing overflows), the
// crossentropies (label targets are range-checked before they index), conv2d
// and its two gradients (padding by border mode, strides, dilation, filter
// flip) and 2-D pooling with its gradient. Convolutions are linalg.generic
// loop nests whose innermost loop runs along output columns; the input
// gradient gathers from the output gradient, so no two iterations write one
// element. Pooling collapses the leading dimensions to one batch dimension;
// the pooling gradient scatters with sequential scf.for loops.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"
#include "passes/Conversion/SymcToLinalg/ScalarOps.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

using P = arith::CmpIPredicate;
using FP = arith::CmpFPredicate;

/// Short spellings for index arithmetic.
struct IndexOps {
  OpBuilder &b;
  Location loc;
  Value c(int64_t v) { return indexConstant(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivSIOp::create(b, loc, x, y); }
  Value rem(Value x, Value y) { return arith::RemSIOp::create(b, loc, x, y); }
  Value min(Value x, Value y) { return arith::MinSIOp::create(b, loc, x, y); }
  Value max(Value x, Value y) { return arith::MaxSIOp::create(b, loc, x, y); }
  Value cmp(P p, Value x, Value y) { return arith::CmpIOp::create(b, loc, p, x, y); }
  Value andi(Value x, Value y) { return arith::AndIOp::create(b, loc, x, y); }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value index(int64_t dim) { return linalg::IndexOp::create(b, loc, dim); }
};

//===----------------------------------------------------------------------===//
// Softmax family
//===----------------------------------------------------------------------===//

/// Per-row statistics of x along `axis`: the maximum and the sum of
/// exp(x - max), over the shape of x without `axis`.
struct SoftmaxStats {
  Value max, sum;
  SmallVector<OpFoldResult> reducedShape;
  AffineMap reducedMap;
};

SoftmaxStats softmaxStats(OpBuilder &b, Location loc, Value x, int64_t axis) {
  auto type = cast<RankedTensorType>(x.getType());
  Type elem = type.getElementType();
  int64_t rank = type.getRank();
  SoftmaxStats stats;
  for (int64_t d = 0; d < rank; ++d)
    if (d != axis)
      stats.reducedShape.push_back(getDimSize(b, loc, x, d));
  stats.reducedMap = reducedIndexingMap(b.getContext(), rank, {axis}, false);
  Value maxInit = filledTensor(b, loc, stats.reducedShape,
                               lowestValue(b, loc, elem, false));
  stats.max = buildReduction(b, loc, x, {axis}, false, maxInit,
                             [](OpBuilder &nb, Location l, Value v, Value acc) {
                               return scalar::maximum(nb, l, acc, v, false);
                             });
  Value sumInit = filledTensor(b, loc, stats.reducedShape,
                               scalarConstant(b, loc, elem, 0.0));
  stats.sum = linalg::GenericOp::create(
                  b, loc, sumInit.getType(), ValueRange{x, stats.max},
                  ValueRange{sumInit},
                  {b.getMultiDimIdentityMap(rank), stats.reducedMap,
                   stats.reducedMap},
                  reductionIterators(rank, {axis}),
                  [&](OpBuilder &nb, Location l, ValueRange args) {
                    Value e = math::ExpOp::create(
                        nb, l, arith::SubFOp::create(nb, l, args[0], args[1]));
                    linalg::YieldOp::create(
                        nb, l, scalar::reductionAdd(nb, l, args[2], e));
                  })
                  .getResult(0);
  return stats;
}

/// log(sum) over the reduced shape (logsumexp - max of each row). Callers
/// subtract it from x - max, never from x - logsumexp: max + log(sum) rounds
/// at the magnitude of max and loses log(sum)'s low bits (log_softmax of
/// [1000, -1000, 1000] in f32 would be off by 3e-5).
Value logOfSum(OpBuilder &b, Location loc, const SoftmaxStats &stats,
               Type elem) {
  AffineMap id = b.getMultiDimIdentityMap(stats.reducedShape.size());
  return buildParallelGeneric(
      b, loc, ValueRange{stats.sum}, {id}, stats.reducedShape, elem,
      [](OpBuilder &nb, Location l, ValueRange args) -> Value {
        return math::LogOp::create(nb, l, args[0]);
      });
}

/// softmax(x, axis) => m = max, s = sum(exp(x - m)), exp(x - m) / s.
struct SoftmaxLowering : OpConversionPattern<SoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    int64_t rank = type.getRank();
    SoftmaxStats stats = softmaxStats(rewriter, loc, x, op.getAxis());
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    Value result = buildParallelGeneric(
        rewriter, loc, ValueRange{x, stats.max, stats.sum},
        {id, stats.reducedMap, stats.reducedMap}, getShape(rewriter, loc, x),
        type.getElementType(), [](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value e = math::ExpOp::create(b, l, arith::SubFOp::create(b, l, args[0], args[1]));
          return arith::DivFOp::create(b, l, e, args[2]);
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// log_softmax(x, axis) => (x - max) - log(sum(exp(x - max))).
struct LogSoftmaxLowering : OpConversionPattern<LogSoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(LogSoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = cast<RankedTensorType>(x.getType());
    SoftmaxStats stats = softmaxStats(rewriter, loc, x, op.getAxis());
    Value logSum = logOfSum(rewriter, loc, stats, type.getElementType());
    AffineMap id = rewriter.getMultiDimIdentityMap(type.getRank());
    Value result = buildParallelGeneric(
        rewriter, loc, ValueRange{x, stats.max, logSum},
        {id, stats.reducedMap, stats.reducedMap}, getShape(rewriter, loc, x),
        type.getElementType(),
        [](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
          return arith::SubFOp::create(b, l, shifted, args[2]);
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Crossentropies
//===----------------------------------------------------------------------===//

/// Checks that every label is in [0, classes) before any label indexes.
void emitLabelChecks(OpBuilder &b, Operation *op, Value labels, Type origElem,
                     OpFoldResult classes) {
  Location loc = op->getLoc();
  bool isUnsigned = hasUnsignedSemantics(origElem);
  Type elem = cast<RankedTensorType>(labels.getType()).getElementType();
  Type i64 = b.getI64Type();
  Value minInit = filledTensor(b, loc, {}, highestValue(b, loc, elem, isUnsigned));
  Value maxInit = filledTensor(b, loc, {}, lowestValue(b, loc, elem, isUnsigned));
  AffineMap reduced = AffineMap::get(1, 0, {}, b.getContext());
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{minInit.getType(), maxInit.getType()}, ValueRange{labels},
      ValueRange{minInit, maxInit},
      {b.getMultiDimIdentityMap(1), reduced, reduced},
      {utils::IteratorType::reduction},
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(
            nb, nl,
            ValueRange{scalar::minimum(nb, nl, args[1], args[0], isUnsigned),
                       scalar::maximum(nb, nl, args[2], args[0], isUnsigned)});
      });
  auto widen = [&](Value v) -> Value {
    if (v.getType() == i64)
      return v;
    if (isUnsigned)
      return arith::ExtUIOp::create(b, loc, i64, v);
    return arith::ExtSIOp::create(b, loc, i64, v);
  };
  Value lo = widen(tensor::ExtractOp::create(b, loc, generic.getResult(0), ValueRange{}));
  Value hi = widen(tensor::ExtractOp::create(b, loc, generic.getResult(1), ValueRange{}));
  Value n = arith::IndexCastOp::create(b, loc, i64, toIndex(b, loc, classes));
  Value loOk = arith::CmpIOp::create(b, loc, P::sge, lo,
                                     scalarConstant(b, loc, i64, 0));
  Value hiOk = arith::CmpIOp::create(b, loc, P::slt, hi, n);
  emitCheck(b, op, arith::AndIOp::create(b, loc, loOk, hiOk),
            "label {0} is out of range for {1} classes",
            {arith::SelectOp::create(b, loc, loOk, hi, lo), n});
}

/// Checks a crossentropy target against (rows, classes) `input`: labels are
/// in range and as many as the rows; probabilities have the input's shape.
void emitTargetChecks(OpBuilder &b, Operation *op, Value input, Value target,
                      Type origTargetElem) {
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(target.getType());
  OpFoldResult rows = getDimSize(b, loc, input, 0),
               classes = getDimSize(b, loc, input, 1);
  emitSizeEqualityCheck(b, op, getDimSize(b, loc, target, 0), rows,
                        "target has {0} rows but the input has {1}");
  if (type.getRank() == 1) {
    emitLabelChecks(b, op, target, origTargetElem, classes);
    return;
  }
  emitSizeEqualityCheck(b, op, getDimSize(b, loc, target, 1), classes,
                        "target has {0} classes but the input has {1}");
}

/// A label as an index.
Value labelIndex(OpBuilder &b, Location loc, Value label, Type origElem) {
  return integerToIndex(b, loc, label, hasUnsignedSemantics(origElem));
}

/// categorical_crossentropy(p, t) => -log(p[i, t_i]) for labels, or
/// -sum_j t_ij * log(p_ij) for probabilities.
struct CategoricalCrossentropyLowering
    : OpConversionPattern<CategoricalCrossentropyOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CategoricalCrossentropyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value p = adaptor.getInput(), t = adaptor.getTarget();
    Type origTargetElem = op.getTarget().getType().getElementType();
    Type elem = cast<RankedTensorType>(p.getType()).getElementType();
    emitTargetChecks(rewriter, op, p, t, origTargetElem);
    SmallVector<OpFoldResult> rows = {getDimSize(rewriter, loc, p, 0)};
    MLIRContext *ctx = rewriter.getContext();
    Value result;
    if (cast<RankedTensorType>(t.getType()).getRank() == 1) {
      result = buildParallelGeneric(
          rewriter, loc, t, {rewriter.getMultiDimIdentityMap(1)}, rows, elem,
          [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            Value i = linalg::IndexOp::create(b, l, 0);
            Value j = labelIndex(b, l, args[0], origTargetElem);
            Value v = tensor::ExtractOp::create(b, l, p, ValueRange{i, j});
            return arith::NegFOp::create(b, l, math::LogOp::create(b, l, v));
          });
    } else {
      Value init = filledTensor(rewriter, loc, rows, scalarConstant(rewriter, loc, elem, 0.0));
      AffineMap id = rewriter.getMultiDimIdentityMap(2);
      AffineMap row = AffineMap::get(2, 0, getAffineDimExpr(0, ctx));
      result = linalg::GenericOp::create(
                   rewriter, loc, init.getType(), ValueRange{p, t}, ValueRange{init},
                   {id, id, row},
                   {utils::IteratorType::parallel, utils::IteratorType::reduction},
                   [&](OpBuilder &b, Location l, ValueRange args) {
                     Value term = arith::MulFOp::create(
                         b, l, args[1], math::LogOp::create(b, l, args[0]));
                     linalg::YieldOp::create(
                         b, l, Value(arith::SubFOp::create(b, l, args[2], term)));
                   })
                   .getResult(0);
    }
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// crossentropy_softmax(x, t) => ls_i - (x[i, t_i] - m_i) for labels, or
/// sum_j t_ij * (ls_i - (x_ij - m_i)) for probabilities (m = max of row i,
/// ls = log(sum(exp(x - m))) of row i; see logOfSum for why not lse - x).
struct CrossentropySoftmaxLowering : OpConversionPattern<CrossentropySoftmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CrossentropySoftmaxOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), t = adaptor.getTarget();
    Type origTargetElem = op.getTarget().getType().getElementType();
    Type elem = cast<RankedTensorType>(x.getType()).getElementType();
    emitTargetChecks(rewriter, op, x, t, origTargetElem);
    SoftmaxStats stats = softmaxStats(rewriter, loc, x, 1);
    Value logSum = logOfSum(rewriter, loc, stats, elem);
    SmallVector<OpFoldResult> rows = stats.reducedShape;
    MLIRContext *ctx = rewriter.getContext();
    AffineMap rowId = rewriter.getMultiDimIdentityMap(1);
    Value result;
    if (cast<RankedTensorType>(t.getType()).getRank() == 1) {
      result = buildParallelGeneric(
          rewriter, loc, ValueRange{t, stats.max, logSum}, {rowId, rowId, rowId},
          rows, elem, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            Value i = linalg::IndexOp::create(b, l, 0);
            Value j = labelIndex(b, l, args[0], origTargetElem);
            Value v = tensor::ExtractOp::create(b, l, x, ValueRange{i, j});
            Value shifted = arith::SubFOp::create(b, l, v, args[1]);
            return arith::SubFOp::create(b, l, args[2], shifted);
          });
    } else {
      Value init = filledTensor(rewriter, loc, rows, scalarConstant(rewriter, loc, elem, 0.0));
      AffineMap id = rewriter.getMultiDimIdentityMap(2);
      AffineMap row = AffineMap::get(2, 0, getAffineDimExpr(0, ctx));
      result = linalg::GenericOp::create(
                   rewriter, loc, init.getType(),
                   ValueRange{x, t, stats.max, logSum}, ValueRange{init},
                   {id, id, row, row, row},
                   {utils::IteratorType::parallel, utils::IteratorType::reduction},
                   [&](OpBuilder &b, Location l, ValueRange args) {
                     Value shifted = arith::SubFOp::create(b, l, args[0], args[2]);
                     Value nll = arith::SubFOp::create(b, l, args[3], shifted);
                     Value term = arith::MulFOp::create(b, l, args[1], nll);
                     linalg::YieldOp::create(
                         b, l, scalar::reductionAdd(b, l, args[4], term));
                   })
                   .getResult(0);
    }
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// crossentropy_softmax_grad(dl, x, t) => (softmax(x) - onehot(t)) * dl[i]
/// (or (softmax(x) - t) * dl[i] for probabilities).
struct CrossentropySoftmaxGradLowering
    : OpConversionPattern<CrossentropySoftmaxGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(CrossentropySoftmaxGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dl = adaptor.getGradLoss(), x = adaptor.getLogits(),
          t = adaptor.getTarget();
    Type origTargetElem = op.getTarget().getType().getElementType();
    Type elem = cast<RankedTensorType>(x.getType()).getElementType();
    emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, dl, 0),
                          getDimSize(rewriter, loc, x, 0),
                          "grad_loss has {0} rows but the logits have {1}");
    emitTargetChecks(rewriter, op, x, t, origTargetElem);
    SoftmaxStats stats = softmaxStats(rewriter, loc, x, 1);
    MLIRContext *ctx = rewriter.getContext();
    AffineMap id = rewriter.getMultiDimIdentityMap(2);
    AffineMap row = AffineMap::get(2, 0, getAffineDimExpr(0, ctx));
    bool labels = cast<RankedTensorType>(t.getType()).getRank() == 1;
    Value result = buildParallelGeneric(
        rewriter, loc, ValueRange{x, stats.max, stats.sum, dl, t},
        {id, row, row, row, labels ? row : id}, getShape(rewriter, loc, x), elem,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value e = math::ExpOp::create(b, l, arith::SubFOp::create(b, l, args[0], args[1]));
          Value sm = arith::DivFOp::create(b, l, e, args[2]);
          Value target = args[4];
          if (labels) {
            Value j = linalg::IndexOp::create(b, l, 1);
            Value hit = arith::CmpIOp::create(
                b, l, P::eq, j, labelIndex(b, l, args[4], origTargetElem));
            target = arith::SelectOp::create(b, l, hit, scalarConstant(b, l, elem, 1.0),
                                             scalarConstant(b, l, elem, 0.0));
          }
          return arith::MulFOp::create(b, l, arith::SubFOp::create(b, l, sm, target),
                                       args[3]);
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

/// Padding on each side of spatial dimension `d` for a kernel of run-time
/// size `kernel` (Theano's border modes, as in SymcNNOps.cpp).
Value convPadding(OpBuilder &b, Location loc, BorderMode mode,
                  ArrayRef<int64_t> padding, Value kernel, int64_t dilation,
                  int64_t d) {
  IndexOps o{b, loc};
  switch (mode) {
  case BorderMode::valid:
    return o.c(0);
  case BorderMode::explicit_:
    return o.c(padding[d]);
  case BorderMode::full:
    return o.mul(o.c(dilation), o.sub(kernel, o.c(1)));
  case BorderMode::half:
    return o.div(o.add(o.mul(o.c(dilation), o.sub(kernel, o.c(1))), o.c(1)), o.c(2));
  }
  return o.c(0);
}

/// The number of window positions along one dimension at run time, by the
/// rule of the dialect's windowOutputSize (SymcTypeInference.cpp), which is
/// not exported as IR: floor((extent - span) / stride) + 1 windows that fit;
/// with `ceilMode` (pooling without ignore_border, Theano) every window that
/// starts inside the input.
Value windowCount(OpBuilder &b, Location loc, Value input, Value window,
                  int64_t stride, Value padBefore, Value padAfter,
                  int64_t dilation, bool ceilMode) {
  IndexOps o{b, loc};
  Value zero = o.c(0), one = o.c(1), strideV = o.c(stride);
  Value extent = o.add(input, o.add(padBefore, padAfter));
  Value span = o.add(o.mul(o.c(dilation), o.sub(window, one)), one);
  Value count;
  if (!ceilMode) {
    Value fit = o.add(o.div(o.max(o.sub(extent, span), zero), strideV), one);
    count = o.select(o.cmp(P::slt, extent, span), zero, fit);
  } else {
    Value extentMinusOne = o.sub(extent, one);
    Value wide = o.add(o.div(o.max(extentMinusOne, zero), strideV), one);
    Value last = o.add(o.sub(extentMinusOne, span), strideV);
    Value narrow = o.add(o.div(o.max(last, zero), strideV), one);
    count = o.select(o.cmp(P::sge, strideV, span), wide, narrow);
  }
  return o.select(o.cmp(P::sle, extent, zero), zero, count);
}

/// Zero-pads the last two dimensions of a rank-4 tensor by (ph, pw) on each
/// side.
Value padSpatial(OpBuilder &b, Location loc, Value x, Value ph, Value pw) {
  std::optional<int64_t> sph = getConstantIntValue(ph), spw = getConstantIntValue(pw);
  if (sph == 0 && spw == 0)
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0), ph, pw};
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t d = 2; d < 4; ++d) {
    std::optional<int64_t> p = d == 2 ? sph : spw;
    if (!p || type.isDynamicDim(d))
      shape[d] = ShapedType::kDynamic;
    else
      shape[d] += 2 * *p;
  }
  Value zero = scalarConstant(b, loc, type.getElementType(), 0.0);
  return tensor::PadOp::create(b, loc, RankedTensorType::get(shape, type.getElementType()),
                               x, low, low, zero);
}

/// w[f, c, kh - 1 - i, kw - 1 - j]: the filters turned by 180 degrees.
Value flipFilters(OpBuilder &b, Location loc, Value w) {
  auto type = cast<RankedTensorType>(w.getType());
  SmallVector<OpFoldResult> shape = getShape(b, loc, w);
  Value kh = toIndex(b, loc, shape[2]), kw = toIndex(b, loc, shape[3]);
  return buildParallelGeneric(
      b, loc, ValueRange{}, {}, shape, type.getElementType(),
      [&](OpBuilder &nb, Location l, ValueRange) -> Value {
        IndexOps o{nb, l};
        Value i = o.sub(o.sub(kh, o.c(1)), o.index(2));
        Value j = o.sub(o.sub(kw, o.c(1)), o.index(3));
        return tensor::ExtractOp::create(nb, l, w,
                                         ValueRange{o.index(0), o.index(1), i, j});
      });
}

/// The attributes every conv-like op shares.
template <typename OpT>
struct ConvParams {
  BorderMode mode;
  SmallVector<int64_t> padding, strides, dilation;
  bool flip;
  explicit ConvParams(OpT op)
      : mode(op.getBorderMode()), padding(op.getPadding()),
        strides(op.getStrides()), dilation(op.getDilation()),
        flip(op.getFlip()) {}
};

/// Checks that a window sweep over `input` with kernel `kernel` gives
/// `output` positions along spatial dimension `d`.
void emitWindowCheck(OpBuilder &b, Operation *op, Value input, Value kernel,
                     int64_t stride, Value pad, int64_t dilation, bool ceilMode,
                     OpFoldResult output, int64_t d, StringRef what) {
  Location loc = op->getLoc();
  Value expected =
      windowCount(b, loc, input, kernel, stride, pad, pad, dilation, ceilMode);
  emitSizeEqualityCheck(b, op, output, expected,
                        Twine(what) + " has size {0} along spatial dimension " +
                            Twine(d) + " but the window sweep gives {1}");
}

/// conv2d(x, w) => pad x, flip w if asked, then
/// y[n,f,oh,ow] += xp[n,c,oh*s+kh*dl,ow*s+kw*dl] * w[f,c,kh,kw]
/// over loops (n, f, c, kh, kw, oh, ow).
struct Conv2DLowering : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), w = adaptor.getFilters();
    ConvParams<Conv2DOp> p(op);
    Type elem = cast<RankedTensorType>(x.getType()).getElementType();
    emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, x, 1),
                          getDimSize(rewriter, loc, w, 1),
                          "the input has {0} channels but the filters expect {1}");
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    Value kh = toIndex(rewriter, loc, getDimSize(rewriter, loc, w, 2)),
          kw = toIndex(rewriter, loc, getDimSize(rewriter, loc, w, 3));
    Value ph = convPadding(rewriter, loc, p.mode, p.padding, kh, p.dilation[0], 0);
    Value pw = convPadding(rewriter, loc, p.mode, p.padding, kw, p.dilation[1], 1);
    Value xp = padSpatial(rewriter, loc, x, ph, pw);
    Value wf = p.flip ? flipFilters(rewriter, loc, w) : w;
    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    // Loops: n=0 f=1 c=2 kh=3 kw=4 oh=5 ow=6.
    AffineMap xMap = AffineMap::get(
        7, 0,
        {d(0), d(2), d(5) * p.strides[0] + d(3) * p.dilation[0],
         d(6) * p.strides[1] + d(4) * p.dilation[1]},
        ctx);
    AffineMap wMap = AffineMap::get(7, 0, {d(1), d(2), d(3), d(4)}, ctx);
    AffineMap yMap = AffineMap::get(7, 0, {d(0), d(1), d(5), d(6)}, ctx);
    Value init = filledTensor(rewriter, loc, *shape, scalarConstant(rewriter, loc, elem, 0.0));
    using It = utils::IteratorType;
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, init.getType(), ValueRange{xp, wf}, ValueRange{init},
            {xMap, wMap, yMap},
            {It::parallel, It::parallel, It::reduction, It::reduction,
             It::reduction, It::parallel, It::parallel},
            [](OpBuilder &b, Location l, ValueRange args) {
              Value prod = arith::MulFOp::create(b, l, args[0], args[1]);
              linalg::YieldOp::create(b, l, scalar::reductionAdd(b, l, args[2], prod));
            })
            .getResult(0);
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// conv2d_grad_filters(x, dy, shape) => dw[f,c,i,j] = sum over (n, oh, ow)
/// of dy[n,f,oh,ow] * xp[n,c,oh*s+i*dl,ow*s+j*dl], flipped back when the
/// forward op flipped its filters.
struct Conv2DGradFiltersLowering : OpConversionPattern<Conv2DGradFiltersOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DGradFiltersOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput(), dy = adaptor.getGradOutput();
    ConvParams<Conv2DGradFiltersOp> p(op);
    Type elem = cast<RankedTensorType>(x.getType()).getElementType();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, x, 0),
                          getDimSize(rewriter, loc, dy, 0),
                          "the input has batch size {0} but grad_output has {1}");
    emitSizeEqualityCheck(rewriter, op, (*shape)[0], getDimSize(rewriter, loc, dy, 1),
                          "filters_shape gives {0} filters but grad_output has "
                          "{1} channels");
    emitSizeEqualityCheck(rewriter, op, (*shape)[1], getDimSize(rewriter, loc, x, 1),
                          "filters_shape gives {0} input channels but the input "
                          "has {1}");
    IndexOps o{rewriter, loc};
    Value kh = toIndex(rewriter, loc, (*shape)[2]), kw = toIndex(rewriter, loc, (*shape)[3]);
    SmallVector<Value> kernel = {kh, kw};
    for (auto [d, k] : llvm::enumerate(kernel))
      emitCheck(rewriter, op, o.cmp(P::sge, k, o.c(1)),
                "filters_shape gives kernel size {0} along spatial dimension " +
                    Twine(d) + "; it must be >= 1",
                {k});
    Value ph = convPadding(rewriter, loc, p.mode, p.padding, kh, p.dilation[0], 0);
    Value pw = convPadding(rewriter, loc, p.mode, p.padding, kw, p.dilation[1], 1);
    emitWindowCheck(rewriter, op, toIndex(rewriter, loc, getDimSize(rewriter, loc, x, 2)),
                    kh, p.strides[0], ph, p.dilation[0], false,
                    getDimSize(rewriter, loc, dy, 2), 0, "grad_output");
    emitWindowCheck(rewriter, op, toIndex(rewriter, loc, getDimSize(rewriter, loc, x, 3)),
                    kw, p.strides[1], pw, p.dilation[1], false,
                    getDimSize(rewriter, loc, dy, 3), 1, "grad_output");
    Value xp = padSpatial(rewriter, loc, x, ph, pw);
    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    // Loops: f=0 c=1 i=2 j=3 n=4 oh=5 ow=6.
    AffineMap dyMap = AffineMap::get(7, 0, {d(4), d(0), d(5), d(6)}, ctx);
    AffineMap xMap = AffineMap::get(
        7, 0,
        {d(4), d(1), d(5) * p.strides[0] + d(2) * p.dilation[0],
         d(6) * p.strides[1] + d(3) * p.dilation[1]},
        ctx);
    AffineMap wMap = AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx);
    Value init = filledTensor(rewriter, loc, *shape, scalarConstant(rewriter, loc, elem, 0.0));
    using It = utils::IteratorType;
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, init.getType(), ValueRange{dy, xp}, ValueRange{init},
            {dyMap, xMap, wMap},
            {It::parallel, It::parallel, It::parallel, It::parallel,
             It::reduction, It::reduction, It::reduction},
            [](OpBuilder &b, Location l, ValueRange args) {
              Value prod = arith::MulFOp::create(b, l, args[0], args[1]);
              linalg::YieldOp::create(b, l, scalar::reductionAdd(b, l, args[2], prod));
            })
            .getResult(0);
    if (p.flip)
      result = flipFilters(rewriter, loc, result);
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// conv2d_grad_input(dy, w, shape) => dx[n,c,y,x] = sum over (f, i, j) of
/// dy[n,f,(y+p-i*dl)/s,(x+p-j*dl)/s] * w'[f,c,i,j] where the division is
/// exact and in range (a gather: each dx element is written once).
struct Conv2DGradInputLowering : OpConversionPattern<Conv2DGradInputOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Conv2DGradInputOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dy = adaptor.getGradOutput(), w = adaptor.getFilters();
    ConvParams<Conv2DGradInputOp> p(op);
    Type elem = cast<RankedTensorType>(w.getType()).getElementType();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, dy, 1),
                          getDimSize(rewriter, loc, w, 0),
                          "grad_output has {0} channels but there are {1} filters");
    emitSizeEqualityCheck(rewriter, op, (*shape)[1], getDimSize(rewriter, loc, w, 1),
                          "input_shape gives {0} channels but the filters expect {1}");
    emitSizeEqualityCheck(rewriter, op, (*shape)[0], getDimSize(rewriter, loc, dy, 0),
                          "input_shape gives batch size {0} but grad_output has {1}");
    Value kh = toIndex(rewriter, loc, getDimSize(rewriter, loc, w, 2)),
          kw = toIndex(rewriter, loc, getDimSize(rewriter, loc, w, 3));
    Value ph = convPadding(rewriter, loc, p.mode, p.padding, kh, p.dilation[0], 0);
    Value pw = convPadding(rewriter, loc, p.mode, p.padding, kw, p.dilation[1], 1);
    Value oh = toIndex(rewriter, loc, getDimSize(rewriter, loc, dy, 2)),
          ow = toIndex(rewriter, loc, getDimSize(rewriter, loc, dy, 3));
    IndexOps o{rewriter, loc};
    for (int64_t d = 2; d < 4; ++d)
      emitCheck(rewriter, op, o.cmp(P::sge, toIndex(rewriter, loc, (*shape)[d]), o.c(0)),
                "input_shape entry " + Twine(d) + " is negative ({0})",
                {toIndex(rewriter, loc, (*shape)[d])});
    emitWindowCheck(rewriter, op, toIndex(rewriter, loc, (*shape)[2]), kh,
                    p.strides[0], ph, p.dilation[0], false, oh, 0, "grad_output");
    emitWindowCheck(rewriter, op, toIndex(rewriter, loc, (*shape)[3]), kw,
                    p.strides[1], pw, p.dilation[1], false, ow, 1, "grad_output");
    Value wf = p.flip ? flipFilters(rewriter, loc, w) : w;
    MLIRContext *ctx = rewriter.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    // Loops: n=0 c=1 y=2 x=3 f=4 i=5 j=6.
    AffineMap wMap = AffineMap::get(7, 0, {d(4), d(1), d(5), d(6)}, ctx);
    AffineMap outMap = AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx);
    Value init = filledTensor(rewriter, loc, *shape, scalarConstant(rewriter, loc, elem, 0.0));
    using It = utils::IteratorType;
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, init.getType(), ValueRange{wf}, ValueRange{init},
            {wMap, outMap},
            {It::parallel, It::parallel, It::parallel, It::parallel,
             It::reduction, It::reduction, It::reduction},
            [&](OpBuilder &b, Location l, ValueRange args) {
              IndexOps n{b, l};
              // Output position along one axis, and whether it exists.
              auto source = [&](int64_t pos, int64_t k, Value pad, int64_t stride,
                                int64_t dilation, Value limit) {
                Value t = n.sub(n.add(n.index(pos), pad),
                                n.mul(n.index(k), n.c(dilation)));
                Value safe = n.max(t, n.c(0));
                Value q = n.div(safe, n.c(stride));
                Value ok = n.andi(n.cmp(P::sge, t, n.c(0)),
                                  n.andi(n.cmp(P::eq, n.rem(safe, n.c(stride)), n.c(0)),
                                         n.cmp(P::slt, q, limit)));
                return std::make_pair(n.select(ok, q, n.c(0)), ok);
              };
              auto [sy, oky] = source(2, 5, ph, p.strides[0], p.dilation[0], oh);
              auto [sx, okx] = source(3, 6, pw, p.strides[1], p.dilation[1], ow);
              Value g = tensor::ExtractOp::create(
                  b, l, dy, ValueRange{n.index(0), n.index(4), sy, sx});
              Value prod = arith::MulFOp::create(b, l, g, args[0]);
              Value term = arith::SelectOp::create(b, l, n.andi(oky, okx), prod,
                                                   scalarConstant(b, l, elem, 0.0));
              linalg::YieldOp::create(b, l, scalar::reductionAdd(b, l, args[1], term));
            })
            .getResult(0);
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// The pooling attributes of pool2d and pool2d_grad.
template <typename OpT>
struct PoolParams {
  PoolMode mode;
  SmallVector<int64_t> window, strides, padding;
  bool ignoreBorder;
  explicit PoolParams(OpT op)
      : mode(op.getMode()), window(op.getWindow()), strides(op.getStrides()),
        padding(op.getPadding()), ignoreBorder(op.getIgnoreBorder()) {}
};

/// The part of window (oh, ow) along one axis that counts: its first
/// position and end, clipped to the input (`real`) or to the padded input.
std::pair<Value, Value> windowRange(IndexOps &o, Value out, int64_t stride,
                                    int64_t pad, int64_t window, Value size,
                                    bool real) {
  Value start = o.sub(o.mul(out, o.c(stride)), o.c(pad));
  Value end = o.add(start, o.c(window));
  if (real)
    return {o.max(start, o.c(0)), o.min(end, size)};
  return {start, o.min(end, o.add(size, o.c(pad)))};
}

/// The divisor of an average window as a float: the window clipped to the
/// padded input (average_inc_pad) or to the input (average_exc_pad).
Value averageCount(IndexOps &o, Type elem, Value oh, Value ow,
                   ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
                   ArrayRef<int64_t> window, Value h, Value w, bool excludePad) {
  auto [r0, r1] = windowRange(o, oh, strides[0], padding[0], window[0], h, excludePad);
  auto [c0, c1] = windowRange(o, ow, strides[1], padding[1], window[1], w, excludePad);
  // Never divide by 0 (an empty window, see Pool2DGradLowering).
  Value count = o.max(o.mul(o.sub(r1, r0), o.sub(c1, c0)), o.c(1));
  Value asInt = arith::IndexCastOp::create(o.b, o.loc, o.b.getI64Type(), count);
  return arith::SIToFPOp::create(o.b, o.loc, elem, asInt);
}

/// pool2d(x) => a linalg.generic over (leading dims..., oh, ow, wy, wx)
/// reading x with tensor.extract where the window position is inside the
/// input (padding and the ragged edge of ignore_border=false are skipped),
/// then the division of the average modes. Leading dimensions stay loops of
/// their own (no reshape), whatever the rank.
struct Pool2DLowering : OpConversionPattern<Pool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Pool2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    PoolParams<Pool2DOp> p(op);
    Value x = adaptor.getInput();
    Type elem = op.getInput().getType().getElementType();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    int64_t rank = shape->size(), lead = rank - 2;
    Value h = toIndex(rewriter, loc, getDimSize(rewriter, loc, x, lead)),
          w = toIndex(rewriter, loc, getDimSize(rewriter, loc, x, lead + 1));
    bool isMax = p.mode == PoolMode::max;
    Value identity = isMax ? lowestValue(rewriter, loc, elem, false)
                           : scalarConstant(rewriter, loc, elem, 0.0);
    Value init = filledTensor(rewriter, loc, *shape, identity);
    // The window loops get their bounds from a tensor of the window's shape.
    Value windowShape = emptyTensor(
        rewriter, loc, {rewriter.getIndexAttr(p.window[0]), rewriter.getIndexAttr(p.window[1])},
        elem);
    MLIRContext *ctx = rewriter.getContext();
    int64_t loops = rank + 2;
    AffineMap windowMap = AffineMap::get(
        loops, 0, {getAffineDimExpr(rank, ctx), getAffineDimExpr(rank + 1, ctx)}, ctx);
    SmallVector<AffineExpr> outExprs;
    for (int64_t d = 0; d < rank; ++d)
      outExprs.push_back(getAffineDimExpr(d, ctx));
    AffineMap outMap = AffineMap::get(loops, 0, outExprs, ctx);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.append(2, utils::IteratorType::reduction);
    Value pooled =
        linalg::GenericOp::create(
            rewriter, loc, init.getType(), ValueRange{windowShape}, ValueRange{init},
            {windowMap, outMap}, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              IndexOps n{b, l};
              Value py = n.add(n.sub(n.mul(n.index(lead), n.c(p.strides[0])),
                                     n.c(p.padding[0])),
                               n.index(rank));
              Value px = n.add(n.sub(n.mul(n.index(lead + 1), n.c(p.strides[1])),
                                     n.c(p.padding[1])),
                               n.index(rank + 1));
              Value inside = n.andi(
                  n.andi(n.cmp(P::sge, py, n.c(0)), n.cmp(P::slt, py, h)),
                  n.andi(n.cmp(P::sge, px, n.c(0)), n.cmp(P::slt, px, w)));
              SmallVector<Value> coords;
              for (int64_t d = 0; d < lead; ++d)
                coords.push_back(n.index(d));
              coords.push_back(n.min(n.max(py, n.c(0)), n.sub(h, n.c(1))));
              coords.push_back(n.min(n.max(px, n.c(0)), n.sub(w, n.c(1))));
              Value v = tensor::ExtractOp::create(b, l, x, coords);
              Value acc = args[1];
              Value next = isMax ? scalar::maximum(b, l, acc, v, false)
                                 : scalar::reductionAdd(b, l, acc, v);
              linalg::YieldOp::create(b, l, n.select(inside, next, acc));
            })
            .getResult(0);
    if (p.mode == PoolMode::average_inc_pad || p.mode == PoolMode::average_exc_pad) {
      bool exclude = p.mode == PoolMode::average_exc_pad;
      pooled = buildParallelGeneric(
          rewriter, loc, pooled, {rewriter.getMultiDimIdentityMap(rank)}, *shape,
          elem, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            IndexOps n{b, l};
            Value count = averageCount(n, elem, n.index(lead), n.index(lead + 1),
                                       p.strides, p.padding, p.window, h, w, exclude);
            return arith::DivFOp::create(b, l, args[0], count);
          });
    }
    rewriter.replaceOp(op, castToResultType(rewriter, op, pooled));
    return success();
  }
};

/// pool2d_grad(x, dy) => scf.for loops over (batch, oh, ow) that add each
/// output gradient to the first maximal input of its window (max) or spread
/// it over the window's input positions (sum, divided by the window count
/// for the averages).
struct Pool2DGradLowering : OpConversionPattern<Pool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(Pool2DGradOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    PoolParams<Pool2DGradOp> p(op);
    Type elem = op.getInput().getType().getElementType();
    Value x = adaptor.getInput(), dy = adaptor.getGradOutput();
    int64_t rank = op.getInput().getType().getRank();
    IndexOps o{rewriter, loc};
    // grad_output must have the pooled shape.
    for (int64_t dim = 0; dim < rank; ++dim) {
      OpFoldResult dySize = getDimSize(rewriter, loc, dy, dim);
      if (dim < rank - 2) {
        emitSizeEqualityCheck(rewriter, op, dySize, getDimSize(rewriter, loc, x, dim),
                              "grad_output has size {0} along dimension " +
                                  Twine(dim) + " but the input has {1}");
        continue;
      }
      int64_t s = dim - (rank - 2);
      Value expected = windowCount(
          rewriter, loc, toIndex(rewriter, loc, getDimSize(rewriter, loc, x, dim)),
          o.c(p.window[s]), p.strides[s], o.c(p.padding[s]), o.c(p.padding[s]), 1,
          !p.ignoreBorder);
      emitSizeEqualityCheck(rewriter, op, dySize, expected,
                            "grad_output has size {0} along dimension " +
                                Twine(dim) + " but pooling the input gives {1}");
    }
    int64_t lead = rank - 2;
    SmallVector<OpFoldResult> inShape = getShape(rewriter, loc, x);
    Value h = toIndex(rewriter, loc, inShape[lead]),
          w = toIndex(rewriter, loc, inShape[lead + 1]);
    Value zero = scalarConstant(rewriter, loc, elem, 0.0);
    Value dx = filledTensor(rewriter, loc, inShape, zero);
    // Loops over every position of dy: leading dims, then (oh, ow).
    SmallVector<Value> lbs(rank, o.c(0)), steps(rank, o.c(1)), ubs;
    for (int64_t d = 0; d < rank; ++d)
      ubs.push_back(toIndex(rewriter, loc, getDimSize(rewriter, loc, dy, d)));
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{dx},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange iter) -> scf::ValueVector {
          IndexOps n{b, l};
          ValueRange batch = ivs.take_front(lead);
          auto at = [&](Value y, Value xx) {
            SmallVector<Value> coords(batch);
            coords.push_back(y);
            coords.push_back(xx);
            return coords;
          };
          // Plain values, not structured bindings: lambdas below capture them.
          Value y0, y1, x0, x1;
          std::tie(y0, y1) = windowRange(n, ivs[lead], p.strides[0], p.padding[0],
                                         p.window[0], h, true);
          std::tie(x0, x1) = windowRange(n, ivs[lead + 1], p.strides[1], p.padding[1],
                                         p.window[1], w, true);
          Value g = tensor::ExtractOp::create(b, l, dy, ivs);
          if (p.mode == PoolMode::max) {
            // The first maximal position of the window (NaN counts as max).
            Value worst = lowestValue(b, l, elem, false);
            auto rows = scf::ForOp::create(
                b, l, y0, y1, n.c(1), ValueRange{worst, y0, x0},
                [&](OpBuilder &rb, Location rl, Value y, ValueRange best) {
                  auto cols = scf::ForOp::create(
                      rb, rl, x0, x1, IndexOps{rb, rl}.c(1), best,
                      [&](OpBuilder &cb, Location cl, Value xx, ValueRange cur) {
                        Value v = tensor::ExtractOp::create(
                            cb, cl, x, at(y, xx));
                        Value better = arith::OrIOp::create(
                            cb, cl,
                            arith::CmpFOp::create(cb, cl, FP::OGT, v, cur[0]),
                            arith::AndIOp::create(
                                cb, cl, scalar::isNaN(cb, cl, v),
                                arith::XOrIOp::create(
                                    cb, cl, scalar::isNaN(cb, cl, cur[0]),
                                    scalarConstant(cb, cl, cb.getI1Type(), 1))));
                        IndexOps c{cb, cl};
                        scf::YieldOp::create(
                            cb, cl,
                            ValueRange{c.select(better, v, cur[0]),
                                       c.select(better, y, cur[1]),
                                       c.select(better, xx, cur[2])});
                      });
                  scf::YieldOp::create(rb, rl, cols.getResults());
                });
            Value by = rows.getResult(1), bx = rows.getResult(2);
            // A window that holds no input position has no maximum to
            // credit. The dialect's window count never makes one (every
            // window starts inside the input), but writing at its start
            // would be out of bounds, so it is skipped, not trusted.
            Value nonEmpty = n.andi(n.cmp(P::slt, y0, y1), n.cmp(P::slt, x0, x1));
            auto update = scf::IfOp::create(
                b, l, nonEmpty,
                [&](OpBuilder &tb, Location tl) {
                  Value old = tensor::ExtractOp::create(tb, tl, iter[0], at(by, bx));
                  Value sum = arith::AddFOp::create(tb, tl, old, g);
                  scf::YieldOp::create(
                      tb, tl,
                      ValueRange{tensor::InsertOp::create(tb, tl, sum, iter[0],
                                                          at(by, bx))});
                },
                [&](OpBuilder &eb, Location el) {
                  scf::YieldOp::create(eb, el, ValueRange{iter[0]});
                });
            return {update.getResult(0)};
          }
          if (p.mode != PoolMode::sum) {
            Value count = averageCount(n, elem, ivs[lead], ivs[lead + 1], p.strides, p.padding,
                                       p.window, h, w,
                                       p.mode == PoolMode::average_exc_pad);
            g = arith::DivFOp::create(b, l, g, count);
          }
          auto rows = scf::ForOp::create(
              b, l, y0, y1, n.c(1), ValueRange{iter[0]},
              [&](OpBuilder &rb, Location rl, Value y, ValueRange racc) {
                auto cols = scf::ForOp::create(
                    rb, rl, x0, x1, IndexOps{rb, rl}.c(1), racc,
                    [&](OpBuilder &cb, Location cl, Value xx, ValueRange cacc) {
                      Value old = tensor::ExtractOp::create(
                          cb, cl, cacc[0], at(y, xx));
                      Value sum = arith::AddFOp::create(cb, cl, old, g);
                      scf::YieldOp::create(
                          cb, cl,
                          ValueRange{tensor::InsertOp::create(
                              cb, cl, sum, cacc[0], at(y, xx))});
                    });
                scf::YieldOp::create(rb, rl, cols.getResults());
              });
          return {rows.getResult(0)};
        });
    Value result = nest.results.front();
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcNNToLinalgPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<SoftmaxLowering, LogSoftmaxLowering,
               CategoricalCrossentropyLowering, CrossentropySoftmaxLowering,
               CrossentropySoftmaxGradLowering, Conv2DLowering,
               Conv2DGradFiltersLowering, Conv2DGradInputLowering,
               Pool2DLowering, Pool2DGradLowering>(converter,
                                                   patterns.getContext());
}
