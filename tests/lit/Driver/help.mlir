// `dlc --help` lists dlc's subcommands, not the LLVM options its libraries
// register (hundreds of backend flags); each subcommand's help lists its own
// options. `--version` names dlc's version and LLVM's.
// RUN: dlc --help | FileCheck %s --check-prefix=HELP
// RUN: dlc --help | %python -c "import sys; n = len(sys.stdin.readlines()); assert n < 40, n"
// HELP: USAGE: dlc [subcommand] [options]
// HELP: compile - Compile a model
// HELP-NOT: aarch64
// HELP-NOT: x86-asm-syntax
// HELP: --help
// RUN: dlc compile --help | FileCheck %s --check-prefix=COMPILE
// COMPILE: USAGE: dlc compile [options] MODEL
// COMPILE-DAG: --emit=<string>
// COMPILE-DAG: --training
// COMPILE-DAG: --target-cpu=<NAME>
// RUN: dlc run --help | FileCheck %s --check-prefix=RUNHELP
// RUNHELP-DAG: --compile-threads=<uint>
// RUNHELP-DAG: --threads=<int>
// RUN: dlc --version | FileCheck %s --check-prefix=VERSION
// VERSION: dlc {{[0-9]+\.[0-9]+\.[0-9]+}}
// VERSION-NEXT: LLVM and MLIR 22.
