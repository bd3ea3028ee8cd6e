//===- ReductionOps.td - dlc reduction ops -*- tablegen -*-===//
//
// The reductions over axes: sum, mean, max, min.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_REDUCTIONOPS_TD
#define DLC_DIALECT_DLC_REDUCTIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"



#endif // DLC_DIALECT_DLC_REDUCTIONOPS_TD
