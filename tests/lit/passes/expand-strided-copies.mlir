// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-expand-strided-copies))' | FileCheck %s

// symc-expand-strided-copies turns copies out of (or into) strided views
// into linalg.copy, so that no call of MLIR's memrefCopy helper remains.

// Tests that a copy from a strided view becomes linalg.copy.
// CHECK-LABEL: func.func @strided_source
// CHECK-SAME:    (%[[V:.*]]: memref<?xf64, strided<[2]>>, %[[B:.*]]: memref<?xf64>)
// CHECK-NOT:     memref.copy
// CHECK:         linalg.copy ins(%[[V]] : memref<?xf64, strided<[2]>>) outs(%[[B]] : memref<?xf64>)
func.func @strided_source(%v: memref<?xf64, strided<[2]>>, %b: memref<?xf64>) {
  memref.copy %v, %b : memref<?xf64, strided<[2]>> to memref<?xf64>
  return
}

// -----

// Tests that a copy between contiguous buffers stays a memref.copy (memcpy).
// CHECK-LABEL: func.func @contiguous
// CHECK:         memref.copy
// CHECK-NOT:     linalg.copy
func.func @contiguous(%a: memref<?x4xf32>, %b: memref<?x4xf32>) {
  memref.copy %a, %b : memref<?x4xf32> to memref<?x4xf32>
  return
}
