//! Typing of Numba's typed containers inside compiled code (`oxjit.typed`): `List()`,
//! `List(iterable)` and `Dict()` are `list()`, `list(iterable)` and `dict()` (a `List` is a
//! list: `list(T)` in compiled code, whatever created it); `List.empty_list(T)` and
//! `Dict.empty(K, V)` make empty containers of the types named by `oxjit.types` objects
//! (`Type::TypeRef`, compile time only). The attributes of the `oxjit.types` module
//! (`types.float64`) are looked up in the environment under `oxjit.types.<name>`.

use super::*;
use crate::intrinsics::{Intrinsic as I, Module};

/// The global name under which the environment resolves `oxjit.types.<attr>`.
pub(crate) fn types_attr_name(attr: &str) -> String {
    format!("oxjit.types.{attr}")
}

impl Inference<'_> {
    /// The attributes only typed containers have: `types.<name>`, `List.empty_list`,
    /// `Dict.empty`. `None` for any other attribute (typed by `attr`).
    pub(super) fn typed_attr(
        &mut self,
        v: ValueId,
        attr: &str,
        span: Span,
        env: &dyn Environment,
    ) -> Result<Option<Type>> {
        let t = self.ty(v).clone();
        Ok(Some(match (&t, attr) {
            (Type::Module(m), _) if m == "oxjit.types" => {
                match env.global(self.func_id, &types_attr_name(attr)) {
                    GlobalValue::TypeObject(t) => Type::TypeRef(Box::new(t)),
                    _ => {
                        return Err(CompileError::unsupported(
                            format!("`types.{attr}` is not supported in compiled code"),
                            span,
                        )
                        .with_hint(
                            "type objects such as types.float64 and types.unicode_type can be used; build others (types.ListType(...)) at module level and use the global",
                        ))
                    }
                }
            }
            (Type::Function(Callable::Intrinsic(I::TypedList)), "empty_list") => {
                Type::Function(Callable::Intrinsic(I::TypedEmptyList))
            }
            (Type::Function(Callable::Intrinsic(I::TypedDict)), "empty") => {
                Type::Function(Callable::Intrinsic(I::TypedEmptyDict))
            }
            (Type::Function(Callable::Intrinsic(f)), _) if f.module() == Module::Typed => {
                return Err(CompileError::unsupported(
                    format!("`{}.{attr}` is not supported", f.qualified()),
                    span,
                ))
            }
            _ => return Ok(None),
        }))
    }

    /// A call of an `oxjit.typed` constructor.
    pub(super) fn typed_call(
        &self,
        result: ValueId,
        f: I,
        args: &[Type],
        kwargs: &[(String, Type)],
        span: Span,
    ) -> Result<Type> {
        let bound = intrinsics::bind(f, args, kwargs, span)?;
        let type_arg = |i: usize| -> Result<Type> {
            match bound.get(i).cloned().flatten() {
                Some(Type::TypeRef(t)) => Ok(*t),
                Some(other) => Err(CompileError::typing(
                    format!(
                        "`{}` takes oxjit types (e.g. types.int64), not `{other}`",
                        f.qualified()
                    ),
                    span,
                )),
                None => Err(CompileError::typing(
                    format!("`{}` is missing a type argument", f.qualified()),
                    span,
                )),
            }
        };
        Ok(match f {
            // `List()`, as `[]`: the element type comes from the variable it is stored in.
            I::TypedList if args.is_empty() => self.list_display(result, &[], span)?,
            I::TypedList => self.list_ctor(args, span)?,
            I::TypedDict => self.table_ctor(result, I::BuiltinDict, args, span)?,
            I::TypedEmptyList => {
                let e = type_arg(0)?;
                super::lists::check_element(&e, span)?;
                Type::List(Box::new(e))
            }
            I::TypedEmptyDict => {
                let (k, v) = (type_arg(0)?, type_arg(1)?);
                super::dicts::check_key(&k, span)?;
                super::dicts::check_value(&v, span)?;
                Type::Dict(Box::new(k), Box::new(v))
            }
            other => {
                return Err(CompileError::internal(
                    "infer",
                    format!(
                        "`{}` is not a typed-container constructor",
                        other.qualified()
                    ),
                ))
            }
        })
    }
}
