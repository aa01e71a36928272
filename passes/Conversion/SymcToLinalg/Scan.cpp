//===- Scan.cpp - the convert-symc-scan-to-scf pass -----------------------===//
//
// Lowers symc.scan to scf.for (scf.while with `until`) whose body is a copy
// of the scan's body, still in symc ops, so that convert-symc-to-linalg
// lowers it like any other code. Buffers are laid out so that steps do not
// allocate for what the scan keeps: each history carry and each step output
// is one array allocated before the loop, carried by the loop and written
// row by row with tensor.insert_slice (in place after bufferization), and a
// history carry is read back from its array rather than carried separately.
// Only carries without history are yielded as loop values. A step output
// whose rows have dynamic sizes gets its array from the first step, peeled
// off the loop, so that every loop-carried array keeps its shape. A
// transposed matrix invariant that the body only multiplies is transposed
// once before the loop, so that every step's product reads it row-major.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::symc {
#define GEN_PASS_DEF_CONVERTSYMCSCANTOSCFPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// `type` with a leading dynamic dimension.
RankedTensorType withLeadingDynamic(RankedTensorType type) {
  SmallVector<int64_t> shape{ShapedType::kDynamic};
  llvm::append_range(shape, type.getShape());
  return RankedTensorType::get(shape, type.getElementType());
}

/// Offsets, sizes and strides of row `row` of a tensor whose rows have
/// `rowShape`.
struct RowSlice {
  SmallVector<OpFoldResult> offsets, sizes, strides;
};
RowSlice rowSlice(OpBuilder &b, OpFoldResult row,
                  ArrayRef<OpFoldResult> rowShape) {
  RowSlice slice;
  slice.offsets.assign(rowShape.size() + 1, b.getIndexAttr(0));
  slice.offsets[0] = row;
  slice.sizes.push_back(b.getIndexAttr(1));
  llvm::append_range(slice.sizes, rowShape);
  slice.strides.assign(rowShape.size() + 1, b.getIndexAttr(1));
  return slice;
}

/// Row `row` of `array` as a tensor of type `rowType` (a view).
Value readRow(OpBuilder &b, Location loc, Value array, Value row,
              RankedTensorType rowType) {
  SmallVector<OpFoldResult> shape = getShape(b, loc, array);
  RowSlice s = rowSlice(b, row, ArrayRef(shape).drop_front());
  return tensor::ExtractSliceOp::create(b, loc, rowType, array, s.offsets,
                                        s.sizes, s.strides);
}

/// `array` with row `row` replaced by `value`.
Value writeRow(OpBuilder &b, Location loc, Value array, Value row,
               Value value) {
  SmallVector<OpFoldResult> shape = getShape(b, loc, value);
  RowSlice s = rowSlice(b, row, shape);
  return tensor::InsertSliceOp::create(b, loc, value, array, s.offsets,
                                       s.sizes, s.strides);
}

/// The first `count` rows of `array`.
Value leadingRows(OpBuilder &b, Location loc, Value array, Value count) {
  auto type = cast<RankedTensorType>(array.getType());
  SmallVector<OpFoldResult> shape = getShape(b, loc, array);
  SmallVector<OpFoldResult> offsets(shape.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(shape.size(), b.getIndexAttr(1));
  shape[0] = count;
  return tensor::ExtractSliceOp::create(b, loc, type, array, offsets, shape,
                                        strides);
}

Value castTo(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

/// Whether every use of `arg` is a product's matrix operand read as
/// stored: symc.dot, or symc.gemm's `a`/`b` without its transpose flag.
bool onlyMultipliedAsStored(BlockArgument arg) {
  return !arg.use_empty() && llvm::all_of(arg.getUses(), [](OpOperand &use) {
    Operation *user = use.getOwner();
    if (isa<DotOp>(user))
      return true;
    auto gemm = dyn_cast<GemmOp>(user);
    if (!gemm)
      return false;
    if (use.get() == gemm.getA() && use.getOperandNumber() == 1)
      return !gemm.getTransposeA();
    if (use.get() == gemm.getB() && use.getOperandNumber() == 2)
      return !gemm.getTransposeB();
    return false;
  });
}

/// The sizes of body values, computed before the loop from the scan's
/// operands: what the rows of a step output measure when no step runs, so
/// that an empty loop's outputs have the row sizes its steps would give
/// them (`x * 2` mapped over a 0 x 3 sequence is 0 x 3, not 0 x 0). Follows
/// the ops' shape reification back to the body's arguments, whose sizes are
/// those of the carries' initial values, the sequences' rows and the
/// invariants. Fails where a size depends on a value the body computes (a
/// slice bound, a reshape's target, a nested loop's result).
class RowSizeReifier {
public:
  RowSizeReifier(ScanOp scan, OpBuilder &b)
      : scan(scan), builder(b.getContext(), &created), loc(scan.getLoc()) {
    builder.setInsertionPoint(b.getInsertionBlock(), b.getInsertionPoint());
    home = builder.saveInsertionPoint();
  }

  /// Size `dim` of `value`, a value of the body. An explicit stack, not
  /// recursion: a body's chains may be long.
  FailureOr<OpFoldResult> sizeOf(Value value, int64_t dim) {
    Block *block = builder.getInsertionBlock();
    Block::iterator end = builder.getInsertionPoint();
    Operation *first = end == block->begin() ? nullptr : &*std::prev(end);
    std::optional<OpFoldResult> size = resolve(value, dim);
    // Sizes were made before the sizes they are made of: put each after
    // what it reads (all of them are straight-line code here).
    Block::iterator begin = first ? std::next(first->getIterator())
                                  : block->begin();
    sortTopologically(block, llvm::make_range(begin, end));
    if (!size)
      return failure();
    return *size;
  }

private:
  using Key = std::pair<Value, int64_t>;

  /// Collects the ops the reification creates.
  struct Created : OpBuilder::Listener {
    SmallVector<Operation *> ops;
    void notifyOperationInserted(Operation *op,
                                 OpBuilder::InsertPoint) override {
      ops.push_back(op);
    }
  };

  /// One size being resolved: the reified size of an op's result, whose
  /// tensor.dim ops of other body values (`pending`) are resolved first.
  struct Frame {
    explicit Frame(Key key) : key(key) {}
    Key key;
    bool expanded = false;
    OpFoldResult result;
    SmallVector<Operation *> ops;
    SmallVector<tensor::DimOp> pending;
    /// Set when the size is that of another body value.
    std::optional<Key> forward;
  };

  bool inBody(Value v) { return scan.getBody().isAncestor(v.getParentRegion()); }

  /// The size of a body argument: that of the value it stands for.
  std::optional<OpFoldResult> argumentSize(BlockArgument arg, int64_t dim) {
    if (arg.getOwner() != &scan.getBody().front())
      return std::nullopt;
    unsigned index = arg.getArgNumber();
    unsigned carries = scan.getCarries().size();
    unsigned sequences = scan.getSequences().size();
    if (index < carries)
      return getDimSize(builder, loc, scan.getCarries()[index], dim);
    if (index < carries + sequences)
      return getDimSize(builder, loc, scan.getSequences()[index - carries],
                        dim + 1);
    return getDimSize(builder, loc,
                      scan.getInvariants()[index - carries - sequences], dim);
  }

  static void erase(ArrayRef<Operation *> ops) {
    for (Operation *op : llvm::reverse(ops))
      op->erase();
  }

  std::optional<OpFoldResult> resolve(Value root, int64_t rootDim) {
    SmallVector<Frame> stack;
    stack.push_back(Frame({root, rootDim}));
    while (!stack.empty()) {
      size_t top = stack.size() - 1;
      Key key = stack[top].key;
      if (known.count(key)) {
        stack.pop_back();
        continue;
      }
      auto [value, dim] = key;
      if (!stack[top].expanded) {
        stack[top].expanded = true;
        std::optional<std::optional<OpFoldResult>> leaf;
        auto type = cast<ShapedType>(value.getType());
        if (!type.isDynamicDim(dim))
          leaf.emplace(builder.getIndexAttr(type.getDimSize(dim)));
        else if (!inBody(value))
          leaf.emplace(getDimSize(builder, loc, value, dim));
        else if (auto arg = dyn_cast<BlockArgument>(value))
          leaf.emplace(argumentSize(arg, dim));
        if (leaf) {
          known[key] = *leaf;
          stack.pop_back();
          continue;
        }
        Operation *def = value.getDefiningOp();
        created.ops.clear();
        builder.restoreInsertionPoint(home);
        FailureOr<OpFoldResult> reified = reifyDimOfResult(
            builder, def, cast<OpResult>(value).getResultNumber(), dim);
        SmallVector<Operation *> ops = std::move(created.ops);
        builder.restoreInsertionPoint(home);
        // What the sizes read of the body must be its values' sizes, and
        // the code made must be here, before the loop.
        bool ok = succeeded(reified) && llvm::all_of(ops, [&](Operation *op) {
                    return op->getBlock() == home.getBlock();
                  });
        // A size the body already has (a destination's tensor.dim): the
        // size it reads.
        if (ok)
          if (auto size = dyn_cast<Value>(*reified); size && inBody(size)) {
            auto dimOp = size.getDefiningOp<tensor::DimOp>();
            ok = dimOp && dimOp.getConstantIndex();
            if (ok)
              stack[top].forward = {dimOp.getSource(),
                                    *dimOp.getConstantIndex()};
          }
        SmallVector<tensor::DimOp> pending;
        for (Operation *op : ops)
          for (OpOperand &use : op->getOpOperands()) {
            if (!ok || !inBody(use.get()))
              continue;
            auto dimOp = dyn_cast<tensor::DimOp>(op);
            if (dimOp && use.getOperandNumber() == 0 &&
                dimOp.getConstantIndex())
              pending.push_back(dimOp);
            else
              ok = false;
          }
        if (!ok) {
          erase(ops);
          known[key] = std::nullopt;
          stack.pop_back();
          continue;
        }
        stack[top].result = *reified;
        stack[top].ops = std::move(ops);
        stack[top].pending = pending;
        for (tensor::DimOp dimOp : pending)
          stack.push_back(
              Frame({dimOp.getSource(), *dimOp.getConstantIndex()}));
        if (std::optional<Key> forward = stack[top].forward)
          stack.push_back(Frame(*forward));
        continue;
      }
      // Every size this one reads is resolved: substitute them.
      Frame frame = std::move(stack[top]);
      stack.pop_back();
      if (frame.forward) {
        erase(frame.ops);
        known[key] = known[*frame.forward];
        continue;
      }
      bool ok = llvm::all_of(frame.pending, [&](tensor::DimOp dimOp) {
        return known[{dimOp.getSource(), *dimOp.getConstantIndex()}]
            .has_value();
      });
      if (!ok) {
        erase(frame.ops);
        known[key] = std::nullopt;
        continue;
      }
      for (tensor::DimOp dimOp : frame.pending) {
        OpFoldResult size =
            *known[{dimOp.getSource(), *dimOp.getConstantIndex()}];
        builder.setInsertionPoint(dimOp);
        Value replacement = getValueOrCreateConstantIndexOp(builder, loc, size);
        if (frame.result == OpFoldResult(dimOp.getResult()))
          frame.result = size;
        dimOp.replaceAllUsesWith(replacement);
        dimOp.erase();
      }
      builder.restoreInsertionPoint(home);
      known[key] = frame.result;
    }
    return known[{root, rootDim}];
  }

  ScanOp scan;
  Created created;
  OpBuilder builder;
  OpBuilder::InsertPoint home;
  Location loc;
  llvm::DenseMap<Key, std::optional<OpFoldResult>> known;
};

/// Lowers one scan whose body holds no symc.scan any more.
class ScanLowering {
public:
  ScanLowering(ScanOp scan) : scan(scan), loc(scan.getLoc()) {}

  void run(RewriterBase &rewriter) {
    OpBuilder &b = rewriter;
    b.setInsertionPoint(scan);
    numCarries = scan.getCarries().size();
    auto yield = cast<ScanYieldOp>(scan.getYield());
    ValueRange yielded = yield.getValues();
    if (scan.getUntil())
      yielded = yielded.drop_front();
    for (unsigned k = 0; k < scan.getNumOutputs(); ++k)
      outputTypes.push_back(
          cast<RankedTensorType>(yielded[numCarries + k].getType()));

    // A transposed matrix (a dimshuffle [1, 0], which products read through
    // a transposed view) that the body only multiplies is transposed once
    // here: OpenBLAS packs a transposed operand more slowly at every step
    // (7% per 32x256x256 product).
    for (auto [arg, inv] :
         llvm::zip(scan.getInvariantArgs(), scan.getInvariants())) {
      Value value = inv;
      auto shuffle = inv.getDefiningOp<DimshuffleOp>();
      auto type = cast<RankedTensorType>(inv.getType());
      if (shuffle && type.getRank() == 2 &&
          shuffle.getPattern() == ArrayRef<int64_t>{1, 0} &&
          isa<FloatType>(type.getElementType()) &&
          onlyMultipliedAsStored(arg)) {
        Value init = emptyTensor(b, loc, getShape(b, loc, inv),
                                 type.getElementType());
        value = linalg::TransposeOp::create(b, loc, shuffle.getInput(), init,
                                            ArrayRef<int64_t>{1, 0})
                    ->getResult(0);
        value = castTo(b, loc, value, type);
      }
      invariants.push_back(value);
    }

    Value steps = tensor::ExtractOp::create(b, loc, scan.getNSteps());
    n = arith::IndexCastOp::create(b, loc, b.getIndexType(), steps);
    Value zero = indexConstant(b, loc, 0), one = indexConstant(b, loc, 1);
    emitCheck(b, scan, arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge,
                                             n, zero),
              "the number of steps is {0}, it must not be negative", {n});
    for (auto [k, seq] : llvm::enumerate(scan.getSequences())) {
      Value rows = tensor::DimOp::create(b, loc, seq, 0);
      emitCheck(b, scan,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, rows,
                                      n),
                "sequence #" + Twine(k) + " has {0} rows, fewer than the {1} "
                "steps",
                {rows, n});
    }

    // The loop state: carries without history, history arrays, output
    // arrays.
    SmallVector<Value> init;
    for (auto [k, carry] : llvm::enumerate(scan.getCarries()))
      if (!scan.hasHistory(k))
        init.push_back(carry);
    Value nPlusOne = arith::AddIOp::create(b, loc, n, one);
    for (auto [k, carry] : llvm::enumerate(scan.getCarries())) {
      if (!scan.hasHistory(k))
        continue;
      auto type = cast<RankedTensorType>(carry.getType());
      SmallVector<OpFoldResult> sizes{nPlusOne};
      llvm::append_range(sizes, getShape(b, loc, carry));
      Value array = emptyTensor(b, loc, sizes, type.getElementType());
      array = castTo(b, loc, array, withLeadingDynamic(type));
      init.push_back(writeRow(b, loc, array, zero, carry));
    }
    // Step outputs whose rows have dynamic sizes: the sizes are known only
    // once the body has run, so the first step is peeled off the loop and
    // allocates their arrays with its rows' sizes (the arrays then keep
    // their shape through the loop, as scf.for's canonicalizations assume).
    // Without a step (n = 0), the arrays below are the outputs: no row,
    // and rows of the sizes the body's shapes give, where they follow from
    // the sizes of its operands (0 where a size depends on computed values).
    // With steps, the peeled step allocates them again, so these have no
    // row whatever n is.
    bool peel = llvm::any_of(outputTypes, [](RankedTensorType type) {
      return !type.hasStaticShape();
    });
    std::optional<RowSizeReifier> rowSizes;
    for (auto [k, type] : llvm::enumerate(outputTypes)) {
      SmallVector<OpFoldResult> sizes{type.hasStaticShape() ? OpFoldResult(n)
                                                            : b.getIndexAttr(0)};
      for (auto [d, size] : llvm::enumerate(type.getShape())) {
        if (!ShapedType::isDynamic(size)) {
          sizes.push_back(b.getIndexAttr(size));
          continue;
        }
        if (!rowSizes)
          rowSizes.emplace(scan, b);
        FailureOr<OpFoldResult> reified =
            rowSizes->sizeOf(yielded[numCarries + k], d);
        sizes.push_back(succeeded(reified) ? *reified : b.getIndexAttr(0));
      }
      Value array = emptyTensor(b, loc, sizes, type.getElementType());
      init.push_back(castTo(b, loc, array, withLeadingDynamic(type)));
    }

    // With `peel`: (first index, keep going, loop state) after step 0 when
    // n > 0, else (0, false, init).
    Value start = zero;
    Value goOn = arith::ConstantIntOp::create(b, loc, 1, 1);
    if (peel) {
      SmallVector<Type> types{b.getIndexType(), b.getI1Type()};
      llvm::append_range(types, ValueRange(init).getTypes());
      Value any = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, n,
                                        zero);
      auto first = scf::IfOp::create(
          b, loc, any,
          [&](OpBuilder &tb, Location) {
            Value stop;
            SmallVector<Value> next =
                step(tb, zero, init, scan.getUntil() ? &stop : nullptr,
                     /*allocate=*/true);
            Value more = arith::ConstantIntOp::create(tb, loc, 1, 1);
            if (stop)
              more = arith::XOrIOp::create(
                  tb, loc, tensor::ExtractOp::create(tb, loc, stop), more);
            SmallVector<Value> yieldValues{indexConstant(tb, loc, 1), more};
            llvm::append_range(yieldValues, next);
            scf::YieldOp::create(tb, loc, yieldValues);
          },
          [&](OpBuilder &eb, Location) {
            SmallVector<Value> yieldValues{
                zero, arith::ConstantIntOp::create(eb, loc, 0, 1)};
            llvm::append_range(yieldValues, init);
            scf::YieldOp::create(eb, loc, yieldValues);
          });
      start = first.getResult(0);
      goOn = first.getResult(1);
      init.assign(first.getResults().begin() + 2, first.getResults().end());
    }

    SmallVector<Value> finalState;
    Value stepsRun;
    Operation *loopOp;
    if (!scan.getUntil()) {
      auto loop = scf::ForOp::create(
          b, loc, start, n, one, init,
          [&](OpBuilder &nb, Location, Value i, ValueRange state) {
            SmallVector<Value> next = step(nb, i, state, /*stop=*/nullptr);
            scf::YieldOp::create(nb, loc, next);
          });
      finalState.assign(loop.getResults().begin(), loop.getResults().end());
      stepsRun = n;
      loopOp = loop;
    } else {
      // State: (i, keep going, loop state...); the condition region ends the
      // loop after n steps or after a step that asked to stop.
      SmallVector<Value> whileInit{start, goOn};
      llvm::append_range(whileInit, init);
      SmallVector<Type> afterTypes{b.getIndexType()};
      llvm::append_range(afterTypes, ValueRange(init).getTypes());
      auto loop = scf::WhileOp::create(
          b, loc, afterTypes, whileInit,
          [&](OpBuilder &nb, Location, ValueRange args) {
            Value more = arith::CmpIOp::create(nb, loc, arith::CmpIPredicate::slt,
                                               args[0], n);
            Value go = arith::AndIOp::create(nb, loc, more, args[1]);
            SmallVector<Value> forwarded{args[0]};
            llvm::append_range(forwarded, args.drop_front(2));
            scf::ConditionOp::create(nb, loc, go, forwarded);
          },
          [&](OpBuilder &nb, Location, ValueRange args) {
            Value stop;
            SmallVector<Value> next = step(nb, args[0], args.drop_front(), &stop);
            Value i1 = arith::AddIOp::create(nb, loc, args[0],
                                             indexConstant(nb, loc, 1));
            Value flag = tensor::ExtractOp::create(nb, loc, stop);
            Value go = arith::XOrIOp::create(
                nb, loc, flag, arith::ConstantIntOp::create(nb, loc, 1, 1));
            SmallVector<Value> yieldValues{i1, go};
            llvm::append_range(yieldValues, next);
            scf::YieldOp::create(nb, loc, yieldValues);
          });
      stepsRun = loop.getResult(0);
      loopOp = loop;
      finalState.assign(loop.getResults().begin() + 1, loop.getResults().end());
    }

    // Results in the scan's order; arrays trimmed to the steps run.
    b.setInsertionPointAfter(loopOp);
    SmallVector<Value> results;
    unsigned plain = 0;
    unsigned numPlain = 0;
    for (unsigned k = 0; k < numCarries; ++k)
      numPlain += scan.hasHistory(k) ? 0 : 1;
    unsigned history = numPlain;
    bool trim = scan.getUntil();
    for (unsigned k = 0; k < numCarries; ++k) {
      Value value;
      if (!scan.hasHistory(k)) {
        value = finalState[plain++];
      } else {
        value = finalState[history++];
        if (trim)
          value = leadingRows(b, loc, value,
                              arith::AddIOp::create(b, loc, stepsRun,
                                                    indexConstant(b, loc, 1)));
      }
      results.push_back(castTo(b, loc, value, scan.getResult(k).getType()));
    }
    for (unsigned k = 0; k < outputTypes.size(); ++k) {
      Value value = finalState[numCarries + k];
      if (trim)
        value = leadingRows(b, loc, value, stepsRun);
      results.push_back(
          castTo(b, loc, value, scan.getResult(numCarries + k).getType()));
    }
    rewriter.replaceOp(scan, results);
  }

private:
  /// One step at index `i` from loop state `state`: the body's ops, then the
  /// next state. Sets `*stop` to the step's stop condition when given. With
  /// `allocate` (the peeled first step), the arrays of step outputs whose
  /// rows have dynamic sizes are allocated rather than taken from `state`.
  SmallVector<Value> step(OpBuilder &b, Value i, ValueRange state, Value *stop,
                          bool allocate = false) {
    IRMapping mapping;
    unsigned plain = 0, history = 0;
    unsigned numPlain = 0;
    for (unsigned k = 0; k < numCarries; ++k)
      numPlain += scan.hasHistory(k) ? 0 : 1;
    SmallVector<Value> current;
    for (auto [k, arg] : llvm::enumerate(scan.getCarryArgs())) {
      Value value =
          scan.hasHistory(k)
              ? readRow(b, loc, state[numPlain + history++], i,
                        cast<RankedTensorType>(arg.getType()))
              : state[plain++];
      mapping.map(arg, value);
      current.push_back(value);
    }
    // With `reverse`, step i works on row n-1-i of sequences and outputs.
    Value row = i;
    if (scan.getReverse())
      row = arith::SubIOp::create(
          b, loc, arith::SubIOp::create(b, loc, n, indexConstant(b, loc, 1)), i);
    for (auto [arg, seq] :
         llvm::zip(scan.getSequenceArgs(), scan.getSequences()))
      mapping.map(arg, readRow(b, loc, seq, row,
                               cast<RankedTensorType>(arg.getType())));
    for (auto [arg, inv] : llvm::zip(scan.getInvariantArgs(), invariants))
      mapping.map(arg, inv);
    Block &body = scan.getBody().front();
    for (Operation &op : body.without_terminator())
      b.clone(op, mapping);

    SmallVector<Value> yielded;
    for (Value v : cast<ScanYieldOp>(body.getTerminator()).getValues())
      yielded.push_back(mapping.lookupOrDefault(v));
    if (stop) {
      *stop = yielded.front();
      yielded.erase(yielded.begin());
    }

    SmallVector<Value> next(state.begin(), state.end());
    Value i1 = arith::AddIOp::create(b, loc, i, indexConstant(b, loc, 1));
    plain = history = 0;
    for (unsigned k = 0; k < numCarries; ++k) {
      Value value = yielded[k];
      // A carry keeps its shape: the arrays and the body's types rely on it.
      for (int64_t d = 0, e = cast<RankedTensorType>(value.getType()).getRank();
           d < e; ++d)
        emitSizeEqualityCheck(b, scan, getDimSize(b, loc, value, d),
                              getDimSize(b, loc, current[k], d),
                              "the next value of carry #" + Twine(k) +
                                  " has size {0} along dimension " + Twine(d) +
                                  ", the carry has {1} (a carry keeps its "
                                  "shape)");
      value = castTo(b, loc, value, current[k].getType());
      if (scan.hasHistory(k)) {
        unsigned slot = numPlain + history++;
        next[slot] = writeRow(b, loc, state[slot], i1, value);
      } else {
        next[plain++] = value;
      }
    }
    for (auto [k, type] : llvm::enumerate(outputTypes)) {
      unsigned slot = numCarries + k;
      Value value = yielded[numCarries + k];
      Value array = state[slot];
      if (!type.hasStaticShape()) {
        if (allocate) {
          // The peeled first step allocates the array with its row's sizes.
          SmallVector<OpFoldResult> sizes{n};
          llvm::append_range(sizes, getShape(b, loc, value));
          Value fresh = emptyTensor(b, loc, sizes, type.getElementType());
          array = castTo(b, loc, fresh, array.getType());
        } else {
          // Later steps must produce rows of the same sizes.
          for (int64_t d = 0; d < type.getRank(); ++d)
            if (type.isDynamicDim(d))
              emitSizeEqualityCheck(
                  b, scan, getDimSize(b, loc, value, d),
                  getDimSize(b, loc, array, d + 1),
                  "step output #" + Twine(k) + " has size {0} along "
                  "dimension " + Twine(d) + " but size {1} at the first step "
                  "(step outputs keep their shape)");
        }
      }
      next[slot] = writeRow(b, loc, array, row, value);
    }
    return next;
  }

  ScanOp scan;
  Location loc;
  unsigned numCarries = 0;
  SmallVector<RankedTensorType> outputTypes;
  /// The values the body's invariant arguments stand for in the loop.
  SmallVector<Value> invariants;
  Value n;
};

struct ConvertSymcScanToSCFPass
    : symc::impl::ConvertSymcScanToSCFPassBase<ConvertSymcScanToSCFPass> {
  void runOnOperation() override {
    // Nothing to do (and no walk of the whole module by the rewrite driver)
    // without scans.
    if (!getOperation()
             ->walk([](ScanOp) { return WalkResult::interrupt(); })
             .wasInterrupted())
      return;
    // Scans' own canonicalizations first, whatever ran before: a body
    // copied into a loop should hold neither loop-invariant code nor code
    // for step outputs nobody reads (the gradient of a sequence that is not
    // asked for, say).
    {
      RewritePatternSet patterns(&getContext());
      ScanOp::getCanonicalizationPatterns(patterns, &getContext());
      if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
        return signalPassFailure();
    }
    // Post-order: a nested scan is lowered before the scan whose body holds
    // it, so every body copied into a loop is free of symc.scan.
    SmallVector<ScanOp> scans;
    getOperation()->walk<WalkOrder::PostOrder>(
        [&](ScanOp scan) { scans.push_back(scan); });
    IRRewriter rewriter(&getContext());
    for (ScanOp scan : scans)
      ScanLowering(scan).run(rewriter);
  }
};

} // namespace
