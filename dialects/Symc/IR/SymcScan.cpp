//===- SymcScan.cpp - symc.scan: verifier and canonicalization ------------===//
//
// The verifier of symc.scan checks everything the lowering relies on: the
// history list, the body's block arguments (carries, sequence rows,
// invariants), the terminator's values and the declared result types.
// Canonicalization hoists loop-invariant computations out of the body into
// new invariant operands, so each runs once per scan instead of once per
// step.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;
using namespace mlir::symc;

bool ScanOp::hasHistory(unsigned index) {
  std::optional<ArrayRef<int64_t>> history = getHistory();
  return history && llvm::is_contained(*history, static_cast<int64_t>(index));
}

Block::BlockArgListType ScanOp::getCarryArgs() {
  return getBody().front().getArguments().take_front(getCarries().size());
}

Block::BlockArgListType ScanOp::getSequenceArgs() {
  return getBody().front().getArguments().slice(getCarries().size(),
                                                getSequences().size());
}

Block::BlockArgListType ScanOp::getInvariantArgs() {
  return getBody().front().getArguments().take_back(getInvariants().size());
}

Operation *ScanOp::getYield() { return getBody().front().getTerminator(); }

/// `type` with a leading dimension of `size` (ShapedType::kDynamic for `?`).
static RankedTensorType prependDim(RankedTensorType type, int64_t size) {
  SmallVector<int64_t> shape{size};
  llvm::append_range(shape, type.getShape());
  return RankedTensorType::get(shape, type.getElementType());
}

/// `type` without its leading dimension.
static RankedTensorType dropLeadingDim(RankedTensorType type) {
  return RankedTensorType::get(type.getShape().drop_front(),
                               type.getElementType());
}

LogicalResult ScanOp::verifyOperandsAndResults() {
  unsigned numCarries = getCarries().size();
  if (std::optional<ArrayRef<int64_t>> history = getHistory()) {
    for (auto [i, index] : llvm::enumerate(*history)) {
      if (index < 0 || index >= static_cast<int64_t>(numCarries))
        return emitOpError("history entry ")
               << index << " is not a carry index (the op has " << numCarries
               << " carries)";
      if (i > 0 && (*history)[i - 1] >= index)
        return emitOpError("history must be sorted and without duplicates");
    }
  }
  if (getUntil() && getReverse())
    return emitOpError("cannot combine 'until' and 'reverse'");
  if (getNumResults() == 0)
    return emitOpError("has no results: a scan must produce a carry or a "
                       "step output");
  if (getNumResults() < numCarries)
    return emitOpError("has ") << getNumResults() << " results for "
                               << numCarries
                               << " carries (one result per carry first)";
  for (auto [i, seq] : llvm::enumerate(getSequences())) {
    if (cast<RankedTensorType>(seq.getType()).getRank() == 0)
      return emitOpError("sequence #") << i << " is a scalar; sequences are "
                                          "iterated along their first dimension";
  }
  for (auto [i, carry] : llvm::enumerate(getCarries())) {
    auto type = cast<RankedTensorType>(carry.getType());
    Type expected = hasHistory(i) ? prependDim(type, ShapedType::kDynamic)
                                  : Type(type);
    if (!compatibleTypes(TypeRange{expected},
                         TypeRange{getResult(i).getType()}))
      return emitOpError("result #")
             << i << " has type " << getResult(i).getType() << " but carry #"
             << i << (hasHistory(i) ? " (with history)" : "") << " gives "
             << expected;
  }
  return success();
}

// The checks of the body run in verify(), before RegionBranchOpInterface's
// own region verification, which assumes what they establish (the body's
// arguments, a symc.scan.yield with a value per carry).
LogicalResult ScanOp::verify() {
  if (failed(verifyOperandsAndResults()))
    return failure();
  Block &body = getBody().front();
  unsigned numCarries = getCarries().size();
  unsigned expectedArgs =
      numCarries + getSequences().size() + getInvariants().size();
  if (body.getNumArguments() != expectedArgs)
    return emitOpError("body has ")
           << body.getNumArguments() << " arguments but the op passes "
           << expectedArgs << " (carries, sequence rows, invariants)";
  auto checkArg = [&](BlockArgument arg, Type expected,
                      StringRef what, unsigned index) -> LogicalResult {
    if (arg.getType() == expected)
      return success();
    return emitOpError("body argument #")
           << arg.getArgNumber() << " (" << what << " #" << index
           << ") has type " << arg.getType() << ", expected " << expected;
  };
  for (auto [i, carry] : llvm::enumerate(getCarries()))
    if (failed(checkArg(getCarryArgs()[i], carry.getType(), "carry", i)))
      return failure();
  for (auto [i, seq] : llvm::enumerate(getSequences()))
    if (failed(checkArg(getSequenceArgs()[i],
                        dropLeadingDim(cast<RankedTensorType>(seq.getType())),
                        "row of sequence", i)))
      return failure();
  for (auto [i, inv] : llvm::enumerate(getInvariants()))
    if (failed(checkArg(getInvariantArgs()[i], inv.getType(), "invariant", i)))
      return failure();

  auto yield = body.empty() ? ScanYieldOp() : dyn_cast<ScanYieldOp>(body.back());
  if (!yield)
    return emitOpError("body must end with symc.scan.yield");
  ValueRange values = yield.getValues();
  unsigned numOutputs = getNumOutputs();
  unsigned expectedValues = (getUntil() ? 1 : 0) + numCarries + numOutputs;
  if (values.size() != expectedValues)
    return emitOpError("body yields ")
           << values.size() << " values, expected " << expectedValues << " ("
           << (getUntil() ? "the stop condition, " : "") << numCarries
           << " next carries, " << numOutputs << " step outputs)";
  if (getUntil()) {
    auto stop = cast<RankedTensorType>(values.front().getType());
    if (stop.getRank() != 0 || !stop.getElementType().isInteger(1))
      return emitOpError("the stop condition of an 'until' scan must be "
                         "tensor<i1>, got ")
             << stop;
    values = values.drop_front();
  }
  // A next carry may be more static than the carry (the lowering casts it),
  // never less: the body's argument type must hold for every step.
  for (auto [i, carry] : llvm::enumerate(getCarries())) {
    if (!compatibleTypes(TypeRange{values[i].getType()},
                         TypeRange{carry.getType()}))
      return emitOpError("next value of carry #")
             << i << " has type " << values[i].getType()
             << ", which does not fit the carry's type " << carry.getType();
  }
  for (unsigned k = 0; k < numOutputs; ++k) {
    auto stepType = cast<RankedTensorType>(values[numCarries + k].getType());
    Type declared = getResult(numCarries + k).getType();
    if (!compatibleTypes(TypeRange{prependDim(stepType, ShapedType::kDynamic)},
                         TypeRange{declared}))
      return emitOpError("result #")
             << numCarries + k << " (step output #" << k << ") has type "
             << declared << " but the body yields " << stepType
             << " per step";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Control flow (RegionBranchOpInterface)
//===----------------------------------------------------------------------===//

unsigned ScanOp::getNumForwardedCarries() {
  unsigned count = 0, numCarries = getCarries().size();
  while (count < numCarries && !hasHistory(count))
    ++count;
  return std::min<unsigned>(count, getNumResults());
}

void ScanOp::getSuccessorRegions(RegionBranchPoint point,
                                 SmallVectorImpl<RegionSuccessor> &regions) {
  // From the op (entry) and from the body (after a step) alike: another step
  // or the end of the loop (no step at all when n_steps is 0). Sizes are
  // clamped so that malformed IR reaches the verifier's diagnostics.
  Block &body = getBody().front();
  unsigned numArgs = std::min<unsigned>(getCarries().size(),
                                        body.getNumArguments());
  regions.push_back(
      RegionSuccessor(&getBody(), body.getArguments().take_front(numArgs)));
  regions.push_back(RegionSuccessor(
      getOperation(), getResults().take_front(getNumForwardedCarries())));
}

OperandRange ScanOp::getEntrySuccessorOperands(RegionSuccessor successor) {
  if (successor.isParent())
    return getCarries().take_front(getNumForwardedCarries());
  return getCarries();
}

bool ScanOp::areTypesCompatible(Type lhs, Type rhs) {
  // A next carry may be more static than the carry, a result less.
  return compatibleTypes(TypeRange{lhs}, TypeRange{rhs}) ||
         compatibleTypes(TypeRange{rhs}, TypeRange{lhs});
}

MutableOperandRange
ScanYieldOp::getMutableSuccessorOperands(RegionSuccessor successor) {
  auto scan = cast<ScanOp>(getOperation()->getParentOp());
  unsigned skip = scan.getUntil() ? 1 : 0;
  unsigned size = getNumOperands();
  unsigned count = successor.isParent() ? scan.getNumForwardedCarries()
                                        : scan.getCarries().size();
  skip = std::min(skip, size);
  return getValuesMutable().slice(skip, std::min(count, size - skip));
}

namespace {

/// Whether `op` in a scan body may run once before the loop instead: it has
/// no effects and no regions, and its operands are invariants, results of
/// ops hoisted already, or constants.
bool isHoistable(Operation *op, const llvm::SmallPtrSetImpl<Value> &invariant) {
  if (op->hasTrait<OpTrait::IsTerminator>() || op->getNumRegions() != 0 ||
      op->getNumOperands() == 0 || !isMemoryEffectFree(op))
    return false;
  // Hoisted results become invariants, which are tensors (a tensor.dim of an
  // invariant, an index, would make the scan invalid).
  if (!llvm::all_of(op->getResultTypes(), llvm::IsaPred<RankedTensorType>))
    return false;
  bool usesInvariant = false;
  for (Value operand : op->getOperands()) {
    if (invariant.contains(operand)) {
      usesInvariant = true;
      continue;
    }
    Operation *def = operand.getDefiningOp();
    if (!def || !def->hasTrait<OpTrait::ConstantLike>())
      return false;
  }
  return usesInvariant;
}

/// symc.scan ... invariants(%w) { ^bb(..., %wi): %t = f(%wi); g(%t, carry) }
///   => %t0 = f(%w); symc.scan ... invariants(%w, %t0)
///        { ^bb(..., %wi, %ti): g(%ti, carry) }
struct HoistLoopInvariantOps : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    Block &body = scan.getBody().front();
    llvm::SmallPtrSet<Value, 8> invariant;
    for (BlockArgument arg : scan.getInvariantArgs())
      invariant.insert(arg);
    SmallVector<Operation *> hoisted;
    for (Operation &op : body.without_terminator()) {
      if (!isHoistable(&op, invariant))
        continue;
      hoisted.push_back(&op);
      for (Value result : op.getResults())
        invariant.insert(result);
    }
    if (hoisted.empty())
      return rewriter.notifyMatchFailure(scan, "no loop-invariant op");

    // Clone the hoisted ops (and the constants they use) before the scan.
    IRMapping outside;
    for (auto [arg, operand] :
         llvm::zip(scan.getInvariantArgs(), scan.getInvariants()))
      outside.map(arg, operand);
    rewriter.setInsertionPoint(scan);
    llvm::SmallPtrSet<Operation *, 8> hoistedSet(hoisted.begin(),
                                                  hoisted.end());
    for (Operation *op : hoisted) {
      for (Value operand : op->getOperands())
        if (!outside.contains(operand))
          rewriter.clone(*operand.getDefiningOp(), outside);
      rewriter.clone(*op, outside);
    }
    // Results still used by the rest of the body become new invariants.
    SmallVector<Value> newInner, newOuter;
    for (Operation *op : hoisted)
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !hoistedSet.contains(user);
            })) {
          newInner.push_back(result);
          newOuter.push_back(outside.lookup(result));
        }

    SmallVector<Value> invariants(scan.getInvariants());
    llvm::append_range(invariants, newOuter);
    auto replacement = ScanOp::create(
        rewriter, scan.getLoc(), scan.getResultTypes(), scan.getNSteps(),
        scan.getCarries(), scan.getSequences(), invariants,
        scan.getHistoryAttr(), scan.getUntilAttr(), scan.getReverseAttr());
    rewriter.inlineRegionBefore(scan.getBody(), replacement.getBody(),
                                replacement.getBody().end());
    Block &moved = replacement.getBody().front();
    SmallVector<BlockArgument> newArgs;
    rewriter.modifyOpInPlace(replacement, [&] {
      for (Value inner : newInner)
        newArgs.push_back(moved.addArgument(inner.getType(), inner.getLoc()));
    });
    for (auto [inner, arg] : llvm::zip(newInner, newArgs))
      rewriter.replaceAllUsesWith(inner, arg);
    for (Operation *op : llvm::reverse(hoisted))
      rewriter.eraseOp(op);
    rewriter.replaceOp(scan, replacement.getResults());
    return success();
  }
};

/// %r:2 = symc.scan ... { ...; symc.scan.yield %c, %y0, %y1 } with %r#1
/// (step output #0) unused
///   => %r = symc.scan ... { ...; symc.scan.yield %c, %y1 }
/// (the body code only %y0 needed is then dead and erased).
struct RemoveUnusedStepOutputs : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    unsigned numCarries = scan.getCarries().size();
    SmallVector<unsigned> kept;
    for (unsigned r = numCarries; r < scan.getNumResults(); ++r)
      if (!scan.getResult(r).use_empty())
        kept.push_back(r);
    if (kept.size() == scan.getNumOutputs())
      return rewriter.notifyMatchFailure(scan, "every step output is used");
    if (kept.empty() && numCarries == 0) {
      // Nothing is used at all; the body has no effects it could keep.
      if (!isMemoryEffectFree(scan))
        return rewriter.notifyMatchFailure(scan, "the body has effects");
      rewriter.eraseOp(scan);
      return success();
    }
    SmallVector<Type> types(TypeRange(scan.getResultTypes()).take_front(numCarries));
    for (unsigned r : kept)
      types.push_back(scan.getResult(r).getType());
    auto replacement = ScanOp::create(
        rewriter, scan.getLoc(), types, scan.getNSteps(), scan.getCarries(),
        scan.getSequences(), scan.getInvariants(), scan.getHistoryAttr(),
        scan.getUntilAttr(), scan.getReverseAttr());
    rewriter.inlineRegionBefore(scan.getBody(), replacement.getBody(),
                                replacement.getBody().end());
    auto yield = cast<ScanYieldOp>(replacement.getYield());
    unsigned lead = (scan.getUntil() ? 1 : 0) + numCarries;
    SmallVector<Value> values(yield.getValues().take_front(lead));
    for (unsigned r : kept)
      values.push_back(yield.getValues()[lead + r - numCarries]);
    rewriter.modifyOpInPlace(
        yield, [&] { yield.getValuesMutable().assign(values); });
    for (unsigned r = 0; r < numCarries; ++r)
      rewriter.replaceAllUsesWith(scan.getResult(r), replacement.getResult(r));
    for (auto [i, r] : llvm::enumerate(kept))
      rewriter.replaceAllUsesWith(scan.getResult(r),
                                  replacement.getResult(numCarries + i));
    rewriter.eraseOp(scan);
    return success();
  }
};

} // namespace

void ScanOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<HoistLoopInvariantOps, RemoveUnusedStepOutputs>(context);
}
