//===- SymcDialect.h - symc dialect declaration -----------------*- C++ -*-===//
//
// Declares the symc dialect class and its enum attributes. Include SymcOps.h
// for the ops.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECT_SYMC_IR_SYMCDIALECT_H
#define SYMC_DIALECT_SYMC_IR_SYMCDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Dialect.h"

#include "dialects/Symc/IR/SymcDialect.h.inc"
#include "dialects/Symc/IR/SymcEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/Symc/IR/SymcAttrs.h.inc"

#endif // SYMC_DIALECT_SYMC_IR_SYMCDIALECT_H
