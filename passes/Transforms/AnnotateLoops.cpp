//===- AnnotateLoops.cpp - interleave hints on loops of transcendentals ---===//
//
// Implements symc-annotate-loops: innermost scf.for loops whose body computes
// transcendental math (exp, log, tanh, sin, erf, pow, ...) get an LLVM loop
// annotation asking the loop vectorizer to interleave `interleave` vector
// iterations. The straight-line code of symc-approximate-math is one long
// dependency chain per element (range reduction, polynomial, division, then
// the selects of the special cases); with one vector iteration in flight the
// core waits on latencies (B1 float64: ~100 cycles per 8 elements where the
// ports need ~55), and LLVM's cost model does not interleave loops this
// large on its own. Independent chains fill those gaps: two made B1 float64
// 1.15x faster, four another 1.06x (float32 1.09x) on the AVX-512 Zen 4
// measured. Other loops keep
// LLVM's own choice: for cheap bodies it already interleaves, and more
// registers in flight only spill there.
//
// A loop body may still call symc.payload functions (sequential pipelines
// inline them after kernel outlining): a call counts as the payload's code.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMAttrs.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::symc {
#define GEN_PASS_DEF_ANNOTATELOOPSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The ops symc-approximate-math expands into long inline code.
bool isExpandable(Operation *op) {
  return isa<math::ExpOp, math::ExpM1Op, math::LogOp, math::Log1pOp,
             math::TanhOp>(op);
}

/// Math ops that cost a long dependency chain or a libm call per element;
/// the others (abs, fma, sqrt, rounding, copysign) are one instruction.
bool isTranscendentalOp(Operation *op) {
  return isa<math::ExpOp, math::Exp2Op, math::ExpM1Op, math::LogOp,
             math::Log1pOp, math::Log2Op, math::Log10Op, math::TanhOp,
             math::SinOp, math::CosOp, math::TanOp, math::AsinOp,
             math::AcosOp, math::AtanOp, math::Atan2Op, math::SinhOp,
             math::CoshOp, math::AsinhOp, math::AcoshOp, math::AtanhOp,
             math::ErfOp, math::ErfcOp, math::PowFOp, math::CbrtOp>(op);
}

/// "f32" / "f64" for the element type of op's result, "" for others.
StringRef floatName(Operation *op) {
  if (op->getNumResults() != 1)
    return "";
  Type elem = getElementTypeOrSelf(op->getResult(0).getType());
  return elem.isF64() ? "f64" : elem.isF32() ? "f32" : "";
}

struct AnnotateLoopsPass
    : symc::impl::AnnotateLoopsPassBase<AnnotateLoopsPass> {
  using AnnotateLoopsPassBase::AnnotateLoopsPassBase;

  /// The symc.payload function `call` calls, if it does.
  func::FuncOp payloadOf(func::CallOp call) {
    auto [it, inserted] = payloads.try_emplace(call.getCalleeAttr().getAttr());
    if (inserted) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      if (callee && callee->hasAttr("symc.payload") && !callee.isExternal())
        it->second = callee;
    }
    return it->second;
  }

  llvm::DenseMap<StringAttr, func::FuncOp> payloads;

  void runOnOperation() override {
    payloads.clear();
    if (interleave < 2)
      return;
    MLIRContext *ctx = &getContext();
    // The name of llvm.br's inherent attribute: convert-scf-to-cf copies the
    // for op's attributes onto the loop's back edge, and convert-cf-to-llvm
    // passes them on to llvm.br, so the annotation reaches LLVM IR as the
    // !llvm.loop metadata of the latch.
    StringAttr name = StringAttr::get(ctx, "loop_annotation");
    auto annotation = LLVM::LoopAnnotationAttr::get(
        ctx, /*disableNonforced=*/nullptr, /*vectorize=*/nullptr,
        LLVM::LoopInterleaveAttr::get(
            ctx, IntegerAttr::get(IntegerType::get(ctx, 32), interleave)),
        /*unroll=*/nullptr, /*unrollAndJam=*/nullptr, /*licm=*/nullptr,
        /*distribute=*/nullptr, /*pipeline=*/nullptr, /*peeled=*/nullptr,
        /*unswitch=*/nullptr, /*mustProgress=*/nullptr,
        /*isVectorized=*/nullptr, /*startLoc=*/nullptr, /*endLoc=*/nullptr,
        /*parallelAccesses=*/{});
    getOperation()->walk([&](scf::ForOp loop) {
      // Loops annotated already (by a user, or by this pass) keep theirs.
      if (loop->hasAttr(name))
        return;
      // Only loops whose transcendentals all become inline code (exp, expm1,
      // log, log1p, tanh of the listed types, which symc-approximate-math
      // expands): loops of libmvec calls gained nothing from interleaving
      // (B1 float32: 7% slower).
      bool innermost = true, inlined = false, calls = false;
      auto visit = [&](Operation *op) {
        if (isa<LoopLikeOpInterface>(op))
          innermost = false;
        if (!isTranscendentalOp(op))
          return;
        if (isExpandable(op) &&
            llvm::is_contained(types, floatName(op).str()))
          inlined = true;
        else
          calls = true;
      };
      loop.getBody()->walk([&](Operation *op) {
        visit(op);
        if (auto call = dyn_cast<func::CallOp>(op))
          if (func::FuncOp payload = payloadOf(call))
            payload.getBody().walk(visit);
      });
      if (innermost && inlined && !calls)
        loop->setAttr(name, annotation);
    });
  }
};

} // namespace
