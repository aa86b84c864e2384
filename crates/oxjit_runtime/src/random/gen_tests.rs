//! Tests of the PCG64 `Generator` against values printed by NumPy 2.4 on this machine
//! (`numpy.random.default_rng(seed)`, `SeedSequence(seed).generate_state(4, numpy.uint64)`).

use super::pcg64::{seed_sequence_state, Pcg64};

#[test]
fn seed_sequence_matches_numpy() {
    assert_eq!(
        seed_sequence_state(0, 4),
        [
            0xdb2cd7e7b0f478be,
            0xabf4641a2c71ba49,
            0x20c6ed6d9d7b8d41,
            0x2c4099de223c39d4
        ]
    );
    assert_eq!(
        seed_sequence_state(42, 4),
        [
            0x9f1e2e6dcd540ab7,
            0xd57873dc79fb94b6,
            0x7d282a1b64d420b7,
            0x336579714692d5ff
        ]
    );
    // Two 32-bit words of entropy.
    assert_eq!(
        seed_sequence_state(1 << 40, 4),
        [
            0xdbc8086944f01ab8,
            0xa81239e01699b3aa,
            0xf50bdb2a254be6f3,
            0x4b95fbd7a198a28b
        ]
    );
}

#[test]
fn pcg64_stream_matches_numpy() {
    // `default_rng(42).bit_generator.random_raw(3)`.
    let mut g = Pcg64::from_seed(42);
    let raw: Vec<u64> = (0..3).map(|_| g.next_u64()).collect();
    assert_eq!(
        raw,
        [0xc621fbcd16d92688, 0x705a5661a791ffc1, 0xdbcd12c26eda1624]
    );
}

#[test]
fn doubles_normals_exponentials_match_numpy() {
    let mut g = Pcg64::from_seed(42);
    let r: Vec<f64> = (0..3).map(|_| g.next_double()).collect();
    assert_eq!(
        r,
        [0.7739560485559633, 0.4388784397520523, 0.8585979199113825]
    );
    let mut g = Pcg64::from_seed(42);
    let r: Vec<f64> = (0..3).map(|_| g.standard_normal()).collect();
    assert_eq!(
        r,
        [0.30471707975443135, -1.0399841062404955, 0.7504511958064572]
    );
    let mut g = Pcg64::from_seed(42);
    let r: Vec<f64> = (0..3).map(|_| g.standard_exponential()).collect();
    assert_eq!(
        r,
        [2.4042086039659947, 2.3361896558244535, 2.384760999874255]
    );
}

/// 200,000 normals then 200,000 exponentials from `default_rng(0)`: their bits XOR-ed, a
/// weighted sum of the normals' bits, and the next raw draw. Touches every ziggurat layer and
/// both tails, so it pins the tables in `ziggurat.rs` and the rejection paths.
#[test]
fn ziggurat_tables_match_numpy() {
    let mut g = Pcg64::from_seed(0);
    let (mut xn, mut sum) = (0u64, 0u64);
    for k in 1..=200_000u64 {
        let b = g.standard_normal().to_bits();
        xn ^= b;
        sum = sum.wrapping_add(b.wrapping_mul(k));
    }
    let xe = (0..200_000).fold(0u64, |x, _| x ^ g.standard_exponential().to_bits());
    assert_eq!(xn, 0x7f4dd451a8e36082);
    assert_eq!(sum, 0x331162c2900ee260);
    assert_eq!(xe, 0x7bc6505530b974);
    assert_eq!(g.next_u64(), 0x6415286af4bb0675);
}

#[test]
fn integers_and_shuffle_match_numpy() {
    // `g.integers(0, 10, 5)`, `g.integers(-2**62, 2**62, 3)`, `g.integers(0, 10, 3)` on one
    // generator: 32-bit draws (buffered halves), then 64-bit ones, then 32-bit again.
    let mut g = Pcg64::from_seed(42);
    let a: Vec<i64> = (0..5).map(|_| g.integer(0, 10)).collect();
    let b: Vec<i64> = (0..3).map(|_| g.integer(-(1 << 62), 1 << 62)).collect();
    let c: Vec<i64> = (0..3).map(|_| g.integer(0, 10)).collect();
    assert_eq!(a, [0, 7, 6, 4, 4]);
    assert_eq!(
        b,
        [
            1820398760195277894,
            -3743053301415296779,
            4386841898189564358
        ]
    );
    assert_eq!(c, [8, 7, 7]);
    // `default_rng(7).shuffle(arange(10))`.
    let mut g = Pcg64::from_seed(7);
    let mut x: Vec<i64> = (0..10).collect();
    // SAFETY: ten contiguous int64s.
    unsafe { g.shuffle_raw(x.as_mut_ptr().cast(), 10, 8, 8) };
    assert_eq!(x, [8, 0, 7, 1, 3, 6, 2, 4, 5, 9]);
}

/// `default_rng(11)`: 20,000 draws each of `gamma(0.5)`, `gamma(3.0)`, `beta(0.5, 0.5)`,
/// `beta(2, 3)` (their bits XOR-ed), then `poisson(3)`, `poisson(100)`, `binomial(20, 0.3)`,
/// `binomial(1000, 0.6)` (their sums) and the next raw draw: every branch of the four
/// algorithms, in one stream.
#[test]
fn gamma_beta_poisson_binomial_match_numpy() {
    let mut g = Pcg64::from_seed(11);
    let mut xor = |f: &mut dyn FnMut(&mut Pcg64) -> f64| {
        (0..20_000).fold(0u64, |x, _| x ^ f(&mut g).to_bits())
    };
    let xs = [
        xor(&mut |g| g.gen_gamma(0.5, 1.0)),
        xor(&mut |g| g.gen_gamma(3.0, 1.0)),
        xor(&mut |g| g.gen_beta(0.5, 0.5)),
        xor(&mut |g| g.gen_beta(2.0, 3.0)),
    ];
    assert_eq!(
        xs,
        [
            0x7c3bf01526a47ec5,
            0x7ffd4782122f004d,
            0x1793af6897fb5cb,
            0x2b0ac4d7ff1e8d
        ]
    );
    let mut sum =
        |f: &mut dyn FnMut(&mut Pcg64) -> i64| (0..20_000).map(|_| f(&mut g)).sum::<i64>();
    let sums = [
        sum(&mut |g| g.gen_poisson(3.0)),
        sum(&mut |g| g.gen_poisson(100.0)),
        sum(&mut |g| g.gen_binomial(20, 0.3)),
        sum(&mut |g| g.gen_binomial(1000, 0.6)),
    ];
    assert_eq!(sums, [60015, 1999512, 120099, 12000746]);
    assert_eq!(g.next_u64(), 0xabdfcd7ce700ca56);
}
