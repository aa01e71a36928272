// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-linalg-to-loops))' | FileCheck %s

// symc-linalg-to-loops makes upstream's loops (convert-linalg-to-loops), one
// linalg op at a time: the loops in the op's loop order, loads of what the
// payload reads, its code, stores; identity index maps applied to the
// induction variables fold away, and loads of outputs the payload does not
// read are dropped, as upstream's driver drops them.

// Tests a 1-D generic on buffers: one loop up to the input's size.
#id1 = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: memref<?xf64>, %[[Y:.*]]: memref<?xf64>)
// CHECK: %[[N:.*]] = memref.dim %[[X]], %{{.*}} : memref<?xf64>
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[N]] step %{{.*}} {
// CHECK-NEXT:   %[[A:.*]] = memref.load %[[X]][%[[I]]] : memref<?xf64>
// CHECK-NEXT:   %[[E:.*]] = math.exp %[[A]] : f64
// CHECK-NEXT:   memref.store %[[E]], %[[Y]][%[[I]]] : memref<?xf64>
// CHECK-NEXT: }
// CHECK-NOT: linalg.generic
// CHECK-NOT: affine.apply
func.func @elementwise(%x: memref<?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = math.exp %a : f64
    linalg.yield %e : f64
  }
  return
}

// -----

// Tests a row broadcast into a fresh allocation: two loops, the outer up to
// the allocation's size operand (its memref.dim folded), the row read by the
// inner index only.
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @broadcast_row
// CHECK-SAME: (%[[R:.*]]: memref<3xf32>, %[[N:.*]]: index)
// CHECK: %[[M:.*]] = memref.alloc(%[[N]])
// CHECK-NOT: memref.dim
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[N]] step
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step
// CHECK-NEXT: %[[V:.*]] = memref.load %[[R]][%[[J]]] : memref<3xf32>
// CHECK-NEXT: memref.store %[[V]], %[[M]][%[[I]], %[[J]]] : memref<?x3xf32>
func.func @broadcast_row(%r: memref<3xf32>, %n: index) -> memref<?x3xf32> {
  %m = memref.alloc(%n) : memref<?x3xf32>
  linalg.generic {indexing_maps = [#row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%r : memref<3xf32>) outs(%m : memref<?x3xf32>) {
  ^bb0(%a: f32, %b: f32):
    linalg.yield %a : f32
  }
  return %m : memref<?x3xf32>
}

// -----

// Tests a row sum: the accumulator the payload reads is loaded in the inner
// loop, as the reduction needs.
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @reduction
// CHECK-SAME: (%[[X:.*]]: memref<?x4xf64>, %[[S:.*]]: memref<?xf64>)
// CHECK: scf.for %[[I:.*]] =
// CHECK: scf.for %[[J:.*]] =
// CHECK-NEXT: %[[A:.*]] = memref.load %[[X]][%[[I]], %[[J]]]
// CHECK-NEXT: %[[ACC:.*]] = memref.load %[[S]][%[[I]]]
// CHECK-NEXT: %[[T:.*]] = arith.addf %[[A]], %[[ACC]] : f64
// CHECK-NEXT: memref.store %[[T]], %[[S]][%[[I]]]
func.func @reduction(%x: memref<?x4xf64>, %s: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id2, #col], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x4xf64>) outs(%s : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %t = arith.addf %a, %acc : f64
    linalg.yield %t : f64
  }
  return
}

// -----

// Tests a copy out of a strided view (symc-expand-strided-copies makes
// these): a loop of loads through the view's layout.
// CHECK-LABEL: func.func @strided_copy
// CHECK: scf.for %[[I:.*]] =
// CHECK-NEXT: %[[V:.*]] = memref.load %{{.*}}[%[[I]]] : memref<?xf64, strided<[2]>>
// CHECK-NEXT: memref.store %[[V]], %{{.*}}[%[[I]]] : memref<?xf64>
// CHECK-NOT: linalg.copy
func.func @strided_copy(%v: memref<?xf64, strided<[2]>>, %b: memref<?xf64>) {
  linalg.copy ins(%v : memref<?xf64, strided<[2]>>) outs(%b : memref<?xf64>)
  return
}

// -----

// Tests that linalg ops on tensors are left alone (upstream leaves them too).
#id1 = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @tensors_stay
// CHECK: linalg.generic
// CHECK-NOT: scf.for
func.func @tensors_stay(%x: tensor<?xf64>) -> tensor<?xf64> {
  %r = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%x : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = math.exp %a : f64
    linalg.yield %e : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}
