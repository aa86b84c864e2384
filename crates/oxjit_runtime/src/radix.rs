//! An LSD radix sort of `u64` keys (8-bit digits, one counting pass, digit passes skipped
//! where every key has the same byte), for `unique` of long arrays: several times faster than
//! a comparison sort there. Short inputs use the standard library's sort. [`distinct_sorted`]
//! finds the distinct keys of long inputs with few of them through a hash set first, so that
//! only those are sorted.

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

/// The distinct `keys`, ascending. Long inputs go through an open-addressing hash set first
/// (a multiplicative hash, linear probing, at most half full): when at most an eighth of the
/// keys are distinct, only those are sorted; with more, the set is dropped (after at most
/// `n / 8` insertions) and every key is radix-sorted and deduplicated.
pub fn distinct_sorted(mut keys: Vec<u64>) -> Vec<u64> {
    let n = keys.len();
    if n >= RADIX_FROM {
        if let Some(mut found) = few_distinct(&keys, n / 8) {
            sort_u64(&mut found);
            return found;
        }
    }
    sort_u64(&mut keys);
    keys.dedup();
    keys
}

/// The distinct keys in order of first appearance, or `None` when there are more than `limit`.
fn few_distinct(keys: &[u64], limit: usize) -> Option<Vec<u64>> {
    // `u64::MAX` marks an empty slot; the key itself is tracked apart.
    const EMPTY: u64 = u64::MAX;
    let size = (2 * limit.max(1)).next_power_of_two();
    let shift = 64 - size.trailing_zeros();
    let mask = size - 1;
    let mut table = vec![EMPTY; size];
    let mut found = Vec::new();
    let mut has_empty_key = false;
    for &k in keys {
        if k == EMPTY {
            if !has_empty_key {
                has_empty_key = true;
                found.push(k);
            }
        } else {
            let mut h = (k.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize;
            loop {
                let t = table[h];
                if t == k {
                    break;
                }
                if t == EMPTY {
                    table[h] = k;
                    found.push(k);
                    break;
                }
                h = (h + 1) & mask;
            }
        }
        if found.len() > limit {
            return None;
        }
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_sorted_is_sort_and_dedup() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for (n, modulus) in [
            (10, 3),
            (RADIX_FROM, 50),
            (5 * RADIX_FROM, 1000),
            (5 * RADIX_FROM, u64::MAX),
        ] {
            let keys: Vec<u64> = (0..n)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    match i % 97 {
                        0 => u64::MAX,
                        1 => 0,
                        _ => state % modulus,
                    }
                })
                .collect();
            let mut want = keys.clone();
            want.sort_unstable();
            want.dedup();
            assert_eq!(distinct_sorted(keys), want, "n {n}, modulus {modulus}");
        }
    }

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
