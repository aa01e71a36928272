//===- Call.cpp - NumPy arrays in, NumPy arrays out -----------------------===//
//
// See Call.h. Results are wrapped without copying: the array's base object
// is a capsule owning the runtime buffer, one capsule per allocation, so
// results that are views of one buffer (CRuntime.h allows it) share it and
// the buffer returns to the pool when the last of them dies.
//
//===----------------------------------------------------------------------===//

#include "python/Call.h"
#include "runtime/CRuntime.h"

#include <cstring>

using namespace symc::python;

namespace {

constexpr const char *kCapsuleName = "symc.buffer";

void freeCapsule(PyObject *capsule) {
  symcBufferFree(PyCapsule_GetPointer(capsule, kCapsuleName));
}

int typeNumOf(SymcDType dtype) {
  switch (dtype) {
  case SYMC_DTYPE_BOOL:
    return NPY_BOOL;
  case SYMC_DTYPE_INT8:
    return NPY_INT8;
  case SYMC_DTYPE_INT16:
    return NPY_INT16;
  case SYMC_DTYPE_INT32:
    return NPY_INT32;
  case SYMC_DTYPE_INT64:
    return NPY_INT64;
  case SYMC_DTYPE_UINT8:
    return NPY_UINT8;
  case SYMC_DTYPE_FLOAT32:
    return NPY_FLOAT32;
  case SYMC_DTYPE_FLOAT64:
    return NPY_FLOAT64;
  }
  return NPY_NOTYPE;
}

std::string shapeString(const int64_t *shape, int rank) {
  std::string out = "(";
  for (int k = 0; k < rank; ++k) {
    if (k)
      out += ", ";
    out += shape[k] < 0 ? "?" : std::to_string(shape[k]);
  }
  if (rank == 1)
    out += ",";
  return out + ")";
}

std::string describeObject(PyObject *obj) {
  if (PyArray_Check(obj)) {
    auto *array = reinterpret_cast<PyArrayObject *>(obj);
    int rank = PyArray_NDIM(array);
    std::vector<int64_t> shape(PyArray_DIMS(array), PyArray_DIMS(array) + rank);
    PyObject *dtypeStr = PyObject_Str(reinterpret_cast<PyObject *>(PyArray_DESCR(array)));
    std::string dtype = dtypeStr ? PyUnicode_AsUTF8(dtypeStr) : "?";
    Py_XDECREF(dtypeStr);
    PyErr_Clear();
    return "a " + dtype + " array of shape " + shapeString(shape.data(), rank);
  }
  return std::string("an object of type ") + Py_TYPE(obj)->tp_name;
}

bool readType(SymcDType dtype, int64_t rank, const int64_t *shape, TypeSpec &out) {
  out.dtype = dtype;
  out.typeNum = typeNumOf(dtype);
  out.descr = PyArray_DescrFromType(out.typeNum);
  if (!out.descr)
    return false;
  out.rank = int(rank);
  out.shape.assign(shape, shape + rank);
  out.hasStaticSizes = false;
  for (int64_t size : out.shape)
    out.hasStaticSizes |= size >= 0;
  out.itemSize = symcDTypeSize(dtype);
  return true;
}

} // namespace

std::string TypeSpec::str() const {
  return std::string(symcDTypeName(dtype)) + " array of shape " +
         shapeString(shape.data(), rank);
}

PyObject *TypeSpec::toPython() const {
  PyObject *dims = PyTuple_New(rank);
  if (!dims)
    return nullptr;
  for (int k = 0; k < rank; ++k) {
    PyObject *size = shape[k] < 0 ? Py_NewRef(Py_None) : PyLong_FromLongLong(shape[k]);
    if (!size) {
      Py_DECREF(dims);
      return nullptr;
    }
    PyTuple_SET_ITEM(dims, k, size);
  }
  return Py_BuildValue("(sN)", symcDTypeName(dtype), dims);
}

bool CallSignature::read(const SymcExecutable *exe, CallSignature &out) {
  int64_t numInputs = symcExecutableNumInputs(exe);
  int64_t numOutputs = symcExecutableNumOutputs(exe);
  for (int64_t i = 0; i < numInputs; ++i) {
    SymcDType dtype;
    int64_t rank;
    const int64_t *shape;
    symcExecutableInputType(exe, i, &dtype, &rank, &shape);
    TypeSpec spec;
    if (!readType(dtype, rank, shape, spec))
      return false;
    spec.access = symcExecutableInputAccess(exe, i);
    out.inputOffsets.push_back(out.inputWords);
    out.inputWords += 3 + 2 * size_t(rank);
    out.inputs.push_back(std::move(spec));
  }
  for (int64_t i = 0; i < numOutputs; ++i) {
    SymcDType dtype;
    int64_t rank;
    const int64_t *shape;
    symcExecutableOutputType(exe, i, &dtype, &rank, &shape);
    TypeSpec spec;
    if (!readType(dtype, rank, shape, spec))
      return false;
    out.resultOffsets.push_back(out.resultWords);
    out.resultWords += 3 + 2 * size_t(rank);
    out.outputs.push_back(std::move(spec));
  }
  return true;
}

std::string InputName::str() const {
  std::string out = kind;
  if (name && PyUnicode_Check(name)) {
    const char *utf8 = PyUnicode_AsUTF8(name);
    if (utf8)
      return out + " '" + utf8 + "'";
    PyErr_Clear();
  }
  return out + " #" + std::to_string(index);
}

PyArrayObject *symc::python::matchingArray(PyObject *obj, const TypeSpec &spec) {
  if (!PyArray_Check(obj))
    return nullptr;
  auto *array = reinterpret_cast<PyArrayObject *>(obj);
  if (PyArray_NDIM(array) != spec.rank)
    return nullptr;
  int typeNum = PyArray_TYPE(array);
  // int64 is both NPY_LONG and NPY_LONGLONG on LP64 systems.
  if (typeNum != spec.typeNum && !PyArray_EquivTypenums(typeNum, spec.typeNum))
    return nullptr;
  return array;
}

void symc::python::raiseTypeMismatch(const InputName &name, PyObject *obj,
                                     const TypeSpec &spec) {
  std::string message = name.str() + ": expected a " + spec.str() + ", got " +
                        describeObject(obj);
  PyErr_SetString(PyExc_TypeError, message.c_str());
}

bool symc::python::checkStaticSizes(PyArrayObject *array, const TypeSpec &spec,
                                    const InputName &name) {
  if (!spec.hasStaticSizes)
    return true;
  const npy_intp *dims = PyArray_DIMS(array);
  for (int k = 0; k < spec.rank; ++k) {
    if (spec.shape[k] >= 0 && dims[k] != spec.shape[k]) {
      std::vector<int64_t> got(dims, dims + spec.rank);
      std::string message = name.str() + ": expected a " + spec.str() +
                            ", got shape " + shapeString(got.data(), spec.rank);
      PyErr_SetString(PyExc_ValueError, message.c_str());
      return false;
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// CallFrame
//===----------------------------------------------------------------------===//

CallFrame::CallFrame(const CallSignature &sig)
    : sig(sig), words(sig.inputWords + sig.resultWords), args(sig.inputs.size()),
      copies(sig.inputs.size()), passed(sig.inputs.size()) {}

CallFrame::~CallFrame() {
  for (size_t i = 0; i < numCopies; ++i)
    Py_DECREF(copies[i]);
  if (ran && !resultsOwned) {
    for (size_t i = 0; i < sig.outputs.size(); ++i) {
      void *allocated = allocationOf(i);
      bool seen = false;
      for (size_t j = 0; j < i && !seen; ++j)
        seen = allocationOf(j) == allocated;
      if (!seen)
        symcBufferFree(allocated);
    }
  }
}

bool CallFrame::setInput(size_t i, PyArrayObject *array) {
  const TypeSpec &spec = sig.inputs[i];
  int flags = PyArray_FLAGS(array);
  if (!(flags & NPY_ARRAY_C_CONTIGUOUS) || !(flags & NPY_ARRAY_ALIGNED) ||
      PyArray_ISBYTESWAPPED(array) ||
      (spec.written() && !(flags & NPY_ARRAY_WRITEABLE))) {
    // ENSURECOPY: a contiguous but read-only array would come back as is.
    Py_INCREF(spec.descr);
    PyObject *copy = PyArray_FromAny(
        reinterpret_cast<PyObject *>(array), spec.descr, 0, 0,
        NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED | NPY_ARRAY_ENSURECOPY, nullptr);
    if (!copy)
      return false;
    copies[numCopies++] = copy;
    array = reinterpret_cast<PyArrayObject *>(copy);
  }
  passed[i] = array;
  int64_t *desc = &words[sig.inputOffsets[i]];
  int64_t data = reinterpret_cast<int64_t>(PyArray_BYTES(array));
  desc[0] = data;
  desc[1] = data;
  desc[2] = 0;
  const npy_intp *dims = PyArray_DIMS(array);
  int rank = spec.rank;
  int64_t stride = 1;
  for (int k = rank - 1; k >= 0; --k) {
    desc[3 + k] = dims[k];
    desc[3 + rank + k] = stride;
    stride *= dims[k];
  }
  args[i] = desc;
  return true;
}

bool CallFrame::separateWrittenInputs() {
  size_t n = sig.inputs.size();
  auto range = [&](size_t i) {
    char *begin = PyArray_BYTES(passed[i]);
    return std::make_pair(begin, begin + PyArray_NBYTES(passed[i]));
  };
  for (size_t i = 0; i < n; ++i) {
    if (!sig.inputs[i].written() || PyArray_NBYTES(passed[i]) == 0)
      continue;
    auto [begin, end] = range(i);
    bool overlaps = false;
    for (size_t j = 0; j < n && !overlaps; ++j) {
      if (j == i || PyArray_NBYTES(passed[j]) == 0)
        continue;
      auto [otherBegin, otherEnd] = range(j);
      overlaps = begin < otherEnd && otherBegin < end;
    }
    if (!overlaps)
      continue;
    PyObject *copy = PyArray_NewCopy(passed[i], NPY_CORDER);
    if (!copy)
      return false;
    copies[numCopies++] = copy;
    passed[i] = reinterpret_cast<PyArrayObject *>(copy);
    int64_t *desc = &words[sig.inputOffsets[i]];
    int64_t data = reinterpret_cast<int64_t>(PyArray_BYTES(passed[i]));
    desc[0] = data;
    desc[1] = data;
  }
  return true;
}

bool CallFrame::run(const SymcExecutable *exe) {
  void *results = sig.resultWords ? &words[sig.inputWords] : nullptr;
  PyThreadState *state = PyEval_SaveThread();
  const char *error = symcExecutableInvoke(exe, results, args.get());
  PyEval_RestoreThread(state);
  if (error) {
    auto startsWith = [&](const char *prefix, size_t size) {
      return std::strncmp(error, prefix, size - 1) == 0;
    };
    PyObject *type = PyExc_ValueError;
    if (startsWith(SYMC_RT_OUT_OF_MEMORY, sizeof(SYMC_RT_OUT_OF_MEMORY)))
      type = PyExc_MemoryError;
    else if (startsWith(SYMC_RT_ASSERTION_FAILED,
                        sizeof(SYMC_RT_ASSERTION_FAILED)))
      type = PyExc_AssertionError;
    PyErr_SetString(type, error);
    return false;
  }
  ran = true;
  return true;
}

void *CallFrame::allocationOf(size_t result) const {
  auto &w = const_cast<InlineBuffer<int64_t, kInlineWords> &>(words);
  return reinterpret_cast<void *>(w[sig.inputWords + sig.resultOffsets[result]]);
}

bool CallFrame::wrapResults(PyObject **arrays) {
  size_t n = sig.outputs.size();
  InlineBuffer<PyObject *, kInlineInputs> owners(n);
  // One capsule per allocation. If making one fails, the capsules made so
  // far free their buffers when dropped and the rest are freed here.
  for (size_t i = 0; i < n; ++i) {
    void *allocated = allocationOf(i);
    owners[i] = nullptr;
    for (size_t j = 0; j < i; ++j) {
      if (allocationOf(j) == allocated) {
        owners[i] = Py_NewRef(owners[j]);
        break;
      }
    }
    if (owners[i])
      continue;
    owners[i] = PyCapsule_New(allocated, kCapsuleName, freeCapsule);
    if (!owners[i]) {
      resultsOwned = true;
      for (size_t k = i; k < n; ++k) {
        void *rest = allocationOf(k);
        bool owned = false;
        for (size_t j = 0; j < i && !owned; ++j)
          owned = allocationOf(j) == rest;
        for (size_t j = i; j < k && !owned; ++j)
          owned = allocationOf(j) == rest;
        if (!owned)
          symcBufferFree(rest);
      }
      for (size_t j = 0; j < i; ++j)
        Py_DECREF(owners[j]);
      return false;
    }
  }
  resultsOwned = true;

  bool ok = true;
  for (size_t i = 0; i < n; ++i) {
    arrays[i] = nullptr;
    if (!ok)
      continue;
    const TypeSpec &spec = sig.outputs[i];
    const int64_t *desc = &words[sig.inputWords + sig.resultOffsets[i]];
    InlineBuffer<npy_intp, 16> dims(spec.rank), strides(spec.rank);
    for (int k = 0; k < spec.rank; ++k) {
      dims[k] = desc[3 + k];
      strides[k] = desc[3 + spec.rank + k] * int64_t(spec.itemSize);
    }
    char *data = reinterpret_cast<char *>(desc[1]) + desc[2] * int64_t(spec.itemSize);
    Py_INCREF(spec.descr);
    PyObject *array = PyArray_NewFromDescr(&PyArray_Type, spec.descr, spec.rank,
                                           dims.get(), strides.get(), data,
                                           NPY_ARRAY_WRITEABLE, nullptr);
    if (!array) {
      ok = false;
      continue;
    }
    if (PyArray_SetBaseObject(reinterpret_cast<PyArrayObject *>(array),
                              Py_NewRef(owners[i])) < 0) {
      Py_DECREF(array);
      ok = false;
      continue;
    }
    arrays[i] = array;
  }
  for (size_t i = 0; i < n; ++i)
    Py_DECREF(owners[i]);
  if (!ok) {
    for (size_t i = 0; i < n; ++i)
      Py_XDECREF(arrays[i]);
    return false;
  }
  return true;
}
