//! `choice(a, size, replace, p)` of `numpy.random` (the legacy `RandomState`, runtime
//! `oxjit_runtime::random::choice`) and of `numpy.random.Generator` objects (runtime
//! `gen_choice`): one lowering, the population checked here with each API's messages.

use super::translate::FunctionTranslator;
use crate::error::Result;
use crate::ir::ValueId;
use crate::types::{Dtype, Type};
use cranelift_codegen::ir::{
    condcodes::IntCC, types, InstBuilder, StackSlotData, StackSlotKind, Value,
};
use oxjit_runtime::decls as rt;
use oxjit_runtime::errors::ErrorKind as RtError;

impl FunctionTranslator<'_, '_, '_> {
    /// `choice(a, size, replace, p)` of an int `a` (the indices) or a 1-d array (its items at
    /// those indices): `rng.choice` of the generator `g`, or `numpy.random.choice` (`g` none).
    /// The population checks here, with each API's messages; the draws and NumPy's checks of
    /// `p` and `replace` in the runtime.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn choice_call(
        &mut self,
        r: ValueId,
        g: Option<Value>,
        a: ValueId,
        size: Option<ValueId>,
        replace: Option<ValueId>,
        p: Option<ValueId>,
        rt_ty: &Type,
    ) -> Result<()> {
        let legacy = g.is_none();
        let shape = match (rt_ty, size) {
            (Type::Array { .. }, Some(s)) => Some(self.shape_values(s)?),
            _ => None,
        };
        let n = shape.as_ref().map(|s| self.product(s));
        let zero = self.b.ins().iconst(types::I64, 0);
        let (pop, src, stride, d) = if *self.ty(a) == Type::Int {
            let pop = self.int_value(a)?;
            let bad = self
                .b
                .ins()
                .icmp_imm_s(IntCC::SignedLessThanOrEqual, pop, 0);
            let bad = self.and_nonempty(bad, n);
            self.raise_if(
                bad,
                RtError::ValueError,
                if legacy {
                    "a must be greater than 0 unless no samples are taken"
                } else {
                    "a must be a positive integer unless no samples are taken"
                },
            )?;
            (pop, zero, zero, Dtype::Int64)
        } else {
            let (ap, d, _) = self.array_parts(a)?;
            let pop = ap.shape[0];
            let bad = self.b.ins().icmp_imm_s(IntCC::Equal, pop, 0);
            let bad = self.and_nonempty(bad, n);
            self.raise_if(
                bad,
                RtError::ValueError,
                if legacy {
                    "'a' cannot be empty unless no samples are taken"
                } else {
                    "a cannot be empty unless no samples are taken"
                },
            )?;
            (pop, ap.data, ap.strides[0], d)
        };
        let replace = match replace {
            Some(v) => self.int_value(v)?,
            None => self.b.ins().iconst(types::I64, 1),
        };
        let (pp, plen, pstride) = match p {
            Some(v) => {
                let (pa, _, _) = self.array_parts(v)?;
                (pa.data, pa.shape[0], pa.strides[0])
            }
            None => (zero, zero, zero),
        };
        let item = self.b.ins().iconst(types::I64, d.itemsize());
        match shape {
            Some(shape) => {
                let out = self.alloc_array(d, shape, None)?;
                let n = n.expect("count of a shape");
                let st = self.choice_rt(
                    g,
                    &[
                        out[1], n, src, pop, stride, item, replace, pp, plen, pstride,
                    ],
                )?;
                // The new array is released with the other temporaries if this raises.
                self.set_owned(r, out);
                self.check_status(st)?;
            }
            None => {
                let slot = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    16,
                    3,
                ));
                let buf = self.b.ins().stack_addr(types::I64, slot, 0);
                let one = self.b.ins().iconst(types::I64, 1);
                let st = self.choice_rt(
                    g,
                    &[buf, one, src, pop, stride, item, replace, pp, plen, pstride],
                )?;
                self.check_status(st)?;
                let v = self.load_element(buf, d);
                self.set_plain(r, vec![v]);
            }
        }
        Ok(())
    }

    /// Calls the runtime's `choice`: `rng.choice` with the generator first, or the legacy one.
    fn choice_rt(&mut self, g: Option<Value>, args: &[Value]) -> Result<Value> {
        Ok(match g {
            Some(g) => {
                let mut all = vec![g];
                all.extend_from_slice(args);
                self.call_rt(&rt::GEN_CHOICE, &all)?[0]
            }
            None => self.call_rt(&rt::LEGACY_CHOICE, args)?[0],
        })
    }
}
