//===- SymcFusedOps.cpp - symc.fused_elementwise --------------------------===//
//
// Verification of the fused elementwise op. The lowering builds one
// linalg.generic from it without further checks, so the verifier
// guarantees what that relies on: one iteration space (all results of one
// shape, inputs of its rank broadcasting to it only along static size-1
// dimensions), one rank-0 block argument per input of the input's element
// type, a region of single-result elementwise ops on rank-0 tensors, and a
// symc.yield of one region op result per result with the result's element
// type.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcOps.h"

using namespace mlir;
using namespace mlir::symc;

LogicalResult FusedElementwiseOp::verifyRegions() {
  if (getResults().empty())
    return emitOpError("needs at least one result");
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto shapeType = cast<RankedTensorType>(getResult(0).getType());
  ArrayRef<int64_t> shape = shapeType.getShape();
  for (auto [i, result] : llvm::enumerate(getResults()))
    if (cast<RankedTensorType>(result.getType()).getShape() != shape)
      return emitOpError("result #")
             << i << " has type " << result.getType()
             << " but result #0 has type " << shapeType
             << ": all results must have one shape";

  for (auto [i, input] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != shapeType.getRank())
      return emitOpError("input #")
             << i << " has rank " << type.getRank() << " but the results have rank "
             << shapeType.getRank();
    for (auto [d, size] : llvm::enumerate(type.getShape())) {
      int64_t resultSize = shape[d];
      if (size == 1 || ShapedType::isDynamic(size) ||
          ShapedType::isDynamic(resultSize) || size == resultSize)
        continue;
      return emitOpError("input #")
             << i << " has size " << size << " along dimension " << d
             << " but the results have " << resultSize
             << " (only static size-1 dimensions broadcast)";
    }
  }

  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("region has ")
           << body.getNumArguments() << " arguments but the op has "
           << getInputs().size() << " inputs";
  for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
    Type element = getElementTypeOrSelf(getInputs()[i].getType());
    if (arg.getType() != RankedTensorType::get({}, element))
      return emitOpError("region argument #")
             << i << " has type " << arg.getType() << " but input #" << i
             << " needs " << RankedTensorType::get({}, element);
  }

  auto yield = body.empty() ? YieldOp() : dyn_cast<YieldOp>(body.back());
  if (!yield)
    return emitOpError("region must end with symc.yield");
  // Elementwise ops infer their results' rank from their operands', which
  // are rank-0 arguments or results of such ops: the region computes on
  // rank-0 tensors only (nested ops are verified before this).
  for (Operation &op : body.without_terminator())
    if (!op.hasTrait<SymcElementwise>() || op.getNumResults() != 1)
      return emitOpError("region may hold only single-result elementwise "
                         "symc ops, not ")
             << op.getName();
  if (yield.getValues().size() != getResults().size())
    return emitOpError("region yields ")
           << yield.getValues().size() << " values but the op has "
           << getResults().size() << " results";
  for (auto [i, value] : llvm::enumerate(yield.getValues())) {
    // The lowering iterates over the sizes of the op yielding result #0;
    // an input passed through would have no sizes of the results' own.
    if (isa<BlockArgument>(value))
      return emitOpError("region yields its argument #")
             << cast<BlockArgument>(value).getArgNumber() << " for result #" << i
             << ": yielded values must be results of region ops";
    Type element = getElementTypeOrSelf(getResult(i).getType());
    if (value.getType() != RankedTensorType::get({}, element))
      return emitOpError("region yields ")
             << value.getType() << " for result #" << i << " of type "
             << getResult(i).getType() << " (needs "
             << RankedTensorType::get({}, element) << ")";
  }
  return success();
}
