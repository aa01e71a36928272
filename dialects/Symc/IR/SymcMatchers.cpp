//===- SymcMatchers.cpp - matching helpers for symc rewrites --------------===//
//
// Implements the queries of SymcMatchers.h. Each walks defining ops only and
// answers conservatively: "false" or the value itself when in doubt.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcMatchers.h"

#include "dialects/Symc/IR/SymcOpLists.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::symc;

std::optional<double> mlir::symc::getSplatValue(Value value) {
  Operation *def = value ? value.getDefiningOp() : nullptr;
  if (!def)
    return std::nullopt;
  // symc.constant read directly: m_Constant folds the op to get its value,
  // and the stabilize and specialize rewrites ask this of every factor and
  // operand they look at.
  if (auto constant = dyn_cast<ConstantOp>(def))
    return getSplatValue(constant.getValue());
  Attribute attr;
  if (!matchPattern(def, m_Constant(&attr)))
    return std::nullopt;
  return getSplatValue(attr);
}

std::optional<double> mlir::symc::getSplatValue(Attribute attr) {
  auto dense = dyn_cast_if_present<SplatElementsAttr>(attr);
  if (!dense)
    return std::nullopt;
  Type element = dense.getElementType();
  // f64 and f32 read directly: an APFloat copy costs more than the rest of
  // a match that fails.
  if (element.isF64())
    return dense.getSplatValue<double>();
  if (element.isF32())
    return dense.getSplatValue<float>();
  if (isa<FloatType>(element))
    return dense.getSplatValue<APFloat>().convertToDouble();
  if (element.isInteger(1))
    return dense.getSplatValue<APInt>().getBoolValue() ? 1.0 : 0.0;
  if (element.isUnsignedInteger())
    return static_cast<double>(dense.getSplatValue<APInt>().getZExtValue());
  if (element.isInteger())
    return static_cast<double>(dense.getSplatValue<APInt>().getSExtValue());
  return std::nullopt;
}

bool mlir::symc::isSplatConstant(Value value, double expected) {
  std::optional<double> splat = getSplatValue(value);
  return splat && *splat == expected;
}

/// The operand of an elementwise op whose static shape is the result's, or
/// null. Such an operand has the result's run-time shape: `?` sizes never
/// broadcast, and static sizes are equal.
static Value sameShapeOperand(Operation *op) {
  auto result = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!result)
    return {};
  for (Value operand : op->getOperands()) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (type && type.getShape() == result.getShape())
      return operand;
  }
  return {};
}

Value mlir::symc::shapeSource(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    Value next;
    if (def->hasTrait<SymcElementwise>()) {
      next = sameShapeOperand(def);
    } else if (auto broadcast = dyn_cast<BroadcastToOp>(def)) {
      if (auto shape = broadcast.getShape().getDefiningOp<ShapeOp>())
        next = shape.getInput();
    } else if (isa<SoftmaxOp, LogSoftmaxOp>(def)) {
      next = def->getOperand(0);
    } else if (auto grad = dyn_cast<CrossentropySoftmaxGradOp>(def)) {
      next = grad.getLogits();
    } else if (auto gemm = dyn_cast<GemmOp>(def)) {
      next = gemm.getC();
    } else if (isa<SetSubtensorOp, IncSubtensorOp, AdvancedSetSubtensorOp,
                   AdvancedIncSubtensorOp>(def)) {
      next = def->getOperand(0);
    }
    if (!next)
      break;
    value = next;
  }
  return value;
}

/// The axes and keepdims of a reduction op, or nullopt for other ops.
static std::optional<std::pair<ArrayRef<int64_t>, bool>>
reduction(Operation *op) {
  std::optional<std::pair<ArrayRef<int64_t>, bool>> result;
#define SYMC_REDUCTION_CASE(OP)                                                \
  if (auto r = dyn_cast<OP>(op))                                               \
    result = std::make_pair(r.getAxes(), r.getKeepdims());
  SYMC_REDUCE_OPS(SYMC_REDUCTION_CASE)
#undef SYMC_REDUCTION_CASE
  return result;
}

/// Same run-time shape, looking through shape sources and, structurally,
/// through equal reductions and dimshuffles of values of the same shape
/// (`sum(exp(x), 1)` and `logsumexp(x, 1)`), up to `depth` levels.
static bool sameShape(Value a, Value b, unsigned depth) {
  if (a == b)
    return true;
  auto ta = dyn_cast<RankedTensorType>(a.getType());
  auto tb = dyn_cast<RankedTensorType>(b.getType());
  if (!ta || !tb || ta.getRank() != tb.getRank())
    return false;
  if (ta.hasStaticShape() && ta.getShape() == tb.getShape())
    return true;
  a = shapeSource(a);
  b = shapeSource(b);
  if (a == b)
    return true;
  Operation *da = a.getDefiningOp(), *db = b.getDefiningOp();
  if (!da || !db || depth == 0)
    return false;
  auto ra = reduction(da), rb = reduction(db);
  if (ra && rb)
    return *ra == *rb &&
           sameShape(da->getOperand(0), db->getOperand(0), depth - 1);
  auto sa = dyn_cast<DimshuffleOp>(da), sb = dyn_cast<DimshuffleOp>(db);
  if (sa && sb)
    return sa.getPattern() == sb.getPattern() &&
           sameShape(sa.getInput(), sb.getInput(), depth - 1);
  return false;
}

bool mlir::symc::haveSameRuntimeShape(Value a, Value b) {
  return sameShape(a, b, /*depth=*/8);
}

static bool nonNegative(Value value, unsigned depth) {
  Operation *def = value.getDefiningOp();
  if (!def)
    return false;
  if (isa<ExpOp, SqrOp, AbsOp, SigmoidOp, SoftplusOp, SoftmaxOp, ShapeOp>(def))
    return true;
  DenseElementsAttr dense;
  if (matchPattern(value, m_Constant(&dense))) {
    if (isa<FloatType>(dense.getElementType()))
      return llvm::all_of(dense.getValues<APFloat>(), [](const APFloat &v) {
        return v.isNaN() || !v.isNegative();
      });
    if (dense.getElementType().isSignlessInteger() &&
        dense.getElementType().getIntOrFloatBitWidth() > 1)
      return llvm::all_of(dense.getValues<APInt>(),
                          [](const APInt &v) { return !v.isNegative(); });
    return false;
  }
  // Pieces of non-negative tensors (shapes taken apart and put together).
  if (depth == 0)
    return false;
  if (isa<SubtensorOp, DimshuffleOp>(def))
    return nonNegative(def->getOperand(0), depth - 1);
  if (auto concatenate = dyn_cast<ConcatenateOp>(def))
    return llvm::all_of(concatenate.getInputs(),
                        [&](Value v) { return nonNegative(v, depth - 1); });
  return false;
}

bool mlir::symc::isKnownNonNegative(Value value) {
  return nonNegative(value, /*depth=*/8);
}

std::optional<SmallVector<int64_t>> mlir::symc::getConstantShape(Value shape) {
  DenseIntElementsAttr dense;
  if (!matchPattern(shape, m_Constant(&dense)))
    return std::nullopt;
  return llvm::to_vector(llvm::map_range(
      dense.getValues<APInt>(), [](const APInt &v) { return v.getSExtValue(); }));
}

std::optional<int64_t> mlir::symc::getStaticShapeEntry(Value shape, int64_t d) {
  if (std::optional<SmallVector<int64_t>> entries = getConstantShape(shape)) {
    if (d < 0 || d >= static_cast<int64_t>(entries->size()))
      return std::nullopt;
    return (*entries)[d];
  }
  if (auto op = shape.getDefiningOp<ShapeOp>()) {
    auto type = cast<RankedTensorType>(op.getInput().getType());
    if (d >= 0 && d < type.getRank() && !type.isDynamicDim(d))
      return type.getDimSize(d);
  }
  return std::nullopt;
}

bool mlir::symc::isNegationOf(Value a, Value b) {
  if (auto neg = a.getDefiningOp<NegOp>(); neg && neg.getInput() == b)
    return true;
  if (auto neg = b.getDefiningOp<NegOp>(); neg && neg.getInput() == a)
    return true;
  return false;
}
