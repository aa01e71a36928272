// RUN: symc-opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// Verifier errors of symc.fused_elementwise, one case per rule.

// Tests that all results must have one shape.
func.func @results_of_two_shapes(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<4xf64>) {
  // expected-error @+1 {{'symc.fused_elementwise' op result #1 has type 'tensor<4xf64>' but result #0 has type 'tensor<?xf64>': all results must have one shape}}
  %r:2 = symc.fused_elementwise (%x) : (tensor<?xf64>) -> (tensor<?xf64>, tensor<4xf64>) {
  ^bb0(%a: tensor<f64>):
    %e = symc.exp %a : tensor<f64>
    symc.yield %e, %e : tensor<f64>, tensor<f64>
  }
  return %r#0, %r#1 : tensor<?xf64>, tensor<4xf64>
}

// -----

// Tests that inputs must have the results' rank.
func.func @input_of_other_rank(%x: tensor<?x?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{'symc.fused_elementwise' op input #0 has rank 2 but the results have rank 1}}
  %r = symc.fused_elementwise (%x) : (tensor<?x?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>):
    %e = symc.exp %a : tensor<f64>
    symc.yield %e : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that an input broadcasts only along static size-1 dimensions.
func.func @input_does_not_broadcast(%x: tensor<3xf64>) -> tensor<4xf64> {
  // expected-error @+1 {{'symc.fused_elementwise' op input #0 has size 3 along dimension 0 but the results have 4 (only static size-1 dimensions broadcast)}}
  %r = symc.fused_elementwise (%x) : (tensor<3xf64>) -> tensor<4xf64> {
  ^bb0(%a: tensor<f64>):
    %e = symc.exp %a : tensor<f64>
    symc.yield %e : tensor<f64>
  }
  return %r : tensor<4xf64>
}

// -----

// Tests that a region argument has the rank-0 type of its input's elements.
func.func @wrong_argument_type(%x: tensor<?xf64>) -> tensor<?xf32> {
  // expected-error @+1 {{'symc.fused_elementwise' op region argument #0 has type 'tensor<f32>' but input #0 needs 'tensor<f64>'}}
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf32> {
  ^bb0(%a: tensor<f32>):
    %e = symc.exp %a : tensor<f32>
    symc.yield %e : tensor<f32>
  }
  return %r : tensor<?xf32>
}

// -----

// Tests that the region holds elementwise ops only.
func.func @not_elementwise(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{'symc.fused_elementwise' op region may hold only single-result elementwise symc ops, not symc.constant}}
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>):
    %c = symc.constant dense<1.0> : tensor<f64>
    %s = symc.add %a, %c : tensor<f64>
    symc.yield %s : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that the region must yield one value per result.
func.func @wrong_yield_count(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{'symc.fused_elementwise' op region yields 2 values but the op has 1 results}}
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>):
    %e = symc.exp %a : tensor<f64>
    symc.yield %e, %e : tensor<f64>, tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that a yielded value has the result's element type.
func.func @wrong_yield_type(%x: tensor<?xf64>) -> tensor<?xf32> {
  // expected-error @+1 {{'symc.fused_elementwise' op region yields 'tensor<f64>' for result #0 of type 'tensor<?xf32>' (needs 'tensor<f32>')}}
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf32> {
  ^bb0(%a: tensor<f64>):
    %e = symc.exp %a : tensor<f64>
    symc.yield %e : tensor<f64>
  }
  return %r : tensor<?xf32>
}

// -----

// Tests that a yielded value is computed in the region (an input passed
// through has no iteration space of the results' own).
func.func @yields_argument(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{'symc.fused_elementwise' op region yields its argument #0 for result #0: yielded values must be results of region ops}}
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>):
    symc.yield %a : tensor<f64>
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that the region ends with symc.yield (an op of another dialect may
// be a terminator).
func.func @no_yield(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{'symc.fused_elementwise' op region must end with symc.yield}}
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>):
    %e = symc.exp %a : tensor<f64>
    "test.end"(%e) : (tensor<f64>) -> ()
  }
  return %r : tensor<?xf64>
}

// -----

// Tests that region ops cannot use values from outside (inputs only).
func.func @captures(%x: tensor<?xf64>, %s: tensor<f64>) -> tensor<?xf64> {
  // expected-note @+1 {{required by region isolation constraints}}
  %r = symc.fused_elementwise (%x) : (tensor<?xf64>) -> tensor<?xf64> {
  ^bb0(%a: tensor<f64>):
    // expected-error @+1 {{'symc.add' op using value defined outside the region}}
    %e = symc.add %a, %s : tensor<f64>
    symc.yield %e : tensor<f64>
  }
  return %r : tensor<?xf64>
}
