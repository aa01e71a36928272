// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(convert-symc-to-linalg,canonicalize,cse,func.func(symc-fuse-gemv-pairs))' | FileCheck %s

// Tests the logistic-regression shape: z = X.w, g = sigmoid(z) - y (row
// local, with a row vector y), grad = 0.5 * X^T.g + 0.5 * c. Both BLAS calls
// are gone; one loop over blocks of 4 rows computes 4 dot products (4
// accumulators), the middle per row and 4 axpys into the gradient, and g is
// still produced for its other user (the reduction over rows).
// CHECK-LABEL: func.func @logistic
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<?x?xf64>, %[[W:[^:]*]]: tensor<?xf64>, %[[Y:[^:]*]]: tensor<?xf64>
// CHECK-NOT:     call @symc_rt_gemv_f64
// CHECK:         %[[XB:.*]] = bufferization.to_buffer %[[X]] read_only
// CHECK:         %[[WB:.*]] = bufferization.to_buffer %[[W]] read_only
// CHECK:         %[[YB:.*]] = bufferization.to_buffer %[[Y]] read_only
// CHECK:         %[[G:[a-z0-9_]+]] = memref.alloc
// CHECK:         scf.if
// CHECK:           %[[XV:.*]] = memref.reinterpret_cast %[[XB]]
// CHECK:           %[[WV:.*]] = memref.reinterpret_cast %[[WB]]
// CHECK:           %[[YV:.*]] = memref.reinterpret_cast %[[YB]]
// CHECK:           scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %c4
// CHECK:             %[[DOTS:.*]]:4 = scf.for {{.*}} iter_args({{.*}}) -> (f64, f64, f64, f64)
// CHECK:               memref.load %[[WV]]
// CHECK:               memref.load %[[XV]][%[[I]],
// CHECK:             math.exp
// CHECK:             memref.load %[[YV]][%[[I]]]
// CHECK:             memref.store %{{.*}}, %[[G]][%[[I]]]
// CHECK:             scf.for
// CHECK-COUNT-4:       arith.mulf
// CHECK:           scf.for {{.*}} step %c1
// CHECK:         } else {
// CHECK-NOT:     call @symc_rt_gemv_f64
// CHECK:         %[[GT:.*]] = bufferization.to_tensor %[[G]] restrict writable
// CHECK:         linalg.generic {{.*}} ins(%[[GT]] : tensor<?xf64>)
// CHECK-NOT:     call @symc_rt_gemv_f64
// CHECK:         return
func.func @logistic(%x: tensor<?x?xf64>, %w: tensor<?xf64>, %y: tensor<?xf64>, %c: tensor<?xf64>) -> (tensor<?xf64>, tensor<f64>) {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %half = symc.constant dense<0.5> : tensor<f64>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = symc.gemv %one, %x, %w, %zero, %e : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %p = symc.sigmoid %z : tensor<?xf64>
  %g = symc.sub %p, %y : tensor<?xf64>
  %gw = symc.gemv %half, %x, %g, %half, %c {transpose_a} : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %s = symc.reduce_sum %g axes = [0] : tensor<?xf64>
  return %gw, %s : tensor<?xf64>, tensor<f64>
}

// -----

// Tests that z itself and a middle value used between the two products (p,
// whose log is reduced over rows) are still produced: z, p and g are stored
// per row, and the users between the calls move after the fused loop, in
// f32.
// CHECK-LABEL: func.func @live_middle_f32
// CHECK-NOT:     call @symc_rt_gemv_f32
// CHECK:         %[[ZB:[a-z0-9_]+]] = memref.alloc
// CHECK:         %[[OUT:[a-z0-9_]+]] = memref.alloc
// CHECK:         %[[PB:[a-z0-9_]+]] = memref.alloc
// CHECK-NEXT:    %[[GB:[a-z0-9_]+]] = memref.alloc
// CHECK:         scf.if
// CHECK:           arith.addf {{.*}} fastmath<reassoc,contract> : f32
// CHECK:           memref.store %{{.*}}, %[[ZB]]
// CHECK:           memref.store %{{.*}}, %[[PB]]
// CHECK:           memref.store %{{.*}}, %[[GB]]
// CHECK:         } else {
// CHECK:         %[[ZT:.*]] = bufferization.to_tensor %[[ZB]] restrict writable
// CHECK-NEXT:    %[[PT:.*]] = bufferization.to_tensor %[[PB]] restrict writable
// CHECK-NEXT:    %[[GT:.*]] = bufferization.to_tensor %[[GB]] restrict writable
// CHECK:         %[[LOG:.*]] = linalg.generic {{.*}} ins(%[[PT]] : tensor<?xf32>)
// CHECK:           math.log
// CHECK:         linalg.generic {{.*}} ins(%[[LOG]] : tensor<?xf32>)
// CHECK:         %[[GW:.*]] = bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         return %[[GW]], %{{.*}}, %[[ZT]], %[[GT]]
func.func @live_middle_f32(%x: tensor<?x?xf32>, %w: tensor<?xf32>, %y: tensor<?xf32>) -> (tensor<?xf32>, tensor<f32>, tensor<?xf32>, tensor<?xf32>) {
  %one = symc.constant dense<1.0> : tensor<f32>
  %zero = symc.constant dense<0.0> : tensor<f32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf32>
  %d = tensor.dim %x, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %z = symc.gemv %one, %x, %w, %zero, %e : tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>
  %p = symc.sigmoid %z : tensor<?xf32>
  %l = symc.log %p : tensor<?xf32>
  %loss = symc.reduce_sum %l axes = [0] : tensor<?xf32>
  %g = symc.sub %p, %y : tensor<?xf32>
  %e2 = tensor.empty(%d) : tensor<?xf32>
  %gw = symc.gemv %one, %x, %g, %zero, %e2 {transpose_a} : tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>
  return %gw, %loss, %z, %g : tensor<?xf32>, tensor<f32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// Tests that a reduction over rows feeding g (g = z - mean(z)) is not row
// local: both products stay BLAS calls.
// CHECK-LABEL: func.func @reduction_in_middle
// CHECK:         call @symc_rt_gemv_f64
// CHECK:         call @symc_rt_gemv_f64
func.func @reduction_in_middle(%x: tensor<?x?xf64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %d = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = symc.gemv %one, %x, %w, %zero, %e : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %m = symc.reduce_mean %z axes = [0] keepdims : tensor<?xf64>
  %g = symc.sub %z, %m : tensor<?xf64>, tensor<1xf64>
  %e2 = tensor.empty(%d) : tensor<?xf64>
  %gw = symc.gemv %one, %x, %g, %zero, %e2 {transpose_a} : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  return %gw : tensor<?xf64>
}

// -----

// Tests that the products must read the same X: a different matrix, or X
// with a row overwritten between the products (a new tensor), is left alone.
// CHECK-LABEL: func.func @different_x
// CHECK:         call @symc_rt_gemv_f64
// CHECK:         call @symc_rt_gemv_f64
// CHECK-LABEL: func.func @x_written_between
// CHECK:         call @symc_rt_gemv_f64
// CHECK:         call @symc_rt_gemv_f64
func.func @different_x(%x: tensor<?x?xf64>, %x2: tensor<?x?xf64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %d = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = symc.gemv %one, %x, %w, %zero, %e : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %g = symc.tanh %z : tensor<?xf64>
  %e2 = tensor.empty(%d) : tensor<?xf64>
  %gw = symc.gemv %one, %x2, %g, %zero, %e2 {transpose_a} : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  return %gw : tensor<?xf64>
}

func.func @x_written_between(%x: tensor<?x?xf64>, %w: tensor<?xf64>, %row: tensor<?xf64>) -> tensor<?xf64> {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %d = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = symc.gemv %one, %x, %w, %zero, %e : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %g = symc.tanh %z : tensor<?xf64>
  %x2 = symc.set_subtensor %x[0], %row : tensor<?x?xf64>, tensor<?xf64>
  %e2 = tensor.empty(%d) : tensor<?xf64>
  %gw = symc.gemv %one, %x2, %g, %zero, %e2 {transpose_a} : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  return %gw : tensor<?xf64>
}

// -----

// Tests that a user of z between the products that cannot move after the
// fused loop (a BLAS dot call, with side effects) stops the fusion.
// CHECK-LABEL: func.func @call_between
// CHECK:         call @symc_rt_gemv_f64
// CHECK:         call @symc_rt_dot_f64
// CHECK:         call @symc_rt_gemv_f64
func.func @call_between(%x: tensor<?x?xf64>, %w: tensor<?xf64>) -> (tensor<?xf64>, tensor<f64>) {
  %one = symc.constant dense<1.0> : tensor<f64>
  %zero = symc.constant dense<0.0> : tensor<f64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf64>
  %d = tensor.dim %x, %c1 : tensor<?x?xf64>
  %e = tensor.empty(%n) : tensor<?xf64>
  %z = symc.gemv %one, %x, %w, %zero, %e : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  %zz = symc.dot %z, %z : tensor<?xf64>, tensor<?xf64>
  %g = symc.tanh %z : tensor<?xf64>
  %e2 = tensor.empty(%d) : tensor<?xf64>
  %gw = symc.gemv %one, %x, %g, %zero, %e2 {transpose_a} : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
  return %gw, %zz : tensor<?xf64>, tensor<f64>
}
