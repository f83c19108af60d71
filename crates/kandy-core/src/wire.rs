//! Serde helpers for the API's loose encodings (numbers sent as strings, and back).

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use std::fmt;

struct U64Visitor;

impl Visitor<'_> for U64Visitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a non-negative integer or a string of digits")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        if v >= 0.0 && v.fract() == 0.0 && v < u64::MAX as f64 {
            Ok(v as u64)
        } else {
            Err(E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// A `u64` that arrives as a number or a string of digits, and is sent as a number.
pub mod number {
    use super::*;

    /// Reads a number or a string of digits.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_any(U64Visitor)
    }

    /// Writes a number.
    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(*v)
    }
}

/// A `u64` that arrives as a number or a string of digits, and is sent as a string.
pub mod digits {
    use super::*;

    /// Reads a number or a string of digits.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        d.deserialize_any(U64Visitor)
    }

    /// Writes a string of digits.
    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }
}

/// An optional [`number`].
pub mod opt_number {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Wrap(#[serde(with = "super::number")] u64);

    /// Reads `null`, a number or a string of digits.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        Option::<Wrap>::deserialize(d).map(|w| w.map(|Wrap(v)| v))
    }

    /// Writes a number, or `null`.
    pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_u64(*v),
            None => s.serialize_none(),
        }
    }
}

/// An enum sent as a string: its known values, and any other value kept as given.
pub(crate) trait WireText: Sized {
    /// What the error message says was expected.
    const EXPECTING: &'static str;
    /// The known value spelt `text`, if any.
    fn known(text: &str) -> Option<Self>;
    /// Any other value.
    fn other(text: String) -> Self;
    /// The wire spelling.
    fn as_wire(&self) -> &str;
}

/// Reads a [`WireText`] without allocating for its known values.
pub(crate) struct WireTextVisitor<T>(pub(crate) std::marker::PhantomData<T>);

impl<T: WireText> Visitor<'_> for WireTextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::known(v).unwrap_or_else(|| T::other(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(T::known(&v).unwrap_or_else(|| T::other(v)))
    }
}

/// Implements `Serialize`, `Deserialize` and `From<String>` for a [`WireText`] enum.
macro_rules! wire_text_serde {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str($crate::wire::WireText::as_wire(self))
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str($crate::wire::WireTextVisitor(std::marker::PhantomData))
            }
        }

        impl From<String> for $ty {
            fn from(value: String) -> Self {
                <$ty as $crate::wire::WireText>::known(&value)
                    .unwrap_or_else(|| <$ty as $crate::wire::WireText>::other(value))
            }
        }

        impl From<$ty> for String {
            fn from(value: $ty) -> Self {
                $crate::wire::WireText::as_wire(&value).to_owned()
            }
        }
    };
}
pub(crate) use wire_text_serde;
