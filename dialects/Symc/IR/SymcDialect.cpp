//===- SymcDialect.cpp - symc dialect registration ------------------------===//
//
// Registers the ops and attributes of the symc dialect and materializes
// folded constants as `symc.constant`.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcDialect.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::symc;

#include "dialects/Symc/IR/SymcDialect.cpp.inc"
#include "dialects/Symc/IR/SymcEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Symc/IR/SymcAttrs.cpp.inc"

void SymcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Symc/IR/SymcOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/Symc/IR/SymcAttrs.cpp.inc"
      >();
}

Operation *SymcDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type || !isa<RankedTensorType>(type))
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}
