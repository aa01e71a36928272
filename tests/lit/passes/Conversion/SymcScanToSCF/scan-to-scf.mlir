// RUN: symc-opt %s --split-input-file --convert-symc-scan-to-scf | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline)' | FileCheck %s --check-prefix=LLVM
// RUN: symc-opt %s --split-input-file --convert-symc-scan-to-scf --canonicalize | FileCheck %s --check-prefix=CANON

// convert-symc-scan-to-scf: scans become scf loops over copies of their
// bodies; history and step-output arrays are allocated once before the
// loop and written row by row in place; run-time checks guard the step
// count, the sequences' lengths and shape changes. The second RUN line
// checks that every case lowers through the whole pipeline.

// Tests a recurrence with history: the history array (n+1 rows, row 0 the
// initial state) is the only loop-carried value, the state is read back
// from row i and the next one written to row i+1; sequences are read as
// rows.
// CHECK-LABEL: func.func @rnn(
// CHECK-SAME:    %[[N:.*]]: tensor<i64>, %[[H0:.*]]: tensor<4xf64>, %[[XS:.*]]: tensor<?x4xf64>, %[[W:.*]]: tensor<4x4xf64>
// CHECK:         %[[NI:.*]] = arith.index_cast
// CHECK:         symc.check %{{.*}}, "symc.scan at {{.*}}: the number of steps is {0}, it must not be negative"
// CHECK:         symc.check %{{.*}}, "symc.scan at {{.*}}: sequence #0 has {0} rows, fewer than the {1} steps"
// CHECK:         %[[N1:.*]] = arith.addi %[[NI]], %{{.*}}
// CHECK:         %[[E:.*]] = tensor.empty(%[[N1]]) : tensor<?x4xf64>
// CHECK:         %[[A0:.*]] = tensor.insert_slice %[[H0]] into %[[E]][%{{.*}}, 0] [1, 4] [1, 1]
// CHECK:         %[[R:.*]] = scf.for %[[I:.*]] = %{{.*}} to %[[NI]] step %{{.*}} iter_args(%[[A:.*]] = %[[A0]]) -> (tensor<?x4xf64>) {
// CHECK:           %[[H:.*]] = tensor.extract_slice %[[A]][%[[I]], 0] [1, 4] [1, 1] : tensor<?x4xf64> to tensor<4xf64>
// CHECK:           %[[X:.*]] = tensor.extract_slice %[[XS]][%[[I]], 0] [1, 4] [1, 1] : tensor<?x4xf64> to tensor<4xf64>
// CHECK:           %[[D:.*]] = symc.dot %[[W]], %[[H]]
// CHECK:           %[[S:.*]] = symc.add %[[D]], %[[X]]
// CHECK:           %[[T:.*]] = symc.tanh %[[S]]
// CHECK:           %[[I1:.*]] = arith.addi %[[I]]
// CHECK:           %[[W1:.*]] = tensor.insert_slice %[[T]] into %[[A]][%[[I1]], 0] [1, 4] [1, 1]
// CHECK:           scf.yield %[[W1]] : tensor<?x4xf64>
// CHECK:         return %[[R]]
// CHECK-NOT:     symc.scan
// LLVM-LABEL:  llvm.func @rnn(
// LLVM-NOT:      {{= symc\.|symc\.check}}
// LLVM-NOT:      scf.{{for|while|if}}
func.func @rnn(%n: tensor<i64>, %h0: tensor<4xf64>, %xs: tensor<?x4xf64>, %w: tensor<4x4xf64>) -> tensor<?x4xf64> {
  %hs = symc.scan steps %n carries(%h0 : tensor<4xf64>) sequences(%xs : tensor<?x4xf64>)
      invariants(%w : tensor<4x4xf64>) history [0] -> (tensor<?x4xf64>) {
  ^bb0(%h: tensor<4xf64>, %x: tensor<4xf64>, %wi: tensor<4x4xf64>):
    %a = symc.dot %wi, %h : tensor<4x4xf64>, tensor<4xf64>
    %s = symc.add %a, %x : tensor<4xf64>
    %t = symc.tanh %s : tensor<4xf64>
    symc.scan.yield %t : tensor<4xf64>
  }
  return %hs : tensor<?x4xf64>
}

// -----

// Tests that an until scan becomes an scf.while that stops after n steps or
// after a step whose condition holds, its final carry a loop value and its
// step output trimmed to the steps run.
// CHECK-LABEL: func.func @until_loop(
// CHECK:         %[[NI:.*]] = arith.index_cast
// CHECK:         %[[TRUE:.*]] = arith.constant true
// CHECK:         %[[R:.*]]:3 = scf.while (%[[I:.*]] = %{{.*}}, %[[GO:.*]] = %[[TRUE]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (index, i1, tensor<f64>, tensor<?xf64>) -> (index, tensor<f64>, tensor<?xf64>) {
// CHECK:           %[[MORE:.*]] = arith.cmpi slt, %[[I]], %[[NI]]
// CHECK:           %[[C:.*]] = arith.andi %[[MORE]], %[[GO]]
// CHECK:           scf.condition(%[[C]])
// CHECK:         } do {
// CHECK:           %[[Y:.*]] = symc.mul
// CHECK:           %[[STOP:.*]] = symc.gt %[[Y]]
// CHECK:           tensor.insert_slice %[[Y]] into
// CHECK:           %[[FLAG:.*]] = tensor.extract %[[STOP]][]
// CHECK:           %[[NEXT:.*]] = arith.xori %[[FLAG]]
// CHECK:           scf.yield %{{.*}}, %[[NEXT]], %[[Y]], %{{.*}} : index, i1, tensor<f64>, tensor<?xf64>
// CHECK:         %[[TRIM:.*]] = tensor.extract_slice %[[R]]#2[0] [%[[R]]#0] [1]
// CHECK:         return %[[R]]#1, %[[TRIM]]
// LLVM-LABEL:  llvm.func @until_loop(
// LLVM-NOT:      {{= symc\.|symc\.check}}
func.func @until_loop(%n: tensor<i64>, %x0: tensor<f64>) -> (tensor<f64>, tensor<?xf64>) {
  %r:2 = symc.scan steps %n carries(%x0 : tensor<f64>) until -> (tensor<f64>, tensor<?xf64>) {
  ^bb0(%x: tensor<f64>):
    %c = symc.constant dense<2.0> : tensor<f64>
    %y = symc.mul %x, %c : tensor<f64>
    %lim = symc.constant dense<100.0> : tensor<f64>
    %stop = symc.gt %y, %lim : tensor<f64>
    symc.scan.yield %stop, %y, %y : tensor<i1>, tensor<f64>, tensor<f64>
  }
  return %r#0, %r#1 : tensor<f64>, tensor<?xf64>
}

// -----

// Tests a reverse scan with a step output whose row size is dynamic: rows
// are read and written at n-1-i; the first step is peeled off the loop (when
// n > 0) and allocates the array with its row's size, the loop starts at the
// index the peeled step returns and checks later rows against that size;
// without a step the array has no row and the row size a step would give
// (that of the sequence's rows).
// CHECK-LABEL: func.func @reverse_dynamic_output(
// CHECK-SAME:    %{{.*}}: tensor<i64>, %[[XS:.*]]: tensor<?x?xf32>
// CHECK:         %[[NI:.*]] = arith.index_cast
// CHECK:         %[[WIDTH:.*]] = tensor.dim %[[XS]], %c1
// CHECK:         %[[E0:.*]] = tensor.empty(%[[WIDTH]]) : tensor<0x?xf32>
// CHECK:         %[[NONE:.*]] = tensor.cast %[[E0]] : tensor<0x?xf32> to tensor<?x?xf32>
// CHECK:         %[[ANY:.*]] = arith.cmpi sgt, %[[NI]]
// CHECK:         %[[FIRST:.*]]:3 = scf.if %[[ANY]] -> (index, i1, tensor<?x?xf32>) {
// CHECK:           %[[Y0:.*]] = symc.exp
// CHECK:           %[[D0:.*]] = tensor.dim %[[Y0]]
// CHECK:           %[[E:.*]] = tensor.empty(%[[NI]], %[[D0]]) : tensor<?x?xf32>
// CHECK:           %[[W0:.*]] = tensor.insert_slice %[[Y0]] into %[[E]]
// CHECK:           scf.yield %{{.*}}, %{{.*}}, %[[W0]] : index, i1, tensor<?x?xf32>
// CHECK:         } else {
// CHECK:           scf.yield %{{.*}}, %{{.*}}, %[[NONE]] : index, i1, tensor<?x?xf32>
// CHECK:         scf.for %[[I:.*]] = %[[FIRST]]#0 to %[[NI]] step %{{.*}} iter_args(%[[A:.*]] = %[[FIRST]]#2) -> (tensor<?x?xf32>) {
// CHECK:           %[[LAST:.*]] = arith.subi %[[NI]]
// CHECK:           %[[ROW:.*]] = arith.subi %[[LAST]], %[[I]]
// CHECK:           %[[X:.*]] = tensor.extract_slice %{{.*}}[%[[ROW]], 0]
// CHECK:           %[[Y:.*]] = symc.exp %[[X]]
// CHECK-NOT:       tensor.empty
// CHECK:           symc.check %{{.*}}, "symc.scan at {{.*}}: step output #0 has size {0} along dimension 0 but size {1} at the first step (step outputs keep their shape)"
// CHECK:           tensor.insert_slice %[[Y]] into %[[A]][%[[ROW]], 0]
// LLVM-LABEL:  llvm.func @reverse_dynamic_output(
// LLVM-NOT:      {{= symc\.|symc\.check}}
func.func @reverse_dynamic_output(%n: tensor<i64>, %xs: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = symc.scan steps %n sequences(%xs : tensor<?x?xf32>) reverse -> (tensor<?x?xf32>) {
  ^bb0(%x: tensor<?xf32>):
    %e = symc.exp %x : tensor<?xf32>
    symc.scan.yield %e : tensor<?xf32>
  }
  return %r : tensor<?x?xf32>
}

// -----

// Tests the row sizes of step outputs when no step runs, followed back
// through the body's shapes to the scan's operands: a product of the carry
// and a sequence row has the carry's size, a matrix product of an invariant
// and a row the invariant's rows; a row whose size is a value the body
// computes (the inner loop's length, a sequence element) has size 0.
// CHECK-LABEL: func.func @empty_loop_row_sizes(
// CHECK-SAME:    %{{.*}}: tensor<i64>, %[[H0:.*]]: tensor<?xf64>, %{{.*}}: tensor<?x?xf64>, %{{.*}}: tensor<?xi64>, %[[W:.*]]: tensor<?x?xf64>
// CHECK:         %[[HS:.*]] = tensor.dim %[[H0]], %c0
// CHECK:         tensor.empty(%[[HS]]) : tensor<0x?xf64>
// CHECK:         %[[WS:.*]] = tensor.dim %[[W]], %c0
// CHECK:         tensor.empty(%[[WS]]) : tensor<0x?xf64>
// CHECK:         tensor.empty() : tensor<0x0xf64>
// CHECK:         scf.if
func.func @empty_loop_row_sizes(%n: tensor<i64>, %h0: tensor<?xf64>, %xs: tensor<?x?xf64>, %ks: tensor<?xi64>, %w: tensor<?x?xf64>)
    -> (tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  %r:4 = symc.scan steps %n carries(%h0 : tensor<?xf64>) sequences(%xs, %ks : tensor<?x?xf64>, tensor<?xi64>)
      invariants(%w : tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>) {
  ^bb0(%h: tensor<?xf64>, %x: tensor<?xf64>, %k: tensor<i64>, %wi: tensor<?x?xf64>):
    %p = symc.mul %h, %x : tensor<?xf64>
    %t = symc.tanh %p : tensor<?xf64>
    %d = symc.dot %wi, %x : tensor<?x?xf64>, tensor<?xf64>
    %z = symc.constant dense<0.0> : tensor<f64>
    %inner:2 = symc.scan steps %k carries(%z : tensor<f64>) -> (tensor<f64>, tensor<?xf64>) {
    ^bb0(%a: tensor<f64>):
      %one = symc.constant dense<1.0> : tensor<f64>
      %s = symc.add %a, %one : tensor<f64>
      symc.scan.yield %s, %s : tensor<f64>, tensor<f64>
    }
    symc.scan.yield %t, %t, %d, %inner#1 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
  }
  return %r#1, %r#2, %r#3 : tensor<?x?xf64>, tensor<?x?xf64>, tensor<?x?xf64>
}

// -----

// Tests a constant step count with a step output whose row size is dynamic
// (a regression: the array's initial row size 0 became a static size of the
// loop-carried array under canonicalization, and the loop wrote 3 rows of 2
// into a 3x0 array). The peeled first step decides the array's shape, so
// canonicalization makes the loop carry a 3x? array, never a 3x0 one.
// CANON-LABEL: func.func @constant_steps_dynamic_output(
// CANON:         %[[E:.*]] = tensor.empty(%{{.*}}) : tensor<3x?xf64>
// CANON:         %[[W:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0]
// CANON:         scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[W]]) -> (tensor<3x?xf64>)
// CANON-NOT:     tensor<3x0xf64>
// CANON:         return
func.func @constant_steps_dynamic_output(%v: tensor<?xf64>) -> tensor<?x?xf64> {
  %n = symc.constant dense<3> : tensor<i64>
  %r = symc.scan steps %n invariants(%v : tensor<?xf64>) -> (tensor<?x?xf64>) {
  ^bb0(%w: tensor<?xf64>):
    %e = symc.exp %w : tensor<?xf64>
    symc.scan.yield %e : tensor<?xf64>
  }
  return %r : tensor<?x?xf64>
}

// -----

// Tests that nested scans lower inner first: the outer loop's body holds
// the inner loop, and a carry without history is a loop value.
// CHECK-LABEL: func.func @nested(
// CHECK:         scf.for
// CHECK:           scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<f64>) {
// CHECK:             %[[S:.*]] = symc.add %[[ACC]], %{{.*}}
// CHECK:             scf.yield %[[S]] : tensor<f64>
// CHECK-NOT:     symc.scan
// LLVM-LABEL:  llvm.func @nested(
// LLVM-NOT:      {{= symc\.|symc\.check}}
func.func @nested(%n: tensor<i64>, %m: tensor<?x?xf64>, %z: tensor<f64>) -> tensor<?xf64> {
  %r = symc.scan steps %n sequences(%m : tensor<?x?xf64>) invariants(%z : tensor<f64>) -> (tensor<?xf64>) {
  ^bb0(%row: tensor<?xf64>, %zi: tensor<f64>):
    %k = symc.shape %row : tensor<?xf64>
    %k0 = symc.subtensor %k[0] : tensor<1xi64>
    %acc = symc.scan steps %k0 carries(%zi : tensor<f64>) sequences(%row : tensor<?xf64>) -> (tensor<f64>) {
    ^bb0(%a: tensor<f64>, %v: tensor<f64>):
      %s = symc.add %a, %v : tensor<f64>
      symc.scan.yield %s : tensor<f64>
    }
    symc.scan.yield %acc : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that a transposed matrix invariant that the body only multiplies is
// transposed once before the loop (the per-step product then reads it
// row-major), and that one the body also reads otherwise stays a view.
// CHECK-LABEL: func.func @transposed_invariant(
// CHECK-SAME:    %[[N:.*]]: tensor<i64>, %[[D0:.*]]: tensor<2x4xf64>, %[[W:.*]]: tensor<4x4xf64>
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<4x4xf64>
// CHECK:         %[[WT:.*]] = linalg.transpose ins(%[[W]] : tensor<4x4xf64>) outs(%[[E]] : tensor<4x4xf64>) permutation = [1, 0]
// CHECK:         scf.for
// CHECK:           symc.dot %{{.*}}, %[[WT]] : tensor<2x4xf64>, tensor<4x4xf64>
// CHECK-NOT:     linalg.transpose
// CHECK-LABEL: func.func @transposed_invariant_also_added(
// CHECK-NOT:     linalg.transpose
// CHECK:         scf.for
func.func @transposed_invariant(%n: tensor<i64>, %d0: tensor<2x4xf64>, %w: tensor<4x4xf64>) -> tensor<2x4xf64> {
  %wt = symc.dimshuffle %w [1, 0] : tensor<4x4xf64>
  %r = symc.scan steps %n carries(%d0 : tensor<2x4xf64>) invariants(%wt : tensor<4x4xf64>) reverse -> (tensor<2x4xf64>) {
  ^bb0(%d: tensor<2x4xf64>, %w1: tensor<4x4xf64>):
    %p = symc.dot %d, %w1 : tensor<2x4xf64>, tensor<4x4xf64>
    %t = symc.tanh %p : tensor<2x4xf64>
    symc.scan.yield %t : tensor<2x4xf64>
  }
  return %r : tensor<2x4xf64>
}
func.func @transposed_invariant_also_added(%n: tensor<i64>, %d0: tensor<4x4xf64>, %w: tensor<4x4xf64>) -> tensor<4x4xf64> {
  %wt = symc.dimshuffle %w [1, 0] : tensor<4x4xf64>
  %r = symc.scan steps %n carries(%d0 : tensor<4x4xf64>) invariants(%wt : tensor<4x4xf64>) -> (tensor<4x4xf64>) {
  ^bb0(%d: tensor<4x4xf64>, %w1: tensor<4x4xf64>):
    %p = symc.dot %d, %w1 : tensor<4x4xf64>, tensor<4x4xf64>
    %s = symc.add %p, %w1 : tensor<4x4xf64>
    symc.scan.yield %s : tensor<4x4xf64>
  }
  return %r : tensor<4x4xf64>
}
