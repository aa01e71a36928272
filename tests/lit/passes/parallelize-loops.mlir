// RUN: symc-opt %s --split-input-file --symc-parallelize-loops --canonicalize | FileCheck %s

// symc-parallelize-loops turns compute-only linalg ops on buffers into one
// outermost scf.parallel; everything inside it is sequential.

#id1 = affine_map<(d0) -> (d0)>

// Tests that an elementwise loop with transcendental math becomes a parallel
// loop of loads, math and stores.
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME:    (%[[X:.*]]: memref<?xf64>, %[[Y:.*]]: memref<?xf64>)
// CHECK:         scf.parallel (%[[I:.*]]) =
// CHECK:           %[[A:.*]] = memref.load %[[X]][%[[I]]]
// CHECK:           %[[E:.*]] = math.exp %[[A]] : f64
// CHECK:           memref.store %[[E]], %[[Y]][%[[I]]]
// CHECK:           scf.reduce
// CHECK-NOT:     linalg.generic
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

#row = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d0)>

// Tests that a row reduction is parallel over rows and sequential along them.
// CHECK-LABEL: func.func @row_sums
// CHECK:         scf.parallel (%[[I:.*]]) =
// CHECK:           scf.for %[[J:.*]] =
// CHECK:             memref.load %{{.*}}[%[[I]], %[[J]]]
// CHECK:             arith.addf
// CHECK-NOT:     scf.parallel
func.func @row_sums(%x: memref<?x?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#row, #out], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<?x?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// -----

#ijk = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#ij = affine_map<(d0, d1, d2) -> (d0, d2)>

// Tests that only the outermost loop is parallel: the parallel loop after
// the reduction is a sequential scf.for inside it.
// CHECK-LABEL: func.func @inner_parallel_loop_is_sequential
// CHECK:         scf.parallel
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK-NOT:     scf.parallel
func.func @inner_parallel_loop_is_sequential(%x: memref<?x?x?xi64>, %y: memref<?x?xi64>) {
  linalg.generic {indexing_maps = [#ijk, #ij], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x : memref<?x?x?xi64>) outs(%y : memref<?x?xi64>) {
  ^bb0(%a: i64, %acc: i64):
    %s = arith.addi %a, %acc : i64
    linalg.yield %s : i64
  }
  return
}

// -----

#col = affine_map<(d0, d1) -> (d0, d1)>
#cout = affine_map<(d0, d1) -> (d1)>

// Tests that an op whose outermost loop is a reduction (column sums) is left
// alone.
// CHECK-LABEL: func.func @outer_reduction_untouched
// CHECK:         linalg.generic
// CHECK-NOT:     scf.parallel
func.func @outer_reduction_untouched(%x: memref<?x?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#col, #cout], iterator_types = ["reduction", "parallel"]}
      ins(%x : memref<?x?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %acc: f64):
    %s = arith.addf %a, %acc : f64
    linalg.yield %s : f64
  }
  return
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a body with a side effect (a call) stays in a linalg op, for the
// sequential lowering.
// CHECK-LABEL: func.func @call_in_body_untouched
// CHECK:         linalg.generic
// CHECK-NOT:     scf.parallel
func.func private @effect(f64) -> f64
func.func @call_in_body_untouched(%x: memref<?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = func.call @effect(%a) : (f64) -> f64
    linalg.yield %e : f64
  }
  return
}

// -----

#t = affine_map<(d0) -> (d0)>

// Tests that tensors (before bufferization) are left alone.
// CHECK-LABEL: func.func @tensors_untouched
// CHECK:         linalg.generic
// CHECK-NOT:     scf.parallel
func.func @tensors_untouched(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %r = linalg.generic {indexing_maps = [#t, #t], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%y : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = math.exp %a : f64
    linalg.yield %e : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a body that calls a symc.payload function whose ops only
// compute is compute-only: the loop is parallel and still calls the payload
// (symc-inline-payloads puts it back later, once per distinct kernel).
// CHECK-LABEL: func.func @payload_call
// CHECK:         scf.parallel
// CHECK:           func.call @pure_payload
// CHECK:           scf.reduce
// CHECK-NOT:     linalg.generic
func.func private @pure_payload(%a: f64) -> f64 attributes {symc.payload} {
  %e = math.exp %a : f64
  %t = math.tanh %e : f64
  return %t : f64
}
func.func @payload_call(%x: memref<?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = func.call @pure_payload(%a) : (f64) -> f64
    linalg.yield %e : f64
  }
  return
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a payload that calls a function with effects does more than
// compute: its callers' loops stay sequential.
// CHECK-LABEL: func.func @payload_with_effects
// CHECK:         linalg.generic
// CHECK-NOT:     scf.parallel
func.func private @effect(f64) -> f64
func.func private @impure_payload(%a: f64) -> f64 attributes {symc.payload} {
  %e = func.call @effect(%a) : (f64) -> f64
  return %e : f64
}
func.func @payload_with_effects(%x: memref<?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = func.call @impure_payload(%a) : (f64) -> f64
    linalg.yield %e : f64
  }
  return
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a call of a function not marked symc.payload stays sequential
// even when that function only computes: only payloads are the generic's
// own code.
// CHECK-LABEL: func.func @unmarked_call
// CHECK:         linalg.generic
// CHECK-NOT:     scf.parallel
func.func private @pure_helper(%a: f64) -> f64 {
  %e = math.exp %a : f64
  return %e : f64
}
func.func @unmarked_call(%x: memref<?xf64>, %y: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = func.call @pure_helper(%a) : (f64) -> f64
    linalg.yield %e : f64
  }
  return
}
