//===- SymcCanonicalize.cpp - canonicalization patterns -------------------===//
//
// The canonicalizers of the symc ops: the DRR identities of
// SymcCanonicalize.td plus C++ patterns that compose dimshuffles, collapse
// reshape chains and drop run-time checks that are known to pass.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::symc;

namespace {
#include "dialects/Symc/IR/SymcCanonicalize.inc"

/// dimshuffle(dimshuffle(x, inner), outer) => dimshuffle(x, inner o outer)
struct ComposeDimshuffles : OpRewritePattern<DimshuffleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DimshuffleOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<DimshuffleOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a dimshuffle");
    SmallVector<int64_t> composed;
    for (int64_t entry : op.getPattern())
      composed.push_back(entry == DimshuffleOp::kNewAxis
                             ? DimshuffleOp::kNewAxis
                             : inner.getPattern()[entry]);
    rewriter.replaceOpWithNewOp<DimshuffleOp>(
        op, op.getType(), inner.getInput(),
        rewriter.getDenseI64ArrayAttr(composed));
    return success();
  }
};

/// reshape(reshape(x, s1), s2) => reshape(x, s2)
struct CollapseReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), inner.getInput(),
                                           op.getShape());
    return success();
  }
};

/// check(true, ...) => nothing
struct DropPassingCheck : OpRewritePattern<CheckOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CheckOp op,
                                PatternRewriter &rewriter) const override {
    if (!matchPattern(op.getCondition(), m_One()))
      return rewriter.notifyMatchFailure(op, "condition is not constant true");
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void AddOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<AddOfNegRhs, AddOfNegLhs>(context);
}
void SubOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<SubOfNeg>(context);
}
void MulOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<MulOfNegs>(context);
}
void DimshuffleOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                               MLIRContext *context) {
  results.add<ComposeDimshuffles>(context);
}
void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<CollapseReshapes>(context);
}
void CheckOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                          MLIRContext *context) {
  results.add<DropPassingCheck>(context);
}
