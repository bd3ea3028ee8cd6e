//===- Model.cpp - model signature, MAC count, pipeline driver --------------===//
//
// See Model.h.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/Model.h"
#include "dlc/Dialect/DLC/DLCOps.h"
#include "dlc/Transforms/Parameters.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::dlc;

llvm::StringRef mlir::dlc::elementTypeName(ElementType type) {
  return type == ElementType::I64 ? "i64" : "f32";
}

int64_t mlir::dlc::elementSize(ElementType type) {
  return type == ElementType::I64 ? 8 : 4;
}

int64_t TensorSpec::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string TensorSpec::shapeString() const {
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s.empty() ? "scalar" : s;
}

std::string mlir::dlc::sanitizeName(StringRef name) {
  std::string out = name.str();
  for (char &c : out)
    if (!llvm::isAlnum(c) && c != '.' && c != '_' && c != '-')
      c = '_';
  return out;
}

/// The model function: @main if present, else the only public function.
static func::FuncOp findModelFunction(ModuleOp module) {
  if (auto main = module.lookupSymbol<func::FuncOp>("main"))
    if (!main.isExternal())
      return main;
  func::FuncOp found;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal() || func.isPrivate())
      continue;
    if (found)
      return nullptr;
    found = func;
  }
  return found;
}

/// Reads one tensor's spec, failing on anything but a static f32 or i64
/// tensor.
static FailureOr<TensorSpec> readSpec(func::FuncOp func, Type type,
                                      DictionaryAttr attrs, StringRef kind,
                                      unsigned index) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  Type element = tensor ? tensor.getElementType() : Type();
  bool isI64 = element && element.isSignlessInteger(64);
  bool known = element && (element.isF32() || isI64);
  if (!tensor || !tensor.hasStaticShape() || !known)
    return func.emitError() << kind << " " << index << " must be a statically shaped "
                            << (known ? (isI64 ? "i64" : "f32") : "f32 or i64")
                            << " tensor, got " << type;
  TensorSpec spec;
  spec.type = isI64 ? ElementType::I64 : ElementType::F32;
  spec.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  auto name = attrs ? attrs.getAs<StringAttr>("dlc.name") : StringAttr();
  spec.name = name ? name.str() : (kind + std::to_string(index)).str();
  return spec;
}

FailureOr<ModelSignature> mlir::dlc::getModelSignature(ModuleOp module) {
  func::FuncOp func = findModelFunction(module);
  if (!func)
    return module.emitError(
        "expected a model function: @main or a single public func.func");
  ModelSignature sig;
  sig.function = func.getSymName().str();
  FunctionType type = func.getFunctionType();
  if (type.getNumResults() == 0)
    return func.emitError("the model function has no results");
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    auto spec = readSpec(func, type.getInput(i), func.getArgAttrDict(i), "input", i);
    if (failed(spec))
      return failure();
    sig.inputs.push_back(*spec);
  }
  for (unsigned i = 0; i < type.getNumResults(); ++i) {
    auto spec =
        readSpec(func, type.getResult(i), func.getResultAttrDict(i), "output", i);
    if (failed(spec))
      return failure();
    sig.outputs.push_back(*spec);
  }
  llvm::StringSet<> seen;
  for (const TensorSpec &spec : llvm::concat<const TensorSpec>(sig.inputs, sig.outputs))
    if (!seen.insert(spec.name).second)
      return func.emitError("tensor name '") << spec.name << "' is used twice";
  return sig;
}

LogicalResult mlir::dlc::externalizeParameters(ModuleOp module, StringRef function) {
  PassManager pm = PassManager::on<ModuleOp>(module.getContext());
  ExternalizeParametersOptions options;
  options.entry = function.str();
  pm.addPass(createExternalizeParameters(options));
  return pm.run(module);
}

FailureOr<ParameterTable> mlir::dlc::readParameterTable(ModuleOp module) {
  ParameterTable table;
  if (auto parameters = module->getAttrOfType<ArrayAttr>(kParametersAttr)) {
    for (Attribute entry : parameters) {
      auto dict = dyn_cast<DictionaryAttr>(entry);
      auto name = dict ? dict.getAs<StringAttr>("name") : StringAttr();
      auto kind = dict ? dict.getAs<StringAttr>("kind") : StringAttr();
      auto value = dict ? dict.getAs<ElementsAttr>("value") : ElementsAttr();
      auto type = value ? dyn_cast<RankedTensorType>(value.getType()) : RankedTensorType();
      bool f32 = type && type.hasStaticShape() && type.getElementType().isF32() &&
                 (isa<DenseF32ResourceElementsAttr>(value) || isa<DenseElementsAttr>(value));
      if (!name || !kind || !f32)
        return module.emitError("malformed parameter table entry ") << entry;
      ParameterSpec spec;
      spec.name = name.str();
      spec.kind = kind.str();
      spec.shape.assign(type.getShape().begin(), type.getShape().end());
      table.parameters.push_back(std::move(spec));
      table.values.push_back(value);
    }
  }
  if (auto prepared = module->getAttrOfType<ArrayAttr>(kPreparedAttr)) {
    for (Attribute entry : prepared) {
      auto typeAttr = dyn_cast<TypeAttr>(entry);
      auto type = typeAttr ? dyn_cast<RankedTensorType>(typeAttr.getValue())
                           : RankedTensorType();
      if (!type || !type.hasStaticShape() ||
          !(type.getElementType().isF32() || type.getElementType().isSignlessInteger(64)))
        return module.emitError("malformed prepared value type ") << entry;
      TensorSpec spec;
      spec.name = "prepared" + std::to_string(table.prepared.size());
      spec.shape.assign(type.getShape().begin(), type.getShape().end());
      spec.type = type.getElementType().isF32() ? ElementType::F32 : ElementType::I64;
      table.prepared.push_back(std::move(spec));
    }
  }
  return table;
}

int64_t mlir::dlc::countMacs(ModuleOp module, StringRef function) {
  auto func = module.lookupSymbol<func::FuncOp>(function);
  if (!func)
    return 0;
  auto numel = [](Value v) { return cast<RankedTensorType>(v.getType()).getNumElements(); };
  int64_t macs = 0;
  func.walk([&](Operation *op) {
    if (auto conv = dyn_cast<Conv2DOp>(op)) {
      auto w = cast<RankedTensorType>(conv.getFilter().getType()).getShape();
      macs += numel(conv.getOutput()) * w[1] * w[2] * w[3];
    } else if (auto mm = dyn_cast<MatMulOp>(op)) {
      macs += numel(mm.getOutput()) *
              cast<RankedTensorType>(mm.getLhs().getType()).getShape().back();
    } else if (auto gemm = dyn_cast<GemmOp>(op)) {
      auto a = cast<RankedTensorType>(gemm.getA().getType()).getShape();
      macs += numel(gemm.getOutput()) * (gemm.getTransA() ? a[0] : a[1]);
    }
  });
  return macs;
}

static PipelineInstrumentation &instrumentation() {
  static PipelineInstrumentation settings;
  return settings;
}

void mlir::dlc::setPipelineInstrumentation(PipelineInstrumentation settings) {
  instrumentation() = std::move(settings);
}

std::vector<std::string> mlir::dlc::pipelinePassNames(MLIRContext *context,
                                                      const PipelineOptions &options) {
  PassManager pm = PassManager::on<ModuleOp>(context);
  buildDLCPipeline(pm, options);
  // From the textual pipeline, `builtin.module(a, func.func(b{x=1}), c)`:
  // the names not followed by `(` (an op's nested pipeline), options
  // (`{...}`) skipped.
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  std::vector<std::string> names;
  std::string name;
  int braces = 0;
  for (char c : text) {
    if (c == '{')
      ++braces;
    if (braces == 0 && (llvm::isAlnum(c) || c == '-' || c == '_' || c == '.')) {
      name += c;
      continue;
    }
    if (!name.empty() && c != '(' && !llvm::is_contained(names, name))
      names.push_back(name);
    name.clear();
    if (c == '}')
      --braces;
  }
  if (!name.empty() && !llvm::is_contained(names, name))
    names.push_back(name);
  return names;
}

/// Applies the process's PipelineInstrumentation to `pm`: IR printing, and
/// timing under `timing` when it is set.
static void instrument(PassManager &pm, std::optional<TimingScope> &timing) {
  const PipelineInstrumentation &settings = instrumentation();
  if (settings.printAfterAll || !settings.printAfter.empty()) {
    // (Printing the whole module needs the passes to run one at a time.)
    pm.getContext()->disableMultithreading();
    pm.enableIRPrinting(
        /*shouldPrintBeforePass=*/[](Pass *, Operation *) { return false; },
        /*shouldPrintAfterPass=*/
        [&settings](Pass *pass, Operation *) {
          return settings.printAfterAll ||
                 llvm::is_contained(settings.printAfter, pass->getArgument());
        },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false,
        /*printAfterOnlyOnFailure=*/false, llvm::errs());
  }
  if (timing)
    pm.enableTiming(*timing);
}

LogicalResult mlir::dlc::runPipeline(ModuleOp module, const PipelineOptions &options,
                                     PhaseTimes *times) {
  // The caller's input buffers are read-only: never bufferize in place on them.
  if (auto func = module.lookupSymbol<func::FuncOp>(options.entry))
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                      BoolAttr::get(module.getContext(), false));
  // --mlir-timing: one report (on stderr) when this function returns.
  DefaultTimingManager timingManager;
  std::optional<TimingScope> timing;
  if (instrumentation().timing) {
    timingManager.setEnabled(true);
    timing = timingManager.getRootScope();
  }
  if (!times) {
    PassManager pm = PassManager::on<ModuleOp>(module.getContext());
    buildDLCPipeline(pm, options);
    instrument(pm, timing);
    return pm.run(module);
  }
  for (int i = 0; i <= static_cast<int>(options.stopAfter); ++i) {
    auto phase = static_cast<Phase>(i);
    PassManager pm = PassManager::on<ModuleOp>(module.getContext());
    buildPhase(pm, phase, options);
    instrument(pm, timing);
    auto start = std::chrono::steady_clock::now();
    LogicalResult result = pm.run(module);
    times->emplace_back(phaseName(phase).str(), millisecondsSince(start));
    if (failed(result))
      return failure();
  }
  return success();
}

double mlir::dlc::millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}
