//===- SymcAsm.h - custom assembly directives -------------------*- C++ -*-===//
//
// Parsers and printers for the `custom<...>` directives of the symc assembly
// formats: broadcast type lists, dimshuffle patterns, index lists and the
// optional declared result type of ops that infer it. Used only by the
// generated op definitions in SymcOps.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECT_SYMC_IR_SYMCASM_H
#define SYMC_DIALECT_SYMC_IR_SYMCASM_H

#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/OperationSupport.h"

#include "dialects/Symc/IR/SymcOps.h"

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

//===----------------------------------------------------------------------===//
// Inferred result types
//===----------------------------------------------------------------------===//

/// The generic inferReturnTypes of an op (InferTypeOpInterface's signature).
using InferReturnTypesFn = LogicalResult (*)(
    MLIRContext *, std::optional<Location>, ValueRange, DictionaryAttr,
    OpaqueProperties, RegionRange, SmallVectorImpl<Type> &);

/// Stands for the dynamic index operands of subtensor ops, whose type
/// (tensor<i64>) the format does not spell.
struct IndexScalarTypes {};

namespace detail {
inline ParseResult resolveForInference(OpAsmParser &, SmallVectorImpl<Value> &) {
  return success();
}
ParseResult resolveOne(OpAsmParser &parser, SmallVectorImpl<Value> &values,
                       const OpAsmParser::UnresolvedOperand &operand,
                       Type type);
ParseResult resolveOne(OpAsmParser &parser, SmallVectorImpl<Value> &values,
                       ArrayRef<OpAsmParser::UnresolvedOperand> operands,
                       ArrayRef<Type> types);
ParseResult resolveOne(OpAsmParser &parser, SmallVectorImpl<Value> &values,
                       ArrayRef<OpAsmParser::UnresolvedOperand> operands,
                       IndexScalarTypes);
/// Resolves (operand, type) pairs, in operand order.
template <typename Operand, typename Types, typename... Rest>
ParseResult resolveForInference(OpAsmParser &parser,
                                SmallVectorImpl<Value> &values,
                                Operand &&operand, Types &&types,
                                Rest &&...rest) {
  if (failed(resolveOne(parser, values, operand, types)))
    return failure();
  return resolveForInference(parser, values, std::forward<Rest>(rest)...);
}
ParseResult parseInferredResultImpl(OpAsmParser &parser, Type &result,
                                    OperationState &state,
                                    InferReturnTypesFn infer,
                                    ValueRange operands);
} // namespace detail

/// `custom<InferredResult>(type($result), "result", "&inferReturnTypes",
/// ref($a), ref(type($a)), ...)`, last in the format of an op with inferred
/// result types: nothing when the result has the inferred type, else
/// ` -> type` naming a less static declared type (which the rest of the
/// format cannot express). The parser infers the type when `->` is absent,
/// from the operands passed as (operand, type) pairs in operand order.
///
/// "result" names the OperationState in the generated parser. In the
/// generated printer it names the static member `result` that
/// Symc_InferType declares (a NoParseState), so one format serves both.
template <typename... Operands>
ParseResult parseInferredResult(OpAsmParser &parser, Type &result,
                                OperationState &state, InferReturnTypesFn infer,
                                Operands &&...operands) {
  if (succeeded(parser.parseOptionalArrow()))
    return parser.parseType(result);
  SmallVector<Value> values;
  if (failed(detail::resolveForInference(parser, values,
                                         std::forward<Operands>(operands)...)))
    return failure();
  return detail::parseInferredResultImpl(parser, result, state, infer, values);
}

void printInferredResultImpl(OpAsmPrinter &printer, Operation *op, Type result,
                             InferReturnTypesFn infer);
template <typename... Operands>
void printInferredResult(OpAsmPrinter &printer, Operation *op, Type result,
                         NoParseState, InferReturnTypesFn infer,
                         Operands &&...) {
  printInferredResultImpl(printer, op, result, infer);
}

} // namespace mlir::symc

#endif // SYMC_DIALECT_SYMC_IR_SYMCASM_H
