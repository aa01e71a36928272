// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-parallelize-loops,symc-outline-kernels{min-function-ops=0},async-parallel-for)' | FileCheck %s
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-parallelize-loops,async-parallel-for)' | FileCheck %s --check-prefix=UNSHARED
// RUN: symc-opt %s --symc-lower-to-llvm-pipeline=threads=2 --dump-pass-pipeline -o /dev/null 2>&1 | tr ',' '\n' | grep . | FileCheck %s --check-prefix=PIPELINE

// With threads, symc-lower-to-llvm-pipeline outlines the parallel nests of
// large functions into kernels before async-parallel-for gives every
// scf.parallel its own compute and dispatch functions: nests that are the
// same code share one kernel, and with it one set of those functions (a
// 5000-step chain cut into capped loop bodies: 6 sets for LLVM, not 313).

#id = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @repeated
// CHECK-SAME:    (%[[X:.*]]: memref<?xf64>, %[[Y:.*]]: memref<?xf64>, %[[Z:.*]]: memref<?xf64>)
// CHECK:         call @[[K:repeated_kernel]](%{{.*}}, %[[X]], %[[Y]]) : (index, memref<?xf64>, memref<?xf64>) -> ()
// CHECK:         call @[[K]](%{{.*}}, %[[Y]], %[[Z]]) : (index, memref<?xf64>, memref<?xf64>) -> ()
// CHECK:       func.func private @[[K]](
// CHECK:         call @parallel_compute_fn(
// CHECK-NOT:   func.func private @parallel_compute_fn_
// CHECK:       func.func private @parallel_compute_fn(
// CHECK-NOT:   func.func private @parallel_compute_fn_

// Without the outlining, each nest gets functions of its own.
// UNSHARED-LABEL: func.func @repeated
// UNSHARED:       func.func private @parallel_compute_fn(
// UNSHARED:       func.func private @parallel_compute_fn_0(

// PIPELINE:       symc-parallelize-loops
// PIPELINE-NEXT:  symc-outline-kernels
// PIPELINE-NEXT:  symc-inline-payloads
// PIPELINE-NEXT:  async-parallel-for
func.func @repeated(%x: memref<?xf64>, %y: memref<?xf64>, %z: memref<?xf64>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = math.exp %a : f64
    linalg.yield %e : f64
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%y : memref<?xf64>) outs(%z : memref<?xf64>) {
  ^bb0(%a: f64, %b: f64):
    %e = math.exp %a : f64
    linalg.yield %e : f64
  }
  return
}
