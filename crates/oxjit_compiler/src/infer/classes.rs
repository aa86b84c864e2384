//! Typing of `jitclass` instances: constructing one (`Point(x, y)` allocates the instance and
//! calls `__init__`, a jitted function, with it), reading and writing fields, property getters
//! and setters (jitted calls), and method calls (jitted calls with the receiver first).
//!
//! Names are matched only here: a field becomes a [`FieldAccess`] (its slot and type), a method
//! or property a [`JittedCall`] to its instance, a constructor a [`Construct`]. Codegen
//! (`codegen/classes.rs`) reads those tables. A receiver typed `optional(instance)` (a field
//! `next` that may be `None`) is accepted; codegen checks it at run time and raises CPython's
//! `AttributeError: 'NoneType' object has no attribute '...'`.

use super::bind::{self, Signature};
use super::*;
use crate::heap::{instance_layout, InstanceLayout, MAX_INSTANCE_SLOTS};
use crate::types::ClassRef;
use crate::ClassDef;
use std::sync::Arc;

/// A `jitclass` with its instance layout ([`Program::class`] caches one per class).
#[derive(Clone, Debug)]
pub struct ClassInfo {
    pub class: ClassRef,
    pub def: ClassDef,
    pub layout: InstanceLayout,
}

impl ClassInfo {
    pub fn new(id: u64, def: ClassDef) -> Result<Self> {
        let layout = instance_layout(def.fields.iter().map(|(_, t)| t)).ok_or_else(|| {
            CompileError::new(
                crate::error::ErrorKind::Unsupported,
                format!(
                    "the fields of jitclass `{}` take more than {MAX_INSTANCE_SLOTS} slots",
                    def.name
                ),
                None,
            )
            .with_hint("an array field takes 2 + 2 * ndim slots, a number one")
        })?;
        Ok(ClassInfo {
            class: ClassRef {
                id,
                name: Arc::from(def.name.as_str()),
            },
            def,
            layout,
        })
    }
    fn field(&self, name: &str) -> Option<usize> {
        self.def.fields.iter().position(|(n, _)| n == name)
    }
    fn method(&self, name: &str) -> Option<u64> {
        self.def
            .methods
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| *m)
    }
    fn property(&self, name: &str) -> Option<(u64, Option<u64>)> {
        self.def
            .properties
            .iter()
            .find(|(n, ..)| n == name)
            .map(|(_, g, s)| (*g, *s))
    }
}

/// A field read or written: its first slot in the instance and its type.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldAccess {
    pub slot: usize,
    pub ty: Type,
}

/// `C(args...)`: the instance's size and reference mask, and the call of `__init__` (its first
/// argument, the new instance, is not among `args`).
#[derive(Clone, Debug, PartialEq)]
pub struct Construct {
    pub slots: usize,
    pub ref_mask: u64,
    pub init: Option<JittedCall>,
}

/// The class of a receiver type, and whether it may be `None` (checked at run time).
fn receiver(t: &Type) -> Option<(&ClassRef, bool)> {
    match t {
        Type::Instance(c) => Some((c, false)),
        Type::Optional(inner) => match &**inner {
            Type::Instance(c) => Some((c, true)),
            _ => None,
        },
        _ => None,
    }
}

/// Is `t` an instance or an optional instance (attribute access typed here)?
pub(super) fn is_receiver(t: &Type) -> bool {
    receiver(t).is_some()
}

/// CPython's message for an attribute of `None`.
pub fn none_attr_message(attr: &str) -> String {
    format!("'NoneType' object has no attribute '{attr}'")
}

/// Can a field declared `field` hold a value of type `t` (the value is converted)?
fn fits_field(field: &Type, t: &Type) -> bool {
    field == t || unify(field, t).as_ref() == Some(field)
}

impl Inference<'_> {
    /// `obj.attr` of an instance: a field, a property (its getter called) or a method (a
    /// compile-time bound method, only called).
    pub(super) fn instance_attr(
        &mut self,
        result: ValueId,
        obj: ValueId,
        attr: &str,
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let Some((c, optional)) = receiver(self.ty(obj)) else {
            return Err(CompileError::internal(
                "infer",
                "attribute of a non-instance",
            ));
        };
        let info = class_info(prog, env, c.id, span)?;
        if optional && info.method(attr).is_none() {
            self.receiver_checks.insert(result, none_attr_message(attr));
        }
        if let Some(k) = info.field(attr) {
            let ty = info.def.fields[k].1.clone();
            self.fields.insert(
                result,
                FieldAccess {
                    slot: info.layout.offsets[k],
                    ty: ty.clone(),
                },
            );
            return Ok(ty);
        }
        if let Some((getter, _)) = info.property(attr) {
            let self_t = Type::Instance(info.class.clone());
            let idx = self.class_callee(prog, env, getter, vec![self_t])?;
            self.callees.insert(
                result,
                JittedCall {
                    instance: idx,
                    args: vec![ArgSource::Value(obj)],
                },
            );
            return Ok(prog.return_type(idx));
        }
        if let Some(m) = info.method(attr) {
            return Ok(Type::Function(Callable::BoundMethod(m)));
        }
        Err(CompileError::typing(
            format!("jitclass `{}` has no attribute `{attr}`", info.class.name),
            span,
        )
        .with_hint(no_attr_hint(&info)))
    }

    /// `obj.attr = value`: a field store (the value converted to the field's type) or a
    /// property setter call.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn instance_setattr(
        &mut self,
        result: ValueId,
        obj: ValueId,
        attr: &str,
        value: ValueId,
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let t = self.ty(value).clone();
        let Some((c, optional)) = receiver(self.ty(obj)) else {
            return Err(CompileError::typing(
                format!("cannot assign attributes of `{}`", self.ty(obj)),
                span,
            )
            .with_hint("only fields of jitclass instances can be assigned"));
        };
        if t == Type::Unknown {
            return Ok(Type::Unknown);
        }
        let info = class_info(prog, env, c.id, span)?;
        if optional {
            self.receiver_checks.insert(result, none_attr_message(attr));
        }
        if let Some(k) = info.field(attr) {
            let (name, field_t) = &info.def.fields[k];
            if !fits_field(field_t, &t) {
                return Err(CompileError::typing(
                    format!(
                        "cannot assign `{t}` to field `{name}` of jitclass `{}`, declared `{field_t}`",
                        info.class.name
                    ),
                    span,
                ));
            }
            self.fields.insert(
                result,
                FieldAccess {
                    slot: info.layout.offsets[k],
                    ty: field_t.clone(),
                },
            );
            return Ok(Type::None);
        }
        if let Some((_, setter)) = info.property(attr) {
            let Some(setter) = setter else {
                return Err(CompileError::typing(
                    format!(
                        "property `{attr}` of jitclass `{}` has no setter",
                        info.class.name
                    ),
                    span,
                ));
            };
            let self_t = Type::Instance(info.class.clone());
            let idx = self.class_callee(prog, env, setter, vec![self_t, t])?;
            self.callees.insert(
                result,
                JittedCall {
                    instance: idx,
                    args: vec![ArgSource::Value(obj), ArgSource::Value(value)],
                },
            );
            return Ok(Type::None);
        }
        Err(CompileError::typing(
            format!(
                "jitclass `{}` has no field `{attr}` (fields are declared by the spec)",
                info.class.name
            ),
            span,
        )
        .with_hint(no_attr_hint(&info)))
    }

    /// `C(args...)`: a new instance, `__init__` called on it with the bound arguments.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn construct(
        &mut self,
        result: ValueId,
        c: &ClassRef,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let info = class_info(prog, env, c.id, span)?;
        let self_t = Type::Instance(info.class.clone());
        let init = match info.def.init {
            None if !args.is_empty() || !kwargs.is_empty() => {
                return Err(CompileError::typing(
                    format!("{}() takes no arguments", info.class.name),
                    span,
                ))
            }
            None => None,
            Some(init) => {
                let sig = prog.signature(init, env)?;
                let Some(positional) = self.positional_sources(args, span)? else {
                    return Ok(Type::Unknown);
                };
                // Bound as Python binds `C(...)`: `__init__` without `self`.
                let without_self = Signature {
                    name: info.class.name.to_string(),
                    params: sig.params.iter().skip(1).cloned().collect(),
                };
                let bound = bind::bind(&without_self, &positional, kwargs, span)?;
                let mut types = vec![self_t.clone()];
                for a in &bound {
                    types.push(self.argument_type(a, &without_self, span)?);
                }
                let idx = self.class_callee(prog, env, init, types)?;
                match prog.return_type(idx) {
                    Type::None | Type::Unknown => {}
                    t => {
                        return Err(CompileError::typing(
                            format!("__init__() should return None, not `{t}`"),
                            span,
                        ))
                    }
                }
                Some(JittedCall {
                    instance: idx,
                    args: bound,
                })
            }
        };
        self.constructors.insert(
            result,
            Construct {
                slots: info.layout.slots,
                ref_mask: info.layout.ref_mask,
                init,
            },
        );
        Ok(self_t)
    }

    /// `obj.m(args...)`: the method's jitted function called with the receiver first.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn method_call(
        &mut self,
        result: ValueId,
        method: u64,
        recv: ValueId,
        name: &str,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let Some((c, optional)) = receiver(self.ty(recv)) else {
            return Err(CompileError::internal("infer", "method of a non-instance"));
        };
        let self_t = Type::Instance(c.clone());
        if optional {
            // Checked at the call: `None.m()` raises before the arguments are passed.
            self.receiver_checks.insert(result, none_attr_message(name));
        }
        let sig = prog.signature(method, env)?;
        let Some(mut positional) = self.positional_sources(args, span)? else {
            return Ok(Type::Unknown);
        };
        positional.insert(0, ArgSource::Value(recv));
        let bound = bind::bind(&sig, &positional, kwargs, span)?;
        let mut types = vec![self_t];
        for a in &bound[1..] {
            types.push(self.argument_type(a, &sig, span)?);
        }
        let idx = self.class_callee(prog, env, method, types)?;
        self.callees.insert(
            result,
            JittedCall {
                instance: idx,
                args: bound,
            },
        );
        Ok(prog.return_type(idx))
    }

    /// The type of one bound argument (compile-time values other than jitted functions refused).
    fn argument_type(&self, a: &ArgSource, sig: &Signature, span: Span) -> Result<Type> {
        let t = self.source_type(a, sig, span)?;
        if t.is_compile_time() && !matches!(t, Type::Function(Callable::Jitted(_))) {
            return Err(CompileError::unsupported(
                format!("cannot pass {t} to a jitclass method"),
                span,
            ));
        }
        Ok(t)
    }

    /// The instance of a method (or `__init__`, or an accessor) for `types`.
    fn class_callee(
        &mut self,
        prog: &mut Program,
        env: &dyn Environment,
        func: u64,
        types: Vec<Type>,
    ) -> Result<usize> {
        prog.instance(func, &types, env).map_err(|e| {
            if e.rendered.is_some() {
                e
            } else {
                e.with_hint("raised while compiling a jitclass method")
            }
        })
    }
}

/// The class of id `id`; an error about the class itself is reported at `span`.
fn class_info(
    prog: &mut Program,
    env: &dyn Environment,
    id: u64,
    span: Span,
) -> Result<Arc<ClassInfo>> {
    prog.class(id, env).map_err(|mut e| {
        e.span.get_or_insert(span);
        e
    })
}

/// "fields: x, y; methods: norm" for an unknown attribute.
fn no_attr_hint(info: &ClassInfo) -> String {
    let fields: Vec<&str> = info.def.fields.iter().map(|(n, _)| n.as_str()).collect();
    let mut names: Vec<&str> = info.def.methods.iter().map(|(n, _)| n.as_str()).collect();
    names.extend(info.def.properties.iter().map(|(n, ..)| n.as_str()));
    format!(
        "fields: {}; methods and properties: {}",
        if fields.is_empty() {
            "none".to_string()
        } else {
            fields.join(", ")
        },
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    )
}
