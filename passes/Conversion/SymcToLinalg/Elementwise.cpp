//===- Elementwise.cpp - symc elementwise ops to linalg.generic -----------===//
//
// Lowers every op with the SymcElementwise trait to one linalg.generic over
// the broadcast result shape. An operand's static size-1 dimension under a
// result dimension that is not a static 1 is read at index 0 (Theano's
// broadcasting); every other operand dimension must equal the result's,
// which is checked at run time (symc.check) where sizes are dynamic. The
// scalar body follows NumPy's semantics for the original element type
// (signedness of ui8 and bool included). A symc.fused_elementwise becomes one
// linalg.generic whose payload holds the same scalar code for each op of its
// region, after the checks each of them would have had.
//
// A long chain is hundreds of groups whose regions repeat a few bodies (B4,
// N = 5000: 157 groups of one 128-op body; its gradient 427 groups in a few
// shapes). Regions of at least payload-min-ops ops are lowered once per
// distinct body: their scalar code goes into a private function marked
// symc.payload (see symc-outline-payloads), which every generic of an equal
// region calls. Equal means the same ops in payload order, with the same
// attributes, types and splat constant inputs, using their inputs in the
// same pattern: which block argument a use names does not matter, since the
// function takes the inputs in the order the body first uses them. Every
// pass up to symc-inline-payloads then handles one call per group instead
// of its scalar code.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"
#include "passes/Conversion/SymcToLinalg/ScalarOps.h"

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Builds the scalar body of elementwise op `op` from converted scalar
/// operands. Returns null for an op this table does not know.
Value buildElementwiseBody(OpBuilder &b, Location loc, Operation *op,
                           ValueRange args) {
  Type elem = getElementTypeOrSelf(op->getOperand(0).getType());
  bool isUnsigned = hasUnsignedSemantics(elem);
  bool isFloat = isa<FloatType>(elem);
  Value x = args[0];
  auto cmp = [&](arith::CmpFPredicate fp, arith::CmpIPredicate sp,
                 arith::CmpIPredicate up) -> Value {
    if (isFloat)
      return arith::CmpFOp::create(b, loc, fp, args[0], args[1]);
    return arith::CmpIOp::create(b, loc, isUnsigned ? up : sp, args[0],
                                 args[1]);
  };
  using FP = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  return llvm::TypeSwitch<Operation *, Value>(op)
      // Numeric unary.
      .Case([&](NegOp) -> Value {
        if (isFloat)
          return arith::NegFOp::create(b, loc, x);
        return arith::SubIOp::create(b, loc, scalarConstant(b, loc, x.getType(), 0), x);
      })
      .Case([&](AbsOp) { return scalar::abs(b, loc, x, isUnsigned); })
      .Case([&](SignOp) { return scalar::sign(b, loc, x, isUnsigned); })
      .Case([&](SqrOp) { return scalar::mul(b, loc, x, x); })
      // Float unary.
      .Case([&](ExpOp) { return math::ExpOp::create(b, loc, x); })
      .Case([&](Expm1Op) { return math::ExpM1Op::create(b, loc, x); })
      .Case([&](LogOp) { return math::LogOp::create(b, loc, x); })
      .Case([&](Log1pOp) { return math::Log1pOp::create(b, loc, x); })
      .Case([&](Log2Op) { return math::Log2Op::create(b, loc, x); })
      .Case([&](Log10Op) { return math::Log10Op::create(b, loc, x); })
      .Case([&](Log1mexpOp) { return scalar::log1mexp(b, loc, x); })
      .Case([&](SqrtOp) { return math::SqrtOp::create(b, loc, x); })
      .Case([&](ReciprocalOp) {
        return arith::DivFOp::create(
            b, loc, scalarConstant(b, loc, x.getType(), 1.0), x);
      })
      .Case([&](FloorOp) { return math::FloorOp::create(b, loc, x); })
      .Case([&](CeilOp) { return math::CeilOp::create(b, loc, x); })
      .Case([&](RoundOp) { return math::RoundEvenOp::create(b, loc, x); })
      .Case([&](SinOp) { return math::SinOp::create(b, loc, x); })
      .Case([&](CosOp) { return math::CosOp::create(b, loc, x); })
      .Case([&](TanOp) { return math::TanOp::create(b, loc, x); })
      .Case([&](AsinOp) { return math::AsinOp::create(b, loc, x); })
      .Case([&](AcosOp) { return math::AcosOp::create(b, loc, x); })
      .Case([&](AtanOp) { return math::AtanOp::create(b, loc, x); })
      .Case([&](SinhOp) { return math::SinhOp::create(b, loc, x); })
      .Case([&](CoshOp) { return math::CoshOp::create(b, loc, x); })
      .Case([&](TanhOp) { return math::TanhOp::create(b, loc, x); })
      .Case([&](AsinhOp) { return math::AsinhOp::create(b, loc, x); })
      .Case([&](AcoshOp) { return math::AcoshOp::create(b, loc, x); })
      .Case([&](AtanhOp) { return math::AtanhOp::create(b, loc, x); })
      .Case([&](ErfOp) { return math::ErfOp::create(b, loc, x); })
      .Case([&](ErfcOp) { return math::ErfcOp::create(b, loc, x); })
      .Case([&](SigmoidOp) { return scalar::sigmoid(b, loc, x); })
      .Case([&](SoftplusOp) { return scalar::softplus(b, loc, x); })
      // Predicates and not.
      .Case([&](IsNanOp) { return scalar::isNaN(b, loc, x); })
      .Case([&](IsInfOp) -> Value {
        if (!isFloat)
          return scalarConstant(b, loc, b.getI1Type(), 0);
        Value inf = highestValue(b, loc, x.getType(), false);
        return arith::CmpFOp::create(b, loc, FP::OEQ,
                                     math::AbsFOp::create(b, loc, x), inf);
      })
      .Case([&](NotOp) {
        return arith::XOrIOp::create(
            b, loc, x, scalarConstant(b, loc, x.getType(), -1));
      })
      // Binary arithmetic.
      .Case([&](AddOp) { return scalar::add(b, loc, args[0], args[1]); })
      .Case([&](SubOp) -> Value {
        if (isFloat)
          return arith::SubFOp::create(b, loc, args[0], args[1]);
        return arith::SubIOp::create(b, loc, args[0], args[1]);
      })
      .Case([&](MulOp) { return scalar::mul(b, loc, args[0], args[1]); })
      .Case([&](DivOp) { return arith::DivFOp::create(b, loc, args[0], args[1]); })
      .Case([&](FloorDivOp) {
        return scalar::floorDiv(b, loc, args[0], args[1], isUnsigned);
      })
      .Case([&](ModOp) { return scalar::mod(b, loc, args[0], args[1], isUnsigned); })
      .Case([&](PowOp) { return scalar::pow(b, loc, args[0], args[1], isUnsigned); })
      .Case([&](MaximumOp) {
        return scalar::maximum(b, loc, args[0], args[1], isUnsigned);
      })
      .Case([&](MinimumOp) {
        return scalar::minimum(b, loc, args[0], args[1], isUnsigned);
      })
      .Case([&](Atan2Op) { return math::Atan2Op::create(b, loc, args[0], args[1]); })
      .Case([&](AndOp) { return arith::AndIOp::create(b, loc, args[0], args[1]); })
      .Case([&](OrOp) { return arith::OrIOp::create(b, loc, args[0], args[1]); })
      .Case([&](XorOp) { return arith::XOrIOp::create(b, loc, args[0], args[1]); })
      .Case([&](BinaryCrossentropyOp) -> Value {
        // -(t * log(p) + (1 - t) * log1p(-p)), p = lhs, t = rhs.
        Value p = args[0], t = args[1];
        Value one = scalarConstant(b, loc, p.getType(), 1.0);
        Value logP = math::LogOp::create(b, loc, p);
        Value log1mP =
            math::Log1pOp::create(b, loc, arith::NegFOp::create(b, loc, p));
        Value sum = arith::AddFOp::create(
            b, loc, arith::MulFOp::create(b, loc, t, logP),
            arith::MulFOp::create(b, loc, arith::SubFOp::create(b, loc, one, t),
                                  log1mP));
        return arith::NegFOp::create(b, loc, sum);
      })
      .Case([&](TanhGradOp) -> Value {
        // g * (1 - y * y), y = lhs, g = rhs: the expression symc.grad built
        // before this op existed, so gradients keep their rounding.
        Value y = args[0], g = args[1];
        Value one = scalarConstant(b, loc, y.getType(), 1.0);
        Value oneMinusSq = arith::SubFOp::create(
            b, loc, one, arith::MulFOp::create(b, loc, y, y));
        return arith::MulFOp::create(b, loc, g, oneMinusSq);
      })
      // Comparisons: ordered for floats except `ne` (NaN != NaN).
      .Case([&](EqOp) { return cmp(FP::OEQ, IP::eq, IP::eq); })
      .Case([&](NeOp) { return cmp(FP::UNE, IP::ne, IP::ne); })
      .Case([&](LtOp) { return cmp(FP::OLT, IP::slt, IP::ult); })
      .Case([&](LeOp) { return cmp(FP::OLE, IP::sle, IP::ule); })
      .Case([&](GtOp) { return cmp(FP::OGT, IP::sgt, IP::ugt); })
      .Case([&](GeOp) { return cmp(FP::OGE, IP::sge, IP::uge); })
      // Ternary and casts.
      .Case([&](SelectOp) {
        return arith::SelectOp::create(b, loc, args[0], args[1], args[2]);
      })
      .Case([&](ClipOp) {
        Type clipElem = getElementTypeOrSelf(op->getOperand(0).getType());
        bool u = hasUnsignedSemantics(clipElem);
        Value low = scalar::maximum(b, loc, args[0], args[1], u);
        return scalar::minimum(b, loc, low, args[2], u);
      })
      .Case([&](CastOp cast) {
        return scalar::cast(b, loc, x, elem,
                            getElementTypeOrSelf(cast.getResult().getType()));
      })
      .Default([](Operation *) { return Value(); });
}

/// Operand names used in check messages of ternary ops.
SmallVector<StringRef> operandNames(Operation *op) {
  if (isa<SelectOp>(op))
    return {"condition", "on_true", "on_false"};
  if (isa<ClipOp>(op))
    return {"input", "low", "high"};
  return {};
}

/// Any elementwise op => one linalg.generic over the broadcast shape.
struct ElementwiseOpLowering : ConversionPattern {
  ElementwiseOpLowering(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, Pattern::MatchTraitOpTypeTag(),
                          TypeID::get<SymcElementwise>(),
                          /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (op->getNumResults() != 1)
      return rewriter.notifyMatchFailure(op, "expected one result");
    Location loc = op->getLoc();
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, operands);
    if (failed(shape))
      return rewriter.notifyMatchFailure(op, "cannot reify the result shape");
    emitBroadcastChecks(rewriter, op, operands, *shape, operandNames(op));
    RankedTensorType resultType = convertTensorType(op->getResult(0).getType());
    bool unknown = false;
    Value result = buildBroadcastGeneric(
        rewriter, loc, operands, *shape, resultType.getElementType(),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value v = buildElementwiseBody(b, l, op, args);
          if (!v) {
            unknown = true;
            v = args.front();
          }
          return v;
        });
    if (unknown)
      return op->emitOpError("has no elementwise lowering");
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

/// The size of dimension `d` of the converted tensor `value`, followed
/// through tensor.cast and destination-style ops on tensors to the
/// tensor.empty that sized it (where canonicalization would fold a
/// tensor.dim of it), else a new tensor.dim. The inputs of a chain's groups
/// are results of earlier groups: their sizes are then the same value, and
/// no run-time check is emitted only for canonicalization to fold it away
/// (B4's gradient: 45,000 such checks in 427 groups).
static OpFoldResult knownDimSize(OpBuilder &b, Location loc, Value value,
                                 int64_t d) {
  Value v = value;
  while (true) {
    auto type = cast<RankedTensorType>(v.getType());
    if (!type.isDynamicDim(d))
      return b.getIndexAttr(type.getDimSize(d));
    Operation *def = v.getDefiningOp();
    if (auto cast = dyn_cast_or_null<tensor::CastOp>(def)) {
      v = cast.getSource();
      continue;
    }
    if (auto empty = dyn_cast_or_null<tensor::EmptyOp>(def))
      return empty.getMixedSizes()[d];
    if (auto dps = dyn_cast_or_null<DestinationStyleOpInterface>(def);
        dps && dps.hasPureTensorSemantics()) {
      v = dps.getTiedOpOperand(cast<OpResult>(v))->get();
      continue;
    }
    return getDimSize(b, loc, v, d);
  }
}

/// The sizes of the values of a symc.fused_elementwise region as the
/// tensors they stand for: an input's are read from the converted input (one
/// tensor.dim per dynamic dimension, made when first needed), a region op's
/// follow the shape reification of elementwise ops from its operands'.
class FusedShapes {
public:
  FusedShapes(OpBuilder &b, FusedElementwiseOp op, ValueRange inputs)
      : b(b), op(op), inputs(inputs),
        resultShape(cast<RankedTensorType>(op.getResult(0).getType()).getShape()),
        inputSizes(inputs.size(), SmallVector<OpFoldResult>(resultShape.size())) {
    // Sized once: growing moved every member's sizes (a gradient's
    // recomputing groups hold about 140 ops each).
    opSizes.reserve(op.getBody().front().getOperations().size());
  }

  /// The full tensor type region value `v` stands for. Memoized per
  /// region type (rank 0, one per element type): a type is uniqued under
  /// the context's lock, and this is asked for every operand of every
  /// region op.
  RankedTensorType typeOf(Value v) {
    if (auto arg = dyn_cast<BlockArgument>(v))
      return cast<RankedTensorType>(op.getInputs()[arg.getArgNumber()].getType());
    RankedTensorType &type = fullTypes[v.getType()];
    if (!type)
      type = RankedTensorType::get(resultShape, elementTypeOf(v.getType()));
    return type;
  }

  OpFoldResult sizeOf(Value v, int64_t d) {
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      OpFoldResult &size = inputSizes[arg.getArgNumber()][d];
      if (!size)
        size = knownDimSize(b, op.getLoc(), inputs[arg.getArgNumber()], d);
      return size;
    }
    return opSizes.find(v.getDefiningOp())->second[d];
  }

  /// Records the sizes of region op `member`'s result (reifyBroadcastShape's
  /// rule: a static size other than 1, else the first dynamic operand's size,
  /// else 1; static sizes of the result type win) and returns, per
  /// dimension, the operand that size was read from.
  SmallVector<std::optional<size_t>> reify(Operation *member) {
    SmallVector<OpFoldResult> sizes;
    SmallVector<std::optional<size_t>> owners;
    for (auto [d, resultSize] : llvm::enumerate(resultShape)) {
      std::optional<int64_t> staticSize;
      std::optional<size_t> dynamicOwner;
      for (auto [i, operand] : llvm::enumerate(member->getOperands())) {
        int64_t size = typeOf(operand).getDimSize(d);
        if (ShapedType::isDynamic(size)) {
          if (!dynamicOwner)
            dynamicOwner = i;
        } else if (size != 1) {
          staticSize = size;
        }
      }
      if (!ShapedType::isDynamic(resultSize))
        staticSize = resultSize;
      if (staticSize || !dynamicOwner) {
        sizes.push_back(b.getIndexAttr(staticSize.value_or(1)));
        owners.push_back(std::nullopt);
      } else {
        sizes.push_back(sizeOf(member->getOperand(*dynamicOwner), d));
        owners.push_back(dynamicOwner);
      }
    }
    opSizes[member] = std::move(sizes);
    return owners;
  }

  /// The sizes recorded by reify(member).
  ArrayRef<OpFoldResult> sizesOf(Operation *member) {
    return opSizes.find(member)->second;
  }

private:
  OpBuilder &b;
  FusedElementwiseOp op;
  ValueRange inputs;
  ArrayRef<int64_t> resultShape;
  SmallVector<SmallVector<OpFoldResult>> inputSizes;
  llvm::DenseMap<Operation *, SmallVector<OpFoldResult>> opSizes;
  llvm::SmallDenseMap<Type, RankedTensorType, 2> fullTypes;
};

/// The region's ops in the order their scalar code is emitted: a post-order
/// walk from the yielded values that visits an op's operands last to first,
/// so that each operand's computation sits next to its use (short live
/// ranges in the vector loop) and independent subexpressions keep the order
/// linalg's producer-into-consumer fusion gave them. B1
/// (`softplus(x)*y + tanh(x)*0.5`) ran ~6% slower with its code in the
/// region's order (softplus first). Iterative: a group may be a 128-op chain.
static SmallVector<Operation *> payloadOrder(Block &body) {
  SmallVector<Operation *> order;
  llvm::SmallPtrSet<Operation *, 32> visited;
  // (op, index of the next operand to visit, counting down)
  SmallVector<std::pair<Operation *, unsigned>> stack;
  auto push = [&](Value v) {
    Operation *def = v.getDefiningOp();
    if (def && def->getBlock() == &body && visited.insert(def).second)
      stack.push_back({def, def->getNumOperands()});
  };
  Operation *terminator = body.getTerminator();
  for (Value v : llvm::reverse(terminator->getOperands())) {
    push(v);
    while (!stack.empty()) {
      auto &[op, next] = stack.back();
      if (next == 0) {
        order.push_back(op);
        stack.pop_back();
        continue;
      }
      Value operand = op->getOperand(--next);
      push(operand);
    }
  }
  // Members no yielded value depends on still get their code (the verifier
  // does not forbid them), in region order.
  for (Operation &member : body.without_terminator())
    if (visited.insert(&member).second)
      order.push_back(&member);
  return order;
}

/// Emits the scalar code of `order` (region ops of `body`) with `scalars`
/// holding the scalar of each block argument; returns the scalars of the
/// yielded values, or sets `unknown` to an op without a lowering.
static SmallVector<Value> emitScalarCode(OpBuilder &b, Block &body,
                                         ArrayRef<Operation *> order,
                                         llvm::DenseMap<Value, Value> &scalars,
                                         Operation *&unknown) {
  for (Operation *member : order) {
    SmallVector<Value> operands;
    for (Value operand : member->getOperands())
      operands.push_back(scalars.lookup(operand));
    Value v = buildElementwiseBody(b, member->getLoc(), member, operands);
    if (!v) {
      unknown = member;
      v = operands.front();
    }
    scalars[member->getResult(0)] = v;
  }
  SmallVector<Value> yielded;
  for (Value v : body.getTerminator()->getOperands())
    yielded.push_back(scalars.lookup(v));
  return yielded;
}

/// What a shared payload function is the code of: the words of a region in
/// payload order (per op its name, attributes, result type and, per
/// operand, its type and what it is: an earlier op by position, a splat
/// constant input by value, another input by the position of its first use),
/// then the yielded values. Names, attributes and types are uniqued, so
/// equal words are equal scalar code.
struct PayloadKey {
  SmallVector<uintptr_t> words;
  /// Inputs (block argument numbers) the function takes, by first use.
  SmallVector<unsigned> params;

  PayloadKey(Block &body, ArrayRef<Operation *> order,
             ArrayRef<TypedAttr> splats) {
    llvm::DenseMap<Operation *, uintptr_t> position;
    llvm::DenseMap<unsigned, uintptr_t> paramOf;
    auto ref = [&](Value v) {
      words.push_back(reinterpret_cast<uintptr_t>(v.getType().getAsOpaquePointer()));
      if (auto arg = dyn_cast<BlockArgument>(v)) {
        unsigned n = arg.getArgNumber();
        if (TypedAttr splat = splats[n]) {
          words.push_back(2);
          words.push_back(reinterpret_cast<uintptr_t>(splat.getAsOpaquePointer()));
          return;
        }
        auto [it, inserted] = paramOf.try_emplace(n, params.size());
        if (inserted)
          params.push_back(n);
        words.push_back(1);
        words.push_back(it->second);
        return;
      }
      words.push_back(0);
      words.push_back(position.lookup(v.getDefiningOp()));
    };
    words.push_back(order.size());
    for (auto [i, member] : llvm::enumerate(order)) {
      words.push_back(reinterpret_cast<uintptr_t>(member->getName().getAsOpaquePointer()));
      words.push_back(reinterpret_cast<uintptr_t>(
          member->getAttrDictionary().getAsOpaquePointer()));
      words.push_back(reinterpret_cast<uintptr_t>(
          member->getResult(0).getType().getAsOpaquePointer()));
      words.push_back(member->getNumOperands());
      for (Value operand : member->getOperands())
        ref(operand);
      position[member] = i;
    }
    Operation *terminator = body.getTerminator();
    words.push_back(terminator->getNumOperands());
    for (Value v : terminator->getOperands())
      ref(v);
  }

  llvm::hash_code hash() const {
    return llvm::hash_combine_range(words.begin(), words.end());
  }
};

} // namespace

/// The payload functions made so far in one run of the lowering, by key.
class mlir::symc::FusedPayloads {
public:
  explicit FusedPayloads(unsigned minOps) : minOps(minOps) {}

  /// Regions with fewer ops keep their code in the generic.
  unsigned minOps;

  func::FuncOp lookup(const PayloadKey &key, llvm::hash_code hash) const {
    auto it = functions.find(hash);
    if (it == functions.end())
      return {};
    for (auto &[words, function] : it->second)
      if (words == key.words)
        return function;
    return {};
  }

  void insert(const PayloadKey &key, llvm::hash_code hash,
              func::FuncOp function) {
    functions[hash].emplace_back(key.words, function);
  }

  /// The module's symbol table, made at the first payload (names of new
  /// payloads must not clash with the module's functions).
  SymbolTable &symbols(ModuleOp module) {
    if (!table)
      table.emplace(module);
    return *table;
  }

private:
  llvm::DenseMap<llvm::hash_code,
                 SmallVector<std::pair<SmallVector<uintptr_t>, func::FuncOp>, 1>>
      functions;
  std::optional<SymbolTable> table;
};

namespace {

/// The marker of payload functions (symc-inline-payloads inlines them).
constexpr llvm::StringLiteral kPayloadAttr = "symc.payload";

/// symc.fused_elementwise => the broadcast checks of each region op in
/// region order (the messages its own lowering would emit), then one
/// linalg.generic over the results' shape whose payload is the scalar code
/// of the region ops, built once from them; or, for a region of at least
/// `payloads->minOps` ops, a call of the payload function of its code,
/// built at the first region of that code.
/// `inputs` are the op's inputs as the lowering sees them (converted ones
/// in a dialect conversion); `payloads` may be null (no payload functions).
class FusedLowering {
public:
  FusedLowering(RewriterBase &rewriter, FusedPayloads *payloads)
      : rewriter(rewriter), payloads(payloads) {}

  /// The payload function of `key` (one of `body`'s code), made after the
  /// module-level op holding `op` if it is the first of its code; null with
  /// `unknown` set if a region op has no lowering.
  func::FuncOp getPayload(FusedElementwiseOp op, Block &body,
                          ArrayRef<Operation *> order,
                          ArrayRef<TypedAttr> splats, const PayloadKey &key,
                          Operation *&unknown) {
    llvm::hash_code hash = key.hash();
    if (func::FuncOp existing = payloads->lookup(key, hash))
      return existing;
    auto module = op->getParentOfType<ModuleOp>();
    Operation *top = op;
    while (top->getParentOp() != module)
      top = top->getParentOp();
    SmallVector<Type> paramTypes;
    for (unsigned n : key.params)
      paramTypes.push_back(convertElementType(
          getElementTypeOrSelf(op.getInputs()[n].getType())));
    SmallVector<Type> resultTypes;
    for (Value result : op.getResults())
      resultTypes.push_back(
          convertElementType(getElementTypeOrSelf(result.getType())));
    auto name = dyn_cast_or_null<StringAttr>(
        top->getAttr(SymbolTable::getSymbolAttrName()));
    Location loc = op.getLoc();
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointAfter(top);
    auto function = func::FuncOp::create(
        rewriter, loc, ((name ? name.getValue() : "fused") + "_payload").str(),
        rewriter.getFunctionType(paramTypes, resultTypes));
    function.setPrivate();
    function->setAttr(kPayloadAttr, rewriter.getUnitAttr());
    // Renames the function if its name is taken.
    payloads->symbols(module).insert(function);
    Block *entry = rewriter.createBlock(&function.getBody(), {}, paramTypes,
                                        SmallVector<Location>(paramTypes.size(), loc));
    llvm::DenseMap<Value, Value> scalars;
    for (auto [n, splat] : llvm::enumerate(splats))
      if (splat)
        scalars[body.getArgument(n)] =
            arith::ConstantOp::create(rewriter, loc, splat).getResult();
    for (auto [n, param] : llvm::zip(key.params, entry->getArguments()))
      scalars[body.getArgument(n)] = param;
    SmallVector<Value> yielded =
        emitScalarCode(rewriter, body, order, scalars, unknown);
    func::ReturnOp::create(rewriter, loc, yielded);
    if (unknown)
      return {};
    payloads->insert(key, hash, function);
    return function;
  }

  LogicalResult lower(FusedElementwiseOp op, ValueRange inputs) {
    Location loc = op.getLoc();
    Block &body = op.getBody().front();
    auto yield = cast<YieldOp>(body.getTerminator());
    FusedShapes shapes(rewriter, op, inputs);
    // The iteration space: the sizes of the op yielding result #0 (the
    // verifier guarantees an op defines it).
    Operation *domainOp = yield.getValues().front().getDefiningOp();
    for (Operation &member : body.without_terminator()) {
      SmallVector<std::optional<size_t>> owners = shapes.reify(&member);
      SmallVector<RankedTensorType> types;
      for (Value operand : member.getOperands())
        types.push_back(shapes.typeOf(operand));
      emitBroadcastChecks(
          rewriter, &member, types,
          [&](size_t i, int64_t d) {
            return shapes.sizeOf(member.getOperand(i), d);
          },
          shapes.sizesOf(&member), owners, operandNames(&member));
    }
    // Every op runs over the one iteration space. The grouping pass only
    // groups ops whose sizes are the same values, for which no check is
    // emitted; other IR gets a run-time check.
    ArrayRef<OpFoldResult> domain = shapes.sizesOf(domainOp);
    for (Operation &member : body.without_terminator())
      for (auto [d, size] : llvm::enumerate(shapes.sizesOf(&member)))
        emitSizeEqualityCheck(
            rewriter, &member, size, domain[d],
            "iterates over size {0} along dimension " + Twine(d) +
                " in a symc.fused_elementwise over size {1}");

    int64_t rank = domain.size();
    // Splat constants (1.01 in x * 1.01) become scalar constants of the
    // payload rather than inputs read at index 0, as symc-fuse-elementwise's
    // constant folding would make them, without rebuilding each generic.
    SmallVector<Value> loopInputs;
    SmallVector<TypedAttr> splats;
    SmallVector<AffineMap> maps;
    for (Value input : inputs) {
      DenseElementsAttr constant;
      if (matchPattern(input, m_Constant(&constant)) && constant.isSplat()) {
        splats.push_back(constant.getSplatValue<TypedAttr>());
        continue;
      }
      splats.push_back(TypedAttr());
      loopInputs.push_back(input);
      maps.push_back(broadcastIndexingMap(
          cast<RankedTensorType>(input.getType()), domain));
    }
    SmallVector<Value> inits;
    SmallVector<Type> initTypes;
    for (Value result : op.getResults()) {
      Value init = emptyTensor(rewriter, loc, domain,
                               convertElementType(getElementTypeOrSelf(result.getType())));
      inits.push_back(init);
      initTypes.push_back(init.getType());
      maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    }
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    Operation *unknown = nullptr;
    SmallVector<Operation *> order = payloadOrder(body);
    std::optional<PayloadKey> key;
    func::FuncOp payload;
    if (payloads && payloads->minOps > 0 && order.size() >= payloads->minOps) {
      key.emplace(body, order, splats);
      payload = getPayload(op, body, order, splats, *key, unknown);
      if (!payload)
        return unknown->emitOpError("has no elementwise lowering");
    }
    auto generic = linalg::GenericOp::create(
        rewriter, loc, initTypes, loopInputs, inits, maps, iterators,
        [&](OpBuilder &b, Location, ValueRange args) {
          // The generic's block argument of each input but splats.
          llvm::DenseMap<Value, Value> scalars;
          unsigned next = 0;
          for (auto [arg, splat] : llvm::zip(body.getArguments(), splats))
            if (!splat)
              scalars[arg] = args[next++];
          if (payload) {
            SmallVector<Value> params;
            for (unsigned n : key->params)
              params.push_back(scalars.lookup(body.getArgument(n)));
            auto call = func::CallOp::create(b, loc, payload, params);
            linalg::YieldOp::create(b, loc, call.getResults());
            return;
          }
          for (auto [arg, splat] : llvm::zip(body.getArguments(), splats))
            if (splat)
              scalars[arg] = arith::ConstantOp::create(b, loc, splat).getResult();
          linalg::YieldOp::create(
              b, loc, emitScalarCode(b, body, order, scalars, unknown));
        });
    if (unknown)
      return unknown->emitOpError("has no elementwise lowering");
    SmallVector<Value> results;
    for (auto [result, value] : llvm::zip(op.getResults(), generic.getResults())) {
      RankedTensorType type = convertTensorType(result.getType());
      results.push_back(value.getType() == type
                            ? Value(value)
                            : tensor::CastOp::create(rewriter, loc, type, value)
                                  .getResult());
    }
    rewriter.replaceOp(op, results);
    return success();
  }

private:
  RewriterBase &rewriter;
  FusedPayloads *payloads;
};

struct FusedElementwiseLowering : OpConversionPattern<FusedElementwiseOp> {
  FusedElementwiseLowering(const TypeConverter &converter, MLIRContext *ctx,
                           std::shared_ptr<FusedPayloads> payloads)
      : OpConversionPattern(converter, ctx), payloads(std::move(payloads)) {}

  std::shared_ptr<FusedPayloads> payloads;

  LogicalResult
  matchAndRewrite(FusedElementwiseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return FusedLowering(rewriter, payloads.get()).lower(op, adaptor.getInputs());
  }
};

/// Whether the lowering of `op` outside a dialect conversion gives the IR
/// it would give inside one: its types need no conversion, and no later
/// conversion replaces one of its inputs (whose sizes the lowering reads
/// through the producer's replacement there).
bool lowersAsIs(FusedElementwiseOp op, const TypeConverter &converter) {
  if (!converter.isLegal(op.getOperation()))
    return false;
  return llvm::all_of(op.getInputs(), [](Value input) {
    Operation *def = input.getDefiningOp();
    return !def || def->hasTrait<OpTrait::ConstantLike>() ||
           !isa<SymcDialect>(def->getDialect());
  });
}

} // namespace

std::shared_ptr<FusedPayloads>
mlir::symc::createFusedPayloads(unsigned payloadMinOps) {
  return std::make_shared<FusedPayloads>(payloadMinOps);
}

void mlir::symc::populateSymcElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    std::shared_ptr<FusedPayloads> payloads) {
  patterns.add<ElementwiseOpLowering>(converter, patterns.getContext());
  patterns.add<FusedElementwiseLowering>(converter, patterns.getContext(),
                                         std::move(payloads));
}

void mlir::symc::populateSymcElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    unsigned payloadMinOps) {
  populateSymcElementwiseToLinalgPatterns(converter, patterns,
                                          createFusedPayloads(payloadMinOps));
}

LogicalResult mlir::symc::lowerFusedElementwiseOps(
    Operation *root, const TypeConverter &converter, FusedPayloads &payloads) {
  SmallVector<FusedElementwiseOp> ops;
  root->walk([&](FusedElementwiseOp op) { ops.push_back(op); });
  IRRewriter rewriter(root->getContext());
  FusedLowering lowering(rewriter, &payloads);
  for (FusedElementwiseOp op : ops) {
    // In block order: a group's inputs from earlier groups are generics by
    // now, whose sizes the lowering follows as the conversion would.
    if (!lowersAsIs(op, converter))
      continue;
    rewriter.setInsertionPoint(op);
    if (failed(lowering.lower(op, op.getInputs())))
      return failure();
  }
  return success();
}
