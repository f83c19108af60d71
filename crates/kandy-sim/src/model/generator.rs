//! The seeded generator behind every key, secret, token, id, password and code.

use serde::{Deserialize, Serialize};

/// SplitMix64: its whole state is one `u64`, so it snapshots as a number and replays exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Generator {
    state: u64,
}

impl Generator {
    /// A generator starting from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 32 lowercase hex characters (the body of every key, token and id).
    pub(crate) fn hex32(&mut self) -> String {
        let (high, low) = (self.next_u64(), self.next_u64());
        format!("{high:016x}{low:016x}")
    }

    /// `len` lowercase hex characters, at most 16.
    pub(crate) fn hex(&mut self, len: usize) -> String {
        let mut hex = format!("{:016x}", self.next_u64());
        hex.truncate(len.min(16));
        hex
    }

    /// `len` decimal digits, at most 19.
    pub(crate) fn digits(&mut self, len: u32) -> String {
        let len = len.min(19);
        let value = self.next_u64() % 10u64.pow(len);
        format!("{value:0width$}", width = len as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_values() {
        let (mut a, mut b) = (Generator::new(7), Generator::new(7));
        assert_eq!(a.hex32(), b.hex32());
        assert_eq!(a.digits(4), b.digits(4));
        assert_ne!(Generator::new(8).hex32(), Generator::new(7).hex32());
    }

    #[test]
    fn values_have_the_documented_shapes() {
        let mut g = Generator::new(0);
        let hex = g.hex32();
        assert_eq!(hex.len(), 32);
        assert!(
            hex.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        );
        assert_eq!(g.hex(14).len(), 14);
        let code = g.digits(4);
        assert_eq!(code.len(), 4);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn the_state_round_trips_as_a_number() {
        let mut g = Generator::new(3);
        g.next_u64();
        let json = serde_json::to_value(g).unwrap();
        assert!(json.is_u64());
        let mut back: Generator = serde_json::from_value(json).unwrap();
        assert_eq!(back.next_u64(), g.next_u64());
    }
}
