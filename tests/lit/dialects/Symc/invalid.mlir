// RUN: symc-opt %s --split-input-file --verify-diagnostics

// Every verifier, type-inference and custom-syntax error of the symc dialect,
// one case per rule: the message names the op, the operand and the broken
// rule. Custom-syntax cases fail while parsing (type inference runs then);
// generic-form cases reach the verifier with attributes the custom syntax
// could not even write.

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// Tests that elementwise operands must have equal rank (no implicit rank change).
func.func @rank_mismatch(%a: tensor<3xf32>, %b: tensor<1x3xf32>) {
  // expected-error @+1 {{'symc.add' op operand #1 has rank 2 but operand #0 has rank 1: elementwise operands must have equal rank (insert symc.dimshuffle to add broadcastable dimensions)}}
  %0 = symc.add %a, %b : tensor<3xf32>, tensor<1x3xf32>
  return
}

// -----

// Tests that broadcasting along a static dimension other than 1 is rejected.
func.func @broadcast_non_one(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{'symc.mul' op operands #0 and #1 cannot broadcast along dimension 1: sizes 3 and 4 differ and only static size-1 dimensions broadcast}}
  %0 = symc.mul %a, %b : tensor<2x3xf32>, tensor<2x4xf32>
  return
}

// -----

// Tests that ternary ops name the operands that cannot broadcast.
func.func @select_broadcast(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'symc.select' op operands 'on_true' and 'on_false' cannot broadcast along dimension 0: sizes 3 and 5 differ}}
  %0 = symc.select %c, %a, %b : tensor<3xi1>, tensor<3xf32>, tensor<5xf32>
  return
}

// -----

// Tests that clip's bounds follow the broadcast rule too.
func.func @clip_rank(%x: tensor<4xf32>, %lo: tensor<f32>) {
  // expected-error @+1 {{'symc.clip' op operand 'low' has rank 0 but operand 'input' has rank 1}}
  %0 = symc.clip %x, %lo, %lo : tensor<4xf32>, tensor<f32>, tensor<f32>
  return
}

// -----

// Tests that elementwise operands must be ranked tensors.
func.func @scalar_operands(%a: f32) {
  // expected-error @+1 {{'symc.sub' op expects ranked tensor operands}}
  %0 = symc.sub %a, %a : f32
  return
}

// -----

// Tests that the operand types are one shared type or one per operand.
func.func @type_count(%a: tensor<3xf32>) {
  // expected-error @+1 {{expected one type shared by all operands or 2 types, got 3}}
  %0 = symc.add %a, %a : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
  return
}

// -----

// Tests that binary operands share one element type.
func.func @element_mismatch(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+1 {{'symc.add' op failed to verify that all of {lhs, rhs} have same element type}}
  %0 = "symc.add"(%a, %b) : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return
}

// -----

// Tests that float-only ops reject integer operands.
func.func @exp_of_int(%a: tensor<3xi32>) {
  // expected-error @+1 {{'symc.exp' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = symc.exp %a : tensor<3xi32>
  return
}

// -----

// Tests that true division is float only (the frontend casts integers first).
func.func @div_of_int(%a: tensor<3xi64>) {
  // expected-error @+1 {{'symc.div' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = symc.div %a, %a : tensor<3xi64>
  return
}

// -----

// Tests that tanh_grad is float only.
func.func @tanh_grad_of_int(%a: tensor<3xi32>) {
  // expected-error @+1 {{'symc.tanh_grad' op operand #0 must be ranked tensor of 32-bit float or 64-bit float values}}
  %0 = symc.tanh_grad %a, %a : tensor<3xi32>
  return
}

// -----

// Tests that a declared result type may not be more static than the inferred one.
func.func @result_more_static(%a: tensor<?xf32>) {
  // expected-error @+2 {{'symc.add' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{'symc.add' op failed to infer returned types}}
  %0 = symc.add %a, %a : tensor<?xf32> -> tensor<4xf32>
  return
}

// -----

// Tests that a declared result type must keep the inferred element type.
func.func @result_element(%a: tensor<4xf32>) {
  // expected-error @+2 {{'symc.lt' op inferred type(s) 'tensor<4xi1>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.lt"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that cast changes only the element type.
func.func @cast_shape(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{'symc.cast' op changes only the element type: input shape 'tensor<?x3xf32>' and result shape 'tensor<3x3xi32>' must be equal}}
  %0 = symc.cast %a : tensor<?x3xf32> to tensor<3x3xi32>
  return
}

// -----

// Tests that element types outside the dialect's set are rejected.
func.func @f16(%a: tensor<3xf16>) {
  // expected-error @+1 {{'symc.neg' op operand #0 must be ranked tensor of}}
  %0 = symc.neg %a : tensor<3xf16>
  return
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// -----

// Tests that reduction axes must be within the rank.
func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'symc.reduce_sum' op axes 2 is out of range for an operand of rank 2 (it must be in [0, 2))}}
  %0 = symc.reduce_sum %x axes = [0, 2] : tensor<2x3xf32>
  return
}

// -----

// Tests that negative axes are rejected (the frontend normalizes them).
func.func @reduce_negative_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'symc.reduce_max' op axes -1 is out of range for an operand of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.reduce_max"(%x) <{axes = array<i64: -1>}> : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

// Tests that reduction axes must be sorted.
func.func @reduce_unsorted(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'symc.reduce_prod' op axes must be sorted and unique, got [1, 0]}}
  %0 = symc.reduce_prod %x axes = [1, 0] : tensor<2x3xf32>
  return
}

// -----

// Tests that reduction axes must be unique.
func.func @reduce_duplicate(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'symc.logsumexp' op axes must be sorted and unique, got [1, 1]}}
  %0 = symc.logsumexp %x axes = [1, 1] : tensor<2x3xf32>
  return
}

// -----

// Tests that argmax's axis must be within the rank.
func.func @argmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'symc.argmax' op axis 2 is out of range for an operand of rank 2 (it must be in [0, 2))}}
  %0 = symc.argmax %x axis = 2 : tensor<2x3xf32>
  return
}

// -----

// Tests that reduce_all reduces bools only.
func.func @reduce_all_float(%x: tensor<3xf32>) {
  // expected-error @+1 {{'symc.reduce_all' op operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = symc.reduce_all %x axes = [0] : tensor<3xf32>
  return
}

//===----------------------------------------------------------------------===//
// Products
//===----------------------------------------------------------------------===//

// -----

// Tests that dot takes vectors and matrices only.
func.func @dot_rank(%a: tensor<2x3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'symc.dot' op operands must be vectors or matrices, got ranks 3 and 1 (use symc.batched_dot for stacks of matrices)}}
  %0 = symc.dot %a, %b : tensor<2x3x4xf32>, tensor<4xf32>
  return
}

// -----

// Tests that dot's contracted sizes must agree.
func.func @dot_contract(%a: tensor<3x4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'symc.dot' op contracted sizes differ: lhs 'tensor<3x4xf32>' has 4 columns but rhs 'tensor<5xf32>' has 5 rows}}
  %0 = symc.dot %a, %b : tensor<3x4xf32>, tensor<5xf32>
  return
}

// -----

// Tests that batched_dot takes rank-3 operands.
func.func @batched_rank(%a: tensor<3x4xf32>) {
  // expected-error @+1 {{'symc.batched_dot' op operands must have rank 3 (batch, rows, columns), got ranks 2 and 2}}
  %0 = symc.batched_dot %a, %a : tensor<3x4xf32>, tensor<3x4xf32>
  return
}

// -----

// Tests that batched_dot's contracted sizes must agree.
func.func @batched_contract(%a: tensor<2x3x4xf32>, %b: tensor<2x5x6xf32>) {
  // expected-error @+1 {{'symc.batched_dot' op contracted sizes differ: lhs 'tensor<2x3x4xf32>' has 4 columns but rhs 'tensor<2x5x6xf32>' has 5 rows}}
  %0 = symc.batched_dot %a, %b : tensor<2x3x4xf32>, tensor<2x5x6xf32>
  return
}

// -----

// Tests that batch sizes broadcast only from a static 1.
func.func @batched_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) {
  // expected-error @+1 {{'symc.batched_dot' op batch sizes 2 and 3 cannot broadcast (only a static 1 broadcasts)}}
  %0 = symc.batched_dot %a, %b : tensor<2x3x4xf32>, tensor<3x4x5xf32>
  return
}

// -----

// Tests that outer takes vectors (checked while inferring the result).
func.func @outer_rank(%a: tensor<f32>) {
  // expected-error @+1 {{'symc.outer' op operands must be vectors, got ranks 0 and 0}}
  %0 = symc.outer %a, %a : tensor<f32>, tensor<f32>
  return
}

// -----

// Tests that gemm's op(A) and op(B) must contract, after the transposes.
func.func @gemm_contract(%s: tensor<f32>, %a: tensor<3x4xf32>, %c: tensor<3x3xf32>) {
  // expected-error @+1 {{'symc.gemm' op contracted sizes differ: op(a) has 4 and op(b) has 3}}
  %0 = symc.gemm %s, %a, %a, %s, %c : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x3xf32>
  return
}

// -----

// Tests that gemm's C has op(A)'s rows.
func.func @gemm_rows(%s: tensor<f32>, %a: tensor<3x4xf32>, %c: tensor<4x3xf32>) {
  // expected-error @+1 {{'symc.gemm' op row counts differ: op(a) has 3 and c has 4}}
  %0 = symc.gemm %s, %a, %a, %s, %c {transpose_b} : tensor<3x4xf32>, tensor<3x4xf32>, tensor<4x3xf32>
  return
}

// -----

// Tests that gemm's C has op(B)'s columns.
func.func @gemm_cols(%s: tensor<f32>, %a: tensor<3x4xf32>, %b: tensor<3x5xf32>, %c: tensor<4x4xf32>) {
  // expected-error @+1 {{'symc.gemm' op column counts differ: op(b) has 5 and c has 4}}
  %0 = symc.gemm %s, %a, %b, %s, %c {transpose_a} : tensor<3x4xf32>, tensor<3x5xf32>, tensor<4x4xf32>
  return
}

// -----

// Tests that gemm's alpha has C's element type.
func.func @gemm_alpha(%s: tensor<f64>, %a: tensor<3x3xf32>) {
  // expected-error @+1 {{'symc.gemm' op failed to verify that alpha is a rank-0 tensor of the element type of c}}
  %0 = "symc.gemm"(%s, %a, %a, %s, %a) : (tensor<f64>, tensor<3x3xf32>, tensor<3x3xf32>, tensor<f64>, tensor<3x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

// Tests that gemv's x has op(A)'s columns.
func.func @gemv_contract(%s: tensor<f32>, %a: tensor<3x4xf32>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'symc.gemv' op contracted sizes differ: op(a) has 4 and x has 3}}
  %0 = symc.gemv %s, %a, %x, %s, %x : tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>
  return
}

// -----

// Tests that gemv's y has op(A)'s rows.
func.func @gemv_rows(%s: tensor<f32>, %a: tensor<3x4xf32>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'symc.gemv' op row counts differ: op(a) has 4 and y has 3}}
  %0 = symc.gemv %s, %a, %x, %s, %x {transpose_a} : tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>
  return
}

// -----

// Tests that ger's x has A's rows.
func.func @ger_rows(%s: tensor<f32>, %x: tensor<2xf32>, %a: tensor<3x4xf32>) {
  // expected-error @+1 {{'symc.ger' op row counts differ: x has 2 and a has 3}}
  %0 = symc.ger %s, %x, %x, %a : tensor<2xf32>, tensor<2xf32>, tensor<3x4xf32>
  return
}

// -----

// Tests that ger's y has A's columns.
func.func @ger_cols(%s: tensor<f32>, %x: tensor<3xf32>, %a: tensor<3x4xf32>) {
  // expected-error @+1 {{'symc.ger' op column counts differ: y has 3 and a has 4}}
  %0 = symc.ger %s, %x, %x, %a : tensor<3xf32>, tensor<3xf32>, tensor<3x4xf32>
  return
}

// -----

// Tests that gemm is float only (integer products stay symc.dot).
func.func @gemm_int(%s: tensor<i32>, %a: tensor<3x3xi32>) {
  // expected-error @+1 {{'symc.gemm' op operand #0 must be 0D tensor of 32-bit float or 64-bit float values}}
  %0 = "symc.gemm"(%s, %a, %a, %s, %a) : (tensor<i32>, tensor<3x3xi32>, tensor<3x3xi32>, tensor<i32>, tensor<3x3xi32>) -> tensor<3x3xi32>
  return
}

//===----------------------------------------------------------------------===//
// Shape ops
//===----------------------------------------------------------------------===//

// -----

// Tests that a dimshuffle pattern names input dimensions (generic form).
func.func @dimshuffle_range(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'symc.dimshuffle' op pattern entry 5 is not a dimension of the rank-2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.dimshuffle"(%x) <{pattern = array<i64: 5, 0>}> : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// Tests that a negative pattern entry other than 'x' is rejected (generic form).
func.func @dimshuffle_negative(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{'symc.dimshuffle' op pattern entry -7 is not a dimension of the rank-2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.dimshuffle"(%x) <{pattern = array<i64: -7, 0>}> : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// Tests that the custom syntax accepts only dimensions and 'x'.
func.func @dimshuffle_syntax(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{dimshuffle pattern entries are input dimensions (>= 0) or 'x'}}
  %0 = symc.dimshuffle %x [1, -1] : tensor<2x3xf32>
  return
}

// -----

// Tests that an input dimension appears at most once.
func.func @dimshuffle_twice(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'symc.dimshuffle' op input dimension 0 appears twice in the pattern}}
  %0 = symc.dimshuffle %x [0, 0] : tensor<2x3xf32>
  return
}

// -----

// Tests that only a static size-1 dimension can be dropped.
func.func @dimshuffle_drop(%x: tensor<2x?xf32>) {
  // expected-error @+1 {{'symc.dimshuffle' op input dimension 1 of size ? is dropped, but only static size-1 dimensions can be dropped}}
  %0 = symc.dimshuffle %x [0] : tensor<2x?xf32>
  return
}

// -----

// Tests that a shape operand has a static length (the result rank).
func.func @reshape_dynamic_length(%x: tensor<6xf32>, %s: tensor<?xi64>) {
  // expected-error @+1 {{'symc.reshape' op shape operand must have a static length (the result rank), got 'tensor<?xi64>'}}
  %0 = symc.reshape %x, %s : (tensor<6xf32>, tensor<?xi64>) -> tensor<2x3xf32>
  return
}

// -----

// Tests that the shape operand has one entry per result dimension.
func.func @reshape_length(%x: tensor<6xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'symc.reshape' op shape operand has 2 entries but the result has rank 3}}
  %0 = symc.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<1x2x3xf32>
  return
}

// -----

// Tests that a constant shape holds -1 at most once.
func.func @reshape_two_inferred(%x: tensor<6xf32>) {
  %s = symc.constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error @+1 {{'symc.reshape' op shape may contain -1 at most once}}
  %0 = symc.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return
}

// -----

// Tests that a constant shape holds no negative size other than -1.
func.func @reshape_negative(%x: tensor<6xf32>) {
  %s = symc.constant dense<[3, -2]> : tensor<2xi64>
  // expected-error @+1 {{'symc.reshape' op shape entry 1 is negative (-2)}}
  %0 = symc.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<3x?xf32>
  return
}

// -----

// Tests that static result sizes agree with a constant shape.
func.func @reshape_constant_mismatch(%x: tensor<?xf32>) {
  %s = symc.constant dense<[4, 2]> : tensor<2xi64>
  // expected-error @+1 {{'symc.reshape' op result dimension 0 has static size 3 but the constant shape says 4}}
  %0 = symc.reshape %x, %s : (tensor<?xf32>, tensor<2xi64>) -> tensor<3x?xf32>
  return
}

// -----

// Tests that reshape keeps the element type.
func.func @reshape_element(%x: tensor<6xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'symc.reshape' op element types of input 'tensor<6xf32>' and result 'tensor<2x3xf64>' must match}}
  %0 = symc.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<2x3xf64>
  return
}

// -----

// Tests that reshape keeps the element count when both shapes are static.
func.func @reshape_count(%x: tensor<6xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'symc.reshape' op cannot reshape 6 elements 'tensor<6xf32>' into 8 elements 'tensor<2x4xf32>'}}
  %0 = symc.reshape %x, %s : (tensor<6xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that broadcast_to keeps the element type.
func.func @broadcast_element(%x: tensor<1xf32>, %s: tensor<1xi64>) {
  // expected-error @+1 {{'symc.broadcast_to' op element types of input 'tensor<1xf32>' and result 'tensor<?xi32>' must match}}
  %0 = symc.broadcast_to %x, %s : (tensor<1xf32>, tensor<1xi64>) -> tensor<?xi32>
  return
}

// -----

// Tests that broadcast_to does not change the rank.
func.func @broadcast_rank(%x: tensor<3xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'symc.broadcast_to' op input rank 1 differs from result rank 2: pad the input with size-1 dimensions (symc.dimshuffle) first}}
  %0 = symc.broadcast_to %x, %s : (tensor<3xf32>, tensor<2xi64>) -> tensor<?x3xf32>
  return
}

// -----

// Tests that broadcast_to repeats only static size-1 dimensions.
func.func @broadcast_non_one_dim(%x: tensor<3x1xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{'symc.broadcast_to' op input dimension 0 of size 3 cannot broadcast to size 4 (only static size-1 dimensions broadcast)}}
  %0 = symc.broadcast_to %x, %s : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<4x5xf32>
  return
}

// -----

// Tests that broadcast_to's constant shape has no -1.
func.func @broadcast_inferred(%x: tensor<1xf32>) {
  %s = symc.constant dense<-1> : tensor<1xi64>
  // expected-error @+1 {{'symc.broadcast_to' op shape entry 0 is negative (-1)}}
  %0 = symc.broadcast_to %x, %s : (tensor<1xf32>, tensor<1xi64>) -> tensor<?xf32>
  return
}

// -----

// Tests that concatenate needs an input (generic form).
func.func @concatenate_none() {
  // expected-error @+2 {{'symc.concatenate' op needs at least one input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.concatenate"() <{axis = 0 : i64}> : () -> tensor<1xf32>
  return
}

// -----

// Tests that the concatenation axis is within the rank.
func.func @concatenate_axis(%a: tensor<2xf32>) {
  // expected-error @+1 {{'symc.concatenate' op axis 1 is out of range for inputs of rank 1}}
  %0 = symc.concatenate %a, %a axis = 1 : tensor<2xf32>, tensor<2xf32>
  return
}

// -----

// Tests that concatenated inputs share rank and element type.
func.func @concatenate_types(%a: tensor<2xf32>, %b: tensor<2xf64>) {
  // expected-error @+1 {{'symc.concatenate' op input #1 has type 'tensor<2xf64>' but input #0 has type 'tensor<2xf32>': inputs need one rank and element type}}
  %0 = symc.concatenate %a, %b axis = 0 : tensor<2xf32>, tensor<2xf64>
  return
}

// -----

// Tests that sizes other than the axis agree.
func.func @concatenate_sizes(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{'symc.concatenate' op input #1 has size 4 along dimension 1 but earlier inputs have 3}}
  %0 = symc.concatenate %a, %b axis = 0 : tensor<2x3xf32>, tensor<2x4xf32>
  return
}

// -----

// Tests that concatenate's inputs are ranked tensors.
func.func @concatenate_scalar(%a: f32) {
  // expected-error @+1 {{'symc.concatenate' op input #0 must be a ranked tensor, got 'f32'}}
  %0 = symc.concatenate %a axis = 0 : f32
  return
}

// -----

// Tests that concatenate lists one type per input.
func.func @concatenate_type_count(%a: tensor<2xf32>) {
  // expected-error @+1 {{2 operands present, but expected 1}}
  %0 = symc.concatenate %a, %a axis = 0 : tensor<2xf32>
  return
}

// -----

// Tests that arange's operands and result share an element type.
func.func @arange_types(%a: tensor<i64>, %b: tensor<f32>) {
  // expected-error @+1 {{'symc.arange' op failed to verify that all of {start, stop, step, result} have same element type}}
  %0 = symc.arange %a, %b, %a : tensor<i64>, tensor<f32>, tensor<i64> -> tensor<?xi64>
  return
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

// -----

// Tests that an index list has at most one entry per dimension.
func.func @subtensor_entries(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'symc.subtensor' op has 3 index entries but the input 'tensor<4x4xf32>' has rank 2}}
  %0 = symc.subtensor %x[0, 1, 2] : tensor<4x4xf32>
  return
}

// -----

// Tests that a static integer index must be in bounds.
func.func @subtensor_bounds(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'symc.subtensor' op index 4 is out of bounds for dimension 1 of size 4}}
  %0 = symc.subtensor %x[:, 4] : tensor<4x4xf32>
  return
}

// -----

// Tests that a negative index counts from the end, and must still be in bounds.
func.func @subtensor_negative_bounds(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{'symc.subtensor' op index -5 is out of bounds for dimension 0 of size 4}}
  %0 = symc.subtensor %x[-5] : tensor<4x4xf32>
  return
}

// -----

// Tests that an index list entry is not empty.
func.func @subtensor_empty_entry(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{expected an index or a slice}}
  %0 = symc.subtensor %x[1, ] : tensor<4x4xf32>
  return
}

// -----

// Tests that the custom syntax rejects a zero step.
func.func @subtensor_zero_step(%x: tensor<4xf32>) {
  // expected-error @+1 {{slice step cannot be zero}}
  %0 = symc.subtensor %x[::0] : tensor<4xf32>
  return
}

// -----

// Tests that bounds equal to the encoding's sentinels are rejected.
func.func @subtensor_sentinel(%x: tensor<4xf32>) {
  // expected-error @+1 {{index bound out of range}}
  %0 = symc.subtensor %x[-9223372036854775808:] : tensor<4xf32>
  return
}

// -----

// Tests that a slice needs three static values (generic form).
func.func @subtensor_short_encoding(%x: tensor<4xf32>) {
  // expected-error @+1 {{'symc.subtensor' op index list encoding is malformed: static_indices needs one value per integer entry and three per slice, and one dynamic operand per dynamic bound}}
  %0 = "symc.subtensor"(%x) <{slice_entries = array<i1: true>, static_indices = array<i64: 1>}> : (tensor<4xf32>) -> tensor<3xf32>
  return
}

// -----

// Tests that a dynamic bound needs its operand (generic form).
func.func @subtensor_missing_operand(%x: tensor<4xf32>) {
  // expected-error @+1 {{'symc.subtensor' op index list encoding is malformed: static_indices needs one value per integer entry}}
  %0 = "symc.subtensor"(%x) <{slice_entries = array<i1: false>, static_indices = array<i64: -9223372036854775807>}> : (tensor<4xf32>) -> tensor<f32>
  return
}

// -----

// Tests that every static value and dynamic operand is used (generic form).
func.func @subtensor_extra(%x: tensor<4xf32>, %i: tensor<i64>) {
  // expected-error @+1 {{'symc.subtensor' op index list encoding is malformed: 2 unused static values and 1 unused dynamic operands}}
  %0 = "symc.subtensor"(%x, %i) <{slice_entries = array<i1: false>, static_indices = array<i64: 1, 2, 3>}> : (tensor<4xf32>, tensor<i64>) -> tensor<f32>
  return
}

// -----

// Tests that an integer entry cannot be omitted (generic form).
func.func @subtensor_omitted(%x: tensor<4xf32>) {
  // expected-error @+1 {{'symc.subtensor' op an integer index entry cannot be omitted}}
  %0 = "symc.subtensor"(%x) <{slice_entries = array<i1: false>, static_indices = array<i64: -9223372036854775808>}> : (tensor<4xf32>) -> tensor<f32>
  return
}

// -----

// Tests that a zero step is rejected in the generic form too.
func.func @subtensor_zero_step_generic(%x: tensor<4xf32>) {
  // expected-error @+1 {{'symc.set_subtensor' op slice step cannot be zero}}
  %0 = "symc.set_subtensor"(%x, %x) <{slice_entries = array<i1: true>, static_indices = array<i64: -9223372036854775808, -9223372036854775808, 0>}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that a set value has the input's element type.
func.func @set_element(%x: tensor<4xf32>, %v: tensor<2xf64>) {
  // expected-error @+1 {{'symc.set_subtensor' op value element type 'f64' differs from the input's 'f32'}}
  %0 = symc.set_subtensor %x[1:3], %v : tensor<4xf32>, tensor<2xf64>
  return
}

// -----

// Tests that a set value has the rank of the indexed part.
func.func @set_rank(%x: tensor<4x4xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'symc.inc_subtensor' op value 'tensor<4xf32>' has rank 1 but the indexed part has rank 2 (pad the value with size-1 dimensions first)}}
  %0 = symc.inc_subtensor %x[1:3], %v : tensor<4x4xf32>, tensor<4xf32>
  return
}

// -----

// Tests that a set value broadcasts only along static size-1 dimensions.
func.func @set_broadcast(%x: tensor<4x4xf32>, %v: tensor<3x4xf32>) {
  // expected-error @+1 {{'symc.set_subtensor' op value dimension 0 of size 3 cannot broadcast to the indexed size 2}}
  %0 = symc.set_subtensor %x[1:3], %v : tensor<4x4xf32>, tensor<3x4xf32>
  return
}

// -----

// Tests that the index list of an update is checked like subtensor's.
func.func @set_bounds(%x: tensor<4xf32>, %v: tensor<f32>) {
  // expected-error @+1 {{'symc.set_subtensor' op index 9 is out of bounds for dimension 0 of size 4}}
  %0 = symc.set_subtensor %x[9], %v : tensor<4xf32>, tensor<f32>
  return
}

// -----

// Tests that integer-array indexing needs an index array (generic form).
func.func @advanced_none(%x: tensor<4xf32>) {
  // expected-error @+2 {{'symc.advanced_subtensor' op needs at least one index array}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.advanced_subtensor"(%x) <{positions = array<i64>}> : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Tests that there is one position per index array (generic form).
func.func @advanced_count(%x: tensor<4x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{'symc.advanced_subtensor' op has 2 positions but 1 index arrays}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.advanced_subtensor"(%x, %i) <{positions = array<i64: 0, 1>}> : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

// Tests that positions are dimensions of the input (generic form).
func.func @advanced_range(%x: tensor<4x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{'symc.advanced_subtensor' op positions 2 is out of range for an operand of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.advanced_subtensor"(%x, %i) <{positions = array<i64: 2>}> : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
  return
}

// -----

// Tests that positions are sorted (generic form).
func.func @advanced_sorted(%x: tensor<4x4xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{'symc.advanced_subtensor' op positions must be sorted and unique, got [1, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "symc.advanced_subtensor"(%x, %i, %i) <{positions = array<i64: 1, 0>}> : (tensor<4x4xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

// Tests that index arrays broadcast together by the static size-1 rule.
func.func @advanced_broadcast(%x: tensor<4x4xf32>, %i: tensor<2xi64>, %j: tensor<3xi64>) {
  // expected-error @+1 {{'symc.advanced_subtensor' op operands 'indices[0]' and 'indices[1]' cannot broadcast along dimension 0: sizes 2 and 3 differ}}
  %0 = symc.advanced_subtensor %x[%i, %j] : tensor<4x4xf32>, tensor<2xi64>, tensor<3xi64>
  return
}

// -----

// Tests that index arrays are i64 tensors.
func.func @advanced_index_type(%x: tensor<4xf32>, %i: tensor<2xi32>) {
  // expected-error @+1 {{'symc.advanced_subtensor' op operand #1 must be variadic of ranked tensor of 64-bit signless integer values}}
  %0 = "symc.advanced_subtensor"(%x, %i) <{positions = array<i64: 0>}> : (tensor<4xf32>, tensor<2xi32>) -> tensor<2xf32>
  return
}

// -----

// Tests that an array-indexed update value broadcasts to the indexed part.
func.func @advanced_set_value(%x: tensor<4x3xf32>, %i: tensor<2xi64>, %v: tensor<2x4xf32>) {
  // expected-error @+1 {{'symc.advanced_set_subtensor' op value dimension 1 of size 4 cannot broadcast to the indexed size 3}}
  %0 = symc.advanced_set_subtensor %x[%i], %v : tensor<4x3xf32>, tensor<2x4xf32>, tensor<2xi64>
  return
}

// -----

// Tests that an array-indexed update checks its positions.
func.func @advanced_inc_positions(%x: tensor<4xf32>, %i: tensor<2xi64>, %v: tensor<2xf32>) {
  // expected-error @+1 {{'symc.advanced_inc_subtensor' op positions 1 is out of range for an operand of rank 1}}
  %0 = "symc.advanced_inc_subtensor"(%x, %i, %v) <{positions = array<i64: 1>}> : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
  return
}

//===----------------------------------------------------------------------===//
// Neural-network ops
//===----------------------------------------------------------------------===//

// -----

// Tests that softmax's axis is within the rank.
func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'symc.softmax' op axis 2 is out of range for an input of rank 2}}
  %0 = symc.softmax %x axis = 2 : tensor<2x3xf32>
  return
}

// -----

// Tests that log_softmax rejects a negative axis.
func.func @log_softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'symc.log_softmax' op axis -1 is out of range for an input of rank 2}}
  %0 = symc.log_softmax %x axis = -1 : tensor<2x3xf32>
  return
}

// -----

// Tests that crossentropy's input is a (rows, classes) matrix.
func.func @xent_input_rank(%p: tensor<10xf32>, %y: tensor<10xi64>) {
  // expected-error @+1 {{'symc.categorical_crossentropy' op input must be a (rows, classes) matrix, got 'tensor<10xf32>'}}
  %0 = symc.categorical_crossentropy %p, %y : tensor<10xf32>, tensor<10xi64>
  return
}

// -----

// Tests that a label target is an integer vector.
func.func @xent_label_type(%p: tensor<4x10xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{'symc.categorical_crossentropy' op a rank-1 target holds class labels and must be an integer tensor, got 'tensor<4xf32>'}}
  %0 = symc.categorical_crossentropy %p, %y : tensor<4x10xf32>, tensor<4xf32>
  return
}

// -----

// Tests that there is one label per row.
func.func @xent_label_count(%p: tensor<4x10xf32>, %y: tensor<3xi64>) {
  // expected-error @+1 {{'symc.crossentropy_softmax' op target has 3 labels but the input has 4 rows}}
  %0 = symc.crossentropy_softmax %p, %y : tensor<4x10xf32>, tensor<3xi64>
  return
}

// -----

// Tests that a probability target has the input's element type.
func.func @xent_prob_type(%p: tensor<4x10xf32>, %t: tensor<4x10xf64>) {
  // expected-error @+1 {{'symc.categorical_crossentropy' op a rank-2 target holds probabilities of the input's element type 'f32', got 'tensor<4x10xf64>'}}
  %0 = symc.categorical_crossentropy %p, %t : tensor<4x10xf32>, tensor<4x10xf64>
  return
}

// -----

// Tests that a probability target has the input's shape.
func.func @xent_prob_shape(%p: tensor<4x10xf32>, %t: tensor<4x9xf32>) {
  // expected-error @+1 {{'symc.categorical_crossentropy' op target 'tensor<4x9xf32>' and input 'tensor<4x10xf32>' differ along dimension 1}}
  %0 = symc.categorical_crossentropy %p, %t : tensor<4x10xf32>, tensor<4x9xf32>
  return
}

// -----

// Tests that a target is a label vector or a probability matrix.
func.func @xent_target_rank(%p: tensor<4x10xf32>, %t: tensor<4x10x1xf32>) {
  // expected-error @+1 {{'symc.categorical_crossentropy' op target must be a label vector or a probability matrix, got rank 3}}
  %0 = symc.categorical_crossentropy %p, %t : tensor<4x10xf32>, tensor<4x10x1xf32>
  return
}

// -----

// Tests that the crossentropy gradient's grad_loss has the logits' element type.
func.func @xent_grad_type(%g: tensor<4xf64>, %x: tensor<4x10xf32>, %y: tensor<4xi64>) {
  // expected-error @+1 {{'symc.crossentropy_softmax_grad' op grad_loss and logits must share an element type}}
  %0 = symc.crossentropy_softmax_grad %g, %x, %y : tensor<4xf64>, tensor<4x10xf32>, tensor<4xi64>
  return
}

// -----

// Tests that grad_loss has one value per row.
func.func @xent_grad_rows(%g: tensor<3xf32>, %x: tensor<4x10xf32>, %y: tensor<4xi64>) {
  // expected-error @+1 {{'symc.crossentropy_softmax_grad' op grad_loss has 3 rows but logits have 4}}
  %0 = symc.crossentropy_softmax_grad %g, %x, %y : tensor<3xf32>, tensor<4x10xf32>, tensor<4xi64>
  return
}

// -----

// Tests that the gradient checks its target like the forward op.
func.func @xent_grad_target(%g: tensor<4xf32>, %x: tensor<4x10xf32>, %y: tensor<4xi1>) {
  // expected-error @+1 {{'symc.crossentropy_softmax_grad' op a rank-1 target holds class labels and must be an integer tensor, got 'tensor<4xi1>'}}
  %0 = symc.crossentropy_softmax_grad %g, %x, %y : tensor<4xf32>, tensor<4x10xf32>, tensor<4xi1>
  return
}

// -----

// Tests that conv2d takes rank-4 input and filters (checked while inferring).
func.func @conv_rank(%x: tensor<3x32x32xf32>, %w: tensor<8x3x5x5xf32>) {
  // expected-error @+1 {{'symc.conv2d' op input (N, C, H, W) and filters (F, C, kh, kw) must have rank 4, got ranks 3 and 4}}
  %0 = symc.conv2d %x, %w border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1] : tensor<3x32x32xf32>, tensor<8x3x5x5xf32>
  return
}

// -----

// Tests that conv2d's attribute arrays have two entries.
func.func @conv_attr_length(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x5x5xf32>) {
  // expected-error @+1 {{'symc.conv2d' op padding, strides and dilation need two entries each (rows, columns), got 2, 1 and 2}}
  %0 = symc.conv2d %x, %w border_mode = valid padding = [0, 0] strides = [1] dilation = [1, 1] : tensor<1x3x32x32xf32>, tensor<8x3x5x5xf32>
  return
}

// -----

// Tests that conv2d's strides are positive.
func.func @conv_stride(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x5x5xf32>) {
  // expected-error @+1 {{'symc.conv2d' op strides and dilation must be >= 1}}
  %0 = symc.conv2d %x, %w border_mode = valid padding = [0, 0] strides = [0, 1] dilation = [1, 1] : tensor<1x3x32x32xf32>, tensor<8x3x5x5xf32>
  return
}

// -----

// Tests that conv2d's explicit padding is not negative.
func.func @conv_padding(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x5x5xf32>) {
  // expected-error @+1 {{'symc.conv2d' op padding must be >= 0}}
  %0 = symc.conv2d %x, %w border_mode = explicit padding = [-1, 0] strides = [1, 1] dilation = [1, 1] : tensor<1x3x32x32xf32>, tensor<8x3x5x5xf32>
  return
}

// -----

// Tests that the input channels match the filters'.
func.func @conv_channels(%x: tensor<1x4x32x32xf32>, %w: tensor<8x3x5x5xf32>) {
  // expected-error @+1 {{'symc.conv2d' op input has 4 channels but the filters expect 3}}
  %0 = symc.conv2d %x, %w border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1] : tensor<1x4x32x32xf32>, tensor<8x3x5x5xf32>
  return
}

// -----

// Tests that a filter window has at least one element.
func.func @conv_empty_kernel(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x0x5xf32>) {
  // expected-error @+1 {{'symc.conv2d' op filters have size 0 along dimension 2: a window needs at least one element}}
  %0 = symc.conv2d %x, %w border_mode = full padding = [0, 0] strides = [1, 1] dilation = [1, 1] : tensor<1x3x32x32xf32>, tensor<8x3x0x5xf32>
  return
}

// -----

// Tests that the conv2d gradients check their attributes.
func.func @conv_grad_dilation(%dy: tensor<1x8x28x28xf32>, %w: tensor<8x3x5x5xf32>, %s: tensor<4xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_input' op strides and dilation must be >= 1}}
  %0 = symc.conv2d_grad_input %dy, %w, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 0]
      : (tensor<1x8x28x28xf32>, tensor<8x3x5x5xf32>, tensor<4xi64>) -> tensor<1x3x32x32xf32>
  return
}

// -----

// Tests that a conv2d gradient's shape operand has four entries.
func.func @conv_grad_shape(%dy: tensor<1x8x28x28xf32>, %w: tensor<8x3x5x5xf32>, %s: tensor<3xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_input' op shape operand must be a tensor<4xi64>, got 'tensor<3xi64>'}}
  %0 = symc.conv2d_grad_input %dy, %w, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : (tensor<1x8x28x28xf32>, tensor<8x3x5x5xf32>, tensor<3xi64>) -> tensor<1x3x32x32xf32>
  return
}

// -----

// Tests that grad_output has one channel per filter.
func.func @conv_grad_input_channels(%dy: tensor<1x6x28x28xf32>, %w: tensor<8x3x5x5xf32>, %s: tensor<4xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_input' op grad_output has 6 channels but there are 8 filters}}
  %0 = symc.conv2d_grad_input %dy, %w, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : (tensor<1x6x28x28xf32>, tensor<8x3x5x5xf32>, tensor<4xi64>) -> tensor<1x3x32x32xf32>
  return
}

// -----

// Tests that the input gradient has the filters' input channels.
func.func @conv_grad_input_result(%dy: tensor<1x8x28x28xf32>, %w: tensor<8x3x5x5xf32>, %s: tensor<4xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_input' op result has 4 channels but the filters expect 3}}
  %0 = symc.conv2d_grad_input %dy, %w, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : (tensor<1x8x28x28xf32>, tensor<8x3x5x5xf32>, tensor<4xi64>) -> tensor<1x4x32x32xf32>
  return
}

// -----

// Tests that the input gradient has grad_output's batch size.
func.func @conv_grad_input_batch(%dy: tensor<2x8x28x28xf32>, %w: tensor<8x3x5x5xf32>, %s: tensor<4xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_input' op result batch size 1 differs from grad_output's 2}}
  %0 = symc.conv2d_grad_input %dy, %w, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : (tensor<2x8x28x28xf32>, tensor<8x3x5x5xf32>, tensor<4xi64>) -> tensor<1x3x32x32xf32>
  return
}

// -----

// Tests that the filter gradient has one filter per grad_output channel.
func.func @conv_grad_filters_count(%x: tensor<1x3x32x32xf32>, %dy: tensor<1x8x28x28xf32>, %s: tensor<4xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_filters' op result has 6 filters but grad_output has 8 channels}}
  %0 = symc.conv2d_grad_filters %x, %dy, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : (tensor<1x3x32x32xf32>, tensor<1x8x28x28xf32>, tensor<4xi64>) -> tensor<6x3x5x5xf32>
  return
}

// -----

// Tests that the filter gradient has the input's channels.
func.func @conv_grad_filters_channels(%x: tensor<1x3x32x32xf32>, %dy: tensor<1x8x28x28xf32>, %s: tensor<4xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_filters' op result expects 4 input channels but the input has 3}}
  %0 = symc.conv2d_grad_filters %x, %dy, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : (tensor<1x3x32x32xf32>, tensor<1x8x28x28xf32>, tensor<4xi64>) -> tensor<8x4x5x5xf32>
  return
}

// -----

// Tests that the filter gradient's input and grad_output share a batch size.
func.func @conv_grad_filters_batch(%x: tensor<2x3x32x32xf32>, %dy: tensor<1x8x28x28xf32>, %s: tensor<4xi64>) {
  // expected-error @+1 {{'symc.conv2d_grad_filters' op input batch size 2 differs from grad_output's 1}}
  %0 = symc.conv2d_grad_filters %x, %dy, %s border_mode = valid padding = [0, 0] strides = [1, 1] dilation = [1, 1]
      : (tensor<2x3x32x32xf32>, tensor<1x8x28x28xf32>, tensor<4xi64>) -> tensor<8x3x5x5xf32>
  return
}

// -----

// Tests that pool2d's attribute arrays have two entries.
func.func @pool_attr_length(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'symc.pool2d' op window, strides and padding need two entries each (rows, columns), got 3, 2 and 2}}
  %0 = symc.pool2d %x mode = max window = [2, 2, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<1x1x8x8xf32>
  return
}

// -----

// Tests that pool2d's window is not empty.
func.func @pool_window(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'symc.pool2d' op window and strides must be >= 1}}
  %0 = symc.pool2d %x mode = max window = [0, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<1x1x8x8xf32>
  return
}

// -----

// Tests that pool2d's padding is smaller than the window.
func.func @pool_padding(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'symc.pool2d' op padding must be in [0, window) along each dimension}}
  %0 = symc.pool2d %x mode = average_inc_pad window = [2, 2] strides = [2, 2] padding = [2, 0] ignore_border : tensor<1x1x8x8xf32>
  return
}

// -----

// Tests that pool2d pads only with ignore_border (Theano's rule).
func.func @pool_padding_border(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+1 {{'symc.pool2d' op padding requires ignore_border (Theano's rule)}}
  %0 = symc.pool2d %x mode = max window = [2, 2] strides = [2, 2] padding = [1, 1] : tensor<1x1x8x8xf32>
  return
}

// -----

// Tests that pool2d pools the last two dimensions of a rank >= 2 input.
func.func @pool_rank(%x: tensor<8xf32>) {
  // expected-error @+1 {{'symc.pool2d' op input must have rank >= 2, got 'tensor<8xf32>'}}
  %0 = symc.pool2d %x mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border : tensor<8xf32>
  return
}

// -----

// Tests that pool2d_grad checks its attributes.
func.func @pool_grad_strides(%x: tensor<1x1x8x8xf32>, %dy: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'symc.pool2d_grad' op window and strides must be >= 1}}
  %0 = symc.pool2d_grad %x, %dy mode = max window = [2, 2] strides = [2, -2] padding = [0, 0] ignore_border
      : tensor<1x1x8x8xf32>, tensor<1x1x4x4xf32>
  return
}

// -----

// Tests that pool2d_grad's grad_output has the input's rank.
func.func @pool_grad_rank(%x: tensor<1x1x8x8xf32>, %dy: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'symc.pool2d_grad' op grad_output rank 3 differs from the input rank 4}}
  %0 = symc.pool2d_grad %x, %dy mode = max window = [2, 2] strides = [2, 2] padding = [0, 0] ignore_border
      : tensor<1x1x8x8xf32>, tensor<1x4x4xf32>
  return
}

// -----

// Tests that pool2d_grad's grad_output has the forward result's shape.
func.func @pool_grad_shape(%x: tensor<1x1x9x8xf32>, %dy: tensor<1x1x4x4xf32>) {
  // expected-error @+1 {{'symc.pool2d_grad' op grad_output dimension 2 has size 4 but the pooled input gives 5}}
  %0 = symc.pool2d_grad %x, %dy mode = sum window = [2, 2] strides = [2, 2] padding = [0, 0]
      : tensor<1x1x9x8xf32>, tensor<1x1x4x4xf32>
  return
}

// -----

// Tests that an assert's conditions are rank-0 bools.
func.func @assert_condition_rank(%x: tensor<?xf64>, %c: tensor<2xi1>) {
  // expected-error @+1 {{'symc.assert' op operand #1 must be variadic of 0D tensor of 1-bit signless integer values}}
  %0 = symc.assert "m" %x, %c : tensor<?xf64>, tensor<2xi1>
  return
}

// -----

// Tests that an assert's conditions are bools, not numbers.
func.func @assert_condition_type(%x: tensor<?xf64>, %c: tensor<f64>) {
  // expected-error @+1 {{'symc.assert' op operand #1 must be variadic of 0D tensor of 1-bit signless integer values}}
  %0 = symc.assert "m" %x, %c : tensor<?xf64>, tensor<f64>
  return
}

// -----

// Tests that an assert's result has its value's type.
func.func @assert_result_type(%x: tensor<?xf64>, %c: tensor<i1>) {
  // expected-error @+1 {{'symc.assert' op failed to verify that all of {value, result} have same type}}
  %0 = "symc.assert"(%x, %c) <{message = "m"}> : (tensor<?xf64>, tensor<i1>) -> tensor<3xf64>
  return
}
