//===- SymcTypeInference.cpp - shape rules shared by the ops -------------===//
//
// The shape rules every family of symc ops relies on: Theano's broadcast
// rule, reduced shapes, Python slice lengths, window output sizes, and the
// decoding of basic index lists. Verifiers, type inference, folders and the
// lowerings all call these, so that a rule is written once.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::symc;

bool mlir::symc::compatibleTypes(TypeRange inferred, TypeRange declared) {
  if (inferred.size() != declared.size())
    return false;
  for (auto [a, b] : llvm::zip(inferred, declared)) {
    auto ta = dyn_cast<RankedTensorType>(a), tb = dyn_cast<RankedTensorType>(b);
    if (!ta || !tb) {
      if (a != b)
        return false;
      continue;
    }
    if (ta.getElementType() != tb.getElementType() ||
        ta.getRank() != tb.getRank() || ta.getEncoding() != tb.getEncoding())
      return false;
    // A declared size is `?` or the inferred static size: a declared type
    // may forget what inference knows, never claim what it does not.
    for (auto [x, y] : llvm::zip(ta.getShape(), tb.getShape()))
      if (!ShapedType::isDynamic(y) && x != y)
        return false;
  }
  return true;
}

FailureOr<SmallVector<int64_t>>
mlir::symc::inferBroadcastShape(StringRef opName,
                                std::optional<Location> location,
                                TypeRange types,
                                ArrayRef<StringRef> operandNames) {
  auto name = [&](size_t i) -> std::string {
    if (i < operandNames.size())
      return ("'" + operandNames[i] + "'").str();
    return "#" + std::to_string(i);
  };
  SmallVector<RankedTensorType> tensors;
  for (Type type : types) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return emitOptionalError(location, "'", opName,
                               "' op expects ranked tensor operands");
    tensors.push_back(tensor);
  }
  if (tensors.empty())
    return SmallVector<int64_t>{};
  int64_t rank = tensors.front().getRank();
  for (size_t i = 1; i < tensors.size(); ++i)
    if (tensors[i].getRank() != rank)
      return emitOptionalError(
          location, "'", opName, "' op operand ", name(i), " has rank ",
          tensors[i].getRank(), " but operand ", name(0), " has rank ", rank,
          ": elementwise operands must have equal rank (insert "
          "symc.dimshuffle to add broadcastable dimensions)");

  SmallVector<int64_t> shape(rank, 1);
  for (int64_t d = 0; d < rank; ++d) {
    int64_t staticSize = 1;
    size_t staticOwner = 0;
    bool anyDynamic = false;
    for (size_t i = 0; i < tensors.size(); ++i) {
      int64_t size = tensors[i].getDimSize(d);
      if (ShapedType::isDynamic(size)) {
        anyDynamic = true;
        continue;
      }
      if (size == 1)
        continue;
      if (staticSize != 1 && size != staticSize)
        return emitOptionalError(
            location, "'", opName, "' op operands ", name(staticOwner), " and ",
            name(i), " cannot broadcast along dimension ", d, ": sizes ",
            staticSize, " and ", size,
            " differ and only static size-1 dimensions broadcast");
      staticSize = size;
      staticOwner = i;
    }
    if (staticSize != 1)
      shape[d] = staticSize;
    else if (anyDynamic)
      shape[d] = ShapedType::kDynamic;
  }
  return shape;
}

std::optional<int64_t> mlir::symc::staticNumElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (ShapedType::isDynamic(size) || size < 0)
      return std::nullopt;
    std::optional<int64_t> product = llvm::checkedMul(count, size);
    if (!product)
      return std::nullopt;
    count = *product;
  }
  return count;
}

SmallVector<int64_t> mlir::symc::reducedShape(ArrayRef<int64_t> shape,
                                              ArrayRef<int64_t> axes,
                                              bool keepdims) {
  SmallVector<int64_t> result;
  for (auto [d, size] : llvm::enumerate(shape)) {
    bool reduced = llvm::is_contained(axes, static_cast<int64_t>(d));
    if (!reduced)
      result.push_back(size);
    else if (keepdims)
      result.push_back(1);
  }
  return result;
}

LogicalResult mlir::symc::verifyAxes(StringRef opName,
                                     std::optional<Location> location,
                                     ArrayRef<int64_t> axes, int64_t rank,
                                     StringRef what) {
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= rank)
      return emitOptionalError(location, "'", opName, "' op ", what, " ", axis,
                               " is out of range for an operand of rank ", rank,
                               " (it must be in [0, ", rank, "))");
    if (i > 0 && axes[i - 1] >= axis)
      return emitOptionalError(location, "'", opName, "' op ", what,
                               " must be sorted and unique, got [",
                               llvm::make_range(axes.begin(), axes.end()), "]");
  }
  return success();
}

OpFoldResult mlir::symc::getDimSize(OpBuilder &builder, Location loc,
                                    Value value, int64_t dim) {
  auto type = cast<ShapedType>(value.getType());
  if (!type.isDynamicDim(dim))
    return builder.getIndexAttr(type.getDimSize(dim));
  return tensor::DimOp::create(builder, loc, value, dim).getResult();
}

SmallVector<OpFoldResult>
mlir::symc::reifyBroadcastShape(OpBuilder &builder, Location loc,
                                ValueRange operands) {
  int64_t rank = cast<ShapedType>(operands.front().getType()).getRank();
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < rank; ++d) {
    Value dynamicOwner;
    std::optional<int64_t> staticSize;
    for (Value operand : operands) {
      int64_t size = cast<ShapedType>(operand.getType()).getDimSize(d);
      if (ShapedType::isDynamic(size)) {
        if (!dynamicOwner)
          dynamicOwner = operand;
      } else if (size != 1) {
        staticSize = size;
      }
    }
    if (staticSize)
      sizes.push_back(builder.getIndexAttr(*staticSize));
    else if (dynamicOwner)
      sizes.push_back(getDimSize(builder, loc, dynamicOwner, d));
    else
      sizes.push_back(builder.getIndexAttr(1));
  }
  return sizes;
}

int64_t mlir::symc::windowOutputSize(int64_t input, int64_t window,
                                     int64_t stride, int64_t padBefore,
                                     int64_t padAfter, int64_t dilation,
                                     bool ceilMode) {
  if (ShapedType::isDynamic(input) || ShapedType::isDynamic(window) ||
      ShapedType::isDynamic(padBefore) || ShapedType::isDynamic(padAfter) ||
      stride < 1 || dilation < 1 || window < 1)
    return ShapedType::kDynamic;
  // Attributes are user input: compute with overflow checks and give up on
  // a static size (rather than produce a negative one) when a step wraps.
  std::optional<int64_t> extent = llvm::checkedAdd(input, padBefore);
  if (extent)
    extent = llvm::checkedAdd(*extent, padAfter);
  std::optional<int64_t> span = llvm::checkedMul(dilation, window - 1);
  if (span)
    span = llvm::checkedAdd(*span, int64_t(1));
  if (!extent || !span)
    return ShapedType::kDynamic;
  if (*extent <= 0)
    return 0;
  if (!ceilMode)
    return *extent < *span ? 0 : (*extent - *span) / stride + 1;
  // Theano's ignore_border=False: every window that starts inside the input
  // produces an output, the last one possibly partial.
  if (stride >= *span)
    return (*extent - 1) / stride + 1;
  int64_t last = *extent - 1 - *span + stride;
  return (last < 0 ? 0 : last / stride) + 1;
}

//===----------------------------------------------------------------------===//
// Basic index lists
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<IndexEntry>> mlir::symc::decodeIndexEntries(
    ArrayRef<bool> sliceEntries, ArrayRef<int64_t> staticIndices,
    ValueRange dynamicIndices, function_ref<InFlightDiagnostic()> emitError) {
  constexpr int64_t kNone = SubtensorOp::kNone;
  constexpr int64_t kDynamic = SubtensorOp::kDynamic;
  auto fail = [&](const Twine &message) -> FailureOr<SmallVector<IndexEntry>> {
    if (emitError)
      emitError() << message;
    return failure();
  };
  SmallVector<IndexEntry> entries;
  size_t valuePos = 0, dynPos = 0;
  auto decode = [&](IndexBound &bound) -> LogicalResult {
    if (valuePos >= staticIndices.size())
      return failure();
    int64_t v = staticIndices[valuePos++];
    if (v == kNone)
      return success();
    if (v == kDynamic) {
      if (dynPos >= dynamicIndices.size())
        return failure();
      bound.kind = IndexBound::Kind::Dynamic;
      bound.dynamic = dynamicIndices[dynPos++];
      return success();
    }
    bound.kind = IndexBound::Kind::Static;
    bound.value = v;
    return success();
  };
  for (bool isSlice : sliceEntries) {
    IndexEntry entry;
    entry.isSlice = isSlice;
    if (failed(decode(entry.start)) ||
        (isSlice && (failed(decode(entry.stop)) || failed(decode(entry.step)))))
      return fail("index list encoding is malformed: static_indices needs one "
                  "value per integer entry and three per slice, and one "
                  "dynamic operand per dynamic bound");
    if (!isSlice && entry.start.isNone())
      return fail("an integer index entry cannot be omitted");
    if (isSlice && entry.step.isStatic() && entry.step.value == 0)
      return fail("slice step cannot be zero");
    entries.push_back(entry);
  }
  if (valuePos != staticIndices.size() || dynPos != dynamicIndices.size())
    return fail("index list encoding is malformed: " +
                Twine(staticIndices.size() - valuePos) +
                " unused static values and " +
                Twine(dynamicIndices.size() - dynPos) +
                " unused dynamic operands");
  return entries;
}

int64_t mlir::symc::staticSliceLength(int64_t size, const IndexEntry &entry) {
  if (ShapedType::isDynamic(size) || entry.start.kind == IndexBound::Kind::Dynamic ||
      entry.stop.kind == IndexBound::Kind::Dynamic ||
      entry.step.kind == IndexBound::Kind::Dynamic)
    return ShapedType::kDynamic;
  int64_t step = entry.step.isNone() ? 1 : entry.step.value;
  // Python's slice.indices(size).
  auto clamp = [&](const IndexBound &bound, int64_t dflt) -> int64_t {
    if (bound.isNone())
      return dflt;
    int64_t v = bound.value;
    if (v < 0) {
      v += size;
      if (v < 0)
        v = step < 0 ? -1 : 0;
    } else if (v >= size) {
      v = step < 0 ? size - 1 : size;
    }
    return v;
  };
  int64_t start = clamp(entry.start, step < 0 ? size - 1 : 0);
  int64_t stop = clamp(entry.stop, step < 0 ? -1 : size);
  // ceil(span / |step|) written so that a huge |step| cannot overflow.
  int64_t span = step > 0 ? stop - start : start - stop;
  if (span <= 0)
    return 0;
  uint64_t absStep = step > 0 ? static_cast<uint64_t>(step)
                              : 0 - static_cast<uint64_t>(step);
  return static_cast<int64_t>((static_cast<uint64_t>(span) - 1) / absStep + 1);
}
