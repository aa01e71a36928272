//===- Cleanup.cpp - the optimize pipeline's canonicalize and cse steps ---===//
//
// symc-optimize-pipeline cleans up twice: canonicalize + cse first (the
// frontend's duplicates, its gradient seeds), and again after symc-stabilize,
// symc-scan-pushout and symc-specialize (what their rewrites left). MLIR's
// passes look at every op each time; on the 60,000 ops of a deep chain's
// gradient, where the rewrites in between change a handful, the second
// cleanup was a quarter of the pipeline and found nothing. These two passes
// compute what MLIR's canonicalize and cse compute, but read a CleanupLog the
// pipeline's steps share: the first canonicalize starts a function's log
// when it converged, the first cse completes it, the rewrite passes record
// their changes into it, and the last canonicalize then visits the logged
// ops and their neighbourhood only (applyPatternsIncrementally), the last
// cse runs only when a logged op may have a duplicate. Without a log entry
// (a step excluded, no convergence) both run in full.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/Cleanup.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

struct LoggedCanonicalizer
    : PassWrapper<LoggedCanonicalizer, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(LoggedCanonicalizer)

  LoggedCanonicalizer(const GreedyRewriteConfig &config, CleanupRole role,
                      std::shared_ptr<CleanupLog> log)
      : role(role), log(std::move(log)) {
    topDown = config.getUseTopDownTraversal();
    regionSimplify = config.getRegionSimplificationLevel();
    maxIterations = config.getMaxIterations();
    maxNumRewrites = config.getMaxNumRewrites();
  }
  LoggedCanonicalizer(const LoggedCanonicalizer &other)
      : PassWrapper(other), role(other.role), log(other.log),
        patterns(other.patterns) {}

  // It stands for MLIR's canonicalizer in the pipeline (and in its dump,
  // which the frontend reads step names from).
  StringRef getArgument() const override { return "canonicalize"; }
  StringRef getName() const override { return "SymcCanonicalizer"; }
  StringRef getDescription() const override {
    return "MLIR's canonicalize, incremental after the first iteration and, "
           "as the optimize pipeline's last step, over the logged changes";
  }

  LogicalResult initialize(MLIRContext *context) override {
    // As MLIR's canonicalizer: every loaded dialect's and registered op's
    // patterns.
    RewritePatternSet set(context);
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(set);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(set, context);
    patterns = std::make_shared<FrozenRewritePatternSet>(std::move(set));
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    GreedyRewriteConfig config;
    config.setUseTopDownTraversal(topDown)
        .setRegionSimplificationLevel(regionSimplify)
        .setMaxIterations(maxIterations)
        .setMaxNumRewrites(maxNumRewrites);
    CleanupLog::Entry *entry =
        role == CleanupRole::Last && log ? log->find(func) : nullptr;
    // The last canonicalize's own changes go to the log too, for the cse
    // after it. A copy of the changes so far seeds it.
    ChangedOps since(nullptr);
    RecordingListener recorder(nullptr, entry ? &entry->changes : nullptr);
    if (entry) {
      for (Operation *op : entry->changes.getOps())
        since.add(op);
      for (Operation *op : entry->changes.getReleased())
        since.addReleased(op);
      config.setListener(&recorder);
    }
    LogicalResult converged = applyPatternsIncrementally(
        func, *patterns, config, /*changed=*/nullptr, entry ? &since : nullptr);
    if (role == CleanupRole::First && log) {
      if (succeeded(converged))
        log->start(func);
      else
        log->drop(func);
    }
    if (testConvergence && failed(converged))
      signalPassFailure();
  }

  // The canonicalizer's options, as it prints them.
  Option<bool> topDown{*this, "top-down",
                       llvm::cl::desc("Seed the worklist in general top-down "
                                      "order"),
                       llvm::cl::init(true)};
  Option<GreedySimplifyRegionLevel> regionSimplify{
      *this, "region-simplify",
      llvm::cl::desc("Perform control flow optimizations to the region tree"),
      llvm::cl::init(GreedySimplifyRegionLevel::Normal),
      llvm::cl::values(
          clEnumValN(GreedySimplifyRegionLevel::Disabled, "disabled",
                     "Don't run any control-flow simplification."),
          clEnumValN(GreedySimplifyRegionLevel::Normal, "normal",
                     "Perform simple control-flow simplifications (e.g. "
                     "dead args elimination)."),
          clEnumValN(GreedySimplifyRegionLevel::Aggressive, "aggressive",
                     "Perform aggressive control-flow simplification (e.g. "
                     "block merging)."))};
  Option<int64_t> maxIterations{
      *this, "max-iterations",
      llvm::cl::desc("Max. iterations between applying patterns / "
                     "simplifying regions"),
      llvm::cl::init(10)};
  Option<int64_t> maxNumRewrites{
      *this, "max-num-rewrites",
      llvm::cl::desc("Max. number of pattern rewrites within an iteration"),
      llvm::cl::init(-1)};
  Option<bool> testConvergence{
      *this, "test-convergence",
      llvm::cl::desc("Test only: Fail pass on non-convergence to detect "
                     "cyclic pattern"),
      llvm::cl::init(false)};

  CleanupRole role;
  std::shared_ptr<CleanupLog> log;
  std::shared_ptr<FrozenRewritePatternSet> patterns;
};

struct LoggedCSE : PassWrapper<LoggedCSE, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(LoggedCSE)

  LoggedCSE(CleanupRole role, std::shared_ptr<CleanupLog> log)
      : role(role), log(std::move(log)) {}
  LoggedCSE(const LoggedCSE &other)
      : PassWrapper(other), role(other.role), log(other.log) {}

  StringRef getArgument() const override { return "cse"; }
  StringRef getName() const override { return "SymcCSE"; }
  StringRef getDescription() const override {
    return "MLIR's cse, skipped as the optimize pipeline's last step when "
           "no logged change may have made a duplicate";
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    CleanupLog::Entry *entry = log ? log->find(func) : nullptr;
    if (role == CleanupRole::Last) {
      // The function was free of common subexpressions before the logged
      // changes; a new one involves a changed op.
      bool skip = entry && entry->freeOfCommonSubexpressions &&
                  !mayHaveCommonSubexpressions(entry->changes);
      if (log)
        log->drop(func);
      if (skip)
        return markAllAnalysesPreserved();
      entry = nullptr;
    }
    // First: right after a converged canonicalize (its log entry says so),
    // which left no unused op (CSE's other work) and unique constants, CSE
    // finds something only where an op has a duplicate among the users of
    // its operands; a graph without any (the frontend emits fresh values
    // for a chain's steps) is spared the hashing of every op.
    if (role == CleanupRole::First && entry && entry->changes.empty() &&
        !mayHaveAnyCommonSubexpressions(func)) {
      entry->freeOfCommonSubexpressions = true;
      return markAllAnalysesPreserved();
    }
    RecordingListener recorder(nullptr, entry ? &entry->changes : nullptr);
    IRRewriter rewriter(&getContext(), &recorder);
    bool changed = false;
    eliminateCommonSubExpressions(rewriter, getAnalysis<DominanceInfo>(),
                                  func, &changed);
    if (entry)
      entry->freeOfCommonSubexpressions = true;
    if (!changed)
      return markAllAnalysesPreserved();
    markAnalysesPreserved<DominanceInfo, PostDominanceInfo>();
  }

  CleanupRole role;
  std::shared_ptr<CleanupLog> log;
};

} // namespace

std::unique_ptr<Pass>
mlir::symc::createLoggedCanonicalizerPass(const GreedyRewriteConfig &config,
                                          CleanupRole role,
                                          std::shared_ptr<CleanupLog> log) {
  return std::make_unique<LoggedCanonicalizer>(config, role, std::move(log));
}

std::unique_ptr<Pass>
mlir::symc::createLoggedCSEPass(CleanupRole role,
                                std::shared_ptr<CleanupLog> log) {
  return std::make_unique<LoggedCSE>(role, std::move(log));
}
