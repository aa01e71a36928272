//===- Passes.td - symc pass catalogue -----------------------*- tablegen -*-===//
//
// Every symc pass, in pipeline order. Each entry says what it rewrites, with
// a before/after example; pattern-based passes list their identities.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_TD
#define SYMC_PASSES_TD

include "mlir/Pass/PassBase.td"

def InferShapesPass : Pass<"symc-infer-shapes", "func::FuncOp"> {
  let summary = "Refines result types of symc ops from their operand types.";
  let description = [{
    Recomputes the inferred result type of every symc op (in order, so that a
    refinement propagates) and keeps the more static of the old and new type.
    Users that are not symc ops with inferred types (for example
    `func.return`) keep seeing the old type through a `tensor.cast`, so the
    pass never changes a function's signature. It is useful after a rewrite
    has made an operand more static, and for testing type inference.

    Before (generic form, as a rewrite that made `%x` static may leave it):
    ```mlir
    %0 = "symc.add"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
    return %0 : tensor<?xf32>
    ```
    After:
    ```mlir
    %0 = symc.add %x, %y : tensor<4xf32>
    %1 = tensor.cast %0 : tensor<4xf32> to tensor<?xf32>
    return %1 : tensor<?xf32>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  let statistics = [
    Statistic<"numRefined", "refined-results", "Number of results whose type was refined">
  ];
}

//===----------------------------------------------------------------------===//
// Optimization (symc-optimize-pipeline, symc-fast-compile-pipeline, in order)
//===----------------------------------------------------------------------===//

def StabilizePass : Pass<"symc-stabilize", "func::FuncOp"> {
  let summary = "Rewrites numerically unstable subgraphs into stable forms.";
  let description = [{
    Replaces expressions that overflow, underflow or cancel in floating
    point by equivalent stable ones, in forward graphs and in the gradient
    graphs `symc.grad` builds from them. A splat constant 1 may have any
    broadcastable shape (`dense<1.0> : tensor<1x1xf64>`); a rewrite never
    changes a result type, so it does not fire where the constant would
    broadcast the other operand to a larger shape.

    - `log(1 + x)` => `log1p(x)`; `log(1 - x)` => `log1p(-x)`
    - `log1p(exp(x))` (so `log(1 + exp(x))`) => `softplus(x)`
    - `exp(x) - 1` => `expm1(x)`; `1 - exp(x)` => `-expm1(x)`
    - `log1p(-exp(x))`, `log(-expm1(x))` (so `log(1 - exp(x))`) => `log1mexp(x)`
    - `log(sigmoid(x))` => `-softplus(-x)`; `log1p(-sigmoid(x))` (so
      `log(1 - sigmoid(x))`) => `-softplus(x)`; `1 - sigmoid(x)` => `sigmoid(-x)`
    - `binary_crossentropy(sigmoid(x), t)` => `softplus(x) - t * x`
    - `log(softmax(x))` => `log_softmax(x)`; `log(softmax(x)[i, j])` =>
      `log_softmax(x)[i, j]`
    - `log(sum(exp(x)))` => `logsumexp(x)`
    - `categorical_crossentropy(softmax(x), t)` => `crossentropy_softmax(x, t)`
    - `sqrt(x * x)`, `sqrt(sqr(x))`, `sqrt(x ** 2)` => `abs(x)`
    - in products and quotients of any shape (`a * b / c * -d ...`, the form
      of gradient graphs): a factor that is both multiplied and divided
      cancels; `1 / (1 + exp(t))` => `sigmoid(-t)`; `exp(t) * sigmoid(-t)` =>
      `sigmoid(t)` (so `exp(x) / (1 + exp(x))` and `g / (1 + exp(x)) *
      exp(x)` become `sigmoid(x)` and `g * sigmoid(x)`); `exp(t) /
      sum(exp(t))` => `softmax(t)`
    - the gradient of softmax applied to a gradient that divides by the
      softmax, `s * (g - sum(g * s))` with `s = softmax(x)`, is distributed
      to `g * s - s * sum(g * s)` so that the division cancels, and
      `inc_subtensor(zeros, v, i) * w` becomes `inc_subtensor(zeros, v *
      w[i], i)` when `v` divides by `w[i]` (the gradient of
      `-log(softmax(x)[rows, labels])`)

    The symc canonicalization patterns run in the same greedy loop (the
    rewrites read through removed gradient seeds and lifted dimshuffles), and
    CSE runs between rounds so that equal subexpressions are one value.
    `symc-opt --mlir-pass-statistics` reports how often each rewrite fired
    (names in Stabilize.cpp, `kStabilizeRewrites`).

    Before:
    ```mlir
    %e = symc.exp %x : tensor<?xf64>
    %one = symc.constant dense<1.0> : tensor<1xf64>
    %s = symc.add %e, %one : tensor<?xf64>, tensor<1xf64>
    %r = symc.log %s : tensor<?xf64>
    ```
    After:
    ```mlir
    %r = symc.softplus %x : tensor<?xf64>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
  let options = [
    Option<"maxRounds", "max-rounds", "unsigned", "8",
           "Rounds of (patterns, CSE) at most">
  ];
}

def SpecializePass : Pass<"symc-specialize", "func::FuncOp"> {
  let summary = "Replaces general ops by faster special cases (powers, BLAS products).";
  let description = [{
    Rewrites for speed, after stabilization (so that it never undoes a stable
    form):

    - `x ** 2` => `sqr(x)`, `x ** 0.5` => `sqrt(x)`, `x ** -1` =>
      `reciprocal(x)`, `x ** -0.5` => `reciprocal(sqrt(x))`, `x ** 0` => 1,
      `x ** n` for an integer 3 <= |n| <= `max-pow-chain` => a chain of
      squarings and multiplications (its reciprocal for n < 0, floats only);
      `x * x` => `sqr(x)`. Like Theano, `(-0) ** 0.5` gives -0 and
      `(-inf) ** 0.5` NaN afterwards (`sqrt`'s values).
    - `x / c` for a float constant `c` => `x * (1 / c)` when every `1 / c` is
      exact (a power of two with a normal reciprocal), or always with
      `allow-reciprocal`; `1 / x` => `reciprocal(x)`.
    - matrix products become `symc.gemm`: `dot(op(A), op(B))` with
      transposes (`dimshuffle [1, 0]`) of either operand or of the product
      folded into the transpose flags and scalars (rank-0 values or tensors
      of static size 1) multiplied into A, B or the product gathered into
      alpha; `alpha * dot(A, B) + beta * C` (also with `-`) accumulates
      into C when C has the product's shape (a broadcast bias stays an
      elementwise add, which fusion makes free). A product without an
      accumulator gets `beta = 0` and `C = tensor.empty`, which BLAS does not
      read.
    - `dot(A, x)` and `dot(x, A)` of a matrix and a vector become
      `symc.gemv` the same way, `+ beta * y` included.
    - `A + alpha * outer(x, y)` => `symc.ger(alpha, x, y, A)`.
    - `sum(x * y)` over two vectors of one shape => `dot(x, y)` (one BLAS
      call instead of a temporary).

    `symc-opt --mlir-pass-statistics` reports how often each rewrite fired
    (names in Specialize.cpp, `kSpecializeRewrites`).

    Before:
    ```mlir
    %t = symc.dimshuffle %a [1, 0] : tensor<?x?xf64>
    %p = symc.dot %t, %b : tensor<?x?xf64>, tensor<?x?xf64>
    %k = symc.constant dense<-0.1> : tensor<1x1xf64>
    %s = symc.mul %p, %k : tensor<?x?xf64>, tensor<1x1xf64>
    %r = symc.add %w, %s : tensor<?x?xf64>
    ```
    After:
    ```mlir
    %alpha = symc.constant dense<-0.1> : tensor<f64>
    %beta = symc.constant dense<1.0> : tensor<f64>
    %r = symc.gemm %alpha, %a, %b, %beta, %w {transpose_a}
        : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
  let options = [
    Option<"allowReciprocal", "allow-reciprocal", "bool", "false",
           "Turn every division by a float constant into a multiplication "
           "by its rounded reciprocal (not only exact ones)">,
    Option<"maxPowChain", "max-pow-chain", "unsigned", "16",
           "Largest |n| for which x ** n becomes multiplications">
  ];
}

def NanGuardPass : Pass<"symc-nan-guard", "func::FuncOp"> {
  let summary = "Checks that no float value of a function is NaN or infinite (NanGuardMode).";
  let description = [{
    After every float argument and every symc op with a float result, in
    program order, inserts run-time checks that fail the call when the value
    holds a NaN or an infinity, with a message naming the op (or argument)
    and the source location, so the first value that went bad is reported
    (the runtime raises it as a Python `ValueError` beginning with
    `NanGuardMode:`). Used by the frontend's `NanGuardMode`; it belongs after
    the optimizer, so that it checks the program that actually runs.

    Before:
    ```mlir
    %e = symc.exp %x : tensor<?xf32> loc("f.py":3:0)
    ```
    After (one check for NaN, one for infinities):
    ```mlir
    %e = symc.exp %x : tensor<?xf32>
    %n = symc.isnan %e : tensor<?xf32>
    %a = symc.reduce_any %n axes = [0] : tensor<?xi1>
    %b = tensor.extract %a[] : tensor<i1>
    %ok = arith.xori %b, %true : i1
    symc.check %ok, "NanGuardMode: symc.exp at f.py:3 produced NaN"
    ...
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // SYMC_PASSES_TD
