//===- Passes.h - symc passes and pipelines ---------------------*- C++ -*-===//
//
// Declares every symc pass (generated from Passes.td), the pattern sets the
// passes are built from, and the registration of passes and named
// pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_PASSES_H
#define SYMC_PASSES_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

#include "dialects/Symc/IR/SymcDialect.h"

namespace mlir::symc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

/// The module attribute in which symc-inplace lists, per function, the
/// `symc.inplace_update` arguments whose update it kept as a result (the
/// new value's shape may differ); the runtime's signature reads it.
inline constexpr llvm::StringLiteral kKeptUpdatesAttrName = "symc.kept_updates";

//===----------------------------------------------------------------------===//
// Optimization
//===----------------------------------------------------------------------===//

/// Adds the rewrites of symc-stabilize (numerically stable forms).
void populateSymcStabilizePatterns(RewritePatternSet &patterns);

/// symc-scan-pushout's rewrites: per-step products of sequence rows with
/// invariants, and carries that sum per-step products, move out of
/// symc.scan loops as single large products.
void populateScanPushoutPatterns(RewritePatternSet &patterns);

/// Options of the symc-specialize rewrites.
struct SpecializeOptions {
  /// Turn every division by a float constant into a multiplication by its
  /// rounded reciprocal, not only the exact ones.
  bool allowReciprocal = false;
  /// Largest |n| for which x ** n becomes multiplications.
  unsigned maxPowChain = 16;
};

/// Adds the rewrites of symc-specialize (powers, divisions, BLAS products).
void populateSymcSpecializePatterns(RewritePatternSet &patterns,
                                    const SpecializeOptions &options = {});

/// Adds the rewrites of symc-approximate-math: exp, expm1, log, log1p and
/// tanh on f32/f64 as branch-free arith/math code (no calls), for the
/// functions named in libm's spelling ("exp" for f64, "expf" for f32); all
/// ten when `functions` is empty.
void populateSymcMathApproximationPatterns(
    RewritePatternSet &patterns, ArrayRef<std::string> functions = {});

/// symc-fuse-gemv-pairs' rewrite: Linear.cpp's lowered X.w, the row-local
/// generics from it to g and the lowered X^T.g become one loop over row
/// blocks reading X once.
void populateFuseGemvPairsPatterns(RewritePatternSet &patterns);

/// Options of symc-optimize-pipeline and symc-fast-compile-pipeline.
struct OptimizePipelineOptions
    : public PassPipelineOptions<OptimizePipelineOptions> {
  ListOption<std::string> exclude{
      *this, "exclude",
      llvm::cl::desc("Steps to leave out, by pass name: canonicalize, cse, "
                     "symc-stabilize, symc-scan-pushout, symc-specialize")};
  Option<bool> allowReciprocal{
      *this, "allow-reciprocal",
      llvm::cl::desc("symc-specialize: divide by any float constant as a "
                     "multiplication by its rounded reciprocal"),
      llvm::cl::init(false)};
};

/// The pass names `exclude=` accepts.
ArrayRef<StringRef> getOptimizeStepNames();

/// Appends symc-optimize-pipeline (FAST_RUN): canonicalize + CSE,
/// symc-stabilize, symc-scan-pushout, symc-specialize, canonicalize + CSE, on
/// each function.
void buildOptimizePipeline(OpPassManager &pm,
                           const OptimizePipelineOptions &options);

/// Appends symc-fast-compile-pipeline (FAST_COMPILE): CSE and
/// symc-stabilize only, so that cheap compilation still computes stably.
void buildFastCompilePipeline(OpPassManager &pm,
                              const OptimizePipelineOptions &options);
/// Options of symc-lower-to-llvm-pipeline.
struct LowerToLLVMPipelineOptions
    : public PassPipelineOptions<LowerToLLVMPipelineOptions> {
  Option<std::string> vectorIsa{
      *this, "vector-isa",
      llvm::cl::desc("Vector ISAs whose libmvec math variants to use: host, "
                     "avx512, avx2, sse or none (see symc-lower-math)"),
      llvm::cl::init("host")};
  Option<bool> approximateMath{
      *this, "approximate-math",
      llvm::cl::desc("Compute exp, expm1, log, log1p and tanh with symc's "
                     "vectorizable approximations (symc-approximate-math) "
                     "instead of libm/libmvec calls (float64, and float32 "
                     "unless approximate-math-f32=0)"),
      llvm::cl::init(true)};
  Option<bool> approximateMathF32{
      *this, "approximate-math-f32",
      llvm::cl::desc("With approximate-math, approximate the float32 versions "
                     "too (0: glibc's libmvec for float32; the approximations "
                     "with interleaved loops measured 1.06x faster on B1)"),
      llvm::cl::init(true)};
  Option<unsigned> mathInterleave{
      *this, "math-interleave",
      llvm::cl::desc("Vector iterations LLVM interleaves in innermost loops "
                     "of transcendental math (symc-annotate-loops; below 2: "
                     "LLVM's own choice)"),
      llvm::cl::init(4)};
  Option<bool> fuseElementwise{
      *this, "fuse-elementwise",
      llvm::cl::desc("Fuse chains of elementwise linalg ops into one loop nest"),
      llvm::cl::init(true)};
  Option<bool> fuseGemvPairs{
      *this, "fuse-gemv-pairs",
      llvm::cl::desc("Compute X.w, row-local code and X^T.g in one pass over "
                     "X (symc-fuse-gemv-pairs)"),
      llvm::cl::init(true)};
  Option<unsigned> remat{
      *this, "remat",
      llvm::cl::desc("Most ops a group of elementwise ops clones to recompute "
                     "values of other groups (symc-group-elementwise's "
                     "remat-budget; 0: never)"),
      llvm::cl::init(128)};
  Option<bool> packLoopGemms{
      *this, "pack-loop-gemms",
      llvm::cl::desc("Pack the loop-invariant right operand of small f64 "
                     "products in loops once (symc-pack-loop-gemms; "
                     "with threads=1 only)"),
      llvm::cl::init(true)};
  Option<unsigned> packBuffers{
      *this, "pack-buffers",
      llvm::cl::desc("Fewest same-shaped temporaries of a function that share "
                     "one allocation (symc-pack-buffers; 0: never)"),
      llvm::cl::init(64)};
  Option<bool> rollCalls{
      *this, "roll-calls",
      llvm::cl::desc("Turn runs of repeating kernel calls into loops "
                     "(symc-roll-calls)"),
      llvm::cl::init(true)};
  Option<unsigned> chunkCalls{
      *this, "chunk-calls",
      llvm::cl::desc("Calls per function that runs of kernel calls of huge "
                     "functions are cut into (symc-chunk-calls; 0: never)"),
      llvm::cl::init(32)};
  Option<int> threads{
      *this, "threads",
      llvm::cl::desc("Threads that large compute-only loops are split over: "
                     "0 = the async runtime's pool (one per core), 1 = "
                     "sequential code, n = n blocks (see "
                     "symc-parallelize-loops)"),
      llvm::cl::init(0)};
  Option<int> minTaskSize{
      *this, "min-task-size",
      llvm::cl::desc("Fewest iterations of a parallel loop worth a block of "
                     "its own; smaller loops run inline"),
      llvm::cl::init(32768)};
};

/// Appends symc-lower-to-llvm-pipeline: symc IR (func.func on tensors) to
/// the LLVM dialect with the calling convention of runtime/CRuntime.h.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMPipelineOptions &options);

/// Registers the dialects and interface implementations (bufferization,
/// deallocation, inlining of the lowered dialects) that
/// symc-lower-to-llvm-pipeline needs, for contexts not built with every
/// upstream extension (the runtime's, for example).
void registerSymcLoweringDependencies(DialectRegistry &registry);

/// Registers every symc pass with the global pass registry.
void registerSymcPasses();

/// Registers the named symc pipelines (symc-lower-to-llvm-pipeline, ...).
void registerSymcPipelines();

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace mlir::symc

#endif // SYMC_PASSES_PASSES_H
