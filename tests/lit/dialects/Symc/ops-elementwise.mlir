// RUN: symc-opt %s --split-input-file | symc-opt --split-input-file | FileCheck %s
// RUN: symc-opt %s --split-input-file --mlir-print-op-generic | symc-opt --split-input-file | FileCheck %s

// Round trip of the elementwise family: unary math, predicates, binary
// arithmetic with static size-1 broadcasting, comparisons, select, clip and
// cast. Result types are inferred, so the printed form names operand types only.

// Tests that every unary op on any numeric type prints as `op %x : type`.
// CHECK-LABEL: func.func @numeric_unary
// CHECK-SAME:    (%[[X:.*]]: tensor<?x4xi32>)
// CHECK:         %[[NEG:.*]] = symc.neg %[[X]] : tensor<?x4xi32>
// CHECK:         %[[ABS:.*]] = symc.abs %[[NEG]] : tensor<?x4xi32>
// CHECK:         %[[SIGN:.*]] = symc.sign %[[ABS]] : tensor<?x4xi32>
// CHECK:         %[[SQR:.*]] = symc.sqr %[[SIGN]] : tensor<?x4xi32>
// CHECK:         %[[NOT:.*]] = symc.not %[[SQR]] : tensor<?x4xi32>
// CHECK:         return %[[NOT]]
func.func @numeric_unary(%x: tensor<?x4xi32>) -> tensor<?x4xi32> {
  %0 = symc.neg %x : tensor<?x4xi32>
  %1 = symc.abs %0 : tensor<?x4xi32>
  %2 = symc.sign %1 : tensor<?x4xi32>
  %3 = symc.sqr %2 : tensor<?x4xi32>
  %4 = symc.not %3 : tensor<?x4xi32>
  return %4 : tensor<?x4xi32>
}

// -----

// Tests that every float unary op round-trips, on a rank-0 (scalar) tensor.
// CHECK-LABEL: func.func @float_unary
// CHECK-SAME:    (%[[X:.*]]: tensor<f64>)
// CHECK:         %[[V0:.*]] = symc.exp %[[X]] : tensor<f64>
// CHECK-NEXT:    %[[V1:.*]] = symc.expm1 %[[V0]] : tensor<f64>
// CHECK-NEXT:    %[[V2:.*]] = symc.log %[[V1]] : tensor<f64>
// CHECK-NEXT:    %[[V3:.*]] = symc.log1p %[[V2]] : tensor<f64>
// CHECK-NEXT:    %[[V4:.*]] = symc.log2 %[[V3]] : tensor<f64>
// CHECK-NEXT:    %[[V5:.*]] = symc.log10 %[[V4]] : tensor<f64>
// CHECK-NEXT:    %[[V6:.*]] = symc.log1mexp %[[V5]] : tensor<f64>
// CHECK-NEXT:    %[[V7:.*]] = symc.sqrt %[[V6]] : tensor<f64>
// CHECK-NEXT:    %[[V8:.*]] = symc.reciprocal %[[V7]] : tensor<f64>
// CHECK-NEXT:    %[[V9:.*]] = symc.floor %[[V8]] : tensor<f64>
// CHECK-NEXT:    %[[V10:.*]] = symc.ceil %[[V9]] : tensor<f64>
// CHECK-NEXT:    %[[V11:.*]] = symc.round %[[V10]] : tensor<f64>
// CHECK-NEXT:    %[[V12:.*]] = symc.sin %[[V11]] : tensor<f64>
// CHECK-NEXT:    %[[V13:.*]] = symc.cos %[[V12]] : tensor<f64>
// CHECK-NEXT:    %[[V14:.*]] = symc.tan %[[V13]] : tensor<f64>
// CHECK-NEXT:    %[[V15:.*]] = symc.asin %[[V14]] : tensor<f64>
// CHECK-NEXT:    %[[V16:.*]] = symc.acos %[[V15]] : tensor<f64>
// CHECK-NEXT:    %[[V17:.*]] = symc.atan %[[V16]] : tensor<f64>
// CHECK-NEXT:    %[[V18:.*]] = symc.sinh %[[V17]] : tensor<f64>
// CHECK-NEXT:    %[[V19:.*]] = symc.cosh %[[V18]] : tensor<f64>
// CHECK-NEXT:    %[[V20:.*]] = symc.tanh %[[V19]] : tensor<f64>
// CHECK-NEXT:    %[[V21:.*]] = symc.asinh %[[V20]] : tensor<f64>
// CHECK-NEXT:    %[[V22:.*]] = symc.acosh %[[V21]] : tensor<f64>
// CHECK-NEXT:    %[[V23:.*]] = symc.atanh %[[V22]] : tensor<f64>
// CHECK-NEXT:    %[[V24:.*]] = symc.erf %[[V23]] : tensor<f64>
// CHECK-NEXT:    %[[V25:.*]] = symc.erfc %[[V24]] : tensor<f64>
// CHECK-NEXT:    %[[V26:.*]] = symc.sigmoid %[[V25]] : tensor<f64>
// CHECK-NEXT:    %[[V27:.*]] = symc.softplus %[[V26]] : tensor<f64>
// CHECK-NEXT:    return %[[V27]]
func.func @float_unary(%x: tensor<f64>) -> tensor<f64> {
  %0 = symc.exp %x : tensor<f64>
  %1 = symc.expm1 %0 : tensor<f64>
  %2 = symc.log %1 : tensor<f64>
  %3 = symc.log1p %2 : tensor<f64>
  %4 = symc.log2 %3 : tensor<f64>
  %5 = symc.log10 %4 : tensor<f64>
  %6 = symc.log1mexp %5 : tensor<f64>
  %7 = symc.sqrt %6 : tensor<f64>
  %8 = symc.reciprocal %7 : tensor<f64>
  %9 = symc.floor %8 : tensor<f64>
  %10 = symc.ceil %9 : tensor<f64>
  %11 = symc.round %10 : tensor<f64>
  %12 = symc.sin %11 : tensor<f64>
  %13 = symc.cos %12 : tensor<f64>
  %14 = symc.tan %13 : tensor<f64>
  %15 = symc.asin %14 : tensor<f64>
  %16 = symc.acos %15 : tensor<f64>
  %17 = symc.atan %16 : tensor<f64>
  %18 = symc.sinh %17 : tensor<f64>
  %19 = symc.cosh %18 : tensor<f64>
  %20 = symc.tanh %19 : tensor<f64>
  %21 = symc.asinh %20 : tensor<f64>
  %22 = symc.acosh %21 : tensor<f64>
  %23 = symc.atanh %22 : tensor<f64>
  %24 = symc.erf %23 : tensor<f64>
  %25 = symc.erfc %24 : tensor<f64>
  %26 = symc.sigmoid %25 : tensor<f64>
  %27 = symc.softplus %26 : tensor<f64>
  return %27 : tensor<f64>
}

// -----

// Tests that isnan/isinf infer a bool result of the operand's shape.
// CHECK-LABEL: func.func @predicates
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1xf32>, %[[I:.*]]: tensor<3xui8>)
// CHECK:         %[[N:.*]] = symc.isnan %[[X]] : tensor<?x1xf32>
// CHECK:         %[[F:.*]] = symc.isinf %[[I]] : tensor<3xui8>
// CHECK:         return %[[N]], %[[F]] : tensor<?x1xi1>, tensor<3xi1>
func.func @predicates(%x: tensor<?x1xf32>, %i: tensor<3xui8>) -> (tensor<?x1xi1>, tensor<3xi1>) {
  %0 = symc.isnan %x : tensor<?x1xf32>
  %1 = symc.isinf %i : tensor<3xui8>
  return %0, %1 : tensor<?x1xi1>, tensor<3xi1>
}

// -----

// Tests that binary ops print one type when both operands share it and two
// otherwise, and that broadcasting along static 1s infers the result shape.
// CHECK-LABEL: func.func @arith_binary
// CHECK-SAME:    (%[[A:.*]]: tensor<?x4xf32>, %[[B:.*]]: tensor<1x4xf32>, %[[C:.*]]: tensor<3x1xf32>)
// CHECK:         %[[ADD:.*]] = symc.add %[[A]], %[[B]] : tensor<?x4xf32>, tensor<1x4xf32>
// CHECK:         %[[SUB:.*]] = symc.sub %[[ADD]], %[[A]] : tensor<?x4xf32>
// CHECK:         %[[MUL:.*]] = symc.mul %[[B]], %[[C]] : tensor<1x4xf32>, tensor<3x1xf32>
// CHECK:         %[[DIV:.*]] = symc.div %[[MUL]], %[[B]] : tensor<3x4xf32>, tensor<1x4xf32>
// CHECK:         %[[FDIV:.*]] = symc.floordiv %[[DIV]], %[[C]] : tensor<3x4xf32>, tensor<3x1xf32>
// CHECK:         %[[MOD:.*]] = symc.mod %[[FDIV]], %[[C]] : tensor<3x4xf32>, tensor<3x1xf32>
// CHECK:         %[[POW:.*]] = symc.pow %[[MOD]], %[[B]] : tensor<3x4xf32>, tensor<1x4xf32>
// CHECK:         %[[MAX:.*]] = symc.maximum %[[POW]], %[[B]] : tensor<3x4xf32>, tensor<1x4xf32>
// CHECK:         %[[MIN:.*]] = symc.minimum %[[MAX]], %[[B]] : tensor<3x4xf32>, tensor<1x4xf32>
// CHECK:         %[[ATAN2:.*]] = symc.atan2 %[[MIN]], %[[B]] : tensor<3x4xf32>, tensor<1x4xf32>
// CHECK:         %[[BCE:.*]] = symc.binary_crossentropy %[[ATAN2]], %[[B]] : tensor<3x4xf32>, tensor<1x4xf32>
// CHECK:         return %[[SUB]], %[[BCE]] : tensor<?x4xf32>, tensor<3x4xf32>
func.func @arith_binary(%a: tensor<?x4xf32>, %b: tensor<1x4xf32>, %c: tensor<3x1xf32>) -> (tensor<?x4xf32>, tensor<3x4xf32>) {
  %0 = symc.add %a, %b : tensor<?x4xf32>, tensor<1x4xf32>
  %1 = symc.sub %0, %a : tensor<?x4xf32>
  %2 = symc.mul %b, %c : tensor<1x4xf32>, tensor<3x1xf32>
  %3 = symc.div %2, %b : tensor<3x4xf32>, tensor<1x4xf32>
  %4 = symc.floordiv %3, %c : tensor<3x4xf32>, tensor<3x1xf32>
  %5 = symc.mod %4, %c : tensor<3x4xf32>, tensor<3x1xf32>
  %6 = symc.pow %5, %b : tensor<3x4xf32>, tensor<1x4xf32>
  %7 = symc.maximum %6, %b : tensor<3x4xf32>, tensor<1x4xf32>
  %8 = symc.minimum %7, %b : tensor<3x4xf32>, tensor<1x4xf32>
  %9 = symc.atan2 %8, %b : tensor<3x4xf32>, tensor<1x4xf32>
  %10 = symc.binary_crossentropy %9, %b : tensor<3x4xf32>, tensor<1x4xf32>
  return %1, %10 : tensor<?x4xf32>, tensor<3x4xf32>
}

// -----

// Tests that the bitwise/logical ops round-trip on bools and on unsigned bytes.
// CHECK-LABEL: func.func @logical
// CHECK-SAME:    (%[[P:.*]]: tensor<?xi1>, %[[Q:.*]]: tensor<1xi1>, %[[U:.*]]: tensor<8xui8>)
// CHECK:         %[[AND:.*]] = symc.and %[[P]], %[[Q]] : tensor<?xi1>, tensor<1xi1>
// CHECK:         %[[OR:.*]] = symc.or %[[AND]], %[[Q]] : tensor<?xi1>, tensor<1xi1>
// CHECK:         %[[XOR:.*]] = symc.xor %[[OR]], %[[P]] : tensor<?xi1>
// CHECK:         %[[BYTES:.*]] = symc.xor %[[U]], %[[U]] : tensor<8xui8>
// CHECK:         return %[[XOR]], %[[BYTES]]
func.func @logical(%p: tensor<?xi1>, %q: tensor<1xi1>, %u: tensor<8xui8>) -> (tensor<?xi1>, tensor<8xui8>) {
  %0 = symc.and %p, %q : tensor<?xi1>, tensor<1xi1>
  %1 = symc.or %0, %q : tensor<?xi1>, tensor<1xi1>
  %2 = symc.xor %1, %p : tensor<?xi1>
  %3 = symc.xor %u, %u : tensor<8xui8>
  return %2, %3 : tensor<?xi1>, tensor<8xui8>
}

// -----

// Tests that comparisons infer a bool result with the broadcast shape.
// CHECK-LABEL: func.func @compare
// CHECK-SAME:    (%[[A:.*]]: tensor<?x1xi64>, %[[B:.*]]: tensor<1x5xi64>)
// CHECK:         %[[EQ:.*]] = symc.eq %[[A]], %[[B]] : tensor<?x1xi64>, tensor<1x5xi64>
// CHECK:         %[[NE:.*]] = symc.ne %[[A]], %[[B]] : tensor<?x1xi64>, tensor<1x5xi64>
// CHECK:         %[[LT:.*]] = symc.lt %[[A]], %[[B]] : tensor<?x1xi64>, tensor<1x5xi64>
// CHECK:         %[[LE:.*]] = symc.le %[[A]], %[[B]] : tensor<?x1xi64>, tensor<1x5xi64>
// CHECK:         %[[GT:.*]] = symc.gt %[[A]], %[[B]] : tensor<?x1xi64>, tensor<1x5xi64>
// CHECK:         %[[GE:.*]] = symc.ge %[[A]], %[[A]] : tensor<?x1xi64>
// CHECK:         return %[[EQ]], %[[NE]], %[[LT]], %[[LE]], %[[GT]], %[[GE]] : tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x1xi1>
func.func @compare(%a: tensor<?x1xi64>, %b: tensor<1x5xi64>) -> (tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x1xi1>) {
  %0 = symc.eq %a, %b : tensor<?x1xi64>, tensor<1x5xi64>
  %1 = symc.ne %a, %b : tensor<?x1xi64>, tensor<1x5xi64>
  %2 = symc.lt %a, %b : tensor<?x1xi64>, tensor<1x5xi64>
  %3 = symc.le %a, %b : tensor<?x1xi64>, tensor<1x5xi64>
  %4 = symc.gt %a, %b : tensor<?x1xi64>, tensor<1x5xi64>
  %5 = symc.ge %a, %a : tensor<?x1xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x5xi1>, tensor<?x1xi1>
}

// -----

// Tests that select and clip take three broadcasting operands, or one shared type.
// CHECK-LABEL: func.func @ternary
// CHECK-SAME:    (%[[C:.*]]: tensor<?x1xi1>, %[[A:.*]]: tensor<1x3xf32>, %[[B:.*]]: tensor<1x1xf32>)
// CHECK:         %[[SEL:.*]] = symc.select %[[C]], %[[A]], %[[B]] : tensor<?x1xi1>, tensor<1x3xf32>, tensor<1x1xf32>
// CHECK:         %[[CLIP:.*]] = symc.clip %[[SEL]], %[[B]], %[[B]] : tensor<?x3xf32>, tensor<1x1xf32>, tensor<1x1xf32>
// CHECK:         %[[SAME:.*]] = symc.clip %[[B]], %[[B]], %[[B]] : tensor<1x1xf32>
// CHECK:         return %[[CLIP]], %[[SAME]] : tensor<?x3xf32>, tensor<1x1xf32>
func.func @ternary(%c: tensor<?x1xi1>, %a: tensor<1x3xf32>, %b: tensor<1x1xf32>) -> (tensor<?x3xf32>, tensor<1x1xf32>) {
  %0 = symc.select %c, %a, %b : tensor<?x1xi1>, tensor<1x3xf32>, tensor<1x1xf32>
  %1 = symc.clip %0, %b, %b : tensor<?x3xf32>, tensor<1x1xf32>, tensor<1x1xf32>
  %2 = symc.clip %b, %b, %b : tensor<1x1xf32>
  return %1, %2 : tensor<?x3xf32>, tensor<1x1xf32>
}

// -----

// Tests that cast spells its source and target types.
// CHECK-LABEL: func.func @cast
// CHECK-SAME:    (%[[X:.*]]: tensor<?x2xi32>)
// CHECK:         %[[F:.*]] = symc.cast %[[X]] : tensor<?x2xi32> to tensor<?x2xf64>
// CHECK:         %[[B:.*]] = symc.cast %[[F]] : tensor<?x2xf64> to tensor<?x2xi1>
// CHECK:         %[[U:.*]] = symc.cast %[[B]] : tensor<?x2xi1> to tensor<?x2xui8>
// CHECK:         return %[[U]]
func.func @cast(%x: tensor<?x2xi32>) -> tensor<?x2xui8> {
  %0 = symc.cast %x : tensor<?x2xi32> to tensor<?x2xf64>
  %1 = symc.cast %0 : tensor<?x2xf64> to tensor<?x2xi1>
  %2 = symc.cast %1 : tensor<?x2xi1> to tensor<?x2xui8>
  return %2 : tensor<?x2xui8>
}

// -----

// Tests that a declared result type less static than the inferred one (as a
// rewrite may leave it) is kept and spelled with a trailing `-> type`, and
// that the trailing type is not printed when it equals the inferred one.
// CHECK-LABEL: func.func @less_static_result
// CHECK-SAME:    (%[[A:.*]]: tensor<4xf32>)
// CHECK:         %[[R:.*]] = symc.add %[[A]], %[[A]] : tensor<4xf32> -> tensor<?xf32>
// CHECK:         %[[S:.*]] = symc.mul %[[A]], %[[A]] : tensor<4xf32>{{$}}
// CHECK:         %[[N:.*]] = symc.isnan %[[A]] : tensor<4xf32> -> tensor<?xi1>
// CHECK:         return %[[R]], %[[S]], %[[N]] : tensor<?xf32>, tensor<4xf32>, tensor<?xi1>
func.func @less_static_result(%a: tensor<4xf32>) -> (tensor<?xf32>, tensor<4xf32>, tensor<?xi1>) {
  %0 = "symc.add"(%a, %a) : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
  %1 = symc.mul %a, %a : tensor<4xf32> -> tensor<4xf32>
  %2 = symc.isnan %a : tensor<4xf32> -> tensor<?xi1>
  return %0, %1, %2 : tensor<?xf32>, tensor<4xf32>, tensor<?xi1>
}

// -----

// Tests that tanh_grad is a broadcasting float binary op (y first, then g).
// CHECK-LABEL: func.func @tanh_grad
// CHECK-SAME:    (%[[Y:.*]]: tensor<?x4xf64>, %[[G:.*]]: tensor<1x4xf64>)
// CHECK:         %[[R:.*]] = symc.tanh_grad %[[Y]], %[[G]] : tensor<?x4xf64>, tensor<1x4xf64>
// CHECK:         return %[[R]] : tensor<?x4xf64>
func.func @tanh_grad(%y: tensor<?x4xf64>, %g: tensor<1x4xf64>) -> tensor<?x4xf64> {
  %0 = symc.tanh_grad %y, %g : tensor<?x4xf64>, tensor<1x4xf64>
  return %0 : tensor<?x4xf64>
}
