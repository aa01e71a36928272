//===- SymcIndexingOps.cpp - basic and advanced indexing ------------------===//
//
// Type inference, verifiers and shape reification of the subtensor family,
// plus the run-time slice arithmetic (Python's slice.indices) that the
// lowering reuses.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::symc;

static std::string sizeString(int64_t size) {
  return ShapedType::isDynamic(size) ? "?" : std::to_string(size);
}

//===----------------------------------------------------------------------===//
// Run-time slice arithmetic
//===----------------------------------------------------------------------===//

Value mlir::symc::materializeBound(OpBuilder &builder, Location loc,
                                   const IndexBound &bound) {
  if (bound.isStatic())
    return arith::ConstantIndexOp::create(builder, loc, bound.value);
  Value v = tensor::ExtractOp::create(builder, loc, bound.dynamic, ValueRange{});
  return arith::IndexCastOp::create(builder, loc, builder.getIndexType(), v);
}

Value mlir::symc::materializeIndex(OpBuilder &builder, Location loc, Value size,
                                   const IndexBound &bound) {
  Value i = materializeBound(builder, loc, bound);
  if (bound.isStatic() && bound.value >= 0)
    return i;
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value negative =
      arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt, i, zero);
  Value wrapped = arith::AddIOp::create(builder, loc, i, size);
  return arith::SelectOp::create(builder, loc, negative, wrapped, i);
}

MaterializedSlice mlir::symc::materializeSlice(OpBuilder &builder, Location loc,
                                               Value size,
                                               const IndexEntry &entry) {
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(builder, loc, v);
  };
  auto select = [&](Value c, Value a, Value b) -> Value {
    return arith::SelectOp::create(builder, loc, c, a, b);
  };
  auto slt = [&](Value a, Value b) -> Value {
    return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt, a, b);
  };
  auto sge = [&](Value a, Value b) -> Value {
    return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::sge, a, b);
  };
  Value zero = cst(0), one = cst(1), minusOne = cst(-1);
  Value step = entry.step.isNone() ? one : materializeBound(builder, loc, entry.step);
  Value negStep = slt(step, zero);
  Value sizeMinusOne = arith::SubIOp::create(builder, loc, size, one);

  // Python's PySlice_AdjustIndices for one bound.
  auto adjust = [&](const IndexBound &bound, Value dfltNeg,
                    Value dfltPos) -> Value {
    if (bound.isNone())
      return select(negStep, dfltNeg, dfltPos);
    Value v = materializeBound(builder, loc, bound);
    Value wrapped = arith::AddIOp::create(builder, loc, v, size);
    Value low = select(negStep, minusOne, zero);
    Value high = select(negStep, sizeMinusOne, size);
    Value fromEnd = select(slt(wrapped, zero), low, wrapped);
    Value fromStart = select(sge(v, size), high, v);
    return select(slt(v, zero), fromEnd, fromStart);
  };
  Value start = adjust(entry.start, sizeMinusOne, zero);
  Value stop = adjust(entry.stop, minusOne, size);

  // length = ceil(span / |step|) for span = stop - start (start - stop for a
  // negative step), 0 when span < 1; written as (span - 1) / |step| + 1 so
  // that a huge |step| cannot overflow. The unsigned division also gives
  // the right answer for step = INT64_MIN, whose negation wraps.
  Value span = select(negStep, arith::SubIOp::create(builder, loc, start, stop),
                      arith::SubIOp::create(builder, loc, stop, start));
  Value absStep =
      select(negStep, arith::SubIOp::create(builder, loc, zero, step), step);
  Value length = arith::AddIOp::create(
      builder, loc,
      arith::DivUIOp::create(builder, loc,
                             arith::SubIOp::create(builder, loc, span, one),
                             absStep),
      one);
  length = select(slt(span, one), zero, length);
  return {start, length, step};
}

//===----------------------------------------------------------------------===//
// Basic indexing
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<int64_t>>
mlir::symc::inferSubtensorShape(StringRef opName,
                                std::optional<Location> location,
                                RankedTensorType inputType,
                                ArrayRef<IndexEntry> entries) {
  int64_t rank = inputType.getRank();
  if (static_cast<int64_t>(entries.size()) > rank)
    return emitOptionalError(location, "'", opName, "' op has ",
                             entries.size(), " index entries but the input ",
                             inputType, " has rank ", rank);
  SmallVector<int64_t> shape;
  for (auto [d, entry] : llvm::enumerate(entries)) {
    int64_t size = inputType.getDimSize(d);
    if (!entry.isSlice) {
      if (entry.start.isStatic() && !ShapedType::isDynamic(size) &&
          (entry.start.value >= size || entry.start.value < -size))
        return emitOptionalError(location, "'", opName, "' op index ",
                                 entry.start.value,
                                 " is out of bounds for dimension ", d,
                                 " of size ", size);
      continue;
    }
    shape.push_back(staticSliceLength(size, entry));
  }
  for (int64_t d = entries.size(); d < rank; ++d)
    shape.push_back(inputType.getDimSize(d));
  return shape;
}

/// The reified sizes of the part of `input` that `entries` select.
static SmallVector<OpFoldResult> reifySubtensor(OpBuilder &builder,
                                                Location loc, Value input,
                                                ArrayRef<IndexEntry> entries,
                                                ArrayRef<int64_t> staticShape) {
  SmallVector<OpFoldResult> sizes;
  size_t out = 0;
  auto rank = cast<RankedTensorType>(input.getType()).getRank();
  for (int64_t d = 0; d < rank; ++d) {
    bool indexed = d < static_cast<int64_t>(entries.size());
    if (indexed && !entries[d].isSlice)
      continue;
    if (!ShapedType::isDynamic(staticShape[out])) {
      sizes.push_back(builder.getIndexAttr(staticShape[out++]));
      continue;
    }
    ++out;
    OpFoldResult size = getDimSize(builder, loc, input, d);
    if (!indexed) {
      sizes.push_back(size);
      continue;
    }
    Value sizeValue = getValueOrCreateConstantIndexOp(builder, loc, size);
    sizes.push_back(materializeSlice(builder, loc, sizeValue, entries[d]).length);
  }
  return sizes;
}

#define SYMC_GET_ENTRIES(OP)                                                   \
  SmallVector<IndexEntry> OP::getEntries() {                                   \
    return *decodeIndexEntries(getSliceEntries(), getStaticIndices(),          \
                               getDynamicIndices());                           \
  }
SYMC_GET_ENTRIES(SubtensorOp)
SYMC_GET_ENTRIES(SetSubtensorOp)
SYMC_GET_ENTRIES(IncSubtensorOp)
#undef SYMC_GET_ENTRIES

LogicalResult SubtensorOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  auto emit = [&]() -> InFlightDiagnostic {
    return mlir::emitError(*loc) << "'" << getOperationName() << "' op ";
  };
  FailureOr<SmallVector<IndexEntry>> entries = decodeIndexEntries(
      adaptor.getSliceEntries(), adaptor.getStaticIndices(),
      adaptor.getDynamicIndices(),
      loc ? function_ref<InFlightDiagnostic()>(emit) : nullptr);
  if (failed(entries))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      inferSubtensorShape(getOperationName(), loc, inputType, *entries);
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, inputType.getElementType()));
  return success();
}

LogicalResult SubtensorOp::verify() {
  return decodeIndexEntries(getSliceEntries(), getStaticIndices(),
                            getDynamicIndices(),
                            [&] { return emitOpError(); });
}

LogicalResult SubtensorOp::reifyResultShapes(OpBuilder &builder,
                                             ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(reifySubtensor(builder, getLoc(), getInput(), getEntries(),
                                  getResult().getType().getShape()));
  return success();
}

/// Checks that `value` can be written into the part of shape `target`:
/// equal rank, element type, and sizes that are equal or a static 1.
static LogicalResult verifyUpdateValue(Operation *op, RankedTensorType input,
                                       ArrayRef<int64_t> target,
                                       RankedTensorType value) {
  if (value.getElementType() != input.getElementType())
    return op->emitOpError("value element type ")
           << value.getElementType() << " differs from the input's "
           << input.getElementType();
  if (value.getRank() != static_cast<int64_t>(target.size()))
    return op->emitOpError("value ")
           << value << " has rank " << value.getRank()
           << " but the indexed part has rank " << target.size()
           << " (pad the value with size-1 dimensions first)";
  for (auto [d, size] : llvm::enumerate(value.getShape()))
    if (size != 1 && !compatibleSizes(size, target[d]))
      return op->emitOpError("value dimension ")
             << d << " of size " << sizeString(size)
             << " cannot broadcast to the indexed size "
             << sizeString(target[d]);
  return success();
}

template <typename OpT>
static LogicalResult verifySubtensorUpdate(OpT op) {
  FailureOr<SmallVector<IndexEntry>> entries =
      decodeIndexEntries(op.getSliceEntries(), op.getStaticIndices(),
                         op.getDynamicIndices(), [&] { return op.emitOpError(); });
  if (failed(entries))
    return failure();
  RankedTensorType input = op.getInput().getType();
  FailureOr<SmallVector<int64_t>> target = inferSubtensorShape(
      op->getName().getStringRef(), op.getLoc(), input, *entries);
  if (failed(target))
    return failure();
  return verifyUpdateValue(op, input, *target, op.getValue().getType());
}

LogicalResult SetSubtensorOp::verify() { return verifySubtensorUpdate(*this); }
LogicalResult IncSubtensorOp::verify() { return verifySubtensorUpdate(*this); }

/// Updates return the input's shape.
static SmallVector<OpFoldResult> reifyInputShape(OpBuilder &builder,
                                                 Location loc, Value input) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < cast<ShapedType>(input.getType()).getRank(); ++d)
    sizes.push_back(getDimSize(builder, loc, input, d));
  return sizes;
}

#define SYMC_REIFY_INPUT_SHAPE(OP)                                             \
  LogicalResult OP::reifyResultShapes(OpBuilder &builder,                      \
                                      ReifiedRankedShapedTypeDims &shapes) {   \
    shapes.push_back(reifyInputShape(builder, getLoc(), getInput()));          \
    return success();                                                          \
  }
SYMC_REIFY_INPUT_SHAPE(SetSubtensorOp)
SYMC_REIFY_INPUT_SHAPE(IncSubtensorOp)
SYMC_REIFY_INPUT_SHAPE(AdvancedSetSubtensorOp)
SYMC_REIFY_INPUT_SHAPE(AdvancedIncSubtensorOp)
#undef SYMC_REIFY_INPUT_SHAPE

//===----------------------------------------------------------------------===//
// Advanced indexing
//===----------------------------------------------------------------------===//

/// True when sorted positions are consecutive (NumPy keeps the broadcast
/// index dimensions in place only then).
static bool adjacent(ArrayRef<int64_t> positions) {
  return positions.empty() ||
         positions.back() - positions.front() + 1 ==
             static_cast<int64_t>(positions.size());
}

FailureOr<SmallVector<int64_t>> mlir::symc::inferAdvancedSubtensorShape(
    StringRef opName, std::optional<Location> location,
    RankedTensorType inputType, TypeRange indexTypes,
    ArrayRef<int64_t> positions) {
  int64_t rank = inputType.getRank();
  if (positions.empty())
    return emitOptionalError(location, "'", opName,
                             "' op needs at least one index array");
  if (positions.size() != indexTypes.size())
    return emitOptionalError(location, "'", opName, "' op has ",
                             positions.size(), " positions but ",
                             indexTypes.size(), " index arrays");
  if (failed(verifyAxes(opName, location, positions, rank, "positions")))
    return failure();
  SmallVector<std::string> names;
  for (size_t i = 0; i < indexTypes.size(); ++i)
    names.push_back("indices[" + std::to_string(i) + "]");
  SmallVector<StringRef> nameRefs(names.begin(), names.end());
  FailureOr<SmallVector<int64_t>> indexShape =
      inferBroadcastShape(opName, location, indexTypes, nameRefs);
  if (failed(indexShape))
    return failure();
  SmallVector<int64_t> shape;
  auto isIndexed = [&](int64_t d) { return llvm::is_contained(positions, d); };
  if (adjacent(positions)) {
    for (int64_t d = 0; d < rank; ++d) {
      if (d == positions.front())
        shape.append(*indexShape);
      if (!isIndexed(d))
        shape.push_back(inputType.getDimSize(d));
    }
  } else {
    shape.append(*indexShape);
    for (int64_t d = 0; d < rank; ++d)
      if (!isIndexed(d))
        shape.push_back(inputType.getDimSize(d));
  }
  return shape;
}

LogicalResult
AdvancedSubtensorOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
  FailureOr<SmallVector<int64_t>> shape = inferAdvancedSubtensorShape(
      getOperationName(), loc, inputType, adaptor.getIndices().getTypes(),
      adaptor.getPositions());
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, inputType.getElementType()));
  return success();
}

LogicalResult
AdvancedSubtensorOp::reifyResultShapes(OpBuilder &builder,
                                       ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  ArrayRef<int64_t> positions = getPositions();
  SmallVector<OpFoldResult> indexSizes =
      reifyBroadcastShape(builder, loc, getIndices());
  int64_t rank = getInput().getType().getRank();
  auto isIndexed = [&](int64_t d) { return llvm::is_contained(positions, d); };
  SmallVector<OpFoldResult> sizes;
  if (adjacent(positions)) {
    for (int64_t d = 0; d < rank; ++d) {
      if (d == positions.front())
        sizes.append(indexSizes);
      if (!isIndexed(d))
        sizes.push_back(getDimSize(builder, loc, getInput(), d));
    }
  } else {
    sizes.append(indexSizes);
    for (int64_t d = 0; d < rank; ++d)
      if (!isIndexed(d))
        sizes.push_back(getDimSize(builder, loc, getInput(), d));
  }
  shapes.push_back(sizes);
  return success();
}

template <typename OpT>
static LogicalResult verifyAdvancedUpdate(OpT op) {
  RankedTensorType input = op.getInput().getType();
  FailureOr<SmallVector<int64_t>> target = inferAdvancedSubtensorShape(
      op->getName().getStringRef(), op.getLoc(), input,
      op.getIndices().getTypes(), op.getPositions());
  if (failed(target))
    return failure();
  return verifyUpdateValue(op, input, *target, op.getValue().getType());
}

LogicalResult AdvancedSetSubtensorOp::verify() {
  return verifyAdvancedUpdate(*this);
}
LogicalResult AdvancedIncSubtensorOp::verify() {
  return verifyAdvancedUpdate(*this);
}
