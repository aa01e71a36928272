//===- NumPy.h - the NumPy C API for the extension ---------------*- C++ -*-===//
//
// Every file of the extension includes NumPy through this header, so that
// they share the one API table NativeModule.cpp imports (import_array).
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PYTHON_NUMPY_H
#define SYMC_PYTHON_NUMPY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define NPY_NO_DEPRECATED_API NPY_1_22_API_VERSION
#define PY_ARRAY_UNIQUE_SYMBOL symc_native_ARRAY_API
#ifndef SYMC_IMPORT_NUMPY_HERE
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>

#endif // SYMC_PYTHON_NUMPY_H
