//===- Cache.h - the persistent compile cache --------------------*- C++ -*-===//
//
// Compiled objects on disk, keyed by everything that decides the object:
// sha256 of (the IR text's xxh3-128 digest, function, pipeline, opt level,
// compiler identity: symc version, LLVM version, build id, host CPU and
// features). An entry is
// a directory <root>/<key[0:2]>/<key>/ holding object.o, meta.json (the
// signature, the entry symbol and checksums) and module.mlir (the input,
// for people). A hit reads the object and the signature only: no MLIR.
//
// Entries are written into a temporary directory and renamed into place, so
// readers see a whole entry or none; there is no lock. Concurrent writers of
// one key race harmlessly (the first rename wins, the others drop their
// copy). A corrupt or truncated entry fails its checksum, is moved aside
// and rebuilt.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RUNTIME_CACHE_H
#define SYMC_RUNTIME_CACHE_H

#include "runtime/Compiler.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace symc::runtime {

std::string cacheKey(const CompileRequest &request);

class CompileCache {
public:
  explicit CompileCache(llvm::StringRef root) : root(root.str()) {}

  /// The directory of the entry for `key`.
  std::string entryDir(llvm::StringRef key) const;

  /// Reads the entry for `key`. On a miss returns nullopt and, for an entry
  /// that exists but is damaged, sets `damaged`.
  std::optional<CompiledObject> lookup(llvm::StringRef key, bool &damaged) const;

  /// Stores an entry (best effort: a cache that cannot be written is only
  /// slower). With `replaceDamaged`, an existing entry is moved aside first.
  void store(llvm::StringRef key, const CompiledObject &object,
             const CompileRequest &request, double compileSeconds,
             bool replaceDamaged) const;

private:
  std::string root;
};

} // namespace symc::runtime

#endif // SYMC_RUNTIME_CACHE_H
