//===- Memory.h - pooled buffers and per-call bookkeeping -------*- C++ -*-===//
//
// The runtime's allocator and the state a call of a compiled function keeps
// on its thread: the buffers allocated while it runs (so that a failed call
// can free them all and a finished one can free what the generated code
// leaked) and the message of a failed run-time check (symc_rt_fail).
// Generated code reaches the allocator through CRuntime.h; the rest of the
// runtime uses the C++ functions below.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RUNTIME_MEMORY_H
#define SYMC_RUNTIME_MEMORY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace symc::runtime {

/// Every pool buffer is aligned to this many bytes (a cache line, enough for
/// any AVX-512 load).
constexpr size_t kBufferAlignment = 64;

/// Returns a buffer of at least `size` bytes aligned to `alignment` (at least
/// kBufferAlignment), from the pool when one of its size class is free.
/// Returns nullptr only when the system is out of memory.
void *allocateBuffer(size_t size, size_t alignment = kBufferAlignment);

/// Returns a buffer of allocateBuffer to the pool (or to the system when the
/// pool holds its limit). Null is ignored.
void freeBuffer(void *ptr);

/// The usable size of a buffer of allocateBuffer.
size_t bufferCapacity(void *ptr);

/// Bytes the shared pool holds for reuse now (not counting the per-thread
/// caches of small buffers), and its limit (SYMC_POOL_LIMIT_MB
/// environment variable, default 4096 MiB).
size_t pooledBytes();
size_t poolLimitBytes();

/// Buffers handed out and not freed yet (results the caller holds, buffers
/// of calls in flight). Tests use it to prove that nothing leaks.
size_t liveBufferCount();
/// Buffers handed out since the process started (pool hits included): tests
/// count what one call allocates.
size_t allocationCount();

/// Releases every buffer the pool holds to the system (the shared pool and
/// the calling thread's cache of small buffers; other threads' caches,
/// at most 4 buffers per size class up to 16 KiB each, are freed when
/// those threads exit).
void trimPool();

/// The bookkeeping of one call of a compiled function on the current thread.
/// While a scope is active, the allocator records the buffers allocated on
/// this thread and forgets those freed, and symc_rt_fail records its message
/// here. Scopes nest (the innermost one is active).
class CallScope {
public:
  CallScope();
  ~CallScope();
  CallScope(const CallScope &) = delete;
  CallScope &operator=(const CallScope &) = delete;

  /// Whether a run-time check failed during the call.
  bool failed() const { return hasFailed; }
  const std::string &message() const { return failureMessage; }

  /// The buffers allocated during the call and not freed yet.
  llvm::ArrayRef<void *> liveBuffers() const { return live; }
  bool isLive(void *ptr) const;
  /// Frees every live buffer except those in `keep`.
  void freeLiveExcept(llvm::ArrayRef<void *> keep);

  // Used by the allocator and symc_rt_fail.
  void recordAllocation(void *ptr) { live.push_back(ptr); }
  void recordFree(void *ptr);
  void recordFailure(std::string message);
  static CallScope *current();

private:
  llvm::SmallVector<void *, 16> live;
  std::string failureMessage;
  bool hasFailed = false;
  CallScope *outer;
};

/// Formats a symc.check message: "{0}".."{3}" become v0..v3, "{{" a "{".
std::string formatCheckMessage(const char *message, const int64_t values[4]);

} // namespace symc::runtime

#endif // SYMC_RUNTIME_MEMORY_H
