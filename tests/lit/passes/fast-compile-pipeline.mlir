// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-fast-compile-pipeline)' | FileCheck %s
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-fast-compile-pipeline)' --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=STEPS

// symc-fast-compile-pipeline (FAST_COMPILE), broadly: cheap, but stable.

// Tests that the naive softplus and its gradient (the seed broadcast and
// the duplicated exp included, as the frontend emits them) are stabilized,
// while products and powers are not specialized.
// CHECK-LABEL: func.func @f
// CHECK-DAG:     symc.softplus
// CHECK-DAG:     symc.sigmoid
// CHECK-DAG:     symc.dot
// CHECK-DAG:     symc.pow
// CHECK-NOT:     symc.exp
// CHECK-NOT:     symc.gemm
// CHECK-NOT:     symc.sqr
func.func @f(%arg0: tensor<?xf64>, %a: tensor<?x?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>) {
  %0 = symc.exp %arg0 : tensor<?xf64>
  %1 = symc.constant dense<1.0> : tensor<1xf64>
  %2 = symc.add %1, %0 : tensor<1xf64>, tensor<?xf64>
  %3 = symc.log %2 : tensor<?xf64>
  %4 = symc.constant dense<1.0> : tensor<f64>
  %5 = symc.dimshuffle %4 [x] : tensor<f64>
  %6 = symc.shape %3 : tensor<?xf64>
  %7 = symc.broadcast_to %5, %6 : (tensor<1xf64>, tensor<1xi64>) -> tensor<?xf64>
  %e = symc.exp %arg0 : tensor<?xf64>
  %8 = symc.div %7, %2 : tensor<?xf64>
  %9 = symc.mul %8, %e : tensor<?xf64>
  %10 = symc.dot %a, %a : tensor<?x?xf64>, tensor<?x?xf64>
  %two = symc.constant dense<2.0> : tensor<1xf64>
  %11 = symc.pow %arg0, %two : tensor<?xf64>, tensor<1xf64>
  return %3, %9, %10, %11 : tensor<?xf64>, tensor<?xf64>, tensor<?x?xf64>, tensor<?xf64>
}

// STEPS:      func.func(
// STEPS-NEXT:   cse,
// STEPS-NEXT:   symc-stabilize
// STEPS-NEXT: )
