//! The common case of a response, read in one pass: an HTTP 2xx carrying a well-formed success
//! envelope whose `result` has the expected shape. The typed value is read straight from the
//! bytes, with no intermediate JSON tree and no path tracking.
//!
//! Anything else (an error envelope, a malformed body, a result of the wrong shape, trailing
//! bytes) gives `None`, and the full decoding in [`response`](crate::response) runs instead:
//! it accepts and refuses exactly what it did before, and names what is wrong.

use crate::call::Shape;
use crate::response::Reply;
use kandy_core::status;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// The typed value of a successful call, if the reply is the common case.
pub(crate) fn read_success<T: DeserializeOwned>(shape: Shape, reply: &Reply) -> Option<T> {
    if !(200..300).contains(&reply.http_status) || matches!(shape, Shape::Wrapped(_)) {
        return None;
    }
    // UTF-8 is checked once for the whole body here, not string by string while parsing.
    let text = std::str::from_utf8(&reply.body).ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let envelope = EnvelopeSeed::<T>::new(shape).deserialize(&mut de).ok()?;
    de.end().ok()?;
    if envelope.status != status::SUCCESS {
        return None;
    }
    match shape {
        // The full decoding reads `()` (or any `T`) from JSON `null`.
        Shape::Nothing => serde_json::from_value(serde_json::Value::Null).ok(),
        Shape::Whole | Shape::Field(_) => envelope.result,
        Shape::Wrapped(_) => None,
    }
}

/// The parts of an envelope the success path needs.
struct Envelope<T> {
    status: i64,
    result: Option<T>,
}

/// Reads an envelope: `status` (required), `message` (a string, if present), and `result`
/// read by the shape; other fields are skipped, a repeated one is an error.
struct EnvelopeSeed<T> {
    shape: Shape,
    result: PhantomData<fn() -> T>,
}

impl<T> EnvelopeSeed<T> {
    fn new(shape: Shape) -> Self {
        Self {
            shape,
            result: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for EnvelopeSeed<T> {
    type Value = Envelope<T>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for EnvelopeSeed<T> {
    type Value = Envelope<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kandy envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut status, mut message, mut result) = (None, false, None);
        while let Some(key) = map.next_key_seed(KeySeed(&["status", "message", "result"]))? {
            match key {
                Some(0) if status.is_none() => status = Some(map.next_value::<i64>()?),
                Some(1) if !message => {
                    map.next_value::<AnyString>()?;
                    message = true;
                }
                Some(2) if result.is_none() => {
                    result = Some(match self.shape {
                        Shape::Nothing => {
                            map.next_value::<IgnoredAny>()?;
                            None
                        }
                        Shape::Whole | Shape::Wrapped(_) => map.next_value::<Option<T>>()?,
                        Shape::Field(name) => map.next_value_seed(FieldSeed::<T>::new(name))?,
                    });
                }
                Some(_) => return Err(de::Error::custom("a repeated envelope field")),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Envelope {
            status: status.ok_or_else(|| de::Error::missing_field("status"))?,
            result: result.flatten(),
        })
    }
}

/// Reads an object key as its place in `names` (`None` for any other name), without
/// copying it.
struct KeySeed<'n>(&'n [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Option<usize>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == v))
    }
}

/// A JSON string, checked and dropped without being copied.
struct AnyString;

impl<'de> de::Deserialize<'de> for AnyString {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(AnyStringVisitor)
    }
}

struct AnyStringVisitor;

impl Visitor<'_> for AnyStringVisitor {
    type Value = AnyString;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<AnyString, E> {
        Ok(AnyString)
    }
}

/// Reads the field `name` of the `result` object as a `T`: `None` for `null`; an error if
/// `result` is not an object or lacks the field.
struct FieldSeed<T> {
    name: &'static str,
    value: PhantomData<fn() -> T>,
}

impl<T> FieldSeed<T> {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            value: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for FieldSeed<T> {
    type Value = Option<T>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for FieldSeed<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a result object")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        let names = std::slice::from_ref(&self.name);
        while let Some(key) = map.next_key_seed(KeySeed(names))? {
            if key.is_some() {
                // A repeated field: the full decoding keeps the last one, as this does.
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        found
            .map(Some)
            .ok_or_else(|| de::Error::missing_field(self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::{Device, PendingMessages};

    #[test]
    fn reads_a_field_a_whole_result_and_nothing() {
        let devices: Vec<Device> = read_success(
            Shape::Field("devices"),
            &Reply::json(
                200,
                r#"{"result":{"x":[1,{"a":2}],"devices":[{"id":"d1"}]},"message":"success","status":0}"#,
            ),
        )
        .unwrap();
        assert_eq!(devices[0].id.as_str(), "d1");
        let pending: PendingMessages = read_success(
            Shape::Whole,
            &Reply::json(
                200,
                r#"{"status":0,"message":"success","result":{"messages":[]}}"#,
            ),
        )
        .unwrap();
        assert!(pending.messages.is_empty());
        let escaped: Vec<Device> = read_success(
            Shape::Field("devices"),
            &Reply::json(
                200,
                r#"{"status":0,"message":"d\u00e9j\u00e0 \"ok\"","result":{"dev\u0069ces":[{"id":"d\u0031"}]}}"#,
            ),
        )
        .unwrap();
        assert_eq!(escaped[0].id.as_str(), "d1");
        let (): () = read_success(
            Shape::Nothing,
            &Reply::json(
                200,
                r#"{"status":0,"message":"Device Deleted","result":[1]}"#,
            ),
        )
        .unwrap();
    }

    #[test]
    fn leaves_everything_else_to_the_full_decoding() {
        let field = Shape::Field("devices");
        for (http, body) in [
            (200, r#"{"status":11,"message":"denied"}"#),
            (
                500,
                r#"{"status":0,"message":"success","result":{"devices":[]}}"#,
            ),
            (
                200,
                r#"{"status":0,"message":"success","result":{"other":[]}}"#,
            ),
            (200, r#"{"status":0,"message":"success","result":[]}"#),
            (200, r#"{"status":0,"message":"success","result":null}"#),
            (200, r#"{"status":0,"message":"success"}"#),
            (200, r#"{"status":0,"message":7,"result":{"devices":[]}}"#),
            (200, r#"{"status":0,"status":0,"result":{"devices":[]}}"#),
            (200, r#"{"message":"success","result":{"devices":[]}}"#),
            (200, r#"{"status":0,"result":{"devices":[{"id":7}]}}"#),
            (200, r#"{"status":0,"result":{"devices":[]}} trailing"#),
            (200, "<html>"),
        ] {
            assert!(
                read_success::<Vec<Device>>(field, &Reply::json(http, body)).is_none(),
                "{http} {body}"
            );
        }
        // Not UTF-8 (a byte 0xFF inside the message).
        let mut body = br#"{"status":0,"message":"x","result":{"devices":[]}}"#.to_vec();
        body[23] = 0xFF;
        let invalid = Reply {
            body,
            ..Reply::json(200, "")
        };
        assert!(read_success::<Vec<Device>>(field, &invalid).is_none());
    }
}
