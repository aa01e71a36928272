//===- Assert.cpp - symc.assert to symc.check -----------------------------===//
//
// Lowers symc.assert: each condition becomes a symc.check with the assert's
// message, and the result is the asserted value itself. The message starts
// with kCheckAssertionPrefix unless the assert has `value_error`: the runtime
// raises AssertionError for such messages, ValueError for the others, like
// every other check.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

/// assert(x, c...) => check(c[]) ...; x
struct AssertLowering : OpConversionPattern<AssertOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(AssertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    std::string message = escapeBraces(op.getMessage());
    // The runtime picks the exception by the message's prefix.
    if (!op.getValueError())
      message = message.empty() ? kCheckAssertionPrefix.str()
                                : (kCheckAssertionPrefix + ": " + message).str();
    else if (StringRef(message).starts_with(kCheckAssertionPrefix) ||
             StringRef(message).starts_with(kCheckOutOfMemoryPrefix))
      message = "ValueError: " + message;
    std::string where = escapeBraces(describeLocation(op.getLoc()));
    if (!where.empty())
      message += " (at " + where + ")";
    StringAttr text = rewriter.getStringAttr(message);
    Location loc = op.getLoc();
    for (Value c : adaptor.getConditions()) {
      Value holds = tensor::ExtractOp::create(rewriter, loc, c, ValueRange{});
      CheckOp::create(rewriter, loc, holds, text, ValueRange{});
    }
    rewriter.replaceOp(op, adaptor.getValue());
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcAssertToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<AssertLowering>(converter, patterns.getContext());
}
