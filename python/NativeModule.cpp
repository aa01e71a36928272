//===- NativeModule.cpp - the symc._native extension ----------------------===//
//
// The nanobind module of python/README.md over the runtime's C API:
// compile / stage_ir / llvm_ir, Executable (signature, fast __call__, bind),
// SharedCell, NO_DEFAULT and CompilationError. Compilation runs without the
// GIL. Executable.__call__ is a tp_call slot rather than a bound method, so
// calling it skips nanobind's overload dispatch.
//
//===----------------------------------------------------------------------===//

#define SYMC_IMPORT_NUMPY_HERE
#include "python/NumPy.h"

#include "python/Call.h"
#include "python/Objects.h"

#include <nanobind/nanobind.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <optional>
#include <string>

namespace nb = nanobind;
using namespace nb::literals;
using namespace symc::python;

namespace {

constexpr const char *kDefaultPipeline = "builtin.module(symc-lower-to-llvm-pipeline)";

PyObject *compilationErrorType = nullptr;
PyObject *noDefault = nullptr;

/// Raises CompilationError with the C API's error fields as attributes.
[[noreturn]] void throwCompilationError(SymcCompileError &error) {
  auto str = [](const char *s) -> nb::object {
    return s ? nb::object(nb::str(s)) : nb::object(nb::none());
  };
  nb::object message = str(error.message ? error.message : "symc: compilation failed");
  nb::object diagnostics = str(error.diagnostics ? error.diagnostics : "");
  nb::object irPath = str(error.irPath);
  nb::object repro = str(error.repro);
  symcCompileErrorClear(&error);
  PyObject *exc = PyObject_CallOneArg(compilationErrorType, message.ptr());
  if (!exc)
    throw nb::python_error();
  nb::object e = nb::steal(exc);
  e.attr("diagnostics") = diagnostics;
  e.attr("ir_path") = irPath;
  e.attr("repro") = repro;
  PyErr_SetObject(compilationErrorType, exc);
  throw nb::python_error();
}

struct Executable {
  ExecutableState state;
};

struct NoDefault {};

/// Executable.__call__(*arrays) -> tuple of arrays.
PyObject *executableCall(PyObject *self, PyObject *args, PyObject *kwargs) {
  ExecutableState &state = nb::inst_ptr<Executable>(self)->state;
  const CallSignature &sig = state.sig;
  if (kwargs && PyDict_GET_SIZE(kwargs) > 0) {
    PyErr_SetString(PyExc_TypeError,
                    "Executable takes positional arrays only (bind() it for keywords)");
    return nullptr;
  }
  Py_ssize_t n = PyTuple_GET_SIZE(args);
  if (size_t(n) != sig.inputs.size()) {
    PyErr_Format(PyExc_TypeError, "Executable takes %zu arrays but %zd were given",
                 sig.inputs.size(), n);
    return nullptr;
  }
  CallFrame frame(sig);
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject *value = PyTuple_GET_ITEM(args, i);
    const TypeSpec &spec = sig.inputs[i];
    InputName name{"argument", i, nullptr};
    PyArrayObject *array = matchingArray(value, spec);
    if (!array) {
      raiseTypeMismatch(name, value, spec);
      return nullptr;
    }
    if (!checkStaticSizes(array, spec, name) || !frame.setInput(size_t(i), array))
      return nullptr;
  }
  if (!frame.separateWrittenInputs())
    return nullptr;
  // The new value of an input updated in place lands in the caller's array,
  // never in a copy the caller would not see.
  for (Py_ssize_t i = 0; i < n; ++i) {
    if (sig.inputs[i].access != SYMC_INPUT_UPDATED_IN_PLACE ||
        frame.passedArray(size_t(i)) ==
            reinterpret_cast<PyArrayObject *>(PyTuple_GET_ITEM(args, i)))
      continue;
    PyErr_Format(PyExc_ValueError,
                 "argument #%zd is updated in place: it must be a C-contiguous, "
                 "aligned, writeable array in native byte order that shares no "
                 "memory with another argument",
                 i);
    return nullptr;
  }
  if (!frame.run(state.exe))
    return nullptr;
  size_t numResults = sig.outputs.size();
  PyObject *tuple = PyTuple_New(Py_ssize_t(numResults));
  if (!tuple)
    return nullptr;
  InlineBuffer<PyObject *, kInlineInputs> results(numResults);
  if (!frame.wrapResults(results.get())) {
    Py_DECREF(tuple);
    return nullptr;
  }
  for (size_t i = 0; i < numResults; ++i)
    PyTuple_SET_ITEM(tuple, Py_ssize_t(i), results[i]);
  return tuple;
}

PyType_Slot executableSlots[] = {
    {Py_tp_call, reinterpret_cast<void *>(executableCall)},
    {0, nullptr},
};

struct SharedCell {
  SharedCellState state;
};

PyObject *requireArray(nb::handle value) {
  if (!PyArray_Check(value.ptr()))
    throw nb::type_error(("SharedCell.value must be a numpy.ndarray, got " +
                          std::string(Py_TYPE(value.ptr())->tp_name))
                             .c_str());
  return value.ptr();
}

nb::list typesToList(const std::vector<TypeSpec> &types) {
  nb::list out;
  for (const TypeSpec &type : types) {
    PyObject *item = type.toPython();
    if (!item)
      throw nb::python_error();
    out.append(nb::steal(item));
  }
  return out;
}

nb::object bind(nb::handle self, std::optional<std::vector<nb::object>> names,
                std::optional<std::vector<nb::object>> defaults,
                std::vector<nb::object> shared,
                std::vector<std::pair<Py_ssize_t, nb::object>> updates,
                std::optional<Py_ssize_t> nOutputs, std::optional<std::string> outputKind,
                nb::object convert, nb::object name, nb::object cls) {
  ExecutableState &state = nb::inst_ptr<Executable>(self)->state;
  size_t numInputs = state.sig.inputs.size();
  size_t numResults = state.sig.outputs.size();
  if (shared.size() > numInputs)
    throw nb::value_error("bind: more shared cells than the function has inputs");
  size_t numExplicit = names ? names->size() : numInputs - shared.size();
  if (numExplicit + shared.size() != numInputs)
    throw nb::value_error(("bind: " + std::to_string(numExplicit) + " names and " +
                           std::to_string(shared.size()) +
                           " shared cells, but the function takes " +
                           std::to_string(numInputs) + " inputs")
                              .c_str());
  if (defaults && defaults->size() != numExplicit)
    throw nb::value_error("bind: defaults must have one entry per explicit input");

  BindSpec spec;
  spec.executable = self.ptr();
  spec.state = &state;
  for (size_t i = 0; i < numExplicit; ++i) {
    PyObject *n = names ? (*names)[i].ptr() : Py_None;
    if (n != Py_None && !PyUnicode_Check(n))
      throw nb::type_error("bind: names must be str or None");
    spec.names.push_back(n == Py_None ? nullptr : n);
    PyObject *d = defaults ? (*defaults)[i].ptr() : noDefault;
    spec.defaults.push_back(d == noDefault ? nullptr : d);
  }
  for (size_t i = 0; i < numExplicit; ++i)
    if (state.sig.inputs[i].access == SYMC_INPUT_UPDATED_IN_PLACE)
      throw nb::value_error(("bind: input #" + std::to_string(i) +
                             " is updated in place; only shared cells can be")
                                .c_str());
  for (nb::object &cell : shared) {
    if (!nb::isinstance<SharedCell>(cell))
      throw nb::type_error("bind: shared must hold SharedCell objects");
    for (PyObject *other : spec.sharedCells)
      if (other == cell.ptr() &&
          state.sig.inputs[numExplicit + spec.sharedCells.size()].written())
        throw nb::value_error("bind: a cell updated in place is passed twice");
    spec.sharedCells.push_back(cell.ptr());
    spec.sharedStates.push_back(&nb::inst_ptr<SharedCell>(cell)->state);
  }
  for (auto &[index, cell] : updates) {
    if (index < 0 || size_t(index) >= numResults)
      throw nb::value_error(("bind: update result index " + std::to_string(index) +
                             " out of range (the function has " +
                             std::to_string(numResults) + " results)")
                                .c_str());
    if (!nb::isinstance<SharedCell>(cell))
      throw nb::type_error("bind: updates must pair a result index with a SharedCell");
    for (size_t s = 0; s < spec.sharedCells.size(); ++s)
      if (spec.sharedCells[s] == cell.ptr() &&
          state.sig.inputs[numExplicit + s].access == SYMC_INPUT_UPDATED_IN_PLACE)
        throw nb::value_error("bind: a cell updated in place cannot also be updated "
                              "from a result");
    spec.updateResults.push_back(index);
    spec.updateCells.push_back(cell.ptr());
    spec.updateStates.push_back(&nb::inst_ptr<SharedCell>(cell)->state);
  }
  Py_ssize_t k = nOutputs ? *nOutputs : Py_ssize_t(numResults);
  if (k < 0 || size_t(k) > numResults)
    throw nb::value_error("bind: n_outputs out of range");
  spec.numOutputs = k;
  std::string kind = outputKind ? *outputKind : (k == 0 ? "none" : k == 1 ? "single" : "list");
  if (kind == "single") {
    if (k != 1)
      throw nb::value_error("bind: output_kind='single' needs n_outputs=1");
    spec.outputKind = OutputKind::Single;
  } else if (kind == "list") {
    spec.outputKind = OutputKind::List;
  } else if (kind == "none") {
    if (k != 0)
      throw nb::value_error("bind: output_kind='none' needs n_outputs=0");
    spec.outputKind = OutputKind::None;
  } else {
    throw nb::value_error("bind: output_kind must be 'single', 'list' or 'none'");
  }
  if (!convert.is_none() && !PyCallable_Check(convert.ptr()))
    throw nb::type_error("bind: convert must be callable or None");
  spec.convert = convert.is_none() ? nullptr : convert.ptr();
  if (!PyUnicode_Check(name.ptr()))
    throw nb::type_error("bind: name must be a str");
  spec.name = name.ptr();
  spec.cls = nullptr;
  if (!cls.is_none()) {
    // A Python subclass (symc.Function): its instances are called through
    // the same vectorcall slot, with no __call__ of its own.
    if (!PyType_Check(cls.ptr()) ||
        !PyType_IsSubtype(reinterpret_cast<PyTypeObject *>(cls.ptr()),
                          boundFunctionType()))
      throw nb::type_error("bind: cls must be a subclass of BoundFunction");
    spec.cls = reinterpret_cast<PyTypeObject *>(cls.ptr());
    if (spec.cls->tp_call != PyVectorcall_Call)
      throw nb::type_error("bind: cls must not define __call__");
  }
  PyObject *bound = makeBoundFunction(spec);
  if (!bound)
    throw nb::python_error();
  return nb::steal(bound);
}

} // namespace

ExecutableState::~ExecutableState() {
  if (exe)
    symcExecutableDestroy(exe);
  for (TypeSpec &t : sig.inputs)
    Py_XDECREF(t.descr);
  for (TypeSpec &t : sig.outputs)
    Py_XDECREF(t.descr);
}

SharedCellState::~SharedCellState() {
  Py_XDECREF(value);
  Py_XDECREF(name);
}

NB_MODULE(_native, m) {
  // The module keeps process-wide references (NO_DEFAULT, the exception
  // type) on purpose; nanobind's exit-time leak report would flag them.
  nb::set_leak_warnings(false);
  if (_import_array() < 0)
    throw nb::python_error();
  if (!boundFunctionType())
    throw nb::python_error();

  m.doc() = "symc's native extension: compile symc IR and call it with NumPy arrays "
            "(see python/README.md).";
  m.attr("DEFAULT_PIPELINE") = kDefaultPipeline;

  compilationErrorType = PyErr_NewExceptionWithDoc(
      "symc._native.CompilationError",
      "A pass pipeline failed; attributes: diagnostics, ir_path, repro.",
      PyExc_RuntimeError, nullptr);
  if (!compilationErrorType)
    throw nb::python_error();
  m.attr("CompilationError") = nb::handle(compilationErrorType);

  // NO_DEFAULT: a unique marker object.
  nb::class_<NoDefault>(m, "_NoDefaultType")
      .def("__repr__", [](NoDefault &) { return "NO_DEFAULT"; });
  noDefault = nb::cast(NoDefault{}).release().ptr();
  m.attr("NO_DEFAULT") = nb::handle(noDefault);
  m.attr("BoundFunction") = nb::handle(reinterpret_cast<PyObject *>(boundFunctionType()));

  nb::class_<SharedCell>(m, "SharedCell",
                         "The storage of a shared variable: one ndarray, replaced by "
                         "updates after a successful call.")
      .def(
          "__init__",
          [](SharedCell *self, nb::handle value, nb::object name) {
            requireArray(value);
            if (!name.is_none() && !PyUnicode_Check(name.ptr()))
              throw nb::type_error("SharedCell name must be a str or None");
            new (self) SharedCell();
            self->state.value = Py_NewRef(value.ptr());
            self->state.name = Py_NewRef(name.ptr());
          },
          "value"_a, "name"_a = nb::none())
      .def_prop_rw(
          "value",
          [](SharedCell &self) { return nb::borrow(self.state.value); },
          [](SharedCell &self, nb::handle value) {
            PyObject *old = self.state.value;
            self.state.value = Py_NewRef(requireArray(value));
            Py_XDECREF(old);
          },
          "The ndarray (no copy).")
      .def_prop_rw(
          "name", [](SharedCell &self) { return nb::borrow(self.state.name); },
          // Assignable: the frontend renames the cell when its variable is
          // renamed after creation (`w = shared(v); w.name = "w"`).
          [](SharedCell &self, nb::handle name) {
            if (!name.is_none() && !PyUnicode_Check(name.ptr()))
              throw nb::type_error("SharedCell name must be a str or None");
            PyObject *old = self.state.name;
            self.state.name = Py_NewRef(name.ptr());
            Py_XDECREF(old);
          },
          "The shared variable's name, used in error messages (str or None).")
      .def("__repr__", [](SharedCell &self) {
        return nb::str("SharedCell({!r}, name={!r})")
            .format(nb::handle(self.state.value), nb::handle(self.state.name));
      });

  nb::class_<Executable>(m, "Executable", nb::type_slots(executableSlots),
                         "A compiled function: call it with positional NumPy arrays "
                         "(returns a tuple of arrays), or bind() it.")
      .def_prop_ro("input_types",
                   [](Executable &self) { return typesToList(self.state.sig.inputs); })
      .def_prop_ro("output_types",
                   [](Executable &self) { return typesToList(self.state.sig.outputs); })
      .def_prop_ro("inplace_inputs",
                   [](Executable &self) {
                     std::vector<size_t> out;
                     for (size_t i = 0; i < self.state.sig.inputs.size(); ++i)
                       if (self.state.sig.inputs[i].access == SYMC_INPUT_UPDATED_IN_PLACE)
                         out.push_back(i);
                     return out;
                   },
                   "Inputs that receive their new value in place (symc.inplace_update).")
      .def_prop_ro("mutable_inputs",
                   [](Executable &self) {
                     std::vector<size_t> out;
                     for (size_t i = 0; i < self.state.sig.inputs.size(); ++i)
                       if (self.state.sig.inputs[i].access == SYMC_INPUT_MUTABLE)
                         out.push_back(i);
                     return out;
                   },
                   "Inputs the function may overwrite (symc.mutable).")
      .def_prop_ro("compile_seconds",
                   [](Executable &self) { return symcExecutableCompileSeconds(self.state.exe); })
      .def_prop_ro("stage_seconds",
                   [](Executable &self) {
                     nb::list out;
                     const SymcExecutable *exe = self.state.exe;
                     for (int64_t i = 0, n = symcExecutableNumStages(exe); i < n; ++i)
                       out.append(nb::make_tuple(symcExecutableStageName(exe, i),
                                                 symcExecutableStageSeconds(exe, i)));
                     return out;
                   })
      .def_prop_ro("from_cache",
                   [](Executable &self) { return symcExecutableFromCache(self.state.exe) != 0; })
      .def_prop_ro("cache_entry",
                   [](Executable &self) -> std::optional<std::string> {
                     const char *dir = symcExecutableCacheEntry(self.state.exe);
                     if (!dir)
                       return std::nullopt;
                     return std::string(dir);
                   })
      .def("bind", &bind, "names"_a = nb::none(), "defaults"_a = nb::none(),
           "shared"_a = std::vector<nb::object>(),
           "updates"_a = std::vector<std::pair<Py_ssize_t, nb::object>>(),
           "n_outputs"_a = nb::none(), "output_kind"_a = nb::none(),
           "convert"_a = nb::none(), "name"_a = "f", "cls"_a = nb::none(),
           "Returns a bound function (see python/README.md).");

  m.def(
      "compile",
      [](const std::string &ir, const std::string &function, const std::string &pipeline,
         std::optional<std::string> cacheDir, int optLevel,
         std::optional<std::string> dumpDir) {
        if (optLevel < 0 || optLevel > 3)
          throw nb::value_error("opt_level must be 0, 1, 2 or 3");
        SymcCompileOptions options{ir.data(),
                                   ir.size(),
                                   function.c_str(),
                                   pipeline.c_str(),
                                   cacheDir ? cacheDir->c_str() : nullptr,
                                   dumpDir ? dumpDir->c_str() : nullptr,
                                   optLevel};
        SymcCompileError error{};
        SymcExecutable *exe;
        {
          nb::gil_scoped_release release;
          exe = symcCompile(&options, &error);
        }
        if (!exe)
          throwCompilationError(error);
        auto *result = new Executable();
        result->state.exe = exe;
        if (!CallSignature::read(exe, result->state.sig)) {
          delete result;
          throw nb::python_error();
        }
        return result;
      },
      "ir"_a, "function"_a, nb::kw_only(), "pipeline"_a = kDefaultPipeline,
      "cache_dir"_a = nb::none(), "opt_level"_a = 3, "dump_dir"_a = nb::none(),
      nb::rv_policy::take_ownership,
      "Compiles `function` of the module `ir` with `pipeline` (see python/README.md).");

  m.def(
      "load_cached",
      [](const std::string &key, const std::string &cacheDir) -> nb::object {
        SymcExecutable *exe;
        {
          nb::gil_scoped_release release;
          exe = symcLoadCached(cacheDir.c_str(), key.c_str());
        }
        if (!exe)
          return nb::none();
        auto *result = new Executable();
        result->state.exe = exe;
        if (!CallSignature::read(exe, result->state.sig)) {
          delete result;
          throw nb::python_error();
        }
        return nb::cast(result, nb::rv_policy::take_ownership);
      },
      "key"_a, nb::kw_only(), "cache_dir"_a,
      "The executable of the cache entry `key` (see python/README.md), or None.");

  m.def(
      "stage_ir",
      [](const std::string &ir, const std::string &pipeline) {
        SymcCompileError error{};
        char *text;
        {
          nb::gil_scoped_release release;
          text = symcStageIR(ir.data(), ir.size(), pipeline.c_str(), &error);
        }
        if (!text)
          throwCompilationError(error);
        std::string out(text);
        symcStringFree(text);
        return out;
      },
      "ir"_a, "pipeline"_a, "Runs `pipeline` on `ir` and returns the resulting IR.");

  m.def(
      "llvm_ir",
      [](const std::string &ir, const std::string &function, const std::string &pipeline,
         int optLevel) {
        SymcCompileError error{};
        char *text;
        {
          nb::gil_scoped_release release;
          text = symcTranslateToLLVMIR(ir.data(), ir.size(), function.c_str(),
                                       pipeline.c_str(), optLevel, &error);
        }
        if (!text)
          throwCompilationError(error);
        std::string out(text);
        symcStringFree(text);
        return out;
      },
      "ir"_a, "function"_a, "pipeline"_a = kDefaultPipeline, "opt_level"_a = 3,
      "Returns the optimized LLVM IR of `function`.");

  m.def("has_pass", [](const std::string &name) { return symcPassRegistered(name.c_str()) != 0; },
        "name"_a, "Whether a pass or pass pipeline of this name is registered.");
  m.def("compiler_identity", [] { return std::string(symcCompilerIdentity()); },
        "The compiler build and host target that cache keys include.");
  m.def("pool_bytes", [] { return symcPoolBytes(); },
        "Bytes the runtime's buffer pool holds for reuse.");
  m.def("live_buffers", [] { return symcLiveBuffers(); },
        "Runtime buffers handed out and not freed yet (results alive, calls in flight).");
  m.def("allocation_count", [] { return symcAllocationCount(); },
        "Runtime buffers handed out since the process started (pool reuses "
        "included); the difference across a call is what the call allocated.");
  m.def("trim_pool", [] { symcPoolTrim(); },
        "Returns the buffers the pool holds to the system.");
}
