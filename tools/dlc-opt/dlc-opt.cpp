//===- dlc-opt.cpp - the dlc optimizer driver -------------------------------===//
//
// MlirOptMain with the dlc dialect, every dlc pass and pipeline, and the
// upstream dialects and passes the pipelines produce, for FileCheck tests.
//
//===----------------------------------------------------------------------===//

#include "dlc/Registration.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::dlc::registerDialects(registry);
  mlir::dlc::registerPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "dlc optimizer driver\n", registry));
}
