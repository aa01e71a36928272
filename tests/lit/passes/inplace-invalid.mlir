// RUN: symc-opt %s --split-input-file --symc-inplace -verify-diagnostics

// Tests that symc.inplace_update must name a result.
// expected-error @below {{argument #0: symc.inplace_update must be the index of a result, got 3 : i64}}
func.func @out_of_range(%w: tensor<?xf64> {symc.inplace_update = 3 : i64}) -> tensor<?xf64> {
  return %w : tensor<?xf64>
}

// -----

// Tests that one result cannot update two arguments.
// expected-error @below {{argument #1: result #0 updates two arguments}}
func.func @twice(%a: tensor<2xf64> {symc.inplace_update = 0 : i64},
                 %b: tensor<2xf64> {symc.inplace_update = 0 : i64}) -> tensor<2xf64> {
  return %a : tensor<2xf64>
}

// -----

// Tests that the new value must fit the argument's buffer.
// expected-error @below {{argument #0: result #0 of type 'tensor<3xf64>' cannot be stored into the argument of type 'tensor<2xf64>'}}
func.func @wrong_type(%a: tensor<2xf64> {symc.inplace_update = 0 : i64}, %b: tensor<3xf64>) -> tensor<3xf64> {
  return %b : tensor<3xf64>
}

// -----

// Tests that a private function (called by others) keeps its signature.
// expected-error @below {{argument #0: symc.inplace_update changes the signature; only public functions may use it}}
func.func private @helper(%a: tensor<2xf64> {symc.inplace_update = 0 : i64}) -> tensor<2xf64> {
  return %a : tensor<2xf64>
}
