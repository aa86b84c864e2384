//! What a compiled entry depends on, recorded while compiling and checked again before a
//! cached entry is used: the source of every function compiled into it (the function and its
//! jitted callees, transitively), every global name they resolved (frozen constants, modules,
//! callees) and their parameter defaults.
//!
//! [`Recorder`] wraps the compiler's [`Environment`] and notes each answer as a [`Fact`].
//! Functions are numbered in the order they are met (0 is the compiled function; a callee gets
//! the next number when a global first resolves to it), so facts never hold a dispatcher id of
//! the process that wrote them. [`verify`] replays the facts in order against the current
//! environment: an edited callee, a changed frozen global or a global that now names another
//! function makes some answer differ, and the entry is compiled again.

use super::format::{fnv1a64, Reader, Writer};
use crate::error::Result;
use crate::ir::DefaultValue;
use crate::types::Type;
use crate::{Environment, FunctionSource, GlobalValue};
use std::cell::RefCell;
use std::collections::HashSet;

/// One answer of the environment that the compiled code relies on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Fact {
    /// The source of function `func` (text, file, position) hashes to `digest`.
    Source { func: u32, digest: u64 },
    /// Global `name` of function `func` resolved to `value` (canonical text).
    Global {
        func: u32,
        name: String,
        value: String,
    },
    /// The parameter defaults of function `func` (canonical text).
    Defaults { func: u32, value: String },
    /// The variable types `locals=` fixes in function `func` (canonical text).
    Locals { func: u32, value: String },
    /// The code uses a `jitclass`: class ids and the jitted functions of its methods belong to
    /// the process, so such an entry never verifies (it is compiled again in each process).
    Jitclass,
}

/// The digest of a function's source as the compiler saw it.
pub fn source_digest(s: &FunctionSource) -> u64 {
    let text = format!(
        "{}\0{}\0{}\0{}",
        s.filename, s.first_line, s.col_offset, s.text
    );
    fnv1a64(text.as_bytes())
}

/// Functions by number, as met (index 0: the compiled function).
struct Numbering {
    ids: Vec<u64>,
}

impl Numbering {
    fn number(&mut self, id: u64) -> u32 {
        match self.ids.iter().position(|i| *i == id) {
            Some(k) => k as u32,
            None => {
                self.ids.push(id);
                (self.ids.len() - 1) as u32
            }
        }
    }
    /// A global's value as text, with jitted functions by number.
    fn global_text(&mut self, v: &GlobalValue) -> String {
        match v {
            GlobalValue::Jitted(id) => format!("jitted #{}", self.number(*id)),
            other => format!("{other:?}"),
        }
    }
}

fn defaults_text(d: &Option<Vec<(String, DefaultValue)>>) -> String {
    format!("{d:?}")
}

fn locals_text(l: &Result<Vec<(String, Type)>>) -> String {
    match l {
        Ok(l) => format!("{l:?}"),
        Err(e) => format!("error: {}", e.message),
    }
}

/// An [`Environment`] that records every answer it passes on.
pub struct Recorder<'e> {
    inner: &'e dyn Environment,
    state: RefCell<(Numbering, Vec<Fact>, HashSet<Fact>)>,
}

impl<'e> Recorder<'e> {
    /// Record for compiling function `root` of `inner`.
    pub fn new(inner: &'e dyn Environment, root: u64) -> Self {
        Recorder {
            inner,
            state: RefCell::new((Numbering { ids: vec![root] }, Vec::new(), HashSet::new())),
        }
    }

    /// The facts recorded, in the order they were met.
    pub fn facts(self) -> Vec<Fact> {
        self.state.into_inner().1
    }

    fn note(&self, make: impl FnOnce(&mut Numbering) -> Fact) {
        let mut st = self.state.borrow_mut();
        let fact = make(&mut st.0);
        if st.2.insert(fact.clone()) {
            st.1.push(fact);
        }
    }
}

impl Environment for Recorder<'_> {
    fn global(&self, func: u64, name: &str) -> GlobalValue {
        let v = self.inner.global(func, name);
        self.note(|n| Fact::Global {
            func: n.number(func),
            name: name.to_string(),
            value: n.global_text(&v),
        });
        v
    }
    fn source(&self, func: u64) -> Result<FunctionSource> {
        let s = self.inner.source(func)?;
        self.note(|n| Fact::Source {
            func: n.number(func),
            digest: source_digest(&s),
        });
        Ok(s)
    }
    fn defaults(&self, func: u64) -> Option<Vec<(String, DefaultValue)>> {
        let d = self.inner.defaults(func);
        self.note(|n| Fact::Defaults {
            func: n.number(func),
            value: defaults_text(&d),
        });
        d
    }
    fn locals(&self, func: u64) -> Result<Vec<(String, Type)>> {
        let l = self.inner.locals(func);
        self.note(|n| Fact::Locals {
            func: n.number(func),
            value: locals_text(&l),
        });
        l
    }
    fn class(&self, id: u64) -> Result<crate::ClassDef> {
        self.note(|_| Fact::Jitclass);
        self.inner.class(id)
    }
}

/// Do the facts still hold for function `root` in `env`? Replayed in recorded order, so a
/// callee is numbered (from the global naming it) before its own facts are checked.
pub fn verify(env: &dyn Environment, root: u64, facts: &[Fact]) -> bool {
    let mut n = Numbering { ids: vec![root] };
    for fact in facts {
        let holds = match fact {
            Fact::Source { func, digest } => match n.ids.get(*func as usize) {
                Some(id) => env.source(*id).is_ok_and(|s| source_digest(&s) == *digest),
                None => false,
            },
            Fact::Global { func, name, value } => match n.ids.get(*func as usize) {
                Some(id) => {
                    let v = env.global(*id, name);
                    n.global_text(&v) == *value
                }
                None => false,
            },
            Fact::Defaults { func, value } => match n.ids.get(*func as usize) {
                Some(id) => defaults_text(&env.defaults(*id)) == *value,
                None => false,
            },
            Fact::Locals { func, value } => match n.ids.get(*func as usize) {
                Some(id) => locals_text(&env.locals(*id)) == *value,
                None => false,
            },
            Fact::Jitclass => false,
        };
        if !holds {
            return false;
        }
    }
    true
}

pub(super) fn write_facts(w: &mut Writer, facts: &[Fact]) {
    w.u32(facts.len() as u32);
    for f in facts {
        match f {
            Fact::Source { func, digest } => {
                w.u8(0);
                w.u32(*func);
                w.u64(*digest);
            }
            Fact::Global { func, name, value } => {
                w.u8(1);
                w.u32(*func);
                w.str(name);
                w.str(value);
            }
            Fact::Defaults { func, value } => {
                w.u8(2);
                w.u32(*func);
                w.str(value);
            }
            Fact::Locals { func, value } => {
                w.u8(3);
                w.u32(*func);
                w.str(value);
            }
            Fact::Jitclass => w.u8(4),
        }
    }
}

pub(super) fn read_facts(r: &mut Reader<'_>) -> Option<Vec<Fact>> {
    let n = r.count(5)?;
    (0..n)
        .map(|_| {
            Some(match r.u8()? {
                0 => Fact::Source {
                    func: r.u32()?,
                    digest: r.u64()?,
                },
                1 => Fact::Global {
                    func: r.u32()?,
                    name: r.str()?,
                    value: r.str()?,
                },
                2 => Fact::Defaults {
                    func: r.u32()?,
                    value: r.str()?,
                },
                3 => Fact::Locals {
                    func: r.u32()?,
                    value: r.str()?,
                },
                4 => Fact::Jitclass,
                _ => return None,
            })
        })
        .collect()
}
