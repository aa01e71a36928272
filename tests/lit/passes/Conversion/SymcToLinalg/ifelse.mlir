// RUN: symc-opt %s --split-input-file --convert-symc-to-linalg | FileCheck %s

// convert-symc-to-linalg lowers symc.ifelse to scf.if on the extracted
// condition; the regions move over and their symc ops are lowered in place,
// so the work of each branch stays inside its branch.

// Tests that the regions become the scf.if's, with their ops lowered inside
// and symc.yield turned into scf.yield.
// CHECK-LABEL: func.func @branches
// CHECK-SAME:    (%[[C:.*]]: tensor<i1>, %[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[COND:.*]] = tensor.extract %[[C]][] : tensor<i1>
// CHECK:         %[[R:.*]] = scf.if %[[COND]] -> (tensor<?xf32>) {
// CHECK:           %[[E:.*]] = linalg.generic
// CHECK:             math.exp
// CHECK:           scf.yield %[[E]] : tensor<?xf32>
// CHECK:         } else {
// CHECK-NOT:       math.exp
// CHECK:           %[[L:.*]] = linalg.generic
// CHECK:             math.log
// CHECK:           scf.yield %[[L]] : tensor<?xf32>
// CHECK:         }
// CHECK:         return %[[R]]
func.func @branches(%c: tensor<i1>, %x: tensor<?xf32>) -> tensor<?xf32> {
  %r = symc.ifelse %c -> (tensor<?xf32>) {
    %e = symc.exp %x : tensor<?xf32>
    symc.yield %e : tensor<?xf32>
  } else {
    %l = symc.log %x : tensor<?xf32>
    symc.yield %l : tensor<?xf32>
  }
  return %r : tensor<?xf32>
}

// -----

// Tests that a run-time check of the untaken branch stays in that branch:
// the index check of x[10] is inside the else region only.
// CHECK-LABEL: func.func @check_stays_in_its_branch
// CHECK:         scf.if %{{.*}} -> (tensor<f64>) {
// CHECK-NOT:       symc.check
// CHECK:           scf.yield
// CHECK:         } else {
// CHECK:           symc.check
// CHECK:           scf.yield
// CHECK:         }
func.func @check_stays_in_its_branch(%c: tensor<i1>, %x: tensor<?xf64>, %s: tensor<f64>) -> tensor<f64> {
  %r = symc.ifelse %c -> (tensor<f64>) {
    symc.yield %s : tensor<f64>
  } else {
    %e = symc.subtensor %x[10] : tensor<?xf64>
    symc.yield %e : tensor<f64>
  }
  return %r : tensor<f64>
}

// -----

// Tests that a yielded value more static than the result is cast, that
// several results lower together, and that ui8 results become i8.
// CHECK-LABEL: func.func @cast_and_two_results
// CHECK-SAME:    (%[[C:.*]]: tensor<i1>, %[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<3xf32>, %[[I:.*]]: tensor<i8>)
// CHECK:         %[[R:.*]]:2 = scf.if %{{.*}} -> (tensor<?xf32>, tensor<i8>) {
// CHECK:           scf.yield %[[X]], %[[I]] : tensor<?xf32>, tensor<i8>
// CHECK:         } else {
// CHECK:           %[[CAST:.*]] = tensor.cast %[[Y]] : tensor<3xf32> to tensor<?xf32>
// CHECK:           scf.yield %[[CAST]], %[[I]] : tensor<?xf32>, tensor<i8>
// CHECK:         }
func.func @cast_and_two_results(%c: tensor<i1>, %x: tensor<?xf32>, %y: tensor<3xf32>, %i: tensor<ui8>) -> (tensor<?xf32>, tensor<ui8>) {
  %r:2 = symc.ifelse %c -> (tensor<?xf32>, tensor<ui8>) {
    symc.yield %x, %i : tensor<?xf32>, tensor<ui8>
  } else {
    symc.yield %y, %i : tensor<3xf32>, tensor<ui8>
  }
  return %r#0, %r#1 : tensor<?xf32>, tensor<ui8>
}
