//===- ParallelizeLoops.cpp - parallel loops for pure linalg ops ----------===//
//
// Implements symc-parallelize-loops: after bufferization, a linalg op whose
// outermost loop is parallel and whose body only computes (no calls, no
// checks, no allocation) becomes one `scf.parallel` over its leading parallel
// loops, with every loop inside it sequential. `async-parallel-for` then
// splits that one loop into blocks for the async runtime's thread pool, or
// runs it inline when it is too small to pay for a dispatch.
//
// Only the outermost loop is parallel: an inner `scf.parallel` would be
// dispatched once per outer iteration. Bodies that call functions or hold
// checks stay sequential: a check lowers to an early return of the function it
// is in, which an outlined block is not, and the runtime's allocator tracks
// allocations per call on the calling thread.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::symc {
#define GEN_PASS_DEF_PARALLELIZELOOPSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// True when every op of `op`'s body is free of memory effects (arith, math,
/// linalg.index, linalg.yield): its iterations are independent and can run
/// on any thread.
bool hasComputeOnlyBody(linalg::LinalgOp op) {
  if (op->getNumRegions() != 1 || op->getRegion(0).empty())
    return false;
  WalkResult result = op->getRegion(0).walk([](Operation *inner) {
    if (isa<linalg::YieldOp, linalg::IndexOp>(inner) || isPure(inner))
      return WalkResult::advance();
    return WalkResult::interrupt();
  });
  return !result.wasInterrupted();
}

/// Whether `op` is worth a parallel loop: buffers, outermost loop parallel,
/// a body that only computes, not already inside a parallel loop.
bool isCandidate(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      !linalg::isParallelIterator(op.getIteratorTypesArray().front()))
    return false;
  if (op->getParentOfType<scf::ParallelOp>())
    return false;
  return hasComputeOnlyBody(op);
}

/// Replaces a reduction-free `scf.parallel` by the equivalent `scf.for` nest.
void serialize(RewriterBase &rewriter, scf::ParallelOp loop) {
  rewriter.setInsertionPoint(loop);
  SmallVector<Value> ivs;
  Block *body = loop.getBody();
  OpBuilder::InsertionGuard guard(rewriter);
  for (auto [lb, ub, step] : llvm::zip(loop.getLowerBound(),
                                       loop.getUpperBound(), loop.getStep())) {
    auto forOp = scf::ForOp::create(rewriter, loop.getLoc(), lb, ub, step);
    ivs.push_back(forOp.getInductionVar());
    rewriter.setInsertionPointToStart(forOp.getBody());
  }
  // The scf.reduce terminator of a reduction-free loop carries nothing.
  rewriter.eraseOp(body->getTerminator());
  Operation *yield = rewriter.getInsertionBlock()->getTerminator();
  rewriter.inlineBlockBefore(body, yield, ivs);
  rewriter.eraseOp(loop);
}

struct ParallelizeLoopsPass
    : symc::impl::ParallelizeLoopsPassBase<ParallelizeLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isCandidate(op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::LinalgLoops> loops =
          linalg::linalgOpToParallelLoops(rewriter, op);
      if (failed(loops))
        continue; // left for convert-linalg-to-loops
      rewriter.eraseOp(op);
      // The loops come outermost first; only the first stays parallel.
      SmallVector<scf::ParallelOp> inner;
      for (Operation *loop : llvm::drop_begin(*loops))
        if (auto parallel = dyn_cast<scf::ParallelOp>(loop))
          inner.push_back(parallel);
      for (scf::ParallelOp parallel : llvm::reverse(inner))
        serialize(rewriter, parallel);
    }
  }
};

} // namespace
