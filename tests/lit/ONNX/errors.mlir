// Bad ONNX input: each ends with "dlc: error: <file>: ...", exit code 1 and
// nothing written; no crash.
// RUN: rm -rf %t && %python %S/Inputs/make_models.py %t

// RUN: not dlc run %t/truncated.onnx -o %t/out-truncated 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: not ls %t/out-truncated
// TRUNCATED: dlc: error: {{.*}}truncated.onnx: not a valid ONNX model: the protobuf data is truncated or corrupt

// RUN: not dlc import %t/corrupt.onnx -o %t/corrupt.mlir 2>&1 | FileCheck %s --check-prefix=CORRUPT
// RUN: not ls %t/corrupt.mlir
// CORRUPT: dlc: error: {{.*}}corrupt.onnx: not a valid ONNX model: the protobuf data is truncated or corrupt

// An empty file is a valid, empty protobuf message, but no model.
// RUN: touch %t/empty.onnx
// RUN: not dlc compile %t/empty.onnx -o %t/empty.so 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: not ls %t/empty.so
// EMPTY: dlc: error: {{.*}}empty.onnx: not an ONNX model: the file holds no graph with outputs

// RUN: not dlc run %t/missing_initializer.onnx 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: dlc: error: {{.*}}missing_initializer.onnx: node 'conv' (Conv): input 'conv.weight' is not a graph input, an initializer or the output of an earlier node (a missing initializer, or nodes out of order)

// Every unsupported operator at once, grouped, with node names and opsets.
// RUN: not dlc stats %t/unsupported.onnx 2>&1 | FileCheck %s --check-prefix=OPS
// OPS: dlc: error: {{.*}}unsupported.onnx: 3 nodes use ONNX operators dlc does not support: NonZero (opset 11) at node 'nonzero'; TopK (opset 11) at nodes 'topk_a', 'topk_b'
// OPS-NOT: error

// RUN: not dlc run %t/bad_broadcast.onnx 2>&1 | FileCheck %s --check-prefix=BROADCAST
// BROADCAST: dlc: error: {{.*}}bad_broadcast.onnx: node 'add1' (Add): operand shapes 2x3 and 2x4 are not broadcast-compatible

// RUN: not dlc run %t/bad_channels.onnx 2>&1 | FileCheck %s --check-prefix=WEIGHTS
// WEIGHTS: dlc: error: {{.*}}bad_channels.onnx: node 'conv' (Conv): filter expects 4 input channels (4 per group x 1 groups) but the input has 3

// A declared shape the computation contradicts is a warning (ONNX Runtime's
// rule); the model runs with the computed shape.
// RUN: %python -c "import numpy; numpy.save('%t/a23.npy', numpy.ones((2, 3), numpy.float32))"
// RUN: dlc run %t/bad_declared.onnx -i a=%t/a23.npy 2>&1 | FileCheck %s --check-prefix=DECLARED
// DECLARED: dlc: warning: {{.*}}bad_declared.onnx: graph output 'y' is declared 3x2 but computes to 2x3; dlc uses the computed shape
// DECLARED: output 'y' 2x3: [1, 1, 1, 1, 1, 1]

// RUN: not dlc run %t/bad_attr_type.onnx 2>&1 | FileCheck %s --check-prefix=ATTRTYPE
// ATTRTYPE: dlc: error: {{.*}}bad_attr_type.onnx: node 'hs' (HardSigmoid): attribute 'alpha' must be FLOAT, got INT

// RUN: not dlc run %t/opset21.onnx 2>&1 | FileCheck %s --check-prefix=OPSET
// OPSET: dlc: error: {{.*}}opset21.onnx: ONNX opset 21 is not supported: dlc imports opsets 7 to 20
// RUN: dlc compile %t/opset18_relu.onnx --emit=dlc -o - | FileCheck %s --check-prefix=OPSET18
// OPSET18: dlc.relu
// RUN: not dlc run %t/opset18_changed.onnx 2>&1 | FileCheck %s --check-prefix=CHANGED
// CHANGED: dlc: error: {{.*}}opset18_changed.onnx: ONNX opset 18 imports only operators defined as at opset 17; these changed: ReduceMean (opset 18: axes input); Split (opset 18: num_outputs)

// RUN: not dlc run %t/gelu_fast.onnx 2>&1 | FileCheck %s --check-prefix=GELU
// GELU: dlc: error: {{.*}}gelu_fast.onnx: node 'gelu' (Gelu): {{.*}}approximate must be 'none' or 'tanh', got 'fast'

// RUN: not dlc run %t/bool_output.onnx 2>&1 | FileCheck %s --check-prefix=BOOL
// BOOL: dlc: error: {{.*}}bool_output.onnx: graph output 'y' has element type BOOL; dlc models produce float32 or int64 outputs

// Inputs of the wrong shape: rank, then a static dimension.
// RUN: not dlc run %t/cnn.onnx -i image=%t/image_bad_rank.npy -o %t/out-rank 2>&1 | FileCheck %s --check-prefix=RANK
// RUN: not ls %t/out-rank
// RANK: dlc: error: {{.*}}cnn.onnx: input 'image' has rank 4 in the model, but the given tensor has shape 3x8x8
// RUN: not dlc run %t/cnn.onnx -i image=%t/image_bad_channels.npy 2>&1 | FileCheck %s --check-prefix=CHANNELS
// CHANNELS: dlc: error: {{.*}}cnn.onnx: input 'image' must have shape Nx3x8x8 but the given tensor has shape 2x4x8x8
// RUN: not dlc run %t/cnn.onnx -i image=%t/corrupt.pb 2>&1 | FileCheck %s --check-prefix=BADPB
// BADPB: dlc: error: '{{.*}}corrupt.pb': not an ONNX TensorProto (truncated or corrupt protobuf data)
// BADPB-NOT: warning
// RUN: not dlc run %t/cnn.onnx -i image=%t/image2.npy -i label=%t/x26.npy 2>&1 | FileCheck %s --check-prefix=NONAME
// NONAME: dlc: error: {{.*}}cnn.onnx: the model has no input named 'label' (its inputs: image)

// A shape operand computed at run time cannot be compiled statically.
// RUN: not dlc compile %t/reshape_input.onnx -o %t/reshape.so 2>&1 | FileCheck %s --check-prefix=DYNSHAPE
// RUN: not ls %t/reshape.so
// DYNSHAPE: dlc: error: {{.*}}reshape_input.onnx: node 'y' (Reshape): the shape ('shape') must be known at import time: an initializer, a Constant, a computation on shapes, or an int64 input whose value is given (dlc compiles static shapes)

// dlc import takes ONNX models only.
// RUN: not dlc import %t/image2.npy 2>&1 | FileCheck %s --check-prefix=NOTONNX
// NOTONNX: dlc: error: '{{.*}}image2.npy': dlc import reads an ONNX model (.onnx)

// Mod and ScatterND fold only: on run-time values, with a float Mod that
// asks for the divisor's sign (ONNX requires fmod = 1), dividing by zero,
// or scattering out of range they are refused.
// RUN: not dlc run %t/mod_runtime.onnx -o %t/out-mod 2>&1 | FileCheck %s --check-prefix=MODLIVE
// RUN: not ls %t/out-mod
// MODLIVE: dlc: error: {{.*}}mod_runtime.onnx: node 'mod' (Mod): is supported only on values known at import time
// RUN: not dlc run %t/mod_float_fmod0.onnx 2>&1 | FileCheck %s --check-prefix=MODFMOD
// MODFMOD: dlc: error: {{.*}}mod_float_fmod0.onnx: node 'mod' (Mod): attribute 'fmod' must be 1 for floating-point inputs
// RUN: not dlc run %t/mod_zero.onnx 2>&1 | FileCheck %s --check-prefix=MODZERO
// MODZERO: dlc: error: {{.*}}mod_zero.onnx: node 'mod' (Mod): integer division or modulo by zero
// RUN: not dlc run %t/scatternd_runtime.onnx 2>&1 | FileCheck %s --check-prefix=SCATTERLIVE
// SCATTERLIVE: dlc: error: {{.*}}scatternd_runtime.onnx: node 'scatter' (ScatterND): is supported only on values known at import time
// RUN: not dlc run %t/scatternd_range.onnx 2>&1 | FileCheck %s --check-prefix=SCATTERRANGE
// SCATTERRANGE: dlc: error: {{.*}}scatternd_range.onnx: node 'scatter' (ScatterND): index 2 is out of range for dimension 0 of extent 2
// RUN: not dlc run %t/dropout_mask.onnx 2>&1 | FileCheck %s --check-prefix=DROPMASK
// DROPMASK: dlc: error: {{.*}}dropout_mask.onnx: node 'drop' (Dropout): the mask output of a training-mode Dropout is not supported (it is a bool tensor, and dlc has none)
