//===- GreedyConfig.h - greedy driver settings of the symc rewrites -------===//
//
// The greedy-driver configuration shared by symc-stabilize, symc-specialize
// and symc-scan-pushout, and the check that lets a rewrite round skip its
// CSE. Both exist for compile time on large graphs (a deep chain's gradient:
// 60,000 ops) and leave the rewrites' results unchanged.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_TRANSFORMS_GREEDYCONFIG_H
#define SYMC_PASSES_TRANSFORMS_GREEDYCONFIG_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

#include <memory>
#include <mutex>

namespace mlir::symc {

/// Region simplification for a greedy rewrite of `root`: off when every
/// region under it has at most one block. There it could only erase unused
/// ops (no unreachable blocks, no block arguments to drop, no blocks to
/// merge), which the driver's last iteration, a scan of every op that
/// changes nothing, has already done; yet it walks the whole function after
/// every iteration.
GreedySimplifyRegionLevel regionSimplificationFor(Operation *root);

/// Records the ops a rewrite inserted or modified (and forgets erased ones),
/// forwarding every notification to `next` (a statistics counter). Also
/// records, apart, the producers of the operands of erased ops: their use
/// counts dropped, which use-count conditions of patterns read.
class ChangedOps : public RewriterBase::ForwardingListener {
public:
  explicit ChangedOps(OpBuilder::Listener *next) : ForwardingListener(next) {}

  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint previous) override;
  void notifyOperationModified(Operation *op) override;
  void notifyOperationErased(Operation *op) override;

  bool empty() const { return ops.empty(); }
  ArrayRef<Operation *> getOps() const { return ops.getArrayRef(); }
  /// Live producers of operands of erased ops (not in getOps()).
  ArrayRef<Operation *> getReleased() const { return released.getArrayRef(); }
  /// Record without a notification (to carry changes over).
  void add(Operation *op) { ops.insert(op); }
  void addReleased(Operation *op) { released.insert(op); }
  /// Notifications received (inserted, modified, erased), ever.
  uint64_t getNumNotifications() const { return notifications; }
  void clear() {
    ops.clear();
    released.clear();
  }

private:
  llvm::SetVector<Operation *> ops;
  llvm::SetVector<Operation *> released;
  uint64_t notifications = 0;
};

/// applyPatternsGreedily on the one region of `root`, with the same result
/// on IR where every rewrite's effect is local (see below), in a fraction of
/// the time when the first iteration changes few ops. The greedy driver
/// repeats full iterations, each trying every pattern and fold on every op,
/// until one changes nothing; a gradient whose rewrites fire once (its
/// seed) pays a second full iteration that finds nothing. Here the first
/// iteration is the driver's; each later one starts like the driver's (a
/// walk that CSEs and hoists the constants) but visits, in the driver's
/// order, only the ops an iteration before changed or inserted, their
/// users, the producers of their operands and the ops whose operands lost
/// a use, as the driver's own worklist does within an iteration. What the
/// full iteration could find beyond those (a pattern reading three levels
/// deep whose innermost op alone changed) is not looked for.
/// Falls back to applyPatternsGreedily where region simplification is on or
/// the strictness is not AnyOp. `changed` as in applyPatternsGreedily.
/// With `since`: the region was a fixpoint of `patterns` before the changes
/// `since` recorded, and even the first iteration visits only those.
LogicalResult applyPatternsIncrementally(Operation *root,
                                         const FrozenRewritePatternSet &patterns,
                                         GreedyRewriteConfig config,
                                         bool *changed = nullptr,
                                         const ChangedOps *since = nullptr);

/// Forwards every notification to `next` and records the changes in `log`
/// too (when not null).
class RecordingListener : public RewriterBase::ForwardingListener {
public:
  RecordingListener(OpBuilder::Listener *next, ChangedOps *log)
      : ForwardingListener(next), log(log) {}

  void notifyOperationInserted(Operation *op,
                               OpBuilder::InsertPoint previous) override;
  void notifyOperationModified(Operation *op) override;
  void notifyOperationErased(Operation *op) override;

private:
  ChangedOps *log;
};

/// What the steps of one symc-optimize-pipeline run changed in each
/// function since its first cleanup (canonicalize, then cse) left it a
/// fixpoint of canonicalization and free of common subexpressions, so that
/// the last cleanup needs to look at those changes only. The first
/// canonicalize starts a function's entry when it converged; the steps
/// between record every change they make into it; the last cse drops it.
/// Functions run in parallel: the table is locked, an entry belongs to the
/// one thread running passes on its function.
class CleanupLog {
public:
  struct Entry {
    /// The first cse ran after the entry started.
    bool freeOfCommonSubexpressions = false;
    ChangedOps changes{nullptr};
  };

  /// A new, empty entry for `func`, replacing any older one.
  Entry &start(Operation *func);
  /// The entry of `func`, or null.
  Entry *find(Operation *func);
  void drop(Operation *func);

  /// Where a rewrite step between the cleanups records its changes to
  /// `func`: its entry's, or null without a log or an entry.
  static ChangedOps *changesOf(const std::shared_ptr<CleanupLog> &log,
                               Operation *func) {
    Entry *entry = log ? log->find(func) : nullptr;
    return entry ? &entry->changes : nullptr;
  }

  /// `pass` (a rewrite step of the pipeline, with a `log` member) recording
  /// into `log`.
  template <typename PassT>
  static std::unique_ptr<PassT> attach(std::unique_ptr<PassT> pass,
                                       std::shared_ptr<CleanupLog> log) {
    pass->log = std::move(log);
    return pass;
  }

private:
  std::mutex mutex;
  llvm::DenseMap<Operation *, std::unique_ptr<Entry>> entries;
};

/// False when CSE of a function that was free of common subexpressions
/// before `changed` were inserted or modified would find nothing: no changed
/// op (nor an op enclosing one) is equivalent to another op using the same
/// operand. True when it may find something, conservatively for ops without
/// operands and for ops whose operands all have many users.
bool mayHaveCommonSubexpressions(const ChangedOps &changed);

/// False when CSE of `root` would find nothing: no op in it is equivalent to
/// another op using the same operand (same conservative rules). Constants
/// are taken to be unique already, as a converged greedy rewrite with
/// constant CSE leaves them. Far cheaper than the CSE it can spare: a
/// use-list walk per op, no hashing.
bool mayHaveAnyCommonSubexpressions(Operation *root);

} // namespace mlir::symc

#endif // SYMC_PASSES_TRANSFORMS_GREEDYCONFIG_H
