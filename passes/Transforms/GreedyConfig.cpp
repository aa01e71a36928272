//===- GreedyConfig.cpp - greedy driver settings of the symc rewrites -----===//
//
// Implements the region-simplification choice and the CSE-skipping check of
// GreedyConfig.h. The check looks only at the users of one operand of each
// changed op, so a round that changed a few ops costs a few use-list walks,
// not a hash of every op in the function.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/GreedyConfig.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/FoldUtils.h"
#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace mlir::symc;

GreedySimplifyRegionLevel mlir::symc::regionSimplificationFor(Operation *root) {
  bool multiBlock = false;
  root->walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      if (!region.empty() && !region.hasOneBlock()) {
        multiBlock = true;
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  return multiBlock ? GreedySimplifyRegionLevel::Aggressive
                    : GreedySimplifyRegionLevel::Disabled;
}

void ChangedOps::notifyOperationInserted(Operation *op,
                                         OpBuilder::InsertPoint previous) {
  ++notifications;
  ops.insert(op);
  ForwardingListener::notifyOperationInserted(op, previous);
}

void ChangedOps::notifyOperationModified(Operation *op) {
  ++notifications;
  ops.insert(op);
  ForwardingListener::notifyOperationModified(op);
}

void ChangedOps::notifyOperationErased(Operation *op) {
  ++notifications;
  // Erasing an op erases the ops nested in it without notifying them.
  op->walk([&](Operation *nested) {
    ops.remove(nested);
    released.remove(nested);
  });
  for (Value operand : op->getOperands())
    if (Operation *producer = operand.getDefiningOp())
      if (!op->isAncestor(producer) && !ops.contains(producer))
        released.insert(producer);
  ForwardingListener::notifyOperationErased(op);
}

/// Users of one value visited at most, per operand, when looking for a
/// duplicate (the shared constant 1.01 of a 5000-step chain has 10,000).
constexpr unsigned kMaxUsersScanned = 64;

/// True when `op` may be equivalent (for CSE) to another op.
static bool mayHaveDuplicate(Operation *op) {
  if (op->getNumOperands() == 0)
    return true;
  // A duplicate uses each of op's operands; look among the users of an
  // operand with few of them.
  for (Value operand : op->getOperands()) {
    auto users = operand.getUsers();
    if (!llvm::hasNItemsOrLess(users.begin(), users.end(), kMaxUsersScanned))
      continue;
    for (Operation *user : users)
      if (user != op &&
          OperationEquivalence::isEquivalentTo(
              op, user, OperationEquivalence::IgnoreLocations))
        return true;
    return false;
  }
  return true;
}

bool mlir::symc::mayHaveCommonSubexpressions(const ChangedOps &changed) {
  // An op whose region changed compares differently to its peers too.
  llvm::SmallPtrSet<Operation *, 16> checked;
  for (Operation *op : changed.getOps())
    for (Operation *o = op; o && !isa<FunctionOpInterface>(o);
         o = o->getParentOp())
      if (checked.insert(o).second && mayHaveDuplicate(o))
        return true;
  return false;
}

bool mlir::symc::mayHaveAnyCommonSubexpressions(Operation *root) {
  WalkResult result = root->walk([&](Operation *op) {
    if (op == root || op->hasTrait<OpTrait::ConstantLike>())
      return WalkResult::advance();
    return mayHaveDuplicate(op) ? WalkResult::interrupt()
                                : WalkResult::advance();
  });
  return result.wasInterrupted();
}

/// Users of a released producer revisited at most: a use-count condition
/// (one use, no use) can only have changed for a value with few users left.
constexpr unsigned kMaxReleasedUsers = 4;

/// Levels of users revisited above a changed op: the deepest symc pattern
/// (the softmax gradient's, s * (g - sum(g * s))) reads three levels below
/// its root, so a change there can make the root match.
constexpr unsigned kUserLevels = 3;

/// The ops an iteration after the one that recorded `changed` may rewrite:
/// the changed ops, their users up to kUserLevels levels, the producers of
/// their operands, and the users of values that lost a use, when few.
static llvm::DenseSet<Operation *> opsToRevisit(const ChangedOps &changed) {
  llvm::DenseSet<Operation *> revisit;
  SmallVector<Operation *> level;
  for (Operation *op : changed.getOps()) {
    if (revisit.insert(op).second)
      level.push_back(op);
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        revisit.insert(producer);
  }
  for (unsigned depth = 0; depth < kUserLevels && !level.empty(); ++depth) {
    SmallVector<Operation *> users;
    for (Operation *op : level)
      for (Operation *user : op->getUsers())
        if (revisit.insert(user).second)
          users.push_back(user);
    level = std::move(users);
  }
  for (Operation *producer : changed.getReleased()) {
    revisit.insert(producer);
    auto users = producer->getUsers();
    if (llvm::hasNItemsOrLess(users.begin(), users.end(), kMaxReleasedUsers))
      for (Operation *user : users)
        revisit.insert(user);
  }
  return revisit;
}

void RecordingListener::notifyOperationInserted(
    Operation *op, OpBuilder::InsertPoint previous) {
  if (log)
    log->notifyOperationInserted(op, previous);
  ForwardingListener::notifyOperationInserted(op, previous);
}

void RecordingListener::notifyOperationModified(Operation *op) {
  if (log)
    log->notifyOperationModified(op);
  ForwardingListener::notifyOperationModified(op);
}

void RecordingListener::notifyOperationErased(Operation *op) {
  if (log)
    log->notifyOperationErased(op);
  ForwardingListener::notifyOperationErased(op);
}

CleanupLog::Entry &CleanupLog::start(Operation *func) {
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<Entry> &entry = entries[func];
  entry = std::make_unique<Entry>();
  return *entry;
}

CleanupLog::Entry *CleanupLog::find(Operation *func) {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = entries.find(func);
  return it == entries.end() ? nullptr : it->second.get();
}

void CleanupLog::drop(Operation *func) {
  std::lock_guard<std::mutex> lock(mutex);
  entries.erase(func);
}

/// What the greedy driver does first in each iteration: CSE and hoist the
/// constants of `region` (those folds materialized mid-block included), in
/// its walk order, notifying `listener` of the users it rewires.
static void cseConstants(Region &region, const GreedyRewriteConfig &config,
                         OpBuilder::Listener *listener) {
  OperationFolder folder(region.getContext(), listener);
  // Whether ops of a name are constants, asked once per name: m_Constant
  // asks the op's trait list, one virtual call and a scan of a dozen
  // traits, for each of a gradient's 45k ops.
  llvm::SmallDenseMap<OperationName, bool, 16> constantLike;
  auto insertKnownConstant = [&](Operation *op) {
    auto [it, inserted] = constantLike.try_emplace(op->getName(), false);
    if (inserted)
      it->second = op->hasTrait<OpTrait::ConstantLike>();
    Attribute value;
    return it->second && matchPattern(op, m_Constant(&value)) &&
           !folder.insertKnownConstant(op, value);
  };
  if (config.getUseTopDownTraversal())
    region.walk<WalkOrder::PreOrder>([&](Operation *op) {
      return insertKnownConstant(op) ? WalkResult::skip()
                                     : WalkResult::advance();
    });
  else
    region.walk([&](Operation *op) { (void)insertKnownConstant(op); });
}

LogicalResult
mlir::symc::applyPatternsIncrementally(Operation *root,
                                       const FrozenRewritePatternSet &patterns,
                                       GreedyRewriteConfig config,
                                       bool *changed, const ChangedOps *since) {
  if (root->getNumRegions() != 1 ||
      config.getRegionSimplificationLevel() !=
          GreedySimplifyRegionLevel::Disabled ||
      config.getStrictness() != GreedyRewriteStrictness::AnyOp ||
      config.getScope())
    return applyPatternsGreedily(root, patterns, config, changed);
  Region &region = root->getRegion(0);
  OpBuilder::Listener *listener = config.getListener();
  int64_t maxIterations = config.getMaxIterations();
  bool limited = maxIterations != GreedyRewriteConfig::kNoLimit;

  // Iteration 1: the driver's, over every op (unless `since` says which
  // ops changed since the region was a fixpoint).
  auto recorded = std::make_unique<ChangedOps>(listener);
  bool anyChange = false;
  auto finish = [&](bool result) {
    if (changed)
      *changed = anyChange;
    return success(result);
  };
  int64_t firstSeeded = 1;
  if (since) {
    for (Operation *op : since->getOps())
      recorded->add(op);
    for (Operation *op : since->getReleased())
      recorded->addReleased(op);
  } else {
    // The driver's first step, done here so that the users it rewires (in
    // a frontend's graph: every user of a repeated constant) are not taken
    // for changes the later iterations must revisit; the driver visits
    // them all after it. (The driver's own walk then finds nothing to do.)
    if (config.isConstantCSEEnabled())
      cseConstants(region, config, listener);
    GreedyRewriteConfig first = config;
    first.setListener(recorded.get()).setMaxIterations(1);
    bool changedFirst = false;
    bool converged = succeeded(
        applyPatternsGreedily(region, patterns, first, &changedFirst));
    // As the driver reports: CSE of constants alone is no change.
    anyChange = changedFirst;
    if (converged)
      return finish(true);
    firstSeeded = 2;
  }

  for (int64_t k = firstSeeded;; ++k) {
    if (limited && k > maxIterations)
      return finish(false);
    // The driver starts each iteration by CSE-ing and hoisting the
    // constants (those that folds materialized mid-block included); the
    // users it rewires count as changed.
    if (config.isConstantCSEEnabled())
      cseConstants(region, config, recorded.get());
    llvm::DenseSet<Operation *> revisit = opsToRevisit(*recorded);
    // In the driver's order: it pops its worklist from the back, and fills
    // it in reverse preorder (top-down) or in postorder (bottom-up).
    SmallVector<Operation *> worklist;
    // Unused ops, wherever they are, go as in the driver's full iteration
    // (a rewrite that drops an operand in place does not say so).
    auto collect = [&](Operation *op) {
      if (revisit.contains(op) || (op->use_empty() && isOpTriviallyDead(op)))
        worklist.push_back(op);
    };
    if (config.getUseTopDownTraversal()) {
      region.walk<WalkOrder::PreOrder>(collect);
      std::reverse(worklist.begin(), worklist.end());
    } else {
      region.walk(collect);
    }
    if (worklist.empty())
      return finish(true);
    auto next = std::make_unique<ChangedOps>(listener);
    GreedyRewriteConfig rest = config;
    rest.setListener(next.get()).setScope(&region);
    bool changedNow = false;
    (void)applyOpPatternsGreedily(worklist, patterns, rest, &changedNow);
    if (!changedNow)
      return finish(true);
    anyChange = true;
    recorded = std::move(next);
  }
}
