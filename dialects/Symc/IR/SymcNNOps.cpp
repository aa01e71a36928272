//===- SymcNNOps.cpp - neural-network ops ---------------------------------===//
//
// Type inference, verifiers and shape reification of softmax, the
// crossentropies, conv2d and pooling. Window arithmetic (padding by border
// mode, output sizes) is shared with the lowering through reifyResultShapes.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/Support/CheckedArithmetic.h"

using namespace mlir;
using namespace mlir::symc;

static std::string sizeString(int64_t size) {
  return ShapedType::isDynamic(size) ? "?" : std::to_string(size);
}

//===----------------------------------------------------------------------===//
// Softmax
//===----------------------------------------------------------------------===//

template <typename OpT>
static LogicalResult verifySoftmaxAxis(OpT op) {
  int64_t rank = op.getInput().getType().getRank();
  auto axis = static_cast<int64_t>(op.getAxis());
  if (axis < 0 || axis >= rank)
    return op.emitOpError("axis ")
           << axis << " is out of range for an input of rank " << rank;
  return success();
}

LogicalResult SoftmaxOp::verify() { return verifySoftmaxAxis(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifySoftmaxAxis(*this); }

static SmallVector<OpFoldResult> reifyShapeOf(OpBuilder &builder, Location loc,
                                              Value value) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < cast<ShapedType>(value.getType()).getRank(); ++d)
    sizes.push_back(getDimSize(builder, loc, value, d));
  return sizes;
}

LogicalResult SoftmaxOp::reifyResultShapes(OpBuilder &builder,
                                           ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(reifyShapeOf(builder, getLoc(), getInput()));
  return success();
}
LogicalResult
LogSoftmaxOp::reifyResultShapes(OpBuilder &builder,
                                ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(reifyShapeOf(builder, getLoc(), getInput()));
  return success();
}

//===----------------------------------------------------------------------===//
// Crossentropies
//===----------------------------------------------------------------------===//

/// Checks a crossentropy target against (rows, classes) `input`: integer
/// labels of shape (rows) or probabilities of the input's type.
static LogicalResult checkTarget(StringRef opName,
                                 std::optional<Location> loc,
                                 RankedTensorType input, Type targetType) {
  auto target = cast<RankedTensorType>(targetType);
  if (target.getRank() == 1) {
    if (!target.getElementType().isInteger() ||
        target.getElementType().isInteger(1))
      return emitOptionalError(loc, "'", opName,
                               "' op a rank-1 target holds class labels and "
                               "must be an integer tensor, got ",
                               target);
    if (!compatibleSizes(target.getDimSize(0), input.getDimSize(0)))
      return emitOptionalError(loc, "'", opName, "' op target has ",
                               target.getDimSize(0), " labels but the input has ",
                               input.getDimSize(0), " rows");
    return success();
  }
  if (target.getRank() == 2) {
    if (target.getElementType() != input.getElementType())
      return emitOptionalError(loc, "'", opName,
                               "' op a rank-2 target holds probabilities of the "
                               "input's element type ",
                               input.getElementType(), ", got ", target);
    for (int64_t d = 0; d < 2; ++d)
      if (!compatibleSizes(target.getDimSize(d), input.getDimSize(d)))
        return emitOptionalError(loc, "'", opName, "' op target ", target,
                                 " and input ", input,
                                 " differ along dimension ", d);
    return success();
  }
  return emitOptionalError(loc, "'", opName,
                           "' op target must be a label vector or a "
                           "probability matrix, got rank ",
                           target.getRank());
}

template <typename Adaptor>
static LogicalResult inferCrossentropy(StringRef opName,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  if (input.getRank() != 2)
    return emitOptionalError(loc, "'", opName,
                             "' op input must be a (rows, classes) matrix, got ",
                             input);
  if (failed(checkTarget(opName, loc, input, adaptor.getTarget().getType())))
    return failure();
  inferred.push_back(
      RankedTensorType::get({input.getDimSize(0)}, input.getElementType()));
  return success();
}

LogicalResult CategoricalCrossentropyOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferCrossentropy(getOperationName(), loc, adaptor, inferred);
}
LogicalResult CrossentropySoftmaxOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &inferred) {
  return inferCrossentropy(getOperationName(), loc, adaptor, inferred);
}

LogicalResult CategoricalCrossentropyOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back({getDimSize(builder, getLoc(), getInput(), 0)});
  return success();
}
LogicalResult CrossentropySoftmaxOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back({getDimSize(builder, getLoc(), getInput(), 0)});
  return success();
}

LogicalResult CrossentropySoftmaxGradOp::verify() {
  RankedTensorType logits = getLogits().getType();
  if (getGradLoss().getType().getElementType() != logits.getElementType())
    return emitOpError("grad_loss and logits must share an element type");
  if (!compatibleSizes(getGradLoss().getType().getDimSize(0),
                       logits.getDimSize(0)))
    return emitOpError("grad_loss has ")
           << getGradLoss().getType().getDimSize(0) << " rows but logits have "
           << logits.getDimSize(0);
  return checkTarget(getOperationName(), getLoc(), logits,
                     getTarget().getType());
}

LogicalResult CrossentropySoftmaxGradOp::reifyResultShapes(
    OpBuilder &builder, ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(reifyShapeOf(builder, getLoc(), getLogits()));
  return success();
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

/// The padding before/after along spatial dimension `d` (0 rows, 1 columns)
/// for a kernel of static size `kernel`, or kDynamic when the kernel size is
/// dynamic or the padding does not fit in an int64_t.
static int64_t staticPad(BorderMode mode, ArrayRef<int64_t> padding,
                         int64_t kernel, int64_t dilation, int64_t d) {
  switch (mode) {
  case BorderMode::valid:
    return 0;
  case BorderMode::explicit_:
    return padding[d];
  case BorderMode::full:
  case BorderMode::half:
    if (ShapedType::isDynamic(kernel) || kernel < 1)
      return ShapedType::kDynamic;
    std::optional<int64_t> span = llvm::checkedMul(dilation, kernel - 1);
    if (!span || *span == std::numeric_limits<int64_t>::max())
      return ShapedType::kDynamic;
    return mode == BorderMode::full ? *span : (*span + 1) / 2;
  }
  return 0;
}

/// The same padding computed at run time.
static Value dynamicPad(OpBuilder &b, Location loc, BorderMode mode,
                        ArrayRef<int64_t> padding, Value kernel,
                        int64_t dilation, int64_t d) {
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  switch (mode) {
  case BorderMode::valid:
    return cst(0);
  case BorderMode::explicit_:
    return cst(padding[d]);
  case BorderMode::full:
  case BorderMode::half: {
    Value span = arith::AddIOp::create(
        b, loc,
        arith::MulIOp::create(b, loc, cst(dilation),
                              arith::SubIOp::create(b, loc, kernel, cst(1))),
        cst(1));
    if (mode == BorderMode::full)
      return arith::SubIOp::create(b, loc, span, cst(1));
    return arith::DivSIOp::create(b, loc, span, cst(2));
  }
  }
  return cst(0);
}

/// Output size of a window sweep at run time (see windowOutputSize, whose
/// rules it follows case by case); `stride` and `dilation` are >= 1.
static Value dynamicWindowOutput(OpBuilder &b, Location loc, Value input,
                                 Value window, int64_t stride, Value padBefore,
                                 Value padAfter, int64_t dilation,
                                 bool ceilMode) {
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, loc, v);
  };
  auto select = [&](Value c, Value x, Value y) -> Value {
    return arith::SelectOp::create(b, loc, c, x, y);
  };
  auto cmp = [&](arith::CmpIPredicate p, Value x, Value y) -> Value {
    return arith::CmpIOp::create(b, loc, p, x, y);
  };
  Value zero = cst(0), one = cst(1), strideV = cst(stride);
  Value extent = arith::AddIOp::create(
      b, loc, input, arith::AddIOp::create(b, loc, padBefore, padAfter));
  Value span = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc, cst(dilation),
                            arith::SubIOp::create(b, loc, window, one)),
      one);
  Value out;
  if (!ceilMode) {
    Value steps = arith::SubIOp::create(b, loc, extent, span);
    out = arith::AddIOp::create(
        b, loc, arith::DivSIOp::create(b, loc, steps, strideV), one);
    out = select(cmp(arith::CmpIPredicate::slt, extent, span), zero, out);
  } else {
    // stride >= span: (extent - 1) / stride + 1; otherwise
    // max(0, (extent - 1 - span + stride) / stride) + 1.
    Value extentMinusOne = arith::SubIOp::create(b, loc, extent, one);
    Value wide = arith::AddIOp::create(
        b, loc, arith::DivSIOp::create(b, loc, extentMinusOne, strideV), one);
    Value last = arith::AddIOp::create(
        b, loc, arith::SubIOp::create(b, loc, extentMinusOne, span), strideV);
    Value lastClamped =
        select(cmp(arith::CmpIPredicate::slt, last, zero), zero, last);
    Value narrow = arith::AddIOp::create(
        b, loc, arith::DivSIOp::create(b, loc, lastClamped, strideV), one);
    out = select(cmp(arith::CmpIPredicate::sge, strideV, span), wide, narrow);
  }
  return select(cmp(arith::CmpIPredicate::sle, extent, zero), zero, out);
}

/// Checks the attribute arrays shared by conv2d and its gradients. Used by
/// type inference (which may run on unverified IR while parsing) and by the
/// verifiers.
static LogicalResult checkConvAttrs(StringRef opName,
                                    std::optional<Location> loc,
                                    ArrayRef<int64_t> padding,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> dilation) {
  if (padding.size() != 2 || strides.size() != 2 || dilation.size() != 2)
    return emitOptionalError(loc, "'", opName,
                             "' op padding, strides and dilation need two "
                             "entries each (rows, columns), got ",
                             padding.size(), ", ", strides.size(), " and ",
                             dilation.size());
  for (int64_t d = 0; d < 2; ++d) {
    if (strides[d] < 1 || dilation[d] < 1)
      return emitOptionalError(loc, "'", opName,
                               "' op strides and dilation must be >= 1");
    if (padding[d] < 0)
      return emitOptionalError(loc, "'", opName, "' op padding must be >= 0");
  }
  return success();
}

template <typename OpT>
static LogicalResult verifyConvAttrs(OpT op) {
  return checkConvAttrs(op->getName().getStringRef(), op.getLoc(),
                        op.getPadding(), op.getStrides(), op.getDilation());
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  auto filters = cast<RankedTensorType>(adaptor.getFilters().getType());
  if (input.getRank() != 4 || filters.getRank() != 4)
    return emitOptionalError(loc, "'", getOperationName(),
                             "' op input (N, C, H, W) and filters (F, C, kh, "
                             "kw) must have rank 4, got ranks ",
                             input.getRank(), " and ", filters.getRank());
  ArrayRef<int64_t> padding = adaptor.getPadding(),
                    strides = adaptor.getStrides(),
                    dilation = adaptor.getDilation();
  if (failed(checkConvAttrs(getOperationName(), loc, padding, strides,
                            dilation)))
    return failure();
  if (!compatibleSizes(input.getDimSize(1), filters.getDimSize(1)))
    return emitOptionalError(loc, "'", getOperationName(), "' op input has ",
                             input.getDimSize(1), " channels but the filters "
                             "expect ",
                             filters.getDimSize(1));
  for (int64_t d = 2; d < 4; ++d)
    if (filters.getDimSize(d) == 0)
      return emitOptionalError(loc, "'", getOperationName(),
                               "' op filters have size 0 along dimension ", d,
                               ": a window needs at least one element");
  SmallVector<int64_t> shape = {input.getDimSize(0), filters.getDimSize(0)};
  for (int64_t d = 0; d < 2; ++d) {
    int64_t kernel = filters.getDimSize(2 + d);
    int64_t pad = staticPad(adaptor.getBorderMode(), padding, kernel,
                            dilation[d], d);
    shape.push_back(windowOutputSize(input.getDimSize(2 + d), kernel,
                                     strides[d], pad, pad, dilation[d],
                                     /*ceilMode=*/false));
  }
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult Conv2DOp::verify() { return verifyConvAttrs(*this); }

LogicalResult Conv2DOp::reifyResultShapes(OpBuilder &builder,
                                          ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  RankedTensorType result = getResult().getType();
  SmallVector<OpFoldResult> sizes = {getDimSize(builder, loc, getInput(), 0),
                                     getDimSize(builder, loc, getFilters(), 0)};
  for (int64_t d = 0; d < 2; ++d) {
    if (!result.isDynamicDim(2 + d)) {
      sizes.push_back(builder.getIndexAttr(result.getDimSize(2 + d)));
      continue;
    }
    Value kernel = getValueOrCreateConstantIndexOp(
        builder, loc, getDimSize(builder, loc, getFilters(), 2 + d));
    Value in = getValueOrCreateConstantIndexOp(
        builder, loc, getDimSize(builder, loc, getInput(), 2 + d));
    Value pad = dynamicPad(builder, loc, getBorderMode(), getPadding(), kernel,
                           getDilation()[d], d);
    sizes.push_back(dynamicWindowOutput(builder, loc, in, kernel,
                                        getStrides()[d], pad, pad,
                                        getDilation()[d], /*ceilMode=*/false));
  }
  shapes.push_back(sizes);
  return success();
}

/// Sizes of a result described by a shape operand (static sizes win).
static SmallVector<OpFoldResult> reifyFromShapeOperand(OpBuilder &builder,
                                                       Location loc,
                                                       RankedTensorType result,
                                                       Value shape) {
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
  return sizes;
}

/// Checks that a shape operand has four entries.
static LogicalResult verifyShape4(Operation *op, Value shape) {
  auto type = cast<RankedTensorType>(shape.getType());
  if (type.isDynamicDim(0) || type.getDimSize(0) != 4)
    return op->emitOpError("shape operand must be a tensor<4xi64>, got ")
           << type;
  return success();
}

LogicalResult Conv2DGradInputOp::verify() {
  if (failed(verifyConvAttrs(*this)) ||
      failed(verifyShape4(*this, getInputShape())))
    return failure();
  RankedTensorType dy = getGradOutput().getType(), w = getFilters().getType(),
                   dx = getResult().getType();
  if (!compatibleSizes(dy.getDimSize(1), w.getDimSize(0)))
    return emitOpError("grad_output has ")
           << sizeString(dy.getDimSize(1)) << " channels but there are "
           << sizeString(w.getDimSize(0)) << " filters";
  if (!compatibleSizes(dx.getDimSize(1), w.getDimSize(1)))
    return emitOpError("result has ")
           << sizeString(dx.getDimSize(1))
           << " channels but the filters expect " << sizeString(w.getDimSize(1));
  if (!compatibleSizes(dx.getDimSize(0), dy.getDimSize(0)))
    return emitOpError("result batch size ")
           << sizeString(dx.getDimSize(0)) << " differs from grad_output's "
           << sizeString(dy.getDimSize(0));
  return success();
}

LogicalResult
Conv2DGradInputOp::reifyResultShapes(OpBuilder &builder,
                                     ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(reifyFromShapeOperand(builder, getLoc(),
                                         getResult().getType(), getInputShape()));
  return success();
}

LogicalResult Conv2DGradFiltersOp::verify() {
  if (failed(verifyConvAttrs(*this)) ||
      failed(verifyShape4(*this, getFiltersShape())))
    return failure();
  RankedTensorType x = getInput().getType(), dy = getGradOutput().getType(),
                   dw = getResult().getType();
  if (!compatibleSizes(dw.getDimSize(0), dy.getDimSize(1)))
    return emitOpError("result has ")
           << sizeString(dw.getDimSize(0)) << " filters but grad_output has "
           << sizeString(dy.getDimSize(1)) << " channels";
  if (!compatibleSizes(dw.getDimSize(1), x.getDimSize(1)))
    return emitOpError("result expects ")
           << sizeString(dw.getDimSize(1)) << " input channels but the input has "
           << sizeString(x.getDimSize(1));
  if (!compatibleSizes(x.getDimSize(0), dy.getDimSize(0)))
    return emitOpError("input batch size ")
           << sizeString(x.getDimSize(0)) << " differs from grad_output's "
           << sizeString(dy.getDimSize(0));
  return success();
}

LogicalResult
Conv2DGradFiltersOp::reifyResultShapes(OpBuilder &builder,
                                       ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(reifyFromShapeOperand(
      builder, getLoc(), getResult().getType(), getFiltersShape()));
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// Checks the attributes of pool2d and its gradient against the input type.
/// Used by type inference (which may run on unverified IR while parsing) and
/// by the verifiers.
static LogicalResult checkPoolAttrs(StringRef opName,
                                    std::optional<Location> loc,
                                    RankedTensorType input,
                                    ArrayRef<int64_t> window,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> padding,
                                    bool ignoreBorder) {
  if (window.size() != 2 || strides.size() != 2 || padding.size() != 2)
    return emitOptionalError(loc, "'", opName,
                             "' op window, strides and padding need two "
                             "entries each (rows, columns), got ",
                             window.size(), ", ", strides.size(), " and ",
                             padding.size());
  for (int64_t d = 0; d < 2; ++d) {
    if (window[d] < 1 || strides[d] < 1)
      return emitOptionalError(loc, "'", opName,
                               "' op window and strides must be >= 1");
    if (padding[d] < 0 || padding[d] >= window[d])
      return emitOptionalError(loc, "'", opName,
                               "' op padding must be in [0, window) along "
                               "each dimension");
  }
  if (!ignoreBorder && (padding[0] || padding[1]))
    return emitOptionalError(loc, "'", opName,
                             "' op padding requires ignore_border (Theano's "
                             "rule)");
  if (input.getRank() < 2)
    return emitOptionalError(loc, "'", opName,
                             "' op input must have rank >= 2, got ", input);
  return success();
}

template <typename OpT>
static LogicalResult verifyPoolAttrs(OpT op) {
  return checkPoolAttrs(op->getName().getStringRef(), op.getLoc(),
                        op.getInput().getType(), op.getWindow(),
                        op.getStrides(), op.getPadding(), op.getIgnoreBorder());
}

LogicalResult Pool2DOp::inferReturnTypes(MLIRContext *,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &inferred) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  ArrayRef<int64_t> window = adaptor.getWindow(), strides = adaptor.getStrides(),
                    padding = adaptor.getPadding();
  if (failed(checkPoolAttrs(getOperationName(), loc, input, window, strides,
                            padding, adaptor.getIgnoreBorder())))
    return failure();
  int64_t rank = input.getRank();
  SmallVector<int64_t> shape(input.getShape());
  for (int64_t d = 0; d < 2; ++d)
    shape[rank - 2 + d] = windowOutputSize(
        input.getDimSize(rank - 2 + d), window[d], strides[d], padding[d],
        padding[d], 1, /*ceilMode=*/!adaptor.getIgnoreBorder());
  inferred.push_back(RankedTensorType::get(shape, input.getElementType()));
  return success();
}

LogicalResult Pool2DOp::verify() { return verifyPoolAttrs(*this); }

LogicalResult Pool2DOp::reifyResultShapes(OpBuilder &builder,
                                          ReifiedRankedShapedTypeDims &shapes) {
  Location loc = getLoc();
  RankedTensorType result = getResult().getType();
  int64_t rank = result.getRank();
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < rank; ++d) {
    if (!result.isDynamicDim(d)) {
      sizes.push_back(builder.getIndexAttr(result.getDimSize(d)));
      continue;
    }
    OpFoldResult in = getDimSize(builder, loc, getInput(), d);
    if (d < rank - 2) {
      sizes.push_back(in);
      continue;
    }
    int64_t s = d - (rank - 2);
    Value pad = arith::ConstantIndexOp::create(builder, loc, getPadding()[s]);
    Value window = arith::ConstantIndexOp::create(builder, loc, getWindow()[s]);
    sizes.push_back(dynamicWindowOutput(
        builder, loc, getValueOrCreateConstantIndexOp(builder, loc, in), window,
        getStrides()[s], pad, pad, 1, /*ceilMode=*/!getIgnoreBorder()));
  }
  shapes.push_back(sizes);
  return success();
}

LogicalResult Pool2DGradOp::verify() {
  if (failed(verifyPoolAttrs(*this)))
    return failure();
  RankedTensorType x = getInput().getType(), dy = getGradOutput().getType();
  if (x.getRank() != dy.getRank())
    return emitOpError("grad_output rank ")
           << dy.getRank() << " differs from the input rank " << x.getRank();
  for (int64_t d = 0; d < x.getRank(); ++d) {
    int64_t expected =
        d < x.getRank() - 2
            ? x.getDimSize(d)
            : windowOutputSize(x.getDimSize(d), getWindow()[d - x.getRank() + 2],
                               getStrides()[d - x.getRank() + 2],
                               getPadding()[d - x.getRank() + 2],
                               getPadding()[d - x.getRank() + 2], 1,
                               !getIgnoreBorder());
    if (!compatibleSizes(expected, dy.getDimSize(d)))
      return emitOpError("grad_output dimension ")
             << d << " has size " << sizeString(dy.getDimSize(d))
             << " but the pooled input gives " << sizeString(expected);
  }
  return success();
}

LogicalResult
Pool2DGradOp::reifyResultShapes(OpBuilder &builder,
                                ReifiedRankedShapedTypeDims &shapes) {
  shapes.push_back(reifyShapeOf(builder, getLoc(), getInput()));
  return success();
}
