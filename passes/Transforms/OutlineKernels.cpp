//===- OutlineKernels.cpp - one LLVM function per loop nest ---------------===//
//
// Implements symc-outline-kernels: in a large function, every outermost
// loop nest (scf.for, scf.parallel) moves into a private function of its
// own, called where the nest was. LLVM's optimizer and, above all, its code
// generator (register allocation, instruction selection, scheduling) cost
// more than linear time in the size of one function: a 5000-step
// elementwise chain lowered to one function of 300 loops spent 12 s in code
// generation, five times the 1000-step chain's cost per step. A function per
// fused loop nest keeps each of them the size of one capped loop body (see
// symc-fuse-elementwise's max-ops), so the cost is linear in the number of
// nests. The kernels are internal and noinline: LLVM's inliner would
// otherwise put every single-call kernel back.
//
// Small functions are left alone (min-function-ops): their loops gain
// nothing from a call boundary and lose cross-loop optimization. A call of
// a symc.payload function counts as the payload's body: sequential
// pipelines outline kernels before symc-inline-payloads, so that a kernel
// that repeats is one call of one payload when it is compared, and the
// passes after the inlining see each distinct kernel once.
//
// Kernels that are the same code (same type, equivalent bodies up to
// locations) are one kernel called from several places: a long chain cut
// into capped loop bodies, the layers of a deep net or an unrolled loop
// repeat the same nest many times, and LLVM then optimizes and generates
// each of them once. Candidates are found by a structural hash of the body,
// so the search stays linear in the number of kernels.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/PayloadFunctions.h"

#include "dialects/Symc/IR/SymcDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::symc {
#define GEN_PASS_DEF_OUTLINEKERNELSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// True for the types a kernel can take as arguments: those func-to-llvm
/// passes by value (memrefs as their descriptor's fields).
bool isPassable(Type type) {
  return isa<IndexType, IntegerType, FloatType, MemRefType, VectorType,
             LLVM::LLVMPointerType>(type);
}

/// True for a constant that is cheaper to copy into the kernel than to pass
/// (and that LLVM can then fold into the kernel's code).
bool isCopyableConstant(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 &&
         def->hasTrait<OpTrait::ConstantLike>();
}

/// A loop nest that can become a kernel: its body only computes and
/// accesses memory (no symc.check, whose early return must leave the
/// caller; no unstructured control flow) and every value it uses from
/// outside is passable or a constant. On success, `captured` lists the
/// values to pass, in the order of first use.
bool canOutline(Operation *loop, llvm::SetVector<Value> &captured) {
  bool ok = true;
  loop->walk([&](Operation *op) {
    if (isa_and_nonnull<SymcDialect>(op->getDialect()) ||
        op->getNumSuccessors() != 0) {
      ok = false;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (!ok)
    return false;
  llvm::SetVector<Value> used;
  for (Value operand : loop->getOperands())
    used.insert(operand);
  getUsedValuesDefinedAbove(loop->getRegions(), used);
  for (Value value : used) {
    if (isCopyableConstant(value))
      continue;
    if (!isPassable(value.getType()))
      return false;
    captured.insert(value);
  }
  return llvm::all_of(loop->getResultTypes(), isPassable);
}

/// A hash of `kernel`'s type and of every op of its body (names, attributes,
/// types, properties; not locations, not which values an op uses):
/// equivalent kernels hash alike, and the full comparison settles the rest.
llvm::hash_code structuralHash(func::FuncOp kernel) {
  llvm::hash_code hash = hash_value(kernel.getFunctionType());
  kernel.getBody().walk([&](Operation *op) {
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  op, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::IgnoreLocations),
        op->getNumOperands(), op->getNumRegions());
  });
  return hash;
}

/// The kernels made so far, by structural hash.
using KernelsByHash = DenseMap<llvm::hash_code, SmallVector<func::FuncOp, 1>>;

/// Moves `loop` into a new private function inserted after `parent` and
/// calls it in its place; when an earlier kernel of `kernels` is the same
/// code, the call goes to that one instead. Returns whether the nest reused
/// an earlier kernel.
bool outline(Operation *loop, func::FuncOp parent,
             const llvm::SetVector<Value> &captured, SymbolTable &symbols,
             KernelsByHash &kernels) {
  MLIRContext *ctx = loop->getContext();
  Location loc = loop->getLoc();
  SmallVector<Type> argTypes;
  for (Value value : captured)
    argTypes.push_back(value.getType());
  auto type = FunctionType::get(ctx, argTypes, loop->getResultTypes());
  OpBuilder builder(ctx);
  builder.setInsertionPointAfter(parent);
  auto kernel = func::FuncOp::create(builder, loc,
                                     (parent.getSymName() + "_kernel").str(), type);
  kernel.setPrivate();
  // Internal: the kernel is no export of the object (two functions' kernels
  // of the same name never clash). No inlining: see the file comment.
  kernel->setAttr("llvm.linkage",
                  LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  // (passthrough, not llvm.func's no_inline: func-to-llvm keeps only
  // discardable attributes.)
  kernel->setAttr("passthrough",
                  ArrayAttr::get(ctx, {StringAttr::get(ctx, "noinline")}));
  // Renames the kernel if its name is taken.
  symbols.insert(kernel);

  Block *entry = kernel.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  IRMapping mapping;
  for (auto [value, arg] : llvm::zip(captured, entry->getArguments()))
    mapping.map(value, arg);
  // Constants used by the nest are copied in, each once.
  llvm::SetVector<Value> used;
  for (Value operand : loop->getOperands())
    used.insert(operand);
  getUsedValuesDefinedAbove(loop->getRegions(), used);
  for (Value value : used)
    if (!mapping.contains(value))
      builder.clone(*value.getDefiningOp(), mapping);
  Operation *copy = builder.clone(*loop, mapping);
  func::ReturnOp::create(builder, loc, copy->getResults());

  builder.setInsertionPoint(loop);
  auto call = func::CallOp::create(builder, loc, kernel,
                                   SmallVector<Value>(captured.begin(), captured.end()));
  loop->replaceAllUsesWith(call.getResults());
  loop->erase();

  SmallVector<func::FuncOp, 1> &same = kernels[structuralHash(kernel)];
  for (func::FuncOp earlier : same) {
    if (earlier.getFunctionType() != kernel.getFunctionType() ||
        !OperationEquivalence::isRegionEquivalentTo(
            &earlier.getBody(), &kernel.getBody(),
            OperationEquivalence::IgnoreLocations))
      continue;
    call.setCallee(earlier.getSymName());
    symbols.erase(kernel);
    return true;
  }
  same.push_back(kernel);
  return false;
}

/// The marker of shared payload functions (symc-outline-payloads).
constexpr llvm::StringLiteral kPayloadAttr = "symc.payload";

struct OutlineKernelsPass
    : public symc::impl::OutlineKernelsPassBase<OutlineKernelsPass> {
  using OutlineKernelsPassBase::OutlineKernelsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // Kernels are compared with their payload calls: each call must say
    // what its code will be once inlined (no results nobody reads).
    sharePayloadFunctions(module, symbols);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    // Ops each payload's call stands for (its body, not the return).
    llvm::DenseMap<StringAttr, unsigned> payloadSizes;
    for (func::FuncOp function : functions)
      if (function->hasAttr(kPayloadAttr) && !function.isExternal()) {
        unsigned size = 0;
        function.getBody().walk([&](Operation *) { ++size; });
        payloadSizes[function.getSymNameAttr()] = size - 1;
      }
    KernelsByHash kernels;
    for (func::FuncOp function : functions) {
      if (function.isExternal() || function->hasAttr(kPayloadAttr))
        continue;
      unsigned size = 0;
      function.walk([&](Operation *op) {
        auto call = dyn_cast<func::CallOp>(op);
        if (!call || payloadSizes.empty()) {
          ++size;
          return;
        }
        auto it = payloadSizes.find(call.getCalleeAttr().getAttr());
        size += it == payloadSizes.end() ? 1 : it->second;
      });
      if (size < minFunctionOps)
        continue;
      // Outermost loops only: a nest is one kernel.
      SmallVector<std::pair<Operation *, llvm::SetVector<Value>>> nests;
      function.walk<WalkOrder::PreOrder>([&](Operation *op) {
        if (!isa<scf::ForOp, scf::ParallelOp>(op))
          return WalkResult::advance();
        llvm::SetVector<Value> captured;
        if (canOutline(op, captured))
          nests.emplace_back(op, std::move(captured));
        return WalkResult::skip();
      });
      for (auto &[loop, captured] : nests)
        if (outline(loop, function, captured, symbols, kernels))
          ++numShared;
    }
  }
};

} // namespace
