//===- SymcToLinalg.cpp - the convert-symc-to-linalg pass -----------------===//
//
// Drives the symc-to-linalg pattern sets as one partial dialect conversion
// over a module: every symc op except symc.check becomes linalg, tensor,
// arith, math, scf, bufferization and memref ops (plus calls of the BLAS
// glue), and the type converter turns ui8 tensors into i8 ones everywhere,
// function signatures included (the runtime passes uint8 arrays as i8).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"
#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::symc {
#define GEN_PASS_DEF_CONVERTSYMCTOLINALGPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

SymcToLinalgTypeConverter::SymcToLinalgTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](IntegerType type) -> Type { return convertElementType(type); });
  addConversion([](RankedTensorType type) -> Type {
    return convertTensorType(type);
  });
}

void mlir::symc::populateSymcToLinalgPatterns(const TypeConverter &converter,
                                              RewritePatternSet &patterns,
                                              unsigned payloadMinOps) {
  populateSymcToLinalgPatterns(converter, patterns,
                               createFusedPayloads(payloadMinOps));
}

void mlir::symc::populateSymcToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    std::shared_ptr<FusedPayloads> payloads) {
  populateSymcElementwiseToLinalgPatterns(converter, patterns,
                                          std::move(payloads));
  populateSymcReductionToLinalgPatterns(converter, patterns);
  populateSymcLinearToLinalgPatterns(converter, patterns);
  populateSymcShapeToLinalgPatterns(converter, patterns);
  populateSymcIndexingToLinalgPatterns(converter, patterns);
  populateSymcNNToLinalgPatterns(converter, patterns);
  populateSymcIfElseToSCFPatterns(converter, patterns);
  populateSymcRandomToLinalgPatterns(converter, patterns);
  populateSymcAssertToLinalgPatterns(converter, patterns);
}

namespace {

/// Any non-symc op without regions whose types mention ui8 => the same op
/// with converted types (tensor.cast, tensor.extract, ... left by earlier
/// passes).
struct ConvertOpTypes : ConversionPattern {
  ConvertOpTypes(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, Pattern::MatchAnyOpTypeTag(),
                          /*benefit=*/0, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (isa<SymcDialect>(op->getDialect()) || op->getNumRegions() != 0)
      return rewriter.notifyMatchFailure(op, "not a plain op of another dialect");
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                         op->getAttrs(), op->getSuccessors());
    Operation *converted = rewriter.create(state);
    rewriter.replaceOp(op, converted->getResults());
    return success();
  }
};

struct ConvertSymcToLinalgPass
    : symc::impl::ConvertSymcToLinalgPassBase<ConvertSymcToLinalgPass> {
  using ConvertSymcToLinalgPassBase::ConvertSymcToLinalgPassBase;

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    SymcToLinalgTypeConverter converter;
    ConversionTarget target(*ctx);
    target.addIllegalDialect<SymcDialect>();
    target.addLegalOp<CheckOp>();
    target.addLegalOp<ModuleOp>();
    target.markUnknownOpDynamicallyLegal(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
      return converter.isSignatureLegal(op.getFunctionType()) &&
             converter.isLegal(&op.getBody());
    });

    // Groups first, outside the conversion framework (see
    // lowerFusedElementwiseOps), sharing payload functions with those the
    // conversion lowers.
    std::shared_ptr<FusedPayloads> payloads = createFusedPayloads(payloadMinOps);
    if (failed(lowerFusedElementwiseOps(getOperation(), converter, *payloads)))
      return signalPassFailure();
    RewritePatternSet patterns(ctx);
    populateSymcToLinalgPatterns(converter, patterns, payloads);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    patterns.add<ConvertOpTypes>(converter, ctx);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
