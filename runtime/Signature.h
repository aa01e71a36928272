//===- Signature.h - the tensor types a compiled function takes -*- C++ -*-===//
//
// What the runtime needs to know about a compiled function to call it: for
// each argument and result, its element type and shape (-1 for a size known
// only at run time). It is read from the func.func before lowering and
// stored in the compile cache, so that a cache hit needs no MLIR at all.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_RUNTIME_SIGNATURE_H
#define SYMC_RUNTIME_SIGNATURE_H

#include "runtime/CAPI/SymcRuntime.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class Type;
} // namespace mlir

namespace symc::runtime {

/// Element size in bytes of a dtype, and its NumPy name ("float64", "bool").
size_t dtypeSize(SymcDType dtype);
llvm::StringRef dtypeName(SymcDType dtype);
std::optional<SymcDType> dtypeFromName(llvm::StringRef name);

struct TensorType {
  SymcDType dtype;
  std::vector<int64_t> shape; // -1: dynamic
  int64_t rank() const { return int64_t(shape.size()); }
  /// Words of a memref descriptor of this rank: {alloc, aligned, offset,
  /// sizes[r], strides[r]}.
  int64_t descriptorWords() const { return 3 + 2 * rank(); }
  std::string str() const; // "tensor<?x4xf64>"-like, for messages
};

/// What the compiled code may do to an argument's buffer.
enum class InputAccess : int {
  ReadOnly = 0,
  /// The caller allowed the function to overwrite it (`symc.mutable`,
  /// In(mutable=True)); its contents after a call are unspecified.
  Mutable = 1,
  /// It receives its new value in place (`symc.inplace_update = N`: the
  /// result N of the func.func, which is not a result of the executable),
  /// unless symc-inplace kept that update as a result (its shape may
  /// change; `symc.kept_updates`).
  UpdatedInPlace = 2,
};

struct Signature {
  std::vector<TensorType> inputs;
  std::vector<TensorType> outputs;
  /// One entry per input (empty: all read-only).
  std::vector<InputAccess> access;

  InputAccess accessOf(size_t input) const {
    return input < access.size() ? access[input] : InputAccess::ReadOnly;
  }

  /// Reads a ranked tensor (or memref) type; returns an error message for
  /// any other type or an element type the runtime does not pass. Memref
  /// arguments must have the identity layout (the runtime passes packed
  /// arrays); results may have any strided layout.
  static std::optional<TensorType> fromMLIRType(mlir::Type type, bool isResult,
                                                std::string &error);

  llvm::json::Value toJSON() const;
  static std::optional<Signature> fromJSON(const llvm::json::Value &value);
};

} // namespace symc::runtime

#endif // SYMC_RUNTIME_SIGNATURE_H
