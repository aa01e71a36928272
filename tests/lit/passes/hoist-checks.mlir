// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-hoist-checks))' | FileCheck %s

// symc-hoist-checks moves each symc.check, with the pure scalar code of its
// condition and values, to right after the last operation it depends on
// that is not pure scalar code.

// Tests a broadcast check that came after a producer writing a buffer of
// the consumer's static size: it moves before the producer (and before the
// allocation), with the dim and the comparison it reads.
// CHECK-LABEL: func.func @before_the_producer
// CHECK-SAME:    (%[[Y:.*]]: memref<?x2xf32>)
// CHECK:         %[[D:.*]] = memref.dim %[[Y]]
// CHECK-NEXT:    %[[OK:.*]] = arith.cmpi eq, %[[D]]
// CHECK-NEXT:    symc.check %[[OK]], "operand #1 has size {0} along dimension 0 but the other operands have {1}"
// CHECK-NEXT:    %[[T:.*]] = memref.alloc() : memref<3x2xf32>
// CHECK-NEXT:    linalg.generic
func.func @before_the_producer(%y: memref<?x2xf32>) -> memref<3x2xf32> {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %d = memref.dim %y, %c0 : memref<?x2xf32>
  %t = memref.alloc() : memref<3x2xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%y : memref<?x2xf32>) outs(%t : memref<3x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %in : f32
    linalg.yield %m : f32
  }
  %ok = arith.cmpi eq, %d, %c3 : index
  symc.check %ok, "operand #1 has size {0} along dimension 0 but the other operands have {1}"(%d, %c3 : index, index)
  return %t : memref<3x2xf32>
}

// -----

// Tests checks that depend on computed data: a check of a loaded value
// stays after the load, and the null check of an allocation after it;
// checks of one anchor keep their order, and a later check of an earlier
// anchor passes them.
// CHECK-LABEL: func.func @after_what_they_read
// CHECK-SAME:    (%[[N:.*]]: index, %[[X:.*]]: memref<?xi64>)
// CHECK:         %[[BIG:.*]] = arith.cmpi ult, %[[N]]
// CHECK-NEXT:    symc.check %[[BIG]], "second"
// CHECK:         %[[A:.*]] = memref.alloc(%[[N]]) : memref<?xi64>
// CHECK:         symc.check %{{.*}}, "null"
// CHECK:         memref.copy %[[X]], %[[A]]
// CHECK-NEXT:    %[[V:.*]] = memref.load %[[A]]
// CHECK-NEXT:    %[[POS:.*]] = arith.cmpi sge, %[[V]]
// CHECK-NEXT:    symc.check %[[POS]], "first"
// CHECK-NEXT:    %[[NEG:.*]] = arith.cmpi slt, %[[V]]
// CHECK-NEXT:    symc.check %[[NEG]], "third"
func.func @after_what_they_read(%n: index, %x: memref<?xi64>) -> memref<?xi64> {
  %c0 = arith.constant 0 : index
  %z = arith.constant 0 : i64
  %null = arith.constant 0 : index
  %a = memref.alloc(%n) : memref<?xi64>
  %p = memref.extract_aligned_pointer_as_index %a : memref<?xi64> -> index
  %got = arith.cmpi ne, %p, %null : index
  symc.check %got, "null"
  memref.copy %x, %a : memref<?xi64> to memref<?xi64>
  %v = memref.load %a[%c0] : memref<?xi64>
  %pos = arith.cmpi sge, %v, %z : i64
  symc.check %pos, "first"
  %c100 = arith.constant 100 : index
  %big = arith.cmpi ult, %n, %c100 : index
  symc.check %big, "second"
  %neg = arith.cmpi slt, %v, %z : i64
  symc.check %neg, "third"
  return %a : memref<?xi64>
}

// -----

// Tests a check inside a loop body: it moves within its block only.
// CHECK-LABEL: func.func @in_a_loop
// CHECK:         scf.for %[[I:.*]] =
// CHECK-NEXT:      %[[OK:.*]] = arith.cmpi ult, %[[I]]
// CHECK-NEXT:      symc.check %[[OK]], "in the loop"
// CHECK-NEXT:      memref.store
func.func @in_a_loop(%m: memref<?xf32>, %n: index, %f: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  scf.for %i = %c0 to %n step %c1 {
    memref.store %f, %m[%i] : memref<?xf32>
    %ok = arith.cmpi ult, %i, %c7 : index
    symc.check %ok, "in the loop"
  }
  return
}

// -----

// Tests scalar code shared by two checks: the first moves it after the load
// its check reads, the second (which needs no load) moves it on to the
// block start, in its order.
// CHECK-LABEL: func.func @shared_code
// CHECK-SAME:    (%[[M:.*]]: memref<?xindex>, %[[N:.*]]: index)
// CHECK:         %[[D:.*]] = arith.addi %[[N]]
// CHECK-NEXT:    %[[X:.*]] = arith.muli %[[D]], %[[D]]
// CHECK-NEXT:    %[[Q:.*]] = arith.cmpi sgt, %[[X]]
// CHECK-NEXT:    symc.check %[[Q]], "two"
// CHECK-NEXT:    %[[L:.*]] = memref.load %[[M]]
// CHECK-NEXT:    %[[P:.*]] = arith.cmpi ult, %[[X]], %[[L]]
// CHECK-NEXT:    symc.check %[[P]], "one"
func.func @shared_code(%m: memref<?xindex>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %l = memref.load %m[%c0] : memref<?xindex>
  %d = arith.addi %n, %c1 : index
  %x = arith.muli %d, %d : index
  %p = arith.cmpi ult, %x, %l : index
  symc.check %p, "one"
  %q = arith.cmpi sgt, %x, %c0 : index
  symc.check %q, "two"
  return
}
