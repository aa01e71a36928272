//===- SymcShapeOps.cpp - constants and shape ops -------------------------===//
//
// Type inference, verifiers and shape reification of symc.constant,
// symc.shape, symc.dimshuffle, symc.reshape, symc.broadcast_to and
// symc.concatenate. Shapes reified here are reused by the lowering, so each
// rule (for example reshape's -1) is computed in one place.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::symc;

//===----------------------------------------------------------------------===//
// ShapeOp
//===----------------------------------------------------------------------===//

LogicalResult ShapeOp::inferReturnTypes(MLIRContext *ctx,
                                        std::optional<Location>,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  inferred.push_back(
      RankedTensorType::get({input.getRank()}, IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult ShapeOp::reifyResultShapes(OpBuilder &builder,
                                         ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back({builder.getIndexAttr(getInput().getType().getRank())});
  return success();
}

//===----------------------------------------------------------------------===//
// DimshuffleOp
//===----------------------------------------------------------------------===//

LogicalResult DimshuffleOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t rank = input.getRank();
  SmallVector<bool> used(rank, false);
  SmallVector<int64_t> shape;
  for (int64_t entry : adaptor.getPattern()) {
    if (entry == kNewAxis) {
      shape.push_back(1);
      continue;
    }
    if (entry < 0 || entry >= rank)
      return emitOptionalError(loc, "'", getOperationName(), "' op pattern entry ",
                               entry, " is not a dimension of the rank-", rank,
                               " input");
    if (used[entry])
      return emitOptionalError(loc, "'", getOperationName(),
                               "' op input dimension ", entry,
                               " appears twice in the pattern");
    used[entry] = true;
    shape.push_back(input.getDimSize(entry));
  }
  for (int64_t d = 0; d < rank; ++d)
    if (!used[d] && input.getDimSize(d) != 1)
      return emitOptionalError(
          loc, "'", getOperationName(), "' op input dimension ", d,
          " of size ",
          ShapedType::isDynamic(input.getDimSize(d))
              ? std::string("?")
              : std::to_string(input.getDimSize(d)),
          " is dropped, but only static size-1 dimensions can be dropped");
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

bool DimshuffleOp::isPermutation() {
  return getPattern().size() ==
             static_cast<size_t>(getInput().getType().getRank()) &&
         !llvm::is_contained(getPattern(), kNewAxis);
}

LogicalResult
DimshuffleOp::reifyResultShapes(OpBuilder &builder,
                                ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t entry : getPattern())
    sizes.push_back(entry == kNewAxis
                        ? OpFoldResult(builder.getIndexAttr(1))
                        : getDimSize(builder, getLoc(), getInput(), entry));
  shapes.push_back(sizes);
  return success();
}

//===----------------------------------------------------------------------===//
// Shapes given as values (reshape, broadcast_to)
//===----------------------------------------------------------------------===//

/// Checks that a shape operand has one entry per result dimension and that a
/// constant shape agrees with the static result sizes.
static LogicalResult verifyShapeOperand(Operation *op, Value shape,
                                        RankedTensorType result,
                                        bool allowInferred) {
  auto shapeType = cast<RankedTensorType>(shape.getType());
  if (shapeType.isDynamicDim(0))
    return op->emitOpError("shape operand must have a static length (the "
                           "result rank), got ")
           << shapeType;
  if (shapeType.getDimSize(0) != result.getRank())
    return op->emitOpError("shape operand has ")
           << shapeType.getDimSize(0) << " entries but the result has rank "
           << result.getRank();
  std::optional<SmallVector<int64_t>> values = getConstantShape(shape);
  if (!values)
    return success();
  int64_t inferredCount = 0;
  for (auto [d, v] : llvm::enumerate(*values)) {
    if (v == -1 && allowInferred) {
      if (++inferredCount > 1)
        return op->emitOpError("shape may contain -1 at most once");
      continue;
    }
    if (v < 0)
      return op->emitOpError("shape entry ") << d << " is negative (" << v << ")";
    if (!result.isDynamicDim(d) && result.getDimSize(d) != v)
      return op->emitOpError("result dimension ")
             << d << " has static size " << result.getDimSize(d)
             << " but the constant shape says " << v;
  }
  return success();
}

/// The run-time entry `d` of a shape operand, as an index.
static Value shapeEntry(OpBuilder &builder, Location loc, Value shape,
                        int64_t d) {
  Value pos = arith::ConstantIndexOp::create(builder, loc, d);
  Value v = tensor::ExtractOp::create(builder, loc, shape, ValueRange{pos});
  return arith::IndexCastOp::create(builder, loc, builder.getIndexType(), v);
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType input = getInput().getType(), result = getResult().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("element types of input ")
           << input << " and result " << result << " must match";
  if (failed(verifyShapeOperand(*this, getShape(), result,
                                /*allowInferred=*/true)))
    return failure();
  std::optional<int64_t> inCount = staticNumElements(input.getShape());
  std::optional<int64_t> outCount = staticNumElements(result.getShape());
  if (inCount && outCount && *inCount != *outCount)
    return emitOpError("cannot reshape ")
           << *inCount << " elements " << input << " into " << *outCount
           << " elements " << result;
  return success();
}

LogicalResult ReshapeOp::reifyResultShapes(OpBuilder &builder,
                                           ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  RankedTensorType result = getResult().getType();
  if (result.hasStaticShape()) {
    shapes.push_back(getAsIndexOpFoldResult(getContext(), result.getShape()));
    return success();
  }
  // Sizes from the shape operand; a -1 entry becomes numel / product(others).
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  Value minusOne = arith::ConstantIndexOp::create(builder, loc, -1);
  Value numel = one;
  for (int64_t d = 0; d < getInput().getType().getRank(); ++d)
    numel = arith::MulIOp::create(
        builder, loc, numel,
        getValueOrCreateConstantIndexOp(builder, loc,
                                        getDimSize(builder, loc, getInput(), d)));
  SmallVector<Value> entries;
  Value known = one;
  for (int64_t d = 0; d < result.getRank(); ++d) {
    Value e = shapeEntry(builder, loc, getShape(), d);
    entries.push_back(e);
    Value isInferred = arith::CmpIOp::create(builder, loc,
                                             arith::CmpIPredicate::eq, e, minusOne);
    known = arith::MulIOp::create(
        builder, loc, known,
        arith::SelectOp::create(builder, loc, isInferred, one, e));
  }
  // Guard the division: a zero product is reported by the lowering's check.
  Value isZero = arith::CmpIOp::create(
      builder, loc, arith::CmpIPredicate::eq, known,
      arith::ConstantIndexOp::create(builder, loc, 0));
  Value divisor = arith::SelectOp::create(builder, loc, isZero, one, known);
  Value inferredSize = arith::DivSIOp::create(builder, loc, numel, divisor);
  SmallVector<OpFoldResult> sizes;
  for (auto [d, e] : llvm::enumerate(entries)) {
    if (!result.isDynamicDim(d)) {
      sizes.push_back(builder.getIndexAttr(result.getDimSize(d)));
      continue;
    }
    Value isInferred = arith::CmpIOp::create(builder, loc,
                                             arith::CmpIPredicate::eq, e, minusOne);
    sizes.push_back(
        arith::SelectOp::create(builder, loc, isInferred, inferredSize, e)
            .getResult());
  }
  shapes.push_back(sizes);
  return success();
}

LogicalResult BroadcastToOp::verify() {
  RankedTensorType input = getInput().getType(), result = getResult().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("element types of input ")
           << input << " and result " << result << " must match";
  if (input.getRank() != result.getRank())
    return emitOpError("input rank ")
           << input.getRank() << " differs from result rank " << result.getRank()
           << ": pad the input with size-1 dimensions (symc.dimshuffle) first";
  for (int64_t d = 0; d < input.getRank(); ++d) {
    int64_t in = input.getDimSize(d), out = result.getDimSize(d);
    if (in != 1 && !compatibleSizes(in, out))
      return emitOpError("input dimension ")
             << d << " of size " << in << " cannot broadcast to size " << out
             << " (only static size-1 dimensions broadcast)";
  }
  return verifyShapeOperand(*this, getShape(), result, /*allowInferred=*/false);
}

LogicalResult
BroadcastToOp::reifyResultShapes(OpBuilder &builder,
                                 ReifiedRankedShapedTypeDims &shapes) {
  RankedTensorType result = getResult().getType();
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < result.getRank(); ++d)
    sizes.push_back(result.isDynamicDim(d)
                        ? OpFoldResult(shapeEntry(builder, getLoc(), getShape(), d))
                        : OpFoldResult(builder.getIndexAttr(result.getDimSize(d))));
  shapes.push_back(sizes);
  return success();
}

//===----------------------------------------------------------------------===//
// ConcatenateOp
//===----------------------------------------------------------------------===//

LogicalResult
ConcatenateOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                Adaptor adaptor,
                                SmallVectorImpl<Type> &inferred) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op needs at least one input");
  // Variadic operand types are parsed as any type: check before casting.
  for (auto [i, value] : llvm::enumerate(inputs))
    if (!isa<RankedTensorType>(value.getType()))
      return emitOptionalError(loc, "'", getOperationName(), "' op input #", i,
                               " must be a ranked tensor, got ",
                               value.getType());
  auto first = cast<RankedTensorType>(inputs.front().getType());
  int64_t rank = first.getRank(), axis = adaptor.getAxis();
  if (axis < 0 || axis >= rank)
    return emitOptionalError(loc, "'", getOperationName(), "' op axis ", axis,
                             " is out of range for inputs of rank ", rank);
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, value] : llvm::enumerate(inputs.drop_front())) {
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getRank() != rank || type.getElementType() != first.getElementType())
      return emitOptionalError(loc, "'", getOperationName(), "' op input #",
                               i + 1, " has type ", type,
                               " but input #0 has type ", first,
                               ": inputs need one rank and element type");
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = type.getDimSize(d);
      if (d == axis) {
        std::optional<int64_t> sum;
        if (!ShapedType::isDynamic(shape[d]) && !ShapedType::isDynamic(size))
          sum = llvm::checkedAdd(shape[d], size);
        // A sum too large for int64_t stays dynamic; allocation fails at run
        // time, as it would for any tensor that large.
        shape[d] = sum ? *sum : ShapedType::kDynamic;
        continue;
      }
      if (!compatibleSizes(shape[d], size))
        return emitOptionalError(loc, "'", getOperationName(), "' op input #",
                                 i + 1, " has size ", size, " along dimension ",
                                 d, " but earlier inputs have ", shape[d]);
      if (ShapedType::isDynamic(shape[d]))
        shape[d] = size;
    }
  }
  inferred.push_back(RankedTensorType::get(shape, first.getElementType()));
  return success();
}

LogicalResult
ConcatenateOp::reifyResultShapes(OpBuilder &builder,
                                 ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  RankedTensorType result = getResult().getType();
  int64_t axis = getAxis();
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < result.getRank(); ++d) {
    if (!result.isDynamicDim(d)) {
      sizes.push_back(builder.getIndexAttr(result.getDimSize(d)));
      continue;
    }
    if (d != axis) {
      // The first input with a static size would have made it static.
      sizes.push_back(getDimSize(builder, loc, getInputs().front(), d));
      continue;
    }
    Value total = arith::ConstantIndexOp::create(builder, loc, 0);
    for (Value input : getInputs())
      total = arith::AddIOp::create(
          builder, loc, total,
          getValueOrCreateConstantIndexOp(builder, loc,
                                          getDimSize(builder, loc, input, d)));
    sizes.push_back(total);
  }
  shapes.push_back(sizes);
  return success();
}

//===----------------------------------------------------------------------===//
// ArangeOp and EyeOp
//===----------------------------------------------------------------------===//

/// The run-time value of a rank-0 signless integer tensor as an `index`.
static Value scalarAsIndex(OpBuilder &builder, Location loc, Value scalar) {
  Value v = tensor::ExtractOp::create(builder, loc, scalar, ValueRange{});
  return arith::IndexCastOp::create(builder, loc, builder.getIndexType(), v);
}

LogicalResult ArangeOp::reifyResultShapes(OpBuilder &builder,
                                          ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  RankedTensorType result = getResult().getType();
  if (!result.isDynamicDim(0)) {
    shapes.push_back({builder.getIndexAttr(result.getDimSize(0))});
    return success();
  }
  // arith has no unsigned types: a ui8 arange is sized by its lowering, which
  // converts the element type first.
  if (result.getElementType().isUnsignedInteger())
    return failure();
  // length = max(0, ceil((stop - start) / step)); a zero step is reported by
  // the lowering's run-time check, so the division here is guarded.
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value length;
  if (auto floatType = dyn_cast<FloatType>(result.getElementType())) {
    auto extract = [&](Value v) {
      return tensor::ExtractOp::create(builder, loc, v, ValueRange{}).getResult();
    };
    Value span = arith::SubFOp::create(builder, loc, extract(getStop()),
                                       extract(getStart()));
    Value q = arith::DivFOp::create(builder, loc, span, extract(getStep()));
    // ceil(q) for q > -2^63, without the math dialect: trunc, then + 1 where
    // truncation went down.
    Value trunc = arith::FPToSIOp::create(builder, loc, builder.getI64Type(), q);
    Value back = arith::SIToFPOp::create(builder, loc, floatType, trunc);
    Value roundUp = arith::CmpFOp::create(builder, loc,
                                          arith::CmpFPredicate::OLT, back, q);
    Value up = arith::AddIOp::create(
        builder, loc, trunc,
        arith::ConstantIntOp::create(builder, loc, builder.getI64Type(), 1));
    Value ceil = arith::SelectOp::create(builder, loc, roundUp, up, trunc);
    length = arith::IndexCastOp::create(builder, loc, builder.getIndexType(),
                                        ceil);
  } else {
    Value start = scalarAsIndex(builder, loc, getStart());
    Value stop = scalarAsIndex(builder, loc, getStop());
    Value step = scalarAsIndex(builder, loc, getStep());
    Value isZero = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq,
                                         step, zero);
    Value safeStep = arith::SelectOp::create(
        builder, loc, isZero, arith::ConstantIndexOp::create(builder, loc, 1),
        step);
    length = arith::CeilDivSIOp::create(
        builder, loc, arith::SubIOp::create(builder, loc, stop, start),
        safeStep);
  }
  shapes.push_back({arith::MaxSIOp::create(builder, loc, length, zero).getResult()});
  return success();
}

LogicalResult EyeOp::reifyResultShapes(OpBuilder &builder,
                                       ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  RankedTensorType result = getResult().getType();
  SmallVector<OpFoldResult> sizes;
  Value dims[] = {getRows(), getCols()};
  for (auto [d, operand] : llvm::enumerate(dims))
    sizes.push_back(result.isDynamicDim(d)
                        ? OpFoldResult(scalarAsIndex(builder, loc, operand))
                        : OpFoldResult(builder.getIndexAttr(result.getDimSize(d))));
  shapes.push_back(sizes);
  return success();
}
