//===- HoistChecks.cpp - run-time checks before the work they do not need -===//
//
// Implements symc-hoist-checks: every symc.check moves up its block to
// right after the last operation it depends on that is not a pure scalar
// computation (a loop, a linalg op on buffers, an allocation, a load), with
// the pure operations that compute its condition and message values.
//
// Why: upstream rewrites assume programs are well shaped. linalg's
// canonicalization gives a producer the static size that a consumer's
// operand has (`InferStaticShapeOfOperands`), so a producer of
// `tensor<?x2xf32>` whose consumer wants `3x2` writes a 3x2 buffer; with
// 17 rows at run time its loop, bounded by its input's 17 rows, wrote past
// that buffer before the consumer's broadcast check ran (a heap corruption
// that crashed later, or never showed). A check before every computation
// it does not depend on fires before such writes.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::symc {
#define GEN_PASS_DEF_HOISTCHECKSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Operations that may move up with a check: scalar code without memory
/// effects or regions (arith, index, memref.dim, constants).
bool isMovable(Operation *op) {
  return op->getNumRegions() == 0 && !op->hasTrait<OpTrait::IsTerminator>() &&
         !isa<CheckOp>(op) && isMemoryEffectFree(op);
}

/// Hoists the checks of one block. An operation that already moved counts
/// as being at the anchor it moved to. Checks stay in their order among
/// those of one anchor; a check may pass a check of a later anchor (which
/// of two failing checks is reported then changes, not whether the call
/// fails).
void hoistChecks(Block &block) {
  SmallVector<CheckOp> checks;
  // (index, 0) for an operation where it was; (anchor's index, k > 0) for
  // the k-th operation moved anywhere, which orders the operations moved
  // after one anchor as they stand.
  DenseMap<Operation *, std::pair<int64_t, int64_t>> position;
  int64_t next = 0, moved = 0;
  for (Operation &op : block) {
    position[&op] = {next++, 0};
    if (auto check = dyn_cast<CheckOp>(op))
      checks.push_back(check);
  }
  if (checks.empty())
    return;
  // The last operation placed after each anchor (nullptr: the block start).
  DenseMap<Operation *, Operation *> lastAfter;
  for (CheckOp check : checks) {
    // The check's movable slice and the latest operation it depends on.
    SetVector<Operation *> slice;
    Operation *anchor = nullptr;
    int64_t anchorPosition = -1;
    SmallVector<Value> worklist(check->getOperands());
    while (!worklist.empty()) {
      Operation *def = worklist.pop_back_val().getDefiningOp();
      if (!def || def->getBlock() != &block || slice.contains(def))
        continue;
      if (isMovable(def)) {
        slice.insert(def);
        worklist.append(def->operand_begin(), def->operand_end());
        continue;
      }
      if (position[def].first > anchorPosition) {
        anchorPosition = position[def].first;
        anchor = def;
      }
    }
    // Movable operations already before the anchor, or after it among
    // its earlier guests, stay where they are; the others move, in their
    // order, after those guests.
    SmallVector<Operation *> moving;
    for (Operation *op : slice)
      if (position[op].first > anchorPosition)
        moving.push_back(op);
    llvm::sort(moving, [&](Operation *a, Operation *b) {
      return position[a] < position[b];
    });
    moving.push_back(check);
    Operation *&last = lastAfter[anchor];
    for (Operation *op : moving) {
      if (last)
        op->moveAfter(last);
      else if (anchor)
        op->moveAfter(anchor);
      else if (&block.front() != op)
        op->moveBefore(&block.front());
      last = op;
      position[op] = {anchorPosition, ++moved};
    }
  }
}

struct HoistChecksPass
    : public symc::impl::HoistChecksPassBase<HoistChecksPass> {
  void runOnOperation() override {
    getOperation()->walk([](Block *block) { hoistChecks(*block); });
  }
};

} // namespace
