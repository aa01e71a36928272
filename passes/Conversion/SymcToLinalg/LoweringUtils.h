//===- LoweringUtils.h - helpers shared by the symc lowerings ---*- C++ -*-===//
//
// Helpers every op family of convert-symc-to-linalg uses: the run-time checks
// (symc.check with a message naming the op and its source location), shapes
// reified from converted operands, Theano broadcasting indexing maps, and
// small builders for tensors and scalars. The lowerings run inside a dialect
// conversion whose type converter maps ui8 to i8: patterns read signedness
// from the original op's types and build arith from the converted operands.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_CONVERSION_SYMCTOLINALG_LOWERINGUTILS_H
#define SYMC_PASSES_CONVERSION_SYMCTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

#include <string>

namespace mlir::symc {

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// The element type arith works on: ui8 becomes i8, others are unchanged.
Type convertElementType(Type type);

/// A ranked tensor type with its element type converted.
RankedTensorType convertTensorType(Type type);

/// True for the unsigned element types of the dialect (ui8) and for i1, whose
/// comparisons and extensions are unsigned too.
bool hasUnsignedSemantics(Type elementType);

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

/// "model.py:12": the user code a location points at (through name,
/// call-site and fused locations), or "" when it names none.
std::string describeLocation(Location loc);

/// `text` as literal text of a check's message: "{" doubled, which the
/// runtime reads as a brace (a single one may start a {0}..{3} placeholder
/// of the check's values).
std::string escapeBraces(StringRef text);

/// "symc.add at model.py:12": the op's name and where the user built it.
std::string describeOp(Operation *op);

/// Emits `symc.check %cond, "<describeOp(op)>: <what>" (values)`. `what` may
/// hold {0}..{3} for the values (index or integer; at most four).
void emitCheck(OpBuilder &b, Operation *op, Value cond, const Twine &what,
               ValueRange values = {});

/// Emits a check that two sizes are equal, unless both are static. `what`
/// names them with {0} and {1}; `extra` is passed as {2} when given.
void emitSizeEqualityCheck(OpBuilder &b, Operation *op, OpFoldResult lhs,
                           OpFoldResult rhs, const Twine &what,
                           Value extra = {});

/// Emits the checks of Theano's broadcast rule: along every dimension, an
/// operand whose size is not a static 1 must have the result's size.
void emitBroadcastChecks(OpBuilder &b, Operation *op, ValueRange operands,
                         ArrayRef<OpFoldResult> resultShape,
                         ArrayRef<StringRef> operandNames = {});

/// The same checks for operands known by their types and sizes only (the
/// members of a symc.fused_elementwise, whose operands may be values fused
/// away): operand i has type `operandTypes[i]` and size `operandSize(i, d)`
/// along d, and `owners[d]` is the operand whose size `resultShape[d]` is,
/// if any (its checks along d would compare it with itself).
void emitBroadcastChecks(OpBuilder &b, Operation *op,
                         ArrayRef<RankedTensorType> operandTypes,
                         function_ref<OpFoldResult(size_t, int64_t)> operandSize,
                         ArrayRef<OpFoldResult> resultShape,
                         ArrayRef<std::optional<size_t>> owners,
                         ArrayRef<StringRef> operandNames = {});

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

/// The result shape of `op` (ReifyRankedShapedTypeOpInterface) computed from
/// `operands` (the converted operands of a conversion pattern) instead of the
/// op's own, so that no new op uses a value the conversion replaces. Static
/// sizes of the result type win over reified ones.
FailureOr<SmallVector<OpFoldResult>>
reifyResultShape(OpBuilder &b, Operation *op, ValueRange operands,
                 unsigned resultIndex = 0);

/// The sizes of every dimension of a ranked tensor value.
SmallVector<OpFoldResult> getShape(OpBuilder &b, Location loc, Value tensor);

/// An index value for a size given as an OpFoldResult.
Value toIndex(OpBuilder &b, Location loc, OpFoldResult size);

/// The product of sizes, as an index value.
Value product(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes);

/// A read-only `bufferization.to_buffer` of `tensor` of type `type` that no
/// CSE merges with another: the buffer an external call (BLAS, a fused
/// loop replacing BLAS calls) reads right after it (see LoweringUtils.cpp).
Value readBuffer(OpBuilder &b, Location loc, MemRefType type, Value tensor);

/// readBuffer with fully dynamic strides and offset (any layout `tensor`
/// bufferizes to).
Value readOnlyBuffer(OpBuilder &b, Location loc, Value tensor);

/// The indexing map of an operand of an elementwise op over result shape
/// `resultShape`: dimension d reads index 0 where the operand has a static 1
/// and the result dimension is not a static 1 (broadcasting), else d.
AffineMap broadcastIndexingMap(RankedTensorType operandType,
                               ArrayRef<OpFoldResult> resultShape);

//===----------------------------------------------------------------------===//
// Builders
//===----------------------------------------------------------------------===//

/// tensor.empty of the given sizes.
Value emptyTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                  Type elementType);

/// A tensor of the given sizes filled with `value` (linalg.fill).
Value filledTensor(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                   Value value);

/// A scalar constant of an integer or float type (i1 takes 0 or 1).
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// An index constant.
Value indexConstant(OpBuilder &b, Location loc, int64_t value);

/// The identity elements of max/min reductions: the lowest (for max) or
/// highest (for min) value of `type`, -inf/+inf for floats.
Value lowestValue(OpBuilder &b, Location loc, Type type, bool isUnsigned);
Value highestValue(OpBuilder &b, Location loc, Type type, bool isUnsigned);

/// Casts an integer scalar (signed, or unsigned when `isUnsigned`) to index.
Value integerToIndex(OpBuilder &b, Location loc, Value value, bool isUnsigned);

/// Builds `linalg.generic` writing a fresh tensor of `resultShape` with all
/// loops parallel and identity output map; `inputMaps` index the inputs.
/// `body` receives the input scalars and returns the result scalar.
Value buildParallelGeneric(
    OpBuilder &b, Location loc, ValueRange inputs, ArrayRef<AffineMap> inputMaps,
    ArrayRef<OpFoldResult> resultShape, Type resultElement,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// Builds an elementwise linalg.generic over `operands` broadcast (Theano's
/// rule) to `resultShape`.
Value buildBroadcastGeneric(
    OpBuilder &b, Location loc, ValueRange operands,
    ArrayRef<OpFoldResult> resultShape, Type resultElement,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body);

/// Builds a reduction of `input` over `axes` into `init` (whose shape is the
/// reduced shape, with size-1 dimensions in place of reduced axes when
/// `keepdims`). `body(b, loc, element, accumulator)` returns the new
/// accumulator. Loops follow the input's dimension order, so that the
/// innermost loop walks contiguous memory.
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<int64_t> axes, bool keepdims, Value init,
                     function_ref<Value(OpBuilder &, Location, Value, Value)> body);

/// The indexing map of a reduction result: input dimension d is dropped when
/// reduced (or read at 0 with keepdims).
AffineMap reducedIndexingMap(MLIRContext *ctx, int64_t inputRank,
                             ArrayRef<int64_t> axes, bool keepdims);

/// Reduction loop kinds for `buildReduction`-style generics.
SmallVector<utils::IteratorType> reductionIterators(int64_t rank,
                                                    ArrayRef<int64_t> axes);

/// `value` cast (tensor.cast) to the converted result type of `op`, when
/// the lowering computed a more or less static type.
Value castToResultType(OpBuilder &b, Operation *op, Value value);

/// The element of a rank-0 tensor.
Value scalarOf(OpBuilder &b, Location loc, Value tensor);

/// The tensor type that `sizes` describe (static where a size is constant).
RankedTensorType typeOfSizes(ArrayRef<OpFoldResult> sizes, Type elementType);

/// Declares (once per module) a private external function `name`.
func::FuncOp getOrDeclareFunction(OpBuilder &b, Operation *from, StringRef name,
                                  FunctionType type);

} // namespace mlir::symc

#endif // SYMC_PASSES_CONVERSION_SYMCTOLINALG_LOWERINGUTILS_H
