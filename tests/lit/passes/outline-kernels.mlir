// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-kernels{min-function-ops=0})' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-kernels)' | FileCheck %s --check-prefix=SMALL
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-kernels{min-function-ops=0},symc-lower-to-llvm-pipeline{threads=1})' | FileCheck %s --check-prefix=LLVM

// symc-outline-kernels moves the outermost loop nests of large functions
// into private, internal, noinline functions.

// Tests two nests: each becomes a kernel taking what it uses from outside
// (sizes, buffers, a loop-carried result); constants are copied in.
// CHECK-LABEL: func.func @two_nests
// CHECK-SAME:    (%[[A:.*]]: memref<?xf64>, %[[B:.*]]: memref<?xf64>, %[[N:.*]]: index)
// CHECK-NOT:     scf.for
// CHECK:         call @[[K1:two_nests_kernel[_0-9]*]](%[[N]], %[[A]], %[[B]]) : (index, memref<?xf64>, memref<?xf64>) -> ()
// CHECK:         %[[S:.*]] = call @[[K2:two_nests_kernel[_0-9]*]](%[[N]], %[[B]]) : (index, memref<?xf64>) -> f64
// CHECK:         return %[[S]] : f64
// CHECK-DAG:   func.func private @[[K1]](%[[KN:.*]]: index, %[[KA:.*]]: memref<?xf64>, %[[KB:.*]]: memref<?xf64>) attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK-DAG:   func.func private @[[K2]]({{.*}}: index, {{.*}}: memref<?xf64>) -> f64 attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// SMALL-LABEL: func.func @two_nests
// SMALL:         scf.for
// SMALL:         scf.for
// SMALL-NOT:     call
// LLVM-LABEL:  llvm.func @two_nests
// LLVM:          llvm.call @two_nests_kernel
// LLVM:          llvm.call @two_nests_kernel
// LLVM-DAG:    llvm.func internal @two_nests_kernel{{.*}} attributes {passthrough = ["noinline", ["prefer-vector-width"
// LLVM-DAG:    llvm.func internal @two_nests_kernel{{.*}} attributes {passthrough = ["noinline", ["prefer-vector-width"
func.func @two_nests(%a: memref<?xf64>, %b: memref<?xf64>, %n: index) -> f64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %k = arith.constant 1.01 : f64
  %zero = arith.constant 0.0 : f64
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = math.tanh %x : f64
    %z = arith.mulf %y, %k : f64
    memref.store %z, %b[%i] : memref<?xf64>
  }
  %s = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> f64 {
    %x = memref.load %b[%i] : memref<?xf64>
    %t = arith.addf %acc, %x : f64
    scf.yield %t : f64
  }
  return %s : f64
}

// -----

// Tests the kernel body: the constants are copied in, the nest is unchanged.
// CHECK-LABEL: func.func @body
// CHECK:         call @[[K:body_kernel]](%{{.*}}, %{{.*}})
// CHECK-LABEL: func.func private @body_kernel
// CHECK-SAME:    (%[[N:.*]]: index, %[[A:.*]]: memref<?xf64>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[K:.*]] = arith.constant 2.000000e+00 : f64
// CHECK:         scf.for %[[I:.*]] = %[[C0]] to %[[N]] step %[[C1]] {
// CHECK:           %[[X:.*]] = memref.load %[[A]][%[[I]]]
// CHECK:           %[[Y:.*]] = arith.mulf %[[X]], %[[K]] : f64
// CHECK:           memref.store %[[Y]], %[[A]][%[[I]]]
// CHECK:         return
func.func @body(%a: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %k = arith.constant 2.0 : f64
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = arith.mulf %x, %k : f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  return
}

// -----

// Tests the nests left in place: one holding a symc.check (its early
// return must leave the caller), and an inner loop (only outermost nests
// move, whole).
// CHECK-LABEL: func.func @kept
// CHECK:         scf.for
// CHECK:           symc.check
// CHECK:         call @kept_kernel
// CHECK-NOT:     call
// CHECK:         return
// CHECK-LABEL: func.func private @kept_kernel
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK-NOT:   func.func private
func.func @kept(%a: memref<?x?xf64>, %n: index, %m: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %ok = arith.cmpi ult, %i, %m : index
    symc.check %ok, "index {0} out of range" (%i : index)
  }
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %m step %c1 {
      %x = memref.load %a[%i, %j] : memref<?x?xf64>
      %y = math.exp %x : f64
      memref.store %y, %a[%i, %j] : memref<?x?xf64>
    }
  }
  return
}

// -----

// Tests that nests which outline to the same code (here: the same loop over
// other buffers) share one kernel, called twice with each nest's buffers,
// and that a nest differing only in a constant gets its own kernel.
// CHECK-LABEL: func.func @same_code
// CHECK-SAME:    (%[[A:.*]]: memref<?xf64>, %[[B:.*]]: memref<?xf64>, %[[N:.*]]: index)
// CHECK:         call @[[K:same_code_kernel]](%[[N]], %[[A]]) : (index, memref<?xf64>) -> ()
// CHECK:         call @[[K]](%[[N]], %[[B]]) : (index, memref<?xf64>) -> ()
// CHECK:         call @[[K3:same_code_kernel_[0-9]+]](%[[N]], %[[A]]) : (index, memref<?xf64>) -> ()
// CHECK:         return
// (Each kernel is inserted right after the function: the last comes first.)
// CHECK:       func.func private @[[K3]](
// CHECK:         arith.constant 3.000000e+00 : f64
// CHECK:       func.func private @[[K]](
// CHECK:         arith.constant 2.000000e+00 : f64
// CHECK-NOT:   func.func private
func.func @same_code(%a: memref<?xf64>, %b: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %k = arith.constant 2.0 : f64
  %k3 = arith.constant 3.0 : f64
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = arith.mulf %x, %k : f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %b[%i] : memref<?xf64>
    %y = arith.mulf %x, %k : f64
    memref.store %y, %b[%i] : memref<?xf64>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = arith.mulf %x, %k3 : f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  return
}
