// RUN: symc-opt %s --symc-stabilize=cse-first=false | FileCheck %s --check-prefix=MERGE
// RUN: symc-opt %s --symc-stabilize="cse-first=false cse-constants=false" | FileCheck %s --check-prefix=KEEP
// RUN: symc-opt %s --symc-specialize=cse-constants=false | FileCheck %s --check-prefix=SPEC
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-optimize-pipeline)' | FileCheck %s --check-prefix=PIPE

// cse-constants=false skips the greedy driver's first pass, which merges
// equal constants of the input (a visit of every op): the optimize pipeline
// sets it for symc-stabilize and symc-specialize, whose input its
// canonicalize and cse steps left with one constant of each value. The
// rewrites still fire; equal constants of an input that breaks the promise
// stay apart (the pipeline's last cleanup would merge them).

// MERGE-LABEL: func.func @softplus_and_duplicates
// MERGE-COUNT-1: symc.constant dense<1.500000e+00>
// MERGE-NOT:     symc.constant dense<1.500000e+00>
// MERGE:         symc.softplus
// KEEP-LABEL:  func.func @softplus_and_duplicates
// KEEP-COUNT-2: symc.constant dense<1.500000e+00>
// KEEP:         symc.softplus
// KEEP-NOT:     symc.log
// PIPE-LABEL:  func.func @softplus_and_duplicates
// PIPE-COUNT-1: symc.constant dense<1.500000e+00>
// PIPE-NOT:     symc.constant dense<1.500000e+00>
// PIPE:         symc.softplus
func.func @softplus_and_duplicates(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %c1 = symc.constant dense<1.5> : tensor<1xf64>
  %a = symc.add %x, %c1 : tensor<?xf64>, tensor<1xf64>
  %c2 = symc.constant dense<1.5> : tensor<1xf64>
  %b = symc.add %x, %c2 : tensor<?xf64>, tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %s = symc.add %e, %one : tensor<?xf64>, tensor<1xf64>
  %r = symc.log %s : tensor<?xf64>
  return %a, %b, %r : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// symc-specialize with cse-constants=false: x ** 2 still becomes sqr(x);
// the equal constants of the input stay two.
// SPEC-LABEL: func.func @square_and_duplicates
// SPEC-COUNT-2: symc.constant dense<1.500000e+00>
// SPEC:         symc.sqr
// SPEC-NOT:     symc.pow
func.func @square_and_duplicates(%x: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %c1 = symc.constant dense<1.5> : tensor<1xf64>
  %a = symc.add %x, %c1 : tensor<?xf64>, tensor<1xf64>
  %c2 = symc.constant dense<1.5> : tensor<1xf64>
  %b = symc.add %x, %c2 : tensor<?xf64>, tensor<1xf64>
  %two = symc.constant dense<2.0> : tensor<1xf64>
  %p = symc.pow %x, %two : tensor<?xf64>, tensor<1xf64>
  return %a, %b, %p : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
