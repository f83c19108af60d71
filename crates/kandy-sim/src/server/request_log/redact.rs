//! What the request log shows of a call: every credential replaced by `***`, wherever it is.
//! Done when the log is read, never when a call is served.

use crate::server::query::is_known;
use kandy_core::operation::is_secret_param;
use std::borrow::Cow;

/// What a redacted credential reads as.
pub(crate) const REDACTED: &str = "***";

/// The path with every segment that holds a credential, once percent-decoded, replaced by
/// `***` (a token sent as `%55AT…` is found too).
pub(crate) fn path(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for (i, segment) in raw.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if holds_credential(&lenient(segment)) {
            out.push_str(REDACTED);
        } else {
            out.push_str(segment);
        }
    }
    out
}

/// The raw query with every credential replaced by `***`: the values of secret parameters
/// (`key`, `*_secret`, `*_token`, `*password`, `validation_code`), any value that holds
/// something shaped like a key, secret or token (also inside a longer value, once decoded),
/// and any parameter whose name the API does not know.
pub(crate) fn query(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for part in raw.split('&').filter(|part| !part.is_empty()) {
        if !out.is_empty() {
            out.push('&');
        }
        let (raw_name, raw_value) = part.split_once('=').unwrap_or((part, ""));
        let name = lenient(raw_name);
        if !is_known(&name) {
            out.push_str(REDACTED);
        } else if is_secret_param(&name) || holds_credential(&lenient(raw_value)) {
            out.push_str(raw_name);
            out.push('=');
            out.push_str(REDACTED);
        } else {
            out.push_str(part);
        }
    }
    out
}

/// The method, unless it is shaped like a credential (a method is any token).
pub(crate) fn method(raw: &str) -> &str {
    if holds_credential(raw) { REDACTED } else { raw }
}

/// Percent-decodes every valid escape (`+` is a space) and keeps an invalid one as it is, so
/// that `%55AT…%zz` still shows the token it holds.
pub(super) fn lenient(raw: &str) -> Cow<'_, str> {
    // Most names and values have nothing to decode: borrow them.
    if !raw.contains(['%', '+']) {
        return Cow::Borrowed(raw);
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| Some((hex(*bytes.get(i + 1)?)?, hex(*bytes.get(i + 2)?)?)))
            .flatten();
        match (bytes[i], escaped) {
            (_, Some((hi, lo))) => {
                out.push(hi << 4 | lo);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (other, None) => {
                out.push(other);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Whether `text` holds a credential's shape anywhere: one of the 3-letter prefixes (`AAK`,
/// `AAS`, `AAT`, `DAK`, `DAS`, `DAT`, `UAK`, `UAS`, `UAT`, in any case) and 32 hex digits.
pub(crate) fn holds_credential(text: &str) -> bool {
    const LENGTH: usize = 35;
    let bytes = text.as_bytes();
    if bytes.len() < LENGTH {
        return false;
    }
    (0..=bytes.len() - LENGTH).any(|i| {
        let [first, second, third] =
            [bytes[i], bytes[i + 1], bytes[i + 2]].map(|b| b.to_ascii_uppercase());
        matches!(first, b'A' | b'D' | b'U')
            && second == b'A'
            && matches!(third, b'K' | b'S' | b'T')
            && bytes[i + 3..i + LENGTH].iter().all(u8::is_ascii_hexdigit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UAT: &str = "UAT0123456789abcdef0123456789abcdef";

    #[test]
    fn the_query_hides_every_secret() {
        let raw = "key=UAT0123456789abcdef0123456789abcdef&device_id=d1&user_password=pw1\
                   &domain_api_key=DAK0123456789abcdef0123456789abcdef&domain_api_secretDASx&k%65y=v";
        assert_eq!(
            query(raw),
            "key=***&device_id=d1&user_password=***&domain_api_key=***&***&k%65y=***"
        );
    }

    #[test]
    fn a_credential_inside_a_value_or_encoded_is_found() {
        assert_eq!(query(&format!("device_id=x{UAT}y")), "device_id=***");
        assert_eq!(
            query("device_id=%55AT0123456789abcdef0123456789abcdef"),
            "device_id=***"
        );
        assert_eq!(
            query("device_id=uat0123456789ABCDEF0123456789ABCDEF"),
            "device_id=***"
        );
        assert_eq!(
            query("device_id=%55AT0123456789abcdef0123456789abcdef%zz"),
            "device_id=***"
        );
        assert_eq!(
            query("device_id=UAT0123456789abcdef"),
            "device_id=UAT0123456789abcdef"
        );
    }

    #[test]
    fn the_path_hides_credentials_after_decoding() {
        assert_eq!(path(&format!("/v1.2/users/{UAT}/x")), "/v1.2/users/***/x");
        assert_eq!(
            path("/v1.2/%55%41%54%30123456789abcdef0123456789abcdef"),
            "/v1.2/***"
        );
        assert_eq!(path("/v1.2/users/devices"), "/v1.2/users/devices");
        assert_eq!(method(UAT), "***");
        assert_eq!(method("GET"), "GET");
    }
}
