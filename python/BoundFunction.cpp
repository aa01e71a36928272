//===- BoundFunction.cpp - what symc.function calls into ------------------===//
//
// A bound function owns the argument protocol of a compiled function:
// positional and keyword arguments, defaults, the frontend's conversion
// callback for anything that is not an ndarray of the exact dtype and rank,
// the shared cells read as implicit inputs, and the updates written back
// into cells. It is a plain CPython type with vectorcall, so a call costs no
// tuple or dict and no Python-level code in the common case.
//
// Updates are committed only after everything that can fail has run (the
// kernel, wrapping the results, building the return value), all together
// while the GIL is held: a failed call leaves every cell as it was, and no
// other thread observes half of the updates. The arrays read from cells are
// referenced for the whole call, since another thread may replace a cell's
// value while this one runs the kernel without the GIL.
//
//===----------------------------------------------------------------------===//

#include "python/Objects.h"

#include <cstddef>
#include <cstring>
#include <type_traits>
#include <string>

using namespace symc::python;

namespace {

struct BoundFunction {
  PyObject_HEAD
  vectorcallfunc vectorcall;
  PyObject *executable;
  ExecutableState *state;
  Py_ssize_t numExplicit;
  PyObject **names;    // [numExplicit] str or nullptr
  PyObject **defaults; // [numExplicit] value or nullptr
  Py_ssize_t numShared;
  PyObject **sharedCells;
  SharedCellState **sharedStates;
  Py_ssize_t numUpdates;
  Py_ssize_t *updateResults;
  PyObject **updateCells;
  SharedCellState **updateStates;
  Py_ssize_t numOutputs;
  OutputKind outputKind;
  PyObject *convert;
  PyObject *name;
  bool trustInput;
};

const char *nameOf(BoundFunction *bf) {
  const char *utf8 = PyUnicode_AsUTF8(bf->name);
  if (!utf8) {
    PyErr_Clear();
    return "function";
  }
  return utf8;
}

std::string argumentName(BoundFunction *bf, Py_ssize_t i) {
  InputName name{"input", i, bf->names[i]};
  std::string s = name.str();
  return s.substr(strlen("input "));
}

/// References released when a call ends, whatever way it ends.
class Holds {
public:
  explicit Holds(size_t capacity) : refs(capacity) {}
  ~Holds() {
    for (size_t i = 0; i < count; ++i)
      Py_DECREF(refs[i]);
  }
  void add(PyObject *obj) { refs[count++] = obj; }

private:
  InlineBuffer<PyObject *, 2 * kInlineInputs> refs;
  size_t count = 0;
};

/// Binds positional and keyword arguments to the explicit inputs. Returns
/// false with a TypeError set.
bool bindArguments(BoundFunction *bf, PyObject *const *args, Py_ssize_t nargs,
                   PyObject *kwnames, PyObject **values) {
  Py_ssize_t n = bf->numExplicit;
  if (nargs > n) {
    PyErr_Format(PyExc_TypeError, "%s() takes %zd argument%s but %zd were given",
                 nameOf(bf), n, n == 1 ? "" : "s", nargs);
    return false;
  }
  for (Py_ssize_t i = 0; i < n; ++i)
    values[i] = i < nargs ? args[i] : nullptr;
  if (kwnames) {
    Py_ssize_t numKw = PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t k = 0; k < numKw; ++k) {
      PyObject *key = PyTuple_GET_ITEM(kwnames, k);
      Py_ssize_t index = -1;
      for (Py_ssize_t i = 0; i < n && index < 0; ++i)
        if (bf->names[i] == key)
          index = i;
      for (Py_ssize_t i = 0; i < n && index < 0; ++i)
        if (bf->names[i] && PyUnicode_Compare(bf->names[i], key) == 0)
          index = i;
      if (index < 0) {
        PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'",
                     nameOf(bf), key);
        return false;
      }
      if (values[index]) {
        PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%U'",
                     nameOf(bf), key);
        return false;
      }
      values[index] = args[nargs + k];
    }
  }
  for (Py_ssize_t i = 0; i < n; ++i) {
    if (values[i])
      continue;
    if (!bf->defaults[i]) {
      PyErr_Format(PyExc_TypeError, "%s() missing required argument %s", nameOf(bf),
                   argumentName(bf, i).c_str());
      return false;
    }
    values[i] = bf->defaults[i];
  }
  return true;
}

PyObject *boundCall(PyObject *self, PyObject *const *args, size_t nargsf,
                    PyObject *kwnames) {
  auto *bf = reinterpret_cast<BoundFunction *>(self);
  const CallSignature &sig = bf->state->sig;
  Py_ssize_t n = bf->numExplicit;
  InlineBuffer<PyObject *, kInlineInputs> values(n);
  if (!bindArguments(bf, args, PyVectorcall_NARGS(nargsf), kwnames, values.get()))
    return nullptr;

  Holds holds(size_t(n + bf->numShared));
  CallFrame frame(sig);
  for (Py_ssize_t i = 0; i < n; ++i) {
    const TypeSpec &spec = sig.inputs[i];
    PyObject *value = values[i];
    PyArrayObject *array = matchingArray(value, spec);
    InputName name{"input", i, bf->names[i]};
    if (!array) {
      if (bf->convert && !bf->trustInput) {
        PyObject *position = PyLong_FromSsize_t(i);
        if (!position)
          return nullptr;
        PyObject *callArgs[] = {position, value};
        PyObject *converted = PyObject_Vectorcall(bf->convert, callArgs, 2, nullptr);
        Py_DECREF(position);
        if (!converted)
          return nullptr;
        holds.add(converted);
        value = converted;
        array = matchingArray(converted, spec);
      }
      if (!array) {
        raiseTypeMismatch(name, value, spec);
        return nullptr;
      }
    }
    if (!bf->trustInput && !checkStaticSizes(array, spec, name))
      return nullptr;
    if (!frame.setInput(size_t(i), array))
      return nullptr;
  }
  InlineBuffer<PyObject *, kInlineInputs> sharedValues(size_t(bf->numShared));
  for (Py_ssize_t s = 0; s < bf->numShared; ++s) {
    const TypeSpec &spec = sig.inputs[n + s];
    SharedCellState *cell = bf->sharedStates[s];
    PyObject *value = Py_NewRef(cell->value);
    holds.add(value);
    sharedValues[s] = value;
    InputName name{"shared variable", s, cell->name};
    PyArrayObject *array = matchingArray(value, spec);
    if (!array) {
      raiseTypeMismatch(name, value, spec);
      return nullptr;
    }
    if (!checkStaticSizes(array, spec, name) || !frame.setInput(size_t(n + s), array))
      return nullptr;
  }
  if (!frame.separateWrittenInputs())
    return nullptr;

  if (!frame.run(bf->state->exe))
    return nullptr;
  size_t numResults = sig.outputs.size();
  InlineBuffer<PyObject *, kInlineInputs> results(numResults);
  if (!frame.wrapResults(results.get()))
    return nullptr;
  struct ResultRefs {
    PyObject **arrays;
    size_t count;
    ~ResultRefs() {
      for (size_t i = 0; i < count; ++i)
        Py_DECREF(arrays[i]);
    }
  } resultRefs{results.get(), numResults};

  // New cell values. A result that is also returned to the user, or that
  // shares its buffer with another result, is copied: a cell must never
  // alias an array the user holds.
  InlineBuffer<PyObject *, kInlineInputs> newValues(size_t(bf->numUpdates));
  Py_ssize_t made = 0;
  for (; made < bf->numUpdates; ++made) {
    Py_ssize_t r = bf->updateResults[made];
    bool aliased = r < bf->numOutputs;
    void *allocation = frame.allocationOf(size_t(r));
    for (size_t j = 0; j < numResults && !aliased; ++j)
      aliased = Py_ssize_t(j) != r && frame.allocationOf(j) == allocation;
    for (Py_ssize_t u = 0; u < made && !aliased; ++u)
      aliased = bf->updateResults[u] == r;
    PyObject *value =
        aliased ? PyArray_NewCopy(reinterpret_cast<PyArrayObject *>(results[r]), NPY_CORDER)
                : Py_NewRef(results[r]);
    if (!value)
      break;
    newValues[made] = value;
  }
  PyObject *out = nullptr;
  if (made == bf->numUpdates) {
    switch (bf->outputKind) {
    case OutputKind::Single:
      out = Py_NewRef(results[0]);
      break;
    case OutputKind::None:
      out = Py_NewRef(Py_None);
      break;
    case OutputKind::List:
      out = PyList_New(bf->numOutputs);
      for (Py_ssize_t i = 0; out && i < bf->numOutputs; ++i)
        PyList_SET_ITEM(out, i, Py_NewRef(results[i]));
      break;
    }
  }
  if (!out) {
    for (Py_ssize_t u = 0; u < made; ++u)
      Py_DECREF(newValues[u]);
    return nullptr;
  }
  // Commit: nothing below can fail. Old values are released only after all
  // cells hold their new ones (a release may run arbitrary code). A cell
  // updated in place already holds its new value (in the array read at the
  // start of the call; should another thread have replaced the cell's array
  // meanwhile, that replacement wins), unless the kernel wrote into the
  // frame's copy (the cell's array was not contiguous or writeable, or
  // shared memory with another input): that copy becomes its value.
  InlineBuffer<PyObject *, kInlineInputs> replaced(size_t(bf->numShared));
  Py_ssize_t numReplaced = 0;
  for (Py_ssize_t s = 0; s < bf->numShared; ++s) {
    if (sig.inputs[n + s].access != SYMC_INPUT_UPDATED_IN_PLACE)
      continue;
    SharedCellState *cell = bf->sharedStates[s];
    auto *written = reinterpret_cast<PyObject *>(frame.passedArray(size_t(n + s)));
    if (written == sharedValues[s])
      continue;
    replaced[numReplaced++] = cell->value;
    cell->value = Py_NewRef(written);
  }
  for (Py_ssize_t u = 0; u < bf->numUpdates; ++u) {
    SharedCellState *cell = bf->updateStates[u];
    PyObject *old = cell->value;
    cell->value = newValues[u];
    newValues[u] = old;
  }
  for (Py_ssize_t u = 0; u < bf->numUpdates; ++u)
    Py_DECREF(newValues[u]);
  for (Py_ssize_t r = 0; r < numReplaced; ++r)
    Py_DECREF(replaced[r]);
  return out;
}

int boundTraverse(PyObject *self, visitproc visit, void *arg) {
  auto *bf = reinterpret_cast<BoundFunction *>(self);
  Py_VISIT(bf->executable);
  Py_VISIT(bf->convert);
  Py_VISIT(bf->name);
  for (Py_ssize_t i = 0; i < bf->numExplicit; ++i) {
    if (bf->names)
      Py_VISIT(bf->names[i]);
    if (bf->defaults)
      Py_VISIT(bf->defaults[i]);
  }
  for (Py_ssize_t i = 0; bf->sharedCells && i < bf->numShared; ++i)
    Py_VISIT(bf->sharedCells[i]);
  for (Py_ssize_t i = 0; bf->updateCells && i < bf->numUpdates; ++i)
    Py_VISIT(bf->updateCells[i]);
  return 0;
}

void clearArray(PyObject **&objects, Py_ssize_t n) {
  if (!objects)
    return;
  for (Py_ssize_t i = 0; i < n; ++i)
    Py_CLEAR(objects[i]);
  PyMem_Free(objects);
  objects = nullptr;
}

int boundClear(PyObject *self) {
  auto *bf = reinterpret_cast<BoundFunction *>(self);
  Py_CLEAR(bf->convert);
  clearArray(bf->names, bf->numExplicit);
  clearArray(bf->defaults, bf->numExplicit);
  clearArray(bf->sharedCells, bf->numShared);
  clearArray(bf->updateCells, bf->numUpdates);
  PyMem_Free(bf->sharedStates);
  bf->sharedStates = nullptr;
  PyMem_Free(bf->updateStates);
  bf->updateStates = nullptr;
  PyMem_Free(bf->updateResults);
  bf->updateResults = nullptr;
  bf->numExplicit = bf->numShared = bf->numUpdates = 0;
  bf->state = nullptr;
  Py_CLEAR(bf->executable);
  Py_CLEAR(bf->name);
  // A cleared function (only reachable from a dying cycle) cannot be called.
  bf->vectorcall = [](PyObject *, PyObject *const *, size_t, PyObject *) -> PyObject * {
    PyErr_SetString(PyExc_RuntimeError, "symc bound function was cleared");
    return nullptr;
  };
  return 0;
}

void boundDealloc(PyObject *self) {
  PyObject_GC_UnTrack(self);
  boundClear(self);
  Py_TYPE(self)->tp_free(self);
}

PyObject *boundRepr(PyObject *self) {
  auto *bf = reinterpret_cast<BoundFunction *>(self);
  return PyUnicode_FromFormat("<symc bound function %S>", bf->name ? bf->name : Py_None);
}

PyObject *getTrustInput(PyObject *self, void *) {
  return PyBool_FromLong(reinterpret_cast<BoundFunction *>(self)->trustInput);
}

int setTrustInput(PyObject *self, PyObject *value, void *) {
  if (!value) {
    PyErr_SetString(PyExc_AttributeError, "trust_input cannot be deleted");
    return -1;
  }
  int truth = PyObject_IsTrue(value);
  if (truth < 0)
    return -1;
  reinterpret_cast<BoundFunction *>(self)->trustInput = truth;
  return 0;
}

PyObject *getName(PyObject *self, void *) {
  auto *bf = reinterpret_cast<BoundFunction *>(self);
  return Py_NewRef(bf->name ? bf->name : Py_None);
}

PyObject *getExecutable(PyObject *self, void *) {
  auto *bf = reinterpret_cast<BoundFunction *>(self);
  return Py_NewRef(bf->executable ? bf->executable : Py_None);
}

PyGetSetDef boundGetSet[] = {
    {"trust_input", getTrustInput, setTrustInput,
     "Skip input checks and conversion (PyTensor's trust_input).", nullptr},
    {"name", getName, nullptr, "The function's name.", nullptr},
    {"executable", getExecutable, nullptr, "The Executable this function calls.", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr},
};

template <typename T> T *copyArray(const std::vector<T> &values, bool incref) {
  T *out = static_cast<T *>(PyMem_Calloc(values.size() ? values.size() : 1, sizeof(T)));
  if (!out)
    return nullptr;
  for (size_t i = 0; i < values.size(); ++i) {
    out[i] = values[i];
    if constexpr (std::is_same_v<T, PyObject *>)
      if (incref)
        Py_XINCREF(out[i]);
  }
  return out;
}

} // namespace

PyTypeObject *symc::python::boundFunctionType() {
  static PyTypeObject *type = [] {
    // The CPython idiom for static types: the head, then the fields by name.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmissing-field-initializers"
    static PyTypeObject t = {PyVarObject_HEAD_INIT(nullptr, 0)};
#pragma clang diagnostic pop
    t.tp_name = "symc._native.BoundFunction";
    t.tp_basicsize = sizeof(BoundFunction);
    t.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
                 Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_BASETYPE;
    t.tp_doc = "A compiled function bound to its argument names, defaults, shared "
               "cells and updates (see Executable.bind).";
    t.tp_vectorcall_offset = offsetof(BoundFunction, vectorcall);
    t.tp_call = PyVectorcall_Call;
    t.tp_traverse = boundTraverse;
    t.tp_clear = boundClear;
    t.tp_dealloc = boundDealloc;
    t.tp_repr = boundRepr;
    t.tp_getset = boundGetSet;
    if (PyType_Ready(&t) < 0)
      return static_cast<PyTypeObject *>(nullptr);
    return &t;
  }();
  return type;
}

PyObject *symc::python::makeBoundFunction(const BindSpec &spec) {
  PyTypeObject *type = boundFunctionType();
  if (!type)
    return nullptr;
  BoundFunction *bf;
  if (spec.cls) {
    // Python 3.11 does not inherit vectorcall into heap subclasses (3.12
    // does when __call__ is not overridden, which bind() checked): without
    // the flag, every call would pack its arguments into a tuple first.
    spec.cls->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    bf = reinterpret_cast<BoundFunction *>(spec.cls->tp_alloc(spec.cls, 0));
    if (!bf)
      return nullptr;
    // tp_alloc tracks the object; it is tracked below once complete.
    PyObject_GC_UnTrack(bf);
  } else {
    bf = PyObject_GC_New(BoundFunction, type);
    if (!bf)
      return nullptr;
  }
  bf->vectorcall = boundCall;
  bf->executable = Py_NewRef(spec.executable);
  bf->state = spec.state;
  bf->numExplicit = Py_ssize_t(spec.names.size());
  bf->numShared = Py_ssize_t(spec.sharedCells.size());
  bf->numUpdates = Py_ssize_t(spec.updateCells.size());
  bf->names = copyArray(spec.names, true);
  bf->defaults = copyArray(spec.defaults, true);
  bf->sharedCells = copyArray(spec.sharedCells, true);
  bf->sharedStates = copyArray(spec.sharedStates, false);
  bf->updateResults = copyArray(spec.updateResults, false);
  bf->updateCells = copyArray(spec.updateCells, true);
  bf->updateStates = copyArray(spec.updateStates, false);
  bf->numOutputs = spec.numOutputs;
  bf->outputKind = spec.outputKind;
  bf->convert = spec.convert ? Py_NewRef(spec.convert) : nullptr;
  bf->name = Py_NewRef(spec.name);
  bf->trustInput = false;
  PyObject_GC_Track(bf);
  if (!bf->names || !bf->defaults || !bf->sharedCells || !bf->sharedStates ||
      !bf->updateResults || !bf->updateCells || !bf->updateStates) {
    Py_DECREF(bf);
    return PyErr_NoMemory();
  }
  // Interned names let keyword lookup compare pointers first.
  for (Py_ssize_t i = 0; i < bf->numExplicit; ++i)
    if (bf->names[i])
      PyUnicode_InternInPlace(&bf->names[i]);
  return reinterpret_cast<PyObject *>(bf);
}
