//===- Objects.h - the C++ state behind the extension's types ---*- C++ -*-===//
//
// Executable (a compiled function and its signature), SharedCell (the
// storage of a shared variable) and the bound function type, which is a
// plain CPython type with vectorcall because it sits on the hottest path.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PYTHON_OBJECTS_H
#define SYMC_PYTHON_OBJECTS_H

#include "python/Call.h"

namespace symc::python {

/// What a Python `Executable` wraps.
struct ExecutableState {
  SymcExecutable *exe = nullptr;
  CallSignature sig;
  ExecutableState() = default;
  ExecutableState(const ExecutableState &) = delete;
  ~ExecutableState();
};

/// What a Python `SharedCell` wraps: one ndarray, replaced whole on update.
struct SharedCellState {
  PyObject *value = nullptr; // strong
  PyObject *name = nullptr;  // strong: str or None
  SharedCellState() = default;
  SharedCellState(const SharedCellState &) = delete;
  ~SharedCellState();
};

/// Output arrangements of a bound function.
enum class OutputKind { Single, List, None };

/// Everything bind() validated, handed to the bound function constructor.
/// Object references are borrowed; the constructor takes its own.
struct BindSpec {
  PyObject *executable;           // the Python Executable
  ExecutableState *state;
  std::vector<PyObject *> names;    // str or nullptr
  std::vector<PyObject *> defaults; // value or nullptr for "no default"
  std::vector<PyObject *> sharedCells;
  std::vector<SharedCellState *> sharedStates;
  std::vector<Py_ssize_t> updateResults;
  std::vector<PyObject *> updateCells;
  std::vector<SharedCellState *> updateStates;
  Py_ssize_t numOutputs;
  OutputKind outputKind;
  PyObject *convert; // callable or nullptr
  PyObject *name;    // str
  PyTypeObject *cls; // a subclass of BoundFunction to instantiate, or nullptr
};

/// Creates the bound function type; call once at module import.
PyTypeObject *boundFunctionType();
/// A new bound function (new reference), or nullptr with an error set.
PyObject *makeBoundFunction(const BindSpec &spec);

} // namespace symc::python

#endif // SYMC_PYTHON_OBJECTS_H
