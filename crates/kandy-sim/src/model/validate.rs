//! Shape checks on the values of a call, made before anything else.

use super::ModelError;
use super::country_codes;
use kandy_core::{ContentType, ContentUuid, MessageUuid};
use serde_json::Value;

/// How deep message content and group images may nest: an object or array is one level, a
/// message's content (an object) is level 1. A snapshot holds content about 11 levels below
/// its top and its reader stops at 128, so whatever the API accepts, a snapshot restores.
pub const MAX_NESTING: usize = 64;

/// Whether `values` (each at level 1) nest deeper than [`MAX_NESTING`]; counted without
/// recursion, and stopping at the first level too deep.
fn too_deep<'a>(values: impl Iterator<Item = &'a Value>) -> bool {
    let mut pending: Vec<(&Value, usize)> = values.map(|v| (v, 2)).collect();
    while let Some((value, level)) = pending.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(map) => Box::new(map.values()),
            _ => continue,
        };
        if level > MAX_NESTING {
            return true;
        }
        pending.extend(children.map(|child| (child, level + 1)));
    }
    false
}

/// A message's content nesting no deeper than [`MAX_NESTING`] (710 otherwise).
pub(crate) fn content_nesting(content: &serde_json::Map<String, Value>) -> Result<(), ModelError> {
    if too_deep(content.values()) {
        return Err(ModelError::bad_message(format!(
            "the message content nests deeper than {MAX_NESTING} levels"
        )));
    }
    Ok(())
}

/// A JSON value given as a parameter (a group image), nesting no deeper than
/// [`MAX_NESTING`] (16 otherwise).
pub(crate) fn value_nesting(what: &str, value: &Value) -> Result<(), ModelError> {
    let level_one: Box<dyn Iterator<Item = &Value>> = match value {
        Value::Array(items) => Box::new(items.iter()),
        Value::Object(map) => Box::new(map.values()),
        _ => Box::new(std::iter::empty()),
    };
    if too_deep(level_one) {
        return Err(ModelError::invalid(format!(
            "{what} nests deeper than {MAX_NESTING} levels"
        )));
    }
    Ok(())
}

/// A required text: empty or blank is a missing parameter (15).
pub(crate) fn required(what: &str, value: &str) -> Result<(), ModelError> {
    if value.trim().is_empty() {
        return Err(ModelError::missing(what));
    }
    Ok(())
}

/// A required text on the chat group endpoints: missing is status 3.
pub(crate) fn group_required(what: &str, value: &str) -> Result<(), ModelError> {
    if value.trim().is_empty() {
        return Err(ModelError::group_missing(what));
    }
    Ok(())
}

/// An id (device, group, contact, API key) must not be empty (16).
pub(crate) fn id(what: &str, value: &str) -> Result<(), ModelError> {
    if value.trim().is_empty() {
        return Err(ModelError::invalid(format!("{what} is empty")));
    }
    Ok(())
}

/// A list that must hold something (16).
pub(crate) fn non_empty<T>(what: &str, list: &[T]) -> Result<(), ModelError> {
    if list.is_empty() {
        return Err(ModelError::invalid(format!("{what} is an empty list")));
    }
    Ok(())
}

/// A user id: not empty, no `@`, no whitespace, no control character (51).
pub(crate) fn user_id(value: &str) -> Result<(), ModelError> {
    if value.is_empty() {
        return Err(ModelError::bad_identifier("the user id is empty"));
    }
    if value
        .chars()
        .any(|c| c == '@' || c.is_whitespace() || c.is_control())
    {
        return Err(ModelError::bad_identifier(
            "a user id may not hold '@', a space or a control character",
        ));
    }
    Ok(())
}

/// A domain name: required (15), without whitespace, control characters, `@` or `/` (16).
pub(crate) fn domain_name(value: &str) -> Result<(), ModelError> {
    required("domain_name", value)?;
    if value
        .chars()
        .any(|c| c == '@' || c == '/' || c.is_whitespace() || c.is_control())
    {
        return Err(ModelError::invalid(
            "a domain name may not hold '@', '/', a space or a control character",
        ));
    }
    Ok(())
}

/// The password rule: 8–20 characters, at least one letter and two digits, punctuation only
/// from `! @ ( ) & ' - . , ? ^ _` (14).
pub(crate) fn password(value: &str) -> Result<(), ModelError> {
    const PUNCTUATION: &str = "!@()&'-.,?^_";
    let length = value.chars().count();
    let letters = value.chars().filter(char::is_ascii_alphabetic).count();
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || PUNCTUATION.contains(c));
    if (8..=20).contains(&length) && letters >= 1 && digits >= 2 && allowed {
        Ok(())
    } else {
        Err(ModelError::bad_password())
    }
}

/// A national phone number: spaces and dashes removed, 4 to 14 digits. Returns the digits.
pub(crate) fn phone_number(value: &str) -> Result<String, ModelError> {
    required("user_phone_number", value)?;
    let digits: String = value.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if (4..=14).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(ModelError::invalid(
            "a phone number must have 4 to 14 digits (spaces and dashes are ignored)",
        ))
    }
}

/// A country code (`US`, `+1`, `1`): required (15), known (54). Returns the calling code.
pub(crate) fn country_code(value: &str) -> Result<&'static str, ModelError> {
    required("user_country_code", value)?;
    country_codes::calling_code(value).ok_or_else(|| ModelError::bad_country(value))
}

/// An SMS destination: `+` and 7 to 15 digits, or 7 to 15 digits.
pub(crate) fn sms_destination(value: &str) -> Result<(), ModelError> {
    required("destination", value)?;
    let digits = value.strip_prefix('+').unwrap_or(value);
    if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ModelError::invalid(
            "an SMS destination must be '+' and 7 to 15 digits, or 7 to 15 digits",
        ))
    }
}

/// A message UUID: 32 hex digits, dashes allowed (710).
pub(crate) fn message_uuid(uuid: &MessageUuid) -> Result<(), ModelError> {
    // 32 hex digits with at most the 4 dashes of the canonical form: a UUID padded with
    // thousands of dashes is not stored.
    if uuid.as_str().len() <= 36 && uuid.is_well_formed() {
        Ok(())
    } else {
        Err(ModelError::bad_message(format!(
            "the UUID {:?} is not 32 hex digits (with at most 4 dashes)",
            super::consistency::short(uuid.as_str())
        )))
    }
}

/// A known `contentType` (710).
pub(crate) fn content_type(content_type: &ContentType) -> Result<(), ModelError> {
    if content_type.is_known() {
        Ok(())
    } else {
        Err(ModelError::bad_message(format!(
            "unknown contentType {:?}",
            super::consistency::short(content_type.as_str())
        )))
    }
}

/// A `content_uuid`: 1 to 128 visible ASCII characters (16).
pub(crate) fn content_uuid(uuid: &ContentUuid) -> Result<(), ModelError> {
    let value = uuid.as_str();
    id("content_uuid", value)?;
    if value.len() > 128 || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ModelError::invalid(
            "a content_uuid is 1 to 128 visible ASCII characters",
        ));
    }
    Ok(())
}

/// A MIME type: required (15), `type/subtype` of RFC 7230 token characters, then optional
/// `; name=value` parameters of visible ASCII and spaces, 255 characters at most (16). What a
/// download's `Content-Type` will say, so nothing else may pass.
pub(crate) fn mime_type(value: &str) -> Result<(), ModelError> {
    required("content_type", value)?;
    let token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let (essence, parameters) = value.split_once(';').unwrap_or((value, ""));
    let parameters_ok = parameters
        .bytes()
        .all(|b| b == b' ' || b.is_ascii_graphic());
    match essence.split_once('/') {
        Some((kind, subtype))
            if value.len() <= 255 && token(kind) && token(subtype) && parameters_ok =>
        {
            Ok(())
        }
        _ => Err(ModelError::invalid(format!(
            "content_type {value:?} is not a MIME type (type/subtype)"
        ))),
    }
}

/// A file name: at most 255 characters, none a control character (16); empty is allowed.
pub(crate) fn file_name(value: &str) -> Result<(), ModelError> {
    if value.chars().count() > 255 || value.chars().any(char::is_control) {
        return Err(ModelError::invalid(
            "a file name has at most 255 characters and no control character",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_follow_the_rule() {
        for good in ["abc12345", "a1b2c3d4e5f6g7h8i9j0", "Pass(12)!", "x9-9.y_z"] {
            assert!(password(good).is_ok(), "{good}");
        }
        for bad in [
            "a1b2c3",                // too short
            "a1b2c3d4e5f6g7h8i9j0k", // too long
            "abcdefgh1",             // one digit
            "12345678",              // no letter
            "abc 12345",             // a space
            "abc12345#",             // punctuation not allowed
            "ábc12345",              // not ASCII
        ] {
            let error = password(bad).unwrap_err();
            assert_eq!(error.status, 14, "{bad}");
            assert!(!error.message.contains(bad));
        }
    }

    #[test]
    fn user_ids_refuse_at_signs_spaces_and_control_characters() {
        assert!(user_id("alice.smith-1").is_ok());
        for bad in ["", "a@b", "a b", "a\tb", "a\u{7}b"] {
            assert_eq!(user_id(bad).unwrap_err().status, 51, "{bad:?}");
        }
    }

    #[test]
    fn phone_numbers_drop_spaces_and_dashes() {
        assert_eq!(phone_number("352-409 6582").unwrap(), "3524096582");
        assert_eq!(phone_number("1234").unwrap(), "1234");
        assert_eq!(phone_number("").unwrap_err().status, 15);
        for bad in [
            "123",
            "123456789012345",
            "+3524096582",
            "(352)4096582",
            "35a4096582",
        ] {
            assert_eq!(phone_number(bad).unwrap_err().status, 16, "{bad}");
        }
    }

    #[test]
    fn sms_destinations_take_an_optional_plus() {
        for good in ["+14155550100", "14155550100", "1234567", "+123456789012345"] {
            assert!(sms_destination(good).is_ok(), "{good}");
        }
        assert_eq!(sms_destination("").unwrap_err().status, 15);
        for bad in [
            "123456",
            "+1234567890123456",
            "+1 415 555",
            "++1234567",
            "1234567x",
        ] {
            assert_eq!(sms_destination(bad).unwrap_err().status, 16, "{bad}");
        }
    }

    #[test]
    fn messages_need_a_known_content_type_and_a_hex_uuid() {
        assert!(content_type(&ContentType::Location).is_ok());
        assert_eq!(
            content_type(&ContentType::Unknown("sticker".into()))
                .unwrap_err()
                .status,
            710
        );
        assert!(message_uuid(&MessageUuid::new("BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0")).is_ok());
        assert_eq!(
            message_uuid(&MessageUuid::new("nope")).unwrap_err().status,
            710
        );
    }

    #[test]
    fn content_uuids_mime_types_and_file_names_are_bounded() {
        assert!(content_uuid(&ContentUuid::new("0F8FAD5B-D9CB-469F-A165-70867728950E")).is_ok());
        for bad in ["", " ", "a b", "é", &"x".repeat(129)] {
            assert_eq!(
                content_uuid(&ContentUuid::new(bad)).unwrap_err().status,
                16,
                "{bad}"
            );
        }
        for good in [
            "image/png",
            "application/vnd.ms-excel",
            "text/x-c++",
            "text/plain; charset=utf-8",
        ] {
            assert!(mime_type(good).is_ok(), "{good}");
        }
        assert_eq!(mime_type("").unwrap_err().status, 15);
        for bad in [
            "png",
            "image/",
            "/png",
            "image/png; x=\u{1}",
            "text/pl ain",
            "a/b\r\n",
            "a/b;\n",
        ] {
            assert_eq!(mime_type(bad).unwrap_err().status, 16, "{bad}");
        }
        assert!(file_name("").is_ok());
        assert!(file_name("naïve \"cat\".png").is_ok());
        assert_eq!(file_name("a\nb").unwrap_err().status, 16);
        assert_eq!(file_name(&"x".repeat(256)).unwrap_err().status, 16);
    }

    #[test]
    fn empty_values_are_missing_or_invalid_as_documented() {
        assert_eq!(required("x", " ").unwrap_err().status, 15);
        assert_eq!(group_required("x", "").unwrap_err().status, 3);
        assert_eq!(id("device_id", "").unwrap_err().status, 16);
        assert_eq!(non_empty::<u8>("members", &[]).unwrap_err().status, 16);
        assert_eq!(domain_name("").unwrap_err().status, 15);
        assert_eq!(domain_name("a b.com").unwrap_err().status, 16);
        assert!(domain_name("example.kandy.io").is_ok());
    }
}
