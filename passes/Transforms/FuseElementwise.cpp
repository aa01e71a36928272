//===- FuseElementwise.cpp - elementwise fusion in linear time ------------===//
//
// Implements symc-fuse-elementwise: elementwise linalg.generic ops on tensors
// that feed each other through identity maps become one linalg.generic whose
// body holds all of theirs, in one pass over each block, each body cloned
// once. Upstream's linalg-fuse-elementwise-ops fuses one producer into one
// consumer at a time and clones the whole fused body each time, so a chain
// of n ops costs O(n^2) (a 1000-step chain took a minute); it also builds
// one unbounded loop body, a single basic block that LLVM's scheduling and
// instruction selection handle in superlinear time. Here a fused body is
// capped at `max-ops` operations: a longer chain becomes several loops
// joined by intermediate tensors, compile time stays linear, and each
// loop is still compute-bound.
//
// After the grouping, upstream's fusion patterns (and the canonicalizations
// and splat-constant folding of linalg-fuse-elementwise-ops) run with the
// same cap, so producers the grouping leaves alone (a broadcast feeding a
// reduction, for example) still fuse, at a bounded cost per fusion.
//
// A body may call a shared payload function (convert-symc-to-linalg makes
// them for large symc.fused_elementwise regions): the call is fused like
// any op and counts as the payload's size against the cap.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::symc {
#define GEN_PASS_DEF_FUSEELEMENTWISEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The marker of shared payload functions (symc-outline-payloads,
/// convert-symc-to-linalg).
constexpr llvm::StringLiteral kPayloadAttr = "symc.payload";

/// The sizes of the payload functions bodies call, found at first use. A
/// call of one stands for its whole body: fusing bodies that call payloads
/// must stay within the cap once they are inlined again.
///
/// This reads functions other than the one the pass runs on; only payload
/// functions, which this pass leaves alone (see runOnOperation), so no
/// thread changes what another reads.
class PayloadSizes {
public:
  explicit PayloadSizes(Operation *from) : from(from) {}

  /// Ops of the payload `call` calls (terminator excluded), or 1 for other
  /// calls.
  unsigned of(func::CallOp call) {
    auto [it, inserted] = sizes.try_emplace(call.getCalleeAttr().getAttr(), 1);
    if (inserted) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          from, call.getCalleeAttr());
      if (callee && callee->hasAttr(kPayloadAttr) && !callee.isExternal())
        it->second = callee.getBody().front().getOperations().size() - 1;
    }
    return it->second;
  }

private:
  Operation *from;
  llvm::DenseMap<StringAttr, unsigned> sizes;
};

/// Operations in the body of `op`, payload calls counted as their payloads,
/// counting up to `limit + 1` at most (the count of an ilist is linear).
unsigned bodySize(linalg::GenericOp op, unsigned limit, PayloadSizes &payloads) {
  unsigned n = 0;
  for (Operation &inner : op.getRegion().front()) {
    auto call = dyn_cast<func::CallOp>(inner);
    n += call ? payloads.of(call) : 1;
    if (n > limit)
      return limit + 1;
  }
  return n;
}

/// A generic the grouping may take: all loops parallel, one tensor result
/// written through the identity map, a body that never reads the initial
/// value of its output and holds no nested regions.
bool isMember(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      op->getNumResults() != 1 ||
      op.getNumLoops() != op.getNumParallelLoops())
    return false;
  OpOperand *init = op.getDpsInitOperand(0);
  if (!op.getMatchingIndexingMap(init).isIdentity() ||
      op.payloadUsesValueFromOperand(init))
    return false;
  if (op.getRegion().getBlocks().size() != 1)
    return false;
  for (Operation &inner : op.getRegion().front())
    if (inner.getNumRegions() != 0)
      return false;
  return true;
}

/// One group being formed: members in block order, sharing one iteration
/// space (each joined through an identity-mapped input from the group).
struct Group {
  SmallVector<linalg::GenericOp> members;
  unsigned size = 0;
  bool closed = false;
};

class Grouper {
public:
  Grouper(unsigned maxOps, PayloadSizes &payloads)
      : maxOps(maxOps), payloads(payloads) {}

  /// Groups and fuses the ops of `block`; returns how many ops were fused away.
  unsigned run(Block &block) {
    groups.clear();
    groupOf.clear();
    for (Operation &op : llvm::make_early_inc_range(block)) {
      auto generic = dyn_cast<linalg::GenericOp>(&op);
      if (generic && isMember(generic) && tryJoin(generic))
        continue;
      // Any use of a group's value outside the group closes that group: its
      // fused op goes where its last member is, before this use.
      op.walk([&](Operation *inner) {
        for (Value v : inner->getOperands())
          closeGroupOf(v);
      });
      if (generic && isMember(generic))
        startGroup(generic);
    }
    unsigned fused = 0;
    for (Group &g : groups)
      fused += fuse(g);
    return fused;
  }

private:
  void closeGroupOf(Value v) {
    auto it = groupOf.find(v);
    if (it != groupOf.end())
      groups[it->second].closed = true;
  }

  void startGroup(linalg::GenericOp op) {
    groups.push_back(Group());
    Group &g = groups.back();
    g.members.push_back(op);
    g.size = bodySize(op, maxOps, payloads);
    groupOf[op->getResult(0)] = groups.size() - 1;
  }

  /// Adds `op` to the open group of one of its identity-mapped inputs, if
  /// every input it takes from open groups comes from that one group through
  /// an identity map and the body stays within the cap.
  bool tryJoin(linalg::GenericOp op) {
    std::optional<size_t> target;
    for (OpOperand *input : op.getDpsInputOperands()) {
      auto it = groupOf.find(input->get());
      if (it == groupOf.end() || groups[it->second].closed)
        continue;
      if (!op.getMatchingIndexingMap(input).isIdentity() ||
          (target && *target != it->second))
        return false;
      target = it->second;
    }
    if (!target)
      return false;
    Group &g = groups[*target];
    unsigned size = bodySize(op, maxOps, payloads);
    if (g.size + size > maxOps)
      return false;
    g.members.push_back(op);
    g.size += size;
    groupOf[op->getResult(0)] = *target;
    return true;
  }

  /// Replaces the members of `g` by one generic. Returns the number of ops
  /// removed.
  unsigned fuse(Group &g) {
    if (g.members.size() < 2)
      return 0;
    llvm::SmallPtrSet<Operation *, 32> inGroup;
    for (linalg::GenericOp m : g.members)
      inGroup.insert(m);
    linalg::GenericOp last = g.members.back();
    MLIRContext *ctx = last.getContext();
    unsigned numLoops = last.getNumLoops();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(numLoops, ctx);

    // External inputs (value and map, deduplicated) and the results used
    // outside the group.
    llvm::MapVector<std::pair<Value, AffineMap>, unsigned> inputs;
    SmallVector<linalg::GenericOp> outputs;
    for (linalg::GenericOp m : g.members) {
      for (OpOperand *input : m.getDpsInputOperands()) {
        Operation *def = input->get().getDefiningOp();
        if (def && inGroup.contains(def))
          continue;
        auto key = std::make_pair(input->get(), m.getMatchingIndexingMap(input));
        inputs.try_emplace(key, inputs.size());
      }
      bool usedOutside = llvm::any_of(m->getResult(0).getUsers(), [&](Operation *user) {
        return !inGroup.contains(user);
      });
      if (usedOutside)
        outputs.push_back(m);
    }
    if (outputs.empty())
      return 0;

    SmallVector<Value> inputValues, initValues;
    SmallVector<AffineMap> maps;
    for (auto &entry : inputs) {
      inputValues.push_back(entry.first.first);
      maps.push_back(entry.first.second);
    }
    SmallVector<Type> resultTypes;
    for (linalg::GenericOp m : outputs) {
      initValues.push_back(m.getDpsInitOperand(0)->get());
      maps.push_back(identity);
      resultTypes.push_back(m->getResult(0).getType());
    }
    SmallVector<utils::IteratorType> iterators(numLoops, utils::IteratorType::parallel);

    OpBuilder builder(last);
    auto fused = linalg::GenericOp::create(
        builder, last.getLoc(), resultTypes, inputValues, initValues, maps, iterators,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          llvm::DenseMap<Operation *, Value> yielded;
          for (linalg::GenericOp m : g.members) {
            Block &body = m.getRegion().front();
            IRMapping mapping;
            for (OpOperand *input : m.getDpsInputOperands()) {
              BlockArgument arg = m.getMatchingBlockArgument(input);
              Operation *def = input->get().getDefiningOp();
              if (def && inGroup.contains(def)) {
                mapping.map(arg, yielded.lookup(def));
                continue;
              }
              auto key = std::make_pair(input->get(), m.getMatchingIndexingMap(input));
              mapping.map(arg, args[inputs.lookup(key)]);
            }
            for (Operation &inner : body.without_terminator())
              b.clone(inner, mapping);
            auto yield = cast<linalg::YieldOp>(body.getTerminator());
            yielded[m] = mapping.lookupOrDefault(yield.getOperand(0));
          }
          SmallVector<Value> results;
          for (linalg::GenericOp m : outputs)
            results.push_back(yielded.lookup(m));
          linalg::YieldOp::create(b, loc, results);
        });
    for (auto [k, m] : llvm::enumerate(outputs)) {
      Value result = fused->getResult(k);
      m->getResult(0).replaceUsesWithIf(result, [&](OpOperand &use) {
        return !inGroup.contains(use.getOwner());
      });
    }
    for (linalg::GenericOp m : llvm::reverse(g.members))
      m->erase();
    return g.members.size() - 1;
  }

  unsigned maxOps;
  PayloadSizes &payloads;
  SmallVector<Group> groups; // a SmallVector: indices stay valid
  llvm::DenseMap<Value, size_t> groupOf;
};

struct FuseElementwisePass
    : public symc::impl::FuseElementwisePassBase<FuseElementwisePass> {
  using FuseElementwisePassBase::FuseElementwisePassBase;

  void runOnOperation() override {
    Operation *root = getOperation();
    // Payload functions hold scalar code only; other functions' runs read
    // their sizes (PayloadSizes), so they must not change here.
    if (root->hasAttr(kPayloadAttr))
      return;
    unsigned cap = maxOps;
    PayloadSizes payloads(root);
    // Blocks are collected first: fusing changes the ops, not the blocks.
    SmallVector<Block *> blocks;
    // Bodies of linalg ops hold scalars only.
    root->walk([&](Block *block) {
      if (!isa<linalg::LinalgOp>(block->getParentOp()))
        blocks.push_back(block);
    });
    Grouper grouper(cap, payloads);
    for (Block *block : blocks)
      grouper.run(*block);

    // The remaining fusions upstream's patterns find (producers that are
    // not plain chains), each bounded by the cap; plus the clean-ups of
    // linalg-fuse-elementwise-ops.
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    linalg::ControlFusionFn control = [cap, &payloads](OpOperand *fusedOperand) {
      auto producer = fusedOperand->get().getDefiningOp<linalg::GenericOp>();
      auto consumer = dyn_cast<linalg::GenericOp>(fusedOperand->getOwner());
      if (!producer || !consumer || !producer->hasOneUse())
        return false;
      return bodySize(producer, cap, payloads) +
                 bodySize(consumer, cap, payloads) <=
             cap;
    };
    linalg::ControlFusionFn oneUse = [](OpOperand *fusedOperand) {
      Operation *producer = fusedOperand->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    linalg::populateElementwiseOpsFusionPatterns(patterns, control);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, oneUse);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, ctx);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, ctx);
    ctx->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, oneUse);
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(true);
    // Not converging within the iteration limit leaves valid IR (as in
    // linalg-fuse-elementwise-ops).
    (void)applyPatternsGreedily(root, std::move(patterns), config);
  }
};

} // namespace
