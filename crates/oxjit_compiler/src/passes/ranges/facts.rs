//! The facts of the index-range analysis: bounds of integer variables relative to constants
//! and to lengths, the lengths of array variables' axes, and tuple variables holding a shape.
//!
//! A length (`Dim`) is an axis of an array variable (`a.shape[k]`) or the current value of an
//! integer variable (`n`, when `a = numpy.zeros(n)` made an axis exactly `n` long). A store to a
//! variable drops every fact that mentions it.

use crate::ir::VarId;
use std::collections::HashMap;

/// A length: an axis of an array variable, or an integer variable's current value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Dim {
    Shape(VarId, usize),
    Var(VarId),
}

impl Dim {
    pub fn mentions(self, v: VarId) -> bool {
        match self {
            Dim::Shape(a, _) | Dim::Var(a) => a == v,
        }
    }
}

/// `x <= base - c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Upper {
    pub base: Dim,
    pub c: i64,
}

/// What is known of an integer: a constant lower bound, an upper bound below a length, and
/// whether it equals a length exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) struct Bounds {
    pub lo: Option<i64>,
    pub hi: Option<Upper>,
    pub eq: Option<Dim>,
}

impl Bounds {
    pub fn is_empty(&self) -> bool {
        self.lo.is_none() && self.hi.is_none() && self.eq.is_none()
    }

    /// The best upper bound: the array axis it equals, else its bound, else the variable it
    /// equals.
    pub fn upper(&self) -> Option<Upper> {
        let exact = self.eq.map(|base| Upper { base, c: 0 });
        match self.eq {
            Some(Dim::Shape(..)) => exact,
            _ => self.hi.or(exact),
        }
    }

    pub fn meet(a: Bounds, b: Bounds) -> Bounds {
        Bounds {
            lo: a.lo.zip(b.lo).map(|(x, y)| x.min(y)),
            hi: match (a.upper(), b.upper()) {
                (Some(x), Some(y)) if x.base == y.base => Some(Upper {
                    c: x.c.min(y.c),
                    ..x
                }),
                _ => None,
            },
            eq: a.eq.filter(|e| b.eq == Some(*e)),
        }
    }

    pub fn tighten_lo(&mut self, k: i64) {
        self.lo = Some(self.lo.map_or(k, |x| x.max(k)));
    }

    pub fn tighten_hi(&mut self, u: Upper) {
        match &mut self.hi {
            Some(h) if h.base == u.base => h.c = h.c.max(u.c),
            Some(_) => {}
            None => self.hi = Some(u),
        }
    }

    /// These bounds without anything that mentions variable `v`.
    pub fn without(mut self, v: VarId) -> Bounds {
        if self.hi.is_some_and(|h| h.base.mentions(v)) {
            self.hi = None;
        }
        if self.eq.is_some_and(|e| e.mentions(v)) {
            self.eq = None;
        }
        self
    }
}

/// The facts holding at a program point.
#[derive(Clone, Debug, PartialEq, Default)]
pub(super) struct Facts {
    pub ints: HashMap<VarId, Bounds>,
    /// Array variables whose axes are known to be as long as another length.
    pub dims: HashMap<VarId, Vec<Option<Dim>>>,
    /// Tuple variables holding an array variable's `.shape`.
    pub shapes: HashMap<VarId, VarId>,
}

impl Facts {
    pub fn meet(a: &Facts, b: &Facts) -> Facts {
        let ints = a
            .ints
            .iter()
            .filter_map(|(v, x)| {
                let m = Bounds::meet(*x, *b.ints.get(v)?);
                (!m.is_empty()).then_some((*v, m))
            })
            .collect();
        let dims = a
            .dims
            .iter()
            .filter_map(|(v, x)| {
                let y = b.dims.get(v)?;
                let m: Vec<Option<Dim>> =
                    x.iter().zip(y).map(|(p, q)| p.filter(|_| p == q)).collect();
                m.iter().any(Option::is_some).then_some((*v, m))
            })
            .collect();
        let shapes = a
            .shapes
            .iter()
            .filter(|(t, a)| b.shapes.get(t) == Some(a))
            .map(|(t, a)| (*t, *a))
            .collect();
        Facts { ints, dims, shapes }
    }

    /// Forget everything that mentions variable `v` (about to be stored to).
    pub fn kill(&mut self, v: VarId) {
        self.ints.remove(&v);
        for b in self.ints.values_mut() {
            *b = b.without(v);
        }
        self.ints.retain(|_, b| !b.is_empty());
        self.dims.remove(&v);
        for d in self.dims.values_mut() {
            for x in d.iter_mut() {
                if x.is_some_and(|x| x.mentions(v)) {
                    *x = None;
                }
            }
        }
        self.dims.retain(|_, d| d.iter().any(Option::is_some));
        self.shapes.remove(&v);
        self.shapes.retain(|_, a| *a != v);
    }

    /// The length `d` is known to equal, following array axes made from other lengths (`d`
    /// itself if nothing is known).
    pub fn canonical(&self, mut d: Dim) -> Dim {
        // Chains are short (an array made from another's shape); the bound guards cycles.
        for _ in 0..4 {
            let Dim::Shape(a, k) = d else { break };
            match self
                .dims
                .get(&a)
                .and_then(|ds| ds.get(k).copied().flatten())
            {
                Some(next) if next != d => d = next,
                _ => break,
            }
        }
        d
    }

    /// Whether two lengths are known equal.
    pub fn same(&self, x: Dim, y: Dim) -> bool {
        x == y || self.canonical(x) == self.canonical(y)
    }
}
