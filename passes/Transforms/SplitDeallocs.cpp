//===- SplitDeallocs.cpp - one bufferization.dealloc per allocation --------===//
//
// Implements symc-split-deallocs: a bufferization.dealloc whose memrefs are
// all distinct memref.alloc results becomes one dealloc per memref, their
// updated ownerships or-ed together. ownership-based-buffer-deallocation
// frees every temporary of a block in one dealloc at the block's end; for a
// function of thousands of ops that is one op with hundreds of memrefs, and
// buffer-deallocation-simplification asks for every pair of them whether
// they may alias (quadratic: 1.1 s of the 5000-step chain's compile, 9x the
// 1000-step chain's). Distinct allocations never alias, so the split, which
// that pass would make itself, is made here in linear time and the pass
// then sees only single-memref deallocs.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseSet.h"

namespace mlir::symc {
#define GEN_PASS_DEF_SPLITDEALLOCSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// True when the memrefs of `op` are pairwise distinct allocations.
bool freesDistinctAllocations(bufferization::DeallocOp op) {
  llvm::SmallDenseSet<Value, 16> seen;
  for (Value memref : op.getMemrefs())
    if (!memref.getDefiningOp<memref::AllocOp>() || !seen.insert(memref).second)
      return false;
  return true;
}

// dealloc (%a, %b) if (%ca, %cb) retain (%r)
//   -> %ra = dealloc (%a) if (%ca) retain (%r)
//      %rb = dealloc (%b) if (%cb) retain (%r)
//      %o = arith.ori %ra, %rb
void split(bufferization::DeallocOp op) {
  OpBuilder builder(op);
  Location loc = op.getLoc();
  SmallVector<Value> ownership;
  for (auto [memref, condition] : llvm::zip(op.getMemrefs(), op.getConditions())) {
    auto single = bufferization::DeallocOp::create(
        builder, loc, ValueRange{memref}, ValueRange{condition}, op.getRetained());
    if (ownership.empty()) {
      ownership.assign(single.getResults().begin(), single.getResults().end());
      continue;
    }
    for (auto [owned, updated] : llvm::zip(ownership, single.getResults()))
      owned = arith::OrIOp::create(builder, loc, owned, updated);
  }
  op->replaceAllUsesWith(ownership);
  op->erase();
}

struct SplitDeallocsPass
    : public symc::impl::SplitDeallocsPassBase<SplitDeallocsPass> {
  void runOnOperation() override {
    SmallVector<bufferization::DeallocOp> deallocs;
    getOperation()->walk([&](bufferization::DeallocOp op) {
      if (op.getMemrefs().size() > 1 && freesDistinctAllocations(op))
        deallocs.push_back(op);
    });
    for (bufferization::DeallocOp op : deallocs)
      split(op);
  }
};

} // namespace
