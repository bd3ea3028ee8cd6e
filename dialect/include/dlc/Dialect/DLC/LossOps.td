//===- LossOps.td - dlc loss ops -*- tablegen -*-===//
//
// The losses: cross-entropy, NLL, MSE, KL divergence, center, contrastive, margin softmaxes.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_LOSSOPS_TD
#define DLC_DIALECT_DLC_LOSSOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"



#endif // DLC_DIALECT_DLC_LOSSOPS_TD
