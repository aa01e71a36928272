// RUN: symc-opt %s --symc-prepare-calling-convention | FileCheck %s

// symc-prepare-calling-convention marks public functions for the runtime's
// C calling convention and their tensor arguments read-only.

// Tests a public function: C wrapper requested, tensor arguments not
// writable, scalars untouched.
// CHECK-LABEL: func.func @public_entry
// CHECK-SAME:    (%{{.*}}: tensor<?xf32> {bufferization.writable = false}, %{{.*}}: index)
// CHECK-SAME:    attributes {llvm.emit_c_interface}
func.func @public_entry(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}

// Tests that private functions and declarations are left alone.
// CHECK-LABEL: func.func private @helper
// CHECK-SAME:    (%{{.*}}: tensor<?xf32>) -> tensor<?xf32> {
// CHECK-NOT:     llvm.emit_c_interface
// CHECK:       func.func private @external(tensor<?xf32>)
// CHECK-NOT:     bufferization.writable
func.func private @helper(%x: tensor<?xf32>) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}
func.func private @external(tensor<?xf32>)
