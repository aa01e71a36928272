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
// nothing from a call boundary and lose cross-loop optimization.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

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

/// Moves `loop` into a new private function inserted after `parent` and
/// calls it in its place.
void outline(Operation *loop, func::FuncOp parent,
             const llvm::SetVector<Value> &captured, SymbolTable &symbols) {
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
}

struct OutlineKernelsPass
    : public symc::impl::OutlineKernelsPassBase<OutlineKernelsPass> {
  using OutlineKernelsPassBase::OutlineKernelsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions) {
      if (function.isExternal())
        continue;
      unsigned size = 0;
      function.walk([&](Operation *) { ++size; });
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
        outline(loop, function, captured, symbols);
    }
  }
};

} // namespace
