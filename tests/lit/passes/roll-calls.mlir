// RUN: symc-opt %s --split-input-file --symc-roll-calls=min-calls=4 | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-roll-calls | FileCheck %s --check-prefix=DEFAULT
// RUN: symc-opt %s --split-input-file --symc-roll-calls=min-calls=4 | FileCheck %s --check-prefix=DEAD

// symc-roll-calls turns runs of repeating result-less calls (a deep chain's
// kernels, passed slots of a packed allocation) into scf.for loops whose
// bodies compute the slots from the loop index.

func.func private @kernel(memref<?xf64>, memref<?xf64>)

// Tests that calls whose operands move by two slots per call become one
// loop over the calls, in order, with the slots computed from the index; the
// views nothing else reads are gone.
// CHECK-LABEL: func.func @period_one
// CHECK-SAME:    (%[[BUF:[^:]*]]: memref<?xi8>, %[[UNIT:[^:]*]]: index, %[[N:[^:]*]]: index)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C5:.*]] = arith.constant 5 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-NOT:     call @kernel
// CHECK:         scf.for %[[M:.*]] = %[[C0]] to %[[C5]] step %[[C1]] {
// CHECK:           %[[S0:.*]] = arith.muli %[[M]], %{{.*}} : index
// CHECK:           %[[A0:.*]] = arith.addi %{{.*}}, %[[S0]] : index
// CHECK:           %[[O0:.*]] = arith.muli %[[UNIT]], %[[A0]] : index
// CHECK:           %[[V0:.*]] = memref.view %[[BUF]][%[[O0]]][%[[N]]]
// CHECK:           %[[V1:.*]] = memref.view %[[BUF]]
// CHECK:           func.call @kernel(%[[V0]], %[[V1]])
// CHECK:         }
// CHECK-NEXT:    return
// The views and offsets the calls used are erased with them.
// DEAD-LABEL:  func.func @period_one
// DEAD-NOT:      memref.view
// DEAD-NOT:      arith.muli
// DEAD:          scf.for
func.func @period_one(%buf: memref<?xi8>, %unit: index, %n: index) {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %o1 = arith.muli %unit, %c1 : index
  %v1 = memref.view %buf[%o1][%n] : memref<?xi8> to memref<?xf64>
  %o3 = arith.muli %unit, %c3 : index
  %v3 = memref.view %buf[%o3][%n] : memref<?xi8> to memref<?xf64>
  call @kernel(%v1, %v3) : (memref<?xf64>, memref<?xf64>) -> ()
  %o5 = arith.muli %unit, %c5 : index
  %v5 = memref.view %buf[%o5][%n] : memref<?xi8> to memref<?xf64>
  call @kernel(%v3, %v5) : (memref<?xf64>, memref<?xf64>) -> ()
  %o7 = arith.muli %unit, %c7 : index
  %v7 = memref.view %buf[%o7][%n] : memref<?xi8> to memref<?xf64>
  call @kernel(%v5, %v7) : (memref<?xf64>, memref<?xf64>) -> ()
  %o9 = arith.muli %c9, %unit : index
  %v9 = memref.view %buf[%o9][%n] : memref<?xi8> to memref<?xf64>
  call @kernel(%v7, %v9) : (memref<?xf64>, memref<?xf64>) -> ()
  %o11 = arith.muli %unit, %c11 : index
  %v11 = memref.view %buf[%o11][%n] : memref<?xi8> to memref<?xf64>
  call @kernel(%v9, %v11) : (memref<?xf64>, memref<?xf64>) -> ()
  return
}

// -----

func.func private @kernel(memref<?xf64>, memref<?xf64>)

// Tests that calls that use two buffers in turn (a chain computed in place,
// ping-pong) repeat with a period of two calls: one loop of two calls on the
// same two buffers; the last, odd call stays as it is.
// CHECK-LABEL: func.func @ping_pong
// CHECK-SAME:    (%[[A:[^:]*]]: memref<?xf64>, %[[B:[^:]*]]: memref<?xf64>)
// CHECK:         %[[C3:.*]] = arith.constant 3 : index
// CHECK:         scf.for %{{.*}} = %{{.*}} to %[[C3]] step
// CHECK-NEXT:      func.call @kernel(%[[A]], %[[B]])
// CHECK-NEXT:      func.call @kernel(%[[B]], %[[A]])
// CHECK-NEXT:    }
// CHECK-NEXT:    call @kernel(%[[A]], %[[B]])
// CHECK-NEXT:    return
func.func @ping_pong(%a: memref<?xf64>, %b: memref<?xf64>) {
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  return
}

// -----

func.func private @kernel(memref<?xf64>, memref<?xf64>)

// Tests that a new allocation between the calls does not end a run (the
// calls may move past it), and that the loop stands where the last call
// was, after it.
// CHECK-LABEL: func.func @alloc_between
// CHECK:         memref.alloc
// CHECK:         scf.for
// CHECK-COUNT-2:   func.call @kernel
// CHECK:         }
// CHECK-NEXT:    return
func.func @alloc_between(%a: memref<?xf64>, %b: memref<?xf64>, %n: index) -> memref<?xf64> {
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  %fresh = memref.alloc(%n) : memref<?xf64>
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  return %fresh : memref<?xf64>
}

// -----

func.func private @kernel(memref<?xf64>, memref<?xf64>)

// Tests that an op with other memory effects (here a dealloc) ends a run:
// the calls before and after it are too few to roll on their own.
// CHECK-LABEL: func.func @dealloc_between
// CHECK-NOT:     scf.for
// CHECK-COUNT-3: call @kernel
// CHECK:         memref.dealloc
// CHECK-COUNT-3: call @kernel
// CHECK-NOT:     scf.for
func.func @dealloc_between(%a: memref<?xf64>, %b: memref<?xf64>, %c: memref<?xf64>) {
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  memref.dealloc %c : memref<?xf64>
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  return
}

// -----

func.func private @kernel(memref<?xf64>, memref<?xf64>)
func.func private @other(memref<?xf64>, memref<?xf64>)

// Tests that calls whose operands do not repeat stay calls: the slots 1, 2,
// 4, 8 are no arithmetic progression, in periods of one call or of two
// (two periods prove nothing: a run needs three).
// CHECK-LABEL: func.func @no_pattern
// CHECK-NOT:     scf.for
// CHECK:         call @kernel
// CHECK:         call @other
func.func @no_pattern(%buf: memref<?xi8>, %unit: index, %n: index, %x: memref<?xf64>) {
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %v1 = memref.view %buf[%unit][%n] : memref<?xi8> to memref<?xf64>
  %o2 = arith.muli %unit, %c2 : index
  %v2 = memref.view %buf[%o2][%n] : memref<?xi8> to memref<?xf64>
  %o4 = arith.muli %unit, %c4 : index
  %v4 = memref.view %buf[%o4][%n] : memref<?xi8> to memref<?xf64>
  %o8 = arith.muli %unit, %c8 : index
  %v8 = memref.view %buf[%o8][%n] : memref<?xi8> to memref<?xf64>
  call @kernel(%x, %v1) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%x, %v2) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%x, %v4) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%x, %v8) : (memref<?xf64>, memref<?xf64>) -> ()
  call @other(%x, %v1) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%x, %v2) : (memref<?xf64>, memref<?xf64>) -> ()
  call @other(%x, %v4) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%x, %v8) : (memref<?xf64>, memref<?xf64>) -> ()
  return
}

// -----

func.func private @kernel(memref<?xf64>, memref<?xf64>)

// Tests that runs shorter than min-calls (8 by default) stay calls.
// DEFAULT-LABEL: func.func @short
// DEFAULT-NOT:   scf.for
// DEFAULT-COUNT-6: call @kernel
func.func @short(%a: memref<?xf64>, %b: memref<?xf64>) {
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%a, %b) : (memref<?xf64>, memref<?xf64>) -> ()
  call @kernel(%b, %a) : (memref<?xf64>, memref<?xf64>) -> ()
  return
}
