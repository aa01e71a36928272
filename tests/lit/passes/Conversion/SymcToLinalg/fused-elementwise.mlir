// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-group-elementwise),convert-symc-to-linalg,canonicalize,cse)' | FileCheck %s --check-prefix=GROUPED

// convert-symc-to-linalg turns a symc.fused_elementwise into one
// linalg.generic whose payload is the scalar code of its region ops (the
// same as their own lowerings), after the run-time checks each of them
// would have had.

// Tests one generic for a chain with a broadcast input and two results; the
// scalar code is that of each op, each operand's code before its use.
// CHECK-DAG:   #[[ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG:   #[[BC:.*]] = affine_map<(d0) -> (0)>
// CHECK-LABEL: func.func @chain
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[C:.*]]: tensor<1xf64>)
// CHECK-NOT:     symc.check
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?xf64>
// CHECK:         %[[E0:.*]] = tensor.empty(%[[D]]) : tensor<?xf64>
// CHECK:         %[[E1:.*]] = tensor.empty(%[[D]]) : tensor<?xi1>
// CHECK:         %[[R:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[BC]], #[[ID]], #[[ID]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[X]], %[[C]] : tensor<?xf64>, tensor<1xf64>) outs(%[[E0]], %[[E1]] : tensor<?xf64>, tensor<?xi1>)
// CHECK:         ^bb0(%[[A:.*]]: f64, %[[B:.*]]: f64, %{{.*}}: f64, %{{.*}}: i1):
// CHECK:           %[[T:.*]] = math.tanh %[[A]] : f64
// CHECK:           %[[M:.*]] = arith.mulf %[[T]], %[[B]] : f64
// CHECK:           %[[L:.*]] = arith.cmpf olt, %[[M]], %[[B]] : f64
// CHECK:           linalg.yield %[[M]], %[[L]] : f64, i1
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]#0, %[[R]]#1
func.func @chain(%x: tensor<?xf64>, %c: tensor<1xf64>) -> (tensor<?xf64>, tensor<?xi1>) {
  %r:2 = symc.fused_elementwise (%x, %c) : (tensor<?xf64>, tensor<1xf64>) -> (tensor<?xf64>, tensor<?xi1>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %t = symc.tanh %a : tensor<f64>
    %m = symc.mul %t, %b : tensor<f64>
    %l = symc.lt %m, %b : tensor<f64>
    symc.yield %m, %l : tensor<f64>, tensor<i1>
  }
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xi1>
}

// -----

// Tests that each region op's broadcast check is emitted, in region order,
// with the message its own lowering gives (naming it and its location):
// the second op compares the external input with the first op's size.
// CHECK-LABEL: func.func @checks_per_op
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>, %[[Z:.*]]: tensor<?xf64>)
// CHECK:         %[[DX:.*]] = tensor.dim %[[X]]
// CHECK:         %[[DY:.*]] = tensor.dim %[[Y]]
// CHECK:         %[[OK1:.*]] = arith.cmpi eq, %[[DY]], %[[DX]] : index
// CHECK:         symc.check %[[OK1]], "symc.add at {{.*}}fused-elementwise.mlir:{{[0-9]+}}: operands #0 and #1 have sizes {1} and {0} along dimension 0 (only static size-1 dimensions broadcast)"(%[[DY]], %[[DX]] : index, index)
// CHECK:         %[[DZ:.*]] = tensor.dim %[[Z]]
// CHECK:         %[[OK2:.*]] = arith.cmpi eq, %[[DZ]], %[[DX]] : index
// CHECK:         symc.check %[[OK2]], "symc.mul at {{.*}}fused-elementwise.mlir:{{[0-9]+}}: operands #0 and #1 have sizes {1} and {0} along dimension 0 (only static size-1 dimensions broadcast)"(%[[DZ]], %[[DX]] : index, index)
// CHECK-NOT:     symc.check
// CHECK:         linalg.generic
// CHECK:           arith.addf
// CHECK:           arith.mulf
func.func @checks_per_op(%x: tensor<?xf64>, %y: tensor<?xf64>, %z: tensor<?xf64>) -> tensor<?xf64> {
  %r = symc.fused_elementwise (%x, %y, %z) : (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>, %c: tensor<f64>):
    %s = symc.add %a, %b : tensor<f64>
    %m = symc.mul %s, %c : tensor<f64>
    symc.yield %m : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that region ops whose own sizes are not provably those of the
// iteration space (hand-written IR: sin(y) next to exp(x)) get a run-time
// check that they are.
// CHECK-LABEL: func.func @unrelated_sizes_checked
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[Y:.*]]: tensor<?xf64>)
// CHECK:         %[[DX:.*]] = tensor.dim %[[X]]
// CHECK:         %[[DY:.*]] = tensor.dim %[[Y]]
// CHECK:         %[[OK:.*]] = arith.cmpi eq, %[[DY]], %[[DX]] : index
// CHECK:         symc.check %[[OK]], "symc.sin at {{.*}}: iterates over size {0} along dimension 0 in a symc.fused_elementwise over size {1}"(%[[DY]], %[[DX]] : index, index)
// CHECK:         linalg.generic
func.func @unrelated_sizes_checked(%x: tensor<?xf64>, %y: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %r:2 = symc.fused_elementwise (%x, %y) : (tensor<?xf64>, tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: tensor<f64>, %b: tensor<f64>):
    %e = symc.exp %a : tensor<f64>
    %s = symc.sin %b : tensor<f64>
    symc.yield %e, %s : tensor<f64>, tensor<f64>
  }
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests NumPy semantics of the original element types in the region: ui8
// becomes i8 (signature included), its not and comparison are unsigned, its
// cast to float is unsigned.
// CHECK-LABEL: func.func @unsigned
// CHECK-SAME:    (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>) -> tensor<4xf32>
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %{{.*}}: f32):
// CHECK:           %[[N:.*]] = arith.xori %[[A]], %{{.*}} : i8
// CHECK:           %[[MAX:.*]] = arith.maxui %[[N]], %[[B]] : i8
// CHECK:           arith.uitofp %[[MAX]] : i8 to f32
func.func @unsigned(%x: tensor<4xui8>, %y: tensor<4xui8>) -> tensor<4xf32> {
  %r = symc.fused_elementwise (%x, %y) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xf32> {
  ^bb0(%a: tensor<ui8>, %b: tensor<ui8>):
    %n = symc.not %a : tensor<ui8>
    %m = symc.maximum %n, %b : tensor<ui8>
    %f = symc.cast %m : tensor<ui8> to tensor<f32>
    symc.yield %f : tensor<f32>
  }
  return %r : tensor<4xf32>
}

// -----

// Tests the grouping and the lowering together on B4's step: one generic,
// no check left (every size is x's), the splat constant a scalar of the
// payload (hoisted by the canonicalizer), not an input.
// GROUPED-LABEL: func.func @b4_step
// GROUPED-SAME:    (%[[X:.*]]: tensor<?xf64>)
// GROUPED-NOT:     symc.check
// GROUPED:         %[[C:.*]] = arith.constant 1.010000e+00 : f64
// GROUPED:         linalg.generic {{.*}} ins(%[[X]] : tensor<?xf64>)
// The payload is a post-order walk from the yielded value, operands last
// to first: each step's sin, then its tanh and product, then the sum.
// GROUPED:           ^bb0(%[[IN:.*]]: f64, %{{.*}}: f64):
// GROUPED:           %[[S1:.*]] = math.sin %[[IN]]
// GROUPED:           %[[T1:.*]] = math.tanh %[[IN]]
// GROUPED:           %[[M1:.*]] = arith.mulf %[[T1]], %[[C]]
// GROUPED:           %[[A1:.*]] = arith.addf %[[M1]], %[[S1]]
// GROUPED:           %[[S2:.*]] = math.sin %[[A1]]
// GROUPED:           %[[T2:.*]] = math.tanh %[[A1]]
// GROUPED:           %[[M2:.*]] = arith.mulf %[[T2]], %[[C]]
// GROUPED:           %[[A2:.*]] = arith.addf %[[M2]], %[[S2]]
// GROUPED:           linalg.yield %[[A2]]
// GROUPED-NOT:     linalg.generic
// GROUPED-NOT:     symc.check
func.func @b4_step(%x: tensor<?xf64>) -> tensor<?xf64> {
  %c = symc.constant dense<1.01> : tensor<1xf64>
  %t = symc.tanh %x : tensor<?xf64>
  %m = symc.mul %t, %c : tensor<?xf64>, tensor<1xf64>
  %s = symc.sin %x : tensor<?xf64>
  %y = symc.add %m, %s : tensor<?xf64>
  %t2 = symc.tanh %y : tensor<?xf64>
  %m2 = symc.mul %t2, %c : tensor<?xf64>, tensor<1xf64>
  %s2 = symc.sin %y : tensor<?xf64>
  %y2 = symc.add %m2, %s2 : tensor<?xf64>
  return %y2 : tensor<?xf64>
}

// -----

// Tests that a bad shape inside a group still fails with the op's own
// message: y's size is checked against x's when add is reached.
// GROUPED-LABEL: func.func @bad_shape_in_group
// GROUPED:         symc.check %{{.*}}, "symc.add at {{.*}}fused-elementwise.mlir:{{[0-9]+}}: operands #0 and #1 have sizes {1} and {0} along dimension 0
// GROUPED-NOT:     symc.check
// GROUPED:         linalg.generic
// GROUPED-NOT:     linalg.generic
func.func @bad_shape_in_group(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %e = symc.exp %x : tensor<?xf64>
  %a = symc.add %e, %y : tensor<?xf64>
  %l = symc.log %a : tensor<?xf64>
  return %l : tensor<?xf64>
}
