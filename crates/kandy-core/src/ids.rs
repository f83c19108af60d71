//! Identifiers as newtypes: devices, chat groups, contacts, sessions, message and content
//! UUIDs.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

macro_rules! id {
    ($(#[$doc:meta] $name:ident;)*) => {$(
        #[$doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an identifier as the API gives it.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The identifier as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }

        /// Clones the id, so that `&id` goes where an `impl Into<Id>` is taken.
        impl From<&$name> for $name {
            fn from(value: &$name) -> Self {
                value.clone()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

id! {
    /// A device id: 32 hex characters (`devices[0].id`).
    DeviceId;
    /// A chat group id: 32 hex characters.
    GroupId;
    /// A personal address book contact id.
    ContactId;
    /// A message UUID, dashed (RFC 4122) or 32 hex characters, any case.
    MessageUuid;
    /// A content UUID: the client's name for an uploaded file (#84), referenced by the IM that shares it and by the downloads (#85, #86).
    ContentUuid;
    /// A session id (#63–#75), as `create_session` returns it.
    SessionId;
}

/// A fresh random (version 4) UUID, dashed and upper case.
fn random_uuid() -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&fastrand::u64(..).to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(b >> 4)]));
        text.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    text
}

impl ContentUuid {
    /// A fresh random (version 4) UUID in the dashed, upper-case form kandy.js generates for
    /// its uploads.
    pub fn random() -> Self {
        Self(random_uuid())
    }
}

impl MessageUuid {
    /// A fresh random (version 4) UUID in the dashed, upper-case form the official SDKs send.
    pub fn random() -> Self {
        Self(random_uuid())
    }

    /// The form UUIDs are compared in: lower case, without dashes (borrowed when the UUID is
    /// in that form already).
    pub fn normalized(&self) -> Cow<'_, str> {
        if self.0.bytes().any(|b| b == b'-' || b.is_ascii_uppercase()) {
            Cow::Owned(self.comparable().map(char::from).collect())
        } else {
            Cow::Borrowed(&self.0)
        }
    }

    /// Whether two UUIDs name the same message (case and dashes ignored).
    pub fn same_as(&self, other: &MessageUuid) -> bool {
        self.comparable().eq(other.comparable())
    }

    /// Whether this is a well-formed UUID: 32 hex digits, dashed or not.
    pub fn is_well_formed(&self) -> bool {
        let mut digits = 0;
        for &b in self.0.as_bytes() {
            match b {
                b'-' => {}
                b if b.is_ascii_hexdigit() => digits += 1,
                _ => return false,
            }
        }
        digits == 32
    }

    /// The bytes compared: lower case, dashes left out.
    fn comparable(&self) -> impl Iterator<Item = u8> + '_ {
        self.0
            .bytes()
            .filter(|b| *b != b'-')
            .map(|b| b.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_compare_without_case_or_dashes() {
        let dashed = MessageUuid::new("BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0");
        let plain = MessageUuid::new("bcd2fa752c3c4fdf97d08b0a48f622f0");
        assert!(dashed.same_as(&plain));
        assert_eq!(dashed.normalized(), plain.as_str());
        assert!(matches!(plain.normalized(), Cow::Borrowed(_)));
        assert!(!dashed.same_as(&MessageUuid::new("bcd2fa752c3c4fdf97d08b0a48f622f1")));
        assert!(dashed.is_well_formed());
        assert!(!MessageUuid::new("not-a-uuid").is_well_formed());
    }

    #[test]
    fn random_uuids_are_well_formed_and_distinct() {
        let a = MessageUuid::random();
        let b = MessageUuid::random();
        assert!(a.is_well_formed() && b.is_well_formed());
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 36);
        let dashes: Vec<usize> = a.as_str().match_indices('-').map(|(i, _)| i).collect();
        assert_eq!(dashes, [8, 13, 18, 23]);
        assert_eq!(&a.as_str()[14..15], "4");
        assert!(
            a.as_str()
                .chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
    }
}
