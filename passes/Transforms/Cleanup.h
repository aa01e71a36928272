//===- Cleanup.h - the optimize pipeline's canonicalize and cse steps -----===//
//
// The canonicalize and cse steps of symc-optimize-pipeline: MLIR's
// canonicalizer and CSE, computing the same IR, made incremental through a
// CleanupLog (GreedyConfig.h) that the pipeline's steps share. See
// Cleanup.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_TRANSFORMS_CLEANUP_H
#define SYMC_PASSES_TRANSFORMS_CLEANUP_H

#include "passes/Passes.h"
#include "passes/Transforms/GreedyConfig.h"

#include "mlir/Pass/Pass.h"

namespace mlir::symc {

/// Where a cleanup step sits in the pipeline.
enum class CleanupRole {
  /// The first canonicalize/cse: runs in full, starts (canonicalize) or
  /// completes (cse) the log.
  First,
  /// The last canonicalize/cse: looks at the logged changes only, when the
  /// log has an entry for the function, and ends the log.
  Last,
};

/// `canonicalize` on func.func: MLIR's canonicalization patterns with
/// `config`, iterations after the first incremental
/// (applyPatternsIncrementally). Prints as `canonicalize` with the
/// canonicalizer's options.
std::unique_ptr<Pass> createLoggedCanonicalizerPass(
    const GreedyRewriteConfig &config, CleanupRole role,
    std::shared_ptr<CleanupLog> log);

/// `cse` on func.func: MLIR's CSE, skipped as the last step when the log
/// shows that the changes since the first one made no duplicate.
std::unique_ptr<Pass> createLoggedCSEPass(CleanupRole role,
                                          std::shared_ptr<CleanupLog> log);

/// The rewrite steps between the two cleanups, recording their changes in
/// `log`.
std::unique_ptr<Pass> createStabilizePass(const StabilizePassOptions &options,
                                          std::shared_ptr<CleanupLog> log);
std::unique_ptr<Pass> createScanPushoutPass(std::shared_ptr<CleanupLog> log);
std::unique_ptr<Pass>
createSpecializePass(const SpecializePassOptions &options,
                     std::shared_ptr<CleanupLog> log);

} // namespace mlir::symc

#endif // SYMC_PASSES_TRANSFORMS_CLEANUP_H
