//===- EliminateEmptyTensors.cpp - empty-tensor elimination where needed --===//
//
// Implements symc-eliminate-empty-tensors: upstream's empty-tensor
// elimination (a result written into a slice of a larger tensor is computed
// in that slice instead of into a temporary copied there), run only on a
// module that has a subset insertion (tensor.insert_slice and the other ops
// of SubsetInsertionOpInterface) for it to act on. The elimination starts
// with one-shot-bufferize's whole-module analysis whatever the module holds;
// straight-line elementwise code (a deep chain and its gradient) has no
// insertion, and that analysis was then a second bufferization analysis of
// tens of thousands of ops for nothing (B4's gradient: 73M instructions,
// 2% of its lowering). Scans write their steps' rows into their output
// arrays with insertions, so they still get the elimination.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/RewriteUtils.h"

#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SubsetOpInterface.h"

namespace mlir::symc {
#define GEN_PASS_DEF_ELIMINATEEMPTYTENSORSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// What --mlir-pass-statistics reports (MLIR's own pass statistics are
/// compiled out of release builds of LLVM).
const RewriteInfo kEliminationRuns[] = {
    {"analyzed", "a module with a subset insertion: analysis and elimination"},
    {"skipped", "a module without one: nothing to eliminate, no analysis"},
};

struct EliminateEmptyTensorsPass
    : symc::impl::EliminateEmptyTensorsPassBase<EliminateEmptyTensorsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    bool hasInsertion =
        module
            ->walk([](SubsetInsertionOpInterface) {
              return WalkResult::interrupt();
            })
            .wasInterrupted();
    PatternCounter counter;
    counter.add(hasInsertion ? "analyzed" : "skipped");
    recordRewriteStatistics(getArgument(), kEliminationRuns, counter);
    if (!hasInsertion) {
      markAllAnalysesPreserved();
      return;
    }
    IRRewriter rewriter(&getContext());
    if (failed(bufferization::eliminateEmptyTensors(rewriter, module)))
      signalPassFailure();
  }
};

} // namespace
