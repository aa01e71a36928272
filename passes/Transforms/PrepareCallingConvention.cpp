//===- PrepareCallingConvention.cpp - the compiled functions' ABI ---------===//
//
// Implements symc-prepare-calling-convention: public functions get
// `llvm.emit_c_interface` (the runtime calls `_mlir_ciface_<name>`, see
// runtime/CRuntime.h) and their tensor arguments are marked
// `bufferization.writable = false`, so that one-shot bufferization never
// writes into the caller's input arrays (it copies first, for example for a
// set_subtensor on an argument).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::symc {
#define GEN_PASS_DEF_PREPARECALLINGCONVENTIONPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

struct PrepareCallingConventionPass
    : symc::impl::PrepareCallingConventionPassBase<PrepareCallingConventionPass> {
  void getDependentDialects(DialectRegistry &registry) const override {
    PrepareCallingConventionPassBase::getDependentDialects(registry);
    // The pipeline this pass opens bufferizes and deallocates: make sure the
    // interface implementations it needs are there, whoever built the context.
    registerSymcLoweringDependencies(registry);
  }

  void runOnOperation() override {
    Builder b(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isDeclaration() || func.isPrivate())
        continue;
      func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(), b.getUnitAttr());
      for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
        if (isa<TensorType>(type))
          func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                          b.getBoolAttr(false));
    }
  }
};

} // namespace
