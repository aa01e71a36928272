//===- FuseGemvPairs.cpp - X.w and X^T.g in one pass over X ---------------===//
//
// Implements symc-fuse-gemv-pairs. A gradient step of a linear model reads its
// data matrix twice: z = X.w, then row-local elementwise code g = f(z, ...)
// (a loss derivative), then X^T.g for the weight gradient. Each product is a
// BLAS gemv streaming all of X from memory (a 400 x 784 f64 X is 2.5 MB,
// larger than L2). Rows are independent up to the final sum, so the three
// parts run together over blocks of 4 rows: 4 dot products give z for the
// block, the elementwise code runs on those 4 rows, and the block's rows,
// still in L1, are added into the gradient (4 axpys in one loop). X is read
// from memory once.
//
// The pass runs on linalg-on-tensors right after convert-symc-to-linalg, and
// matches the gemv lowering of Linear.cpp (an scf.if around a call of
// symc_rt_gemv_* whose pointers come from bufferization.to_buffer of the
// operand tensors and from a memref.alloc turned into the result tensor)
// and the one-op-per-symc-op elementwise linalg.generic ops before
// symc-fuse-elementwise merges them. Reads of X, w and the row vectors the
// middle uses go through read-only to_buffer ops, as Linear.cpp's; results
// are fresh buffers turned into tensors after the loop.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/SetVector.h"


namespace mlir::symc {
#define GEN_PASS_DEF_FUSEGEMVPAIRSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Rows per block: 4 dot products share each load of w, and 4 rows of a
/// 784-column f64 X (25 KB) stay in a 32 KB L1 between the two parts.
constexpr int64_t kBlockRows = 4;

//===----------------------------------------------------------------------===//
// Matching Linear.cpp's gemv lowering
//===----------------------------------------------------------------------===//

/// What a buffer pointer passed to the BLAS glue was made from.
struct PointerSource {
  Value tensor;          // to_buffer's tensor, or null
  memref::AllocOp alloc; // or the fresh result buffer
  Operation *toBuffer = nullptr;
  bool transposedView = false;
};

/// Follows gep(inttoptr(index_cast(extract_aligned_pointer_as_index M)))
/// back to M = to_buffer(T), memref.transpose(to_buffer(T)) or an alloc.
std::optional<PointerSource> tracePointer(Value ptr) {
  if (auto gep = ptr.getDefiningOp<LLVM::GEPOp>())
    ptr = gep.getBase();
  auto toPtr = ptr.getDefiningOp<LLVM::IntToPtrOp>();
  if (!toPtr)
    return std::nullopt;
  auto cast = toPtr.getArg().getDefiningOp<arith::IndexCastOp>();
  if (!cast)
    return std::nullopt;
  auto extract =
      cast.getIn().getDefiningOp<memref::ExtractAlignedPointerAsIndexOp>();
  if (!extract)
    return std::nullopt;
  Value memref = extract.getSource();
  PointerSource source;
  if (auto transpose = memref.getDefiningOp<memref::TransposeOp>()) {
    source.transposedView = true;
    memref = transpose.getIn();
  }
  if (auto toBuffer = memref.getDefiningOp<bufferization::ToBufferOp>()) {
    source.tensor = toBuffer.getTensor();
    source.toBuffer = toBuffer;
    return source;
  }
  if (auto alloc = memref.getDefiningOp<memref::AllocOp>();
      alloc && !source.transposedView) {
    source.alloc = alloc;
    return source;
  }
  return std::nullopt;
}

/// One lowered gemv: out = alpha * op(A) x + beta * y.
struct GemvCall {
  scf::IfOp guard;
  Value alpha, beta;
  Value matrix;         // the tensor X with op(A) = X or X^T
  bool transposed;      // op(A) = X^T
  Value x;              // the vector operand
  Operation *xToBuffer; // the to_buffer of x the call reads
  memref::AllocOp out;
  Value y;              // copied into `out` first; null when none
  bufferization::ToTensorOp result;
};

/// The gemv whose BLAS call `guard` (an scf.if holding only the call in its
/// then region) makes, as Linear.cpp lowers symc.gemv.
std::optional<GemvCall> matchGemvCall(scf::IfOp guard) {
  if (guard.getNumResults() != 0 || guard.getThenRegion().empty())
    return std::nullopt;
  Block &then = guard.getThenRegion().front();
  if (then.getOperations().size() != 2)
    return std::nullopt;
  auto call = dyn_cast<func::CallOp>(then.front());
  if (!call || !call.getCallee().starts_with("symc_rt_gemv_") ||
      call.getNumOperands() != 12)
    return std::nullopt;
  std::optional<int64_t> ta = getConstantIntValue(call.getOperand(0));
  std::optional<PointerSource> a = tracePointer(call.getOperand(4));
  std::optional<PointerSource> x = tracePointer(call.getOperand(7));
  std::optional<PointerSource> out = tracePointer(call.getOperand(10));
  if (!ta || !a || !a->tensor || !x || !x->tensor || x->transposedView ||
      !out || !out->alloc)
    return std::nullopt;
  GemvCall gemv;
  gemv.guard = guard;
  gemv.alpha = call.getOperand(3);
  gemv.beta = call.getOperand(9);
  gemv.matrix = a->tensor;
  gemv.transposed = (*ta != 0) != a->transposedView;
  gemv.x = x->tensor;
  gemv.xToBuffer = x->toBuffer;
  gemv.out = out->alloc;
  for (Operation *user : out->alloc->getUsers()) {
    if (auto toTensor = dyn_cast<bufferization::ToTensorOp>(user)) {
      if (gemv.result)
        return std::nullopt;
      gemv.result = toTensor;
    } else if (auto copy = dyn_cast<memref::CopyOp>(user)) {
      auto source = copy.getSource().getDefiningOp<bufferization::ToBufferOp>();
      if (gemv.y || !source || copy.getTarget() != out->alloc.getResult() ||
          copy->getBlock() != guard->getBlock() || !copy->isBeforeInBlock(guard))
        return std::nullopt;
      gemv.y = source.getTensor();
    }
  }
  if (!gemv.result || gemv.result->getBlock() != guard->getBlock() ||
      gemv.result->isBeforeInBlock(guard))
    return std::nullopt;
  return gemv;
}

//===----------------------------------------------------------------------===//
// The row-local middle
//===----------------------------------------------------------------------===//

enum class InputKind { Row, Invariant };

/// How a 1-loop elementwise generic reads input `operand`: element i of a
/// vector (Row) or one element for all rows (Invariant); none for other maps.
std::optional<InputKind> inputKind(linalg::GenericOp op, OpOperand &operand) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  auto type = dyn_cast<RankedTensorType>(operand.get().getType());
  if (!type)
    return std::nullopt;
  if (map.isIdentity() && type.getRank() == 1)
    return InputKind::Row;
  if (map.getNumResults() == 0 && type.getRank() == 0)
    return InputKind::Invariant;
  if (map.getNumResults() == 1 && type.getRank() == 1 &&
      type.getDimSize(0) == 1 && isa<AffineConstantExpr>(map.getResult(0)) &&
      cast<AffineConstantExpr>(map.getResult(0)).getValue() == 0)
    return InputKind::Invariant;
  return std::nullopt;
}

/// True for a generic whose element i depends only on element i of its row
/// inputs: one parallel loop, identity outputs not read, no linalg.index, a
/// body of side-effect-free ops without regions.
bool isRowLocal(linalg::GenericOp op) {
  if (op.getNumLoops() != 1 || !op.isAllParallelLoops() || !op.hasPureTensorSemantics())
    return false;
  for (OpOperand &init : op.getDpsInitsMutable())
    if (!op.getMatchingIndexingMap(&init).isIdentity() ||
        op.payloadUsesValueFromOperand(&init))
      return false;
  for (OpOperand *input : op.getDpsInputOperands())
    if (!inputKind(op, *input))
      return false;
  for (Operation &inner : op.getRegion().front().without_terminator())
    if (isa<linalg::IndexOp>(inner) || inner.getNumRegions() != 0 ||
        !isMemoryEffectFree(&inner))
      return false;
  return true;
}

/// A matched pair with its middle.
struct GemvPair {
  GemvCall first, second;
  /// Row-local generics from z to g, in program order.
  SmallVector<linalg::GenericOp> middle;
  /// Vectors the middle reads element i of, and single elements it reads.
  SetVector<Value> rowInputs, invariants;
  /// Ops between the two calls that use z or the middle's results: they
  /// move after the fused loop.
  SmallVector<Operation *> moveAfter;
};

/// Collects the middle from g back to z; fails when g depends on z through
/// anything but row-local generics (a reduction over rows, a gather, ...).
LogicalResult collectMiddle(GemvPair &pair, Value z,
                            const SetVector<Operation *> &dependsOnZ) {
  SetVector<Operation *> middle;
  SmallVector<Value> worklist = {pair.second.x};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    if (v == z)
      continue;
    Operation *def = v.getDefiningOp();
    if (!def || !dependsOnZ.contains(def))
      return failure(); // g itself must come from z; inputs are checked below
    auto generic = dyn_cast<linalg::GenericOp>(def);
    if (!generic || !isRowLocal(generic) ||
        generic->getBlock() != pair.second.guard->getBlock())
      return failure();
    if (!middle.insert(generic))
      continue;
    // Values the body captures from outside must not depend on z either.
    WalkResult captured = generic.getRegion().walk([&](Operation *inner) {
      for (Value operand : inner->getOperands()) {
        Operation *operandDef = operand.getDefiningOp();
        if (operandDef && dependsOnZ.contains(operandDef) &&
            !generic->isAncestor(operandDef))
          return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (captured.wasInterrupted())
      return failure();
    for (OpOperand *input : generic.getDpsInputOperands()) {
      Value in = input->get();
      Operation *inDef = in.getDefiningOp();
      bool fromZ = in == z || (inDef && dependsOnZ.contains(inDef));
      InputKind kind = *inputKind(generic, *input);
      if (fromZ) {
        // Rows of z and of the middle's own results, read at the same row.
        if (kind != InputKind::Row)
          return failure();
        worklist.push_back(in);
      } else if (kind == InputKind::Row) {
        pair.rowInputs.insert(in);
      } else {
        pair.invariants.insert(in);
      }
    }
  }
  pair.middle.assign(middle.begin(), middle.end());
  llvm::sort(pair.middle, [](linalg::GenericOp a, linalg::GenericOp b) {
    return a->isBeforeInBlock(b);
  });
  return success(!pair.middle.empty());
}

/// True when `v` is visible at `point` and does not depend on z.
bool availableBefore(Value v, Operation *point,
                     const SetVector<Operation *> &dependsOnZ) {
  Operation *ancestor = v.getParentBlock()->findAncestorOpInBlock(*point);
  if (!ancestor)
    return false;
  Operation *def = v.getDefiningOp();
  return !def || (!dependsOnZ.contains(def) && def->isBeforeInBlock(ancestor));
}

/// True when `op` or an op nested in it is in `slice`.
bool touches(Operation *op, const SetVector<Operation *> &slice) {
  return op->walk([&](Operation *nested) {
           return slice.contains(nested) ? WalkResult::interrupt()
                                         : WalkResult::advance();
         }).wasInterrupted();
}

/// True when nothing but the first product's own call reads or writes z's
/// buffer directly: canonicalization folds to_buffer(to_tensor(buffer)), so
/// another BLAS call reading z may take its pointer from the buffer itself,
/// not from the tensor z (and would run before the fused loop writes it).
bool bufferOnlyUsedByItsCall(GemvCall gemv) {
  SetVector<Operation *> slice;
  ForwardSliceOptions options;
  options.filter = [&](Operation *op) { return op != gemv.result; };
  getForwardSlice(gemv.out.getResult(), &slice, options);
  for (Operation *op : slice) {
    if (gemv.guard->isAncestor(op))
      continue;
    // Pointer arithmetic is harmless; what it feeds is in the slice too.
    if (isa<memref::ExtractAlignedPointerAsIndexOp, memref::ExtractStridedMetadataOp,
            arith::IndexCastOp, LLVM::IntToPtrOp, LLVM::GEPOp>(op))
      continue;
    if (auto copy = dyn_cast<memref::CopyOp>(op);
        copy && copy.getTarget() == gemv.out.getResult())
      continue;
    return false;
  }
  return true;
}

/// Matches the pair whose second product is `guard`.
FailureOr<GemvPair> matchPair(scf::IfOp guard) {
  std::optional<GemvCall> second = matchGemvCall(guard);
  if (!second || !second->transposed)
    return failure();
  // The first product: an earlier non-transposed gemv of the same X in the
  // same block whose result g depends on.
  for (Operation *op = guard->getPrevNode(); op; op = op->getPrevNode()) {
    auto candidate = dyn_cast<scf::IfOp>(op);
    if (!candidate)
      continue;
    std::optional<GemvCall> first = matchGemvCall(candidate);
    if (!first || first->transposed || first->matrix != second->matrix)
      continue;
    Value z = first->result;
    SetVector<Operation *> dependsOnZ;
    getForwardSlice(z, &dependsOnZ);
    Operation *gDef = second->x.getDefiningOp();
    if (!gDef || !dependsOnZ.contains(gDef))
      continue;
    if (!bufferOnlyUsedByItsCall(*first))
      return failure();
    GemvPair pair;
    pair.first = *first;
    pair.second = *second;
    if (failed(collectMiddle(pair, z, dependsOnZ)))
      return failure();
    // Everything the fused loop reads must exist before the second call
    // without depending on z.
    SmallVector<Value> needed = {second->matrix, first->x, first->alpha,
                                 first->beta, second->alpha, second->beta};
    if (first->y)
      needed.push_back(first->y);
    llvm::append_range(needed, pair.rowInputs);
    llvm::append_range(needed, pair.invariants);
    for (Value v : needed)
      if (!availableBefore(v, guard, dependsOnZ))
        return failure();
    // Users of z and of the middle between the calls move after the loop:
    // only side-effect-free ones can (a BLAS call, a store or a check that
    // reads them stops the fusion).
    SetVector<Operation *> middleOps(pair.middle.begin(), pair.middle.end());
    for (Operation *op = first->result->getNextNode(); op != guard;
         op = op->getNextNode()) {
      if (!touches(op, dependsOnZ) || middleOps.contains(op))
        continue;
      if (!isMemoryEffectFree(op))
        return failure();
      pair.moveAfter.push_back(op);
    }
    return pair;
  }
  return failure();
}

//===----------------------------------------------------------------------===//
// The fused loop
//===----------------------------------------------------------------------===//

/// A view of `buffer` whose innermost stride is the static 1 (valid only
/// where the run-time stride is 1).
Value unitStrideView(OpBuilder &b, Location loc, Value buffer) {
  auto type = cast<MemRefType>(buffer.getType());
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  strides.back() = 1;
  auto layout =
      StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, strides);
  auto viewType = MemRefType::get(type.getShape(), type.getElementType(), layout);
  SmallVector<OpFoldResult> sizes(metadata.getSizes().begin(),
                                  metadata.getSizes().end());
  SmallVector<OpFoldResult> strideValues(metadata.getStrides().begin(),
                                         metadata.getStrides().end());
  strideValues.back() = b.getIndexAttr(1);
  return memref::ReinterpretCastOp::create(b, loc, viewType, buffer,
                                           metadata.getOffset(), sizes,
                                           strideValues);
}

/// Everything the loop body needs, set up before the loop.
struct LoopState {
  GemvPair *pair;
  Type elem;
  Value cols;                         // index
  Value out;                          // the gradient buffer (second result)
  Value zBuffer;                      // null when z is not needed
  DenseMap<Value, Value> rowBuffers;  // row input tensor -> buffer
  DenseMap<Value, Value> invariants;  // invariant tensor -> scalar
  DenseMap<Value, Value> resultBuffers; // middle result -> buffer
  Value beta1IsZero;
};

Value loadRow(OpBuilder &b, Location loc, Value buffer, Value row) {
  return memref::LoadOp::create(b, loc, buffer, ValueRange{row});
}

/// z, the middle and the gradient update for rows [i, i + rows).
void emitRows(OpBuilder &b, Location loc, LoopState &s, Value x, Value w,
              Value i, int64_t rows) {
  GemvPair &pair = *s.pair;
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> rowIndex;
  for (int64_t r = 0; r < rows; ++r)
    rowIndex.push_back(r == 0 ? i
                              : arith::AddIOp::create(
                                    b, loc, i,
                                    arith::ConstantIndexOp::create(b, loc, r))
                                    .getResult());
  // The block's dot products: one sweep over w, `rows` accumulators, adds
  // marked reassociable so that LLVM vectorizes the reductions. Products and
  // sums may contract into FMAs (what BLAS does too).
  Value zero = arith::ConstantOp::create(b, loc, b.getFloatAttr(s.elem, 0.0));
  auto contract = arith::FastMathFlagsAttr::get(b.getContext(),
                                                arith::FastMathFlags::contract);
  auto reassoc = arith::FastMathFlagsAttr::get(
      b.getContext(), arith::FastMathFlags::reassoc | arith::FastMathFlags::contract);
  auto dots = scf::ForOp::create(
      b, loc, c0, s.cols, c1, SmallVector<Value>(rows, zero),
      [&](OpBuilder &nb, Location nl, Value k, ValueRange accs) {
        Value wk = memref::LoadOp::create(nb, nl, w, ValueRange{k});
        SmallVector<Value> next;
        for (int64_t r = 0; r < rows; ++r) {
          Value xk = memref::LoadOp::create(nb, nl, x, ValueRange{rowIndex[r], k});
          Value p = arith::MulFOp::create(nb, nl, xk, wk, contract);
          next.push_back(arith::AddFOp::create(nb, nl, accs[r], p, reassoc));
        }
        scf::YieldOp::create(nb, nl, next);
      });
  // Per row: z = alpha * dot (+ beta * y), then the middle's bodies.
  SmallVector<Value> scaledG;
  for (int64_t r = 0; r < rows; ++r) {
    Value row = rowIndex[r];
    Value z = arith::MulFOp::create(b, loc, pair.first.alpha, dots.getResult(r));
    if (pair.first.y) {
      // BLAS ignores y when beta is 0 (NaN included).
      Value old = loadRow(b, loc, s.zBuffer, row);
      Value scaled = arith::MulFOp::create(b, loc, pair.first.beta, old);
      scaled = arith::SelectOp::create(b, loc, s.beta1IsZero, zero, scaled);
      z = arith::AddFOp::create(b, loc, z, scaled);
    }
    if (s.zBuffer)
      memref::StoreOp::create(b, loc, z, s.zBuffer, ValueRange{row});
    DenseMap<Value, Value> scalars;
    scalars[pair.first.result] = z;
    for (linalg::GenericOp op : pair.middle) {
      Block &body = op.getRegion().front();
      IRMapping mapping;
      for (OpOperand *input : op.getDpsInputOperands()) {
        Value in = input->get(), scalar;
        if (auto it = scalars.find(in); it != scalars.end())
          scalar = it->second;
        else if (auto it = s.invariants.find(in); it != s.invariants.end())
          scalar = it->second;
        else
          scalar = loadRow(b, loc, s.rowBuffers.lookup(in), row);
        mapping.map(op.getMatchingBlockArgument(input), scalar);
      }
      for (Operation &inner : body.without_terminator())
        b.clone(inner, mapping);
      auto yield = cast<linalg::YieldOp>(body.getTerminator());
      for (auto [result, yielded] : llvm::zip(op->getResults(), yield.getValues())) {
        Value scalar = mapping.lookupOrDefault(yielded);
        scalars[result] = scalar;
        if (Value buffer = s.resultBuffers.lookup(result))
          memref::StoreOp::create(b, loc, scalar, buffer, ValueRange{row});
      }
    }
    scaledG.push_back(
        arith::MulFOp::create(b, loc, pair.second.alpha, scalars.lookup(pair.second.x)));
  }
  // out += sum_r alpha2 * g[r] * X[r, :] while the rows are in L1.
  scf::ForOp::create(b, loc, c0, s.cols, c1, ValueRange{},
                     [&](OpBuilder &nb, Location nl, Value k, ValueRange) {
                       Value acc = memref::LoadOp::create(nb, nl, s.out, ValueRange{k});
                       for (int64_t r = 0; r < rows; ++r) {
                         Value xk = memref::LoadOp::create(
                             nb, nl, x, ValueRange{rowIndex[r], k});
                         Value p = arith::MulFOp::create(nb, nl, scaledG[r], xk,
                                                         contract);
                         acc = arith::AddFOp::create(nb, nl, acc, p, contract);
                       }
                       memref::StoreOp::create(nb, nl, acc, s.out, ValueRange{k});
                       scf::YieldOp::create(nb, nl);
                     });
}

/// Blocks of kBlockRows rows, then the remaining rows one by one.
void emitRowLoops(OpBuilder &b, Location loc, LoopState &s, Value x, Value w,
                  Value rows) {
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value block = arith::ConstantIndexOp::create(b, loc, kBlockRows);
  Value tail = arith::RemUIOp::create(b, loc, rows, block);
  Value mainRows = arith::SubIOp::create(b, loc, rows, tail);
  scf::ForOp::create(b, loc, c0, mainRows, block, ValueRange{},
                     [&](OpBuilder &nb, Location nl, Value i, ValueRange) {
                       emitRows(nb, nl, s, x, w, i, kBlockRows);
                       scf::YieldOp::create(nb, nl);
                     });
  scf::ForOp::create(b, loc, mainRows, rows, c1, ValueRange{},
                     [&](OpBuilder &nb, Location nl, Value i, ValueRange) {
                       emitRows(nb, nl, s, x, w, i, 1);
                       scf::YieldOp::create(nb, nl);
                     });
}

/// A fresh 1-D buffer of `rows` elements of `type`.
Value allocVector(OpBuilder &b, Location loc, Value rows, Type type) {
  return memref::AllocOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, type), ValueRange{rows},
      b.getI64IntegerAttr(64));
}

/// True when `v` has a use outside `ops` other than `except`.
bool usedOutside(Value v, const SetVector<Operation *> &ops, Operation *except) {
  return llvm::any_of(v.getUsers(), [&](Operation *user) {
    return user != except && !ops.contains(user);
  });
}

// gemv(1, X, w, 0, _) -> row-local f(z, ...) -> gemv(a, X^T, g, c, y)
//   == for each block of rows R: z[R] = X[R,:] w; g[R] = f(z[R], ...);
//      out += a * X[R,:]^T g[R]    (out = c * y first), one read of X.
struct FuseGemvPair : OpRewritePattern<scf::IfOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(scf::IfOp guard,
                                PatternRewriter &rewriter) const override {
    FailureOr<GemvPair> matched = matchPair(guard);
    if (failed(matched))
      return rewriter.notifyMatchFailure(guard, "not a fusable gemv pair");
    GemvPair &pair = *matched;
    Location loc = guard.getLoc();
    Type elem = cast<RankedTensorType>(pair.second.matrix.getType()).getElementType();
    if (!isa<FloatType>(elem))
      return failure();
    SetVector<Operation *> middleOps;
    for (linalg::GenericOp op : pair.middle)
      middleOps.insert(op);

    rewriter.setInsertionPoint(guard);
    LoopState s;
    s.pair = &pair;
    s.elem = elem;
    s.out = pair.second.out;
    Value x = readOnlyBuffer(rewriter, loc, pair.second.matrix);
    Value w = readOnlyBuffer(rewriter, loc, pair.first.x);
    Value c0 = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value rows = memref::DimOp::create(rewriter, loc, x, c0);
    s.cols = memref::DimOp::create(rewriter, loc, x, c1);
    Value zero = arith::ConstantOp::create(rewriter, loc, rewriter.getFloatAttr(elem, 0.0));
    Value zTensor = pair.first.result;
    if (pair.first.y || usedOutside(zTensor, middleOps, nullptr))
      s.zBuffer = pair.first.out;
    if (pair.first.y)
      s.beta1IsZero = arith::CmpFOp::create(rewriter, loc, arith::CmpFPredicate::OEQ,
                                            pair.first.beta, zero);
    for (Value in : pair.rowInputs)
      s.rowBuffers[in] = readOnlyBuffer(rewriter, loc, in);
    for (Value in : pair.invariants) {
      auto type = cast<RankedTensorType>(in.getType());
      SmallVector<Value> indices(type.getRank(), c0);
      s.invariants[in] = tensor::ExtractOp::create(rewriter, loc, in, indices);
    }
    SmallVector<std::pair<Value, Value>> newResults; // old tensor, buffer
    for (linalg::GenericOp op : pair.middle)
      for (Value result : op->getResults()) {
        if (result != pair.second.x &&
            !usedOutside(result, middleOps, pair.second.xToBuffer))
          continue;
        Value buffer = allocVector(rewriter, loc, rows,
                                   cast<RankedTensorType>(result.getType()).getElementType());
        s.resultBuffers[result] = buffer;
        newResults.push_back({result, buffer});
      }
    // out = beta2 * y2 (copied into out before), or 0 when there is no y2;
    // BLAS ignores y when beta is 0.
    {
      Value beta2IsZero = arith::CmpFOp::create(
          rewriter, loc, arith::CmpFPredicate::OEQ, pair.second.beta, zero);
      bool hasY = static_cast<bool>(pair.second.y);
      Value beta2 = pair.second.beta;
      Value out = s.out;
      scf::ForOp::create(
          rewriter, loc, c0, s.cols, c1, ValueRange{},
          [&](OpBuilder &nb, Location nl, Value k, ValueRange) {
            Value v = zero;
            if (hasY) {
              Value old = memref::LoadOp::create(nb, nl, out, ValueRange{k});
              Value scaled = arith::MulFOp::create(nb, nl, beta2, old);
              v = arith::SelectOp::create(nb, nl, beta2IsZero, zero, scaled);
            }
            memref::StoreOp::create(nb, nl, v, out, ValueRange{k});
            scf::YieldOp::create(nb, nl);
          });
    }
    // Unit-stride X rows, w and row inputs vectorize (the dot products and
    // axpys in loops, the 4 rows of the middle side by side); other layouts
    // (views) take the same loops with their strides.
    Value contiguous;
    SmallVector<Value> buffers = {x, w};
    for (Value in : pair.rowInputs)
      buffers.push_back(s.rowBuffers.lookup(in));
    for (Value buffer : buffers) {
      auto meta = memref::ExtractStridedMetadataOp::create(rewriter, loc, buffer);
      Value unit = arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                         meta.getStrides().back(), c1);
      contiguous = contiguous ? arith::AndIOp::create(rewriter, loc, contiguous, unit)
                              : unit;
    }
    scf::IfOp::create(
        rewriter, loc, contiguous,
        [&](OpBuilder &nb, Location nl) {
          LoopState unit = s;
          Value xView = unitStrideView(nb, nl, x);
          Value wView = unitStrideView(nb, nl, w);
          for (Value in : pair.rowInputs)
            unit.rowBuffers[in] = unitStrideView(nb, nl, s.rowBuffers.lookup(in));
          emitRowLoops(nb, nl, unit, xView, wView, rows);
          scf::YieldOp::create(nb, nl);
        },
        [&](OpBuilder &nb, Location nl) {
          emitRowLoops(nb, nl, s, x, w, rows);
          scf::YieldOp::create(nb, nl);
        });

    // The results as tensors after the loop, then the users that were
    // between the calls.
    Operation *last = guard;
    auto toTensor = [&](Value buffer) {
      auto type = cast<MemRefType>(buffer.getType());
      rewriter.setInsertionPointAfter(last);
      auto op = bufferization::ToTensorOp::create(
          rewriter, loc, RankedTensorType::get(type.getShape(), type.getElementType()),
          buffer, rewriter.getUnitAttr(), rewriter.getUnitAttr());
      last = op;
      return op.getResult();
    };
    if (s.zBuffer && usedOutside(zTensor, middleOps, nullptr)) {
      rewriter.moveOpAfter(pair.first.result, last);
      last = pair.first.result;
    }
    for (auto [old, buffer] : newResults) {
      Value replacement = toTensor(buffer);
      rewriter.replaceUsesWithIf(old, replacement, [&](OpOperand &use) {
        return !middleOps.contains(use.getOwner());
      });
    }
    for (Operation *op : pair.moveAfter) {
      rewriter.moveOpAfter(op, last);
      last = op;
    }
    rewriter.eraseOp(pair.second.guard);
    rewriter.eraseOp(pair.first.guard);
    for (linalg::GenericOp op : llvm::reverse(pair.middle))
      rewriter.eraseOp(op);
    if (pair.first.result->use_empty())
      rewriter.eraseOp(pair.first.result);
    return success();
  }
};

struct FuseGemvPairsPass
    : public symc::impl::FuseGemvPairsPassBase<FuseGemvPairsPass> {
  void runOnOperation() override {
    // Most functions have fewer than two gemv calls: skip the rewrite
    // driver's walk over them (long elementwise chains compile faster).
    unsigned calls = 0;
    getOperation()->walk([&](func::CallOp call) {
      if (call.getCallee().starts_with("symc_rt_gemv_"))
        ++calls;
    });
    if (calls < 2)
      return;
    RewritePatternSet patterns(&getContext());
    populateFuseGemvPairsPatterns(patterns);
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace

void mlir::symc::populateFuseGemvPairsPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseGemvPair>(patterns.getContext());
}
