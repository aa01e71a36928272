//===- Indexing.cpp - symc indexing ops to tensor slices and loops --------===//
//
// Lowers basic indexing (subtensor, set_subtensor, inc_subtensor) to
// tensor.extract_slice/insert_slice with Python's slice arithmetic
// (materializeSlice of the dialect) and checked integer indices, and
// integer-array indexing to a linalg.generic gather (advanced_subtensor) or
// an scf.for scatter (advanced_set_subtensor, advanced_inc_subtensor; the
// sequential loop makes repeated indices accumulate, NumPy's add.at). Every
// index array is checked against its dimension before any element is read
// or written, so a bad index is reported, never followed.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"
#include "passes/Conversion/SymcToLinalg/ScalarOps.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

//===----------------------------------------------------------------------===//
// Basic indexing
//===----------------------------------------------------------------------===//

/// The slice a basic index list selects: offsets/sizes/strides over the
/// input, and the sizes of the indexed part (integer entries dropped).
struct BasicSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides, partShape;
  /// Groups of full-rank dimensions per part dimension: an integer entry's
  /// dimension joins the next kept one (the last kept one at the end).
  SmallVector<ReassociationIndices> reassociation;
  /// A kept dimension of static size 1 comes before an integer entry's.
  /// Upstream's canonicalization of rank-reducing slices (MLIR 22) assumes
  /// the first unit dimensions are the dropped ones: it rebuilt
  /// x[8:7:-1, :, 7] of a 9x9x9 tensor as a slice of sizes [1, 1, 9], past
  /// the end of dimension 2, and crashed expand-strided-metadata. Such a
  /// slice is taken at full rank and collapsed instead.
  bool ambiguousReduction = false;
};

/// The reassociation of a slice whose `kept` dimensions make its part.
static SmallVector<ReassociationIndices> partGroups(ArrayRef<bool> kept) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices pending;
  for (auto [d, isKept] : llvm::enumerate(kept)) {
    pending.push_back(d);
    if (isKept) {
      groups.push_back(pending);
      pending.clear();
    }
  }
  if (!groups.empty())
    groups.back().append(pending.begin(), pending.end());
  return groups;
}

/// Materializes a basic index list against `input`, checking every integer
/// entry (Python semantics: negative counts from the end).
FailureOr<BasicSlice> materializeBasicSlice(OpBuilder &b, Operation *op,
                                            Value input,
                                            ArrayRef<bool> sliceEntries,
                                            ArrayRef<int64_t> staticIndices,
                                            ValueRange dynamicIndices) {
  Location loc = op->getLoc();
  FailureOr<SmallVector<IndexEntry>> entries =
      decodeIndexEntries(sliceEntries, staticIndices, dynamicIndices);
  if (failed(entries))
    return failure();
  auto type = cast<RankedTensorType>(input.getType());
  BasicSlice slice;
  SmallVector<bool> kept;
  bool keptUnit = false;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    OpFoldResult size = getDimSize(b, loc, input, d);
    kept.push_back(d >= static_cast<int64_t>(entries->size()) ||
                   (*entries)[d].isSlice);
    if (d >= static_cast<int64_t>(entries->size())) {
      slice.offsets.push_back(b.getIndexAttr(0));
      slice.sizes.push_back(size);
      slice.strides.push_back(b.getIndexAttr(1));
      slice.partShape.push_back(size);
      keptUnit |= getConstantIntValue(size) == 1;
      continue;
    }
    const IndexEntry &entry = (*entries)[d];
    Value sizeValue = toIndex(b, loc, size);
    if (!entry.isSlice) {
      slice.ambiguousReduction |= keptUnit;
      Value raw = materializeBound(b, loc, entry.start);
      Value index = materializeIndex(b, loc, sizeValue, entry.start);
      // 0 <= index < size, as one unsigned comparison.
      Value inBounds = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                             index, sizeValue);
      emitCheck(b, op, inBounds,
                "index {0} is out of bounds for dimension " + Twine(d) +
                    " of size {1}",
                {raw, sizeValue});
      slice.offsets.push_back(index);
      slice.sizes.push_back(b.getIndexAttr(1));
      slice.strides.push_back(b.getIndexAttr(1));
      continue;
    }
    if (entry.step.kind == IndexBound::Kind::Dynamic) {
      // materializeSlice divides by the step: check it first.
      Value step = materializeBound(b, loc, entry.step);
      emitCheck(b, op,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, step,
                                      indexConstant(b, loc, 0)),
                "slice step of dimension " + Twine(d) + " is zero");
    }
    MaterializedSlice s = materializeSlice(b, loc, sizeValue, entry);
    int64_t staticLength = staticSliceLength(type.getDimSize(d), entry);
    OpFoldResult length = ShapedType::isDynamic(staticLength)
                              ? OpFoldResult(s.length)
                              : OpFoldResult(b.getIndexAttr(staticLength));
    slice.offsets.push_back(s.start);
    slice.sizes.push_back(length);
    slice.strides.push_back(entry.step.isStatic()
                                ? OpFoldResult(b.getIndexAttr(entry.step.value))
                                : OpFoldResult(s.step));
    slice.partShape.push_back(length);
    keptUnit |= getConstantIntValue(length) == 1;
  }
  slice.reassociation = partGroups(kept);
  return slice;
}

/// The part of `input` that `slice` selects, of the part's rank.
static Value extractPart(OpBuilder &b, Location loc, Value input,
                         const BasicSlice &slice, Type elem) {
  if (!slice.ambiguousReduction)
    return tensor::ExtractSliceOp::create(b, loc, typeOfSizes(slice.partShape, elem),
                                          input, slice.offsets, slice.sizes,
                                          slice.strides);
  Value full = tensor::ExtractSliceOp::create(
      b, loc, typeOfSizes(slice.sizes, elem), input, slice.offsets, slice.sizes,
      slice.strides);
  return tensor::CollapseShapeOp::create(b, loc, full, slice.reassociation);
}

/// `input` with `value` (of the part's rank and shape) in `slice`.
static Value insertPart(OpBuilder &b, Location loc, Value value, Value input,
                        const BasicSlice &slice) {
  if (slice.ambiguousReduction) {
    Type elem = cast<RankedTensorType>(value.getType()).getElementType();
    value = tensor::ExpandShapeOp::create(b, loc, typeOfSizes(slice.sizes, elem),
                                          value, slice.reassociation, slice.sizes);
  }
  return tensor::InsertSliceOp::create(b, loc, value, input, slice.offsets,
                                       slice.sizes, slice.strides);
}

/// subtensor(x[entries]) => tensor.extract_slice (rank-reduced for integer
/// entries, with negative strides for reversed slices).
struct SubtensorLowering : OpConversionPattern<SubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(SubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<BasicSlice> slice = materializeBasicSlice(
        rewriter, op, adaptor.getInput(), op.getSliceEntries(),
        op.getStaticIndices(), adaptor.getDynamicIndices());
    if (failed(slice))
      return failure();
    Type elem = convertElementType(op.getType().getElementType());
    Value result =
        extractPart(rewriter, op.getLoc(), adaptor.getInput(), *slice, elem);
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// `value` broadcast (static size-1 dims) to `shape`, checking other sizes.
Value broadcastValue(OpBuilder &b, Operation *op, Value value,
                     ArrayRef<OpFoldResult> shape) {
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(value.getType());
  bool needsBroadcast = false;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (type.getDimSize(d) == 1 && getConstantIntValue(shape[d]) != 1) {
      needsBroadcast = true;
      continue;
    }
    emitSizeEqualityCheck(b, op, getDimSize(b, loc, value, d), shape[d],
                          "value has size {0} along dimension " + Twine(d) +
                              " but the indexed part has {1}");
  }
  RankedTensorType target = typeOfSizes(shape, type.getElementType());
  if (needsBroadcast)
    value = buildBroadcastGeneric(
        b, loc, value, shape, type.getElementType(),
        [](OpBuilder &, Location, ValueRange args) { return args[0]; });
  if (value.getType() != target)
    value = tensor::CastOp::create(b, loc, target, value);
  return value;
}

/// set_subtensor(x[entries], v) => tensor.insert_slice of v (broadcast) into
/// x; inc_subtensor adds the extracted part first.
template <typename OpT, bool Increment>
struct SubtensorUpdateLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  using Adaptor = typename OpT::Adaptor;
  LogicalResult
  matchAndRewrite(OpT op, Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    FailureOr<BasicSlice> slice =
        materializeBasicSlice(rewriter, op, input, op.getSliceEntries(),
                              op.getStaticIndices(), adaptor.getDynamicIndices());
    if (failed(slice))
      return failure();
    Value value = broadcastValue(rewriter, op, adaptor.getValue(), slice->partShape);
    if (Increment) {
      Type elem = cast<RankedTensorType>(value.getType()).getElementType();
      Value old = extractPart(rewriter, loc, input, *slice, elem);
      if (old.getType() != value.getType())
        old = tensor::CastOp::create(rewriter, loc, value.getType(), old);
      int64_t rank = slice->partShape.size();
      AffineMap id = rewriter.getMultiDimIdentityMap(rank);
      value = buildParallelGeneric(
          rewriter, loc, ValueRange{old, value}, {id, id}, slice->partShape,
          elem, [](OpBuilder &b, Location l, ValueRange args) {
            return scalar::add(b, l, args[0], args[1]);
          });
    }
    Value result = insertPart(rewriter, loc, value, input, *slice);
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Advanced indexing
//===----------------------------------------------------------------------===//

/// Where the dimensions of an advanced index land in the result: the
/// broadcast index dimensions start at `indexBase`; input dimension d that
/// is not indexed lands at `inputToResult[d]` (-1 for indexed ones).
struct AdvancedLayout {
  int64_t indexBase = 0;
  int64_t indexRank = 0;
  SmallVector<int64_t> inputToResult;
};

AdvancedLayout advancedLayout(int64_t inputRank, ArrayRef<int64_t> positions,
                              int64_t indexRank) {
  AdvancedLayout layout;
  layout.indexRank = indexRank;
  bool adjacent = positions.back() - positions.front() + 1 ==
                  static_cast<int64_t>(positions.size());
  layout.indexBase = adjacent ? positions.front() : 0;
  int64_t next = 0;
  for (int64_t d = 0; d < inputRank; ++d) {
    if (next == layout.indexBase)
      next += indexRank;
    if (llvm::is_contained(positions, d)) {
      layout.inputToResult.push_back(-1);
      continue;
    }
    layout.inputToResult.push_back(next++);
  }
  return layout;
}

/// Checks every entry of every index array against the size of the input
/// dimension it indexes: -size <= i < size (one min/max reduction each).
void emitIndexArrayChecks(OpBuilder &b, Operation *op, Value input,
                          ValueRange indices, ArrayRef<int64_t> positions,
                          StringRef what = "index") {
  Location loc = op->getLoc();
  for (auto [k, index] : llvm::enumerate(indices)) {
    auto type = cast<RankedTensorType>(index.getType());
    Type elem = type.getElementType();
    bool isUnsigned = false;
    int64_t rank = type.getRank();
    Value minInit = filledTensor(b, loc, {}, highestValue(b, loc, elem, isUnsigned));
    Value maxInit = filledTensor(b, loc, {}, lowestValue(b, loc, elem, isUnsigned));
    SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    AffineMap reduced = reducedIndexingMap(b.getContext(), rank, all, false);
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{minInit.getType(), maxInit.getType()}, ValueRange{index},
        ValueRange{minInit, maxInit},
        {b.getMultiDimIdentityMap(rank), reduced, reduced},
        reductionIterators(rank, all),
        [&](OpBuilder &nb, Location nl, ValueRange args) {
          linalg::YieldOp::create(
              nb, nl,
              ValueRange{arith::MinSIOp::create(nb, nl, args[1], args[0]),
                         arith::MaxSIOp::create(nb, nl, args[2], args[0])});
        });
    Value lo = tensor::ExtractOp::create(b, loc, generic.getResult(0), ValueRange{});
    Value hi = tensor::ExtractOp::create(b, loc, generic.getResult(1), ValueRange{});
    Value size = arith::IndexCastOp::create(
        b, loc, b.getI64Type(),
        toIndex(b, loc, getDimSize(b, loc, input, positions[k])));
    Value negSize = arith::SubIOp::create(
        b, loc, scalarConstant(b, loc, b.getI64Type(), 0), size);
    Value loOk = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, lo, negSize);
    Value hiOk = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, hi, size);
    Value bad = arith::SelectOp::create(b, loc, loOk, hi, lo);
    emitCheck(b, op, arith::AndIOp::create(b, loc, loOk, hiOk),
              Twine(what) + " {0} is out of bounds for dimension " +
                  Twine(positions[k]) + " of size {1}",
              {bad, size});
  }
}

/// An index value normalized against `size` (negative counts from the end).
Value normalizeIndex(OpBuilder &b, Location loc, Value i64Index, Value size) {
  Value i = arith::IndexCastOp::create(b, loc, b.getIndexType(), i64Index);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, i,
                                         indexConstant(b, loc, 0));
  return arith::SelectOp::create(b, loc, negative,
                                 arith::AddIOp::create(b, loc, i, size), i);
}

/// The run-time shape of the indexed part and the checks of the index
/// arrays' broadcast.
SmallVector<OpFoldResult> advancedShape(OpBuilder &b, Operation *op, Value input,
                                        ValueRange indices,
                                        const AdvancedLayout &layout) {
  Location loc = op->getLoc();
  SmallVector<OpFoldResult> indexShape = reifyBroadcastShape(b, loc, indices);
  SmallVector<std::string> names;
  for (size_t k = 0; k < indices.size(); ++k)
    names.push_back("index array " + std::to_string(k));
  SmallVector<StringRef> nameRefs(names.begin(), names.end());
  emitBroadcastChecks(b, op, indices, indexShape, nameRefs);
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> shape(layout.indexRank +
                                  llvm::count_if(layout.inputToResult,
                                                 [](int64_t r) { return r >= 0; }));
  for (int64_t j = 0; j < layout.indexRank; ++j)
    shape[layout.indexBase + j] = indexShape[j];
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (layout.inputToResult[d] >= 0)
      shape[layout.inputToResult[d]] = getDimSize(b, loc, input, d);
  return shape;
}

/// The position in index array `type` read at result position `ivs` of the
/// indexed part (static size-1 dimensions broadcast).
SmallVector<Value> indexArrayPosition(OpBuilder &b, Location loc,
                                      RankedTensorType type, ValueRange ivs,
                                      const AdvancedLayout &layout,
                                      ArrayRef<OpFoldResult> shape) {
  SmallVector<Value> position;
  for (int64_t j = 0; j < type.getRank(); ++j) {
    bool broadcast = type.getDimSize(j) == 1 &&
                     getConstantIntValue(shape[layout.indexBase + j]) != 1;
    position.push_back(broadcast ? indexConstant(b, loc, 0)
                                 : ivs[layout.indexBase + j]);
  }
  return position;
}

/// advanced_subtensor(x[arrays]) => a linalg.generic over the result shape
/// that reads the index arrays (broadcast maps) and gathers from x with
/// tensor.extract.
struct AdvancedSubtensorLowering : OpConversionPattern<AdvancedSubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(AdvancedSubtensorOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    ValueRange indices = adaptor.getIndices();
    ArrayRef<int64_t> positions = op.getPositions();
    auto inType = cast<RankedTensorType>(input.getType());
    int64_t indexRank = cast<RankedTensorType>(indices.front().getType()).getRank();
    AdvancedLayout layout = advancedLayout(inType.getRank(), positions, indexRank);
    SmallVector<OpFoldResult> shape = advancedShape(rewriter, op, input, indices, layout);
    emitIndexArrayChecks(rewriter, op, input, indices, positions);
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = shape.size();
    SmallVector<AffineMap> maps;
    for (Value index : indices) {
      auto type = cast<RankedTensorType>(index.getType());
      SmallVector<AffineExpr> exprs;
      for (int64_t j = 0; j < type.getRank(); ++j) {
        bool broadcast = type.getDimSize(j) == 1 &&
                         getConstantIntValue(shape[layout.indexBase + j]) != 1;
        exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx)
                                  : getAffineDimExpr(layout.indexBase + j, ctx));
      }
      maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
    }
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < inType.getRank(); ++d)
      sizes.push_back(toIndex(rewriter, loc, getDimSize(rewriter, loc, input, d)));
    Value result = buildParallelGeneric(
        rewriter, loc, indices, maps, shape, inType.getElementType(),
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < inType.getRank(); ++d) {
            auto k = llvm::find(positions, d);
            if (k != positions.end())
              coords.push_back(
                  normalizeIndex(b, l, args[k - positions.begin()], sizes[d]));
            else
              coords.push_back(linalg::IndexOp::create(b, l, layout.inputToResult[d]));
          }
          return tensor::ExtractOp::create(b, l, input, coords);
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// advanced_set/inc_subtensor(x[arrays], v) => an scf.for nest over the
/// indexed part that writes (or adds) v into a copy of x with
/// tensor.insert; sequential, so repeated indices accumulate in order.
template <typename OpT, bool Increment>
struct AdvancedUpdateLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  using Adaptor = typename OpT::Adaptor;
  LogicalResult
  matchAndRewrite(OpT op, Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput(), value = adaptor.getValue();
    ValueRange indices = adaptor.getIndices();
    ArrayRef<int64_t> positions = op.getPositions();
    auto inType = cast<RankedTensorType>(input.getType());
    auto valueType = cast<RankedTensorType>(value.getType());
    int64_t indexRank = cast<RankedTensorType>(indices.front().getType()).getRank();
    AdvancedLayout layout = advancedLayout(inType.getRank(), positions, indexRank);
    SmallVector<OpFoldResult> shape = advancedShape(rewriter, op, input, indices, layout);
    for (int64_t d = 0; d < valueType.getRank(); ++d)
      if (valueType.getDimSize(d) != 1)
        emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, value, d),
                              shape[d],
                              "value has size {0} along dimension " + Twine(d) +
                                  " but the indexed part has {1}");
    emitIndexArrayChecks(rewriter, op, input, indices, positions);
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < inType.getRank(); ++d)
      sizes.push_back(toIndex(rewriter, loc, getDimSize(rewriter, loc, input, d)));
    SmallVector<Value> lbs, ubs, steps;
    for (OpFoldResult size : shape) {
      lbs.push_back(indexConstant(rewriter, loc, 0));
      ubs.push_back(toIndex(rewriter, loc, size));
      steps.push_back(indexConstant(rewriter, loc, 1));
    }
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{input},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange iter) -> scf::ValueVector {
          SmallVector<Value> coords;
          for (int64_t d = 0; d < inType.getRank(); ++d) {
            auto k = llvm::find(positions, d);
            if (k == positions.end()) {
              coords.push_back(ivs[layout.inputToResult[d]]);
              continue;
            }
            Value index = indices[k - positions.begin()];
            SmallVector<Value> at = indexArrayPosition(
                b, l, cast<RankedTensorType>(index.getType()), ivs, layout, shape);
            Value raw = tensor::ExtractOp::create(b, l, index, at);
            coords.push_back(normalizeIndex(b, l, raw, sizes[d]));
          }
          SmallVector<Value> valueAt;
          for (int64_t d = 0; d < valueType.getRank(); ++d)
            valueAt.push_back(valueType.getDimSize(d) == 1
                                  ? indexConstant(b, l, 0)
                                  : ivs[d]);
          Value v = tensor::ExtractOp::create(b, l, value, valueAt);
          if (Increment)
            v = scalar::add(b, l, tensor::ExtractOp::create(b, l, iter[0], coords), v);
          return {tensor::InsertOp::create(b, l, v, iter[0], coords)};
        });
    Value result = nest.results.empty() ? input : nest.results.front();
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcIndexingToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<SubtensorLowering,
               SubtensorUpdateLowering<SetSubtensorOp, false>,
               SubtensorUpdateLowering<IncSubtensorOp, true>,
               AdvancedSubtensorLowering,
               AdvancedUpdateLowering<AdvancedSetSubtensorOp, false>,
               AdvancedUpdateLowering<AdvancedIncSubtensorOp, true>>(
      converter, patterns.getContext());
}
