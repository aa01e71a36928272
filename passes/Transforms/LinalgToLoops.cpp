//===- LinalgToLoops.cpp - linalg ops on buffers into scf.for loops -------===//
//
// Implements symc-linalg-to-loops: upstream's convert-linalg-to-loops
// without its greedy driver over the whole function. Upstream applies its
// lowering pattern, the dim and affine.apply canonicalizations and region
// simplification greedily to every op of the function, again on each
// iteration; a deep chain's gradient (B4: 469 generics in a function of a
// few thousand ops) spent five times the forward's time there, most of it
// in the driver. Here each linalg op on buffers is lowered once
// (linalg::linalgOpToLoops, the same loops), and the folds upstream's
// driver applies to the index arithmetic it creates (affine.apply of the
// induction variables, memref.dim) run on the created ops only.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::symc {
#define GEN_PASS_DEF_LINALGTOLOOPSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Records the index arithmetic, constants and loads the lowering creates:
/// what upstream's driver folds or, when nothing uses it (the loads of
/// outputs the payload never reads), erases.
struct CreatedOps : RewriterBase::Listener {
  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint previous) override {
    if (isa<affine::AffineApplyOp, memref::DimOp, memref::LoadOp,
            arith::ConstantOp>(op))
      ops.push_back(op);
  }
  void notifyOperationErased(Operation *op) override {
    erased.insert(op);
  }
  SmallVector<Operation *> ops;
  llvm::SmallPtrSet<Operation *, 16> erased;
};

struct LinalgToLoopsPass
    : symc::impl::LinalgToLoopsPassBase<LinalgToLoopsPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> linalgOps;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureBufferSemantics())
        linalgOps.push_back(op);
    });
    if (linalgOps.empty())
      return markAllAnalysesPreserved();
    CreatedOps created;
    IRRewriter rewriter(&getContext(), &created);
    for (linalg::LinalgOp op : linalgOps) {
      rewriter.setInsertionPoint(op);
      // An op the lowering does not take stays, as upstream's pattern
      // leaves it.
      if (succeeded(linalg::linalgOpToLoops(rewriter, op)))
        rewriter.eraseOp(op);
    }
    // affine.apply of induction variables (an identity map folds to the
    // variable), memref.dim of allocations and what nothing uses, as
    // upstream's driver treats them. Equal constants stay apart until the
    // pipeline's last canonicalize (upstream's driver merged them here, so
    // the final IR may order its index constants differently).
    SmallVector<Operation *> toFold;
    for (Operation *op : created.ops)
      if (!created.erased.contains(op))
        toFold.push_back(op);
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    memref::DimOp::getCanonicalizationPatterns(patterns, ctx);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(toFold, std::move(patterns), config)))
      return signalPassFailure();
  }
};

} // namespace
