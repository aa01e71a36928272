// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-parallelize-loops,symc-outline-kernels{min-function-ops=0},symc-inline-payloads)' | FileCheck %s

// With threads, symc-lower-to-llvm-pipeline keeps the fused bodies in their
// symc.payload functions through symc-parallelize-loops and
// symc-outline-kernels, as sequential code does: nests that call the same
// payload are one kernel, compared as one call each, and the payload's code
// goes back once, into that kernel. (Inlined first, a deep chain's gradient
// copied 65,000 ops back into its loops only for most of them to be
// compared and dropped again.)

#id = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @chain
// CHECK-SAME:    (%[[X:.*]]: memref<?xf64>, %[[Y:.*]]: memref<?xf64>, %[[Z:.*]]: memref<?xf64>)
// CHECK:         call @[[K:chain_kernel]](%{{.*}}, %[[X]], %[[Y]])
// CHECK:         call @[[K]](%{{.*}}, %[[Y]], %[[Z]])
// CHECK-NOT:     call @chain_kernel_
// CHECK:       func.func private @[[K]](
// CHECK:         scf.parallel
// CHECK:           math.exp
// CHECK:           math.tanh
// CHECK-NOT:       call
// CHECK:           scf.reduce
// CHECK-NOT:   func.func private @chain_kernel_
// CHECK-NOT:   symc.payload
func.func private @step(%a: f64) -> f64 attributes {symc.payload} {
  %e = math.exp %a : f64
  %t = math.tanh %e : f64
  return %t : f64
}
func.func @chain(%x: memref<?xf64>, %y: memref<?xf64>, %z: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = func.call @step(%a) : (f64) -> f64
    linalg.yield %e : f64
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%y : memref<?xf64>) outs(%z : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = func.call @step(%a) : (f64) -> f64
    linalg.yield %e : f64
  }
  return
}
