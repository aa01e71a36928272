//===- Random.cpp - Philox4x32-10 lowering of the random draws ------------===//
//
// Writes the counter-based generator of the random ops in arith: each
// element of a draw computes its own Philox4x32-10 block from the state's
// key and the state's 128-bit counter plus the element's row-major position
// (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11; the
// round constants and key schedule are Random123's). Elements are therefore
// independent, which keeps draws parallel linalg.generic ops whose numbers do
// not depend on loop order, vectorization or threads. The permutation is a
// sequential Fisher-Yates loop (scf.for over the tensor). Every draw returns
// the next state [key, counter_lo, counter_hi + 1].
//
// The frontend's reference evaluation (symc/tensor/random/philox.py)
// implements the same functions in NumPy; the two must stay bit-identical
// for uniform, bits and permutation (normal differs only by the rounding of
// log, sqrt and cos).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"
#include "passes/Conversion/SymcToLinalg/PopulatePatterns.h"

#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <array>
#include <cmath>

using namespace mlir;
using namespace mlir::symc;

namespace {

using Words = std::array<Value, 4>;

Value i32Const(OpBuilder &b, Location loc, uint32_t v) {
  return arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(static_cast<int32_t>(v)));
}

Value i64Const(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
}

/// The low and high 32-bit halves of an i64.
std::pair<Value, Value> split64(OpBuilder &b, Location loc, Value v) {
  Type i32 = b.getI32Type();
  Value lo = arith::TruncIOp::create(b, loc, i32, v);
  Value shifted = arith::ShRUIOp::create(b, loc, v, i64Const(b, loc, 32));
  Value hi = arith::TruncIOp::create(b, loc, i32, shifted);
  return {lo, hi};
}

/// (hi << 32) | lo as an i64.
Value join64(OpBuilder &b, Location loc, Value lo, Value hi) {
  Type i64 = b.getI64Type();
  Value l = arith::ExtUIOp::create(b, loc, i64, lo);
  Value h = arith::ExtUIOp::create(b, loc, i64, hi);
  return arith::OrIOp::create(
      b, loc, arith::ShLIOp::create(b, loc, h, i64Const(b, loc, 32)), l);
}

/// Philox4x32-10 of counter `c` under key (k0, k1), all i32 values: ten
/// rounds of two 32x32->64 multiplications, with the Weyl key schedule
/// between rounds (Random123's philox4x32_R).
Words philox4x32_10(OpBuilder &b, Location loc, Words c, Value k0, Value k1) {
  Value m0 = i32Const(b, loc, 0xD2511F53u), m1 = i32Const(b, loc, 0xCD9E8D57u);
  Value w0 = i32Const(b, loc, 0x9E3779B9u), w1 = i32Const(b, loc, 0xBB67AE85u);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = arith::AddIOp::create(b, loc, k0, w0);
      k1 = arith::AddIOp::create(b, loc, k1, w1);
    }
    auto p0 = arith::MulUIExtendedOp::create(b, loc, m0, c[0]);
    auto p1 = arith::MulUIExtendedOp::create(b, loc, m1, c[2]);
    Value x0 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p1.getHigh(), c[1]), k0);
    Value x2 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p0.getHigh(), c[3]), k1);
    c = {x0, p1.getLow(), x2, p0.getLow()};
  }
  return c;
}

/// The generator state split into the key words and the 128-bit counter.
struct State {
  Value key, lo, hi; // i64 each
};

State readState(OpBuilder &b, Location loc, Value state) {
  auto at = [&](int64_t i) -> Value {
    return tensor::ExtractOp::create(b, loc, state,
                                     ValueRange{indexConstant(b, loc, i)});
  };
  return {at(0), at(1), at(2)};
}

/// [key, counter_lo, counter_hi + 1]: the state of the next draw.
Value nextState(OpBuilder &b, Location loc, const State &s) {
  Value hi = arith::AddIOp::create(b, loc, s.hi, i64Const(b, loc, 1));
  return tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({3}, b.getI64Type()),
      ValueRange{s.key, s.lo, hi});
}

/// The Philox block at counter (hi:lo) + offset (an i64 read as unsigned),
/// with the carry into the high half.
Words blockAt(OpBuilder &b, Location loc, const State &s, Value offset) {
  Value lo = arith::AddIOp::create(b, loc, s.lo, offset);
  Value carry = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, lo, s.lo);
  Value hi = arith::AddIOp::create(
      b, loc, s.hi, arith::ExtUIOp::create(b, loc, b.getI64Type(), carry));
  auto [c0, c1] = split64(b, loc, lo);
  auto [c2, c3] = split64(b, loc, hi);
  auto [k0, k1] = split64(b, loc, s.key);
  return philox4x32_10(b, loc, {c0, c1, c2, c3}, k0, k1);
}

/// A uniform float in [0, 1) from one word (f32: its top 24 bits) or two
/// (f64: the top 53 bits of hi:lo).
Value uniformFrom(OpBuilder &b, Location loc, FloatType type, Value lo, Value hi) {
  if (type.getWidth() == 32) {
    Value bits = arith::ShRUIOp::create(b, loc, lo, i32Const(b, loc, 8));
    Value f = arith::UIToFPOp::create(b, loc, type, bits);
    return arith::MulFOp::create(b, loc, f, scalarConstant(b, loc, type, std::ldexp(1.0, -24)));
  }
  Value bits = arith::ShRUIOp::create(b, loc, join64(b, loc, lo, hi), i64Const(b, loc, 11));
  Value f = arith::UIToFPOp::create(b, loc, type, bits);
  return arith::MulFOp::create(b, loc, f, scalarConstant(b, loc, type, std::ldexp(1.0, -53)));
}

/// `value` cast to the converted type of the sample (result 1) of `op`.
Value castToSampleType(OpBuilder &b, Operation *op, Value value) {
  RankedTensorType type = convertTensorType(op->getResult(1).getType());
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, op->getLoc(), type, value);
}

/// The row-major position of the current linalg.generic element, as i64.
Value linearIndex(OpBuilder &b, Location loc, ArrayRef<OpFoldResult> sizes) {
  Value flat = indexConstant(b, loc, 0);
  for (auto [d, size] : llvm::enumerate(sizes)) {
    Value i = linalg::IndexOp::create(b, loc, d);
    flat = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, flat, toIndex(b, loc, size)), i);
  }
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), flat);
}

/// Sizes of a draw from its shape operand, checked non-negative and
/// against static result sizes.
SmallVector<OpFoldResult> drawSizes(OpBuilder &b, Operation *op, Value shape,
                                    RankedTensorType resultType) {
  Location loc = op->getLoc();
  SmallVector<OpFoldResult> sizes;
  for (int64_t d = 0; d < resultType.getRank(); ++d) {
    Value e = tensor::ExtractOp::create(b, loc, shape,
                                        ValueRange{indexConstant(b, loc, d)});
    Value idx = arith::IndexCastOp::create(b, loc, b.getIndexType(), e);
    if (resultType.isDynamicDim(d)) {
      emitCheck(b, op,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, idx,
                                      indexConstant(b, loc, 0)),
                "size {0} of dimension " + Twine(d) + " is negative", {idx});
      sizes.push_back(idx);
    } else {
      OpFoldResult s = b.getIndexAttr(resultType.getDimSize(d));
      emitSizeEqualityCheck(b, op, idx, s,
                            "the shape gives size {0} to dimension " + Twine(d) +
                                " but the result type says {1}");
      sizes.push_back(s);
    }
  }
  return sizes;
}

/// Lowers a draw whose element i is `element(b, loc, state, i)`.
template <typename OpTy>
LogicalResult lowerDraw(
    OpTy op, Value stateTensor, Value shape, ConversionPatternRewriter &rewriter,
    function_ref<Value(OpBuilder &, Location, const State &, Value)> element) {
  Location loc = op.getLoc();
  RankedTensorType resultType = convertTensorType(op.getResult().getType());
  State state = readState(rewriter, loc, stateTensor);
  SmallVector<OpFoldResult> sizes = drawSizes(rewriter, op, shape, resultType);
  Value result = buildParallelGeneric(
      rewriter, loc, ValueRange{}, {}, sizes, resultType.getElementType(),
      [&](OpBuilder &b, Location l, ValueRange) {
        return element(b, l, state, linearIndex(b, l, sizes));
      });
  SmallVector<Value> results{nextState(rewriter, loc, state),
                             castToSampleType(rewriter, op, result)};
  rewriter.replaceOp(op, results);
  return success();
}

/// random_uniform => linalg.generic of uniformFrom(block(counter + i)).
struct RandomUniformLowering : OpConversionPattern<RandomUniformOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RandomUniformOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<FloatType>(op.getResult().getType().getElementType());
    return lowerDraw(op, adaptor.getState(), adaptor.getShape(), rewriter,
                     [&](OpBuilder &b, Location loc, const State &s, Value i) {
                       Words w = blockAt(b, loc, s, i);
                       return uniformFrom(b, loc, type, w[0], w[1]);
                     });
  }
};

/// random_normal => linalg.generic of Box-Muller on two uniforms of
/// block(counter + i): sqrt(-2 log(1 - u1)) * cos(2 pi u2).
struct RandomNormalLowering : OpConversionPattern<RandomNormalOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RandomNormalOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<FloatType>(op.getResult().getType().getElementType());
    bool f32 = type.getWidth() == 32;
    return lowerDraw(
        op, adaptor.getState(), adaptor.getShape(), rewriter,
        [&](OpBuilder &b, Location loc, const State &s, Value i) {
          Words w = blockAt(b, loc, s, i);
          // f32 takes one word per uniform, f64 two.
          Value u1 = uniformFrom(b, loc, type, w[0], w[1]);
          Value u2 = f32 ? uniformFrom(b, loc, type, w[1], w[2])
                         : uniformFrom(b, loc, type, w[2], w[3]);
          // 1 - u1 lies in (0, 1], so the logarithm is finite.
          Value one = scalarConstant(b, loc, type, 1.0);
          Value lg = math::LogOp::create(b, loc, arith::SubFOp::create(b, loc, one, u1));
          Value r = math::SqrtOp::create(
              b, loc, arith::MulFOp::create(b, loc, scalarConstant(b, loc, type, -2.0), lg));
          Value theta = arith::MulFOp::create(
              b, loc, scalarConstant(b, loc, type, 2.0 * M_PI), u2);
          return arith::MulFOp::create(b, loc, r, math::CosOp::create(b, loc, theta))
              .getResult();
        });
  }
};

/// random_bits => linalg.generic: element i is word i mod 4 of
/// block(counter + i div 4).
struct RandomBitsLowering : OpConversionPattern<RandomBitsOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RandomBitsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    return lowerDraw(
        op, adaptor.getState(), adaptor.getShape(), rewriter,
        [&](OpBuilder &b, Location loc, const State &s, Value i) {
          Value block = arith::ShRUIOp::create(b, loc, i, i64Const(b, loc, 2));
          Value word = arith::AndIOp::create(b, loc, i, i64Const(b, loc, 3));
          Words w = blockAt(b, loc, s, block);
          Value result = w[3];
          for (int k = 2; k >= 0; --k) {
            Value isK = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                              word, i64Const(b, loc, k));
            result = arith::SelectOp::create(b, loc, isK, w[k], result);
          }
          return result;
        });
  }
};

/// random_permutation => iota, then scf.for k in [0, n-1): i = n-1-k,
/// j = r(block(counter + i)) mod (i + 1), swap positions i and j.
struct RandomPermutationLowering : OpConversionPattern<RandomPermutationOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(RandomPermutationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type i64 = rewriter.getI64Type();
    Type indexType = rewriter.getIndexType();
    State state = readState(rewriter, loc, adaptor.getState());
    Value n = scalarOf(rewriter, loc, adaptor.getN());
    emitCheck(rewriter, op,
              arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge, n,
                                    i64Const(rewriter, loc, 0)),
              "the length {0} of the permutation is negative", {n});
    Value nIndex = arith::IndexCastOp::create(
        rewriter, loc, indexType,
        arith::MaxSIOp::create(rewriter, loc, n, i64Const(rewriter, loc, 0)));
    SmallVector<OpFoldResult> sizes{nIndex};
    Value iota = buildParallelGeneric(
        rewriter, loc, ValueRange{}, {}, sizes, i64,
        [&](OpBuilder &b, Location l, ValueRange) {
          return arith::IndexCastOp::create(b, l, b.getI64Type(),
                                            linalg::IndexOp::create(b, l, 0))
              .getResult();
        });
    Value zero = indexConstant(rewriter, loc, 0);
    Value one = indexConstant(rewriter, loc, 1);
    // n - 1 swaps (none for n <= 1).
    Value steps = arith::MaxSIOp::create(
        rewriter, loc, arith::SubIOp::create(rewriter, loc, nIndex, one), zero);
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, steps, one, ValueRange{iota},
        [&](OpBuilder &b, Location l, Value k, ValueRange iterArgs) {
          Value perm = iterArgs[0];
          Value i = arith::SubIOp::create(
              b, l, arith::SubIOp::create(b, l, nIndex, one), k);
          Value i64i = arith::IndexCastOp::create(b, l, b.getI64Type(), i);
          Words w = blockAt(b, l, state, i64i);
          Value r = join64(b, l, w[0], w[1]);
          Value bound = arith::AddIOp::create(b, l, i64i, i64Const(b, l, 1));
          Value j = arith::IndexCastOp::create(
              b, l, b.getIndexType(), arith::RemUIOp::create(b, l, r, bound));
          Value atI = tensor::ExtractOp::create(b, l, perm, ValueRange{i});
          Value atJ = tensor::ExtractOp::create(b, l, perm, ValueRange{j});
          perm = tensor::InsertOp::create(b, l, atJ, perm, ValueRange{i});
          perm = tensor::InsertOp::create(b, l, atI, perm, ValueRange{j});
          scf::YieldOp::create(b, l, perm);
        });
    SmallVector<Value> results{nextState(rewriter, loc, state),
                               castToSampleType(rewriter, op, loop.getResult(0))};
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mlir::symc::populateSymcRandomToLinalgPatterns(const TypeConverter &converter,
                                                    RewritePatternSet &patterns) {
  patterns.add<RandomUniformLowering, RandomNormalLowering, RandomBitsLowering,
               RandomPermutationLowering>(converter, patterns.getContext());
}
