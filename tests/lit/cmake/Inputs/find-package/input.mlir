func.func @f(%x: tensor<?x4xf32>, %b: tensor<1x4xf32>) -> tensor<?xf32> {
  %0 = symc.add %x, %b : tensor<?x4xf32>, tensor<1x4xf32>
  %1 = symc.reduce_sum %0 axes = [1] : tensor<?x4xf32>
  return %1 : tensor<?xf32>
}
