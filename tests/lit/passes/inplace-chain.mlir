// RUN: symc-opt %s --split-input-file --symc-inplace="max-chain=2" | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-inplace | FileCheck %s --check-prefix=DEFAULT
// RUN: symc-opt %s --split-input-file --symc-inplace="max-chain=2" \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --canonicalize | FileCheck %s --check-prefix=BUF

// symc-inplace cuts chains of elementwise results written into dead
// operands after max-chain links, so that one-shot bufferization's alias
// sets (and its conflict analysis, linear in a set per member) stay small.

#id = affine_map<(d0) -> (d0)>

// Tests that with max-chain=2 the first generic owns a fresh buffer, the
// next two write into it, and the fourth starts a new buffer (its
// tensor.empty stays) that the fifth reuses; with the default (16) every
// generic after the first reuses its operand; bufferized, the chain of five
// holds two allocations instead of one.
// CHECK-LABEL: func.func @chain
// CHECK:         %[[E0:.*]] = tensor.empty
// CHECK:         %[[T0:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<?xf64>) outs(%[[E0]] : tensor<?xf64>)
// CHECK:         %[[T1:.*]] = linalg.generic {{.*}} ins(%[[T0]] : tensor<?xf64>) outs(%[[T0]] : tensor<?xf64>)
// CHECK:         %[[T2:.*]] = linalg.generic {{.*}} ins(%[[T1]] : tensor<?xf64>) outs(%[[T1]] : tensor<?xf64>)
// CHECK:         %[[E3:.*]] = tensor.empty
// CHECK:         %[[T3:.*]] = linalg.generic {{.*}} ins(%[[T2]] : tensor<?xf64>) outs(%[[E3]] : tensor<?xf64>)
// CHECK:         %[[T4:.*]] = linalg.generic {{.*}} ins(%[[T3]] : tensor<?xf64>) outs(%[[T3]] : tensor<?xf64>)
// CHECK:         return %[[T4]]
// DEFAULT-LABEL: func.func @chain
// DEFAULT:         %[[T0:.*]] = linalg.generic
// DEFAULT:         %[[T1:.*]] = linalg.generic {{.*}} ins(%[[T0]] : tensor<?xf64>) outs(%[[T0]] : tensor<?xf64>)
// DEFAULT:         %[[T2:.*]] = linalg.generic {{.*}} ins(%[[T1]] : tensor<?xf64>) outs(%[[T1]] : tensor<?xf64>)
// DEFAULT:         %[[T3:.*]] = linalg.generic {{.*}} ins(%[[T2]] : tensor<?xf64>) outs(%[[T2]] : tensor<?xf64>)
// DEFAULT:         %[[T4:.*]] = linalg.generic {{.*}} ins(%[[T3]] : tensor<?xf64>) outs(%[[T3]] : tensor<?xf64>)
// DEFAULT:         return %[[T4]]
// BUF-LABEL: func.func @chain
// BUF-COUNT-2:  memref.alloc
// BUF-NOT:      memref.alloc
// BUF:          return
func.func @chain(%x: tensor<?xf64> {bufferization.writable = false}) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %t0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %t1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t0 : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e2 = tensor.empty(%n) : tensor<?xf64>
  %t2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t1 : tensor<?xf64>) outs(%e2 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e3 = tensor.empty(%n) : tensor<?xf64>
  %t3 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t2 : tensor<?xf64>) outs(%e3 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e4 = tensor.empty(%n) : tensor<?xf64>
  %t4 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t3 : tensor<?xf64>) outs(%e4 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %t4 : tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that the operands of a fused generic each count their own chain:
// %a2 has reached max-chain and is not reused, so the first result takes
// %b0 (a chain of none) and the second keeps its tensor.empty.
// CHECK-LABEL: func.func @two_chains
// CHECK:         %[[A0:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<?xf64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK:         %[[A1:.*]] = linalg.generic {{.*}} ins(%[[A0]] : tensor<?xf64>) outs(%[[A0]] : tensor<?xf64>)
// CHECK:         %[[A2:.*]] = linalg.generic {{.*}} ins(%[[A1]] : tensor<?xf64>) outs(%[[A1]] : tensor<?xf64>)
// CHECK:         %[[B0:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<?xf64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK:         tensor.empty
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         linalg.generic {{.*}} ins(%[[A2]], %[[B0]] : tensor<?xf64>, tensor<?xf64>) outs(%[[B0]], %[[E]] : tensor<?xf64>, tensor<?xf64>)
func.func @two_chains(%x: tensor<?xf64> {bufferization.writable = false}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %a0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %a1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a0 : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e2 = tensor.empty(%n) : tensor<?xf64>
  %a2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%a1 : tensor<?xf64>) outs(%e2 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e3 = tensor.empty(%n) : tensor<?xf64>
  %b0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e3 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.cos %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e4 = tensor.empty(%n) : tensor<?xf64>
  %e5 = tensor.empty(%n) : tensor<?xf64>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%a2, %b0 : tensor<?xf64>, tensor<?xf64>) outs(%e4, %e5 : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64, %p: f64):
    %s = arith.addf %a, %b : f64
    %d = arith.subf %a, %b : f64
    linalg.yield %s, %d : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}
