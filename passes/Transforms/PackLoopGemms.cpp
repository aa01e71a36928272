//===- PackLoopGemms.cpp - pack a loop-invariant gemm operand once --------===//
//
// Implements symc-pack-loop-gemms. A product in a loop whose right operand
// does not change (an RNN step h_{t-1} W, the backward step dz W^T) makes
// OpenBLAS copy that operand into its panel format on every call; for B7's
// 32x256 by 256x256 products the copy is about a third of the product. The
// runtime can pack it once (symc_rt_pack_gemm_b_f64) and run every product
// of the loop on the packed panels (symc_rt_gemm_packed_f64).
//
// The pass runs on linalg-on-tensors right after convert-symc-to-linalg and
// matches Linear.cpp's f64 gemm calls. The right operand is loop-invariant
// when its pointer, strides, sizes and transpose flag are values defined
// outside the loop or computed in it by pure ops from such values, and its
// memory is a read-only `bufferization.to_buffer` of a tensor: a tensor is a
// value, so nothing in the loop can change what the buffer holds when it is
// read. A pointer that reaches raw memory any other way (a memref argument,
// an allocation the loop may write) is left alone. The slice computing the
// operand is cloned before the loop with a fresh to_buffer (one of its own,
// as Linear.cpp gives every BLAS read, so that bufferization sees the read
// right where the pack call is), the handle is freed after the loop.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SetVector.h"

namespace mlir::symc {
#define GEN_PASS_DEF_PACKLOOPGEMMSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

constexpr StringLiteral kGemm = "symc_rt_gemm_f64";
constexpr StringLiteral kPack = "symc_rt_pack_gemm_b_f64";
constexpr StringLiteral kPackedGemm = "symc_rt_gemm_packed_f64";
constexpr StringLiteral kFree = "symc_rt_free_packed_gemm_b";

/// Operand positions of symc_rt_gemm_f64 (runtime/CRuntime.h).
enum GemmArg : unsigned {
  TransA, TransB, M, N, K, Alpha, A, ARs, ACs, B, BRs, BCs, Beta, C, CRs, CCs,
  NumGemmArgs
};

/// Whether `v` is available before `loop`: defined outside it, or computed
/// in it by pure region-free ops from such values. The in-loop ops are added
/// to `slice`.
bool isInvariant(Value v, scf::ForOp loop, llvm::SetVector<Operation *> &slice) {
  if (!loop->isAncestor(v.getParentRegion()->getParentOp()))
    return true;
  Operation *def = v.getDefiningOp();
  if (!def || def->getNumRegions() != 0 || !isPure(def))
    return false;
  if (slice.contains(def))
    return true;
  for (Value operand : def->getOperands())
    if (!isInvariant(operand, loop, slice))
      return false;
  slice.insert(def);
  return true;
}

/// `v` without the arith.index_cast ops Linear.cpp puts around it.
Value stripCasts(Value v) {
  while (auto cast = v.getDefiningOp<arith::IndexCastOp>())
    v = cast.getIn();
  return v;
}

/// Whether `v` is result `result` of a memref.extract_strided_metadata of
/// `buffer` (behind index casts).
bool isMetadataOf(Value v, Value buffer, unsigned result) {
  v = stripCasts(v);
  auto md = v.getDefiningOp<memref::ExtractStridedMetadataOp>();
  return md && md.getSource() == buffer &&
         cast<OpResult>(v).getResultNumber() == result;
}

/// The 2-D buffer that (ptr, rs, cs) describe when they are Linear.cpp's
/// description of one (base + offset, row and column strides, see
/// describeBuffer there) and its memory is a read-only to_buffer of a tensor,
/// possibly seen through memref.transpose; null otherwise.
Value describedTensorBuffer(Value ptr, Value rs, Value cs) {
  auto gep = ptr.getDefiningOp<LLVM::GEPOp>();
  if (!gep || gep.getDynamicIndices().size() != 1 ||
      gep.getRawConstantIndices().size() != 1)
    return {};
  auto toPtr = gep.getBase().getDefiningOp<LLVM::IntToPtrOp>();
  if (!toPtr)
    return {};
  auto aligned = stripCasts(toPtr.getArg())
                     .getDefiningOp<memref::ExtractAlignedPointerAsIndexOp>();
  if (!aligned)
    return {};
  Value buffer = aligned.getSource();
  auto type = dyn_cast<MemRefType>(buffer.getType());
  // Results of extract_strided_metadata: base, offset, sizes..., strides...
  if (!type || type.getRank() != 2 || !type.getElementType().isF64() ||
      !isMetadataOf(gep.getDynamicIndices()[0], buffer, 1) ||
      !isMetadataOf(rs, buffer, 4) || !isMetadataOf(cs, buffer, 5))
    return {};
  Value root = buffer;
  if (auto transpose = root.getDefiningOp<memref::TransposeOp>())
    root = transpose.getIn();
  auto toBuffer = root.getDefiningOp<bufferization::ToBufferOp>();
  return toBuffer && toBuffer.getReadOnly() ? buffer : Value();
}

std::optional<int64_t> constantTrips(scf::ForOp loop) {
  std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound());
  std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound());
  std::optional<int64_t> step = getConstantIntValue(loop.getStep());
  if (!lb || !ub || !step || *step <= 0)
    return std::nullopt;
  return *ub <= *lb ? 0 : (*ub - *lb + *step - 1) / *step;
}

struct PackLoopGemmsPass
    : public mlir::symc::impl::PackLoopGemmsPassBase<PackLoopGemmsPass> {
  using PackLoopGemmsPassBase::PackLoopGemmsPassBase;

  /// Declares runtime function `name`, or checks that an existing
  /// declaration has the runtime's type.
  FailureOr<func::FuncOp> declare(OpBuilder &b, StringRef name,
                                  FunctionType type) {
    ModuleOp module = getOperation();
    if (auto existing = module.lookupSymbol<func::FuncOp>(name)) {
      if (existing.getFunctionType() != type)
        return existing.emitError() << "symc-pack-loop-gemms: '" << name
                                    << "' is declared with type "
                                    << existing.getFunctionType()
                                    << ", the runtime's is " << type;
      return existing;
    }
    auto func = func::FuncOp::create(b, module.getLoc(), name, type);
    func.setPrivate();
    return func;
  }

  /// Whether `call` (a symc_rt_gemm_f64 call with the runtime's operand
  /// types) should use a packed B in `loop`.
  bool profitable(func::CallOp call, scf::ForOp loop) {
    std::optional<int64_t> trips = constantTrips(loop);
    if (trips && *trips < 2)
      return false; // nothing to share; a dynamic count is taken as many
    std::optional<int64_t> m = getConstantIntValue(call.getOperand(M));
    // Large row counts amortize BLAS's own packing (and BLAS may thread).
    return m && *m > 0 && *m <= int64_t(maxRows);
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::CallOp> calls;
    bool bad = false;
    module.walk([&](func::CallOp call) {
      if (call.getCallee() != kGemm)
        return;
      if (call.getNumOperands() != NumGemmArgs || call.getNumResults() != 0) {
        call.emitError() << "symc-pack-loop-gemms: call of " << kGemm
                         << " with " << call.getNumOperands()
                         << " operands and " << call.getNumResults()
                         << " results; the runtime takes " << unsigned(NumGemmArgs)
                         << " operands and returns nothing";
        bad = true;
        return;
      }
      calls.push_back(call);
    });
    if (bad)
      return signalPassFailure();
    if (calls.empty())
      return;

    OpBuilder b(module.getContext());
    Type i64 = b.getI64Type(), f64 = b.getF64Type();
    auto ptr = LLVM::LLVMPointerType::get(b.getContext());
    FunctionType gemmType = b.getFunctionType(
        {i64, i64, i64, i64, i64, f64, ptr, i64, i64, ptr, i64, i64, f64, ptr,
         i64, i64},
        {});
    for (func::CallOp call : calls)
      if (TypeRange(call.getOperandTypes()) != gemmType.getInputs()) {
        call.emitError() << "symc-pack-loop-gemms: call of " << kGemm
                         << " with operand types other than the runtime's "
                         << gemmType;
        return signalPassFailure();
      }

    // Operand tuples already packed before a loop -> their handle.
    struct Packed {
      scf::ForOp loop;
      SmallVector<Value> key; // trans_b, b, b_rs, b_cs in the loop
      Value handle;
    };
    SmallVector<Packed> packed;
    FailureOr<func::FuncOp> packFn = failure(), packedGemmFn = failure(),
                            freeFn = failure();
    bool declared = false;

    for (func::CallOp call : calls) {
      auto loop = call->getParentOfType<scf::ForOp>();
      if (!loop || !profitable(call, loop))
        continue;
      // Only pure ops may stand between the loop and the call (scf.if of
      // the empty-size guard is the one region op allowed).
      bool nested = true;
      for (Operation *p = call->getParentOp(); p != loop; p = p->getParentOp())
        nested &= isa<scf::IfOp>(p);
      if (!nested)
        continue;
      // The transpose flag decides which sizes of the buffer op(B) has.
      std::optional<int64_t> transB =
          getConstantIntValue(call.getOperand(TransB));
      if (!transB || (*transB != 0 && *transB != 1))
        continue;
      Value buffer = describedTensorBuffer(
          call.getOperand(B), call.getOperand(BRs), call.getOperand(BCs));
      SmallVector<Value> key = {call.getOperand(TransB), call.getOperand(B),
                                call.getOperand(BRs), call.getOperand(BCs)};
      llvm::SetVector<Operation *> slice;
      if (!buffer || !isInvariant(buffer, loop, slice) ||
          !llvm::all_of(key, [&](Value v) { return isInvariant(v, loop, slice); }))
        continue;

      if (!declared) {
        declared = true;
        b.setInsertionPointToStart(module.getBody());
        packFn = declare(b, kPack, b.getFunctionType(
                                       {i64, i64, i64, ptr, i64, i64}, {ptr}));
        packedGemmFn = declare(
            b, kPackedGemm,
            b.getFunctionType({i64, i64, i64, i64, f64, ptr, i64, i64, ptr,
                               f64, ptr, i64, i64},
                              {}));
        freeFn = declare(b, kFree, b.getFunctionType({ptr}, {}));
        if (failed(packFn) || failed(packedGemmFn) || failed(freeFn))
          return signalPassFailure();
      }

      Value handle;
      for (Packed &p : packed)
        if (p.loop == loop && p.key == key)
          handle = p.handle;
      if (!handle) {
        // Clone the slice in program order right before the loop.
        b.setInsertionPoint(loop);
        IRMapping map;
        // Program order (the slice may reach into the empty-size guard).
        SmallVector<Operation *> ordered;
        loop.getBody()->walk([&](Operation *op) {
          if (slice.contains(op))
            ordered.push_back(op);
        });
        for (Operation *op : ordered) {
          if (auto toBuffer = dyn_cast<bufferization::ToBufferOp>(op)) {
            Value fresh = readBuffer(
                b, op->getLoc(), cast<MemRefType>(toBuffer.getType()),
                map.lookupOrDefault(toBuffer.getTensor()));
            map.map(toBuffer.getResult(), fresh);
            continue;
          }
          b.clone(*op, map);
        }
        // op(B)'s sizes are the buffer's own: the pack never reads past
        // it, and symc_rt_gemm_packed_f64 fails if the product's k or n
        // differ (the loop's checks would have failed first).
        Location loc = call.getLoc();
        Value stored = map.lookupOrDefault(buffer);
        auto dimOf = [&](int64_t d) -> Value {
          Value dim = memref::DimOp::create(b, loc, stored, d);
          return arith::IndexCastOp::create(b, loc, i64, dim);
        };
        Value rows = dimOf(0), cols = dimOf(1);
        SmallVector<Value> args = {map.lookupOrDefault(key[0]),
                                   *transB ? cols : rows,
                                   *transB ? rows : cols,
                                   map.lookupOrDefault(key[1]),
                                   map.lookupOrDefault(key[2]),
                                   map.lookupOrDefault(key[3])};
        handle = func::CallOp::create(b, call.getLoc(), *packFn, args)
                     .getResult(0);
        b.setInsertionPointAfter(loop);
        func::CallOp::create(b, call.getLoc(), *freeFn, ValueRange{handle});
        packed.push_back({loop, key, handle});
      }

      b.setInsertionPoint(call);
      SmallVector<Value> args = {
          call.getOperand(TransA), call.getOperand(M),    call.getOperand(N),
          call.getOperand(K),      call.getOperand(Alpha), call.getOperand(A),
          call.getOperand(ARs),    call.getOperand(ACs),   handle,
          call.getOperand(Beta),   call.getOperand(C),     call.getOperand(CRs),
          call.getOperand(CCs)};
      func::CallOp::create(b, call.getLoc(), *packedGemmFn, args);
      call.erase();
      ++numPacked;
    }
  }
};

} // namespace
