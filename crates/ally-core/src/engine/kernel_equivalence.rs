//! Every kernel this processor supports, plus the portable one, on the same chunks:
//! stable counts, candidate energies and successors must agree bit for bit.

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use super::Landscape;
use super::kernel::Kernel;
use super::two_blocs::{ChunkOut, Padded, two_blocs_with};
use super::weights::Weights;
use crate::cancel::Cancel;

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Real-valued weights, or (when `tied`) unit sizes and propensities in {−1, 0, 1}: many
/// exactly equal fields, so the steepest move's tie rule decides most steps.
pub(super) fn landscape(n: usize, seed: u64, tied: bool) -> Landscape {
    let mut s = seed;
    let mut unit = || (splitmix(&mut s) >> 11) as f64 / (1u64 << 53) as f64;
    let sizes = (0..n)
        .map(|_| if tied { 1.0 } else { 0.05 + unit() })
        .collect();
    let mut propensity = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let p = if tied {
                (unit() * 3.0).floor() - 1.0
            } else {
                2.0 * unit() - 1.0
            };
            propensity[i * n + j] = p;
            propensity[j * n + i] = p;
        }
    }
    Landscape {
        sizes,
        propensity,
        blocs: 2,
        neutral: false,
    }
}

/// One chunk's result as bits: stable count, candidates (index, energy bits) and the
/// successor of every configuration.
type Bits = (u64, Vec<(u32, u64)>, Vec<u32>);

fn run(kernel: Kernel, p: &Padded<32>, base: usize, len: usize) -> [Bits; 2] {
    let out: Vec<AtomicU32> = (0..len).map(|_| AtomicU32::new(0)).collect();
    let bits = |o: ChunkOut, succ: Vec<u32>| -> Bits {
        let c = o
            .candidates
            .iter()
            .map(|&(i, e)| (i, e.to_bits()))
            .collect();
        (o.stable, c, succ)
    };
    let with = kernel.run::<32, true>(p, base, len, &out);
    let succ = out.iter().map(|a| a.load(Relaxed)).collect();
    let without = kernel.run::<32, false>(p, base, len, &[]);
    [bits(with, succ), bits(without, Vec::new())]
}

#[test]
fn every_kernel_gives_the_same_bits() {
    let kernels = Kernel::available();
    let mut compared = 0;
    for n in 3..=25 {
        for tied in [false, true] {
            let l = landscape(n, 1000 + n as u64, tied);
            let w = Weights::new(&l).expect("valid landscape");
            let tol = w.eps();
            let p = Padded::<32>::new(&w, tol);
            let total = 1usize << (n - 1);
            let len = total.min(1 << 11);
            // The first chunk, one in the middle and the last.
            let mut bases = vec![0, (total / 2) & !(len - 1), total - len];
            bases.dedup();
            for base in bases {
                let reference = run(Kernel::Portable, &p, base, len);
                for &k in &kernels[1..] {
                    let got = run(k, &p, base, len);
                    assert_eq!(got, reference, "n = {n}, tied = {tied}, base = {base}");
                    compared += 1;
                }
                // Without successors the walk finds the same stable configurations.
                assert_eq!(reference[0].0, reference[1].0);
                assert_eq!(reference[0].1, reference[1].1);
            }
        }
    }
    eprintln!("{} kernels, {compared} chunk comparisons", kernels.len());
}

#[test]
fn every_kernel_gives_the_same_solution() {
    for n in [5, 9, 14, 17] {
        for tied in [false, true] {
            let l = landscape(n, 7 * n as u64, tied);
            let w = Weights::new(&l).expect("valid landscape");
            let count = 1u64 << (n - 1);
            let found = |k| {
                let f = two_blocs_with(k, &w, w.eps(), count, true, &Cancel::never())
                    .expect("not cancelled")
                    .expect("memory for the successors");
                (f.kept, f.stable_total)
            };
            let reference = found(Kernel::Portable);
            for k in Kernel::available() {
                assert_eq!(found(k), reference, "n = {n}, tied = {tied}");
            }
        }
    }
}
