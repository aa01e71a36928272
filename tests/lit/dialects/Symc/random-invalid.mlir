// RUN: symc-opt %s --split-input-file --verify-diagnostics

// Verifier errors of the random draws, one case per rule.

// Tests that the state must be a tensor<3xi64>.
func.func @bad_state(%s: tensor<2xi64>, %shape: tensor<1xi64>) {
  // expected-error @+1 {{'symc.random_uniform' op operand #0 must be random state tensor<3xi64>, but got 'tensor<2xi64>'}}
  %u:2 = "symc.random_uniform"(%s, %shape) : (tensor<2xi64>, tensor<1xi64>) -> (tensor<3xi64>, tensor<?xf32>)
  return
}

// -----

// Tests that the shape operand has one entry per result dimension.
func.func @rank_mismatch(%s: tensor<3xi64>, %shape: tensor<1xi64>) {
  // expected-error @+1 {{'symc.random_normal' op shape operand has 1 entries but the result has rank 2}}
  %u:2 = symc.random_normal %s, %shape : tensor<1xi64> -> tensor<?x?xf64>
  return
}

// -----

// Tests that a constant shape must agree with static result sizes.
func.func @static_mismatch(%s: tensor<3xi64>) {
  %shape = symc.constant dense<5> : tensor<1xi64>
  // expected-error @+1 {{'symc.random_uniform' op result dimension 0 has static size 4 but the constant shape says 5}}
  %u:2 = symc.random_uniform %s, %shape : tensor<1xi64> -> tensor<4xf64>
  return
}

// -----

// Tests that a constant shape may not be negative.
func.func @negative_size(%s: tensor<3xi64>) {
  %shape = symc.constant dense<-1> : tensor<1xi64>
  // expected-error @+1 {{'symc.random_bits' op shape entry 0 is negative (-1)}}
  %u:2 = symc.random_bits %s, %shape : tensor<1xi64> -> tensor<?xi32>
  return
}

// -----

// Tests that uniform draws are floats.
func.func @integer_uniform(%s: tensor<3xi64>, %shape: tensor<1xi64>) {
  // expected-error @+1 {{'symc.random_uniform' op result #1 must be ranked tensor of 32-bit float or 64-bit float values, but got 'tensor<?xi64>'}}
  %u:2 = symc.random_uniform %s, %shape : tensor<1xi64> -> tensor<?xi64>
  return
}

// -----

// Tests that a constant n must agree with the permutation's static size.
func.func @permutation_size(%s: tensor<3xi64>) {
  %n = symc.constant dense<5> : tensor<i64>
  // expected-error @+1 {{'symc.random_permutation' op result has static size 4 but n is 5}}
  %p:2 = symc.random_permutation %s, %n : tensor<4xi64>
  return
}

// -----

// Tests that a permutation is a vector.
func.func @permutation_rank(%s: tensor<3xi64>, %n: tensor<i64>) {
  // expected-error @+1 {{'symc.random_permutation' op result must be a vector, got 'tensor<?x?xi64>'}}
  %p:2 = symc.random_permutation %s, %n : tensor<?x?xi64>
  return
}
