// RUN: symc-opt %s --split-input-file --verify-diagnostics --symc-lower-checks

// Tests that a check still nested in a region (scf not yet lowered) is
// reported instead of being lowered to a branch out of the region.
func.func @nested_check(%c: i1, %b: i1) {
  scf.if %b {
    // expected-error @+1 {{'symc.check' op must be in the body of a func.func when checks are lowered (run convert-scf-to-cf first)}}
    symc.check %c, "nested"
  }
  return
}

// -----

// Tests that more values than symc_rt_fail takes are rejected.
func.func @too_many_values(%c: i1, %v: index) {
  // expected-error @+1 {{'symc.check' op has 5 values; symc_rt_fail takes at most 4}}
  symc.check %c, "{0}{1}{2}{3}{4}" (%v, %v, %v, %v, %v : index, index, index, index, index)
  return
}
