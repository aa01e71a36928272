//===- Passes.cpp - symc pass and pipeline registration -------------------===//
//
// Registers the generated passes and the named pipelines. Each pipeline step
// carries a comment saying why it sits where it does.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/Cleanup.h"

#include "dialects/Symc/IR/SymcDialect.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Async/IR/Async.h"
#include "mlir/Dialect/Async/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::symc;

ArrayRef<StringRef> mlir::symc::getOptimizeStepNames() {
  static const StringRef names[] = {"canonicalize", "cse", "symc-stabilize",
                                    "symc-scan-pushout", "symc-specialize"};
  return names;
}

/// True when the pass `name` is not excluded by the pipeline options.
static bool runs(const OptimizePipelineOptions &options, StringRef name) {
  return !llvm::is_contained(options.exclude, name);
}

/// canonicalize for IR whose regions all have one block (everything before
/// convert-scf-to-cf): the pass's defaults (top-down), without region
/// simplification. There it could only erase unused ops, which the driver's
/// last iteration (a scan of every op that changes nothing) erases too, yet
/// it walked the whole module after every iteration (B4's gradient: 40% of
/// the first canonicalize).
static GreedyRewriteConfig structuredCanonicalizerConfig() {
  GreedyRewriteConfig config;
  config.setUseTopDownTraversal(true);
  config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
  return config;
}

static std::unique_ptr<Pass> createStructuredCanonicalizerPass() {
  return createCanonicalizerPass(structuredCanonicalizerConfig());
}

/// canonicalize + cse on each function, as far as not excluded, in `role`
/// (Cleanup.h): MLIR's passes, made incremental through `log`.
static void addCleanup(OpPassManager &fpm,
                       const OptimizePipelineOptions &options,
                       CleanupRole role, std::shared_ptr<CleanupLog> log) {
  if (runs(options, "canonicalize"))
    fpm.addPass(createLoggedCanonicalizerPass(structuredCanonicalizerConfig(),
                                              role, log));
  if (runs(options, "cse"))
    fpm.addPass(createLoggedCSEPass(role, log));
}

void mlir::symc::buildOptimizePipeline(OpPassManager &pm,
                                       const OptimizePipelineOptions &options) {
  OpPassManager &fpm = pm.nest<func::FuncOp>();
  // What the steps change between the two cleanups, so that the last one
  // looks at that only: the rewrites fire on a few of a large gradient's
  // ops, and a full canonicalize + cse after them found nothing more.
  auto log = std::make_shared<CleanupLog>();
  // First fold constants, merge the duplicates the frontend emits (it never
  // optimizes) and remove gradient seeds and useless broadcasts, so that the
  // rewrites below see each subexpression once and in canonical form.
  addCleanup(fpm, options, CleanupRole::First, log);
  bool constantsUnique = runs(options, "canonicalize") && runs(options, "cse");
  // Stabilize before specializing: the stable forms (softplus, log1p,
  // log_softmax, sigmoid in gradients) are found in the graph as written;
  // specializing first would turn x ** 2 into sqr or fold divisions into
  // multiplications and hide them.
  if (runs(options, "symc-stabilize")) {
    // (Its own first CSE would find nothing the cse step above left.)
    StabilizePassOptions stabilize;
    stabilize.cseFirst = !runs(options, "cse");
    // Canonicalize and cse left one constant of each value: the greedy
    // driver's merging pass over every op would find nothing.
    stabilize.cseConstants = !constantsUnique;
    fpm.addPass(createStabilizePass(stabilize, log));
  }
  // Per-step products of scans become one product outside the loop; before
  // specializing, which would fold them into per-step gemm accumulations.
  if (runs(options, "symc-scan-pushout"))
    fpm.addPass(createScanPushoutPass(log));
  // Speed: powers, divisions by constants, BLAS-shaped products (gemm,
  // gemv, ger) absorbing transposes and scalars.
  if (runs(options, "symc-specialize")) {
    SpecializePassOptions specialize;
    specialize.allowReciprocal = options.allowReciprocal;
    // (symc-stabilize's rewrites make few constants, and a duplicate among
    // them is merged by the last cleanup.)
    specialize.cseConstants = !constantsUnique;
    // symc-stabilize stops at a fixpoint of its rewrites and the folds (or
    // at its round limit), and what symc-scan-pushout and the rewrites here
    // make is logged for the last canonicalize, which folds it: the
    // driver's fold attempt at every op would find nothing.
    specialize.fold = !(runs(options, "symc-stabilize") &&
                        runs(options, "canonicalize"));
    fpm.addPass(createSpecializePass(specialize, log));
  }
  // The rewrites leave dead ops, foldable scalar arithmetic (alpha, beta)
  // and new duplicates behind.
  addCleanup(fpm, options, CleanupRole::Last, log);
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
  if (runs(options, "symc-stabilize")) {
    StabilizePassOptions stabilize;
    stabilize.cseFirst = !runs(options, "cse");
    fpm.addPass(createStabilizePass(stabilize));
  }
}

void mlir::symc::registerSymcLoweringDependencies(DialectRegistry &registry) {
  registry.insert<SymcDialect, arith::ArithDialect, async::AsyncDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  func::FuncDialect, linalg::LinalgDialect, LLVM::LLVMDialect,
                  math::MathDialect, memref::MemRefDialect, scf::SCFDialect,
                  tensor::TensorDialect, ub::UBDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  arith::registerBufferDeallocationOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(registry);
  cf::registerBufferizableOpInterfaceExternalModels(registry);
  cf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  memref::registerAllocationOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
}

void mlir::symc::buildLowerToLLVMPipeline(
    OpPassManager &pm, const LowerToLLVMPipelineOptions &options) {
  // First, while functions still take tensors: mark the ABI (C wrappers,
  // read-only arguments) that bufferization and func-to-llvm must honour.
  pm.addPass(createPrepareCallingConventionPass());
  // symc -> linalg/tensor/arith/math/scf + BLAS calls; run-time checks are
  // placed before the ops they protect and stay in place from here on.
  // Scans -> scf loops over copies of their bodies (still symc ops), so that
  // the next pass lowers loop bodies like any other code.
  pm.addPass(createConvertSymcScanToSCFPass());
  // Elementwise symc ops over one iteration space -> one
  // symc.fused_elementwise per group (loop bodies included): the lowering
  // and every pass up to bufferization then handle one op per group, not
  // shape arithmetic, checks and a linalg.generic per op (B4: 20000 ops in
  // 157 groups). After the scan lowering, whose loop bodies are plain blocks
  // here; after the optimizer, whose rewrites match individual ops.
  if (options.fuseElementwise) {
    // remat: a deep chain's gradient recomputes forward values from a few
    // saved ones instead of saving two per step (B4 grad: 10,000 results).
    GroupElementwisePassOptions group;
    group.rematBudget = options.remat;
    pm.addNestedPass<func::FuncOp>(createGroupElementwisePass(group));
  }
  pm.addPass(createConvertSymcToLinalgPass());
  // Fold the shape arithmetic of the lowering (static sizes, tensor.dim of
  // known values) and drop checks that became constant true.
  pm.addPass(createStructuredCanonicalizerPass());
  pm.addPass(createCSEPass());
  // A loop's products with an unchanging right operand share one packed
  // copy of it (B7's RNN steps); on the calls the lowering just emitted.
  // Single-threaded code only: the packed kernel runs on one core, where
  // BLAS would split such a product over the cores.
  if (options.packLoopGemms && options.threads == 1)
    pm.addPass(createPackLoopGemmsPass());
  // X.w, the row-local code from it to g and X^T.g (a linear model's
  // gradient) read X once; before elementwise fusion, which would merge the
  // middle with ops outside it.
  if (options.fuseGemvPairs)
    pm.addNestedPass<func::FuncOp>(createFuseGemvPairsPass());
  if (options.fuseElementwise) {
    // Elementwise producers fuse into their consumers (elementwise ops and
    // reductions): one loop nest per chain, no intermediate tensors. Splat
    // constants are folded into the loop bodies here too.
    // symc-fuse-elementwise, not linalg-fuse-elementwise-ops: linear in the
    // length of a chain, and loop bodies capped (upstream's is quadratic
    // and builds one unbounded basic block).
    // The lowering's payloads, canonicalized above, may no longer read
    // some of their parameters: calls then stop passing them, so that the
    // fusion's clean-up drops the inputs and the producers' results nothing
    // reads any more, as it does for inline bodies.
    OutlinePayloadsPassOptions share;
    share.shareOnly = true;
    pm.addPass(createOutlinePayloadsPass(share));
    pm.addNestedPass<func::FuncOp>(createFuseElementwisePass());
    pm.addPass(createStructuredCanonicalizerPass());
    pm.addPass(createCSEPass());
    // The fused bodies (all of a chain's scalar code) wait in shared
    // functions while bufferization and deallocation run: none of those
    // passes changes them, yet each walked them (B4 N=5000: 20000 ops in
    // 157 bodies, 2 distinct). symc-inline-payloads puts them back below.
    pm.addPass(createOutlinePayloadsPass());
  }
  // CSE merged the tensor.empty destinations; merged, they make
  // one-shot-bufferize's analysis quadratic.
  pm.addNestedPass<func::FuncOp>(createUntieEmptyTensorsPass());
  // A result written into a slice of a larger tensor (a step's row of a
  // scan's output array) is computed in that slice rather than into a
  // temporary copied there afterwards; before symc-inplace, whose choices
  // bufferization must honour.
  // (Upstream's elimination, skipped where there is no such insertion.)
  pm.addPass(createEliminateEmptyTensorsPass());
  // Destination choices before bufferization: shared-variable updates are
  // written into their argument's buffer after every check (this also drops
  // the update results: the runtime's signature skips them), elementwise
  // results into dead operands.
  pm.addPass(createInplacePass());
  // Tensors -> buffers over whole functions; arguments and results get the
  // identity (contiguous) layout of the runtime's ABI, and results that are
  // views are copied into fresh buffers.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // Loops carrying tensors (scan bodies) may yield a new buffer each
  // iteration; the deallocation step below frees the previous one.
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(createStructuredCanonicalizerPass());
  // Free temporaries; results that alias an argument or a constant (not
  // owned by the function) are cloned so the caller owns every result.
  // (buffer-deallocation-pipeline, with symc-split-deallocs before the
  // simplification, which is quadratic in the memrefs of one dealloc.)
  memref::ExpandReallocPassOptions expandRealloc;
  expandRealloc.emitDeallocs = false;
  pm.addNestedPass<func::FuncOp>(memref::createExpandReallocPass(expandRealloc));
  pm.addNestedPass<func::FuncOp>(createStructuredCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(
      bufferization::createOwnershipBasedBufferDeallocationPass());
  pm.addNestedPass<func::FuncOp>(createStructuredCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createSplitDeallocsPass());
  pm.addNestedPass<func::FuncOp>(
      bufferization::createBufferDeallocationSimplificationPass());
  pm.addPass(bufferization::createLowerDeallocationsPass());
  pm.addNestedPass<func::FuncOp>(createCSEPass());
  pm.addNestedPass<func::FuncOp>(createStructuredCanonicalizerPass());
  // The clones (fresh alloc + copy) and deallocs the step above inserted.
  pm.addPass(createConvertBufferizationToMemRefPass());
  bool threaded = options.threads != 1;
  // Thousands of same-shaped temporaries (a deep chain's gradient) ->
  // slots of one allocation: LLVM's register allocation is superlinear in
  // the pointers alive across calls.
  if (options.packBuffers > 0) {
    PackBuffersPassOptions pack;
    pack.minBuffers = options.packBuffers;
    pm.addNestedPass<func::FuncOp>(createPackBuffersPass(pack));
  }
  // Sizes from the caller's arrays -> checked before each allocation, and
  // its result after: no wrapped byte count, no write through a null
  // buffer. Every allocation exists now; no loop is a kernel yet.
  pm.addNestedPass<func::FuncOp>(createCheckAllocationsPass());
  // Every check before the work it does not need: a producer that took a
  // consumer's static size writes past its buffer when sizes mismatch.
  pm.addNestedPass<func::FuncOp>(createHoistChecksPass());
  // Copies out of views (results that were strided views, reshapes of
  // slices) become loops instead of calls of MLIR's memrefCopy helper.
  pm.addNestedPass<func::FuncOp>(createExpandStridedCopiesPass());
  // Elementwise nests over contiguous buffers become one long loop, which
  // vectorizes whatever the shape of the arrays.
  pm.addNestedPass<func::FuncOp>(createCollapseContiguousLoopsPass());
  if (threaded) {
    // Large compute-only loops are split over threads: one outermost
    // scf.parallel per linalg op, cut into blocks for the async runtime's
    // thread pool (loops below min-task-size iterations run inline). A
    // payload call counts as its payload's code.
    pm.addPass(createParallelizeLoopsPass());
    // Large functions' parallel nests -> kernels (see below) before the
    // async runtime gives each nest its own compute and dispatch functions:
    // repeated nests then share one kernel, and with it one set of those
    // functions (B4's 5000-step chain: 6 instead of 313 sets for LLVM).
    // Nests are compared as payload calls, as in sequential code below;
    // then the bodies go back, once per distinct kernel, for the passes
    // that follow (the async outlining, the loop annotation).
    pm.addPass(createOutlineKernelsPass());
    pm.addPass(createInlinePayloadsPass());
    AsyncParallelForPassOptions parallelFor;
    parallelFor.numWorkerThreads = options.threads > 0 ? options.threads : -1;
    parallelFor.minTaskSize = options.minTaskSize;
    pm.addPass(createAsyncParallelForPass(parallelFor));
    pm.addPass(createAsyncToAsyncRuntimePass());
    pm.addPass(createAsyncRuntimeRefCountingPass());
    pm.addPass(createAsyncRuntimeRefCountingOptPass());
    pm.addPass(createConvertAsyncToLLVMPass());
  }
  // linalg -> scf loops in the generic's loop order (innermost = contiguous
  // dimension), which LLVM's loop vectorizer then vectorizes. Upstream's
  // loops, each op lowered once: convert-linalg-to-loops runs a greedy
  // driver over the whole function (B4's gradient: 5.5x the forward's time).
  pm.addNestedPass<func::FuncOp>(createLinalgToLoopsPass());
  // Sequential code: the loops are made around the payload calls (one op
  // per body for symc-linalg-to-loops' rewriter, not 128), and the
  // bodies stay calls until kernels are shared (below): the annotation and
  // math approximation passes read a call as its payload's code and expand
  // each distinct payload once.
  // Loops of transcendentals that symc-approximate-math expands interleave
  // `math-interleave` (4) vector iterations in LLVM: their bodies are long
  // latency chains (B1 float64: 1.15x with 2, another 1.06x with 4). Before
  // the math ops it looks for are expanded.
  AnnotateLoopsPassOptions annotate;
  annotate.interleave = options.mathInterleave;
  bool approximateF32 = options.approximateMath && options.approximateMathF32;
  if (options.approximateMath)
    annotate.types.push_back("f64");
  if (approximateF32)
    annotate.types.push_back("f32");
  pm.addPass(createAnnotateLoopsPass(annotate));
  // exp/expm1/log/log1p/tanh -> branch-free arith code that vectorizes to
  // full-width SIMD (~1 ULP). It beat libmvec on B1 in float64 (1.2x) and,
  // with the loop interleaving above, in float32 (1.06x).
  if (options.approximateMath) {
    ApproximateMathPassOptions approximate;
    approximate.functions = {"exp", "expm1", "log", "log1p", "tanh"};
    if (approximateF32)
      llvm::append_range(approximate.functions,
                         ArrayRef<std::string>{"expf", "expm1f", "logf",
                                               "log1pf", "tanhf"});
    pm.addPass(createApproximateMathPass(approximate));
  }
  // Loop nests of large functions -> functions of their own: LLVM's code
  // generation is superlinear in the size of a function. Sequential code
  // still calls its payloads here, so nests that repeat (a chain's groups
  // share payloads) are compared as a few calls and become one kernel; then
  // the bodies are put back, once per distinct kernel.
  pm.addPass(createOutlineKernelsPass());
  if (!threaded)
    pm.addPass(createInlinePayloadsPass());
  // Runs of calls that repeat (a chain's groups, slot after slot of the
  // packed buffers) -> loops: the glue of a run is lowered once.
  if (options.rollCalls)
    pm.addPass(createRollCallsPass());
  // A function left as thousands of kernel calls -> chunks of calls: LLVM's
  // register allocation is superlinear in the length of one block whose
  // values live across many calls.
  if (options.chunkCalls > 0) {
    ChunkCallsPassOptions chunks;
    chunks.callsPerChunk = options.chunkCalls;
    pm.addPass(createChunkCallsPass(chunks));
  }
  // Transcendentals -> libm calls with libmvec vector variants, now that the
  // loops they will be vectorized in exist.
  LowerMathPassOptions math;
  math.vectorIsa = options.vectorIsa;
  pm.addPass(createLowerMathPass(math));
  // Views and affine index arithmetic -> plain arith on descriptors.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  // Structured control flow -> CFG, so that checks can split blocks.
  pm.addPass(createSCFToControlFlowPass());
  // Checks -> early returns through symc_rt_fail.
  pm.addPass(createLowerChecksPass());
  // Everything left -> LLVM. Remaining math ops become intrinsics (sqrt,
  // floor, ...) or libm calls; allocation goes through the runtime's
  // _mlir_memref_to_llvm_* functions (use-generic-functions).
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  FinalizeMemRefToLLVMConversionPassOptions memrefOptions;
  memrefOptions.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefOptions));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Tidy the LLVM dialect (dead descriptor fields, duplicate constants).
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
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
                         "symc-stabilize, symc-scan-pushout, symc-specialize)");
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
      "symc-stabilize, symc-scan-pushout, symc-specialize, canonicalize + CSE",
      buildOptimizePipeline);
  registerOptimizePipeline(
      "symc-fast-compile-pipeline",
      "The cheap symc -> symc optimizer of FAST_COMPILE: CSE and "
      "symc-stabilize",
      buildFastCompilePipeline);
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "symc-lower-to-llvm-pipeline",
      "Lowers symc IR (func.func on tensors) to the LLVM dialect with the "
      "calling convention of runtime/CRuntime.h",
      buildLowerToLLVMPipeline);
}
