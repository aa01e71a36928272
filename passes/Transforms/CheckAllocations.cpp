//===- CheckAllocations.cpp - run-time checks of heap allocations ---------===//
//
// Implements symc-check-allocations: each memref.alloc of a public function
// is preceded by a check that its size in bytes fits and followed by a check
// that the allocator returned memory. Both are symc.check ops, which
// symc-lower-checks turns into early returns like every other check: the
// call then fails with a Python exception and the runtime frees what it
// allocated. Without them, sizes that come from the caller's arrays
// (alloc(0.0, n, n), arange(n)) either wrap around in the byte count, so
// that a small buffer receives a huge array, or ask for more memory than
// the system has, so that the code writes through a null pointer: both
// crashed the user's process.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcOps.h"
#include "passes/Conversion/SymcToLinalg/LoweringUtils.h"

#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace mlir::symc {
#define GEN_PASS_DEF_CHECKALLOCATIONSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The largest buffer accepted, in bytes: far more than any machine has,
/// far less than where the byte count (and the allocator's alignment
/// padding) wraps around in 64 bits.
constexpr uint64_t kMaxBytes = uint64_t(1) << 62;

/// symc.check passes at most this many values to the runtime.
constexpr unsigned kMaxValues = 4;

/// "(3, {0}, {1})": the shape, with the check's placeholders for the first
/// dynamic sizes ("?" past the fourth); "(n,)" for rank 1, as NumPy writes it.
std::string shapeText(MemRefType type) {
  std::string out = "(";
  unsigned dynamic = 0;
  for (auto [i, size] : llvm::enumerate(type.getShape())) {
    if (i != 0)
      out += ", ";
    if (!ShapedType::isDynamic(size))
      out += std::to_string(size);
    else if (dynamic < kMaxValues)
      out += "{" + std::to_string(dynamic++) + "}";
    else
      out += "?";
  }
  return out + (type.getRank() == 1 ? ",)" : ")");
}

std::string typeText(Type type) {
  std::string out;
  llvm::raw_string_ostream os(out);
  type.print(os);
  return escapeBraces(out);
}

struct CheckAllocationsPass
    : symc::impl::CheckAllocationsPassBase<CheckAllocationsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    // A check's early return reaches the runtime only from the function the
    // runtime calls; a private function's caller would carry on.
    if (func.isExternal() || func.isPrivate())
      return;
    SmallVector<memref::AllocOp> allocs;
    func.walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    const DataLayout &layout = DataLayout::closest(func);
    for (memref::AllocOp alloc : allocs)
      check(alloc, layout);
  }

  void check(memref::AllocOp alloc, const DataLayout &layout) {
    MemRefType type = alloc.getType();
    Location loc = alloc.getLoc();
    std::string where = escapeBraces(describeLocation(loc));
    std::string what = "an array of shape " + shapeText(type) +
                       " and element type " +
                       typeText(type.getElementType()) +
                       (where.empty() ? "" : " (at " + where + ")");
    ValueRange sizes = alloc.getDynamicSizes();
    SmallVector<Value> shown(sizes.take_front(kMaxValues));

    OpBuilder b(alloc);
    // bytes = element size * static sizes * dynamic sizes, each product
    // exact in 128 bits (a size read as unsigned: a negative one is huge).
    uint64_t staticBytes = layout.getTypeSize(type.getElementType());
    bool staticTooBig = false;
    for (int64_t size : type.getShape())
      if (!ShapedType::isDynamic(size))
        staticTooBig |= __builtin_mul_overflow(staticBytes, uint64_t(size),
                                               &staticBytes);
    staticTooBig |= staticBytes > kMaxBytes;
    if (staticTooBig || !sizes.empty()) {
      Type i64 = b.getI64Type();
      Value fits = arith::ConstantIntOp::create(b, loc, !staticTooBig, 1);
      Value bytes = arith::ConstantIntOp::create(b, loc, i64, staticBytes);
      Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
      Value limit = arith::ConstantIntOp::create(b, loc, i64, kMaxBytes);
      for (Value size : sizes) {
        Value n = arith::IndexCastUIOp::create(b, loc, i64, size);
        auto product = arith::MulUIExtendedOp::create(b, loc, bytes, n);
        bytes = product.getLow();
        Value noCarry = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                              product.getHigh(), zero);
        Value small = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule,
                                            bytes, limit);
        fits = arith::AndIOp::create(
            b, loc, fits, arith::AndIOp::create(b, loc, noCarry, small));
      }
      // NumPy's words for the same case ("array is too big"): a ValueError.
      CheckOp::create(b, loc, fits,
                      b.getStringAttr("cannot allocate " + what +
                                      ": it is larger than the maximum "
                                      "possible size"),
                      shown);
    }

    // The runtime raises MemoryError for messages with this prefix.
    b.setInsertionPointAfter(alloc);
    Value address =
        memref::ExtractAlignedPointerAsIndexOp::create(b, loc, alloc);
    Value null = arith::ConstantIndexOp::create(b, loc, 0);
    Value allocated = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                            address, null);
    CheckOp::create(b, loc, allocated,
                    b.getStringAttr(kCheckOutOfMemoryPrefix +
                                    ": cannot allocate " + what),
                    shown);
  }
};

} // namespace
