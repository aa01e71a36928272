//===- SymcCanonicalize.cpp - canonicalization patterns -------------------===//
//
// The canonicalizers of the symc ops: the DRR identities of
// SymcCanonicalize.td plus C++ patterns that compose dimshuffles, lift
// rank-only dimshuffles above elementwise ops, collapse reshape chains,
// remove broadcasts that elementwise broadcasting or equal shapes make
// useless, turn sums of broadcasts into products and drop run-time checks
// that are known to pass. Patterns that are not tied to one op class (an
// op trait, or ops without a canonicalizer of their own) are the dialect's
// canonicalization patterns.
//
//===----------------------------------------------------------------------===//

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::symc;

/// `-c`, folded when `c` is a constant.
static Value foldedNeg(OpBuilder &builder, Location loc, Value c) {
  return builder.createOrFold<NegOp>(loc, c);
}

/// `a op b`, folded when both are constants.
template <typename OpTy>
static Value foldedBinary(OpBuilder &builder, Location loc, Value a, Value b) {
  return builder.createOrFold<OpTy>(loc, a, b);
}

namespace {
#include "dialects/Symc/IR/SymcCanonicalize.inc"

/// dimshuffle(dimshuffle(x, inner), outer) => dimshuffle(x, inner o outer)
struct ComposeDimshuffles : OpRewritePattern<DimshuffleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DimshuffleOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<DimshuffleOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a dimshuffle");
    SmallVector<int64_t> composed;
    for (int64_t entry : op.getPattern())
      composed.push_back(entry == DimshuffleOp::kNewAxis
                             ? DimshuffleOp::kNewAxis
                             : inner.getPattern()[entry]);
    rewriter.replaceOpWithNewOp<DimshuffleOp>(
        op, op.getType(), inner.getInput(),
        rewriter.getDenseI64ArrayAttr(composed));
    return success();
  }
};

/// reshape(reshape(x, s1), s2) => reshape(x, s2) when the inner reshape's
/// run-time check (s1 fits x's element count) passes by construction or
/// whenever the outer one's does: s1 a constant that is [-1] up to 1s (a
/// flatten), or that fits x's static element count, or whose element count
/// is that of a constant s2 without -1. Otherwise the inner reshape stays:
/// x.reshape((4, 4)).reshape((6,)) of 6 elements must fail as in NumPy, not
/// give x back (a reshape is a view: keeping it costs nothing at run time).
struct CollapseReshapes : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getInput().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "input is not a reshape");
    if (!innerCheckPasses(inner, op))
      return rewriter.notifyMatchFailure(
          op, "the inner reshape's check may fail where the outer one passes");
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), inner.getInput(),
                                           op.getShape());
    return success();
  }

  static bool innerCheckPasses(ReshapeOp inner, ReshapeOp outer) {
    std::optional<SmallVector<int64_t>> s1 = getConstantShape(inner.getShape());
    if (!s1)
      return false;
    std::optional<int64_t> count = staticNumElements(
        cast<RankedTensorType>(inner.getInput().getType()).getShape());
    // One -1: the other entries must divide x's element count (a second -1
    // or another negative entry leaves `known` unset).
    auto inferred = llvm::find(*s1, -1);
    if (inferred != s1->end()) {
      SmallVector<int64_t> others(s1->begin(), inferred);
      others.append(std::next(inferred), s1->end());
      std::optional<int64_t> known = staticNumElements(others);
      return known && (*known == 1 || (count && *known > 0 && *count % *known == 0));
    }
    std::optional<int64_t> known = staticNumElements(*s1);
    if (!known)
      return false;
    if (count)
      return *count == *known;
    std::optional<SmallVector<int64_t>> s2 = getConstantShape(outer.getShape());
    return s2 && staticNumElements(*s2) == known;
  }
};

/// dimshuffle(f(a, b, ...), p) => f(dimshuffle(a, p), dimshuffle(b, p), ...)
/// for an elementwise f read only here, when p only inserts or drops
/// broadcastable dimensions (no permutation). Theano's local_dimshuffle_lift:
/// it moves rank changes toward the inputs, where they fold into constants
/// or compose with other dimshuffles, and exposes f's operands to patterns
/// that look through products (gradient graphs dimshuffle a row of scalars
/// before multiplying). A dropped dimension is a static 1 in the result of f,
/// hence in every operand.
struct LiftDimshuffleAboveElementwise : OpRewritePattern<DimshuffleOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(DimshuffleOp op,
                                PatternRewriter &rewriter) const override {
    Operation *producer = op.getInput().getDefiningOp();
    if (!producer || !producer->hasTrait<SymcElementwise>() ||
        producer->getNumResults() != 1 || !producer->hasOneUse())
      return rewriter.notifyMatchFailure(
          op, "input is not an elementwise op read only here");
    int64_t previous = -1;
    for (int64_t entry : op.getPattern()) {
      if (entry == DimshuffleOp::kNewAxis)
        continue;
      if (entry < previous)
        return rewriter.notifyMatchFailure(op, "the pattern permutes");
      previous = entry;
    }
    SmallVector<Value> operands;
    for (Value operand : producer->getOperands())
      operands.push_back(rewriter.createOrFold<DimshuffleOp>(
          op.getLoc(), operand, op.getPatternAttr()));
    OperationState state(producer->getLoc(), producer->getName());
    state.addOperands(operands);
    state.addTypes(op.getType());
    state.addAttributes(producer->getAttrs());
    rewriter.replaceOp(op, rewriter.create(state)->getResults());
    return success();
  }
};

/// broadcast_to(x, shape(w)) => x when x already has the result type and
/// provably the run-time shape of w (Theano's useless alloc).
struct DropUselessBroadcast : OpRewritePattern<BroadcastToOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BroadcastToOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getInput().getType() != op.getType())
      return rewriter.notifyMatchFailure(op, "the broadcast changes the type");
    if (!haveSameRuntimeShape(op.getResult(), op.getInput()))
      return rewriter.notifyMatchFailure(
          op, "the target shape is not provably the input's");
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

/// f(..., broadcast_to(v, s), ..., u, ...) => f(..., v, ..., u, ...) when u
/// has f's result shape and the broadcast's shape is provably u's:
/// elementwise broadcasting along static 1s repeats v as the broadcast did,
/// and a dynamic size of v is checked against u by f instead (Theano's
/// local_elemwise_alloc). Gradient seeds (`fill(cost, 1)`) disappear so.
struct FoldBroadcastIntoElementwise
    : OpTraitRewritePattern<SymcElementwise> {
  using OpTraitRewritePattern::OpTraitRewritePattern;
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    auto infer = dyn_cast<InferTypeOpInterface>(op);
    if (!infer || op->getNumOperands() < 2 || op->getNumResults() != 1)
      return rewriter.notifyMatchFailure(op, "not a broadcasting op");
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    for (OpOperand &operand : op->getOpOperands()) {
      auto broadcast = operand.get().getDefiningOp<BroadcastToOp>();
      if (!broadcast)
        continue;
      bool covered = llvm::any_of(op->getOpOperands(), [&](OpOperand &other) {
        auto type = cast<RankedTensorType>(other.get().getType());
        return other.getOperandNumber() != operand.getOperandNumber() &&
               type.getShape() == resultType.getShape() &&
               haveSameRuntimeShape(broadcast.getResult(), other.get());
      });
      if (!covered)
        continue;
      SmallVector<Value> operands(op->getOperands());
      operands[operand.getOperandNumber()] = broadcast.getInput();
      SmallVector<Type> inferred;
      if (failed(infer.inferReturnTypes(
              op->getContext(), op->getLoc(), operands,
              op->getAttrDictionary(), op->getPropertiesStorage(),
              op->getRegions(), inferred)) ||
          !compatibleTypes(inferred, op->getResultTypes()))
        continue;
      rewriter.modifyOpInPlace(
          op, [&] { operand.set(broadcast.getInput()); });
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no broadcast operand to drop");
  }
};

/// f(broadcast_to(v, s)) => broadcast_to(f(v), s) for a unary elementwise f
/// read only here: f runs on the small tensor (Theano's local_alloc_unary),
/// and the broadcast can then fold into the consumers.
struct UnaryOfBroadcast : OpTraitRewritePattern<SymcElementwise> {
  using OpTraitRewritePattern::OpTraitRewritePattern;
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (op->getNumOperands() != 1 ||
        !op->hasTrait<OpTrait::SameOperandsAndResultType>())
      return rewriter.notifyMatchFailure(op, "not a unary same-type op");
    auto broadcast = op->getOperand(0).getDefiningOp<BroadcastToOp>();
    if (!broadcast || !broadcast->hasOneUse())
      return rewriter.notifyMatchFailure(op, "operand is not a broadcast read here");
    OperationState state(op->getLoc(), op->getName());
    state.addOperands(broadcast.getInput());
    state.addTypes(broadcast.getInput().getType());
    state.addAttributes(op->getAttrs());
    Operation *small = rewriter.create(state);
    rewriter.replaceOpWithNewOp<BroadcastToOp>(
        op, op->getResult(0).getType(), small->getResult(0),
        broadcast.getShape());
    return success();
  }
};

/// reduce_sum(broadcast_to(x, s), axes) => x * prod(s[axes]) when x is a
/// static 1 along every reduced axis: each result element is n copies of
/// one element of x. More accurate than summing n copies, and no broadcast
/// tensor is materialized. Where x is broadcast along a kept axis too, the
/// product is broadcast to the result's shape.
///
/// The broadcast's run-time checks must survive: the sizes multiplied must
/// be non-negative by construction (s a shape, a constant, pieces of those:
/// alloc(c, n).sum() with the user's n keeps its broadcast, which fails for
/// n < 0), a reduced axis's static result size must be s's entry, and along
/// a kept axis where the checks do not pass by construction (x's size
/// against s's entry, s's entry against a static result size) the product
/// is broadcast to the kept sizes, which checks them as before.
struct SumOfBroadcast : OpRewritePattern<ReduceSumOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReduceSumOp op,
                                PatternRewriter &rewriter) const override {
    auto broadcast = op.getInput().getDefiningOp<BroadcastToOp>();
    if (!broadcast)
      return rewriter.notifyMatchFailure(op, "input is not a broadcast");
    Value x = broadcast.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    RankedTensorType bType = broadcast.getType();
    ArrayRef<int64_t> axes = op.getAxes();
    Value shape = broadcast.getShape();
    if (!isKnownNonNegative(shape))
      return rewriter.notifyMatchFailure(op, "a target size may be negative");
    auto shapeOf = shape.getDefiningOp<ShapeOp>();
    bool broadcastKept = false;
    for (int64_t d = 0; d < xType.getRank(); ++d) {
      bool reduced = llvm::is_contained(axes, d);
      std::optional<int64_t> entry = getStaticShapeEntry(shape, d);
      bool staticMatches = bType.isDynamicDim(d) || entry == bType.getDimSize(d);
      if (reduced) {
        if (xType.getDimSize(d) != 1)
          return rewriter.notifyMatchFailure(op, "a reduced axis is not broadcast");
        if (!staticMatches)
          return rewriter.notifyMatchFailure(
              op, "a reduced static size may differ from the shape's");
        continue;
      }
      if (xType.getDimSize(d) == 1) {
        if (bType.getDimSize(d) != 1 || !staticMatches)
          broadcastKept = true;
        continue;
      }
      // x keeps its size along d: the broadcast checked it against s.
      bool proven = (!xType.isDynamicDim(d) && entry == xType.getDimSize(d) &&
                     staticMatches) ||
                    (shapeOf && haveSameRuntimeShape(shapeOf.getInput(), x));
      if (!proven)
        broadcastKept = true;
    }
    Location loc = op.getLoc();
    Type element = xType.getElementType();
    // n = product of the broadcast sizes along the reduced axes.
    Value count;
    auto i64Scalar = RankedTensorType::get({}, rewriter.getI64Type());
    for (int64_t axis : axes) {
      Value size;
      if (!bType.isDynamicDim(axis)) {
        size = ConstantOp::create(
            rewriter, loc,
            DenseElementsAttr::get(i64Scalar, ArrayRef<int64_t>{
                                                  bType.getDimSize(axis)}));
      } else {
        // s[axis] as a rank-0 i64 tensor.
        size = SubtensorOp::create(rewriter, loc, broadcast.getShape(),
                                   ValueRange{}, ArrayRef<bool>{false},
                                   ArrayRef<int64_t>{axis});
      }
      count = count ? rewriter.createOrFold<MulOp>(loc, count, size) : size;
    }
    if (!count)
      return rewriter.notifyMatchFailure(op, "no axis is reduced");
    if (element != rewriter.getI64Type())
      count = rewriter.createOrFold<CastOp>(
          loc, RankedTensorType::get({}, element), count);
    SmallVector<int64_t> allNew(xType.getRank(), DimshuffleOp::kNewAxis);
    count = rewriter.createOrFold<DimshuffleOp>(
        loc, count, rewriter.getDenseI64ArrayAttr(allNew));
    Value product = rewriter.createOrFold<MulOp>(loc, x, count);
    if (!op.getKeepdims()) {
      SmallVector<int64_t> kept;
      for (int64_t d = 0; d < xType.getRank(); ++d)
        if (!llvm::is_contained(axes, d))
          kept.push_back(d);
      product = rewriter.createOrFold<DimshuffleOp>(
          loc, product, rewriter.getDenseI64ArrayAttr(kept));
    }
    if (broadcastKept) {
      // The result's shape: s with the reduced axes 1 (or dropped).
      SmallVector<Value> sizes;
      auto piece = RankedTensorType::get({1}, rewriter.getI64Type());
      for (int64_t d = 0; d < xType.getRank(); ++d) {
        if (!llvm::is_contained(axes, d))
          sizes.push_back(SubtensorOp::create(
              rewriter, loc, broadcast.getShape(), ValueRange{},
              ArrayRef<bool>{true}, ArrayRef<int64_t>{d, d + 1, 1}));
        else if (op.getKeepdims())
          sizes.push_back(ConstantOp::create(
              rewriter, loc, DenseElementsAttr::get(piece, ArrayRef<int64_t>{1})));
      }
      Value shape = rewriter.createOrFold<ConcatenateOp>(
          loc, sizes, rewriter.getI64IntegerAttr(0));
      product = BroadcastToOp::create(rewriter, loc, op.getType(), product, shape);
    }
    if (product.getType() != op.getType())
      product = tensor::CastOp::create(rewriter, loc, op.getType(), product);
    rewriter.replaceOp(op, product);
    return success();
  }
};

/// check(true, ...) => nothing
struct DropPassingCheck : OpRewritePattern<CheckOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(CheckOp op,
                                PatternRewriter &rewriter) const override {
    if (!matchPattern(op.getCondition(), m_One()))
      return rewriter.notifyMatchFailure(op, "condition is not constant true");
    rewriter.eraseOp(op);
    return success();
  }
};

/// assert(x, true, c...) => assert(x, c...); assert(x) => x
struct DropPassingConditions : OpRewritePattern<AssertOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AssertOp op,
                                PatternRewriter &rewriter) const override {
    SmallVector<Value> open;
    for (Value c : op.getConditions())
      if (!matchPattern(c, m_One()))
        open.push_back(c);
    if (open.empty()) {
      rewriter.replaceOp(op, op.getValue());
      return success();
    }
    if (open.size() == op.getConditions().size())
      return rewriter.notifyMatchFailure(op, "no condition is constant true");
    rewriter.modifyOpInPlace(op, [&] { op.getConditionsMutable().assign(open); });
    return success();
  }
};
} // namespace

void AddOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<AddOfNegRhs, AddOfNegLhs, AddConstants>(context);
}
void SubOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<SubOfNeg, SubOfConstant>(context);
}
void MulOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<MulOfNegs, MulOfNegByConstant, MulByMinusOne, MulConstants>(
      context);
}
void DimshuffleOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                               MLIRContext *context) {
  results.add<ComposeDimshuffles, LiftDimshuffleAboveElementwise>(context);
}
void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<CollapseReshapes>(context);
}
void CheckOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                          MLIRContext *context) {
  results.add<DropPassingCheck>(context);
}

void AssertOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<DropPassingConditions>(context);
}

void SymcDialect::getCanonicalizationPatterns(
    RewritePatternSet &results) const {
  MLIRContext *context = getContext();
  results.add<NegOfMulByConstant, DropUselessBroadcast,
              FoldBroadcastIntoElementwise, UnaryOfBroadcast, SumOfBroadcast>(
      context);
}
