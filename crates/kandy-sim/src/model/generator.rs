//! The generator behind every key, secret, token, id, password and code.
//!
//! One 256-bit key drives a ChaCha20 stream per purpose (the label of what is drawn: `AAK`,
//! `UAT`, `id`, `password`, ...). ChaCha20 is a cryptographic generator: no number of values
//! drawn from one stream tells anything about the key, the other values of that stream or the
//! other streams, so a tenant holding its own keys and tokens cannot compute another's, seeded
//! or not. The key is
//! - with a seed: ChaCha20's own expansion of the seed (`seed_from_u64`), so the same seed and
//!   the same calls give the same values;
//! - without one: 32 bytes of the operating system's random source.
//!
//! The state is the key and how far each stream has been read, so it snapshots as plain data
//! and replays exactly.
//!
//! Streams are per purpose, not per domain: one domain's calls move the ids the next domain
//! draws, and only the whole run (same seed, same calls in the same order) is reproducible.
//! docs/SIMULATOR.md ("Determinism") says why per-domain streams were left out (positions
//! that must outlive their domain, tenant-chosen names needing a keyed derivation).

use super::state::Map;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The generator's key and the position of each stream.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Generator {
    /// The ChaCha20 key, as 64 lowercase hex characters.
    key: Key,
    /// How many 32-bit words each stream has given, by label, in first-use order.
    streams: Map<String, u64>,
}

/// The label of the stream a caller that names none draws from.
#[allow(
    dead_code,
    reason = "kept for operations whose values name no stream of their own"
)]
const GENERAL: &str = "general";

#[allow(
    dead_code,
    reason = "the general stream is for operations that name no stream"
)]
impl Generator {
    /// A generator whose key is `seed`'s (deterministic).
    pub(crate) fn seeded(seed: u64) -> Self {
        let mut key = [0u8; 32];
        ChaCha20Rng::seed_from_u64(seed).fill_bytes(&mut key);
        Self::with_key(key)
    }

    /// A generator with a key from the operating system's random source.
    ///
    /// # Panics
    /// If the operating system has no random source to give (as std's `RandomState` does).
    pub(crate) fn random() -> Self {
        let mut key = [0u8; 32];
        if let Err(error) = getrandom::fill(&mut key) {
            panic!("the operating system's random source failed: {error}");
        }
        Self::with_key(key)
    }

    /// A seeded generator for `Some`, a random one for `None`.
    pub(crate) fn new(seed: Option<u64>) -> Self {
        seed.map_or_else(Self::random, Self::seeded)
    }

    fn with_key(key: [u8; 32]) -> Self {
        Self {
            key: Key(key),
            streams: Map::default(),
        }
    }

    /// The next 64 bits of the stream labelled `label`.
    pub(crate) fn next_u64_in(&mut self, label: &str) -> u64 {
        let position = match self.streams.get_mut(label) {
            Some(position) => position,
            None => self.streams.entry(label.to_owned()).or_insert(0),
        };
        let mut rng = ChaCha20Rng::from_seed(self.key.0);
        rng.set_stream(stream_number(label));
        rng.set_word_pos(u128::from(*position));
        *position += 2;
        rng.next_u64()
    }

    /// The next 64 bits of the general stream.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.next_u64_in(GENERAL)
    }

    /// 32 lowercase hex characters from the stream `label`.
    pub(crate) fn hex32_in(&mut self, label: &str) -> String {
        let (high, low) = (self.next_u64_in(label), self.next_u64_in(label));
        format!("{high:016x}{low:016x}")
    }

    /// 32 lowercase hex characters (the body of every key, token and id) from the general
    /// stream.
    pub(crate) fn hex32(&mut self) -> String {
        self.hex32_in(GENERAL)
    }

    /// `len` lowercase hex characters, at most 16, from the stream `label`.
    pub(crate) fn hex_in(&mut self, label: &str, len: usize) -> String {
        let mut hex = format!("{:016x}", self.next_u64_in(label));
        hex.truncate(len.min(16));
        hex
    }

    /// `len` lowercase hex characters, at most 16, from the general stream.
    pub(crate) fn hex(&mut self, len: usize) -> String {
        self.hex_in(GENERAL, len)
    }

    /// `len` decimal digits, at most 19, from the stream `label`.
    pub(crate) fn digits_in(&mut self, label: &str, len: u32) -> String {
        let len = len.min(19);
        let value = self.next_u64_in(label) % 10u64.pow(len);
        format!("{value:0width$}", width = len as usize)
    }

    /// `len` decimal digits, at most 19, from the general stream.
    pub(crate) fn digits(&mut self, len: u32) -> String {
        self.digits_in(GENERAL, len)
    }
}

/// ChaCha20's 64-bit stream number for a label: FNV-1a of its bytes (labels are public; the
/// secrecy is the key's, so two labels sharing a number would only share a stream).
fn stream_number(label: &str) -> u64 {
    label.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A ChaCha20 key, serialized as hex.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hex: String = self.0.iter().map(|b| format!("{b:02x}")).collect();
        serializer.serialize_str(&hex)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let invalid = || serde::de::Error::custom("the generator key is not 64 hex characters");
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(invalid());
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| invalid())?;
        }
        Ok(Key(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_values() {
        let (mut a, mut b) = (Generator::seeded(7), Generator::seeded(7));
        assert_eq!(a.hex32(), b.hex32());
        assert_eq!(a.digits(4), b.digits(4));
        assert_ne!(Generator::seeded(8).hex32(), Generator::seeded(7).hex32());
    }

    #[test]
    fn streams_are_independent() {
        let (mut a, mut b) = (Generator::seeded(7), Generator::seeded(7));
        let first = a.hex32_in("UAT");
        b.hex32_in("AAK");
        b.hex32_in("AAK");
        assert_eq!(b.hex32_in("UAT"), first);
        assert_ne!(a.hex32_in("AAK"), first);
    }

    #[test]
    fn unseeded_generators_differ() {
        assert_ne!(Generator::random().hex32(), Generator::random().hex32());
    }

    #[test]
    fn values_have_the_documented_shapes() {
        let mut g = Generator::seeded(0);
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
    fn the_state_round_trips() {
        let mut g = Generator::seeded(3);
        g.next_u64_in("x");
        let json = serde_json::to_string(&g).unwrap();
        let mut back: Generator = serde_json::from_str(&json).unwrap();
        assert_eq!(back, g);
        assert_eq!(back.next_u64_in("x"), g.next_u64_in("x"));
        assert!(serde_json::from_str::<Generator>(r#"{"key":"00","streams":{}}"#).is_err());
    }
}
