//===- SymcNNOps.td - neural-network ops ---------------------*- tablegen -*-===//
//
// softmax and log_softmax, the crossentropies (with the fused
// crossentropy-of-softmax op and its gradient that `symc-stabilize` forms),
// conv2d with its two gradients, and 2-D pooling with its gradient. Images
// are NCHW and filters (out_channels, in_channels, rows, cols), as in Theano.
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_NN_OPS_TD
#define SYMC_NN_OPS_TD

include "dialects/Symc/IR/SymcDialect.td"

class Symc_SoftmaxLikeOp<string mnemonic, string what>
    : Symc_Op<mnemonic, [Pure, SameOperandsAndResultType, Symc_ReifyShapes]> {
  let summary = what # " along one axis.";
  let description = !strconcat(what, " along `axis`, computed from x - max(x)",
      " so that it neither overflows nor underflows needlessly. Example:\n",
      "```mlir\n%r = symc.", mnemonic, " %x axis = 1 : tensor<?x?xf32>\n```");
  let arguments = (ins Symc_FloatTensor:$input, I64Attr:$axis);
  let results = (outs Symc_FloatTensor:$result);
  let assemblyFormat = "$input `axis` `=` $axis attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Symc_SoftmaxOp : Symc_SoftmaxLikeOp<"softmax", "exp(x) / sum(exp(x))">;
def Symc_LogSoftmaxOp : Symc_SoftmaxLikeOp<"log_softmax",
    "x - logsumexp(x)">;

class Symc_CrossentropyOp<string mnemonic, string what>
    : Symc_Op<mnemonic, [Pure, Symc_InferType, Symc_ReifyShapes]> {
  let summary = what # ", one value per row.";
  let description = !strconcat(what, ". The first operand is (rows, classes);",
      " the target is either an i64 vector of class labels or a (rows, classes)",
      " tensor of target probabilities (one-hot) of the same float type. An out",
      "-of-range label is a run-time error. Example:\n```mlir\n%l = symc.",
      mnemonic, " %p, %y : tensor<?x?xf32>, tensor<?xi64>   // tensor<?xf32>\n```");
  let arguments = (ins 2DTensorOf<[F32, F64]>:$input, Symc_Tensor:$target);
  let results = (outs 1DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = [{
    $input `,` $target attr-dict `:` type($input) `,` type($target)
  }] # Symc_InferredResult<"ref($input), ref(type($input)), ref($target), ref(type($target))">.format;
}

def Symc_CategoricalCrossentropyOp : Symc_CrossentropyOp<
    "categorical_crossentropy", "-sum(target * log(coding)) of probabilities">;
def Symc_CrossentropySoftmaxOp : Symc_CrossentropyOp<"crossentropy_softmax",
    "categorical crossentropy of softmax(logits), computed as -log_softmax">;

def Symc_CrossentropySoftmaxGradOp : Symc_Op<"crossentropy_softmax_grad", [Pure,
    Symc_ReifyShapes, AllTypesMatch<["logits", "result"]>]> {
  let summary = "Gradient of crossentropy_softmax: (softmax(x) - target) * dloss.";
  let description = [{
    `grad_loss` is the (rows) gradient of the loss vector; the target is an i64
    label vector (one-hot implied) or a (rows, classes) probability tensor.
    Example:
    ```mlir
    %g = symc.crossentropy_softmax_grad %dl, %x, %y
        : tensor<?xf32>, tensor<?x?xf32>, tensor<?xi64>
    ```
  }];
  let arguments = (ins 1DTensorOf<[F32, F64]>:$grad_loss,
                       2DTensorOf<[F32, F64]>:$logits, Symc_Tensor:$target);
  let results = (outs 2DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = [{
    $grad_loss `,` $logits `,` $target attr-dict `:` type($grad_loss) `,`
    type($logits) `,` type($target)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolution
//===----------------------------------------------------------------------===//

defvar Symc_ConvAttrs = (ins Symc_BorderModeAttr:$border_mode,
    DenseI64ArrayAttr:$padding, DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$dilation, UnitAttr:$flip);
defvar Symc_ConvFormatAttrs = [{
  `border_mode` `=` `` $border_mode `padding` `=` $padding `strides` `=` $strides
  `dilation` `=` $dilation (`flip` $flip^)? attr-dict
}];
defvar Symc_ConvDoc = [{
    `border_mode` is Theano's: `valid` (no padding), `full` (k - 1 on each
    side), `half` (k // 2) or `explicit` (the two `padding` sizes, rows then
    columns; `padding` is ignored otherwise). `strides` and `dilation` have two
    entries each. With `flip` the filters are flipped (a true convolution, the
    default of the Python API); without it the op is a cross-correlation.
}];

def Symc_Conv2DOp : Symc_Op<"conv2d", [Pure, Symc_InferType,
    Symc_ReifyShapes, AllElementTypesMatch<["input", "filters"]>]> {
  let summary = "2-D convolution of NCHW images by (F, C, kh, kw) filters.";
  let description = Symc_ConvDoc # [{

    Example:
    ```mlir
    %y = symc.conv2d %x, %w border_mode = valid padding = [0, 0]
        strides = [1, 1] dilation = [1, 1] flip
        : tensor<?x3x32x32xf32>, tensor<8x3x5x5xf32>   // tensor<?x8x28x28xf32>
    ```
  }];
  let arguments = !con((ins 4DTensorOf<[F32, F64]>:$input,
                            4DTensorOf<[F32, F64]>:$filters), Symc_ConvAttrs);
  let results = (outs 4DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = !strconcat("$input `,` $filters ", Symc_ConvFormatAttrs,
                                  " `:` type($input) `,` type($filters)") # Symc_InferredResult<"ref($input), ref(type($input)), ref($filters), ref(type($filters))">.format;
  let hasVerifier = 1;
}

def Symc_Conv2DGradInputOp : Symc_Op<"conv2d_grad_input", [Pure,
    Symc_ReifyShapes, AllElementTypesMatch<["grad_output", "filters", "result"]>]> {
  let summary = "Gradient of conv2d with respect to its input.";
  let description = Symc_ConvDoc # [{

    `input_shape` (a tensor<4xi64>) is the shape of the forward input, which
    the strides leave ambiguous otherwise. Example:
    ```mlir
    %dx = symc.conv2d_grad_input %dy, %w, %s border_mode = valid padding = [0, 0]
        strides = [1, 1] dilation = [1, 1] flip
        : (tensor<?x8x?x?xf32>, tensor<8x3x5x5xf32>, tensor<4xi64>) -> tensor<?x3x?x?xf32>
    ```
  }];
  let arguments = !con((ins 4DTensorOf<[F32, F64]>:$grad_output,
                            4DTensorOf<[F32, F64]>:$filters,
                            1DTensorOf<[I64]>:$input_shape), Symc_ConvAttrs);
  let results = (outs 4DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = !strconcat("$grad_output `,` $filters `,` $input_shape ",
      Symc_ConvFormatAttrs, " `:` functional-type(operands, results)");
  let hasVerifier = 1;
}

def Symc_Conv2DGradFiltersOp : Symc_Op<"conv2d_grad_filters", [Pure,
    Symc_ReifyShapes, AllElementTypesMatch<["input", "grad_output", "result"]>]> {
  let summary = "Gradient of conv2d with respect to its filters.";
  let description = Symc_ConvDoc # [{

    `filters_shape` (a tensor<4xi64>) is the shape of the forward filters.
    Example:
    ```mlir
    %dw = symc.conv2d_grad_filters %x, %dy, %s border_mode = valid padding = [0, 0]
        strides = [1, 1] dilation = [1, 1] flip
        : (tensor<?x3x?x?xf32>, tensor<?x8x?x?xf32>, tensor<4xi64>) -> tensor<8x3x5x5xf32>
    ```
  }];
  let arguments = !con((ins 4DTensorOf<[F32, F64]>:$input,
                            4DTensorOf<[F32, F64]>:$grad_output,
                            1DTensorOf<[I64]>:$filters_shape), Symc_ConvAttrs);
  let results = (outs 4DTensorOf<[F32, F64]>:$result);
  let assemblyFormat = !strconcat("$input `,` $grad_output `,` $filters_shape ",
      Symc_ConvFormatAttrs, " `:` functional-type(operands, results)");
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

defvar Symc_PoolAttrs = (ins Symc_PoolModeAttr:$mode,
    DenseI64ArrayAttr:$window, DenseI64ArrayAttr:$strides,
    DenseI64ArrayAttr:$padding, UnitAttr:$ignore_border);
defvar Symc_PoolFormatAttrs = [{
  `mode` `=` `` $mode `window` `=` $window `strides` `=` $strides
  `padding` `=` $padding (`ignore_border` $ignore_border^)? attr-dict
}];
defvar Symc_PoolDoc = [{
    Pools the last two dimensions of a tensor of rank >= 2 with windows of
    `window` sizes moved by `strides`, after zero-padding (ignored by `max`)
    of `padding` on each side. Without `ignore_border` a partial window at the
    bottom/right edge produces an output too (Theano's rule). `mode` is
    `max`, `sum`, `average_inc_pad` or `average_exc_pad`.
}];

def Symc_Pool2DOp : Symc_Op<"pool2d", [Pure, Symc_InferType,
    Symc_ReifyShapes]> {
  let summary = "2-D max/sum/average pooling over the last two dimensions.";
  let description = Symc_PoolDoc # [{

    Example:
    ```mlir
    %y = symc.pool2d %x mode = max window = [2, 2] strides = [2, 2]
        padding = [0, 0] ignore_border : tensor<?x?x32x32xf32>   // tensor<?x?x16x16xf32>
    ```
  }];
  let arguments = !con((ins Symc_FloatTensor:$input), Symc_PoolAttrs);
  let results = (outs Symc_FloatTensor:$result);
  let assemblyFormat = !strconcat("$input ", Symc_PoolFormatAttrs, " `:` type($input)") # Symc_InferredResult<"ref($input), ref(type($input))">.format;
  let hasVerifier = 1;
}

def Symc_Pool2DGradOp : Symc_Op<"pool2d_grad", [Pure, Symc_ReifyShapes,
    AllTypesMatch<["input", "result"]>]> {
  let summary = "Gradient of pool2d with respect to its input.";
  let description = Symc_PoolDoc # [{

    `grad_output` has the shape of the forward result. For `max`, the
    gradient goes to the first maximal position of each window. Example:
    ```mlir
    %dx = symc.pool2d_grad %x, %dy mode = max window = [2, 2] strides = [2, 2]
        padding = [0, 0] ignore_border : tensor<?x?x32x32xf32>, tensor<?x?x16x16xf32>
    ```
  }];
  let arguments = !con((ins Symc_FloatTensor:$input,
                            Symc_FloatTensor:$grad_output), Symc_PoolAttrs);
  let results = (outs Symc_FloatTensor:$result);
  let assemblyFormat = !strconcat("$input `,` $grad_output ", Symc_PoolFormatAttrs,
                                  " `:` type($input) `,` type($grad_output)");
  let hasVerifier = 1;
}

#endif // SYMC_NN_OPS_TD
