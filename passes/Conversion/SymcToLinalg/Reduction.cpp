//===- Reduction.cpp - symc reductions to linalg.generic ------------------===//
//
// Lowers reduce_sum/prod/max/min/mean/all/any, logsumexp and argmax/argmin
// to linalg.generic reductions whose loops follow the input's dimension
// order (the innermost loop walks contiguous memory). Float sums and
// products carry the `reassoc` fast-math flag so that LLVM vectorizes them.
// max/min/argmax/argmin of an empty axis are run-time errors, as in NumPy.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"
#include "passes/Conversion/SymcToLinalg/ScalarOps.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Checks that no reduced axis of `input` is empty (max/min/argmax/argmin
/// have no identity).
void emitNonEmptyChecks(OpBuilder &b, Operation *op, Value input,
                        ArrayRef<int64_t> axes) {
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(input.getType());
  for (int64_t axis : axes) {
    if (!type.isDynamicDim(axis) && type.getDimSize(axis) != 0)
      continue;
    Value size = toIndex(b, loc, getDimSize(b, loc, input, axis));
    Value nonEmpty = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                           size, indexConstant(b, loc, 0));
    emitCheck(b, op, nonEmpty,
              "cannot reduce over dimension " + Twine(axis) +
                  " of size {0}: the reduction has no identity",
              {size});
  }
}

/// The number of elements each output element reduces, as a float scalar.
Value reducedCount(OpBuilder &b, Location loc, Value input,
                   ArrayRef<int64_t> axes, Type floatType) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t axis : axes)
    sizes.push_back(getDimSize(b, loc, input, axis));
  Value count = product(b, loc, sizes);
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), count);
  return arith::SIToFPOp::create(b, loc, floatType, asInt);
}

/// reduce_sum/prod/max/min/mean/all/any(x, axes) => linalg.generic reduction
/// into a tensor filled with the identity (mean divides the sum afterwards).
template <typename OpT>
struct ReduceLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  using Adaptor = typename OpT::Adaptor;

  LogicalResult
  matchAndRewrite(OpT op, Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Type origElem = op.getInput().getType().getElementType();
    Type elem = convertElementType(origElem);
    bool isUnsigned = hasUnsignedSemantics(origElem);
    ArrayRef<int64_t> axes = op.getAxes();
    bool keepdims = op.getKeepdims();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();

    Value identity;
    std::function<Value(OpBuilder &, Location, Value, Value)> combine;
    if constexpr (std::is_same_v<OpT, ReduceSumOp> ||
                  std::is_same_v<OpT, ReduceMeanOp>) {
      identity = scalarConstant(rewriter, loc, elem, 0);
      combine = [](OpBuilder &b, Location l, Value x, Value acc) {
        return scalar::reductionAdd(b, l, acc, x);
      };
    } else if constexpr (std::is_same_v<OpT, ReduceProdOp>) {
      identity = scalarConstant(rewriter, loc, elem, 1);
      combine = [](OpBuilder &b, Location l, Value x, Value acc) {
        return scalar::reductionMul(b, l, acc, x);
      };
    } else if constexpr (std::is_same_v<OpT, ReduceMaxOp>) {
      emitNonEmptyChecks(rewriter, op, input, axes);
      identity = lowestValue(rewriter, loc, elem, isUnsigned);
      combine = [isUnsigned](OpBuilder &b, Location l, Value x, Value acc) {
        return scalar::maximum(b, l, acc, x, isUnsigned);
      };
    } else if constexpr (std::is_same_v<OpT, ReduceMinOp>) {
      emitNonEmptyChecks(rewriter, op, input, axes);
      identity = highestValue(rewriter, loc, elem, isUnsigned);
      combine = [isUnsigned](OpBuilder &b, Location l, Value x, Value acc) {
        return scalar::minimum(b, l, acc, x, isUnsigned);
      };
    } else if constexpr (std::is_same_v<OpT, ReduceAllOp>) {
      identity = scalarConstant(rewriter, loc, elem, 1);
      combine = [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
        return arith::AndIOp::create(b, l, acc, x);
      };
    } else {
      static_assert(std::is_same_v<OpT, ReduceAnyOp>);
      identity = scalarConstant(rewriter, loc, elem, 0);
      combine = [](OpBuilder &b, Location l, Value x, Value acc) -> Value {
        return arith::OrIOp::create(b, l, acc, x);
      };
    }
    Value init = filledTensor(rewriter, loc, *shape, identity);
    Value result =
        buildReduction(rewriter, loc, input, axes, keepdims, init, combine);
    if constexpr (std::is_same_v<OpT, ReduceMeanOp>) {
      // mean = sum / count; 0 / 0 gives NaN over an empty axis, as in NumPy.
      Value count = reducedCount(rewriter, loc, input, axes, elem);
      int64_t rank = shape->size();
      result = buildParallelGeneric(
          rewriter, loc, result, {rewriter.getMultiDimIdentityMap(rank)},
          *shape, elem, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
            return arith::DivFOp::create(b, l, args[0], count);
          });
    }
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// logsumexp(x, axes) => m = max(x); s = sum(exp(x - m')); log(s) + m',
/// with m' = m where finite, else 0 (so that all -inf gives -inf and +inf
/// gives +inf instead of NaN).
struct LogsumexpLowering : OpConversionPattern<LogsumexpOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(LogsumexpOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Type elem = op.getInput().getType().getElementType();
    ArrayRef<int64_t> axes = op.getAxes();
    bool keepdims = op.getKeepdims();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    int64_t inRank = op.getInput().getType().getRank();
    int64_t outRank = shape->size();
    MLIRContext *ctx = rewriter.getContext();

    Value maxInit = filledTensor(rewriter, loc, *shape,
                                 lowestValue(rewriter, loc, elem, false));
    Value max = buildReduction(
        rewriter, loc, input, axes, keepdims, maxInit,
        [](OpBuilder &b, Location l, Value x, Value acc) {
          return scalar::maximum(b, l, acc, x, false);
        });
    AffineMap outIdentity = rewriter.getMultiDimIdentityMap(outRank);
    Value shift = buildParallelGeneric(
        rewriter, loc, max, {outIdentity}, *shape, elem,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value m = args[0];
          Value absM = math::AbsFOp::create(b, l, m);
          Value finite = arith::CmpFOp::create(
              b, l, arith::CmpFPredicate::OLT, absM,
              highestValue(b, l, elem, false));
          return arith::SelectOp::create(b, l, finite, m,
                                         scalarConstant(b, l, elem, 0.0));
        });
    Value sumInit =
        filledTensor(rewriter, loc, *shape, scalarConstant(rewriter, loc, elem, 0.0));
    AffineMap reduced = reducedIndexingMap(ctx, inRank, axes, keepdims);
    auto sum = linalg::GenericOp::create(
        rewriter, loc, sumInit.getType(), ValueRange{input, shift},
        ValueRange{sumInit},
        {rewriter.getMultiDimIdentityMap(inRank), reduced, reduced},
        reductionIterators(inRank, axes),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value e = math::ExpOp::create(
              b, l, arith::SubFOp::create(b, l, args[0], args[1]));
          linalg::YieldOp::create(b, l, scalar::reductionAdd(b, l, args[2], e));
        });
    Value result = buildParallelGeneric(
        rewriter, loc, ValueRange{sum.getResult(0), shift},
        {outIdentity, outIdentity}, *shape, elem,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return arith::AddFOp::create(b, l, math::LogOp::create(b, l, args[0]),
                                       args[1]);
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// argmax/argmin(x, axis) => a reduction carrying (best value, its index);
/// a later element replaces the best only if strictly better or the first
/// NaN, so the first extreme wins (NumPy).
template <typename OpT, bool IsMax>
struct ArgReduceLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  using Adaptor = typename OpT::Adaptor;

  LogicalResult
  matchAndRewrite(OpT op, Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    Type origElem = op.getInput().getType().getElementType();
    Type elem = convertElementType(origElem);
    bool isUnsigned = hasUnsignedSemantics(origElem);
    bool isFloat = isa<FloatType>(elem);
    int64_t axis = op.getAxis();
    bool keepdims = op.getKeepdims();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();
    emitNonEmptyChecks(rewriter, op, input, {axis});
    int64_t rank = op.getInput().getType().getRank();
    Value worst = IsMax ? lowestValue(rewriter, loc, elem, isUnsigned)
                        : highestValue(rewriter, loc, elem, isUnsigned);
    Value values = filledTensor(rewriter, loc, *shape, worst);
    Value indices = filledTensor(
        rewriter, loc, *shape, scalarConstant(rewriter, loc, rewriter.getI64Type(), 0));
    AffineMap reduced =
        reducedIndexingMap(rewriter.getContext(), rank, {axis}, keepdims);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{values.getType(), indices.getType()},
        ValueRange{input}, ValueRange{values, indices},
        {rewriter.getMultiDimIdentityMap(rank), reduced, reduced},
        reductionIterators(rank, {axis}),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value better;
          if (isFloat) {
            better = arith::CmpFOp::create(
                b, l, IsMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT,
                x, best);
            Value firstNaN = arith::AndIOp::create(
                b, l, scalar::isNaN(b, l, x),
                arith::XOrIOp::create(b, l, scalar::isNaN(b, l, best),
                                      scalarConstant(b, l, b.getI1Type(), 1)));
            better = arith::OrIOp::create(b, l, better, firstNaN);
          } else {
            using P = arith::CmpIPredicate;
            P p = IsMax ? (isUnsigned ? P::ugt : P::sgt)
                        : (isUnsigned ? P::ult : P::slt);
            better = arith::CmpIOp::create(b, l, p, x, best);
          }
          Value position = arith::IndexCastOp::create(
              b, l, b.getI64Type(), linalg::IndexOp::create(b, l, axis));
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, better, x, best),
                         arith::SelectOp::create(b, l, better, position,
                                                 bestIndex)});
        });
    Value result = generic.getResult(1);
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcReductionToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<ReduceLowering<ReduceSumOp>, ReduceLowering<ReduceProdOp>,
               ReduceLowering<ReduceMaxOp>, ReduceLowering<ReduceMinOp>,
               ReduceLowering<ReduceMeanOp>, ReduceLowering<ReduceAllOp>,
               ReduceLowering<ReduceAnyOp>, LogsumexpLowering,
               ArgReduceLowering<ArgmaxOp, true>,
               ArgReduceLowering<ArgminOp, false>>(converter, ctx);
}
