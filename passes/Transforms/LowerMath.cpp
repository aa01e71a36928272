//===- LowerMath.cpp - math ops to libm calls with libmvec variants -------===//
//
// Implements symc-lower-math: scalar f32/f64 transcendental math ops (exp,
// log, log1p, expm1, tanh, sin, erf, pow, atan2, ...) become calls of the
// libm function of the same name. Each libm declaration carries
// `memory(none) nounwind willreturn` and the `vector-function-abi-variant`
// attribute naming glibc's libmvec vector versions for the vector ISAs of
// the target (AVX-512, AVX2, SSE), whose declarations are kept alive through
// @llvm.compiler.used. LLVM's loop vectorizer then replaces the scalar calls
// of a vectorized loop with <8 x double> / <16 x float> libmvec calls; LLVM
// 22's own libmvec table only knows six functions and is not enabled by
// default. Functions also get "prefer-vector-width" for the widest ISA, since
// the x86 backend otherwise prefers 256-bit vectors on AVX-512 machines.
// Ops left over (sqrt, floor, fma, ...) are LLVM intrinsics, lowered by
// convert-math-to-llvm.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/TargetParser/Host.h"

namespace mlir::symc {
#define GEN_PASS_DEF_LOWERMATHPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// A libm function: its double-precision name and number of arguments.
struct LibmFunction {
  StringRef name;
  unsigned arity;
};

/// The libm function computing `op`, for the math ops libmvec vectorizes.
std::optional<LibmFunction> libmFunction(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<LibmFunction>>(op)
      .Case([](math::ExpOp) { return LibmFunction{"exp", 1}; })
      .Case([](math::ExpM1Op) { return LibmFunction{"expm1", 1}; })
      .Case([](math::Exp2Op) { return LibmFunction{"exp2", 1}; })
      .Case([](math::LogOp) { return LibmFunction{"log", 1}; })
      .Case([](math::Log1pOp) { return LibmFunction{"log1p", 1}; })
      .Case([](math::Log2Op) { return LibmFunction{"log2", 1}; })
      .Case([](math::Log10Op) { return LibmFunction{"log10", 1}; })
      .Case([](math::SinOp) { return LibmFunction{"sin", 1}; })
      .Case([](math::CosOp) { return LibmFunction{"cos", 1}; })
      .Case([](math::TanOp) { return LibmFunction{"tan", 1}; })
      .Case([](math::AsinOp) { return LibmFunction{"asin", 1}; })
      .Case([](math::AcosOp) { return LibmFunction{"acos", 1}; })
      .Case([](math::AtanOp) { return LibmFunction{"atan", 1}; })
      .Case([](math::SinhOp) { return LibmFunction{"sinh", 1}; })
      .Case([](math::CoshOp) { return LibmFunction{"cosh", 1}; })
      .Case([](math::TanhOp) { return LibmFunction{"tanh", 1}; })
      .Case([](math::AsinhOp) { return LibmFunction{"asinh", 1}; })
      .Case([](math::AcoshOp) { return LibmFunction{"acosh", 1}; })
      .Case([](math::AtanhOp) { return LibmFunction{"atanh", 1}; })
      .Case([](math::ErfOp) { return LibmFunction{"erf", 1}; })
      .Case([](math::ErfcOp) { return LibmFunction{"erfc", 1}; })
      .Case([](math::CbrtOp) { return LibmFunction{"cbrt", 1}; })
      .Case([](math::PowFOp) { return LibmFunction{"pow", 2}; })
      .Case([](math::Atan2Op) { return LibmFunction{"atan2", 2}; })
      .Default([](Operation *) { return std::nullopt; });
}

/// A vector ISA of the x86-64 vector function ABI: its mangling letter and
/// register width.
struct VectorIsa {
  char letter;
  unsigned bits;
};

/// The ISAs whose libmvec variants to declare, widest first.
FailureOr<SmallVector<VectorIsa>> selectIsas(StringRef option) {
  const VectorIsa avx512{'e', 512}, avx2{'d', 256}, sse{'b', 128};
  if (option == "avx512")
    return SmallVector<VectorIsa>{avx512, avx2, sse};
  if (option == "avx2")
    return SmallVector<VectorIsa>{avx2, sse};
  if (option == "sse")
    return SmallVector<VectorIsa>{sse};
  if (option == "none")
    return SmallVector<VectorIsa>{};
  if (option != "host")
    return failure();
#if defined(__x86_64__) || defined(_M_X64)
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (features.lookup("avx512f"))
    return SmallVector<VectorIsa>{avx512, avx2, sse};
  if (features.lookup("avx2"))
    return SmallVector<VectorIsa>{avx2, sse};
  return SmallVector<VectorIsa>{sse};
#else
  return SmallVector<VectorIsa>{};
#endif
}

struct LowerMathPass : symc::impl::LowerMathPassBase<LowerMathPass> {
  using LowerMathPassBase::LowerMathPassBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<SmallVector<VectorIsa>> isas = selectIsas(vectorIsa);
    if (failed(isas)) {
      module.emitError("symc-lower-math: unknown vector-isa '")
          << vectorIsa << "' (expected host, avx512, avx2, sse or none)";
      return signalPassFailure();
    }
    IRRewriter rewriter(&getContext());
    SmallVector<Operation *> ops;
    module.walk([&](Operation *op) {
      if (op->getNumResults() == 1 && libmFunction(op) &&
          isa<Float32Type, Float64Type>(op->getResult(0).getType()))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      LibmFunction f = *libmFunction(op);
      auto type = cast<FloatType>(op->getResult(0).getType());
      LLVM::LLVMFuncOp callee = declareScalar(rewriter, module, f, type, *isas);
      if (!callee)
        return signalPassFailure();
      rewriter.setInsertionPoint(op);
      auto call = LLVM::CallOp::create(rewriter, op->getLoc(), callee,
                                       op->getOperands());
      rewriter.replaceOp(op, call.getResults());
    }
    if (!vectorFunctions.empty())
      keepAlive(rewriter, module);
    if (!isas->empty()) {
      std::string width = std::to_string(isas->front().bits);
      for (auto func : module.getOps<func::FuncOp>()) {
        if (func.isDeclaration())
          continue;
        Builder b(&getContext());
        // Added to what is there: coroutines of the async runtime carry
        // "presplitcoroutine", without which LLVM never splits them.
        SmallVector<Attribute> passthrough;
        if (auto existing = func->getAttrOfType<ArrayAttr>("passthrough"))
          llvm::append_range(passthrough, existing.getValue());
        passthrough.push_back(b.getArrayAttr(
            {b.getStringAttr("prefer-vector-width"), b.getStringAttr(width)}));
        func->setAttr("passthrough", b.getArrayAttr(passthrough));
      }
    }
  }

  /// Function attributes of a pure math function: no memory access, no
  /// unwinding, always returns (so LLVM may vectorize and hoist calls).
  void markPure(LLVM::LLVMFuncOp func) {
    MLIRContext *ctx = &getContext();
    auto none = LLVM::ModRefInfo::NoModRef;
    func.setMemoryEffectsAttr(
        LLVM::MemoryEffectsAttr::get(ctx, {none, none, none, none, none, none}));
    func.setNoUnwind(true);
    func.setWillReturn(true);
  }

  /// Declares the libm function `f` for `type` with its vector variants.
  LLVM::LLVMFuncOp declareScalar(IRRewriter &rewriter, ModuleOp module,
                                 LibmFunction f, FloatType type,
                                 ArrayRef<VectorIsa> isas) {
    std::string name = f.name.str() + (type.isF32() ? "f" : "");
    Operation *existing = module.lookupSymbol(name);
    if (existing) {
      if (auto func = dyn_cast<LLVM::LLVMFuncOp>(existing))
        return func;
      existing->emitError("symc-lower-math needs the symbol '")
          << name << "' for the libm function";
      return {};
    }
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(module.getBody());
    SmallVector<Type> args(f.arity, type);
    auto func = LLVM::LLVMFuncOp::create(rewriter, module.getLoc(), name,
                                         LLVM::LLVMFunctionType::get(type, args));
    markPure(func);
    std::string mappings;
    unsigned width = type.getWidth();
    for (const VectorIsa &isa : isas) {
      unsigned lanes = isa.bits / width;
      std::string params(f.arity, 'v');
      std::string vectorName = "_ZGV" + std::string(1, isa.letter) + "N" +
                               std::to_string(lanes) + params + "_" + name;
      if (!mappings.empty())
        mappings += ",";
      mappings += "_ZGV_LLVM_N" + std::to_string(lanes) + params + "_" + name +
                  "(" + vectorName + ")";
      if (module.lookupSymbol(vectorName))
        continue;
      auto vectorType = VectorType::get({lanes}, type);
      SmallVector<Type> vectorArgs(f.arity, vectorType);
      auto vectorFunc = LLVM::LLVMFuncOp::create(
          rewriter, module.getLoc(), vectorName,
          LLVM::LLVMFunctionType::get(vectorType, vectorArgs));
      markPure(vectorFunc);
      vectorFunctions.push_back(vectorName);
    }
    if (!mappings.empty()) {
      Builder b(&getContext());
      func.setPassthroughAttr(b.getArrayAttr({b.getArrayAttr(
          {b.getStringAttr("vector-function-abi-variant"),
           b.getStringAttr(mappings)})}));
    }
    return func;
  }

  /// Lists the vector declarations in @llvm.compiler.used: LLVM drops unused
  /// declarations before the loop vectorizer would look for them.
  void keepAlive(IRRewriter &rewriter, ModuleOp module) {
    MLIRContext *ctx = &getContext();
    SmallVector<std::string> names;
    if (auto old = module.lookupSymbol<LLVM::GlobalOp>("llvm.compiler.used")) {
      old.getInitializerRegion().walk([&](LLVM::AddressOfOp addr) {
        names.push_back(addr.getGlobalName().str());
      });
      rewriter.eraseOp(old);
    }
    names.append(vectorFunctions.begin(), vectorFunctions.end());
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToEnd(module.getBody());
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    auto arrayType = LLVM::LLVMArrayType::get(ptr, names.size());
    Location loc = module.getLoc();
    auto global = LLVM::GlobalOp::create(rewriter, loc, arrayType,
                                         /*isConstant=*/false,
                                         LLVM::Linkage::Appending,
                                         "llvm.compiler.used", Attribute());
    global.setSection(StringRef("llvm.metadata"));
    Block *init = rewriter.createBlock(&global.getInitializerRegion());
    rewriter.setInsertionPointToStart(init);
    Value array = LLVM::UndefOp::create(rewriter, loc, arrayType);
    for (auto [i, name] : llvm::enumerate(names)) {
      Value addr = LLVM::AddressOfOp::create(rewriter, loc, ptr, name);
      array = LLVM::InsertValueOp::create(rewriter, loc, array, addr,
                                          ArrayRef<int64_t>{static_cast<int64_t>(i)});
    }
    LLVM::ReturnOp::create(rewriter, loc, array);
  }

  SmallVector<std::string> vectorFunctions;
};

} // namespace
