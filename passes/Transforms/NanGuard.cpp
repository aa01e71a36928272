//===- NanGuard.cpp - run-time NaN/Inf checks (symc-nan-guard) ------------===//
//
// Implements symc-nan-guard, the compiled half of the frontend's
// NanGuardMode: after each float argument and each symc op that computes
// float values, a `symc.check` fails the call if the value holds a NaN or
// an infinity. Checks have a write effect, so they keep their program order
// through the lowering: the first one that fails names the first value that
// went bad. Ops that only move data (dimshuffle, reshape, indexing, ...)
// cannot create NaN or infinities and are not checked; neither are
// constants.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"
#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::symc {
#define GEN_PASS_DEF_NANGUARDPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The name a NameLoc gives `loc` (function arguments carry one), or "".
std::string nameOf(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return "";
}

/// True for symc ops that only move or select existing values.
bool onlyMovesData(Operation *op) {
  return isa<ConstantOp, DimshuffleOp, ReshapeOp, BroadcastToOp, SubtensorOp,
             AdvancedSubtensorOp, ConcatenateOp>(op);
}

/// Inserts at `builder`'s point the checks that `value` holds neither NaN
/// nor an infinity; `what` names it in the messages, `verb` says how it got
/// them ("produced", "contains").
void guard(OpBuilder &builder, Location loc, Value value, StringRef what,
           StringRef verb) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> axes =
      llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  Value yes = arith::ConstantIntOp::create(builder, loc, 1, 1);
  auto check = [&](Value flags, StringRef problem) {
    Value any = ReduceAnyOp::create(builder, loc, flags,
                                    builder.getDenseI64ArrayAttr(axes));
    Value found = tensor::ExtractOp::create(builder, loc, any, ValueRange{});
    Value ok = arith::XOrIOp::create(builder, loc, found, yes);
    std::string message =
        escapeBraces(("NanGuardMode: " + what + " " + verb + " " + problem).str());
    CheckOp::create(builder, loc, ok, builder.getStringAttr(message),
                    ValueRange{});
  };
  check(IsNanOp::create(builder, loc, value), "NaN");
  check(IsInfOp::create(builder, loc, value), "an infinity");
}

bool isFloatTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  return type && isa<FloatType>(type.getElementType());
}

struct NanGuardPass : symc::impl::NanGuardPassBase<NanGuardPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    OpBuilder builder(func.getContext());
    Block &entry = func.getBody().front();
    builder.setInsertionPointToStart(&entry);
    for (BlockArgument arg : entry.getArguments()) {
      if (!isFloatTensor(arg))
        continue;
      std::string name = nameOf(arg.getLoc());
      std::string what = name.empty()
                             ? ("argument #" + Twine(arg.getArgNumber())).str()
                             : "input '" + name + "'";
      guard(builder, arg.getLoc(), arg, what, "contains");
    }
    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) {
      if (isa<SymcDialect>(op->getDialect()) && !onlyMovesData(op) &&
          llvm::any_of(op->getResults(), isFloatTensor))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      builder.setInsertionPointAfter(op);
      std::string where = describeLocation(op->getLoc());
      std::string what = op->getName().getStringRef().str();
      if (!where.empty())
        what += " at " + where;
      for (Value result : op->getResults())
        if (isFloatTensor(result))
          guard(builder, op->getLoc(), result, what, "produced");
    }
  }
};

} // namespace
