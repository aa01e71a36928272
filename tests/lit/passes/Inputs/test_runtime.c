/*===- test_runtime.c - runtime stand-ins for execution tests --*- C -*-===*
 *
 * The functions runtime/CRuntime.h says generated code calls, reduced to
 * what the lit execution tests need (allocation, error reporting). Tests
 * link this instead of the real runtime so that they exercise the
 * pipeline's output alone.
 *
 *===--------------------------------------------------------------------===*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int failed;

void symc_rt_fail(const char *message, int64_t v0, int64_t v1, int64_t v2,
                  int64_t v3) {
  fprintf(stderr, "symc_rt_fail: %s [%lld %lld %lld %lld]\n", message,
          (long long)v0, (long long)v1, (long long)v2, (long long)v3);
  failed = 1;
}

int symc_test_failed(void) { return failed; }

void *_mlir_memref_to_llvm_alloc(size_t size) {
  void *p = NULL;
  return posix_memalign(&p, 64, size ? size : 1) ? NULL : p;
}

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  void *p = NULL;
  return posix_memalign(&p, alignment < 64 ? 64 : alignment, size ? size : 1)
             ? NULL
             : p;
}

void _mlir_memref_to_llvm_free(void *ptr) { free(ptr); }
