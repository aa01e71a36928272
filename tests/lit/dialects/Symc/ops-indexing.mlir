// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of basic indexing (integers and slices, constant or SSA bounds,
// Python's clamping in the inferred static sizes) and of integer-array
// indexing with its set/increment variants.

// Tests that in basic index lists integers drop a dimension, slices keep it with
// Python's clamping, trailing dimensions are kept whole.
// CHECK-LABEL: func.func @subtensor
// CHECK-SAME:    (%[[X:.*]]: tensor<10x?x4xf32>, %[[I:.*]]: tensor<i64>)
// CHECK:         %[[A:.*]] = symc.subtensor %[[X]][1:, ::-1] : tensor<10x?x4xf32>
// CHECK:         %[[B:.*]] = symc.subtensor %[[X]][-1, 2:, :3:2] : tensor<10x?x4xf32>
// CHECK:         %[[C:.*]] = symc.subtensor %[[X]][%[[I]], %[[I]]:, :%[[I]]:%[[I]]] : tensor<10x?x4xf32>
// CHECK:         %[[D:.*]] = symc.subtensor %[[X]][3:100, 0] : tensor<10x?x4xf32>
// CHECK:         %[[E:.*]] = symc.subtensor %[[X]][8:2:-3] : tensor<10x?x4xf32>
// CHECK:         return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]] : tensor<9x?x4xf32>, tensor<?x2xf32>, tensor<?x?xf32>, tensor<7x4xf32>, tensor<2x?x4xf32>
func.func @subtensor(%x: tensor<10x?x4xf32>, %i: tensor<i64>)
    -> (tensor<9x?x4xf32>, tensor<?x2xf32>, tensor<?x?xf32>, tensor<7x4xf32>, tensor<2x?x4xf32>) {
  %0 = symc.subtensor %x[1:, ::-1] : tensor<10x?x4xf32>
  %1 = symc.subtensor %x[-1, 2:, :3:2] : tensor<10x?x4xf32>
  %2 = symc.subtensor %x[%i, %i:, :%i:%i] : tensor<10x?x4xf32>
  %3 = symc.subtensor %x[3:100, 0] : tensor<10x?x4xf32>
  %4 = symc.subtensor %x[8:2:-3] : tensor<10x?x4xf32>
  return %0, %1, %2, %3, %4 : tensor<9x?x4xf32>, tensor<?x2xf32>, tensor<?x?xf32>, tensor<7x4xf32>, tensor<2x?x4xf32>
}

// -----

// Tests that set_subtensor and inc_subtensor round-trip, with a broadcasting value.
// CHECK-LABEL: func.func @subtensor_update
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[V:.*]]: tensor<2x4xf32>, %[[W:.*]]: tensor<1xf32>, %[[I:.*]]: tensor<i64>)
// CHECK:         %[[S:.*]] = symc.set_subtensor %[[X]][1:3], %[[V]] : tensor<?x4xf32>, tensor<2x4xf32>
// CHECK:         %[[N:.*]] = symc.inc_subtensor %[[S]][%[[I]]], %[[W]] : tensor<?x4xf32>, tensor<1xf32>
// CHECK:         return %[[N]]
func.func @subtensor_update(%x: tensor<?x4xf32>, %v: tensor<2x4xf32>, %w: tensor<1xf32>, %i: tensor<i64>) -> tensor<?x4xf32> {
  %0 = symc.set_subtensor %x[1:3], %v : tensor<?x4xf32>, tensor<2x4xf32>
  %1 = symc.inc_subtensor %0[%i], %w : tensor<?x4xf32>, tensor<1xf32>
  return %1 : tensor<?x4xf32>
}

// -----

// Tests that in integer-array indexing adjacent index arrays replace their
// dimensions in place, separated ones go first (NumPy's rule).
// CHECK-LABEL: func.func @advanced_subtensor
// CHECK-SAME:    (%[[X:.*]]: tensor<5x6x7xf32>, %[[I:.*]]: tensor<?xi64>, %[[J:.*]]: tensor<1xi64>)
// CHECK:         %[[A:.*]] = symc.advanced_subtensor %[[X]][%[[I]]] : tensor<5x6x7xf32>, tensor<?xi64>
// CHECK:         %[[B:.*]] = symc.advanced_subtensor %[[X]][:, %[[I]], %[[J]]] : tensor<5x6x7xf32>, tensor<?xi64>, tensor<1xi64>
// CHECK:         %[[C:.*]] = symc.advanced_subtensor %[[X]][%[[J]], :, %[[I]]] : tensor<5x6x7xf32>, tensor<1xi64>, tensor<?xi64>
// CHECK:         return %[[A]], %[[B]], %[[C]] : tensor<?x6x7xf32>, tensor<5x?xf32>, tensor<?x6xf32>
func.func @advanced_subtensor(%x: tensor<5x6x7xf32>, %i: tensor<?xi64>, %j: tensor<1xi64>)
    -> (tensor<?x6x7xf32>, tensor<5x?xf32>, tensor<?x6xf32>) {
  %0 = symc.advanced_subtensor %x[%i] : tensor<5x6x7xf32>, tensor<?xi64>
  %1 = symc.advanced_subtensor %x[:, %i, %j] : tensor<5x6x7xf32>, tensor<?xi64>, tensor<1xi64>
  %2 = symc.advanced_subtensor %x[%j, :, %i] : tensor<5x6x7xf32>, tensor<1xi64>, tensor<?xi64>
  return %0, %1, %2 : tensor<?x6x7xf32>, tensor<5x?xf32>, tensor<?x6xf32>
}

// -----

// Tests that advanced_set_subtensor and advanced_inc_subtensor round-trip.
// CHECK-LABEL: func.func @advanced_update
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xf32>, %[[I:.*]]: tensor<?xi64>, %[[V:.*]]: tensor<?x4xf32>, %[[W:.*]]: tensor<1x1xf32>)
// CHECK:         %[[S:.*]] = symc.advanced_set_subtensor %[[X]][%[[I]]], %[[V]] : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64>
// CHECK:         %[[N:.*]] = symc.advanced_inc_subtensor %[[S]][%[[I]]], %[[W]] : tensor<?x4xf32>, tensor<1x1xf32>, tensor<?xi64>
// CHECK:         return %[[N]]
func.func @advanced_update(%x: tensor<?x4xf32>, %i: tensor<?xi64>, %v: tensor<?x4xf32>, %w: tensor<1x1xf32>) -> tensor<?x4xf32> {
  %0 = symc.advanced_set_subtensor %x[%i], %v : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?xi64>
  %1 = symc.advanced_inc_subtensor %0[%i], %w : tensor<?x4xf32>, tensor<1x1xf32>, tensor<?xi64>
  return %1 : tensor<?x4xf32>
}
