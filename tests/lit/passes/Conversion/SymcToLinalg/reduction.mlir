// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s

// convert-symc-to-linalg turns reductions into linalg.generic reductions
// whose loops follow the input's dimension order; float sums carry
// `reassoc` so that LLVM can vectorize them.

// Tests a keepdims sum: the reduced dimension is read at 0 in the output
// map, the init is a zero fill, and no check is needed (sums have an
// identity).
// CHECK-DAG:   #[[IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG:   #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @sum_keepdims
// CHECK-SAME:    (%[[A:.*]]: tensor<?x4x?xf32>) -> tensor<?x1x?xf32>
// CHECK-NOT:     symc.check
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x1x?xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[OUT]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%[[A]] : tensor<?x4x?xf32>) outs(%[[INIT]] : tensor<?x1x?xf32>)
// CHECK:           arith.addf %{{.*}}, %{{.*}} fastmath<reassoc> : f32
func.func @sum_keepdims(%a: tensor<?x4x?xf32>) -> tensor<?x1x?xf32> {
  %0 = symc.reduce_sum %a axes = [1] keepdims : tensor<?x4x?xf32>
  return %0 : tensor<?x1x?xf32>
}

// -----

// Tests that a maximum over a dynamic axis checks at run time that the axis
// is not empty and starts from the lowest integer.
// CHECK-LABEL: func.func @max_checks_empty_axis
// CHECK-SAME:    (%[[A:.*]]: tensor<?x?xi32>)
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[N:.*]] = tensor.dim %[[A]], %[[C0]] : tensor<?x?xi32>
// CHECK:         %[[NE:.*]] = arith.cmpi ne, %[[N]], %{{.*}} : index
// CHECK:         symc.check %[[NE]], "symc.reduce_max at {{.*}}: cannot reduce over dimension 0 of size {0}: the reduction has no identity"(%[[N]] : index)
// CHECK:         %[[LOW:.*]] = arith.constant -2147483648 : i32
// CHECK:         linalg.fill ins(%[[LOW]] : i32)
// CHECK:         iterator_types = ["reduction", "parallel"]
// CHECK:           arith.maxsi
func.func @max_checks_empty_axis(%a: tensor<?x?xi32>) -> tensor<?xi32> {
  %0 = symc.reduce_max %a axes = [0] : tensor<?x?xi32>
  return %0 : tensor<?xi32>
}

// -----

// Tests that a static, non-empty axis needs no check, and that ui8 uses the
// unsigned minimum from the highest unsigned value.
// CHECK-LABEL: func.func @min_unsigned_static
// CHECK-NOT:     symc.check
// CHECK:         %[[HIGH:.*]] = arith.constant -1 : i8
// CHECK:         linalg.fill ins(%[[HIGH]] : i8)
// CHECK:           arith.minui
func.func @min_unsigned_static(%a: tensor<3x5xui8>) -> tensor<3xui8> {
  %0 = symc.reduce_min %a axes = [1] : tensor<3x5xui8>
  return %0 : tensor<3xui8>
}

// -----

// Tests argmax: a two-result reduction carrying the best value and its
// index, replacing only on a strictly greater value or the first NaN.
// CHECK-LABEL: func.func @argmax_first_extreme
// CHECK:         symc.check
// CHECK:         %[[R:.*]]:2 = linalg.generic
// CHECK-SAME:      iterator_types = ["parallel", "reduction"]
// CHECK:         ^bb0(%[[X:.*]]: f64, %[[BEST:.*]]: f64, %[[IDX:.*]]: i64):
// CHECK:           %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[BEST]] : f64
// CHECK:           %[[XNAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f64
// CHECK:           %[[BETTER:.*]] = arith.ori %[[GT]], %{{.*}} : i1
// CHECK:           %[[POS:.*]] = linalg.index 1 : index
// CHECK:           arith.select %[[BETTER]], %[[X]], %[[BEST]] : f64
// CHECK:         return %[[R]]#1 : tensor<?xi64>
func.func @argmax_first_extreme(%a: tensor<?x?xf64>) -> tensor<?xi64> {
  %0 = symc.argmax %a axis = 1 : tensor<?x?xf64>
  return %0 : tensor<?xi64>
}

// -----

// Tests mean (sum, then division by the element count of the reduced axes)
// and logsumexp (max, shifted sum of exp, log plus the finite shift).
// CHECK-LABEL: func.func @mean_and_logsumexp
// CHECK:         arith.addf %{{.*}} fastmath<reassoc>
// CHECK:         %[[COUNT:.*]] = arith.sitofp %{{.*}} : i64 to f32
// CHECK:         linalg.generic
// CHECK:           arith.divf %{{.*}}, %[[COUNT]] : f32
// CHECK:         linalg.generic
// CHECK:           arith.maximumf
// CHECK:         linalg.generic
// CHECK:           math.absf
// CHECK:           arith.cmpf olt
// CHECK:         linalg.generic
// CHECK:           arith.subf
// CHECK:           math.exp
// CHECK:         linalg.generic
// CHECK:           math.log
func.func @mean_and_logsumexp(%a: tensor<?x?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = symc.reduce_mean %a axes = [0] : tensor<?x?xf32>
  %1 = symc.logsumexp %a axes = [1] : tensor<?x?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}
