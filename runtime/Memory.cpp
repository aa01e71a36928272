//===- Memory.cpp - pooled buffers and per-call bookkeeping ---------------===//
//
// A size-class pool behind MLIR's generic allocation functions: steady-state
// calls reuse the buffers of earlier calls, so large temporaries and results
// cost no page faults (BENCHMARKS.md measured peers losing half their time to
// memory returned to the OS and faulted back in). Each buffer carries a
// 64-byte header with its size class, so `free` needs only the pointer and
// the buffer stays 64-byte aligned. Size classes are four per power of two
// (at most 25% waste). Buffers may be freed on any thread (NumPy frees
// results wherever the last reference dies), so the free lists are shared
// and guarded by a mutex per class, with a small lock-free cache per thread
// in front of them for small buffers.
//
// The same file holds the per-thread state of a call (CallScope) and
// symc_rt_fail, because both are reached from the allocation functions.
//
//===----------------------------------------------------------------------===//

#include "runtime/Memory.h"
#include "runtime/CRuntime.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

using namespace symc::runtime;

namespace {

constexpr uint64_t kLiveMagic = 0x53594d43424c4956ull;  // "SYMCBLIV"
constexpr uint64_t kFreedMagic = 0x53594d4342465245ull; // "SYMCBFRE"
constexpr uint32_t kUnpooled = ~0u;
constexpr uint32_t kGuarded = ~0u - 1;
// Requests above this size are not pooled (they would need a class beyond
// the table, and a system that serves them is not page-fault bound).
constexpr size_t kLargestPooled = size_t(1) << 44;

/// Sits right before the pointer handed out, so that it stays aligned.
struct alignas(kBufferAlignment) Header {
  uint64_t magic;
  uint32_t sizeClass;
  uint32_t reserved;
  size_t capacity;
  void *base;
};
static_assert(sizeof(Header) == kBufferAlignment, "header must keep alignment");

constexpr unsigned kNumClasses = 1 + 4 * 40;

/// Class 0 holds up to 64 bytes; above, four classes per power of two:
/// for 2^e < size <= 2^(e+1) the capacities are 5, 6, 7, 8 times 2^(e-2).
unsigned sizeClassOf(size_t size, size_t &capacity) {
  if (size <= 64) {
    capacity = 64;
    return 0;
  }
  unsigned e = 63 - __builtin_clzll(size - 1);
  unsigned sub = ((size - 1) >> (e - 2)) & 3;
  capacity = size_t(4 + sub + 1) << (e - 2);
  return 1 + (e - 6) * 4 + sub;
}

struct FreeList {
  std::mutex mutex;
  std::vector<void *> buffers;
};

FreeList freeLists[kNumClasses];

/// Small buffers freed on a thread are kept by that thread first, and its
/// next allocations of their class take them back without a lock: a call on
/// small arrays allocates and frees a few such buffers, and the two mutex
/// round trips per buffer were a fifth of the time of a trusted call (B5).
/// At most kCachePerClass buffers per class up to kCachedCapacity bytes
/// (about 2 MiB per thread); a thread's cache is freed when it exits.
constexpr size_t kCachedCapacity = 16384;
constexpr unsigned kCachedClasses = 33; // classes 0..32: up to 16384 bytes
constexpr unsigned kCachePerClass = 4;

struct ThreadCache {
  void *buffers[kCachedClasses][kCachePerClass];
  unsigned char counts[kCachedClasses];

  void *take(unsigned cls) {
    return counts[cls] ? buffers[cls][--counts[cls]] : nullptr;
  }
  bool keep(unsigned cls, void *ptr) {
    if (counts[cls] == kCachePerClass)
      return false;
    buffers[cls][counts[cls]++] = ptr;
    return true;
  }
  void release();
  ~ThreadCache() { release(); }
};

thread_local ThreadCache threadCache{};
std::atomic<size_t> pooled{0};
std::atomic<size_t> liveBuffers{0};
std::atomic<size_t> allocations{0};

size_t readPoolLimit() {
  if (const char *env = std::getenv("SYMC_POOL_LIMIT_MB")) {
    char *end = nullptr;
    unsigned long long mb = std::strtoull(env, &end, 10);
    if (end && *end == '\0')
      return size_t(mb) << 20;
  }
  return size_t(4096) << 20;
}

Header *headerOf(void *ptr) {
  return reinterpret_cast<Header *>(static_cast<char *>(ptr) - sizeof(Header));
}

/// SYMC_GUARD_ALLOCATIONS=1: every buffer gets pages of its own, ending
/// where an inaccessible page begins, and is unmapped when freed. Generated
/// code that reads or writes past a buffer's end (rounded up to the 64-byte
/// alignment) or uses it after its free then faults at that instruction,
/// instead of corrupting the heap for a later, unrelated crash (a second
/// free of a buffer faults too). For debugging the compiler and its tests:
/// each allocation is a system call.
bool guardAllocations() {
  static const bool on = [] {
    const char *env = std::getenv("SYMC_GUARD_ALLOCATIONS");
    return env && *env && std::strcmp(env, "0") != 0;
  }();
  return on;
}

void *allocateGuarded(size_t size, size_t alignment) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  if (alignment > page || size > SIZE_MAX / 2)
    return nullptr;
  size_t rounded = std::max<size_t>(alignment, (size + alignment - 1) / alignment * alignment);
  size_t dataPages = (rounded + sizeof(Header) + page - 1) / page;
  // The header keeps the page count in 32 bits (16 TiB of 4 KiB pages).
  if (dataPages + 1 > UINT32_MAX)
    return nullptr;
  size_t total = (dataPages + 1) * page;
  void *base = mmap(nullptr, total, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    return nullptr;
  char *guard = static_cast<char *>(base) + dataPages * page;
  if (mprotect(guard, page, PROT_NONE) != 0) {
    munmap(base, total);
    return nullptr;
  }
  void *user = guard - rounded;
  *headerOf(user) = Header{kLiveMagic, kGuarded,
                           static_cast<uint32_t>(dataPages + 1), rounded, base};
  return user;
}

void ThreadCache::release() {
  for (unsigned cls = 0; cls < kCachedClasses; ++cls)
    while (void *ptr = take(cls))
      std::free(headerOf(ptr)->base);
}

thread_local CallScope *currentScope = nullptr;

} // namespace

size_t symc::runtime::poolLimitBytes() {
  static const size_t limit = readPoolLimit();
  return limit;
}

size_t symc::runtime::liveBufferCount() {
  return liveBuffers.load(std::memory_order_relaxed);
}

size_t symc::runtime::allocationCount() {
  return allocations.load(std::memory_order_relaxed);
}

size_t symc::runtime::pooledBytes() { return pooled.load(std::memory_order_relaxed); }

void *symc::runtime::allocateBuffer(size_t size, size_t alignment) {
  if (alignment < kBufferAlignment)
    alignment = kBufferAlignment;
  void *user = nullptr;
  if (guardAllocations()) {
    user = allocateGuarded(size, alignment);
    if (!user)
      return nullptr;
  } else if (alignment == kBufferAlignment && size <= kLargestPooled) {
    size_t capacity;
    unsigned cls = sizeClassOf(size, capacity);
    static_assert(kCachedCapacity == 16384 && kCachedClasses == 33,
                  "class 32 has capacity 16384");
    if (cls < kCachedClasses)
      user = threadCache.take(cls);
    if (user) {
      headerOf(user)->magic = kLiveMagic;
    } else {
      FreeList &list = freeLists[cls];
      std::lock_guard<std::mutex> lock(list.mutex);
      if (!list.buffers.empty()) {
        user = list.buffers.back();
        list.buffers.pop_back();
        pooled.fetch_sub(capacity, std::memory_order_relaxed);
        headerOf(user)->magic = kLiveMagic;
      }
    }
    if (!user) {
      void *base = nullptr;
      if (posix_memalign(&base, kBufferAlignment, capacity + sizeof(Header)) != 0)
        return nullptr;
      user = static_cast<char *>(base) + sizeof(Header);
      *headerOf(user) = Header{kLiveMagic, cls, 0, capacity, base};
    }
  } else {
    // Over-aligned or huge: served by the system, returned to it on free.
    if ((alignment & (alignment - 1)) != 0 || size > SIZE_MAX - 2 * alignment)
      return nullptr;
    void *base = nullptr;
    if (posix_memalign(&base, alignment, size + alignment) != 0)
      return nullptr;
    user = static_cast<char *>(base) + alignment;
    *headerOf(user) = Header{kLiveMagic, kUnpooled, 0, size, base};
  }
  liveBuffers.fetch_add(1, std::memory_order_relaxed);
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (currentScope)
    currentScope->recordAllocation(user);
  return user;
}

void symc::runtime::freeBuffer(void *ptr) {
  if (!ptr)
    return;
  Header *header = headerOf(ptr);
  // Not one of ours, or freed twice: ignoring it is the only safe choice.
  if (header->magic != kLiveMagic)
    return;
  if (currentScope)
    currentScope->recordFree(ptr);
  header->magic = kFreedMagic;
  liveBuffers.fetch_sub(1, std::memory_order_relaxed);
  if (header->sizeClass == kUnpooled) {
    std::free(header->base);
    return;
  }
  if (header->sizeClass == kGuarded) {
    munmap(header->base, size_t(header->reserved) * sysconf(_SC_PAGESIZE));
    return;
  }
  if (header->sizeClass < kCachedClasses &&
      threadCache.keep(header->sizeClass, ptr))
    return;
  size_t capacity = header->capacity;
  if (pooled.fetch_add(capacity, std::memory_order_relaxed) + capacity > poolLimitBytes()) {
    pooled.fetch_sub(capacity, std::memory_order_relaxed);
    std::free(header->base);
    return;
  }
  FreeList &list = freeLists[header->sizeClass];
  std::lock_guard<std::mutex> lock(list.mutex);
  list.buffers.push_back(ptr);
}

size_t symc::runtime::bufferCapacity(void *ptr) { return headerOf(ptr)->capacity; }

void symc::runtime::trimPool() {
  threadCache.release();
  for (FreeList &list : freeLists) {
    std::vector<void *> buffers;
    {
      std::lock_guard<std::mutex> lock(list.mutex);
      buffers.swap(list.buffers);
    }
    for (void *ptr : buffers) {
      pooled.fetch_sub(headerOf(ptr)->capacity, std::memory_order_relaxed);
      std::free(headerOf(ptr)->base);
    }
  }
}

//===----------------------------------------------------------------------===//
// CallScope
//===----------------------------------------------------------------------===//

CallScope::CallScope() : outer(currentScope) { currentScope = this; }

CallScope::~CallScope() { currentScope = outer; }

CallScope *CallScope::current() { return currentScope; }

bool CallScope::isLive(void *ptr) const {
  return std::find(live.begin(), live.end(), ptr) != live.end();
}

void CallScope::recordFree(void *ptr) {
  // Most frees release the latest allocations: search from the back.
  for (size_t i = live.size(); i-- > 0;) {
    if (live[i] == ptr) {
      live[i] = live.back();
      live.pop_back();
      return;
    }
  }
}

void CallScope::recordFailure(std::string message) {
  // The first failure is the one the user needs to see.
  if (hasFailed)
    return;
  hasFailed = true;
  failureMessage = std::move(message);
}

void CallScope::freeLiveExcept(llvm::ArrayRef<void *> keep) {
  llvm::SmallVector<void *, 16> buffers;
  buffers.swap(live);
  for (void *ptr : buffers)
    if (std::find(keep.begin(), keep.end(), ptr) == keep.end())
      freeBuffer(ptr);
    else
      live.push_back(ptr);
}

std::string symc::runtime::formatCheckMessage(const char *message,
                                              const int64_t values[4]) {
  std::string out;
  if (!message)
    return "a run-time check failed";
  for (const char *p = message; *p; ++p) {
    // "{{" is a brace of the text: symc.assert's user messages.
    if (p[0] == '{' && p[1] == '{') {
      out += '{';
      ++p;
      continue;
    }
    if (p[0] == '{' && p[1] >= '0' && p[1] <= '3' && p[2] == '}') {
      out += std::to_string(values[p[1] - '0']);
      p += 2;
      continue;
    }
    out += *p;
  }
  return out;
}

//===----------------------------------------------------------------------===//
// The C ABI of CRuntime.h
//===----------------------------------------------------------------------===//

extern "C" void symc_rt_fail(const char *message, int64_t v0, int64_t v1,
                             int64_t v2, int64_t v3) {
  const int64_t values[4] = {v0, v1, v2, v3};
  if (currentScope)
    currentScope->recordFailure(formatCheckMessage(message, values));
}

extern "C" void *_mlir_memref_to_llvm_alloc(size_t size) {
  return allocateBuffer(size);
}

extern "C" void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  return allocateBuffer(size, alignment);
}

extern "C" void _mlir_memref_to_llvm_free(void *ptr) { freeBuffer(ptr); }
