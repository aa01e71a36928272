// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-check-allocations))' | FileCheck %s

// symc-check-allocations checks each allocation of a public function: its
// size in bytes before it (dynamic sizes only), its result after it.

// Tests two dynamic sizes around a static one: the byte count is 24 * n * m,
// each product exact (mului_extended) and at most 2^62.
// CHECK-LABEL: func.func @dynamic
// CHECK-SAME:    (%[[N:.*]]: index, %[[M:.*]]: index)
// CHECK-DAG:     %[[TRUE:.*]] = arith.constant true
// CHECK-DAG:     %[[ELEM:.*]] = arith.constant 24 : i64
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG:     %[[MAX:.*]] = arith.constant 4611686018427387904 : i64
// CHECK:         %[[N64:.*]] = arith.index_castui %[[N]] : index to i64
// CHECK:         %[[LO1:.*]], %[[HI1:.*]] = arith.mului_extended %[[ELEM]], %[[N64]] : i64
// CHECK:         %[[C1:.*]] = arith.cmpi eq, %[[HI1]], %[[ZERO]] : i64
// CHECK:         %[[S1:.*]] = arith.cmpi ule, %[[LO1]], %[[MAX]] : i64
// CHECK:         %[[OK1:.*]] = arith.andi %[[C1]], %[[S1]] : i1
// CHECK:         %[[F1:.*]] = arith.andi %[[TRUE]], %[[OK1]] : i1
// CHECK:         %[[M64:.*]] = arith.index_castui %[[M]] : index to i64
// CHECK:         %[[LO2:.*]], %[[HI2:.*]] = arith.mului_extended %[[LO1]], %[[M64]] : i64
// CHECK:         %[[C2:.*]] = arith.cmpi eq, %[[HI2]], %[[ZERO]] : i64
// CHECK:         %[[S2:.*]] = arith.cmpi ule, %[[LO2]], %[[MAX]] : i64
// CHECK:         %[[OK2:.*]] = arith.andi %[[C2]], %[[S2]] : i1
// CHECK:         %[[FITS:.*]] = arith.andi %[[F1]], %[[OK2]] : i1
// CHECK:         symc.check %[[FITS]], "cannot allocate an array of shape ({0}, 3, {1}) and element type f64 (at model.py:7): it is larger than the maximum possible size"(%[[N]], %[[M]] : index, index)
// CHECK-NEXT:    %[[A:.*]] = memref.alloc(%[[N]], %[[M]]) : memref<?x3x?xf64>
// CHECK-NEXT:    %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK-NEXT:    %[[NULL:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[GOT:.*]] = arith.cmpi ne, %[[P]], %[[NULL]] : index
// CHECK-NEXT:    symc.check %[[GOT]], "out of memory: cannot allocate an array of shape ({0}, 3, {1}) and element type f64 (at model.py:7)"(%[[N]], %[[M]] : index, index)
// CHECK-NEXT:    return %[[A]]
func.func @dynamic(%n: index, %m: index) -> memref<?x3x?xf64> {
  %a = memref.alloc(%n, %m) : memref<?x3x?xf64> loc("model.py":7:3)
  return %a : memref<?x3x?xf64>
}

// -----

// Tests a static shape that fits: no size check, only the result's; rank 1
// is written as NumPy writes it, the location through a NameLoc.
// CHECK-LABEL: func.func @static
// CHECK-NOT:     mului_extended
// CHECK-NOT:     maximum possible size
// CHECK:         %[[A:.*]] = memref.alloc() : memref<5xi32>
// CHECK:         symc.check %{{.*}}, "out of memory: cannot allocate an array of shape (5,) and element type i32 (at net.py:12)"
// CHECK-NEXT:    return %[[A]]
func.func @static() -> memref<5xi32> {
  %a = memref.alloc() : memref<5xi32> loc("h"("net.py":12:1))
  return %a : memref<5xi32>
}

// -----

// Tests a static shape too large to address: the size check always fails.
// CHECK-LABEL: func.func @static_too_big
// CHECK:         %[[FALSE:.*]] = arith.constant false
// CHECK-NOT:     mului_extended
// CHECK:         symc.check %[[FALSE]], "cannot allocate an array of shape (1099511627776, 1099511627776) and element type f64: it is larger than the maximum possible size"
// CHECK-NEXT:    memref.alloc() : memref<1099511627776x1099511627776xf64>
func.func @static_too_big() -> memref<1099511627776x1099511627776xf64> {
  %a = memref.alloc() : memref<1099511627776x1099511627776xf64> loc(unknown)
  return %a : memref<1099511627776x1099511627776xf64>
}

// -----

// Tests five dynamic sizes (the check passes four values: the fifth reads
// "?"), a rank-0 allocation, and an allocation in a loop body, which is
// checked where it is.
// CHECK-LABEL: func.func @many
// CHECK:         symc.check %{{.*}}, "cannot allocate an array of shape ({0}, {1}, {2}, {3}, ?) and element type i1: it is larger than the maximum possible size"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : index, index, index, index)
// CHECK:         memref.alloc({{.*}}) : memref<?x?x?x?x?xi1>
// CHECK:         symc.check %{{.*}}, "out of memory: cannot allocate an array of shape ({0}, {1}, {2}, {3}, ?) and element type i1"
// CHECK:         scf.for
// CHECK:           memref.alloc() : memref<f32>
// CHECK:           symc.check %{{.*}}, "out of memory: cannot allocate an array of shape () and element type f32"
// CHECK:           memref.dealloc
func.func @many(%n: index) -> memref<?x?x?x?x?xi1> {
  %a = memref.alloc(%n, %n, %n, %n, %n) : memref<?x?x?x?x?xi1> loc(unknown)
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %t = memref.alloc() : memref<f32> loc(unknown)
    memref.dealloc %t : memref<f32>
  }
  return %a : memref<?x?x?x?x?xi1>
}

// -----

// Tests what is left alone: a private function (its early return would not
// reach the runtime), stack allocations and external functions.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT:     symc.check
// CHECK:         memref.alloc
// CHECK-NOT:     symc.check
// CHECK:         return
func.func private @helper(%n: index) -> memref<?xf64> {
  %a = memref.alloc(%n) : memref<?xf64>
  return %a : memref<?xf64>
}

// CHECK-LABEL: func.func @on_stack
// CHECK-NOT:     symc.check
func.func @on_stack(%n: index) -> f64 {
  %a = memref.alloca(%n) : memref<?xf64>
  %c0 = arith.constant 0 : index
  %v = memref.load %a[%c0] : memref<?xf64>
  return %v : f64
}

// CHECK-LABEL: func.func private @external
func.func private @external(%n: index) -> memref<?xf64>
