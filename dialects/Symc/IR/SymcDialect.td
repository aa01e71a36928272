//===- SymcDialect.td - symc dialect, types and constraints -*- tablegen -*-===//
//
// The symc dialect: a NumPy/Theano-like tensor algebra over builtin ranked
// tensors. This file declares the dialect, the element-type and tensor
// constraints shared by every op, the enum attributes, and the op base
// classes. The ops themselves live in one file per family (SymcOps.td
// includes them all).
//
//===----------------------------------------------------------------------===//

#ifndef SYMC_DIALECT_TD
#define SYMC_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Dialect
//===----------------------------------------------------------------------===//

def Symc_Dialect : Dialect {
  let name = "symc";
  let cppNamespace = "::mlir::symc";
  let summary = "A Theano-style tensor algebra for symbolic expression compilers.";
  let description = [{
    Values are builtin ranked tensors (`tensor<?x1x4xf32>`). A `?` size is known
    only at run time; a static size 1 is a broadcastable dimension. Elementwise
    ops take operands of equal rank and broadcast only along static size-1
    dimensions (Theano's rule); rank changes are explicit (`symc.dimshuffle`).
    Scalars are rank-0 tensors. Element types are i1 (bool), i8/i16/i32/i64
    (signed integers), ui8 (uint8), f32 and f64.

    Most ops infer their result type, so their custom form names operand
    types only. A declared result type may be less static than the inferred
    one (never more); the custom form then ends with `-> type`:
    `%r = symc.add %a, %b : tensor<4xf32> -> tensor<?xf32>`.

    See Rationale.md beside this file for the design decisions and the table
    mapping every operation of the Python API to its op(s).
  }];
  let hasConstantMaterializer = 1;
  let hasCanonicalizer = 1;
  let useDefaultAttributePrinterParser = 1;
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

//===----------------------------------------------------------------------===//
// Enum attributes
//===----------------------------------------------------------------------===//

def Symc_BorderMode : I32EnumAttr<"BorderMode",
    "how conv2d pads its input (Theano's border_mode)", [
      I32EnumAttrCase<"valid", 0>,
      I32EnumAttrCase<"full", 1>,
      I32EnumAttrCase<"half", 2>,
      I32EnumAttrCase<"explicit_", 3, "explicit">
    ]> {
  let cppNamespace = "::mlir::symc";
  let genSpecializedAttr = 0;
}
def Symc_BorderModeAttr : EnumAttr<Symc_Dialect, Symc_BorderMode, "border_mode"> {
  let assemblyFormat = "$value";
}

def Symc_PoolMode : I32EnumAttr<"PoolMode", "the reduction of a pooling window", [
      I32EnumAttrCase<"max", 0>,
      I32EnumAttrCase<"sum", 1>,
      I32EnumAttrCase<"average_inc_pad", 2>,
      I32EnumAttrCase<"average_exc_pad", 3>
    ]> {
  let cppNamespace = "::mlir::symc";
  let genSpecializedAttr = 0;
}
def Symc_PoolModeAttr : EnumAttr<Symc_Dialect, Symc_PoolMode, "pool_mode"> {
  let assemblyFormat = "$value";
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

defvar Symc_AllElementTypes = [I1, I8, I16, I32, I64, UI8, F32, F64];
defvar Symc_IntElementTypes = [I8, I16, I32, I64, UI8];
defvar Symc_NumericElementTypes = [I8, I16, I32, I64, UI8, F32, F64];

def Symc_Tensor : RankedTensorOf<Symc_AllElementTypes>;
def Symc_NumericTensor : RankedTensorOf<Symc_NumericElementTypes>;
def Symc_FloatTensor : RankedTensorOf<[F32, F64]>;
def Symc_IntTensor : RankedTensorOf<Symc_IntElementTypes>;
def Symc_IntOrBoolTensor : RankedTensorOf<[I1, I8, I16, I32, I64, UI8]>;
def Symc_BoolTensor : RankedTensorOf<[I1]>;
def Symc_IndexTensor : RankedTensorOf<[I64]>;
/// A rank-0 i64 tensor: a run-time index, size or step. Buildable, so that
/// formats need not spell its type.
def Symc_IndexScalar : 0DTensorOf<[I64]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getI64Type())">;
/// A rank-1 i64 tensor holding a shape.
def Symc_ShapeTensor : 1DTensorOf<[I64]>;
def Symc_FloatScalar : 0DTensorOf<[F32, F64]>;
def Symc_Scalar : 0DTensorOf<Symc_AllElementTypes>;

//===----------------------------------------------------------------------===//
// Traits and op base classes
//===----------------------------------------------------------------------===//

/// Marks an op that applies a scalar function independently at every position
/// of its broadcast operands. Lowerings and fusion key on this trait.
def Symc_ElementwiseTrait : NativeOpTrait<"SymcElementwise"> {
  let cppNamespace = "::mlir::symc";
}

class Symc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Symc_Dialect, mnemonic, traits>;

/// Result types inferred from the operands. A declared result type may be
/// less static than the inferred one (a rewrite may have refined an operand
/// since), never more; symc-infer-shapes tightens it again. The custom form
/// spells such a result type with a trailing `-> type` (Symc_InferredResult).
def Symc_InferType : InferTypeOpAdaptorBase<[{
    static bool isCompatibleReturnTypes(::mlir::TypeRange l, ::mlir::TypeRange r) {
      return ::mlir::symc::compatibleTypes(l, r);
    }
    /// What "result" names in the generated printer: see
    /// parseInferredResult in SymcAsm.h.
    static constexpr ::mlir::symc::NoParseState result = {};
  }]>;

/// The end of the assembly format of an op with Symc_InferType: an optional
/// `-> type` for a declared result type less static than the inferred one.
/// `refs` lists `ref($operand), ref(type($operand))` pairs in operand order.
class Symc_InferredResult<string refs> {
  string format = " `` custom<InferredResult>(type($result), \"result\", "
                  "\"&inferReturnTypes\", " # refs # ")";
}

/// Ops whose result shapes can be computed from their operands at run time.
defvar Symc_ReifyShapes = DeclareOpInterfaceMethods<ReifyRankedShapedTypeOpInterface,
    ["reifyResultShapes"]>;

/// An elementwise op with one operand and a result of the same type.
class Symc_UnaryOp<string mnemonic, Type type, list<Trait> traits = []>
    : Symc_Op<mnemonic, !listconcat(traits, [Pure, Symc_ElementwiseTrait,
        SameOperandsAndResultType, Symc_ReifyShapes])> {
  let arguments = (ins type:$input);
  let results = (outs type:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasFolder = 1;
}

/// An elementwise op with one operand and a bool result of the same shape.
class Symc_UnaryPredicateOp<string mnemonic, Type type, list<Trait> traits = []>
    : Symc_Op<mnemonic, !listconcat(traits, [Pure, Symc_ElementwiseTrait,
        Symc_InferType, Symc_ReifyShapes])> {
  let arguments = (ins type:$input);
  let results = (outs Symc_BoolTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)" # Symc_InferredResult<"ref($input), ref(type($input))">.format;
  let hasFolder = 1;
}

/// A broadcasting elementwise op with two operands of one element type. The
/// result type is inferred: see `inferBroadcastShape` in SymcOps.cpp.
class Symc_BinaryOp<string mnemonic, Type type, list<Trait> traits = []>
    : Symc_Op<mnemonic, !listconcat(traits, [Pure, Symc_ElementwiseTrait,
        Symc_InferType, Symc_ReifyShapes,
        AllElementTypesMatch<["lhs", "rhs"]>])> {
  let arguments = (ins type:$lhs, type:$rhs);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` custom<BroadcastTypes>(type($lhs), type($rhs))
  }] # Symc_InferredResult<"ref($lhs), ref(type($lhs)), ref($rhs), ref(type($rhs))">.format;
  let hasFolder = 1;
}

/// A broadcasting comparison: two operands of one element type, a bool result.
class Symc_CompareOp<string mnemonic, list<Trait> traits = []>
    : Symc_BinaryOp<mnemonic, Symc_Tensor, traits>;

/// Reductions over a sorted, duplicate-free list of axes. An empty list
/// reduces nothing; `keepdims` keeps each reduced axis as a size-1 dimension.
class Symc_ReduceOp<string mnemonic, Type type, list<Trait> traits = []>
    : Symc_Op<mnemonic, !listconcat(traits, [Pure, Symc_InferType,
        Symc_ReifyShapes])> {
  let arguments = (ins type:$input, DenseI64ArrayAttr:$axes, UnitAttr:$keepdims);
  let results = (outs Symc_Tensor:$result);
  let assemblyFormat = [{
    $input `axes` `=` $axes (`keepdims` $keepdims^)? attr-dict `:` type($input)
  }] # Symc_InferredResult<"ref($input), ref(type($input))">.format;
  let hasFolder = 1;
}

#endif // SYMC_DIALECT_TD
