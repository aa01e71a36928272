// RUN: symc-opt %s --pass-pipeline='builtin.module(symc-inline-payloads)' --verify-diagnostics --mlir-print-op-on-diagnostic=false -o /dev/null

// Tests a payload function referenced other than by a call: an error, not a
// dangling reference.
// expected-error @below {{is a symc.payload function still referenced other than by func.call}}
func.func private @taken_payload(%x: f64) -> f64 attributes {symc.payload} {
  return %x : f64
}
func.func @taken() -> ((f64) -> f64) {
  %f = func.constant @taken_payload : (f64) -> f64
  return %f : (f64) -> f64
}
