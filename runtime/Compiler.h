//===- Compiler.h - symc IR text to an object file ---------------*- C++ -*-===//
//
// The compiling half of the runtime: parse IR text, run a named pass
// pipeline, translate the LLVM dialect to LLVM IR, add the call wrapper the
// runtime uses, optimize for the host and emit an object file. Every failure
// comes back as a CompileFailure with the MLIR diagnostics, the input IR
// written to a file and a symc-opt command line that reproduces it.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RUNTIME_COMPILER_H
#define SYMC_RUNTIME_COMPILER_H

#include "runtime/Signature.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace symc::runtime {

struct CompileRequest {
  llvm::StringRef ir;
  llvm::StringRef function;
  llvm::StringRef pipeline;
  llvm::StringRef dumpDir; // empty: SYMC_DUMP_DIR or a temp directory
  int optLevel = 3;
};

struct CompileFailure {
  std::string message;     // the whole report
  std::string diagnostics; // MLIR / LLVM diagnostics alone
  std::string irPath;      // where the input IR was written
  std::string repro;       // symc-opt command line
};

/// Wall-clock seconds of one compilation stage ("parse", "pass <name>",
/// "translate", "llvm-opt", "codegen", "cache-lookup", "cache-store",
/// "load"), in the order the stages ran.
struct StageTime {
  std::string name;
  double seconds = 0;
};
using StageTimes = std::vector<StageTime>;

struct CompiledObject {
  std::string object;     // ELF relocatable object
  std::string entrySymbol; // void entry(void **args)
  Signature signature;
  StageTimes stages;       // where the compilation spent its time
};

/// The name of the wrapper the runtime calls: void <name>(void **args) with
/// args = {results (if any), arg0 descriptor, arg1 descriptor, ...}.
std::string entrySymbolFor(llvm::StringRef function);

std::optional<CompiledObject> compileToObject(const CompileRequest &request,
                                              CompileFailure &failure);

/// Whether a pass or pass pipeline of this name is registered (registering
/// the compiler's passes first).
bool isPassRegistered(llvm::StringRef name);

/// Runs `pipeline` and prints the resulting module.
std::optional<std::string> runPipelineToText(const CompileRequest &request,
                                             CompileFailure &failure);

/// Lowers and optimizes like compileToObject and prints the LLVM IR.
std::optional<std::string> compileToLLVMIR(const CompileRequest &request,
                                           CompileFailure &failure);

} // namespace symc::runtime

#endif // SYMC_RUNTIME_COMPILER_H
