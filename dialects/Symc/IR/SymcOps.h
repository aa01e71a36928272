//===- SymcOps.h - symc op declarations -------------------------*- C++ -*-===//
//
// Declares the symc ops (generated from SymcOps.td), the SymcElementwise
// trait, and the small structs and helpers the op classes expose: decoded
// index entries and the shape rules shared by verifiers, folders and
// lowerings.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECT_SYMC_IR_SYMCOPS_H
#define SYMC_DIALECT_SYMC_IR_SYMCOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/Symc/IR/SymcDialect.h"

#include <limits>

namespace mlir::symc {

/// Prefixes of symc.check messages for which the runtime raises another
/// Python exception than ValueError (SymcShapeOps.td's CheckOp; the runtime
/// spells them SYMC_RT_OUT_OF_MEMORY and SYMC_RT_ASSERTION_FAILED in
/// runtime/CRuntime.h).
inline constexpr llvm::StringLiteral kCheckOutOfMemoryPrefix = "out of memory";
inline constexpr llvm::StringLiteral kCheckAssertionPrefix = "assertion failed";

/// What "result" names in the generated printer of an op whose format ends
/// with custom<InferredResult> (see parseInferredResult in SymcAsm.h).
struct NoParseState {};

/// Marks ops that apply a scalar function at every position of their
/// broadcast operands (see Symc_ElementwiseTrait in SymcDialect.td).
template <typename ConcreteType>
class SymcElementwise
    : public OpTrait::TraitBase<ConcreteType, SymcElementwise> {};

/// One bound of a basic index entry: absent, a constant, or a rank-0 i64
/// tensor value.
struct IndexBound {
  enum class Kind { None, Static, Dynamic };
  Kind kind = Kind::None;
  int64_t value = 0;
  Value dynamic;

  bool isNone() const { return kind == Kind::None; }
  bool isStatic() const { return kind == Kind::Static; }
};

/// One entry of a basic index list: an integer (which drops its dimension,
/// held in `start`) or a slice start:stop:step.
struct IndexEntry {
  bool isSlice = false;
  IndexBound start, stop, step;
};

/// Decodes the (slice_entries, static_indices, dynamic_indices) encoding of
/// subtensor-like ops. Returns failure (with a diagnostic through `emitError`
/// when given) if the encoding is malformed.
FailureOr<SmallVector<IndexEntry>>
decodeIndexEntries(ArrayRef<bool> sliceEntries, ArrayRef<int64_t> staticIndices,
                   ValueRange dynamicIndices,
                   function_ref<InFlightDiagnostic()> emitError = nullptr);

/// The static length of slice `start:stop:step` over a dimension of static
/// `size` with Python's clamping, or ShapedType::kDynamic if any part is not
/// static. `step` must not be 0.
int64_t staticSliceLength(int64_t size, const IndexEntry &entry);

/// True when two sizes (static or ShapedType::kDynamic) may be equal at run
/// time.
inline bool compatibleSizes(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

/// True when `declared` result types may stand for `inferred` ones: pairwise
/// the same rank and element type, and every declared size is `?` or the
/// inferred static size (a declared type may be less static, never more).
bool compatibleTypes(TypeRange inferred, TypeRange declared);

/// Theano's broadcast rule over operands of equal rank: along each dimension
/// the static non-1 sizes must agree; the result size is that size, else `?`
/// if any operand is `?`, else 1. Emits "'<opName>' op ..." through
/// `location` and fails when ranks differ or static sizes clash.
FailureOr<SmallVector<int64_t>>
inferBroadcastShape(StringRef opName, std::optional<Location> location,
                    TypeRange types, ArrayRef<StringRef> operandNames = {});

/// The number of elements of a static shape, or nullopt when a size is
/// dynamic or the product does not fit in an int64_t.
std::optional<int64_t> staticNumElements(ArrayRef<int64_t> shape);

/// The result shape of reducing `shape` along sorted, unique `axes`.
SmallVector<int64_t> reducedShape(ArrayRef<int64_t> shape,
                                  ArrayRef<int64_t> axes, bool keepdims);

/// Checks that `axes` is sorted, duplicate-free and within [0, rank);
/// `what` names the list in messages ("axes", "positions").
LogicalResult verifyAxes(StringRef opName, std::optional<Location> location,
                         ArrayRef<int64_t> axes, int64_t rank,
                         StringRef what = "axes");

/// Reifies the result shape of a broadcasting elementwise op: for each
/// dimension, the static non-1 size, else the size of the first operand whose
/// size is dynamic, else 1.
SmallVector<OpFoldResult> reifyBroadcastShape(OpBuilder &builder, Location loc,
                                              ValueRange operands);

/// The run-time size of dimension `dim` of `value` as an OpFoldResult.
OpFoldResult getDimSize(OpBuilder &builder, Location loc, Value value,
                        int64_t dim);

/// The output size of a pooling or convolution window along one dimension
/// for static sizes, or ShapedType::kDynamic when an input is dynamic, an
/// attribute is out of range or the arithmetic would overflow. With
/// `ceilMode` (pooling without ignore_border) every window that starts inside
/// the input counts, as in Theano.
int64_t windowOutputSize(int64_t input, int64_t window, int64_t stride,
                         int64_t padBefore, int64_t padAfter, int64_t dilation,
                         bool ceilMode);

/// The run-time value of an index bound as an `index` (it must not be None).
Value materializeBound(OpBuilder &builder, Location loc,
                       const IndexBound &bound);

/// An integer index normalized against `size`: i < 0 ? i + size : i. Bounds
/// are checked by the lowering, not here.
Value materializeIndex(OpBuilder &builder, Location loc, Value size,
                       const IndexBound &bound);

/// A slice applied to a dimension of run-time `size`, with Python's
/// clamping: the first position, the number of positions and the step.
struct MaterializedSlice {
  Value start, length, step;
};
MaterializedSlice materializeSlice(OpBuilder &builder, Location loc, Value size,
                                   const IndexEntry &entry);

/// The static shape selected by a basic index list from `inputType`, or
/// failure (with a diagnostic naming `opName`) for an invalid list.
FailureOr<SmallVector<int64_t>>
inferSubtensorShape(StringRef opName, std::optional<Location> location,
                    RankedTensorType inputType, ArrayRef<IndexEntry> entries);

/// The static shape selected by integer arrays at sorted `positions`.
FailureOr<SmallVector<int64_t>>
inferAdvancedSubtensorShape(StringRef opName, std::optional<Location> location,
                            RankedTensorType inputType, TypeRange indexTypes,
                            ArrayRef<int64_t> positions);

} // namespace mlir::symc

#define GET_OP_CLASSES
#include "dialects/Symc/IR/SymcOps.h.inc"

#endif // SYMC_DIALECT_SYMC_IR_SYMCOPS_H
