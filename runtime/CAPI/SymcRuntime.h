/*===- SymcRuntime.h - C API of the symc runtime --------------------*- C -*-===*
 *
 * What language bindings (the nanobind module symc._native) use to compile
 * symc IR into a callable function, describe its signature and call it.
 * Compiling parses the IR, runs a named pass pipeline, translates the LLVM
 * dialect to LLVM IR, optimizes it for the host CPU, emits an object file
 * and loads it with LLVM's ORC JIT; with a cache directory the object and
 * the signature are stored on disk and a later compile of the same input
 * loads them without touching MLIR.
 *
 * Calling: the caller builds one memref descriptor per argument (identity
 * layout, see CRuntime.h) and a results area of one descriptor per result,
 * and calls symcExecutableInvoke. Result buffers are then owned by the
 * caller and released with symcBufferFree.
 *
 * Every function is thread-safe.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SYMC_RUNTIME_CAPI_SYMCRUNTIME_H
#define SYMC_RUNTIME_CAPI_SYMCRUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Element types of arguments and results. */
typedef enum SymcDType {
  SYMC_DTYPE_BOOL = 0, /* i1, one byte per element */
  SYMC_DTYPE_INT8,
  SYMC_DTYPE_INT16,
  SYMC_DTYPE_INT32,
  SYMC_DTYPE_INT64,
  SYMC_DTYPE_UINT8,
  SYMC_DTYPE_FLOAT32,
  SYMC_DTYPE_FLOAT64,
} SymcDType;

/* NumPy's name of a dtype ("float64", "bool", ...) and its size in bytes. */
const char *symcDTypeName(SymcDType dtype);
size_t symcDTypeSize(SymcDType dtype);

typedef struct SymcExecutable SymcExecutable;

typedef struct SymcCompileOptions {
  const char *ir;         /* module text (symc or any upstream dialect) */
  size_t irLength;
  const char *function;   /* the func.func to export */
  const char *pipeline;   /* textual pass pipeline, e.g.
                             "builtin.module(symc-lower-to-llvm-pipeline)" */
  const char *cacheDir;   /* NULL: no disk cache */
  const char *dumpDir;    /* where failing IR is written; NULL: SYMC_DUMP_DIR
                             or a directory under the system temp dir */
  int optLevel;           /* 0..3: LLVM optimization level */
} SymcCompileOptions;

/* A failed compilation. Strings are owned by the error; release it with
 * symcCompileErrorClear. */
typedef struct SymcCompileError {
  char *message;     /* the whole report: what failed, diagnostics, repro */
  char *diagnostics; /* the MLIR/LLVM diagnostics alone */
  char *irPath;      /* the input IR written for the repro, or NULL */
  char *repro;       /* a symc-opt command line, or NULL */
} SymcCompileError;

void symcCompileErrorClear(SymcCompileError *error);

/* Compiles (or loads from the cache) options->function. Returns NULL and
 * fills *error on failure. */
SymcExecutable *symcCompile(const SymcCompileOptions *options,
                            SymcCompileError *error);

/* Loads the entry `key` (an entry directory's name, see symcExecutableCacheEntry)
 * of the cache `cacheDir` without any IR. Returns NULL when there is no such
 * valid entry (the caller then compiles, which rebuilds a damaged one). */
SymcExecutable *symcLoadCached(const char *cacheDir, const char *key);

/* Runs `pipeline` on `ir` and returns the resulting module's text (release
 * with symcStringFree), or NULL with *error filled. */
char *symcStageIR(const char *ir, size_t irLength, const char *pipeline,
                  SymcCompileError *error);

/* Lowers `ir` with `pipeline` and returns the optimized LLVM IR of the
 * module holding `function` and its call wrapper (symcStringFree). */
char *symcTranslateToLLVMIR(const char *ir, size_t irLength,
                            const char *function, const char *pipeline,
                            int optLevel, SymcCompileError *error);

void symcStringFree(char *str);

/* Whether a pass or pass pipeline named `name` is registered (e.g.
 * "symc-lower-to-llvm-pipeline"). */
int symcPassRegistered(const char *name);

void symcExecutableDestroy(SymcExecutable *exe);

/* Signature: element type and shape of each argument and result; shape
 * entries of -1 are sizes known only at run time. `shape` stays valid while
 * the executable lives. */
int64_t symcExecutableNumInputs(const SymcExecutable *exe);
int64_t symcExecutableNumOutputs(const SymcExecutable *exe);
void symcExecutableInputType(const SymcExecutable *exe, int64_t index,
                             SymcDType *dtype, int64_t *rank,
                             const int64_t **shape);
void symcExecutableOutputType(const SymcExecutable *exe, int64_t index,
                              SymcDType *dtype, int64_t *rank,
                              const int64_t **shape);
/* What a call may do to input `index`'s buffer: SYMC_INPUT_READ_ONLY,
 * SYMC_INPUT_MUTABLE (the function may overwrite it: In(mutable=True)) or
 * SYMC_INPUT_UPDATED_IN_PLACE (a successful call leaves the input's new
 * value in it; its IR argument had `symc.inplace_update`). The caller must
 * pass writable memory for the last two, not shared with another input. */
typedef enum {
  SYMC_INPUT_READ_ONLY = 0,
  SYMC_INPUT_MUTABLE = 1,
  SYMC_INPUT_UPDATED_IN_PLACE = 2,
} SymcInputAccess;
SymcInputAccess symcExecutableInputAccess(const SymcExecutable *exe,
                                          int64_t index);
/* Seconds the symcCompile call that made `exe` took, and whether it loaded
 * the object from the cache instead of compiling. */
double symcExecutableCompileSeconds(const SymcExecutable *exe);
int symcExecutableFromCache(const SymcExecutable *exe);
/* Where the symcCompile call spent its time: `symcExecutableNumStages`
 * stages in the order they ran, each a name ("cache-lookup", "parse",
 * "pass <pass argument>" per pass of the pipeline, "translate", "llvm-opt",
 * "codegen", "cache-store", "load") and wall-clock seconds. Names stay
 * valid while the executable lives. */
int64_t symcExecutableNumStages(const SymcExecutable *exe);
const char *symcExecutableStageName(const SymcExecutable *exe, int64_t index);
double symcExecutableStageSeconds(const SymcExecutable *exe, int64_t index);
/* The cache entry directory (NULL without a cache). */
const char *symcExecutableCacheEntry(const SymcExecutable *exe);

/* Calls the function. `results` points at the descriptors of all results
 * laid out one after the other (3 + 2*rank int64 words each; NULL when
 * there are none); args[i] points at the descriptor of argument i.
 * Returns NULL on success: every result then has a buffer of its own, owned
 * by the caller (results may share one allocation, see CRuntime.h), never
 * one of an argument's buffers, and with no zero stride along a dimension
 * longer than 1. On a failed run-time check it returns the check's message
 * (valid on this thread until its next call) and has freed every buffer the
 * call allocated. The caller may release the GIL around this call. */
const char *symcExecutableInvoke(const SymcExecutable *exe, void *results,
                                 void *const *args);

/* Returns a result buffer (a descriptor's `allocated` pointer) to the
 * runtime's pool. */
void symcBufferFree(void *allocated);

/* Bytes the runtime's buffer pool holds for reuse; trimming releases them. */
size_t symcPoolBytes(void);
/* Runtime buffers handed out and not freed yet. */
size_t symcLiveBuffers(void);
/* Runtime buffers handed out since the process started (pool reuses
 * included): the difference across a call is what the call allocated. */
size_t symcAllocationCount(void);
void symcPoolTrim(void);

/* Text identifying this build of the compiler (symc version, LLVM version
 * and build id) and the host target (CPU name and features): the parts of a
 * cache key that do not depend on the input. */
const char *symcCompilerIdentity(void);

#ifdef __cplusplus
}
#endif

#endif /* SYMC_RUNTIME_CAPI_SYMCRUNTIME_H */
