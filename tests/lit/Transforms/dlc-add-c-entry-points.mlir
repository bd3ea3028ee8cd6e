// RUN: dlc-opt %s --dlc-add-c-entry-points | FileCheck %s
// RUN: dlc-opt %s --dlc-add-c-entry-points=entry=net | FileCheck %s --check-prefix=NET

// The bufferized model function gets two C entry points: dlc_<f> with one
// pointer per memref argument, and dlc_<f>_packed with an array of them. The
// model function itself becomes internal; other functions are untouched.
// Invalid inputs are in dlc-add-c-entry-points-invalid.mlir.

// The default model function is @main.
// CHECK-LABEL: func.func private @main
// CHECK-SAME: (%{{.*}}: memref<1x3x4x4xf32>, %{{.*}}: memref<2x5xf32>)
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>}
// NET-LABEL: func.func @main
// NET-SAME: (%{{.*}}: memref<1x3x4x4xf32>, %{{.*}}: memref<2x5xf32>) {

// Each pointer becomes a static identity-layout descriptor (sizes and
// row-major strides) cast to the memref type.
// CHECK-LABEL: func.func @dlc_main
// CHECK-SAME: (%[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr) {
// CHECK: %[[D0:.*]] = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)>
// CHECK: %[[D1:.*]] = llvm.insertvalue %[[IN]], %[[D0]][0]
// CHECK: %[[D2:.*]] = llvm.insertvalue %[[IN]], %[[D1]][1]
// CHECK: %[[OFFSET:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK: llvm.insertvalue %[[OFFSET]], %[[D2]][2]
// CHECK: %[[SIZE3:.*]] = llvm.mlir.constant(4 : i64) : i64
// CHECK: llvm.insertvalue %[[SIZE3]], %{{.*}}[3, 3]
// CHECK: %[[STRIDE1:.*]] = llvm.mlir.constant(16 : i64) : i64
// CHECK: llvm.insertvalue %[[STRIDE1]], %{{.*}}[4, 1]
// CHECK: %[[STRIDE0:.*]] = llvm.mlir.constant(48 : i64) : i64
// CHECK: %[[DIN:.*]] = llvm.insertvalue %[[STRIDE0]], %{{.*}}[4, 0]
// CHECK: %[[MIN:.*]] = builtin.unrealized_conversion_cast %[[DIN]] : !llvm.struct<(ptr, ptr, i64, array<4 x i64>, array<4 x i64>)> to memref<1x3x4x4xf32>
// CHECK: llvm.insertvalue %[[OUT]], %{{.*}}[0] : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: %[[MOUT:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<2x5xf32>
// CHECK: call @main(%[[MIN]], %[[MOUT]]) : (memref<1x3x4x4xf32>, memref<2x5xf32>) -> ()
// CHECK: return
// The packed form loads each pointer from the array.
// CHECK-LABEL: func.func @dlc_main_packed
// CHECK-SAME: (%[[BUFFERS:.*]]: !llvm.ptr) {
// CHECK: %[[SLOT0:.*]] = llvm.getelementptr %[[BUFFERS]][0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P0:.*]] = llvm.load %[[SLOT0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[SLOT1:.*]] = llvm.getelementptr %[[BUFFERS]][1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
// CHECK: %[[P1:.*]] = llvm.load %[[SLOT1]] : !llvm.ptr -> !llvm.ptr
// CHECK: call @dlc_main(%[[P0]], %[[P1]]) : (!llvm.ptr, !llvm.ptr) -> ()
func.func @main(%x: memref<1x3x4x4xf32>, %out: memref<2x5xf32>) {
  return
}

// With entry=net, @net is wrapped instead.
// CHECK-LABEL: func.func @net
// CHECK-SAME: (%{{.*}}: memref<f32>) {
// CHECK-NOT: dlc_net
// NET-LABEL: func.func private @net
// NET-SAME: (%{{.*}}: memref<f32>) attributes {llvm.linkage = #llvm.linkage<internal>}

// A rank-0 memref's descriptor has no sizes and strides.
// NET-LABEL: func.func @dlc_net
// NET-SAME: (%[[P:.*]]: !llvm.ptr) {
// NET: %[[D0:.*]] = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
// NET: %[[D1:.*]] = llvm.insertvalue %[[P]], %[[D0]][0] : !llvm.struct<(ptr, ptr, i64)>
// NET: %[[D2:.*]] = llvm.insertvalue %[[P]], %[[D1]][1] : !llvm.struct<(ptr, ptr, i64)>
// NET: %[[D3:.*]] = llvm.insertvalue %{{.*}}, %[[D2]][2] : !llvm.struct<(ptr, ptr, i64)>
// NET: %[[M:.*]] = builtin.unrealized_conversion_cast %[[D3]] : !llvm.struct<(ptr, ptr, i64)> to memref<f32>
// NET: call @net(%[[M]]) : (memref<f32>) -> ()
// NET-LABEL: func.func @dlc_net_packed
// NET-SAME: (%{{.*}}: !llvm.ptr) {
// NET: call @dlc_net(%{{.*}}) : (!llvm.ptr) -> ()
// NET-NOT: dlc_main
func.func @net(%x: memref<f32>) {
  return
}
