//===- GreedyConfig.cpp - greedy driver settings of the symc rewrites -----===//
//
// Implements the region-simplification choice and the CSE-skipping check of
// GreedyConfig.h. The check looks only at the users of one operand of each
// changed op, so a round that changed a few ops costs a few use-list walks,
// not a hash of every op in the function.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/GreedyConfig.h"

#include "mlir/IR/OperationSupport.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

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
  ops.insert(op);
  ForwardingListener::notifyOperationInserted(op, previous);
}

void ChangedOps::notifyOperationModified(Operation *op) {
  ops.insert(op);
  ForwardingListener::notifyOperationModified(op);
}

void ChangedOps::notifyOperationErased(Operation *op) {
  // Erasing an op erases the ops nested in it without notifying them.
  op->walk([&](Operation *nested) { ops.remove(nested); });
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
