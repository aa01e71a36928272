//===- PackBuffers.cpp - same-shaped temporaries as slots of one buffer ---===//
//
// Implements symc-pack-buffers: when a function allocates many temporaries
// of one type and size (the saved forward values of a deep chain's
// gradient: two per step), they become slots of one allocation, a slot
// reused once its temporary is freed. Each temporary costs the generated
// code an allocation call, a free call and two pointers alive from one to
// the other; thousands of them in one function made LLVM's register
// allocator the largest stage of the gradient's compile (superlinear: the
// live ranges all cross every call). A slot is one address computed from
// the shared buffer, with no calls around it. Only the function's top-level
// block is packed, and only temporaries freed in that block (whose
// lifetime the block's order bounds), so the slots of two temporaries alive
// at the same time never overlap.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

#include "llvm/ADT/MapVector.h"

#include <map>

namespace mlir::symc {
#define GEN_PASS_DEF_PACKBUFFERSPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// Slot alignment: the alignment symc gives every buffer (full cache lines,
/// the widest vector loads).
constexpr int64_t kMinAlignment = 64;

/// The temporaries of one type and size (the same SSA size operands).
struct Group {
  SmallVector<memref::AllocOp> allocs;
  SmallVector<memref::DeallocOp> deallocs;
  int64_t alignment = kMinAlignment;
  unsigned slots = 0;
};

/// The dealloc of `alloc` when it is the only one, it sits in `block`, and
/// the buffer is never returned; null otherwise.
memref::DeallocOp singleDeallocIn(memref::AllocOp alloc, Block *block) {
  memref::DeallocOp found;
  for (Operation *user : alloc->getUsers()) {
    if (isa<func::ReturnOp>(user))
      return {};
    auto dealloc = dyn_cast<memref::DeallocOp>(user);
    if (!dealloc)
      continue;
    if (found || dealloc->getBlock() != block)
      return {};
    found = dealloc;
  }
  return found;
}

/// True for an allocation a slot can replace: identity layout in the
/// default memory space, an element type with a byte size, freed once in
/// the function's top-level block.
bool isPackable(memref::AllocOp alloc, const DataLayout &layout) {
  MemRefType type = alloc.getType();
  if (!type.getLayout().isIdentity() || type.getMemorySpace() ||
      !alloc.getSymbolOperands().empty())
    return false;
  Type elem = type.getElementType();
  if (!elem.isIntOrIndexOrFloat() && !isa<ComplexType>(elem))
    return false;
  return layout.getTypeSize(elem).getFixedValue() > 0;
}

/// ceil(n / a) * a for index `n` and a power of two `a`.
Value roundUp(OpBuilder &b, Location loc, Value n, int64_t a) {
  Value mask = arith::ConstantIndexOp::create(b, loc, a - 1);
  Value sum = arith::AddIOp::create(b, loc, n, mask);
  Value notMask = arith::ConstantIndexOp::create(b, loc, ~(a - 1));
  return arith::AndIOp::create(b, loc, sum, notMask);
}

struct PackBuffersPass
    : public mlir::symc::impl::PackBuffersPassBase<PackBuffersPass> {
  using PackBuffersPassBase::PackBuffersPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block *block = &func.getBody().front();
    DataLayout layout = DataLayout::closest(func);

    // Group the packable allocations by type, size operands and alignment.
    std::map<SmallVector<const void *>, unsigned> keys;
    SmallVector<Group> groups;
    DenseMap<Operation *, unsigned> groupOf; // alloc or dealloc -> group
    for (Operation &op : *block) {
      auto alloc = dyn_cast<memref::AllocOp>(op);
      if (!alloc || !isPackable(alloc, layout))
        continue;
      memref::DeallocOp dealloc = singleDeallocIn(alloc, block);
      if (!dealloc)
        continue;
      int64_t alignment =
          std::max<int64_t>(alloc.getAlignment().value_or(0), kMinAlignment);
      if (!llvm::isPowerOf2_64(alignment))
        continue;
      SmallVector<const void *> key{alloc.getType().getAsOpaquePointer(),
                                    reinterpret_cast<const void *>(alignment)};
      for (Value size : alloc.getDynamicSizes())
        key.push_back(size.getAsOpaquePointer());
      auto [it, added] = keys.try_emplace(key, groups.size());
      if (added) {
        groups.emplace_back();
        groups.back().alignment = alignment;
      }
      groupOf[alloc] = it->second;
      groupOf[dealloc] = it->second;
      groups[it->second].allocs.push_back(alloc);
      groups[it->second].deallocs.push_back(dealloc);
    }

    // Slots in block order: a freed slot is taken by the next allocation of
    // its group (lifetimes in one block are intervals of its order).
    SmallVector<SmallVector<unsigned>> freeSlots(groups.size());
    DenseMap<Operation *, unsigned> slotOf;
    for (Operation &op : *block) {
      auto it = groupOf.find(&op);
      if (it == groupOf.end())
        continue;
      Group &group = groups[it->second];
      if (group.allocs.size() < minBuffers)
        continue;
      SmallVector<unsigned> &free = freeSlots[it->second];
      if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        free.push_back(slotOf.lookup(dealloc.getMemref().getDefiningOp()));
        continue;
      }
      unsigned slot = group.slots;
      if (!free.empty())
        slot = free.pop_back_val();
      else
        ++group.slots;
      slotOf[&op] = slot;
    }

    for (Group &group : groups)
      if (group.allocs.size() >= minBuffers)
        pack(group, slotOf, layout);
  }

  // %a = memref.alloc(%n) : memref<?xf64>  ...  memref.dealloc %a
  //   => %arena = memref.alloc(%slots * %slot_bytes) : memref<?xi8>
  //      %a = memref.view %arena[%slot_a * %slot_bytes][%n] ... (no dealloc)
  //      memref.dealloc %arena   (where the group's last dealloc was)
  void pack(Group &group, const DenseMap<Operation *, unsigned> &slotOf,
            const DataLayout &layout) {
    memref::AllocOp first = group.allocs.front();
    Location loc = first.getLoc();
    OpBuilder b(first);
    MemRefType type = first.getType();
    int64_t elemBytes = layout.getTypeSize(type.getElementType()).getFixedValue();
    int64_t staticElems = 1;
    for (int64_t size : type.getShape())
      if (!ShapedType::isDynamic(size))
        staticElems *= size;
    Value bytes = arith::ConstantIndexOp::create(b, loc, staticElems * elemBytes);
    for (Value size : first.getDynamicSizes())
      bytes = arith::MulIOp::create(b, loc, bytes, size);
    Value slotBytes = roundUp(b, loc, bytes, group.alignment);
    Value total = arith::MulIOp::create(
        b, loc, slotBytes, arith::ConstantIndexOp::create(b, loc, group.slots));
    auto arenaType = MemRefType::get({ShapedType::kDynamic}, b.getI8Type());
    Value arena = memref::AllocOp::create(b, loc, arenaType, ValueRange{total},
                                          b.getI64IntegerAttr(group.alignment));

    for (memref::AllocOp alloc : group.allocs) {
      OpBuilder at(alloc);
      unsigned slot = slotOf.lookup(alloc);
      Value shift = arith::MulIOp::create(
          at, alloc.getLoc(), slotBytes,
          arith::ConstantIndexOp::create(at, alloc.getLoc(), slot));
      Value view = memref::ViewOp::create(at, alloc.getLoc(), alloc.getType(),
                                          arena, shift, alloc.getDynamicSizes());
      alloc.replaceAllUsesWith(view);
    }
    // The arena is freed where the group's last temporary was.
    memref::DeallocOp last = group.deallocs.front();
    for (memref::DeallocOp dealloc : group.deallocs)
      if (last->isBeforeInBlock(dealloc))
        last = dealloc;
    OpBuilder atLast(last);
    memref::DeallocOp::create(atLast, last.getLoc(), arena);
    for (memref::DeallocOp dealloc : group.deallocs)
      dealloc.erase();
    for (memref::AllocOp alloc : group.allocs)
      alloc.erase();
  }
};

} // namespace
