// RUN: dlc-opt %s -split-input-file --dlc-add-c-entry-points -verify-diagnostics

// The model functions dlc-add-c-entry-points refuses to wrap.

// The model function must be there.
// expected-error @+1 {{no function named 'main' to wrap}}
module {
  func.func @other(%x: memref<8xf32>) {
    return
  }
}

// -----

// Results must already be out-parameters.
// expected-error @+1 {{expected the bufferized model function to return its results through out-parameters, found 1 results}}
func.func @main(%x: memref<8xf32>) -> memref<8xf32> {
  return %x : memref<8xf32>
}

// -----

// A dynamic shape cannot be described by one pointer.
// expected-error @+1 {{expected static identity-layout memref arguments, found 'memref<?xf32>'}}
func.func @main(%x: memref<?xf32>) {
  return
}

// -----

// Neither can a strided (non-contiguous) layout.
// expected-error @+1 {{expected static identity-layout memref arguments, found 'memref<4x4xf32, strided<[8, 1]>>'}}
func.func @main(%x: memref<4x4xf32, strided<[8, 1]>>) {
  return
}

// -----

// The function must be bufferized.
// expected-error @+1 {{expected static identity-layout memref arguments, found 'tensor<4xf32>'}}
func.func @main(%x: tensor<4xf32>) {
  return
}
