// RUN: symc-opt %s --split-input-file --symc-annotate-loops=types=f64 | FileCheck %s
// RUN: symc-opt %s --split-input-file --symc-annotate-loops="types=f64 interleave=1" | FileCheck %s --check-prefix=OFF
// RUN: symc-opt %s --split-input-file --pass-pipeline='builtin.module(symc-lower-to-llvm-pipeline{threads=1})' | FileCheck %s --check-prefix=PIPE

// symc-annotate-loops asks LLVM to interleave four vector iterations of
// innermost loops whose exp/expm1/log/log1p/tanh symc-approximate-math
// expands; the annotation reaches llvm.br of the loop's back edge.

// Tests an innermost f64 loop of exp and tanh: annotated.
// CHECK-DAG: #[[IL:.*]] = #llvm.loop_interleave<count = 4 : i32>
// CHECK-DAG: #[[ANN:.*]] = #llvm.loop_annotation<interleave = #[[IL]]>
// CHECK-LABEL: func.func @math_loop(
// CHECK:         scf.for
// CHECK:           math.tanh
// CHECK:         } {loop_annotation = #[[ANN]]}
// OFF-LABEL: func.func @math_loop(
// OFF-NOT:       loop_annotation
// OFF:           return
// PIPE-DAG:  #[[IL:.*]] = #llvm.loop_interleave<count = 4 : i32>
// PIPE-DAG:  #[[ANN:.*]] = #llvm.loop_annotation<interleave = #[[IL]]>
// PIPE-LABEL: llvm.func @math_loop(
// PIPE:          llvm.br ^{{.*}} {loop_annotation = #[[ANN]]}
func.func @math_loop(%a: memref<?xf64>, %b: memref<?xf64>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %e = math.exp %x : f64
    %t = math.tanh %x : f64
    %y = arith.addf %e, %t : f64
    memref.store %y, %b[%i] : memref<?xf64>
  }
  return
}

// -----

// Tests loops left alone: no transcendental, an outer loop (only its inner
// loop is annotated), a type not listed (f32: libmvec calls), sin (a libmvec
// call) next to exp, and a loop that has an annotation already.
// CHECK-DAG: #[[IL:.*]] = #llvm.loop_interleave<count = 4 : i32>
// CHECK-DAG: #[[ANN:.*]] = #llvm.loop_annotation<interleave = #[[IL]]>
// CHECK-DAG: #[[MINE:.*]] = #llvm.loop_annotation<mustProgress = true>
// CHECK-LABEL: func.func @left_alone(
// CHECK:         scf.for
// CHECK:           arith.addf
// CHECK-NOT:     loop_annotation
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             math.log
// CHECK:           } {loop_annotation = #[[ANN]]}
// CHECK-NEXT:    }
// CHECK-NOT:     loop_annotation
// CHECK:         scf.for
// CHECK:           math.exp %{{.*}} : f32
// CHECK-NOT:     loop_annotation
// CHECK:         scf.for
// CHECK:           math.sin
// CHECK-NOT:     loop_annotation
// CHECK:         scf.for
// CHECK:           math.exp
// CHECK:         } {loop_annotation = #[[MINE]]}
#mine = #llvm.loop_annotation<mustProgress = true>
func.func @left_alone(%a: memref<?xf64>, %s: memref<?xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = arith.addf %x, %x : f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  scf.for %i = %c0 to %n step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %x = memref.load %a[%j] : memref<?xf64>
      %y = math.log %x : f64
      memref.store %y, %a[%j] : memref<?xf64>
    }
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %s[%i] : memref<?xf32>
    %y = math.exp %x : f32
    memref.store %y, %s[%i] : memref<?xf32>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %e = math.exp %x : f64
    %y = math.sin %e : f64
    memref.store %y, %a[%i] : memref<?xf64>
  }
  scf.for %i = %c0 to %n step %c1 {
    %x = memref.load %a[%i] : memref<?xf64>
    %y = math.exp %x : f64
    memref.store %y, %a[%i] : memref<?xf64>
  } {loop_annotation = #mine}
  return
}
