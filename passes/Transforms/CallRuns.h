//===- CallRuns.h - runs of kernel calls in a block -------------*- C++ -*-===//
//
// After symc-outline-kernels, a deep chain's function is a straight line of
// kernel calls. symc-roll-calls and symc-chunk-calls both work on its runs:
// result-less calls with only ops between them that the calls may move
// past, and both erase the address arithmetic the calls no longer use.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_TRANSFORMS_CALLRUNS_H
#define SYMC_PASSES_TRANSFORMS_CALLRUNS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Block.h"

namespace mlir::symc {

/// A call a run may take: no results (a kernel writes its buffers), so
/// nothing between it and the end of its run reads what it returns.
bool isResultlessCall(Operation &op);

/// A value-producing op without side effects or regions: a call may move
/// past it, a chunk may recompute it, and it goes when nothing uses it.
bool isTransparent(Operation &op);

/// The maximal runs of result-less calls of `block` with only ops that
/// satisfy `canStayBetween` between them, in block order.
SmallVector<SmallVector<func::CallOp>>
collectCallRuns(Block &block, function_ref<bool(Operation &)> canStayBetween);

/// Erases the transparent ops of `block` that nothing uses (one pass from
/// the end: users come after what they use).
void eraseDeadTransparentOps(Block &block);

} // namespace mlir::symc

#endif // SYMC_PASSES_TRANSFORMS_CALLRUNS_H
