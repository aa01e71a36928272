// RUN: symc-opt %s --split-input-file --symc-lower-math=vector-isa=avx512 | FileCheck %s --check-prefix=AVX512
// RUN: symc-opt %s --split-input-file --symc-lower-math=vector-isa=avx2 | FileCheck %s --check-prefix=AVX2
// RUN: symc-opt %s --split-input-file --symc-lower-math=vector-isa=none | FileCheck %s --check-prefix=NONE
// RUN: not symc-opt %s --split-input-file --symc-lower-math=vector-isa=neon 2>&1 | FileCheck %s --check-prefix=BAD

// symc-lower-math turns transcendental math ops into libm calls whose
// declarations name their libmvec vector variants for the chosen ISAs.

// Tests a unary f64, a unary f32 and a binary function: the scalar libm
// declaration is pure and lists the vector variants widest first; the
// vector declarations exist and are kept in @llvm.compiler.used; functions
// prefer the widest vectors; sqrt is left to convert-math-to-llvm.
// AVX512:       llvm.func @pow(f64, f64) -> f64 attributes {memory_effects = #llvm.memory_effects<other = none, argMem = none, inaccessibleMem = none, errnoMem = none, targetMem0 = none, targetMem1 = none>, no_unwind, passthrough = {{\[\[}}"vector-function-abi-variant", "_ZGV_LLVM_N8vv_pow(_ZGVeN8vv_pow),_ZGV_LLVM_N4vv_pow(_ZGVdN4vv_pow),_ZGV_LLVM_N2vv_pow(_ZGVbN2vv_pow)"]], will_return}
// AVX512:       llvm.func @_ZGVeN8vv_pow(vector<8xf64>, vector<8xf64>) -> vector<8xf64> attributes {memory_effects = {{.*}}, no_unwind, will_return}
// AVX512:       llvm.func @log1pf(f32) -> f32 attributes {{{.*}}"_ZGV_LLVM_N16v_log1pf(_ZGVeN16v_log1pf),_ZGV_LLVM_N8v_log1pf(_ZGVdN8v_log1pf),_ZGV_LLVM_N4v_log1pf(_ZGVbN4v_log1pf)"
// AVX512:       llvm.func @_ZGVeN16v_log1pf(vector<16xf32>) -> vector<16xf32>
// AVX512:       llvm.func @tanh(f64) -> f64 attributes {{{.*}}"_ZGV_LLVM_N8v_tanh(_ZGVeN8v_tanh),_ZGV_LLVM_N4v_tanh(_ZGVdN4v_tanh),_ZGV_LLVM_N2v_tanh(_ZGVbN2v_tanh)"
// AVX512-LABEL: func.func @libm_calls
// AVX512-SAME:    attributes {passthrough = {{\[\[}}"prefer-vector-width", "512"]]}
// AVX512:         %[[T:.*]] = llvm.call @tanh(%{{.*}}) : (f64) -> f64
// AVX512:         %[[L:.*]] = llvm.call @log1pf(%{{.*}}) : (f32) -> f32
// AVX512:         %[[P:.*]] = llvm.call @pow(%{{.*}}, %{{.*}}) : (f64, f64) -> f64
// AVX512:         %[[S:.*]] = math.sqrt %{{.*}} : f64
// AVX512:       llvm.mlir.global appending @llvm.compiler.used() {addr_space = 0 : i32, section = "llvm.metadata"} : !llvm.array<9 x ptr>
// AVX512:         llvm.mlir.addressof @_ZGVeN8v_tanh
// AVX512:         llvm.mlir.addressof @_ZGVeN16v_log1pf
// AVX512:         llvm.mlir.addressof @_ZGVeN8vv_pow

// AVX2-NOT:      _ZGVe
// AVX2:          llvm.func @pow(f64, f64) -> f64 attributes {{{.*}}"_ZGV_LLVM_N4vv_pow(_ZGVdN4vv_pow),_ZGV_LLVM_N2vv_pow(_ZGVbN2vv_pow)"
// AVX2-LABEL:    func.func @libm_calls
// AVX2-SAME:       "prefer-vector-width", "256"

// NONE-NOT:      _ZGV
// NONE-NOT:      vector-function-abi-variant
// NONE-NOT:      prefer-vector-width
// NONE:          llvm.func @pow(f64, f64) -> f64 attributes {memory_effects
// NONE-LABEL:    func.func @libm_calls
// NONE:            llvm.call @tanh
// NONE-NOT:      llvm.compiler.used

// BAD: symc-lower-math: unknown vector-isa 'neon' (expected host, avx512, avx2, sse or none)
func.func @libm_calls(%x: f64, %y: f32, %z: f64) -> (f64, f32, f64, f64) {
  %0 = math.tanh %x : f64
  %1 = math.log1p %y : f32
  %2 = math.powf %x, %z : f64
  %3 = math.sqrt %x : f64
  return %0, %1, %2, %3 : f64, f32, f64, f64
}

// -----

// Tests that math ops on vectors are left to convert-math-to-llvm and that
// a module without transcendentals gets no declarations.
// AVX512-LABEL: func.func @vector_math_untouched
// AVX512:         math.exp %{{.*}} : vector<4xf32>
// AVX512-NOT:     llvm.call
// AVX512-NOT:     llvm.compiler.used
func.func @vector_math_untouched(%v: vector<4xf32>) -> vector<4xf32> {
  %0 = math.exp %v : vector<4xf32>
  return %0 : vector<4xf32>
}

// -----

// Tests that the vector width is added to a function's passthrough
// attributes, not put in their place: the async runtime's coroutines carry
// "presplitcoroutine", without which LLVM would never split them.
// AVX512-LABEL: func.func @keeps_passthrough
// AVX512-SAME:    passthrough = ["presplitcoroutine", {{\[}}"prefer-vector-width", "512"]]
func.func @keeps_passthrough(%x: f64) -> f64 attributes {passthrough = ["presplitcoroutine"]} {
  %e = math.exp %x : f64
  return %e : f64
}
