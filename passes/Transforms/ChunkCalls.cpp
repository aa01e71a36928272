//===- ChunkCalls.cpp - runs of calls of a huge function as functions -----===//
//
// Implements symc-chunk-calls: in a function that is, after
// symc-outline-kernels, a long list of kernel calls (the glue of a deep
// chain or of its gradient), runs of consecutive calls move into private
// functions of `calls-per-chunk` calls each. The glue is one basic block
// whose values (a pointer per buffer, computed once and passed to the
// calls that produce and later read it) live across thousands of calls;
// LLVM's register allocator splits such live ranges within the block in
// time superlinear in its length (the 5000-step chain's gradient: 31 s of
// code generation). A chunk recomputes the buffer addresses it passes from
// the few values they derive from (copies of the side-effect-free ops that
// compute them), so nothing but those few values lives from one chunk to
// the next and every block LLVM sees has a bounded length.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/Transforms/CallRuns.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::symc {
#define GEN_PASS_DEF_CHUNKCALLSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Longest chain of side-effect-free ops a chunk recomputes for one value;
/// deeper values are passed (addresses are a few ops deep).
constexpr unsigned kMaxRecomputeDepth = 8;

/// Builds one chunk: the values its calls use, recomputed or passed.
class ChunkBuilder {
public:
  ChunkBuilder(Block *parentBlock, OpBuilder &body)
      : parentBlock(parentBlock), body(body) {}

  /// `value` inside the chunk: a copy of its side-effect-free definition
  /// (recursively, up to kMaxRecomputeDepth), else a new argument.
  Value materialize(Value value, unsigned depth = 0) {
    if (Value known = mapping.lookupOrNull(value))
      return known;
    Operation *def = value.getDefiningOp();
    if (def && def->getBlock() == parentBlock && isTransparent(*def) &&
        depth < kMaxRecomputeDepth) {
      for (Value operand : def->getOperands())
        materialize(operand, depth + 1);
      body.clone(*def, mapping);
      return mapping.lookup(value);
    }
    Value arg = body.getBlock()->addArgument(value.getType(), value.getLoc());
    mapping.map(value, arg);
    passed.push_back(value);
    return arg;
  }

  /// The values passed, in argument order.
  SmallVector<Value> passed;
  IRMapping mapping;

private:
  Block *parentBlock;
  OpBuilder &body;
};

/// Moves `calls` (consecutive calls of `parent`'s top-level block, only
/// transparent ops between them) into a new function, placed after `last`
/// (then updated to it), and calls it where the last of the calls was.
void chunk(MutableArrayRef<func::CallOp> calls, func::FuncOp parent,
           Operation *&last, SymbolTable &symbols) {
  MLIRContext *ctx = parent.getContext();
  Location loc = calls.front().getLoc();
  OpBuilder builder(ctx);
  builder.setInsertionPointAfter(last);
  auto fn = func::FuncOp::create(builder, loc,
                                 (parent.getSymName() + "_chunk").str(),
                                 FunctionType::get(ctx, {}, {}));
  fn.setPrivate();
  // Internal and noinline, as symc-outline-kernels' kernels: LLVM's inliner
  // would put every single-call chunk back.
  fn->setAttr("llvm.linkage",
              LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  fn->setAttr("passthrough",
              ArrayAttr::get(ctx, {StringAttr::get(ctx, "noinline")}));
  symbols.insert(fn);
  last = fn;

  Block *entry = fn.addEntryBlock();
  OpBuilder body = OpBuilder::atBlockBegin(entry);
  ChunkBuilder chunkBuilder(calls.front()->getBlock(), body);
  for (func::CallOp call : calls) {
    SmallVector<Value> operands;
    for (Value operand : call.getOperands())
      operands.push_back(chunkBuilder.materialize(operand));
    func::CallOp::create(body, call.getLoc(), call.getCallee(), TypeRange{},
                         operands);
  }
  func::ReturnOp::create(body, loc);
  SmallVector<Type> argTypes;
  for (Value value : chunkBuilder.passed)
    argTypes.push_back(value.getType());
  fn.setFunctionType(FunctionType::get(ctx, argTypes, {}));

  builder.setInsertionPoint(calls.back());
  func::CallOp::create(builder, loc, fn, chunkBuilder.passed);
  for (func::CallOp call : calls)
    call.erase();
}

struct ChunkCallsPass
    : public mlir::symc::impl::ChunkCallsPassBase<ChunkCallsPass> {
  using ChunkCallsPassBase::ChunkCallsPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions) {
      if (function.isExternal())
        continue;
      Block &block = function.getBody().front();
      unsigned count = llvm::count_if(block, isResultlessCall);
      if (count < minCalls || callsPerChunk < 2)
        continue;
      // Runs of result-less calls with only transparent ops between them,
      // cut every calls-per-chunk calls.
      bool changed = false;
      Operation *last = function;
      for (SmallVector<func::CallOp> &run : collectCallRuns(block, isTransparent)) {
        MutableArrayRef<func::CallOp> calls(run);
        for (size_t start = 0; start < calls.size(); start += callsPerChunk) {
          MutableArrayRef<func::CallOp> piece =
              calls.slice(start, std::min<size_t>(callsPerChunk, calls.size() - start));
          if (piece.size() < 2)
            continue;
          chunk(piece, function, last, symbols);
          ++numChunks;
          changed = true;
        }
      }
      if (changed)
        eraseDeadTransparentOps(block);
    }
  }
};

} // namespace
