//===- GraphDot.cpp - dlc compile --emit=dot --------------------------------===//
//
// The layer graph of a model for Graphviz: one box per layer (its name, op,
// result shapes and parameter count), the model's inputs and outputs as
// ellipses, an edge per tensor a layer reads from another, and the layers
// that run in one kernel of the compiled code (a convolution with its bias,
// activation and residual add) boxed together.
//
//===----------------------------------------------------------------------===//

#include "GraphDot.h"

#include "dlc/Analysis/Cost.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/StringSet.h"

#include <fmt/format.h>

#include <map>
#include <optional>

using namespace mlir;

namespace {

/// `text` as the inside of a DOT string: quotes and backslashes escaped,
/// control and non-ASCII bytes as \xNN (printable in any viewer).
std::string escape(llvm::StringRef text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c < 0x20 || c >= 0x7f)
      out += fmt::format("\\\\x{:02X}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::string shapeString(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor ? mlir::dlc::shapeText(tensor.getShape()) : "?";
}

/// Every layer name in `loc` (a fused location names several).
void collectNames(Location loc, llvm::StringSet<> &names) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    names.insert(name.getName().getValue());
    return;
  }
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      collectNames(inner, names);
}

} // namespace

auto ::dlc::kernelLayers(ModuleOp module, llvm::StringRef function)
    -> std::vector<std::vector<std::string>> {
  std::vector<std::vector<std::string>> kernels;
  auto func = module.lookupSymbol<func::FuncOp>(function);
  if (!func || func.isExternal())
    return kernels;
  for (Operation &op : func.getBody().getOps()) {
    if (op.getNumRegions() == 0)
      continue;
    llvm::StringSet<> names;
    op.walk([&](Operation *inner) { collectNames(inner->getLoc(), names); });
    std::vector<std::string> layers;
    for (const auto &name : names)
      layers.push_back(name.getKey().str());
    std::sort(layers.begin(), layers.end());
    kernels.push_back(std::move(layers));
  }
  return kernels;
}

auto ::dlc::layerGraphDot(ModuleOp module, llvm::StringRef function, llvm::StringRef title,
                          const std::vector<std::vector<std::string>> &kernels)
    -> std::string {
  auto func = module.lookupSymbol<func::FuncOp>(function);
  std::string dot;
  auto line = [&](const std::string &text) { dot += text + "\n"; };
  line(fmt::format("digraph \"{}\" {{", escape(title)));
  line("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=11, labelloc=t, "
       "label=\"" + escape(title) + "\"];");
  line("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\", "
       "fontname=\"Helvetica\", fontsize=10];");
  line("  edge [color=\"#5a6b80\", arrowsize=0.6];");

  // Node ids: inputs, layers (dlc ops but constants), outputs.
  llvm::DenseMap<Value, std::string> producer;
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    auto name = func.getArgAttrOfType<StringAttr>(i, "dlc.name");
    std::string id = fmt::format("input{}", i);
    producer[arg] = id;
    line(fmt::format("  {} [shape=ellipse, fillcolor=\"#e6f4ea\", label=\"{}\\n{}\"];", id,
                     escape(name ? name.getValue() : llvm::StringRef(id)),
                     shapeString(arg.getType())));
  }
  // Parameters per layer, as `dlc stats` counts them (same walk order).
  mlir::dlc::ModelCost cost = mlir::dlc::analyzeCost(func);
  // Each layer name's nodes (a name may label several ops), in order.
  std::vector<std::vector<std::string>> layerNodes;
  std::map<std::string, size_t> layerIndex;
  size_t index = 0;
  func.walk([&](Operation *op) {
    if (!op->getDialect() || op->getDialect()->getNamespace() != "dlc" ||
        op->getName().stripDialect() == "constant")
      return;
    const mlir::dlc::LayerCost &layer = cost.layers[index];
    std::string id = fmt::format("layer{}", index++);
    std::string shapes;
    for (Value result : op->getResults())
      shapes += (shapes.empty() ? "" : ", ") + shapeString(result.getType());
    std::string label = escape(layer.name) + "\\n" + escape(layer.op) + "  " + shapes;
    if (layer.params)
      label += fmt::format("\\n{} params", layer.params);
    line(fmt::format("  {} [label=\"{}\"];", id, label));
    auto [at, added] = layerIndex.try_emplace(layer.name, layerNodes.size());
    if (added)
      layerNodes.emplace_back();
    layerNodes[at->second].push_back(id);
    for (Value operand : op->getOperands())
      if (auto it = producer.find(operand); it != producer.end())
        line(fmt::format("  {} -> {};", it->second, id));
    for (Value result : op->getResults())
      producer[result] = id;
  });
  auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    auto name = func.getResultAttrOfType<StringAttr>(i, "dlc.name");
    std::string id = fmt::format("output{}", i);
    line(fmt::format("  {} [shape=ellipse, fillcolor=\"#fdf1e0\", label=\"{}\\n{}\"];", id,
                     escape(name ? name.getValue() : llvm::StringRef(id)),
                     shapeString(value.getType())));
    if (auto it = producer.find(value); it != producer.end())
      line(fmt::format("  {} -> {};", it->second, id));
  }

  // Layers one kernel runs are one group (a layer split over several
  // kernels joins them all): union-find over the layers' indices.
  std::vector<size_t> parent(layerNodes.size());
  for (size_t i = 0; i < parent.size(); ++i)
    parent[i] = i;
  auto find = [&](size_t i) {
    while (parent[i] != i)
      i = parent[i] = parent[parent[i]];
    return i;
  };
  auto indexOf = [&](const std::string &name) -> std::optional<size_t> {
    auto it = layerIndex.find(name);
    if (it == layerIndex.end())
      return std::nullopt;
    return it->second;
  };
  for (const std::vector<std::string> &kernel : kernels) {
    std::optional<size_t> first;
    for (const std::string &name : kernel)
      if (std::optional<size_t> i = indexOf(name)) {
        if (first)
          parent[find(*i)] = find(*first);
        else
          first = i;
      }
  }
  std::map<size_t, std::vector<size_t>> groups;
  for (size_t i = 0; i < parent.size(); ++i)
    groups[find(i)].push_back(i);
  int cluster = 0;
  for (const auto &[root, members] : groups) {
    if (members.size() < 2)
      continue;
    line(fmt::format("  subgraph cluster_{} {{", cluster++));
    line("    label=\"one kernel\"; fontsize=9; style=\"dashed,rounded\"; "
         "color=\"#c77800\";");
    for (size_t i : members)
      for (const std::string &id : layerNodes[i])
        line("    " + id + ";");
    line("  }");
  }
  line("}");
  return dot;
}
