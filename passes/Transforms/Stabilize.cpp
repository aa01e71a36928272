//===- Stabilize.cpp - numerically stable rewrites (symc-stabilize) -------===//
//
// Implements symc-stabilize: the DRR identities of StabilizePatterns.td
// (log1p, expm1, softplus, log1mexp, log_softmax, logsumexp, the fused
// crossentropy, abs) and C++ patterns for what gradient graphs look like.
// symc.grad builds the derivative of a naive expression out of products and
// quotients (`g / (1 + exp(x)) * exp(x)`), sums over broadcasts and
// scatters into zeros; those patterns flatten a tree of mul/div/neg into
// numerator and denominator factors, rewrite the factors (cancel, form
// sigmoid and softmax) and rebuild the tree. The pass runs the patterns, the
// symc canonicalization patterns and CSE in rounds until nothing changes.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/Cleanup.h"
#include "passes/Transforms/GreedyConfig.h"
#include "passes/Transforms/RewriteUtils.h"

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/IR/Dominance.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::symc {
#define GEN_PASS_DEF_STABILIZEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {
/// A splat 1 constant with the rank (all sizes 1) and element type of `like`.
Value onesLike(OpBuilder &builder, Location loc, Value like) {
  auto type = cast<RankedTensorType>(like.getType());
  auto ones = RankedTensorType::get(SmallVector<int64_t>(type.getRank(), 1),
                                    type.getElementType());
  return ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(
          ones, builder.getFloatAttr(type.getElementType(), 1.0)));
}

#include "passes/Transforms/StabilizePatterns.inc"

/// The rewrites symc-stabilize counts (pattern debug names), in the order
/// `--mlir-pass-statistics` lists them.
const RewriteInfo kStabilizeRewrites[] = {
    {"log1p", "log(1 + x) => log1p(x)"},
    {"log1p-of-one-minus", "log(1 - x) => log1p(-x)"},
    {"softplus", "log1p(exp(x)) => softplus(x)"},
    {"expm1", "exp(x) - 1 => expm1(x)"},
    {"one-minus-exp", "1 - exp(x) => -expm1(x)"},
    {"log1mexp", "log1p(-exp(x)), log(-expm1(x)) => log1mexp(x)"},
    {"log-sigmoid", "log(sigmoid(x)) => -softplus(-x)"},
    {"log1p-neg-sigmoid", "log1p(-sigmoid(x)) => -softplus(x)"},
    {"one-minus-sigmoid",
     "1 - sigmoid(x) => sigmoid(-x), y - y * sigmoid(x) => y * sigmoid(-x)"},
    {"binary-crossentropy-sigmoid",
     "binary_crossentropy(sigmoid(x), t) => t * softplus(-x) + (1 - t) * "
     "softplus(x)"},
    {"log-softmax", "log(softmax(x)) => log_softmax(x)"},
    {"log-indexed-softmax", "log(softmax(x)[i]) => log_softmax(x)[i]"},
    {"logsumexp", "log(sum(exp(x))) => logsumexp(x)"},
    {"crossentropy-softmax",
     "categorical_crossentropy(softmax(x), t) => crossentropy_softmax(x, t)"},
    {"abs", "sqrt(x * x), sqrt(sqr(x)), sqrt(x ** 2) => abs(x)"},
    {"cancel-factors", "x * y / y => x"},
    {"sigmoid-of-exp", "1 / (1 + exp(t)) => sigmoid(-t)"},
    {"exp-times-sigmoid", "exp(t) * sigmoid(-t) => sigmoid(t)"},
    {"softmax-of-exp", "exp(t) / sum(exp(t)) => softmax(t)"},
    {"softmax-grad",
     "s * (g - sum(g * s)) => g * s - s * sum(g * s), s = softmax(x)"},
    {"scatter-product",
     "inc_subtensor(zeros, v, i) * w => inc_subtensor(zeros, v * w[i], i)"},
};

//===----------------------------------------------------------------------===//
// Products as factor lists
//===----------------------------------------------------------------------===//

/// A factor of a product: an existing value, or a sigmoid or softmax that a
/// rewrite introduces and the rebuild creates.
struct Factor {
  enum class Kind { Value, Sigmoid, Softmax };
  Kind kind = Kind::Value;
  /// Kind::Value: the factor; Sigmoid and Softmax: their argument.
  Value value;
  /// Sigmoid: sigmoid(-value) rather than sigmoid(value).
  bool negated = false;
  /// Softmax: the reduced axes (softmax along one axis, else
  /// exp(t - logsumexp(t)) along several).
  SmallVector<int64_t, 2> axes;

  static Factor of(Value v) { return Factor{Kind::Value, v, false, {}}; }
  RankedTensorType getType() const {
    return cast<RankedTensorType>(value.getType());
  }
  bool is(Value v) const { return kind == Kind::Value && value == v; }
};

/// `(-1)^negate * prod(num) / prod(den)`.
struct Product {
  bool negate = false;
  /// Inline room for a few factors: four patterns flatten every product op
  /// (a gradient's 15,000 for B4), nearly all of two or three factors, and
  /// SmallVector's default for a Factor holds one.
  SmallVector<Factor, 4> num, den;
  /// Factors removed by rewrites; one of them may carry the result shape.
  SmallVector<Value> removed;
};

/// The ops a product tree is made of.
bool isProductOp(Operation *op) {
  return isa<MulOp, DivOp, NegOp, ReciprocalOp>(op);
}

/// At most this many product ops are flattened into one Product (bounds the
/// work per pattern application on long chains).
constexpr unsigned kMaxProductOps = 64;

/// Flattens `v` into `product`, expanding product ops that only the tree
/// reads (the root is always expanded).
void flatten(Value v, bool inDenominator, bool isRoot, Product &product,
             unsigned &budget) {
  Operation *def = v.getDefiningOp();
  if (def && budget > 0 && isProductOp(def) && isFloatTensor(v) &&
      (isRoot || v.hasOneUse())) {
    --budget;
    if (auto mul = dyn_cast<MulOp>(def)) {
      flatten(mul.getLhs(), inDenominator, false, product, budget);
      flatten(mul.getRhs(), inDenominator, false, product, budget);
      return;
    }
    if (auto div = dyn_cast<DivOp>(def)) {
      flatten(div.getLhs(), inDenominator, false, product, budget);
      flatten(div.getRhs(), !inDenominator, false, product, budget);
      return;
    }
    if (auto neg = dyn_cast<NegOp>(def)) {
      product.negate = !product.negate;
      flatten(neg.getInput(), inDenominator, false, product, budget);
      return;
    }
    auto reciprocal = cast<ReciprocalOp>(def);
    flatten(reciprocal.getInput(), !inDenominator, false, product, budget);
    return;
  }
  (inDenominator ? product.den : product.num).push_back(Factor::of(v));
}

Product flattenProduct(Value root) {
  Product product;
  unsigned budget = kMaxProductOps;
  flatten(root, false, true, product, budget);
  return product;
}

/// `value` without its negations: the base and whether an odd number of
/// symc.neg were peeled.
std::pair<Value, bool> peelNegations(Value value) {
  bool negated = false;
  while (auto neg = value.getDefiningOp<NegOp>()) {
    value = neg.getInput();
    negated = !negated;
  }
  return {value, negated};
}

/// The static broadcast shape of `types`, or failure.
FailureOr<SmallVector<int64_t>> broadcastShape(ArrayRef<Type> types) {
  if (types.empty())
    return failure();
  if (types.size() == 1)
    return SmallVector<int64_t>(cast<RankedTensorType>(types[0]).getShape());
  return inferBroadcastShape("symc-stabilize", std::nullopt, types);
}

SmallVector<Type> factorTypes(const Product &product) {
  SmallVector<Type> types;
  for (const Factor &f : product.num)
    types.push_back(f.getType());
  for (const Factor &f : product.den)
    types.push_back(f.getType());
  return types;
}

/// Builds the value of a factor.
Value materialize(PatternRewriter &rewriter, Location loc, const Factor &f) {
  switch (f.kind) {
  case Factor::Kind::Value:
    return f.value;
  case Factor::Kind::Sigmoid: {
    Value arg = f.negated ? rewriter.createOrFold<NegOp>(loc, f.value) : f.value;
    return SigmoidOp::create(rewriter, loc, arg);
  }
  case Factor::Kind::Softmax: {
    if (f.axes.size() == 1)
      return SoftmaxOp::create(rewriter, loc, f.value,
                               rewriter.getI64IntegerAttr(f.axes.front()));
    // softmax over several axes: exp(t - logsumexp(t, axes, keepdims)).
    Value lse = LogsumexpOp::create(rewriter, loc, f.value,
                                    rewriter.getDenseI64ArrayAttr(f.axes),
                                    rewriter.getUnitAttr());
    return ExpOp::create(rewriter, loc,
                         SubOp::create(rewriter, loc, f.value, lse));
  }
  }
  llvm_unreachable("unknown factor kind");
}

/// Rewrites a mul/div/neg/reciprocal tree: flattens it at its root (an op
/// whose result is not itself an operand of a larger tree), lets the
/// subclass change the factors, and rebuilds `num / den` (negated when the
/// sign says so) when it did. The result keeps the tree's run-time shape:
/// when removing factors would shrink it, the rebuilt value is broadcast to
/// the shape of a removed factor, or the rewrite does not fire.
class ProductPattern : public RewritePattern {
public:
  ProductPattern(MLIRContext *context, StringRef rootName)
      : RewritePattern(rootName, /*benefit=*/1, context) {}

  /// Changes `product`; returns true when it did.
  virtual bool simplify(Product &product) const = 0;

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    Value root = op->getResult(0);
    if (!isFloatTensor(root))
      return rewriter.notifyMatchFailure(op, "not a float product");
    if (root.hasOneUse() && isProductOp(*root.getUsers().begin()))
      return rewriter.notifyMatchFailure(op, "inside a larger product");
    Product product = flattenProduct(root);
    SmallVector<Type> original = factorTypes(product);
    if (!simplify(product))
      return rewriter.notifyMatchFailure(op, "nothing to rewrite");
    // The shape before, only for the few products a rewrite changes (four
    // patterns try every product op of a gradient graph).
    FailureOr<SmallVector<int64_t>> before = broadcastShape(original);
    if (failed(before))
      return rewriter.notifyMatchFailure(op, "factors do not broadcast");
    SmallVector<Type> types = factorTypes(product);
    FailureOr<SmallVector<int64_t>> after = broadcastShape(types);
    if (failed(after) && !types.empty())
      return rewriter.notifyMatchFailure(op, "factors do not broadcast");
    // A removed factor whose static shape is the product's carries it.
    Value carrier;
    if (types.empty() || *after != *before) {
      for (Value v : product.removed)
        if (cast<RankedTensorType>(v.getType()).getShape() == ArrayRef(*before))
          carrier = v;
      if (!carrier)
        return rewriter.notifyMatchFailure(op, "the rewrite would shrink the shape");
    }
    Location loc = op->getLoc();
    auto resultType = cast<RankedTensorType>(root.getType());
    auto multiply = [&](ArrayRef<Factor> factors) -> Value {
      Value acc;
      for (const Factor &f : factors) {
        Value v = materialize(rewriter, loc, f);
        acc = acc ? MulOp::create(rewriter, loc, acc, v).getResult() : v;
      }
      return acc;
    };
    Value num = multiply(product.num), den = multiply(product.den);
    auto one = [&]() -> Value {
      auto type = RankedTensorType::get(
          SmallVector<int64_t>(resultType.getRank(), 1),
          resultType.getElementType());
      return ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(
              type, rewriter.getFloatAttr(resultType.getElementType(), 1.0)));
    };
    Value result = den ? DivOp::create(rewriter, loc, num ? num : one(), den)
                             .getResult()
                       : (num ? num : one());
    if (product.negate)
      result = NegOp::create(rewriter, loc, result);
    if (carrier) {
      Value shape = ShapeOp::create(rewriter, loc, carrier);
      result = BroadcastToOp::create(rewriter, loc, carrier.getType(), result,
                                     shape);
    }
    rewriter.replaceOp(op, castToType(rewriter, loc, result, resultType));
    return success();
  }
};

/// True when every element of `v` is 1: a splat 1, broadcast or
/// dimshuffled (the gradient seed `fill(cost, 1)` is one).
bool isOnes(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (!isa<BroadcastToOp, DimshuffleOp>(def))
      break;
    v = def->getOperand(0);
  }
  return isSplatConstant(v, 1.0);
}

/// x * y / y => x (Theano's local_mul_canonizer): a factor that is both
/// multiplied and divided cancels. Exact in real arithmetic; in floating
/// point it removes an overflow or underflow of y (inf / inf, 0 / 0) that
/// the quotient could not recover from. Factors of ones go too.
struct CancelFactors : ProductPattern {
  using ProductPattern::ProductPattern;
  static constexpr llvm::StringLiteral kName = "cancel-factors";
  bool simplify(Product &product) const override {
    bool changed = false;
    for (size_t i = 0; i < product.num.size();) {
      if (product.num.size() > 1 && product.num[i].kind == Factor::Kind::Value &&
          isOnes(product.num[i].value)) {
        product.removed.push_back(product.num[i].value);
        product.num.erase(product.num.begin() + i);
        changed = true;
        continue;
      }
      ++i;
    }
    for (size_t i = 0; i < product.den.size();) {
      Factor &d = product.den[i];
      auto match = llvm::find_if(product.num, [&](const Factor &n) {
        return d.kind == Factor::Kind::Value && n.is(d.value);
      });
      if (match == product.num.end()) {
        ++i;
        continue;
      }
      product.removed.push_back(d.value);
      product.num.erase(match);
      product.den.erase(product.den.begin() + i);
      changed = true;
    }
    return changed;
  }
};

/// 1 / (1 + exp(t)) => sigmoid(-t): a denominator 1 + exp(t) (with a splat
/// 1 of any broadcastable shape) becomes the numerator sigmoid(-t), which
/// neither overflows nor loses its value when exp(t) does.
struct SigmoidOfExp : ProductPattern {
  using ProductPattern::ProductPattern;
  static constexpr llvm::StringLiteral kName = "sigmoid-of-exp";
  bool simplify(Product &product) const override {
    for (size_t i = 0; i < product.den.size(); ++i) {
      Factor &d = product.den[i];
      if (d.kind != Factor::Kind::Value)
        continue;
      auto add = d.value.getDefiningOp<AddOp>();
      if (!add)
        continue;
      Value other;
      if (isSplatConstant(add.getLhs(), 1.0))
        other = add.getRhs();
      else if (isSplatConstant(add.getRhs(), 1.0))
        other = add.getLhs();
      auto exp = other ? other.getDefiningOp<ExpOp>() : ExpOp();
      if (!exp)
        continue;
      auto [base, negated] = peelNegations(exp.getInput());
      product.removed.push_back(d.value);
      product.den.erase(product.den.begin() + i);
      product.num.push_back(Factor{Factor::Kind::Sigmoid, base, !negated, {}});
      return true;
    }
    return false;
  }
};

/// exp(t) * sigmoid(-t) => sigmoid(t): exp(t) / (1 + exp(t)) without the
/// overflow of exp(t) (inf * 0 = NaN at t = 1000).
struct ExpTimesSigmoid : ProductPattern {
  using ProductPattern::ProductPattern;
  static constexpr llvm::StringLiteral kName = "exp-times-sigmoid";

  /// The argument of a sigmoid factor, negations peeled.
  static std::optional<std::pair<Value, bool>> sigmoidArgument(const Factor &f) {
    if (f.kind == Factor::Kind::Sigmoid)
      return std::make_pair(f.value, f.negated);
    if (f.kind == Factor::Kind::Value)
      if (auto sigmoid = f.value.getDefiningOp<SigmoidOp>())
        return peelNegations(sigmoid.getInput());
    return std::nullopt;
  }

  bool simplify(Product &product) const override {
    for (size_t i = 0; i < product.num.size(); ++i) {
      Factor &e = product.num[i];
      auto exp = e.kind == Factor::Kind::Value ? e.value.getDefiningOp<ExpOp>()
                                               : ExpOp();
      if (!exp)
        continue;
      auto [base, negated] = peelNegations(exp.getInput());
      for (size_t j = 0; j < product.num.size(); ++j) {
        auto arg = sigmoidArgument(product.num[j]);
        if (!arg || arg->first != base || arg->second == negated)
          continue;
        if (product.num[j].kind == Factor::Kind::Value)
          product.removed.push_back(product.num[j].value);
        product.removed.push_back(e.value);
        product.num[i] = Factor{Factor::Kind::Sigmoid, base, negated, {}};
        product.num.erase(product.num.begin() + j);
        return true;
      }
    }
    return false;
  }
};

/// The axes of `sum` when it is sum(e, axes) with the reduced axes kept as
/// size-1 dimensions, by keepdims or by a dimshuffle putting them back.
std::optional<SmallVector<int64_t>> keptSumAxes(Value sum, Value e) {
  if (auto reduce = sum.getDefiningOp<ReduceSumOp>()) {
    if (reduce.getInput() == e && reduce.getKeepdims())
      return SmallVector<int64_t>(reduce.getAxes());
    return std::nullopt;
  }
  auto shuffle = sum.getDefiningOp<DimshuffleOp>();
  if (!shuffle)
    return std::nullopt;
  auto reduce = shuffle.getInput().getDefiningOp<ReduceSumOp>();
  if (!reduce || reduce.getInput() != e || reduce.getKeepdims())
    return std::nullopt;
  ArrayRef<int64_t> axes = reduce.getAxes();
  ArrayRef<int64_t> pattern = shuffle.getPattern();
  int64_t rank = cast<RankedTensorType>(e.getType()).getRank();
  if (static_cast<int64_t>(pattern.size()) != rank)
    return std::nullopt;
  int64_t next = 0;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(axes, d);
    if (reduced != (pattern[d] == DimshuffleOp::kNewAxis))
      return std::nullopt;
    if (!reduced && pattern[d] != next++)
      return std::nullopt;
  }
  return SmallVector<int64_t>(axes);
}

/// exp(t) / sum(exp(t)) => softmax(t): the normalized exponential without
/// the overflow of exp(t) (inf / inf = NaN at t = 1000). The gradient of
/// log(sum(exp(x))) has this form.
struct SoftmaxOfExp : ProductPattern {
  using ProductPattern::ProductPattern;
  static constexpr llvm::StringLiteral kName = "softmax-of-exp";
  bool simplify(Product &product) const override {
    for (size_t i = 0; i < product.num.size(); ++i) {
      Factor &e = product.num[i];
      if (e.kind != Factor::Kind::Value || !e.value.getDefiningOp<ExpOp>())
        continue;
      for (size_t j = 0; j < product.den.size(); ++j) {
        Factor &s = product.den[j];
        if (s.kind != Factor::Kind::Value)
          continue;
        std::optional<SmallVector<int64_t>> axes = keptSumAxes(s.value, e.value);
        if (!axes || axes->empty())
          continue;
        product.removed.push_back(e.value);
        product.removed.push_back(s.value);
        Value t = e.value.getDefiningOp<ExpOp>().getInput();
        product.num[i] = Factor{Factor::Kind::Softmax, t, false,
                                {axes->begin(), axes->end()}};
        product.den.erase(product.den.begin() + j);
        return true;
      }
    }
    return false;
  }
};

/// Registers a ProductPattern subclass, named PatternT::kName, for every
/// op a product can end in.
template <typename PatternT>
void addProductPattern(RewritePatternSet &patterns) {
  for (StringRef root : {MulOp::getOperationName(), DivOp::getOperationName(),
                         NegOp::getOperationName(),
                         ReciprocalOp::getOperationName()})
    addNamedPattern<PatternT>(patterns, PatternT::kName, root);
}

//===----------------------------------------------------------------------===//
// Gradients of softmax and of indexing
//===----------------------------------------------------------------------===//

/// True when the product rooted at `value` divides by `factor`.
bool dividesBy(Value value, Value factor) {
  Product product = flattenProduct(value);
  return llvm::any_of(product.den, [&](const Factor &f) { return f.is(factor); });
}

/// True when `value` is a tensor of zeros (a splat 0, or one broadcast).
bool isZeros(Value value) {
  if (auto broadcast = value.getDefiningOp<BroadcastToOp>())
    value = broadcast.getInput();
  return isSplatConstant(value, 0.0);
}

/// The factor w[i] that the value v of `scatter` = inc_subtensor(zeros, v,
/// i) divides by, for an advanced index i, or null.
Value scatteredDivisor(AdvancedIncSubtensorOp scatter, Value w) {
  if (!isZeros(scatter.getInput()))
    return {};
  Product value = flattenProduct(scatter.getValue());
  for (const Factor &f : value.den) {
    if (f.kind != Factor::Kind::Value)
      continue;
    auto picked = f.value.getDefiningOp<AdvancedSubtensorOp>();
    if (picked && picked.getInput() == w &&
        llvm::equal(picked.getIndices(), scatter.getIndices()) &&
        picked.getPositions() == scatter.getPositions())
      return f.value;
  }
  return {};
}

/// True when multiplying `g` by `s` cancels a division: g divides by s, or
/// g scatters into zeros values that divide by the matching elements of s.
bool cancelsWith(Value g, Value s) {
  if (auto scatter = g.getDefiningOp<AdvancedIncSubtensorOp>())
    return static_cast<bool>(scatteredDivisor(scatter, s));
  return dividesBy(g, s);
}

/// s * (g - sum(g * s, axis, keepdims)) => g * s - s * sum(g * s, axis,
/// keepdims) for s = softmax(x, axis), when g divides by s (or scatters
/// values that divide by elements of s): the gradient of
/// softmax (its Jacobian times g) distributed, so that the division in
/// g * s cancels instead of overflowing where s underflows. This is what
/// the gradient of a naive crossentropy of a softmax looks like.
struct DistributeSoftmaxGrad : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    for (auto [s, d] : {std::pair(op.getLhs(), op.getRhs()),
                        std::pair(op.getRhs(), op.getLhs())}) {
      auto softmax = s.getDefiningOp<SoftmaxOp>();
      auto sub = d.getDefiningOp<SubOp>();
      if (!softmax || !sub)
        continue;
      Value g = sub.getLhs();
      auto sum = sub.getRhs().getDefiningOp<ReduceSumOp>();
      if (!sum || !sum.getKeepdims() ||
          sum.getAxes() !=
              ArrayRef<int64_t>{static_cast<int64_t>(softmax.getAxis())})
        continue;
      auto gs = sum.getInput().getDefiningOp<MulOp>();
      if (!gs || !((gs.getLhs() == g && gs.getRhs() == s) ||
                   (gs.getLhs() == s && gs.getRhs() == g)))
        continue;
      if (!cancelsWith(g, s))
        continue;
      Location loc = op.getLoc();
      Value scaled = MulOp::create(rewriter, loc, s, sum.getResult());
      Value result = SubOp::create(rewriter, loc, gs.getResult(), scaled);
      rewriter.replaceOp(op, castToType(rewriter, loc, result, op.getType()));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not a softmax gradient of a quotient");
  }
};

/// inc_subtensor(zeros, v, i) * w => inc_subtensor(zeros, v * w[i], i) for
/// an advanced (integer-array) index i and w of the product's shape, when v
/// divides by w[i]: only the indexed elements are nonzero, and each is
/// multiplied by its own element of w (repeated indices too, since the
/// product distributes over their sum). The division then cancels; this is
/// the gradient of -log(softmax(x)[rows, labels]).
struct ScatterProduct : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp op,
                                PatternRewriter &rewriter) const override {
    for (auto [i, other] : {std::pair(op.getLhs(), op.getRhs()),
                            std::pair(op.getRhs(), op.getLhs())}) {
      Value w = other;
      auto scatter = i.getDefiningOp<AdvancedIncSubtensorOp>();
      if (!scatter || !scatter->hasOneUse())
        continue;
      if (w.getType() != op.getType() || scatter.getType() != op.getType())
        continue;
      Value picked = scatteredDivisor(scatter, w);
      if (!picked)
        continue;
      auto valueType = cast<RankedTensorType>(scatter.getValue().getType());
      auto pickedType = cast<RankedTensorType>(picked.getType());
      if (valueType.getRank() != pickedType.getRank() ||
          failed(inferBroadcastShape("symc-stabilize", std::nullopt,
                                     {valueType, pickedType})))
        continue;
      Location loc = op.getLoc();
      Value scaled = MulOp::create(rewriter, loc, scatter.getValue(), picked);
      Value result = AdvancedIncSubtensorOp::create(
          rewriter, loc, scatter.getType(), scatter.getInput(),
          scatter.getIndices(), scatter.getPositionsAttr(), scaled);
      rewriter.replaceOp(op, result);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "not a scatter times its own values");
  }
};

/// log(softmax(x)[i]) => log_softmax(x)[i] for basic and advanced indexing:
/// the logarithm commutes with picking elements, and log_softmax does not
/// underflow to log(0) = -inf.
struct LogOfIndexedSoftmax : OpRewritePattern<LogOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogOp op,
                                PatternRewriter &rewriter) const override {
    Operation *index = op.getInput().getDefiningOp();
    if (!index || !isa<SubtensorOp, AdvancedSubtensorOp>(index))
      return rewriter.notifyMatchFailure(op, "input is not indexing");
    auto softmax = index->getOperand(0).getDefiningOp<SoftmaxOp>();
    if (!softmax)
      return rewriter.notifyMatchFailure(op, "not indexing a softmax");
    Location loc = op.getLoc();
    Value logSoftmax = LogSoftmaxOp::create(rewriter, loc, softmax.getInput(),
                                            softmax.getAxisAttr());
    IRMapping mapping;
    mapping.map(softmax.getResult(), logSoftmax);
    Operation *picked = rewriter.clone(*index, mapping);
    rewriter.replaceOp(op, castToType(rewriter, loc, picked->getResult(0),
                                      op.getType()));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct StabilizePass : symc::impl::StabilizePassBase<StabilizePass> {
  using StabilizePassBase::StabilizePassBase;

  LogicalResult initialize(MLIRContext *context) override {
    auto build = [&](ArrayRef<std::string> disabled) {
      RewritePatternSet set(context);
      populateSymcStabilizePatterns(set);
      // The rewrites read through the canonical forms (gradient seeds
      // removed, dimshuffles lifted, constants folded), so canonicalization
      // runs in the same loop; this also keeps the pass self-sufficient in
      // the cheap FAST_COMPILE pipeline.
      populateSymcCanonicalizationPatterns(set);
      return std::make_shared<FrozenRewritePatternSet>(std::move(set),
                                                       disabled);
    };
    patterns = build({});
    withoutExpProducts =
        build({SigmoidOfExp::kName.str(), ExpTimesSigmoid::kName.str(),
               SoftmaxOfExp::kName.str()});
    return success();
  }

  /// Whether `func` computes an exp anywhere.
  static bool containsExp(func::FuncOp func) {
    return func.walk([](ExpOp) { return WalkResult::interrupt(); })
        .wasInterrupted();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    PatternCounter counter;
    // Every change also goes to the optimize pipeline's log, for its last
    // cleanup.
    RecordingListener logger(&counter, CleanupLog::changesOf(log, func));
    ChangedOps changedOps(&logger);
    GreedyRewriteConfig config;
    config.setListener(&changedOps);
    config.setRegionSimplificationLevel(regionSimplificationFor(func));
    config.enableConstantCSE(cseConstants);
    IRRewriter rewriter(func.getContext(), &logger);
    bool changedIR = false;
    // CSE first: the frontend emits each use of a subexpression separately,
    // and the factor rewrites compare values. (Not again when the pipeline's
    // cse step ran just before: a full walk of the function.)
    if (cseFirst) {
      DominanceInfo dominance(func);
      eliminateCommonSubExpressions(rewriter, dominance, func, &changedIR);
    }
    // The product rewrites that need an exp (sigmoid-of-exp,
    // exp-times-sigmoid, softmax-of-exp) flatten every product op, and a
    // gradient has thousands (B4's: 15,000); without an exp they cannot
    // fire. No rewrite makes an exp but softmax-of-exp's own, from an exp;
    // should one ever do, the rounds run again with every rewrite.
    bool hadExp = containsExp(func);
    if (failed(runRounds(func, hadExp ? *patterns : *withoutExpProducts,
                         config, changedOps, rewriter, changedIR)) ||
        (!hadExp && containsExp(func) &&
         failed(runRounds(func, *patterns, config, changedOps, rewriter,
                          changedIR)))) {
      func.emitError("symc-stabilize did not converge");
      return signalPassFailure();
    }
    if (!changedIR)
      markAllAnalysesPreserved();
    recordRewriteStatistics(getArgument(), kStabilizeRewrites, counter);
  }

  /// Applies `set` until nothing changes, with CSE between rounds; fails
  /// if a round does not converge.
  LogicalResult runRounds(func::FuncOp func,
                          const FrozenRewritePatternSet &set,
                          const GreedyRewriteConfig &config,
                          ChangedOps &changedOps, IRRewriter &rewriter,
                          bool &changedIR) {
    for (unsigned round = 0; round < maxRounds; ++round) {
      bool changed = false;
      changedOps.clear();
      // Incrementally: the rewrites of a gradient fire on a few ops (its
      // seed), and the driver's second iteration over all of them would
      // find nothing more.
      if (failed(applyPatternsIncrementally(func, set, config, &changed)))
        return failure();
      changedIR |= changed;
      if (!changed)
        break;
      // The function was free of common subexpressions before this round
      // (CSE ran last, here or in the pipeline's cse step): new ones involve
      // an op the round inserted or modified. A gradient whose rewrites
      // touch a few ops then skips a CSE of all of it.
      if (!mayHaveCommonSubexpressions(changedOps))
        break;
      bool merged = false;
      DominanceInfo dom(func);
      eliminateCommonSubExpressions(rewriter, dom, func, &merged);
      if (!merged)
        break;
    }
    return success();
  }

  std::shared_ptr<FrozenRewritePatternSet> patterns;
  /// `patterns` without the product rewrites that need an exp.
  std::shared_ptr<FrozenRewritePatternSet> withoutExpProducts;
  std::shared_ptr<CleanupLog> log;
};

} // namespace

std::unique_ptr<Pass>
mlir::symc::createStabilizePass(const StabilizePassOptions &options,
                                std::shared_ptr<CleanupLog> log) {
  return CleanupLog::attach(std::make_unique<StabilizePass>(options),
                            std::move(log));
}

void mlir::symc::populateSymcStabilizePatterns(RewritePatternSet &patterns) {
  addNamedPattern<LogOfOnePlus>(patterns, "log1p");
  addNamedPattern<LogOfOnePlusLhs>(patterns, "log1p");
  addNamedPattern<LogOfOneMinus>(patterns, "log1p-of-one-minus");
  addNamedPattern<Log1pOfExp>(patterns, "softplus");
  addNamedPattern<ExpMinusOne>(patterns, "expm1");
  addNamedPattern<ExpPlusMinusOne>(patterns, "expm1");
  addNamedPattern<MinusOnePlusExp>(patterns, "expm1");
  addNamedPattern<OneMinusExp>(patterns, "one-minus-exp");
  addNamedPattern<Log1pOfNegExp>(patterns, "log1mexp");
  addNamedPattern<LogOfNegExpm1>(patterns, "log1mexp");
  addNamedPattern<LogOfSigmoid>(patterns, "log-sigmoid");
  addNamedPattern<Log1pOfNegSigmoid>(patterns, "log1p-neg-sigmoid");
  addNamedPattern<OneMinusSigmoid>(patterns, "one-minus-sigmoid");
  addNamedPattern<MinusTimesSigmoid>(patterns, "one-minus-sigmoid");
  addNamedPattern<MinusSigmoidTimes>(patterns, "one-minus-sigmoid");
  addNamedPattern<BinaryCrossentropyOfSigmoid>(patterns,
                                               "binary-crossentropy-sigmoid");
  addNamedPattern<LogOfSoftmax>(patterns, "log-softmax");
  addNamedPattern<LogOfIndexedSoftmax>(patterns, "log-indexed-softmax");
  addNamedPattern<LogOfSumOfExp>(patterns, "logsumexp");
  addNamedPattern<CrossentropyOfSoftmax>(patterns, "crossentropy-softmax");
  addNamedPattern<SqrtOfSqr>(patterns, "abs");
  addNamedPattern<SqrtOfSquare>(patterns, "abs");
  addNamedPattern<SqrtOfPowTwo>(patterns, "abs");
  addProductPattern<CancelFactors>(patterns);
  addProductPattern<SigmoidOfExp>(patterns);
  addProductPattern<ExpTimesSigmoid>(patterns);
  addProductPattern<SoftmaxOfExp>(patterns);
  addNamedPattern<DistributeSoftmaxGrad>(patterns, "softmax-grad");
  addNamedPattern<ScatterProduct>(patterns, "scatter-product");
}
