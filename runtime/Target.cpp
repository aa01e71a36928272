//===- Target.cpp - host code generation ----------------------------------===//
//
// Generated code is compiled for the exact CPU it runs on (the compile cache
// key carries the CPU name and features, so an entry never runs elsewhere).
// The optimizer is LLVM's default O3 pipeline with one addition: glibc's
// libmvec is declared as the vector math library, so the loop vectorizer
// turns scalar exp/log/tanh/... calls into calls of their SIMD variants
// (libm calls in a loop otherwise stop vectorization and cost ~4x, as the
// B1 measurement in BENCHMARKS.md showed). LLVM's built-in libmvec table
// knows only sin/cos/tan/pow/exp/log in SSE and AVX2 widths; the table here
// lists every function glibc 2.35+ ships, in each width the host supports.
//
//===----------------------------------------------------------------------===//

#include "runtime/Target.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cstring>
#include <deque>
#include <dlfcn.h>
#include <link.h>
#include <mutex>

#ifndef SYMC_VERSION
#define SYMC_VERSION "unknown"
#endif

using namespace llvm;
using namespace symc::runtime;

void symc::runtime::initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
  });
}

const HostTarget &symc::runtime::hostTarget() {
  static const HostTarget host = [] {
    HostTarget target;
    target.triple = sys::getProcessTriple();
    target.cpu = sys::getHostCPUName().str();
    StringMap<bool, MallocAllocator> features = sys::getHostCPUFeatures();
    SmallVector<std::string, 64> names;
    for (const auto &feature : features)
      names.push_back((feature.second ? "+" : "-") + feature.first().str());
    llvm::sort(names);
    target.features = join(names, ",");
    return target;
  }();
  return host;
}

static bool hostHasFeature(StringRef name) {
  SmallVector<StringRef, 64> features;
  StringRef(hostTarget().features).split(features, ',');
  return llvm::is_contained(features, ("+" + name).str());
}

Expected<std::unique_ptr<TargetMachine>>
symc::runtime::createHostTargetMachine(int optLevel) {
  initializeNativeTarget();
  const HostTarget &host = hostTarget();
  std::string error;
  Triple triple(host.triple);
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return createStringError(inconvertibleErrorCode(),
                             "no LLVM target for " + host.triple + ": " + error);
  CodeGenOptLevel level = optLevel <= 0   ? CodeGenOptLevel::None
                          : optLevel == 1 ? CodeGenOptLevel::Less
                          : optLevel == 2 ? CodeGenOptLevel::Default
                                          : CodeGenOptLevel::Aggressive;
  TargetOptions options;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, host.cpu, host.features, options, Reloc::PIC_, CodeModel::Small,
      level));
  if (!tm)
    return createStringError(inconvertibleErrorCode(),
                             "cannot create a target machine for " + host.cpu);
  return tm;
}

//===----------------------------------------------------------------------===//
// libmvec
//===----------------------------------------------------------------------===//

namespace {
/// A libm function with SIMD variants in libmvec: its name, its number of
/// vector arguments, and whether LLVM has an intrinsic of the same name
/// (llvm.exp.f64 ...) that MLIR's math-to-LLVM conversion emits.
struct MathFunction {
  const char *name;
  unsigned arity;
  bool hasIntrinsic;
};
constexpr MathFunction kLibmvecFunctions[] = {
    {"acos", 1, true},   {"acosh", 1, false}, {"asin", 1, true},
    {"asinh", 1, false}, {"atan", 1, true},   {"atanh", 1, false},
    {"atan2", 2, true},  {"cbrt", 1, false},  {"cos", 1, true},
    {"cosh", 1, true},   {"erf", 1, false},   {"erfc", 1, false},
    {"exp", 1, true},    {"exp10", 1, true},  {"exp2", 1, true},
    {"expm1", 1, false}, {"hypot", 2, false}, {"log", 1, true},
    {"log10", 1, true},  {"log1p", 1, false}, {"log2", 1, true},
    {"pow", 2, true},    {"sin", 1, true},    {"sinh", 1, true},
    {"tan", 1, true},    {"tanh", 1, true},
};

/// The VecDescs of every libmvec variant the host can run. VecDesc holds
/// StringRefs, so the strings live as long as the process.
const std::vector<VecDesc> &libmvecDescriptors() {
  static std::deque<std::string> strings;
  static const std::vector<VecDesc> descs = [] {
    std::vector<VecDesc> out;
    auto keep = [](std::string s) -> StringRef {
      strings.push_back(std::move(s));
      return strings.back();
    };
    // One variant per vector width: the best ISA the host has (glibc's AVX
    // 'c' variants are SSE code run twice; only the AVX2 'd' ones use the
    // 256-bit units).
    struct Isa {
      char letter;
      unsigned bits;
      const char *feature;
    };
    const Isa isas[] = {{'b', 128, "sse4.1"},
                        {'d', 256, "avx2"},
                        {'c', 256, "avx"},
                        {'e', 512, "avx512f"}};
    unsigned widthsDone = 0;
    for (const Isa &isa : isas) {
      if (!hostHasFeature(isa.feature) || (widthsDone & isa.bits))
        continue;
      widthsDone |= isa.bits;
      for (const MathFunction &fn : kLibmvecFunctions) {
        for (bool isFloat : {false, true}) {
          unsigned lanes = isa.bits / (isFloat ? 32 : 64);
          std::string params(fn.arity, 'v');
          std::string scalar = std::string(fn.name) + (isFloat ? "f" : "");
          std::string vector = "_ZGV" + std::string(1, isa.letter) + "N" +
                               std::to_string(lanes) + params + "_" + scalar;
          StringRef vectorName = keep(vector);
          StringRef prefix = keep("_ZGV_LLVM_N" + std::to_string(lanes) + params);
          ElementCount vf = ElementCount::getFixed(lanes);
          out.emplace_back(keep(scalar), vectorName, vf, false, prefix, std::nullopt);
          if (fn.hasIntrinsic)
            out.emplace_back(keep("llvm." + std::string(fn.name) +
                                  (isFloat ? ".f32" : ".f64")),
                             vectorName, vf, false, prefix, std::nullopt);
        }
      }
    }
    return out;
  }();
  return descs;
}

TargetLibraryInfoImpl makeLibraryInfo(const Triple &triple) {
  TargetLibraryInfoImpl tlii(triple);
  tlii.addVectorizableFunctions(libmvecDescriptors());
  return tlii;
}

/// Scalar libm functions generated code may call. They only read their
/// arguments (symc never reads errno), which lets LICM hoist them and the
/// vectorizer widen them.
bool isPureMathFunction(StringRef name) {
  name.consume_back("f");
  for (const MathFunction &fn : kLibmvecFunctions)
    if (name == fn.name)
      return true;
  return llvm::is_contained({"fabs", "floor", "ceil", "round", "trunc", "fmod",
                             "sqrt", "rint", "nearbyint", "copysign", "fma",
                             "fmin", "fmax", "lgamma", "tgamma", "erfinv"},
                            name);
}
} // namespace

Error symc::runtime::optimizeModule(Module &module, TargetMachine &tm,
                                    int optLevel) {
  module.setTargetTriple(tm.getTargetTriple());
  module.setDataLayout(tm.createDataLayout());
  const HostTarget &host = hostTarget();
  for (Function &fn : module) {
    if (fn.isDeclaration()) {
      if (isPureMathFunction(fn.getName())) {
        fn.setDoesNotAccessMemory();
        fn.setDoesNotThrow();
        fn.setWillReturn();
      }
      continue;
    }
    fn.addFnAttr("target-cpu", host.cpu);
    fn.addFnAttr("target-features", host.features);
    // LLVM keeps AVX-512 CPUs at 256-bit vectors by default (frequency
    // licences); symc's loops are math-bound, and libmvec's 512-bit
    // variants ran B1 faster in both precisions here.
    if (hostHasFeature("avx512f"))
      fn.addFnAttr("prefer-vector-width", "512");
    fn.addFnAttr(Attribute::NoUnwind);
  }
  std::string problems;
  raw_string_ostream problemStream(problems);
  if (verifyModule(module, &problemStream))
    return createStringError(inconvertibleErrorCode(),
                             "the translated LLVM IR does not verify:\n" + problems);
  // Even at O0 LLVM's O0 pipeline runs: it splits the coroutines of the
  // async runtime's thread-pool dispatch (code generation aborts on
  // unsplit ones) and inlines always-inline functions.
  OptimizationLevel level = optLevel <= 0   ? OptimizationLevel::O0
                            : optLevel == 1 ? OptimizationLevel::O1
                            : optLevel == 2 ? OptimizationLevel::O2
                                            : OptimizationLevel::O3;
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PipelineTuningOptions tuning;
  tuning.LoopUnrolling = true;
  tuning.LoopInterleaving = true;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  PassBuilder builder(&tm, tuning);
  // Registered before the defaults so that it wins over the plain TLI.
  TargetLibraryInfoImpl tlii = makeLibraryInfo(tm.getTargetTriple());
  fam.registerPass([&] { return TargetLibraryAnalysis(tlii); });
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  ModulePassManager mpm = level == OptimizationLevel::O0
                              ? builder.buildO0DefaultPipeline(level)
                              : builder.buildPerModuleDefaultPipeline(level);
  mpm.run(module, mam);
  return Error::success();
}

Expected<std::string> symc::runtime::emitObject(Module &module,
                                                TargetMachine &tm) {
  SmallVector<char, 0> buffer;
  raw_svector_ostream os(buffer);
  legacy::PassManager pm;
  // Code generation replaces vector math intrinsics by library calls too.
  pm.add(new TargetLibraryInfoWrapperPass(makeLibraryInfo(tm.getTargetTriple())));
  if (tm.addPassesToEmitFile(pm, os, nullptr, CodeGenFileType::ObjectFile))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit object files");
  pm.run(module);
  return std::string(buffer.begin(), buffer.end());
}

//===----------------------------------------------------------------------===//
// Compiler identity
//===----------------------------------------------------------------------===//

namespace {
/// The GNU build id of the shared object holding this code (a hash of its
/// contents written by the linker), or its size and modification time when
/// it has none: a rebuilt compiler must not load the objects of the old one.
std::string buildIdentity() {
  struct Search {
    uintptr_t address;
    std::string id;
  } search{reinterpret_cast<uintptr_t>(&buildIdentity), ""};
  dl_iterate_phdr(
      [](dl_phdr_info *info, size_t, void *data) -> int {
        auto *s = static_cast<Search *>(data);
        bool contains = false;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr) &ph = info->dlpi_phdr[i];
          uintptr_t start = info->dlpi_addr + ph.p_vaddr;
          if (ph.p_type == PT_LOAD && s->address >= start &&
              s->address < start + ph.p_memsz)
            contains = true;
        }
        if (!contains)
          return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr) &ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE)
            continue;
          const char *p = reinterpret_cast<const char *>(info->dlpi_addr + ph.p_vaddr);
          const char *end = p + ph.p_memsz;
          while (p + sizeof(ElfW(Nhdr)) <= end) {
            auto *note = reinterpret_cast<const ElfW(Nhdr) *>(p);
            const char *name = p + sizeof(ElfW(Nhdr));
            const char *desc = name + ((note->n_namesz + 3) & ~3u);
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0) {
              s->id = toHex(ArrayRef<uint8_t>(
                                reinterpret_cast<const uint8_t *>(desc), note->n_descsz),
                            /*LowerCase=*/true);
              return 1;
            }
            p = desc + ((note->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &search);
  if (!search.id.empty())
    return search.id;
  Dl_info info;
  sys::fs::file_status status;
  if (dladdr(reinterpret_cast<void *>(&buildIdentity), &info) && info.dli_fname &&
      !sys::fs::status(info.dli_fname, status))
    return std::string(info.dli_fname) + ":" + std::to_string(status.getSize()) +
           ":" + std::to_string(status.getLastModificationTime().time_since_epoch().count());
  return "unknown";
}
} // namespace

const std::string &symc::runtime::compilerIdentity() {
  static const std::string identity = [] {
    const HostTarget &host = hostTarget();
    return "symc " SYMC_VERSION "; LLVM " LLVM_VERSION_STRING "; build " +
           buildIdentity() + "; " + host.triple + " " + host.cpu + " " +
           host.features;
  }();
  return identity;
}
