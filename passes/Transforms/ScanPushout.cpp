//===- ScanPushout.cpp - per-step products out of symc.scan loops ---------===//
//
// Implements symc-scan-pushout, Theano's scan_pushout_seqs_ops and
// scan_pushout_dot1 for matrix products: a product of a sequence row with a
// loop invariant is computed for all rows at once before the loop, and a
// carry that only sums products of per-step matrices (the gradient of a
// weight in backpropagation through time) becomes one product of the
// stacked per-step matrices after the loop. One large BLAS call replaces
// one small call per step: small products spend most of their time packing
// operands and reloading the accumulator.
//
// The gradient of a scan's history used only through its last row (the
// usual `loss(hs[-1])`) is an array of zeros with that row incremented; the
// backward scan reads all other rows of it and starts from the last one.
// Such sequences become zeros inside the body and the last row the sum of
// the increments, so that the arrays of zeros are never built. Step outputs
// that are a sequence's row, and sequences and invariants the body no longer
// reads, leave the scan too.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/Cleanup.h"
#include "passes/Transforms/GreedyConfig.h"

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"

namespace mlir::symc {
#define GEN_PASS_DEF_SCANPUSHOUTPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// A rank-1 i64 constant (a shape for symc.reshape).
Value shapeConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get({int64_t(shape.size())}, b.getI64Type());
  return ConstantOp::create(b, loc, DenseIntElementsAttr::get(type, shape));
}

/// `value` reshaped to `shape` (NumPy order; at most one -1).
Value reshape(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> shape,
              ArrayRef<int64_t> resultShape) {
  auto type = cast<RankedTensorType>(value.getType());
  auto resultType = RankedTensorType::get(resultShape, type.getElementType());
  return ReshapeOp::create(b, loc, resultType, value,
                           shapeConstant(b, loc, shape));
}

/// The index of `arg` in `args`, if it is one of them.
std::optional<unsigned> indexIn(Block::BlockArgListType args, Value value) {
  auto arg = dyn_cast<BlockArgument>(value);
  if (!arg || args.empty() || arg.getOwner() != args.front().getOwner())
    return std::nullopt;
  unsigned first = args.front().getArgNumber();
  if (arg.getArgNumber() < first || arg.getArgNumber() >= first + args.size())
    return std::nullopt;
  return arg.getArgNumber() - first;
}

/// A copy of `scan` with the extra sequences and step outputs given, its
/// body moved over (new sequence arguments are appended after the existing
/// ones). The caller rewires the body's terminator and the results.
ScanOp cloneWith(PatternRewriter &rewriter, ScanOp scan,
                 ValueRange extraSequences, TypeRange extraOutputs) {
  SmallVector<Value> sequences(scan.getSequences());
  llvm::append_range(sequences, extraSequences);
  SmallVector<Type> results(scan.getResultTypes());
  llvm::append_range(results, extraOutputs);
  auto newScan = ScanOp::create(rewriter, scan.getLoc(), results,
                                scan.getNSteps(), scan.getCarries(), sequences,
                                scan.getInvariants(), scan.getHistoryAttr(),
                                scan.getUntilAttr(), scan.getReverseAttr());
  newScan->setDiscardableAttrs(scan->getDiscardableAttrDictionary());
  Block &body = scan.getBody().front();
  unsigned position = scan.getCarries().size() + scan.getSequences().size();
  for (Value sequence : extraSequences) {
    auto type = cast<RankedTensorType>(sequence.getType());
    body.insertArgument(position++,
                        RankedTensorType::get(type.getShape().drop_front(),
                                              type.getElementType()),
                        scan.getLoc());
  }
  rewriter.inlineRegionBefore(scan.getBody(), newScan.getBody(),
                              newScan.getBody().end());
  return newScan;
}

// dot(x_t, W) with x_t row t of sequence X and W invariant
//   => row t of dot(X, W), computed before the loop (rows of X flattened
//      into one matrix when x_t is a matrix).
struct PushOutSequenceProduct : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    // With `until` the loop may stop early: rows it never reaches would be
    // computed for nothing.
    if (scan.getUntil())
      return failure();
    for (Operation &op : scan.getBody().front()) {
      auto dot = dyn_cast<DotOp>(&op);
      if (!dot)
        continue;
      std::optional<unsigned> seq = indexIn(scan.getSequenceArgs(), dot.getLhs());
      std::optional<unsigned> inv = indexIn(scan.getInvariantArgs(), dot.getRhs());
      auto rowType = cast<RankedTensorType>(dot.getLhs().getType());
      auto rhsType = cast<RankedTensorType>(dot.getRhs().getType());
      auto resultType = dyn_cast<RankedTensorType>(dot.getType());
      if (!seq || !inv || !resultType || rhsType.getRank() != 2 ||
          rowType.getRank() > 2 || !rowType.hasStaticShape() ||
          !resultType.hasStaticShape())
        continue;
      rewriter.setInsertionPoint(scan);
      Location loc = dot.getLoc();
      Value sequence = scan.getSequences()[*seq];
      Value invariant = scan.getInvariants()[*inv];
      Type elem = resultType.getElementType();
      int64_t cols = resultType.getShape().back();
      Value product;
      if (rowType.getRank() == 1) {
        // (n, k) x (k, m) => (n, m): row t is dot(x_t, W).
        product = DotOp::create(
            rewriter, loc,
            RankedTensorType::get({ShapedType::kDynamic, cols}, elem),
            sequence, invariant);
      } else {
        // (n, r, k) => (n * r, k) x (k, m) => (n, r, m).
        int64_t rows = rowType.getDimSize(0), k = rowType.getDimSize(1);
        Value flat = reshape(rewriter, loc, sequence, {-1, k},
                             {ShapedType::kDynamic, k});
        Value flatProduct = DotOp::create(
            rewriter, loc,
            RankedTensorType::get({ShapedType::kDynamic, cols}, elem), flat,
            invariant);
        product = reshape(rewriter, loc, flatProduct, {-1, rows, cols},
                          {ShapedType::kDynamic, rows, cols});
      }
      ScanOp newScan = cloneWith(rewriter, scan, {product}, {});
      Block &body = newScan.getBody().front();
      Value row = body.getArgument(newScan.getCarries().size() +
                                   newScan.getSequences().size() - 1);
      rewriter.replaceOp(dot, row);
      rewriter.replaceOp(scan, newScan.getResults());
      return success();
    }
    return failure();
  }
};

/// A copy of `scan` in which carry `index` passes through unchanged and
/// the per-step `values` (of the body) are step outputs, reusing outputs
/// the step already has (the gradients of two weights share the step's
/// delta). Returns the new scan and the stacked values. The caller erases
/// the ops that updated the carry. No `until`: the yield starts with the
/// carries.
std::pair<ScanOp, SmallVector<Value>> stackSteps(PatternRewriter &rewriter,
                                                 ScanOp scan, unsigned index,
                                                 ArrayRef<Value> values) {
  Operation *yield = scan.getYield();
  unsigned numCarries = scan.getCarries().size();
  unsigned firstOutput = yield->getNumOperands() - scan.getNumOutputs();
  SmallVector<Value> yielded(yield->getOperands());
  SmallVector<Type> newOutputs;
  SmallVector<unsigned> resultNumbers;
  for (Value value : values) {
    unsigned found = 0;
    for (unsigned i = firstOutput; i < yielded.size() && !found; ++i)
      if (yielded[i] == value)
        found = numCarries + (i - firstOutput);
    if (!found) {
      auto type = cast<RankedTensorType>(value.getType());
      SmallVector<int64_t> shape = {ShapedType::kDynamic};
      llvm::append_range(shape, type.getShape());
      yielded.push_back(value);
      newOutputs.push_back(RankedTensorType::get(shape, type.getElementType()));
      found = numCarries + (yielded.size() - 1 - firstOutput);
    }
    resultNumbers.push_back(found);
  }
  yielded[index] = scan.getCarryArgs()[index];
  rewriter.setInsertionPoint(scan);
  ScanOp newScan = cloneWith(rewriter, scan, {}, newOutputs);
  Operation *newYield = newScan.getYield();
  rewriter.modifyOpInPlace(newYield, [&] { newYield->setOperands(yielded); });
  SmallVector<Value> stacked;
  for (unsigned r : resultNumbers)
    stacked.push_back(newScan->getResult(r));
  return {newScan, stacked};
}

/// Replaces `scan` by `newScan` (from stackSteps), the final value of carry
/// `index` being its initial value plus `total`.
void replaceAccumulatingScan(PatternRewriter &rewriter, ScanOp scan,
                             ScanOp newScan, unsigned index, Value total,
                             Location loc) {
  Value init = scan.getCarries()[index];
  Value sum = AddOp::create(rewriter, loc, init.getType(), init, total);
  SmallVector<Value> replacements(
      newScan->getResults().take_front(scan->getNumResults()));
  replacements[index] = sum;
  rewriter.replaceOp(scan, replacements);
}

// carry c, c' = c + dot(transpose(a_t), b_t), c used nowhere else
//   => c_final = c_0 + dot(transpose(A), B), A and B the rows of all a_t
//      and b_t stacked (step outputs), flattened into matrices.
struct PushOutAccumulatedProduct : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  /// The ops of `c + dot(transpose(a), b)` adding to `carry` (its only use).
  struct Accumulation {
    AddOp add;
    DotOp dot;
    DimshuffleOp transpose;
  };

  static std::optional<Accumulation> matchAccumulation(BlockArgument carry,
                                                       Value next) {
    auto add = next.getDefiningOp<AddOp>();
    if (!add || !carry.hasOneUse() || add->getBlock() != carry.getOwner() ||
        add.getType() != carry.getType())
      return std::nullopt;
    Value other = add.getLhs() == carry ? add.getRhs() : add.getLhs();
    if (other == carry || (add.getLhs() != carry && add.getRhs() != carry))
      return std::nullopt;
    auto dot = other.getDefiningOp<DotOp>();
    if (!dot || !dot->hasOneUse() || dot.getType() != carry.getType())
      return std::nullopt;
    auto transpose = dot.getLhs().getDefiningOp<DimshuffleOp>();
    if (!transpose || !transpose->hasOneUse() ||
        transpose.getPattern() != ArrayRef<int64_t>{1, 0})
      return std::nullopt;
    auto aType = cast<RankedTensorType>(transpose.getInput().getType());
    auto bType = cast<RankedTensorType>(dot.getRhs().getType());
    if (aType.getRank() != 2 || bType.getRank() != 2 ||
        !aType.hasStaticShape() || !bType.hasStaticShape())
      return std::nullopt;
    return Accumulation{add, dot, transpose};
  }

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    if (scan.getUntil())
      return failure();
    Operation *yield = scan.getYield();
    for (auto [index, carry] : llvm::enumerate(scan.getCarryArgs())) {
      if (scan.hasHistory(index))
        continue;
      auto match = matchAccumulation(carry, yield->getOperand(index));
      if (!match)
        continue;
      auto [add, dot, transpose] = *match;
      Value a = transpose.getInput(), b = dot.getRhs();
      Location loc = add.getLoc();
      auto aType = cast<RankedTensorType>(a.getType());
      auto bType = cast<RankedTensorType>(b.getType());
      auto [newScan, stacked] = stackSteps(rewriter, scan, index, {a, b});
      rewriter.eraseOp(add);
      rewriter.eraseOp(dot);
      rewriter.eraseOp(transpose);

      rewriter.setInsertionPointAfter(newScan);
      int64_t m = aType.getDimSize(1), n = bType.getDimSize(1);
      Value flatA = reshape(rewriter, loc, stacked[0], {-1, m},
                            {ShapedType::kDynamic, m});
      Value flatB = reshape(rewriter, loc, stacked[1], {-1, n},
                            {ShapedType::kDynamic, n});
      Value transposed = DimshuffleOp::create(
          rewriter, loc,
          RankedTensorType::get({m, ShapedType::kDynamic}, aType.getElementType()),
          flatA, ArrayRef<int64_t>{1, 0});
      Value product =
          DotOp::create(rewriter, loc, carry.getType(), transposed, flatB);
      replaceAccumulatingScan(rewriter, scan, newScan, index, product, loc);
      return success();
    }
    return failure();
  }
};

// carry c, c' = c + reduce_sum(v_t, axes) (or, with keepdims, its kept
// dimensions dropped by a dimshuffle), c used nowhere else
//   => c_final = c_0 + reduce_sum(V, [0] + axes + 1), V the stacked v_t
//      (the gradient of a bias in backpropagation through time).
struct PushOutAccumulatedSum : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    if (scan.getUntil())
      return failure();
    Operation *yield = scan.getYield();
    for (auto [index, carry] : llvm::enumerate(scan.getCarryArgs())) {
      if (scan.hasHistory(index) || !carry.hasOneUse())
        continue;
      auto add = yield->getOperand(index).getDefiningOp<AddOp>();
      if (!add || add->getBlock() != carry.getOwner() ||
          add.getType() != carry.getType() ||
          (add.getLhs() == carry) == (add.getRhs() == carry))
        continue;
      Value other = add.getLhs() == carry ? add.getRhs() : add.getLhs();
      auto shuffle = other.getDefiningOp<DimshuffleOp>();
      auto sum = (shuffle ? shuffle.getInput() : other)
                     .getDefiningOp<ReduceSumOp>();
      if (!sum || !sum->hasOneUse() || (shuffle && !shuffle->hasOneUse()) ||
          (shuffle && !sum.getKeepdims()))
        continue;
      auto vType = cast<RankedTensorType>(sum.getInput().getType());
      auto sumType = cast<RankedTensorType>(sum.getType());
      if (!vType.hasStaticShape() || !sumType.hasStaticShape() ||
          (!shuffle && sumType != carry.getType()))
        continue;
      // The dimshuffle may only drop the kept size-1 dimensions, keeping
      // the order of the others.
      // With keepdims the sum over the steps keeps a leading 1, dropped by
      // the dimshuffle (shifted by one) or by a new one.
      SmallVector<int64_t> pattern;
      if (shuffle) {
        ArrayRef<int64_t> p = shuffle.getPattern();
        if (!llvm::is_sorted(p) || llvm::is_contained(p, DimshuffleOp::kNewAxis))
          continue;
        for (int64_t d : p)
          pattern.push_back(d + 1);
      } else if (sum.getKeepdims()) {
        for (int64_t d = 1; d <= sumType.getRank(); ++d)
          pattern.push_back(d);
      }
      Location loc = add.getLoc();
      Value v = sum.getInput();
      SmallVector<int64_t> axes{0};
      for (int64_t axis : sum.getAxes())
        axes.push_back(axis + 1);
      bool keepdims = sum.getKeepdims();
      auto [newScan, stacked] = stackSteps(rewriter, scan, index, {v});
      rewriter.eraseOp(add);
      if (shuffle)
        rewriter.eraseOp(shuffle);
      rewriter.eraseOp(sum);

      rewriter.setInsertionPointAfter(newScan);
      SmallVector<int64_t> totalShape;
      if (keepdims)
        totalShape.push_back(1);
      llvm::append_range(totalShape, sumType.getShape());
      Value total = ReduceSumOp::create(
          rewriter, loc,
          RankedTensorType::get(totalShape, sumType.getElementType()),
          stacked[0], rewriter.getDenseI64ArrayAttr(axes),
          keepdims ? rewriter.getUnitAttr() : UnitAttr());
      if (keepdims)
        total = DimshuffleOp::create(rewriter, loc, carry.getType(), total,
                                     ArrayRef<int64_t>(pattern));
      replaceAccumulatingScan(rewriter, scan, newScan, index, total, loc);
      return success();
    }
    return failure();
  }
};

//===----------------------------------------------------------------------===//
// Arrays of zeros with their last row incremented
//===----------------------------------------------------------------------===//

/// Whether every element of `value` is zero: a zero splat constant or a
/// broadcast of one.
bool isZeros(Value value) {
  if (std::optional<double> splat = getSplatValue(value))
    return *splat == 0.0;
  if (auto broadcast = value.getDefiningOp<BroadcastToOp>())
    if (std::optional<double> splat = getSplatValue(broadcast.getInput()))
      return *splat == 0.0;
  return false;
}

/// Whether `bound`, an index along the leading dimension of `array`, is
/// `size - 1` or smaller when `size` is that dimension's run-time size and
/// is at least 1: the literal -1, the static last index, or
/// `shape(x)[0] + c` with `c <= -1` and `x` of `array`'s run-time shape (how
/// the gradient of `h[-1]` and a scan's step count spell it). A negative
/// `size + c` counts from the end again, which stays before the last row.
bool isBeforeLastRow(const IndexBound &bound, Value array, bool exactly) {
  auto type = cast<RankedTensorType>(array.getType());
  if (bound.isStatic()) {
    if (bound.value == -1 ||
        (!type.isDynamicDim(0) && bound.value == type.getDimSize(0) - 1))
      return true;
    // A slice's stop -k (k > 1) or below the last index stays before it.
    return !exactly && (bound.value < -1 || (!type.isDynamicDim(0) &&
                                             bound.value >= 0 &&
                                             bound.value < type.getDimSize(0)));
  }
  if (bound.isNone())
    return false;
  auto add = bound.dynamic.getDefiningOp<AddOp>();
  if (!add)
    return false;
  for (auto [size, offset] : {std::pair(add.getLhs(), add.getRhs()),
                              std::pair(add.getRhs(), add.getLhs())}) {
    std::optional<double> c = getSplatValue(offset);
    if (!c || (exactly ? *c != -1.0 : *c > -1.0))
      continue;
    auto dim = size.getDefiningOp<SubtensorOp>();
    if (!dim)
      continue;
    SmallVector<IndexEntry> entries = dim.getEntries();
    if (entries.size() != 1 || entries[0].isSlice ||
        !entries[0].start.isStatic() || entries[0].start.value != 0)
      continue;
    auto shape = dim.getInput().getDefiningOp<ShapeOp>();
    if (shape && haveSameRuntimeShape(shape.getInput(), array))
      return true;
  }
  return false;
}

/// Whether `entry` is the last row: `[-1]` or `[size - 1]`.
bool isLastRow(const IndexEntry &entry, Value array) {
  return !entry.isSlice && isBeforeLastRow(entry.start, array,
                                           /*exactly=*/true);
}

/// Whether `entry` is a slice `[a:]` (a >= 0, step 1) that `value` fills
/// row for row: its last row lands on the last row of the array.
bool isTailSlice(const IndexEntry &entry, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  bool start = entry.start.isNone() ||
               (entry.start.isStatic() && entry.start.value >= 0);
  bool step = entry.step.isNone() ||
              (entry.step.isStatic() && entry.step.value == 1);
  // A static size-1 value would broadcast its only row over the slice.
  return entry.isSlice && start && step && entry.stop.isNone() &&
         type.getRank() > 0 && type.getDimSize(0) != 1;
}

/// The single index entry of an inc_subtensor, if it has one.
std::optional<IndexEntry> singleEntry(IncSubtensorOp inc) {
  SmallVector<IndexEntry> entries = inc.getEntries();
  if (entries.size() != 1)
    return std::nullopt;
  return entries.front();
}

/// Whether `array` is zero in every row but its last: zeros incremented at
/// their last row or, along a tail slice, by such an array.
bool zeroBeforeLastRow(Value array, unsigned depth = 0) {
  if (isZeros(array))
    return true;
  auto inc = array.getDefiningOp<IncSubtensorOp>();
  if (!inc || depth > 16)
    return false;
  std::optional<IndexEntry> entry = singleEntry(inc);
  if (!entry || !zeroBeforeLastRow(inc.getInput(), depth + 1))
    return false;
  if (isLastRow(*entry, inc.getInput()))
    return true;
  return isTailSlice(*entry, inc.getValue()) &&
         zeroBeforeLastRow(inc.getValue(), depth + 1);
}

/// The values whose sum is the last row of `array` (an array for which
/// zeroBeforeLastRow holds), or failure for other arrays.
LogicalResult lastRowTerms(Value array, SmallVectorImpl<Value> &terms,
                           unsigned depth = 0) {
  if (isZeros(array))
    return success();
  auto inc = array.getDefiningOp<IncSubtensorOp>();
  if (!inc || depth > 16)
    return failure();
  std::optional<IndexEntry> entry = singleEntry(inc);
  if (!entry)
    return failure();
  if (isLastRow(*entry, inc.getInput())) {
    terms.push_back(inc.getValue());
  } else if (!isTailSlice(*entry, inc.getValue()) ||
             failed(lastRowTerms(inc.getValue(), terms, depth + 1))) {
    return failure();
  }
  return lastRowTerms(inc.getInput(), terms, depth + 1);
}

// subtensor(inc_subtensor(zeros[-1], v))[-1]   (or [size - 1], or through
// tail slices [a:] of such arrays)
//   => v (the sum of the increments of the last row)
struct LastRowOfIncrementedZeros : OpRewritePattern<SubtensorOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SubtensorOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<IndexEntry> entries = op.getEntries();
    if (entries.size() != 1 || !isLastRow(entries[0], op.getInput()) ||
        !op.getInput().getDefiningOp<IncSubtensorOp>())
      return failure();
    SmallVector<Value> terms;
    if (failed(lastRowTerms(op.getInput(), terms)))
      return failure();
    auto rowType = cast<RankedTensorType>(op.getType());
    // Increments that broadcast into the row are left alone.
    if (llvm::any_of(terms, [&](Value t) { return t.getType() != rowType; }))
      return failure();
    Value sum;
    if (terms.empty()) {
      if (!rowType.hasStaticShape())
        return failure();
      sum = ConstantOp::create(rewriter, op.getLoc(),
                               cast<ElementsAttr>(rewriter.getZeroAttr(rowType)));
    } else {
      sum = terms.front();
      for (Value term : ArrayRef(terms).drop_front())
        sum = AddOp::create(rewriter, op.getLoc(), rowType, sum, term);
    }
    rewriter.replaceOp(op, sum);
    return success();
  }
};

/// Whether the rows a scan reads of `sequence` (rows 0 to n_steps - 1,
/// which it checks exist) are all zero: zeros, or a slice `[a:b]` of an
/// array that is zero before its last row with `b` before that row.
bool readsOnlyZeroRows(Value sequence) {
  if (isZeros(sequence))
    return true;
  auto slice = sequence.getDefiningOp<SubtensorOp>();
  if (!slice)
    return false;
  SmallVector<IndexEntry> entries = slice.getEntries();
  if (entries.size() != 1 || !entries[0].isSlice)
    return false;
  const IndexEntry &entry = entries[0];
  bool step = entry.step.isNone() ||
              (entry.step.isStatic() && entry.step.value == 1);
  bool start = entry.start.isNone() || entry.start.isStatic() ||
               entry.start.dynamic;
  return step && start &&
         isBeforeLastRow(entry.stop, slice.getInput(), /*exactly=*/false) &&
         zeroBeforeLastRow(slice.getInput());
}

// symc.scan ... sequences(%s) { ^bb(..., %row, ...): f(%row) }, every row
// the scan reads of %s zero
//   => symc.scan ... { ^bb(...): f(zeros) }   (%s then unused)
struct ZeroSequenceRows : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    for (auto [arg, sequence] :
         llvm::zip(scan.getSequenceArgs(), scan.getSequences())) {
      auto rowType = cast<RankedTensorType>(arg.getType());
      if (arg.use_empty() || !rowType.hasStaticShape() ||
          !readsOnlyZeroRows(sequence))
        continue;
      rewriter.setInsertionPointToStart(&scan.getBody().front());
      Value zeros = ConstantOp::create(
          rewriter, sequence.getLoc(),
          cast<ElementsAttr>(rewriter.getZeroAttr(rowType)));
      rewriter.replaceAllUsesWith(arg, zeros);
      return success();
    }
    return failure();
  }
};

//===----------------------------------------------------------------------===//
// Step outputs and inputs the body does not need
//===----------------------------------------------------------------------===//

// %r = symc.scan steps %n sequences(%s) { ^bb(..., %row, ...): yield ..., %row }
//   => %r = %s[:%n]   (step i writes the row it read; no `until`)
struct SequenceRowOutputs : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    if (scan.getUntil())
      return failure();
    Operation *yield = scan.getYield();
    unsigned numCarries = scan.getCarries().size();
    unsigned firstOutput = yield->getNumOperands() - scan.getNumOutputs();
    for (unsigned k = 0; k < scan.getNumOutputs(); ++k) {
      Value result = scan.getResult(numCarries + k);
      std::optional<unsigned> seq =
          indexIn(scan.getSequenceArgs(), yield->getOperand(firstOutput + k));
      if (!seq || result.use_empty())
        continue;
      rewriter.setInsertionPoint(scan);
      Value rows = SubtensorOp::create(
          rewriter, scan.getLoc(), scan.getSequences()[*seq],
          ValueRange{scan.getNSteps()}, ArrayRef<bool>{true},
          ArrayRef<int64_t>{SubtensorOp::kNone, SubtensorOp::kDynamic,
                            SubtensorOp::kNone});
      if (rows.getType() != result.getType())
        rows = tensor::CastOp::create(rewriter, scan.getLoc(),
                                      result.getType(), rows);
      rewriter.replaceAllUsesWith(result, rows);
      return success();
    }
    return failure();
  }
};

// symc.scan ... sequences(%s) invariants(%v) { ^bb(..., %row, ..., %vi): f }
// with %row and %vi unused in f
//   => symc.scan ... { ^bb(...): f }
// As Theano's scan, a sequence the body does not read is not checked to
// have n_steps rows any more.
struct DropUnusedScanInputs : OpRewritePattern<ScanOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ScanOp scan,
                                PatternRewriter &rewriter) const override {
    Block &body = scan.getBody().front();
    llvm::BitVector dead(body.getNumArguments());
    SmallVector<Value> sequences, invariants;
    for (auto [arg, operand] :
         llvm::zip(scan.getSequenceArgs(), scan.getSequences())) {
      if (arg.use_empty())
        dead.set(arg.getArgNumber());
      else
        sequences.push_back(operand);
    }
    for (auto [arg, operand] :
         llvm::zip(scan.getInvariantArgs(), scan.getInvariants())) {
      if (arg.use_empty())
        dead.set(arg.getArgNumber());
      else
        invariants.push_back(operand);
    }
    if (dead.none())
      return failure();
    rewriter.setInsertionPoint(scan);
    auto newScan = ScanOp::create(rewriter, scan.getLoc(),
                                  scan.getResultTypes(), scan.getNSteps(),
                                  scan.getCarries(), sequences, invariants,
                                  scan.getHistoryAttr(), scan.getUntilAttr(),
                                  scan.getReverseAttr());
    newScan->setDiscardableAttrs(scan->getDiscardableAttrDictionary());
    rewriter.modifyOpInPlace(scan, [&] { body.eraseArguments(dead); });
    rewriter.inlineRegionBefore(scan.getBody(), newScan.getBody(),
                                newScan.getBody().end());
    rewriter.replaceOp(scan, newScan.getResults());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Flattened slices of stacked rows
//===----------------------------------------------------------------------===//

/// A rank-0 i64 constant.
Value i64Constant(OpBuilder &b, Location loc, int64_t value) {
  auto type = RankedTensorType::get({}, b.getI64Type());
  return ConstantOp::create(b, loc, DenseIntElementsAttr::get(type, value));
}

/// `bound` scaled by `factor` (a slice bound of the rows of a tensor whose
/// rows are flattened into `factor` rows each).
IndexBound scaleBound(PatternRewriter &rewriter, Location loc,
                      const IndexBound &bound, int64_t factor) {
  IndexBound scaled = bound;
  if (bound.isStatic())
    scaled.value = bound.value * factor;
  else if (!bound.isNone())
    scaled.dynamic = MulOp::create(rewriter, loc, bound.dynamic.getType(),
                                   bound.dynamic,
                                   i64Constant(rewriter, loc, factor));
  return scaled;
}

// reshape(x[a:b], [-1, k...]) with x : [n, r, k...] (r, k static, >= 1)
//   => reshape(x, [-1, k...])[a*r : b*r]
// Python's normalization of a and b (negative bounds count from the end,
// clamping to [0, n]) is linear in the number of rows, so scaling the bounds
// selects the same elements. A reshape of a slice needs a packed copy of the
// slice once bufferized; a slice of the reshaped whole is a view that BLAS
// reads in place (the products the pushout builds read stacked rows so).
struct ReshapeOfRowSlice : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto slice = op.getInput().getDefiningOp<SubtensorOp>();
    if (!slice)
      return failure();
    SmallVector<IndexEntry> entries = slice.getEntries();
    if (entries.size() != 1 || !entries[0].isSlice)
      return failure();
    const IndexEntry &entry = entries[0];
    if (!entry.step.isNone() &&
        !(entry.step.isStatic() && entry.step.value == 1))
      return failure();
    auto whole = cast<RankedTensorType>(slice.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> dims = whole.getShape();
    if (whole.getRank() < 2 || resultType.getRank() != whole.getRank() - 1 ||
        llvm::any_of(dims.drop_front(), [](int64_t d) {
          return ShapedType::isDynamic(d) || d < 1;
        }))
      return failure();
    // The shape must be [-1, dims[2:]...]: the first two dimensions merged.
    DenseIntElementsAttr shape;
    if (!matchPattern(op.getShape(), m_Constant(&shape)))
      return failure();
    SmallVector<int64_t> want{-1};
    llvm::append_range(want, dims.drop_front(2));
    if (llvm::to_vector(llvm::map_range(shape.getValues<APInt>(), [](APInt v) {
          return v.getSExtValue();
        })) != want)
      return failure();
    Location loc = op.getLoc();
    int64_t factor = dims[1];
    SmallVector<int64_t> flatShape{ShapedType::kDynamic};
    llvm::append_range(flatShape, dims.drop_front(2));
    Value flat = ReshapeOp::create(
        rewriter, loc,
        RankedTensorType::get(flatShape, whole.getElementType()),
        slice.getInput(), op.getShape());
    IndexBound start = scaleBound(rewriter, loc, entry.start, factor);
    IndexBound stop = scaleBound(rewriter, loc, entry.stop, factor);
    SmallVector<Value> dynamic;
    SmallVector<int64_t> statics;
    for (const IndexBound &bound : {start, stop}) {
      if (bound.isNone()) {
        statics.push_back(SubtensorOp::kNone);
      } else if (bound.isStatic()) {
        statics.push_back(bound.value);
      } else {
        statics.push_back(SubtensorOp::kDynamic);
        dynamic.push_back(bound.dynamic);
      }
    }
    statics.push_back(SubtensorOp::kNone);
    Value rows = SubtensorOp::create(rewriter, loc, flat, dynamic,
                                     ArrayRef<bool>{true}, statics);
    if (rows.getType() != op.getType())
      rows = tensor::CastOp::create(rewriter, loc, op.getType(), rows);
    rewriter.replaceOp(op, rows);
    return success();
  }
};

struct ScanPushoutPass : symc::impl::ScanPushoutPassBase<ScanPushoutPass> {
  void runOnOperation() override {
    // Every rewrite starts from a scan or a row slice (symc.subtensor): a
    // function without them is left as it is, not walked by the driver.
    bool relevant = false;
    getOperation()->walk([&](Operation *op) {
      if (!isa<ScanOp, SubtensorOp>(op))
        return WalkResult::advance();
      relevant = true;
      return WalkResult::interrupt();
    });
    if (!relevant)
      return markAllAnalysesPreserved();
    RewritePatternSet patterns(&getContext());
    populateScanPushoutPatterns(patterns);
    // Step outputs the rewrites leave unused go at once, with the code that
    // computed them.
    ScanOp::getCanonicalizationPatterns(patterns, &getContext());
    // Every change also goes to the optimize pipeline's log, for its last
    // cleanup.
    RecordingListener logger(nullptr,
                             CleanupLog::changesOf(log, getOperation()));
    GreedyRewriteConfig config;
    config.setListener(&logger);
    config.setRegionSimplificationLevel(
        regionSimplificationFor(getOperation()));
    bool changed = false;
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config, &changed)))
      return signalPassFailure();
    if (!changed)
      markAllAnalysesPreserved();
  }

  std::shared_ptr<CleanupLog> log;
};

} // namespace

std::unique_ptr<Pass>
mlir::symc::createScanPushoutPass(std::shared_ptr<CleanupLog> log) {
  return CleanupLog::attach(std::make_unique<ScanPushoutPass>(),
                            std::move(log));
}

void mlir::symc::populateScanPushoutPatterns(RewritePatternSet &patterns) {
  patterns.add<PushOutSequenceProduct, PushOutAccumulatedProduct,
               PushOutAccumulatedSum,
               LastRowOfIncrementedZeros, ZeroSequenceRows, SequenceRowOutputs,
               DropUnusedScanInputs, ReshapeOfRowSlice>(patterns.getContext());
}
