// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(symc-fuse-elementwise{max-ops=12}))' | FileCheck %s --check-prefix=FUSE
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-payloads)' | FileCheck %s --check-prefix=SHARE
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-payloads{min-ops=1 share-only=1})' | FileCheck %s --check-prefix=ONLY
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-outline-kernels{min-function-ops=20})' | FileCheck %s --check-prefix=KERNELS
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-annotate-loops{types=f64})' | FileCheck %s --check-prefix=ANNOTATE
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-approximate-math{max-ops=2})' | FileCheck %s --check-prefix=APPROX

// Bodies that call symc.payload functions (convert-symc-to-linalg makes them
// for large symc.fused_elementwise regions) count as the payloads' code in
// the passes that size or inspect bodies, and the payloads are shared.

#id = affine_map<(d0) -> (d0)>

// Tests fusion of generics whose bodies call a payload of 5 ops: two fit
// the cap of 12 ops (5 + 1 yield each), a third does not (counting the
// calls as one op, all three would).
// FUSE-LABEL: func.func @fuse
// FUSE:         %[[F:.*]] = linalg.generic
// FUSE:           %[[P1:.*]] = func.call @fuse_payload(%{{.*}})
// FUSE-NEXT:      %[[P2:.*]] = func.call @fuse_payload(%[[P1]])
// FUSE-NEXT:      linalg.yield %[[P2]]
// FUSE:         linalg.generic {{.*}} ins(%[[F]] : tensor<?xf64>)
// FUSE:           func.call @fuse_payload
// FUSE-NEXT:      linalg.yield
func.func @fuse(%x: tensor<?xf64>, %e: tensor<?xf64>) -> tensor<?xf64> {
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %p = func.call @fuse_payload(%in) : (f64) -> f64
    linalg.yield %p : f64
  } -> tensor<?xf64>
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%0 : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %p = func.call @fuse_payload(%in) : (f64) -> f64
    linalg.yield %p : f64
  } -> tensor<?xf64>
  %2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%1 : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %out: f64):
    %p = func.call @fuse_payload(%in) : (f64) -> f64
    linalg.yield %p : f64
  } -> tensor<?xf64>
  return %2 : tensor<?xf64>
}
func.func private @fuse_payload(%a: f64) -> f64 attributes {symc.payload} {
  %c = arith.constant 1.01 : f64
  %t = math.tanh %a : f64
  %m = arith.mulf %t, %c : f64
  %s = math.sin %a : f64
  %r = arith.addf %m, %s : f64
  return %r : f64
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests the sharing of existing payloads: @dup is @share_payload's code, so
// its call goes to @share_payload and it is erased; the generic that uses
// only result #1 calls a copy returning that one, without the tanh only
// result #0 needed.
// SHARE-LABEL: func.func @share
// SHARE:         func.call @[[P:share_payload]](%{{.*}}) : (f64) -> (f64, f64)
// SHARE:         func.call @[[P]](%{{.*}}) : (f64) -> (f64, f64)
// SHARE:         %[[T:.*]] = func.call @[[Q:share_payload_[0-9]+]](%{{.*}}) : (f64) -> f64
// SHARE-NEXT:    linalg.yield %[[T]] : f64
// SHARE-NOT:   func.func private @dup
// SHARE:       func.func private @[[P]](
// SHARE:       func.func private @[[Q]](%[[A:.*]]: f64) -> f64 attributes {symc.payload}
// SHARE-NOT:     math.tanh
// SHARE:         %[[S:.*]] = math.sin %[[A]] : f64
// SHARE-NEXT:    return %[[S]] : f64
// SHARE-NOT:   func.func private @dup
func.func @share(%x: tensor<?xf64>, %e: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %0:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%e, %e : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%in: f64, %o1: f64, %o2: f64):
    %p:2 = func.call @share_payload(%in) : (f64) -> (f64, f64)
    linalg.yield %p#0, %p#1 : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  %1:2 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%e, %e : tensor<?xf64>, tensor<?xf64>) {
  ^bb0(%in: f64, %o1: f64, %o2: f64):
    %p:2 = func.call @dup(%in) : (f64) -> (f64, f64)
    linalg.yield %p#0, %p#1 : f64, f64
  } -> (tensor<?xf64>, tensor<?xf64>)
  %2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%in: f64, %o1: f64):
    %p:2 = func.call @share_payload(%in) : (f64) -> (f64, f64)
    linalg.yield %p#1 : f64
  } -> tensor<?xf64>
  return %0#0, %1#1, %2, %0#1 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}
func.func private @share_payload(%a: f64) -> (f64, f64) attributes {symc.payload} {
  %t = math.tanh %a : f64
  %s = math.sin %a : f64
  return %t, %s : f64, f64
}
func.func private @dup(%a: f64) -> (f64, f64) attributes {symc.payload} {
  %t = math.tanh %a : f64
  %s = math.sin %a : f64
  return %t, %s : f64, f64
}

// -----

#id = affine_map<(d0) -> (d0)>

// Tests a payload that no longer reads its second parameter: the call
// passes only the first (to a copy without it), so that the generic's
// second input is left unread for canonicalization to drop. share-only
// outlines no body (the second generic keeps its code).
// SHARE-LABEL: func.func @unread
// SHARE:         ^bb0(%[[A:[^:]*]]: f64, %[[B:[^:]*]]: f64, %{{.*}}: f64):
// SHARE-NEXT:      %[[P:.*]] = func.call @[[Q:unread_payload_[0-9]+]](%[[A]]) : (f64) -> f64
// SHARE:       func.func private @[[Q]](%{{.*}}: f64) -> f64 attributes {symc.payload}
// ONLY-LABEL:  func.func @unread
// ONLY:          func.call @{{unread_payload_[0-9]+}}(%{{[^,]*}}) : (f64) -> f64
// ONLY:          linalg.generic
// ONLY-NEXT:     ^bb0
// ONLY-NEXT:       math.sin
// ONLY-NOT:    func.func private @unread_payload(
func.func @unread(%x: tensor<?xf64>, %y: tensor<?xf64>, %e: tensor<?xf64>) -> (tensor<?xf64>, tensor<?xf64>) {
  %0 = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%x, %y : tensor<?xf64>, tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%a: f64, %b: f64, %o: f64):
    %p = func.call @unread_payload(%a, %b) : (f64, f64) -> f64
    linalg.yield %p : f64
  } -> tensor<?xf64>
  %1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<?xf64>) outs(%e : tensor<?xf64>) {
  ^bb0(%a: f64, %o: f64):
    %s = math.sin %a : f64
    linalg.yield %s : f64
  } -> tensor<?xf64>
  return %0, %1 : tensor<?xf64>, tensor<?xf64>
}
func.func private @unread_payload(%a: f64, %b: f64) -> f64 attributes {symc.payload} {
  %t = math.tanh %a : f64
  return %t : f64
}

// -----

// Tests kernel outlining of loops whose bodies call a payload: the function
// has 22 ops once the 5-op payload is inlined at both calls (14 with the
// calls), enough for min-function-ops=20; the two equal nests share one
// kernel, which still calls the payload.
// KERNELS-LABEL: func.func @kernels
// KERNELS:         call @[[K:kernels_kernel]](
// KERNELS-NEXT:    call @[[K]](
// KERNELS-NEXT:    return
// KERNELS:       func.func private @[[K]](
// KERNELS:         scf.for
// KERNELS:           func.call @kernels_payload(
// KERNELS-NOT:   func.func private @kernels_kernel_
func.func @kernels(%a: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = func.call @kernels_payload(%x) : (f64) -> f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = func.call @kernels_payload(%x) : (f64) -> f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  return
}
func.func private @kernels_payload(%a: f64) -> f64 attributes {symc.payload} {
  %c = arith.constant 1.01 : f64
  %t = math.tanh %a : f64
  %m = arith.mulf %t, %c : f64
  %s = math.sin %a : f64
  %r = arith.addf %m, %s : f64
  return %r : f64
}

// -----

// Tests that a loop is annotated or not as its payload's code says: tanh
// alone is expandable (annotated); tanh with sin (a libm call) is not.
// ANNOTATE-DAG:   #[[IL:.*]] = #llvm.loop_interleave<count = 4 : i32>
// ANNOTATE-DAG:   #[[LOOP:.*]] = #llvm.loop_annotation<interleave = #[[IL]]>
// ANNOTATE-LABEL: func.func @annotate
// ANNOTATE:         scf.for
// ANNOTATE:           func.call @annotate_tanh
// ANNOTATE:         } {loop_annotation = #[[LOOP]]}
// ANNOTATE:         scf.for
// ANNOTATE:           func.call @annotate_sin
// ANNOTATE-NOT:     loop_annotation
// ANNOTATE:         return
func.func @annotate(%a: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = func.call @annotate_tanh(%x) : (f64) -> f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = func.call @annotate_sin(%x) : (f64) -> f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  return
}
func.func private @annotate_tanh(%a: f64) -> f64 attributes {symc.payload} {
  %t = math.tanh %a : f64
  return %t : f64
}
func.func private @annotate_sin(%a: f64) -> f64 attributes {symc.payload} {
  %t = math.tanh %a : f64
  %s = math.sin %t : f64
  return %s : f64
}

// -----

// Tests the approximation cap with payload calls: the payload holds one
// candidate but is called three times, so the module counts three, over
// max-ops=2, and nothing is rewritten.
// APPROX-LABEL: func.func @approx_calls
// APPROX:       func.func private @approx_payload
// APPROX:         math.exp
func.func @approx_calls(%x: f64) -> f64 {
  %0 = func.call @approx_payload(%x) : (f64) -> f64
  %1 = func.call @approx_payload(%0) : (f64) -> f64
  %2 = func.call @approx_payload(%1) : (f64) -> f64
  return %2 : f64
}
func.func private @approx_payload(%a: f64) -> f64 attributes {symc.payload} {
  %e = math.exp %a : f64
  return %e : f64
}

// -----

// Tests the same payload called twice: two candidates, within the cap; the
// payload is rewritten (once).
// APPROX-LABEL: func.func @approx_two_calls
// APPROX:       func.func private @approx_two_payload
// APPROX-NOT:     math.exp
// APPROX:         return
func.func @approx_two_calls(%x: f64) -> f64 {
  %0 = func.call @approx_two_payload(%x) : (f64) -> f64
  %1 = func.call @approx_two_payload(%0) : (f64) -> f64
  return %1 : f64
}
func.func private @approx_two_payload(%a: f64) -> f64 attributes {symc.payload} {
  %e = math.exp %a : f64
  return %e : f64
}
