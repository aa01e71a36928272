//===- SymcMatchers.h - matching helpers for symc rewrites ------*- C++ -*-===//
//
// Small queries that canonicalization patterns and the symc passes share:
// reading splat constants of any broadcastable shape, proving that two
// values have the same run-time shape, recognizing values that are never
// negative, and negations. They look at defining ops only (no dataflow
// analysis), so they are cheap enough to call from every pattern.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECT_SYMC_IR_SYMCMATCHERS_H
#define SYMC_DIALECT_SYMC_IR_SYMCMATCHERS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Value.h"

#include <optional>

namespace mlir::symc {

/// The value every element of `value` has when it is a constant whose
/// elements are all equal (a splat of any shape, e.g. `dense<1.0> :
/// tensor<1x1xf64>`), as a double; nullopt otherwise. Integers are read
/// signed (unsigned for ui8), bools as 0 or 1.
std::optional<double> getSplatValue(Value value);

/// The same for a constant's attribute (as folds see their operands):
/// nullopt unless `attr` is a splat of ints or floats.
std::optional<double> getSplatValue(Attribute attr);

/// True when `value` is a constant splat equal to `expected`.
bool isSplatConstant(Value value, double expected);

/// The element type of `type`, or `type` itself (getElementTypeOrSelf).
/// Ranked tensors, the type of every symc value, are read directly: the
/// general path goes through the shaped-type interface, and folds and
/// rewrites ask this of every op they try.
inline Type elementTypeOf(Type type) {
  if (auto ranked = dyn_cast<RankedTensorType>(type))
    return ranked.getElementType();
  return getElementTypeOrSelf(type);
}

/// A value whose run-time shape is the run-time shape of `value`: follows ops
/// whose result shape is provably one operand's shape (unary elementwise ops,
/// broadcasting ops with an operand of the result's static shape,
/// broadcast_to of `shape(w)`, softmax, ...). Sizes that are `?` never
/// broadcast, so an operand whose static shape equals the result's has the
/// result's run-time shape whenever the program runs without a shape error.
Value shapeSource(Value value);

/// True when `a` and `b` provably have the same run-time shape.
bool haveSameRuntimeShape(Value a, Value b);

/// True when no element of `value` can be negative (NaN allowed): results
/// of exp, sqr, abs, sigmoid, softplus, softmax and shape, constants >= 0,
/// and subtensors, dimshuffles and concatenations of such values.
bool isKnownNonNegative(Value value);

/// The entries of a shape operand (reshape, broadcast_to) that is a
/// constant.
std::optional<SmallVector<int64_t>> getConstantShape(Value shape);

/// Entry `d` of the rank-1 shape tensor `shape` when its construction fixes
/// it: a constant, or the shape of a tensor static along `d`.
std::optional<int64_t> getStaticShapeEntry(Value shape, int64_t d);

/// True when `a` is `-b` or `b` is `-a` (symc.neg).
bool isNegationOf(Value a, Value b);

} // namespace mlir::symc

#endif // SYMC_DIALECT_SYMC_IR_SYMCMATCHERS_H
