// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx512 approximate-math=0})' \
// RUN:   | mlir-translate --mlir-to-llvmir \
// RUN:   | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=skylake-avx512 -S \
// RUN:   | FileCheck %s --check-prefix=AVX512
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx2 approximate-math=0})' \
// RUN:   | mlir-translate --mlir-to-llvmir \
// RUN:   | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=haswell -S \
// RUN:   | FileCheck %s --check-prefix=AVX2

// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx512 threads=1})' \
// RUN:   | mlir-translate --mlir-to-llvmir \
// RUN:   | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=skylake-avx512 -S \
// RUN:   | FileCheck %s --check-prefix=APPROX512
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx512 threads=1 approximate-math-f32=0})' \
// RUN:   | mlir-translate --mlir-to-llvmir \
// RUN:   | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=skylake-avx512 -S \
// RUN:   | FileCheck %s --check-prefix=F32LIBMVEC
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{vector-isa=avx2 threads=1})' \
// RUN:   | mlir-translate --mlir-to-llvmir \
// RUN:   | opt -O3 -mtriple=x86_64-unknown-linux-gnu -mcpu=haswell -S \
// RUN:   | FileCheck %s --check-prefix=APPROX2

// What symc-lower-to-llvm-pipeline leaves for LLVM: after -O3 (what the JIT
// runs) the fused B1 loop is vectorized, in float64 and float32. By default
// exp/log/tanh are symc-approximate-math's straight-line code, vectorized at
// the ISA's width with no call at all (APPROX*); approximate-math-f32=0
// leaves float32 to libmvec (F32LIBMVEC); with approximate-math=0
// everything is libmvec vector calls of the ISA's width (AVX512, AVX2).

// APPROX512-LABEL: define {{.*}} @b1_f64(
// APPROX512:        call <8 x double> @llvm.fma.v8f64(
// APPROX512:        fdiv <8 x double>
// APPROX512:        call <8 x double> @llvm.copysign.v8f64(
// APPROX512-NOT:    call {{.*}}@{{(_ZGV.*|exp|log|tanh)}}(
// APPROX512-LABEL: define {{.*}} @b1_f32(
// APPROX512:        call <16 x float> @llvm.fma.v16f32(
// APPROX512:        fdiv <16 x float>
// APPROX512-NOT:    call {{.*}}@{{(_ZGV.*|expf|logf|tanhf)}}(
// APPROX512-LABEL: define {{.*}} @sum_exp(
// APPROX512:        call <8 x double> @llvm.fma.v8f64(
// APPROX512:        fadd reassoc <8 x double>
// APPROX512-NOT:    @_ZGVeN8v_exp(

// F32LIBMVEC-LABEL: define {{.*}} @b1_f64(
// F32LIBMVEC-NOT:    call {{.*}}@{{(_ZGV.*|exp|log|tanh)}}(
// F32LIBMVEC-LABEL: define {{.*}} @b1_f32(
// F32LIBMVEC-DAG:    call <16 x float> @_ZGVeN16v_expf(<16 x float>
// F32LIBMVEC-DAG:    call <16 x float> @_ZGVeN16v_logf(<16 x float>
// F32LIBMVEC-DAG:    call <16 x float> @_ZGVeN16v_tanhf(<16 x float>
// F32LIBMVEC-LABEL: define {{.*}} @sum_exp(

// APPROX2-LABEL:  define {{.*}} @b1_f64(
// APPROX2:          call <4 x double> @llvm.fma.v4f64(
// APPROX2:          fdiv <4 x double>
// APPROX2-NOT:      call {{.*}}@{{(_ZGV.*|exp|log|tanh)}}(
// APPROX2-LABEL:  define {{.*}} @b1_f32(
// APPROX2:          call <8 x float> @llvm.fma.v8f32(
// APPROX2-NOT:      call {{.*}}@{{(_ZGV.*|expf|logf|tanhf)}}(
// APPROX2-LABEL:  define {{.*}} @sum_exp(

// AVX512-LABEL: define {{.*}} @b1_f64(
// AVX512:         call <8 x double> @_ZGVeN8v_tanh(<8 x double>
// AVX512:         call <8 x double> @_ZGVeN8v_exp(<8 x double>
// AVX512:         call <8 x double> @_ZGVeN8v_log(<8 x double>
// AVX512-LABEL: define {{.*}} @b1_f32(
// AVX512:         call <16 x float> @_ZGVeN16v_tanhf(<16 x float>
// AVX512:         call <16 x float> @_ZGVeN16v_expf(<16 x float>
// AVX512:         call <16 x float> @_ZGVeN16v_logf(<16 x float>
// AVX512-LABEL: define {{.*}} @sum_exp(
// AVX512:         call <8 x double> @_ZGVeN8v_exp(<8 x double>
// AVX512:         fadd reassoc <8 x double>

// AVX2-LABEL:   define {{.*}} @b1_f64(
// AVX2:           call <4 x double> @_ZGVdN4v_tanh(<4 x double>
// AVX2-LABEL:   define {{.*}} @b1_f32(
// AVX2:           call <8 x float> @_ZGVdN8v_tanhf(<8 x float>
func.func @b1_f64(%x: tensor<?xf64>, %y: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %half = symc.constant dense<0.5> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %a = symc.add %one, %e : tensor<1xf64>, tensor<?xf64>
  %l = symc.log %a : tensor<?xf64>
  %m = symc.mul %l, %y : tensor<?xf64>, tensor<?xf64>
  %t = symc.tanh %x : tensor<?xf64>
  %th = symc.mul %t, %half : tensor<?xf64>, tensor<1xf64>
  %r = symc.add %m, %th : tensor<?xf64>, tensor<?xf64>
  return %r : tensor<?xf64>
}

func.func @b1_f32(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %one = symc.constant dense<1.0> : tensor<1xf32>
  %half = symc.constant dense<0.5> : tensor<1xf32>
  %e = symc.exp %x : tensor<?xf32>
  %a = symc.add %one, %e : tensor<1xf32>, tensor<?xf32>
  %l = symc.log %a : tensor<?xf32>
  %m = symc.mul %l, %y : tensor<?xf32>, tensor<?xf32>
  %t = symc.tanh %x : tensor<?xf32>
  %th = symc.mul %t, %half : tensor<?xf32>, tensor<1xf32>
  %r = symc.add %m, %th : tensor<?xf32>, tensor<?xf32>
  return %r : tensor<?xf32>
}

// An elementwise producer fused into a sum: the reduction is vectorized too
// (reassoc).
func.func @sum_exp(%x: tensor<?xf64>) -> tensor<f64> {
  %e = symc.exp %x : tensor<?xf64>
  %s = symc.reduce_sum %e axes = [0] : tensor<?xf64>
  return %s : tensor<f64>
}
