// RUN: symc-opt %s --split-input-file --allow-unregistered-dialect --symc-lower-checks | FileCheck %s

// symc-lower-checks turns each symc.check into a branch to a block that
// reports through symc_rt_fail and returns poison at once.

// Tests the early return: the code after the check moves to the success
// block, the failure block passes the message and the values (index values
// as i64, missing ones as 0) and returns poison of the result type.
// CHECK:       llvm.mlir.global internal constant @[[MSG:__symc_check_message_[0-9]+]]("symc.add at x.py:3: sizes {0} and {1} differ\00") {addr_space = 0 : i32}
// CHECK:       func.func private @symc_rt_fail(!llvm.ptr, i64, i64, i64, i64)
// CHECK-LABEL: func.func @early_return
// CHECK-SAME:    (%[[A:.*]]: memref<?xf64>, %[[N:.*]]: index, %[[M:.*]]: index)
// CHECK:         %[[OK:.*]] = arith.cmpi eq, %[[N]], %[[M]] : index
// CHECK:         cf.cond_br %[[OK]] weights([1048576, 1]), ^[[PASS:.*]], ^[[FAIL:.*]]
// CHECK:       ^[[PASS]]:
// CHECK-NEXT:    "test.protected"(%[[A]]) : (memref<?xf64>) -> ()
// CHECK-NEXT:    return %[[A]] : memref<?xf64>
// CHECK:       ^[[FAIL]]:
// CHECK-NEXT:    %[[P:.*]] = llvm.mlir.addressof @[[MSG]] : !llvm.ptr
// CHECK-NEXT:    %[[V0:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK-NEXT:    %[[V1:.*]] = arith.index_cast %[[M]] : index to i64
// CHECK-NEXT:    %[[Z0:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    %[[Z1:.*]] = arith.constant 0 : i64
// CHECK-NEXT:    call @symc_rt_fail(%[[P]], %[[V0]], %[[V1]], %[[Z0]], %[[Z1]]) : (!llvm.ptr, i64, i64, i64, i64) -> ()
// CHECK-NEXT:    %[[POISON:.*]] = ub.poison : memref<?xf64>
// CHECK-NEXT:    return %[[POISON]] : memref<?xf64>
func.func @early_return(%a: memref<?xf64>, %n: index, %m: index) -> memref<?xf64> {
  %ok = arith.cmpi eq, %n, %m : index
  symc.check %ok, "symc.add at x.py:3: sizes {0} and {1} differ" (%n, %m : index, index)
  "test.protected"(%a) : (memref<?xf64>) -> ()
  return %a : memref<?xf64>
}

// -----

// Tests that two checks with one message share one global, that narrow
// integers are sign-extended, and that checks are lowered in order.
// CHECK-COUNT-1: llvm.mlir.global internal constant
// CHECK-NOT:     llvm.mlir.global
// CHECK-LABEL: func.func @two_checks
// CHECK:         cf.cond_br %{{.*}} weights([1048576, 1]), ^[[B1:.*]], ^[[F1:.*]]
// CHECK:       ^[[B1]]:
// CHECK:         cf.cond_br %{{.*}} weights([1048576, 1]), ^[[B2:.*]], ^[[F2:.*]]
// CHECK:       ^[[B2]]:
// CHECK-NEXT:    return
// CHECK:       ^[[F1]]:
// CHECK:         arith.extsi %{{.*}} : i32 to i64
// CHECK:         call @symc_rt_fail
// CHECK:       ^[[F2]]:
// CHECK:         call @symc_rt_fail
func.func @two_checks(%c1: i1, %c2: i1, %v: i32) {
  symc.check %c1, "same message {0}" (%v : i32)
  symc.check %c2, "same message {0}" (%v : i32)
  return
}

// -----

// Tests that a function without checks is left alone (no declaration).
// CHECK-NOT:   symc_rt_fail
// CHECK-LABEL: func.func @no_checks
// CHECK-NEXT:    return
func.func @no_checks() {
  return
}
