//===- Signature.cpp - the tensor types a compiled function takes ---------===//
//
// Maps MLIR element types onto the dtypes NumPy arrays carry (i1 is NumPy's
// one-byte bool, ui8 is uint8, signless integers are signed), and writes or
// reads a signature as JSON for the compile cache.
//
//===----------------------------------------------------------------------===//

#include "runtime/Signature.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace symc::runtime;

namespace {
struct DTypeInfo {
  SymcDType dtype;
  const char *name;
  size_t size;
};
constexpr DTypeInfo kDTypes[] = {
    {SYMC_DTYPE_BOOL, "bool", 1},     {SYMC_DTYPE_INT8, "int8", 1},
    {SYMC_DTYPE_INT16, "int16", 2},   {SYMC_DTYPE_INT32, "int32", 4},
    {SYMC_DTYPE_INT64, "int64", 8},   {SYMC_DTYPE_UINT8, "uint8", 1},
    {SYMC_DTYPE_FLOAT32, "float32", 4}, {SYMC_DTYPE_FLOAT64, "float64", 8},
};
} // namespace

size_t symc::runtime::dtypeSize(SymcDType dtype) { return kDTypes[dtype].size; }

llvm::StringRef symc::runtime::dtypeName(SymcDType dtype) {
  return kDTypes[dtype].name;
}

std::optional<SymcDType> symc::runtime::dtypeFromName(llvm::StringRef name) {
  for (const DTypeInfo &info : kDTypes)
    if (name == info.name)
      return info.dtype;
  return std::nullopt;
}

std::string TensorType::str() const {
  std::string out = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      out += ", ";
    out += shape[i] < 0 ? "?" : std::to_string(shape[i]);
  }
  if (shape.size() == 1)
    out += ",";
  return out + ") " + dtypeName(dtype).str();
}

std::optional<TensorType> Signature::fromMLIRType(mlir::Type type, bool isResult,
                                                  std::string &error) {
  mlir::Type element;
  llvm::ArrayRef<int64_t> shape;
  if (auto tensor = llvm::dyn_cast<mlir::RankedTensorType>(type)) {
    element = tensor.getElementType();
    shape = tensor.getShape();
  } else if (auto memref = llvm::dyn_cast<mlir::MemRefType>(type)) {
    if (!memref.getLayout().isIdentity() &&
        !(isResult && llvm::isa<mlir::StridedLayoutAttr>(memref.getLayout()))) {
      error = isResult ? "memref results must have a strided layout"
                       : "memref arguments must have the identity layout";
      return std::nullopt;
    }
    element = memref.getElementType();
    shape = memref.getShape();
  } else {
    error = "only ranked tensors (or memrefs) can cross the function boundary";
    return std::nullopt;
  }
  std::optional<SymcDType> dtype;
  if (element.isInteger(1))
    dtype = SYMC_DTYPE_BOOL;
  else if (element.isUnsignedInteger(8))
    dtype = SYMC_DTYPE_UINT8;
  else if (element.isSignlessInteger(8) || element.isSignedInteger(8))
    dtype = SYMC_DTYPE_INT8;
  else if (element.isSignlessInteger(16) || element.isSignedInteger(16))
    dtype = SYMC_DTYPE_INT16;
  else if (element.isSignlessInteger(32) || element.isSignedInteger(32))
    dtype = SYMC_DTYPE_INT32;
  else if (element.isSignlessInteger(64) || element.isSignedInteger(64))
    dtype = SYMC_DTYPE_INT64;
  else if (element.isF32())
    dtype = SYMC_DTYPE_FLOAT32;
  else if (element.isF64())
    dtype = SYMC_DTYPE_FLOAT64;
  if (!dtype) {
    std::string name;
    llvm::raw_string_ostream os(name);
    element.print(os);
    error = "element type " + name +
            " is not one of bool, int8/16/32/64, uint8, float32, float64";
    return std::nullopt;
  }
  TensorType result{*dtype, {}};
  for (int64_t size : shape)
    result.shape.push_back(mlir::ShapedType::isDynamic(size) ? -1 : size);
  return result;
}

static llvm::json::Value typesToJSON(const std::vector<TensorType> &types) {
  llvm::json::Array array;
  for (const TensorType &type : types) {
    llvm::json::Array shape;
    for (int64_t size : type.shape)
      shape.push_back(size);
    array.push_back(llvm::json::Object{{"dtype", dtypeName(type.dtype)},
                                       {"shape", std::move(shape)}});
  }
  return array;
}

static bool typesFromJSON(const llvm::json::Array *array,
                          std::vector<TensorType> &types) {
  if (!array)
    return false;
  for (const llvm::json::Value &value : *array) {
    const llvm::json::Object *object = value.getAsObject();
    if (!object)
      return false;
    std::optional<llvm::StringRef> name = object->getString("dtype");
    const llvm::json::Array *shape = object->getArray("shape");
    if (!name || !shape)
      return false;
    std::optional<SymcDType> dtype = dtypeFromName(*name);
    if (!dtype)
      return false;
    TensorType type{*dtype, {}};
    for (const llvm::json::Value &size : *shape) {
      std::optional<int64_t> s = size.getAsInteger();
      if (!s || *s < -1)
        return false;
      type.shape.push_back(*s);
    }
    types.push_back(std::move(type));
  }
  return true;
}

llvm::json::Value Signature::toJSON() const {
  llvm::json::Array accessJSON;
  for (InputAccess a : access)
    accessJSON.push_back(int64_t(a));
  return llvm::json::Object{{"inputs", typesToJSON(inputs)},
                            {"outputs", typesToJSON(outputs)},
                            {"access", std::move(accessJSON)}};
}

std::optional<Signature> Signature::fromJSON(const llvm::json::Value &value) {
  const llvm::json::Object *object = value.getAsObject();
  if (!object)
    return std::nullopt;
  Signature signature;
  if (!typesFromJSON(object->getArray("inputs"), signature.inputs) ||
      !typesFromJSON(object->getArray("outputs"), signature.outputs))
    return std::nullopt;
  if (const llvm::json::Array *access = object->getArray("access")) {
    if (access->size() != signature.inputs.size())
      return std::nullopt;
    for (const llvm::json::Value &entry : *access) {
      std::optional<int64_t> a = entry.getAsInteger();
      if (!a || *a < 0 || *a > int64_t(InputAccess::UpdatedInPlace))
        return std::nullopt;
      signature.access.push_back(InputAccess(*a));
    }
  }
  return signature;
}
