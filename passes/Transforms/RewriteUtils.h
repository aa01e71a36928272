//===- RewriteUtils.h - helpers shared by the symc rewrite passes -*- C++ -*-===//
//
// What symc-stabilize and symc-specialize share: naming patterns after the
// rewrites they count, a listener that counts successful rewrites, the
// process-wide table of those counts that `symc-opt --mlir-pass-statistics`
// prints, the symc canonicalization patterns as one set, and keeping a
// result type when a rewrite produces a more static value.
//
// Why not Pass::Statistic: release builds of LLVM (Debian's included)
// compile llvm::Statistic to a no-op, so declared pass statistics never
// count there. The rewrite counts are kept here instead, always.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_TRANSFORMS_REWRITEUTILS_H
#define SYMC_PASSES_TRANSFORMS_REWRITEUTILS_H

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::symc {

/// One rewrite a pass counts: the debug name of its pattern(s) and the
/// identity it applies.
struct RewriteInfo {
  const char *name;
  const char *identity;
};

/// Adds pattern `PatternT` under the debug name `name` (a RewriteInfo name).
template <typename PatternT, typename... Args>
void addNamedPattern(RewritePatternSet &patterns, StringRef name,
                     Args &&...args) {
  auto pattern = RewritePattern::create<PatternT>(patterns.getContext(),
                                                  std::forward<Args>(args)...);
  pattern->setDebugName(name);
  patterns.add(std::move(pattern));
}

/// Counts successful pattern applications by pattern debug name.
class PatternCounter : public RewriterBase::Listener {
public:
  void notifyPatternEnd(const Pattern &pattern, LogicalResult status) override {
    if (succeeded(status))
      ++counts[pattern.getDebugName()];
  }
  void add(StringRef name, uint64_t count = 1) { counts[name] += count; }
  const llvm::StringMap<uint64_t> &getCounts() const { return counts; }

private:
  llvm::StringMap<uint64_t> counts;
};

/// Adds the counts of one run of pass `passArgument` (whose rewrites are
/// `rewrites`) to the process-wide rewrite statistics. Thread-safe.
void recordRewriteStatistics(StringRef passArgument,
                             ArrayRef<RewriteInfo> rewrites,
                             const PatternCounter &counter);

/// Prints the process-wide rewrite statistics of every symc pass that ran,
/// one line per rewrite, in the style of MLIR's pass statistics report.
void printRewriteStatistics(llvm::raw_ostream &os);

/// The canonicalization patterns of every symc op and of the dialect.
void populateSymcCanonicalizationPatterns(RewritePatternSet &patterns);

/// `value`, or a `tensor.cast` of it to `type` when the types differ (they
/// must be cast-compatible: a rewrite may make a value more static than the
/// result it replaces).
Value castToType(OpBuilder &builder, Location loc, Value value, Type type);

/// True when `v` holds floating-point elements.
bool isFloatTensor(Value v);

} // namespace mlir::symc

#endif // SYMC_PASSES_TRANSFORMS_REWRITEUTILS_H
