// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-payloads{min-ops=2})' | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-payloads{min-ops=2},symc-inline-payloads)' | FileCheck %s --check-prefix=BACK
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-payloads)' | FileCheck %s --check-prefix=SMALL

// symc-outline-payloads moves linalg.generic bodies into shared private
// functions; symc-inline-payloads puts them back.

#id = affine_map<(d0) -> (d0)>

// Tests two generics with the same body and one with another: the equal
// bodies share one function; constants are copied in; the call takes only
// the block arguments the body uses (not %out).
// CHECK-LABEL: func.func @chain
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>, %[[E:.*]]: tensor<?xf64>)
// CHECK:         %[[R1:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?xf64>) outs(%[[E]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[IN1:[^:]*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[P1:.*]] = func.call @[[F:chain_payload]](%[[IN1]]) : (f64) -> f64
// CHECK-NEXT:      linalg.yield %[[P1]] : f64
// CHECK:         %[[R2:.*]] = linalg.generic {{.*}} ins(%[[R1]] : tensor<?xf64>) outs(%[[E]] : tensor<?xf64>)
// CHECK-NEXT:    ^bb0(%[[IN2:[^:]*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[P2:.*]] = func.call @[[F]](%[[IN2]]) : (f64) -> f64
// CHECK-NEXT:      linalg.yield %[[P2]] : f64
// CHECK:         linalg.generic {{.*}} ins(%[[R2]] : tensor<?xf64>)
// CHECK:           func.call @[[G:chain_payload_[0-9]+]](%{{.*}}) : (f64) -> f64
// CHECK:       func.func private @[[G]](%[[A:.*]]: f64) -> f64 attributes {symc.payload}
// CHECK:         math.sin %[[A]]
// CHECK:       func.func private @[[F]](%[[B:.*]]: f64) -> f64 attributes {symc.payload}
// CHECK-NEXT:    %[[C:.*]] = arith.constant 1.010000e+00 : f64
// CHECK-NEXT:    %[[T:.*]] = math.tanh %[[B]] : f64
// CHECK-NEXT:    %[[M:.*]] = arith.mulf %[[T]], %[[C]] : f64
// CHECK-NEXT:    return %[[M]] : f64
// CHECK-NOT:   func.func
// BACK-LABEL:  func.func @chain
// BACK:          linalg.generic
// BACK-NEXT:     ^bb0(%[[IN:[^:]*]]: f64, %{{.*}}: f64):
// BACK-NEXT:       %[[C:.*]] = arith.constant 1.010000e+00 : f64
// BACK-NEXT:       %[[T:.*]] = math.tanh %[[IN]] : f64
// BACK-NEXT:       %[[M:.*]] = arith.mulf %[[T]], %[[C]] : f64
// BACK-NEXT:       linalg.yield %[[M]] : f64
// BACK:          math.tanh
// BACK:          math.sin
// BACK-NOT:      call
// BACK-NOT:    symc.payload
// SMALL-LABEL: func.func @chain
// SMALL-NOT:     call
// SMALL-NOT:   func.func private
func.func @chain(%x: tensor<?xf64>, %e: tensor<?xf64>) -> tensor<?xf64> {
  %c = arith.constant 1.01 : f64
  %r1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %t = math.tanh %in : f64
    %m = arith.mulf %t, %c : f64
    linalg.yield %m : f64
  } -> tensor<?xf64>
  %r2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%r1 : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %t = math.tanh %in : f64
    %m = arith.mulf %t, %c : f64
    linalg.yield %m : f64
  } -> tensor<?xf64>
  %r3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%r2 : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %s = math.sin %in : f64
    %m = arith.mulf %s, %in : f64
    linalg.yield %m : f64
  } -> tensor<?xf64>
  return %r3 : tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests a reduction: the body reads its accumulator, so the call takes %out
// too; the yield may return a block argument or a constant directly.
// CHECK-LABEL: func.func @reduce
// CHECK:         ^bb0(%[[IN:[^:]*]]: f64, %[[OUT:[^:]*]]: f64, %{{[^:]*}}: f64, %{{[^:]*}}: f64):
// CHECK-NEXT:      %[[P:.*]]:3 = func.call @[[F:reduce_payload]](%[[IN]], %[[OUT]]) : (f64, f64) -> (f64, f64, f64)
// CHECK-NEXT:      linalg.yield %[[P]]#0, %[[P]]#1, %[[P]]#2 : f64, f64, f64
// CHECK:       func.func private @[[F]](%[[A:.*]]: f64, %[[B:.*]]: f64) -> (f64, f64, f64)
// CHECK-DAG:     %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-DAG:     %[[S:.*]] = arith.addf %[[A]], %[[B]] : f64
// CHECK:         return %[[S]], %[[A]], %[[Z]] : f64, f64, f64
func.func @reduce(%x: tensor<?xf64>, %acc: tensor<f64>, %o: tensor<?xf64>, %o2: tensor<?xf64>)
    -> (tensor<f64>, tensor<?xf64>, tensor<?xf64>) {
  %z = arith.constant 0.0 : f64
  %r:3 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> ()>, #id, #id],
                         iterator_types = ["reduction"]}
      ins(%x : tensor<?xf64>) outs(%acc, %o, %o2 : tensor<f64>, tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64, %out1: f64, %out2: f64):
    %d = arith.mulf %in, %in : f64
    %s = arith.addf %in, %out : f64
    linalg.yield %s, %in, %z : f64, f64, f64
  } -> (tensor<f64>, tensor<?xf64>, tensor<?xf64>)
  return %r#0, %r#1, %r#2 : tensor<f64>, tensor<?xf64>, tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests the negative cases: a body with linalg.index, one using a value from
// outside that is not a constant, and one with an op with memory effects
// stay where they are.
// CHECK-LABEL: func.func @kept
// CHECK-NOT:     func.call
// CHECK:         linalg.index
// CHECK:         arith.mulf %{{.*}}, %[[S:.*]] : f64
// CHECK:         memref.load
// CHECK-NOT:   func.func private
func.func @kept(%x: tensor<?xf64>, %e: tensor<?xf64>, %s: f64, %m: memref<4xf64>)
    -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %r1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %i = linalg.index 0 : index
    %j = arith.index_cast %i : index to i64
    %f = arith.sitofp %j : i64 to f64
    %y = arith.addf %in, %f : f64
    linalg.yield %y : f64
  } -> tensor<?xf64>
  %r2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %t = math.tanh %in : f64
    %y = arith.mulf %t, %s : f64
    linalg.yield %y : f64
  } -> tensor<?xf64>
  %r3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %c0 = arith.constant 0 : index
    %l = memref.load %m[%c0] : memref<4xf64>
    %y = arith.addf %in, %l : f64
    linalg.yield %y : f64
  } -> tensor<?xf64>
  return %r1, %r2, %r3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
