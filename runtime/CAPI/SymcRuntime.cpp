//===- SymcRuntime.cpp - C API of the symc runtime ------------------------===//
//
// Thin wrappers from the C API onto runtime/Executable.h and friends; C
// strings handed out are malloc'ed copies the caller frees.
//
//===----------------------------------------------------------------------===//

#include "runtime/CAPI/SymcRuntime.h"

#include "runtime/Compiler.h"
#include "runtime/Executable.h"
#include "runtime/Memory.h"
#include "runtime/Signature.h"
#include "runtime/Target.h"

#include <cstdlib>
#include <cstring>

using namespace symc::runtime;

struct SymcExecutable {
  std::unique_ptr<Executable> impl;
};

namespace {

char *copyString(const std::string &s) {
  char *out = static_cast<char *>(std::malloc(s.size() + 1));
  if (out)
    std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

char *copyOrNull(const std::string &s) { return s.empty() ? nullptr : copyString(s); }

void fillError(SymcCompileError *error, const CompileFailure &failure) {
  if (!error)
    return;
  error->message = copyString(failure.message);
  error->diagnostics = copyString(failure.diagnostics);
  error->irPath = copyOrNull(failure.irPath);
  error->repro = copyOrNull(failure.repro);
}

CompileRequest makeRequest(const char *ir, size_t irLength, const char *function,
                           const char *pipeline, const char *dumpDir, int optLevel) {
  CompileRequest request;
  request.ir = llvm::StringRef(ir ? ir : "", ir ? irLength : 0);
  request.function = function ? function : "";
  request.pipeline = pipeline ? pipeline : "";
  request.dumpDir = dumpDir ? dumpDir : "";
  request.optLevel = optLevel < 0 ? 0 : optLevel > 3 ? 3 : optLevel;
  return request;
}

void typeOf(const TensorType &type, SymcDType *dtype, int64_t *rank,
            const int64_t **shape) {
  if (dtype)
    *dtype = type.dtype;
  if (rank)
    *rank = type.rank();
  if (shape)
    *shape = type.shape.data();
}

} // namespace

extern "C" {

const char *symcDTypeName(SymcDType dtype) { return dtypeName(dtype).data(); }

size_t symcDTypeSize(SymcDType dtype) { return dtypeSize(dtype); }

void symcCompileErrorClear(SymcCompileError *error) {
  if (!error)
    return;
  std::free(error->message);
  std::free(error->diagnostics);
  std::free(error->irPath);
  std::free(error->repro);
  *error = SymcCompileError{nullptr, nullptr, nullptr, nullptr};
}

SymcExecutable *symcCompile(const SymcCompileOptions *options,
                            SymcCompileError *error) {
  CompileRequest request = makeRequest(options->ir, options->irLength,
                                       options->function, options->pipeline,
                                       options->dumpDir, options->optLevel);
  CompileFailure failure;
  std::unique_ptr<Executable> exe = Executable::compile(
      request, options->cacheDir ? options->cacheDir : "", failure);
  if (!exe) {
    fillError(error, failure);
    return nullptr;
  }
  return new SymcExecutable{std::move(exe)};
}

SymcExecutable *symcLoadCached(const char *cacheDir, const char *key) {
  if (!cacheDir || !key)
    return nullptr;
  std::unique_ptr<Executable> exe = Executable::loadCached(cacheDir, key);
  if (!exe)
    return nullptr;
  return new SymcExecutable{std::move(exe)};
}

char *symcStageIR(const char *ir, size_t irLength, const char *pipeline,
                  SymcCompileError *error) {
  CompileRequest request = makeRequest(ir, irLength, "", pipeline, nullptr, 0);
  CompileFailure failure;
  std::optional<std::string> text = runPipelineToText(request, failure);
  if (!text) {
    fillError(error, failure);
    return nullptr;
  }
  return copyString(*text);
}

char *symcTranslateToLLVMIR(const char *ir, size_t irLength, const char *function,
                            const char *pipeline, int optLevel,
                            SymcCompileError *error) {
  CompileRequest request = makeRequest(ir, irLength, function, pipeline, nullptr, optLevel);
  CompileFailure failure;
  std::optional<std::string> text = compileToLLVMIR(request, failure);
  if (!text) {
    fillError(error, failure);
    return nullptr;
  }
  return copyString(*text);
}

void symcStringFree(char *str) { std::free(str); }

int symcPassRegistered(const char *name) {
  return name && isPassRegistered(name) ? 1 : 0;
}

void symcExecutableDestroy(SymcExecutable *exe) { delete exe; }

int64_t symcExecutableNumInputs(const SymcExecutable *exe) {
  return int64_t(exe->impl->signature().inputs.size());
}

int64_t symcExecutableNumOutputs(const SymcExecutable *exe) {
  return int64_t(exe->impl->signature().outputs.size());
}

void symcExecutableInputType(const SymcExecutable *exe, int64_t index,
                             SymcDType *dtype, int64_t *rank,
                             const int64_t **shape) {
  typeOf(exe->impl->signature().inputs[index], dtype, rank, shape);
}

void symcExecutableOutputType(const SymcExecutable *exe, int64_t index,
                              SymcDType *dtype, int64_t *rank,
                              const int64_t **shape) {
  typeOf(exe->impl->signature().outputs[index], dtype, rank, shape);
}

SymcInputAccess symcExecutableInputAccess(const SymcExecutable *exe,
                                          int64_t index) {
  return SymcInputAccess(exe->impl->signature().accessOf(size_t(index)));
}

double symcExecutableCompileSeconds(const SymcExecutable *exe) {
  return exe->impl->compileSeconds();
}

int64_t symcExecutableNumStages(const SymcExecutable *exe) {
  return int64_t(exe->impl->stageTimes().size());
}

const char *symcExecutableStageName(const SymcExecutable *exe, int64_t index) {
  return exe->impl->stageTimes()[size_t(index)].name.c_str();
}

double symcExecutableStageSeconds(const SymcExecutable *exe, int64_t index) {
  return exe->impl->stageTimes()[size_t(index)].seconds;
}

int symcExecutableFromCache(const SymcExecutable *exe) {
  return exe->impl->fromCache() ? 1 : 0;
}

const char *symcExecutableCacheEntry(const SymcExecutable *exe) {
  const std::string &dir = exe->impl->cacheEntry();
  return dir.empty() ? nullptr : dir.c_str();
}

const char *symcExecutableInvoke(const SymcExecutable *exe, void *results,
                                 void *const *args) {
  return exe->impl->invoke(results, args);
}

void symcBufferFree(void *allocated) { freeBuffer(allocated); }

size_t symcPoolBytes(void) { return pooledBytes(); }

size_t symcLiveBuffers(void) { return liveBufferCount(); }

size_t symcAllocationCount(void) { return allocationCount(); }

void symcPoolTrim(void) { trimPool(); }

const char *symcCompilerIdentity(void) { return compilerIdentity().c_str(); }

} // extern "C"
