//===- CollapseContiguousLoops.cpp - one loop for contiguous elementwise --===//
//
// Implements symc-collapse-contiguous-loops: after bufferization, an
// all-parallel linalg.generic (or linalg.copy) whose operands are all
// contiguous buffers read through identity maps is collapsed to a single
// loop over memref.collapse_shape views. The loop nest of a (n, 3) array
// then becomes one loop of 3n iterations that LLVM vectorizes at full width
// instead of an inner loop too short to vectorize. It runs on buffers, not
// tensors, so that no expand_shape is needed to restore the result shape.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::symc {
#define GEN_PASS_DEF_COLLAPSECONTIGUOUSLOOPSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// True for a linalg op that reads and writes whole contiguous buffers
/// elementwise: every loop parallel, every map the identity, every operand a
/// memref with the identity layout, no linalg.index in the body.
bool isContiguousElementwise(linalg::LinalgOp op) {
  if (!op.hasPureBufferSemantics() || op.getNumLoops() < 2 ||
      op.getNumLoops() != op.getNumParallelLoops())
    return false;
  for (AffineMap map : op.getIndexingMapsArray())
    if (!map.isIdentity())
      return false;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type || !type.getLayout().isIdentity())
      return false;
  }
  if (!op->getRegion(0).empty() &&
      !op->getRegion(0).front().getOps<linalg::IndexOp>().empty())
    return false;
  return isa<linalg::GenericOp, linalg::CopyOp>(op);
}

struct CollapseContiguousLoopsPass
    : symc::impl::CollapseContiguousLoopsPassBase<CollapseContiguousLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> candidates;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (isContiguousElementwise(op))
        candidates.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : candidates) {
      ReassociationIndices all;
      for (int64_t d = 0, e = op.getNumLoops(); d < e; ++d)
        all.push_back(d);
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::CollapseResult> collapsed =
          linalg::collapseOpIterationDims(op, {all}, rewriter);
      if (failed(collapsed))
        continue; // Left as a loop nest: still correct, only slower.
      rewriter.replaceOp(op, collapsed->results);
    }
  }
};

} // namespace
