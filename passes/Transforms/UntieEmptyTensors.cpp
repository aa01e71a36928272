//===- UntieEmptyTensors.cpp - one tensor.empty per use -------------------===//
//
// Implements symc-untie-empty-tensors: a tensor.empty with several uses
// becomes one tensor.empty per use. CSE merges the identical tensor.empty
// ops that the lowering creates as the destination of every linalg op; the
// merged value then has thousands of uses, and one-shot-bufferize's
// conflict analysis compares every write into one alias set with every
// read of it: quadratic in the size of the function (cse followed by
// one-shot-bufferize took 20 s of CPU on 1000 elementwise ops, 0.2 s
// without the cse). A tensor.empty has no contents, so copies of it are
// equivalent and each use gets a buffer of its own or is bufferized in
// place, as before the merge.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

namespace mlir::symc {
#define GEN_PASS_DEF_UNTIEEMPTYTENSORSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

struct UntieEmptyTensorsPass
    : public symc::impl::UntieEmptyTensorsPassBase<UntieEmptyTensorsPass> {
  void runOnOperation() override {
    SmallVector<tensor::EmptyOp> shared;
    getOperation()->walk([&](tensor::EmptyOp op) {
      if (!op->hasOneUse() && !op->use_empty())
        shared.push_back(op);
    });
    for (tensor::EmptyOp op : shared) {
      // Every use but one gets a copy placed right before its user (the
      // sizes dominate the original, hence the user). Use lists run newest
      // first: the oldest use, usually the first user, keeps the original.
      SmallVector<OpOperand *> uses;
      for (OpOperand &use : op->getUses())
        uses.push_back(&use);
      for (OpOperand *use : llvm::drop_end(uses)) {
        Operation *user = use->getOwner();
        OpBuilder builder(user);
        // A use inside a region of an op in the same block as the empty: the
        // copy goes before that ancestor so that it sits next to the original.
        if (Operation *ancestor = op->getBlock()->findAncestorOpInBlock(*user))
          builder.setInsertionPoint(ancestor);
        Operation *copy = builder.clone(*op);
        use->set(copy->getResult(0));
      }
    }
  }
};

} // namespace
