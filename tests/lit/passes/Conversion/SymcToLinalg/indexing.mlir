// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s

// convert-symc-to-linalg lowers basic indexing to tensor slices with
// Python's slice arithmetic, and integer-array indexing to gathers and
// sequential scatters; every index is checked before it is used.

// Tests an integer index (normalized, checked with one unsigned compare)
// and a reversed slice (negative stride) in one extract_slice.
// CHECK-LABEL: func.func @subtensor_index_and_reverse
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf32>, %[[I:.*]]: tensor<i64>)
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x?xf32>
// CHECK:         %[[NEG:.*]] = arith.cmpi slt, %[[RAW:.*]], %{{.*}} : index
// CHECK:         %[[WRAP:.*]] = arith.addi %[[RAW]], %[[N]] : index
// CHECK:         %[[IDX:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[RAW]] : index
// CHECK:         %[[OK:.*]] = arith.cmpi ult, %[[IDX]], %[[N]] : index
// CHECK:         symc.check %[[OK]], "symc.subtensor at {{.*}}: index {0} is out of bounds for dimension 0 of size {1}"
// CHECK:         tensor.extract_slice %[[X]][%[[IDX]], %{{.*}}] [1, %{{.*}}] [1, -1] : tensor<?x?xf32> to tensor<?xf32>
func.func @subtensor_index_and_reverse(%x: tensor<?x?xf32>, %i: tensor<i64>) -> tensor<?xf32> {
  %0 = symc.subtensor %x[%i, ::-1] : tensor<?x?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that an integer index after a kept dimension of static size 1 takes
// the slice at full rank and collapses it (and expands the value of an
// update): upstream's canonicalization of a rank-reducing slice drops the
// first unit dimensions, here the kept one, and rebuilt the slice out of
// bounds.
// CHECK-LABEL: func.func @index_after_a_kept_unit_dimension
// CHECK:         %[[S:.*]] = tensor.extract_slice %{{.*}} : tensor<9x9x9xf64> to tensor<1x9x1xf64>
// CHECK:         tensor.collapse_shape %[[S]] {{\[}}[0], [1, 2]] : tensor<1x9x1xf64> into tensor<1x9xf64>
// CHECK:         %[[E:.*]] = tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2]] output_shape [1, 9, 1] : tensor<1x9xf64> into tensor<1x9x1xf64>
// CHECK:         tensor.insert_slice %[[E]] into %{{.*}} : tensor<1x9x1xf64> into tensor<9x9x9xf64>
// CHECK-LABEL: func.func @index_first
// CHECK-NOT:     tensor.collapse_shape
// CHECK:         tensor.extract_slice %{{.*}} : tensor<9x9x9xf64> to tensor<1x9xf64>
func.func @index_after_a_kept_unit_dimension(%x: tensor<9x9x9xf64>, %v: tensor<1x9xf64>) -> (tensor<1x9xf64>, tensor<9x9x9xf64>) {
  %0 = symc.subtensor %x[:-2:-1, :, -2] : tensor<9x9x9xf64>
  %1 = symc.set_subtensor %x[:-2:-1, :, -2], %v : tensor<9x9x9xf64>, tensor<1x9xf64>
  return %0, %1 : tensor<1x9xf64>, tensor<9x9x9xf64>
}
func.func @index_first(%x: tensor<9x9x9xf64>) -> tensor<1x9xf64> {
  %0 = symc.subtensor %x[3, 0:1] : tensor<9x9x9xf64>
  return %0 : tensor<1x9xf64>
}

// -----

// Tests that a dynamic slice step is checked to be nonzero before the
// slice arithmetic divides by it.
// CHECK-LABEL: func.func @subtensor_dynamic_step
// CHECK:         symc.check %{{.*}}, "symc.subtensor at {{.*}}: slice step of dimension 0 is zero"
// CHECK:         arith.div{{[su]}}i
// CHECK:         tensor.extract_slice
func.func @subtensor_dynamic_step(%x: tensor<?xf32>, %s: tensor<i64>) -> tensor<?xf32> {
  %0 = symc.subtensor %x[::%s] : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that a static in-range slice of static sizes needs no check.
// CHECK-LABEL: func.func @subtensor_static
// CHECK-NOT:     symc.check
// CHECK:         tensor.extract_slice %{{.*}}[{{.*}}] [2, 3] [{{.*}}] : tensor<4x5xf32> to tensor<2x3xf32>
func.func @subtensor_static(%x: tensor<4x5xf32>) -> tensor<2x3xf32> {
  %0 = symc.subtensor %x[1:3, ::2] : tensor<4x5xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Tests inc_subtensor: the value is checked against the slice, broadcast
// along its static size-1 dimension, added to the extracted part and
// inserted back.
// CHECK-LABEL: func.func @inc_subtensor_broadcast
// CHECK-SAME:    (%[[X:.*]]: tensor<?x?xf64>, %[[V:.*]]: tensor<?x1xf64>)
// CHECK:         symc.check %{{.*}}, "symc.inc_subtensor at {{.*}}: value has size {0} along dimension 0 but the indexed part has {1}"
// CHECK:         %[[VB:.*]] = linalg.generic {indexing_maps = [#[[BC:.*]], #{{.*}}]
// CHECK:         %[[OLD:.*]] = tensor.extract_slice %[[X]]
// CHECK:         %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[OLD]], %[[VB]]
// CHECK:           arith.addf
// CHECK:         tensor.insert_slice %[[SUM]] into %[[X]]
func.func @inc_subtensor_broadcast(%x: tensor<?x?xf64>, %v: tensor<?x1xf64>) -> tensor<?x?xf64> {
  %0 = symc.inc_subtensor %x[1:, ::-2], %v : tensor<?x?xf64>, tensor<?x1xf64>
  return %0 : tensor<?x?xf64>
}

// -----

// Tests an integer-array gather: the index array's minimum and maximum are
// checked against the dimension first, then a generic reads the index array
// and gathers with tensor.extract.
// CHECK-LABEL: func.func @advanced_gather
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[I:.*]]: tensor<?xi64>)
// CHECK:         %[[MM:.*]]:2 = linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[I]] : tensor<?xi64>)
// CHECK:           arith.minsi
// CHECK:           arith.maxsi
// CHECK:         symc.check %{{.*}}, "symc.advanced_subtensor at {{.*}}: index {0} is out of bounds for dimension 0 of size {1}"
// CHECK:         linalg.generic {{.*}} ins(%[[I]] : tensor<?xi64>)
// CHECK:           %[[J:.*]] = linalg.index 1 : index
// CHECK:           tensor.extract %[[X]][%{{.*}}, %[[J]]] : tensor<?x4xf32>
func.func @advanced_gather(%x: tensor<?x4xf32>, %i: tensor<?xi64>) -> tensor<?x4xf32> {
  %0 = symc.advanced_subtensor %x[%i] : tensor<?x4xf32>, tensor<?xi64>
  return %0 : tensor<?x4xf32>
}

// -----

// Tests the increment scatter: a sequential scf.for over the indices reads,
// adds and writes back (repeated indices accumulate, NumPy's add.at).
// CHECK-LABEL: func.func @advanced_inc_accumulates
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[V:.*]]: tensor<?xf32>, %[[I:.*]]: tensor<?xi64>)
// CHECK:         symc.check %{{.*}}, "symc.advanced_inc_subtensor at {{.*}}: value has size {0} along dimension 0 but the indexed part has {1}"
// CHECK:         symc.check %{{.*}}, "symc.advanced_inc_subtensor at {{.*}}: index {0} is out of bounds for dimension 0 of size {1}"
// CHECK:         scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[X]]) -> (tensor<?xf32>) {
// CHECK:           tensor.extract %[[I]][%[[K]]] : tensor<?xi64>
// CHECK:           %[[VAL:.*]] = tensor.extract %[[V]][%[[K]]] : tensor<?xf32>
// CHECK:           %[[OLD:.*]] = tensor.extract %[[ACC]][%[[POS:.*]]] : tensor<?xf32>
// CHECK:           %[[NEW:.*]] = arith.addf %[[OLD]], %[[VAL]] : f32
// CHECK:           %[[INS:.*]] = tensor.insert %[[NEW]] into %[[ACC]][%[[POS]]] : tensor<?xf32>
// CHECK:           scf.yield %[[INS]] : tensor<?xf32>
func.func @advanced_inc_accumulates(%x: tensor<?xf32>, %v: tensor<?xf32>, %i: tensor<?xi64>) -> tensor<?xf32> {
  %0 = symc.advanced_inc_subtensor %x[%i], %v : tensor<?xf32>, tensor<?xf32>, tensor<?xi64>
  return %0 : tensor<?xf32>
}

// -----

// Tests that the set variant writes without reading the old value.
// CHECK-LABEL: func.func @advanced_set_overwrites
// CHECK:         scf.for
// CHECK:           %[[VAL:.*]] = tensor.extract %{{.*}} : tensor<1xf32>
// CHECK-NOT:       arith.addf
// CHECK:           tensor.insert %[[VAL]]
func.func @advanced_set_overwrites(%x: tensor<?xf32>, %v: tensor<1xf32>, %i: tensor<?xi64>) -> tensor<?xf32> {
  %0 = symc.advanced_set_subtensor %x[%i], %v : tensor<?xf32>, tensor<1xf32>, tensor<?xi64>
  return %0 : tensor<?xf32>
}
