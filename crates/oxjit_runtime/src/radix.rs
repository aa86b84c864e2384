//! An LSD radix sort of `u64` keys (8-bit digits, one counting pass, digit passes skipped
//! where every key has the same byte), for `unique` of long arrays: several times faster than
//! a comparison sort there. Short inputs use the standard library's sort.

/// From how many keys the radix sort is used.
const RADIX_FROM: usize = 1 << 14;

/// Sort `keys` ascending.
pub fn sort_u64(keys: &mut Vec<u64>) {
    if keys.len() < RADIX_FROM {
        keys.sort_unstable();
        return;
    }
    // Histograms of all eight digits in one pass.
    let mut counts = vec![[0usize; 256]; 8];
    for &k in keys.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[((k >> (8 * d)) & 0xff) as usize] += 1;
        }
    }
    let n = keys.len();
    let mut buf = vec![0u64; n];
    for (d, c) in counts.iter().enumerate() {
        if c.contains(&n) {
            continue; // every key has the same digit: the pass would not move anything
        }
        let mut start = [0usize; 256];
        let mut acc = 0;
        for (s, &x) in start.iter_mut().zip(c.iter()) {
            *s = acc;
            acc += x;
        }
        for &k in keys.iter() {
            let b = ((k >> (8 * d)) & 0xff) as usize;
            buf[start[b]] = k;
            start[b] += 1;
        }
        std::mem::swap(keys, &mut buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for n in [0, 1, 5, RADIX_FROM - 1, RADIX_FROM, 3 * RADIX_FROM + 7] {
            let mut keys: Vec<u64> = (0..n)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Some keys share high bytes, some share low ones.
                    if i % 3 == 0 {
                        state & 0xffff
                    } else {
                        state
                    }
                })
                .collect();
            let mut want = keys.clone();
            want.sort_unstable();
            sort_u64(&mut keys);
            assert_eq!(keys, want);
        }
    }
}
