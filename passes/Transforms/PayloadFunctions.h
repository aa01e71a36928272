//===- PayloadFunctions.h - sharing symc.payload functions ------*- C++ -*-===//
//
// The scalar bodies of linalg.generic ops may wait in private functions
// marked symc.payload (made by convert-symc-to-linalg and
// symc-outline-payloads, inlined again by symc-inline-payloads). Passes that
// compare code containing their calls (kernel sharing) first make the calls
// say what the code will be once inlined.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_TRANSFORMS_PAYLOADFUNCTIONS_H
#define SYMC_PASSES_TRANSFORMS_PAYLOADFUNCTIONS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::symc {

/// Makes the symc.payload functions of `module` that are the same code
/// (same type, equivalent bodies) one function, and points every call whose
/// results are not all used, or that passes operands its payload does not
/// use, at a copy without those results, the ops only they needed and those
/// parameters (copies shared the same way). Erases payloads no call uses
/// any more. Linear in the calls and the distinct payloads.
void sharePayloadFunctions(ModuleOp module, SymbolTable &symbols);

} // namespace mlir::symc

#endif // SYMC_PASSES_TRANSFORMS_PAYLOADFUNCTIONS_H
