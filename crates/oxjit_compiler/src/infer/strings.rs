//! Typing of `str` values: literals, f-strings as values, operators (`+`, `*`, comparisons,
//! `in`, indexing and slicing, `len`, truth), the builtins that make or read strings (`str`,
//! `repr`, `int`, `float`, `ord`, `chr`) and the `str` methods of the intrinsics table
//! (`Module::Str`). Messages follow CPython's `TypeError` texts where CPython would raise.

use super::*;

/// Python's name of a type in `TypeError` messages (`'str'`, `'int'`).
pub(super) fn py_name(t: &Type) -> String {
    match t {
        Type::Int | Type::Uint64 => "int".into(),
        Type::Float | Type::Float32 => "float".into(),
        Type::Bool => "bool".into(),
        Type::Str => "str".into(),
        Type::None => "NoneType".into(),
        Type::Tuple(_) => "tuple".into(),
        Type::List(_) => "list".into(),
        Type::Array { .. } => "numpy.ndarray".into(),
        Type::Range => "range".into(),
        t => t.to_string(),
    }
}

fn is_int(t: &Type) -> bool {
    matches!(t, Type::Int | Type::Bool)
}

impl Inference<'_> {
    /// The type of an instruction that involves a string; `None` when it does not.
    pub(super) fn str_inst_type(&mut self, inst: &Inst) -> Result<Option<Type>> {
        let span = inst.span;
        let is_str = |s: &Self, v: &ValueId| *s.ty(*v) == Type::Str;
        Ok(Some(match &inst.kind {
            InstKind::Str(_) => Type::Str,
            InstKind::Format(parts) => {
                self.formatted_parts(parts.iter(), span, "an f-string")?;
                Type::Str
            }
            InstKind::Binary(op, a, b) | InstKind::AugBinary(op, a, b)
                if is_str(self, a) || is_str(self, b) =>
            {
                let (ta, tb) = (self.ty(*a).clone(), self.ty(*b).clone());
                if ta == Type::Unknown || tb == Type::Unknown {
                    return Ok(Some(Type::Unknown));
                }
                match (op, &ta, &tb) {
                    (BinOp::Add, Type::Str, Type::Str) => Type::Str,
                    (BinOp::Mul, Type::Str, t) | (BinOp::Mul, t, Type::Str) if is_int(t) => {
                        Type::Str
                    }
                    (BinOp::Mod, Type::Str, _) => {
                        return Err(CompileError::unsupported(
                            "`%` formatting of strings is not supported (use an f-string)",
                            span,
                        ))
                    }
                    _ => {
                        return Err(CompileError::typing(
                            format!(
                                "unsupported operand type(s) for {}: '{}' and '{}'",
                                super::op_text(*op),
                                py_name(&ta),
                                py_name(&tb)
                            ),
                            span,
                        ))
                    }
                }
            }
            InstKind::Compare(op, a, b) if is_str(self, a) || is_str(self, b) => {
                let (ta, tb) = (self.ty(*a).clone(), self.ty(*b).clone());
                if ta == Type::Unknown || tb == Type::Unknown {
                    return Ok(Some(Type::Unknown));
                }
                if ta != tb && !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    let sym = match op {
                        CmpOp::Lt => "<",
                        CmpOp::Le => "<=",
                        CmpOp::Gt => ">",
                        _ => ">=",
                    };
                    return Err(CompileError::typing(
                        format!(
                            "'{sym}' not supported between instances of '{}' and '{}'",
                            py_name(&ta),
                            py_name(&tb)
                        ),
                        span,
                    ));
                }
                if ta != tb {
                    // A string never equals a value of another type.
                    self.consts
                        .insert(inst.result, Const::Bool(*op == CmpOp::Ne));
                }
                Type::Bool
            }
            InstKind::Truth(v) if is_str(self, v) => Type::Bool,
            InstKind::Unary(UnaryOp::Not, v) if is_str(self, v) => Type::Bool,
            InstKind::Len(v) if is_str(self, v) => Type::Int,
            InstKind::GetItem { value, index, .. } if is_str(self, value) => {
                let ti = self.ty(index[0]).clone();
                match ti {
                    Type::Unknown => Type::Unknown,
                    _ if index.len() != 1 => {
                        return Err(CompileError::typing(
                            "string indices must be integers, not 'tuple'",
                            span,
                        ))
                    }
                    Type::Int | Type::Bool | Type::Slice => Type::Str,
                    t => {
                        return Err(CompileError::typing(
                            format!("string indices must be integers, not '{}'", py_name(&t)),
                            span,
                        ))
                    }
                }
            }
            InstKind::GetItem { value, index, .. }
                if *self.ty(*value) == Type::ExceptionArgs =>
            {
                match self.ty(index[0]) {
                    Type::Unknown => Type::Unknown,
                    Type::Int | Type::Bool if index.len() == 1 => Type::Str,
                    t => {
                        return Err(CompileError::unsupported(
                            format!("`e.args[...]` with an index of type `{t}` is not supported (an int index is)"),
                            span,
                        ))
                    }
                }
            }
            InstKind::SetItem { value, .. } if is_str(self, value) => {
                return Err(CompileError::typing(
                    "'str' object does not support item assignment",
                    span,
                ))
            }
            InstKind::Contains { item, seq, .. } if is_str(self, seq) => match self.ty(*item) {
                Type::Unknown => Type::Unknown,
                Type::Str => Type::Bool,
                t => {
                    return Err(CompileError::typing(
                        format!(
                            "'in <string>' requires string as left operand, not {}",
                            py_name(t)
                        ),
                        span,
                    ))
                }
            },
            _ => return Ok(None),
        }))
    }

    /// A builtin applied to strings or making one; `None` when the call is not about strings.
    pub(super) fn str_builtin_type(
        &self,
        f: I,
        arg_types: &[Type],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Option<Type>> {
        let first = arg_types.first();
        let about_str = matches!(
            f,
            I::BuiltinStr | I::BuiltinRepr | I::BuiltinOrd | I::BuiltinChr
        ) || (matches!(
            f,
            I::BuiltinInt | I::BuiltinFloat | I::BuiltinLen | I::BuiltinBool
        ) && first == Some(&Type::Str));
        if !about_str {
            return Ok(None);
        }
        if !kwargs.is_empty() || arg_types.len() > 1 {
            return Err(CompileError::unsupported(
                format!(
                    "`{}` takes one positional argument in compiled code",
                    f.name()
                ),
                span,
            ));
        }
        let Some(t) = first else {
            return match f {
                I::BuiltinStr => Ok(Some(Type::Str)),
                _ => Err(CompileError::typing(
                    format!("{}() takes exactly one argument (0 given)", f.name()),
                    span,
                )),
            };
        };
        let ok = match f {
            I::BuiltinStr => {
                matches!(
                    t,
                    Type::Int
                        | Type::Bool
                        | Type::Float
                        | Type::Str
                        | Type::Exception
                        | Type::ExceptionArgs
                )
            }
            I::BuiltinRepr => matches!(
                t,
                Type::Int
                    | Type::Bool
                    | Type::Float
                    | Type::Str
                    | Type::Exception
                    | Type::ExceptionArgs
            ),
            I::BuiltinOrd => *t == Type::Str,
            I::BuiltinChr => is_int(t),
            _ => true,
        };
        if !ok {
            return Err(CompileError::unsupported(
                format!("`{}` of `{t}` is not supported", f.name()),
                span,
            ));
        }
        Ok(Some(match f {
            I::BuiltinOrd | I::BuiltinInt | I::BuiltinLen => Type::Int,
            I::BuiltinFloat => Type::Float,
            I::BuiltinBool => Type::Bool,
            _ => Type::Str,
        }))
    }

    /// `s.attr`: a method of the table.
    pub(super) fn str_attr(&self, attr: &str, span: Span) -> Result<Type> {
        match intrinsics::container_method(intrinsics::Module::Str, attr) {
            Some(I::StrFormat) => Err(CompileError::unsupported(
                "`str.format` is only supported on a string literal (`\"{}\".format(x)`)",
                span,
            )),
            Some(f) => Ok(Type::Function(Callable::Method(f))),
            None => Err(CompileError::unsupported(
                format!("the str method `.{attr}` is not supported"),
                span,
            )),
        }
    }

    /// The type of `recv.f(args...)` for a `str` method.
    pub(super) fn str_method_type(
        &self,
        f: I,
        recv: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
    ) -> Result<Type> {
        let mut all = vec![recv];
        all.extend_from_slice(args);
        let bound = intrinsics::bind(f, &all, kwargs, span)?;
        let ty = |k: usize| bound.get(k).copied().flatten().map(|v| self.ty(v).clone());
        let expect = |k: usize, what: &str, ok: &dyn Fn(&Type) -> bool| -> Result<()> {
            match ty(k) {
                Some(t) if !ok(&t) => Err(CompileError::typing(
                    format!(
                        "{}() argument {k} must be {what}, not '{}'",
                        f.name(),
                        py_name(&t)
                    ),
                    span,
                )),
                _ => Ok(()),
            }
        };
        let str_or_none = |t: &Type| matches!(t, Type::Str | Type::None);
        let int_or_none = |t: &Type| is_int(t) || *t == Type::None;
        let strs = |t: &Type| match t {
            Type::Str => true,
            Type::Tuple(items) => items.iter().all(|i| *i == Type::Str),
            _ => false,
        };
        Ok(match f {
            I::StrSplit => {
                expect(1, "str or None", &str_or_none)?;
                expect(2, "int", &is_int)?;
                Type::List(Box::new(Type::Str))
            }
            I::StrJoin => {
                let ok = |t: &Type| match t {
                    Type::List(e) => **e == Type::Str,
                    Type::Tuple(items) => items.iter().all(|i| *i == Type::Str),
                    _ => false,
                };
                expect(1, "a list or tuple of str", &ok)?;
                Type::Str
            }
            I::StrStrip | I::StrLstrip | I::StrRstrip => {
                expect(1, "str or None", &str_or_none)?;
                Type::Str
            }
            I::StrStartswith | I::StrEndswith => {
                expect(1, "str or a tuple of str", &strs)?;
                Type::Bool
            }
            I::StrReplace => {
                expect(1, "str", &|t| *t == Type::Str)?;
                expect(2, "str", &|t| *t == Type::Str)?;
                expect(3, "int", &is_int)?;
                Type::Str
            }
            I::StrFind | I::StrRfind | I::StrIndex | I::StrCount => {
                expect(1, "str", &|t| *t == Type::Str)?;
                expect(2, "int or None", &int_or_none)?;
                expect(3, "int or None", &int_or_none)?;
                Type::Int
            }
            I::StrIsdigit | I::StrIsalpha | I::StrIsspace | I::StrIsupper | I::StrIslower => {
                Type::Bool
            }
            I::StrZfill => {
                expect(1, "int", &is_int)?;
                Type::Str
            }
            I::StrCenter | I::StrLjust | I::StrRjust => {
                expect(1, "int", &is_int)?;
                expect(2, "str", &|t| *t == Type::Str)?;
                Type::Str
            }
            _ => Type::Str,
        })
    }
}
