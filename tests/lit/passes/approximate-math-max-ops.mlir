// RUN: symc-opt %s --split-input-file --symc-approximate-math="max-ops=2" | FileCheck %s
// RUN: symc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(symc-approximate-math{max-ops=2}))" | FileCheck %s --check-prefix=PERFUNC
// RUN: symc-opt %s --split-input-file --symc-lower-to-llvm-pipeline="threads=2 approximate-math=1" | FileCheck %s --check-prefix=THREADS

// symc-approximate-math leaves code with more than max-ops candidate ops to
// libm (the compile time of huge generated graphs) and rewrites the rest.
// The count covers the op the pass runs on: the whole module in the
// pipeline, each function when nested on functions; in a module, a
// function's candidates count once per call of it.

// Three candidates in the module: over the cap, nothing is rewritten.
// CHECK-LABEL: func.func @three_transcendentals
// CHECK-COUNT-2: math.exp
// CHECK:         math.tanh
// CHECK:         return
// PERFUNC-LABEL: func.func @three_transcendentals
// PERFUNC-COUNT-2: math.exp
// PERFUNC:         math.tanh
func.func @three_transcendentals(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.exp %0 : f64
  %2 = math.tanh %1 : f64
  return %2 : f64
}

// -----

// Two candidates: rewritten.
// CHECK-LABEL: func.func @two_transcendentals
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.log
// CHECK:         return
func.func @two_transcendentals(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.log %0 : f64
  return %1 : f64
}

// -----

// Two functions of two candidates each: four in the module, so the module
// keeps libm; nested on functions, each function is under the cap.
// CHECK-LABEL: func.func @first_half
// CHECK:         math.exp
// CHECK:         math.log
// CHECK-LABEL: func.func @second_half
// CHECK:         math.exp
// CHECK:         math.log
// PERFUNC-LABEL: func.func @first_half
// PERFUNC-NOT:     math.exp
// PERFUNC-LABEL: func.func @second_half
// PERFUNC-NOT:     math.exp
// PERFUNC:         return
func.func @first_half(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.log %0 : f64
  return %1 : f64
}
func.func @second_half(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.log %0 : f64
  return %1 : f64
}

// -----

// A function counts once per call: one kernel of two candidates called
// twice is four, over the cap (a deep chain's shared kernel, called once per
// group, is as long as the chain). Nested on functions, each is counted
// alone.
// CHECK-LABEL: func.func private @kernel
// CHECK:         math.exp
// CHECK:         math.log
// PERFUNC-LABEL: func.func private @kernel
// PERFUNC-NOT:     math.exp
// PERFUNC:         return
func.func private @kernel(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.log %0 : f64
  return %1 : f64
}
func.func @calls_twice(%x: f64) -> f64 {
  %0 = func.call @kernel(%x) : (f64) -> f64
  %1 = func.call @kernel(%0) : (f64) -> f64
  return %1 : f64
}

// -----

// Called once, the same kernel is two candidates: rewritten.
// CHECK-LABEL: func.func private @kernel_once
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.log
// CHECK:         return
func.func private @kernel_once(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  %1 = math.log %0 : f64
  return %1 : f64
}
func.func @calls_once(%x: f64) -> f64 {
  %0 = func.call @kernel_once(%x) : (f64) -> f64
  return %0 : f64
}

// -----

// A function's calls of itself (async-parallel-for's dispatch splits work
// that way) add no runs: two candidates, rewritten.
// CHECK-LABEL: func.func @splits_itself
// CHECK-NOT:     math.exp
// CHECK-NOT:     math.log
// CHECK:         return
func.func @splits_itself(%x: f64, %n: index) -> f64 {
  %c1 = arith.constant 1 : index
  %small = arith.cmpi ule, %n, %c1 : index
  %r = scf.if %small -> f64 {
    %0 = math.exp %x : f64
    %1 = math.log %0 : f64
    scf.yield %1 : f64
  } else {
    %half = arith.divui %n, %c1 : index
    %2 = func.call @splits_itself(%x, %half) : (f64, index) -> f64
    scf.yield %2 : f64
  }
  return %r : f64
}

// -----

// With threads, every loop body is outlined into a function of its own
// before symc-approximate-math runs. 65 tanh in three fused loops (the
// default max-ops is 64): no outlined body may be rewritten on its own.
// THREADS-LABEL: llvm.func @many_tanh
// THREADS-NOT:   llvm.intr.fma
// THREADS:       tanh
func.func @many_tanh(%x: tensor<?xf64>) -> tensor<?xf64> {
  %v0 = symc.tanh %x : tensor<?xf64>
  %v1 = symc.tanh %v0 : tensor<?xf64>
  %v2 = symc.tanh %v1 : tensor<?xf64>
  %v3 = symc.tanh %v2 : tensor<?xf64>
  %v4 = symc.tanh %v3 : tensor<?xf64>
  %v5 = symc.tanh %v4 : tensor<?xf64>
  %v6 = symc.tanh %v5 : tensor<?xf64>
  %v7 = symc.tanh %v6 : tensor<?xf64>
  %v8 = symc.tanh %v7 : tensor<?xf64>
  %v9 = symc.tanh %v8 : tensor<?xf64>
  %v10 = symc.tanh %v9 : tensor<?xf64>
  %v11 = symc.tanh %v10 : tensor<?xf64>
  %v12 = symc.tanh %v11 : tensor<?xf64>
  %v13 = symc.tanh %v12 : tensor<?xf64>
  %v14 = symc.tanh %v13 : tensor<?xf64>
  %v15 = symc.tanh %v14 : tensor<?xf64>
  %v16 = symc.tanh %v15 : tensor<?xf64>
  %v17 = symc.tanh %v16 : tensor<?xf64>
  %v18 = symc.tanh %v17 : tensor<?xf64>
  %v19 = symc.tanh %v18 : tensor<?xf64>
  %v20 = symc.tanh %v19 : tensor<?xf64>
  %v21 = symc.tanh %v20 : tensor<?xf64>
  %v22 = symc.tanh %v21 : tensor<?xf64>
  %v23 = symc.tanh %v22 : tensor<?xf64>
  %v24 = symc.tanh %v23 : tensor<?xf64>
  %v25 = symc.tanh %v24 : tensor<?xf64>
  %v26 = symc.tanh %v25 : tensor<?xf64>
  %v27 = symc.tanh %v26 : tensor<?xf64>
  %v28 = symc.tanh %v27 : tensor<?xf64>
  %v29 = symc.tanh %v28 : tensor<?xf64>
  %v30 = symc.tanh %v29 : tensor<?xf64>
  %v31 = symc.tanh %v30 : tensor<?xf64>
  %v32 = symc.tanh %v31 : tensor<?xf64>
  %v33 = symc.tanh %v32 : tensor<?xf64>
  %v34 = symc.tanh %v33 : tensor<?xf64>
  %v35 = symc.tanh %v34 : tensor<?xf64>
  %v36 = symc.tanh %v35 : tensor<?xf64>
  %v37 = symc.tanh %v36 : tensor<?xf64>
  %v38 = symc.tanh %v37 : tensor<?xf64>
  %v39 = symc.tanh %v38 : tensor<?xf64>
  %v40 = symc.tanh %v39 : tensor<?xf64>
  %v41 = symc.tanh %v40 : tensor<?xf64>
  %v42 = symc.tanh %v41 : tensor<?xf64>
  %v43 = symc.tanh %v42 : tensor<?xf64>
  %v44 = symc.tanh %v43 : tensor<?xf64>
  %v45 = symc.tanh %v44 : tensor<?xf64>
  %v46 = symc.tanh %v45 : tensor<?xf64>
  %v47 = symc.tanh %v46 : tensor<?xf64>
  %v48 = symc.tanh %v47 : tensor<?xf64>
  %v49 = symc.tanh %v48 : tensor<?xf64>
  %v50 = symc.tanh %v49 : tensor<?xf64>
  %v51 = symc.tanh %v50 : tensor<?xf64>
  %v52 = symc.tanh %v51 : tensor<?xf64>
  %v53 = symc.tanh %v52 : tensor<?xf64>
  %v54 = symc.tanh %v53 : tensor<?xf64>
  %v55 = symc.tanh %v54 : tensor<?xf64>
  %v56 = symc.tanh %v55 : tensor<?xf64>
  %v57 = symc.tanh %v56 : tensor<?xf64>
  %v58 = symc.tanh %v57 : tensor<?xf64>
  %v59 = symc.tanh %v58 : tensor<?xf64>
  %v60 = symc.tanh %v59 : tensor<?xf64>
  %v61 = symc.tanh %v60 : tensor<?xf64>
  %v62 = symc.tanh %v61 : tensor<?xf64>
  %v63 = symc.tanh %v62 : tensor<?xf64>
  %v64 = symc.tanh %v63 : tensor<?xf64>
  return %v64 : tensor<?xf64>
}
