//===- Call.h - NumPy arrays in, NumPy arrays out ----------------*- C++ -*-===//
//
// The call path shared by Executable.__call__ and bound functions: check an
// input against the signature, build its memref descriptor (copying arrays
// that are not C-contiguous, aligned and in native byte order), run the
// kernel without the GIL, and wrap each result buffer as an ndarray whose
// base object hands the buffer back to the runtime's pool.
//
// Nothing here allocates on the heap for functions of up to kInlineInputs
// inputs and kInlineWords descriptor words: a call costs a few hundred
// nanoseconds, most of it NumPy creating the result arrays.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PYTHON_CALL_H
#define SYMC_PYTHON_CALL_H

#include "python/NumPy.h"
#include "runtime/CAPI/SymcRuntime.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace symc::python {

/// An argument or result type with what the call path needs precomputed.
struct TypeSpec {
  SymcDType dtype;
  int typeNum;          // NumPy's type number
  PyArray_Descr *descr; // NumPy's builtin descr (a strong reference)
  int rank;
  std::vector<int64_t> shape; // -1: dynamic
  bool hasStaticSizes;
  size_t itemSize;
  /// Inputs only: what the kernel may do to the buffer (SymcInputAccess).
  SymcInputAccess access = SYMC_INPUT_READ_ONLY;
  bool written() const { return access != SYMC_INPUT_READ_ONLY; }

  /// "float64 array of shape (?, 4)".
  std::string str() const;
  /// (dtype name, shape tuple with None for dynamic sizes).
  PyObject *toPython() const;
};

/// The signature of an executable, with descriptor offsets.
struct CallSignature {
  std::vector<TypeSpec> inputs, outputs;
  std::vector<size_t> inputOffsets, resultOffsets; // in int64 words
  size_t inputWords = 0, resultWords = 0;

  static bool read(const SymcExecutable *exe, CallSignature &out);
};

/// How an input is named in error messages.
struct InputName {
  const char *kind;  // "argument", "input", "shared variable"
  Py_ssize_t index;
  PyObject *name;    // str or nullptr
  std::string str() const;
};

/// Returns `obj` as an array if it is an ndarray of exactly the dtype and
/// rank of `spec` (byte order aside), nullptr (without an error) otherwise.
PyArrayObject *matchingArray(PyObject *obj, const TypeSpec &spec);

/// Sets a TypeError saying that `obj` does not fit `spec`.
void raiseTypeMismatch(const InputName &name, PyObject *obj, const TypeSpec &spec);

/// Checks the static sizes of `spec`; sets a ValueError and returns false
/// when one differs.
bool checkStaticSizes(PyArrayObject *array, const TypeSpec &spec, const InputName &name);

/// A small vector with inline storage, for per-call scratch space.
template <typename T, size_t N> class InlineBuffer {
public:
  explicit InlineBuffer(size_t n) : size(n) {
    if (n > N) {
      heap.reset(new T[n]);
      data = heap.get();
    } else {
      data = inline_;
    }
  }
  T &operator[](size_t i) { return data[i]; }
  T *get() { return data; }

private:
  T inline_[N];
  std::unique_ptr<T[]> heap;
  T *data;
  size_t size;
};

constexpr size_t kInlineInputs = 16;
constexpr size_t kInlineWords = 192;

/// One call in flight: input descriptors, the arrays they point into (kept
/// alive until the frame dies), and the results area.
class CallFrame {
public:
  explicit CallFrame(const CallSignature &sig);
  ~CallFrame();
  CallFrame(const CallFrame &) = delete;
  CallFrame &operator=(const CallFrame &) = delete;

  /// Sets input `i` from an array that matches its dtype and rank, copying
  /// it first when it is not C-contiguous, aligned and native (or, for an
  /// input the kernel writes, not writeable). Returns false with a Python
  /// error set.
  bool setInput(size_t i, PyArrayObject *array);

  /// Gives every input the kernel writes (mutable or updated in place) a
  /// private copy when its memory overlaps another input's, so that the
  /// writes never change what the kernel reads through the other input.
  /// Call after every setInput. Returns false with a Python error set.
  bool separateWrittenInputs();

  /// The array whose memory input `i` passes: the one given to setInput or
  /// the frame's copy of it (borrowed; the copy lives as long as the frame).
  PyArrayObject *passedArray(size_t i) { return passed[i]; }

  /// Runs the kernel with the GIL released. On a failed run-time check sets
  /// ValueError(message) and returns false.
  bool run(const SymcExecutable *exe);

  /// Wraps every result as an ndarray (new references into `arrays`).
  /// Returns false with a Python error set; the buffers are then freed.
  bool wrapResults(PyObject **arrays);

  /// The allocation a result's buffer belongs to (valid after run()).
  void *allocationOf(size_t result) const;

private:
  const CallSignature &sig;
  InlineBuffer<int64_t, kInlineWords> words;  // inputs then results
  InlineBuffer<void *, kInlineInputs> args;
  InlineBuffer<PyObject *, kInlineInputs> copies; // temporaries we own
  InlineBuffer<PyArrayObject *, kInlineInputs> passed;
  size_t numCopies = 0;
  bool ran = false;
  bool resultsOwned = false; // buffers handed to arrays (or freed)
};

} // namespace symc::python

#endif // SYMC_PYTHON_CALL_H
