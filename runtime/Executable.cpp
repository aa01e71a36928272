//===- Executable.cpp - a compiled function ready to call -----------------===//
//
// Compiling goes through the cache when one is given: a verified hit is
// loaded straight away; a miss (or a damaged entry, or an object the JIT
// refuses) is compiled, stored and loaded. loadCached is the hit path
// alone, for callers that know the key of an entry (the frontend's index of
// graphs it compiled before) and want no IR at all.
//
// A call runs inside a CallScope, which records every buffer the generated
// code allocates. After the call the buffers reachable from results are
// kept for the caller and any other live buffer (one the code forgot to
// free) is released; after a failed run-time check all of them are.
//
//===----------------------------------------------------------------------===//

#include "runtime/Executable.h"
#include "runtime/Cache.h"
#include "runtime/Memory.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <chrono>
#include <cstring>

using namespace symc::runtime;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

/// Copies a strided array (strides in elements) into packed row-major order.
void copyToPacked(char *dst, const char *src, int64_t rank, const int64_t *sizes,
                  const int64_t *strides, size_t elementSize) {
  int64_t count = 1;
  for (int64_t k = 0; k < rank; ++k)
    count *= sizes[k];
  if (count == 0)
    return;
  llvm::SmallVector<int64_t, 8> index(rank, 0);
  int64_t offset = 0;
  for (int64_t n = 0; n < count; ++n) {
    std::memcpy(dst + n * elementSize, src + offset * int64_t(elementSize), elementSize);
    // Odometer step over the indices, innermost first.
    for (int64_t k = rank - 1; k >= 0; --k) {
      if (++index[k] < sizes[k]) {
        offset += strides[k];
        break;
      }
      offset -= strides[k] * (sizes[k] - 1);
      index[k] = 0;
    }
  }
}

} // namespace

std::unique_ptr<Executable> Executable::compile(const CompileRequest &request,
                                                llvm::StringRef cacheDir,
                                                CompileFailure &failure) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Executable> exe(new Executable());
  StageTimes &stages = exe->stages;
  std::optional<CompileCache> cache;
  std::string key;
  bool damaged = false;
  std::optional<CompiledObject> compiled;
  if (!cacheDir.empty()) {
    auto lookupStart = std::chrono::steady_clock::now();
    cache.emplace(cacheDir);
    key = cacheKey(request);
    exe->entryDir = cache->entryDir(key);
    compiled = cache->lookup(key, damaged);
    stages.push_back({"cache-lookup", secondsSince(lookupStart)});
    if (compiled) {
      auto loadStart = std::chrono::steady_clock::now();
      auto loaded = LoadedObject::load(compiled->object, compiled->entrySymbol);
      stages.push_back({"load", secondsSince(loadStart)});
      if (loaded) {
        exe->code = std::move(*loaded);
        exe->cached = true;
      } else {
        llvm::consumeError(loaded.takeError());
        damaged = true;
        compiled.reset();
      }
    }
  }
  if (!exe->code) {
    compiled = compileToObject(request, failure);
    if (!compiled)
      return nullptr;
    stages.insert(stages.end(), compiled->stages.begin(), compiled->stages.end());
    if (cache) {
      auto storeStart = std::chrono::steady_clock::now();
      cache->store(key, *compiled, request, secondsSince(start), damaged);
      stages.push_back({"cache-store", secondsSince(storeStart)});
    }
    auto loadStart = std::chrono::steady_clock::now();
    auto loaded = LoadedObject::load(compiled->object, compiled->entrySymbol);
    stages.push_back({"load", secondsSince(loadStart)});
    if (!loaded) {
      failure.diagnostics = llvm::toString(loaded.takeError());
      failure.message = "symc: loading the compiled code of @" +
                         request.function.str() + " failed:\n" +
                         failure.diagnostics + "\n";
      return nullptr;
    }
    exe->code = std::move(*loaded);
  }
  exe->finishLoading(*compiled, start);
  return exe;
}

void Executable::finishLoading(CompiledObject &compiled,
                               std::chrono::steady_clock::time_point start) {
  sig = std::move(compiled.signature);
  entry = reinterpret_cast<void (*)(void **)>(code->address());
  size_t offset = 0;
  for (const TensorType &type : sig.outputs) {
    resultOffsets.push_back(offset);
    offset += size_t(type.descriptorWords());
  }
  seconds = secondsSince(start);
}

std::unique_ptr<Executable> Executable::loadCached(llvm::StringRef cacheDir,
                                                   llvm::StringRef key) {
  auto start = std::chrono::steady_clock::now();
  // The key names a directory: only a real key may, never a path.
  if (cacheDir.empty() || key.size() != 64 ||
      !llvm::all_of(key, [](char c) { return llvm::isDigit(c) || (c >= 'a' && c <= 'f'); }))
    return nullptr;
  std::unique_ptr<Executable> exe(new Executable());
  CompileCache cache(cacheDir);
  bool damaged = false;
  std::optional<CompiledObject> compiled = cache.lookup(key, damaged);
  exe->stages.push_back({"cache-lookup", secondsSince(start)});
  if (!compiled)
    return nullptr;
  auto loadStart = std::chrono::steady_clock::now();
  auto loaded = LoadedObject::load(compiled->object, compiled->entrySymbol);
  exe->stages.push_back({"load", secondsSince(loadStart)});
  if (!loaded) {
    llvm::consumeError(loaded.takeError());
    return nullptr;
  }
  exe->code = std::move(*loaded);
  exe->cached = true;
  exe->entryDir = cache.entryDir(key);
  exe->finishLoading(*compiled, start);
  return exe;
}

const char *Executable::invoke(void *results, void *const *args) const {
  thread_local std::string message;
  llvm::SmallVector<void *, 16> packed;
  if (!sig.outputs.empty())
    packed.push_back(results);
  packed.append(args, args + sig.inputs.size());

  CallScope scope;
  entry(packed.data());
  if (scope.failed()) {
    scope.freeLiveExcept({});
    message = scope.message();
    return message.c_str();
  }

  llvm::SmallVector<void *, 8> keep;
  for (size_t i = 0; i < sig.outputs.size(); ++i) {
    const TensorType &type = sig.outputs[i];
    int64_t *desc = static_cast<int64_t *>(results) + resultOffsets[i];
    int64_t rank = type.rank();
    int64_t *sizes = desc + 3, *strides = desc + 3 + rank;
    void *allocated = reinterpret_cast<void *>(desc[0]);
    bool broadcast = false;
    int64_t count = 1;
    for (int64_t k = 0; k < rank; ++k) {
      broadcast |= sizes[k] > 1 && strides[k] == 0;
      count *= sizes[k];
    }
    if (!broadcast && scope.isLive(allocated)) {
      keep.push_back(allocated);
      continue;
    }
    // A buffer the call did not allocate (an argument's, a constant) or a
    // broadcast view: the caller gets a packed copy of its own.
    size_t elementSize = dtypeSize(type.dtype);
    char *fresh = static_cast<char *>(allocateBuffer(size_t(count) * elementSize));
    if (!fresh) {
      scope.freeLiveExcept({});
      message = "out of memory copying result #" + std::to_string(i);
      return message.c_str();
    }
    const char *source = reinterpret_cast<const char *>(desc[1]) +
                         desc[2] * int64_t(elementSize);
    copyToPacked(fresh, source, rank, sizes, strides, elementSize);
    desc[0] = desc[1] = reinterpret_cast<int64_t>(fresh);
    desc[2] = 0;
    int64_t stride = 1;
    for (int64_t k = rank - 1; k >= 0; --k) {
      strides[k] = stride;
      stride *= sizes[k];
    }
    keep.push_back(fresh);
  }
  scope.freeLiveExcept(keep);
  return nullptr;
}
