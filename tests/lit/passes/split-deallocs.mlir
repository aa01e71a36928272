// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-split-deallocs))' | FileCheck %s

// symc-split-deallocs turns a dealloc of distinct allocations into one
// dealloc per allocation, or-ing their updated ownerships.

// Tests three allocations and one retained value.
// CHECK-LABEL: func.func @distinct
// CHECK-SAME:    (%[[N:.*]]: index, %[[C:.*]]: i1, %[[R:.*]]: memref<?xf64>)
// CHECK:         %[[A:.*]] = memref.alloc
// CHECK:         %[[B:.*]] = memref.alloc
// CHECK:         %[[D:.*]] = memref.alloc
// CHECK:         %[[OA:.*]] = bufferization.dealloc (%[[A]] : memref<?xf64>) if (%[[C]]) retain (%[[R]] : memref<?xf64>)
// CHECK-NEXT:    %[[OB:.*]] = bufferization.dealloc (%[[B]] : memref<?xf64>) if (%[[C]]) retain (%[[R]] : memref<?xf64>)
// CHECK-NEXT:    %[[OAB:.*]] = arith.ori %[[OA]], %[[OB]] : i1
// CHECK-NEXT:    %[[OD:.*]] = bufferization.dealloc (%[[D]] : memref<?xf64>) if (%[[C]]) retain (%[[R]] : memref<?xf64>)
// CHECK-NEXT:    %[[O:.*]] = arith.ori %[[OAB]], %[[OD]] : i1
// CHECK-NEXT:    return %[[O]] : i1
func.func @distinct(%n: index, %c: i1, %r: memref<?xf64>) -> i1 {
  %a = memref.alloc(%n) : memref<?xf64>
  %b = memref.alloc(%n) : memref<?xf64>
  %d = memref.alloc(%n) : memref<?xf64>
  %o = bufferization.dealloc (%a, %b, %d : memref<?xf64>, memref<?xf64>, memref<?xf64>) if (%c, %c, %c) retain (%r : memref<?xf64>)
  return %o : i1
}

// -----

// Tests deallocs without retained values: no ownership to combine.
// CHECK-LABEL: func.func @no_retained
// CHECK:         bufferization.dealloc (%{{.*}} : memref<4xf32>) if (%{{.*}})
// CHECK-NEXT:    bufferization.dealloc (%{{.*}} : memref<4xf32>) if (%{{.*}})
// CHECK-NEXT:    return
func.func @no_retained(%c: i1) {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  bufferization.dealloc (%a, %b : memref<4xf32>, memref<4xf32>) if (%c, %c)
  return
}

// -----

// Tests the deallocs left whole: a memref that is not an allocation (it
// may alias the others) and a memref listed twice.
// CHECK-LABEL: func.func @kept
// CHECK:         bufferization.dealloc (%{{.*}}, %{{.*}} : memref<4xf32>, memref<4xf32>) if
// CHECK:         bufferization.dealloc (%{{.*}}, %{{.*}} : memref<4xf32>, memref<4xf32>) if
// CHECK-NOT:     arith.ori
func.func @kept(%arg: memref<4xf32>, %c: i1) -> (i1, i1) {
  %a = memref.alloc() : memref<4xf32>
  %o1 = bufferization.dealloc (%a, %arg : memref<4xf32>, memref<4xf32>) if (%c, %c) retain (%arg : memref<4xf32>)
  %b = memref.alloc() : memref<4xf32>
  %o2 = bufferization.dealloc (%b, %b : memref<4xf32>, memref<4xf32>) if (%c, %c) retain (%arg : memref<4xf32>)
  return %o1, %o2 : i1, i1
}
