// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg='payload-min-ops=2' | FileCheck %s
// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s --check-prefix=SMALL
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(convert-symc-to-linalg{payload-min-ops=2},symc-inline-payloads)' | FileCheck %s --check-prefix=BACK

// convert-symc-to-linalg lowers each distinct body of the
// symc.fused_elementwise ops with at least payload-min-ops region ops once,
// into a private symc.payload function that the generics call.

// Tests two regions of the same code whose inputs come in different orders
// (and through differently named block arguments), with the same splat
// constant: one payload function, made once, taking the inputs in the
// order of their first use; each call passes its generic's arguments in
// that order. The splat becomes a constant of the function.
// CHECK-LABEL: func.func @equal_bodies
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?xf64>, %[[Y:[^:]*]]: tensor<?xf64>)
// CHECK:         %[[R1:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[X]], %[[Y]] : tensor<?xf64>, tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[A1:[^:]*]]: f64, %[[B1:[^:]*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[P1:.*]] = func.call @[[F:equal_bodies_payload]](%[[A1]], %[[B1]]) : (f64, f64) -> f64
// CHECK-NEXT:      linalg.yield %[[P1]] : f64
// CHECK:         %[[R2:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[Y]], %[[R1]] : tensor<?xf64>, tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[A2:[^:]*]]: f64, %[[B2:[^:]*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[P2:.*]] = func.call @[[F]](%[[B2]], %[[A2]]) : (f64, f64) -> f64
// CHECK-NEXT:      linalg.yield %[[P2]] : f64
// CHECK:         return %[[R2]]
// CHECK-NOT:   func.func private @equal_bodies_payload_
// CHECK:       func.func private @[[F]](%[[U:[^:]*]]: f64, %[[V:[^:]*]]: f64) -> f64 attributes {symc.payload}
// CHECK-NEXT:    %[[C:.*]] = arith.constant 1.010000e+00 : f64
// CHECK-NEXT:    %[[T:.*]] = math.tanh %[[U]] : f64
// CHECK-NEXT:    %[[M:.*]] = arith.mulf %[[T]], %[[C]] : f64
// CHECK-NEXT:    %[[S:.*]] = arith.addf %[[M]], %[[V]] : f64
// CHECK-NEXT:    return %[[S]] : f64
// CHECK-NOT:   func.func private @equal_bodies_payload_
// SMALL-LABEL: func.func @equal_bodies
// SMALL-NOT:     func.call
// SMALL:         math.tanh
// SMALL:         math.tanh
// SMALL-NOT:   symc.payload
// BACK-LABEL:  func.func @equal_bodies
// BACK:          linalg.generic
// BACK-NEXT:     ^bb0(%[[A1:[^:]*]]: f64, %[[B1:[^:]*]]: f64, %{{.*}}: f64):
// BACK-NEXT:       %[[C1:.*]] = arith.constant 1.010000e+00 : f64
// BACK-NEXT:       %[[T1:.*]] = math.tanh %[[A1]] : f64
// BACK-NEXT:       %[[M1:.*]] = arith.mulf %[[T1]], %[[C1]] : f64
// BACK-NEXT:       %[[S1:.*]] = arith.addf %[[M1]], %[[B1]] : f64
// BACK-NEXT:       linalg.yield %[[S1]] : f64
// BACK:          linalg.generic
// BACK-NEXT:     ^bb0(%[[A2:[^:]*]]: f64, %[[B2:[^:]*]]: f64, %{{.*}}: f64):
// BACK-NEXT:       %[[C2:.*]] = arith.constant 1.010000e+00 : f64
// BACK-NEXT:       %[[T2:.*]] = math.tanh %[[B2]] : f64
// BACK-NEXT:       %[[M2:.*]] = arith.mulf %[[T2]], %[[C2]] : f64
// BACK-NEXT:       %[[S2:.*]] = arith.addf %[[M2]], %[[A2]] : f64
// BACK-NEXT:       linalg.yield %[[S2]] : f64
// BACK-NOT:    func.func private
func.func @equal_bodies(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %c = symc.constant dense<1.01> : tensor<1xf64>
  %r1 = symc.fused_elementwise (%x, %y, %c) : (tensor<?xf64>, tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %k: tensor<f64>):
    %t = symc.tanh %a : tensor<f64>
    %m = symc.mul %t, %k : tensor<f64>
    %s = symc.add %m, %b : tensor<f64>
    symc.yield %s : tensor<f64>
  }
  %r2 = symc.fused_elementwise (%c, %y, %r1) : (tensor<1xf64>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%kk: tensor<f64>, %p: tensor<f64>, %q: tensor<f64>):
    %t = symc.tanh %q : tensor<f64>
    %m = symc.mul %t, %kk : tensor<f64>
    %s = symc.add %m, %p : tensor<f64>
    symc.yield %s : tensor<f64>
  }
  return %r2 : tensor<?xf64>
}

// -----

// Tests that regions differing in an op, in a splat constant's value, in
// which operand uses which input, or in an element type get payloads of
// their own (four functions, in the order of the regions).
// CHECK-LABEL: func.func @unequal_bodies
// CHECK:         func.call @[[F1:unequal_bodies_payload]](
// CHECK:         func.call @[[F2:unequal_bodies_payload_[0-9]+]](
// CHECK:         func.call @[[F3:unequal_bodies_payload_[0-9]+]](
// CHECK:         func.call @[[F4:unequal_bodies_payload_[0-9]+]](
// CHECK:       func.func private @[[F4]](%[[A4:[^:]*]]: f32, %[[B4:[^:]*]]: f32) -> f32 attributes {symc.payload}
// CHECK:         math.tanh %[[A4]] : f32
// CHECK:       func.func private @[[F3]](%[[A3:[^:]*]]: f64, %[[B3:[^:]*]]: f64) -> f64 attributes {symc.payload}
// CHECK:         %[[T3:.*]] = math.tanh %[[A3]]
// CHECK:         arith.mulf %[[T3]], %[[A3]]
// CHECK:       func.func private @[[F2]]
// CHECK:         arith.constant 2.000000e+00 : f64
// CHECK:         math.tanh
// CHECK:       func.func private @[[F1]]
// CHECK:         arith.constant 1.010000e+00 : f64
// CHECK:         math.sin
func.func @unequal_bodies(%x: tensor<?xf64>, %y: tensor<?xf64>, %xf: tensor<?xf32>, %yf: tensor<?xf32>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf32>) {
  %c = symc.constant dense<1.01> : tensor<1xf64>
  %c2 = symc.constant dense<2.0> : tensor<1xf64>
  %cf = symc.constant dense<1.01> : tensor<1xf32>
  %r1 = symc.fused_elementwise (%x, %y, %c) : (tensor<?xf64>, tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %k: tensor<f64>):
    %t = symc.sin %a : tensor<f64>
    %m = symc.mul %t, %k : tensor<f64>
    %s = symc.add %m, %b : tensor<f64>
    symc.yield %s : tensor<f64>
  }
  %r2 = symc.fused_elementwise (%x, %y, %c2) : (tensor<?xf64>, tensor<?xf64>, tensor<1xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %k: tensor<f64>):
    %t = symc.tanh %a : tensor<f64>
    %m = symc.mul %t, %k : tensor<f64>
    %s = symc.add %m, %b : tensor<f64>
    symc.yield %s : tensor<f64>
  }
  %r3 = symc.fused_elementwise (%x, %y) : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %t = symc.tanh %a : tensor<f64>
    %m = symc.mul %t, %a : tensor<f64>
    %s = symc.add %m, %b : tensor<f64>
    symc.yield %s : tensor<f64>
  }
  %r4 = symc.fused_elementwise (%xf, %yf, %cf) : (tensor<?xf32>, tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32> {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>, %k: tensor<f32>):
    %t = symc.tanh %a : tensor<f32>
    %m = symc.mul %t, %k : tensor<f32>
    %s = symc.add %m, %b : tensor<f32>
    symc.yield %s : tensor<f32>
  }
  return %r1, %r2, %r3, %r4 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf32>
}

// -----

// Tests a region below payload-min-ops (one op): its code stays in the
// generic, and no function is made.
// CHECK-LABEL: func.func @small
// CHECK:         linalg.generic
// CHECK-NEXT:    ^bb0(%[[A:[^:]*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[T:.*]] = math.tanh %[[A]] : f64
// CHECK-NEXT:      linalg.yield %[[T]] : f64
// CHECK-NOT:   func.call
// CHECK-NOT:   symc.payload
func.func @small(%x: tensor<?xf64>) -> tensor<?xf64> {
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>):
    %t = symc.tanh %a : tensor<f64>
    symc.yield %t : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests a region with two results, an unused input and ui8 semantics: the
// function returns both results, takes only the input the code uses (the
// generic still reads every input), and keeps the unsigned comparison.
// CHECK-LABEL: func.func @two_results
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?xi8>, %[[Z:[^:]*]]: tensor<?xi8>)
// CHECK:         %[[R:.*]]:2 = linalg.generic
// CHECK-SAME:      ins(%[[Z]], %[[X]] : tensor<?xi8>, tensor<?xi8>)
// CHECK-NEXT:    ^bb0(%{{.*}}: i8, %[[A:[^:]*]]: i8, %{{.*}}: i8, %{{.*}}: i1):
// CHECK-NEXT:      %[[P:.*]]:2 = func.call @[[F:two_results_payload]](%[[A]]) : (i8) -> (i8, i1)
// CHECK-NEXT:      linalg.yield %[[P]]#0, %[[P]]#1 : i8, i1
// CHECK:       func.func private @[[F]](%[[U:[^:]*]]: i8) -> (i8, i1) attributes {symc.payload}
// CHECK:         %[[S:.*]] = arith.addi %[[U]], %[[U]] : i8
// CHECK:         %[[L:.*]] = arith.cmpi ult, %[[S]], %[[U]] : i8
// CHECK:         return %[[S]], %[[L]] : i8, i1
func.func @two_results(%x: tensor<?xui8>, %z: tensor<?xui8>) -> (tensor<?xui8>, tensor<?xi1>) {
  %r:2 = symc.fused_elementwise (%z, %x) : (tensor<?xui8>, tensor<?xui8>) -> (tensor<?xui8>, tensor<?xi1>) {
  ^bb0(%unused: tensor<ui8>, %a: tensor<ui8>):
    %s = symc.add %a, %a : tensor<ui8>
    %l = symc.lt %s, %a : tensor<ui8>
    symc.yield %s, %l : tensor<ui8>, tensor<i1>
  }
  return %r#0, %r#1 : tensor<?xui8>, tensor<?xi1>
}
