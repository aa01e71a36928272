// RUN: symc-opt %s --symc-specialize | FileCheck %s --check-prefix=FOLD
// RUN: symc-opt %s --symc-specialize=fold=false | FileCheck %s --check-prefix=KEEP
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline)' | FileCheck %s --check-prefix=PIPE

// fold=false: the greedy driver visits each op for the rewrites only, not
// to fold it. The optimize pipeline sets it, since its earlier steps fold
// everything and its last canonicalize folds what symc-specialize makes.
// The rewrites still fire; a foldable op of the input stays.

// FOLD-LABEL: func.func @square_and_foldable
// FOLD:         symc.constant dense<3.000000e+00>
// FOLD-NOT:     symc.add
// FOLD:         symc.sqr
// KEEP-LABEL: func.func @square_and_foldable
// KEEP:         symc.add %{{.*}}, %{{.*}} : tensor<1xf64>
// KEEP:         symc.sqr
// KEEP-NOT:     symc.pow
// PIPE-LABEL: func.func @square_and_foldable
// PIPE:         symc.constant dense<3.000000e+00>
// PIPE-NOT:     symc.add
// PIPE:         symc.sqr
func.func @square_and_foldable(%x: tensor<?xf64>) -> (tensor<1xf64>, tensor<?xf64>) {
  %c1 = symc.constant dense<1.0> : tensor<1xf64>
  %c2 = symc.constant dense<2.0> : tensor<1xf64>
  %s = symc.add %c1, %c2 : tensor<1xf64>, tensor<1xf64>
  %p = symc.pow %x, %c2 : tensor<?xf64>, tensor<1xf64>
  return %s, %p : tensor<1xf64>, tensor<?xf64>
}
