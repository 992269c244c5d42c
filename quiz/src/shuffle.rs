//! A small seeded shuffle, so that `--shuffle --seed S` repeats an order.
//!
//! The quiz needs a random order, not a secure one, and it must be the same
//! order every time for the same seed – on every machine and every Rust
//! version – so that an instructor can say "take it with `--seed 7`". A
//! SplitMix64 generator (Steele, Lea & Flood, "Fast splittable pseudorandom
//! number generators", 2014) gives that in a few lines, and the
//! Fisher–Yates shuffle turns it into a uniformly random permutation.

/// A SplitMix64 pseudorandom generator.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator that always yields the same sequence for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0). The modulo bias is below
    /// 2⁻⁵⁰ for the handful of items a quiz shuffles.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Shuffles `items` in place (Fisher–Yates: each of the n! orders is
    /// equally likely).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A seed for when the student gave none: the clock's nanoseconds mixed
/// with the process id, so two quizzes started together still differ.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut rng = Rng::new(nanos ^ u64::from(std::process::id()).rotate_left(32));
    // Seeds are printed for the student to repeat; keep them short to type.
    rng.next_u64() % 1_000_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_order() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        Rng::new(7).shuffle(&mut a);
        Rng::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..20).collect::<Vec<_>>(), "a permutation");
        assert_ne!(a, (0..20).collect::<Vec<_>>(), "and not the identity");
    }

    #[test]
    fn different_seeds_differ() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        Rng::new(1).shuffle(&mut a);
        Rng::new(2).shuffle(&mut b);
        assert_ne!(a, b);
    }

    #[test]
    fn every_position_is_reachable() {
        // Over many seeds, the first item lands in each of 4 places.
        let mut seen = [false; 4];
        for seed in 0..64 {
            let mut items = [0, 1, 2, 3];
            Rng::new(seed).shuffle(&mut items);
            let place = items.iter().position(|&x| x == 0).expect("present");
            seen[place] = true;
        }
        assert_eq!(seen, [true; 4]);
    }
}
