//===- CompileErrorTest.cpp - invalid models fail cleanly ------------------===//
//
// compile() and run() must report an invalid model or input as an error
// value with a diagnostic, never crash. The models are parsed without
// verification so that compile(), not the parser, meets the malformed op;
// each test checks the diagnostic's text, not just the failure.
//
//===----------------------------------------------------------------------===//

#include "OpTestUtils.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

using namespace dlc::test;

namespace {

/// What compiling `model` (parsed without verification) produced.
struct CompileOutcome {
  bool parsed = false;
  bool compiled = false;
  std::string error;       ///< compile()'s error, if it failed
  std::string diagnostics; ///< every diagnostic emitted meanwhile
};

CompileOutcome compileUnverified(const std::string &model) {
  mlir::MLIRContext &ctx = context();
  CompileOutcome outcome;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &diag) {
    outcome.diagnostics += diag.str() + "\n";
    return mlir::success();
  });
  mlir::ParserConfig config(&ctx, /*verifyAfterParse=*/false);
  auto module = mlir::parseSourceString<mlir::ModuleOp>(model, config);
  outcome.parsed = static_cast<bool>(module);
  if (!module)
    return outcome;
  auto exe = mlir::dlc::Executable::compile(*module, optimized());
  outcome.compiled = static_cast<bool>(exe);
  if (!exe)
    outcome.error = llvm::toString(exe.takeError());
  return outcome;
}

TEST(CompileErrorTest, MatmulContractingDimensionMismatch) {
  // K is 4 on the left and 5 on the right.
  CompileOutcome out = compileUnverified(R"mlir(
func.func @main(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) -> tensor<3x6xf32> {
  %0 = dlc.matmul %a, %b : (tensor<3x4xf32>, tensor<5x6xf32>) -> tensor<3x6xf32>
  return %0 : tensor<3x6xf32>
}
)mlir");
  ASSERT_TRUE(out.parsed) << out.diagnostics;
  EXPECT_FALSE(out.compiled);
  EXPECT_NE(out.diagnostics.find("contracting dimensions differ: lhs 3x4 has K = 4 "
                                 "but rhs 5x6 has K = 5"),
            std::string::npos)
      << "diagnostics:\n"
      << out.diagnostics << "error: " << out.error;
}

TEST(CompileErrorTest, DeclaredResultShapeDisagreesWithInference) {
  // A 3x3 convolution without padding makes 6x6, not 8x8.
  CompileOutcome out = compileUnverified(R"mlir(
func.func @main(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %0 = dlc.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}
)mlir");
  ASSERT_TRUE(out.parsed) << out.diagnostics;
  EXPECT_FALSE(out.compiled);
  EXPECT_NE(out.diagnostics.find("'tensor<1x4x6x6xf32>' are incompatible with return "
                                 "type(s) of operation 'tensor<1x4x8x8xf32>'"),
            std::string::npos)
      << "diagnostics:\n"
      << out.diagnostics << "error: " << out.error;
}

TEST(CompileErrorTest, BroadcastIncompatibleShapes) {
  CompileOutcome out = compileUnverified(R"mlir(
func.func @main(%a: tensor<3x4xf32>, %b: tensor<5xf32>) -> tensor<3x4xf32> {
  %0 = dlc.add %a, %b : (tensor<3x4xf32>, tensor<5xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
)mlir");
  ASSERT_TRUE(out.parsed) << out.diagnostics;
  EXPECT_FALSE(out.compiled);
  EXPECT_NE(out.diagnostics.find("operand shapes 3x4 and 5 are not broadcast-compatible"),
            std::string::npos)
      << "diagnostics:\n"
      << out.diagnostics << "error: " << out.error;
}

TEST(CompileErrorTest, DynamicInputShape) {
  CompileOutcome out = compileUnverified(R"mlir(
func.func @main(%a: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %a : tensor<?x4xf32>
}
)mlir");
  ASSERT_TRUE(out.parsed) << out.diagnostics;
  EXPECT_FALSE(out.compiled);
  EXPECT_NE(out.diagnostics.find("input 0 must be a statically shaped f32 tensor, "
                                 "got 'tensor<?x4xf32>'"),
            std::string::npos)
      << "diagnostics:\n"
      << out.diagnostics << "error: " << out.error;
}

TEST(RunErrorTest, WrongInputShapeAndCount) {
  mlir::MLIRContext &ctx = context();
  auto module = mlir::parseSourceString<mlir::ModuleOp>(
      buildModel("relu", {{2, 3}}, {}, {2, 3}, /*unaryFormat=*/true), &ctx);
  ASSERT_TRUE(module);
  auto exe = mlir::dlc::Executable::compile(*module, optimized());
  ASSERT_TRUE(static_cast<bool>(exe)) << llvm::toString(exe.takeError());

  auto wrongShape = (*exe)->run({Tensor{{3, 2}, std::vector<float>(6)}});
  ASSERT_FALSE(static_cast<bool>(wrongShape));
  EXPECT_EQ(llvm::toString(wrongShape.takeError()), "input 'input0' must have shape 2x3");

  auto wrongCount = (*exe)->run(std::vector<Tensor>{});
  ASSERT_FALSE(static_cast<bool>(wrongCount));
  EXPECT_EQ(llvm::toString(wrongCount.takeError()), "the model takes 1 inputs, got 0");
}

} // namespace
