// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-chunk-calls{min-calls=3 calls-per-chunk=2})' | FileCheck %s

// symc-chunk-calls moves runs of result-less calls of a function with many
// of them into chunk functions that recompute the side-effect-free values
// their calls take.

func.func private @k(%n: index, %a: memref<?xf64>, %b: memref<?xf64>)

// Tests two chunks of two calls and a run of one left alone (an allocation
// ends a run). The views and their offset arithmetic are recomputed in the
// chunk; the arena, %n and the argument are passed; the originals left
// unused are erased.
// CHECK-LABEL: func.func @views
// CHECK-SAME:    (%[[X:.*]]: memref<?xf64>, %[[N:.*]]: index, %[[S:.*]]: index)
// CHECK:         %[[ARENA:.*]] = memref.alloc
// CHECK-NOT:     memref.view
// CHECK-NOT:     call @k
// CHECK:         call @views_chunk(%[[N]], %[[X]], %[[ARENA]], %[[S]]) : (index, memref<?xf64>, memref<?xi8>, index) -> ()
// CHECK:         call @views_chunk_0(%[[N]], %[[ARENA]], %[[S]]) : (index, memref<?xi8>, index) -> ()
// CHECK:         %[[B:.*]] = memref.alloc
// CHECK:         call @k(%[[N]], %[[X]], %[[B]])
// CHECK:         memref.dealloc %[[ARENA]]
// CHECK:         return

// CHECK-LABEL: func.func private @views_chunk
// CHECK-SAME:    (%[[CN:.*]]: index, %[[CX:.*]]: memref<?xf64>, %[[CA:.*]]: memref<?xi8>, %[[CS:.*]]: index)
// CHECK-SAME:    attributes {llvm.linkage = #llvm.linkage<internal>, passthrough = ["noinline"]}
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[O0:.*]] = arith.muli %[[CS]], %[[C0]] : index
// CHECK:         %[[V0:.*]] = memref.view %[[CA]][%[[O0]]][%[[CN]]]
// CHECK:         call @k(%[[CN]], %[[CX]], %[[V0]])
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[O1:.*]] = arith.muli %[[CS]], %[[C1]] : index
// CHECK:         %[[V1:.*]] = memref.view %[[CA]][%[[O1]]][%[[CN]]]
// CHECK:         call @k(%[[CN]], %[[V0]], %[[V1]])
// CHECK-NEXT:    return

// CHECK-LABEL: func.func private @views_chunk_0
// CHECK-SAME:    (%{{.*}}: index, %{{.*}}: memref<?xi8>, %{{.*}}: index)
// CHECK-COUNT-2: call @k
// CHECK-NEXT:    return
func.func @views(%x: memref<?xf64>, %n: index, %s: index) {
  %c3 = arith.constant 3 : index
  %total = arith.muli %s, %c3 : index
  %arena = memref.alloc(%total) : memref<?xi8>
  %c0 = arith.constant 0 : index
  %o0 = arith.muli %s, %c0 : index
  %v0 = memref.view %arena[%o0][%n] : memref<?xi8> to memref<?xf64>
  call @k(%n, %x, %v0) : (index, memref<?xf64>, memref<?xf64>) -> ()
  %c1 = arith.constant 1 : index
  %o1 = arith.muli %s, %c1 : index
  %v1 = memref.view %arena[%o1][%n] : memref<?xi8> to memref<?xf64>
  call @k(%n, %v0, %v1) : (index, memref<?xf64>, memref<?xf64>) -> ()
  %c2 = arith.constant 2 : index
  %o2 = arith.muli %s, %c2 : index
  %v2 = memref.view %arena[%o2][%n] : memref<?xi8> to memref<?xf64>
  call @k(%n, %v1, %v2) : (index, memref<?xf64>, memref<?xf64>) -> ()
  call @k(%n, %v2, %v0) : (index, memref<?xf64>, memref<?xf64>) -> ()
  %b = memref.alloc(%n) : memref<?xf64>
  call @k(%n, %x, %b) : (index, memref<?xf64>, memref<?xf64>) -> ()
  memref.dealloc %b : memref<?xf64>
  memref.dealloc %arena : memref<?xi8>
  return
}

// -----

func.func private @k(%n: index, %a: memref<?xf64>, %b: memref<?xf64>)
func.func private @r(%a: memref<?xf64>) -> f64

// Tests the functions left alone: fewer calls than min-calls, and runs cut
// by calls with results and by ops with side effects, so no run has two
// calls.
// CHECK-LABEL: func.func @few
// CHECK-NOT:     _chunk
// CHECK:         return
func.func @few(%x: memref<?xf64>, %y: memref<?xf64>, %n: index) {
  call @k(%n, %x, %y) : (index, memref<?xf64>, memref<?xf64>) -> ()
  call @k(%n, %y, %x) : (index, memref<?xf64>, memref<?xf64>) -> ()
  return
}

// CHECK-LABEL: func.func @cut
// CHECK-NOT:     _chunk
// CHECK-COUNT-3: call @k
// CHECK:         return
func.func @cut(%x: memref<?xf64>, %y: memref<?xf64>, %n: index, %i: index) -> f64 {
  call @k(%n, %x, %y) : (index, memref<?xf64>, memref<?xf64>) -> ()
  %r = call @r(%y) : (memref<?xf64>) -> f64
  call @k(%n, %y, %x) : (index, memref<?xf64>, memref<?xf64>) -> ()
  memref.store %r, %x[%i] : memref<?xf64>
  call @k(%n, %x, %y) : (index, memref<?xf64>, memref<?xf64>) -> ()
  return %r : f64
}
