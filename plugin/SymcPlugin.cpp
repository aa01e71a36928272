//===- SymcPlugin.cpp - symc as an mlir-opt plugin ------------------------===//
//
// Lets a stock mlir-opt load the symc dialect and passes:
//   mlir-opt-22 --load-dialect-plugin=libSymcPlugin.so \
//               --load-pass-plugin=libSymcPlugin.so \
//               --pass-pipeline='builtin.module(func.func(symc-infer-shapes))'
// The library links the shared libMLIR/libLLVM that mlir-opt itself uses, so
// the process holds one copy of MLIR. A plugin pass is named in
// --pass-pipeline: its own --symc-... flag is unknown when mlir-opt parses
// its command line.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcDialect.h"
#include "passes/Passes.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

using namespace mlir;

extern "C" LLVM_ATTRIBUTE_WEAK DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Symc", LLVM_VERSION_STRING,
          [](DialectRegistry *registry) {
            registry->insert<symc::SymcDialect>();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "SymcPasses", LLVM_VERSION_STRING,
          []() { symc::registerSymcPasses(); }};
}
