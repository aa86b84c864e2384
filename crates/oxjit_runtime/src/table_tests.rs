//! Tests of the hash table (`crate::table`) against a model: growth through the index
//! widths and the keyed index, deletions, `popitem`, churn.

use super::*;

#[test]
fn put_find_remove_grow_order() {
    let m = oxjit_rt_table_new(1, crate::list::I64, 1, crate::list::I64, 0);
    unsafe {
        for k in 0..1000u64 {
            *oxjit_rt_table_put(m, &(k * 7)) = k;
        }
        assert_eq!(table(m).len, 1000);
        assert_eq!(*oxjit_rt_table_find(m, &(70)), 10);
        let mut out = 0u64;
        for k in (0..1000u64).step_by(2) {
            assert_eq!(oxjit_rt_table_remove(m, &(k * 7), &mut out), 1);
        }
        assert!(oxjit_rt_table_find(m, &0).is_null());
        *oxjit_rt_table_put(m, &0) = 5;
        let keys: Vec<u64> = table(m).live().map(|e| *e).collect();
        assert_eq!(keys[0], 7);
        assert_eq!(*keys.last().unwrap(), 0);
        assert_eq!(*oxjit_rt_table_entry(m, 1), 21);
        oxjit_rt_decref(m);
    }
}

#[test]
fn float_keys() {
    let m = oxjit_rt_table_new(1, F64, 0, 0, 0);
    unsafe {
        oxjit_rt_table_put(m, &0.0f64.to_bits());
        assert!(!oxjit_rt_table_find(m, &(-0.0f64).to_bits()).is_null());
        oxjit_rt_table_put(m, &f64::NAN.to_bits());
        assert!(!oxjit_rt_table_find(m, &f64::NAN.to_bits()).is_null());
        assert_eq!(table(m).len, 2);
        oxjit_rt_decref(m);
    }
}

/// An ordered reference model: key -> (insertion sequence, value), sequence -> key.
#[derive(Default)]
struct Model {
    seq: u64,
    map: std::collections::HashMap<u64, (u64, u64)>,
    order: std::collections::BTreeMap<u64, u64>,
}

impl Model {
    fn put(&mut self, k: u64, v: u64) {
        let seq = self.seq;
        let e = self.map.entry(k).or_insert((seq, 0));
        if e.0 == seq {
            self.order.insert(seq, k);
            self.seq += 1;
        }
        e.1 = v;
    }
    fn remove(&mut self, k: u64) -> Option<u64> {
        let (seq, v) = self.map.remove(&k)?;
        self.order.remove(&seq);
        Some(v)
    }
    fn keys(&self) -> Vec<u64> {
        self.order.values().copied().collect()
    }
}

/// Check the table against the model: length, every lookup, order (through the compact
/// positional reads iteration uses), and a few absent keys.
unsafe fn check(m: *mut MemInfo, model: &Model) {
    unsafe {
        assert_eq!(table(m).len as usize, model.map.len());
        for (k, (_, v)) in &model.map {
            let p = oxjit_rt_table_find(m, k);
            assert!(!p.is_null(), "key {k} missing");
            if table(m).vw == 1 {
                assert_eq!(*p, *v);
            }
        }
        for k in [u64::MAX / 3, 1 << 40, 123_456_789] {
            assert!(oxjit_rt_table_find(m, &k).is_null());
        }
        let keys = model.keys();
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(*oxjit_rt_table_entry(m, i as i64), *k);
        }
    }
}

/// Growth through the 1-, 2- and 4-byte index widths (float keys: the bits of small
/// integers, all distinct finite floats), with deletions (dummies) and re-insertions at
/// each width, then `popitem` down to empty, all against the model.
#[test]
fn index_widths_grow_delete_popitem() {
    grow_delete_popitem(F64, 1, &[1, 2, 4]);
}

/// The same churn through a keyed index (a set of ints: keys beside their positions, probed
/// by groups of four).
#[test]
fn keyed_index_grow_delete_popitem() {
    grow_delete_popitem(crate::list::I64, 0, &[KEYED]);
    // A dict of int keys reads the entry for the value anyway: a narrow index.
    grow_delete_popitem(crate::list::I64, 1, &[1, 2, 4]);
}

fn grow_delete_popitem(kschema: u64, vw: i64, expected_widths: &[usize]) {
    let m = oxjit_rt_table_new(1, kschema, vw, crate::list::I64 * vw as u64, 0);
    // A set's entries have no value slots: `put` gives where they would start.
    let put = |k: &u64, v: u64| unsafe {
        let p = oxjit_rt_table_put(m, k);
        if vw == 1 {
            *p = v;
        }
    };
    let mut model = Model::default();
    let mut widths = vec![];
    unsafe {
        let mut next = 0u64;
        // Stop at sizes on both sides of each width boundary (cap 126/127, 32766/32767).
        for target in [
            5u64, 100, 126, 127, 200, 5000, 32_766, 32_767, 40_000, 70_000,
        ] {
            while (model.map.len() as u64) < target {
                let k = next * 2_654_435_761 % 1_000_003 + (next << 20);
                put(&k, next);
                model.put(k, next);
                next += 1;
            }
            if widths.last() != Some(&table(m).ix_bytes) {
                widths.push(table(m).ix_bytes);
            }
            check(m, &model);
            // Delete every third key (dummies), overwrite some, re-insert a few.
            let keys = model.keys();
            let mut out = 0u64;
            for k in keys.iter().step_by(3) {
                assert_eq!(oxjit_rt_table_remove(m, k, &mut out), 1);
                let v = model.remove(*k);
                if vw == 1 {
                    assert_eq!(Some(out), v);
                }
                assert_eq!(oxjit_rt_table_remove(m, k, &mut out), 0);
            }
            for k in keys.iter().skip(1).step_by(5) {
                put(k, 7);
                model.put(*k, 7);
            }
            for k in keys.iter().step_by(6) {
                put(k, 9);
                model.put(*k, 9);
            }
            check(m, &model);
        }
        assert_eq!(widths, expected_widths);
        // Pop back down through every width, in reverse insertion order.
        let mut out = [0u64; 2];
        for (n, k) in model.keys().iter().rev().enumerate() {
            assert_eq!(oxjit_rt_table_popitem(m, out.as_mut_ptr()), 0);
            assert_eq!(out[0], *k);
            let v = model.remove(*k);
            if vw == 1 {
                assert_eq!(Some(out[1]), v);
            }
            if n % 9_973 == 0 {
                check(m, &model);
            }
        }
        assert_eq!(table(m).len, 0);
        assert_eq!(oxjit_rt_table_popitem(m, out.as_mut_ptr()), 1);
        crate::errors::take_error();
        oxjit_rt_decref(m);
    }
}

/// `popitem` after other deletions at the end, and put/popitem churn: the trimmed dummy
/// slots must count against the capacity (else the index fills and probing never ends).
#[test]
fn popitem_trims_and_churn() {
    let m = oxjit_rt_table_new(1, crate::list::I64, 0, 0, 0);
    unsafe {
        for k in 0..10u64 {
            oxjit_rt_table_put(m, &k);
        }
        let mut out = [0u64; 1];
        for k in [9u64, 8, 5] {
            oxjit_rt_table_remove(m, &k, out.as_mut_ptr());
        }
        assert_eq!(oxjit_rt_table_popitem(m, out.as_mut_ptr()), 0);
        assert_eq!(out[0], 7);
        for k in 100..300_000u64 {
            oxjit_rt_table_put(m, &k);
            assert_eq!(oxjit_rt_table_popitem(m, out.as_mut_ptr()), 0);
            assert_eq!(out[0], k);
        }
        assert_eq!(table(m).len, 6);
        let keys: Vec<u64> = table(m).live().map(|e| *e).collect();
        assert_eq!(keys, vec![0, 1, 2, 3, 4, 6]);
        assert!(table(m).mask < 64, "churn must not grow the index");
        oxjit_rt_decref(m);
    }
}
