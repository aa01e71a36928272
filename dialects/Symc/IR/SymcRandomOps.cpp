//===- SymcRandomOps.cpp - verifiers and shapes of random draws -----------===//
//
// The random ops take their generator state as an operand and return the
// next one, so they are ordinary pure ops here: the verifiers check the
// shape operand against the result type (as for symc.broadcast_to) and
// shape reification reads the sizes from the shape operand (or `n`).
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::symc;

/// Checks that the shape operand has one entry per result dimension and that
/// a constant shape agrees with the static result sizes and is not negative.
static LogicalResult verifyDrawShape(Operation *op, Value shape,
                                     RankedTensorType result) {
  auto shapeType = cast<RankedTensorType>(shape.getType());
  if (shapeType.isDynamicDim(0))
    return op->emitOpError("shape operand must have a static length (the "
                           "result rank), got ")
           << shapeType;
  if (shapeType.getDimSize(0) != result.getRank())
    return op->emitOpError("shape operand has ")
           << shapeType.getDimSize(0) << " entries but the result has rank "
           << result.getRank();
  DenseIntElementsAttr attr;
  if (!matchPattern(shape, m_Constant(&attr)))
    return success();
  for (auto [d, v] : llvm::enumerate(attr.getValues<APInt>())) {
    int64_t size = v.getSExtValue();
    if (size < 0)
      return op->emitOpError("shape entry ") << d << " is negative (" << size << ")";
    if (!result.isDynamicDim(d) && result.getDimSize(d) != size)
      return op->emitOpError("result dimension ")
             << d << " has static size " << result.getDimSize(d)
             << " but the constant shape says " << size;
  }
  return success();
}

/// Sizes of a draw: static result sizes, else the shape operand's entries.
static void reifyDrawShape(OpBuilder &builder, Location loc, Value shape,
                           RankedTensorType result,
                           ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(SmallVector<OpFoldResult>{OpFoldResult(builder.getIndexAttr(3))});
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < result.getRank(); ++d) {
    if (!result.isDynamicDim(d)) {
      sizes.push_back(builder.getIndexAttr(result.getDimSize(d)));
      continue;
    }
    Value pos = arith::ConstantIndexOp::create(builder, loc, d);
    Value v = tensor::ExtractOp::create(builder, loc, shape, ValueRange{pos});
    sizes.push_back(
        arith::IndexCastOp::create(builder, loc, builder.getIndexType(), v)
            .getResult());
  }
  shapes.push_back(sizes);
}

#define SYMC_DRAW_OP_METHODS(OpClass)                                          \
  LogicalResult OpClass::verify() {                                            \
    return verifyDrawShape(*this, getShape(), getResult().getType());          \
  }                                                                            \
  LogicalResult OpClass::reifyResultShapes(                                    \
      OpBuilder &builder, ReifiedRankedShapedTypeDims &shapes) {               \
    reifyDrawShape(builder, getLoc(), getShape(), getResult().getType(),       \
                   shapes);                                                    \
    return success();                                                          \
  }

SYMC_DRAW_OP_METHODS(RandomUniformOp)
SYMC_DRAW_OP_METHODS(RandomNormalOp)
SYMC_DRAW_OP_METHODS(RandomBitsOp)

#undef SYMC_DRAW_OP_METHODS

LogicalResult RandomPermutationOp::verify() {
  RankedTensorType result = getResult().getType();
  if (result.getRank() != 1)
    return emitOpError("result must be a vector, got ") << result;
  DenseIntElementsAttr attr;
  if (!matchPattern(getN(), m_Constant(&attr)))
    return success();
  int64_t n = (*attr.getValues<APInt>().begin()).getSExtValue();
  if (n < 0)
    return emitOpError("n is negative (") << n << ")";
  if (!result.isDynamicDim(0) && result.getDimSize(0) != n)
    return emitOpError("result has static size ")
           << result.getDimSize(0) << " but n is " << n;
  return success();
}

LogicalResult
RandomPermutationOp::reifyResultShapes(OpBuilder &builder,
                                       ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(SmallVector<OpFoldResult>{OpFoldResult(builder.getIndexAttr(3))});
  RankedTensorType result = getResult().getType();
  if (!result.isDynamicDim(0)) {
    shapes.push_back(
        SmallVector<OpFoldResult>{OpFoldResult(builder.getIndexAttr(result.getDimSize(0)))});
    return success();
  }
  Location loc = getLoc();
  Value n = tensor::ExtractOp::create(builder, loc, getN(), ValueRange{});
  shapes.push_back(SmallVector<OpFoldResult>{OpFoldResult(
      arith::IndexCastOp::create(builder, loc, builder.getIndexType(), n)
          .getResult())});
  return success();
}
