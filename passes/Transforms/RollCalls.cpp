//===- RollCalls.cpp - runs of repeating kernel calls as loops ------------===//
//
// Implements symc-roll-calls: after symc-outline-kernels, a deep chain (or
// its gradient) is a straight line of calls of a few kernels, each passed
// buffers that are slots of one packed allocation (symc-pack-buffers) or a
// few buffers used in turn. A run of calls whose pattern repeats with a
// period of up to eight calls, each buffer operand moving by a fixed number
// of slots from one period to the next, becomes one scf.for over the periods
// whose body computes the slots from the loop index and makes the period's
// calls. The glue that every later stage paid for per call (the views,
// their offsets, the descriptors func-to-llvm expands each memref into, and
// LLVM's code for all of it) is then paid for once per run: the 5000-step
// chain's gradient made 469 calls and 2400 of the 3900 lines of its LLVM IR
// out of that glue.
//
// The calls run in the same order on the same buffers: the loop stands where
// the run's last call was, and only ops without memory effects or with
// allocation effects alone (a new buffer no earlier call can touch) may sit
// between the calls of a run, so moving calls past them changes nothing.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/CallRuns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"


namespace mlir::symc {
#define GEN_PASS_DEF_ROLLCALLSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Longest period (in calls) looked for: a chain whose groups alternate
/// between a few kernels (a long group, then shorter ones) repeats with a
/// period of several calls.
constexpr unsigned kMaxPeriod = 8;

/// A memref.view of slot `slot` of `base`: its byte shift is `unit * slot`
/// (a constant zero for slot 0, `unit` itself for slot 1).
struct Slot {
  memref::ViewOp view;
  Value unit; // null for slot 0
  int64_t slot = 0;
};

std::optional<Slot> matchSlot(Value value) {
  auto view = value.getDefiningOp<memref::ViewOp>();
  if (!view)
    return std::nullopt;
  Value shift = view.getByteShift();
  if (matchPattern(shift, m_Zero()))
    return Slot{view, Value(), 0};
  APInt factor;
  if (auto mul = shift.getDefiningOp<arith::MulIOp>()) {
    if (matchPattern(mul.getRhs(), m_ConstantInt(&factor)))
      return Slot{view, mul.getLhs(), factor.getSExtValue()};
    if (matchPattern(mul.getLhs(), m_ConstantInt(&factor)))
      return Slot{view, mul.getRhs(), factor.getSExtValue()};
  }
  return Slot{view, shift, 1};
}

/// Whether two slot views are views of the same allocation, of the same
/// sizes and type, with the same slot size (when both say it).
bool sameBuffer(Slot a, Slot b) {
  if (a.view.getSource() != b.view.getSource() ||
      a.view.getType() != b.view.getType() ||
      a.view.getSizes() != b.view.getSizes())
    return false;
  return !a.unit || !b.unit || a.unit == b.unit;
}

/// How one operand of one call of the period changes along the run.
struct OperandPattern {
  Value invariant;     // the same value in every period, or
  Slot first;          // slots first.slot + m * step of one allocation
  Value unit;          // the slot size (the first non-null of the run)
  int64_t step = 0;
};

/// An op the calls of a run may move past: no memory effects, or only the
/// allocation of a new buffer; no regions.
bool canMovePast(Operation &op) {
  if (op.getNumRegions() != 0)
    return false;
  if (isMemoryEffectFree(&op))
    return true;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return false;
  SmallVector<MemoryEffects::EffectInstance> list;
  effects.getEffects(list);
  return llvm::all_of(list, [](const MemoryEffects::EffectInstance &e) {
    return isa<MemoryEffects::Allocate>(e.getEffect());
  });
}

/// Whether `call` can be the call at period `m` of `patterns` (filled in
/// from `call` when m == 1, the period that fixes the steps).
bool fits(func::CallOp call, func::CallOp first,
          SmallVectorImpl<OperandPattern> &patterns, int64_t m) {
  if (call.getCallee() != first.getCallee() ||
      call.getNumOperands() != first.getNumOperands() ||
      call->getAttrDictionary() != first->getAttrDictionary())
    return false;
  for (auto [k, operand] : llvm::enumerate(call.getOperands())) {
    OperandPattern &p = patterns[k];
    if (m == 1) {
      Value start = first.getOperand(k);
      if (operand == start) {
        p.invariant = start;
        continue;
      }
      std::optional<Slot> a = matchSlot(start), b = matchSlot(operand);
      if (!a || !b || !sameBuffer(*a, *b))
        return false;
      p.first = *a;
      p.unit = a->unit ? a->unit : b->unit;
      p.step = b->slot - a->slot;
      if (!p.unit) // slot 0 twice, two views of it: one value suffices
        p.invariant = start;
      continue;
    }
    if (p.invariant) {
      if (operand == p.invariant)
        continue;
      std::optional<Slot> b = matchSlot(operand);
      std::optional<Slot> a = matchSlot(p.invariant);
      if (!a || !b || !sameBuffer(*a, *b) || b->slot != a->slot)
        return false;
      continue;
    }
    std::optional<Slot> b = matchSlot(operand);
    if (!b || !sameBuffer(p.first, *b) || (b->unit && b->unit != p.unit) ||
        b->slot != p.first.slot + m * p.step)
      return false;
  }
  return true;
}

/// A run found in a block: `periods` repetitions of `period` calls starting
/// at `calls[start]`, with the pattern of every operand of every call.
struct Run {
  size_t start = 0;
  unsigned period = 0;
  int64_t periods = 0;
  SmallVector<SmallVector<OperandPattern>> patterns;
};

/// The longest run starting at `calls[start]` over the periods up to
/// kMaxPeriod (the shortest period when several are as long).
Run findRun(MutableArrayRef<func::CallOp> calls, size_t start) {
  Run best;
  for (unsigned period = 1; period <= kMaxPeriod; ++period) {
    if (start + 2 * period > calls.size())
      break;
    Run run;
    run.start = start;
    run.period = period;
    run.patterns.resize(period);
    for (unsigned i = 0; i < period; ++i)
      run.patterns[i].resize(calls[start + i].getNumOperands());
    int64_t m = 1;
    for (;; ++m) {
      if (start + (m + 1) * period > calls.size())
        break;
      bool ok = true;
      for (unsigned i = 0; i < period && ok; ++i)
        ok = fits(calls[start + m * period + i], calls[start + i],
                  run.patterns[i], m);
      if (!ok)
        break;
    }
    run.periods = m;
    if (run.periods * run.period > best.periods * best.period)
      best = std::move(run);
  }
  return best;
}

/// The value of `pattern` at period `index` inside the loop.
Value materialize(OpBuilder &b, Location loc, OperandPattern pattern,
                  Value index) {
  if (pattern.invariant)
    return pattern.invariant;
  Value slot = arith::ConstantIndexOp::create(b, loc, pattern.first.slot);
  if (pattern.step != 0) {
    Value step = arith::ConstantIndexOp::create(b, loc, pattern.step);
    slot = arith::AddIOp::create(
        b, loc, slot, arith::MulIOp::create(b, loc, index, step));
  }
  Value shift = arith::MulIOp::create(b, loc, pattern.unit, slot);
  memref::ViewOp view = pattern.first.view;
  return memref::ViewOp::create(b, loc, view.getType(), view.getSource(),
                                shift, view.getSizes());
}

/// Replaces the run's calls by one loop where the last of them was.
void roll(MutableArrayRef<func::CallOp> calls, const Run &run) {
  int64_t count = run.periods * run.period;
  MutableArrayRef<func::CallOp> rolled = calls.slice(run.start, count);
  func::CallOp last = rolled.back();
  Location loc = rolled.front().getLoc();
  OpBuilder b(last);
  Value lb = arith::ConstantIndexOp::create(b, loc, 0);
  Value ub = arith::ConstantIndexOp::create(b, loc, run.periods);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  auto loop = scf::ForOp::create(b, loc, lb, ub, one);
  b.setInsertionPointToStart(loop.getBody());
  for (unsigned i = 0; i < run.period; ++i) {
    func::CallOp model = rolled[i];
    SmallVector<Value> operands;
    for (const OperandPattern &pattern : run.patterns[i])
      operands.push_back(
          materialize(b, model.getLoc(), pattern, loop.getInductionVar()));
    // A copy keeps whatever the call carries besides its operands.
    b.clone(*model)->setOperands(operands);
  }
  for (func::CallOp call : rolled)
    call.erase();
}

struct RollCallsPass : symc::impl::RollCallsPassBase<RollCallsPass> {
  using RollCallsPassBase::RollCallsPassBase;

  void runOnOperation() override {
    for (auto function : getOperation().getOps<func::FuncOp>()) {
      if (function.isExternal())
        continue;
      Block &block = function.getBody().front();
      bool changed = false;
      for (SmallVector<func::CallOp> &calls :
           collectCallRuns(block, canMovePast)) {
        SmallVector<Run> runs;
        for (size_t start = 0; start < calls.size();) {
          Run run = findRun(calls, start);
          int64_t count = run.periods * run.period;
          // Three periods at least: any two calls of one kernel on one
          // allocation make a progression; a third confirms it.
          if (count >= static_cast<int64_t>(minCalls) && run.periods >= 3) {
            runs.push_back(std::move(run));
            start += count;
          } else {
            ++start;
          }
        }
        for (const Run &run : runs)
          roll(calls, run);
        changed |= !runs.empty();
      }
      // The views and offsets only the rolled calls used.
      if (changed)
        eraseDeadTransparentOps(block);
    }
  }
};

} // namespace
