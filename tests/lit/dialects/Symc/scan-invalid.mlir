// RUN: symc-opt %s --split-input-file --verify-diagnostics

// Every verifier message of symc.scan and symc.scan.yield, one case per rule.

// Tests that history entries must name carries.
func.func @history_out_of_range(%n: tensor<i64>, %h0: tensor<f64>) {
  // expected-error @+1 {{'symc.scan' op history entry 1 is not a carry index (the op has 1 carries)}}
  %r = symc.scan steps %n carries(%h0 : tensor<f64>) history [1] -> (tensor<?xf64>) {
  ^bb0(%h: tensor<f64>):
    symc.scan.yield %h : tensor<f64>
  }
  return
}

// -----

// Tests that a history carry's result is the stacked carry type.
func.func @history_result_type(%n: tensor<i64>, %h0: tensor<3xf64>) {
  // expected-error @+1 {{'symc.scan' op result #0 has type 'tensor<3xf64>' but carry #0 (with history) gives 'tensor<?x3xf64>'}}
  %r = symc.scan steps %n carries(%h0 : tensor<3xf64>) history [0] -> (tensor<3xf64>) {
  ^bb0(%h: tensor<3xf64>):
    symc.scan.yield %h : tensor<3xf64>
  }
  return
}

// -----

// Tests that sequences cannot be scalars.
func.func @scalar_sequence(%n: tensor<i64>, %s: tensor<f64>) {
  // expected-error @+1 {{'symc.scan' op sequence #0 is a scalar; sequences are iterated along their first dimension}}
  %r = symc.scan steps %n sequences(%s : tensor<f64>) -> (tensor<?xf64>) {
  ^bb0(%x: tensor<f64>):
    symc.scan.yield %x : tensor<f64>
  }
  return
}

// -----

// Tests that the body's arguments match the operand groups in number.
func.func @arg_count(%n: tensor<i64>, %h0: tensor<f64>) {
  // expected-error @+1 {{'symc.scan' op body has 2 arguments but the op passes 1 (carries, sequence rows, invariants)}}
  %r = symc.scan steps %n carries(%h0 : tensor<f64>) -> (tensor<f64>) {
  ^bb0(%h: tensor<f64>, %extra: tensor<f64>):
    symc.scan.yield %h : tensor<f64>
  }
  return
}

// -----

// Tests that a sequence's block argument is one row of the sequence.
func.func @row_type(%n: tensor<i64>, %xs: tensor<?x3xf64>) {
  // expected-error @+1 {{'symc.scan' op body argument #0 (row of sequence #0) has type 'tensor<?x3xf64>', expected 'tensor<3xf64>'}}
  %r = symc.scan steps %n sequences(%xs : tensor<?x3xf64>) -> (tensor<?x?x3xf64>) {
  ^bb0(%x: tensor<?x3xf64>):
    symc.scan.yield %x : tensor<?x3xf64>
  }
  return
}

// -----

// Tests that the yield holds the stop condition, the carries and the outputs.
func.func @yield_count(%n: tensor<i64>, %h0: tensor<f64>) {
  // expected-error @+1 {{'symc.scan' op body yields 1 values, expected 2 (the stop condition, 1 next carries, 0 step outputs)}}
  %r = symc.scan steps %n carries(%h0 : tensor<f64>) until -> (tensor<f64>) {
  ^bb0(%h: tensor<f64>):
    symc.scan.yield %h : tensor<f64>
  }
  return
}

// -----

// Tests that the stop condition is a bool scalar.
func.func @stop_type(%n: tensor<i64>, %h0: tensor<f64>) {
  // expected-error @+1 {{'symc.scan' op the stop condition of an 'until' scan must be tensor<i1>, got 'tensor<f64>'}}
  %r = symc.scan steps %n carries(%h0 : tensor<f64>) until -> (tensor<f64>) {
  ^bb0(%h: tensor<f64>):
    symc.scan.yield %h, %h : tensor<f64>, tensor<f64>
  }
  return
}

// -----

// Tests that a next carry may not be less static than the carry.
func.func @carry_type(%n: tensor<i64>, %h0: tensor<3xf64>, %w: tensor<?xf64>) {
  // expected-error @+1 {{'symc.scan' op next value of carry #0 has type 'tensor<?xf64>', which does not fit the carry's type 'tensor<3xf64>'}}
  %r = symc.scan steps %n carries(%h0 : tensor<3xf64>) invariants(%w : tensor<?xf64>) -> (tensor<3xf64>) {
  ^bb0(%h: tensor<3xf64>, %wi: tensor<?xf64>):
    symc.scan.yield %wi : tensor<?xf64>
  }
  return
}

// -----

// Tests that a step output's result stacks the yielded type.
func.func @output_type(%n: tensor<i64>, %xs: tensor<?x3xf64>) {
  // expected-error @+1 {{'symc.scan' op result #0 (step output #0) has type 'tensor<?x4xf64>' but the body yields 'tensor<3xf64>' per step}}
  %r = symc.scan steps %n sequences(%xs : tensor<?x3xf64>) -> (tensor<?x4xf64>) {
  ^bb0(%x: tensor<3xf64>):
    symc.scan.yield %x : tensor<3xf64>
  }
  return
}

// -----

// Tests that until and reverse do not combine.
func.func @until_reverse(%n: tensor<i64>, %b0: tensor<i1>) {
  // expected-error @+1 {{'symc.scan' op cannot combine 'until' and 'reverse'}}
  %r = symc.scan steps %n carries(%b0 : tensor<i1>) until reverse -> (tensor<i1>) {
  ^bb0(%b: tensor<i1>):
    symc.scan.yield %b, %b : tensor<i1>, tensor<i1>
  }
  return
}

// -----

// Tests that there are results for every carry.
func.func @too_few_results(%n: tensor<i64>, %h0: tensor<f64>) {
  // expected-error @+1 {{'symc.scan' op has 1 results for 2 carries (one result per carry first)}}
  %r = symc.scan steps %n carries(%h0, %h0 : tensor<f64>, tensor<f64>) -> (tensor<f64>) {
  ^bb0(%h: tensor<f64>, %g: tensor<f64>):
    symc.scan.yield %h, %g : tensor<f64>, tensor<f64>
  }
  return
}

// -----

// Tests that a scan has at least one result (one without would compute
// nothing; the generic form can still write it).
func.func @no_result(%n: tensor<i64>, %xs: tensor<?xf64>) {
  // expected-error @+1 {{'symc.scan' op has no results: a scan must produce a carry or a step output}}
  "symc.scan"(%n, %xs) <{operandSegmentSizes = array<i32: 1, 0, 1, 0>}> ({
  ^bb0(%x: tensor<f64>):
    "symc.scan.yield"() : () -> ()
  }) : (tensor<i64>, tensor<?xf64>) -> ()
  return
}

// -----

// Tests that symc.scan.yield only ends a scan body.
func.func @yield_outside() {
  // expected-error @+1 {{'symc.scan.yield' op expects parent op 'symc.scan'}}
  symc.scan.yield
}
