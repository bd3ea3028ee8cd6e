// `dlc completion bash` prints a bash completion script generated from the
// command line's own tables: subcommands first, then each subcommand's
// options (`--name=` for those taking a value), else file names.
// RUN: rm -rf %t && mkdir -p %t && touch %t/model.onnx
// RUN: dlc completion bash > %t/dlc.bash
// RUN: bash -c 'source %t/dlc.bash; complete -p dlc'
// RUN: bash -c 'source %t/dlc.bash; COMP_WORDS=(dlc co); COMP_CWORD=1; _dlc; echo "${COMPREPLY[@]}"' | FileCheck %s --check-prefix=SUB
// SUB: {{^}}compile completion{{$}}
// RUN: bash -c 'source %t/dlc.bash; COMP_WORDS=(dlc run --thr); COMP_CWORD=2; _dlc; echo "${COMPREPLY[@]}"' | FileCheck %s --check-prefix=THREADS
// THREADS: {{^}}--threads={{$}}
// RUN: bash -c 'source %t/dlc.bash; COMP_WORDS=(dlc compile --e); COMP_CWORD=2; _dlc; echo "${COMPREPLY[@]}"' | FileCheck %s --check-prefix=EMIT
// EMIT: {{^}}--embed-params --emit={{$}}
// RUN: bash -c 'source %t/dlc.bash; COMP_WORDS=(dlc run %t/mod); COMP_CWORD=2; _dlc; echo "${COMPREPLY[@]}"' | FileCheck %s --check-prefix=FILE
// FILE: model.onnx
// RUN: not dlc completion fish 2>&1 | FileCheck %s --check-prefix=SHELL
// SHELL: dlc: error: no completion for shell 'fish' (known: bash)
