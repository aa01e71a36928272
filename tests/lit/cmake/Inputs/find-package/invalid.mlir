func.func @bad(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  %0 = symc.add %a, %b : tensor<3xf32>, tensor<4xf32>
  return
}
