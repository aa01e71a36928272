//===- OutlinePayloads.cpp - share the scalar bodies of linalg.generic ----===//
//
// Implements symc-outline-payloads and symc-inline-payloads. After
// elementwise fusion, a long chain is a few hundred linalg.generic ops whose
// bodies hold all of its scalar arithmetic (B4, N = 5000: 157 bodies, 20000
// ops). Bufferization and buffer deallocation (one-shot-bufferize, the
// ownership-based deallocation passes, the canonicalizations between them)
// never change those bodies, but every one of them walks them: they cost
// more than half of the lowering. symc-outline-payloads moves each large body
// into a private function, called from the body, and bodies that are the
// same code (a chain cut into capped loop bodies repeats one body) share one
// function; symc-inline-payloads puts the bodies back before the loops are
// made, so everything from there on sees the IR it saw before.
//
// A body is outlined only when it is plain scalar code: pure ops without
// regions, no linalg.index (which must stay in its linalg op), and nothing
// used from outside the generic but constants (copied into the function).
// The call takes only the block arguments the body uses, so that what
// bufferization asks of the generic (does the payload read its init
// operand?) has the same answer.
//
// Payload functions made earlier (convert-symc-to-linalg makes them for the
// large regions of symc.fused_elementwise) are shared too: equal ones become
// one, and a call whose results are not all used (canonicalization dropped
// a generic's unused result) calls a variant that returns only the used
// ones, without the code only they needed. Kernels (symc-outline-kernels)
// are compared while their bodies are still calls: a kernel must call what
// it will be once inlined.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/PayloadFunctions.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include <map>
#include <vector>

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::symc {
#define GEN_PASS_DEF_OUTLINEPAYLOADSPASS
#define GEN_PASS_DEF_INLINEPAYLOADSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The unit attribute that marks a payload function.
constexpr llvm::StringLiteral kPayloadAttr = "symc.payload";

/// True for a constant that can be copied into the payload function.
bool isCopyableConstant(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         def->hasTrait<OpTrait::ConstantLike>();
}

/// Whether `generic`'s body can move into a function: one block of at least
/// `minOps` pure, region-free, non-linalg ops, using nothing from outside
/// but constants (collected into `constants`, in order of first use).
bool canOutline(linalg::GenericOp generic, unsigned minOps,
                llvm::SetVector<Value> &constants) {
  Region &region = generic.getRegion();
  if (!region.hasOneBlock())
    return false;
  Block &body = region.front();
  unsigned count = 0;
  for (Operation &op : body.without_terminator()) {
    if (op.getNumRegions() != 0 || op.getNumSuccessors() != 0 ||
        isa<linalg::LinalgDialect>(op.getDialect()) || !isPure(&op))
      return false;
    ++count;
  }
  if (count < minOps)
    return false;
  getUsedValuesDefinedAbove(region, constants);
  return llvm::all_of(constants, isCopyableConstant);
}

/// A hash of `function`'s type and of every op of its body (names,
/// attributes, types; not locations, not which values an op uses): equal
/// payloads hash alike, and the full comparison settles the rest.
llvm::hash_code structuralHash(func::FuncOp function) {
  llvm::hash_code hash = hash_value(function.getFunctionType());
  for (Operation &op : function.getBody().front())
    hash = llvm::hash_combine(
        hash,
        OperationEquivalence::computeHash(
            &op, OperationEquivalence::ignoreHashValue,
            OperationEquivalence::ignoreHashValue,
            OperationEquivalence::IgnoreLocations),
        op.getNumOperands());
  return hash;
}

using PayloadsByHash = DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>>;

/// The payload of `payloads` equal to `function` (same type, equivalent
/// body), or null; `function` is recorded when there is none.
func::FuncOp findOrRecord(func::FuncOp function, PayloadsByHash &payloads) {
  SmallVector<func::FuncOp, 1> &same = payloads[structuralHash(function)];
  for (func::FuncOp earlier : same)
    if (earlier.getFunctionType() == function.getFunctionType() &&
        OperationEquivalence::isRegionEquivalentTo(
            &earlier.getBody(), &function.getBody(),
            OperationEquivalence::IgnoreLocations))
      return earlier;
  same.push_back(function);
  return {};
}


/// Moves `generic`'s body (but its block arguments and terminator) into a
/// new private function after `parent` and calls it from the body; when an
/// earlier payload of `payloads` is the same code, the call goes to that one
/// and the new function is erased. Returns whether an earlier one was
/// reused.
bool outline(linalg::GenericOp generic, func::FuncOp parent,
             const llvm::SetVector<Value> &constants, SymbolTable &symbols,
             PayloadsByHash &payloads) {
  MLIRContext *ctx = generic.getContext();
  Location loc = generic.getLoc();
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  SmallVector<Value> used;
  for (BlockArgument arg : body.getArguments())
    if (!arg.use_empty())
      used.push_back(arg);
  SmallVector<Type> argTypes;
  for (Value arg : used)
    argTypes.push_back(arg.getType());
  auto type = FunctionType::get(ctx, argTypes, yield.getOperandTypes());

  OpBuilder builder(ctx);
  builder.setInsertionPointAfter(parent);
  auto function = func::FuncOp::create(
      builder, loc, (parent.getSymName() + "_payload").str(), type);
  function.setPrivate();
  function->setAttr(kPayloadAttr, UnitAttr::get(ctx));
  // Renames the function if its name is taken.
  symbols.insert(function);
  Block *entry = function.addEntryBlock();

  // The body's ops move (no copy); uses of the block arguments and of the
  // constants from outside are redirected to the function's arguments and
  // to copies of the constants.
  entry->getOperations().splice(entry->end(), body.getOperations(),
                                body.begin(), Block::iterator(yield));
  auto inFunction = [&](OpOperand &use) {
    return use.getOwner()->getBlock() == entry;
  };
  for (auto [arg, param] : llvm::zip(used, entry->getArguments()))
    arg.replaceUsesWithIf(param, inFunction);
  builder.setInsertionPointToStart(entry);
  IRMapping copies;
  for (Value constant : constants)
    builder.clone(*constant.getDefiningOp(), copies);
  // Operand by operand, not through the constants' use lists: one constant
  // (1.01 of a chain) is used by every body, and walking all its uses for
  // each body would be quadratic.
  for (Operation &op : *entry)
    for (OpOperand &operand : op.getOpOperands())
      if (Value copy = copies.lookupOrNull(operand.get()))
        operand.set(copy);
  // The yield may return block arguments or outside constants directly.
  SmallVector<Value> results;
  for (Value value : yield.getOperands()) {
    if (auto arg = dyn_cast<BlockArgument>(value);
        arg && arg.getOwner() == &body) {
      results.push_back(entry->getArgument(llvm::find(used, value) - used.begin()));
      continue;
    }
    // An outside constant yielded as is: its copy is in the function.
    results.push_back(copies.lookupOrDefault(value));
  }
  builder.setInsertionPointToEnd(entry);
  func::ReturnOp::create(builder, loc, results);

  builder.setInsertionPoint(yield);
  auto call = func::CallOp::create(builder, loc, function, used);
  yield->setOperands(call.getResults());

  if (func::FuncOp earlier = findOrRecord(function, payloads)) {
    call.setCallee(earlier.getSymName());
    symbols.erase(function);
    return true;
  }
  return false;
}

/// A payload a call goes to instead of another: the function, and which of
/// the call's operands it takes.
struct Variant {
  func::FuncOp function;
  SmallVector<unsigned> params;
};

/// Trims `copy`, a fresh copy of a payload, to the results `used` marks:
/// the other results go, then the ops only they needed, then the
/// parameters nothing uses any more. Returns the parameters kept.
SmallVector<unsigned> trim(func::FuncOp copy, const llvm::BitVector &used) {
  Block &entry = copy.getBody().front();
  Operation *ret = entry.getTerminator();
  SmallVector<Value> results;
  for (unsigned i : used.set_bits())
    results.push_back(ret->getOperand(i));
  ret->setOperands(results);
  // One pass from the end: users come after what they use. (Collected
  // first: a reverse iterator points at the op after the one it yields.)
  SmallVector<Operation *> ops;
  for (Operation &op : entry.without_terminator())
    ops.push_back(&op);
  for (Operation *op : llvm::reverse(ops))
    if (isOpTriviallyDead(op))
      op->erase();
  llvm::BitVector unused(entry.getNumArguments());
  SmallVector<unsigned> params;
  for (BlockArgument arg : entry.getArguments()) {
    if (arg.use_empty())
      unused.set(arg.getArgNumber());
    else
      params.push_back(arg.getArgNumber());
  }
  entry.eraseArguments(unused);
  copy.setType(FunctionType::get(copy.getContext(), entry.getArgumentTypes(),
                                 ValueRange(results).getTypes()));
  return params;
}

/// Shares the payload functions already in `module` (see the file comment)
/// and records them in `payloads`; erases those no call uses any more.
void shareExisting(ModuleOp module, SymbolTable &symbols,
                   PayloadsByHash &payloads) {
  llvm::DenseMap<StringAttr, func::FuncOp> target;
  SmallVector<func::FuncOp> existing;
  for (func::FuncOp function : module.getOps<func::FuncOp>())
    if (function->hasAttr(kPayloadAttr) && !function.isExternal())
      existing.push_back(function);
  if (existing.empty())
    return;
  for (func::FuncOp function : existing) {
    func::FuncOp earlier = findOrRecord(function, payloads);
    target[function.getSymNameAttr()] = earlier ? earlier : function;
  }
  SmallVector<func::CallOp> calls;
  module.walk([&](func::CallOp call) {
    if (target.contains(call.getCalleeAttr().getAttr()))
      calls.push_back(call);
  });
  llvm::DenseSet<func::FuncOp> called;
  // (payload, used results) -> what to call.
  std::map<std::pair<Operation *, std::vector<bool>>, Variant> variants;
  for (func::CallOp call : calls) {
    func::FuncOp callee = target.lookup(call.getCalleeAttr().getAttr());
    llvm::BitVector used(call.getNumResults());
    std::vector<bool> key;
    for (OpResult result : call->getResults()) {
      key.push_back(!result.use_empty());
      if (key.back())
        used.set(result.getResultNumber());
    }
    Variant &variant = variants[{callee, key}];
    if (!variant.function) {
      Block &entry = callee.getBody().front();
      bool allParams = llvm::all_of(entry.getArguments(), [](BlockArgument arg) {
        return !arg.use_empty();
      });
      if (used.all() && allParams) {
        variant.function = callee;
        for (unsigned i = 0; i < entry.getNumArguments(); ++i)
          variant.params.push_back(i);
      } else {
        auto copy = cast<func::FuncOp>(callee->clone());
        symbols.insert(copy, std::next(Block::iterator(callee)));
        variant.params = trim(copy, used);
        variant.function = copy;
        if (func::FuncOp earlier = findOrRecord(copy, payloads)) {
          symbols.erase(copy);
          variant.function = earlier;
        }
      }
    }
    called.insert(variant.function);
    if (variant.function.getNumArguments() == call.getNumOperands() &&
        used.all()) {
      call.setCallee(variant.function.getSymName());
      continue;
    }
    SmallVector<Value> operands;
    for (unsigned i : variant.params)
      operands.push_back(call.getOperand(i));
    OpBuilder builder(call);
    auto trimmed = func::CallOp::create(builder, call.getLoc(),
                                        variant.function, operands);
    for (auto [i, bit] : llvm::enumerate(used.set_bits()))
      call->getResult(bit).replaceAllUsesWith(trimmed->getResult(i));
    call.erase();
  }
  for (func::FuncOp function : existing)
    if (!called.contains(function)) {
      SmallVector<func::FuncOp, 1> &same = payloads[structuralHash(function)];
      if (auto it = llvm::find(same, function); it != same.end())
        same.erase(it);
      symbols.erase(function);
    }
}

} // namespace

void mlir::symc::sharePayloadFunctions(ModuleOp module, SymbolTable &symbols) {
  PayloadsByHash payloads;
  shareExisting(module, symbols, payloads);
}

namespace {

struct OutlinePayloadsPass
    : public symc::impl::OutlinePayloadsPassBase<OutlinePayloadsPass> {
  using OutlinePayloadsPassBase::OutlinePayloadsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    PayloadsByHash payloads;
    shareExisting(module, symbols, payloads);
    if (shareOnly)
      return;
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions) {
      if (function.isExternal() || function->hasAttr(kPayloadAttr))
        continue;
      SmallVector<std::pair<linalg::GenericOp, llvm::SetVector<Value>>> todo;
      function.walk([&](linalg::GenericOp generic) {
        llvm::SetVector<Value> constants;
        if (canOutline(generic, minOps, constants))
          todo.emplace_back(generic, std::move(constants));
      });
      for (auto &[generic, constants] : todo) {
        ++numOutlined;
        if (outline(generic, function, constants, symbols, payloads))
          ++numShared;
      }
    }
  }
};

struct InlinePayloadsPass
    : public symc::impl::InlinePayloadsPassBase<InlinePayloadsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> payloads;
    for (func::FuncOp function : module.getOps<func::FuncOp>())
      if (function->hasAttr(kPayloadAttr))
        payloads.push_back(function);
    if (payloads.empty())
      return;
    SmallVector<func::CallOp> calls;
    module.walk([&](func::CallOp call) {
      auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
      if (callee && callee->hasAttr(kPayloadAttr))
        calls.push_back(call);
    });
    for (func::CallOp call : calls) {
      auto callee = symbols.lookup<func::FuncOp>(call.getCallee());
      Block &entry = callee.getBody().front();
      IRMapping mapping;
      mapping.map(entry.getArguments(), call.getOperands());
      OpBuilder builder(call);
      for (Operation &op : entry.without_terminator())
        builder.clone(op, mapping);
      for (auto [result, value] :
           llvm::zip(call.getResults(), entry.getTerminator()->getOperands()))
        result.replaceAllUsesWith(mapping.lookupOrDefault(value));
      call.erase();
    }
    // Payload functions are private and only called from generic bodies:
    // none is used any more (one walk for all of them).
    llvm::DenseSet<StringAttr> referenced;
    if (std::optional<SymbolTable::UseRange> uses =
            SymbolTable::getSymbolUses(&module.getBodyRegion()))
      for (const SymbolTable::SymbolUse &use : *uses)
        referenced.insert(use.getSymbolRef().getRootReference());
    for (func::FuncOp function : payloads) {
      if (referenced.contains(function.getSymNameAttr())) {
        function.emitOpError("is a symc.payload function still referenced "
                             "other than by func.call");
        return signalPassFailure();
      }
      function.erase();
    }
  }
};

} // namespace
