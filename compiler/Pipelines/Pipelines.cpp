//===- Pipelines.cpp - dlc compilation pipelines ----------------------------===//
//
// Builds each phase's pass list. Notes on ordering that are easy to break:
// tiling and vectorization run on tensors (accumulator hoisting needs it);
// `expand-strided-metadata` introduces affine ops, hence a second
// `lower-affine`; `convert-ub-to-llvm` removes the poison values vector
// lowering leaves behind; OpenMP conversion must precede func-to-llvm.
//
//===----------------------------------------------------------------------===//

#include "dlc/Pipelines/Pipelines.h"
#include "dlc/Conversion/Passes.h"
#include "dlc/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::dlc;

std::optional<Phase> mlir::dlc::parsePhase(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Phase>>(name)
      .Case("dlc", Phase::DLC)
      .Case("linalg", Phase::Linalg)
      .Case("vectorized", Phase::Vectorized)
      .Case("bufferized", Phase::Bufferized)
      .Case("llvm", Phase::LLVM)
      .Default(std::nullopt);
}

void mlir::dlc::buildDLCCleanupPipeline(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createFoldBatchNorm());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::dlc::buildLowerToLinalgPipeline(OpPassManager &pm) {
  pm.addNestedPass<func::FuncOp>(createConvertDLCToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createFuseElementwise());
  pm.addNestedPass<func::FuncOp>(createFuseConvEpilogue());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::dlc::buildVectorizePipeline(OpPassManager &pm,
                                       const PipelineOptions &options) {
  if (!options.vectorize)
    return;
  pm.addNestedPass<func::FuncOp>(createPadInPlace());
  ConvToGemmOptions convOptions;
  convOptions.vectorBits = options.vectorBits;
  pm.addNestedPass<func::FuncOp>(createConvToGemm(convOptions));
  // The kernel passes' common options: threads or not, the vector width.
  auto kernelOptions = [&](auto passOptions) {
    passOptions.parallel = options.parallel;
    passOptions.vectorBits = options.vectorBits;
    return passOptions;
  };
  pm.addNestedPass<func::FuncOp>(createTileAndVectorize(kernelOptions(TileAndVectorizeOptions())));
  // (Windows before elementwise ops: a window op's activation is its
  // epilogue, still a linalg op.)
  pm.addNestedPass<func::FuncOp>(createVectorizeWindows(kernelOptions(VectorizeWindowsOptions())));
  pm.addNestedPass<func::FuncOp>(
      createVectorizeElementwise(kernelOptions(VectorizeElementwiseOptions())));
  pm.addNestedPass<func::FuncOp>(
      createVectorizeReductions(kernelOptions(VectorizeReductionsOptions())));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void mlir::dlc::buildBufferizePipeline(OpPassManager &pm) {
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(createHoistParameterComputation());
  pm.addNestedPass<func::FuncOp>(createSplitEmptyTensors());
  pm.addPass(createEntryBoundaries());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // Weights become flat LLVM arrays (nested ones dominate compile time).
  pm.addPass(createFlattenGlobals());
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferResultsToOutParamsPassOptions outParams;
  outParams.hoistStaticAllocs = true;
  outParams.modifyPublicFunctions = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  pm.addNestedPass<func::FuncOp>(createResultsInOutParams());
  bufferization::buildBufferDeallocationPipeline(pm);
  pm.addNestedPass<func::FuncOp>(createDeallocAfterLastUse());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createPlanMemory());
}

void mlir::dlc::buildLowerToLLVMPipeline(OpPassManager &pm,
                                         const PipelineOptions &options) {
  if (options.profile)
    pm.addPass(createProfileKernels());
  AddCEntryPointsOptions entry;
  entry.entry = options.entry;
  pm.addPass(createAddCEntryPoints(entry));
  pm.addPass(createOutlineKernels());
  // What lowers one function at a time runs on the kernels (outlined above)
  // in parallel; module passes in between.
  OpPassManager &loops = pm.nest<func::FuncOp>();
  if (options.parallel)
    loops.addPass(createForallToParallelLoopPass());
  else
    loops.addPass(createForallToForLoopPass());
  loops.addPass(createCopiesToLoops());
  loops.addPass(createConvertLinalgToLoopsPass());
  loops.addPass(createLowerVectors());
  // Unroll N-D transfers into 1-D ones rather than staging them in allocas.
  loops.addPass(createConvertVectorToSCFPass(
      VectorTransferToSCFOptions().enableFullUnroll().setTargetRank(1)));
  if (options.parallel)
    pm.addPass(createConvertSCFToOpenMPPass());
  OpPassManager &views = pm.nest<func::FuncOp>();
  views.addPass(createLowerAffinePass());
  views.addPass(memref::createExpandStridedMetadataPass());
  views.addPass(createLowerAffinePass());
  // MemRef lowering precedes scf-to-cf: the OpenMP conversion wraps loop
  // bodies in memref.alloca_scope, which must still be single-block when it
  // is inlined.
  // Buffers through dlc's allocation functions (large ones mapped for
  // themselves: the resident size follows the live buffers).
  pm.addPass(createBufferAllocator());
  FinalizeMemRefToLLVMConversionPassOptions memrefToLLVM;
  memrefToLLVM.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefToLLVM));
  OpPassManager &bodies = pm.nest<func::FuncOp>();
  bodies.addPass(createSCFToControlFlowPass());
  bodies.addPass(createConvertVectorToLLVMPass());
  bodies.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  OpPassManager &scalars = pm.nest<func::FuncOp>();
  scalars.addPass(createArithToLLVMConversionPass());
  scalars.addPass(createConvertIndexToLLVMPass());
  if (options.parallel)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addNestedPass<LLVM::LLVMFuncOp>(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addNestedPass<LLVM::LLVMFuncOp>(createCanonicalizerPass());
}

void mlir::dlc::buildPhase(OpPassManager &pm, Phase phase,
                           const PipelineOptions &options) {
  switch (phase) {
  case Phase::DLC:
    if (options.externalizeParameters) {
      ExternalizeParametersOptions externalize;
      externalize.entry = options.entry;
      pm.addPass(createExternalizeParameters(externalize));
    }
    buildDLCCleanupPipeline(pm);
    return;
  case Phase::Linalg:
    buildLowerToLinalgPipeline(pm);
    return;
  case Phase::Vectorized:
    buildVectorizePipeline(pm, options);
    return;
  case Phase::Bufferized:
    buildBufferizePipeline(pm);
    return;
  case Phase::LLVM:
    buildLowerToLLVMPipeline(pm, options);
    return;
  }
}

void mlir::dlc::buildDLCPipeline(OpPassManager &pm, const PipelineOptions &options) {
  for (int phase = 0; phase <= static_cast<int>(options.stopAfter); ++phase)
    buildPhase(pm, static_cast<Phase>(phase), options);
}

llvm::StringRef mlir::dlc::phaseName(Phase phase) {
  switch (phase) {
  case Phase::DLC: return "dlc";
  case Phase::Linalg: return "linalg";
  case Phase::Vectorized: return "vectorized";
  case Phase::Bufferized: return "bufferized";
  case Phase::LLVM: return "llvm";
  }
  return "";
}

namespace {
struct CompileOptions : public PassPipelineOptions<CompileOptions> {
  Option<bool> parallel{*this, "parallel",
                        llvm::cl::desc("Multithread contractions with OpenMP"),
                        llvm::cl::init(true)};
  Option<std::string> entry{*this, "entry",
                            llvm::cl::desc("The model function"),
                            llvm::cl::init("main")};
  Option<int64_t> vectorBits{*this, "vector-bits",
                             llvm::cl::desc("Vector width the kernels are shaped "
                                            "for (0: the host's)"),
                             llvm::cl::init(0)};
  Option<bool> profile{*this, "profile",
                       llvm::cl::desc("Time each kernel (dlc-profile-kernels)"),
                       llvm::cl::init(false)};
  Option<bool> externalizeParameters{
      *this, "externalize-parameters",
      llvm::cl::desc("Parameters as arguments (dlc-externalize-parameters)"),
      llvm::cl::init(false)};
  Option<std::string> stopAfter{*this, "stop-after",
                                llvm::cl::desc("dlc|linalg|vectorized|bufferized|llvm"),
                                llvm::cl::init("llvm")};
  PipelineOptions get() const {
    PipelineOptions options;
    options.parallel = parallel;
    options.entry = entry;
    options.vectorBits = vectorBits;
    options.profile = profile;
    options.externalizeParameters = externalizeParameters;
    options.stopAfter = parsePhase(stopAfter).value_or(Phase::LLVM);
    return options;
  }
};
} // namespace

void mlir::dlc::registerDLCPipelines() {
  PassPipelineRegistration<>("dlc-cleanup", "Canonicalize the dlc graph",
                             buildDLCCleanupPipeline);
  PassPipelineRegistration<>("dlc-lower-to-linalg",
                             "Lower dlc to linalg on tensors and fuse elementwise ops",
                             buildLowerToLinalgPipeline);
  PassPipelineRegistration<CompileOptions>(
      "dlc-vectorize", "Tile and vectorize contractions",
      [](OpPassManager &pm, const CompileOptions &o) {
        buildVectorizePipeline(pm, o.get());
      });
  PassPipelineRegistration<>("dlc-bufferize",
                             "Bufferize with out-parameters and deallocation",
                             buildBufferizePipeline);
  PassPipelineRegistration<CompileOptions>(
      "dlc-lower-to-llvm", "Lower bufferized IR to the LLVM dialect",
      [](OpPassManager &pm, const CompileOptions &o) {
        buildLowerToLLVMPipeline(pm, o.get());
      });
  PassPipelineRegistration<CompileOptions>(
      "dlc-compile", "The whole pipeline, up to stop-after",
      [](OpPassManager &pm, const CompileOptions &o) {
        buildDLCPipeline(pm, o.get());
      });
}
