//===- Passes.cpp - symc pass and pipeline registration -------------------===//
//
// Registers the generated passes and the named pipelines. Each pipeline step
// carries a comment saying why it sits where it does.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::symc;

ArrayRef<StringRef> mlir::symc::getOptimizeStepNames() {
  static const StringRef names[] = {"canonicalize", "cse", "symc-stabilize",
                                    "symc-specialize"};
  return names;
}

/// True when the pass `name` is not excluded by the pipeline options.
static bool runs(const OptimizePipelineOptions &options, StringRef name) {
  return !llvm::is_contained(options.exclude, name);
}

/// canonicalize + cse on each function, as far as not excluded.
static void addCleanup(OpPassManager &fpm,
                       const OptimizePipelineOptions &options) {
  if (runs(options, "canonicalize"))
    fpm.addPass(createCanonicalizerPass());
  if (runs(options, "cse"))
    fpm.addPass(createCSEPass());
}

void mlir::symc::buildOptimizePipeline(OpPassManager &pm,
                                       const OptimizePipelineOptions &options) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  // First fold constants, merge the duplicates the frontend emits (it never
  // optimizes) and remove gradient seeds and useless broadcasts, so that the
  // rewrites below see each subexpression once and in canonical form.
  addCleanup(fpm, options);
  // Stabilize before specializing: the stable forms (softplus, log1p,
  // log_softmax, sigmoid in gradients) are found in the graph as written;
  // specializing first would turn x ** 2 into sqr or fold divisions into
  // multiplications and hide them.
  if (runs(options, "symc-stabilize"))
    fpm.addPass(createStabilizePass());
  // Speed: powers, divisions by constants, BLAS-shaped products (gemm,
  // gemv, ger) absorbing transposes and scalars.
  if (runs(options, "symc-specialize")) {
    SpecializePassOptions specialize;
    specialize.allowReciprocal = options.allowReciprocal;
    fpm.addPass(createSpecializePass(specialize));
  }
  // The rewrites leave dead ops, foldable scalar arithmetic (alpha, beta)
  // and new duplicates behind.
  addCleanup(fpm, options);
}

void mlir::symc::buildFastCompilePipeline(
    OpPassManager &pm, const OptimizePipelineOptions &options) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  // Only what stability needs: CSE (linear time) so that equal
  // subexpressions are one value, then symc-stabilize, which folds and
  // canonicalizes the parts of the graph it rewrites itself. No
  // specialization: compile time matters more than speed here.
  if (runs(options, "cse"))
    fpm.addPass(createCSEPass());
  if (runs(options, "symc-stabilize"))
    fpm.addPass(createStabilizePass());
}

void mlir::symc::registerSymcPasses() {
  registerPasses();
  registerSymcPipelines();
}

/// Registers an optimization pipeline whose options are checked: `exclude`
/// must name steps the pipelines have (PassPipelineRegistration cannot
/// report that).
static void registerOptimizePipeline(
    StringRef argument, StringRef description,
    void (*build)(OpPassManager &, const OptimizePipelineOptions &)) {
  registerPassPipeline(
      argument, description,
      [argument, build](OpPassManager &pm, StringRef text,
                        function_ref<LogicalResult(const Twine &)> error) {
        OptimizePipelineOptions options;
        if (failed(options.parseFromString(text)))
          return failure();
        for (const std::string &name : options.exclude)
          if (!llvm::is_contained(getOptimizeStepNames(), name))
            return error(argument + ": exclude names '" + name +
                         "', which is not a step (canonicalize, cse, "
                         "symc-stabilize, symc-specialize)");
        build(pm, options);
        return success();
      },
      [](function_ref<void(const mlir::detail::PassOptions &)> handler) {
        handler(OptimizePipelineOptions());
      });
}

void mlir::symc::registerSymcPipelines() {
  registerOptimizePipeline(
      "symc-optimize-pipeline",
      "The symc -> symc optimizer of FAST_RUN: canonicalize + CSE, "
      "symc-stabilize, symc-specialize, canonicalize + CSE",
      buildOptimizePipeline);
  registerOptimizePipeline(
      "symc-fast-compile-pipeline",
      "The cheap symc -> symc optimizer of FAST_COMPILE: CSE and "
      "symc-stabilize",
      buildFastCompilePipeline);
}
