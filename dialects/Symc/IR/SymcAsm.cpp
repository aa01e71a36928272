//===- SymcAsm.cpp - custom assembly directives ---------------------------===//
//
// Implements the custom<...> directives declared in SymcAsm.h. The index
// list encoding (kNone / kDynamic sentinels) is documented on the subtensor
// ops in SymcIndexingOps.td.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcAsm.h"
#include "dialects/Symc/IR/SymcOps.h"

using namespace mlir;
using namespace mlir::symc;

//===----------------------------------------------------------------------===//
// Broadcast type lists
//===----------------------------------------------------------------------===//

static ParseResult parseTypes(OpAsmParser &parser, ArrayRef<Type *> slots) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<Type> types;
  if (parser.parseTypeList(types))
    return failure();
  if (types.size() == 1) {
    for (Type *slot : slots)
      *slot = types[0];
    return success();
  }
  if (types.size() != slots.size())
    return parser.emitError(loc)
           << "expected one type shared by all operands or " << slots.size()
           << " types, got " << types.size();
  for (auto [slot, type] : llvm::zip(slots, types))
    *slot = type;
  return success();
}

static void printTypes(OpAsmPrinter &printer, ArrayRef<Type> types) {
  if (llvm::all_equal(types)) {
    printer << types.front();
    return;
  }
  llvm::interleaveComma(types, printer);
}

ParseResult mlir::symc::parseBroadcastTypes(OpAsmParser &parser, Type &t0,
                                            Type &t1) {
  return parseTypes(parser, {&t0, &t1});
}
ParseResult mlir::symc::parseBroadcastTypes(OpAsmParser &parser, Type &t0,
                                            Type &t1, Type &t2) {
  return parseTypes(parser, {&t0, &t1, &t2});
}
void mlir::symc::printBroadcastTypes(OpAsmPrinter &printer, Operation *,
                                     Type t0, Type t1) {
  printTypes(printer, {t0, t1});
}
void mlir::symc::printBroadcastTypes(OpAsmPrinter &printer, Operation *,
                                     Type t0, Type t1, Type t2) {
  printTypes(printer, {t0, t1, t2});
}

//===----------------------------------------------------------------------===//
// Dimshuffle pattern
//===----------------------------------------------------------------------===//

ParseResult mlir::symc::parseDimshufflePattern(OpAsmParser &parser,
                                               DenseI64ArrayAttr &pattern) {
  SmallVector<int64_t> values;
  auto parseEntry = [&]() -> ParseResult {
    if (succeeded(parser.parseOptionalKeyword("x"))) {
      values.push_back(DimshuffleOp::kNewAxis);
      return success();
    }
    int64_t dim;
    if (parser.parseInteger(dim))
      return failure();
    if (dim < 0)
      return parser.emitError(parser.getCurrentLocation())
             << "dimshuffle pattern entries are input dimensions (>= 0) or 'x'";
    values.push_back(dim);
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square,
                                     parseEntry))
    return failure();
  pattern = parser.getBuilder().getDenseI64ArrayAttr(values);
  return success();
}

void mlir::symc::printDimshufflePattern(OpAsmPrinter &printer, Operation *,
                                        DenseI64ArrayAttr pattern) {
  printer << "[";
  llvm::interleaveComma(pattern.asArrayRef(), printer, [&](int64_t v) {
    if (v == DimshuffleOp::kNewAxis)
      printer << "x";
    else
      printer << v;
  });
  printer << "]";
}

//===----------------------------------------------------------------------===//
// Basic index lists
//===----------------------------------------------------------------------===//

static constexpr int64_t kNone = SubtensorOp::kNone;
static constexpr int64_t kDynamic = SubtensorOp::kDynamic;

/// Parses an optional bound: an integer or an SSA value. Leaves `value` as
/// kNone when neither is present.
static ParseResult
parseOptionalBound(OpAsmParser &parser, int64_t &value,
                   SmallVectorImpl<OpAsmParser::UnresolvedOperand> &dynamic) {
  value = kNone;
  OpAsmParser::UnresolvedOperand operand;
  OptionalParseResult operandResult = parser.parseOptionalOperand(operand);
  if (operandResult.has_value()) {
    if (failed(*operandResult))
      return failure();
    dynamic.push_back(operand);
    value = kDynamic;
    return success();
  }
  int64_t constant;
  OptionalParseResult intResult = parser.parseOptionalInteger(constant);
  if (intResult.has_value()) {
    if (failed(*intResult))
      return failure();
    if (constant == kNone || constant == kDynamic)
      return parser.emitError(parser.getCurrentLocation(),
                              "index bound out of range");
    value = constant;
  }
  return success();
}

ParseResult mlir::symc::parseIndexList(
    OpAsmParser &parser, SmallVectorImpl<OpAsmParser::UnresolvedOperand> &dyn,
    DenseBoolArrayAttr &sliceEntries, DenseI64ArrayAttr &staticIndices) {
  SmallVector<bool> slices;
  SmallVector<int64_t> values;
  auto parseEntry = [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    int64_t start, stop = kNone, step = kNone;
    if (parseOptionalBound(parser, start, dyn))
      return failure();
    if (failed(parser.parseOptionalColon())) {
      if (start == kNone)
        return parser.emitError(loc, "expected an index or a slice");
      slices.push_back(false);
      values.push_back(start);
      return success();
    }
    if (parseOptionalBound(parser, stop, dyn))
      return failure();
    if (succeeded(parser.parseOptionalColon()) &&
        parseOptionalBound(parser, step, dyn))
      return failure();
    if (step == 0)
      return parser.emitError(loc, "slice step cannot be zero");
    slices.push_back(true);
    values.append({start, stop, step});
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square,
                                     parseEntry))
    return failure();
  sliceEntries = parser.getBuilder().getDenseBoolArrayAttr(slices);
  staticIndices = parser.getBuilder().getDenseI64ArrayAttr(values);
  return success();
}

void mlir::symc::printIndexList(OpAsmPrinter &printer, Operation *,
                                ValueRange dynamic,
                                DenseBoolArrayAttr sliceEntries,
                                DenseI64ArrayAttr staticIndices) {
  ArrayRef<int64_t> values = staticIndices.asArrayRef();
  size_t valuePos = 0, dynPos = 0;
  auto printBound = [&](int64_t v) {
    if (v == kDynamic) {
      if (dynPos < dynamic.size())
        printer << dynamic[dynPos++];
      else
        printer << "<<missing>>";
    } else if (v != kNone) {
      printer << v;
    }
  };
  auto next = [&]() { return valuePos < values.size() ? values[valuePos++] : kNone; };
  printer << "[";
  llvm::interleaveComma(sliceEntries.asArrayRef(), printer, [&](bool isSlice) {
    if (!isSlice) {
      printBound(next());
      return;
    }
    int64_t start = next(), stop = next(), step = next();
    printBound(start);
    printer << ":";
    printBound(stop);
    if (step != kNone) {
      printer << ":";
      printBound(step);
    }
  });
  printer << "]";
}

//===----------------------------------------------------------------------===//
// Advanced index lists
//===----------------------------------------------------------------------===//

ParseResult mlir::symc::parseAdvancedIndexList(
    OpAsmParser &parser,
    SmallVectorImpl<OpAsmParser::UnresolvedOperand> &indices,
    DenseI64ArrayAttr &positions) {
  SmallVector<int64_t> dims;
  int64_t dim = 0;
  auto parseEntry = [&]() -> ParseResult {
    if (succeeded(parser.parseOptionalColon())) {
      ++dim;
      return success();
    }
    OpAsmParser::UnresolvedOperand operand;
    if (parser.parseOperand(operand))
      return failure();
    indices.push_back(operand);
    dims.push_back(dim++);
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Square,
                                     parseEntry))
    return failure();
  positions = parser.getBuilder().getDenseI64ArrayAttr(dims);
  return success();
}

void mlir::symc::printAdvancedIndexList(OpAsmPrinter &printer, Operation *,
                                        ValueRange indices,
                                        DenseI64ArrayAttr positions) {
  ArrayRef<int64_t> dims = positions.asArrayRef();
  // Invalid IR (printed with verification off) must print, bounded, too.
  bool valid = dims.size() == indices.size();
  for (auto [i, d] : llvm::enumerate(dims))
    valid &= d >= 0 && (i == 0 || dims[i - 1] < d) &&
             d < static_cast<int64_t>(dims.size() + 64);
  if (!valid) {
    printer << "[<<invalid positions [";
    llvm::interleaveComma(dims, printer);
    printer << "]>> ";
    printer.printOperands(indices);
    printer << "]";
    return;
  }
  int64_t last = dims.empty() ? -1 : dims.back();
  printer << "[";
  size_t next = 0;
  for (int64_t d = 0; d <= last; ++d) {
    if (d)
      printer << ", ";
    if (next < dims.size() && dims[next] == d)
      printer << indices[next++];
    else
      printer << ":";
  }
  printer << "]";
}

//===----------------------------------------------------------------------===//
// Inferred result types
//===----------------------------------------------------------------------===//

ParseResult mlir::symc::detail::resolveOne(
    OpAsmParser &parser, SmallVectorImpl<Value> &values,
    const OpAsmParser::UnresolvedOperand &operand, Type type) {
  return parser.resolveOperand(operand, type, values);
}

ParseResult mlir::symc::detail::resolveOne(
    OpAsmParser &parser, SmallVectorImpl<Value> &values,
    ArrayRef<OpAsmParser::UnresolvedOperand> operands, ArrayRef<Type> types) {
  if (operands.size() != types.size())
    return parser.emitError(parser.getNameLoc())
           << operands.size() << " operands present, but expected "
           << types.size();
  for (auto [operand, type] : llvm::zip(operands, types))
    if (parser.resolveOperand(operand, type, values))
      return failure();
  return success();
}

ParseResult mlir::symc::detail::resolveOne(
    OpAsmParser &parser, SmallVectorImpl<Value> &values,
    ArrayRef<OpAsmParser::UnresolvedOperand> operands, IndexScalarTypes) {
  Type type = RankedTensorType::get({}, parser.getBuilder().getI64Type());
  for (const OpAsmParser::UnresolvedOperand &operand : operands)
    if (parser.resolveOperand(operand, type, values))
      return failure();
  return success();
}

ParseResult mlir::symc::detail::parseInferredResultImpl(
    OpAsmParser &parser, Type &result, OperationState &state,
    InferReturnTypesFn infer, ValueRange operands) {
  SmallVector<Type, 1> inferred;
  if (failed(infer(parser.getContext(), state.location, operands,
                   state.attributes.getDictionary(parser.getContext()),
                   state.getRawProperties(), state.regions, inferred)))
    return failure();
  if (inferred.size() != 1)
    return parser.emitError(parser.getNameLoc(),
                            "expected one inferred result type");
  result = inferred.front();
  return success();
}

void mlir::symc::printInferredResultImpl(OpAsmPrinter &printer, Operation *op,
                                         Type result,
                                         InferReturnTypesFn infer) {
  // No location: printing must not emit diagnostics.
  SmallVector<Type, 1> inferred;
  if (succeeded(infer(op->getContext(), std::nullopt, op->getOperands(),
                      op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
                      op->getRegions(), inferred)) &&
      inferred.size() == 1 && inferred.front() == result)
    return;
  printer << " -> " << result;
}
