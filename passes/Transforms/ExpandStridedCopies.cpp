//===- ExpandStridedCopies.cpp - strided memref.copy to loops -------------===//
//
// Implements symc-expand-strided-copies: a memref.copy whose source or
// target is not contiguous (a view with a strided layout) becomes a
// linalg.copy, which symc-linalg-to-loops turns into loops. Left alone,
// finalize-memref-to-llvm would lower it to a call of `memrefCopy` from
// MLIR's C runner utilities, which is not part of the symc runtime ABI
// (runtime/CRuntime.h). Copies between contiguous buffers stay memref.copy
// and become memcpy.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::symc {
#define GEN_PASS_DEF_EXPANDSTRIDEDCOPIESPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

struct ExpandStridedCopiesPass
    : symc::impl::ExpandStridedCopiesPassBase<ExpandStridedCopiesPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      auto source = dyn_cast<MemRefType>(copy.getSource().getType());
      auto target = dyn_cast<MemRefType>(copy.getTarget().getType());
      if (!source || !target || !source.getLayout().isIdentity() ||
          !target.getLayout().isIdentity())
        copies.push_back(copy);
    });
    IRRewriter rewriter(&getContext());
    for (memref::CopyOp copy : copies) {
      rewriter.setInsertionPoint(copy);
      rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                  copy.getTarget());
    }
  }
};

} // namespace
