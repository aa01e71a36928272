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

namespace mlir::symc {

/// Maps tensors of unsigned elements (ui8) to signless ones (i8), which is
/// what arith and the memref ABI work on; every other type is unchanged. The
/// patterns read signedness from the types of the op they replace.
class SymcToLinalgTypeConverter : public TypeConverter {
public:
  SymcToLinalgTypeConverter();
};

/// Elementwise ops (the SymcElementwise trait) => linalg.generic. A
/// symc.fused_elementwise of at least `payloadMinOps` region ops (0: none)
/// calls a private symc.payload function shared by every region of the same
/// code, made at the first of them next to its function.
void populateSymcElementwiseToLinalgPatterns(const TypeConverter &converter,
                                             RewritePatternSet &patterns,
                                             unsigned payloadMinOps = 0);

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

/// Every set above.
void populateSymcToLinalgPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns,
                                  unsigned payloadMinOps = 0);

} // namespace mlir::symc

#endif // SYMC_PASSES_CONVERSION_SYMCTOLINALG_POPULATEPATTERNS_H
