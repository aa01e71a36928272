//===- SymcRandomOps.td - counter-based random numbers -----*- tablegen -*-===//
//
// Random draws from a counter-based generator (Philox4x32-10, Salmon et al.,
// SC'11). A draw is a pure function of an explicit generator state, a
// `tensor<3xi64>` holding [key, counter_lo, counter_hi]: element i of a draw
// is computed from the Philox block at counter (counter_hi:counter_lo) + i
// under that key, so the numbers depend only on the state and the element's
// position, never on the backend, the loop order or the thread count. Every
// draw also returns the next state, [key, counter_lo, counter_hi + 1]; the
// frontend keeps the state in a shared variable and writes the next state
// back through the function's updates.
//
// With the state explicit the ops are Pure: two draws from the same state
// give the same numbers, so CSE merging them is correct, and draws from
// different states never merge. The generator itself is written by the
// lowering (passes/Conversion/SymcToLinalg/Random.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RANDOM_OPS_TD
#define SYMC_RANDOM_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

/// The generator state: `tensor<3xi64>` = [key, counter_lo, counter_hi]
/// (each i64 read as 64 unsigned bits). Buildable, so formats need not spell
/// it.
def Symc_RandomState : Type<
    And<[CPred<"::llvm::isa<::mlir::RankedTensorType>($_self)">,
         CPred<"::llvm::cast<::mlir::RankedTensorType>($_self).getShape() == "
               "::llvm::ArrayRef<int64_t>{3}">,
         CPred<"::llvm::cast<::mlir::RankedTensorType>($_self)"
               ".getElementType().isSignlessInteger(64)">]>,
    "random state tensor<3xi64>", "::mlir::RankedTensorType">,
    BuildableType<"::mlir::RankedTensorType::get({3}, $_builder.getI64Type())">;

/// A draw of one tensor whose shape is given by a shape operand.
class Symc_RandomDrawOp<string mnemonic, Type resultType>
    : Symc_Op<mnemonic, [Pure, Symc_ReifyShapes]> {
  let arguments = (ins Symc_RandomState:$state, Symc_ShapeTensor:$shape);
  let results = (outs Symc_RandomState:$newState, resultType:$result);
  let assemblyFormat = [{
    $state `,` $shape attr-dict `:` type($shape) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Symc_RandomUniformOp : Symc_RandomDrawOp<"random_uniform", Symc_FloatTensor> {
  let summary = "Draws floats uniformly from [0, 1).";
  let description = [{
    Element i (row-major) takes the Philox block at counter + i: f32 uses the
    top 24 bits of word 0, f64 the top 53 bits of (word1 << 32 | word0),
    scaled by 2^-24 (2^-53). `shape` has one entry per result dimension;
    static result sizes must match a constant shape. Example:
    ```mlir
    %s1, %u = symc.random_uniform %s0, %shape : tensor<2xi64> -> tensor<?x4xf32>
    ```
  }];
}

def Symc_RandomNormalOp : Symc_RandomDrawOp<"random_normal", Symc_FloatTensor> {
  let summary = "Draws floats from the standard normal distribution.";
  let description = [{
    Box-Muller on two uniforms from element i's Philox block (f32: words 0
    and 1; f64: words 0-1 and 2-3): sqrt(-2 log(1 - u1)) * cos(2 pi u2).
    Example:
    ```mlir
    %s1, %z = symc.random_normal %s0, %shape : tensor<1xi64> -> tensor<?xf64>
    ```
  }];
}

def Symc_RandomBitsOp : Symc_RandomDrawOp<"random_bits", RankedTensorOf<[I32]>> {
  let summary = "The raw 32-bit word stream of the generator.";
  let description = [{
    Element i (row-major) is word i mod 4 of the Philox block at
    counter + i div 4, as a signed i32: the flat result is the generator's
    output stream. A draw of 4 elements from a state is one Philox block,
    which makes the generator checkable against Random123's known answers.
    Example:
    ```mlir
    %s1, %w = symc.random_bits %s0, %shape : tensor<1xi64> -> tensor<4xi32>
    ```
  }];
}

def Symc_RandomPermutationOp : Symc_Op<"random_permutation", [Pure,
    Symc_ReifyShapes]> {
  let summary = "A uniformly random permutation of 0 .. n-1.";
  let description = [{
    Fisher-Yates: for i = n-1 down to 1, position i is swapped with position
    j = r mod (i + 1), where r is the 64 bits (word1 << 32 | word0) of the
    Philox block at counter + i. `n` must not be negative (checked at run
    time). Example:
    ```mlir
    %s1, %p = symc.random_permutation %s0, %n : tensor<?xi64>
    ```
  }];
  let arguments = (ins Symc_RandomState:$state, Symc_IndexScalar:$n);
  let results = (outs Symc_RandomState:$newState, Symc_IndexTensor:$result);
  let assemblyFormat = "$state `,` $n attr-dict `:` type($result)";
  let hasVerifier = 1;
}

#endif // SYMC_RANDOM_OPS_TD
