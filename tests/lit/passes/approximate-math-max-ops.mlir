// RUN: symc-opt %s --symc-approximate-math="max-ops=2" | FileCheck %s

// symc-approximate-math leaves functions with more than max-ops candidate
// ops to libm (the compile time of huge generated graphs), and rewrites the
// others.

// CHECK-LABEL: func.func @three_transcendentals
// CHECK-COUNT-2: math.exp
// CHECK:         math.tanh
// CHECK:         return
func.func @three_transcendentals(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.exp %0 : f64
  %2 = math.tanh %1 : f64
  return %2 : f64
}

// CHECK-LABEL: func.func @two_transcendentals
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.log
// CHECK:         return
func.func @two_transcendentals(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.log %0 : f64
  return %1 : f64
}
