//===- Target.h - host code generation ---------------------------*- C++ -*-===//
//
// Everything between an LLVM IR module and an object file for the machine
// the runtime runs on: the host's CPU and features, the optimization
// pipeline (with glibc's libmvec as the vector math library), object
// emission, and the identity of this compiler build that cache keys carry.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RUNTIME_TARGET_H
#define SYMC_RUNTIME_TARGET_H

#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace symc::runtime {

/// The host target: triple, CPU name and the enabled features ("+avx2,...").
struct HostTarget {
  std::string triple;
  std::string cpu;
  std::string features;
};
const HostTarget &hostTarget();

/// Initializes LLVM's native target once per process.
void initializeNativeTarget();

/// A TargetMachine for the host CPU and all its features, producing
/// position-independent code the JIT linker can place anywhere.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(int optLevel);

/// Prepares `module` for `tm` (triple, data layout, per-function CPU and
/// features), then runs LLVM's default O<optLevel> pipeline with the
/// libmvec vector variants of libm functions available to the vectorizers.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &tm,
                           int optLevel);

/// Emits `module` as a relocatable object file.
llvm::Expected<std::string> emitObject(llvm::Module &module,
                                       llvm::TargetMachine &tm);

/// "symc <version>; LLVM <version>; build <id>; <triple> <cpu> <features>":
/// everything besides the input that decides what the compiler produces.
const std::string &compilerIdentity();

} // namespace symc::runtime

#endif // SYMC_RUNTIME_TARGET_H
