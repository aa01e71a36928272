// Tests that a stock mlir-opt-22 loads the symc dialect and passes from the
// plugin, parses symc IR and runs a symc pass named in --pass-pipeline.
// RUN: %mlir_opt %s --load-dialect-plugin=%symc_libs/libSymcPlugin.so \
// RUN:   --load-pass-plugin=%symc_libs/libSymcPlugin.so \
// RUN:   --pass-pipeline='builtin.module(func.func(symc-infer-shapes))' | FileCheck %s

// CHECK-LABEL: func.func @refine
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK:         %[[S:.*]] = symc.add %[[X]], %[[Y]] : tensor<4xf32>
// CHECK:         %[[C:.*]] = tensor.cast %[[S]] : tensor<4xf32> to tensor<?xf32>
// CHECK:         return %[[C]]
func.func @refine(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<?xf32> {
  %0 = "symc.add"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
