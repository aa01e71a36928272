//===- Inplace.cpp - symc-inplace: reuse dead buffers ---------------------===//
//
// Implements symc-inplace, symc's counterpart of Theano's destroy handler,
// on the tensor IR that convert-symc-to-linalg leaves and right before
// one-shot bufferization. It only ever *proposes* buffer reuse by choosing
// destination operands: one-shot bufferization's alias analysis still
// decides, and copies where a proposal would clobber a live value. The pass
// adds the guarantees the analysis cannot know about:
//   - a shared variable's update (argument `symc.inplace_update = N`) is
//     written into the argument's own buffer, and only by one write placed
//     after every run-time check of the function, so that a failed call
//     leaves the variable unchanged; result N leaves the signature;
//   - user inputs are never written unless marked `symc.mutable`;
//   - a result that would alias an updated buffer is copied before the write;
//   - a product whose result is a variable's new value (gemm with C = W)
//     accumulates into W's buffer once no check can fail after it (size
//     checks are moved up to make that so).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::symc {
#define GEN_PASS_DEF_INPLACEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

constexpr StringLiteral kUpdateAttr = "symc.inplace_update";
constexpr StringLiteral kMutableAttr = "symc.mutable";

/// Ops whose result bufferizes to a view of their first operand's buffer.
bool isViewOp(Operation *op) {
  return isa<tensor::ExtractSliceOp, tensor::CollapseShapeOp,
             tensor::ExpandShapeOp, tensor::CastOp, tensor::ReshapeOp>(op);
}

/// Whether `use` only reads the buffer of the value it uses.
bool isReadOnlyUse(OpOperand &use) {
  Operation *op = use.getOwner();
  if (auto dps = dyn_cast<DestinationStyleOpInterface>(op))
    return dps.isDpsInput(&use);
  if (isa<tensor::DimOp, tensor::ExtractOp, tensor::RankOp>(op))
    return true;
  if (auto toBuffer = dyn_cast<bufferization::ToBufferOp>(op))
    return toBuffer.getReadOnly();
  if (auto materialize = dyn_cast<bufferization::MaterializeInDestinationOp>(op))
    return use.getOperandNumber() == 0;
  if (auto alloc = dyn_cast<bufferization::AllocTensorOp>(op))
    return alloc.getCopy() == use.get();
  return false;
}

/// The block argument a value views (through view ops), if any.
BlockArgument viewedArgument(Value value) {
  while (Operation *def = value.getDefiningOp()) {
    if (!isViewOp(def))
      return {};
    value = def->getOperand(0);
  }
  return dyn_cast<BlockArgument>(value);
}

/// Whether size `dim` of `value` is provably size `dim` of `arg` in every
/// call: followed back through destination-style ops (a result has its
/// destination's sizes), casts, tensor/buffer conversions and the sizes of
/// tensor.empty and memref.alloc to a tensor.dim or memref.dim of `arg`, or
/// equal static sizes. An update of another shape (`s = concatenate(s, s)`)
/// cannot be stored into the variable's buffer.
bool sameSize(Value value, int64_t dim, BlockArgument arg) {
  const int64_t argDim = dim;
  auto argType = cast<RankedTensorType>(arg.getType());
  // Each step moves to the producer of the value: at most one step per op
  // of the function.
  while (true) {
    if (value == arg)
      return dim == argDim;
    auto type = cast<ShapedType>(value.getType());
    if (!type.isDynamicDim(dim) && !argType.isDynamicDim(argDim))
      return type.getDimSize(dim) == argType.getDimSize(argDim);
    Operation *def = value.getDefiningOp();
    if (!def)
      return false;
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(def)) {
      value = dps.getDpsInitOperand(cast<OpResult>(value).getResultNumber())->get();
      continue;
    }
    if (isa<tensor::CastOp, memref::CastOp, bufferization::ToTensorOp,
            bufferization::ToBufferOp>(def)) {
      value = def->getOperand(0);
      continue;
    }
    if (!type.isDynamicDim(dim))
      return false;
    Value size;
    if (auto empty = dyn_cast<tensor::EmptyOp>(def))
      size = empty.getDynamicSize(dim);
    else if (auto alloc = dyn_cast<memref::AllocOp>(def))
      size = alloc.getDynamicSizes()[type.getDynamicDimIndex(dim)];
    else
      return false;
    std::optional<int64_t> index;
    if (auto dimOp = size.getDefiningOp<tensor::DimOp>()) {
      index = dimOp.getConstantIndex();
      value = dimOp.getSource();
    } else if (auto dimOp = size.getDefiningOp<memref::DimOp>()) {
      index = dimOp.getConstantIndex();
      value = dimOp.getSource();
    }
    if (!index)
      return false;
    dim = *index;
  }
}

/// Whether `value` has the shape of `arg` in every call.
bool sameShape(Value value, BlockArgument arg) {
  int64_t rank = cast<RankedTensorType>(arg.getType()).getRank();
  for (int64_t d = 0; d < rank; ++d)
    if (!sameSize(value, d, arg))
      return false;
  return true;
}

/// `bufferization.alloc_tensor() copy(%v)`: a private buffer holding %v.
Value copyOf(OpBuilder &b, Location loc, Value value) {
  return bufferization::AllocTensorOp::create(
      b, loc, cast<RankedTensorType>(value.getType()), ValueRange{}, value);
}

struct InplacePass : symc::impl::InplacePassBase<InplacePass> {
  using InplacePassBase::InplacePassBase;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isDeclaration())
        continue;
      updatedArgs.clear();
      if (failed(rewriteUpdates(func)))
        return signalPassFailure();
      markMutableInputs(func);
      if (blas) {
        if (hasAccumulatorInUpdatedArgument(func))
          hoistChecks(func);
        accumulateIntoDeadOperands(func);
      }
      if (elementwise)
        reuseDeadOperands(func);
    }
  }

  //===--------------------------------------------------------------------===//
  // Shared-variable updates
  //===--------------------------------------------------------------------===//

  struct Update {
    unsigned arg;
    unsigned result;
  };

  /// The arguments of the function being rewritten that receive an update.
  DenseSet<Value> updatedArgs;

  /// Reads and checks the `symc.inplace_update` attributes of `func`.
  FailureOr<SmallVector<Update>> collectUpdates(func::FuncOp func) {
    SmallVector<Update> updates;
    llvm::BitVector seen(func.getNumResults());
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      Attribute attr = func.getArgAttr(i, kUpdateAttr);
      if (!attr)
        continue;
      auto index = dyn_cast<IntegerAttr>(attr);
      auto emit = [&]() { return func.emitOpError() << "argument #" << i << ": "; };
      if (!index || index.getValue().isNegative() ||
          index.getValue().uge(func.getNumResults()))
        return emit() << kUpdateAttr << " must be the index of a result, got " << attr;
      unsigned result = index.getValue().getZExtValue();
      if (seen.test(result))
        return emit() << "result #" << result << " updates two arguments";
      seen.set(result);
      if (func.isPrivate())
        return emit() << kUpdateAttr << " changes the signature; only public functions may use it";
      auto argType = dyn_cast<RankedTensorType>(func.getArgument(i).getType());
      auto resType = dyn_cast<RankedTensorType>(func.getResultTypes()[result]);
      if (!argType || !resType ||
          failed(verifyCompatibleShape(argType, resType)) ||
          argType.getElementType() != resType.getElementType())
        return emit() << "result #" << result << " of type " << func.getResultTypes()[result]
                      << " cannot be stored into the argument of type "
                      << func.getArgument(i).getType();
      updates.push_back({i, result});
    }
    return updates;
  }

  /// Gives every possibly-writing use of `arg` or of a view of it a private
  /// copy, so that nothing but the final update writes into the argument's
  /// buffer (one-shot bufferization could otherwise write in place anywhere,
  /// before a run-time check that then fails).
  void protectFromWrites(BlockArgument arg) {
    SmallVector<Value> worklist = {arg};
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      for (OpOperand &use : llvm::make_early_inc_range(value.getUses())) {
        Operation *user = use.getOwner();
        if (isViewOp(user) && use.getOperandNumber() == 0) {
          llvm::append_range(worklist, user->getResults());
          continue;
        }
        if (isReadOnlyUse(use) || isa<func::ReturnOp>(user))
          continue;
        OpBuilder b(user);
        use.set(copyOf(b, user->getLoc(), value));
        ++numWriteCopies;
      }
    }
  }

  /// The ops computing `value` that can move to the end of the function:
  /// `value`'s producer, through tensor.casts, as long as each result is
  /// used only by the return and the next op of the chain (in order).
  SmallVector<Operation *> sinkableChain(Value value, func::ReturnOp ret) {
    SmallVector<Operation *> chain;
    Operation *consumer = ret;
    while (Operation *def = value.getDefiningOp()) {
      if (def->getBlock() != ret->getBlock() ||
          !isa<linalg::GenericOp, tensor::CastOp>(def))
        break;
      bool onlyHere = llvm::all_of(def->getUsers(), [&](Operation *user) {
        return user == ret.getOperation() || user == consumer;
      });
      if (!onlyHere)
        break;
      chain.push_back(def);
      auto cast = dyn_cast<tensor::CastOp>(def);
      if (!cast)
        break;
      consumer = def;
      value = cast.getSource();
    }
    std::reverse(chain.begin(), chain.end());
    return chain;
  }

  /// Points an elementwise generic's destination at `arg` when the payload
  /// never reads the destination, so that one-shot bufferization computes
  /// the update directly into the argument's buffer.
  bool writeInto(linalg::GenericOp generic, BlockArgument arg) {
    if (generic.getNumDpsInits() != 1 || generic.getNumResults() != 1 ||
        !generic.isAllParallelLoops() ||
        generic->getResult(0).getType() != arg.getType())
      return false;
    OpOperand *init = generic.getDpsInitOperand(0);
    if (!generic.getMatchingIndexingMap(init).isIdentity() ||
        generic.payloadUsesValueFromOperand(init))
      return false;
    // Reading the argument elsewhere than at the element being written
    // would let the analysis refuse the reuse; it stays correct either way.
    init->set(arg);
    return true;
  }

  /// Lists the arguments whose update stays a result in the module's
  /// `symc.kept_updates` dictionary (function name -> argument indices):
  /// the runtime read the signature before the pipeline, with every
  /// `symc.inplace_update` in place, and corrects it from there.
  void recordKeptUpdates(func::FuncOp func, ArrayRef<int64_t> args) {
    ModuleOp module = getOperation();
    MLIRContext *ctx = module.getContext();
    NamedAttrList entries;
    if (auto old = module->getAttrOfType<DictionaryAttr>(kKeptUpdatesAttrName))
      entries.append(old.getValue());
    entries.set(func.getSymNameAttr(), DenseI64ArrayAttr::get(ctx, args));
    module->setAttr(kKeptUpdatesAttrName, entries.getDictionary(ctx));
  }

  LogicalResult rewriteUpdates(func::FuncOp func) {
    FailureOr<SmallVector<Update>> updates = collectUpdates(func);
    if (failed(updates))
      return failure();
    if (updates->empty())
      return success();
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    MLIRContext *ctx = func.getContext();
    // An update whose shape may differ from its variable's stays a result
    // (the caller gives the variable that new array): the variable's buffer
    // has room for its own shape only.
    SmallVector<int64_t> kept;
    llvm::erase_if(*updates, [&](const Update &u) {
      if (sameShape(ret.getOperand(u.result), func.getArgument(u.arg)))
        return false;
      func.removeArgAttr(u.arg, kUpdateAttr);
      kept.push_back(u.arg);
      ++numShapeChangingUpdates;
      return true;
    });
    if (!kept.empty())
      recordKeptUpdates(func, kept);
    if (updates->empty())
      return success();

    for (const Update &u : *updates)
      protectFromWrites(func.getArgument(u.arg));

    // Results that view an updated argument hold its old value: copy them
    // before anything is written. That includes the new value of another
    // variable (updates={a: b, b: a}); an update's own argument is fine.
    llvm::BitVector updated(func.getNumArguments());
    llvm::BitVector dropped(func.getNumResults());
    SmallVector<int> argOfResult(func.getNumResults(), -1);
    for (const Update &u : *updates) {
      updated.set(u.arg);
      dropped.set(u.result);
      argOfResult[u.result] = int(u.arg);
    }
    for (OpOperand &operand : ret->getOpOperands()) {
      BlockArgument arg = viewedArgument(operand.get());
      if (!arg || arg.getOwner() != &func.getBody().front() ||
          !updated.test(arg.getArgNumber()) ||
          argOfResult[operand.getOperandNumber()] == int(arg.getArgNumber()))
        continue;
      OpBuilder b(ctx);
      if (Operation *def = operand.get().getDefiningOp())
        b.setInsertionPointAfter(def);
      else
        b.setInsertionPointToStart(&func.getBody().front());
      operand.set(copyOf(b, operand.get().getLoc(), operand.get()));
      ++numOutputCopies;
    }

    // The writes: each update's computation moves after every run-time
    // check (checks precede what they protect, so the end of the function
    // is after all of them) and writes into the argument's buffer; then the
    // values are stored, all computations first, so that one reading
    // another variable's old value still finds it (the analysis computes
    // that other update aside when needed).
    SmallVector<std::pair<Value, BlockArgument>> stores;
    for (const Update &u : *updates) {
      BlockArgument arg = func.getArgument(u.arg);
      Value value = ret.getOperand(u.result);
      SmallVector<Operation *> chain = sinkableChain(value, ret);
      for (Operation *op : chain)
        op->moveBefore(ret);
      // Computed into the argument only when the update is its one use: a
      // result returning the same value would read the argument's buffer
      // after the store, which bufferization cannot order.
      bool onlyUse = llvm::count(ret->getOperands(), value) == 1;
      if (!chain.empty() && onlyUse)
        if (auto generic = dyn_cast<linalg::GenericOp>(chain.front()))
          if (writeInto(generic, arg))
            ++numDirectUpdates;
      stores.push_back({value, arg});
      updatedArgs.insert(arg);
    }
    OpBuilder b(ret);
    for (auto [value, arg] : stores) {
      if (value.getType() != arg.getType())
        value = tensor::CastOp::create(b, ret.getLoc(), arg.getType(), value);
      bufferization::MaterializeInDestinationOp::create(b, ret.getLoc(), value, arg);
      ++numSharedUpdates;
    }

    // The signature: the updates are no longer results; the updated
    // arguments become writable.
    SmallVector<Value> operands;
    for (OpOperand &operand : ret->getOpOperands())
      if (!dropped.test(operand.getOperandNumber()))
        operands.push_back(operand.get());
    ret->setOperands(operands);
    if (failed(func.eraseResults(dropped)))
      return func.emitOpError("cannot drop the results of in-place updates");
    for (const Update &u : *updates) {
      func.removeArgAttr(u.arg, kUpdateAttr);
      func.setArgAttr(u.arg, bufferization::BufferizationDialect::kWritableAttrName,
                      BoolAttr::get(ctx, true));
    }
    return success();
  }

  //===--------------------------------------------------------------------===//
  // BLAS accumulators (gemm's C, gemv's y, ger's A) that die
  //===--------------------------------------------------------------------===//

  /// Whether `value` is a tensor whose buffer is a fresh, contiguous one the
  /// function owns: the result of a linalg op that writes a tensor.empty
  /// (possibly through linalg.fill), or of a BLAS call (to_tensor restrict
  /// writable of a memref.alloc).
  static bool isFreshTensor(Value value) {
    Operation *def = value.getDefiningOp();
    if (auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(def)) {
      if (linalgOp->getNumResults() != 1 || linalgOp.getNumDpsInits() != 1)
        return false;
      Value init = linalgOp.getDpsInitOperand(0)->get();
      if (auto fill = init.getDefiningOp<linalg::FillOp>())
        init = fill.getDpsInitOperand(0)->get();
      return init.getDefiningOp<tensor::EmptyOp>() != nullptr;
    }
    auto toTensor = dyn_cast_or_null<bufferization::ToTensorOp>(def);
    if (!toTensor || !toTensor.getRestrict() || !toTensor.getWritable())
      return false;
    // A product of dynamic size is computed in a cast of its allocation.
    Value buffer = toTensor.getBuffer();
    if (auto cast = buffer.getDefiningOp<memref::CastOp>())
      buffer = cast.getSource();
    return buffer.getDefiningOp<memref::AllocOp>() != nullptr;
  }

  /// Whether `op` is a run-time check (symc.check).
  static bool isCheck(Operation *op) {
    return op->getName().getStringRef() == "symc.check";
  }

  /// Whether ops computing a check's operands may move with it: scalar
  /// arithmetic and sizes, nothing that computes or touches tensor data,
  /// and no division (an earlier check may be what keeps its divisor
  /// nonzero).
  static bool isCheapScalarOp(Operation *op) {
    return op->getNumRegions() == 0 && isMemoryEffectFree(op) &&
           (isa<tensor::DimOp, arith::ConstantOp, arith::CmpIOp, arith::AndIOp,
                arith::OrIOp, arith::XOrIOp, arith::AddIOp, arith::SubIOp,
                arith::MulIOp, arith::SelectOp, arith::IndexCastOp,
                arith::MaxSIOp, arith::MinSIOp>(op));
  }

  /// Whether a BLAS product of `func` accumulates into a copy of an updated
  /// argument (W - lr * X^T.G lowered): only then are checks worth moving
  /// (moving them changes which message a call with several bad sizes
  /// reports).
  bool hasAccumulatorInUpdatedArgument(func::FuncOp func) {
    bool found = false;
    func.walk([&](memref::CopyOp copy) {
      auto source = copy.getSource().getDefiningOp<bufferization::ToBufferOp>();
      if (source && source.getReadOnly() && updatedArgs.contains(source.getTensor()) &&
          copy.getTarget().getDefiningOp<memref::AllocOp>())
        found = true;
    });
    return found;
  }

  /// Moves each run-time check of the function's body (with the scalar ops
  /// computing its operands) right after the definitions it needs. Checks
  /// on sizes mostly read argument sizes after canonicalization, so they
  /// then precede the products: fewer checks follow a product that could
  /// accumulate into an updated argument.
  void hoistChecks(func::FuncOp func) {
    Block &body = func.getBody().front();
    // Sizes of computed tensors become sizes of the arguments they derive
    // from (tensor.dim of a reduction's result -> its init's size -> an
    // argument's size): only then can a check on them move above products.
    SmallVector<Operation *> dims;
    func.walk([&](tensor::DimOp dim) { dims.push_back(dim); });
    RewritePatternSet patterns(func.getContext());
    memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
    tensor::DimOp::getCanonicalizationPatterns(patterns, func.getContext());
    tensor::EmptyOp::getCanonicalizationPatterns(patterns, func.getContext());
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    (void)applyOpPatternsGreedily(dims, std::move(patterns), config);
    SmallVector<Operation *> checks;
    for (Operation &op : body)
      if (isCheck(&op))
        checks.push_back(&op);
    for (Operation *check : checks) {
      // The scalar ops computing the check's operands move with it; any
      // other definition stays put and bounds how early they can go.
      SetVector<Operation *> slice;
      SmallVector<Operation *> worklist = {check};
      while (!worklist.empty()) {
        Operation *op = worklist.pop_back_val();
        for (Value operand : op->getOperands()) {
          Operation *def = operand.getDefiningOp();
          if (!def || def->getBlock() != &body || slice.contains(def) ||
              !isCheapScalarOp(def))
            continue;
          slice.insert(def);
          worklist.push_back(def);
        }
      }
      SmallVector<Operation *> ordered(slice.begin(), slice.end());
      llvm::sort(ordered, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
      ordered.push_back(check);
      for (Operation *op : ordered) {
        Operation *after = nullptr;
        for (Value operand : op->getOperands())
          if (Operation *def = operand.getDefiningOp())
            if (def->getBlock() == &body && (!after || after->isBeforeInBlock(def)))
              after = def;
        if (after && after->isBeforeInBlock(op))
          op->moveAfter(after);
        else if (!after)
          op->moveBefore(&body.front());
      }
    }
  }

  /// Whether a run-time check runs after `op` (in `op`'s block or nested
  /// in a later op).
  static bool checkFollows(Operation *op) {
    for (Operation *next = op->getNextNode(); next; next = next->getNextNode()) {
      bool found = false;
      next->walk([&](Operation *nested) {
        if (isCheck(nested)) {
          found = true;
          return WalkResult::interrupt();
        }
        return WalkResult::advance();
      });
      if (found)
        return true;
    }
    return false;
  }

  /// gemm(alpha, A, B, beta, W) whose result is the new value of W (updated
  /// in place): when no check follows the product and nothing reads W after
  /// it, BLAS accumulates into W's own buffer (the store at the end is then
  /// a copy of the buffer onto itself, which canonicalization removes).
  bool accumulateIntoUpdatedArgument(memref::CopyOp copy) {
    auto source = copy.getSource().getDefiningOp<bufferization::ToBufferOp>();
    auto alloc = copy.getTarget().getDefiningOp<memref::AllocOp>();
    if (!source || !alloc || !source.getReadOnly() || !source->hasOneUse())
      return false;
    auto arg = dyn_cast<BlockArgument>(source.getTensor());
    auto func = dyn_cast<func::FuncOp>(copy->getParentOp());
    if (!arg || !func || arg.getOwner() != &func.getBody().front() ||
        !updatedArgs.contains(arg) || checkFollows(copy))
      return false;
    // The product's result must be what is stored into W, and W's buffer
    // must not be read after the copy (not even as an operand of this
    // product): neither by a user of W nor through anything aliasing it
    // (views and casts of W, its buffers and the pointers derived from
    // them, which another BLAS call may use after the copy).
    bufferization::MaterializeInDestinationOp store;
    SmallVector<Value> worklist = {arg};
    DenseSet<Operation *> seen;
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      for (Operation *user : value.getUsers()) {
        if (user == source.getOperation() || !seen.insert(user).second)
          continue;
        auto m = dyn_cast<bufferization::MaterializeInDestinationOp>(user);
        if (m && value == arg && m.getDest() == arg) {
          store = m;
          continue;
        }
        if (isa<tensor::DimOp>(user))
          continue;
        // What a region's terminator passes on escapes this walk.
        if (user->hasTrait<OpTrait::IsTerminator>())
          return false;
        Operation *ancestor = copy->getBlock()->findAncestorOpInBlock(*user);
        if (!ancestor || !ancestor->isBeforeInBlock(copy))
          return false;
        bool aliases = !isa<TensorType>(value.getType()) || isViewOp(user) ||
                       isa<tensor::CastOp, bufferization::ToBufferOp>(user);
        if (aliases)
          llvm::append_range(worklist, user->getResults());
      }
    }
    if (!store)
      return false;
    Value stored = store.getSource();
    while (auto cast = stored.getDefiningOp<tensor::CastOp>())
      stored = cast.getSource();
    auto toTensor = stored.getDefiningOp<bufferization::ToTensorOp>();
    if (!toTensor || toTensor.getBuffer() != alloc.getResult())
      return false;
    auto bufferType = MemRefType::get(cast<RankedTensorType>(arg.getType()).getShape(),
                                      cast<RankedTensorType>(arg.getType()).getElementType());
    if (!memref::CastOp::areCastCompatible(bufferType, alloc.getType()))
      return false;
    OpBuilder b(copy);
    Value buffer = bufferization::ToBufferOp::create(b, copy.getLoc(), bufferType, arg,
                                                     /*read_only=*/false);
    if (bufferType != alloc.getType())
      buffer = memref::CastOp::create(b, copy.getLoc(), alloc.getType(), buffer);
    copy->erase();
    source->erase();
    alloc->replaceAllUsesWith(ValueRange{buffer});
    alloc->erase();
    ++numAccumulators;
    ++numDirectUpdates;
    return true;
  }

  /// Whether `user` is the only use of `tensor` that reads its elements
  /// (the others are tensor.dim: sizes do not change when BLAS writes).
  static bool readsNoElementBesides(Value tensor, Operation *user) {
    return llvm::all_of(tensor.getUsers(), [&](Operation *other) {
      return other == user || isa<tensor::DimOp>(other);
    });
  }

  static bool isFreshTensorInBlock(Value tensor, Block *block) {
    Operation *def = tensor.getDefiningOp();
    return def && def->getBlock() == block && isFreshTensor(tensor);
  }

  /// Whether `tensor` is a loop-carried value of the scf.for whose body is
  /// `block` (a scan's accumulator, e.g. the gradient of a weight summed
  /// over time steps). Its buffer is the loop's own: one-shot bufferization
  /// gives the loop a private copy of the initial value when the body
  /// writes it, so accumulating into it in place saves a copy per step.
  static bool isLoopCarriedInBlock(Value tensor, Block *block) {
    auto arg = dyn_cast<BlockArgument>(tensor);
    if (!arg || arg.getOwner() != block)
      return false;
    auto loop = dyn_cast<scf::ForOp>(block->getParentOp());
    return loop && loop.getTiedLoopInit(arg) != nullptr;
  }

  /// When the accumulator is another BLAS result, canonicalization has
  /// already folded its to_tensor/to_buffer pair: the copy reads the
  /// product's memref.alloc directly. If nothing uses that allocation (or
  /// anything derived from it) after the copy, BLAS accumulates into it.
  bool reuseDeadAllocation(memref::CopyOp copy) {
    auto source = copy.getSource().getDefiningOp<memref::AllocOp>();
    auto target = copy.getTarget().getDefiningOp<memref::AllocOp>();
    if (!source || !target || source.getType() != target.getType() ||
        source->getBlock() != copy->getBlock() ||
        target->getBlock() != copy->getBlock())
      return false;
    Block *block = copy->getBlock();
    SmallVector<Value> worklist = {source.getResult()};
    DenseSet<Operation *> seen;
    while (!worklist.empty()) {
      Value value = worklist.pop_back_val();
      for (Operation *user : value.getUsers()) {
        if (user == copy.getOperation() || !seen.insert(user).second)
          continue;
        // What a terminator passes on (a region's yield) escapes the
        // use-def walk below: give up.
        if (user->hasTrait<OpTrait::IsTerminator>())
          return false;
        // Every user, and every user of a value derived from the buffer
        // (views, tensors, pointers), must come before the copy.
        Operation *ancestor = block->findAncestorOpInBlock(*user);
        if (!ancestor || !ancestor->isBeforeInBlock(copy))
          return false;
        llvm::append_range(worklist, user->getResults());
      }
    }
    copy->erase();
    target->replaceAllUsesWith(source);
    target->erase();
    ++numAccumulators;
    return true;
  }

  /// Whether `value` has the same value in every iteration of `loop`:
  /// defined outside it, or pure scalar arithmetic (a few levels deep) of
  /// such values, as the lowering of a reverse scan computes n - 1 in the
  /// body.
  static bool isLoopInvariant(Value value, scf::ForOp loop, unsigned depth = 3) {
    if (loop.isDefinedOutsideOfLoop(value))
      return true;
    Operation *def = value.getDefiningOp();
    if (!def || depth == 0 || def->getNumRegions() != 0 ||
        def->getNumResults() != 1 || !isMemoryEffectFree(def) ||
        !isa<arith::ArithDialect>(def->getDialect()))
      return false;
    return llvm::all_of(def->getOperands(), [&](Value operand) {
      return isLoopInvariant(operand, loop, depth - 1);
    });
  }

  /// Whether `offset` differs in every iteration of `loop`: its induction
  /// variable i, i + c or c - i with c the same in every iteration.
  static bool isInjectiveInIteration(Value offset, scf::ForOp loop) {
    Value iv = loop.getInductionVar();
    if (offset == iv)
      return true;
    if (auto add = offset.getDefiningOp<arith::AddIOp>())
      return (add.getLhs() == iv && isLoopInvariant(add.getRhs(), loop)) ||
             (add.getRhs() == iv && isLoopInvariant(add.getLhs(), loop));
    if (auto sub = offset.getDefiningOp<arith::SubIOp>())
      return sub.getRhs() == iv && isLoopInvariant(sub.getLhs(), loop);
    return false;
  }

  /// Whether `slice` is the only element read of a fresh tensor defined
  /// outside the loop whose body is `slice`'s block, and picks a different
  /// row (a unit extent at an offset that changes with each iteration) in
  /// every iteration: a scan's sequence (e.g. the hoisted input projection
  /// of an RNN), each step reading its own row once. Writing that row
  /// then clobbers nothing that is still read. The fresh tensor must be
  /// made in the loop's block, not above an enclosing loop.
  static bool isDeadRowOfFreshTensor(tensor::ExtractSliceOp slice) {
    auto loop = dyn_cast<scf::ForOp>(slice->getParentOp());
    if (!loop || !loop.isDefinedOutsideOfLoop(slice.getSource()) ||
        !slice.hasUnitStride())
      return false;
    bool disjoint = false;
    for (auto [offset, size] :
         llvm::zip(slice.getMixedOffsets(), slice.getMixedSizes())) {
      auto value = dyn_cast<Value>(offset);
      if (value && isConstantIntValue(size, 1) &&
          isInjectiveInIteration(value, loop))
        disjoint = true;
    }
    if (!disjoint)
      return false;
    // Back through views to the fresh tensor: every value on the way is
    // used only by the next view, the slice, or for its sizes.
    Operation *consumer = slice;
    Value value = slice.getSource();
    while (true) {
      for (OpOperand &use : value.getUses()) {
        Operation *user = use.getOwner();
        if (isa<tensor::DimOp>(user))
          continue;
        if (user != consumer || use.getOperandNumber() != 0)
          return false;
      }
      Operation *def = value.getDefiningOp();
      if (!def || !isViewOp(def))
        break;
      consumer = def;
      value = def->getOperand(0);
    }
    // Made next to the loop, so that no enclosing loop runs this one again
    // over the rows it has overwritten.
    Operation *def = value.getDefiningOp();
    return def && def->getBlock() == loop->getBlock() && isFreshTensor(value);
  }

  /// A BLAS accumulator that is a dead row of a fresh tensor (see
  /// isDeadRowOfFreshTensor) is updated in that row: the row's buffer
  /// replaces the private one and its copy. The lowering computed the
  /// call's pointer and strides for the private, contiguous buffer: the row
  /// is asked for with those strides (bufferization copies, should the row
  /// not have them) and the pointer moves by the row's offset.
  bool accumulateIntoDeadRow(memref::CopyOp copy) {
    auto source = copy.getSource().getDefiningOp<bufferization::ToBufferOp>();
    auto alloc = copy.getTarget().getDefiningOp<memref::AllocOp>();
    if (!source || !alloc || !source.getReadOnly() || !source->hasOneUse())
      return false;
    auto slice = source.getTensor().getDefiningOp<tensor::ExtractSliceOp>();
    MemRefType allocType = alloc.getType();
    auto tensorType = dyn_cast<RankedTensorType>(source.getTensor().getType());
    if (!slice || slice->getBlock() != copy->getBlock() || !tensorType ||
        !allocType.getLayout().isIdentity() ||
        allocType.getShape() != tensorType.getShape() ||
        !readsNoElementBesides(slice, source) || !isDeadRowOfFreshTensor(slice))
      return false;
    // The users the lowering gives its buffer, all of which take a view;
    // one of them is the product's tensor.
    bufferization::ToTensorOp product;
    for (Operation *user : alloc->getUsers()) {
      if (auto toTensor = dyn_cast<bufferization::ToTensorOp>(user)) {
        if (product || toTensor->getBlock() != copy->getBlock())
          return false;
        product = toTensor;
        continue;
      }
      if (user != copy.getOperation() &&
          !isa<memref::ExtractAlignedPointerAsIndexOp,
               memref::ExtractStridedMetadataOp, memref::DimOp,
               linalg::LinalgOp>(user))
        return false;
    }
    if (!product)
      return false;
    SmallVector<int64_t> strides;
    int64_t offset;
    if (failed(allocType.getStridesAndOffset(strides, offset)))
      return false;
    // Strides that depend on sizes (dynamic in the type) reach the call
    // through the buffer's metadata, which then describes the row instead.
    auto rowType = MemRefType::get(
        allocType.getShape(), allocType.getElementType(),
        StridedLayoutAttr::get(copy.getContext(), ShapedType::kDynamic, strides));
    OpBuilder b(copy);
    Location loc = copy.getLoc();
    Value row = bufferization::ToBufferOp::create(b, loc, rowType, slice,
                                                  /*read_only=*/false);
    auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, row);
    Value bytes = arith::MulIOp::create(
        b, loc, metadata.getOffset(),
        arith::ConstantIndexOp::create(
            b, loc, allocType.getElementTypeBitWidth() / 8));
    for (Operation *user : llvm::make_early_inc_range(alloc->getUsers())) {
      if (auto pointer = dyn_cast<memref::ExtractAlignedPointerAsIndexOp>(user)) {
        b.setInsertionPoint(pointer);
        Value base = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, row);
        pointer.replaceAllUsesWith(
            arith::AddIOp::create(b, loc, base, bytes).getResult());
        pointer->erase();
      } else if (auto old = dyn_cast<memref::ExtractStridedMetadataOp>(user)) {
        // The pointer above already points at the row's first element.
        b.setInsertionPoint(old);
        SmallVector<Value> results(metadata->getResults());
        results[1] = arith::ConstantIndexOp::create(b, loc, 0);
        old->replaceAllUsesWith(results);
        old->erase();
      }
    }
    copy->erase();
    source->erase();
    // The to_tensor and the linalg ops (beta * C when a size is zero) take
    // a buffer of any layout.
    alloc->replaceAllUsesWith(ValueRange{row});
    alloc->erase();
    // One-shot bufferization cannot tell that the iterations write
    // disjoint rows: a write into a tensor defined above the loop is a
    // conflict with the reads of the next iterations, and it would copy the
    // row again. The loop carries the tensor instead, each iteration
    // inserting the product back where it was read (a copy of the row onto
    // itself, which canonicalization erases): the form of
    // destination-passing loops that it writes in place.
    auto loop = cast<scf::ForOp>(slice->getParentOp());
    IRRewriter rewriter(loop);
    FailureOr<LoopLikeOpInterface> carried = loop.replaceWithAdditionalYields(
        rewriter, ValueRange{slice.getSource()},
        /*replaceInitOperandUsesInLoop=*/false,
        [&](OpBuilder &nb, Location nl, ArrayRef<BlockArgument> args) {
          slice.getSourceMutable().assign(args.front());
          Value inserted = tensor::InsertSliceOp::create(
              nb, nl, product.getResult(), args.front(), slice.getMixedOffsets(),
              slice.getMixedSizes(), slice.getMixedStrides());
          return SmallVector<Value>{inserted};
        });
    (void)carried;
    ++numAccumulators;
    ++numRowAccumulators;
    return true;
  }

  /// The lowering of gemm/gemv/ger copies the accumulator operand into a
  /// fresh buffer (memref.alloc + memref.copy from a read-only to_buffer)
  /// that BLAS then updates. When the operand dies there and its buffer is a
  /// fresh one of the function, BLAS updates that buffer instead: the
  /// allocation and the copy go away.
  void accumulateIntoDeadOperands(func::FuncOp func) {
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      if (reuseDeadAllocation(copy) || accumulateIntoUpdatedArgument(copy) ||
          accumulateIntoDeadRow(copy))
        continue;
      auto source = copy.getSource().getDefiningOp<bufferization::ToBufferOp>();
      auto alloc = copy.getTarget().getDefiningOp<memref::AllocOp>();
      if (!source || !alloc || !source.getReadOnly() || !source->hasOneUse())
        continue;
      Value tensor = source.getTensor();
      if (!readsNoElementBesides(tensor, source) ||
          !(isFreshTensorInBlock(tensor, copy->getBlock()) ||
            isLoopCarriedInBlock(tensor, copy->getBlock())))
        continue;
      auto tensorType = cast<RankedTensorType>(tensor.getType());
      MemRefType allocType = alloc.getType();
      auto bufferType = MemRefType::get(tensorType.getShape(), tensorType.getElementType());
      if (!allocType.getLayout().isIdentity() ||
          !memref::CastOp::areCastCompatible(bufferType, allocType))
        continue;
      OpBuilder b(copy);
      Value buffer = bufferization::ToBufferOp::create(b, copy.getLoc(), bufferType,
                                                       tensor, /*read_only=*/false);
      if (bufferType != allocType)
        buffer = memref::CastOp::create(b, copy.getLoc(), allocType, buffer);
      copy->erase();
      source->erase();
      alloc->replaceAllUsesWith(ValueRange{buffer});
      // Uses of the allocation before the copy (its sizes) are none: the
      // lowering creates it right before the copy.
      alloc->erase();
      ++numAccumulators;
    }
  }

  //===--------------------------------------------------------------------===//
  // Elementwise results into dead operands
  //===--------------------------------------------------------------------===//

  /// Inputs the caller allows the function to overwrite (In(mutable=True)).
  void markMutableInputs(func::FuncOp func) {
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      if (!func.getArgAttr(i, kMutableAttr))
        continue;
      func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                      BoolAttr::get(func.getContext(), true));
    }
  }

  /// Whether `generic` may overwrite `value`'s buffer: the value dies here
  /// (every use is an identity-mapped input of this op, so each element is
  /// read only where it is written, or a tensor.dim, which reads no
  /// element), and its buffer is one the function
  /// owns: a result of a linalg op or a fresh buffer in the same block, or
  /// a mutable input. Not a user input, a view of another value, or
  /// anything returned (a returned value has another use).
  bool isDeadOwnedOperand(linalg::GenericOp generic, Value value) {
    for (OpOperand &use : value.getUses()) {
      if (isa<tensor::DimOp>(use.getOwner()))
        continue;
      if (use.getOwner() != generic.getOperation() ||
          !generic.isDpsInput(&use) ||
          !generic.getMatchingIndexingMap(&use).isIdentity())
        return false;
    }
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
      return func && arg.getOwner() == generic->getBlock() &&
             func.getArgAttr(arg.getArgNumber(), kMutableAttr);
    }
    Operation *def = value.getDefiningOp();
    if (def->getBlock() != generic->getBlock())
      return false;
    if (isa<linalg::LinalgOp>(def))
      return true;
    auto toTensor = dyn_cast<bufferization::ToTensorOp>(def);
    return toTensor && toTensor.getRestrict() && toTensor.getWritable();
  }

  /// An elementwise generic writing fresh tensors (tensor.empty) writes
  /// each of them into a dead operand of the same type instead, one operand
  /// per result (a fused generic has several results: the loop reads every
  /// input at an element before it writes any output there).
  ///
  /// Every reuse puts the result into the alias set of the operand's
  /// buffer, and one-shot bufferization's conflict analysis costs time
  /// linear in that set for each op of it: a chain of n generics, each
  /// writing into the previous one's result, is one set and costs O(n^2)
  /// (B4's 5000-step chain spent 6 s there). So a chain is cut after
  /// `max-chain` reuses: the next generic keeps its tensor.empty and starts
  /// a new set (one allocation per max-chain ops, which the runtime's
  /// buffer pool serves from the buffer freed last).
  void reuseDeadOperands(func::FuncOp func) {
    // Reuses behind each value's buffer; absent: a buffer of its own.
    DenseMap<Value, unsigned> chainLength;
    func.walk([&](linalg::GenericOp generic) {
      if (generic.getNumDpsInits() != generic.getNumResults() ||
          !generic.isAllParallelLoops())
        return;
      llvm::SmallPtrSet<Value, 4> taken;
      for (OpOperand &init : generic.getDpsInitsMutable()) {
        if (!init.get().getDefiningOp<tensor::EmptyOp>() ||
            !generic.getMatchingIndexingMap(&init).isIdentity() ||
            generic.payloadUsesValueFromOperand(&init))
          continue;
        Type resultType = generic->getResult(init.getOperandNumber() -
                                             generic.getNumDpsInputs())
                              .getType();
        for (OpOperand *input : generic.getDpsInputOperands()) {
          Value value = input->get();
          if (value.getType() != resultType || taken.contains(value) ||
              !isDeadOwnedOperand(generic, value))
            continue;
          unsigned length = chainLength.lookup(value) + 1;
          if (length > maxChain) {
            ++numChainCuts;
            continue;
          }
          init.set(value);
          taken.insert(value);
          chainLength[generic.getTiedOpResult(&init)] = length;
          ++numElementwise;
          break;
        }
      }
    });
  }
};

} // namespace
