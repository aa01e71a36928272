// RUN: symc-opt %s --split-input-file --verify-diagnostics --allow-unregistered-dialect

// Verifier errors of symc.ifelse and symc.yield, one case per rule.

// Tests that a region must yield one value per result.
func.func @wrong_count(%c: tensor<i1>, %x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'symc.ifelse' op the else region yields 2 value(s) but the op has 1 result(s)}}
  %r = symc.ifelse %c -> (tensor<f32>) {
    symc.yield %x : tensor<f32>
  } else {
    symc.yield %x, %x : tensor<f32>, tensor<f32>
  }
  return %r : tensor<f32>
}

// -----

// Tests that a yielded value must have the result's element type.
func.func @wrong_element_type(%c: tensor<i1>, %x: tensor<f32>, %y: tensor<f64>) -> tensor<f32> {
  // expected-error @+1 {{'symc.ifelse' op the then region yields 'tensor<f64>' for result 0 of type 'tensor<f32>'}}
  %r = symc.ifelse %c -> (tensor<f32>) {
    symc.yield %y : tensor<f64>
  } else {
    symc.yield %x : tensor<f32>
  }
  return %r : tensor<f32>
}

// -----

// Tests that a yielded value may not be less static than the result.
func.func @less_static(%c: tensor<i1>, %x: tensor<?xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'symc.ifelse' op the else region yields 'tensor<?xf32>' for result 0 of type 'tensor<3xf32>' (it must have the result's rank and element type, and be at least as static)}}
  %r = symc.ifelse %c -> (tensor<3xf32>) {
    symc.yield %y : tensor<3xf32>
  } else {
    symc.yield %x : tensor<?xf32>
  }
  return %r : tensor<3xf32>
}

// -----

// Tests that the condition must be a bool scalar.
func.func @vector_condition(%c: tensor<2xi1>, %x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'symc.ifelse' op operand #0 must be 0D tensor of 1-bit signless integer values, but got 'tensor<2xi1>'}}
  %r = "symc.ifelse"(%c) ({
    symc.yield %x : tensor<f32>
  }, {
    symc.yield %x : tensor<f32>
  }) : (tensor<2xi1>) -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// Tests that a region must end with symc.yield.
func.func @no_yield(%c: tensor<i1>, %x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'symc.ifelse' op the then region must end with symc.yield}}
  %r = "symc.ifelse"(%c) ({
    "test.foo"() : () -> ()
  }, {
    symc.yield %x : tensor<f32>
  }) : (tensor<i1>) -> tensor<f32>
  return %r : tensor<f32>
}

// -----

// Tests that symc.yield only terminates symc region ops.
func.func @yield_outside() {
  "test.region"() ({
    // expected-error @+1 {{'symc.yield' op must terminate a region of a symc region op (symc.ifelse), not of test.region}}
    symc.yield
  }) : () -> ()
  return
}
