// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{threads=1})' --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s
// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{threads=4})' --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s

// The canonicalize steps of symc-lower-to-llvm-pipeline: up to
// convert-scf-to-cf every region has one block, so they run without region
// simplification (it walked the whole module after every iteration and
// could only erase unused ops, which the driver erases too); the last one,
// on the LLVM dialect's multi-block CFG, keeps it. All run top-down, the
// pass's default.

// CHECK-LABEL: convert-symc-to-linalg{{.*}},
// CHECK-NEXT:  canonicalize{{.*}} region-simplify=disabled {{.*}}top-down=true}
// CHECK-NOT:   region-simplify=normal
// CHECK:       convert-scf-to-cf
// CHECK-NOT:   region-simplify=disabled
// CHECK:       reconcile-unrealized-casts,
// CHECK-NEXT:  canonicalize{{.*}} region-simplify=normal {{.*}}top-down=true}
// CHECK-NEXT:  cse
func.func @f(%x: tensor<?xf64>) -> tensor<?xf64> {
  %t = symc.tanh %x : tensor<?xf64>
  return %t : tensor<?xf64>
}
