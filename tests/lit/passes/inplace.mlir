// RUN: symc-opt %s --split-input-file --symc-inplace | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-inplace="elementwise=false" | FileCheck %s --check-prefix=NOEW
// RUN: symc-opt %s --split-input-file --symc-inplace \
// RUN:   --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   --canonicalize | FileCheck %s --check-prefix=BUF

// symc-inplace chooses destinations before one-shot bufferization: updates
// of shared variables go into the variable's own buffer after every check,
// elementwise results into dead operands the function owns.

#id = affine_map<(d0) -> (d0)>

// Tests that an elementwise result overwrites an operand that dies there
// (a temporary of the function), and that bufferization then allocates one
// buffer for the chain instead of two.
// CHECK-LABEL: func.func @dead_operand
// CHECK:         %[[T:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<?xf64>, tensor<?xf64>) outs(%{{.*}} : tensor<?xf64>)
// CHECK:         %[[R:.*]] = linalg.generic {{.*}} ins(%[[T]] : tensor<?xf64>) outs(%[[T]] : tensor<?xf64>)
// CHECK:         return %[[R]]
// NOEW-LABEL: func.func @dead_operand
// NOEW:         %[[T:.*]] = linalg.generic
// NOEW:         %[[E:.*]] = tensor.empty
// NOEW:         linalg.generic {{.*}} ins(%[[T]] : tensor<?xf64>) outs(%[[E]] : tensor<?xf64>)
// BUF-LABEL: func.func @dead_operand
// BUF-COUNT-1:  memref.alloc
// BUF-NOT:      memref.alloc
// BUF:          return
func.func @dead_operand(%x: tensor<?xf64> {bufferization.writable = false},
                        %y: tensor<?xf64> {bufferization.writable = false}) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %t = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %s = arith.addf %a, %b : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.exp %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a live operand (read again later) and a returned operand are
// not overwritten.
// CHECK-LABEL: func.func @live_operand
// CHECK:         %[[T:.*]] = linalg.generic
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         linalg.generic {{.*}} ins(%[[T]] : tensor<?xf64>) outs(%[[E]] : tensor<?xf64>)
// CHECK:         return
func.func @live_operand(%x: tensor<?xf64> {bufferization.writable = false}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.exp %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%t : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.log %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %r, %t : tensor<?xf64>, tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a user input is never overwritten: its buffer is the caller's.
// CHECK-LABEL: func.func @input_buffer
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64> {bufferization.writable = false})
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : tensor<?xf64>) outs(%[[E]] : tensor<?xf64>)
func.func @input_buffer(%x: tensor<?xf64> {bufferization.writable = false}) -> tensor<?xf64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.exp %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that an input the caller marked mutable (In(mutable=True)) becomes
// writable and may be overwritten by the elementwise result.
// CHECK-LABEL: func.func @mutable_input
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64> {bufferization.writable = true, symc.mutable})
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : tensor<?xf64>) outs(%[[X]] : tensor<?xf64>)
// BUF-LABEL: func.func @mutable_input
// BUF-SAME:     (%[[X:.*]]: memref<?xf64>
// BUF-NOT:      memref.alloc
// BUF:          linalg.generic {{.*}} ins(%[[X]] : memref<?xf64>) outs(%[[X]] : memref<?xf64>)
// BUF:          memref.alloc() {{.*}} : memref<f64>
// BUF:          return
func.func @mutable_input(%x: tensor<?xf64> {bufferization.writable = false, symc.mutable}) -> tensor<f64> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.exp %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %s = tensor.extract %r[%c0] : tensor<?xf64>
  %z = tensor.from_elements %s : tensor<f64>
  return %z : tensor<f64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests a training step: the update W - g moves after the last check (a
// failing call returns before W changes), is computed into W's own buffer,
// and leaves the signature; the cost stays a result. After bufferization
// the update allocates nothing.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME:    (%[[W:.*]]: tensor<?xf64> {bufferization.writable = true},
// CHECK-SAME:     %[[G:.*]]: tensor<?xf64> {bufferization.writable = false}) -> tensor<?xf64>
// CHECK-NOT:     symc.inplace_update
// CHECK:         %[[COST:.*]] = linalg.generic {{.*}} ins(%[[W]], %[[G]]
// CHECK:         symc.check
// CHECK-NEXT:    %[[NEW:.*]] = linalg.generic {{.*}} ins(%[[W]], %[[G]] : tensor<?xf64>, tensor<?xf64>) outs(%[[W]] : tensor<?xf64>)
// CHECK:         bufferization.materialize_in_destination %[[NEW]] in %[[W]]
// CHECK-NEXT:    return %[[COST]] : tensor<?xf64>
// BUF-LABEL: func.func @train_step
// BUF-SAME:     (%[[W:.*]]: memref<?xf64>, %[[G:.*]]: memref<?xf64>) -> memref<?xf64>
// BUF:          memref.alloc
// BUF-NOT:      memref.alloc
// BUF:          symc.check
// BUF-NEXT:     linalg.generic {{.*}} ins(%[[W]], %[[G]] : memref<?xf64>, memref<?xf64>) outs(%[[W]] : memref<?xf64>)
// BUF-NOT:      memref.copy
// BUF:          return
func.func @train_step(%w: tensor<?xf64> {bufferization.writable = false, symc.inplace_update = 1 : i64},
                      %g: tensor<?xf64> {bufferization.writable = false}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %w, %c0 : tensor<?xf64>
  %m = tensor.dim %g, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %new = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%w, %g : tensor<?xf64>, tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %s = arith.subf %a, %b : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %cost = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%w, %g : tensor<?xf64>, tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %s = arith.mulf %a, %b : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %ok = arith.cmpi eq, %n, %m : index
  symc.check %ok, "sizes {0} and {1} differ" (%n, %m : index, index)
  return %cost, %new : tensor<?xf64>, tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests updates whose sizes are not provably their variable's: %v's new
// value has the size of %g (s = concatenate(s, s) or an update from another
// input), so it stays a result, its argument stays read-only and the module
// lists it in symc.kept_updates (the runtime then counts it as a result);
// %w's, sized by a tensor.dim of %w, is stored in place.
// CHECK:       module attributes {symc.kept_updates = {shape_changing = array<i64: 1>}}
// CHECK-LABEL: func.func @shape_changing
// CHECK-SAME:    (%[[W:.*]]: tensor<?xf64> {bufferization.writable = true},
// CHECK-SAME:     %[[V:.*]]: tensor<?xf64> {bufferization.writable = false},
// CHECK-SAME:     %[[G:.*]]: tensor<?xf64> {bufferization.writable = false}) -> tensor<?xf64>
// CHECK-NOT:     symc.inplace_update
// CHECK:         %[[NEWV:.*]] = linalg.generic {{.*}} ins(%[[G]] : tensor<?xf64>)
// CHECK-NOT:     materialize_in_destination %[[NEWV]]
// CHECK:         bufferization.materialize_in_destination %{{.*}} in %[[W]]
// CHECK-NEXT:    return %[[NEWV]] : tensor<?xf64>
func.func @shape_changing(%w: tensor<?xf64> {bufferization.writable = false, symc.inplace_update = 0 : i64},
                          %v: tensor<?xf64> {bufferization.writable = false, symc.inplace_update = 1 : i64},
                          %g: tensor<?xf64> {bufferization.writable = false}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %w, %c0 : tensor<?xf64>
  %m = tensor.dim %g, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %neww = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]}
      ins(%w, %g : tensor<?xf64>, tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %s = arith.subf %a, %b : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e1 = tensor.empty(%m) : tensor<?xf64>
  %newv = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%g : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%b: f64, %o: f64):
    %s = arith.negf %b : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %ok = arith.cmpi eq, %n, %m : index
  symc.check %ok, "sizes {0} and {1} differ" (%n, %m : index, index)
  return %neww, %newv : tensor<?xf64>, tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that an output showing the variable's old value (outputs=[W] with
// an update of W) is copied before the update writes the buffer.
// CHECK-LABEL: func.func @output_alias
// CHECK-SAME:    (%[[W:.*]]: tensor<?xf64> {bufferization.writable = true})
// CHECK:         %[[OLD:.*]] = bufferization.alloc_tensor() copy(%[[W]])
// CHECK:         %[[NEW:.*]] = linalg.generic {{.*}} outs(%[[W]] : tensor<?xf64>)
// CHECK:         bufferization.materialize_in_destination %[[NEW]] in %[[W]]
// CHECK:         return %[[OLD]] : tensor<?xf64>
func.func @output_alias(%w: tensor<?xf64> {symc.inplace_update = 1 : i64}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %w, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %new = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%w : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = arith.addf %a, %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %w, %new : tensor<?xf64>, tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that an update whose value is also used by other ops stays where it
// is, computed aside (not into W: the check after it may still fail), and
// is copied into W at the end.
// CHECK-LABEL: func.func @shared_value
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         %[[NEW:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<?xf64>)
// CHECK:         symc.check
// CHECK:         bufferization.materialize_in_destination %[[NEW]] in %arg0
func.func @shared_value(%w: tensor<?xf64> {symc.inplace_update = 1 : i64}) -> (tensor<f64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %w, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %new = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%w : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = arith.addf %a, %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %first = tensor.extract %new[%c0] : tensor<?xf64>
  %ok = arith.cmpi sgt, %n, %c0 : index
  symc.check %ok, "empty" (%n : index)
  %r = tensor.from_elements %first : tensor<f64>
  return %r, %new : tensor<f64>, tensor<?xf64>
}

// -----

// Tests that another op writing into the variable (set_subtensor lowered to
// insert_slice) gets a private copy: the update's store at the end is the
// only write into W's buffer.
// CHECK-LABEL: func.func @other_writer
// CHECK-SAME:    (%[[W:.*]]: tensor<4xf64> {bufferization.writable = true}
// CHECK:         %[[C:.*]] = bufferization.alloc_tensor() copy(%[[W]])
// CHECK:         %[[NEW:.*]] = tensor.insert_slice %{{.*}} into %[[C]]
// CHECK:         bufferization.materialize_in_destination %[[NEW]] in %[[W]]
func.func @other_writer(%w: tensor<4xf64> {symc.inplace_update = 0 : i64}, %v: tensor<2xf64>) -> tensor<4xf64> {
  %new = tensor.insert_slice %v into %w[0] [2] [1] : tensor<2xf64> into tensor<4xf64>
  return %new : tensor<4xf64>
}

// -----

// Tests that swapping two variables (updates={a: b, b: a}) stores copies of
// the old values: the first store must not clobber what the second reads.
// CHECK-LABEL: func.func @swap
// CHECK-SAME:    (%[[A:.*]]: tensor<3xf32> {bufferization.writable = true}, %[[B:.*]]: tensor<3xf32> {bufferization.writable = true})
// CHECK-DAG:     %[[CA:.*]] = bufferization.alloc_tensor() copy(%[[A]])
// CHECK-DAG:     %[[CB:.*]] = bufferization.alloc_tensor() copy(%[[B]])
// CHECK:         bufferization.materialize_in_destination %[[CB]] in %[[A]]
// CHECK:         bufferization.materialize_in_destination %[[CA]] in %[[B]]
// CHECK:         return{{$}}
func.func @swap(%a: tensor<3xf32> {symc.inplace_update = 0 : i64},
                %b: tensor<3xf32> {symc.inplace_update = 1 : i64}) -> (tensor<3xf32>, tensor<3xf32>) {
  return %b, %a : tensor<3xf32>, tensor<3xf32>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that a new value that is also an output (outputs=[W_new] with
// updates={W: W_new}) moves after the checks but is computed aside: the
// output must not be read from W's buffer after the store.
// CHECK-LABEL: func.func @new_value_returned
// CHECK-SAME:    (%[[W:.*]]: tensor<?xf64> {bufferization.writable = true}) -> tensor<?xf64>
// CHECK:         %[[E:.*]] = tensor.empty
// CHECK:         symc.check
// CHECK:         %[[NEW:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<?xf64>)
// CHECK:         bufferization.materialize_in_destination %[[NEW]] in %[[W]]
// CHECK-NEXT:    return %[[NEW]] : tensor<?xf64>
func.func @new_value_returned(%w: tensor<?xf64> {symc.inplace_update = 1 : i64}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %w, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %new = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%w : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = arith.addf %a, %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %ok = arith.cmpi sgt, %n, %c0 : index
  symc.check %ok, "empty" (%n : index)
  return %new, %new : tensor<?xf64>, tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests a fused generic with two results: each writes into its own dead
// operand (%p and %q die here); no operand serves two results.
// CHECK-LABEL: func.func @two_results_two_dead_operands
// CHECK:         %[[P:.*]] = linalg.generic
// CHECK:         %[[Q:.*]] = linalg.generic
// CHECK:         linalg.generic {{.*}} ins(%[[P]], %[[Q]] : tensor<?xf64>, tensor<?xf64>) outs(%[[P]], %[[Q]] : tensor<?xf64>, tensor<?xf64>)
// NOEW-LABEL: func.func @two_results_two_dead_operands
// NOEW:         math.sin
// NOEW:         %[[E2:.*]] = tensor.empty
// NOEW-NEXT:    %[[E3:.*]] = tensor.empty
// NOEW-NEXT:    linalg.generic {{.*}} outs(%[[E2]], %[[E3]] : tensor<?xf64>, tensor<?xf64>)
// BUF-LABEL: func.func @two_results_two_dead_operands
// BUF-COUNT-2:  memref.alloc
// BUF-NOT:      memref.alloc
// BUF:          return
func.func @two_results_two_dead_operands(%x: tensor<?xf64> {bufferization.writable = false}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.exp %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e1 = tensor.empty(%n) : tensor<?xf64>
  %q = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e1 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e2 = tensor.empty(%n) : tensor<?xf64>
  %e3 = tensor.empty(%n) : tensor<?xf64>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%p, %q : tensor<?xf64>, tensor<?xf64>) outs(%e2, %e3 : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o0: f64, %o1: f64):
    %s = arith.addf %a, %b : f64
    %t = arith.mulf %a, %b : f64
    linalg.yield %s, %t : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests that one dead operand serves one result only: the second result of
// the fused generic keeps its fresh tensor.
// CHECK-LABEL: func.func @two_results_one_dead_operand
// CHECK:         %[[P:.*]] = linalg.generic
// CHECK:         tensor.empty
// CHECK-NEXT:    %[[E:.*]] = tensor.empty
// CHECK-NEXT:    linalg.generic {{.*}} ins(%[[P]], %{{.*}} : tensor<?xf64>, tensor<?xf64>) outs(%[[P]], %[[E]] : tensor<?xf64>, tensor<?xf64>)
func.func @two_results_one_dead_operand(%x: tensor<?xf64> {bufferization.writable = false}) -> (tensor<?xf64>, tensor<?xf64>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf64>
  %e0 = tensor.empty(%n) : tensor<?xf64>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf64>) outs(%e0 : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.exp %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  %e2 = tensor.empty(%n) : tensor<?xf64>
  %e3 = tensor.empty(%n) : tensor<?xf64>
  %r:2 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel"]}
      ins(%p, %x : tensor<?xf64>, tensor<?xf64>) outs(%e2, %e3 : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o0: f64, %o1: f64):
    %s = arith.addf %a, %b : f64
    %t = arith.mulf %a, %b : f64
    linalg.yield %s, %t : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  return %r#0, %r#1 : tensor<?xf64>, tensor<?xf64>
}
