// A naive softplus on a dynamic-length vector, with a redundant common
// subexpression and an identity multiplication that the optimizer removes.
// Run: symc-opt examples/softplus.mlir --pass-pipeline='builtin.module(func.func(symc-infer-shapes,canonicalize,cse))'
func.func @softplus(%x: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<1xf64>
  %e = symc.exp %x : tensor<?xf64>
  %e2 = symc.exp %x : tensor<?xf64>
  %s = symc.add %e, %one : tensor<?xf64>, tensor<1xf64>
  %l = symc.log %s : tensor<?xf64>
  %m = symc.mul %l, %one : tensor<?xf64>, tensor<1xf64>
  %r = symc.sub %m, %e2 : tensor<?xf64>, tensor<?xf64>
  %z = symc.add %r, %e2 : tensor<?xf64>, tensor<?xf64>
  return %z : tensor<?xf64>
}
