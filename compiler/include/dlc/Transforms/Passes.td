//===- Passes.td - dlc transformation passes ---------------*- tablegen -*-===//
//
// Code generation passes that run on the lowered (linalg / LLVM) forms.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TRANSFORMS_PASSES_TD
#define DLC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseElementwise : Pass<"dlc-fuse-elementwise", "func::FuncOp"> {
  let summary = "Fuse chains of elementwise linalg ops, never into contractions";
  let description = [{
    Upstream's elementwise fusion also folds an elementwise producer (a relu,
    a scale) into a consumer with reductions, e.g. a gemm, whose body then is
    no longer a multiply-add: the contraction is no longer recognised and
    stays scalar. This pass fuses only when both producer and consumer are
    elementwise (all iterators parallel).
  }];
  let dependentDialects = ["linalg::LinalgDialect", "affine::AffineDialect"];
}

def ConvToGemm : Pass<"dlc-conv-to-gemm", "func::FuncOp"> {
  let summary = "Rewrite NCHW convolutions with output channels on the vector axis";
  let description = [{
    Rewrites `linalg.conv_2d_nchw_fchw` into contractions whose vector axis
    is the output channels, with the filter repacked so that they are
    contiguous in blocks of the register tile's width ([F/FI, C, KH, KW, FI],
    at compile time when it is a constant): a stride-1
    convolution becomes a direct convolution `linalg.generic` over
    (n, f, oh, ow, c, kh, kw) reading the input in place, a 1x1 one a GEMM
    over the pixels, a strided one im2col patches (a few images at a time,
    at most `im2col-bytes`) and a GEMM. On the pixel axis, the register
    tiles of the late stages (14x14 = 196 and 7x7 = 49 pixels) were ragged;
    output channels are multiples of 8 in every network of the zoo.
  }];
  let options = [
    Option<"im2col", "im2col", "bool", /*default=*/"false",
           "Strided convolutions through im2col patches, not direct">,
    Option<"im2colBytes", "im2col-bytes", "int64_t", /*default=*/"0",
           "Largest im2col buffer built at once (0: 8 MiB)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "Vector width the channel blocks are chosen for (0: the host's)">,
    Option<"regN", "reg-n", "int64_t", /*default=*/"0",
           "Output channels per filter block (0: from vector-bits)">,
  ];
  let dependentDialects = ["scf::SCFDialect", "tensor::TensorDialect",
                           "linalg::LinalgDialect", "arith::ArithDialect"];
}

def TileAndVectorize : Pass<"dlc-tile-and-vectorize", "func::FuncOp"> {
  let summary = "Register-tile and vectorize contractions (matmul, convolution)";
  let description = [{
    Rewrites NCHW convolutions into im2col + GEMM, then tiles every
    contraction on tensors in three levels: a parallel `scf.forall` over
    output blocks (the threads), a loop over K blocks (cache), and a
    register tile whose accumulator `vector.transfer_read/write` are hoisted
    out of the innermost K loop, so the microkernel is a chain of FMAs on
    vector registers. Contractions are lowered to outer products.

    An extent that is not a whole number of register tiles is split first
    (linalg::splitOp) into whole tiles and one smaller remainder, so every
    register tile has a static shape: a tile with a dynamic size is
    vectorized with masks, and its masked accumulator is read and written
    at every K step (a 6x32 tile that did not divide 512 ran at 4 GFLOPS).
    Tile sizes come from `KernelStrategy` (the target's vector width).

    A register tile written once whose accumulator is read transposed (an
    NCHW convolution's pixel rows of channel vectors) starts from zero; the
    output's initial value (bias, residual) is read in its own order and
    added to the transposed result when the tile is written. The short
    loops around a register tile (kernel taps) are unrolled up to
    `tap-unroll` outer products.
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Tile the outer level with scf.forall (multithreaded)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "Vector width the tile sizes are chosen for (0: the host's)">,
    Option<"regM", "reg-m", "int64_t", /*default=*/"0",
           "Register tile rows (0: from vector-bits)">,
    Option<"regN", "reg-n", "int64_t", /*default=*/"0",
           "Register tile f32 lanes (0: from vector-bits)">,
    Option<"tapUnroll", "tap-unroll", "int64_t", /*default=*/"-1",
           "Unroll the loops around register tiles up to this many outer "
           "products (-1: from vector-bits, 0: none)">,
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect",
                           "tensor::TensorDialect", "affine::AffineDialect"];
}

def VectorizeElementwise : Pass<"dlc-vectorize-elementwise", "func::FuncOp"> {
  let summary = "Parallelize and vectorize elementwise linalg ops";
  let description = [{
    Every elementwise `linalg.generic` with static shapes (all loops
    parallel, operands read through projected permutations, no gathers) not
    already inside a parallel kernel: its contiguous loops are collapsed,
    its innermost extent split into whole vectors (two registers wide) and a
    remainder in powers of two, an `scf.forall` runs blocks of at least
    `min-parallel` iterations on the threads, and each vector tile is
    vectorized. exp, tanh and erf on vectors become polynomial
    approximations rather than a libm call per lane. Such ops were scalar
    loops on one thread (MobileNet v2's largest ReLU6: 1.7 ms, 2.8 GB/s).
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Run blocks on the threads (scf.forall)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "Vector width (0: the host's)">,
    Option<"minParallel", "min-parallel", "int64_t", /*default=*/"4096",
           "Fewest iterations per parallel block">,
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect",
                           "tensor::TensorDialect", "math::MathDialect",
                           "arith::ArithDialect"];
}

def VectorizeReductions : Pass<"dlc-vectorize-reductions", "func::FuncOp"> {
  let summary = "Parallelize and vectorize reductions along rows";
  let description = [{
    Every `linalg.generic` with static shapes whose innermost loop is a
    reduction along the innermost dim of what it reads (BatchNorm's batch
    statistics, global pooling, softmax's maxima and sums, losses): its
    contiguous loops of one kind are collapsed, an `scf.forall` runs its
    parallel loops (at least `min-parallel` iterations in all), an `scf.for`
    its outer reductions, and the innermost reduction is split
    (`linalg::splitReduction`) into a vector of partial results kept in
    registers across the row and one final reduction of that vector. These
    were scalar loops on one thread.
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Run the parallel loops on the threads (scf.forall)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "Vector width (0: the host's)">,
    Option<"minParallel", "min-parallel", "int64_t", /*default=*/"4096",
           "Fewest iterations for a parallel region">,
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect",
                           "tensor::TensorDialect", "arith::ArithDialect"];
}

def FoldBatchNorm : Pass<"dlc-fold-batch-norm", "func::FuncOp"> {
  let summary = "Fold inference BatchNorm into the convolution or linear layer before it";
  let description = [{
    `dlc.batch_norm` (inference form) whose input is the result of a
    `dlc.conv2d` (grouped and depthwise too) or a `dlc.gemm` over its
    output's columns (BatchNorm1d after a linear layer), read by nothing
    else, with every weight, bias and statistic a constant, becomes that
    layer with folded constants: per output channel `s = gamma /
    sqrt(var + eps)`, weights times `s`, bias `s * (b - mean) + beta`
    (computed in double precision). A weight stored as a resource blob
    gives a blob named `<name>.bn_folded`. `batch_norm_train` is never
    folded, nor a layer whose result has another user (a gradient graph).
  }];
}

def FuseConvEpilogue : Pass<"dlc-fuse-conv-epilogue", "func::FuncOp"> {
  let summary = "Add a convolution's residual into its accumulators' initial value";
  let description = [{
    The epilogue of a convolution or matrix product (linalg ops that
    accumulate into their init) is the elementwise op that alone reads its
    result. When that op adds something to the result (a residual:
    `relu(conv(x) + identity)` in ResNet, `conv(x) + x` in MobileNet v2),
    the addend moves into the accumulators' initial value, where the bias
    already is: a new elementwise op `init + addend` (the bias broadcast
    fuses into it) becomes the contraction's init, and the consumer keeps
    the rest (the activation) or folds away. dlc-tile-and-vectorize then
    runs that remaining activation on each register tile before it is
    stored, so conv + bias + residual + ReLU is one kernel with one pass
    over the output. An addend made after the contraction (ResNet's
    downsampling convolution) is not moved; the consumer's other
    contraction input is used instead when it has a single use.
  }];
  let dependentDialects = ["tensor::TensorDialect", "linalg::LinalgDialect",
                           "arith::ArithDialect"];
}

def PadInPlace : Pass<"dlc-pad-in-place", "func::FuncOp"> {
  let summary = "Write a padded tensor's interior where it is made, not by a copy";
  let description = [{
    A `tensor.pad` with a constant value (the zero border of a convolution's
    input, the -inf border of a max pooling's) bufferizes to a scalar fill
    of a new buffer and a strided scalar copy of the source into its
    interior, on one thread: MobileNet v2's 96x112x112 pads cost more than
    the depthwise convolutions that read them. This pass makes the padded
    tensor a fill (an elementwise `linalg.generic`, vectorized and parallel
    like any) whose interior slice is the destination of the op that makes
    the source: an elementwise op whose only use is the pad (the ReLU or
    ReLU6 before a convolution) is rebuilt to write there, in place after
    bufferization; any other source is copied there by an elementwise
    copy. Either way `tensor.insert_slice` puts the interior back into the
    fill, which one-shot bufferization does in place. A pad of an NCHW
    tensor's H and W only fills just the border: one `scf.forall` over the
    image planes writes its rows and columns.
  }];
  let dependentDialects = ["tensor::TensorDialect", "linalg::LinalgDialect",
                           "scf::SCFDialect", "vector::VectorDialect",
                           "arith::ArithDialect"];
}

def VectorizeWindows : Pass<"dlc-vectorize-windows", "func::FuncOp"> {
  let summary = "Vectorize pooling and depthwise/grouped convolutions along rows";
  let description = [{
    Sliding-window ops (`linalg.pooling_nchw_max/sum`,
    `linalg.conv_2d_ngchw_gfchw`, and any linalg op whose operands index
    the output's innermost loop only in their own innermost dim, as `ow` or
    `ow * stride`): an `scf.forall` over every other parallel loop, then
    vectors of the output row (whole two-register vectors, then powers of
    two) with the window's taps as loops around them; each tap is one
    vector of the input row (a strided slice for strided windows), the tap
    or window value broadcast, and the accumulator row stays in registers
    across the taps. These ops were scalar loops on one thread.
  }];
  let options = [
    Option<"parallel", "parallel", "bool", /*default=*/"true",
           "Run the outer loops on the threads (scf.forall)">,
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"0",
           "Vector width (0: the host's)">,
  ];
  let dependentDialects = ["scf::SCFDialect", "vector::VectorDialect",
                           "tensor::TensorDialect", "arith::ArithDialect"];
}

def LowerVectors : Pass<"dlc-lower-vectors", "func::FuncOp"> {
  let summary = "Lower N-D vector ops to 1-D vectors and FMAs before LLVM";
  let description = [{
    Runs in stages so each stage sees the previous one's complete output:
    contractions to outer products, outer products to `vector.fma`, then
    transfers, broadcasts, shape casts, transposes and multi-reductions to
    1-D operations that `convert-vector-to-llvm` maps onto LLVM vectors.
  }];
  let dependentDialects = ["vector::VectorDialect", "memref::MemRefDialect",
                           "scf::SCFDialect", "arith::ArithDialect"];
}

def CopiesToLoops : Pass<"dlc-copies-to-loops", "func::FuncOp"> {
  let summary = "Rewrite strided memref.copy into linalg.copy loops";
  let description = [{
    A `memref.copy` between non-contiguous buffers (padding, concatenation)
    lowers to a call of `memrefCopy` from MLIR's C runner library, which a
    standalone model must not depend on. This pass turns those copies into
    `linalg.copy`, which becomes ordinary (vectorizable) loops; contiguous
    copies stay memref.copy and lower to memcpy.
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def FlattenGlobals : Pass<"dlc-flatten-globals", "ModuleOp"> {
  let summary = "Store constant memref globals (the weights) as 1-D arrays";
  let description = [{
    A `memref.global` of type `memref<AxBxCxf32>` becomes an LLVM global of
    nested arrays, `[A x [B x [C x float]]]`, which LLVM builds and uniques
    one innermost array at a time: for a model's weights, millions of
    constants and most of the compile time. This pass gives every
    multi-dimensional constant global a 1-D type over the same data (a
    resource keeps its blob, no copy) and reads it back through
    `memref.expand_shape`, so each weight is one flat LLVM array built from
    its raw bytes.
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

def EntryBoundaries : Pass<"dlc-entry-boundaries", "ModuleOp"> {
  let summary = "Read-only inputs and a buffer per result for public functions";
  let description = [{
    Prepares the public functions' tensor boundaries for one-shot
    bufferization with out-parameters:
    - every tensor argument gets `bufferization.writable = false`, so the
      compiled code never writes into a caller's input (one-shot
      bufferization would otherwise update, e.g., a recurrent layer's
      initial state in place);
    - a tensor returned more than once is copied
      (`bufferization.alloc_tensor ... copy`) for every repeat, so each
      result has its own buffer: the caller gets distinct out-parameters,
      and upstream buffer-results-to-out-params with hoisted allocations
      crashes on a repeated allocation among other results.
  }];
  let dependentDialects = ["bufferization::BufferizationDialect"];
}

def DeallocAfterLastUse : Pass<"dlc-dealloc-after-last-use", "func::FuncOp"> {
  let summary = "Free each temporary buffer right after its last use";
  let description = [{
    MLIR's ownership-based buffer deallocation frees a block's allocations
    at the end of the block: in a model function, every temporary lives
    until the function returns, so peak memory is the sum of all of them
    (a gradient function holds every forward and backward temporary at
    once). This pass moves each `memref.dealloc` of a `memref.alloc` of the
    same block up to just after the last operation of the block that uses
    the buffer or anything that may alias it. Every memref result of a user
    counts as a possible alias (views, casts, loops carrying it, calls), so
    the analysis only errs on the side of freeing later.
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

def SplitEmptyTensors : Pass<"dlc-split-empty-tensors", "func::FuncOp"> {
  let summary = "One tensor.empty per use, so that each temporary has its own buffer";
  let description = [{
    CSE merges identical `tensor.empty` ops, and one-shot bufferization then
    gives all their uses one buffer, which lives from the first use to the
    last: the im2col patches of every same-shaped convolution in the
    forward and the backward of a network share one buffer kept for the
    whole function. Run before bufferization, this pass gives each use its
    own `tensor.empty`, so each temporary is allocated where it is made and
    (with dlc-dealloc-after-last-use) freed when it dies.

    The same holds for a `linalg.fill` of a `tensor.empty` (the zero
    accumulator of a GEMM): shared, it is one buffer alive from its first
    user to its last, copied for each user that writes it in place (the
    filter adjoints of same-shaped convolutions). Each use gets its own
    fill of its own empty tensor.
  }];
  let dependentDialects = ["tensor::TensorDialect", "linalg::LinalgDialect"];
}

def ResultsInOutParams : Pass<"dlc-results-in-out-params", "func::FuncOp"> {
  let summary = "Compute a result that is a reshaped temporary in its output buffer";
  let description = [{
    After buffer-results-to-out-params, a result is copied into its output
    argument just before the return. Upstream's `hoist-static-allocs`
    computes a result in its output buffer when the returned buffer is an
    allocation, but not when it is a reshape of one (`memref.expand_shape`
    / `memref.collapse_shape`), which is how most gradients come back: a
    convolution filter's adjoint is a [1, F, C*KH*KW] product reshaped to
    [F, C, KH, KW]. Such a temporary is held, next to its output buffer,
    from where it is computed to the return; in a gradient function that is
    every parameter's gradient, from the layer where it is computed to the
    end of the backward. This pass replaces the allocation by the inverse
    reshape of the output argument and drops the copy, when the argument
    has no other use and nothing uses the allocation after the copy.
  }];
  let dependentDialects = ["memref::MemRefDialect"];
}

def PlanMemory : Pass<"dlc-plan-memory", "ModuleOp"> {
  let summary = "Place a function's temporaries in one arena planned at compile time";
  let description = [{
    Every `memref.alloc` in a public function's body (not a prepare
    function's, which runs once per binding of the parameters) with a static shape
    and its `memref.dealloc` in the same block (placed after the last use by
    dlc-dealloc-after-last-use) gets an offset in one arena, such that
    buffers alive at the same time never overlap (greedy first fit, largest
    first), and becomes a `memref.view` of it; its dealloc is removed. The
    arena is a zero-initialized private `memref.global` (`<func>_arena`,
    64-byte aligned), claimed per run through an atomic flag
    (`<func>_arena_busy`, `memref.atomic_rmw`); a run that finds it busy
    (the model running on another thread) allocates its own. A model run
    again touches the same pages instead of mapping fresh ones: MobileNet
    v2 spent 40% of its time in page faults. Allocations inside loops stay. The module's
    `dlc.arena_bytes` is the arenas' total size (reported by `dlc bench`).
  }];
  let dependentDialects = ["memref::MemRefDialect", "scf::SCFDialect",
                           "arith::ArithDialect"];
  let statistics = [
    Statistic<"numBuffers", "buffers", "Temporaries placed in arenas">,
    Statistic<"liveBytes", "live-bytes", "Most bytes of temporaries alive at once">,
    Statistic<"arenaBytes", "arena-bytes", "Bytes of the arenas">,
  ];
}

def BufferAllocator : Pass<"dlc-buffer-allocator", "ModuleOp"> {
  let summary = "Define the allocation functions of the generated code";
  let description = [{
    With `use-generic-functions`, finalize-memref-to-llvm allocates and frees
    buffers through `_mlir_memref_to_llvm_alloc` / `_mlir_memref_to_llvm_free`.
    This pass defines them in the module (internal linkage, so the compiled
    model needs nothing beyond libc): a block of 256 KiB or more is mapped
    from the kernel for itself (mmap) and unmapped when freed; smaller ones
    come from malloc. A word in front of the block says which.

    Why: glibc serves a large request from free space in its heap when
    there is some, and keeps freed heap memory resident; its mmap threshold
    also rises to the largest block freed (up to 32 MiB). A training step's
    temporaries of many sizes, allocated and freed in a fixed order, then
    leave the process resident ~100 MB above its live buffers (ResNet-18,
    batch 8). Mapped blocks keep the resident size at the live set; each
    costs a system call and the page faults of its first touch.
  }];
  let dependentDialects = ["LLVM::LLVMDialect"];
}

def ProfileKernels : Pass<"dlc-profile-kernels", "ModuleOp"> {
  let summary = "Time each kernel of the public functions through runtime calls";
  let description = [{
    Wraps every top-level op of a public function that does a layer's work
    (an op with a body: loop nests, linalg ops; a memref.copy; a call) in
    `func.call @dlc_profile_begin(k)` and `@dlc_profile_end(k)` (the
    runtime's profile.h), numbering the kernels of the module from 0, and
    records them in the module attribute `dlc.profile_kernels`: one
    `{loc, op}` dictionary per kernel, whose location names its layer.
    `dlc bench --per-layer` runs it on bufferized IR and reports the time
    per layer. Allocations, views and constants are not kernels.
  }];
  let dependentDialects = ["func::FuncDialect", "arith::ArithDialect"];
}

def OutlineKernels : Pass<"dlc-outline-kernels", "ModuleOp"> {
  let summary = "Move each kernel into a function of its own, one per distinct kernel";
  let description = [{
    Every top-level op with a body (a loop nest: scf.forall, scf.for,
    scf.parallel, scf.if; a linalg op) and every memref.copy of every
    function with a body becomes a call of a private function holding it,
    whose arguments are the values it uses from around it (buffers, indices;
    constants are cloned in).
    Kernels that are the same code (the same ops and types; other buffers)
    share one function: the repeated blocks of a network (ResNet-50's
    bottlenecks, MobileNet v2's inverted residuals) are lowered and compiled
    once, and the lowering's function passes run on the kernels in parallel.
    The kernels have internal linkage.
  }];
  let dependentDialects = ["func::FuncDialect", "LLVM::LLVMDialect"];
}

def AddCEntryPoints : Pass<"dlc-add-c-entry-points", "ModuleOp"> {
  let summary = "Add plain C entry points around the lowered model function";
  let description = [{
    For the model function `@f` (LLVM dialect, memref arguments expanded),
    adds `dlc_f(float *in..., float *out...)` taking one contiguous buffer
    per tensor, and `dlc_f_packed(void **buffers)` for callers (the JIT)
    that pass a variable number of buffers.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "Name of the model function">,
  ];
  let dependentDialects = ["LLVM::LLVMDialect"];
}

def ExternalizeParameters : Pass<"dlc-externalize-parameters", "ModuleOp"> {
  let summary = "Make the model's parameters arguments of the model function";
  let description = [{
    Parameters are runtime state, not code: every statically shaped f32
    `dlc.constant` of the model function `entry` marked `dlc.param`
    ("trainable" or "buffer") becomes an argument appended after the
    function's inputs, with the argument attributes `dlc.param` (its kind)
    and `dlc.name` (the constant's resource name, else `param<i>`; made
    unique). Constants holding the same value share one argument. Their
    values move to the module's parameter table `dlc.parameters`, one
    `{name, kind, value}` dictionary per argument in argument order: what
    the runtime binds when nothing else is given. Other constants (shapes,
    indices, what a model declares without `dlc.param`) stay constants.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "Name of the model function">,
  ];
}

def HoistParameterComputation
    : Pass<"dlc-hoist-parameter-computation", "ModuleOp"> {
  let summary = "Move what is computed from the parameters alone into a prepare function";
  let description = [{
    For each public function with parameter arguments (`dlc.param`, see
    dlc-externalize-parameters), the side-effect-free top-level ops whose
    inputs are parameters, results of such ops, or constants (BatchNorm
    folded into a filter, a filter repacked for the microkernel, a
    transposed weight) move into `@<f>_prepare(parameters...) ->
    (prepared...)`, which the runtime runs once each time parameters are
    bound. The values the rest of `@<f>` still reads become its arguments
    after the parameters (`dlc.prepared` = their index); the module's
    `dlc.prepared` lists their types. An op whose results hold more than
    twice the parameter data it reads (plus 64 KiB) is not moved: a bias
    broadcast to an activation's shape is cheaper to compute where it is
    used than to keep.
  }];
  let dependentDialects = ["func::FuncDialect"];
}

#endif // DLC_TRANSFORMS_PASSES_TD
