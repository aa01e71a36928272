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
//
// symc-optimize-pipeline's `canonicalize` and `cse` steps are MLIR's passes
// made incremental (passes/Transforms/Cleanup.cpp), computing the same IR:
// the steps share a log of what changed since the first canonicalize
// converged. The first cse runs only when some op may have a duplicate
// among the users of its operands; the last canonicalize visits only the
// ops symc-stabilize, symc-scan-pushout and symc-specialize changed and
// their neighbourhood; the last cse runs only when a changed op may have a
// duplicate. Later greedy iterations of canonicalize and symc-stabilize
// visit only what the iteration before changed (applyPatternsIncrementally,
// GreedyConfig.h). On the gradient of a 5000-step chain (60,000 ops, whose
// rewrites fire on its seed alone) that halves the optimizer's time:
//
//   before: canonicalize .098, cse .080, symc-stabilize .140,
//           symc-specialize .043, canonicalize .047, cse .083 (s)
//   after:  canonicalize .063, cse .007, symc-stabilize .083,
//           symc-specialize .038, canonicalize .007, cse .000 (s)
//
// The dump (`--dump-pass-pipeline`) names them canonicalize and cse, with
// the canonicalizer's options; run by those names outside the pipeline,
// MLIR's own passes compute the same.

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
    - `binary_crossentropy(sigmoid(x), t)` => `t * softplus(-x) + (1 - t) *
      softplus(x)`
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
    CSE runs between rounds so that equal subexpressions are one value. A
    round's CSE is skipped when none of the ops the round inserted or
    modified has a duplicate among the users of its operands: the function
    was free of common subexpressions before it, so there is nothing to
    merge (a gradient where one rewrite fires does not pay a CSE of all of
    it). Region simplification is off in functions whose regions all have
    one block (it could only erase unused ops, which the driver erases too).
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
  let dependentDialects = ["::mlir::symc::SymcDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"maxRounds", "max-rounds", "unsigned", "8",
           "Rounds of (patterns, CSE) at most">,
    Option<"cseFirst", "cse-first", "bool", "true",
           "CSE before the first round. false: the input is already free of "
           "common subexpressions (the pipelines' cse step ran just before)">,
    Option<"cseConstants", "cse-constants", "bool", "true",
           "Merge equal constants of the input before the first round (the "
           "greedy driver's pass over every op). false: they are one each "
           "already (the optimize pipeline's canonicalize and cse ran just "
           "before); constants the rewrites fold to are still merged with "
           "each other">
  ];
}

def ScanPushoutPass : Pass<"symc-scan-pushout", "func::FuncOp"> {
  let summary = "Moves per-step matrix products and dead data out of symc.scan loops.";
  let description = [{
    Theano's scan_pushout_seqs_ops and scan_pushout_dot1 for products: one
    large BLAS product outside the loop replaces one small product per step
    (small products spend their time packing operands and reloading the
    accumulator; a recurrent network's input projection and its weight
    gradients are such products).

    - `dot(x_t, W)` with `x_t` a row of sequence `X` (a vector or a matrix
      of static shape) and `W` an invariant matrix => a new sequence
      `dot(X, W)` computed before the loop (rows of a matrix `x_t` are
      flattened with `symc.reshape`), read row by row.
    - A carry `c` whose next value is `c + dot(transpose(a_t), b_t)` and that
      is used nowhere else (the gradient of a weight summed over time steps)
      => `a_t` and `b_t` become step outputs `A`, `B` and the scan's result is
      `c_0 + dot(transpose(A'), B')` with `A'`, `B'` the stacked rows
      flattened into matrices. Carries with a history are left alone.
    - A carry `c` whose next value is `c + reduce_sum(v_t, axes)` (with
      keepdims, possibly with the kept dimensions dropped by a dimshuffle)
      and that is used nowhere else (the gradient of a bias) => `v_t`
      becomes a step output `V` and the result is
      `c_0 + reduce_sum(V, [0] + (axes + 1))`.
    - A step output that is the row the step read of a sequence => the
      sequence's first `n_steps` rows (a view; the loop no longer copies it).
    - A sequence whose rows the scan reads are all zero => zeros in the body
      (then folded away): zeros, or a slice `[a:b]` with `b` before the last
      row of zeros incremented only at their last row (`[-1]`, or
      `[shape(x)[0] - 1]`) or along tail slices `[k:]` by such arrays. This
      is the gradient of a history used only through its last state
      (`loss(hs[-1])`); `subtensor` of its last row becomes the sum of the
      increments, so the backward scan starts from it and the arrays of
      zeros are never built.
    - Sequences and invariants whose block arguments are unused are dropped
      (as in Theano, an unread sequence is no longer checked to have
      `n_steps` rows).
    - `reshape(x[a:b], [-1, k...])` with `x : [n, r, k...]` (static `r`, `k`)
      => `reshape(x, [-1, k...])[a*r : b*r]` (Python's normalization of the
      bounds is linear in the row count): the stacked rows the products read
      are then views of the sequences, not packed copies.
    Scans with `until` are left alone by the products and the step-output
    rewrite: they may stop before the last row.

    Before:
    ```mlir
    %r = symc.scan steps %n carries(%h0 : tensor<4x8xf64>)
        sequences(%xs : tensor<?x4x3xf64>) invariants(%u : tensor<3x8xf64>)
        -> (tensor<4x8xf64>) {
    ^bb0(%h: tensor<4x8xf64>, %x: tensor<4x3xf64>, %u1: tensor<3x8xf64>):
      %p = symc.dot %x, %u1 : tensor<4x3xf64>, tensor<3x8xf64>
      %s = symc.add %h, %p : tensor<4x8xf64>
      %t = symc.tanh %s : tensor<4x8xf64>
      symc.scan.yield %t : tensor<4x8xf64>
    }
    ```
    After:
    ```mlir
    %flat = symc.reshape %xs, %shape : (tensor<?x4x3xf64>, tensor<2xi64>) -> tensor<?x3xf64>
    %pf = symc.dot %flat, %u : tensor<?x3xf64>, tensor<3x8xf64>
    %ps = symc.reshape %pf, %shape3 : (tensor<?x8xf64>, tensor<3xi64>) -> tensor<?x4x8xf64>
    %r = symc.scan steps %n carries(%h0 : tensor<4x8xf64>)
        sequences(%ps : tensor<?x4x8xf64>) -> (tensor<4x8xf64>) {
    ^bb0(%h: tensor<4x8xf64>, %p: tensor<4x8xf64>):
      %s = symc.add %h, %p : tensor<4x8xf64>
      %t = symc.tanh %s : tensor<4x8xf64>
      symc.scan.yield %t : tensor<4x8xf64>
    }
    ```
  }];
  let dependentDialects = ["::mlir::symc::SymcDialect"];
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
  let dependentDialects = ["::mlir::symc::SymcDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
  let options = [
    Option<"allowReciprocal", "allow-reciprocal", "bool", "false",
           "Turn every division by a float constant into a multiplication "
           "by its rounded reciprocal (not only exact ones)">,
    Option<"maxPowChain", "max-pow-chain", "unsigned", "16",
           "Largest |n| for which x ** n becomes multiplications">,
    Option<"cseConstants", "cse-constants", "bool", "true",
           "Merge equal constants of the input first (the greedy driver's "
           "pass over every op). false: they are one each already (the "
           "optimize pipeline's canonicalize and cse ran before "
           "symc-stabilize)">,
    Option<"fold", "fold", "bool", "true",
           "Fold ops as the greedy driver visits them. false: the input is "
           "folded already and a later canonicalize folds what the rewrites "
           "make (the optimize pipeline, whose first steps fold and whose "
           "last canonicalize visits every change)">
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
  let dependentDialects = ["::mlir::symc::SymcDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

//===----------------------------------------------------------------------===//
// Lowering to the LLVM dialect (symc-lower-to-llvm-pipeline, in order)
//===----------------------------------------------------------------------===//

def PrepareCallingConventionPass
    : Pass<"symc-prepare-calling-convention", "ModuleOp"> {
  let summary = "Marks public functions for the C calling convention of the runtime.";
  let description = [{
    Gives every public function with a body the `llvm.emit_c_interface`
    attribute (the runtime calls `_mlir_ciface_<name>`, runtime/CRuntime.h)
    and marks its tensor arguments `bufferization.writable = false`, so that
    one-shot bufferization copies an argument before writing into it instead
    of writing into the caller's array. Private functions are left alone.

    Before:
    ```mlir
    func.func @f(%x: tensor<?xf32>) -> tensor<?xf32>
    ```
    After:
    ```mlir
    func.func @f(%x: tensor<?xf32> {bufferization.writable = false}) -> tensor<?xf32>
        attributes {llvm.emit_c_interface}
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def ConvertSymcToLinalgPass : Pass<"convert-symc-to-linalg", "ModuleOp"> {
  let summary = "Lowers symc ops to linalg, tensor, arith, math, scf and BLAS calls.";
  let description = [{
    Replaces every symc op except `symc.check` (one pattern set per op family,
    see passes/Conversion/SymcToLinalg/PopulatePatterns.h):
    - elementwise ops become one `linalg.generic` over the broadcast shape; an
      operand's static size-1 dimension under a larger result dimension is
      read at index 0 (Theano's broadcasting);
    - reductions, argmax/argmin, logsumexp, softmax and the crossentropies
      become `linalg.generic` reductions (float sums carry `reassoc`);
    - float dot/batched_dot/gemm/gemv/ger call the BLAS glue of
      runtime/CRuntime.h on the operands' buffers (`bufferization.to_buffer`
      + `memref.extract_strided_metadata`); integer products are loops;
    - shape ops become `tensor.collapse_shape`/`expand_shape`/`reshape`,
      `insert_slice` or broadcasting `linalg.generic`s; basic indexing becomes
      `tensor.extract_slice`/`insert_slice`, integer-array indexing a gather
      `linalg.generic` or an `scf.for` scatter; conv2d and pool2d (and their
      gradients) become `linalg.generic` or `scf.for` loop nests.
    Sizes and index values that can disagree only at run time are checked
    by `symc.check` ops whose message names the op, its source location and
    the sizes; they precede the computation they protect. The type converter
    maps ui8 to i8 (function signatures included); scalar semantics read the
    signedness from the original op.

    Before:
    ```mlir
    func.func @f(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
      %0 = symc.add %a, %b : tensor<?xf32>, tensor<?xf32>
      return %0 : tensor<?xf32>
    }
    ```
    After (abridged):
    ```mlir
    %d0 = tensor.dim %a, %c0 : tensor<?xf32>
    %d1 = tensor.dim %b, %c0 : tensor<?xf32>
    %ok = arith.cmpi eq, %d1, %d0 : index
    symc.check %ok, "symc.add at f.py:3: operands #0 and #1 have sizes {1} and {0} along dimension 0 (only static size-1 dimensions broadcast)" (%d1, %d0 : index, index)
    %e = tensor.empty(%d0) : tensor<?xf32>
    %0 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%a, %b : tensor<?xf32>, tensor<?xf32>) outs(%e : tensor<?xf32>) {
    ^bb0(%x: f32, %y: f32, %out: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    } -> tensor<?xf32>
    ```

    A `symc.fused_elementwise` becomes one `linalg.generic` whose body is the
    scalar code of its region ops. When the region holds at least
    `payload-min-ops` ops, that code goes into a private function marked
    `symc.payload` (as `symc-outline-payloads` makes them) and the body calls
    it; regions of the same code share one function, which is made once: the
    same ops in payload order with the same attributes, types and splat
    constant inputs, using their inputs in the same pattern (the function
    takes the inputs in order of first use, so which input a region reads
    through which block argument does not matter). A chain of hundreds of
    equal groups is then lowered, canonicalized and bufferized as calls of
    one function; `symc-inline-payloads` puts the code back into the loops.
    Groups whose types need no conversion and whose inputs no symc op
    computes (block arguments, constants, earlier groups) are lowered
    first, outside the dialect conversion, to the same IR: the conversion
    would visit every region op (a gradient's groups hold most of its ops)
    only to record it as replaced and erase it.

    Before (payload-min-ops=2; both regions are this one, up to their
    inputs' order):
    ```mlir
    %y = symc.fused_elementwise (%x, %c) : (tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
    ^bb0(%a: tensor<f64>, %k: tensor<f64>):
      %t = symc.tanh %a : tensor<f64>
      %m = symc.mul %t, %k : tensor<f64>
      symc.yield %m : tensor<f64>
    }
    ```
    After (abridged; %c is a splat constant):
    ```mlir
    %y = linalg.generic {...} ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%in: f64, %out: f64):
      %p = func.call @f_payload(%in) : (f64) -> f64
      linalg.yield %p : f64
    } -> tensor<?xf64>
    func.func private @f_payload(%a: f64) -> f64 attributes {symc.payload} {
      %k = arith.constant 1.01 : f64
      %t = math.tanh %a : f64
      %m = arith.mulf %t, %k : f64
      return %m : f64
    }
    ```
  }];
  let options = [
    Option<"payloadMinOps", "payload-min-ops", "unsigned", /*default=*/"32",
           "Fewest region ops of a symc.fused_elementwise whose code goes "
           "into a shared payload function (0: never)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::symc::SymcDialect"];
}

def ConvertSymcScanToSCFPass : Pass<"convert-symc-scan-to-scf"> {
  let summary = "Lowers symc.scan to scf.for / scf.while over a copy of its body.";
  let description = [{
    First applies symc.scan's canonicalization patterns (loop-invariant
    hoisting, removal of unused step outputs), so that loop bodies are
    minimal whatever pipeline ran before. Then each `symc.scan` (innermost
    first) becomes an `scf.for` from 0 to its
    number of steps, or an `scf.while` that also stops after a step whose
    stop condition is true (`until`). The body's ops are copied into the
    loop unchanged (still symc ops, for convert-symc-to-linalg), with
    sequence rows read as `tensor.extract_slice`s. Each history carry and
    each step output is one array allocated before the loop and written a
    row per step with `tensor.insert_slice` (in place once bufferized); a
    history carry is read back from row `i` of its array, so only carries
    without history are loop-carried values. Run-time checks (`symc.check`)
    guard a negative number of steps, sequences shorter than it and carries
    or step outputs that change shape. A step output whose rows have
    dynamic sizes gets its array from the first step, peeled off the loop;
    without a step its rows have the sizes the body's shapes give
    (ReifyRankedShapedTypeOpInterface, followed back to the carries'
    initial values, the sequences' rows and the invariants: `x * 2` over a
    0 x 3 sequence is 0 x 3), or 0 where a size is a value the step
    computes. An invariant that is a transposed
    matrix (`symc.dimshuffle [1, 0]`) and that the body only multiplies
    (`symc.dot`, `symc.gemm` operands without a transpose flag) is
    transposed once before the loop (`linalg.transpose`): per-step BLAS
    products then read it row-major instead of packing a transposed view
    at every step.

    Before:
    ```mlir
    %hs = symc.scan steps %n carries(%h0 : tensor<4xf64>) history [0]
        -> (tensor<?x4xf64>) {
    ^bb0(%h: tensor<4xf64>):
      %t = symc.tanh %h : tensor<4xf64>
      symc.scan.yield %t : tensor<4xf64>
    }
    ```
    After (abridged, checks omitted):
    ```mlir
    %e = tensor.empty(%n1) : tensor<?x4xf64>
    %a = tensor.insert_slice %h0 into %e[0, 0] [1, 4] [1, 1]
    %hs = scf.for %i = %c0 to %n step %c1 iter_args(%arr = %a) -> (tensor<?x4xf64>) {
      %h = tensor.extract_slice %arr[%i, 0] [1, 4] [1, 1] : tensor<?x4xf64> to tensor<4xf64>
      %t = symc.tanh %h : tensor<4xf64>
      %i1 = arith.addi %i, %c1 : index
      %w = tensor.insert_slice %t into %arr[%i1, 0] [1, 4] [1, 1]
      scf.yield %w : tensor<?x4xf64>
    }
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::symc::SymcDialect"];
}

def FuseGemvPairsPass : Pass<"symc-fuse-gemv-pairs", "func::FuncOp"> {
  let summary = "Computes X.w, row-local code and X^T.g in one pass over X.";
  let description = [{
    A gradient step of a linear model reads its data matrix X twice: the
    product z = X.w, row-local elementwise code g = f(z, y, ...) (the loss'
    derivative), and the weight gradient X^T.g. When X does not fit in the
    cache, each product streams it from memory. This pass runs the three
    parts together over blocks of 4 rows: 4 dot products (one sweep over w)
    give z for the block, the elementwise code runs on the block's rows, and
    the rows, still in L1, are added into the gradient. X is read once.

    It runs on the output of convert-symc-to-linalg (before
    symc-fuse-elementwise): the two products are Linear.cpp's lowered gemv
    calls (an scf.if around `symc_rt_gemv_*` reading to_buffer'ed operand
    tensors and writing a fresh buffer), the middle is the one-op
    elementwise `linalg.generic` ops from z to g. It fires when both
    products read the same tensor X (X.w non-transposed, X^T.g transposed,
    either by flag or through a transposed view), every op between z and g
    is a one-loop parallel generic reading z and its own results at the same
    row (other operands: vectors read at that row, or single elements), and
    nothing with side effects between the two calls reads z or the middle.
    Other results of the middle (z itself, the terms of a loss reduced over
    rows later) are still produced as whole tensors; the ops between the
    calls that use them move after the fused loop. When X's rows, w and the
    vectors the middle reads have unit stride, the loops read them through
    unit-stride views and LLVM vectorizes them; other layouts (views) take the
    same loops through their strides. An X read through a transposed view
    (X's rows are columns of the stored matrix) is left to BLAS.

    Before (the calls' pointer plumbing and empty-size branches elided):
    ```mlir
    %z0 = memref.alloc(%n) : memref<?xf64>
    scf.if %nonempty { func.call @symc_rt_gemv_f64(%c0, ..., X, ..., w, ..., %z0, ...) }
    %z = bufferization.to_tensor %z0 restrict writable : ...
    %g = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%z, %y : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%a: f64, %b: f64, %o: f64):
      %s = arith.subf %a, %b : f64
      linalg.yield %s : f64
    } -> tensor<?xf64>
    %gw0 = memref.alloc(%d) : memref<?xf64>
    memref.copy %c, %gw0 ...
    scf.if %nonempty { func.call @symc_rt_gemv_f64(%c1, ..., X, ..., %g, ..., %gw0, ...) }
    %gw = bufferization.to_tensor %gw0 restrict writable : ...
    ```
    After:
    ```mlir
    %x = bufferization.to_buffer %X read_only : ...
    %w = bufferization.to_buffer %W read_only : ...
    %g0 = memref.alloc(%n) : memref<?xf64>
    scf.for %k = %c0 to %d step %c1 { %gw0[k] = beta * %gw0[k] }
    scf.if %unit_strides {
      scf.for %i = %c0 to %n4 step %c4 {
        %acc:4 = scf.for %k = %c0 to %d step %c1 iter_args(...) { x[i+r, k] * w[k] ... }
        // per row r: z = alpha * acc#r; g = z - y[i + r]; %g0[i + r] = g
        scf.for %k = %c0 to %d step %c1 { %gw0[k] += alpha2 * g_r * x[i + r, k] ... }
      }
      scf.for %i = %n4 to %n step %c1 { ... one row ... }
    } else { ... the same loops on strided views ... }
    %gw = bufferization.to_tensor %gw0 restrict writable : ...
    %g = bufferization.to_tensor %g0 restrict writable : ...
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def PackLoopGemmsPass : Pass<"symc-pack-loop-gemms", "ModuleOp"> {
  let summary = "Packs the loop-invariant right operand of a product in a loop once.";
  let description = [{
    OpenBLAS copies the right operand B of every product into its panel
    format before multiplying; for a small-row product repeated in a loop
    with the same B (an RNN step h_{t-1} W and its backward dz W^T, B7)
    that copy is about a third of each call. This pass packs B once before
    the loop with the runtime's `symc_rt_pack_gemm_b_f64`, replaces the
    product by `symc_rt_gemm_packed_f64` on the packed handle (an AVX-512
    f64 kernel, see runtime/PackedGemm.cpp) and frees the handle after the
    loop with `symc_rt_free_packed_gemm_b`.

    It runs on the output of convert-symc-to-linalg and matches Linear.cpp's
    f64 gemm calls that sit in an scf.for (directly or inside scf.if guards)
    whose B is Linear.cpp's description of a 2-D buffer (base + offset and
    strides from memref.extract_strided_metadata) of a read-only
    `bufferization.to_buffer` of a tensor, possibly through memref.transpose,
    computed by pure ops from values defined outside the loop, with a
    constant transpose flag. A tensor is a value: nothing in the loop can
    change what that buffer holds. B reached any other way (a buffer the
    loop may write, an operand computed from the induction variable or a
    loop-carried value) is left to BLAS. It pays when rows are few next to
    the operand's size (the constant m is at most `max-rows`; larger products
    amortize BLAS's copy, and BLAS may thread them) and the loop runs more
    than once (a constant trip count below 2 is skipped; a dynamic one, a
    scan's step count, is taken as large). Products with the same B in one
    loop share one pack. op(B)'s sizes given to the pack are the buffer's
    own, so the pack never reads outside it; the packed product fails
    through symc_rt_fail if the product's sizes differ. f32 products are left
    to BLAS. symc-lower-to-llvm-pipeline runs the pass (option
    `pack-loop-gemms`, on by default) only with threads=1: the packed kernel
    runs on one core, where BLAS would split such a product over the cores.

    Before (pointer plumbing of A and C elided):
    ```mlir
    scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<32x256xf64>) {
      %wb = bufferization.to_buffer %w read_only : tensor<256x256xf64> to memref<256x256xf64, strided<[?, ?], offset: ?>>
      %base, %off, %sizes:2, %strides:2 = memref.extract_strided_metadata %wb : ...
      %p = memref.extract_aligned_pointer_as_index %wb : ... -> index
      ... %wp = llvm.getelementptr (inttoptr %p)[%off], %rs, %cs = index casts of %strides ...
      func.call @symc_rt_gemm_f64(%c0_i64, %c0_i64, %c32_i64, %c256_i64, %c256_i64, %one, %hp, %hrs, %hcs,
                                  %wp, %rs, %cs, %zero, %cp, %c256_i64, %c1_i64) : (...) -> ()
      ...
    }
    ```
    After:
    ```mlir
    %wb = bufferization.to_buffer %w read_only : ...   // the slice, cloned before the loop
    ... %wp, %rs, %cs ...
    %k = arith.index_cast (memref.dim %wb, 0), %n = arith.index_cast (memref.dim %wb, 1)
    %packed = func.call @symc_rt_pack_gemm_b_f64(%c0_i64, %k, %n, %wp, %rs, %cs)
        : (i64, i64, i64, !llvm.ptr, i64, i64) -> !llvm.ptr
    scf.for %i = %c0 to %n step %c1 iter_args(%h = %h0) -> (tensor<32x256xf64>) {
      func.call @symc_rt_gemm_packed_f64(%c0_i64, %c32_i64, %c256_i64, %c256_i64, %one, %hp, %hrs, %hcs,
                                         %packed, %zero, %cp, %c256_i64, %c1_i64) : (...) -> ()
      ...
    }
    func.call @symc_rt_free_packed_gemm_b(%packed) : (!llvm.ptr) -> ()
    ```
    A call of `symc_rt_gemm_f64`, or a declaration of one of the runtime
    functions above, with other types than runtime/CRuntime.h's is an error.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
  let options = [
    Option<"maxRows", "max-rows", "unsigned", "128",
           "Pack only for products of at most this many (constant) rows">
  ];
  let statistics = [
    Statistic<"numPacked", "packed-products", "Number of products that use a packed right operand">
  ];
}

def GroupElementwisePass : Pass<"symc-group-elementwise", "func::FuncOp"> {
  let summary = "Groups elementwise symc ops over one iteration space into "
                "symc.fused_elementwise ops, in linear time.";
  let description = [{
    Runs right before convert-symc-to-linalg. Elementwise symc ops whose
    results have one shape and provably the same sizes (along each
    dimension the same static size, or a dynamic size read from the same
    value, following the shape reification of elementwise ops) become one
    `symc.fused_elementwise` holding them on rank-0 tensors: chains (an op
    joins the groups its operands come from, merging them) and siblings
    over one input (an op none of whose operands is grouped joins an open
    group of its sizes). One walk over each block; ops are moved, not
    cloned. A group closes at the first use of one of its values by another
    op, and its fused op takes the place of its last member; values used
    outside become its results. At most `max-ops` ops per group (counted in
    symc ops), so that LLVM never gets one giant loop body. Groups of one
    op are left alone.

    The lowering then emits one linalg.generic per group, with the run-time
    broadcast checks of every member (same messages), instead of shape
    arithmetic, a tensor.empty, checks and a linalg.generic per op that the
    canonicalizer, CSE, symc-fuse-elementwise and bufferization would each
    walk (B4's 5000-step chain: 20000 ops in 157 groups). The optimizer's
    rewrites (symc-optimize-pipeline) ran before and saw the individual ops.

    Rematerialization: a group that reads at least `remat-min-inputs`
    values computed by other groups over its sizes recomputes those it can,
    cloning their elementwise producers into its region, instead of making
    each one a result of its group (a result is a buffer, a kernel argument
    and a bufferization value; a chain's gradient read two per step, 10,000
    for B4's N = 5000). Values are taken oldest first: one that cannot be
    recomputed from what the group has, within `remat-ops-per-value`
    clones, is kept as an input (a checkpoint), and the following ones are
    recomputed from it; a value that is a result of its group anyway (read
    by a reduction, a matmul, a return, a group of other sizes) is always
    kept. At most `remat-budget` clones per group, and only ops over the
    group's sizes whose inputs the group has are cloned: never producers
    that would need another group's values as new results. Groups that
    read few values (an MLP's gradient reading its activation) are left as
    they are; `remat-budget=0` turns it off.

    Periodic cuts (`periodic`, on by default): a stretch of the block whose
    ops repeat with a period p (same op, attributes and types, and the same
    distances to the producers of their operands within max-ops positions;
    a chain's forward steps, or its backward steps, whose reads of saved
    forward values count as far) over at least two cut lengths is cut every
    p * 2^k positions, the most within max-ops, from where the group open at
    its start began. Equal steps then make equal groups, and two stretches
    (a chain's forward groups of 2^i steps and backward groups of 2^j) meet
    at the same offsets in every group, so that recomputation picks the same
    checkpoints and the kernels repeat: B4's N = 5000 gradient has 6
    distinct kernels instead of 44. Without such a repeat (B1, B2, B3, B7,
    the forward chain, which max-ops already cuts at whole steps) the groups
    are those of max-ops alone. For example, with max-ops = 7, a chain of
    5 steps `exp, neg, sin` becomes groups of 6, 6 and 3 ops (two whole
    steps each) instead of 7, 7 and a lone sin.

    Before (the backward group reads `%y1` and `%t1` of the forward group):
    ```mlir
    %y1, %t1, %y2 = symc.fused_elementwise (%x, %c) ... {
      ... %t1 = symc.tanh %y1 ... %y2 = symc.add ...
      symc.yield %y1, %t1, %y2 ...
    }
    %g = symc.fused_elementwise (%y1, %t1, %y2, %d, %c) ... {
    ^bb0(%a: tensor<f64>, %b: tensor<f64>, %e: tensor<f64>, ...):
      ... uses %a, %b, %e ...
    }
    ```
    After (it keeps `%y1` and recomputes `%t1` and `%y2` from it):
    ```mlir
    %y1 = symc.fused_elementwise (%x, %c) ... { ... symc.yield %y1 ... }
    %g = symc.fused_elementwise (%y1, %c, %d) ... {
    ^bb0(%a: tensor<f64>, %k: tensor<f64>, %dd: tensor<f64>):
      %t1 = symc.tanh %a : tensor<f64>
      %m = symc.mul %t1, %k : tensor<f64>
      %s = symc.sin %a : tensor<f64>
      %y2 = symc.add %m, %s : tensor<f64>
      ... uses %a, %t1, %y2 ...
    }
    ```

    Before:
    ```mlir
    %t = symc.tanh %x : tensor<?xf64>
    %m = symc.mul %t, %c : tensor<?xf64>, tensor<1xf64>
    %s = symc.sin %x : tensor<?xf64>
    %y = symc.add %m, %s : tensor<?xf64>
    ```
    After:
    ```mlir
    %y = symc.fused_elementwise (%x, %c) : (tensor<?xf64>, tensor<1xf64>)
        -> tensor<?xf64> {
    ^bb0(%a: tensor<f64>, %b: tensor<f64>):
      %t = symc.tanh %a : tensor<f64>
      %m = symc.mul %t, %b : tensor<f64>
      %s = symc.sin %a : tensor<f64>
      %y = symc.add %m, %s : tensor<f64>
      symc.yield %y : tensor<f64>
    }
    ```
  }];
  let options = [
    Option<"maxOps", "max-ops", "unsigned", /*default=*/"128",
           "Most symc ops in one group">,
    Option<"rematBudget", "remat-budget", "unsigned", /*default=*/"128",
           "Most ops one group may clone to recompute values of other "
           "groups instead of reading them (0: never recompute)">,
    Option<"rematOpsPerValue", "remat-ops-per-value", "unsigned",
           /*default=*/"8",
           "Most ops cloned to recompute one value read from another group">,
    Option<"rematMinInputs", "remat-min-inputs", "unsigned", /*default=*/"8",
           "Recompute only in groups that read at least this many values of "
           "other groups over their sizes">,
    Option<"periodic", "periodic", "bool", /*default=*/"true",
           "Cut the groups of a stretch of ops that repeats with a period "
           "(a chain's steps) at whole numbers of periods">,
  ];
  let dependentDialects = ["::mlir::symc::SymcDialect"];
}

def FuseElementwisePass : Pass<"symc-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuses elementwise linalg ops in linear time, with a cap on the body size.";
  let description = [{
    Elementwise `linalg.generic` ops on tensors that feed each other through
    identity maps (all loops parallel, one result, a body that does not read
    its output's initial value) become one `linalg.generic`, in one walk over
    each block that clones every body once. A fused body holds at most
    `max-ops` operations: a longer chain becomes several loops joined by
    intermediate tensors, so compile time grows linearly with the chain and
    LLVM never gets one giant basic block. Values of a group used outside it
    become results of the fused op. Afterwards upstream's elementwise fusion
    patterns run with the same cap (producers feeding reductions,
    broadcasts), with the clean-ups of `linalg-fuse-elementwise-ops`
    (splat constants folded into bodies, duplicate operands removed).
    Upstream's pass alone is quadratic on chains (each fusion clones the
    whole fused body so far).

    Before:
    ```mlir
    %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
        ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
    ^bb0(%a: f64, %o: f64):
      %0 = math.tanh %a : f64
      linalg.yield %0 : f64
    } -> tensor<?xf64>
    %y = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
        ins(%t, %x : tensor<?xf64>, tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
    ^bb0(%a: f64, %b: f64, %o: f64):
      %1 = arith.addf %a, %b : f64
      linalg.yield %1 : f64
    } -> tensor<?xf64>
    ```
    After:
    ```mlir
    %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
        ins(%x : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
    ^bb0(%a: f64, %o: f64):
      %0 = math.tanh %a : f64
      %1 = arith.addf %0, %a : f64
      linalg.yield %1 : f64
    } -> tensor<?xf64>
    ```
  }];
  let options = [
    Option<"maxOps", "max-ops", "unsigned", /*default=*/"128",
           "Most operations in one fused loop body">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect"];
}

def UntieEmptyTensorsPass : Pass<"symc-untie-empty-tensors", "func::FuncOp"> {
  let summary = "Gives every use of a tensor.empty its own tensor.empty.";
  let description = [{
    CSE merges the identical `tensor.empty` destinations of linalg ops; the
    merged value's many uses make one-shot-bufferize's conflict analysis
    quadratic in the size of the function. This pass, run right before
    bufferization, undoes the merge (a `tensor.empty` has no contents, so
    the copies are equivalent). Linear in the number of uses.

    Before:
    ```mlir
    %e = tensor.empty(%n) : tensor<?xf64>
    %a = linalg.generic ... outs(%e : tensor<?xf64>) ...
    %b = linalg.generic ... outs(%e : tensor<?xf64>) ...
    ```
    After:
    ```mlir
    %e = tensor.empty(%n) : tensor<?xf64>
    %a = linalg.generic ... outs(%e : tensor<?xf64>) ...
    %e1 = tensor.empty(%n) : tensor<?xf64>
    %b = linalg.generic ... outs(%e1 : tensor<?xf64>) ...
    ```
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def EliminateEmptyTensorsPass
    : Pass<"symc-eliminate-empty-tensors", "ModuleOp"> {
  let summary = "Runs upstream's empty-tensor elimination on modules that have a subset insertion.";
  let description = [{
    `eliminate-empty-tensors` computes a result that is inserted into a
    slice of a larger tensor (`tensor.insert_slice`, any
    `SubsetInsertionOpInterface` op) in that slice, instead of into a
    `tensor.empty` copied there afterwards. It starts with one-shot
    bufferization's whole-module analysis, whatever the module holds. This
    pass runs it only when the module has a subset insertion, the only ops
    it acts on: straight-line elementwise code (a deep chain, its gradient)
    skips a second bufferization analysis of all its ops. Same output as
    `eliminate-empty-tensors`. `symc-opt --mlir-pass-statistics` counts the
    modules analyzed and skipped.

    Before:
    ```mlir
    %e = tensor.empty() : tensor<4xf64>
    %r = linalg.generic ... outs(%e : tensor<4xf64>) ...
    %i = tensor.insert_slice %r into %big[%k, 0] [1, 4] [1, 1]
        : tensor<4xf64> into tensor<?x4xf64>
    ```
    After:
    ```mlir
    %s = tensor.extract_slice %big[%k, 0] [1, 4] [1, 1]
        : tensor<?x4xf64> to tensor<4xf64>
    %r = linalg.generic ... outs(%s : tensor<4xf64>) ...
    %i = tensor.insert_slice %r into %big[%k, 0] [1, 4] [1, 1]
        : tensor<4xf64> into tensor<?x4xf64>
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::tensor::TensorDialect"];
}

def CheckAllocationsPass : Pass<"symc-check-allocations", "func::FuncOp"> {
  let summary = "Checks every heap allocation's size before it and its result after it at run time.";
  let description = [{
    Sizes of buffers come from the caller's arrays (`alloc(0.0, n, n)`,
    `arange(n)`, a product of large inputs). For each `memref.alloc` of a
    public function the pass adds two `symc.check` ops, which
    `symc-lower-checks` turns into early returns like every other check:

    - before it, that the size in bytes (element size times every size,
      each product exact, a size read as unsigned so that a negative one
      fails) is at most 2^62: otherwise the byte count would wrap around
      and a small buffer would receive a huge array. The call fails with
      ValueError, "cannot allocate an array of shape (...) ...: it is
      larger than the maximum possible size" (NumPy raises ValueError for
      such arrays too). Left out for static shapes that fit;
    - after it, that the allocator returned memory. The message starts with
      "out of memory", which the runtime raises as MemoryError
      (runtime/CRuntime.h).

    The messages give the shape (the first four dynamic sizes as values,
    later ones as `?`), the element type and the user's line when the
    allocation's location names one. Private functions are left alone: an
    early return there would not reach the runtime. Run it after
    bufferization, once no pass adds allocations, and before the loop
    nests are outlined into kernels (`symc-outline-kernels` keeps loops
    with checks in their function).

    Before:
    ```mlir
    %m = memref.alloc(%n) : memref<?x3xf64>
    ```
    After:
    ```mlir
    %true = arith.constant true
    %c24 = arith.constant 24 : i64
    %c0 = arith.constant 0 : i64
    %max = arith.constant 4611686018427387904 : i64
    %n64 = arith.index_castui %n : index to i64
    %low, %high = arith.mului_extended %c24, %n64 : i64
    %no_carry = arith.cmpi eq, %high, %c0 : i64
    %small = arith.cmpi ule, %low, %max : i64
    %both = arith.andi %no_carry, %small : i1
    %fits = arith.andi %true, %both : i1
    symc.check %fits, "cannot allocate an array of shape ({0}, 3) and element type f64 (at f.py:4): it is larger than the maximum possible size"(%n : index)
    %m = memref.alloc(%n) : memref<?x3xf64>
    %p = memref.extract_aligned_pointer_as_index %m : memref<?x3xf64> -> index
    %null = arith.constant 0 : index
    %ok = arith.cmpi ne, %p, %null : index
    symc.check %ok, "out of memory: cannot allocate an array of shape ({0}, 3) and element type f64 (at f.py:4)"(%n : index)
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::symc::SymcDialect"];
}

def HoistChecksPass : Pass<"symc-hoist-checks"> {
  let summary = "Moves run-time checks before the computations they do not depend on.";
  let description = [{
    Every `symc.check` moves up its block to right after the last operation
    it depends on that is not pure scalar code (a loop, a linalg op on
    buffers, an allocation, a load), together with the pure operations that
    compute its condition and message values (`arith`, `memref.dim`,
    constants). Checks of one such anchor keep their order.

    Upstream rewrites assume programs are well shaped: linalg's
    canonicalization gives a producer the static size a consumer's operand
    has, so with mismatched sizes at run time the producer's loop, bounded
    by its input, wrote past its smaller buffer before the consumer's
    broadcast check ran (`x / (y * y + 0.5)` with x of 3 x ? and y of
    17 x 2). With its checks first, a call that fails one returns before
    any work it guards. Which of two failing checks is reported may change;
    whether the call fails does not. Run it on buffers, after the last pass
    that adds checks and before loops become control flow.

    Before:
    ```mlir
    %d = memref.dim %y, %c0 : memref<?x2xf32>
    linalg.generic ... ins(%y : memref<?x2xf32>) outs(%t : memref<3x2xf32>) ...
    %ok = arith.cmpi eq, %d, %c3 : index
    symc.check %ok, "symc.div at f.py:3: operand #1 has size {0} ..."(%d, %c3 : index, index)
    ```
    After:
    ```mlir
    %d = memref.dim %y, %c0 : memref<?x2xf32>
    %ok = arith.cmpi eq, %d, %c3 : index
    symc.check %ok, "symc.div at f.py:3: operand #1 has size {0} ..."(%d, %c3 : index, index)
    linalg.generic ... ins(%y : memref<?x2xf32>) outs(%t : memref<3x2xf32>) ...
    ```
  }];
}

def SplitDeallocsPass : Pass<"symc-split-deallocs", "func::FuncOp"> {
  let summary = "Splits a bufferization.dealloc of distinct allocations into one dealloc per allocation.";
  let description = [{
    `ownership-based-buffer-deallocation` frees all temporaries of a block
    in one `bufferization.dealloc` at its end; `buffer-deallocation-simplification`
    then checks every pair of its memrefs for aliasing, quadratic in the
    number of temporaries. A dealloc whose memrefs are all distinct
    `memref.alloc` results (which never alias) becomes one dealloc per
    memref with the same retained values; the updated ownerships are or-ed.
    Deallocs of anything else (views, block arguments, a memref listed
    twice) are left to the simplification pass. Linear in the size of the
    function. Run it right before `buffer-deallocation-simplification`.

    Before:
    ```mlir
    %o = bufferization.dealloc (%a, %b : memref<?xf64>, memref<?xf64>)
        if (%true, %true) retain (%r : memref<?xf64>)
    ```
    After:
    ```mlir
    %oa = bufferization.dealloc (%a : memref<?xf64>) if (%true) retain (%r : memref<?xf64>)
    %ob = bufferization.dealloc (%b : memref<?xf64>) if (%true) retain (%r : memref<?xf64>)
    %o = arith.ori %oa, %ob : i1
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::bufferization::BufferizationDialect"];
}

def PackBuffersPass : Pass<"symc-pack-buffers", "func::FuncOp"> {
  let summary = "Packs many same-shaped temporaries into slots of one allocation.";
  let description = [{
    A function with thousands of temporaries of one type and size (the
    saved forward values of a deep chain's gradient) pays for each an
    allocation call, a free call and two pointers alive from one to the
    other: in LLVM, register allocation over thousands of live ranges that
    all cross every call, superlinear in their number. Here each group of at
    least `min-buffers` `memref.alloc`s of the same type, the same dynamic
    size operands and alignment, each freed once by a `memref.dealloc` in
    the function's top-level block, becomes slots of one `memref<?xi8>`
    allocation (`memref.view`s at multiples of the 64-byte-rounded size).
    Slots are assigned in block order and a slot is reused after its
    temporary's dealloc, so temporaries alive at the same time never share
    memory and the arena needs only as many slots as were ever alive at
    once; it is freed where the group's last temporary was. Buffers that
    are returned, freed elsewhere or more than once, or have a layout or
    memory space are left alone. Linear in the size of the function; run it
    on buffers after deallocation is lowered to `memref.dealloc`.

    Before (`min-buffers=2`):
    ```mlir
    %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf64>
    %b = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf64>
    ...
    memref.dealloc %a : memref<?xf64>
    memref.dealloc %b : memref<?xf64>
    ```
    After:
    ```mlir
    %bytes = arith.muli %c8, %n : index        // rounded up to 64
    %arena = memref.alloc(%total) {alignment = 64 : i64} : memref<?xi8>
    %a = memref.view %arena[%c0][%n] : memref<?xi8> to memref<?xf64>
    %b = memref.view %arena[%slot1][%n] : memref<?xi8> to memref<?xf64>
    ...
    memref.dealloc %arena : memref<?xi8>
    ```
  }];
  let options = [
    Option<"minBuffers", "min-buffers", "unsigned", /*default=*/"64",
           "Fewest temporaries of one type and size worth packing">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def InplacePass : Pass<"symc-inplace", "ModuleOp"> {
  let summary = "Reuses dead buffers: shared-variable updates and elementwise results in place.";
  let description = [{
    symc's destroy handler (Theano's), on the tensor IR between
    convert-symc-to-linalg and one-shot bufferization. It chooses
    destination operands; one-shot bufferization's alias analysis still
    checks each choice and copies where reuse would clobber a live value.

    Shared-variable updates. A tensor argument
    `{symc.inplace_update = N : i64}` receives result N (its shared
    variable's new value) in its own buffer; result N leaves the signature
    (the runtime reads the signature before the pipeline and skips it). The
    only write into the argument's buffer is the update's last step, placed
    after every run-time check of the function (checks precede the
    computation they protect, so the end of the function follows all of
    them): a call whose check fails returns before the variable changes.
    Every other use that might write into the argument (or a view of it)
    gets a private copy first, and a result that views the argument (its
    old value) is copied before the write. When the update is an
    elementwise generic used only by the return, it moves to the end and
    writes into the argument directly, so `W - lr * gW` allocates nothing;
    otherwise it is computed aside and copied in. An update whose shape is
    not provably the argument's (each size followed back through
    destination-style ops, casts and `tensor.empty` sizes to a `tensor.dim`
    of the argument, or equal static sizes) stays result N and loses its
    attribute: its variable's buffer has room for the old shape only
    (`s = concatenate(s, s)`), and the caller stores the new array.
    Arguments are never written otherwise, except those marked
    `symc.mutable` (In(mutable=True)).

    BLAS accumulators (option `blas`). gemm/gemv/ger lower to a copy of
    C/y/A into a fresh buffer that BLAS updates; when that operand dies
    there and is a fresh buffer of the function (a linalg result writing a
    tensor.empty, or another BLAS result), BLAS updates it directly: no
    allocation, no copy. When C is an updated argument whose new value is
    the product (`W - lr * X^T.G` specialized to gemm with beta = 1 and
    C = W), BLAS accumulates into W's own buffer, provided nothing reads W
    after the product and no run-time check follows it; to get there, the
    size checks of such a function (with the scalar size arithmetic they
    read, sizes of computed tensors resolved to the sizes they derive from)
    move right after the values they need, above the products.
    When C is a row of a tensor that a loop reads row by row (a scan's
    sequence, e.g. an RNN's input projection computed before the loop): the
    tensor is fresh, made in the loop's block, read nowhere else, and each
    iteration reads one row at an offset that differs in every iteration
    (i, i + c or c - i), BLAS accumulates into the row itself. The loop then
    carries the tensor and inserts each product back into its row, the form
    one-shot bufferization writes in place (it cannot see that iterations
    write disjoint rows of a tensor defined above the loop).

    Elementwise results into dead operands (option `elementwise`). An
    all-parallel generic whose destinations are `tensor.empty`s writes each
    of them into an input of the same type that dies there (one input per
    result of a fused generic): every use of it is an
    identity-mapped input of this generic, and its buffer is owned by the
    function (a linalg result or a fresh BLAS result in the same block, or a
    mutable argument). User inputs, views and returned values never
    qualify. A chain of such reuses (each result written into the previous
    one's) is cut after `max-chain` links: the next generic keeps its
    `tensor.empty`. Each link joins one alias set, and one-shot
    bufferization's conflict analysis is linear in the set for each of its
    members: unbounded chains made it quadratic in the length of a chain
    (B4's 5000-step chain: 6 s).

    Before:
    ```mlir
    func.func @step(%w: tensor<?xf64> {symc.inplace_update = 1 : i64},
                    %g: tensor<?xf64>) -> (tensor<f64>, tensor<?xf64>) {
      %cost = ... : tensor<f64>
      %e = tensor.empty(%n) : tensor<?xf64>
      %new = linalg.generic ... ins(%w, %g : ...) outs(%e : tensor<?xf64>) {...}
      symc.check %ok, "..."
      return %cost, %new : tensor<f64>, tensor<?xf64>
    }
    ```
    After:
    ```mlir
    func.func @step(%w: tensor<?xf64> {bufferization.writable = true},
                    %g: tensor<?xf64>) -> tensor<f64> {
      %cost = ... : tensor<f64>
      symc.check %ok, "..."
      %new = linalg.generic ... ins(%w, %g : ...) outs(%w : tensor<?xf64>) {...}
      bufferization.materialize_in_destination %new in %w : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
      return %cost : tensor<f64>
    }
    ```
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::tensor::TensorDialect"];
  let options = [
    Option<"elementwise", "elementwise", "bool", "true",
           "Let elementwise results overwrite dead operands">,
    Option<"blas", "blas", "bool", "true",
           "Let gemm/gemv/ger accumulate into a dead C/y/A operand">,
    Option<"maxChain", "max-chain", "unsigned", "16",
           "Elementwise results written in turn into one buffer before the "
           "next gets a fresh one (bounds bufferization's alias sets)">
  ];
  let statistics = [
    Statistic<"numSharedUpdates", "shared-updates", "Updates written into their variable's buffer">,
    Statistic<"numShapeChangingUpdates", "shape-changing-updates", "Updates left as results: their shape may differ from their variable's">,
    Statistic<"numDirectUpdates", "direct-updates", "Updates computed directly in the variable's buffer (no temporary)">,
    Statistic<"numWriteCopies", "write-copies", "Private copies given to other writers of an updated argument">,
    Statistic<"numOutputCopies", "output-copies", "Results copied because they view an updated argument">,
    Statistic<"numElementwise", "elementwise-reuses", "Elementwise results written into a dead operand">,
    Statistic<"numChainCuts", "chain-cuts", "Dead operands not reused because their chain reached max-chain">,
    Statistic<"numAccumulators", "blas-accumulators", "BLAS calls accumulating into a dead operand's buffer">,
    Statistic<"numRowAccumulators", "blas-row-accumulators", "BLAS calls accumulating into a dead row of a tensor read row by row in a loop">
  ];
}

def ParallelizeLoopsPass : Pass<"symc-parallelize-loops", "ModuleOp"> {
  let summary = "Turns compute-only linalg ops on buffers into one outermost scf.parallel loop.";
  let description = [{
    After bufferization, a linalg op whose outermost loop is parallel and
    whose body is free of memory effects (arith, math, `linalg.index`) becomes
    an `scf.parallel` over its leading parallel loops; every loop inside it
    is an `scf.for`. `async-parallel-for` then splits the parallel loop into
    blocks run by the async runtime's thread pool (small loops run inline).
    Ops whose bodies hold checks or calls, ops nested in a parallel loop and
    ops whose outermost loop is a reduction are left to
    `symc-linalg-to-loops` (sequential). A call of a `symc.payload`
    function counts as the payload's body: it computes when the payload's
    ops all do (a module pass, so that it may read them).

    Before:
    ```mlir
    linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
    ^bb0(%a: f64, %b: f64):
      %e = math.exp %a : f64
      linalg.yield %e : f64
    }
    ```
    After:
    ```mlir
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      %a = memref.load %x[%i] : memref<?xf64>
      %e = math.exp %a : f64
      memref.store %e, %y[%i] : memref<?xf64>
      scf.reduce
    }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def LinalgToLoopsPass : Pass<"symc-linalg-to-loops", "func::FuncOp"> {
  let summary = "Lowers linalg ops on buffers to scf.for loops, each op once.";
  let description = [{
    The loops of upstream's `convert-linalg-to-loops` (each linalg op on
    buffers becomes an `scf.for` nest of loads, its payload and stores, in
    the op's loop order), without its greedy driver: upstream applies the
    lowering and the canonicalizations of `memref.dim` and `affine.apply`
    to every op of the function, with region simplification, on every
    iteration. Here each linalg op is lowered once, and only the
    `affine.apply` and `memref.dim` ops the lowering created are folded
    (an identity map applied to an induction variable is the variable) and
    its unused loads and constants erased; equal constants are not merged
    (a later canonicalize does that). A
    deep chain's gradient (B4, N = 5000: 469 generics) spent 5.5 times the
    forward's time in upstream's pass, most of it in the driver. Linalg ops
    on tensors are left alone, as upstream leaves them.

    Before:
    ```mlir
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
        ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
    ^bb0(%a: f64, %b: f64):
      %e = math.exp %a : f64
      linalg.yield %e : f64
    }
    ```
    After:
    ```mlir
    %n = memref.dim %x, %c0 : memref<?xf64>
    scf.for %i = %c0 to %n step %c1 {
      %a = memref.load %x[%i] : memref<?xf64>
      %e = math.exp %a : f64
      memref.store %e, %y[%i] : memref<?xf64>
    }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

def CollapseContiguousLoopsPass
    : Pass<"symc-collapse-contiguous-loops", "func::FuncOp"> {
  let summary = "Collapses elementwise loop nests over contiguous buffers into one loop.";
  let description = [{
    After bufferization, an all-parallel `linalg.generic` or `linalg.copy`
    whose operands are all identity-layout (contiguous) memrefs read through
    identity maps, without `linalg.index`, iterates over
    `memref.collapse_shape` views of rank 1 instead. LLVM then vectorizes one
    long loop rather than an inner loop that may be too short (a (n, 3)
    array). Ops that broadcast or transpose are left alone.

    Before:
    ```mlir
    linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
        ins(%a : memref<?x3xf32>) outs(%b : memref<?x3xf32>) { ... }
    ```
    After:
    ```mlir
    %ca = memref.collapse_shape %a [[0, 1]] : memref<?x3xf32> into memref<?xf32>
    %cb = memref.collapse_shape %b [[0, 1]] : memref<?x3xf32> into memref<?xf32>
    linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
        ins(%ca : memref<?xf32>) outs(%cb : memref<?xf32>) { ... }
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def ExpandStridedCopiesPass : Pass<"symc-expand-strided-copies", "func::FuncOp"> {
  let summary = "Turns memref.copy of non-contiguous buffers into linalg.copy loops.";
  let description = [{
    A `memref.copy` whose source or target has a non-identity (strided)
    layout becomes `linalg.copy`, which `symc-linalg-to-loops` lowers to
    loops that LLVM vectorizes. Otherwise `finalize-memref-to-llvm` would
    call `memrefCopy` from MLIR's C runner utilities, which the symc runtime
    does not provide. Copies between contiguous buffers are left alone (they
    become `memcpy`).

    Before:
    ```mlir
    memref.copy %view, %buf : memref<?xf64, strided<[2]>> to memref<?xf64>
    ```
    After:
    ```mlir
    linalg.copy ins(%view : memref<?xf64, strided<[2]>>) outs(%buf : memref<?xf64>)
    ```
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ApproximateMathPass : Pass<"symc-approximate-math"> {
  let summary = "Rewrites exp, expm1, log, log1p and tanh into branch-free arith code that vectorizes.";
  let description = [{
    Replaces `math.exp`, `math.expm1`, `math.log`, `math.log1p` and
    `math.tanh` on f32/f64 scalars or vectors with straight-line `arith` and
    `math` code (fma, bit manipulation of the float, compares and selects,
    one or two divisions): exp/expm1 by Cody-Waite reduction x = k ln2 + r
    and a Taylor polynomial of e^r, scaled by 2^k in the exponent bits;
    log/log1p by splitting the exponent and fdlibm's polynomial in
    s = f / (2 + f); tanh as t / (t + 2) with t = expm1(2|x|). Zeros,
    negative inputs, infinities, NaN, subnormal inputs and results and
    overflow are handled by selects. The ops around one narrow its domain:
    tanh next to an exp of x or of -|x| shares that exp's code; exp(-|x|)
    (softplus, sigmoid) gets no overflow clamp; log1p(exp(-|x|)) (softplus)
    knows its argument is in [0, 1], takes f = x or (x - 1) / 2 instead of
    splitting the exponent of 1 + x and has no special-input selects (a
    shorter latency chain: B1 float32 1.16x, float64 1.04x, with
    symc-annotate-loops' interleave 4). tanh and log1p are rewritten first,
    since they look at math.exp ops the exp pattern replaces. There are no
    calls and no branches, so LLVM's loop vectorizer turns a loop of these
    into SIMD code of the full vector width (no libmvec call). The measured error (about 1 ULP, at most
    the 4 ULP libmvec documents) is in passes/MathAccuracy.md. Run it before
    `symc-lower-math`, which turns the math ops left (sin, erf, pow, ...)
    into libm/libmvec calls. `functions=` limits the rewrite to some
    functions and types. `symc-lower-to-llvm-pipeline` runs it on float64
    and float32 (`approximate-math=0` skips it, `approximate-math-f32=0`
    leaves float32 to glibc's libmvec, which it beat by 1.06x on B1 once
    symc-annotate-loops interleaves the loops). An op it runs on (in the pipeline: the whole
    module, since with threads every loop body is by then a function of its
    own) with more than `max-ops` candidate ops (a function's counted once
    per call of it, as the code stands before kernels are shared) keeps
    libm calls: each
    rewrite inlines 30-60 ops that LLVM optimizes and vectorizes, which
    multiplied the compile time of huge generated graphs (B4) for no hot
    loop.

    Before:
    ```mlir
    %y = math.exp %x : f64
    ```
    After (abridged):
    ```mlir
    %c710 = arith.constant 7.100000e+02 : f64
    %hi = arith.cmpf ogt, %x, %c710 : f64
    %xc = arith.select %hi, %c710, %x : f64
    ...
    %shifted = math.fma %xc, %log2e, %shift : f64
    %k = arith.subf %shifted, %shift : f64
    %r0 = math.fma %k, %minus_ln2hi, %xc : f64
    %r = math.fma %k, %minus_ln2lo, %r0 : f64
    %p = math.fma ... (Horner, 13 fmas) : f64
    %kbits = arith.bitcast %shifted : f64 to i64
    ... (2^k as two factors from shifted integer bits)
    %y = arith.mulf %ps1, %s2 : f64
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
  let options = [
    ListOption<"functions", "functions", "std::string",
               "Functions to approximate, in libm's spelling: exp, expm1, "
               "log, log1p, tanh (f64) and expf, expm1f, logf, log1pf, "
               "tanhf (f32); all of them when empty">,
    Option<"maxOps", "max-ops", "unsigned", /*default=*/"64",
           "Code (the op the pass runs on) with more exp/expm1/log/log1p/tanh "
           "ops than this keeps libm calls (each rewrite inlines 30-60 ops that LLVM optimizes: "
           "compile time of huge generated graphs)">
  ];
}

def AnnotateLoopsPass : Pass<"symc-annotate-loops"> {
  let summary = "Asks LLVM to interleave innermost loops that compute transcendental math.";
  let description = [{
    Every innermost `scf.for` whose body holds exp, expm1, log, log1p or
    tanh on an element type listed in `types` (those `symc-approximate-math`
    expands into inline code), no other transcendental (log2, sin, erf,
    pow, ... or those five on other types: libmvec calls, which gained
    nothing from interleaving, B1 float32 7% slower) and no annotation yet
    gets `loop_annotation = #llvm.loop_annotation<interleave =
    #llvm.loop_interleave<count = N>>` (`interleave`, default 4; below 2
    the pass does nothing). `convert-scf-to-cf` copies it onto the loop's
    back edge and `convert-cf-to-llvm` makes it `llvm.br`'s loop annotation,
    so LLVM's loop vectorizer interleaves N vector iterations. The code of
    `symc-approximate-math` is one long dependency chain per element, which
    with one vector iteration in flight leaves the core waiting on latencies
    (B1 float64: 1.15x faster with 2 than with 1, on AVX-512 Zen 4 another
    1.06x with 4, float32 1.09x; 8 was slower in float32, and LLVM takes
    only powers of two); LLVM's cost model does not interleave
    bodies this large by itself. Loops with nested loops or without such ops
    keep LLVM's choice. Run it on `scf.for` loops before
    `symc-approximate-math` (which replaces the math ops it looks for).

    Before:
    ```mlir
    scf.for %i = %c0 to %n step %c1 {
      %x = memref.load %a[%i] : memref<?xf64>
      %y = math.tanh %x : f64
      memref.store %y, %b[%i] : memref<?xf64>
    }
    ```
    After:
    ```mlir
    scf.for %i = %c0 to %n step %c1 {
      ...
    } {loop_annotation = #llvm.loop_annotation<interleave = #llvm.loop_interleave<count = 4 : i32>>}
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
  let options = [
    Option<"interleave", "interleave", "unsigned", /*default=*/"4",
           "Vector iterations to interleave (below 2: leave loops alone)">,
    ListOption<"types", "types", "std::string",
               "Float types (f32, f64) whose exp/expm1/log/log1p/tanh are "
               "expanded inline (symc-approximate-math); loops with other "
               "transcendentals (libmvec calls) are left alone">
  ];
}

def RollCallsPass : Pass<"symc-roll-calls", "ModuleOp"> {
  let summary = "Turns runs of repeating result-less calls into loops.";
  let description = [{
    After `symc-outline-kernels`, a deep chain's function (or its
    gradient's) is a straight line of calls of a few kernels, passed
    buffers that are slots of one packed allocation (`memref.view`s whose
    byte shift is a slot size times a constant) or a few buffers in turn.
    In the top-level block of every function, a run of at least `min-calls`
    result-less `func.call`s that repeats, three times at least, with a
    period of one to eight calls (same callees; each operand the same value in every period, or a view of
    the same allocation moving by a fixed number of slots per period)
    becomes one `scf.for` over the periods, placed where the run's last call
    was; its body computes each view from the loop index. Only ops without
    memory effects, or that only allocate, may stand between the calls of a
    run (the calls move past them); views and offsets nothing else uses are
    erased. Every later stage then handles the glue of a run once, not once
    per call (B4's gradient: 469 calls).

    Before:
    ```mlir
    %o2 = arith.muli %unit, %c2 : index
    %v2 = memref.view %buf[%o2][%n] : memref<?xi8> to memref<?xf64>
    call @kernel(%v0, %v2) : (memref<?xf64>, memref<?xf64>) -> ()
    %o4 = arith.muli %unit, %c4 : index
    %v4 = memref.view %buf[%o4][%n] : memref<?xi8> to memref<?xf64>
    call @kernel(%v2, %v4) : (memref<?xf64>, memref<?xf64>) -> ()
    ...
    ```
    After:
    ```mlir
    scf.for %m = %c0 to %cN step %c1 {
      %s = arith.addi %c0, (arith.muli %m, %c2)
      %a = memref.view %buf[(arith.muli %unit, %s)][%n] ...
      %t = arith.addi %c2, (arith.muli %m, %c2)
      %b = memref.view %buf[(arith.muli %unit, %t)][%n] ...
      func.call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
    }
    ```
  }];
  let options = [
    Option<"minCalls", "min-calls", "unsigned", /*default=*/"8",
           "Fewest calls a run must have to become a loop">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def ChunkCallsPass : Pass<"symc-chunk-calls", "ModuleOp"> {
  let summary = "Moves runs of calls of a function made of thousands of calls into functions of their own.";
  let description = [{
    After `symc-outline-kernels`, a deep chain's function (or its gradient's)
    is one basic block of thousands of kernel calls, each passed buffer
    addresses computed once and alive until their last use, often thousands
    of calls later. LLVM's register allocator splits live ranges inside a
    block in time superlinear in its length (the 5000-step chain's
    gradient spent 31 s in code generation). In every function with at
    least `min-calls` result-less `func.call`s in its top-level block, runs
    of such calls with only side-effect-free, region-free ops between them
    become private functions (internal linkage, `passthrough = ["noinline"]`)
    of `calls-per-chunk` calls each, called where the run's last call was.
    A chunk recomputes the values its calls take from copies of their
    side-effect-free definitions (a `memref.view` of a packed buffer and its
    offset arithmetic, up to 8 ops deep) and takes the rest (the buffers'
    allocations, arguments) as arguments; the copies left unused are erased.
    Calls with results, ops with side effects (allocations, deallocations,
    checks) and ops with regions end a run. Linear in the size of the
    function; run it after the last `symc-outline-kernels`.

    Before (`calls-per-chunk=2`):
    ```mlir
    %v0 = memref.view %arena[%o0][%n] : memref<?xi8> to memref<?xf64>
    call @f_kernel(%n, %x, %v0) : (index, memref<?xf64>, memref<?xf64>) -> ()
    %v1 = memref.view %arena[%o1][%n] : memref<?xi8> to memref<?xf64>
    call @f_kernel(%n, %v0, %v1) : (index, memref<?xf64>, memref<?xf64>) -> ()
    ```
    After:
    ```mlir
    call @f_chunk(%n, %x, %arena, %o0, %o1) : (...) -> ()
    func.func private @f_chunk(%n: index, %x: memref<?xf64>, %arena: memref<?xi8>,
                               %o0: index, %o1: index)
        attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]} {
      %v0 = memref.view %arena[%o0][%n] : memref<?xi8> to memref<?xf64>
      call @f_kernel(%n, %x, %v0) : (index, memref<?xf64>, memref<?xf64>) -> ()
      %v1 = memref.view %arena[%o1][%n] : memref<?xi8> to memref<?xf64>
      call @f_kernel(%n, %v0, %v1) : (index, memref<?xf64>, memref<?xf64>) -> ()
      return
    }
    ```
    (The offsets are recomputed too when their arithmetic is in the block.)
  }];
  let options = [
    Option<"minCalls", "min-calls", "unsigned", /*default=*/"64",
           "Fewest result-less calls in a function's top-level block worth chunking">,
    Option<"callsPerChunk", "calls-per-chunk", "unsigned", /*default=*/"32",
           "Calls per chunk function">
  ];
  let statistics = [
    Statistic<"numChunks", "chunks", "Chunk functions made">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def OutlineKernelsPass : Pass<"symc-outline-kernels", "ModuleOp"> {
  let summary = "Moves each outermost loop nest of a large function into a function of its own.";
  let description = [{
    LLVM's code generation (register allocation, instruction selection,
    scheduling) and parts of its optimizer cost more than linear time in the
    size of one function. In every function of at least `min-function-ops`
    operations, each outermost `scf.for` / `scf.parallel` whose body holds no
    `symc` op (no `symc.check`, whose early return must leave the caller)
    and no unstructured control flow becomes a private function (internal
    linkage, `passthrough = ["noinline"]`) taking the values the nest uses from outside;
    constants are copied into it. The nest's results become the function's
    results. Compile time is then linear in the number of nests, each of
    bounded size (symc-fuse-elementwise caps loop bodies). Run it on loops
    over buffers, after `symc-linalg-to-loops`; with threads,
    symc-lower-to-llvm-pipeline also runs it between
    `symc-parallelize-loops` and `async-parallel-for`, so that the compute
    and dispatch functions the async runtime needs are made once per
    shared kernel, not once per nest.

    Nests that outline to the same code (same function type, bodies
    equivalent up to locations) share one kernel: a long chain cut into
    capped loop bodies, the layers of a deep net or an unrolled loop repeat
    one nest many times, and LLVM then compiles it once. Candidates are
    found by a structural hash, so this stays linear in the number of nests.

    Before:
    ```mlir
    func.func @f(%a: memref<?xf64>, %b: memref<?xf64>, %n: index) {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      scf.for %i = %c0 to %n step %c1 {
        %x = memref.load %a[%i] : memref<?xf64>
        %y = math.tanh %x : f64
        memref.store %y, %b[%i] : memref<?xf64>
      }
      return
    }
    ```
    After:
    ```mlir
    func.func @f(%a: memref<?xf64>, %b: memref<?xf64>, %n: index) {
      call @f_kernel(%n, %a, %b) : (index, memref<?xf64>, memref<?xf64>) -> ()
      return
    }
    func.func private @f_kernel(%n: index, %a: memref<?xf64>, %b: memref<?xf64>)
        attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      scf.for %i = %c0 to %n step %c1 { ... }
      return
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect"];
  let options = [
    Option<"minFunctionOps", "min-function-ops", "unsigned", /*default=*/"2000",
           "Functions with fewer operations (nested ones included) keep their loops">
  ];
  let statistics = [
    Statistic<"numShared", "shared-kernels",
              "Loop nests that call an earlier kernel of the same code">
  ];
}

def LowerMathPass : Pass<"symc-lower-math", "ModuleOp"> {
  let summary = "Lowers transcendental math ops to libm calls that LLVM can vectorize with libmvec.";
  let description = [{
    Replaces scalar f32/f64 `math` ops that libm implements (exp, expm1,
    exp2, log, log1p, log2, log10, sin, cos, tan, asin, acos, atan, sinh,
    cosh, tanh, asinh, acosh, atanh, erf, erfc, cbrt, powf, atan2) with
    `llvm.call`s of the libm function. The declaration is
    `memory(none) nounwind willreturn` and names, in its
    `vector-function-abi-variant` attribute, the glibc libmvec vector
    versions for the chosen ISAs (`_ZGVeN8v_exp` for AVX-512, `_ZGVdN4v_exp`
    for AVX2, `_ZGVbN2v_exp` for SSE; f32 doubles the lanes). The vector
    declarations are kept in `@llvm.compiler.used`, and functions with a body
    get `prefer-vector-width` of the widest ISA. LLVM's loop vectorizer then
    calls the vector versions from vectorized loops; scalar remainders call
    libm. libmvec is documented as accurate to 4 ULP. Run it after the loops
    exist and before `convert-math-to-llvm`, which lowers the remaining math
    ops (sqrt, floor, fma, ...) to intrinsics.

    Before:
    ```mlir
    %y = math.tanh %x : f64
    ```
    After (vector-isa=avx512):
    ```mlir
    llvm.func @tanh(f64) -> f64 attributes {memory_effects = #llvm.memory_effects<...none...>,
        no_unwind, will_return, passthrough = [["vector-function-abi-variant",
        "_ZGV_LLVM_N8v_tanh(_ZGVeN8v_tanh),_ZGV_LLVM_N4v_tanh(_ZGVdN4v_tanh),_ZGV_LLVM_N2v_tanh(_ZGVbN2v_tanh)"]]}
    llvm.func @_ZGVeN8v_tanh(vector<8xf64>) -> vector<8xf64> attributes {...}
    %y = llvm.call @tanh(%x) : (f64) -> f64
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
  let options = [
    Option<"vectorIsa", "vector-isa", "std::string", "\"host\"",
           "Vector ISAs whose libmvec variants to declare: host (the features "
           "of this machine), avx512, avx2, sse or none">
  ];
}

def LowerChecksPass : Pass<"symc-lower-checks", "ModuleOp"> {
  let summary = "Turns symc.check ops into early returns that report to the runtime.";
  let description = [{
    Splits the block at each `symc.check` and branches (weighted towards
    success) to a block that calls
    `symc_rt_fail(message, v0, v1, v2, v3)` (runtime/CRuntime.h; missing
    values are 0) and returns `ub.poison` results, so that the code the
    check protects never runs with bad sizes or indices. The message becomes
    a private NUL-terminated global. Run it after `convert-scf-to-cf`: every
    check must then be in a function's own region, which the pass verifies.

    Before:
    ```mlir
    symc.check %ok, "symc.dot at f.py:9: contracted sizes differ: lhs has {0} columns but rhs has {1} rows" (%k, %k2 : index, index)
    "some.use"() : () -> ()
    ```
    After:
    ```mlir
      cf.cond_br %ok, ^bb1, ^bb2 {branch_weights = array<i32: 1048576, 1>}
    ^bb1:
      "some.use"() : () -> ()
      ...
    ^bb2:
      %m = llvm.mlir.addressof @__symc_check_message_0 : !llvm.ptr
      %v0 = arith.index_cast %k : index to i64
      ...
      call @symc_rt_fail(%m, %v0, %v1, %c0, %c0) : (!llvm.ptr, i64, i64, i64, i64) -> ()
      %p = ub.poison : memref<?xf64>
      return %p : memref<?xf64>
    ```
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::LLVM::LLVMDialect", "::mlir::ub::UBDialect"];
}

#endif // SYMC_PASSES_TD

def OutlinePayloadsPass : Pass<"symc-outline-payloads", "ModuleOp"> {
  let summary = "Moves large linalg.generic bodies into shared private functions while bufferization runs.";
  let description = [{
    Bufferization and buffer deallocation never change the scalar bodies of
    `linalg.generic` ops, but every pass of them walks those bodies; after
    elementwise fusion they hold all of a chain's arithmetic (B4, N = 5000:
    20000 scalar ops in 157 bodies). This pass moves each body of at least
    `min-ops` ops into a private function marked `symc.payload` and calls it
    from the body; bodies that are the same code (up to locations) share one
    function, found by a structural hash. `symc-inline-payloads` puts them
    back. A body is outlined only when it is one block of pure ops without
    regions, no `linalg` op (`linalg.index` must stay in its generic) and
    uses nothing from outside but constants, which are copied into the
    function. The call takes only the block arguments the body uses, so the
    generic reads its operands exactly as before. Payload functions already
    there (convert-symc-to-linalg's) are shared the same way, and a call
    whose results are not all used, or that passes operands the payload no
    longer reads, calls a copy without them and without the code only they
    needed (`symc-outline-kernels` does this too before comparing kernels).

    Before (min-ops=2):
    ```mlir
    %c = arith.constant 1.01 : f64
    %r = linalg.generic {...} ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%in: f64, %out: f64):
      %t = math.tanh %in : f64
      %m = arith.mulf %t, %c : f64
      linalg.yield %m : f64
    } -> tensor<?xf64>
    ```
    After:
    ```mlir
    %r = linalg.generic {...} ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
    ^bb0(%in: f64, %out: f64):
      %p = func.call @f_payload(%in) : (f64) -> f64
      linalg.yield %p : f64
    } -> tensor<?xf64>
    func.func private @f_payload(%in: f64) -> f64 attributes {symc.payload} {
      %c = arith.constant 1.01 : f64
      %t = math.tanh %in : f64
      %m = arith.mulf %t, %c : f64
      return %m : f64
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let options = [
    Option<"minOps", "min-ops", "unsigned", /*default=*/"32",
           "Fewest ops (terminator excluded) of a body worth outlining">,
    Option<"shareOnly", "share-only", "bool", /*default=*/"false",
           "Only share and trim the payload functions already there">
  ];
  let statistics = [
    Statistic<"numOutlined", "outlined", "Bodies moved into payload functions">,
    Statistic<"numShared", "shared-payloads",
              "Bodies that call an earlier payload function of the same code">
  ];
}

def InlinePayloadsPass : Pass<"symc-inline-payloads", "ModuleOp"> {
  let summary = "Puts the bodies symc-outline-payloads outlined back at their calls.";
  let description = [{
    Every `func.call` of a function marked `symc.payload` is replaced by a
    copy of the function's body, and the payload functions are erased (it is
    an error if one is still referenced otherwise). The calls may be in
    generic bodies or, after `symc-linalg-to-loops`, in loops (or in
    kernels). Run it after bufferization and before symc-parallelize-loops
    (which wants compute-only bodies) and the conversion to LLVM;
    symc-fuse-elementwise, symc-annotate-loops, symc-approximate-math and
    symc-outline-kernels read a payload call as its payload's code.
    symc-lower-to-llvm-pipeline runs it in sequential code after
    `symc-linalg-to-loops` (whose rewriter then handles one call per
    body), the math passes and symc-outline-kernels (so that repeated nests
    are compared as calls, become one kernel, and the payloads are inlined
    once per distinct kernel), and before symc-parallelize-loops with
    threads.

    Before:
    ```mlir
    linalg.generic {...} ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
    ^bb0(%in: f64, %out: f64):
      %p = func.call @f_payload(%in) : (f64) -> f64
      linalg.yield %p : f64
    }
    func.func private @f_payload(%in: f64) -> f64 attributes {symc.payload} {
      %t = math.tanh %in : f64
      return %t : f64
    }
    ```
    After:
    ```mlir
    linalg.generic {...} ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
    ^bb0(%in: f64, %out: f64):
      %t = math.tanh %in : f64
      linalg.yield %t : f64
    }
    ```
  }];
}
