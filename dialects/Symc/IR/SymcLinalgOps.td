//===- SymcLinalgOps.td - products and BLAS-shaped ops -------*- tablegen -*-===//
//
// dot (Theano's dot: vector and matrix products), batched_dot, outer, and the
// BLAS-shaped ops the optimizer produces: gemm, gemv and ger. Scalars such as
// alpha and beta are rank-0 tensors of the operands' element type.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_LINALG_OPS_TD
#define SYMC_LINALG_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

/// alpha/beta of gemm-like ops: a rank-0 tensor of the element type of `other`.
class Symc_ScalarOf<string scalar, string other>
    : TypesMatchWith<scalar # " is a rank-0 tensor of the element type of " # other,
        other, scalar,
        "::mlir::RankedTensorType::get({}, ::mlir::getElementTypeOrSelf($_self))">;

def Symc_DotOp : Symc_Op<"dot", [Pure, Symc_InferType, Symc_ReifyShapes,
    AllElementTypesMatch<["lhs", "rhs"]>]> {
  let summary = "Vector/matrix product of rank-1 and rank-2 tensors.";
  let description = [{
    The product of NumPy's `dot` for ranks up to 2: (n)·(n) gives a scalar,
    (m,n)·(n) a vector, (n)·(n,k) a vector and (m,n)·(n,k) a matrix. The
    contracted sizes must agree (checked at run time where dynamic). Float
    products call BLAS; integer products run as loops. Example:
    ```mlir
    %c = symc.dot %a, %b : tensor<?x?xf64>, tensor<?xf64>   // tensor<?xf64>
    ```
  }];
  let arguments = (ins Symc_NumericTensor:$lhs, Symc_NumericTensor:$rhs);
  let results = (outs Symc_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }] # Symc_InferredResult<"ref($lhs), ref(type($lhs)), ref($rhs), ref(type($rhs))">.format;
}

def Symc_BatchedDotOp : Symc_Op<"batched_dot", [Pure, Symc_InferType,
    Symc_ReifyShapes, AllElementTypesMatch<["lhs", "rhs"]>]> {
  let summary = "Batched matrix product of two rank-3 tensors.";
  let description = [{
    result[b] = lhs[b] · rhs[b] for (B,m,n) and (B,n,k) operands; a static
    batch size of 1 broadcasts. The frontend reshapes other ranks of
    `matmul`/`batched_dot` to rank 3. Example:
    ```mlir
    %c = symc.batched_dot %a, %b : tensor<?x?x?xf32>, tensor<?x?x?xf32>
    ```
  }];
  let arguments = (ins Symc_NumericTensor:$lhs, Symc_NumericTensor:$rhs);
  let results = (outs Symc_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }] # Symc_InferredResult<"ref($lhs), ref(type($lhs)), ref($rhs), ref(type($rhs))">.format;
}

def Symc_OuterOp : Symc_Op<"outer", [Pure, Symc_InferType, Symc_ReifyShapes,
    AllElementTypesMatch<["lhs", "rhs"]>]> {
  let summary = "Outer product of two vectors: result[i, j] = lhs[i] * rhs[j].";
  let description = [{
    ```mlir
    %m = symc.outer %u, %v : tensor<?xf32>, tensor<?xf32>   // tensor<?x?xf32>
    ```
  }];
  let arguments = (ins 1DTensorOf<Symc_NumericElementTypes>:$lhs,
                       1DTensorOf<Symc_NumericElementTypes>:$rhs);
  let results = (outs 2DTensorOf<Symc_NumericElementTypes>:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }] # Symc_InferredResult<"ref($lhs), ref(type($lhs)), ref($rhs), ref(type($rhs))">.format;
}

def Symc_GemmOp : Symc_Op<"gemm", [Pure, Symc_ReifyShapes,
    AllTypesMatch<["c", "result"]>, Symc_ScalarOf<"alpha", "c">,
    Symc_ScalarOf<"beta", "c">]> {
  let summary = "General matrix product: alpha * op(A) · op(B) + beta * C.";
  let description = [{
    op(X) is X, or its transpose when `transpose_a`/`transpose_b` is set.
    Shapes: op(A) is (m,k), op(B) is (k,n), C is (m,n); the result has C's
    type (a broadcast bias is made explicit with symc.broadcast_to). Produced by
    `symc-specialize` from dot/add/mul patterns. Example:
    ```mlir
    %r = symc.gemm %alpha, %a, %b, %beta, %c {transpose_b}
        : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Symc_FloatScalar:$alpha, 2DTensorOf<[F32, F64]>:$a,
                       2DTensorOf<[F32, F64]>:$b, Symc_FloatScalar:$beta,
                       2DTensorOf<[F32, F64]>:$c, UnitAttr:$transpose_a,
                       UnitAttr:$transpose_b);
  let results = (outs 2DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = [{
    $alpha `,` $a `,` $b `,` $beta `,` $c attr-dict `:`
    type($a) `,` type($b) `,` type($c)
  }];
  let hasVerifier = 1;
}

def Symc_GemvOp : Symc_Op<"gemv", [Pure, Symc_ReifyShapes,
    AllTypesMatch<["y", "result"]>, Symc_ScalarOf<"alpha", "y">,
    Symc_ScalarOf<"beta", "y">]> {
  let summary = "Matrix-vector product: alpha * op(A) · x + beta * y.";
  let description = [{
    op(A) is A, or its transpose with `transpose_a`; op(A) is (m,n), x is (n)
    and y is (m). Example:
    ```mlir
    %r = symc.gemv %alpha, %a, %x, %beta, %y
        : tensor<?x?xf64>, tensor<?xf64>, tensor<?xf64>
    ```
  }];
  let arguments = (ins Symc_FloatScalar:$alpha, 2DTensorOf<[F32, F64]>:$a,
                       1DTensorOf<[F32, F64]>:$x, Symc_FloatScalar:$beta,
                       1DTensorOf<[F32, F64]>:$y, UnitAttr:$transpose_a);
  let results = (outs 1DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = [{
    $alpha `,` $a `,` $x `,` $beta `,` $y attr-dict `:`
    type($a) `,` type($x) `,` type($y)
  }];
  let hasVerifier = 1;
}

def Symc_GerOp : Symc_Op<"ger", [Pure, Symc_ReifyShapes,
    AllTypesMatch<["a", "result"]>, Symc_ScalarOf<"alpha", "a">]> {
  let summary = "Rank-1 update: A + alpha * outer(x, y).";
  let description = [{
    A is (m,n), x is (m) and y is (n). Example:
    ```mlir
    %r = symc.ger %alpha, %x, %y, %a : tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>
    ```
  }];
  let arguments = (ins Symc_FloatScalar:$alpha, 1DTensorOf<[F32, F64]>:$x,
                       1DTensorOf<[F32, F64]>:$y, 2DTensorOf<[F32, F64]>:$a);
  let results = (outs 2DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = [{
    $alpha `,` $x `,` $y `,` $a attr-dict `:` type($x) `,` type($y) `,` type($a)
  }];
  let hasVerifier = 1;
}

#endif // SYMC_LINALG_OPS_TD
