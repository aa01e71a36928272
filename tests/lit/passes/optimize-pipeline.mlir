// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline)' | FileCheck %s
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline{exclude=symc-specialize})' | FileCheck %s --check-prefix=NOSPEC
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline)' --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=STEPS
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline)' --mlir-pass-statistics -o /dev/null 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: not symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline{exclude=fuse})' -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD

// symc-optimize-pipeline (FAST_RUN), broadly: a training step of a
// 784-500-10 MLP as symc.grad emits it (tanh hidden layer, softmax output,
// mean crossentropy, SGD updates of W1, b1, W2, b2), and a naive softplus.

// Tests that every matrix product of the step, forward and backward, is one
// gemm, that no transpose is left (the gemm flags absorb them), that the
// weight updates accumulate into the weights, and that the crossentropy of
// the softmax is fused.
// CHECK-LABEL: func.func @step
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x?xf64>, %[[Y:[^:]*]]: tensor<?xi64>, %[[W1:[^:]*]]: tensor<?x?xf64>, %[[B1:[^:]*]]: tensor<?xf64>, %[[W2:[^:]*]]: tensor<?x?xf64>, %[[B2:[^:]*]]: tensor<?xf64>)
// CHECK-DAG:     symc.gemm %{{.*}}, %[[X]], %[[W1]], %{{.*}}, %{{.*}} :
// CHECK-DAG:     symc.gemm %{{.*}}, %{{.*}}, %[[W2]], %{{.*}}, %{{.*}} :
// CHECK-DAG:     symc.gemm %{{.*}}, %{{.*}}, %[[W2]], %{{.*}}, %{{.*}} {transpose_b}
// CHECK-DAG:     symc.gemm %{{.*}}, %[[X]], %{{.*}}, %{{.*}}, %[[W1]] {transpose_a}
// CHECK-DAG:     symc.gemm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[W2]] {transpose_a}
// CHECK-DAG:     symc.crossentropy_softmax
// CHECK-DAG:     symc.crossentropy_softmax_grad
// CHECK-NOT:     symc.dot
// CHECK-NOT:     [1, 0]
// CHECK:         return
// NOSPEC-LABEL:  func.func @step
// NOSPEC-NOT:    symc.gemm
// NOSPEC-COUNT-5: symc.dot
  func.func @step(%arg0: tensor<?x?xf64>, %arg1: tensor<?xi64>, %arg2: tensor<?x?xf64>, %arg3: tensor<?xf64>, %arg4: tensor<?x?xf64>, %arg5: tensor<?xf64>) -> (tensor<f64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>) {
    %0 = symc.dot %arg0, %arg2 : tensor<?x?xf64>, tensor<?x?xf64>
    %1 = symc.dimshuffle %arg3 [x, 0] : tensor<?xf64>
    %2 = symc.add %0, %1 : tensor<?x?xf64>, tensor<1x?xf64>
    %3 = symc.tanh %2 : tensor<?x?xf64>
    %4 = symc.dot %3, %arg4 : tensor<?x?xf64>, tensor<?x?xf64>
    %5 = symc.dimshuffle %arg5 [x, 0] : tensor<?xf64>
    %6 = symc.add %4, %5 : tensor<?x?xf64>, tensor<1x?xf64>
    %7 = symc.softmax %6 axis = 1 : tensor<?x?xf64>
    %8 = symc.categorical_crossentropy %7, %arg1 : tensor<?x?xf64>, tensor<?xi64>
    %9 = symc.reduce_mean %8 axes = [0] : tensor<?xf64>
    %10 = symc.dimshuffle %arg0 [1, 0] : tensor<?x?xf64>
    %11 = symc.constant dense<1.0> : tensor<f64>
    %12 = symc.dimshuffle %11 [x] : tensor<f64>
    %13 = symc.shape %8 : tensor<?xf64>
    %14 = symc.subtensor %13[0] : tensor<1xi64>
    %15 = symc.cast %14 : tensor<i64> to tensor<f64>
    %16 = symc.dimshuffle %15 [x] : tensor<f64>
    %17 = symc.div %12, %16 : tensor<1xf64>
    %18 = symc.shape %8 : tensor<?xf64>
    %19 = symc.broadcast_to %17, %18 : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
    %20 = symc.crossentropy_softmax_grad %19, %6, %arg1 : tensor<?xf64>, tensor<?x?xf64>, tensor<?xi64>
    %21 = symc.dimshuffle %arg4 [1, 0] : tensor<?x?xf64>
    %22 = symc.dot %20, %21 : tensor<?x?xf64>, tensor<?x?xf64>
    %23 = symc.sqr %3 : tensor<?x?xf64>
    %24 = symc.constant dense<1.0> : tensor<1x1xf64>
    %25 = symc.sub %24, %23 : tensor<1x1xf64>, tensor<?x?xf64>
    %26 = symc.mul %22, %25 : tensor<?x?xf64>
    %27 = symc.dot %10, %26 : tensor<?x?xf64>, tensor<?x?xf64>
    %28 = symc.constant dense<0.1> : tensor<1x1xf64>
    %29 = symc.mul %28, %27 : tensor<1x1xf64>, tensor<?x?xf64>
    %30 = symc.sub %arg2, %29 : tensor<?x?xf64>
    %31 = symc.reduce_sum %26 axes = [0] keepdims : tensor<?x?xf64>
    %32 = symc.dimshuffle %31 [1] : tensor<1x?xf64>
    %33 = symc.constant dense<0.1> : tensor<1xf64>
    %34 = symc.mul %33, %32 : tensor<1xf64>, tensor<?xf64>
    %35 = symc.sub %arg3, %34 : tensor<?xf64>
    %36 = symc.dimshuffle %3 [1, 0] : tensor<?x?xf64>
    %37 = symc.dot %36, %20 : tensor<?x?xf64>, tensor<?x?xf64>
    %38 = symc.constant dense<0.1> : tensor<1x1xf64>
    %39 = symc.mul %38, %37 : tensor<1x1xf64>, tensor<?x?xf64>
    %40 = symc.sub %arg4, %39 : tensor<?x?xf64>
    %41 = symc.reduce_sum %20 axes = [0] keepdims : tensor<?x?xf64>
    %42 = symc.dimshuffle %41 [1] : tensor<1x?xf64>
    %43 = symc.constant dense<0.1> : tensor<1xf64>
    %44 = symc.mul %43, %42 : tensor<1xf64>, tensor<?xf64>
    %45 = symc.sub %arg5, %44 : tensor<?xf64>
    return %9, %30, %35, %40, %45 : tensor<f64>, tensor<?x?xf64>, tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>
  }

// Tests that a naive softplus and its gradient are stable: softplus and
// sigmoid, no exp.
// CHECK-LABEL: func.func @softplus
// CHECK-DAG:     symc.softplus
// CHECK-DAG:     symc.sigmoid
// CHECK-NOT:     symc.exp
func.func @softplus(%arg0: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %0 = symc.exp %arg0 : tensor<?xf64>
  %1 = symc.constant dense<1.0> : tensor<1xf64>
  %2 = symc.add %1, %0 : tensor<1xf64>, tensor<?xf64>
  %3 = symc.log %2 : tensor<?xf64>
  %4 = symc.constant dense<1.0> : tensor<f64>
  %5 = symc.dimshuffle %4 [x] : tensor<f64>
  %6 = symc.shape %3 : tensor<?xf64>
  %7 = symc.broadcast_to %5, %6 : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
  %8 = symc.div %7, %2 : tensor<?xf64>
  %9 = symc.mul %8, %0 : tensor<?xf64>
  return %3, %9 : tensor<?xf64>, tensor<?xf64>
}

// The canonicalize steps run top-down (the pass's default) without region
// simplification: symc functions have single-block regions only.
// STEPS:      func.func(
// STEPS-NEXT:   canonicalize{{.*}} region-simplify=disabled {{.*}}top-down=true}
// STEPS-NEXT:   cse,
// STEPS-NEXT:   symc-stabilize
// STEPS-NEXT:   symc-scan-pushout
// STEPS-NEXT:   symc-specialize
// STEPS-NEXT:   canonicalize{{.*}} region-simplify=disabled {{.*}}top-down=true}
// STEPS-NEXT:   cse
// STEPS-NEXT: )

// STATS:      symc rewrite statistics
// STATS:      symc-stabilize
// STATS:      (S) 1 softplus - log1p(exp(x)) => softplus(x)
// STATS:      (S) 1 crossentropy-softmax
// STATS:      symc-specialize
// STATS:      (S) 5 dot-to-gemm
// STATS:      (S) 2 blas-accumulate

// BAD: symc-optimize-pipeline: exclude names 'fuse', which is not a step
