//===- GroupElementwise.cpp - symc elementwise ops into fused groups ------===//
//
// Implements symc-group-elementwise: elementwise symc ops over one iteration
// space become one symc.fused_elementwise whose region holds them on rank-0
// tensors, before lowering. Lowered one by one, every elementwise op becomes
// shape arithmetic, a tensor.empty, checks and a linalg.generic with a body,
// and every pass up to symc-fuse-elementwise (the conversion, canonicalize,
// CSE) handles all of them, only for that pass to merge them into a few
// loops; B4's 5000-step chain was 140k ops there. Grouped, the same passes
// see one op per group.
//
// One walk over each block, as in symc-fuse-elementwise: an op joins the
// open group its operands come from when it iterates over the same sizes,
// or else the open group of its sizes (two chains over one input, such as
// tanh(x) and sin(x)); a use of a group's value by anything else closes the
// group, whose fused op then takes the place of its last member. Sizes are compared symbolically: along each dimension, a
// static size or the (value, dimension) a dynamic size is read from,
// following the shape reification of elementwise ops (the first dynamic
// operand), so that equal keys mean equal sizes at run time whenever the
// checks the lowering emits pass. A group holds at most `max-ops` ops, so
// that LLVM never gets one giant loop body. Ops are moved into the region,
// not cloned.
//
// Rematerialization (`remat-budget` > 0): a group that reads many values of
// other groups over its sizes (a chain's gradient reads two saved values
// per step) recomputes what it can from the values it takes anyway, by
// cloning their cheap elementwise producers into its region, instead of
// making each of them a result of its group: every result is a buffer and
// a kernel argument from bufferization to LLVM, and a chain's gradient had
// two per step. Values read oldest first: one kept as an input (a
// checkpoint) makes the next few recomputable from it, so a gradient group
// keeps one or two. Bounded per value and per group, and only for groups
// with at least `remat-min-inputs` such values, so that an ordinary
// consumer (an MLP's gradient reading its activation) keeps its inputs.
//
// Periodic cuts: where max-ops falls is arbitrary, and in a chain's
// gradient the cuts drifted against the 7-op backward step and the 4-op
// forward step, so that every group recomputed and read different values
// and LLVM got 44 different kernels for B4's 5000 steps. A stretch whose
// ops repeat with a period is cut at whole numbers of periods, a power of
// two of them, so that the forward and backward cut lengths divide one
// another: every interior group is then the same code (OutlineKernels
// shares it) whatever the chain's length. Found before the walk by
// comparing op signatures p positions apart, for each p up to 64.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Symc/IR/SymcMatchers.h"
#include "dialects/Symc/IR/SymcOps.h"

#include "mlir/IR/Builders.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <map>
#include <vector>

namespace mlir::symc {
#define GEN_PASS_DEF_GROUPELEMENTWISEPASS
#include "passes/Passes.h.inc"
} // namespace mlir::symc

using namespace mlir;
using namespace mlir::symc;

namespace {

/// The size of one dimension: a static size (null value) or the dimension
/// of the value a dynamic size is read from.
using SizeKey = std::pair<void *, int64_t>;
/// The sizes of an iteration space, one entry per dimension. Inline:
/// every candidate op gets one, and the grouping keeps one per op.
using ShapeKey = SmallVector<SizeKey, 4>;

/// An op the grouping may take: elementwise, one ranked result.
bool isCandidate(Operation &op) {
  return op.hasTrait<SymcElementwise>() && op.getNumResults() == 1 &&
         isa<RankedTensorType>(op.getResult(0).getType()) &&
         llvm::all_of(op.getOperandTypes(),
                      [](Type t) { return isa<RankedTensorType>(t); });
}

struct Group {
  ShapeKey key;
  ArrayRef<int64_t> shape;
  unsigned size = 0;
  bool closed = false;
  /// Block position of the op that started the group.
  unsigned start = 0;
};

/// A stretch of a block whose ops repeat with a period (a deep chain's
/// steps, forward or backward): its groups are cut every `length`
/// positions from `anchor`, a whole number of periods, instead of where
/// `max-ops` happens to fall.
struct PeriodicRun {
  unsigned begin = 0, end = 0;
  unsigned period = 0, length = 0;
  unsigned anchor = 0;
};

/// How far symc-group-elementwise may recompute values (see the pass's
/// options): budget 0 turns it off.
struct RematPolicy {
  unsigned budget = 0;
  unsigned opsPerValue = 0;
  unsigned minInputs = 0;
};

class Grouper {
public:
  Grouper(unsigned maxOps, RematPolicy remat, bool periodic)
      : maxOps(maxOps), remat(remat), periodic(periodic) {}

  /// Groups the candidate ops of `block` and replaces each group of two or
  /// more ops by one symc.fused_elementwise.
  void run(Block &block) {
    groups.clear();
    groupOf.clear();
    openByKey.clear();
    runs.clear();
    // The maps over the block's ops are sized once: growing them rehashed
    // every entry several times (B4's gradient: 45k ops). Grouping moves
    // no op (fusion, at the end, does), so the positions taken here serve
    // both the search for periodic runs and the rematerialization.
    unsigned blockSize = std::distance(block.begin(), block.end());
    groupOf.reserve(blockSize);
    position.clear();
    position.reserve(blockSize);
    for (Operation &op : block)
      position[&op] = position.size();
    if (periodic)
      findPeriodicRuns(block);
    currentRun = 0;
    unclosedFrom = 0;
    walkPos = 0;
    for (Operation &op : block) {
      // Past the end of the current run: the next one, if any.
      while (currentRun < runs.size() && runs[currentRun].end <= walkPos)
        ++currentRun;
      if (currentRun < runs.size() && runs[currentRun].begin <= walkPos)
        cutPeriodic(runs[currentRun]);
      std::optional<ShapeKey> key;
      if (isCandidate(op)) {
        key = resultKey(op);
        if (tryJoin(op, *key)) {
          ++walkPos;
          continue;
        }
      }
      // Any other use of a group's value closes that group: its fused op
      // goes where its last member is, before this use.
      op.walk([&](Operation *inner) {
        for (Value v : inner->getOperands())
          if (std::optional<unsigned> g = openGroupOf(v))
            groups[*g].closed = true;
      });
      if (key)
        startGroup(op, std::move(*key));
      ++walkPos;
    }
    if (remat.budget > 0)
      rematerialize(block);
    // Members in block order, per group (clones included).
    llvm::MapVector<unsigned, SmallVector<Operation *>> members;
    for (Operation &op : block) {
      auto it = groupOf.find(&op);
      if (it != groupOf.end())
        members[it->second].push_back(&op);
    }
    for (auto &entry : members)
      if (entry.second.size() > 1)
        fuse(entry.second);
  }

private:
  /// The shape of `op` and of its operands' links, for finding repeats:
  /// its name, attributes and types, and for each operand the distance back
  /// to the op of the block defining it, when at most `window` positions
  /// (a step's links to the previous step), or else only that it is far (a
  /// block argument, a constant at the top, the forward value a backward
  /// step reads: whose distance grows from step to step).
  static llvm::hash_code
  signature(Operation &op, unsigned pos,
            const llvm::DenseMap<Operation *, unsigned> &at, unsigned window) {
    llvm::hash_code h = llvm::hash_combine(
        op.getName().getAsOpaquePointer(),
        op.getRawDictionaryAttrs().getAsOpaquePointer(), op.getNumRegions(),
        op.getNumOperands(), op.getNumResults());
    for (Type t : op.getResultTypes())
      h = llvm::hash_combine(h, t.getAsOpaquePointer());
    for (Value v : op.getOperands()) {
      int64_t distance = -1;
      if (Operation *def = v.getDefiningOp()) {
        auto it = at.find(def);
        if (it != at.end() && pos - it->second <= window)
          distance = pos - it->second;
      }
      h = llvm::hash_combine(h, v.getType().getAsOpaquePointer(), distance);
    }
    return h;
  }

  /// Finds the stretches of `block` whose op signatures repeat with a
  /// period of at most max-ops positions, over at least two cut lengths.
  /// The cut length is the period times the largest power of two that
  /// keeps it within max-ops: two runs of periods p and q (a chain's
  /// forward and backward steps) then cut every 2^i and 2^j steps, one a
  /// multiple of the other, so that every backward group meets the forward
  /// groups at the same offsets and recomputes and reads the same values,
  /// and equal groups make equal kernels. Smallest periods first, runs do
  /// not overlap. Linear in the block for each period tried.
  void findPeriodicRuns(Block &block) {
    runs.clear();
    std::vector<llvm::hash_code> sigs;
    sigs.reserve(position.size());
    for (Operation &op : block)
      sigs.push_back(signature(op, sigs.size(), position, maxOps));
    unsigned n = sigs.size();
    unsigned maxPeriod = std::min<unsigned>(maxOps, kMaxPeriod);
    SmallVector<PeriodicRun> found;
    for (unsigned p = 1; p <= maxPeriod && 2 * p <= n; ++p) {
      unsigned length = p;
      while (2 * length <= maxOps)
        length *= 2;
      // Maximal stretches [j - p, i) where every op equals the one p back.
      unsigned i = p;
      while (i < n) {
        if (sigs[i] != sigs[i - p]) {
          ++i;
          continue;
        }
        unsigned j = i;
        while (i < n && sigs[i] == sigs[i - p])
          ++i;
        if (i - (j - p) >= 2 * length)
          found.push_back(PeriodicRun{j - p, i, p, length, j - p});
      }
    }
    llvm::sort(found, [](const PeriodicRun &a, const PeriodicRun &b) {
      return std::make_pair(a.begin, a.period) <
             std::make_pair(b.begin, b.period);
    });
    for (PeriodicRun run : found) {
      if (!runs.empty() && run.begin < runs.back().end) {
        if (run.end <= runs.back().end)
          continue;
        run.begin = runs.back().end;
        if (run.end - run.begin < 2 * run.length)
          continue;
      }
      run.anchor = run.begin;
      runs.push_back(run);
    }
  }

  /// At a cut of `run` (walkPos), closes the groups started before it, so
  /// that the ops from here on start new ones. Where the run begins, the
  /// group open there sets the phase if it is young enough to end at a
  /// cut: the first cut then falls where max-ops would have put it (a
  /// chain's forward groups are the same as without cuts).
  void cutPeriodic(PeriodicRun &run) {
    if (walkPos == run.begin) {
      run.anchor = walkPos;
      if (!groups.empty() && !groups.back().closed &&
          walkPos - groups.back().start < run.length)
        run.anchor = groups.back().start;
      lastCut = std::nullopt;
    }
    unsigned cut =
        run.anchor + (walkPos - run.anchor) / run.length * run.length;
    if (lastCut && *lastCut == cut)
      return;
    lastCut = cut;
    for (; unclosedFrom < groups.size(); ++unclosedFrom)
      if (groups[unclosedFrom].start >= cut)
        break;
      else
        groups[unclosedFrom].closed = true;
  }

  /// The multi-op group of the op defining `v`, if any.
  std::optional<unsigned> fusedGroupOf(Value v) {
    Operation *def = v.getDefiningOp();
    if (!def)
      return std::nullopt;
    auto it = groupOf.find(def);
    if (it == groupOf.end() || groups[it->second].size < 2)
      return std::nullopt;
    return it->second;
  }

  /// Whether `v`, a value of group `h`, is a result of `h` whatever the
  /// groups reading it choose: something other than a group over its
  /// sizes reads it (a reduction, a matmul, a return, a broadcast).
  /// Memoized: recomputation only moves uses between groups over `v`'s
  /// sizes, which does not change the answer, and a value read by many
  /// groups would otherwise have its users scanned by each.
  bool exportedAnyway(Value v, unsigned h) {
    auto [it, inserted] = exported.try_emplace(v, false);
    if (!inserted)
      return it->second;
    bool anyway = llvm::any_of(v.getUsers(), [&](Operation *user) {
      auto g = groupOf.find(user);
      return g == groupOf.end() || groups[g->second].size < 2 ||
             groups[g->second].key != groups[h].key ||
             groups[g->second].shape != groups[h].shape;
    });
    exported[v] = anyway;
    return anyway;
  }

  /// The rematerialization state of one destination group: values of other
  /// groups it takes as inputs (kept) and those it recomputes (`clones`
  /// maps each to its clone; every clone is made through it, so that one
  /// mapping serves a group's clones: one per clone allocated and freed
  /// two maps each, 20k times for B4's gradient).
  struct Remat {
    unsigned group;
    llvm::DenseSet<Value> kept;
    IRMapping clones;
    unsigned cloned = 0;
  };

  /// Where `w` stands for group `r.group`: usable as it is (a value of the
  /// group, kept or recomputed already, a value no multi-op group defines,
  /// which stays where it is, or a result of its group anyway), to be
  /// recomputed by cloning its producer (true), or not usable without
  /// making it a result of another group (failure).
  FailureOr<bool> needsClone(Remat &r, Value w,
                             const llvm::DenseSet<Operation *> &planned) {
    if (r.kept.contains(w) || r.clones.contains(w))
      return false;
    std::optional<unsigned> h = fusedGroupOf(w);
    if (!h || *h == r.group || planned.contains(w.getDefiningOp()))
      return false;
    // A result of its group anyway: an input as cheap as any. (Its group
    // ends before this one: a group closes before the first op outside it
    // that reads its values, and `w` leads to one of this group's reads.)
    if (exportedAnyway(w, *h)) {
      r.kept.insert(w);
      return false;
    }
    if (groups[*h].key != groups[r.group].key ||
        groups[*h].shape != groups[r.group].shape)
      return failure();
    return true;
  }

  /// The producers to clone (operands first) so that group `r.group` can
  /// recompute `v` from values it has, at most `limit` of them; failure
  /// when that takes more or a value only another group could provide.
  /// Iterative: the walk goes up to `limit` producers deep.
  /// The order is left in `order`; `planned` and `stack` are members
  /// cleared per call, because it runs for every value a group reads.
  LogicalResult planClone(Remat &r, Value v, unsigned limit) {
    order.clear();
    if (limit == 0)
      return failure();
    planned.clear();
    stack.clear();
    stack.push_back({v.getDefiningOp(), 0});
    while (!stack.empty()) {
      auto &[op, next] = stack.back();
      if (next == op->getNumOperands()) {
        if (planned.insert(op).second)
          order.push_back(op);
        stack.pop_back();
        continue;
      }
      Value operand = op->getOperand(next++);
      FailureOr<bool> clone = needsClone(r, operand, planned);
      if (failed(clone))
        return failure();
      if (!*clone)
        continue;
      if (order.size() + stack.size() >= limit)
        return failure();
      stack.push_back({operand.getDefiningOp(), 0});
    }
    return success();
  }

  /// Rematerialization, between grouping and fusion: for each group that
  /// reads at least `remat.minInputs` values of other groups over its
  /// sizes, clones the producers of those it can recompute cheaply into
  /// the group (each clone right after its original, so that the block
  /// stays valid until fusion moves the group into its region) and points
  /// the group's uses at the clones.
  void rematerialize(Block &block) {
    exported.clear();
    llvm::MapVector<unsigned, SmallVector<Operation *>> members;
    for (Operation &op : block) {
      auto it = groupOf.find(&op);
      if (it != groupOf.end() && groups[it->second].size > 1)
        members[it->second].push_back(&op);
    }
    for (auto &[g, ops] : members) {
      // The values of other groups over these sizes that the group reads,
      // oldest first.
      SmallVector<Value> reads;
      llvm::DenseSet<Value> seen;
      for (Operation *m : ops)
        for (Value operand : m->getOperands()) {
          std::optional<unsigned> h = fusedGroupOf(operand);
          if (h && *h != g && groups[*h].key == groups[g].key &&
              groups[*h].shape == groups[g].shape &&
              seen.insert(operand).second)
            reads.push_back(operand);
        }
      if (reads.size() < remat.minInputs)
        continue;
      llvm::sort(reads, [&](Value a, Value b) {
        return position[a.getDefiningOp()] < position[b.getDefiningOp()];
      });
      Remat r;
      r.group = g;
      // Values that stay results of their group anyway cost nothing more
      // as inputs, and others may be recomputed from them.
      for (Value v : reads)
        if (exportedAnyway(v, *fusedGroupOf(v)))
          r.kept.insert(v);
      OpBuilder b(block.getParentOp()->getContext());
      for (Value v : reads) {
        if (r.kept.contains(v) || r.clones.contains(v))
          continue;
        unsigned limit = std::min(remat.opsPerValue, remat.budget - r.cloned);
        if (failed(planClone(r, v, limit))) {
          r.kept.insert(v);
          continue;
        }
        // Operands already recomputed read their clones; the clone's
        // result is mapped to its producer's as it is made.
        for (Operation *producer : order) {
          b.setInsertionPointAfter(producer);
          Operation *clone = b.clone(*producer, r.clones);
          groupOf[clone] = g;
          ++r.cloned;
        }
      }
      if (r.cloned == 0)
        continue;
      for (Operation *m : ops)
        for (OpOperand &operand : m->getOpOperands())
          if (Value clone = r.clones.lookupOrNull(operand.get()))
            operand.set(clone);
    }
  }

  /// The group (root) of the op defining `v`, if it is still open.
  std::optional<unsigned> openGroupOf(Value v) {
    Operation *def = v.getDefiningOp();
    if (!def)
      return std::nullopt;
    auto it = groupOf.find(def);
    if (it == groupOf.end())
      return std::nullopt;
    if (groups[it->second].closed)
      return std::nullopt;
    return it->second;
  }

  /// The sizes of `v`: those of its group for a grouped op's result (every
  /// member of a group iterates over the group's sizes), else its static
  /// sizes and (v, d) for its dynamic ones.
  SizeKey sizeOf(Value v, int64_t d) {
    if (Operation *def = v.getDefiningOp()) {
      auto it = groupOf.find(def);
      if (it != groupOf.end())
        return groups[it->second].key[d];
    }
    int64_t size = cast<RankedTensorType>(v.getType()).getDimSize(d);
    if (ShapedType::isDynamic(size))
      return {v.getAsOpaquePointer(), d};
    return {nullptr, size};
  }

  /// The sizes of the result of `op`, as reifyBroadcastShape computes them:
  /// a static size other than 1 of any operand, else the size of the first
  /// operand dynamic there, else 1; a static size of the result type wins.
  ShapeKey resultKey(Operation &op) {
    auto resultType = cast<RankedTensorType>(op.getResult(0).getType());
    ShapeKey key;
    for (int64_t d = 0; d < resultType.getRank(); ++d) {
      std::optional<SizeKey> size;
      Value dynamicOwner;
      for (Value operand : op.getOperands()) {
        int64_t s = cast<RankedTensorType>(operand.getType()).getDimSize(d);
        if (ShapedType::isDynamic(s)) {
          if (!dynamicOwner)
            dynamicOwner = operand;
        } else if (s != 1) {
          size = SizeKey{nullptr, s};
        }
      }
      if (!resultType.isDynamicDim(d))
        size = SizeKey{nullptr, resultType.getDimSize(d)};
      else if (!size)
        size = dynamicOwner ? sizeOf(dynamicOwner, d) : SizeKey{nullptr, 1};
      key.push_back(*size);
    }
    return key;
  }

  void startGroup(Operation &op, ShapeKey key) {
    unsigned g = groups.size();
    groups.push_back(Group());
    groups[g].key = key;
    groups[g].shape = cast<RankedTensorType>(op.getResult(0).getType()).getShape();
    groups[g].size = 1;
    groups[g].start = walkPos;
    groupOf[&op] = g;
    openByKey[key] = g;
  }

  /// Adds `op` to the open group its operands come from, or to an open
  /// group over the same sizes when none does. Open groups of other sizes
  /// it reads (a row broadcast over a matrix) are closed: their values are
  /// inputs, computed before. Fails when it reads two open groups of its
  /// sizes: one of them is full, since only a full group lets another group
  /// of the same sizes start (merging them would break the cap).
  bool tryJoin(Operation &op, const ShapeKey &key) {
    ArrayRef<int64_t> shape =
        cast<RankedTensorType>(op.getResult(0).getType()).getShape();
    std::optional<unsigned> target;
    for (Value operand : op.getOperands()) {
      std::optional<unsigned> g = openGroupOf(operand);
      if (!g || g == target)
        continue;
      if (groups[*g].key != key || groups[*g].shape != shape) {
        groups[*g].closed = true;
        continue;
      }
      if (target)
        return false;
      target = g;
    }
    if (!target) {
      auto it = openByKey.find(key);
      if (it == openByKey.end() || groups[it->second].closed ||
          groups[it->second].shape != shape)
        return false;
      target = it->second;
    }
    Group &g = groups[*target];
    if (g.size + 1 > maxOps)
      return false;
    ++g.size;
    groupOf[&op] = *target;
    return true;
  }

  /// Replaces `members` (block order) by one symc.fused_elementwise placed
  /// before the last of them, and moves them into its region.
  void fuse(ArrayRef<Operation *> members) {
    llvm::SmallPtrSet<Operation *, 32> inGroup(members.begin(), members.end());
    llvm::MapVector<Value, unsigned> inputs;
    SmallVector<Operation *> outputs;
    for (Operation *m : members) {
      for (Value operand : m->getOperands()) {
        Operation *def = operand.getDefiningOp();
        if (!def || !inGroup.contains(def))
          inputs.try_emplace(operand, inputs.size());
      }
      if (llvm::any_of(m->getUsers(), [&](Operation *user) {
            return !inGroup.contains(user);
          }))
        outputs.push_back(m);
    }
    // A group nothing uses is dead code (a group whose every value its
    // readers recompute): erased, its ops are pure.
    if (outputs.empty()) {
      if (llvm::all_of(members, [](Operation *m) { return isPure(m); }))
        for (Operation *m : llvm::reverse(members))
          m->erase();
      return;
    }

    Operation *last = members.back();
    MLIRContext *ctx = last->getContext();
    SmallVector<Value> inputValues;
    for (auto &entry : inputs)
      inputValues.push_back(entry.first);
    SmallVector<Type> resultTypes;
    for (Operation *m : outputs)
      resultTypes.push_back(m->getResult(0).getType());
    // Each location once, in order of first use, as FusedLoc::get keeps
    // them: a group's members share a few (a step's source lines), which a
    // small set finds by a scan, while FusedLoc::get hashes every member.
    llvm::SmallSetVector<Location, 8> locs;
    for (Operation *m : members)
      locs.insert(m->getLoc());

    OpBuilder b(last);
    auto fused = FusedElementwiseOp::create(
        b, FusedLoc::get(ctx, locs.getArrayRef()), resultTypes, inputValues);
    for (auto [k, m] : llvm::enumerate(outputs))
      m->getResult(0).replaceUsesWithIf(fused->getResult(k), [&](OpOperand &use) {
        return !inGroup.contains(use.getOwner());
      });

    Block *body = b.createBlock(&fused.getBody());
    SmallVector<Value> args;
    for (Value input : inputValues)
      args.push_back(body->addArgument(scalarType(input.getType()), input.getLoc()));
    for (Operation *m : members) {
      m->moveBefore(body, body->end());
      for (OpOperand &operand : m->getOpOperands()) {
        auto it = inputs.find(operand.get());
        if (it != inputs.end())
          operand.set(args[it->second]);
      }
      Value result = m->getResult(0);
      result.setType(scalarType(result.getType()));
    }
    SmallVector<Value> yielded;
    for (Operation *m : outputs)
      yielded.push_back(m->getResult(0));
    b.setInsertionPointToEnd(body);
    YieldOp::create(b, last->getLoc(), yielded);
  }

  /// The rank-0 tensor of `type`'s elements, as region values have.
  /// Memoized by `type`: types are uniqued under the context's lock, and
  /// every grouped op (B4's gradient: 65k) and input needs one.
  Type scalarType(Type type) {
    Type &scalar = scalarTypes[type];
    if (!scalar)
      scalar = RankedTensorType::get({}, elementTypeOf(type));
    return scalar;
  }

  /// The longest period looked for: B4's steps are 4 and 7 ops, a layer
  /// of a net a few dozen.
  static constexpr unsigned kMaxPeriod = 64;

  unsigned maxOps;
  RematPolicy remat;
  bool periodic;
  SmallVector<PeriodicRun> runs;
  unsigned currentRun = 0;
  /// The last cut of the current run, and the first group that may still
  /// be open from before it.
  std::optional<unsigned> lastCut;
  unsigned unclosedFrom = 0;
  /// Block position of the op the grouping walk is at.
  unsigned walkPos = 0;
  /// Each op of the block being grouped (clones excepted) and its position.
  llvm::DenseMap<Operation *, unsigned> position;
  llvm::DenseMap<Value, bool> exported;
  /// planClone's result and scratch.
  SmallVector<Operation *> order;
  llvm::DenseSet<Operation *> planned;
  SmallVector<std::pair<Operation *, unsigned>> stack;
  SmallVector<Group> groups;
  llvm::DenseMap<Operation *, unsigned> groupOf;
  std::map<ShapeKey, unsigned> openByKey;
  llvm::DenseMap<Type, Type> scalarTypes;
};

struct GroupElementwisePass
    : public symc::impl::GroupElementwisePassBase<GroupElementwisePass> {
  using GroupElementwisePassBase::GroupElementwisePassBase;

  void runOnOperation() override {
    // Blocks are collected first: grouping creates regions (whose ops are
    // grouped already) but changes no other block.
    SmallVector<Block *> blocks;
    getOperation()->walk([&](Block *block) {
      if (!isa<FusedElementwiseOp>(block->getParentOp()))
        blocks.push_back(block);
    });
    Grouper grouper(maxOps,
                    RematPolicy{rematBudget, rematOpsPerValue, rematMinInputs},
                    periodic);
    for (Block *block : blocks)
      grouper.run(*block);
  }
};

} // namespace
