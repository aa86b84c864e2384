//! Dicts and sets made and changed by compiled code: one hash [`Table`] behind a [`MemInfo`]
//! header (reference counted like arrays and lists). A set is a table whose values have no
//! slots.
//!
//! The layout follows CPython's compact dict (`Objects/dictobject.c`, read for behaviour): an
//! **entries** array in insertion order, each entry `[hash, key slots, value slots]`, and a
//! separate open-addressing **index** array (a power of two of positions into the entries,
//! 1, 2 or 4 bytes each as the capacity needs, probed with CPython's perturbation sequence). A set whose key is one int64 slot keeps each
//! key beside its position in the index ([`KEYED`], 16 bytes a position on 64-byte lines, the
//! four positions of a line tried before perturbing), so a lookup reads one cache line and not
//! the entry. Deleting marks the entry's hash
//! [`DELETED`] and its index slot a dummy; the entries are compacted when the table is
//! resized, or before positional reads (iteration). So iteration order is insertion order
//! for dicts and sets alike.
//!
//! Keys and values are flat 8-byte slots described by a schema as list elements are
//! (`crate::list`: four bits per slot). Keys are numbers, strings ([`crate::list::STR`] slots,
//! owned by the table, hashed and compared by text) or tuples of numbers;
//! value slots of kind [`crate::list::REF`] hold lists, [`crate::list::STR`] strings and [`TABLE_REF`] dicts or sets,
//! owned references released when the entry goes.
//!
//! Equality is Python's for numbers of one type: `0.0 == -0.0` is one key (hashed as `0.0`).
//! NaN keys: every NaN is the same key (CPython compares keys by identity first, so the one
//! NaN object stored in a variable finds itself; oxjit floats have no identity).
//!
//! Compiled code reads `len` at offset 0 of the table (as a list's). Everything else goes
//! through the functions here and in [`crate::table_ops`].

use crate::errors::{set_error, set_key_error, ErrorKind};
use crate::list::{BOOL, F32, F64, OBJ, REF, STR};
use crate::memory::{new_object, oxjit_rt_decref, oxjit_rt_incref, MemInfo};

/// Schema kind of a value slot holding a dict or set (a [`Table`] meminfo); apart from the
/// list kinds (a [`crate::list::STR`] value slot holds a string).
pub const TABLE_REF: u64 = 6;
/// The hash slot of a deleted entry (live hashes have the top bit clear).
pub const DELETED: u64 = u64::MAX;
const EMPTY: i64 = -1;
const DUMMY: i64 = -2;
const MIN_SIZE: usize = 8;
/// `Table::ix_bytes` of the index of a set of int64 keys: each position is 16 bytes, the
/// key of the entry it names (garbage when EMPTY or DUMMY) and then the entry's position, so
/// a probe reads one cache line and never the entry itself.
const KEYED: usize = 16;

/// A dict or set (`MemInfo::data` points to it).
#[repr(C)]
pub struct Table {
    /// Live entries (offset 0, read by compiled code).
    pub len: i64,
    /// `n_entries` entries of `stride` slots.
    pub entries: *mut u64,
    /// Entries used, deleted ones included (the next entry goes here).
    pub n_entries: i64,
    /// Set by every change (the binding writes a reflected argument back only then).
    pub dirty: i64,
    pub kw: i64,
    pub kschema: u64,
    pub vw: i64,
    pub vschema: u64,
    /// The key is a tuple (for `repr` in `KeyError` messages).
    pub key_tuple: i64,
    cap: i64,
    deleted: i64,
    /// The index: `mask + 1` positions of `ix_bytes` bytes each (1, 2 or 4: the narrowest
    /// that holds every entry position, as CPython sizes its index, so it stays in cache;
    /// [`KEYED`] for a set of int64 keys).
    indices: *mut u8,
    ix_bytes: usize,
    mask: usize,
    /// Dummy index slots whose entries `popitem` trimmed off the end (they still fill the
    /// index, so they count against `cap` until the next resize).
    trimmed: i64,
}

fn kind(schema: u64, k: usize) -> u64 {
    (schema >> (4 * k)) & 0xf
}

const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of a one-int64 key: the int itself with the top bit cleared, as CPython hashes
/// small ints (nothing for a lookup to wait for; keys that differ only in high bits are spread
/// by the perturbed probe sequence, which shifts them in).
#[inline(always)]
fn int_hash(x: u64) -> u64 {
    x & (u64::MAX >> 1)
}

fn mix(h: u64) -> u64 {
    let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl Table {
    fn stride(&self) -> usize {
        1 + (self.kw + self.vw) as usize
    }
    /// Entry `i`'s slots (hash first).
    ///
    /// # Safety
    /// `i < cap`.
    unsafe fn entry(&self, i: usize) -> *mut u64 {
        // SAFETY: by the contract.
        unsafe { self.entries.add(i * self.stride()) }
    }

    /// Index position `i` (an entry, [`EMPTY`] or [`DUMMY`]).
    ///
    /// # Safety
    /// `i <= mask`.
    #[inline]
    unsafe fn ix(&self, i: usize) -> i64 {
        // SAFETY: by the contract.
        unsafe {
            match self.ix_bytes {
                1 => *(self.indices as *const i8).add(i) as i64,
                2 => *(self.indices as *const i16).add(i) as i64,
                KEYED => *(self.indices as *const i64).add(2 * i + 1),
                _ => *(self.indices as *const i32).add(i) as i64,
            }
        }
    }

    /// Point index position `i` at entry `e`, whose key is at `key`.
    ///
    /// # Safety
    /// `i <= mask`; `e` fits the index width; `key` holds the key slots.
    #[inline]
    unsafe fn point(&mut self, i: usize, e: usize, key: *const u64) {
        // SAFETY: by the contract.
        unsafe {
            self.set_ix(i, e as i64);
            if self.ix_bytes == KEYED {
                *(self.indices as *mut u64).add(2 * i) = *key;
            }
        }
    }

    /// # Safety
    /// `i <= mask`; `v` fits the index width.
    #[inline]
    unsafe fn set_ix(&mut self, i: usize, v: i64) {
        // SAFETY: by the contract.
        unsafe {
            match self.ix_bytes {
                1 => *(self.indices as *mut i8).add(i) = v as i8,
                2 => *(self.indices as *mut i16).add(i) = v as i16,
                KEYED => *(self.indices as *mut i64).add(2 * i + 1) = v,
                _ => *(self.indices as *mut i32).add(i) = v as i32,
            }
        }
    }

    /// The hash of a key (equal keys hash alike; the top bit is clear).
    ///
    /// # Safety
    /// `key` holds `kw` slots.
    #[inline]
    pub unsafe fn hash(&self, key: *const u64) -> u64 {
        if self.int_key() {
            // SAFETY: by the contract.
            return int_hash(unsafe { *key });
        }
        let mut h: u64 = SEED;
        for k in 0..self.kw as usize {
            // SAFETY: by the contract.
            let x = unsafe { *key.add(k) };
            let bits = match kind(self.kschema, k) {
                F64 => norm_f64(f64::from_bits(x)),
                F32 => norm_f64(f32::from_bits(x as u32) as f64),
                BOOL => x & 0xff,
                // SAFETY: STR slots hold live strings.
                STR => text_hash(unsafe { crate::str::str_of(x as _) }.text.as_bytes()),
                _ => x,
            };
            h = mix(h.rotate_left(5) ^ bits);
        }
        h & (u64::MAX >> 1)
    }

    /// The key is one int64 slot (the common case, hashed and compared without the schema).
    #[inline]
    fn int_key(&self) -> bool {
        self.kw == 1 && self.kschema == crate::list::I64
    }

    /// Python's `==` of two keys (NaN equal to NaN: see the module doc).
    #[inline]
    unsafe fn key_eq(&self, a: *const u64, b: *const u64) -> bool {
        if self.int_key() {
            // SAFETY: both hold one slot.
            return unsafe { *a == *b };
        }
        (0..self.kw as usize).all(|k| {
            // SAFETY: both hold `kw` slots.
            let (x, y) = unsafe { (*a.add(k), *b.add(k)) };
            match kind(self.kschema, k) {
                F64 => {
                    let (p, q) = (f64::from_bits(x), f64::from_bits(y));
                    p == q || (p.is_nan() && q.is_nan())
                }
                F32 => {
                    let (p, q) = (f32::from_bits(x as u32), f32::from_bits(y as u32));
                    p == q || (p.is_nan() && q.is_nan())
                }
                BOOL => (x & 0xff != 0) == (y & 0xff != 0),
                // SAFETY: STR slots hold live strings.
                STR => unsafe { x == y || str_eq(x, y) },
                _ => x == y,
            }
        })
    }

    /// Add a reference to each string among the key slots at `key` (the table keeps a key).
    unsafe fn incref_key(&self, key: *const u64) {
        for k in 0..self.kw as usize {
            if kind(self.kschema, k) == STR {
                // SAFETY: STR slots hold live strings.
                unsafe { oxjit_rt_incref(*key.add(k) as *mut MemInfo) };
            }
        }
    }
    unsafe fn decref_key(&self, key: *const u64) {
        for k in 0..self.kw as usize {
            if kind(self.kschema, k) == STR {
                // SAFETY: as above.
                unsafe { oxjit_rt_decref(*key.add(k) as *mut MemInfo) };
            }
        }
    }
    fn key_has_refs(&self) -> bool {
        (0..self.kw as usize).any(|k| kind(self.kschema, k) == STR)
    }

    /// The index slot holding `key`'s entry (`Ok`), or the first free slot (`Err`).
    #[inline]
    unsafe fn probe(&self, key: *const u64, hash: u64) -> Result<usize, usize> {
        if self.ix_bytes == KEYED {
            // SAFETY: by the contract.
            return unsafe { self.probe_int(*key, hash) };
        }
        let mut i = hash as usize & self.mask;
        let mut perturb = hash;
        let mut free = None;
        loop {
            // SAFETY: `i <= mask`.
            let ix = unsafe { self.ix(i) };
            if ix == EMPTY {
                return Err(free.unwrap_or(i));
            }
            if ix == DUMMY {
                free.get_or_insert(i);
            } else {
                // SAFETY: live index slots point to used entries.
                let e = unsafe { self.entry(ix as usize) };
                // SAFETY: as above.
                if unsafe { *e == hash && self.key_eq(e.add(1), key) } {
                    return Ok(i);
                }
            }
            i = self.next_probe(i, &mut perturb);
        }
    }

    /// The next index position after `i` in CPython's perturbed probe sequence.
    #[inline(always)]
    fn next_probe(&self, i: usize, perturb: &mut u64) -> usize {
        *perturb >>= 5;
        (i.wrapping_mul(5)
            .wrapping_add(*perturb as usize)
            .wrapping_add(1))
            & self.mask
    }

    /// [`Table::probe`] for a one-int64 key: the keys beside the index, no entry read.
    ///
    /// # Safety
    /// The index is [`KEYED`].
    #[inline(always)]
    unsafe fn probe_int(&self, key: u64, hash: u64) -> Result<usize, usize> {
        let mut i = hash as usize & self.mask;
        let mut perturb = hash;
        let mut free = None;
        // The four positions of a 64-byte line are tried before moving on: neighbours cost no
        // new cache miss (an index has at least `MIN_SIZE` positions: whole lines).
        const _: () = assert!(MIN_SIZE.is_multiple_of(4));
        loop {
            for g in 0..4 {
                let j = i ^ g;
                // SAFETY: `j <= mask`; a keyed index holds `mask + 1` pairs (key, position).
                let (k, ix) = unsafe {
                    let p = (self.indices as *const u64).add(2 * j);
                    (*p, *p.add(1) as i64)
                };
                if ix == EMPTY {
                    return Err(free.unwrap_or(j));
                }
                if ix == DUMMY {
                    free.get_or_insert(j);
                } else if k == key {
                    return Ok(j);
                }
            }
            i = self.next_probe(i, &mut perturb);
        }
    }

    /// The index is (or, at the next resize, becomes) [`KEYED`].
    fn keyed(&self) -> bool {
        self.int_key() && self.vw == 0
    }

    /// Rebuild the index with room for at least `want` entries (half its size: CPython uses
    /// two thirds; at half, a lookup that misses finds an empty position first about twice
    /// as often, without reading an entry), compacting the entries.
    fn resize(&mut self, want: usize) {
        let mut size = MIN_SIZE;
        while size / 2 < want {
            size *= 2;
        }
        self.compact();
        let cap = size / 2;
        let bytes = cap * self.stride() * 8;
        // SAFETY: `entries` is null or from this allocator.
        let p = unsafe { libc::realloc(self.entries.cast(), bytes.max(8)) } as *mut u64;
        assert!(!p.is_null(), "oxjit: out of memory growing a dict");
        self.entries = p;
        self.cap = cap as i64;
        assert!(cap < i32::MAX as usize, "oxjit: dict too large");
        self.trimmed = 0;
        self.ix_bytes = if self.keyed() {
            KEYED
        } else if cap < 127 {
            1
        } else if cap < 32767 {
            2
        } else {
            4
        };
        // SAFETY: `indices` is null or from this allocator.
        unsafe { libc::free(self.indices.cast()) };
        // SAFETY: a fresh allocation of `size` positions (a keyed index on 64-byte lines, so
        // each group of four positions is one line).
        let ix = unsafe {
            if self.ix_bytes == KEYED {
                libc::aligned_alloc(64, size * KEYED)
            } else {
                libc::malloc(size * self.ix_bytes)
            }
        } as *mut u8;
        assert!(!ix.is_null(), "oxjit: out of memory growing a dict");
        // SAFETY: all bytes 0xff: every position EMPTY (-1).
        unsafe { std::ptr::write_bytes(ix, 0xff, size * self.ix_bytes) };
        self.indices = ix;
        self.mask = size - 1;
        for e in 0..self.n_entries as usize {
            // SAFETY: entries are compact and used.
            let h = unsafe { *self.entry(e) };
            // SAFETY: a fresh index with free room; keys are distinct.
            let slot = match unsafe { self.probe(self.entry(e).add(1), h) } {
                Ok(s) | Err(s) => s,
            };
            // SAFETY: `slot <= mask`; the entry's key follows its hash.
            unsafe { self.point(slot, e, self.entry(e).add(1)) };
        }
    }

    /// Drop deleted entries (the index is stale afterwards unless nothing was deleted).
    fn compact(&mut self) {
        if self.deleted == 0 {
            return;
        }
        let s = self.stride();
        let mut j = 0;
        for i in 0..self.n_entries as usize {
            // SAFETY: `i, j < n_entries`.
            unsafe {
                if *self.entry(i) != DELETED {
                    if i != j {
                        std::ptr::copy_nonoverlapping(self.entry(i), self.entry(j), s);
                    }
                    j += 1;
                }
            }
        }
        self.n_entries = j as i64;
        self.deleted = 0;
    }

    /// Compact the entries and rebuild the index at the same size (before positional reads).
    fn make_compact(&mut self) {
        if self.deleted != 0 {
            self.resize(self.cap as usize);
        }
    }

    /// Add a reference to each object in the value slots at `v`.
    unsafe fn incref_value(&self, v: *const u64) {
        for k in 0..self.vw as usize {
            if matches!(kind(self.vschema, k), REF | STR | OBJ | TABLE_REF) {
                // SAFETY: REF slots hold live meminfos.
                unsafe { oxjit_rt_incref(*v.add(k) as *mut MemInfo) };
            }
        }
    }
    unsafe fn decref_value(&self, v: *const u64) {
        for k in 0..self.vw as usize {
            if matches!(kind(self.vschema, k), REF | STR | OBJ | TABLE_REF) {
                // SAFETY: as above.
                unsafe { oxjit_rt_decref(*v.add(k) as *mut MemInfo) };
            }
        }
    }
    fn has_refs(&self) -> bool {
        (0..self.vw as usize).any(|k| matches!(kind(self.vschema, k), REF | STR | OBJ | TABLE_REF))
    }

    /// Python's `==` of two values (lists item by item, dicts and sets by content).
    unsafe fn value_eq(&self, a: *const u64, b: *const u64) -> bool {
        (0..self.vw as usize).all(|k| {
            // SAFETY: both hold `vw` slots.
            let (x, y) = unsafe { (*a.add(k), *b.add(k)) };
            match kind(self.vschema, k) {
                F64 => f64::from_bits(x) == f64::from_bits(y),
                F32 => f32::from_bits(x as u32) == f32::from_bits(y as u32),
                BOOL => (x & 0xff != 0) == (y & 0xff != 0),
                // SAFETY: live objects of one type.
                REF => unsafe { x == y || crate::list::oxjit_rt_list_eq(x as _, y as _) != 0 },
                // SAFETY: as above.
                TABLE_REF => unsafe { x == y || oxjit_rt_table_eq(x as _, y as _) != 0 },
                // SAFETY: live strings.
                STR => unsafe { x == y || str_eq(x, y) },
                _ => x == y,
            }
        })
    }

    /// `repr` of a key, as CPython writes it (`3`, `1.5`, `True`, `(1, 2)`, `(1,)`).
    ///
    /// # Safety
    /// `key` holds `kw` slots.
    pub unsafe fn key_repr(&self, key: *const u64) -> String {
        let parts: Vec<String> = (0..self.kw as usize)
            .map(|k| {
                // SAFETY: by the contract.
                let v = unsafe { *key.add(k) };
                match kind(self.kschema, k) {
                    F64 => crate::format::float_repr(f64::from_bits(v)),
                    F32 => crate::format::float_repr(f32::from_bits(v as u32) as f64),
                    BOOL => if v & 0xff != 0 { "True" } else { "False" }.to_string(),
                    // SAFETY: STR slots hold live strings.
                    STR => crate::str_convert::repr(&unsafe { crate::str::str_of(v as _) }.text),
                    _ => (v as i64).to_string(),
                }
            })
            .collect();
        match (self.key_tuple != 0, parts.len()) {
            (false, _) => parts.join(""),
            (true, 1) => format!("({},)", parts[0]),
            (true, _) => format!("({})", parts.join(", ")),
        }
    }

    /// The value slots of `key`'s entry, or null.
    ///
    /// # Safety
    /// `key` holds `kw` slots.
    pub unsafe fn find(&self, key: *const u64) -> *mut u64 {
        if self.len == 0 {
            return std::ptr::null_mut();
        }
        // SAFETY: by the contract.
        let h = unsafe { self.hash(key) };
        // SAFETY: as above.
        match unsafe { self.probe(key, h) } {
            // SAFETY: a live index slot.
            Ok(slot) => unsafe {
                let ix = self.ix(slot) as usize;
                self.entry(ix).add(1 + self.kw as usize)
            },
            Err(_) => std::ptr::null_mut(),
        }
    }

    /// The value slots of `key`'s entry, made (with zeroed value slots) if missing. The
    /// second result says whether it was made.
    ///
    /// # Safety
    /// `key` holds `kw` slots.
    pub unsafe fn put(&mut self, key: *const u64) -> (*mut u64, bool) {
        // SAFETY: by the contract.
        let h = unsafe { self.hash(key) };
        // SAFETY: as above.
        let slot = match unsafe { self.probe(key, h) } {
            // SAFETY: a live index slot.
            Ok(slot) => unsafe {
                let ix = self.ix(slot) as usize;
                return (self.entry(ix).add(1 + self.kw as usize), false);
            },
            Err(slot) => slot,
        };
        let slot = if self.n_entries + self.trimmed >= self.cap {
            // CPython's growth rate: room for three times the live entries; twice for a keyed
            // index (its 16-byte positions: a table half as large stays in cache, and probes
            // of a full group of four are rare at half load).
            let rate = if self.ix_bytes == KEYED { 2 } else { 3 };
            self.resize(rate * self.len as usize + 1);
            // SAFETY: the key is still missing.
            match unsafe { self.probe(key, h) } {
                Ok(s) | Err(s) => s,
            }
        } else {
            slot
        };
        let ix = self.n_entries as usize;
        let (kw, vw) = (self.kw as usize, self.vw as usize);
        // SAFETY: `ix < cap`; `slot <= mask`.
        unsafe {
            let e = self.entry(ix);
            *e = h;
            std::ptr::copy_nonoverlapping(key, e.add(1), kw);
            self.incref_key(e.add(1));
            std::ptr::write_bytes(e.add(1 + kw), 0, vw);
            self.point(slot, ix, key);
            self.n_entries += 1;
            self.len += 1;
            self.dirty = 1;
            (e.add(1 + kw), true)
        }
    }

    /// Remove `key`'s entry, moving its value into `out` (the caller takes its references;
    /// the entry's key is released). False when missing.
    ///
    /// # Safety
    /// `key` holds `kw` slots, `out` `vw` slots.
    pub unsafe fn remove(&mut self, key: *const u64, out: *mut u64) -> bool {
        if self.len == 0 {
            return false;
        }
        // SAFETY: by the contract.
        let h = unsafe { self.hash(key) };
        // SAFETY: as above.
        let Ok(slot) = (unsafe { self.probe(key, h) }) else {
            return false;
        };
        // SAFETY: a live index slot and entry.
        unsafe {
            let ix = self.ix(slot) as usize;
            let e = self.entry(ix);
            std::ptr::copy_nonoverlapping(e.add(1 + self.kw as usize), out, self.vw as usize);
            self.decref_key(e.add(1));
            *e = DELETED;
            self.set_ix(slot, DUMMY);
        }
        self.len -= 1;
        self.deleted += 1;
        self.dirty = 1;
        true
    }

    /// Drop deleted entries off the end (their index slots stay dummies, counted in
    /// `trimmed`), so the last entry is live again and repeated pops stay O(1).
    fn trim(&mut self) {
        // SAFETY: `n_entries - 1 < n_entries`.
        while self.n_entries > 0 && unsafe { *self.entry(self.n_entries as usize - 1) } == DELETED {
            self.n_entries -= 1;
            self.deleted -= 1;
            self.trimmed += 1;
        }
    }

    /// The live entries' slots (after the hash), in order.
    pub fn live(&self) -> impl Iterator<Item = *mut u64> + '_ {
        (0..self.n_entries as usize).filter_map(move |i| {
            // SAFETY: `i < n_entries`.
            let e = unsafe { self.entry(i) };
            // SAFETY: as above.
            (unsafe { *e } != DELETED).then(|| unsafe { e.add(1) })
        })
    }

    /// Release every key and value and empty the table.
    fn clear(&mut self) {
        if self.has_refs() || self.key_has_refs() {
            let kw = self.kw as usize;
            for e in self.live().collect::<Vec<_>>() {
                // SAFETY: a live entry's key and value.
                unsafe {
                    self.decref_key(e);
                    self.decref_value(e.add(kw));
                }
            }
        }
        self.len = 0;
        self.n_entries = 0;
        self.deleted = 0;
        self.trimmed = 0;
        if !self.indices.is_null() {
            // SAFETY: `mask + 1` positions.
            unsafe { std::ptr::write_bytes(self.indices, 0xff, (self.mask + 1) * self.ix_bytes) };
        }
        self.dirty = 1;
    }
}

/// Two live strings' text is equal.
///
/// # Safety
/// `x` and `y` are live string meminfos.
unsafe fn str_eq(x: u64, y: u64) -> bool {
    // SAFETY: by the contract.
    unsafe { crate::str::str_of(x as _).text.as_str() == crate::str::str_of(y as _).text.as_str() }
}

/// FNV-1a over the text's bytes (equal strings hash alike; mixed again by the caller).
fn text_hash(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf2_9ce4_8422_2325, |h, c| {
        (h ^ *c as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn norm_f64(x: f64) -> u64 {
    if x == 0.0 {
        0
    } else if x.is_nan() {
        f64::NAN.to_bits()
    } else {
        x.to_bits()
    }
}

/// # Safety
/// `m` is a live table meminfo.
pub unsafe fn table<'a>(m: *mut MemInfo) -> &'a mut Table {
    // SAFETY: by the contract.
    unsafe { &mut *((*m).data as *mut Table) }
}

unsafe fn free_table(data: *mut u8) {
    // SAFETY: `data` is the boxed table of a meminfo being freed.
    let mut t = unsafe { Box::from_raw(data as *mut Table) };
    t.clear();
    // SAFETY: from `realloc`/`malloc`.
    unsafe {
        libc::free(t.entries.cast());
        libc::free(t.indices.cast());
    }
}

/// A new empty table: keys of `kw` slots (`kschema`; `key_tuple` says the key is a tuple),
/// values of `vw` slots (`vschema`; 0 for a set).
pub extern "C" fn oxjit_rt_table_new(
    kw: i64,
    kschema: u64,
    vw: i64,
    vschema: u64,
    key_tuple: i64,
) -> *mut MemInfo {
    let mut t = Box::new(Table {
        len: 0,
        entries: std::ptr::null_mut(),
        n_entries: 0,
        dirty: 0,
        kw: kw.max(1),
        kschema,
        vw: vw.max(0),
        vschema,
        key_tuple,
        cap: 0,
        deleted: 0,
        indices: std::ptr::null_mut(),
        ix_bytes: 1,
        mask: 0,
        trimmed: 0,
    });
    t.resize(0);
    new_object(Box::into_raw(t).cast(), free_table)
}

/// The value slots of `key` (borrowed), or null when missing.
///
/// # Safety
/// `m` is a live table meminfo, `key` holds its key slots.
pub unsafe extern "C" fn oxjit_rt_table_find(m: *mut MemInfo, key: *const u64) -> *mut u64 {
    // SAFETY: by the contract.
    unsafe { table(m).find(key) }
}

/// `key in t` for a table whose key is one int64: a [`KEYED`] index is probed directly (no
/// generic hash, no entry read); 1 when present.
///
/// # Safety
/// `m` is a live table meminfo whose key is one int64 slot.
pub unsafe extern "C" fn oxjit_rt_table_has_int(m: *mut MemInfo, key: i64) -> i8 {
    // SAFETY: by the contract.
    let t = unsafe { table(m) };
    if t.ix_bytes != KEYED {
        // SAFETY: one int64 key slot.
        return i8::from(!unsafe { t.find((&key as *const i64).cast()) }.is_null());
    }
    // SAFETY: a keyed index.
    i8::from(unsafe { t.probe_int(key as u64, int_hash(key as u64)) }.is_ok())
}

/// The value slots of `key`, made zeroed when missing (the caller releases the old value, a
/// no-op for zeroed slots, then stores the new one).
///
/// # Safety
/// As [`oxjit_rt_table_find`].
pub unsafe extern "C" fn oxjit_rt_table_put(m: *mut MemInfo, key: *const u64) -> *mut u64 {
    // SAFETY: by the contract.
    let t = unsafe { table(m) };
    t.dirty = 1;
    // SAFETY: as above.
    unsafe { t.put(key).0 }
}

/// `KeyError(key)` pending (status 1, for compiled code to return).
///
/// # Safety
/// As [`oxjit_rt_table_find`].
pub unsafe extern "C" fn oxjit_rt_table_key_error(m: *mut MemInfo, key: *const u64) -> i32 {
    // SAFETY: by the contract.
    set_key_error(unsafe { table(m).key_repr(key) });
    1
}

/// Remove `key`, moving its value into `out` (the caller owns it): 1 when found, 0 when
/// missing.
///
/// # Safety
/// As [`oxjit_rt_table_find`]; `out` holds the value slots.
pub unsafe extern "C" fn oxjit_rt_table_remove(
    m: *mut MemInfo,
    key: *const u64,
    out: *mut u64,
) -> i8 {
    // SAFETY: by the contract.
    unsafe { table(m).remove(key, out) as i8 }
}

/// `popitem()` / `set.pop()`: move the last entry's key and value into `out` (the caller owns
/// them). Status 1 with `KeyError` when empty.
///
/// # Safety
/// `m` is a live table meminfo; `out` holds key and value slots.
pub unsafe extern "C" fn oxjit_rt_table_popitem(m: *mut MemInfo, out: *mut u64) -> i32 {
    // SAFETY: by the contract.
    let t = unsafe { table(m) };
    // Past the trimmed deleted entries the last entry is live.
    t.trim();
    let Some(e) = (t.len > 0).then(|| {
        // SAFETY: `len > 0`, so `n_entries > 0`.
        unsafe { t.entry(t.n_entries as usize - 1).add(1) }
    }) else {
        let msg = if t.vw == 0 {
            "pop from an empty set"
        } else {
            "popitem(): dictionary is empty"
        };
        set_key_error(format!("'{msg}'"));
        return 1;
    };
    let kw = t.kw as usize;
    // SAFETY: a live entry; `out` holds `kw + vw` slots; the key is copied (the caller's
    // reference added) before removal releases the table's.
    unsafe {
        std::ptr::copy_nonoverlapping(e, out, kw);
        t.incref_key(e);
        t.remove(e as *const u64, out.add(kw));
    }
    0
}

/// Entry `i` (0-based among live entries, in order) for iteration: its key slots (the
/// value follows). Null with `RuntimeError` pending when the table shrank below `i`.
///
/// # Safety
/// `m` is a live table meminfo.
pub unsafe extern "C" fn oxjit_rt_table_entry(m: *mut MemInfo, i: i64) -> *mut u64 {
    // SAFETY: by the contract.
    let t = unsafe { table(m) };
    t.make_compact();
    if i < 0 || i >= t.n_entries {
        let what = if t.vw == 0 { "set" } else { "dictionary" };
        set_error(
            ErrorKind::RuntimeError,
            format!("{what} changed size during iteration"),
        );
        return std::ptr::null_mut();
    }
    // SAFETY: compact, so entry `i` is live.
    unsafe { t.entry(i as usize).add(1) }
}

/// `clear()`.
///
/// # Safety
/// `m` is a live table meminfo.
pub unsafe extern "C" fn oxjit_rt_table_clear(m: *mut MemInfo) {
    // SAFETY: by the contract.
    unsafe { table(m) }.clear();
}

/// Insert every entry of `b` into `a` (values of `b` replace those of `a`): `dict.update`,
/// `set.update`, `|=`.
///
/// # Safety
/// Both are live table meminfos of one layout.
pub unsafe extern "C" fn oxjit_rt_table_update(a: *mut MemInfo, b: *mut MemInfo) {
    if a == b {
        return;
    }
    // SAFETY: by the contract.
    let (ta, tb) = unsafe { (table(a), table(b)) };
    let (kw, vw) = (tb.kw as usize, tb.vw as usize);
    for e in tb.live() {
        // SAFETY: live entries of `b`; `a` has the same layout.
        unsafe {
            let (v, _) = ta.put(e);
            ta.decref_value(v);
            std::ptr::copy_nonoverlapping(e.add(kw), v, vw);
            ta.incref_value(v);
        }
    }
    ta.dirty = 1;
}

/// `copy()`: a new table with the same entries (values' objects shared).
///
/// # Safety
/// `m` is a live table meminfo.
pub unsafe extern "C" fn oxjit_rt_table_copy(m: *mut MemInfo) -> *mut MemInfo {
    // SAFETY: by the contract.
    let t = unsafe { table(m) };
    let out = oxjit_rt_table_new(t.kw, t.kschema, t.vw, t.vschema, t.key_tuple);
    // SAFETY: both live, one layout.
    unsafe { oxjit_rt_table_update(out, m) };
    // SAFETY: fresh.
    unsafe { table(out) }.dirty = 0;
    out
}

/// `a == b`: the same keys (and, for dicts, equal values).
///
/// # Safety
/// Both are live table meminfos of one layout.
pub unsafe extern "C" fn oxjit_rt_table_eq(a: *mut MemInfo, b: *mut MemInfo) -> i8 {
    // SAFETY: by the contract.
    let (ta, tb) = unsafe { (table(a), table(b)) };
    if ta.len != tb.len {
        return 0;
    }
    let kw = ta.kw as usize;
    ta.live().all(|e| {
        // SAFETY: a live key of `a`, looked up in `b` of the same layout.
        let v = unsafe { tb.find(e) };
        // SAFETY: both value slots are live.
        !v.is_null() && unsafe { ta.value_eq(e.add(kw), v) }
    }) as i8
}

/// A new list of the keys (`which` 0), values (1) or `(key, value)` items (2), in order; the
/// list takes a reference to each object among the values.
///
/// # Safety
/// `m` is a live table meminfo; `schema` is the list element's schema.
pub unsafe extern "C" fn oxjit_rt_table_to_list(
    m: *mut MemInfo,
    which: i64,
    schema: u64,
) -> *mut MemInfo {
    // SAFETY: by the contract.
    let t = unsafe { table(m) };
    let (kw, vw) = (t.kw as usize, t.vw as usize);
    let (off, w) = match which {
        0 => (0, kw),
        1 => (kw, vw),
        _ => (0, kw + vw),
    };
    let out = crate::list::oxjit_rt_list_new(w as i64, schema, t.len);
    // SAFETY: a fresh list of `len` elements of `w` slots.
    let items = unsafe { (*((*out).data as *mut crate::list::List)).items };
    for (i, e) in t.live().enumerate() {
        // SAFETY: in bounds of both.
        unsafe {
            std::ptr::copy_nonoverlapping(e.add(off), items.add(i * w), w);
            if which != 1 {
                t.incref_key(e);
            }
            if which != 0 {
                t.incref_value(e.add(kw));
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
