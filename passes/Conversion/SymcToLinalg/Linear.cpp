//===- Linear.cpp - symc products to BLAS calls and linalg loops ----------===//
//
// Lowers dot, batched_dot, outer, gemm, gemv and ger. Float (f32/f64)
// products call the BLAS glue of runtime/CRuntime.h (symc_rt_gemm_f64, ...):
// each operand tensor is turned into its buffer with a read-only
// `bufferization.to_buffer` of fully dynamic strided layout, so that after
// bufferization the call receives the real base pointer (aligned pointer +
// offset, from memref.extract_strided_metadata) and the real row/column
// strides of whatever buffer one-shot bufferization chose, views included.
// An operand that is a transposed matrix (dimshuffle [1, 0]) is read
// through a memref.transpose view of the matrix's buffer: no copy.
// The result is a fresh memref.alloc turned back into a tensor with
// `bufferization.to_tensor restrict writable`. The glue is never called
// with an empty dimension: such products are zero fills (or beta * C) in the
// generated code. Integer products and outer
// products become linalg.generic loops whose innermost loop walks the
// contiguous dimension. Contracted sizes that are dynamic are checked at
// run time.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"
#include "passes/Conversion/SymcToLinalg/ScalarOps.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"


using namespace mlir;
using namespace mlir::symc;

namespace {

//===----------------------------------------------------------------------===//
// Buffers for BLAS calls
//===----------------------------------------------------------------------===//

/// A buffer as BLAS sees it: a typed base pointer and strides in elements.
struct StridedBuffer {
  Value ptr;
  SmallVector<Value> strides; // i64
};

/// The base pointer (aligned pointer + offset) and i64 strides of `memref`.
StridedBuffer describeBuffer(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  Type i64 = b.getI64Type();
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, memref);
  Value aligned = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
  Value base = LLVM::IntToPtrOp::create(
      b, loc, ptrType,
      ValueRange{arith::IndexCastOp::create(b, loc, i64, aligned)});
  Value offset = arith::IndexCastOp::create(b, loc, i64, metadata.getOffset());
  StridedBuffer buffer;
  buffer.ptr = LLVM::GEPOp::create(b, loc, ptrType, type.getElementType(), base,
                                   ValueRange{offset});
  for (Value stride : metadata.getStrides())
    buffer.strides.push_back(arith::IndexCastOp::create(b, loc, i64, stride));
  return buffer;
}

/// The matrix a 2-D tensor transposes, when it is the result of a
/// linalg.generic that only copies its one input with the dimensions
/// swapped (what dimshuffle [1, 0] lowers to); null otherwise.
Value transposedMatrix(Value tensor) {
  if (auto cast = tensor.getDefiningOp<tensor::CastOp>())
    tensor = cast.getSource();
  auto generic = tensor.getDefiningOp<linalg::GenericOp>();
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || generic.getNumLoops() != 2 ||
      !generic.isAllParallelLoops())
    return {};
  OpOperand *input = generic.getDpsInputOperand(0);
  OpOperand *init = generic.getDpsInitOperand(0);
  MLIRContext *ctx = generic.getContext();
  AffineMap swap = AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0}, ctx);
  if (generic.getMatchingIndexingMap(input) != swap ||
      !generic.getMatchingIndexingMap(init).isIdentity() ||
      generic.payloadUsesValueFromOperand(init))
    return {};
  Block &body = generic.getRegion().front();
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || &body.front() != yield.getOperation() ||
      yield.getValues().front() != body.getArgument(0))
    return {};
  return input->get();
}

/// The buffer of a tensor operand, read only. A transposed matrix is read
/// through a transposed view of the matrix's own buffer (BLAS takes any
/// row/column strides), so the transpose is never copied.
StridedBuffer bufferOf(OpBuilder &b, Location loc, Value tensor) {
  if (Value matrix = transposedMatrix(tensor)) {
    AffineMap swap =
        AffineMap::getPermutationMap(ArrayRef<unsigned>{1, 0}, b.getContext());
    Value view = memref::TransposeOp::create(
        b, loc, readOnlyBuffer(b, loc, matrix), AffineMapAttr::get(swap));
    return describeBuffer(b, loc, view);
  }
  return describeBuffer(b, loc, readOnlyBuffer(b, loc, tensor));
}

/// A fresh contiguous buffer for a product's result.
Value allocResult(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes,
                  Type elem) {
  SmallVector<int64_t> shape;
  SmallVector<Value> dynamic;
  for (OpFoldResult size : sizes) {
    if (std::optional<int64_t> c = getConstantIntValue(size)) {
      shape.push_back(*c);
    } else {
      shape.push_back(ShapedType::kDynamic);
      dynamic.push_back(cast<Value>(size));
    }
  }
  return memref::AllocOp::create(b, loc, MemRefType::get(shape, elem), dynamic,
                                 b.getI64IntegerAttr(64));
}

/// The tensor holding a buffer a BLAS call wrote.
Value tensorOf(OpBuilder &b, Location loc, Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  auto tensorType = RankedTensorType::get(type.getShape(), type.getElementType());
  return bufferization::ToTensorOp::create(b, loc, tensorType, memref,
                                           b.getUnitAttr(), b.getUnitAttr());
}

/// "f32" or "f64".
std::string suffix(Type elem) { return elem.isF32() ? "f32" : "f64"; }

/// Calls runtime function `name` (declared on first use) for effect.
Value callRuntime(OpBuilder &b, Operation *op, StringRef name,
                  ArrayRef<Value> args, TypeRange results = {}) {
  SmallVector<Type> argTypes;
  for (Value arg : args)
    argTypes.push_back(arg.getType());
  auto type = b.getFunctionType(argTypes, results);
  func::FuncOp callee = getOrDeclareFunction(b, op, name, type);
  auto call = func::CallOp::create(b, op->getLoc(), callee, args);
  return results.empty() ? Value() : call.getResult(0);
}

Value i64Of(OpBuilder &b, Location loc, OpFoldResult size) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), toIndex(b, loc, size));
}

Value i64Constant(OpBuilder &b, Location loc, int64_t v) {
  return scalarConstant(b, loc, b.getI64Type(), v);
}

/// Offsets a typed pointer by `elements`.
Value offsetPtr(OpBuilder &b, Location loc, Value ptr, Type elem,
                Value elements) {
  return LLVM::GEPOp::create(b, loc, ptr.getType(), elem, ptr,
                             ValueRange{elements});
}

/// True (i1) when every i64 size is nonzero.
Value allNonzero(OpBuilder &b, Location loc, ArrayRef<Value> sizes) {
  Value zero = i64Constant(b, loc, 0);
  Value all;
  for (Value size : sizes) {
    Value nz = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, size, zero);
    all = all ? arith::AndIOp::create(b, loc, all, nz).getResult() : nz;
  }
  return all;
}

/// Runs `call` when every size is nonzero, else `empty` (when given): the
/// BLAS glue is never called with an empty dimension, so it need not care
/// about leading dimensions of empty matrices.
void guardedCall(OpBuilder &b, Location loc, ArrayRef<Value> sizes,
                 function_ref<void(OpBuilder &, Location)> call,
                 function_ref<void(OpBuilder &, Location)> empty = nullptr) {
  auto thenBuilder = [&](OpBuilder &nb, Location nl) {
    call(nb, nl);
    scf::YieldOp::create(nb, nl);
  };
  if (!empty) {
    scf::IfOp::create(b, loc, allNonzero(b, loc, sizes), thenBuilder);
    return;
  }
  scf::IfOp::create(b, loc, allNonzero(b, loc, sizes), thenBuilder,
                    [&](OpBuilder &nb, Location nl) {
                      empty(nb, nl);
                      scf::YieldOp::create(nb, nl);
                    });
}

/// Zeroes a buffer (the product of an empty contraction).
void zeroBuffer(OpBuilder &b, Location loc, Value out) {
  Type elem = cast<MemRefType>(out.getType()).getElementType();
  linalg::FillOp::create(b, loc, ValueRange{scalarConstant(b, loc, elem, 0.0)},
                         ValueRange{out});
}

/// out = beta == 0 ? 0 : beta * out over a buffer: what BLAS computes for an
/// empty contraction (beta == 0 ignores the old contents, NaN included).
void scaleBuffer(OpBuilder &b, Location loc, Value out, Value beta) {
  auto type = cast<MemRefType>(out.getType());
  Value zero = scalarConstant(b, loc, type.getElementType(), 0.0);
  Value betaIsZero =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, beta, zero);
  linalg::GenericOp::create(
      b, loc, ValueRange{}, ValueRange{out},
      {b.getMultiDimIdentityMap(type.getRank())},
      SmallVector<utils::IteratorType>(type.getRank(),
                                       utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value scaled = arith::MulFOp::create(nb, nl, beta, args[0]);
        linalg::YieldOp::create(
            nb, nl, Value(arith::SelectOp::create(nb, nl, betaIsZero, zero, scaled)));
      });
}

//===----------------------------------------------------------------------===//
// Integer products as loops
//===----------------------------------------------------------------------===//

/// A contraction as a linalg.generic over `loops` dimensions whose kinds are
/// `iterators`, accumulating lhs * rhs into a zero-filled result.
Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       ArrayRef<OpFoldResult> resultShape, int64_t loops,
                       ArrayRef<utils::IteratorType> iterators,
                       ArrayRef<AffineExpr> lhsExprs,
                       ArrayRef<AffineExpr> rhsExprs,
                       ArrayRef<AffineExpr> outExprs) {
  MLIRContext *ctx = b.getContext();
  Type elem = cast<RankedTensorType>(lhs.getType()).getElementType();
  Value init = filledTensor(b, loc, resultShape, scalarConstant(b, loc, elem, 0));
  SmallVector<AffineMap> maps = {AffineMap::get(loops, 0, lhsExprs, ctx),
                                 AffineMap::get(loops, 0, rhsExprs, ctx),
                                 AffineMap::get(loops, 0, outExprs, ctx)};
  auto generic = linalg::GenericOp::create(
      b, loc, init.getType(), ValueRange{lhs, rhs}, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value p = scalar::mul(nb, nl, args[0], args[1]);
        linalg::YieldOp::create(nb, nl, scalar::reductionAdd(nb, nl, args[2], p));
      });
  return generic.getResult(0);
}

//===----------------------------------------------------------------------===//
// dot
//===----------------------------------------------------------------------===//

/// dot(a, b) for ranks 1-2 => symc_rt_dot/gemv/gemm (floats) or a
/// contraction loop (integers), after checking the contracted sizes.
struct DotLowering : OpConversionPattern<DotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(DotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    int64_t lr = op.getLhs().getType().getRank(),
            rr = op.getRhs().getType().getRank();
    Type elem = convertElementType(op.getLhs().getType().getElementType());
    OpFoldResult lk = getDimSize(rewriter, loc, lhs, lr - 1),
                 rk = getDimSize(rewriter, loc, rhs, 0);
    emitSizeEqualityCheck(rewriter, op, lk, rk,
                          "contracted sizes differ: lhs has {0} columns but "
                          "rhs has {1} rows");
    SmallVector<OpFoldResult> shape;
    if (lr == 2)
      shape.push_back(getDimSize(rewriter, loc, lhs, 0));
    if (rr == 2)
      shape.push_back(getDimSize(rewriter, loc, rhs, 1));

    Value result;
    if (isa<FloatType>(elem))
      result = lowerFloat(rewriter, op, lhs, rhs, lr, rr, lk, shape, elem);
    else
      result = lowerInteger(rewriter, loc, lhs, rhs, lr, rr, shape);
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }

  static Value lowerInteger(OpBuilder &b, Location loc, Value lhs, Value rhs,
                            int64_t lr, int64_t rr,
                            ArrayRef<OpFoldResult> shape) {
    MLIRContext *ctx = b.getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    using It = utils::IteratorType;
    if (lr == 1 && rr == 1)
      return buildContraction(b, loc, lhs, rhs, shape, 1, {It::reduction},
                              {d(0)}, {d(0)}, {});
    if (lr == 2 && rr == 1) // (i, k)
      return buildContraction(b, loc, lhs, rhs, shape, 2,
                              {It::parallel, It::reduction}, {d(0), d(1)},
                              {d(1)}, {d(0)});
    if (lr == 1 && rr == 2) // (k, j)
      return buildContraction(b, loc, lhs, rhs, shape, 2,
                              {It::reduction, It::parallel}, {d(0)},
                              {d(0), d(1)}, {d(1)});
    // (i, k, j): j innermost, contiguous in rhs and the result.
    return buildContraction(b, loc, lhs, rhs, shape, 3,
                            {It::parallel, It::reduction, It::parallel},
                            {d(0), d(1)}, {d(1), d(2)}, {d(0), d(2)});
  }

  static Value lowerFloat(OpBuilder &b, Operation *op, Value lhs, Value rhs,
                          int64_t lr, int64_t rr, OpFoldResult k,
                          ArrayRef<OpFoldResult> shape, Type elem) {
    Location loc = op->getLoc();
    std::string sfx = suffix(elem);
    Value one = scalarConstant(b, loc, elem, 1.0),
          zero = scalarConstant(b, loc, elem, 0.0);
    Value i0 = i64Constant(b, loc, 0), i1 = i64Constant(b, loc, 1);
    StridedBuffer a = bufferOf(b, loc, lhs), c = bufferOf(b, loc, rhs);
    Value kk = i64Of(b, loc, k);
    if (lr == 1 && rr == 1) {
      // An empty dot product is 0.
      auto ifOp = scf::IfOp::create(
          b, loc, allNonzero(b, loc, {kk}),
          [&](OpBuilder &nb, Location nl) {
            Value r = callRuntime(nb, op, "symc_rt_dot_" + sfx,
                                  {kk, a.ptr, a.strides[0], c.ptr, c.strides[0]},
                                  {elem});
            scf::YieldOp::create(nb, nl, r);
          },
          [&](OpBuilder &nb, Location nl) { scf::YieldOp::create(nb, nl, zero); });
      return tensor::FromElementsOp::create(
          b, loc, RankedTensorType::get({}, elem), ValueRange{ifOp.getResult(0)});
    }
    Value out = allocResult(b, loc, shape, elem);
    StridedBuffer o = describeBuffer(b, loc, out);
    auto empty = [&](OpBuilder &nb, Location nl) { zeroBuffer(nb, nl, out); };
    if (lr == 2 && rr == 1) {
      Value m = i64Of(b, loc, shape[0]);
      guardedCall(b, loc, {m, kk}, [&](OpBuilder &nb, Location) {
        callRuntime(nb, op, "symc_rt_gemv_" + sfx,
                    {i0, m, kk, one, a.ptr, a.strides[0], a.strides[1], c.ptr,
                     c.strides[0], zero, o.ptr, i1});
      }, empty);
    } else if (lr == 1 && rr == 2) {
      // x (k) . B (k, n) = B^T x: gemv with A = B stored k x n, transposed.
      Value n = i64Of(b, loc, shape[0]);
      guardedCall(b, loc, {n, kk}, [&](OpBuilder &nb, Location) {
        callRuntime(nb, op, "symc_rt_gemv_" + sfx,
                    {i1, kk, n, one, c.ptr, c.strides[0], c.strides[1], a.ptr,
                     a.strides[0], zero, o.ptr, i1});
      }, empty);
    } else {
      Value m = i64Of(b, loc, shape[0]), n = i64Of(b, loc, shape[1]);
      guardedCall(b, loc, {m, n, kk}, [&](OpBuilder &nb, Location) {
        callRuntime(nb, op, "symc_rt_gemm_" + sfx,
                    {i0, i0, m, n, kk, one, a.ptr, a.strides[0], a.strides[1],
                     c.ptr, c.strides[0], c.strides[1], zero, o.ptr,
                     o.strides[0], o.strides[1]});
      }, empty);
    }
    return tensorOf(b, loc, out);
  }
};

//===----------------------------------------------------------------------===//
// batched_dot
//===----------------------------------------------------------------------===//

/// batched_dot(a, b) => one symc_rt_gemm per batch in an scf.for (floats;
/// a static batch size of 1 reuses the same matrix) or a contraction loop.
struct BatchedDotLowering : OpConversionPattern<BatchedDotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(BatchedDotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lt = cast<RankedTensorType>(lhs.getType()),
         rt = cast<RankedTensorType>(rhs.getType());
    Type elem = lt.getElementType();
    bool lhsBroadcast = lt.getDimSize(0) == 1, rhsBroadcast = rt.getDimSize(0) == 1;
    OpFoldResult k = getDimSize(rewriter, loc, lhs, 2);
    emitSizeEqualityCheck(rewriter, op, k, getDimSize(rewriter, loc, rhs, 1),
                          "contracted sizes differ: lhs has {0} columns but "
                          "rhs has {1} rows");
    if (!lhsBroadcast && !rhsBroadcast)
      emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, lhs, 0),
                            getDimSize(rewriter, loc, rhs, 0),
                            "batch sizes {0} and {1} differ (only a static "
                            "size 1 broadcasts)");
    FailureOr<SmallVector<OpFoldResult>> shape =
        reifyResultShape(rewriter, op, adaptor.getOperands());
    if (failed(shape))
      return failure();

    Value result;
    if (!isa<FloatType>(elem)) {
      MLIRContext *ctx = rewriter.getContext();
      auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
      AffineExpr zero = getAffineConstantExpr(0, ctx);
      using It = utils::IteratorType;
      // (b, i, k, j): j innermost.
      result = buildContraction(
          rewriter, loc, lhs, rhs, *shape, 4,
          {It::parallel, It::parallel, It::reduction, It::parallel},
          {lhsBroadcast ? zero : d(0), d(1), d(2)},
          {rhsBroadcast ? zero : d(0), d(2), d(3)}, {d(0), d(1), d(3)});
      rewriter.replaceOp(op, castToResultType(rewriter, op, result));
      return success();
    }

    std::string name = "symc_rt_gemm_" + suffix(elem);
    StridedBuffer a = bufferOf(rewriter, loc, lhs), c = bufferOf(rewriter, loc, rhs);
    Value out = allocResult(rewriter, loc, *shape, elem);
    StridedBuffer o = describeBuffer(rewriter, loc, out);
    Value m = i64Of(rewriter, loc, (*shape)[1]), n = i64Of(rewriter, loc, (*shape)[2]);
    Value kk = i64Of(rewriter, loc, k);
    Value one = scalarConstant(rewriter, loc, elem, 1.0),
          zeroF = scalarConstant(rewriter, loc, elem, 0.0);
    Value i0 = i64Constant(rewriter, loc, 0);
    // An empty contraction gives zeros; empty matrices need no call.
    guardedCall(rewriter, loc, {kk}, [](OpBuilder &, Location) {},
                [&](OpBuilder &nb, Location nl) { zeroBuffer(nb, nl, out); });
    scf::ForOp::create(
        rewriter, loc, indexConstant(rewriter, loc, 0),
        toIndex(rewriter, loc, (*shape)[0]), indexConstant(rewriter, loc, 1),
        ValueRange{}, [&](OpBuilder &b, Location l, Value batch, ValueRange) {
          Value bi = arith::IndexCastOp::create(b, l, b.getI64Type(), batch);
          auto at = [&](const StridedBuffer &buf, bool broadcast) {
            if (broadcast)
              return buf.ptr;
            return offsetPtr(b, l, buf.ptr, elem,
                             arith::MulIOp::create(b, l, bi, buf.strides[0]));
          };
          guardedCall(b, l, {m, n, kk}, [&](OpBuilder &nb, Location) {
            callRuntime(nb, op, name,
                        {i0, i0, m, n, kk, one, at(a, lhsBroadcast), a.strides[1],
                         a.strides[2], at(c, rhsBroadcast), c.strides[1],
                         c.strides[2], zeroF, at(o, false), o.strides[1],
                         o.strides[2]});
          });
          scf::YieldOp::create(b, l);
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, tensorOf(rewriter, loc, out)));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// outer
//===----------------------------------------------------------------------===//

/// outer(u, v) => linalg.generic u[i] * v[j] (fusible with its consumers).
struct OuterLowering : OpConversionPattern<OuterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(OuterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    SmallVector<OpFoldResult> shape = {getDimSize(rewriter, loc, lhs, 0),
                                       getDimSize(rewriter, loc, rhs, 0)};
    Type elem = cast<RankedTensorType>(lhs.getType()).getElementType();
    Value result = buildParallelGeneric(
        rewriter, loc, ValueRange{lhs, rhs},
        {AffineMap::get(2, 0, getAffineDimExpr(0, ctx)),
         AffineMap::get(2, 0, getAffineDimExpr(1, ctx))},
        shape, elem, [](OpBuilder &b, Location l, ValueRange args) {
          return scalar::mul(b, l, args[0], args[1]);
        });
    rewriter.replaceOp(op, castToResultType(rewriter, op, result));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// gemm, gemv, ger
//===----------------------------------------------------------------------===//

/// A fresh buffer holding a copy of `tensor` (the accumulator BLAS updates in
/// place; the op's operand itself stays unchanged).
Value copyToFreshBuffer(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  Value out = allocResult(b, loc, getShape(b, loc, tensor), type.getElementType());
  // An empty accumulator has no contents to copy (the specializer builds
  // gemm(.., beta = 0, tensor.empty) for plain products; BLAS reads no C
  // when beta is 0).
  if (tensor.getDefiningOp<tensor::EmptyOp>())
    return out;
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  auto layout = StridedLayoutAttr::get(b.getContext(), ShapedType::kDynamic, strides);
  Value source = readBuffer(
      b, loc, MemRefType::get(type.getShape(), type.getElementType(), layout),
      tensor);
  memref::CopyOp::create(b, loc, source, out);
  return out;
}

/// gemm(alpha, A, B, beta, C) => copy C, then symc_rt_gemm in place.
struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = adaptor.getA(), bm = adaptor.getB(), c = adaptor.getC();
    bool ta = op.getTransposeA(), tb = op.getTransposeB();
    Type elem = cast<RankedTensorType>(c.getType()).getElementType();
    OpFoldResult m = getDimSize(rewriter, loc, a, ta ? 1 : 0),
                 k = getDimSize(rewriter, loc, a, ta ? 0 : 1),
                 k2 = getDimSize(rewriter, loc, bm, tb ? 1 : 0),
                 n = getDimSize(rewriter, loc, bm, tb ? 0 : 1);
    emitSizeEqualityCheck(rewriter, op, k, k2,
                          "contracted sizes differ: op(a) has {0} columns but "
                          "op(b) has {1} rows");
    emitSizeEqualityCheck(rewriter, op, m, getDimSize(rewriter, loc, c, 0),
                          "op(a) has {0} rows but c has {1}");
    emitSizeEqualityCheck(rewriter, op, n, getDimSize(rewriter, loc, c, 1),
                          "op(b) has {0} columns but c has {1}");
    Value out = copyToFreshBuffer(rewriter, loc, c);
    StridedBuffer ab = bufferOf(rewriter, loc, a), bb = bufferOf(rewriter, loc, bm),
                  ob = describeBuffer(rewriter, loc, out);
    Value mm = i64Of(rewriter, loc, m), nn = i64Of(rewriter, loc, n),
          kk = i64Of(rewriter, loc, k);
    Value alpha = scalarOf(rewriter, loc, adaptor.getAlpha()),
          beta = scalarOf(rewriter, loc, adaptor.getBeta());
    guardedCall(
        rewriter, loc, {mm, nn, kk},
        [&](OpBuilder &b, Location) {
          callRuntime(b, op, "symc_rt_gemm_" + suffix(elem),
                      {i64Constant(b, loc, ta), i64Constant(b, loc, tb), mm, nn,
                       kk, alpha, ab.ptr, ab.strides[0], ab.strides[1], bb.ptr,
                       bb.strides[0], bb.strides[1], beta, ob.ptr,
                       ob.strides[0], ob.strides[1]});
        },
        [&](OpBuilder &b, Location l) { scaleBuffer(b, l, out, beta); });
    rewriter.replaceOp(op, castToResultType(rewriter, op, tensorOf(rewriter, loc, out)));
    return success();
  }
};

/// gemv(alpha, A, x, beta, y) => copy y, then symc_rt_gemv in place.
struct GemvLowering : OpConversionPattern<GemvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value a = adaptor.getA(), x = adaptor.getX(), y = adaptor.getY();
    bool ta = op.getTransposeA();
    Type elem = cast<RankedTensorType>(y.getType()).getElementType();
    OpFoldResult rows = getDimSize(rewriter, loc, a, 0),
                 cols = getDimSize(rewriter, loc, a, 1);
    emitSizeEqualityCheck(rewriter, op, ta ? rows : cols,
                          getDimSize(rewriter, loc, x, 0),
                          "op(a) has {0} columns but x has {1} elements");
    emitSizeEqualityCheck(rewriter, op, ta ? cols : rows,
                          getDimSize(rewriter, loc, y, 0),
                          "op(a) has {0} rows but y has {1} elements");
    Value out = copyToFreshBuffer(rewriter, loc, y);
    StridedBuffer ab = bufferOf(rewriter, loc, a), xb = bufferOf(rewriter, loc, x),
                  ob = describeBuffer(rewriter, loc, out);
    Value r = i64Of(rewriter, loc, rows), c = i64Of(rewriter, loc, cols);
    Value alpha = scalarOf(rewriter, loc, adaptor.getAlpha()),
          beta = scalarOf(rewriter, loc, adaptor.getBeta());
    guardedCall(
        rewriter, loc, {r, c},
        [&](OpBuilder &b, Location) {
          callRuntime(b, op, "symc_rt_gemv_" + suffix(elem),
                      {i64Constant(b, loc, ta), r, c, alpha, ab.ptr,
                       ab.strides[0], ab.strides[1], xb.ptr, xb.strides[0], beta,
                       ob.ptr, ob.strides[0]});
        },
        [&](OpBuilder &b, Location l) { scaleBuffer(b, l, out, beta); });
    rewriter.replaceOp(op, castToResultType(rewriter, op, tensorOf(rewriter, loc, out)));
    return success();
  }
};

/// ger(alpha, x, y, A) => copy A, then symc_rt_ger in place.
struct GerLowering : OpConversionPattern<GerOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getX(), y = adaptor.getY(), a = adaptor.getA();
    Type elem = cast<RankedTensorType>(a.getType()).getElementType();
    OpFoldResult m = getDimSize(rewriter, loc, a, 0),
                 n = getDimSize(rewriter, loc, a, 1);
    emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, x, 0), m,
                          "x has {0} elements but a has {1} rows");
    emitSizeEqualityCheck(rewriter, op, getDimSize(rewriter, loc, y, 0), n,
                          "y has {0} elements but a has {1} columns");
    Value out = copyToFreshBuffer(rewriter, loc, a);
    StridedBuffer xb = bufferOf(rewriter, loc, x), yb = bufferOf(rewriter, loc, y),
                  ob = describeBuffer(rewriter, loc, out);
    Value mm = i64Of(rewriter, loc, m), nn = i64Of(rewriter, loc, n);
    Value alpha = scalarOf(rewriter, loc, adaptor.getAlpha());
    guardedCall(rewriter, loc, {mm, nn}, [&](OpBuilder &b, Location) {
      callRuntime(b, op, "symc_rt_ger_" + suffix(elem),
                  {mm, nn, alpha, xb.ptr, xb.strides[0], yb.ptr, yb.strides[0],
                   ob.ptr, ob.strides[0], ob.strides[1]});
    });
    rewriter.replaceOp(op, castToResultType(rewriter, op, tensorOf(rewriter, loc, out)));
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcLinearToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<DotLowering, BatchedDotLowering, OuterLowering, GemmLowering,
               GemvLowering, GerLowering>(converter, patterns.getContext());
}
