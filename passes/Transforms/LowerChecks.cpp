//===- LowerChecks.cpp - symc.check to early returns ----------------------===//
//
// Implements symc-lower-checks: each symc.check in a function body becomes a
// conditional branch. On failure the function calls
// `symc_rt_fail(message, v0, v1, v2, v3)` (runtime/CRuntime.h) and returns
// poison results at once, before the operation that needed the check can
// read or write out of bounds. It runs after convert-scf-to-cf, when every
// check sits in the function's own CFG and blocks can be split freely.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::symc {
#define GEN_PASS_DEF_LOWERCHECKSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The name of the runtime's error entry point.
constexpr StringLiteral kFailFunction = "symc_rt_fail";
/// symc_rt_fail takes exactly this many integer values.
constexpr unsigned kFailValues = 4;

struct LowerChecksPass : symc::impl::LowerChecksPassBase<LowerChecksPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<CheckOp> checks;
    bool misplaced = false;
    module.walk([&](CheckOp check) {
      if (!isa<func::FuncOp>(check->getParentOp())) {
        check.emitOpError("must be in the body of a func.func when checks are "
                          "lowered (run convert-scf-to-cf first)");
        misplaced = true;
        return;
      }
      if (check.getValues().size() > kFailValues) {
        check.emitOpError("has ") << check.getValues().size()
                                  << " values; symc_rt_fail takes at most "
                                  << kFailValues;
        misplaced = true;
        return;
      }
      checks.push_back(check);
    });
    if (misplaced)
      return signalPassFailure();
    if (checks.empty())
      return;

    IRRewriter rewriter(&getContext());
    func::FuncOp fail = declareFail(rewriter, module);
    for (CheckOp check : checks)
      lower(rewriter, check, fail);
  }

  /// Declares `void symc_rt_fail(const char *, i64, i64, i64, i64)`.
  func::FuncOp declareFail(IRRewriter &rewriter, ModuleOp module) {
    if (auto existing = module.lookupSymbol<func::FuncOp>(kFailFunction))
      return existing;
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    MLIRContext *ctx = &getContext();
    SmallVector<Type> args = {LLVM::LLVMPointerType::get(ctx)};
    args.append(kFailValues, rewriter.getI64Type());
    auto fail = func::FuncOp::create(rewriter, module.getLoc(), kFailFunction,
                                     rewriter.getFunctionType(args, {}));
    fail.setPrivate();
    return fail;
  }

  /// The address of a NUL-terminated constant holding `message`, one global
  /// per distinct message.
  Value messagePointer(IRRewriter &rewriter, Location loc, StringRef message) {
    auto module = getOperation();
    auto &global = messages[message];
    MLIRContext *ctx = &getContext();
    if (!global) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      std::string text = message.str();
      text.push_back('\0');
      auto type = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), text.size());
      std::string name;
      do {
        name = "__symc_check_message_" + std::to_string(nextMessage++);
      } while (module.lookupSymbol(name));
      global = LLVM::GlobalOp::create(rewriter, loc, type, /*isConstant=*/true,
                                      LLVM::Linkage::Internal, name,
                                      rewriter.getStringAttr(text));
    }
    return LLVM::AddressOfOp::create(rewriter, loc, global);
  }

  /// check(%c, msg, vs) => cond_br %c, ^continue, ^fail where ^fail calls
  /// symc_rt_fail(msg, vs..., 0...) and returns poison.
  void lower(IRRewriter &rewriter, CheckOp check, func::FuncOp fail) {
    Location loc = check.getLoc();
    auto func = cast<func::FuncOp>(check->getParentOp());
    Block *before = check->getBlock();
    Block *after = rewriter.splitBlock(before, std::next(check->getIterator()));

    Block *failure = rewriter.createBlock(&func.getBody());
    rewriter.setInsertionPointToStart(failure);
    SmallVector<Value> args = {messagePointer(rewriter, loc, check.getMessage())};
    for (Value v : check.getValues()) {
      Type i64 = rewriter.getI64Type();
      if (isa<IndexType>(v.getType()))
        v = arith::IndexCastOp::create(rewriter, loc, i64, v);
      else if (v.getType().getIntOrFloatBitWidth() < 64)
        v = arith::ExtSIOp::create(rewriter, loc, i64, v);
      args.push_back(v);
    }
    while (args.size() < kFailValues + 1)
      args.push_back(arith::ConstantOp::create(
          rewriter, loc, rewriter.getI64IntegerAttr(0)));
    func::CallOp::create(rewriter, loc, fail, args);
    SmallVector<Value> results;
    for (Type type : func.getResultTypes())
      results.push_back(ub::PoisonOp::create(rewriter, loc, type));
    func::ReturnOp::create(rewriter, loc, results);

    rewriter.setInsertionPoint(check);
    auto branch = cf::CondBranchOp::create(rewriter, loc, check.getCondition(),
                                           after, ValueRange{}, failure,
                                           ValueRange{});
    // Failures are rare: let LLVM lay the passing path out straight.
    branch.setBranchWeights(ArrayRef<int32_t>{1 << 20, 1});
    rewriter.eraseOp(check);
  }

  llvm::StringMap<LLVM::GlobalOp> messages;
  unsigned nextMessage = 0;
};

} // namespace
