// RUN: symc-opt %s --split-input-file --symc-nan-guard | FileCheck %s

// symc-nan-guard (NanGuardMode): checks that float arguments and the float
// results of computing symc ops hold neither NaN nor infinities, in program
// order, each message naming the value and the user's file:line.

// Tests that a float argument is checked at entry (named after its
// location), an integer one is not, and a computing op is checked right
// after it for NaN, then for infinities.
// CHECK-LABEL: func.func @checks
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[N:.*]]: tensor<?xi32>)
// CHECK:         %[[XN:.*]] = symc.isnan %[[X]]
// CHECK:         %[[XA:.*]] = symc.reduce_any %[[XN]] axes = [0]
// CHECK:         %[[XB:.*]] = tensor.extract %[[XA]][]
// CHECK:         %[[XOK:.*]] = arith.xori %[[XB]], %{{.*}} : i1
// CHECK:         symc.check %[[XOK]], "NanGuardMode: input 'x' contains NaN"
// CHECK:         symc.isinf %[[X]]
// CHECK:         symc.check %{{.*}}, "NanGuardMode: input 'x' contains an infinity"
// CHECK-NOT:     symc.isnan %[[N]]
// CHECK:         %[[E:.*]] = symc.exp %[[X]]
// CHECK-NEXT:    arith.constant true
// CHECK-NEXT:    symc.isnan %[[E]]
// CHECK:         symc.check %{{.*}}, "NanGuardMode: symc.exp at f.py:3 produced NaN"
// CHECK:         symc.isinf %[[E]]
// CHECK:         symc.check %{{.*}}, "NanGuardMode: symc.exp at f.py:3 produced an infinity"
// CHECK:         return
func.func @checks(%x: tensor<?xf32> loc("x"), %n: tensor<?xi32>) -> (tensor<?xf32>, tensor<?xi32>) {
  %0 = symc.exp %x : tensor<?xf32> loc("f.py":3:4)
  %1 = symc.neg %n : tensor<?xi32>
  return %0, %1 : tensor<?xf32>, tensor<?xi32>
}

// -----

// Tests that ops that only move data (dimshuffle, reshape, indexing,
// constants) are not checked, that a rank-0 result is checked with an empty
// reduction, and that a fused location names its first file:line. An
// unnamed argument is called by its position.
// CHECK-LABEL: func.func @what_is_checked
// CHECK:         symc.check %{{.*}}, "NanGuardMode: argument #0 contains NaN"
// CHECK:         %[[D:.*]] = symc.dimshuffle
// CHECK-NOT:     symc.isnan %[[D]]
// CHECK:         %[[S:.*]] = symc.reduce_sum
// CHECK:         %[[SN:.*]] = symc.isnan %[[S]] : tensor<f32>
// CHECK:         symc.reduce_any %[[SN]] axes = [] : tensor<i1>
// CHECK:         symc.check %{{.*}}, "NanGuardMode: symc.reduce_sum at g.py:5 produced NaN"
// CHECK-NOT:     symc.check {{.*}}constant
func.func @what_is_checked(%x: tensor<?xf32>) -> (tensor<?x1xf32>, tensor<f32>, tensor<2xf32>) {
  %c = symc.constant dense<[1.0, 0x7F800000]> : tensor<2xf32>
  %0 = symc.dimshuffle %x [0, x] : tensor<?xf32>
  %1 = symc.reduce_sum %x axes = [0] : tensor<?xf32> loc(fused["g.py":5:0, "h"])
  return %0, %1, %c : tensor<?x1xf32>, tensor<f32>, tensor<2xf32>
}
