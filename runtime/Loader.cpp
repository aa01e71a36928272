//===- Loader.cpp - object files into the process -------------------------===//
//
// The JIT is created on first use and lives as long as the process (its
// destructor would run at exit, after Python may have torn down objects that
// still point into JIT'd code). Each object gets a JITDylib of its own:
// objects of different functions define the same names (_mlir_ciface_f
// twice) and must be unloadable one by one. The runtime's functions are
// given to the JIT as absolute addresses rather than looked up by name in the
// process, because the extension module holding them is loaded with
// RTLD_LOCAL and its symbols are hidden.
//
//===----------------------------------------------------------------------===//

#include "runtime/Loader.h"
#include "runtime/CRuntime.h"
#include "runtime/Target.h"

#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/MemoryBuffer.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

using namespace llvm;
using namespace symc::runtime;

namespace {

struct Jit {
  std::unique_ptr<orc::LLJIT> jit;
  orc::JITDylib *runtimeSymbols = nullptr;
  std::string error;
};

template <typename Fn> orc::ExecutorSymbolDef callable(Fn *fn) {
  return {orc::ExecutorAddr::fromPtr(reinterpret_cast<void *>(fn)),
          JITSymbolFlags::Exported | JITSymbolFlags::Callable};
}

Jit &theJit() {
  static Jit *instance = [] {
    auto *j = new Jit();
    initializeNativeTarget();
    // Vector math variants (_ZGVdN4v_exp, ...) the optimizer calls, and libm
    // itself; loaded globally so the process symbol search finds them.
    std::string ignored;
    sys::DynamicLibrary::LoadLibraryPermanently("libm.so.6", &ignored);
    if (sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1", &ignored))
      j->error = "cannot load glibc's libmvec.so.1: " + ignored;
    // The thread pool of loops split by async-parallel-for (mlirAsyncRuntime*).
    if (sys::DynamicLibrary::LoadLibraryPermanently(SYMC_ASYNC_RUNTIME_LIBRARY,
                                                    &ignored))
      j->error = std::string("cannot load MLIR's async runtime ") +
                 SYMC_ASYNC_RUNTIME_LIBRARY + ": " + ignored;
    auto builder = orc::JITTargetMachineBuilder::detectHost();
    if (!builder) {
      j->error = toString(builder.takeError());
      return j;
    }
    auto jit = orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*builder)).create();
    if (!jit) {
      j->error = toString(jit.takeError());
      return j;
    }
    j->jit = std::move(*jit);
    orc::ExecutionSession &session = j->jit->getExecutionSession();
    orc::JITDylib &runtime = session.createBareJITDylib("symc-runtime");
    orc::SymbolMap symbols;
    auto add = [&](const char *name, orc::ExecutorSymbolDef def) {
      symbols[session.intern(j->jit->mangle(name))] = def;
    };
    add("symc_rt_fail", callable(&symc_rt_fail));
    add("_mlir_memref_to_llvm_alloc", callable(&_mlir_memref_to_llvm_alloc));
    add("_mlir_memref_to_llvm_aligned_alloc", callable(&_mlir_memref_to_llvm_aligned_alloc));
    add("_mlir_memref_to_llvm_free", callable(&_mlir_memref_to_llvm_free));
    add("symc_rt_gemm_f32", callable(&symc_rt_gemm_f32));
    add("symc_rt_gemm_f64", callable(&symc_rt_gemm_f64));
    add("symc_rt_gemv_f32", callable(&symc_rt_gemv_f32));
    add("symc_rt_gemv_f64", callable(&symc_rt_gemv_f64));
    add("symc_rt_ger_f32", callable(&symc_rt_ger_f32));
    add("symc_rt_ger_f64", callable(&symc_rt_ger_f64));
    add("symc_rt_dot_f32", callable(&symc_rt_dot_f32));
    add("symc_rt_dot_f64", callable(&symc_rt_dot_f64));
    add("symc_rt_pack_gemm_b_f64", callable(&symc_rt_pack_gemm_b_f64));
    add("symc_rt_gemm_packed_f64", callable(&symc_rt_gemm_packed_f64));
    add("symc_rt_free_packed_gemm_b", callable(&symc_rt_free_packed_gemm_b));
    if (Error err = runtime.define(orc::absoluteSymbols(std::move(symbols)))) {
      j->error = toString(std::move(err));
      j->jit.reset();
      return j;
    }
    j->runtimeSymbols = &runtime;
    return j;
  }();
  return *instance;
}

/// Waits until every worker thread of MLIR's async runtime has finished the
/// task it was running. A parallel loop's last task signals its completion
/// (mlirAsyncRuntimeEmplaceToken) and only then returns through the rest of
/// its coroutine, in the object's code: the caller is already back and may
/// unload that code while a worker still executes it (a segfault in a worker
/// thread, seen in the test suite). One task per worker that waits for all
/// the others to start: when all have started, each worker has left
/// whatever it ran before (the pool runs tasks in order, one per thread).
class AsyncQuiescence {
public:
  static void wait() {
    using Execute = void (*)(void *, void (*)(void *));
    using Workers = int64_t (*)();
    // Resolved in the library loaded above; MLIR spells the second name
    // without the final 'e'.
    static auto execute = reinterpret_cast<Execute>(
        sys::DynamicLibrary::SearchForAddressOfSymbol("mlirAsyncRuntimeExecute"));
    static auto workers = reinterpret_cast<Workers>(
        sys::DynamicLibrary::SearchForAddressOfSymbol("mlirAsyncRuntimGetNumWorkerThreads"));
    if (!execute || !workers)
      return;
    int64_t n = workers();
    if (n <= 0)
      return;
    auto *q = new AsyncQuiescence(n);
    for (int64_t i = 0; i < n; ++i)
      execute(q, &AsyncQuiescence::arrive);
    std::unique_lock<std::mutex> lock(q->mutex);
    q->allArrived.wait(lock, [&] { return q->arrived == q->expected; });
    q->release(lock);
  }

private:
  explicit AsyncQuiescence(int64_t n) : expected(n), references(n + 1) {}

  static void arrive(void *handle) {
    auto *q = static_cast<AsyncQuiescence *>(handle);
    std::unique_lock<std::mutex> lock(q->mutex);
    if (++q->arrived == q->expected)
      q->allArrived.notify_all();
    else
      q->allArrived.wait(lock, [&] { return q->arrived == q->expected; });
    q->release(lock);
  }

  /// Drops one reference (the waiter's or a task's); the last one frees.
  void release(std::unique_lock<std::mutex> &lock) {
    bool last = --references == 0;
    lock.unlock();
    if (last)
      delete this;
  }

  std::mutex mutex;
  std::condition_variable allArrived;
  int64_t arrived = 0;
  const int64_t expected;
  int64_t references;
};

} // namespace

Expected<std::unique_ptr<LoadedObject>>
LoadedObject::load(StringRef object, StringRef symbol) {
  Jit &j = theJit();
  if (!j.jit)
    return createStringError(inconvertibleErrorCode(),
                             "the JIT is not available: " + j.error);
  static std::atomic<uint64_t> counter{0};
  std::string name = "symc-object-" + std::to_string(counter++);
  auto dylib = j.jit->createJITDylib(name);
  if (!dylib)
    return dylib.takeError();
  orc::JITDylibSearchOrder order;
  order.push_back({j.runtimeSymbols, orc::JITDylibLookupFlags::MatchExportedSymbolsOnly});
  for (auto &entry : j.jit->defaultLinkOrder())
    order.push_back(entry);
  dylib->setLinkOrder(std::move(order));

  std::unique_ptr<LoadedObject> loaded(new LoadedObject());
  loaded->dylib = &*dylib;
  loaded->usesAsyncRuntime = object.contains("mlirAsyncRuntimeExecute");
  if (Error err = j.jit->addObjectFile(
          *dylib, MemoryBuffer::getMemBufferCopy(object, name)))
    return std::move(err);
  auto address = j.jit->lookup(*dylib, symbol);
  if (!address)
    return address.takeError();
  loaded->entry = address->toPtr<void *>();
  return loaded;
}

LoadedObject::~LoadedObject() {
  if (!dylib)
    return;
  if (usesAsyncRuntime)
    AsyncQuiescence::wait();
  Jit &j = theJit();
  consumeError(j.jit->getExecutionSession().removeJITDylib(
      *static_cast<orc::JITDylib *>(dylib)));
}
