//===- RewriteUtils.cpp - helpers shared by the symc rewrite passes --------===//
//
// Implements RewriteUtils.h. The rewrite statistics are a process-wide
// table (like LLVM's own statistics registry) guarded by a mutex, because
// function passes run on several threads.
//
//===----------------------------------------------------------------------===//

#include "passes/Transforms/RewriteUtils.h"

#include "dialects/Symc/IR/SymcDialect.h"
#include "dialects/Symc/IR/SymcMatchers.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <mutex>
#include <string>
#include <vector>

using namespace mlir;
using namespace mlir::symc;

namespace {
/// The counts of one pass, in the order of its RewriteInfo table.
struct PassCounts {
  std::vector<RewriteInfo> rewrites;
  std::vector<uint64_t> counts;
};

struct Registry {
  std::mutex mutex;
  /// By pass argument, in the order the passes first ran.
  std::vector<std::pair<std::string, PassCounts>> passes;

  PassCounts &lookup(StringRef pass) {
    for (auto &[name, counts] : passes)
      if (name == pass)
        return counts;
    passes.emplace_back(pass.str(), PassCounts());
    return passes.back().second;
  }
};

Registry &registry() {
  static Registry instance;
  return instance;
}
} // namespace

void mlir::symc::recordRewriteStatistics(StringRef passArgument,
                                         ArrayRef<RewriteInfo> rewrites,
                                         const PatternCounter &counter) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  PassCounts &entry = r.lookup(passArgument);
  if (entry.rewrites.empty()) {
    entry.rewrites.assign(rewrites.begin(), rewrites.end());
    entry.counts.assign(rewrites.size(), 0);
  }
  for (auto [k, info] : llvm::enumerate(entry.rewrites))
    entry.counts[k] += counter.getCounts().lookup(info.name);
}

void mlir::symc::printRewriteStatistics(llvm::raw_ostream &os) {
  Registry &r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (r.passes.empty())
    return;
  os << "===" << std::string(73, '-') << "===\n"
     << "                         ... symc rewrite statistics ...\n"
     << "===" << std::string(73, '-') << "===\n";
  for (auto &[pass, entry] : r.passes) {
    os << pass << "\n";
    size_t width = 0;
    for (uint64_t count : entry.counts)
      width = std::max(width, std::to_string(count).size());
    for (auto [info, count] : llvm::zip(entry.rewrites, entry.counts)) {
      std::string number = std::to_string(count);
      os << "  (S) " << std::string(width - number.size(), ' ') << number
         << " " << info.name << " - " << info.identity << "\n";
    }
  }
}

void mlir::symc::populateSymcCanonicalizationPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  Dialect *dialect = context->getLoadedDialect<SymcDialect>();
  if (!dialect)
    return; // the passes list SymcDialect as a dependent dialect
  for (RegisteredOperationName op : context->getRegisteredOperations())
    if (&op.getDialect() == dialect)
      op.getCanonicalizationPatterns(patterns, context);
  dialect->getCanonicalizationPatterns(patterns);
}

Value mlir::symc::castToType(OpBuilder &builder, Location loc, Value value,
                             Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(builder, loc, type, value);
}

bool mlir::symc::isFloatTensor(Value v) {
  return isa<FloatType>(elementTypeOf(v.getType()));
}
