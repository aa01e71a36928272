// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{threads=1 approximate-math=0})' | FileCheck %s

// symc-lower-to-llvm-pipeline keeps symc.ifelse lazy down to the LLVM
// dialect: the condition picks one of two blocks, and the work of each
// branch (here the exp loop) is reachable only from its own block. threads=1
// keeps the loop in the function (not in a block function of the thread pool).

// Tests that the loaded condition branches to the then block, whose loop
// calls exp, or to the else block, which only builds a view of x.
// CHECK-LABEL: llvm.func @lazy
// CHECK:         %[[COND:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i1
// CHECK-NEXT:    llvm.cond_br %[[COND]], ^[[THEN:.*]], ^[[ELSE:bb[0-9]+]]
// CHECK:       ^[[THEN]]:
// CHECK:         llvm.call @_mlir_memref_to_llvm_alloc
// CHECK:         llvm.call @exp
// CHECK:       ^[[ELSE]]:
// CHECK-NOT:     llvm.call
// CHECK:         llvm.br
func.func @lazy(%c: tensor<i1>, %x: tensor<?xf64>) -> tensor<?xf64> {
  %r = symc.ifelse %c -> (tensor<?xf64>) {
    %e = symc.exp %x : tensor<?xf64>
    symc.yield %e : tensor<?xf64>
  } else {
    %s = symc.subtensor %x[10:] : tensor<?xf64>
    symc.yield %s : tensor<?xf64>
  }
  return %r : tensor<?xf64>
}
