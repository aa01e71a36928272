//===- SymcOps.cpp - elementwise, reduction and product ops ---------------===//
//
// Holds the generated op definitions and the type inference, verifiers and
// shape reification of the elementwise, reduction and product (dot, gemm,
// ...) families. Shape and indexing ops are in SymcShapeOps.cpp and
// SymcIndexingOps.cpp, neural-network ops in SymcNNOps.cpp, folders in
// SymcFolds.cpp.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"
#include "dialects/Symc/IR/SymcAsm.h"
#include "dialects/Symc/IR/SymcOpLists.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::symc;

#define GET_OP_CLASSES
#include "dialects/Symc/IR/SymcOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

/// Infers the broadcast result type of an elementwise op; `resultElement`
/// overrides the element type (bool for comparisons).
static LogicalResult inferElementwise(StringRef opName,
                                      std::optional<Location> loc,
                                      TypeRange operandTypes,
                                      Type resultElement,
                                      SmallVectorImpl<Type> &inferred,
                                      ArrayRef<StringRef> names = {}) {
  FailureOr<SmallVector<int64_t>> shape =
      inferBroadcastShape(opName, loc, operandTypes, names);
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, resultElement));
  return success();
}

#define SYMC_INFER_ARITH_BINARY(OP)                                            \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> loc, \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &inferred) {        \
    Type lhs = adaptor.getLhs().getType();                                     \
    return inferElementwise(getOperationName(), loc,                           \
                            {lhs, adaptor.getRhs().getType()},                 \
                            getElementTypeOrSelf(lhs), inferred);              \
  }
SYMC_ARITH_BINARY_OPS(SYMC_INFER_ARITH_BINARY)
#undef SYMC_INFER_ARITH_BINARY

#define SYMC_INFER_COMPARE(OP)                                                 \
  LogicalResult OP::inferReturnTypes(MLIRContext *ctx,                         \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &inferred) {        \
    return inferElementwise(                                                   \
        getOperationName(), loc,                                               \
        {adaptor.getLhs().getType(), adaptor.getRhs().getType()},              \
        IntegerType::get(ctx, 1), inferred);                                   \
  }
SYMC_COMPARE_OPS(SYMC_INFER_COMPARE)
#undef SYMC_INFER_COMPARE

#define SYMC_INFER_PREDICATE(OP)                                               \
  LogicalResult OP::inferReturnTypes(MLIRContext *ctx,                         \
                                     std::optional<Location> loc,              \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &inferred) {        \
    return inferElementwise(getOperationName(), loc,                           \
                            {adaptor.getInput().getType()},                    \
                            IntegerType::get(ctx, 1), inferred);               \
  }
SYMC_PREDICATE_OPS(SYMC_INFER_PREDICATE)
#undef SYMC_INFER_PREDICATE

LogicalResult SelectOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  Type onTrue = adaptor.getOnTrue().getType();
  return inferElementwise(getOperationName(), loc,
                          {adaptor.getCondition().getType(), onTrue,
                           adaptor.getOnFalse().getType()},
                          getElementTypeOrSelf(onTrue), inferred,
                          {"condition", "on_true", "on_false"});
}

LogicalResult ClipOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  Type input = adaptor.getInput().getType();
  return inferElementwise(getOperationName(), loc,
                          {input, adaptor.getLow().getType(),
                           adaptor.getHigh().getType()},
                          getElementTypeOrSelf(input), inferred,
                          {"input", "low", "high"});
}

LogicalResult CastOp::verify() {
  auto in = getInput().getType(), out = getResult().getType();
  if (in.getShape() != out.getShape())
    return emitOpError("changes only the element type: input shape ")
           << in << " and result shape " << out << " must be equal";
  return success();
}

#define SYMC_REIFY_ELEMENTWISE(OP)                                             \
  LogicalResult OP::reifyResultShapes(OpBuilder &builder,                      \
                                      ReifiedRankedShapedTypeDims &shapes) {   \
    shapes.push_back(                                                          \
        reifyBroadcastShape(builder, getLoc(), getOperation()->getOperands())); \
    return success();                                                          \
  }
SYMC_ELEMENTWISE_OPS(SYMC_REIFY_ELEMENTWISE)
#undef SYMC_REIFY_ELEMENTWISE

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

template <typename Adaptor>
static LogicalResult inferReduce(StringRef opName, std::optional<Location> loc,
                                 Adaptor adaptor, Type element,
                                 SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (failed(verifyAxes(opName, loc, axes, input.getRank())))
    return failure();
  inferred.push_back(RankedTensorType::get(
      reducedShape(input.getShape(), axes, adaptor.getKeepdims()), element));
  return success();
}

#define SYMC_INFER_REDUCE(OP)                                                  \
  LogicalResult OP::inferReturnTypes(MLIRContext *, std::optional<Location> loc, \
                                     Adaptor adaptor,                          \
                                     SmallVectorImpl<Type> &inferred) {        \
    return inferReduce(getOperationName(), loc, adaptor,                       \
                       getElementTypeOrSelf(adaptor.getInput().getType()),     \
                       inferred);                                              \
  }
SYMC_REDUCE_OPS(SYMC_INFER_REDUCE)
#undef SYMC_INFER_REDUCE

/// The sizes of `input` without the reduced `axes` (kept as 1 with keepdims).
static SmallVector<OpFoldResult> reifyReduced(OpBuilder &builder, Location loc,
                                              Value input,
                                              ArrayRef<int64_t> axes,
                                              bool keepdims) {
  SmallVector<OpFoldResult> sizes;
  int64_t rank = cast<ShapedType>(input.getType()).getRank();
  for (int64_t d = 0; d < rank; ++d) {
    if (!llvm::is_contained(axes, d))
      sizes.push_back(getDimSize(builder, loc, input, d));
    else if (keepdims)
      sizes.push_back(builder.getIndexAttr(1));
  }
  return sizes;
}

#define SYMC_REIFY_REDUCE(OP)                                                  \
  LogicalResult OP::reifyResultShapes(OpBuilder &builder,                      \
                                      ReifiedRankedShapedTypeDims &shapes) {   \
    shapes.push_back(reifyReduced(builder, getLoc(), getInput(), getAxes(),    \
                                  getKeepdims()));                             \
    return success();                                                          \
  }
SYMC_REDUCE_OPS(SYMC_REIFY_REDUCE)
#undef SYMC_REIFY_REDUCE

template <typename Adaptor>
static LogicalResult inferArgReduce(StringRef opName, MLIRContext *ctx,
                                    std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t axis = adaptor.getAxis();
  if (failed(verifyAxes(opName, loc, {axis}, input.getRank(), "axis")))
    return failure();
  inferred.push_back(RankedTensorType::get(
      reducedShape(input.getShape(), {axis}, adaptor.getKeepdims()),
      IntegerType::get(ctx, 64)));
  return success();
}

LogicalResult ArgmaxOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferArgReduce(getOperationName(), ctx, loc, adaptor, inferred);
}
LogicalResult ArgminOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  return inferArgReduce(getOperationName(), ctx, loc, adaptor, inferred);
}
LogicalResult ArgmaxOp::reifyResultShapes(OpBuilder &builder,
                                          ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(
      reifyReduced(builder, getLoc(), getInput(), {static_cast<int64_t>(getAxis())}, getKeepdims()));
  return success();
}
LogicalResult ArgminOp::reifyResultShapes(OpBuilder &builder,
                                          ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(
      reifyReduced(builder, getLoc(), getInput(), {static_cast<int64_t>(getAxis())}, getKeepdims()));
  return success();
}

//===----------------------------------------------------------------------===//
// Products
//===----------------------------------------------------------------------===//

/// Merges two sizes known to be compatible, preferring the static one.
static int64_t merge(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) ? b : a;
}

LogicalResult DotOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhs = cast<RankedTensorType>(adaptor.getRhs().getType());
  int64_t lr = lhs.getRank(), rr = rhs.getRank();
  if (lr < 1 || lr > 2 || rr < 1 || rr > 2)
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op operands must be vectors or matrices, got "
                             "ranks ",
                             lr, " and ", rr,
                             " (use symc.batched_dot for stacks of matrices)");
  int64_t lk = lhs.getDimSize(lr - 1), rk = rhs.getDimSize(0);
  if (!compatibleSizes(lk, rk))
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op contracted sizes differ: lhs ", lhs,
                             " has ", lk, " columns but rhs ", rhs, " has ", rk,
                             " rows");
  SmallVector<int64_t> shape;
  if (lr == 2)
    shape.push_back(lhs.getDimSize(0));
  if (rr == 2)
    shape.push_back(rhs.getDimSize(1));
  inferred.push_back(RankedTensorType::get(shape, lhs.getElementType()));
  return success();
}

LogicalResult DotOp::reifyResultShapes(OpBuilder &builder,
                                       ReifiedRankedShapedTypeDims &shapes) {
  SmallVector<OpFoldResult> sizes;
  if (getLhs().getType().getRank() == 2)
    sizes.push_back(getDimSize(builder, getLoc(), getLhs(), 0));
  if (getRhs().getType().getRank() == 2)
    sizes.push_back(getDimSize(builder, getLoc(), getRhs(), 1));
  shapes.push_back(sizes);
  return success();
}

LogicalResult BatchedDotOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhs = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (lhs.getRank() != 3 || rhs.getRank() != 3)
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op operands must have rank 3 (batch, rows, "
                             "columns), got ranks ",
                             lhs.getRank(), " and ", rhs.getRank());
  if (!compatibleSizes(lhs.getDimSize(2), rhs.getDimSize(1)))
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op contracted sizes differ: lhs ", lhs,
                             " has ", lhs.getDimSize(2),
                             " columns but rhs ", rhs, " has ",
                             rhs.getDimSize(1), " rows");
  int64_t lb = lhs.getDimSize(0), rb = rhs.getDimSize(0);
  int64_t batch;
  if (lb == 1)
    batch = rb;
  else if (rb == 1)
    batch = lb;
  else if (compatibleSizes(lb, rb))
    batch = merge(lb, rb);
  else
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op batch sizes ", lb, " and ", rb,
                             " cannot broadcast (only a static 1 broadcasts)");
  inferred.push_back(RankedTensorType::get(
      {batch, lhs.getDimSize(1), rhs.getDimSize(2)}, lhs.getElementType()));
  return success();
}

LogicalResult
BatchedDotOp::reifyResultShapes(OpBuilder &builder,
                                ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  int64_t lb = getLhs().getType().getDimSize(0);
  OpFoldResult batch = lb == 1 ? getDimSize(builder, loc, getRhs(), 0)
                               : getDimSize(builder, loc, getLhs(), 0);
  shapes.push_back({batch, getDimSize(builder, loc, getLhs(), 1),
                    getDimSize(builder, loc, getRhs(), 2)});
  return success();
}

LogicalResult OuterOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &inferred) {
  auto lhs = cast<RankedTensorType>(adaptor.getLhs().getType());
  auto rhs = cast<RankedTensorType>(adaptor.getRhs().getType());
  if (lhs.getRank() != 1 || rhs.getRank() != 1)
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op operands must be vectors, got ranks ",
                             lhs.getRank(), " and ", rhs.getRank());
  inferred.push_back(RankedTensorType::get(
      {lhs.getDimSize(0), rhs.getDimSize(0)}, lhs.getElementType()));
  return success();
}

LogicalResult OuterOp::reifyResultShapes(OpBuilder &builder,
                                         ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back({getDimSize(builder, getLoc(), getLhs(), 0),
                    getDimSize(builder, getLoc(), getRhs(), 0)});
  return success();
}

/// Checks that size `a` of `aName` may equal size `b` of `bName`.
static LogicalResult checkSize(Operation *op, StringRef what, int64_t a,
                               StringRef aName, int64_t b, StringRef bName) {
  if (compatibleSizes(a, b))
    return success();
  return op->emitOpError() << what << " differ: " << aName << " has " << a
                           << " and " << bName << " has " << b;
}

/// Rows and columns of a matrix type after an optional transpose.
static std::pair<int64_t, int64_t> opShape(RankedTensorType type,
                                           bool transposed) {
  int64_t r = type.getDimSize(0), c = type.getDimSize(1);
  return transposed ? std::make_pair(c, r) : std::make_pair(r, c);
}

LogicalResult GemmOp::verify() {
  auto [m, k] = opShape(getA().getType(), getTransposeA());
  auto [k2, n] = opShape(getB().getType(), getTransposeB());
  RankedTensorType c = getC().getType();
  Operation *op = getOperation();
  if (failed(checkSize(op, "contracted sizes", k, "op(a)", k2, "op(b)")) ||
      failed(checkSize(op, "row counts", m, "op(a)", c.getDimSize(0), "c")) ||
      failed(checkSize(op, "column counts", n, "op(b)", c.getDimSize(1), "c")))
    return failure();
  return success();
}

LogicalResult GemmOp::reifyResultShapes(OpBuilder &builder,
                                        ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back({getDimSize(builder, getLoc(), getC(), 0),
                    getDimSize(builder, getLoc(), getC(), 1)});
  return success();
}

LogicalResult GemvOp::verify() {
  auto [m, n] = opShape(getA().getType(), getTransposeA());
  Operation *op = getOperation();
  if (failed(checkSize(op, "contracted sizes", n, "op(a)",
                       getX().getType().getDimSize(0), "x")) ||
      failed(checkSize(op, "row counts", m, "op(a)",
                       getY().getType().getDimSize(0), "y")))
    return failure();
  return success();
}

LogicalResult GemvOp::reifyResultShapes(OpBuilder &builder,
                                        ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back({getDimSize(builder, getLoc(), getY(), 0)});
  return success();
}

LogicalResult GerOp::verify() {
  RankedTensorType a = getA().getType();
  Operation *op = getOperation();
  if (failed(checkSize(op, "row counts", getX().getType().getDimSize(0), "x",
                       a.getDimSize(0), "a")) ||
      failed(checkSize(op, "column counts", getY().getType().getDimSize(0), "y",
                       a.getDimSize(1), "a")))
    return failure();
  return success();
}

LogicalResult GerOp::reifyResultShapes(OpBuilder &builder,
                                       ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back({getDimSize(builder, getLoc(), getA(), 0),
                    getDimSize(builder, getLoc(), getA(), 1)});
  return success();
}
