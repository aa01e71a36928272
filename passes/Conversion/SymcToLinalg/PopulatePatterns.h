//===- PopulatePatterns.h - symc-to-linalg pattern sets ---------*- C++ -*-===//
//
// The conversion patterns of convert-symc-to-linalg, one set per op family,
// and the type converter they run under. Each set is exported so that other
// passes and pipelines can reuse the lowering of one family. The patterns
// expect a dialect conversion (they use converted operands) whose type
// converter is SymcToLinalgTypeConverter.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_PASSES_CONVERSION_SYMCTOLINALG_POPULATEPATTERNS_H
#define SYMC_PASSES_CONVERSION_SYMCTOLINALG_POPULATEPATTERNS_H

#include "mlir/Transforms/DialectConversion.h"

#include <memory>

namespace mlir::symc {

/// Maps tensors of unsigned elements (ui8) to signless ones (i8), which is
/// what arith and the memref ABI work on; every other type is unchanged. The
/// patterns read signedness from the types of the op they replace.
class SymcToLinalgTypeConverter : public TypeConverter {
public:
  SymcToLinalgTypeConverter();
};

/// The payload functions of one run of the lowering of
/// symc.fused_elementwise ops: regions of at least `payloadMinOps` ops (0:
/// none) call a private symc.payload function shared by every region of the
/// same code, made at the first of them next to its function.
class FusedPayloads;
std::shared_ptr<FusedPayloads> createFusedPayloads(unsigned payloadMinOps);

/// Elementwise ops (the SymcElementwise trait) => linalg.generic, and
/// symc.fused_elementwise => one linalg.generic with the checks of its
/// region ops, whose payload calls the shared function of its code (see
/// FusedPayloads).
void populateSymcElementwiseToLinalgPatterns(const TypeConverter &converter,
                                             RewritePatternSet &patterns,
                                             unsigned payloadMinOps = 0);
void populateSymcElementwiseToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    std::shared_ptr<FusedPayloads> payloads);

/// Lowers, before the dialect conversion, the symc.fused_elementwise ops
/// under `root` that the conversion would lower to the same IR: those
/// whose types `converter` keeps and whose inputs no symc op computes
/// (block arguments, constants, earlier groups lowered here). A gradient's
/// groups hold most of its ops (B4 N=5000: 64k) in their regions, which
/// the conversion would visit to legalize, record as replaced and erase
/// one by one with notifications; here a region goes with its op. Fails,
/// after a diagnostic, at a region op without a lowering.
LogicalResult lowerFusedElementwiseOps(Operation *root,
                                       const TypeConverter &converter,
                                       FusedPayloads &payloads);

/// reduce_*, logsumexp, argmax/argmin => linalg.generic reductions.
void populateSymcReductionToLinalgPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns);

/// dot, batched_dot, outer, gemm, gemv, ger => BLAS calls (f32/f64) or
/// linalg loops (integers).
void populateSymcLinearToLinalgPatterns(const TypeConverter &converter,
                                        RewritePatternSet &patterns);

/// constant, shape, dimshuffle, reshape, broadcast_to, concatenate, arange,
/// eye => arith/tensor/linalg.
void populateSymcShapeToLinalgPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);

/// subtensor and advanced indexing with their set/inc variants =>
/// tensor slices, gathers and scatter loops.
void populateSymcIndexingToLinalgPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns);

/// softmax, log_softmax, crossentropies, conv2d, pool2d and their gradients.
void populateSymcNNToLinalgPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);

/// ifelse => scf.if (and the symc.yield of its regions => scf.yield).
void populateSymcIfElseToSCFPatterns(const TypeConverter &converter,
                                     RewritePatternSet &patterns);

/// random_uniform, random_normal, random_bits, random_permutation =>
/// Philox4x32-10 in arith inside linalg.generic (or an scf.for shuffle).
void populateSymcRandomToLinalgPatterns(const TypeConverter &converter,
                                        RewritePatternSet &patterns);

void populateSymcAssertToLinalgPatterns(const TypeConverter &converter,
                                        RewritePatternSet &patterns);

/// Every set above.
void populateSymcToLinalgPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  unsigned payloadMinOps = 0);
void populateSymcToLinalgPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  std::shared_ptr<FusedPayloads> payloads);

} // namespace mlir::symc

#endif // SYMC_PASSES_CONVERSION_SYMCTOLINALG_POPULATEPATTERNS_H
