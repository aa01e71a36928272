//===- SymcScanOps.td - symc.scan and its terminator -------*- tablegen -*-===//
//
// The loop op of the dialect: Theano's scan as a region op with explicit
// loop-carried values, per-step sequence slices, loop invariants and an
// optional stop condition. Taps, go_backwards and map-style outputs are
// frontend encodings over this one op (see Rationale.md, "Loops").
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_SCAN_OPS_TD
#define SYMC_SCAN_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Symc_ScanOp : Symc_Op<"scan", [
    IsolatedFromAbove, RecursiveMemoryEffects, AttrSizedOperandSegments,
    SingleBlock,
    DeclareOpInterfaceMethods<RegionBranchOpInterface,
        ["getEntrySuccessorOperands", "areTypesCompatible"]>]> {
  let summary = "A loop over steps with carried values and stacked outputs.";
  let description = [{
    Runs its body at most `n_steps` times (a rank-0 i64; negative is a
    run-time error). The body's block arguments are, in order:

    - one per `carries` operand: the carried value, initially the operand,
      then what the previous step yielded for it (same type);
    - one per `sequences` operand: row `i` of that sequence at step `i`
      (its type drops the leading dimension; every sequence must have at
      least `n_steps` rows, checked at run time);
    - one per `invariants` operand: the operand itself, at every step.

    The body is isolated from above: everything it uses comes in through
    these arguments, so passes can reason about it without looking outside
    and loop-invariant code is hoisted by adding an invariant
    (canonicalization).

    `symc.scan.yield` ends the body with: the stop condition (a
    `tensor<i1>`) when the op has `until`, then the next value of each
    carry, then the step's outputs. With `until` the loop ends after the
    first step whose condition is true (that step's outputs are kept), or
    after `n_steps` steps. With `reverse` (not allowed with `until`), step
    `i` reads row `n_steps-1-i` of every sequence and writes its outputs at
    row `n_steps-1-i`: the loop runs backwards over the same rows
    (backpropagation through time is such a scan).

    Results: one per carry, then one per step output. A carry listed in
    `history` yields its whole history `[s+1, ...]` (row 0 the initial value,
    row `i+1` the value after step `i`; `s` the number of steps run), any
    other carry its final value. A step output yields `[s, ...]`, row `i`
    holding what step `i` yielded. A declared result type may be less
    static than this, never more.

    Control flow (RegionBranchOpInterface, for upstream analyses such as
    `sccp`): from the op and from the body, control goes to the body (the
    carries, then the next carries, flow into the carry arguments) or leaves
    the op (the leading carries without history flow into the first
    results). Sequence rows and invariants are not modelled as forwarded
    values, nor are histories and step outputs, which are built from many
    steps.

    The lowering (`convert-symc-scan-to-scf`) writes histories and outputs
    into one preallocated array each, in place, and reads history carries
    back from that array, so no step allocates for them.

    Example (an RNN: `h_t = tanh(x_t W + h_{t-1} U)`, states stacked):
    ```mlir
    %hs = symc.scan steps %n carries(%h0 : tensor<?x8xf64>)
        sequences(%xs : tensor<?x?x4xf64>)
        invariants(%w, %u : tensor<4x8xf64>, tensor<8x8xf64>)
        history [0] -> (tensor<?x?x8xf64>) {
    ^bb0(%h: tensor<?x8xf64>, %x: tensor<?x4xf64>, %w1: tensor<4x8xf64>,
         %u1: tensor<8x8xf64>):
      %a = symc.dot %x, %w1 : tensor<?x4xf64>, tensor<4x8xf64>
      %b = symc.dot %h, %u1 : tensor<?x8xf64>, tensor<8x8xf64>
      %s = symc.add %a, %b : tensor<?x8xf64>
      %t = symc.tanh %s : tensor<?x8xf64>
      symc.scan.yield %t : tensor<?x8xf64>
    }
    ```
  }];
  let arguments = (ins Symc_IndexScalar:$n_steps,
                       Variadic<Symc_Tensor>:$carries,
                       Variadic<Symc_Tensor>:$sequences,
                       Variadic<Symc_Tensor>:$invariants,
                       OptionalAttr<DenseI64ArrayAttr>:$history,
                       UnitAttr:$until,
                       UnitAttr:$reverse);
  let results = (outs Variadic<Symc_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `steps` $n_steps
    (`carries` `(` $carries^ `:` type($carries) `)`)?
    (`sequences` `(` $sequences^ `:` type($sequences) `)`)?
    (`invariants` `(` $invariants^ `:` type($invariants) `)`)?
    (`history` $history^)?
    (`until` $until^)?
    (`reverse` $reverse^)?
    attr-dict `->` `(` type($results) `)` $body
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// The checks of verify() that do not look into the body.
    ::mlir::LogicalResult verifyOperandsAndResults();
    /// The number of leading carries without history: their final values
    /// are the first results (what leaving the loop forwards).
    unsigned getNumForwardedCarries();
    /// The number of per-step outputs (results after the carries).
    unsigned getNumOutputs() {
      return getNumResults() - getCarries().size();
    }
    /// Whether carry `index` yields its whole history.
    bool hasHistory(unsigned index);
    /// The body's block arguments of each operand group.
    ::mlir::Block::BlockArgListType getCarryArgs();
    ::mlir::Block::BlockArgListType getSequenceArgs();
    ::mlir::Block::BlockArgListType getInvariantArgs();
    /// The terminator of the body.
    ::mlir::Operation *getYield();
  }];
}

def Symc_ScanYieldOp : Symc_Op<"scan.yield", [
    Pure, Terminator, HasParent<"ScanOp">,
    DeclareOpInterfaceMethods<RegionBranchTerminatorOpInterface>]> {
  let summary = "Ends a symc.scan step: [stop,] next carries, step outputs.";
  let description = [{
    The values one step of the enclosing `symc.scan` produces, in the order
    the scan documents: its stop condition (only with `until`), the next
    value of every carry, then the step's outputs. Example:
    ```mlir
    symc.scan.yield %stop, %h1, %y : tensor<i1>, tensor<8xf64>, tensor<f64>
    ```
  }];
  let arguments = (ins Variadic<Symc_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // SYMC_SCAN_OPS_TD
