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
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

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

/// Whether every size of `type` but the first is static.
bool hasStaticRows(RankedTensorType type) {
  return llvm::all_of(type.getShape().drop_front(),
                      [](int64_t size) { return !ShapedType::isDynamic(size); });
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
      Value next = yield->getOperand(index);
      auto match = matchAccumulation(carry, next);
      if (!match)
        continue;
      auto [add, dot, transpose] = *match;
      Value a = transpose.getInput(), b = dot.getRhs();
      Location loc = add.getLoc();
      auto aType = cast<RankedTensorType>(a.getType());
      auto bType = cast<RankedTensorType>(b.getType());
      auto stacked = [](RankedTensorType type) {
        SmallVector<int64_t> shape = {ShapedType::kDynamic};
        llvm::append_range(shape, type.getShape());
        return RankedTensorType::get(shape, type.getElementType());
      };
      // a_t and b_t become step outputs, unless the step already outputs
      // them (the gradients of two weights share the step's delta).
      unsigned numCarries = scan.getCarries().size();
      unsigned firstOutput = yield->getNumOperands() - scan.getNumOutputs();
      SmallVector<Value> values(yield->getOperands());
      SmallVector<Type> newOutputs;
      auto outputFor = [&](Value value, RankedTensorType type) -> unsigned {
        for (unsigned i = firstOutput; i < values.size(); ++i)
          if (values[i] == value)
            return numCarries + (i - firstOutput);
        values.push_back(value);
        newOutputs.push_back(stacked(type));
        return numCarries + (values.size() - 1 - firstOutput);
      };
      unsigned aResult = outputFor(a, aType), bResult = outputFor(b, bType);
      // The carry passes through unchanged (no `until`: the yield starts
      // with the carries).
      values[index] = carry;
      rewriter.setInsertionPoint(scan);
      ScanOp newScan = cloneWith(rewriter, scan, {}, newOutputs);
      Operation *newYield = newScan.getYield();
      rewriter.modifyOpInPlace(newYield, [&] { newYield->setOperands(values); });
      rewriter.eraseOp(add);
      rewriter.eraseOp(dot);
      rewriter.eraseOp(transpose);

      rewriter.setInsertionPointAfter(newScan);
      int64_t m = aType.getDimSize(1), n = bType.getDimSize(1);
      Value flatA = reshape(rewriter, loc, newScan->getResult(aResult),
                            {-1, m}, {ShapedType::kDynamic, m});
      Value flatB = reshape(rewriter, loc, newScan->getResult(bResult),
                            {-1, n}, {ShapedType::kDynamic, n});
      Value transposed = DimshuffleOp::create(
          rewriter, loc,
          RankedTensorType::get({m, ShapedType::kDynamic}, aType.getElementType()),
          flatA, ArrayRef<int64_t>{1, 0});
      Value product =
          DotOp::create(rewriter, loc, carry.getType(), transposed, flatB);
      Value total = AddOp::create(rewriter, loc, carry.getType(),
                                  scan.getCarries()[index], product);
      SmallVector<Value> replacements(
          newScan->getResults().take_front(scan->getNumResults()));
      replacements[index] = total;
      rewriter.replaceOp(scan, replacements);
      return success();
    }
    return failure();
  }
};

struct ScanPushoutPass : symc::impl::ScanPushoutPassBase<ScanPushoutPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateScanPushoutPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace

void mlir::symc::populateScanPushoutPatterns(RewritePatternSet &patterns) {
  patterns.add<PushOutSequenceProduct, PushOutAccumulatedProduct>(
      patterns.getContext());
}
