//===- SymcAsm.h - custom assembly directives -------------------*- C++ -*-===//
//
// Parsers and printers for the `custom<...>` directives of the symc assembly
// formats: broadcast type lists, dimshuffle patterns and index lists. Used
// only by the generated op definitions in SymcOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECT_SYMC_IR_SYMCASM_H
#define SYMC_DIALECT_SYMC_IR_SYMCASM_H

#include "mlir/IR/OpImplementation.h"

namespace mlir::symc {

/// `: T` when every operand has type T, else `: T0, T1[, T2]`.
ParseResult parseBroadcastTypes(OpAsmParser &parser, Type &t0, Type &t1);
ParseResult parseBroadcastTypes(OpAsmParser &parser, Type &t0, Type &t1,
                                Type &t2);
void printBroadcastTypes(OpAsmPrinter &printer, Operation *op, Type t0,
                         Type t1);
void printBroadcastTypes(OpAsmPrinter &printer, Operation *op, Type t0, Type t1,
                         Type t2);

/// `[1, x, 0]`: input dimensions, `x` for a new size-1 dimension.
ParseResult parseDimshufflePattern(OpAsmParser &parser,
                                   DenseI64ArrayAttr &pattern);
void printDimshufflePattern(OpAsmPrinter &printer, Operation *op,
                            DenseI64ArrayAttr pattern);

/// `[%i, 1:, ::-1, :5]`: Python basic indexing with constant or SSA bounds.
ParseResult
parseIndexList(OpAsmParser &parser,
               SmallVectorImpl<OpAsmParser::UnresolvedOperand> &dynamic,
               DenseBoolArrayAttr &sliceEntries,
               DenseI64ArrayAttr &staticIndices);
void printIndexList(OpAsmPrinter &printer, Operation *op, ValueRange dynamic,
                    DenseBoolArrayAttr sliceEntries,
                    DenseI64ArrayAttr staticIndices);

/// `[:, %i, %j]`: index arrays at the listed dimensions, whole dimensions
/// (`:`) between them.
ParseResult
parseAdvancedIndexList(OpAsmParser &parser,
                       SmallVectorImpl<OpAsmParser::UnresolvedOperand> &indices,
                       DenseI64ArrayAttr &positions);
void printAdvancedIndexList(OpAsmPrinter &printer, Operation *op,
                            ValueRange indices, DenseI64ArrayAttr positions);

} // namespace mlir::symc

#endif // SYMC_DIALECT_SYMC_IR_SYMCASM_H
