//===- SymcIfElseOps.cpp - symc.ifelse and symc.yield ---------------------===//
//
// Verification, control-flow interface and canonicalization of the lazy
// conditional. The verifier guarantees what the lowering to scf.if relies
// on: both regions end in a symc.yield of one value per result, each of the
// result's rank and element type and at least as static. The interface tells
// upstream analyses that exactly one region runs (and which, when the
// condition is a constant); the canonicalization inlines the taken region of
// a constant condition.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::symc;

//===----------------------------------------------------------------------===//
// YieldOp
//===----------------------------------------------------------------------===//

LogicalResult YieldOp::verify() {
  Operation *parent = (*this)->getParentOp();
  if (!parent || !isa_and_nonnull<SymcDialect>(parent->getDialect()))
    return emitOpError("must terminate a region of a symc region op "
                       "(symc.ifelse), not of ")
           << (parent ? parent->getName().getStringRef() : StringRef("nothing"));
  return success();
}

//===----------------------------------------------------------------------===//
// IfElseOp
//===----------------------------------------------------------------------===//

YieldOp IfElseOp::thenYield() {
  return dyn_cast<YieldOp>(getThenRegion().front().getTerminator());
}

YieldOp IfElseOp::elseYield() {
  return dyn_cast<YieldOp>(getElseRegion().front().getTerminator());
}

// The checks run in verify(), before RegionBranchOpInterface's own region
// verification, which assumes what they establish (a yield per region, one
// value per result).
LogicalResult IfElseOp::verify() {
  for (auto [name, region] : {std::pair<StringRef, Region *>{"then", &getThenRegion()},
                              {"else", &getElseRegion()}}) {
    Block &block = region->front();
    auto yield = block.empty() ? YieldOp() : dyn_cast<YieldOp>(block.back());
    if (!yield)
      return emitOpError("the ") << name << " region must end with symc.yield";
    if (yield.getValues().size() != getNumResults())
      return emitOpError("the ")
             << name << " region yields " << yield.getValues().size()
             << " value(s) but the op has " << getNumResults() << " result(s)";
    for (auto [i, pair] : llvm::enumerate(
             llvm::zip(yield.getValues().getTypes(), getResultTypes()))) {
      auto [yielded, declared] = pair;
      if (!compatibleTypes(TypeRange{yielded}, TypeRange{declared}))
        return emitOpError("the ")
               << name << " region yields " << yielded << " for result " << i
               << " of type " << declared
               << " (it must have the result's rank and element type, and be "
                  "at least as static)";
    }
  }
  return success();
}

// What regions alone can show is checked by verify() already; the region
// verifier has nothing left to add.
LogicalResult IfElseOp::verifyRegions() { return success(); }

/// The value of the condition when it is a constant.
static std::optional<bool> constantCondition(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseIntElementsAttr>(attr);
  if (!dense || dense.getNumElements() != 1)
    return std::nullopt;
  return !(*dense.getValues<APInt>().begin()).isZero();
}

void IfElseOp::getSuccessorRegions(RegionBranchPoint point,
                                   SmallVectorImpl<RegionSuccessor> &regions) {
  // From either region control returns to the op; from the op it enters one.
  if (!point.isParent()) {
    regions.push_back(RegionSuccessor(getOperation(), getResults()));
    return;
  }
  regions.push_back(RegionSuccessor(&getThenRegion()));
  regions.push_back(RegionSuccessor(&getElseRegion()));
}

void IfElseOp::getEntrySuccessorRegions(ArrayRef<Attribute> operands,
                                        SmallVectorImpl<RegionSuccessor> &regions) {
  std::optional<bool> cond = constantCondition(operands.empty() ? Attribute() : operands[0]);
  if (!cond) {
    getSuccessorRegions(RegionBranchPoint::parent(), regions);
    return;
  }
  regions.push_back(RegionSuccessor(*cond ? &getThenRegion() : &getElseRegion()));
}

void IfElseOp::getRegionInvocationBounds(
    ArrayRef<Attribute> operands, SmallVectorImpl<InvocationBounds> &bounds) {
  std::optional<bool> cond = constantCondition(operands.empty() ? Attribute() : operands[0]);
  if (!cond) {
    bounds.assign(2, InvocationBounds(0, 1));
    return;
  }
  bounds.push_back(InvocationBounds(*cond ? 1 : 0, *cond ? 1 : 0));
  bounds.push_back(InvocationBounds(*cond ? 0 : 1, *cond ? 0 : 1));
}

bool IfElseOp::areTypesCompatible(Type lhs, Type rhs) {
  // A yielded value may be more static than the result it stands for.
  return compatibleTypes(TypeRange{lhs}, TypeRange{rhs}) ||
         compatibleTypes(TypeRange{rhs}, TypeRange{lhs});
}

namespace {

/// ifelse(true, A, B) => A and ifelse(false, A, B) => B: the taken region is
/// inlined before the op and its yielded values replace the results (through
/// a tensor.cast where the yielded type is more static).
struct InlineConstantBranch : OpRewritePattern<IfElseOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(IfElseOp op,
                                PatternRewriter &rewriter) const override {
    Attribute attr;
    if (!matchPattern(op.getCondition(), m_Constant(&attr)))
      return rewriter.notifyMatchFailure(op, "the condition is not a constant");
    std::optional<bool> cond = constantCondition(attr);
    if (!cond)
      return rewriter.notifyMatchFailure(op, "the condition is not a bool scalar");
    Region &taken = *cond ? op.getThenRegion() : op.getElseRegion();
    Block *block = &taken.front();
    auto yield = cast<YieldOp>(block->getTerminator());
    SmallVector<Value> values(yield.getValues());
    rewriter.inlineBlockBefore(block, op);
    rewriter.eraseOp(yield);
    SmallVector<Value> results;
    for (auto [value, type] : llvm::zip(values, op.getResultTypes()))
      results.push_back(value.getType() == type
                            ? value
                            : tensor::CastOp::create(rewriter, op.getLoc(), type, value)
                                  .getResult());
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void IfElseOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                           MLIRContext *context) {
  patterns.add<InlineConstantBranch>(context);
}
