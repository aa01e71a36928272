//===- Executable.h - a compiled function ready to call ----------*- C++ -*-===//
//
// A loaded object, its signature and the call path: run the entry with the
// caller's descriptors inside a CallScope, turn a failed run-time check into
// an error message with every buffer of the call freed, and make sure each
// result owns a buffer of its own (see symcExecutableInvoke).
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RUNTIME_EXECUTABLE_H
#define SYMC_RUNTIME_EXECUTABLE_H

#include "runtime/Compiler.h"
#include "runtime/Loader.h"
#include "runtime/Signature.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace symc::runtime {

class Executable {
public:
  /// Compiles `request` (or loads it from `cacheDir` when not empty).
  static std::unique_ptr<Executable> compile(const CompileRequest &request,
                                             llvm::StringRef cacheDir,
                                             CompileFailure &failure);

  /// Loads the cache entry `key` of `cacheDir` without any IR: null when
  /// there is no such entry, or it is damaged, or the JIT refuses its
  /// object (the caller then compiles, which rebuilds the entry). `key` is
  /// what cacheKey() made for some request, e.g. the name of an entry
  /// directory; anything but 64 lower-case hex digits is a miss.
  static std::unique_ptr<Executable> loadCached(llvm::StringRef cacheDir,
                                                llvm::StringRef key);

  const Signature &signature() const { return sig; }
  double compileSeconds() const { return seconds; }
  bool fromCache() const { return cached; }
  const std::string &cacheEntry() const { return entryDir; }
  /// Where compileSeconds() went, stage by stage (see StageTime).
  const StageTimes &stageTimes() const { return stages; }

  /// See symcExecutableInvoke.
  const char *invoke(void *results, void *const *args) const;

private:
  Executable() = default;
  void finishResults(void *results) const;
  void finishLoading(CompiledObject &compiled,
                     std::chrono::steady_clock::time_point start);

  Signature sig;
  std::unique_ptr<LoadedObject> code;
  void (*entry)(void **) = nullptr;
  std::vector<size_t> resultOffsets; // in int64 words
  double seconds = 0;
  bool cached = false;
  std::string entryDir;
  StageTimes stages;
};

} // namespace symc::runtime

#endif // SYMC_RUNTIME_EXECUTABLE_H
