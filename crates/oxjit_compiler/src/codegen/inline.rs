//! Inlining of small jitted callees into their callers, on Cranelift IR (Cranelift's
//! inlining library, `Context::inline`): a call to another instance of the program is replaced
//! by the callee's body when the callee is small and not (mutually) recursive. The callee keeps
//! the common ABI inside the caller (its arguments go through the caller's stack slot), but the
//! call, its status test and the register shuffling around it go away, and Cranelift optimises
//! the callee's code together with the caller's (constant arguments, hoisting out of loops).
//! Small helpers called in hot loops (`inv_pow6(r2)` in a pair loop) were an 11× gap to Numba,
//! whose LLVM inlines them.

use cranelift_codegen::inline::{Inline, InlineCommand};
use cranelift_codegen::ir::{self, ExternalName, Function, GlobalValueData, UserExternalName};
use cranelift_module::FuncId;
use std::borrow::Cow;
use std::collections::HashMap;

/// Callees with at most this many Cranelift instructions outside cold blocks (error paths,
/// `pow` fallbacks) are inlined ...
pub const MAX_INLINE_INSTS: usize = 200;
/// ... and at most this many in all.
pub const MAX_INLINE_TOTAL: usize = 600;

/// Which instances' bodies may replace calls to them.
pub struct Inliner<'a> {
    /// Instance by the `FuncId` its calls name.
    by_id: HashMap<u32, usize>,
    /// The translated (not yet inlined) body of each instance; `None` where calls stay calls.
    bodies: Vec<Option<&'a Function>>,
}

impl<'a> Inliner<'a> {
    /// `funcs[i]` declares instance `i`, `bodies[i]` is its translated body, `recursive[i]`
    /// tells whether it can call itself.
    pub fn new(funcs: &[FuncId], bodies: &'a [Function], recursive: &[bool]) -> Self {
        let by_id = funcs
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_u32(), i))
            .collect();
        let bodies = bodies
            .iter()
            .zip(recursive)
            .map(|(f, rec)| {
                let (mut hot, mut total) = (0, 0);
                for b in f.layout.blocks() {
                    let n = f.layout.block_insts(b).count();
                    total += n;
                    if !f.layout.is_cold(b) {
                        hot += n;
                    }
                }
                let small = hot <= MAX_INLINE_INSTS && total <= MAX_INLINE_TOTAL;
                (small && !rec).then_some(f)
            })
            .collect();
        Inliner { by_id, bodies }
    }

    /// Declare in `caller` every symbol the inlinable bodies' global values name (messages,
    /// the interrupt flag, ...): Cranelift's inliner copies a callee's symbol global values
    /// as they are, so their name references must exist in the caller ([`Self::rebased`]
    /// points them there).
    /// Nothing is declared in a function that calls no inlinable instance.
    pub fn declare_symbols(&self, caller: &mut Function) {
        let calls_inlinable = caller.dfg.ext_funcs.keys().any(|f| {
            self.instance(caller, f)
                .is_some_and(|i| self.bodies[i].is_some())
        });
        if !calls_inlinable {
            return;
        }
        for body in self.bodies.iter().flatten() {
            for (name, _) in symbol_names(body) {
                caller.params.ensure_user_func_name(name);
            }
        }
    }

    /// `body` with its symbol global values naming `caller`'s references to the same symbols
    /// (declared by [`Self::declare_symbols`]); `None` if one is missing (the call is then
    /// kept, never inlined with a reference to the wrong symbol).
    fn rebased(caller: &Function, body: &Function) -> Option<Function> {
        let mut out = body.clone();
        for (name, gv) in symbol_names(body) {
            let r = caller
                .params
                .user_named_funcs()
                .iter()
                .find(|(_, n)| **n == name)
                .map(|(r, _)| r)?;
            if let GlobalValueData::Symbol { name, .. } = &mut out.global_values[gv] {
                *name = ExternalName::User(r);
            }
        }
        Some(out)
    }

    /// The instance a call's callee is, if it is one of the program's instances.
    fn instance(&self, caller: &Function, callee: ir::FuncRef) -> Option<usize> {
        let ExternalName::User(r) = &caller.dfg.ext_funcs[callee].name else {
            return None;
        };
        let name = caller.params.user_named_funcs().get(*r)?;
        (name.namespace == 0)
            .then(|| self.by_id.get(&name.index).copied())
            .flatten()
    }
}

impl Inline for &Inliner<'_> {
    fn inline(
        &mut self,
        caller: &Function,
        _call_inst: ir::Inst,
        opcode: ir::Opcode,
        callee: ir::FuncRef,
        _call_args: &[ir::Value],
    ) -> InlineCommand<'_> {
        if opcode != ir::Opcode::Call {
            return InlineCommand::KeepCall;
        }
        let body = self.instance(caller, callee).and_then(|i| self.bodies[i]);
        match body.and_then(|b| Inliner::rebased(caller, b)) {
            Some(body) => InlineCommand::Inline {
                callee: Cow::Owned(body),
                visit_callee: true,
            },
            None => InlineCommand::KeepCall,
        }
    }
}

/// The user symbols a function's global values name, with the global value naming each.
fn symbol_names(f: &Function) -> Vec<(UserExternalName, ir::GlobalValue)> {
    f.global_values
        .iter()
        .filter_map(|(gv, data)| match data {
            GlobalValueData::Symbol {
                name: ExternalName::User(r),
                ..
            } => Some((f.params.user_named_funcs()[*r].clone(), gv)),
            _ => None,
        })
        .collect()
}
