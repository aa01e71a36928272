//===- InferShapes.cpp - refine symc result types -------------------------===//
//
// Implements symc-infer-shapes: re-runs the type inference of every symc op
// that infers its result types and keeps the more static type, casting back
// for users that cannot accept the refinement.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace mlir::symc {
#define GEN_PASS_DEF_INFERSHAPESPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The more static of two compatible ranked tensor types, or null when they
/// are not compatible or `refined` adds nothing.
RankedTensorType refine(RankedTensorType current, RankedTensorType inferred) {
  if (current.getRank() != inferred.getRank() ||
      current.getElementType() != inferred.getElementType())
    return {};
  SmallVector<int64_t> shape;
  bool changed = false;
  for (auto [a, b] : llvm::zip(current.getShape(), inferred.getShape())) {
    if (!compatibleSizes(a, b))
      return {};
    if (ShapedType::isDynamic(a) && !ShapedType::isDynamic(b))
      changed = true;
    shape.push_back(ShapedType::isDynamic(a) ? b : a);
  }
  return changed ? RankedTensorType::get(shape, current.getElementType())
                 : RankedTensorType();
}

/// True for users that re-infer their own types after an operand changes.
bool acceptsRefinedOperand(Operation *user) {
  return isa<SymcDialect>(user->getDialect()) && isa<InferTypeOpInterface>(user);
}

struct InferShapesPass : symc::impl::InferShapesPassBase<InferShapesPass> {
  void runOnOperation() override {
    getOperation().walk([&](InferTypeOpInterface op) {
      if (!isa<SymcDialect>(op->getDialect()))
        return;
      SmallVector<Type> inferred;
      if (failed(op.inferReturnTypes(
              op->getContext(), op->getLoc(), op->getOperands(),
              op->getAttrDictionary(), op->getPropertiesStorage(),
              op->getRegions(), inferred)))
        return;
      for (auto [result, type] : llvm::zip(op->getResults(), inferred)) {
        auto current = dyn_cast<RankedTensorType>(result.getType());
        auto candidate = dyn_cast<RankedTensorType>(type);
        if (!current || !candidate)
          continue;
        RankedTensorType refined = refine(current, candidate);
        if (!refined)
          continue;
        result.setType(refined);
        ++numRefined;
        OpBuilder builder(op->getContext());
        builder.setInsertionPointAfter(op);
        Value cast;
        for (OpOperand &use : llvm::make_early_inc_range(result.getUses())) {
          if (acceptsRefinedOperand(use.getOwner()))
            continue;
          if (!cast)
            cast = tensor::CastOp::create(builder, op->getLoc(), current, result);
          if (use.getOwner() != cast.getDefiningOp())
            use.set(cast);
        }
      }
    });
  }
};

} // namespace
