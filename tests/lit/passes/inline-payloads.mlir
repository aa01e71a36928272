// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-inline-payloads)' | FileCheck %s

// symc-inline-payloads replaces calls of symc.payload functions by their
// bodies, wherever the calls are (here in loops that
// symc-linalg-to-loops made), and erases the functions.

// Tests two loops calling one payload: each gets its own copy of the body,
// constants included; the payload function is gone.
// CHECK-LABEL: func.func @loops
// CHECK:         scf.for
// CHECK:           %[[X:.*]] = memref.load
// CHECK-NEXT:      %[[C:.*]] = arith.constant 1.010000e+00 : f64
// CHECK-NEXT:      %[[T:.*]] = math.tanh %[[X]] : f64
// CHECK-NEXT:      %[[M:.*]] = arith.mulf %[[T]], %[[C]] : f64
// CHECK-NEXT:      memref.store %[[M]]
// CHECK:         scf.for
// CHECK:           %[[Y:.*]] = memref.load
// CHECK-NEXT:      arith.constant 1.010000e+00 : f64
// CHECK-NEXT:      math.tanh %[[Y]] : f64
// CHECK-NOT:     call
// CHECK-NOT:   @loops_payload
func.func @loops(%a: memref<?xf64>, %b: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = func.call @loops_payload(%x) : (f64) -> f64
    memref.store %y, %b[%i] : memref<?xf64>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %b[%i] : memref<?xf64>
    %y = func.call @loops_payload(%x) : (f64) -> f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  return
}
func.func private @loops_payload(%x: f64) -> f64 attributes {symc.payload} {
  %c = arith.constant 1.01 : f64
  %t = math.tanh %x : f64
  %m = arith.mulf %t, %c : f64
  return %m : f64
}

// -----

// Tests that functions without symc.payload are not inlined.
// CHECK-LABEL: func.func @other
// CHECK:         call @helper
// CHECK:       func.func private @helper
func.func @other(%x: f64) -> f64 {
  %y = func.call @helper(%x) : (f64) -> f64
  return %y : f64
}
func.func private @helper(%x: f64) -> f64 {
  %t = math.tanh %x : f64
  return %t : f64
}
