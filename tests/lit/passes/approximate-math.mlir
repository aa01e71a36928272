// RUN: symc-opt %s --split-input-file --symc-approximate-math | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-approximate-math=functions=exp,logf | FileCheck %s --check-prefix=SOME
// RUN: not symc-opt %s --split-input-file --symc-approximate-math=functions=exp,sin 2>&1 | FileCheck %s --check-prefix=BAD

// symc-approximate-math rewrites exp, expm1, log, log1p and tanh on f32/f64
// into branch-free arith/math code (no calls); other math ops and other
// float types are left for symc-lower-math. The accuracy of the code is
// measured by math-accuracy.test.

// functions= picks functions and types in libm's spelling (exp: f64 only,
// logf: f32 only); other names are rejected.
// SOME-LABEL: func.func @exp_f64(
// SOME-NOT:     math.exp
// SOME-LABEL: func.func @exp_f32(
// SOME:         math.exp %{{.*}} : f32
// SOME-LABEL: func.func @log_f64(
// SOME:         math.log %{{.*}} : f64
// SOME-LABEL: func.func @log_f32(
// SOME-NOT:     math.log
// SOME-LABEL: func.func @tanh_f64(
// SOME:         math.tanh
// BAD: symc-approximate-math: unknown function 'sin' (expected exp, expm1, log, log1p, tanh, expf, expm1f, logf, log1pf, tanhf)

// Tests exp on f64: NaN-preserving clamps (selects on ordered compares), the
// rounding of x/ln2 by the 1.5*2^52 shifter, the two-part Cody-Waite
// reduction, the degree-13 polynomial (1 + r + r^2 h(r), h by Estrin's
// scheme: pairs, then powers r^2, r^4, r^8), and the scaling by 2^k as two
// factors built from the shifter's bits.
// CHECK-LABEL: func.func @exp_f64(
// CHECK-SAME:      %[[X:.*]]: f64)
// CHECK-DAG:     %[[HI:.*]] = arith.constant 7.100000e+02 : f64
// CHECK-DAG:     %[[LO:.*]] = arith.constant -7.460000e+02 : f64
// CHECK-DAG:     %[[SHIFT:.*]] = arith.constant 0x4338000000000000 : f64
// CHECK-DAG:     %[[LOG2E:.*]] = arith.constant 1.4426950408889634 : f64
// CHECK-DAG:     %[[LN2HI:.*]] = arith.constant -0.69314718055994529 : f64
// CHECK:         %[[OVER:.*]] = arith.cmpf ogt, %[[X]], %[[HI]] : f64
// CHECK:         %[[X1:.*]] = arith.select %[[OVER]], %[[HI]], %[[X]] : f64
// CHECK:         %[[UNDER:.*]] = arith.cmpf olt, %[[X1]], %[[LO]] : f64
// CHECK:         %[[X2:.*]] = arith.select %[[UNDER]], %[[LO]], %[[X1]] : f64
// CHECK:         %[[SHIFTED:.*]] = math.fma %[[X2]], %[[LOG2E]], %[[SHIFT]] : f64
// CHECK:         %[[K:.*]] = arith.subf %[[SHIFTED]], %[[SHIFT]] : f64
// CHECK:         %[[R0:.*]] = math.fma %[[K]], %[[LN2HI]], %[[X2]] : f64
// CHECK:         %[[R:.*]] = math.fma %[[K]], %{{.*}}, %[[R0]] : f64
// CHECK:         %[[KBITS:.*]] = arith.bitcast %[[SHIFTED]] : f64 to i64
// CHECK-COUNT-6: math.fma %{{.*}}, %[[R]], %{{.*}} : f64
// CHECK:         %[[R2:.*]] = arith.mulf %[[R]], %[[R]] : f64
// CHECK-COUNT-3: math.fma %{{.*}}, %[[R2]], %{{.*}} : f64
// CHECK:         %[[R4:.*]] = arith.mulf %[[R2]], %[[R2]] : f64
// CHECK:         math.fma %{{.*}}, %[[R4]], %{{.*}} : f64
// CHECK:         %[[R8:.*]] = arith.mulf %[[R4]], %[[R4]] : f64
// CHECK:         %[[H:.*]] = math.fma %{{.*}}, %[[R8]], %{{.*}} : f64
// CHECK:         %[[RR:.*]] = arith.mulf %[[R]], %[[R]] : f64
// CHECK:         %[[EM1:.*]] = math.fma %[[RR]], %[[H]], %[[R]] : f64
// CHECK:         %[[U:.*]] = arith.subi %[[KBITS]], %{{.*}} : i64
// CHECK:         %[[H:.*]] = arith.shrui %[[U]], %{{.*}} : i64
// CHECK:         %[[S1BITS:.*]] = arith.shli %[[H]], %{{.*}} : i64
// CHECK:         %[[S1:.*]] = arith.bitcast %[[S1BITS]] : i64 to f64
// CHECK:         %[[S2E:.*]] = arith.subi %[[U]], %[[H]] : i64
// CHECK:         %[[S2BITS:.*]] = arith.shli %[[S2E]], %{{.*}} : i64
// CHECK:         %[[S2:.*]] = arith.bitcast %[[S2BITS]] : i64 to f64
// CHECK:         %[[P:.*]] = arith.addf %[[EM1]], %{{.*}} : f64
// CHECK:         %[[PS1:.*]] = arith.mulf %[[P]], %[[S1]] : f64
// CHECK:         %[[Y:.*]] = arith.mulf %[[PS1]], %[[S2]] : f64
// CHECK-NOT:     math.exp
// CHECK-NOT:     call
// CHECK:         return %[[Y]] : f64
func.func @exp_f64(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  return %0 : f64
}

// -----

// Tests exp on f32 (degree 7: six fmas after the reduction, f32 shifter and
// i32 bits).
// CHECK-LABEL: func.func @exp_f32(
// CHECK-DAG:     arith.constant 8.900000e+01 : f32
// CHECK-DAG:     arith.constant -1.040000e+02 : f32
// CHECK-DAG:     %[[SHIFT:.*]] = arith.constant 0x4B400000 : f32
// CHECK:         %[[SHIFTED:.*]] = math.fma %{{.*}}, %{{.*}}, %[[SHIFT]] : f32
// CHECK:         arith.bitcast %[[SHIFTED]] : f32 to i32
// CHECK-COUNT-6: math.fma %{{.*}} : f32
// CHECK:         %[[PS1:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK:         %[[Y:.*]] = arith.mulf %[[PS1]], %{{.*}} : f32
// CHECK-NOT:     math.exp
// CHECK:         return %[[Y]] : f32
func.func @exp_f32(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// Tests log on f64: subnormal inputs scaled by 2^54, exponent and mantissa
// split on the bits (with the sqrt(1/2) offset), one division for
// s = f / (2 + f), and the selects for 0, +inf, and negative or NaN inputs.
// CHECK-LABEL: func.func @log_f64(
// CHECK-SAME:      %[[X:.*]]: f64)
// CHECK-DAG:     %[[TINY:.*]] = arith.constant 2.2250738585072014E-308 : f64
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 0x4350000000000000 : f64
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-DAG:     %[[NINF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK-DAG:     %[[NAN:.*]] = arith.constant 0x7FF8000000000000 : f64
// CHECK-DAG:     %[[INF:.*]] = arith.constant 0x7FF0000000000000 : f64
// CHECK:         %[[SUB:.*]] = arith.cmpf olt, %[[X]], %[[TINY]] : f64
// CHECK:         %[[XS:.*]] = arith.mulf %[[X]], %[[SCALE]] : f64
// CHECK:         %[[Y:.*]] = arith.select %[[SUB]], %[[XS]], %[[X]] : f64
// CHECK:         %[[BITS:.*]] = arith.bitcast %[[Y]] : f64 to i64
// CHECK:         arith.shrui
// CHECK:         arith.divf
// CHECK-NOT:     arith.divf
// CHECK:         %[[IS0:.*]] = arith.cmpf oeq, %[[X]], %[[ZERO]] : f64
// CHECK:         %[[R1:.*]] = arith.select %[[IS0]], %[[NINF]], %{{.*}} : f64
// CHECK:         %[[ISINF:.*]] = arith.cmpf oeq, %[[X]], %[[INF]] : f64
// CHECK:         %[[R2:.*]] = arith.select %[[ISINF]], %[[X]], %[[R1]] : f64
// CHECK:         %[[NEG:.*]] = arith.cmpf ult, %[[X]], %[[ZERO]] : f64
// CHECK:         %[[R:.*]] = arith.select %[[NEG]], %[[NAN]], %[[R2]] : f64
// CHECK-NOT:     math.log
// CHECK:         return %[[R]] : f64
func.func @log_f64(%x: f64) -> f64 {
  %0 = math.log %x : f64
  return %0 : f64
}

// -----

// Tests log on f32 (subnormals scaled by 2^25, i32 bits).
// CHECK-LABEL: func.func @log_f32(
// CHECK-DAG:     arith.constant 1.17549435E-38 : f32
// CHECK-DAG:     arith.constant 0x4C000000 : f32
// CHECK:         arith.bitcast %{{.*}} : f32 to i32
// CHECK:         arith.divf %{{.*}} : f32
// CHECK:         arith.cmpf ult
// CHECK-NOT:     math.log
func.func @log_f32(%x: f32) -> f32 {
  %0 = math.log %x : f32
  return %0 : f32
}

// -----

// Tests tanh on f64: |x| clamped at 20, expm1(2|x|) in its fma branch
// (without expm1's select for -0: copysign sets the sign), t / (t + 2), and
// the sign of x restored by copysign.
// CHECK-LABEL: func.func @tanh_f64(
// CHECK-SAME:      %[[X:.*]]: f64)
// CHECK-DAG:     %[[LIM:.*]] = arith.constant 2.000000e+01 : f64
// CHECK-DAG:     %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// CHECK:         %[[A:.*]] = math.absf %[[X]] : f64
// CHECK:         %[[BIG:.*]] = arith.cmpf ogt, %[[A]], %[[LIM]] : f64
// CHECK:         %[[AC:.*]] = arith.select %[[BIG]], %[[LIM]], %[[A]] : f64
// CHECK:         %[[A2:.*]] = arith.addf %[[AC]], %[[AC]] : f64
// CHECK-NOT:     arith.cmpf oeq
// CHECK:         %[[D:.*]] = arith.addf %[[T:.*]], %[[TWO]] : f64
// CHECK:         %[[Q:.*]] = arith.divf %[[T]], %[[D]] : f64
// CHECK:         %[[R:.*]] = math.copysign %[[Q]], %[[X]] : f64
// CHECK-NOT:     math.tanh
// CHECK:         return %[[R]] : f64
func.func @tanh_f64(%x: f64) -> f64 {
  %0 = math.tanh %x : f64
  return %0 : f64
}

// -----

// Tests tanh on f32 (clamped at 10).
// CHECK-LABEL: func.func @tanh_f32(
// CHECK:         arith.constant 1.000000e+01 : f32
// CHECK:         math.copysign %{{.*}} : f32
// CHECK-NOT:     math.tanh
func.func @tanh_f32(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}

// -----

// Tests expm1 and log1p on vectors: the constants are splats, the bits
// vectors of integers; expm1 picks the exp branch above k = 55 and keeps
// -0; log1p takes f = x where 1 + x is near 1, and computes s = f/(2+f)
// with the only division (c/u by a Newton step).
// CHECK-LABEL: func.func @vectors(
// CHECK-SAME:      %[[X:.*]]: vector<8xf64>, %[[Y:.*]]: vector<16xf32>)
// CHECK:         arith.bitcast %{{.*}} : vector<8xf64> to vector<8xi64>
// CHECK:         %[[K55:.*]] = arith.cmpf ogt, %{{.*}}, %{{.*}} : vector<8xf64>
// CHECK:         %[[E:.*]] = arith.select %[[K55]], %{{.*}}, %{{.*}} : vector<8xi1>, vector<8xf64>
// CHECK:         %[[X0:.*]] = arith.cmpf oeq, %[[X]], %{{.*}} : vector<8xf64>
// CHECK:         %[[EM1:.*]] = arith.select %[[X0]], %[[X]], %[[E]] : vector<8xi1>, vector<8xf64>
// CHECK:         %[[U:.*]] = arith.addf %[[Y]], %{{.*}} : vector<16xf32>
// CHECK:         arith.bitcast %[[U]] : vector<16xf32> to vector<16xi32>
// CHECK:         %[[NEAR:.*]] = arith.andi %{{.*}}, %{{.*}} : vector<16xi1>
// CHECK:         %[[F:.*]] = arith.select %[[NEAR]], %[[Y]], %{{.*}} : vector<16xi1>, vector<16xf32>
// CHECK:         arith.divf
// CHECK-NOT:     arith.divf
// CHECK-NOT:     math.expm1
// CHECK-NOT:     math.log1p
// CHECK:         return %[[EM1]], %{{.*}} : vector<8xf64>, vector<16xf32>
func.func @vectors(%x: vector<8xf64>, %y: vector<16xf32>) -> (vector<8xf64>, vector<16xf32>) {
  %0 = math.expm1 %x : vector<8xf64>
  %1 = math.log1p %y : vector<16xf32>
  return %0, %1 : vector<8xf64>, vector<16xf32>
}

// -----

// Tests that ops without an approximation (sin, erf) and types other than
// f32/f64 (f16) are left alone.
// CHECK-LABEL: func.func @left_alone(
// CHECK-SAME:      %[[X:.*]]: f64, %[[H:.*]]: f16)
// CHECK-NEXT:    %[[S:.*]] = math.sin %[[X]] : f64
// CHECK-NEXT:    %[[E:.*]] = math.erf %[[S]] : f64
// CHECK-NEXT:    %[[EH:.*]] = math.exp %[[H]] : f16
// CHECK-NEXT:    return %[[E]], %[[EH]] : f64, f16
func.func @left_alone(%x: f64, %h: f16) -> (f64, f16) {
  %0 = math.sin %x : f64
  %1 = math.erf %0 : f64
  %2 = math.exp %h : f16
  return %1, %2 : f64, f16
}

// -----

// Tests tanh next to exp of the same x (B1): tanh takes t = expm1(x), which
// emits exp's clamps, reduction and polynomial again, so that CSE leaves one
// kernel for both; tanh = T / (T + 2) with T = fma(t, t, 2t), sign(x) above
// |x| = 20.
// RUN: symc-opt %s --split-input-file --symc-approximate-math --cse | FileCheck %s --check-prefix=SHARE
// SHARE-LABEL: func.func @tanh_with_exp(
// SHARE-SAME:      %[[X:.*]]: f64)
// SHARE-DAG:     %[[SHIFT:.*]] = arith.constant 0x4338000000000000 : f64
// SHARE-DAG:     %[[LOG2E:.*]] = arith.constant 1.4426950408889634 : f64
// SHARE-DAG:     %[[LIM:.*]] = arith.constant 2.000000e+01 : f64
// SHARE:         math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : f64
// SHARE-NOT:     math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : f64
// SHARE:         %[[T2:.*]] = arith.addf %[[TM1:.*]], %[[TM1]] : f64
// SHARE:         %[[T:.*]] = math.fma %[[TM1]], %[[TM1]], %[[T2]] : f64
// SHARE:         %[[D:.*]] = arith.addf %[[T]], %{{.*}} : f64
// SHARE:         %[[Q:.*]] = arith.divf %[[T]], %[[D]] : f64
// SHARE:         %[[R:.*]] = math.copysign %[[Q]], %[[X]] : f64
// SHARE:         %[[A:.*]] = math.absf %[[X]] : f64
// SHARE:         %[[BIG:.*]] = arith.cmpf ogt, %[[A]], %[[LIM]] : f64
// SHARE:         %[[TANH:.*]] = arith.select %[[BIG]], %{{.*}}, %[[R]] : f64
// SHARE-NOT:     math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : f64
// SHARE:         return %[[TANH]], %{{.*}} : f64, f64
// With exp not rewritten (functions=tanh), tanh keeps its own form.
// TANHONLY-LABEL: func.func @tanh_with_exp(
// TANHONLY-SAME:      %[[X:.*]]: f64)
// TANHONLY:         %[[A:.*]] = math.absf %[[X]]
// TANHONLY:         arith.cmpf ogt, %[[A]]
// TANHONLY:         %[[AC:.*]] = arith.select
// TANHONLY:         arith.addf %[[AC]], %[[AC]] : f64
// TANHONLY:         math.exp %[[X]] : f64
func.func @tanh_with_exp(%x: f64) -> (f64, f64) {
  %0 = math.tanh %x : f64
  %1 = math.exp %x : f64
  return %0, %1 : f64, f64
}

// -----

// Tests tanh next to exp(-|x|) (softplus, sigmoid): t = expm1(-|x|) shares
// that kernel; vectors too.
// SHARE-LABEL: func.func @tanh_with_exp_of_minus_abs(
// SHARE-SAME:      %[[X:.*]]: vector<8xf64>)
// SHARE-DAG:     %[[SHIFT:.*]] = arith.constant dense<0x4338000000000000> : vector<8xf64>
// SHARE-DAG:     %[[LOG2E:.*]] = arith.constant dense<1.4426950408889634> : vector<8xf64>
// SHARE:         %[[A:.*]] = math.absf %[[X]] : vector<8xf64>
// SHARE:         %[[Z:.*]] = arith.negf %[[A]] : vector<8xf64>
// SHARE:         math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : vector<8xf64>
// SHARE-NOT:     math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : vector<8xf64>
// SHARE:         %[[T:.*]] = math.fma %[[TM1:.*]], %[[TM1]], %{{.*}} : vector<8xf64>
// SHARE:         arith.divf %[[T]], %{{.*}} : vector<8xf64>
// SHARE-NOT:     math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : vector<8xf64>
// SHARE:         return
func.func @tanh_with_exp_of_minus_abs(%x: vector<8xf64>) -> (vector<8xf64>, vector<8xf64>) {
  %a = math.absf %x : vector<8xf64>
  %n = arith.negf %a : vector<8xf64>
  %e = math.exp %n : vector<8xf64>
  %0 = math.tanh %x : vector<8xf64>
  return %0, %e : vector<8xf64>, vector<8xf64>
}

// -----

// Tests that tanh next to an exp of another value, or next to an exp the
// pass leaves alone (functions=tanh), keeps its own form, expm1(2|x|)
// clamped at 20: two kernels, or exp left as a call.
// SHARE-LABEL: func.func @tanh_with_unrelated_exp(
// SHARE-DAG:     %[[SHIFT:.*]] = arith.constant 0x4338000000000000 : f64
// SHARE-DAG:     %[[LOG2E:.*]] = arith.constant 1.4426950408889634 : f64
// SHARE:         math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : f64
// SHARE:         math.fma %{{.*}}, %[[LOG2E]], %[[SHIFT]] : f64
// RUN: symc-opt %s --split-input-file --symc-approximate-math=functions=tanh | FileCheck %s --check-prefix=TANHONLY
// TANHONLY-LABEL: func.func @tanh_with_unrelated_exp(
// TANHONLY:        %[[A:.*]] = math.absf
// TANHONLY:        arith.cmpf ogt, %[[A]]
// TANHONLY:        %[[AC:.*]] = arith.select
// TANHONLY:        arith.addf %[[AC]], %[[AC]] : f64
// TANHONLY:        math.exp %{{.*}} : f64
func.func @tanh_with_unrelated_exp(%x: f64, %y: f64) -> (f64, f64) {
  %0 = math.tanh %x : f64
  %1 = math.exp %y : f64
  return %0, %1 : f64, f64
}

// -----

// Tests exp(-|x|) (softplus, sigmoid): -|x| never overflows, so only the
// lower clamp is emitted.
// CHECK-LABEL: func.func @exp_of_minus_abs(
// CHECK-SAME:      %[[X:.*]]: f64)
// CHECK-DAG:     %[[LO:.*]] = arith.constant -7.460000e+02 : f64
// CHECK:         %[[A:.*]] = math.absf %[[X]] : f64
// CHECK:         %[[Z:.*]] = arith.negf %[[A]] : f64
// CHECK-NOT:     arith.cmpf ogt
// CHECK:         %[[UNDER:.*]] = arith.cmpf olt, %[[Z]], %[[LO]] : f64
// CHECK:         arith.select %[[UNDER]], %[[LO]], %[[Z]] : f64
// CHECK-NOT:     arith.cmpf
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @exp_of_minus_abs(%x: f64) -> f64 {
  %a = math.absf %x : f64
  %n = arith.negf %a : f64
  %e = math.exp %n : f64
  return %e : f64
}

// -----

// Tests log1p(exp(-|x|)) (softplus): the argument lies in [0, 1] (or is
// NaN), so k is 0 or 1 and f comes straight from x: x itself below
// sqrt(2) - 1, else (x - 1) / 2, with c = x - ((x - 1) + 1) the rounding
// error of x - 1 as the correction; no exponent split (no bit casts after
// the exp's), no other compare, and no special-input selects (+0 and NaN
// pass through the formula). The log1p is rewritten before the exp it
// reads, whatever their order in the block.
// CHECK-LABEL: func.func @log1p_of_exp_of_minus_abs(
// CHECK-SAME:      %[[X:.*]]: f64)
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:     %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG:     %[[NEARHI:.*]] = arith.constant 0.41421356237309503 : f64
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         %[[D:.*]] = arith.subf %[[E:.*]], %[[ONE]] : f64
// CHECK-NEXT:    %[[D1:.*]] = arith.addf %[[D]], %[[ONE]] : f64
// CHECK-NEXT:    %[[C:.*]] = arith.subf %[[E]], %[[D1]] : f64
// CHECK-NEXT:    %[[F1:.*]] = arith.mulf %[[D]], %[[HALF]] : f64
// CHECK-NEXT:    %[[NEAR:.*]] = arith.cmpf olt, %[[E]], %[[NEARHI]] : f64
// CHECK-NEXT:    %[[K:.*]] = arith.select %[[NEAR]], %[[ZERO]], %[[ONE]] : f64
// CHECK-NEXT:    %[[F:.*]] = arith.select %[[NEAR]], %[[E]], %[[F1]] : f64
// CHECK-NOT:     arith.bitcast
// CHECK-NOT:     arith.cmpf
// CHECK:         %[[CY:.*]] = arith.mulf %[[C]], %{{.*}} : f64
// CHECK-NEXT:    %[[CH:.*]] = arith.mulf %[[CY]], %[[HALF]] : f64
// CHECK-NEXT:    %[[CU:.*]] = arith.select %[[NEAR]], %[[ZERO]], %[[CH]] : f64
// CHECK:         arith.divf %[[F]], %{{.*}} : f64
// CHECK-NOT:     arith.divf
// CHECK-NOT:     arith.select
// CHECK:         math.fma %[[K]], %{{.*}}, %[[CU]] : f64
// CHECK:         %[[R:.*]] = math.fma %[[K]], %{{.*}}, %{{.*}} : f64
// CHECK-NEXT:    return %[[R]] : f64
func.func @log1p_of_exp_of_minus_abs(%x: f64) -> f64 {
  %a = math.absf %x : f64
  %n = arith.negf %a : f64
  %e = math.exp %n : f64
  %l = math.log1p %e : f64
  return %l : f64
}

// -----

// Tests that log1p of an exp of anything else keeps every special case:
// exp(x) may be above 1 or infinite.
// CHECK-LABEL: func.func @log1p_of_exp(
// CHECK:         arith.andi
// CHECK:         arith.cmpf oge
// CHECK:         arith.cmpf oeq
// CHECK:         arith.cmpf oeq
// CHECK:         arith.cmpf oeq
// CHECK:         arith.cmpf ult
// CHECK-NOT:     math.log1p
func.func @log1p_of_exp(%x: f64) -> f64 {
  %e = math.exp %x : f64
  %l = math.log1p %e : f64
  return %l : f64
}
