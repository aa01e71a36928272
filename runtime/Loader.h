//===- Loader.h - object files into the process -----------------*- C++ -*-===//
//
// Loads relocatable objects produced by Target.h with LLVM's ORC JIT (one
// process-wide LLJIT, one JITDylib per loaded object). Undefined symbols
// resolve to the runtime's own functions (CRuntime.h), then to the process
// (libm) and glibc's libmvec, which is loaded for the vector math calls the
// optimizer emits.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RUNTIME_LOADER_H
#define SYMC_RUNTIME_LOADER_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace symc::runtime {

/// Code loaded into the process; unloaded when destroyed (after the async
/// runtime's workers are out of it, for code with parallel loops).
class LoadedObject {
public:
  ~LoadedObject();
  LoadedObject(const LoadedObject &) = delete;
  LoadedObject &operator=(const LoadedObject &) = delete;

  /// Loads `object` and returns the address of `symbol` in it.
  static llvm::Expected<std::unique_ptr<LoadedObject>>
  load(llvm::StringRef object, llvm::StringRef symbol);

  void *address() const { return entry; }

private:
  LoadedObject() = default;
  void *dylib = nullptr; // llvm::orc::JITDylib
  void *entry = nullptr;
  /// Whether the code hands work to MLIR's async runtime (parallel loops),
  /// whose worker threads must leave it before it is unloaded.
  bool usesAsyncRuntime = false;
};

} // namespace symc::runtime

#endif // SYMC_RUNTIME_LOADER_H
