// RUN: symc-opt %s --split-input-file --canonicalize | FileCheck %s

// The folders of the symc ops: constant folding (checked against NumPy's
// results: Python floor division and modulo, integer wrap-around, unsigned
// ui8 arithmetic, comparisons with NaN, casts) and identities, each with a
// case where the fold must not apply.

// Tests that float unary ops fold elementwise; round is half to even and
// NaN propagates.
// CHECK-LABEL: func.func @rounding
// CHECK-DAG:     %[[ROUND:.*]] = symc.constant dense<[-2.000000e+00, -0.000000e+00, 0.000000e+00, 2.000000e+00, 2.000000e+00, 0x7FF8000000000000]> : tensor<6xf64>
// CHECK-DAG:     %[[FLOOR:.*]] = symc.constant dense<[-3.000000e+00, -1.000000e+00, 0.000000e+00, 1.000000e+00, 2.000000e+00, 0x7FF8000000000000]> : tensor<6xf64>
// CHECK-DAG:     %[[CEIL:.*]] = symc.constant dense<[-2.000000e+00, -0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00, 0x7FF8000000000000]> : tensor<6xf64>
// CHECK-DAG:     %[[SIGN:.*]] = symc.constant dense<[-1.000000e+00, -1.000000e+00, 1.000000e+00, 1.000000e+00, 1.000000e+00, 0x7FF8000000000000]> : tensor<6xf64>
// CHECK-DAG:     %[[ABS:.*]] = symc.constant dense<[2.500000e+00, 5.000000e-01, 5.000000e-01, 1.500000e+00, 2.500000e+00, 0x7FF8000000000000]> : tensor<6xf64>
// CHECK-NOT:     symc.round
// CHECK:         return %[[ROUND]], %[[FLOOR]], %[[CEIL]], %[[SIGN]], %[[ABS]]
func.func @rounding() -> (tensor<6xf64>, tensor<6xf64>, tensor<6xf64>, tensor<6xf64>, tensor<6xf64>) {
  %x = symc.constant dense<[-2.5, -0.5, 0.5, 1.5, 2.5, 0x7FF8000000000000]> : tensor<6xf64>
  %0 = symc.round %x : tensor<6xf64>
  %1 = symc.floor %x : tensor<6xf64>
  %2 = symc.ceil %x : tensor<6xf64>
  %3 = symc.sign %x : tensor<6xf64>
  %4 = symc.abs %x : tensor<6xf64>
  return %0, %1, %2, %3, %4 : tensor<6xf64>, tensor<6xf64>, tensor<6xf64>, tensor<6xf64>, tensor<6xf64>
}

// -----

// Tests that every float math op folds to the value NumPy/libm gives.
// CHECK-LABEL: func.func @math
// CHECK-DAG:     %[[EXP:.*]] = symc.constant dense<1.6487212707001282> : tensor<f64>
// CHECK-DAG:     %[[EXPM1:.*]] = symc.constant dense<0.64872127070012819> : tensor<f64>
// CHECK-DAG:     %[[LOG:.*]] = symc.constant dense<0.69314718055994529> : tensor<f64>
// CHECK-DAG:     %[[LOG1P:.*]] = symc.constant dense<0.40546510810816438> : tensor<f64>
// CHECK-DAG:     %[[LOG2:.*]] = symc.constant dense<1.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[LOG10:.*]] = symc.constant dense<0.3010299956639812> : tensor<f64>
// CHECK-DAG:     %[[LOG1MEXP:.*]] = symc.constant dense<-0.45867514538708193> : tensor<f64>
// CHECK-DAG:     %[[SQRT:.*]] = symc.constant dense<1.4142135623730951> : tensor<f64>
// CHECK-DAG:     %[[RECIP:.*]] = symc.constant dense<5.000000e-01> : tensor<f64>
// CHECK-DAG:     %[[SIN:.*]] = symc.constant dense<0.47942553860420301> : tensor<f64>
// CHECK-DAG:     %[[COS:.*]] = symc.constant dense<0.87758256189037276> : tensor<f64>
// CHECK-DAG:     %[[TAN:.*]] = symc.constant dense<0.54630248984379048> : tensor<f64>
// CHECK-DAG:     %[[ASIN:.*]] = symc.constant dense<0.52359877559829893> : tensor<f64>
// CHECK-DAG:     %[[ACOS:.*]] = symc.constant dense<1.0471975511965979> : tensor<f64>
// CHECK-DAG:     %[[ATAN:.*]] = symc.constant dense<0.46364760900080609> : tensor<f64>
// CHECK-DAG:     %[[SINH:.*]] = symc.constant dense<0.52109530549374738> : tensor<f64>
// CHECK-DAG:     %[[COSH:.*]] = symc.constant dense<1.1276259652063807> : tensor<f64>
// CHECK-DAG:     %[[TANH:.*]] = symc.constant dense<0.46211715726000974> : tensor<f64>
// CHECK-DAG:     %[[ASINH:.*]] = symc.constant dense<0.48121182505960347> : tensor<f64>
// CHECK-DAG:     %[[ACOSH:.*]] = symc.constant dense<1.3169578969248166> : tensor<f64>
// CHECK-DAG:     %[[ATANH:.*]] = symc.constant dense<0.54930614433405478> : tensor<f64>
// CHECK-DAG:     %[[ERF:.*]] = symc.constant dense<0.52049987781304652> : tensor<f64>
// CHECK-DAG:     %[[ERFC:.*]] = symc.constant dense<0.47950012218695348> : tensor<f64>
// CHECK-DAG:     %[[SIGMOID:.*]] = symc.constant dense<0.2689414213699951> : tensor<f64>
// CHECK:         return %[[EXP]], %[[EXPM1]], %[[LOG]], %[[LOG1P]], %[[LOG2]], %[[LOG10]], %[[LOG1MEXP]], %[[SQRT]], %[[RECIP]], %[[SIN]], %[[COS]], %[[TAN]], %[[ASIN]], %[[ACOS]], %[[ATAN]], %[[SINH]], %[[COSH]], %[[TANH]], %[[ASINH]], %[[ACOSH]], %[[ATANH]], %[[ERF]], %[[ERFC]], %[[SIGMOID]] :
func.func @math() -> (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) {
  %h = symc.constant dense<0.5> : tensor<f64>
  %two = symc.constant dense<2.0> : tensor<f64>
  %m = symc.constant dense<-1.0> : tensor<f64>
  %0 = symc.exp %h : tensor<f64>
  %1 = symc.expm1 %h : tensor<f64>
  %2 = symc.log %two : tensor<f64>
  %3 = symc.log1p %h : tensor<f64>
  %4 = symc.log2 %two : tensor<f64>
  %5 = symc.log10 %two : tensor<f64>
  %6 = symc.log1mexp %m : tensor<f64>
  %7 = symc.sqrt %two : tensor<f64>
  %8 = symc.reciprocal %two : tensor<f64>
  %9 = symc.sin %h : tensor<f64>
  %10 = symc.cos %h : tensor<f64>
  %11 = symc.tan %h : tensor<f64>
  %12 = symc.asin %h : tensor<f64>
  %13 = symc.acos %h : tensor<f64>
  %14 = symc.atan %h : tensor<f64>
  %15 = symc.sinh %h : tensor<f64>
  %16 = symc.cosh %h : tensor<f64>
  %17 = symc.tanh %h : tensor<f64>
  %18 = symc.asinh %h : tensor<f64>
  %19 = symc.acosh %two : tensor<f64>
  %20 = symc.atanh %h : tensor<f64>
  %21 = symc.erf %h : tensor<f64>
  %22 = symc.erfc %h : tensor<f64>
  %23 = symc.sigmoid %m : tensor<f64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23 : tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>
}

// -----

// Tests that softplus and sigmoid fold without overflow at large |x|, and
// that f32 results are rounded to f32.
// CHECK-LABEL: func.func @stable_math
// CHECK-DAG:     %[[SP:.*]] = symc.constant dense<[0.000000e+00, 9.3576229688397368E-14, 0.69314718055994529, 30.000000000000092, 1.000000e+03]> : tensor<5xf64>
// CHECK-DAG:     %[[SG:.*]] = symc.constant dense<[0.000000e+00, 9.35762291E-14, 5.000000e-01, 1.000000e+00, 1.000000e+00]> : tensor<5xf32>
// CHECK:         return %[[SP]], %[[SG]]
func.func @stable_math() -> (tensor<5xf64>, tensor<5xf32>) {
  %x = symc.constant dense<[-1000.0, -30.0, 0.0, 30.0, 1000.0]> : tensor<5xf64>
  %0 = symc.softplus %x : tensor<5xf64>
  %y = symc.constant dense<[-1000.0, -30.0, 0.0, 30.0, 1000.0]> : tensor<5xf32>
  %1 = symc.sigmoid %y : tensor<5xf32>
  return %0, %1 : tensor<5xf64>, tensor<5xf32>
}

// -----

// Tests that a float op does not fold a non-constant operand.
// CHECK-LABEL: func.func @no_fold_of_argument
// CHECK-SAME:    (%[[X:.*]]: tensor<2xf32>)
// CHECK:         %[[R:.*]] = symc.exp %[[X]]
// CHECK:         return %[[R]]
func.func @no_fold_of_argument(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = symc.exp %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that log(exp(x)) folds to x.
// CHECK-LABEL: func.func @log_of_exp
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK-NOT:     symc.log
// CHECK:         return %[[X]]
func.func @log_of_exp(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = symc.exp %x : tensor<?xf32>
  %1 = symc.log %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that exp(log(x)) does not fold (it is not x for x < 0).
// CHECK-LABEL: func.func @exp_of_log
// CHECK:         symc.log
// CHECK:         symc.exp
func.func @exp_of_log(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = symc.log %x : tensor<?xf32>
  %1 = symc.exp %0 : tensor<?xf32>
  return %1 : tensor<?xf32>
}

// -----

// Tests that integer unary and binary ops fold with two's-complement wrap-around, as
// in NumPy: -(-128) and |-128| stay -128 in i8, -200 in ui8 is 56.
// CHECK-LABEL: func.func @integer_wrap
// CHECK-DAG:     %[[NEG:.*]] = symc.constant dense<[-128, 7, -7, -100]> : tensor<4xi8>
// CHECK-DAG:     %[[ABS:.*]] = symc.constant dense<[-128, 7, 7, 100]> : tensor<4xi8>
// CHECK-DAG:     %[[UNEG:.*]] = symc.constant dense<[56, 1, 0, 255]> : tensor<4xui8>
// CHECK-DAG:     %[[ADD:.*]] = symc.constant dense<[127, -5, 5, -56]> : tensor<4xi8>
// CHECK-DAG:     %[[SUB:.*]] = symc.constant dense<[-127, -9, 9, 0]> : tensor<4xi8>
// CHECK-DAG:     %[[MUL:.*]] = symc.constant dense<[-128, -14, -14, 16]> : tensor<4xi8>
// CHECK-DAG:     %[[SQR:.*]] = symc.constant dense<[0, 49, 49, 16]> : tensor<4xi8>
// CHECK-DAG:     %[[SIGN:.*]] = symc.constant dense<[-1, -1, 1, 1]> : tensor<4xi8>
// CHECK:         return %[[NEG]], %[[ABS]], %[[UNEG]], %[[ADD]], %[[SUB]], %[[MUL]], %[[SQR]], %[[SIGN]]
func.func @integer_wrap() -> (tensor<4xi8>, tensor<4xi8>, tensor<4xui8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>) {
  %a = symc.constant dense<[-128, -7, 7, 100]> : tensor<4xi8>
  %b = symc.constant dense<[-1, 2, -2, 100]> : tensor<4xi8>
  %u = symc.constant dense<[200, 255, 0, 1]> : tensor<4xui8>
  %0 = symc.neg %a : tensor<4xi8>
  %1 = symc.abs %a : tensor<4xi8>
  %2 = symc.neg %u : tensor<4xui8>
  %3 = symc.add %a, %b : tensor<4xi8>
  %4 = symc.sub %a, %b : tensor<4xi8>
  %5 = symc.mul %a, %b : tensor<4xi8>
  %6 = symc.sqr %a : tensor<4xi8>
  %7 = symc.sign %a : tensor<4xi8>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<4xi8>, tensor<4xi8>, tensor<4xui8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>, tensor<4xi8>
}

// -----

// Tests that integer floordiv and mod fold with Python semantics (rounding toward -inf,
// the remainder has the divisor's sign; division by 0 gives 0, and
// INT_MIN // -1 wraps as in NumPy), and unsigned ui8 division.
// CHECK-LABEL: func.func @integer_floordiv_mod
// CHECK-DAG:     %[[DIV:.*]] = symc.constant dense<[-4, -4, 3, 0, 0, -2147483648]> : tensor<6xi32>
// CHECK-DAG:     %[[MOD:.*]] = symc.constant dense<[1, -1, -1, 0, 0, 0]> : tensor<6xi32>
// CHECK-DAG:     %[[UDIV:.*]] = symc.constant dense<[66, 15, 0]> : tensor<3xui8>
// CHECK-DAG:     %[[UMOD:.*]] = symc.constant dense<[2, 15, 0]> : tensor<3xui8>
// CHECK:         return %[[DIV]], %[[MOD]], %[[UDIV]], %[[UMOD]]
func.func @integer_floordiv_mod() -> (tensor<6xi32>, tensor<6xi32>, tensor<3xui8>, tensor<3xui8>) {
  %a = symc.constant dense<[-7, 7, -7, 7, 5, -2147483648]> : tensor<6xi32>
  %b = symc.constant dense<[2, -2, -2, 0, 0, -1]> : tensor<6xi32>
  %0 = symc.floordiv %a, %b : tensor<6xi32>
  %1 = symc.mod %a, %b : tensor<6xi32>
  %u = symc.constant dense<[200, 255, 7]> : tensor<3xui8>
  %v = symc.constant dense<[3, 16, 0]> : tensor<3xui8>
  %2 = symc.floordiv %u, %v : tensor<3xui8>
  %3 = symc.mod %u, %v : tensor<3xui8>
  return %0, %1, %2, %3 : tensor<6xi32>, tensor<6xi32>, tensor<3xui8>, tensor<3xui8>
}

// -----

// Tests that float floordiv and mod fold as NumPy's: 1 // 0.1 is 9 (not
// floor(1 / 0.1) = 10), a zero remainder takes the divisor's sign, and
// division by zero gives inf (floordiv) and NaN (mod).
// CHECK-LABEL: func.func @float_floordiv_mod
// CHECK-DAG:     %[[DIV:.*]] = symc.constant dense<[9.000000e+00, -4.000000e+00, -2.000000e+00, -3.000000e+00, 0x7FF0000000000000, 0xFFF0000000000000]> : tensor<6xf64>
// CHECK-DAG:     %[[MOD:.*]] = symc.constant dense<[0.09999999999999995, 5.000000e-01, 0.000000e+00, -5.000000e-01, 0xFFF8000000000000, 0xFFF8000000000000]> : tensor<6xf64>
// CHECK:         return %[[DIV]], %[[MOD]]
func.func @float_floordiv_mod() -> (tensor<6xf64>, tensor<6xf64>) {
  %x = symc.constant dense<[1.0, -7.5, -4.0, 5.5, 1.0, -1.0]> : tensor<6xf64>
  %y = symc.constant dense<[0.1, 2.0, 2.0, -2.0, 0.0, 0.0]> : tensor<6xf64>
  %0 = symc.floordiv %x, %y : tensor<6xf64>
  %1 = symc.mod %x, %y : tensor<6xf64>
  return %0, %1 : tensor<6xf64>, tensor<6xf64>
}

// -----

// Tests that integer powers fold exactly: negative exponents give 0 except for bases 1
// and -1, results wrap (2**7 in i8, 2**8 in ui8), and float pow is libm's.
// CHECK-LABEL: func.func @pow
// CHECK-DAG:     %[[I:.*]] = symc.constant dense<[81, -8, 0, 1, -1, 1, -128]> : tensor<7xi8>
// CHECK-DAG:     %[[U:.*]] = symc.constant dense<[0, 161]> : tensor<2xui8>
// CHECK-DAG:     %[[F:.*]] = symc.constant dense<[0xFFF8000000000000, 5.000000e-01]> : tensor<2xf64>
// CHECK:         return %[[I]], %[[U]], %[[F]]
func.func @pow() -> (tensor<7xi8>, tensor<2xui8>, tensor<2xf64>) {
  %a = symc.constant dense<[3, -2, 2, 1, -1, -1, 2]> : tensor<7xi8>
  %b = symc.constant dense<[4, 3, -1, -5, -3, -2, 7]> : tensor<7xi8>
  %0 = symc.pow %a, %b : tensor<7xi8>
  %u = symc.constant dense<[2, 3]> : tensor<2xui8>
  %v = symc.constant dense<[8, 200]> : tensor<2xui8>
  %1 = symc.pow %u, %v : tensor<2xui8>
  %x = symc.constant dense<[-8.0, 2.0]> : tensor<2xf64>
  %y = symc.constant dense<[0.5, -1.0]> : tensor<2xf64>
  %2 = symc.pow %x, %y : tensor<2xf64>
  return %0, %1, %2 : tensor<7xi8>, tensor<2xui8>, tensor<2xf64>
}

// -----

// Tests that maximum/minimum fold with NaN propagating, ui8 unsigned, i8 signed.
// CHECK-LABEL: func.func @max_min
// CHECK-DAG:     %[[MAXF:.*]] = symc.constant dense<[2.000000e+00, 0x7FF8000000000000]> : tensor<2xf64>
// CHECK-DAG:     %[[MINF:.*]] = symc.constant dense<[1.000000e+00, 0x7FF8000000000000]> : tensor<2xf64>
// CHECK-DAG:     %[[MAXU:.*]] = symc.constant dense<200> : tensor<1xui8>
// CHECK-DAG:     %[[MAXI:.*]] = symc.constant dense<100> : tensor<1xi8>
// CHECK:         return %[[MAXF]], %[[MINF]], %[[MAXU]], %[[MAXI]]
func.func @max_min() -> (tensor<2xf64>, tensor<2xf64>, tensor<1xui8>, tensor<1xi8>) {
  %x = symc.constant dense<[1.0, 0x7FF8000000000000]> : tensor<2xf64>
  %y = symc.constant dense<[2.0, 1.0]> : tensor<2xf64>
  %0 = symc.maximum %x, %y : tensor<2xf64>
  %1 = symc.minimum %x, %y : tensor<2xf64>
  %u = symc.constant dense<200> : tensor<1xui8>
  %v = symc.constant dense<100> : tensor<1xui8>
  %2 = symc.maximum %u, %v : tensor<1xui8>
  %i = symc.constant dense<-56> : tensor<1xi8>
  %j = symc.constant dense<100> : tensor<1xi8>
  %3 = symc.maximum %i, %j : tensor<1xi8>
  return %0, %1, %2, %3 : tensor<2xf64>, tensor<2xf64>, tensor<1xui8>, tensor<1xi8>
}

// -----

// Tests that maximum(x, x) and minimum(x, x) fold to x.
// CHECK-LABEL: func.func @max_min_same
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK-NEXT:    return %[[X]], %[[X]]
func.func @max_min_same(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = symc.maximum %x, %x : tensor<?xf32>
  %1 = symc.minimum %x, %x : tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

// Tests that atan2, true division and binary_crossentropy fold.
// CHECK-LABEL: func.func @float_binary
// CHECK-DAG:     %[[ATAN2:.*]] = symc.constant dense<2.3561944901923448> : tensor<f64>
// CHECK-DAG:     %[[DIV:.*]] = symc.constant dense<-1.000000e+00> : tensor<f64>
// CHECK-DAG:     %[[BCE:.*]] = symc.constant dense<0.69314718055994529> : tensor<f64>
// CHECK:         return %[[ATAN2]], %[[DIV]], %[[BCE]]
func.func @float_binary() -> (tensor<f64>, tensor<f64>, tensor<f64>) {
  %one = symc.constant dense<1.0> : tensor<f64>
  %m = symc.constant dense<-1.0> : tensor<f64>
  %h = symc.constant dense<0.5> : tensor<f64>
  %0 = symc.atan2 %one, %m : tensor<f64>
  %1 = symc.div %one, %m : tensor<f64>
  %2 = symc.binary_crossentropy %h, %one : tensor<f64>
  return %0, %1, %2 : tensor<f64>, tensor<f64>, tensor<f64>
}

// -----

// Tests that tanh_grad folds to g * (1 - y * y) and keeps operand order:
// (y, g) = (0.5, 2) gives 1.5, (2, 0.5) gives -1.5.
// CHECK-LABEL: func.func @tanh_grad_folds
// CHECK-DAG:     %[[A:.*]] = symc.constant dense<1.500000e+00> : tensor<f64>
// CHECK-DAG:     %[[B:.*]] = symc.constant dense<-1.500000e+00> : tensor<f64>
// CHECK:         return %[[A]], %[[B]]
func.func @tanh_grad_folds() -> (tensor<f64>, tensor<f64>) {
  %h = symc.constant dense<0.5> : tensor<f64>
  %two = symc.constant dense<2.0> : tensor<f64>
  %0 = symc.tanh_grad %h, %two : tensor<f64>
  %1 = symc.tanh_grad %two, %h : tensor<f64>
  return %0, %1 : tensor<f64>, tensor<f64>
}

// -----

// Tests that constant folding broadcasts along static 1s.
// CHECK-LABEL: func.func @broadcast_fold
// CHECK:         %[[R:.*]] = symc.constant dense<{{\[}}[11, 21, 31], [12, 22, 32]]> : tensor<2x3xi64>
// CHECK:         return %[[R]]
func.func @broadcast_fold() -> tensor<2x3xi64> {
  %col = symc.constant dense<[[1], [2]]> : tensor<2x1xi64>
  %row = symc.constant dense<[[10, 20, 30]]> : tensor<1x3xi64>
  %0 = symc.add %col, %row : tensor<2x1xi64>, tensor<1x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// Tests that results larger than the folding limit are not folded.
// CHECK-LABEL: func.func @too_large
// CHECK:         symc.add
func.func @too_large() -> tensor<300x300xf32> {
  %a = symc.constant dense<1.0> : tensor<300x300xf32>
  %0 = symc.add %a, %a : tensor<300x300xf32>
  return %0 : tensor<300x300xf32>
}

// -----

// Tests that x + 0, 0 + x, x - 0, x * 1, 1 * x, x / 1 and x ** 1 fold to x.
// CHECK-LABEL: func.func @identities
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-NOT:     symc.
// CHECK:         return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identities(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  %zero = symc.constant dense<0.0> : tensor<1x1xf32>
  %one = symc.constant dense<1.0> : tensor<1x3xf32>
  %0 = symc.add %x, %zero : tensor<?x3xf32>, tensor<1x1xf32>
  %1 = symc.add %zero, %x : tensor<1x1xf32>, tensor<?x3xf32>
  %2 = symc.sub %x, %zero : tensor<?x3xf32>, tensor<1x1xf32>
  %3 = symc.mul %x, %one : tensor<?x3xf32>, tensor<1x3xf32>
  %4 = symc.mul %one, %x : tensor<1x3xf32>, tensor<?x3xf32>
  %5 = symc.div %x, %one : tensor<?x3xf32>, tensor<1x3xf32>
  %6 = symc.pow %x, %one : tensor<?x3xf32>, tensor<1x3xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// -----

// Tests the same identities on f64 (whose splats the folds read directly,
// without an APFloat copy), and that a splat near 1 is no identity.
// CHECK-LABEL: func.func @identities_f64
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>)
// CHECK:         %[[NEAR:.*]] = symc.constant dense<1.01
// CHECK:         %[[M:.*]] = symc.mul %[[X]], %[[NEAR]]
// CHECK:         return %[[X]], %[[X]], %[[X]], %[[M]]
func.func @identities_f64(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %zero = symc.constant dense<0.0> : tensor<1xf64>
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %near = symc.constant dense<1.01> : tensor<1xf64>
  %0 = symc.add %x, %zero : tensor<?xf64>, tensor<1xf64>
  %1 = symc.mul %one, %x : tensor<1xf64>, tensor<?xf64>
  %2 = symc.div %x, %one : tensor<?xf64>, tensor<1xf64>
  %3 = symc.mul %x, %near : tensor<?xf64>, tensor<1xf64>
  return %0, %1, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// -----

// Tests that x * 1 does not fold when the 1 broadcasts x to a larger shape
// (the result type differs from x's), nor 0 - x.
// CHECK-LABEL: func.func @identity_changes_type
// CHECK-SAME:    (%[[X:.*]]: tensor<1x3xf32>)
// CHECK:         %[[M:.*]] = symc.mul %[[X]], %{{.*}} : tensor<1x3xf32>, tensor<4x3xf32>
// CHECK:         %[[S:.*]] = symc.sub %{{.*}}, %[[X]]
// CHECK:         return %[[M]], %[[S]]
func.func @identity_changes_type(%x: tensor<1x3xf32>) -> (tensor<4x3xf32>, tensor<1x3xf32>) {
  %one = symc.constant dense<1.0> : tensor<4x3xf32>
  %zero = symc.constant dense<0.0> : tensor<1x3xf32>
  %0 = symc.mul %x, %one : tensor<1x3xf32>, tensor<4x3xf32>
  %1 = symc.sub %zero, %x : tensor<1x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<1x3xf32>
}

// -----

// Tests that integer x * 0 folds to 0 but float x * 0 does not (0 * inf is
// NaN), nor does integer x * 0 with a dynamic result shape.
// CHECK-LABEL: func.func @times_zero
// CHECK-SAME:    (%[[I:.*]]: tensor<3xi32>, %[[F:.*]]: tensor<3xf32>, %[[D:.*]]: tensor<?xi32>)
// CHECK-DAG:     %[[Z:.*]] = symc.constant dense<0> : tensor<3xi32>
// CHECK-DAG:     %[[FM:.*]] = symc.mul %[[F]], %{{.*}} : tensor<3xf32>
// CHECK-DAG:     %[[DM:.*]] = symc.mul %[[D]], %{{.*}} : tensor<?xi32>, tensor<1xi32>
// CHECK:         return %[[Z]], %[[FM]], %[[DM]]
func.func @times_zero(%i: tensor<3xi32>, %f: tensor<3xf32>, %d: tensor<?xi32>) -> (tensor<3xi32>, tensor<3xf32>, tensor<?xi32>) {
  %zi = symc.constant dense<0> : tensor<3xi32>
  %zf = symc.constant dense<0.0> : tensor<3xf32>
  %z1 = symc.constant dense<0> : tensor<1xi32>
  %0 = symc.mul %i, %zi : tensor<3xi32>
  %1 = symc.mul %f, %zf : tensor<3xf32>
  %2 = symc.mul %d, %z1 : tensor<?xi32>, tensor<1xi32>
  return %0, %1, %2 : tensor<3xi32>, tensor<3xf32>, tensor<?xi32>
}

// -----

// Tests that integer x // 1 folds to x but float x // 1 does not (it floors).
// CHECK-LABEL: func.func @floordiv_one
// CHECK-SAME:    (%[[I:.*]]: tensor<3xi32>, %[[F:.*]]: tensor<3xf32>)
// CHECK:         %[[FD:.*]] = symc.floordiv %[[F]]
// CHECK:         return %[[I]], %[[FD]]
func.func @floordiv_one(%i: tensor<3xi32>, %f: tensor<3xf32>) -> (tensor<3xi32>, tensor<3xf32>) {
  %oi = symc.constant dense<1> : tensor<3xi32>
  %of = symc.constant dense<1.0> : tensor<3xf32>
  %0 = symc.floordiv %i, %oi : tensor<3xi32>
  %1 = symc.floordiv %f, %of : tensor<3xf32>
  return %0, %1 : tensor<3xi32>, tensor<3xf32>
}

// -----

// Tests that -(-x) => x, |abs(x)| => abs(x), |x| => x for unsigned, ~~x => x.
// CHECK-LABEL: func.func @involutions
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>, %[[U:.*]]: tensor<?xui8>, %[[B:.*]]: tensor<?xi1>)
// CHECK:         %[[ABS:.*]] = symc.abs %[[X]]
// CHECK-NOT:     symc.abs
// CHECK-NOT:     symc.neg
// CHECK-NOT:     symc.not
// CHECK:         return %[[X]], %[[ABS]], %[[U]], %[[B]]
func.func @involutions(%x: tensor<?xf32>, %u: tensor<?xui8>, %b: tensor<?xi1>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xui8>, tensor<?xi1>) {
  %0 = symc.neg %x : tensor<?xf32>
  %1 = symc.neg %0 : tensor<?xf32>
  %2 = symc.abs %x : tensor<?xf32>
  %3 = symc.abs %2 : tensor<?xf32>
  %4 = symc.abs %u : tensor<?xui8>
  %5 = symc.not %b : tensor<?xi1>
  %6 = symc.not %5 : tensor<?xi1>
  return %1, %3, %4, %6 : tensor<?xf32>, tensor<?xf32>, tensor<?xui8>, tensor<?xi1>
}

// -----

// Tests that bitwise not folds on integers and bools.
// CHECK-LABEL: func.func @not
// CHECK-DAG:     %[[I:.*]] = symc.constant dense<[-1, 0, -6]> : tensor<3xi8>
// CHECK-DAG:     %[[B:.*]] = symc.constant dense<[false, true]> : tensor<2xi1>
// CHECK:         return %[[I]], %[[B]]
func.func @not() -> (tensor<3xi8>, tensor<2xi1>) {
  %i = symc.constant dense<[0, -1, 5]> : tensor<3xi8>
  %b = symc.constant dense<[true, false]> : tensor<2xi1>
  %0 = symc.not %i : tensor<3xi8>
  %1 = symc.not %b : tensor<2xi1>
  return %0, %1 : tensor<3xi8>, tensor<2xi1>
}

// -----

// Tests that isnan/isinf fold on floats and are false for integers (folded
// only when the result shape is static).
// CHECK-LABEL: func.func @predicates
// CHECK-SAME:    (%[[I:.*]]: tensor<2xi32>, %[[D:.*]]: tensor<?xi32>)
// CHECK-DAG:     %[[NAN:.*]] = symc.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG:     %[[INF:.*]] = symc.constant dense<[false, false, true]> : tensor<3xi1>
// CHECK-DAG:     %[[NO:.*]] = symc.constant dense<false> : tensor<2xi1>
// CHECK-DAG:     %[[DYN:.*]] = symc.isinf %[[D]] : tensor<?xi32>
// CHECK:         return %[[NAN]], %[[INF]], %[[NO]], %[[DYN]]
func.func @predicates(%i: tensor<2xi32>, %d: tensor<?xi32>) -> (tensor<3xi1>, tensor<3xi1>, tensor<2xi1>, tensor<?xi1>) {
  %x = symc.constant dense<[1.0, 0x7FC00000, 0xFF800000]> : tensor<3xf32>
  %0 = symc.isnan %x : tensor<3xf32>
  %1 = symc.isinf %x : tensor<3xf32>
  %2 = symc.isnan %i : tensor<2xi32>
  %3 = symc.isinf %d : tensor<?xi32>
  return %0, %1, %2, %3 : tensor<3xi1>, tensor<3xi1>, tensor<2xi1>, tensor<?xi1>
}

// -----

// Tests that the bitwise ops fold on integers.
// CHECK-LABEL: func.func @bitwise
// CHECK-DAG:     %[[AND:.*]] = symc.constant dense<[4, 0]> : tensor<2xi32>
// CHECK-DAG:     %[[OR:.*]] = symc.constant dense<[7, -1]> : tensor<2xi32>
// CHECK-DAG:     %[[XOR:.*]] = symc.constant dense<[3, -1]> : tensor<2xi32>
// CHECK:         return %[[AND]], %[[OR]], %[[XOR]]
func.func @bitwise() -> (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) {
  %a = symc.constant dense<[6, 0]> : tensor<2xi32>
  %b = symc.constant dense<[5, -1]> : tensor<2xi32>
  %0 = symc.and %a, %b : tensor<2xi32>
  %1 = symc.or %a, %b : tensor<2xi32>
  %2 = symc.xor %a, %b : tensor<2xi32>
  return %0, %1, %2 : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
}

// -----

// Tests that x & x, x | x => x; bool x & true => x; x & 0 => 0; x | 0, x ^ 0 => x.
// CHECK-LABEL: func.func @bitwise_identities
// CHECK-SAME:    (%[[B:.*]]: tensor<3xi1>, %[[I:.*]]: tensor<3xi8>)
// CHECK-DAG:     %[[Z:.*]] = symc.constant dense<0> : tensor<3xi8>
// CHECK:         return %[[B]], %[[I]], %[[B]], %[[Z]], %[[I]], %[[I]]
func.func @bitwise_identities(%b: tensor<3xi1>, %i: tensor<3xi8>) -> (tensor<3xi1>, tensor<3xi8>, tensor<3xi1>, tensor<3xi8>, tensor<3xi8>, tensor<3xi8>) {
  %t = symc.constant dense<true> : tensor<3xi1>
  %z = symc.constant dense<0> : tensor<3xi8>
  %0 = symc.and %b, %b : tensor<3xi1>
  %1 = symc.or %i, %i : tensor<3xi8>
  %2 = symc.and %b, %t : tensor<3xi1>
  %3 = symc.and %i, %z : tensor<3xi8>
  %4 = symc.or %i, %z : tensor<3xi8>
  %5 = symc.xor %z, %i : tensor<3xi8>
  return %0, %1, %2, %3, %4, %5 : tensor<3xi1>, tensor<3xi8>, tensor<3xi1>, tensor<3xi8>, tensor<3xi8>, tensor<3xi8>
}

// -----

// Tests that integer x & 1 does not fold to x (only bool x & true does).
// CHECK-LABEL: func.func @and_one_int
// CHECK:         %[[R:.*]] = symc.and
// CHECK:         return %[[R]]
func.func @and_one_int(%i: tensor<3xi8>) -> tensor<3xi8> {
  %one = symc.constant dense<1> : tensor<3xi8>
  %0 = symc.and %i, %one : tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

// Tests that comparisons with NaN fold to false, except ne.
// CHECK-LABEL: func.func @compare_nan
// CHECK-DAG:     %[[EQ:.*]] = symc.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG:     %[[NE:.*]] = symc.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-DAG:     %[[FALSE:.*]] = symc.constant dense<false> : tensor<3xi1>
// CHECK:         return %[[EQ]], %[[NE]], %[[FALSE]], %[[EQ]], %[[FALSE]], %[[EQ]]
func.func @compare_nan() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %x = symc.constant dense<[1.0, 0x7FF8000000000000, 2.0]> : tensor<3xf64>
  %y = symc.constant dense<[1.0, 1.0, 0x7FF8000000000000]> : tensor<3xf64>
  %0 = symc.eq %x, %y : tensor<3xf64>
  %1 = symc.ne %x, %y : tensor<3xf64>
  %2 = symc.lt %x, %y : tensor<3xf64>
  %3 = symc.le %x, %y : tensor<3xf64>
  %4 = symc.gt %x, %y : tensor<3xf64>
  %5 = symc.ge %x, %y : tensor<3xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// Tests that ui8 compares unsigned, i8 signed and bools as 0/1.
// CHECK-LABEL: func.func @compare_signedness
// CHECK-DAG:     %[[TF:.*]] = symc.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG:     %[[FF:.*]] = symc.constant dense<false> : tensor<2xi1>
// CHECK:         return %[[TF]], %[[FF]], %[[TF]]
func.func @compare_signedness() -> (tensor<2xi1>, tensor<2xi1>, tensor<2xi1>) {
  %u = symc.constant dense<[200, 1]> : tensor<2xui8>
  %v = symc.constant dense<[100, 2]> : tensor<2xui8>
  %0 = symc.gt %u, %v : tensor<2xui8>
  %i = symc.constant dense<[-56, 1]> : tensor<2xi8>
  %j = symc.constant dense<[100, 2]> : tensor<2xi8>
  %1 = symc.gt %i, %j : tensor<2xi8>
  %t = symc.constant dense<[true, false]> : tensor<2xi1>
  %f = symc.constant dense<false> : tensor<2xi1>
  %2 = symc.gt %t, %f : tensor<2xi1>
  return %0, %1, %2 : tensor<2xi1>, tensor<2xi1>, tensor<2xi1>
}

// -----

// Tests that select(c, a, a) => a, select(true, a, b) => a, select(false, a, b) => b
// and elementwise constant folding of select.
// CHECK-LABEL: func.func @select
// CHECK-SAME:    (%[[C:.*]]: tensor<2xi1>, %[[A:.*]]: tensor<2xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK-DAG:     %[[K:.*]] = symc.constant dense<[1.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK:         return %[[A]], %[[A]], %[[B]], %[[K]]
func.func @select(%c: tensor<2xi1>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %t = symc.constant dense<true> : tensor<2xi1>
  %f = symc.constant dense<false> : tensor<2xi1>
  %0 = symc.select %c, %a, %a : tensor<2xi1>, tensor<2xf32>, tensor<2xf32>
  %1 = symc.select %t, %a, %b : tensor<2xi1>, tensor<2xf32>, tensor<2xf32>
  %2 = symc.select %f, %a, %b : tensor<2xi1>, tensor<2xf32>, tensor<2xf32>
  %m = symc.constant dense<[true, false]> : tensor<2xi1>
  %x = symc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %y = symc.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %3 = symc.select %m, %x, %y : tensor<2xi1>, tensor<2xf32>, tensor<2xf32>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// Tests that select(true, a, b) does not fold when b broadcasts a's shape.
// CHECK-LABEL: func.func @select_broadcasts
// CHECK:         %[[R:.*]] = symc.select
// CHECK:         return %[[R]]
func.func @select_broadcasts(%a: tensor<1xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %t = symc.constant dense<true> : tensor<1xi1>
  %0 = symc.select %t, %a, %b : tensor<1xi1>, tensor<1xf32>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Tests that clip folds with NaN propagating, low > high giving high (NumPy), ui8 unsigned.
// CHECK-LABEL: func.func @clip
// CHECK-DAG:     %[[F:.*]] = symc.constant dense<[0.000000e+00, 5.000000e-01, 1.000000e+00, 0x7FF8000000000000]> : tensor<4xf64>
// CHECK-DAG:     %[[H:.*]] = symc.constant dense<0.000000e+00> : tensor<2xf64>
// CHECK-DAG:     %[[U:.*]] = symc.constant dense<[10, 200]> : tensor<2xui8>
// CHECK:         return %[[F]], %[[H]], %[[U]]
func.func @clip() -> (tensor<4xf64>, tensor<2xf64>, tensor<2xui8>) {
  %x = symc.constant dense<[-1.0, 0.5, 2.0, 0x7FF8000000000000]> : tensor<4xf64>
  %lo = symc.constant dense<0.0> : tensor<1xf64>
  %hi = symc.constant dense<1.0> : tensor<1xf64>
  %0 = symc.clip %x, %lo, %hi : tensor<4xf64>, tensor<1xf64>, tensor<1xf64>
  %y = symc.constant dense<[0.0, 5.0]> : tensor<2xf64>
  %2 = symc.clip %y, %hi, %lo : tensor<2xf64>, tensor<1xf64>, tensor<1xf64>
  %u = symc.constant dense<[1, 250]> : tensor<2xui8>
  %ulo = symc.constant dense<10> : tensor<1xui8>
  %uhi = symc.constant dense<200> : tensor<1xui8>
  %1 = symc.clip %u, %ulo, %uhi : tensor<2xui8>, tensor<1xui8>, tensor<1xui8>
  return %0, %2, %1 : tensor<4xf64>, tensor<2xf64>, tensor<2xui8>
}

// -----

// Tests that casts fold as NumPy's astype: float to int truncates, to bool is != 0
// (NaN is true), i64 to f32 rounds once (a detour through f64 would give
// 9.007199e+15), ui8 zero-extends, int to ui8 wraps, f64 to f32 rounds.
// CHECK-LABEL: func.func @cast
// CHECK-DAG:     %[[TRUNC:.*]] = symc.constant dense<[-2, 2, 127]> : tensor<3xi32>
// CHECK-DAG:     %[[BOOL:.*]] = symc.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG:     %[[F32:.*]] = symc.constant dense<[9.007200e+15, -1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[ZEXT:.*]] = symc.constant dense<[255, 128]> : tensor<2xi32>
// CHECK-DAG:     %[[WRAP:.*]] = symc.constant dense<[255, 44]> : tensor<2xui8>
// CHECK-DAG:     %[[FROMBOOL:.*]] = symc.constant dense<[1, 0]> : tensor<2xi32>
// CHECK-DAG:     %[[NARROW:.*]] = symc.constant dense<[1.000000e-01, 0x7F800000]> : tensor<2xf32>
// CHECK-DAG:     %[[UF:.*]] = symc.constant dense<[2.550000e+02, 1.280000e+02]> : tensor<2xf64>
// CHECK:         return %[[TRUNC]], %[[BOOL]], %[[F32]], %[[ZEXT]], %[[WRAP]], %[[FROMBOOL]], %[[NARROW]], %[[UF]]
func.func @cast() -> (tensor<3xi32>, tensor<3xi1>, tensor<2xf32>, tensor<2xi32>, tensor<2xui8>, tensor<2xi32>, tensor<2xf32>, tensor<2xf64>) {
  %x = symc.constant dense<[-2.7, 2.7, 127.9]> : tensor<3xf64>
  %0 = symc.cast %x : tensor<3xf64> to tensor<3xi32>
  %n = symc.constant dense<[0.0, 0x7FF8000000000000, -0.0]> : tensor<3xf64>
  %1 = symc.cast %n : tensor<3xf64> to tensor<3xi1>
  %l = symc.constant dense<[9007199791611905, -1]> : tensor<2xi64>
  %2 = symc.cast %l : tensor<2xi64> to tensor<2xf32>
  %u = symc.constant dense<[255, 128]> : tensor<2xui8>
  %3 = symc.cast %u : tensor<2xui8> to tensor<2xi32>
  %i = symc.constant dense<[-1, 300]> : tensor<2xi32>
  %4 = symc.cast %i : tensor<2xi32> to tensor<2xui8>
  %b = symc.constant dense<[true, false]> : tensor<2xi1>
  %5 = symc.cast %b : tensor<2xi1> to tensor<2xi32>
  %d = symc.constant dense<[0.1, 1.0e300]> : tensor<2xf64>
  %6 = symc.cast %d : tensor<2xf64> to tensor<2xf32>
  %7 = symc.cast %u : tensor<2xui8> to tensor<2xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<3xi32>, tensor<3xi1>, tensor<2xf32>, tensor<2xi32>, tensor<2xui8>, tensor<2xi32>, tensor<2xf32>, tensor<2xf64>
}

// -----

// Tests that a float to int cast of NaN or of a value outside the target
// range is left to run time, and that a cast to the same type folds away.
// CHECK-LABEL: func.func @cast_undefined
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf32>)
// CHECK:         %[[NAN:.*]] = symc.cast %{{.*}} : tensor<1xf64> to tensor<1xi32>
// CHECK:         %[[BIG:.*]] = symc.cast %{{.*}} : tensor<1xf64> to tensor<1xi8>
// CHECK:         %[[NEG:.*]] = symc.cast %{{.*}} : tensor<1xf64> to tensor<1xui8>
// CHECK:         return %[[NAN]], %[[BIG]], %[[NEG]], %[[X]]
func.func @cast_undefined(%x: tensor<?xf32>) -> (tensor<1xi32>, tensor<1xi8>, tensor<1xui8>, tensor<?xf32>) {
  %nan = symc.constant dense<0x7FF8000000000000> : tensor<1xf64>
  %big = symc.constant dense<300.0> : tensor<1xf64>
  %neg = symc.constant dense<-1.0> : tensor<1xf64>
  %0 = symc.cast %nan : tensor<1xf64> to tensor<1xi32>
  %1 = symc.cast %big : tensor<1xf64> to tensor<1xi8>
  %2 = symc.cast %neg : tensor<1xf64> to tensor<1xui8>
  %3 = symc.cast %x : tensor<?xf32> to tensor<?xf32>
  return %0, %1, %2, %3 : tensor<1xi32>, tensor<1xi8>, tensor<1xui8>, tensor<?xf32>
}

// -----

// Tests that reductions over nothing, or over static size-1 axes with
// keepdims, fold to their input.
// CHECK-LABEL: func.func @trivial_reduce
// CHECK-SAME:    (%[[X:.*]]: tensor<?x1xf32>, %[[B:.*]]: tensor<1xi1>)
// CHECK-NOT:     symc.
// CHECK:         return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[B]], %[[B]]
func.func @trivial_reduce(%x: tensor<?x1xf32>, %b: tensor<1xi1>) -> (tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<1xi1>, tensor<1xi1>) {
  %0 = symc.reduce_sum %x axes = [] : tensor<?x1xf32>
  %1 = symc.reduce_prod %x axes = [1] keepdims : tensor<?x1xf32>
  %2 = symc.reduce_max %x axes = [1] keepdims : tensor<?x1xf32>
  %3 = symc.reduce_min %x axes = [1] keepdims : tensor<?x1xf32>
  %4 = symc.reduce_mean %x axes = [1] keepdims : tensor<?x1xf32>
  %5 = symc.logsumexp %x axes = [1] keepdims : tensor<?x1xf32>
  %6 = symc.reduce_all %b axes = [0] keepdims : tensor<1xi1>
  %7 = symc.reduce_any %b axes = [] : tensor<1xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x1xf32>, tensor<1xi1>, tensor<1xi1>
}

// -----

// Tests that reductions over a dynamic axis, or dropping a size-1 axis, stay.
// CHECK-LABEL: func.func @nontrivial_reduce
// CHECK:         symc.reduce_sum %{{.*}} axes = [0] keepdims
// CHECK:         symc.reduce_sum %{{.*}} axes = [1] :
func.func @nontrivial_reduce(%x: tensor<?x1xf32>) -> (tensor<1x1xf32>, tensor<?xf32>) {
  %0 = symc.reduce_sum %x axes = [0] keepdims : tensor<?x1xf32>
  %1 = symc.reduce_sum %x axes = [1] : tensor<?x1xf32>
  return %0, %1 : tensor<1x1xf32>, tensor<?xf32>
}

// -----

// Tests that shape folds to a constant for a static input only, and not to a
// less static declared result type.
// CHECK-LABEL: func.func @shape
// CHECK-SAME:    (%[[S:.*]]: tensor<2x3xf32>, %[[D:.*]]: tensor<?x3xf32>)
// CHECK-DAG:     %[[C:.*]] = symc.constant dense<[2, 3]> : tensor<2xi64>
// CHECK-DAG:     %[[DS:.*]] = symc.shape %[[D]] : tensor<?x3xf32>
// CHECK-DAG:     %[[LS:.*]] = symc.shape %[[S]] : tensor<2x3xf32> -> tensor<?xi64>
// CHECK:         return %[[C]], %[[DS]], %[[LS]]
func.func @shape(%s: tensor<2x3xf32>, %d: tensor<?x3xf32>) -> (tensor<2xi64>, tensor<2xi64>, tensor<?xi64>) {
  %0 = symc.shape %s : tensor<2x3xf32>
  %1 = symc.shape %d : tensor<?x3xf32>
  %2 = symc.shape %s : tensor<2x3xf32> -> tensor<?xi64>
  return %0, %1, %2 : tensor<2xi64>, tensor<2xi64>, tensor<?xi64>
}

// -----

// Tests that an identity dimshuffle folds to its input, and a dimshuffle of
// a splat constant to a splat.
// CHECK-LABEL: func.func @dimshuffle
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>)
// CHECK-DAG:     %[[K:.*]] = symc.constant dense<2.000000e+00> : tensor<1x3x1xf32>
// CHECK:         return %[[X]], %[[K]]
func.func @dimshuffle(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<1x3x1xf32>) {
  %0 = symc.dimshuffle %x [0, 1] : tensor<?x3xf32>
  %c = symc.constant dense<2.0> : tensor<3xf32>
  %1 = symc.dimshuffle %c [x, 0, x] : tensor<3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<1x3x1xf32>
}

// -----

// Tests that a permuting dimshuffle, or an identity one whose declared
// result is less static, does not fold.
// CHECK-LABEL: func.func @dimshuffle_stays
// CHECK:         symc.dimshuffle %{{.*}} [1, 0]
// CHECK:         symc.dimshuffle %{{.*}} [0, 1] : tensor<2x3xf32> -> tensor<?x3xf32>
func.func @dimshuffle_stays(%x: tensor<2x3xf32>) -> (tensor<3x2xf32>, tensor<?x3xf32>) {
  %0 = symc.dimshuffle %x [1, 0] : tensor<2x3xf32>
  %1 = symc.dimshuffle %x [0, 1] : tensor<2x3xf32> -> tensor<?x3xf32>
  return %0, %1 : tensor<3x2xf32>, tensor<?x3xf32>
}

// -----

// Tests that reshape folds to its input when the static type is unchanged,
// and reshapes constants.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<2xi64>)
// CHECK-DAG:     %[[K:.*]] = symc.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi32>
// CHECK:         return %[[X]], %[[K]]
func.func @reshape(%x: tensor<2x3xf32>, %s: tensor<2xi64>) -> (tensor<2x3xf32>, tensor<2x2xi32>) {
  %0 = symc.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %c = symc.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %1 = symc.reshape %c, %s : (tensor<4xi32>, tensor<2xi64>) -> tensor<2x2xi32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x2xi32>
}

// -----

// Tests that a reshape to a dynamic type does not fold.
// CHECK-LABEL: func.func @reshape_dynamic
// CHECK:         %[[R:.*]] = symc.reshape
// CHECK:         return %[[R]]
func.func @reshape_dynamic(%x: tensor<?x3xf32>, %s: tensor<2xi64>) -> tensor<?x3xf32> {
  %0 = symc.reshape %x, %s : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Tests that broadcast_to folds to its input when nothing broadcasts, and
// broadcasts splat constants; a dynamic target stays.
// CHECK-LABEL: func.func @broadcast_to
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<2xi64>)
// CHECK-DAG:     %[[K:.*]] = symc.constant dense<7> : tensor<4x5xi64>
// CHECK-DAG:     %[[D:.*]] = symc.broadcast_to %{{.*}}, %[[S]] : (tensor<1x1xi64>, tensor<2xi64>) -> tensor<?x?xi64>
// CHECK:         return %[[X]], %[[K]], %[[D]]
func.func @broadcast_to(%x: tensor<2x3xf32>, %s: tensor<2xi64>) -> (tensor<2x3xf32>, tensor<4x5xi64>, tensor<?x?xi64>) {
  %0 = symc.broadcast_to %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %c = symc.constant dense<7> : tensor<1x1xi64>
  %1 = symc.broadcast_to %c, %s : (tensor<1x1xi64>, tensor<2xi64>) -> tensor<4x5xi64>
  %2 = symc.broadcast_to %c, %s : (tensor<1x1xi64>, tensor<2xi64>) -> tensor<?x?xi64>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4x5xi64>, tensor<?x?xi64>
}

// -----

// Tests that concatenating one input folds to it, two do not.
// CHECK-LABEL: func.func @concatenate
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3xf32>)
// CHECK:         %[[C:.*]] = symc.concatenate %[[X]], %[[X]] axis = 0
// CHECK:         return %[[X]], %[[C]]
func.func @concatenate(%x: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  %0 = symc.concatenate %x axis = 1 : tensor<?x3xf32>
  %1 = symc.concatenate %x, %x axis = 0 : tensor<?x3xf32>, tensor<?x3xf32>
  return %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// -----

// Tests that a subtensor taking everything folds to its input, and one that
// drops an element does not.
// CHECK-LABEL: func.func @subtensor
// CHECK-SAME:    (%[[X:.*]]: tensor<?x3x2xf32>)
// CHECK:         %[[S:.*]] = symc.subtensor %[[X]][1:]
// CHECK:         return %[[X]], %[[S]]
func.func @subtensor(%x: tensor<?x3x2xf32>) -> (tensor<?x3x2xf32>, tensor<?x3x2xf32>) {
  %0 = symc.subtensor %x[:, ::1, 0:] : tensor<?x3x2xf32>
  %1 = symc.subtensor %x[1:] : tensor<?x3x2xf32>
  return %0, %1 : tensor<?x3x2xf32>, tensor<?x3x2xf32>
}
