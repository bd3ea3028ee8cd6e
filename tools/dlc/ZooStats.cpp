//===- ZooStats.cpp - the `dlc stats` and `dlc zoo` subcommands -------------===//
//
// stats: one row per layer (name, op, output shape, parameters, MACs) from
// the cost model in dlc/Analysis/Cost.h, then `total: params=P macs=M`.
// zoo: builds a zoo model with the Graph API and saves it; Graph errors
// (an input too small, an unknown model) become `dlc: error: ...`.
//
//===----------------------------------------------------------------------===//

#include "ZooStats.h"
#include "Diagnostics.h"
#include "Session.h"

#include "dlc/Analysis/Cost.h"
#include "dlc/Frontend/Models.h"
#include "dlc/Target/Model.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <fmt/format.h>

namespace {
std::string shapeText(const std::vector<std::vector<int64_t>> &shapes) {
  std::string text;
  for (size_t i = 0; i < shapes.size(); ++i)
    text += (i ? "," : "") + mlir::dlc::shapeText(shapes[i]);
  return text;
}
} // namespace

int dlc::statsCommand(const std::string &modelPath) {
  Session session;
  auto module = session.load(modelPath);
  if (!module)
    return 1;
  auto sig = mlir::dlc::getModelSignature(*module);
  if (mlir::failed(sig))
    return 1;
  auto func = module->lookupSymbol<mlir::func::FuncOp>(sig->function);
  mlir::dlc::ModelCost cost = mlir::dlc::analyzeCost(func);

  size_t nameWidth = 5, opWidth = 2, shapeWidth = 6;
  for (const auto &layer : cost.layers) {
    nameWidth = std::max(nameWidth, layer.name.size());
    opWidth = std::max(opWidth, layer.op.size());
    shapeWidth = std::max(shapeWidth, shapeText(layer.outputShapes).size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<{}}  {:>12}  {:>16}\n", "layer",
                                nameWidth, "op", opWidth, "output", shapeWidth, "params",
                                "macs");
  for (const auto &layer : cost.layers)
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {:>12}  {:>16}\n", layer.name, nameWidth,
                       layer.op, opWidth, shapeText(layer.outputShapes), shapeWidth,
                       layer.params, layer.macs);
  out += fmt::format("total: params={} macs={}\n", cost.params, cost.macs);
  fmt::print("{}", out);
  return 0;
}

int dlc::zooCommand(const ZooArgs &args) {
  if (args.list) {
    for (const auto &m : dlc::zoo::models())
      fmt::print("{:<22} {}\n", m.name, m.description);
    return 0;
  }
  if (args.name.empty())
    return fail("expected a model name (dlc zoo --list shows them)");
  if (args.output.empty())
    return fail("expected -o FILE.mlir");
  if (args.classes < 0 || args.inputSize < 0 || args.batch <= 0)
    return fail("--classes and --input-size must be positive (or 0 for the default) "
                "and --batch positive");
  try {
    dlc::zoo::ZooOptions options;
    options.classes = args.classes;
    options.inputSize = args.inputSize;
    options.batch = args.batch;
    options.seed = args.seed;
    std::unique_ptr<dlc::Graph> graph = dlc::zoo::buildModel(args.name, options);
    graph->save(args.output);
  } catch (const dlc::GraphError &e) {
    return fail(e.what());
  }
  return 0;
}
