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

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
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
    // Without a step (n = 0) the arrays have no element and dynamic row
    // sizes 0.
    bool peel = llvm::any_of(outputTypes, [](RankedTensorType type) {
      return !type.hasStaticShape();
    });
    for (RankedTensorType type : outputTypes) {
      SmallVector<OpFoldResult> sizes{n};
      for (int64_t size : type.getShape())
        sizes.push_back(ShapedType::isDynamic(size) ? b.getIndexAttr(0)
                                                    : b.getIndexAttr(size));
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
