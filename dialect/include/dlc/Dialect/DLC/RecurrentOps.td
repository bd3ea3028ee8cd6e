//===- RecurrentOps.td - dlc recurrent ops -*- tablegen -*-===//
//
// The recurrent layers: RNN, LSTM (plain, peephole, coupled), GRU; sequences and cells.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_DIALECT_DLC_RECURRENTOPS_TD
#define DLC_DIALECT_DLC_RECURRENTOPS_TD

include "dlc/Dialect/DLC/DLCBase.td"



#endif // DLC_DIALECT_DLC_RECURRENTOPS_TD
