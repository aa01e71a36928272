// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-pack-buffers{min-buffers=2}))' | FileCheck %s

// symc-pack-buffers turns groups of same-typed, same-sized temporaries
// freed in the function's top-level block into slots of one allocation.

// Tests three temporaries alive at once: three slots of 64-byte-rounded
// size n * 8, the arena freed where the last temporary was.
// CHECK-LABEL: func.func @three_alive
// CHECK-SAME:    (%[[N:.*]]: index, %[[X:.*]]: memref<?xf64>)
// CHECK:         %[[C8:.*]] = arith.constant 8 : index
// CHECK:         %[[BYTES:.*]] = arith.muli %[[C8]], %[[N]] : index
// CHECK:         %[[C63:.*]] = arith.constant 63 : index
// CHECK:         %[[UP:.*]] = arith.addi %[[BYTES]], %[[C63]] : index
// CHECK:         %[[CM64:.*]] = arith.constant -64 : index
// CHECK:         %[[SLOT:.*]] = arith.andi %[[UP]], %[[CM64]] : index
// CHECK:         %[[C3:.*]] = arith.constant 3 : index
// CHECK:         %[[TOTAL:.*]] = arith.muli %[[SLOT]], %[[C3]] : index
// CHECK:         %[[ARENA:.*]] = memref.alloc(%[[TOTAL]]) {alignment = 64 : i64} : memref<?xi8>
// CHECK:         %[[S0:.*]] = arith.muli %[[SLOT]], %{{.*}} : index
// CHECK:         %[[A:.*]] = memref.view %[[ARENA]][%[[S0]]][%[[N]]] : memref<?xi8> to memref<?xf64>
// CHECK:         %[[S1:.*]] = arith.muli %[[SLOT]], %{{.*}} : index
// CHECK:         %[[B:.*]] = memref.view %[[ARENA]][%[[S1]]][%[[N]]] : memref<?xi8> to memref<?xf64>
// CHECK:         %[[S2:.*]] = arith.muli %[[SLOT]], %{{.*}} : index
// CHECK:         %[[D:.*]] = memref.view %[[ARENA]][%[[S2]]][%[[N]]] : memref<?xi8> to memref<?xf64>
// CHECK:         memref.copy %[[X]], %[[A]]
// CHECK:         memref.copy %[[A]], %[[B]]
// CHECK:         memref.copy %[[B]], %[[D]]
// CHECK:         memref.copy %[[D]], %[[X]]
// CHECK-NOT:     memref.dealloc %[[A]]
// CHECK:         memref.dealloc %[[ARENA]] : memref<?xi8>
// CHECK-NEXT:    return
func.func @three_alive(%n: index, %x: memref<?xf64>) {
  %a = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf64>
  %b = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf64>
  %d = memref.alloc(%n) {alignment = 64 : i64} : memref<?xf64>
  memref.copy %x, %a : memref<?xf64> to memref<?xf64>
  memref.copy %a, %b : memref<?xf64> to memref<?xf64>
  memref.copy %b, %d : memref<?xf64> to memref<?xf64>
  memref.copy %d, %x : memref<?xf64> to memref<?xf64>
  memref.dealloc %a : memref<?xf64>
  memref.dealloc %b : memref<?xf64>
  memref.dealloc %d : memref<?xf64>
  return
}

// -----

// Tests slot reuse: %a is freed before %c is allocated, so %c takes %a's
// slot (offset 0 * slot) and the arena has 2 slots, not 3. Static shapes
// give constant sizes: 5 x f32 = 20 bytes, rounded up to 64.
// CHECK-LABEL: func.func @reuse
// CHECK:         %[[C20:.*]] = arith.constant 20 : index
// CHECK:         %[[C63:.*]] = arith.constant 63 : index
// CHECK:         %[[UP:.*]] = arith.addi %[[C20]], %[[C63]] : index
// CHECK:         %[[SLOT:.*]] = arith.andi %[[UP]]
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK:         %[[TOTAL:.*]] = arith.muli %[[SLOT]], %[[C2]] : index
// CHECK:         %[[ARENA:.*]] = memref.alloc(%[[TOTAL]]) {alignment = 64 : i64} : memref<?xi8>
// CHECK:         %[[Z0:.*]] = arith.constant 0 : index
// CHECK:         %[[S0:.*]] = arith.muli %[[SLOT]], %[[Z0]] : index
// CHECK:         memref.view %[[ARENA]][%[[S0]]][] : memref<?xi8> to memref<5xf32>
// CHECK:         %[[O1:.*]] = arith.constant 1 : index
// CHECK:         %[[S1:.*]] = arith.muli %[[SLOT]], %[[O1]] : index
// CHECK:         memref.view %[[ARENA]][%[[S1]]][] : memref<?xi8> to memref<5xf32>
// CHECK:         %[[Z1:.*]] = arith.constant 0 : index
// CHECK:         %[[S2:.*]] = arith.muli %[[SLOT]], %[[Z1]] : index
// CHECK:         memref.view %[[ARENA]][%[[S2]]][] : memref<?xi8> to memref<5xf32>
// CHECK:         memref.dealloc %[[ARENA]]
// CHECK-NOT:     memref.dealloc
func.func @reuse(%x: memref<5xf32>) {
  %a = memref.alloc() : memref<5xf32>
  %b = memref.alloc() : memref<5xf32>
  memref.copy %x, %a : memref<5xf32> to memref<5xf32>
  memref.copy %a, %b : memref<5xf32> to memref<5xf32>
  memref.dealloc %a : memref<5xf32>
  %c = memref.alloc() : memref<5xf32>
  memref.copy %b, %c : memref<5xf32> to memref<5xf32>
  memref.dealloc %b : memref<5xf32>
  memref.copy %c, %x : memref<5xf32> to memref<5xf32>
  memref.dealloc %c : memref<5xf32>
  return
}

// -----

// Tests the buffers left alone: a returned buffer, one freed inside a
// branch, one with a layout, different sizes (%n vs %m: two groups of one,
// under min-buffers) and a lone buffer of another type.
// CHECK-LABEL: func.func @kept
// CHECK-NOT:     memref.view
// CHECK:         %[[R:.*]] = memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK:         %[[C:.*]] = memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf64, strided<[2]>>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf64>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xi32>
// CHECK:         scf.if
// CHECK-NEXT:      memref.dealloc %[[C]]
// CHECK:         return %[[R]]
func.func @kept(%n: index, %m: index, %p: i1) -> memref<?xf64> {
  %r = memref.alloc(%n) : memref<?xf64>
  %c = memref.alloc(%n) : memref<?xf64>
  %s = memref.alloc(%n) : memref<?xf64, strided<[2]>>
  %d1 = memref.alloc(%n) : memref<?xf64>
  %d2 = memref.alloc(%m) : memref<?xf64>
  %i = memref.alloc(%n) : memref<?xi32>
  scf.if %p {
    memref.dealloc %c : memref<?xf64>
  }
  memref.dealloc %s : memref<?xf64, strided<[2]>>
  memref.dealloc %d1 : memref<?xf64>
  memref.dealloc %d2 : memref<?xf64>
  memref.dealloc %i : memref<?xi32>
  return %r : memref<?xf64>
}

// -----

// Tests the threshold: with min-buffers=2, a group of two is packed while
// the pointers are in two different groups by alignment.
// CHECK-LABEL: func.func @alignment_groups
// CHECK:         memref.alloc(%{{.*}}) {alignment = 128 : i64} : memref<?xf64>
// CHECK:         memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// CHECK-COUNT-2: memref.view
// CHECK-NOT:     memref.view
func.func @alignment_groups(%n: index) {
  %w = memref.alloc(%n) {alignment = 128 : i64} : memref<?xf64>
  %a = memref.alloc(%n) : memref<?xf64>
  %b = memref.alloc(%n) {alignment = 16 : i64} : memref<?xf64>
  memref.dealloc %w : memref<?xf64>
  memref.dealloc %a : memref<?xf64>
  memref.dealloc %b : memref<?xf64>
  return
}
