//===- IfElse.cpp - symc.ifelse to scf.if ---------------------------------===//
//
// Lowers the lazy conditional: symc.ifelse becomes scf.if on the extracted
// condition with the regions moved over unchanged (their symc ops are then
// converted by the same dialect conversion), and the symc.yield of each
// region becomes scf.yield, casting yielded values that are more static than
// the results. scf.if keeps the laziness: bufferization and the LLVM lowering
// turn it into a branch, so only the taken region executes.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

/// symc.ifelse %c {A} else {B} => scf.if (extract %c) {A} else {B}.
struct IfElseLowering : OpConversionPattern<IfElseOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(IfElseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op.getResultTypes(), resultTypes)))
      return rewriter.notifyMatchFailure(op, "result types do not convert");
    Value cond = scalarOf(rewriter, op.getLoc(), adaptor.getCondition());
    auto ifOp = scf::IfOp::create(rewriter, op.getLoc(), resultTypes, cond,
                                  /*addThenBlock=*/false,
                                  /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(op.getThenRegion(), ifOp.getThenRegion(),
                                ifOp.getThenRegion().end());
    rewriter.inlineRegionBefore(op.getElseRegion(), ifOp.getElseRegion(),
                                ifOp.getElseRegion().end());
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

/// symc.yield %v inside scf.if => scf.yield (tensor.cast %v) when the
/// yielded type is more static than the scf.if result.
struct YieldInIfLowering : OpConversionPattern<YieldOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto ifOp = dyn_cast<scf::IfOp>(op->getParentOp());
    if (!ifOp)
      return rewriter.notifyMatchFailure(op, "not in a lowered symc.ifelse");
    SmallVector<Value> values;
    for (auto [value, type] : llvm::zip(adaptor.getValues(), ifOp.getResultTypes()))
      values.push_back(value.getType() == type
                           ? value
                           : tensor::CastOp::create(rewriter, op.getLoc(), type,
                                                    value)
                                 .getResult());
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, values);
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcIfElseToSCFPatterns(const TypeConverter &converter,
                                                 RewritePatternSet &patterns) {
  patterns.add<IfElseLowering, YieldInIfLowering>(converter,
                                                  patterns.getContext());
}
