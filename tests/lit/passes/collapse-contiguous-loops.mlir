// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-collapse-contiguous-loops))' | FileCheck %s

// symc-collapse-contiguous-loops turns elementwise loop nests over
// contiguous buffers into one loop over collapsed views.

// Tests a 2-D elementwise generic on contiguous buffers: one loop.
// CHECK-DAG:   #[[ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @collapsed
// CHECK-SAME:    (%[[A:.*]]: memref<?x3xf32>, %[[B:.*]]: memref<?x3xf32>)
// CHECK:         %[[CA:.*]] = memref.collapse_shape %[[A]] {{\[}}[0, 1]] : memref<?x3xf32> into memref<?xf32>
// CHECK:         %[[CB:.*]] = memref.collapse_shape %[[B]] {{\[}}[0, 1]] : memref<?x3xf32> into memref<?xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]]], iterator_types = ["parallel"]} ins(%[[CA]] : memref<?xf32>) outs(%[[CB]] : memref<?xf32>)
// CHECK:           math.exp
func.func @collapsed(%a: memref<?x3xf32>, %b: memref<?x3xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<?x3xf32>) outs(%b : memref<?x3xf32>) {
  ^bb0(%x: f32, %y: f32):
    %e = math.exp %x : f32
    linalg.yield %e : f32
  }
  return
}

// -----

// Tests the cases left alone: a broadcasting map, a strided view and a
// reduction.
// CHECK-LABEL: func.func @not_collapsed
// CHECK-NOT:     memref.collapse_shape
// CHECK-COUNT-3: iterator_types = ["parallel", {{.*}}]
func.func @not_collapsed(%a: memref<?x3xf32>, %r: memref<1x3xf32>, %s: memref<?x3xf32, strided<[6, 1]>>, %v: memref<?xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%r : memref<1x3xf32>) outs(%a : memref<?x3xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%s : memref<?x3xf32, strided<[6, 1]>>) outs(%a : memref<?x3xf32>) {
  ^bb0(%x: f32, %y: f32):
    linalg.yield %x : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%a : memref<?x3xf32>) outs(%v : memref<?xf32>) {
  ^bb0(%x: f32, %y: f32):
    %s2 = arith.addf %x, %y : f32
    linalg.yield %s2 : f32
  }
  return
}
