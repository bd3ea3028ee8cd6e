//===- Passes.td - dlc conversion passes -------------------*- tablegen -*-===//
//
// Dialect conversions out of dlc. Named AToB in header, folder, test and flag.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CONVERSION_PASSES_TD
#define DLC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertDLCToLinalg : Pass<"convert-dlc-to-linalg", "func::FuncOp"> {
  let summary = "Lower dlc layer ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Every dlc op becomes named linalg ops (convolution, pooling, matmul,
    transpose) or `linalg.generic` (elementwise with broadcasting,
    reductions), still on tensors with value semantics, so that tiling,
    fusion and vectorization run before bufferization.
  }];
  // scf: recurrent layers loop over time; bufferization: their state copies.
  let dependentDialects = ["linalg::LinalgDialect", "tensor::TensorDialect",
                           "arith::ArithDialect", "math::MathDialect",
                           "scf::SCFDialect",
                           "bufferization::BufferizationDialect"];
}

#endif // DLC_CONVERSION_PASSES_TD
