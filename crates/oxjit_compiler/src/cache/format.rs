//! The byte encoding of cache entries: a little-endian writer and a reader that fails (returns
//! `None`) on truncated or malformed input instead of panicking, the FNV-1a checksum, and the
//! encoding of the value types an entry records (argument and result types).

use crate::types::{Dtype, Layout, Type};

/// FNV-1a, 64 bits: the checksum of an entry's payload and the hash of a cache key (detects
/// corruption and accidental edits; not a defence against crafted files).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i64(&mut self, v: i64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn bytes(&mut self, v: &[u8]) {
        self.u64(v.len() as u64);
        self.buf.extend_from_slice(v);
    }
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
}

/// Reads values back; every method returns `None` past the end of the input.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }
    pub fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = usize::try_from(self.u64()?).ok()?;
        self.take(n)
    }
    pub fn str(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
    pub fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.u32()?;
        (0..n).map(|_| self.str()).collect()
    }
    /// A count of items each at least `min_size` bytes long, refused when the rest of the
    /// input could not hold them (a corrupt count must not reserve gigabytes).
    pub fn count(&mut self, min_size: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(min_size.max(1))? <= self.data.len() - self.pos).then_some(n)
    }
}

/// Encode a type a compiled entry takes or returns; `None` for types that exist only at
/// compile time or name process-specific things (functions, exception classes), which are not
/// cached.
pub fn encode_type(w: &mut Writer, t: &Type) -> Option<()> {
    match t {
        Type::Int => w.u8(1),
        Type::Uint64 => w.u8(2),
        Type::Float => w.u8(3),
        Type::Float32 => w.u8(4),
        Type::Bool => w.u8(5),
        Type::None => w.u8(6),
        Type::Tuple(items) => {
            w.u8(7);
            w.u32(items.len() as u32);
            for i in items {
                encode_type(w, i)?;
            }
        }
        Type::Array {
            dtype,
            ndim,
            layout,
        } => {
            w.u8(8);
            w.u8(Dtype::ALL.iter().position(|d| d == dtype)? as u8);
            w.u8(*ndim);
            w.u8(match layout {
                Layout::C => 0,
                Layout::F => 1,
                Layout::A => 2,
            });
        }
        Type::List(elem) => {
            w.u8(9);
            encode_type(w, elem)?;
        }
        Type::Str => w.u8(10),
        Type::Complex => w.u8(20),
        Type::Range => w.u8(21),
        _ => return None,
    }
    Some(())
}

/// Decode a type written by [`encode_type`].
pub fn decode_type(r: &mut Reader<'_>) -> Option<Type> {
    Some(match r.u8()? {
        1 => Type::Int,
        2 => Type::Uint64,
        3 => Type::Float,
        4 => Type::Float32,
        5 => Type::Bool,
        6 => Type::None,
        7 => {
            let n = r.count(1)?;
            Type::Tuple((0..n).map(|_| decode_type(r)).collect::<Option<_>>()?)
        }
        8 => {
            let dtype = *Dtype::ALL.get(r.u8()? as usize)?;
            let ndim = r.u8()?;
            let layout = match r.u8()? {
                0 => Layout::C,
                1 => Layout::F,
                2 => Layout::A,
                _ => return None,
            };
            Type::Array {
                dtype,
                ndim,
                layout,
            }
        }
        9 => Type::List(Box::new(decode_type(r)?)),
        10 => Type::Str,
        20 => Type::Complex,
        21 => Type::Range,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_round_trip_and_truncation_fails() {
        let t = Type::Tuple(vec![
            Type::Array {
                dtype: Dtype::Int32,
                ndim: 2,
                layout: Layout::F,
            },
            Type::List(Box::new(Type::Float)),
            Type::Str,
            Type::Uint64,
        ]);
        let mut w = Writer::default();
        encode_type(&mut w, &t).unwrap();
        assert_eq!(decode_type(&mut Reader::new(&w.buf)), Some(t));
        for cut in 0..w.buf.len() {
            assert_eq!(decode_type(&mut Reader::new(&w.buf[..cut])), None);
        }
        assert!(encode_type(&mut w, &Type::Slice).is_none());
    }
}
