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
// A call of a symc.payload function is the payload's code (see
// symc-outline-payloads): it computes when every op of the payload does. The
// threaded pipeline keeps the payloads outlined through this pass and
// symc-outline-kernels, as the sequential one does, so that a deep chain's
// thousands of fused bodies (B4's gradient: 65,000 ops) are not copied back
// into their loops only to be compared and dropped again as kernels repeat.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
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

/// The marker of shared payload functions (symc-outline-payloads).
constexpr llvm::StringLiteral kPayloadAttr = "symc.payload";

/// Payload functions by name, with whether their bodies only compute.
using ComputeOnlyPayloads = llvm::DenseMap<StringAttr, bool>;

/// True when every op of `region` is free of memory effects (arith, math,
/// linalg.index, the terminators) or calls a payload of `payloads` that is.
bool isComputeOnly(Region &region, const ComputeOnlyPayloads &payloads) {
  WalkResult result = region.walk([&](Operation *inner) {
    if (isa<linalg::YieldOp, linalg::IndexOp, func::ReturnOp>(inner) ||
        isPure(inner))
      return WalkResult::advance();
    if (auto call = dyn_cast<func::CallOp>(inner)) {
      auto it = payloads.find(call.getCalleeAttr().getAttr());
      if (it != payloads.end() && it->second)
        return WalkResult::advance();
    }
    return WalkResult::interrupt();
  });
  return !result.wasInterrupted();
}

/// True when every op of `op`'s body only computes: its iterations are
/// independent and can run on any thread.
bool hasComputeOnlyBody(linalg::LinalgOp op,
                        const ComputeOnlyPayloads &payloads) {
  if (op->getNumRegions() != 1 || op->getRegion(0).empty())
    return false;
  return isComputeOnly(op->getRegion(0), payloads);
}

/// Whether `op` is worth a parallel loop: buffers, outermost loop parallel,
/// a body that only computes, not already inside a parallel loop.
bool isCandidate(linalg::LinalgOp op, const ComputeOnlyPayloads &payloads) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() == 0 ||
      !linalg::isParallelIterator(op.getIteratorTypesArray().front()))
    return false;
  if (op->getParentOfType<scf::ParallelOp>())
    return false;
  return hasComputeOnlyBody(op, payloads);
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
    ModuleOp module = getOperation();
    // A payload is a generic's scalar code: one look at its ops settles it
    // (a call inside it, even of another payload, counts as more than
    // computing).
    ComputeOnlyPayloads payloads;
    for (auto function : module.getOps<func::FuncOp>())
      if (function->hasAttr(kPayloadAttr) && !function.isExternal())
        payloads[function.getSymNameAttr()] =
            isComputeOnly(function.getBody(), ComputeOnlyPayloads());
    SmallVector<linalg::LinalgOp> candidates;
    for (auto function : module.getOps<func::FuncOp>()) {
      if (function->hasAttr(kPayloadAttr))
        continue;
      function.walk([&](linalg::LinalgOp op) {
        if (isCandidate(op, payloads))
          candidates.push_back(op);
      });
    }
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::LinalgLoops> loops =
          linalg::linalgOpToParallelLoops(rewriter, op);
      if (failed(loops))
        continue; // left for symc-linalg-to-loops
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
