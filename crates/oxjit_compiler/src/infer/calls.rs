//! Typing of names, attributes and calls: globals frozen from the environment, module
//! attributes, methods, intrinsics (through the table) and calls to other jitted functions.

use super::numpy::Arg;
use super::*;

impl Inference<'_> {
    pub(super) fn global(
        &mut self,
        result: ValueId,
        name: &str,
        span: Span,
        env: &dyn Environment,
    ) -> Result<Type> {
        Ok(match env.global(self.func_id, name) {
            GlobalValue::Int(i) => {
                self.consts.insert(result, Const::Int(i));
                Type::Int
            }
            GlobalValue::Float(f) => {
                self.consts.insert(result, Const::Float(f));
                Type::Float
            }
            GlobalValue::Bool(b) => {
                self.consts.insert(result, Const::Bool(b));
                Type::Bool
            }
            GlobalValue::Frozen { ty, words } => {
                self.frozen.insert(result, words);
                ty
            }
            GlobalValue::Str(s) => {
                self.str_consts.insert(result, s);
                Type::Str
            }
            GlobalValue::Module(m) => Type::Module(m),
            GlobalValue::Builtin(b) => match intrinsics::resolve("builtins", &b) {
                Some(f) => Type::Function(Callable::Intrinsic(f)),
                None => {
                    return Err(CompileError::unsupported(
                        format!("the builtin `{b}` is not supported by oxjit yet"),
                        span,
                    ))
                }
            },
            GlobalValue::MathFunc(f) => match intrinsics::resolve("math", &f) {
                Some(f) => Type::Function(Callable::Intrinsic(f)),
                None => {
                    return Err(CompileError::unsupported(
                        format!("`math.{f}` is not supported by oxjit"),
                        span,
                    ))
                }
            },
            GlobalValue::RandomFunc(f) => match intrinsics::resolve("random", &f) {
                Some(f) => Type::Function(Callable::Intrinsic(f)),
                None => {
                    return Err(CompileError::unsupported(
                        format!("`random.{f}` is not supported by oxjit"),
                        span,
                    )
                    .with_hint("see docs/supported.md for the `random` functions oxjit compiles"))
                }
            },
            GlobalValue::NumpyFunc(f) => {
                let found = if let Some(r) = f.strip_prefix("random.") {
                    intrinsics::resolve("numpy.random", r)
                } else if let Some(l) = f.strip_prefix("linalg.") {
                    intrinsics::resolve("numpy.linalg", l)
                } else if let Some(l) = f.strip_prefix("fft.") {
                    intrinsics::resolve("numpy.fft", l)
                } else {
                    intrinsics::resolve("numpy", &f)
                };
                match found {
                    Some(f) => Type::Function(Callable::Intrinsic(f)),
                    None => {
                        return Err(CompileError::unsupported(
                            format!("`numpy.{f}` is not supported by oxjit yet"),
                            span,
                        )
                        .with_hint("see docs/supported.md for the NumPy functions oxjit compiles"))
                    }
                }
            }
            GlobalValue::Dtype(d) => Type::DtypeValue(d),
            GlobalValue::Typed(c) => match intrinsics::resolve("oxjit.typed", &c) {
                Some(f) => Type::Function(Callable::Intrinsic(f)),
                None => {
                    return Err(CompileError::unsupported(
                        format!("`oxjit.typed.{c}` is not supported in compiled code"),
                        span,
                    ))
                }
            },
            GlobalValue::TypeObject(t) => Type::TypeRef(Box::new(t)),
            GlobalValue::Jitted(id) => Type::Function(Callable::Jitted(id)),
            GlobalValue::Class(c) => Type::Function(Callable::Class(c)),
            GlobalValue::ExceptionClass(c) => Type::ExceptionClass(c),
            GlobalValue::Other(type_name) => {
                return Err(CompileError::unsupported(
                    format!("global `{name}` of type `{type_name}` is not supported"),
                    span,
                )
                .with_hint(
                    "globals may be numbers, NumPy scalars and arrays, tuples of those, the numpy, math and random modules, or jitted functions",
                ))
            }
            GlobalValue::Missing => {
                return Err(CompileError::typing(
                    format!("name `{name}` is not defined"),
                    span,
                ))
            }
        })
    }

    pub(super) fn attr(
        &mut self,
        result: ValueId,
        v: ValueId,
        attr: &str,
        span: Span,
    ) -> Result<Type> {
        let t = self.ty(v).clone();
        Ok(match &t {
            Type::Unknown => Type::Unknown,
            Type::Module(m) => {
                if let Some((re, im)) = intrinsics::complex_constant(m, attr) {
                    self.consts.insert(result, Const::Complex(re, im));
                    return Ok(Type::Complex);
                }
                if let Some(c) = intrinsics::constant(m, attr) {
                    self.consts.insert(result, Const::Float(c));
                    return Ok(Type::Float);
                }
                if let Some(f) = intrinsics::resolve(m, attr) {
                    return Ok(Type::Function(Callable::Intrinsic(f)));
                }
                match m.as_str() {
                    "numpy" if attr == "random" => Type::Module("numpy.random".into()),
                    "numpy" if attr == "linalg" => Type::Module("numpy.linalg".into()),
                    "numpy" if attr == "fft" => Type::Module("numpy.fft".into()),
                    "numpy.fft" => {
                        return Err(CompileError::unsupported(
                            format!("`numpy.fft.{attr}` is not supported by oxjit yet"),
                            span,
                        )
                        .with_hint("see docs/fft.md for the `numpy.fft` functions oxjit compiles"))
                    }
                    "random" => {
                        return Err(CompileError::unsupported(
                            format!("`random.{attr}` is not supported by oxjit"),
                            span,
                        )
                        .with_hint(
                            "see docs/supported.md for the `random` functions oxjit compiles",
                        ))
                    }
                    "numpy" if attr == "newaxis" => {
                        self.consts.insert(result, Const::None);
                        Type::None
                    }
                    "numpy" => {
                        if let Some(d) = Dtype::from_name(attr) {
                            Type::DtypeValue(d)
                        } else {
                            return Err(CompileError::unsupported(
                                format!("`numpy.{attr}` is not supported by oxjit yet"),
                                span,
                            )
                            .with_hint(
                                "see docs/supported.md for the NumPy functions oxjit compiles",
                            ));
                        }
                    }
                    _ => {
                        return Err(CompileError::unsupported(
                            format!("`{m}.{attr}` is not supported by oxjit"),
                            span,
                        ))
                    }
                }
            }
            Type::Array {
                dtype,
                ndim,
                layout,
            } => match attr {
                "shape" => Type::Tuple(vec![Type::Int; *ndim as usize]),
                "size" | "ndim" | "itemsize" | "nbytes" => Type::Int,
                "strides" => Type::Tuple(vec![Type::Int; *ndim as usize]),
                // A compile-time value, for `dtype=` arguments (`numpy.zeros(n, a.dtype)`).
                "dtype" => Type::DtypeValue(*dtype),
                // Views of the parts of complex elements.
                "real" | "imag" if dtype.is_complex() => {
                    Type::array(super::complex_array::part_dtype(*dtype), *ndim, Layout::A)
                }
                "T" => numpy::call(
                    I::Transpose,
                    &[Arg {
                        ty: t.clone(),
                        konst: None,
                        flag: None,
                        word: None,
                        literal: false,
                    }],
                    &[],
                    span,
                )?,
                _ => {
                    let _ = (dtype, layout);
                    if let Some(f) = intrinsics::method(attr) {
                        return Ok(Type::Function(Callable::Method(f)));
                    }
                    return Err(CompileError::unsupported(
                        format!("the array attribute `.{attr}` is not supported yet"),
                        span,
                    ));
                }
            },
            Type::Exception if attr == "args" => Type::ExceptionArgs,
            Type::Exception => {
                return Err(CompileError::unsupported(
                    format!("the attribute `.{attr}` of a caught exception is not supported (`e.args`, `str(e)` and `repr(e)` are)"),
                    span,
                ))
            }
            Type::Dict(..) | Type::Set(_) => {
                let module = match t {
                    Type::Dict(..) => intrinsics::Module::Dict,
                    _ => intrinsics::Module::Set,
                };
                match intrinsics::container_method(module, attr) {
                    Some(f) => Type::Function(Callable::Method(f)),
                    None => {
                        return Err(CompileError::unsupported(
                            format!("the attribute `.{attr}` of `{t}` is not supported"),
                            span,
                        ))
                    }
                }
            }
            Type::Generator => {
                match intrinsics::container_method(intrinsics::Module::Generator, attr) {
                    Some(f) => Type::Function(Callable::Method(f)),
                    None => {
                        return Err(CompileError::unsupported(
                            format!("`numpy.random.Generator.{attr}` is not supported by oxjit"),
                            span,
                        )
                        .with_hint("see docs/random.md for the Generator methods oxjit compiles"))
                    }
                }
            }
            Type::Complex => complex::attr(attr, span)?,
            Type::Range => super::range::attr(attr, span)?,
            t if t.is_number() && matches!(attr, "real" | "imag" | "conjugate") => {
                complex::real_attr(t, attr)
            }
            Type::List(_) => match intrinsics::list_method(attr) {
                Some(f) => Type::Function(Callable::Method(f)),
                None => {
                    return Err(CompileError::unsupported(
                        format!("the list attribute `.{attr}` is not supported"),
                        span,
                    ))
                }
            },
            Type::Str => self.str_attr(attr, span)?,
            t => {
                return Err(CompileError::typing(
                    format!("`{t}` has no attribute `{attr}`"),
                    span,
                ))
            }
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn call(
        &mut self,
        result: ValueId,
        func: ValueId,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
        span: Span,
        prog: &mut Program,
        env: &dyn Environment,
    ) -> Result<Type> {
        let ft = self.ty(func).clone();
        let arg_types: Vec<Type> = args.iter().map(|a| self.ty(*a).clone()).collect();
        let kw_types: Vec<(String, Type)> = kwargs
            .iter()
            .map(|(k, v)| (k.clone(), self.ty(*v).clone()))
            .collect();
        if ft == Type::Unknown
            || arg_types.contains(&Type::Unknown)
            || kw_types.iter().any(|(_, t)| *t == Type::Unknown)
        {
            return Ok(Type::Unknown);
        }
        if let Type::DtypeValue(d) = ft {
            return dtype_call(d, &arg_types, &kw_types, span);
        }
        let Type::Function(callable) = ft else {
            return Err(CompileError::typing(
                format!("`{ft}` is not callable"),
                span,
            ));
        };
        let starred = args
            .iter()
            .any(|a| matches!(self.def_kind(*a), Some(InstKind::Starred(_))));
        if starred
            && !matches!(
                callable,
                Callable::Jitted(_) | Callable::Class(_) | Callable::BoundMethod(_)
            )
        {
            return Err(CompileError::unsupported(
                "`*` unpacking in a call is only supported when calling a jitted function",
                span,
            ));
        }
        Ok(match &callable {
            Callable::Intrinsic(I::BuiltinSorted) => {
                self.list_sorted(result, &arg_types, kwargs, span, prog, env)?
            }
            // `list()`: an empty list takes its element type from the variable it is stored
            // in, as `[]` does.
            Callable::Intrinsic(I::BuiltinList) if args.is_empty() && kwargs.is_empty() => {
                self.list_display(result, &[], span)?
            }
            Callable::Intrinsic(f @ (I::BuiltinMin | I::BuiltinMax))
                if kwargs
                    .iter()
                    .any(|(k, v)| k == "key" && *self.ty(*v) != Type::None) =>
            {
                self.list_extreme_by_key(*f, args, kwargs, span)?
            }
            Callable::Intrinsic(I::BuiltinIsinstance) if kwargs.is_empty() => {
                self.isinstance(result, &arg_types, span)?
            }
            Callable::Intrinsic(f @ (I::BuiltinDict | I::BuiltinSet)) => {
                if !kwargs.is_empty() {
                    return Err(CompileError::unsupported(
                        format!("keyword arguments to `{}` are not supported", f.name()),
                        span,
                    ));
                }
                self.table_ctor(result, *f, &arg_types, span)?
            }
            Callable::Intrinsic(f) if f.module() == intrinsics::Module::Typed => {
                self.typed_call(result, *f, &arg_types, &kw_types, span)?
            }
            Callable::Intrinsic(I::BuiltinComplex) => {
                self.complex_ctor_type(&arg_types, kwargs, span)?
            }
            Callable::Intrinsic(f) if f.module() == intrinsics::Module::Cmath => {
                self.cmath_type(*f, &arg_types, kwargs, span)?
            }
            Callable::Method(I::ComplexConjugate) => {
                if !args.is_empty() || !kwargs.is_empty() {
                    return Err(CompileError::typing(
                        "`complex.conjugate` takes no arguments",
                        span,
                    ));
                }
                let Some(InstKind::Attr(recv, _)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                complex::real_attr(self.ty(recv), "real")
            }
            Callable::Intrinsic(f) if f.module() == intrinsics::Module::Builtins => {
                match self.str_builtin_type(*f, &arg_types, kwargs, span)? {
                    Some(t) => t,
                    None => self.builtin_type(*f, args, &arg_types, kwargs, span)?,
                }
            }
            Callable::Intrinsic(f)
                if f.module() == intrinsics::Module::Math
                    && !matches!(f.rule(), intrinsics::Rule::Stats(_)) =>
            {
                self.math_type(*f, args, &arg_types, kwargs, span)?
            }
            Callable::Intrinsic(f) if f.module() == intrinsics::Module::PyRandom => {
                let (pa, pk) = self.numpy_args(args, kwargs);
                super::py_random::call(*f, &pa, &pk, span)?
            }
            Callable::Intrinsic(I::Array | I::Asarray)
                if matches!(arg_types.first(), Some(Type::List(_))) =>
            {
                let dt = match (arg_types.get(1), kw_types.first()) {
                    (Some(t), _) | (None, Some((_, t))) => {
                        Some(super::dtype_of_value(t).ok_or_else(|| {
                            CompileError::typing(format!("`{t}` is not a dtype"), span)
                        })?)
                    }
                    (None, None) => None,
                };
                self.list_to_array(&arg_types[0], dt, span)?
            }
            Callable::Intrinsic(f)
                if super::ufunc_out::takes_out(*f) && super::ufunc_out::given(*f, args, kwargs) =>
            {
                self.ufunc_out_type(result, *f, args, kwargs, span)?
            }
            Callable::Intrinsic(f) => {
                let (pa, pk) = self.numpy_args(args, kwargs);
                let t = numpy::call(*f, &pa, &pk, span)?;
                self.record_words(args, kwargs);
                t
            }
            Callable::Method(f) if f.module() == intrinsics::Module::Str => {
                let Some(InstKind::Attr(recv, _)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                self.str_method_type(*f, recv, args, kwargs, span)?
            }
            Callable::Method(f)
                if matches!(
                    f.module(),
                    intrinsics::Module::Dict | intrinsics::Module::Set
                ) =>
            {
                let Some(InstKind::Attr(recv, _)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                self.table_method(result, *f, recv, args, kwargs, span)?
            }
            Callable::Method(f) if f.module() == intrinsics::Module::Generator => {
                let Some(InstKind::Attr(recv, _)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                // Required parameters may come by keyword (`rng.integers(low=0, high=9)`):
                // `bind` checks them, the receiver first.
                let (mut pa, pk) = self.numpy_args(args, kwargs);
                pa.insert(
                    0,
                    Arg {
                        ty: self.ty(recv).clone(),
                        konst: None,
                        flag: None,
                        word: None,
                        literal: false,
                    },
                );
                super::generator::method_type(*f, &pa, &pk, span)?
            }
            Callable::Method(f) if f.module() == intrinsics::Module::List => {
                let Some(InstKind::Attr(recv, _)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                self.list_method(result, *f, recv, args, kwargs, span, prog, env)?
            }
            Callable::Method(f) => {
                let Some(InstKind::Attr(recv, _)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                let (mut pa, pk) = self.numpy_args(args, kwargs);
                let recv_t = self.ty(recv).clone();
                pa.insert(
                    0,
                    Arg {
                        ty: recv_t.clone(),
                        konst: None,
                        flag: None,
                        word: None,
                        literal: false,
                    },
                );
                match f {
                    // `a.sort()` sorts in place and returns None.
                    I::MethodSort => {
                        let flat = matches!(pa.get(1), Some(a) if a.ty == Type::None)
                            || pk.iter().any(|(k, a)| k == "axis" && a.ty == Type::None);
                        if flat {
                            return Err(CompileError::typing(
                                "'NoneType' object cannot be interpreted as an integer \
                                 (`a.sort` needs an int axis)",
                                span,
                            ));
                        }
                        numpy::call(I::Sort, &pa, &pk, span)?;
                        Type::None
                    }
                    I::Reshape if pa.len() > 2 || (pa.len() == 2 && pa[1].ty == Type::Int) => {
                        numpy::reshape_variadic(&recv_t, &pa[1..], span)?
                    }
                    I::Transpose if pa.len() > 1 => {
                        return Err(CompileError::unsupported(
                            "`transpose` with an axes argument is not supported yet",
                            span,
                        ))
                    }
                    f => numpy::call(*f, &pa, &pk, span)?,
                }
            }
            Callable::Class(c) => self.construct(result, c, args, kwargs, span, prog, env)?,
            Callable::BoundMethod(m) => {
                let Some(InstKind::Attr(recv, name)) = self.def_kind(func) else {
                    return Err(CompileError::internal("infer", "method without receiver"));
                };
                self.method_call(result, *m, recv, &name, args, kwargs, span, prog, env)?
            }
            Callable::Jitted(id) => {
                let sig = prog.signature(*id, env)?;
                let Some(positional) = self.positional_sources(args, span)? else {
                    return Ok(Type::Unknown);
                };
                let bound = bind::bind(&sig, &positional, kwargs, span)?;
                let mut types = Vec::with_capacity(bound.len());
                for a in &bound {
                    let t = self.source_type(a, &sig, span)?;
                    // A jitted function is passed as its type (one specialisation per callee).
                    if t.is_compile_time() && !matches!(t, Type::Function(Callable::Jitted(_))) {
                        return Err(CompileError::unsupported(
                            format!("cannot pass {t} to a jitted function"),
                            span,
                        ));
                    }
                    types.push(t);
                }
                let idx = prog.instance(*id, &types, env).map_err(|e| {
                    // Errors inside the callee are located in the callee's source already.
                    if e.rendered.is_some() {
                        e
                    } else {
                        e.with_hint("raised while compiling a called jitted function")
                    }
                })?;
                self.callees.insert(
                    result,
                    JittedCall {
                        instance: idx,
                        args: bound,
                    },
                );
                prog.return_type(idx)
            }
        })
    }

    /// The positional arguments of a call of a jitted function, `*t` spread into the items of
    /// the tuple `t`; `None` while a starred tuple's type is unknown.
    pub(super) fn positional_sources(
        &self,
        args: &[ValueId],
        span: Span,
    ) -> Result<Option<Vec<ArgSource>>> {
        let mut out = Vec::with_capacity(args.len());
        for a in args {
            if !matches!(self.def_kind(*a), Some(InstKind::Starred(_))) {
                out.push(ArgSource::Value(*a));
                continue;
            }
            match self.ty(*a) {
                Type::Tuple(items) => out.extend((0..items.len()).map(|i| ArgSource::Item(*a, i))),
                Type::Unknown => return Ok(None),
                t => {
                    return Err(CompileError::unsupported(
                        format!("`*` unpacking of `{t}` in a call is not supported"),
                        span,
                    ))
                }
            }
        }
        Ok(Some(out))
    }

    /// The type of one bound argument of a jitted call.
    pub(super) fn source_type(
        &self,
        a: &ArgSource,
        sig: &bind::Signature,
        span: Span,
    ) -> Result<Type> {
        Ok(match a {
            ArgSource::Value(v) => self.ty(*v).clone(),
            ArgSource::Item(v, i) => match self.ty(*v) {
                Type::Tuple(items) => items[*i].clone(),
                t => {
                    return Err(CompileError::internal(
                        "infer",
                        format!("starred argument of type `{t}`"),
                    ))
                }
            },
            ArgSource::Packed(items) => Type::Tuple(
                items
                    .iter()
                    .map(|i| self.source_type(i, sig, span))
                    .collect::<Result<Vec<_>>>()?,
            ),
            ArgSource::Default(d) => bind::default_type(d, sig, span)?,
        })
    }

    pub(super) fn def_kind(&self, v: ValueId) -> Option<InstKind> {
        self.defs[v.0 as usize].map(|inst| inst.kind.clone())
    }

    /// The value of a literal bool (`True`, `False`, or a global bool).
    pub(super) fn const_bool(&self, v: ValueId) -> Option<bool> {
        if let Some(Const::Bool(b)) = self.consts.get(&v) {
            return Some(*b);
        }
        match &self.defs[v.0 as usize]?.kind {
            InstKind::Const(Const::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// The keyword a literal string names (`"edge"`), if oxjit knows it.
    fn literal_word(&self, v: ValueId) -> Option<intrinsics::Word> {
        if let Some(s) = self.str_consts.get(&v) {
            return intrinsics::Word::parse(s);
        }
        match &self.defs[v.0 as usize]?.kind {
            InstKind::Str(s) => intrinsics::Word::parse(s),
            _ => None,
        }
    }

    /// Whether `v` is a literal string (or a `str` constant from the globals).
    fn is_literal_str(&self, v: ValueId) -> bool {
        self.str_consts.contains_key(&v)
            || matches!(
                self.defs[v.0 as usize].map(|d| &d.kind),
                Some(InstKind::Str(_))
            )
    }

    /// Record the keywords of the literal string arguments of an intrinsic call, for codegen
    /// (which passes their codes, never the text).
    fn record_words(&mut self, args: &[ValueId], kwargs: &[(String, ValueId)]) {
        for v in args.iter().chain(kwargs.iter().map(|(_, v)| v)) {
            if let Some(w) = self.literal_word(*v) {
                self.words.insert(*v, w);
            }
        }
    }

    pub(super) fn numpy_args(
        &self,
        args: &[ValueId],
        kwargs: &[(String, ValueId)],
    ) -> (Vec<Arg>, Vec<(String, Arg)>) {
        let arg = |v: &ValueId| Arg {
            ty: self.ty(*v).clone(),
            konst: self.const_index(*v),
            flag: self.const_bool(*v),
            word: self.literal_word(*v),
            literal: self.is_literal_str(*v),
        };
        (
            args.iter().map(arg).collect(),
            kwargs.iter().map(|(k, v)| (k.clone(), arg(v))).collect(),
        )
    }
}

/// `numpy.float32(x)`, `numpy.int64(x)`, …: a NumPy scalar type called on a number converts it
/// (NumPy's casts: floats truncate toward zero into integers). The narrow integer types have no
/// scalar type in oxjit yet (their arithmetic wraps at their width), so they are refused.
fn dtype_call(d: Dtype, args: &[Type], kwargs: &[(String, Type)], span: Span) -> Result<Type> {
    let name = format!("numpy.{}", d.name());
    if !kwargs.is_empty() || args.len() > 1 {
        return Err(CompileError::unsupported(
            format!("`{name}(...)` takes one number here"),
            span,
        ));
    }
    if let Some(a) = args.first() {
        if !a.is_number() {
            return Err(CompileError::unsupported(
                format!("`{name}` of `{a}` is not supported (a number)"),
                span,
            )
            .with_hint("convert arrays with `a.astype(...)`"));
        }
    }
    Ok(match d {
        Dtype::Float64 => Type::Float,
        Dtype::Float32 => Type::Float32,
        Dtype::Int64 => Type::Int,
        Dtype::Uint64 => Type::Uint64,
        Dtype::Bool => Type::Bool,
        _ => {
            return Err(CompileError::unsupported(
                format!(
                    "`{name}` scalars are not supported yet (their arithmetic wraps at {} bits)",
                    d.itemsize() * 8
                ),
                span,
            )
            .with_hint("use numpy.int64 or a 1-element array of that dtype"))
        }
    })
}
