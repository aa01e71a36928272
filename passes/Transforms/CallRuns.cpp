//===- CallRuns.cpp - runs of kernel calls in a block ---------------------===//
//
// Implements CallRuns.h.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/CallRuns.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

bool mlir::symc::isResultlessCall(Operation &op) {
  auto call = dyn_cast<func::CallOp>(op);
  return call && call->getNumResults() == 0;
}

bool mlir::symc::isTransparent(Operation &op) {
  return op.getNumRegions() == 0 && op.getNumResults() != 0 &&
         isMemoryEffectFree(&op);
}

SmallVector<SmallVector<func::CallOp>> mlir::symc::collectCallRuns(
    Block &block, function_ref<bool(Operation &)> canStayBetween) {
  SmallVector<SmallVector<func::CallOp>> runs(1);
  for (Operation &op : block) {
    if (isResultlessCall(op))
      runs.back().push_back(cast<func::CallOp>(op));
    else if (!canStayBetween(op) && !runs.back().empty())
      runs.emplace_back();
  }
  if (runs.back().empty())
    runs.pop_back();
  return runs;
}

void mlir::symc::eraseDeadTransparentOps(Block &block) {
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
    if (isTransparent(op) && op.use_empty())
      op.erase();
}
