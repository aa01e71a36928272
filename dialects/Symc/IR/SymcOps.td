//===- SymcOps.td - all symc ops ------------------------------*- tablegen -*-===//
//
// Gathers the op families of the symc dialect; each family has its own file.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_OPS_TD
#define SYMC_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"
include "dialects/Symc/IR/SymcElementwiseOps.td"
include "dialects/Symc/IR/SymcReductionOps.td"
include "dialects/Symc/IR/SymcLinalgOps.td"
include "dialects/Symc/IR/SymcShapeOps.td"
include "dialects/Symc/IR/SymcIndexingOps.td"
include "dialects/Symc/IR/SymcNNOps.td"
include "dialects/Symc/IR/SymcIfElseOps.td"
include "dialects/Symc/IR/SymcRandomOps.td"
include "dialects/Symc/IR/SymcScanOps.td"
include "dialects/Symc/IR/SymcFusedOps.td"

#endif // SYMC_OPS_TD
