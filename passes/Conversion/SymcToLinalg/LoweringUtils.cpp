//===- LoweringUtils.cpp - helpers shared by the symc lowerings -----------===//
//
// Run-time checks, shapes reified from converted operands, broadcasting maps
// and tensor/scalar builders used by every op family of
// convert-symc-to-linalg (see LoweringUtils.h).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

#include "llvm/ADT/APFloat.h"

#include <atomic>

using namespace mlir;
using namespace mlir::symc;

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

Type mlir::symc::convertElementType(Type type) {
  if (auto integer = dyn_cast<IntegerType>(type); integer && !integer.isSignless())
    return IntegerType::get(type.getContext(), integer.getWidth());
  return type;
}

RankedTensorType mlir::symc::convertTensorType(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return RankedTensorType::get(tensor.getShape(),
                               convertElementType(tensor.getElementType()));
}

bool mlir::symc::hasUnsignedSemantics(Type elementType) {
  auto integer = dyn_cast<IntegerType>(elementType);
  return integer && (integer.isUnsigned() || integer.getWidth() == 1);
}

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

std::string mlir::symc::describeLocation(Location loc) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    return (file.getFilename().getValue() + ":" + Twine(file.getLine())).str();
  if (auto name = dyn_cast<NameLoc>(loc))
    return describeLocation(name.getChildLoc());
  if (auto call = dyn_cast<CallSiteLoc>(loc))
    return describeLocation(call.getCallee());
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      if (std::string s = describeLocation(part); !s.empty())
        return s;
  return "";
}

std::string mlir::symc::escapeBraces(StringRef text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '{')
      escaped += '{';
    escaped += c;
  }
  return escaped;
}

std::string mlir::symc::describeOp(Operation *op) {
  std::string where = escapeBraces(describeLocation(op->getLoc()));
  std::string name = op->getName().getStringRef().str();
  return where.empty() ? name : name + " at " + where;
}

void mlir::symc::emitCheck(OpBuilder &b, Operation *op, Value cond,
                           const Twine &what, ValueRange values) {
  std::string message = describeOp(op) + ": " + what.str();
  CheckOp::create(b, op->getLoc(), cond, b.getStringAttr(message), values);
}

/// Whether `lhs` and `rhs` are the same size at compile time: equal
/// constants, or one value.
/// One value first: that is the common case (a fused group's members are
/// over its sizes), and matching constants costs interface lookups on the
/// defining ops.
static bool knownEqual(OpFoldResult lhs, OpFoldResult rhs) {
  if (lhs == rhs)
    return true;
  std::optional<int64_t> l = getConstantIntValue(lhs),
                         r = getConstantIntValue(rhs);
  return l && r && *l == *r;
}

void mlir::symc::emitSizeEqualityCheck(OpBuilder &b, Operation *op,
                                       OpFoldResult lhs, OpFoldResult rhs,
                                       const Twine &what, Value extra) {
  if (knownEqual(lhs, rhs))
    return;
  Location loc = op->getLoc();
  Value lhsValue = toIndex(b, loc, lhs), rhsValue = toIndex(b, loc, rhs);
  Value equal = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                      lhsValue, rhsValue);
  SmallVector<Value> values = {lhsValue, rhsValue};
  if (extra)
    values.push_back(extra);
  emitCheck(b, op, equal, what, values);
}

/// The operand whose tensor.dim `size` reads along `dim`, if it does.
static std::optional<size_t> dimOwner(OpFoldResult size, ValueRange operands,
                                      int64_t dim) {
  auto value = dyn_cast<Value>(size);
  if (!value)
    return std::nullopt;
  auto dimOp = value.getDefiningOp<tensor::DimOp>();
  if (!dimOp || getConstantIntValue(dimOp.getIndex()) != dim)
    return std::nullopt;
  for (auto [i, operand] : llvm::enumerate(operands))
    if (operand == dimOp.getSource())
      return i;
  return std::nullopt;
}

void mlir::symc::emitBroadcastChecks(OpBuilder &b, Operation *op,
                                     ValueRange operands,
                                     ArrayRef<OpFoldResult> resultShape,
                                     ArrayRef<StringRef> operandNames) {
  SmallVector<RankedTensorType> types;
  for (Value operand : operands)
    types.push_back(cast<RankedTensorType>(operand.getType()));
  SmallVector<std::optional<size_t>> owners;
  for (auto [d, resultSize] : llvm::enumerate(resultShape))
    owners.push_back(dimOwner(resultSize, operands, d));
  emitBroadcastChecks(
      b, op, types,
      [&](size_t i, int64_t d) {
        return getDimSize(b, op->getLoc(), operands[i], d);
      },
      resultShape, owners, operandNames);
}

void mlir::symc::emitBroadcastChecks(
    OpBuilder &b, Operation *op, ArrayRef<RankedTensorType> operandTypes,
    function_ref<OpFoldResult(size_t, int64_t)> operandSize,
    ArrayRef<OpFoldResult> resultShape,
    ArrayRef<std::optional<size_t>> owners, ArrayRef<StringRef> operandNames) {
  auto name = [&](size_t i) -> std::string {
    if (i < operandNames.size())
      return ("'" + operandNames[i] + "'").str();
    return "#" + std::to_string(i);
  };
  for (auto [d, resultSize] : llvm::enumerate(resultShape)) {
    std::optional<size_t> owner = owners[d];
    for (auto [i, type] : llvm::enumerate(operandTypes)) {
      int64_t size = type.getDimSize(d);
      if (size == 1 || (owner && *owner == i))
        continue;
      OpFoldResult sizeOfOperand = operandSize(i, d);
      // Most operands of a fused group are over its sizes: no check, and
      // no message to format (B4's gradient: 76k region ops).
      if (knownEqual(sizeOfOperand, resultSize))
        continue;
      std::string what =
          owner ? "operands " + name(*owner) + " and " + name(i) +
                      " have sizes {1} and {0} along dimension " +
                      std::to_string(d)
                : "operand " + name(i) + " has size {0} along dimension " +
                      std::to_string(d) + " but the other operands have {1}";
      emitSizeEqualityCheck(b, op, sizeOfOperand, resultSize,
                            what + " (only static size-1 dimensions broadcast)");
    }
  }
}

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<OpFoldResult>>
mlir::symc::reifyResultShape(OpBuilder &b, Operation *op, ValueRange operands,
                             unsigned resultIndex) {
  auto reify = dyn_cast<ReifyRankedShapedTypeOpInterface>(op);
  if (!reify)
    return failure();
  // The interface reads the op's own operands. Point them at the converted
  // values for the duration of the call, so that the tensor.dim ops it
  // creates use values that survive the conversion, then restore them.
  SmallVector<Value> original(op->getOperands());
  op->setOperands(operands);
  ReifiedRankedShapedTypeDims shapes;
  LogicalResult status = reify.reifyResultShapes(b, shapes);
  op->setOperands(original);
  if (failed(status) || resultIndex >= shapes.size())
    return failure();
  SmallVector<OpFoldResult> sizes = shapes[resultIndex];
  auto type = cast<RankedTensorType>(op->getResult(resultIndex).getType());
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!type.isDynamicDim(d))
      sizes[d] = b.getIndexAttr(type.getDimSize(d));
  return sizes;
}

SmallVector<OpFoldResult> mlir::symc::getShape(OpBuilder &b, Location loc,
                                               Value tensor) {
  SmallVector<OpFoldResult> sizes;
  int64_t rank = cast<RankedTensorType>(tensor.getType()).getRank();
  for (int64_t d = 0; d < rank; ++d)
    sizes.push_back(getDimSize(b, loc, tensor, d));
  return sizes;
}

Value mlir::symc::toIndex(OpBuilder &b, Location loc, OpFoldResult size) {
  return getValueOrCreateConstantIndexOp(b, loc, size);
}

Value mlir::symc::product(OpBuilder &b, Location loc,
                          ArrayRef<OpFoldResult> sizes) {
  int64_t staticPart = 1;
  Value dynamicPart;
  for (OpFoldResult size : sizes) {
    if (std::optional<int64_t> c = getConstantIntValue(size)) {
      staticPart *= *c;
      continue;
    }
    Value v = cast<Value>(size);
    dynamicPart = dynamicPart ? arith::MulIOp::create(b, loc, dynamicPart, v)
                              : v;
  }
  Value c = indexConstant(b, loc, staticPart);
  if (!dynamicPart)
    return c;
  return staticPart == 1 ? dynamicPart
                         : arith::MulIOp::create(b, loc, dynamicPart, c);
}

AffineMap mlir::symc::broadcastIndexingMap(RankedTensorType operandType,
                                           ArrayRef<OpFoldResult> resultShape) {
  MLIRContext *ctx = operandType.getContext();
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < operandType.getRank(); ++d) {
    bool broadcast = operandType.getDimSize(d) == 1 &&
                     getConstantIntValue(resultShape[d]) != 1;
    exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(d, ctx));
  }
  return AffineMap::get(resultShape.size(), 0, exprs, ctx);
}

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

Value mlir::symc::emptyTensor(OpBuilder &b, Location loc,
                              ArrayRef<OpFoldResult> sizes, Type elementType) {
  return tensor::EmptyOp::create(b, loc, sizes, elementType);
}

Value mlir::symc::filledTensor(OpBuilder &b, Location loc,
                               ArrayRef<OpFoldResult> sizes, Value value) {
  Value empty = emptyTensor(b, loc, sizes, value.getType());
  return linalg::FillOp::create(b, loc, value, empty).getResult(0);
}

Value mlir::symc::scalarConstant(OpBuilder &b, Location loc, Type type,
                                 double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  if (isa<IndexType>(type))
    return arith::ConstantIndexOp::create(b, loc, static_cast<int64_t>(value));
  // Signed and truncating, so that -1 is all ones at every width (i1 too).
  APInt bits(type.getIntOrFloatBitWidth(),
             static_cast<uint64_t>(static_cast<int64_t>(value)),
             /*isSigned=*/true, /*implicitTrunc=*/true);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, bits));
}

Value mlir::symc::indexConstant(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

Value mlir::symc::lowestValue(OpBuilder &b, Location loc, Type type,
                              bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt v = isUnsigned ? APInt::getMinValue(width) : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

Value mlir::symc::highestValue(OpBuilder &b, Location loc, Type type,
                               bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/false)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt v = isUnsigned ? APInt::getMaxValue(width) : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
}

Value mlir::symc::integerToIndex(OpBuilder &b, Location loc, Value value,
                                 bool isUnsigned) {
  if (isa<IndexType>(value.getType()))
    return value;
  if (isUnsigned)
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), value);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
}

Value mlir::symc::buildParallelGeneric(
    OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    ArrayRef<OpFoldResult> resultShape, Type resultElement,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  int64_t rank = resultShape.size();
  Value init = emptyTensor(b, loc, resultShape, resultElement);
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value mlir::symc::buildBroadcastGeneric(
    OpBuilder &b, Location loc, ValueRange operands,
    ArrayRef<OpFoldResult> resultShape, Type resultElement,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  SmallVector<AffineMap> maps;
  for (Value operand : operands)
    maps.push_back(broadcastIndexingMap(
        cast<RankedTensorType>(operand.getType()), resultShape));
  return buildParallelGeneric(b, loc, operands, maps, resultShape,
                              resultElement, body);
}

AffineMap mlir::symc::reducedIndexingMap(MLIRContext *ctx, int64_t inputRank,
                                         ArrayRef<int64_t> axes,
                                         bool keepdims) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < inputRank; ++d) {
    if (!llvm::is_contained(axes, d))
      exprs.push_back(getAffineDimExpr(d, ctx));
    else if (keepdims)
      exprs.push_back(getAffineConstantExpr(0, ctx));
  }
  return AffineMap::get(inputRank, 0, exprs, ctx);
}

SmallVector<utils::IteratorType>
mlir::symc::reductionIterators(int64_t rank, ArrayRef<int64_t> axes) {
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d)
    iterators.push_back(llvm::is_contained(axes, d)
                            ? utils::IteratorType::reduction
                            : utils::IteratorType::parallel);
  return iterators;
}

Value mlir::symc::buildReduction(
    OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
    bool keepdims, Value init,
    function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  SmallVector<AffineMap> maps = {
      b.getMultiDimIdentityMap(rank),
      reducedIndexingMap(b.getContext(), rank, axes, keepdims)};
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{input}, ValueRange{init}, maps,
      reductionIterators(rank, axes),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc,
                                body(nested, nestedLoc, args[0], args[1]));
      });
  return generic.getResult(0);
}

Value mlir::symc::castToResultType(OpBuilder &b, Operation *op, Value value) {
  RankedTensorType type = convertTensorType(op->getResult(0).getType());
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, op->getLoc(), type, value);
}

Value mlir::symc::scalarOf(OpBuilder &b, Location loc, Value tensor) {
  return tensor::ExtractOp::create(b, loc, tensor, ValueRange{});
}

RankedTensorType mlir::symc::typeOfSizes(ArrayRef<OpFoldResult> sizes,
                                         Type elementType) {
  SmallVector<int64_t> shape;
  for (OpFoldResult size : sizes)
    shape.push_back(getConstantIntValue(size).value_or(ShapedType::kDynamic));
  return RankedTensorType::get(shape, elementType);
}

func::FuncOp mlir::symc::getOrDeclareFunction(OpBuilder &b, Operation *from,
                                              StringRef name,
                                              FunctionType type) {
  auto module = from->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto func = func::FuncOp::create(b, module.getLoc(), name, type);
  func.setPrivate();
  return func;
}

/// Numbers the read-only `to_buffer` ops readBuffer creates.
static std::atomic<uint64_t> nextBlasOperand{0};

/// A read-only buffer of `tensor` that stays where it is created.
///
/// One-shot bufferization treats a `to_buffer` as the read of its tensor: a
/// later op may write into that buffer in place once the tensor is dead. The
/// BLAS call that really reads it comes right after this op, so that is only
/// safe while each call keeps its own `to_buffer`. `to_buffer` is Pure, and
/// CSE would merge the ones of two products of the same operand into the first
/// one; the second call would then read a buffer an in-place op between the
/// two calls has overwritten (the second derivative of dot(a, a.T) did). A
/// unique attribute makes every such op distinct to CSE.
Value mlir::symc::readBuffer(OpBuilder &b, Location loc, MemRefType type, Value tensor) {
  auto op = bufferization::ToBufferOp::create(b, loc, type, tensor,
                                              /*read_only=*/true);
  op->setAttr("symc.blas_operand",
              b.getI64IntegerAttr(static_cast<int64_t>(nextBlasOperand++)));
  return op;
}

/// A read-only buffer of `tensor` with fully dynamic strides (readBuffer).
Value mlir::symc::readOnlyBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  auto layout =
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, strides);
  auto memrefType =
      MemRefType::get(type.getShape(), type.getElementType(), layout);
  return readBuffer(b, loc, memrefType, tensor);
}
