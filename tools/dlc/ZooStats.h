//===- ZooStats.h - the `dlc stats` and `dlc zoo` subcommands ----*- C++ -*-===//
//
// `dlc stats MODEL` prints the per-layer cost table; `dlc zoo` writes a
// model of the zoo as .mlir or lists the zoo.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_ZOOSTATS_H
#define DLC_TOOLS_DLC_ZOOSTATS_H

#include <cstdint>
#include <string>

namespace dlc {

struct ZooArgs {
  std::string name, output;
  bool list = false;
  int64_t classes = 0, inputSize = 0, batch = 1;
  uint64_t seed = 0;
};

int statsCommand(const std::string &model);
int zooCommand(const ZooArgs &args);

} // namespace dlc

#endif // DLC_TOOLS_DLC_ZOOSTATS_H
