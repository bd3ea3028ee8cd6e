//===- DetectionOps.td - dlc detection ops -*- tablegen -*-===//
//
// The detection helpers: box decoding, non-maximum suppression.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DETECTIONOPS_TD
#define DLC_DIALECT_DLC_DETECTIONOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"



#endif // DLC_DIALECT_DLC_DETECTIONOPS_TD
