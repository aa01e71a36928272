//===- Shape.cpp - symc shape ops to tensor/linalg ------------------------===//
//
// Lowers constant, shape, dimshuffle, reshape, broadcast_to, concatenate,
// arange and eye. Dimshuffles that keep the order of the kept dimensions
// become tensor.collapse_shape/expand_shape (views after bufferization);
// true permutations and broadcasts become linalg.generic copies that
// elementwise fusion folds into their consumers. Shapes given as values are
// checked at run time (entries, element counts, static sizes of the type).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The run-time entry `d` of a rank-1 i64 shape tensor, as an index.
Value shapeEntry(OpBuilder &b, Location loc, Value shape, int64_t d) {
  Value v = tensor::ExtractOp::create(b, loc, shape,
                                      ValueRange{indexConstant(b, loc, d)});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), v);
}

//===----------------------------------------------------------------------===//
// constant, shape
//===----------------------------------------------------------------------===//

/// symc.constant => arith.constant (ui8 payloads reinterpreted as i8).
struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto value = cast<TypedAttr>(op.getValue());
    RankedTensorType type = convertTensorType(op.getType());
    if (value.getType() != type) {
      auto dense = dyn_cast<DenseIntElementsAttr>(op.getValue());
      if (!dense)
        return rewriter.notifyMatchFailure(
            op, "unsigned constants must be dense integer attributes");
      value = dense.mapValues(type.getElementType(),
                              [](const APInt &v) { return v; });
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type, value);
    return success();
  }
};

/// symc.shape(x) => tensor.from_elements(dim(x, 0), ...) as i64.
struct ShapeLowering : OpConversionPattern<ShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<Value> sizes;
    for (OpFoldResult size : getShape(rewriter, loc, adaptor.getInput()))
      sizes.push_back(arith::IndexCastOp::create(
          rewriter, loc, rewriter.getI64Type(), toIndex(rewriter, loc, size)));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(), sizes);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// dimshuffle
//===----------------------------------------------------------------------===//

/// dimshuffle without reordering => collapse_shape (drop size-1 dims) then
/// expand_shape (insert size-1 dims); with reordering => a linalg.generic
/// copy reading input dimension pattern[j] at result index j.
struct DimshuffleLowering : OpConversionPattern<DimshuffleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DimshuffleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inType = cast<RankedTensorType>(input.getType());
    RankedTensorType resultType = convertTensorType(op.getType());
    ArrayRef<int64_t> pattern = op.getPattern();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    SmallVector<int64_t> kept;
    for (int64_t entry : pattern)
      if (entry != DimshuffleOp::kNewAxis)
        kept.push_back(entry);

    if (!llvm::is_sorted(kept)) {
      MLIRContext *ctx = rewriter.getContext();
      SmallVector<AffineExpr> exprs;
      for (int64_t d = 0; d < inType.getRank(); ++d) {
        auto it = llvm::find(pattern, d);
        exprs.push_back(it == pattern.end()
                            ? getAffineConstantExpr(0, ctx)
                            : getAffineDimExpr(it - pattern.begin(), ctx));
      }
      AffineMap map = AffineMap::get(pattern.size(), 0, exprs, ctx);
      Value result = buildParallelGeneric(
          rewriter, loc, input, {map}, *shape, resultType.getElementType(),
          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
      rewriter.replaceOp(op, castToResultType(rewriter, op, result));
      return success();
    }

    // Drop the dimensions the pattern leaves out (static size 1): each joins
    // the group of a neighbouring kept dimension.
    Value current = input;
    if (static_cast<int64_t>(kept.size()) < inType.getRank()) {
      SmallVector<ReassociationIndices> groups;
      ReassociationIndices pending;
      SmallVector<int64_t> collapsedShape;
      for (int64_t d = 0; d < inType.getRank(); ++d) {
        if (llvm::is_contained(kept, d)) {
          groups.push_back(pending);
          groups.back().push_back(d);
          pending.clear();
          collapsedShape.push_back(inType.getDimSize(d));
        } else if (groups.empty()) {
          pending.push_back(d);
        } else {
          groups.back().push_back(d);
        }
      }
      current = tensor::CollapseShapeOp::create(
          rewriter, loc,
          RankedTensorType::get(collapsedShape, inType.getElementType()),
          current, groups);
    }
    // Insert the new size-1 dimensions the same way.
    if (pattern.size() > kept.size()) {
      SmallVector<ReassociationIndices> groups;
      ReassociationIndices pending;
      for (auto [j, entry] : llvm::enumerate(pattern)) {
        if (entry != DimshuffleOp::kNewAxis) {
          groups.push_back(pending);
          groups.back().push_back(j);
          pending.clear();
        } else if (groups.empty()) {
          pending.push_back(j);
        } else {
          groups.back().push_back(j);
        }
      }
      SmallVector<int64_t> staticShape;
      for (OpFoldResult size : *shape)
        staticShape.push_back(getConstantIntValue(size).value_or(ShapedType::kDynamic));
      current = tensor::ExpandShapeOp::create(
          rewriter, loc,
          RankedTensorType::get(staticShape, resultType.getElementType()),
          current, groups, *shape);
    }
    rewriter.replaceOp(op, castToResultType(rewriter, op, current));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// reshape, broadcast_to
//===----------------------------------------------------------------------===//

/// reshape(x, shape) => tensor.reshape with the -1 entry resolved, after
/// checking the entries (>= -1, one -1 at most, not inferred from a zero
/// product), the element count and the static sizes of the result type.
struct ReshapeLowering : OpConversionPattern<ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), shapeValue = adaptor.getShape();
    RankedTensorType resultType = convertTensorType(op.getType());
    int64_t rank = resultType.getRank();
    auto cmp = [&](arith::CmpIPredicate p, Value a, Value b) -> Value {
      return arith::CmpIOp::create(rewriter, loc, p, a, b);
    };
    using P = arith::CmpIPredicate;
    Value zero = indexConstant(rewriter, loc, 0),
          one = indexConstant(rewriter, loc, 1),
          minusOne = indexConstant(rewriter, loc, -1);
    Value numel = product(rewriter, loc, getShape(rewriter, loc, input));

    SmallVector<Value> entries;
    Value known = one, inferredCount = zero;
    for (int64_t d = 0; d < rank; ++d) {
      Value e = shapeEntry(rewriter, loc, shapeValue, d);
      entries.push_back(e);
      emitCheck(rewriter, op, cmp(P::sge, e, minusOne),
                "shape entry " + Twine(d) +
                    " is {0}; entries must be >= 0, or -1 once",
                {e});
      Value isInferred = cmp(P::eq, e, minusOne);
      inferredCount = arith::AddIOp::create(
          rewriter, loc, inferredCount,
          arith::SelectOp::create(rewriter, loc, isInferred, one, zero));
      known = arith::MulIOp::create(
          rewriter, loc, known,
          arith::SelectOp::create(rewriter, loc, isInferred, one, e));
    }
    Value hasInferred = cmp(P::sgt, inferredCount, zero);
    emitCheck(rewriter, op, cmp(P::sle, inferredCount, one),
              "the shape has {0} entries equal to -1; at most one may be "
              "inferred",
              {inferredCount});
    Value knownIsZero = cmp(P::eq, known, zero);
    emitCheck(rewriter, op,
              arith::XOrIOp::create(
                  rewriter, loc,
                  arith::AndIOp::create(rewriter, loc, hasInferred, knownIsZero),
                  scalarConstant(rewriter, loc, rewriter.getI1Type(), 1)),
              "cannot infer the -1 entry of a shape whose other entries "
              "multiply to 0 ({0} elements)",
              {numel});
    Value divisor = arith::SelectOp::create(rewriter, loc, knownIsZero, one, known);
    Value inferred = arith::DivSIOp::create(rewriter, loc, numel, divisor);

    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d) {
      Value size = arith::SelectOp::create(
          rewriter, loc, cmp(P::eq, entries[d], minusOne), inferred, entries[d]);
      sizes.push_back(size);
      if (!resultType.isDynamicDim(d))
        emitSizeEqualityCheck(
            rewriter, op, size, rewriter.getIndexAttr(resultType.getDimSize(d)),
            "the shape gives size {0} to dimension " + Twine(d) +
                " but the result type says {1}");
    }
    // A rank-0 result holds one element (no sizes to multiply).
    Value total = one;
    for (Value size : sizes)
      total = arith::MulIOp::create(rewriter, loc, total, size);
    emitCheck(rewriter, op, cmp(P::eq, total, numel),
              "cannot reshape {0} elements into a shape of {1} elements",
              {numel, total});

    auto shapeType = RankedTensorType::get({rank}, rewriter.getIndexType());
    Value shapeTensor =
        tensor::FromElementsOp::create(rewriter, loc, shapeType, sizes);
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, resultType, input,
                                                   shapeTensor);
    return success();
  }
};

/// broadcast_to(x, shape) => a linalg.generic reading x's static size-1
/// dimensions at index 0, after checking the shape against the result type
/// and x's other sizes against the shape.
struct BroadcastToLowering : OpConversionPattern<BroadcastToOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BroadcastToOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), shapeValue = adaptor.getShape();
    RankedTensorType resultType = convertTensorType(op.getType());
    auto inType = cast<RankedTensorType>(input.getType());
    SmallVector<OpFoldResult> sizes;
    for (int64_t d = 0; d < resultType.getRank(); ++d) {
      Value e = shapeEntry(rewriter, loc, shapeValue, d);
      if (resultType.isDynamicDim(d)) {
        emitCheck(rewriter, op,
                  arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                                        e, indexConstant(rewriter, loc, 0)),
                  "target size {0} of dimension " + Twine(d) + " is negative",
                  {e});
        sizes.push_back(e);
      } else {
        OpFoldResult s = rewriter.getIndexAttr(resultType.getDimSize(d));
        emitSizeEqualityCheck(rewriter, op, e, s,
                              "the shape gives size {0} to dimension " +
                                  Twine(d) + " but the result type says {1}");
        sizes.push_back(s);
      }
    }
    for (int64_t d = 0; d < inType.getRank(); ++d) {
      if (inType.getDimSize(d) == 1)
        continue;
      emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, input, d),
                            sizes[d],
                            "input size {0} along dimension " + Twine(d) +
                                " cannot broadcast to {1} (only static size-1 "
                                "dimensions broadcast)");
    }
    Value result = buildBroadcastGeneric(
        rewriter, loc, input, sizes, resultType.getElementType(),
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// concatenate
//===----------------------------------------------------------------------===//

/// concatenate(xs, axis) => tensor.insert_slice of each input into an empty
/// tensor, after checking the sizes off the axis.
struct ConcatenateLowering : OpConversionPattern<ConcatenateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConcatenateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    int64_t axis = op.getAxis();
    ValueRange inputs = adaptor.getInputs();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    RankedTensorType resultType = convertTensorType(op.getType());
    int64_t rank = resultType.getRank();
    for (auto [i, input] : llvm::enumerate(inputs)) {
      for (int64_t d = 0; d < rank; ++d) {
        if (d == axis)
          continue;
        emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, input, d),
                              (*shape)[d],
                              "input #" + Twine(i) + " has size {0} along "
                              "dimension " + Twine(d) +
                                  " but the result has {1}");
      }
    }
    Value result = emptyTensor(rewriter, loc, *shape, resultType.getElementType());
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (Value input : inputs) {
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = offset;
      SmallVector<OpFoldResult> sizes = getShape(rewriter, loc, input);
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      result = tensor::InsertSliceOp::create(rewriter, loc, input, result,
                                             offsets, sizes, strides);
      std::optional<int64_t> a = getConstantIntValue(offset),
                             s = getConstantIntValue(sizes[axis]);
      if (a && s)
        offset = rewriter.getIndexAttr(*a + *s);
      else
        offset = arith::AddIOp::create(rewriter, loc, toIndex(rewriter, loc, offset),
                                       toIndex(rewriter, loc, sizes[axis]))
                     .getResult();
    }
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// arange, eye
//===----------------------------------------------------------------------===//

/// arange(start, stop, step) => length max(ceil((stop - start) / step), 0)
/// (a zero step, for floats a non-finite length, and for 64-bit integers a
/// span that wraps around is a run-time error),
/// then a linalg.generic computing start + i * delta, with NumPy's delta =
/// (start + step) - start for floats.
struct ArangeLowering : OpConversionPattern<ArangeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ArangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type origElem = op.getStart().getType().getElementType();
    Type elem = convertElementType(origElem);
    bool isUnsigned = hasUnsignedSemantics(origElem);
    Value start = scalarOf(rewriter, loc, adaptor.getStart());
    Value stop = scalarOf(rewriter, loc, adaptor.getStop());
    Value step = scalarOf(rewriter, loc, adaptor.getStep());
    RankedTensorType resultType = convertTensorType(op.getType());
    Type i64 = rewriter.getI64Type();
    using IP = arith::CmpIPredicate;
    using FP = arith::CmpFPredicate;
    Value length, delta = step;
    if (auto floatType = dyn_cast<FloatType>(elem)) {
      Value zero = scalarConstant(rewriter, loc, elem, 0.0);
      emitCheck(rewriter, op,
                arith::CmpFOp::create(rewriter, loc, FP::UNE, step, zero),
                "step must not be zero");
      Value span = arith::DivFOp::create(
          rewriter, loc, arith::SubFOp::create(rewriter, loc, stop, start), step);
      Value count = math::CeilOp::create(rewriter, loc, span);
      // Lengths must be finite and fit an i64 (2^62 is far beyond memory).
      Value limit = scalarConstant(rewriter, loc, elem, 4611686018427387904.0);
      emitCheck(rewriter, op,
                arith::CmpFOp::create(rewriter, loc, FP::OLT, count, limit),
                "the length of the range is not finite or too large");
      count = arith::MaximumFOp::create(rewriter, loc, count, zero);
      // NaN and +-inf were rejected above; select keeps fptosi defined anyway.
      Value safe = arith::SelectOp::create(
          rewriter, loc, arith::CmpFOp::create(rewriter, loc, FP::OLT, count, limit),
          count, zero);
      length = arith::FPToSIOp::create(rewriter, loc, i64, safe);
      delta = arith::SubFOp::create(
          rewriter, loc, arith::AddFOp::create(rewriter, loc, start, step), start);
    } else {
      auto wide = [&](Value v) -> Value {
        if (v.getType() == i64)
          return v;
        if (isUnsigned)
          return arith::ExtUIOp::create(rewriter, loc, i64, v);
        return arith::ExtSIOp::create(rewriter, loc, i64, v);
      };
      Value s0 = wide(start), s1 = wide(stop), st = wide(step);
      Value zero = scalarConstant(rewriter, loc, i64, 0);
      Value one = scalarConstant(rewriter, loc, i64, 1);
      emitCheck(rewriter, op, arith::CmpIOp::create(rewriter, loc, IP::ne, st, zero),
                "step must not be zero");
      Value safeStep = arith::SelectOp::create(
          rewriter, loc, arith::CmpIOp::create(rewriter, loc, IP::eq, st, zero),
          one, st);
      Value span = arith::SubIOp::create(rewriter, loc, s1, s0);
      // ceil(span / step) = (span + step - sign(step)) / step, truncating.
      Value positive = arith::CmpIOp::create(rewriter, loc, IP::sgt, safeStep, zero);
      Value towardZero = arith::SelectOp::create(
          rewriter, loc, positive,
          arith::SubIOp::create(rewriter, loc, safeStep, one),
          arith::AddIOp::create(rewriter, loc, safeStep, one));
      Value adjusted = arith::AddIOp::create(rewriter, loc, span, towardZero);
      if (elem == i64) {
        // 64-bit bounds far apart wrap around in span or adjusted (a - b
        // overflows iff a and b differ in sign and so do a and a - b; a + b
        // iff both differ in sign from a + b): NumPy's "maximum allowed
        // size exceeded", not an empty range.
        auto negative = [&](Value v) {
          return arith::CmpIOp::create(rewriter, loc, IP::slt, v, zero);
        };
        auto xori = [&](Value a, Value b) {
          return arith::XOrIOp::create(rewriter, loc, a, b);
        };
        Value spanWraps = negative(arith::AndIOp::create(
            rewriter, loc, xori(s1, s0), xori(s1, span)));
        Value adjustedWraps = negative(arith::AndIOp::create(
            rewriter, loc, xori(span, adjusted), xori(towardZero, adjusted)));
        Value wraps = arith::OrIOp::create(rewriter, loc, spanWraps, adjustedWraps);
        Value yes = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
        emitCheck(rewriter, op, arith::XOrIOp::create(rewriter, loc, wraps, yes),
                  "the length of the range is not finite or too large");
      }
      Value count = arith::DivSIOp::create(rewriter, loc, adjusted, safeStep);
      length = arith::MaxSIOp::create(rewriter, loc, count, zero);
    }
    Value lengthIndex =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(), length);
    OpFoldResult size = lengthIndex;
    if (!resultType.isDynamicDim(0)) {
      size = rewriter.getIndexAttr(resultType.getDimSize(0));
      emitSizeEqualityCheck(rewriter, op, lengthIndex, size,
                            "the range has {0} elements but the result type "
                            "says {1}");
    }
    Value result = buildParallelGeneric(
        rewriter, loc, ValueRange{}, {}, {size}, elem,
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Value i = linalg::IndexOp::create(b, l, 0);
          Value i64Index = arith::IndexCastOp::create(b, l, i64, i);
          if (isa<FloatType>(elem)) {
            Value fi = arith::SIToFPOp::create(b, l, elem, i64Index);
            return arith::AddFOp::create(
                b, l, start, arith::MulFOp::create(b, l, fi, delta));
          }
          Value ii = elem == i64 ? i64Index
                                 : Value(arith::TruncIOp::create(b, l, elem, i64Index));
          return arith::AddIOp::create(b, l, start,
                                       arith::MulIOp::create(b, l, ii, step));
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// eye(rows, cols, k) => a linalg.generic writing (j - i == k) as the
/// element type, after checking that the sizes are not negative.
struct EyeLowering : OpConversionPattern<EyeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(EyeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = convertTensorType(op.getType());
    Type elem = resultType.getElementType();
    SmallVector<OpFoldResult> sizes;
    SmallVector<Value> counts = {adaptor.getRows(), adaptor.getCols()};
    for (auto [d, operand] : llvm::enumerate(counts)) {
      Value n = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                           scalarOf(rewriter, loc, operand));
      emitCheck(rewriter, op,
                arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge, n,
                                      indexConstant(rewriter, loc, 0)),
                Twine(d == 0 ? "rows" : "cols") + " is negative ({0})", {n});
      if (resultType.isDynamicDim(d)) {
        sizes.push_back(n);
        continue;
      }
      OpFoldResult s = rewriter.getIndexAttr(resultType.getDimSize(d));
      emitSizeEqualityCheck(rewriter, op, n, s,
                            Twine(d == 0 ? "rows" : "cols") +
                                " is {0} but the result type says {1}");
      sizes.push_back(s);
    }
    Value k = arith::IndexCastOp::create(rewriter, loc, rewriter.getIndexType(),
                                         scalarOf(rewriter, loc, adaptor.getDiagonal()));
    Value result = buildParallelGeneric(
        rewriter, loc, ValueRange{}, {}, sizes, elem,
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Value i = linalg::IndexOp::create(b, l, 0);
          Value j = linalg::IndexOp::create(b, l, 1);
          Value onDiagonal = arith::CmpIOp::create(
              b, l, arith::CmpIPredicate::eq, arith::SubIOp::create(b, l, j, i), k);
          return arith::SelectOp::create(b, l, onDiagonal,
                                         scalarConstant(b, l, elem, 1),
                                         scalarConstant(b, l, elem, 0));
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcShapeToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ConstantLowering, ShapeLowering, DimshuffleLowering,
               ReshapeLowering, BroadcastToLowering, ConcatenateLowering,
               ArangeLowering, EyeLowering>(converter, patterns.getContext());
}
