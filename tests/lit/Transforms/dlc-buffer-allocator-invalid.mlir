// RUN: dlc-opt %s --dlc-buffer-allocator --verify-diagnostics

// A module that already declares one of the libc functions the allocator
// calls, with another signature, is refused (calls would not match it).

// expected-error @+1 {{redefinition of reserved function 'malloc' of different type '!llvm.func<ptr (i32)>' is prohibited}}
llvm.func @malloc(i32) -> !llvm.ptr
