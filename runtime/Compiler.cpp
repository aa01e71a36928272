//===- Compiler.cpp - symc IR text to an object file ----------------------===//
//
// One compilation owns one MLIRContext (threading off: compilations run in
// parallel on their own threads, and a context thread pool per compile would
// cost more than it saves on small functions) that knows every upstream
// dialect, pass and LLVM IR translation plus the symc dialect and passes, so
// that any pipeline symc-opt accepts runs here too (STYLE.md: pipelines are
// run by name, and every failure is reproducible with symc-opt).
//
// The exported function must carry `llvm.emit_c_interface` (the symc
// pipeline sets it); after translation to LLVM IR a wrapper
// `_symc_call_<f>(void **args)` is added that unpacks its arguments and calls
// `_mlir_ciface_<f>`, so the runtime can call functions of any arity through
// one C signature. Everything but the wrapper becomes internal, so O3
// inlines it all into the wrapper.
//
//===----------------------------------------------------------------------===//

#include "runtime/Compiler.h"
#include "runtime/Target.h"

#include "dialects/Symc/IR/SymcDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassInstrumentation.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <unistd.h>

using namespace mlir;
namespace rt = ::symc::runtime;
using rt::CompileFailure;
using rt::CompileRequest;
using rt::CompiledObject;
using rt::Signature;
using rt::StageTimes;

std::string rt::entrySymbolFor(llvm::StringRef function) {
  return ("_symc_call_" + function).str();
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Adds the time since construction to `stages` as `name` when it goes out
/// of scope (so early returns are timed too).
class StageTimer {
public:
  StageTimer(StageTimes &stages, llvm::StringRef name)
      : stages(stages), name(name.str()), start(Clock::now()) {}
  ~StageTimer() { stages.push_back({std::move(name), secondsSince(start)}); }

private:
  StageTimes &stages;
  std::string name;
  Clock::time_point start;
};

/// Times the passes of a pipeline: one stage "pass <argument>" per pass
/// instance, in the order the instances first ran, so a function pass that
/// runs on every function counts once with the sum of its runs. Adaptors
/// (which only run nested pipelines) are not stages of their own: the time
/// they spend outside their nested passes goes to "pass (nesting)". The
/// pass manager does not verify between passes (see runPipeline).
/// Compilations run single-threaded, so before/after calls nest like a stack.
class PassTimer : public PassInstrumentation {
public:
  explicit PassTimer(StageTimes &stages) : stages(stages) {}

  void runBeforePass(Pass *, Operation *) override {
    running.push_back({Clock::now(), 0.0});
  }
  void runAfterPass(Pass *pass, Operation *) override { finish(pass); }
  void runAfterPassFailed(Pass *pass, Operation *) override { finish(pass); }

private:
  struct Running {
    Clock::time_point start;
    double children;
  };

  void finish(Pass *pass) {
    if (running.empty())
      return;
    Running top = running.pop_back_val();
    double total = secondsSince(top.start);
    if (!running.empty())
      running.back().children += total;
    bool adaptor = pass->getArgument().empty() &&
                   (pass->getName().contains("OpToOpPassAdaptor") ||
                    pass->getName().starts_with("Pipeline Collection"));
    if (adaptor)
      add(nullptr, "pass (nesting)", total - top.children);
    else
      add(pass, ("pass " + (pass->getArgument().empty() ? pass->getName()
                                                         : pass->getArgument()))
                    .str(),
          total);
  }

  void add(const void *key, std::string name, double seconds) {
    auto [it, inserted] = slots.try_emplace(key, stages.size());
    if (inserted)
      stages.push_back({std::move(name), 0.0});
    stages[it->second].seconds += seconds;
  }

  StageTimes &stages;
  llvm::SmallVector<Running> running;
  llvm::DenseMap<const void *, size_t> slots;
};

/// Every dialect, extension and translation; passes and pipelines are
/// registered globally, once (registering a pipeline twice is fatal).
const DialectRegistry &compilerRegistry() {
  static const DialectRegistry *registry = [] {
    registerAllPasses();
    mlir::symc::registerSymcPasses();
    auto *r = new DialectRegistry();
    registerAllDialects(*r);
    registerAllExtensions(*r);
    registerAllToLLVMIRTranslations(*r);
    r->insert<mlir::symc::SymcDialect>();
    return r;
  }();
  return *registry;
}

std::string formatLocation(Location loc) {
  std::string out;
  loc->walk([&](Location inner) {
    if (auto file = dyn_cast<FileLineColLoc>(inner)) {
      out = (file.getFilename().getValue() + ":" + llvm::Twine(file.getLine()) +
             ":" + llvm::Twine(file.getColumn()))
                .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (out.empty()) {
    llvm::raw_string_ostream os(out);
    loc.print(os);
  }
  return out;
}

const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

std::string shellQuote(llvm::StringRef s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string defaultDumpDir() {
  if (const char *env = std::getenv("SYMC_DUMP_DIR"); env && *env)
    return env;
  llvm::SmallString<128> dir;
  llvm::sys::path::system_temp_directory(/*ErasedOnReboot=*/true, dir);
  llvm::sys::path::append(dir, "symc-dump-" + std::to_string(getuid()));
  return std::string(dir);
}

/// The state of one compilation: its context, the diagnostics it produced
/// and where its input goes when something fails.
class Compilation {
public:
  Compilation(const CompileRequest &request, CompileFailure &failure)
      : request(request), failureOut(failure),
        context(compilerRegistry(), MLIRContext::Threading::DISABLED),
        handler(&context, [this](Diagnostic &diag) {
          appendDiagnostic(diag);
          return success();
        }) {
    llvm::SmallString<256> path(request.dumpDir.empty() ? defaultDumpDir()
                                                        : request.dumpDir.str());
    // Named by a hash of the IR, so that one input keeps one file. xxh3,
    // not SHA-256: this runs on every compilation, and LLVM's SHA-256 took
    // 7 ms of B4's N=5000 chain (1.6 MB of IR).
    llvm::StringRef stem = request.function.empty() ? "module" : request.function;
    std::string hash =
        llvm::utohexstr(llvm::xxh3_64bits(request.ir), /*LowerCase=*/true, 16);
    std::string name = (stem + "-" + hash + ".mlir").str();
    llvm::sys::path::append(path, name);
    irPath = std::string(path);
  }

  /// Parses and verifies the input; locations without a user location point
  /// into the file the IR is written to on failure.
  OwningOpRef<ModuleOp> parse() {
    StageTimer timer(stages, "parse");
    llvm::SourceMgr sourceMgr;
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(request.ir, irPath,
                                         /*RequiresNullTerminator=*/false),
        llvm::SMLoc());
    ParserConfig config(&context);
    OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
    if (!module)
      fail("parsing the IR failed", "symc-opt " + irPath);
    return module;
  }

  /// Reads the exported function's signature from the input module: every
  /// `symc.inplace_update` argument updated in place, its result no result
  /// of the executable. symc-inplace may keep some of those updates as
  /// results (finalSignature).
  std::optional<Signature> readSignature(ModuleOp module) {
    auto func = module.lookupSymbol<func::FuncOp>(request.function);
    if (!func || func.isExternal()) {
      fail(("the module has no func.func @" + request.function + " with a body")
               .str(),
           "");
      return std::nullopt;
    }
    inputType = func.getFunctionType();
    updateOf.assign(func.getNumArguments(), -1);
    mutableArg.assign(func.getNumArguments(), false);
    llvm::BitVector updateResults(func.getNumResults());
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      if (auto update = func.getArgAttrOfType<IntegerAttr>(i, "symc.inplace_update")) {
        int64_t r = update.getInt();
        if (r < 0 || r >= int64_t(func.getNumResults()) || updateResults.test(r)) {
          fail(("argument #" + llvm::Twine(i) + " of @" + request.function +
                ": symc.inplace_update names no result, or one already updated")
                   .str(),
               "");
          return std::nullopt;
        }
        updateResults.set(r);
        updateOf[i] = r;
      } else {
        mutableArg[i] = bool(func.getArgAttr(i, "symc.mutable"));
      }
    }
    return buildSignature({});
  }

  /// The signature of the lowered function: that of the input, except for
  /// the updates symc-inplace kept as results (the module's
  /// `symc.kept_updates`: their variables' shapes may change), which are
  /// results again, their arguments read-only.
  std::optional<Signature> finalSignature(ModuleOp module) {
    llvm::SmallVector<int64_t> kept;
    if (auto all = module->getAttrOfType<DictionaryAttr>(mlir::symc::kKeptUpdatesAttrName))
      if (auto args = all.getAs<DenseI64ArrayAttr>(request.function))
        llvm::append_range(kept, args.asArrayRef());
    return buildSignature(kept);
  }

  std::optional<Signature> buildSignature(llvm::ArrayRef<int64_t> kept) {
    Signature signature;
    std::string error;
    // Results that are in-place updates of arguments (symc-inplace drops
    // them from the lowered function) are not results of the executable.
    llvm::BitVector updateResults(inputType.getNumResults());
    for (auto [i, type] : llvm::enumerate(inputType.getInputs())) {
      std::optional<rt::TensorType> t = Signature::fromMLIRType(type, false, error);
      if (!t) {
        fail(("argument #" + llvm::Twine(i) + " of @" + request.function + ": " + error).str(), "");
        return std::nullopt;
      }
      signature.inputs.push_back(*t);
      rt::InputAccess access = rt::InputAccess::ReadOnly;
      if (updateOf[i] >= 0 && !llvm::is_contained(kept, int64_t(i))) {
        updateResults.set(updateOf[i]);
        access = rt::InputAccess::UpdatedInPlace;
      } else if (mutableArg[i]) {
        access = rt::InputAccess::Mutable;
      }
      signature.access.push_back(access);
    }
    for (auto [i, type] : llvm::enumerate(inputType.getResults())) {
      if (updateResults.test(i))
        continue;
      std::optional<rt::TensorType> t = Signature::fromMLIRType(type, true, error);
      if (!t) {
        fail(("result #" + llvm::Twine(i) + " of @" + request.function + ": " + error).str(), "");
        return std::nullopt;
      }
      signature.outputs.push_back(*t);
    }
    return signature;
  }

  LogicalResult runPipeline(ModuleOp module) {
    // The pipeline names its anchor ("builtin.module(...)"), as on the
    // symc-opt command line.
    std::string parseErrors;
    llvm::raw_string_ostream errorStream(parseErrors);
    FailureOr<OpPassManager> parsed = parsePassPipeline(request.pipeline, errorStream);
    if (failed(parsed)) {
      diagnostics += parseErrors;
      if (!diagnostics.empty() && diagnostics.back() != '\n')
        diagnostics += '\n';
      fail("the pass pipeline does not parse", pipelineRepro());
      return failure();
    }
    // The input was verified when parsed and the output is verified once
    // here; verifying after every pass cost a third of the pipeline's time
    // (B4 N=5000: 0.4 s of 1.2 s). A pass that produces invalid IR is a
    // compiler bug: then the pipeline runs again on the input, verifying
    // after every pass, so the report names the failure as before.
    PassManager pm(&context, parsed->getOpAnchorName());
    static_cast<OpPassManager &>(pm) = std::move(*parsed);
    pm.enableVerifier(false);
    pm.addInstrumentation(std::make_unique<PassTimer>(stages));
    if (failed(pm.run(module))) {
      fail("the pass pipeline failed", pipelineRepro());
      return failure();
    }
    // The verifier's diagnostics are only wanted from the second run.
    std::string before = diagnostics;
    {
      StageTimer timer(stages, "verify");
      if (succeeded(verify(module)))
        return success();
    }
    diagnostics = std::move(before);
    return rerunVerifyingEachPass();
  }

  /// Runs the pipeline (parsed again: pass managers are not copied) on a
  /// fresh parse of the input with the verifier after every pass, to locate
  /// the pass that produced invalid IR.
  LogicalResult rerunVerifyingEachPass() {
    std::string note = "(the pipeline's output did not verify; rerunning it, "
                       "verifying after every pass)\n";
    OwningOpRef<ModuleOp> fresh = parse();
    if (!fresh)
      return failure();
    std::string ignored;
    llvm::raw_string_ostream errorStream(ignored);
    FailureOr<OpPassManager> parsed = parsePassPipeline(request.pipeline, errorStream);
    if (failed(parsed))
      return failure();
    PassManager pm(&context, parsed->getOpAnchorName());
    static_cast<OpPassManager &>(pm) = std::move(*parsed);
    pm.enableVerifier(true);
    if (succeeded(pm.run(*fresh)))
      (void)verify(*fresh);
    diagnostics = note + diagnostics;
    fail("the pass pipeline produced invalid IR", pipelineRepro());
    return failure();
  }

  /// Translates the lowered module to LLVM IR and adds the call wrapper.
  std::unique_ptr<llvm::Module> translate(ModuleOp module,
                                          llvm::LLVMContext &llvmContext,
                                          const Signature &signature) {
    std::string cifaceName = ("_mlir_ciface_" + request.function).str();
    auto ciface = module.lookupSymbol<LLVM::LLVMFuncOp>(cifaceName);
    size_t expectedParams =
        signature.inputs.size() + (signature.outputs.empty() ? 0 : 1);
    if (!ciface) {
      fail(("the pipeline produced no llvm.func @" + cifaceName +
            ": @" + request.function +
            " needs the llvm.emit_c_interface attribute and the pipeline must "
            "lower it to the LLVM dialect")
               .str(),
           pipelineRepro());
      return nullptr;
    }
    if (ciface.getNumArguments() != expectedParams ||
        !isa<LLVM::LLVMVoidType>(ciface.getFunctionType().getReturnType())) {
      fail(("llvm.func @" + cifaceName + " has " +
            llvm::Twine(ciface.getNumArguments()) +
            " parameters and a result; the runtime expects void(" +
            llvm::Twine(expectedParams) +
            " descriptor pointers) (see runtime/CRuntime.h)")
               .str(),
           pipelineRepro());
      return nullptr;
    }
    StageTimer timer(stages, "translate");
    std::unique_ptr<llvm::Module> llvmModule =
        translateModuleToLLVMIR(module, llvmContext, "symc." + request.function.str());
    if (!llvmModule) {
      fail("translating the LLVM dialect to LLVM IR failed", translateRepro());
      return nullptr;
    }
    addCallWrapper(*llvmModule, cifaceName, expectedParams);
    return llvmModule;
  }

  /// Records a failure: writes the input IR for the repro and builds the
  /// report.
  void fail(const std::string &what, const std::string &repro) {
    std::error_code ec = llvm::sys::fs::create_directories(
        llvm::sys::path::parent_path(irPath));
    bool written = false;
    if (!ec) {
      llvm::raw_fd_ostream out(irPath, ec);
      if (!ec) {
        out << request.ir;
        written = !out.has_error();
      }
    }
    failureOut.diagnostics = diagnostics;
    failureOut.irPath = written ? irPath : "";
    failureOut.repro = written ? repro : "";
    std::string subject = request.function.empty()
                              ? std::string("the module")
                              : "@" + request.function.str();
    std::string report =
        "symc: compiling " + subject + " failed: " + what + "\n" + diagnostics;
    if (written) {
      report += "The input IR is in " + irPath + ".\n";
      if (!repro.empty())
        report += "Reproduce with:\n  " + repro +
                  "\n(add --mlir-print-ir-after-all --mlir-disable-threading "
                  "to see the IR after each pass)\n";
    } else {
      report += "(the input IR could not be written to " + irPath + ": " +
                ec.message() + ")\n";
    }
    failureOut.message = report;
  }

  void failLLVM(const std::string &what, llvm::Error error) {
    diagnostics += llvm::toString(std::move(error)) + "\n";
    fail(what, translateRepro());
  }

  const CompileRequest &request;
  CompileFailure &failureOut;
  MLIRContext context;
  StageTimes stages;

private:
  std::string pipelineRepro() const {
    return "symc-opt --pass-pipeline=" + shellQuote(request.pipeline) + " " + irPath;
  }
  std::string translateRepro() const {
    return pipelineRepro() + " | mlir-translate-22 --mlir-to-llvmir";
  }

  void appendDiagnostic(Diagnostic &diag) {
    llvm::raw_string_ostream os(diagnostics);
    os << formatLocation(diag.getLocation()) << ": "
       << severityName(diag.getSeverity()) << ": " << diag.str() << "\n";
    for (Diagnostic &note : diag.getNotes())
      os << formatLocation(note.getLocation()) << ": note: " << note.str() << "\n";
  }

  static void addCallWrapper(llvm::Module &module, llvm::StringRef cifaceName,
                             size_t numParams) {
    llvm::LLVMContext &ctx = module.getContext();
    llvm::Function *ciface = module.getFunction(cifaceName);
    auto *ptrType = llvm::PointerType::getUnqual(ctx);
    auto *type = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), {ptrType}, false);
    std::string name = ("_symc_call_" + cifaceName.drop_front(strlen("_mlir_ciface_"))).str();
    auto *wrapper = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                           name, module);
    llvm::IRBuilder<> builder(llvm::BasicBlock::Create(ctx, "entry", wrapper));
    llvm::SmallVector<llvm::Value *> args;
    for (size_t i = 0; i < numParams; ++i) {
      llvm::Value *slot = builder.CreateConstInBoundsGEP1_64(ptrType, wrapper->getArg(0), i);
      args.push_back(builder.CreateLoad(ptrType, slot));
    }
    builder.CreateCall(ciface, args);
    builder.CreateRetVoid();
    // Only the wrapper is called from outside: the rest may be inlined away.
    for (llvm::Function &fn : module)
      if (!fn.isDeclaration() && &fn != wrapper)
        fn.setLinkage(llvm::GlobalValue::InternalLinkage);
    // (llvm.used, llvm.compiler.used, ... keep their appending linkage.)
    for (llvm::GlobalVariable &global : module.globals())
      if (!global.isDeclaration() && !global.getName().starts_with("llvm."))
        global.setLinkage(llvm::GlobalValue::InternalLinkage);
  }

  std::string diagnostics;
  std::string irPath;
  ScopedDiagnosticHandler handler;
  /// What readSignature read of the input function, for finalSignature.
  FunctionType inputType;
  llvm::SmallVector<int64_t> updateOf;
  llvm::SmallVector<bool> mutableArg;
};

/// Parse, read the signature, lower and translate: what every entry point
/// below shares. Returns the optimized LLVM module.
std::unique_ptr<llvm::Module>
lowerAndOptimize(Compilation &c, llvm::LLVMContext &llvmContext,
                 std::unique_ptr<llvm::TargetMachine> &tm, Signature &signature) {
  OwningOpRef<ModuleOp> module = c.parse();
  if (!module)
    return nullptr;
  if (!c.readSignature(*module) || failed(c.runPipeline(*module)))
    return nullptr;
  std::optional<Signature> sig = c.finalSignature(*module);
  if (!sig)
    return nullptr;
  signature = std::move(*sig);
  std::unique_ptr<llvm::Module> llvmModule = c.translate(*module, llvmContext, signature);
  if (!llvmModule)
    return nullptr;
  auto machine = rt::createHostTargetMachine(c.request.optLevel);
  if (!machine) {
    c.failLLVM("no target machine for the host", machine.takeError());
    return nullptr;
  }
  tm = std::move(*machine);
  StageTimer timer(c.stages, "llvm-opt");
  if (llvm::Error error = rt::optimizeModule(*llvmModule, *tm, c.request.optLevel)) {
    c.failLLVM("optimizing the LLVM IR failed", std::move(error));
    return nullptr;
  }
  return llvmModule;
}

} // namespace

bool rt::isPassRegistered(llvm::StringRef name) {
  (void)compilerRegistry();
  return PassPipelineInfo::lookup(name) != nullptr || PassInfo::lookup(name) != nullptr;
}

std::optional<CompiledObject>
rt::compileToObject(const CompileRequest &request,
                               CompileFailure &failure) {
  auto contextStart = Clock::now();
  Compilation c(request, failure);
  // The first compilation of a process also registers every dialect and
  // pass here.
  c.stages.push_back({"context", secondsSince(contextStart)});
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::TargetMachine> tm;
  CompiledObject result;
  std::unique_ptr<llvm::Module> module =
      lowerAndOptimize(c, llvmContext, tm, result.signature);
  if (!module)
    return std::nullopt;
  auto codegenStart = Clock::now();
  llvm::Expected<std::string> object = rt::emitObject(*module, *tm);
  c.stages.push_back({"codegen", secondsSince(codegenStart)});
  if (!object) {
    c.failLLVM("emitting the object file failed", object.takeError());
    return std::nullopt;
  }
  result.object = std::move(*object);
  result.stages = std::move(c.stages);
  result.entrySymbol = rt::entrySymbolFor(request.function);
  return result;
}

std::optional<std::string>
rt::compileToLLVMIR(const CompileRequest &request,
                               CompileFailure &failure) {
  Compilation c(request, failure);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::TargetMachine> tm;
  Signature signature;
  std::unique_ptr<llvm::Module> module =
      lowerAndOptimize(c, llvmContext, tm, signature);
  if (!module)
    return std::nullopt;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os, nullptr);
  return text;
}

std::optional<std::string>
rt::runPipelineToText(const CompileRequest &request,
                                 CompileFailure &failure) {
  Compilation c(request, failure);
  OwningOpRef<ModuleOp> module = c.parse();
  if (!module || failed(c.runPipeline(*module)))
    return std::nullopt;
  std::string text;
  llvm::raw_string_ostream os(text);
  module->print(os);
  return text;
}
