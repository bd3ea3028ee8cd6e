//===- DLCOps.h - all dlc layer operations ------------------------*- C++ -*-===//
//
// Every op family. Code that handles one family should include only that
// family's header (e.g. ConvolutionOps.h) to keep rebuilds small.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_DLCOPS_H
#define DLC_DIALECT_DLC_DLCOPS_H

#include "dlc/Dialect/DLC/ConvolutionOps.h"
#include "dlc/Dialect/DLC/NormalizationOps.h"
#include "dlc/Dialect/DLC/ActivationOps.h"
#include "dlc/Dialect/DLC/LinearOps.h"
#include "dlc/Dialect/DLC/PoolingOps.h"
#include "dlc/Dialect/DLC/DataMovementOps.h"
#include "dlc/Dialect/DLC/ReductionOps.h"
#include "dlc/Dialect/DLC/RecurrentOps.h"
#include "dlc/Dialect/DLC/LossOps.h"
#include "dlc/Dialect/DLC/DetectionOps.h"
#include "dlc/Dialect/DLC/OptimizerOps.h"

#endif // DLC_DIALECT_DLC_DLCOPS_H
