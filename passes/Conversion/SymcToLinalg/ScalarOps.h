//===- ScalarOps.h - NumPy scalar semantics in arith/math -------*- C++ -*-===//
//
// Builders for one element of the symc ops whose scalar semantics take more
// than one arith/math op: Python floor division and modulo (no trap on
// division by zero or overflow), exact integer powers, NaN-propagating
// extrema, NumPy's sign and casts, and the numerically stable sigmoid,
// softplus and log1mexp. Elementwise lowerings and the NN lowerings share
// them, so each formula is written once. Integer operands are signless;
// `isUnsigned` carries the signedness of the original element type.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_CONVERSION_SYMCTOLINALG_SCALAROPS_H
#define SYMC_PASSES_CONVERSION_SYMCTOLINALG_SCALAROPS_H

#include "mlir/IR/Builders.h"

namespace mlir::symc::scalar {

/// a // b with Python semantics; integer division by zero gives 0 and
/// INT_MIN // -1 wraps (NumPy's results), floats follow npy_floor_divide.
Value floorDiv(OpBuilder &b, Location loc, Value lhs, Value rhs,
               bool isUnsigned);

/// a % b with the sign of b (Python); integer modulo by zero gives 0,
/// floats follow npy_remainder.
Value mod(OpBuilder &b, Location loc, Value lhs, Value rhs, bool isUnsigned);

/// a ** b: math.powf for floats; for integers exact by repeated squaring,
/// with negative exponents giving 0 except for a base of 1 or -1.
Value pow(OpBuilder &b, Location loc, Value lhs, Value rhs, bool isUnsigned);

/// NaN-propagating maximum/minimum (NumPy's np.maximum/np.minimum).
Value maximum(OpBuilder &b, Location loc, Value lhs, Value rhs,
              bool isUnsigned);
Value minimum(OpBuilder &b, Location loc, Value lhs, Value rhs,
              bool isUnsigned);

/// NumPy's sign: -1, 0 or 1, NaN for NaN (0 for both zeros).
Value sign(OpBuilder &b, Location loc, Value x, bool isUnsigned);

/// |x|; integers wrap at the most negative value, unsigned is the identity.
Value abs(OpBuilder &b, Location loc, Value x, bool isUnsigned);

/// Converts one element from original type `from` to original type `to`
/// (NumPy's astype): float to integer truncates toward zero through the
/// machine conversion NumPy uses on x86 (NaN and out-of-range values give
/// INT_MIN of 32 or 64 bits, then wrap); to bool means != 0.
Value cast(OpBuilder &b, Location loc, Value x, Type from, Type to);

/// 1 / (1 + exp(-x)) without overflow: exp of -|x| only.
Value sigmoid(OpBuilder &b, Location loc, Value x);

/// log(1 + exp(x)) as max(x, 0) + log1p(exp(-|x|)).
Value softplus(OpBuilder &b, Location loc, Value x);

/// log(1 - exp(x)) for x <= 0: log(-expm1(x)) near 0, log1p(-exp(x)) below
/// -log(2) (Maechler's rule).
Value log1mexp(OpBuilder &b, Location loc, Value x);

/// a + b for any element type (logical or for i1).
Value add(OpBuilder &b, Location loc, Value lhs, Value rhs);

/// a * b for integers or floats.
Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs);

/// a + b with the `reassoc` flag on floats, so that LLVM may vectorize the
/// reductions it appears in.
Value reductionAdd(OpBuilder &b, Location loc, Value lhs, Value rhs);
Value reductionMul(OpBuilder &b, Location loc, Value lhs, Value rhs);

/// True when `x` is NaN (false for integers).
Value isNaN(OpBuilder &b, Location loc, Value x);

} // namespace mlir::symc::scalar

#endif // SYMC_PASSES_CONVERSION_SYMCTOLINALG_SCALAROPS_H
