//! The query string: strict decoding (each parameter once, valid escapes, UTF-8) and its
//! redacted form for the request log.

use super::reply::Refusal;
use kandy_core::operation::{ALL, is_secret_param};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The decoded query parameters of a call, each given once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes a raw query string (`application/x-www-form-urlencoded`: `+` is a space).
    /// An invalid escape, bytes that are not UTF-8, or a parameter given twice is status 17.
    pub fn parse(raw: Option<&str>) -> Result<Self, Refusal> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in raw.unwrap_or("").split('&').filter(|part| !part.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(name)?;
            let value = decode(value)?;
            if pairs.iter().any(|(seen, _)| *seen == name) {
                return Err(Refusal::bad_value(format!(
                    "bad parameter value: {} is given more than once",
                    describe(&name)
                )));
            }
            pairs.push((name, value));
        }
        Ok(Self { pairs })
    }

    /// A parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the parameter is present.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// Names a parameter in a message: its name when it is one the API knows (a garbled name
/// may hold a credential, as `domain_api_secretDAS…` does in one wrapper).
pub(crate) fn describe(name: &str) -> String {
    if is_known(name) {
        format!("parameter `{name}`")
    } else {
        "a parameter".to_owned()
    }
}

/// Whether the API knows a query parameter of this name (a hashed lookup: the request log
/// asks for every parameter of every call).
fn is_known(name: &str) -> bool {
    static KNOWN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    KNOWN
        .get_or_init(|| {
            std::iter::once("key")
                .chain(ALL.iter().flat_map(|op| op.query.iter().map(|p| p.name)))
                .collect()
        })
        .contains(name)
}

fn decode(raw: &str) -> Result<String, Refusal> {
    let bytes = decode_bytes(raw).ok_or_else(|| {
        Refusal::bad_value("bad parameter value: the query holds an invalid percent-escape")
    })?;
    String::from_utf8(bytes)
        .map_err(|_| Refusal::bad_value("bad parameter value: the query is not valid UTF-8"))
}

/// Percent-decodes, `+` as a space; `None` on an escape that is not `%` and two hex digits.
fn decode_bytes(raw: &str) -> Option<Vec<u8>> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hi = hex(*bytes.get(i + 1)?)?;
                let lo = hex(*bytes.get(i + 2)?)?;
                out.push(hi << 4 | lo);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    Some(out)
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// The raw query with every credential replaced by `***`: the values of secret parameters
/// (`key`, `*_secret`, `*_token`, `*password`, `validation_code`), any value that looks like a
/// key, secret or token, and any parameter whose name the API does not know.
pub(crate) fn redact(raw: Option<&str>) -> String {
    raw.unwrap_or("")
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (raw_name, raw_value) = part.split_once('=').unwrap_or((part, ""));
            let name = lenient(raw_name);
            if !is_known(&name) {
                "***".to_owned()
            } else if is_secret_param(&name) || looks_like_credential(&lenient(raw_value)) {
                format!("{raw_name}=***")
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn lenient(raw: &str) -> Cow<'_, str> {
    // Most names and values have nothing to decode: borrow them.
    if !raw.contains(['%', '+']) {
        return Cow::Borrowed(raw);
    }
    decode_bytes(raw)
        .map(|bytes| Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()))
        .unwrap_or_default()
}

/// A 3-letter credential prefix and 32 hex digits (`UAK…`, `DAT…`).
fn looks_like_credential(value: &str) -> bool {
    const PREFIXES: [&str; 9] = [
        "AAK", "AAS", "AAT", "DAK", "DAS", "DAT", "UAK", "UAS", "UAT",
    ];
    let bytes = value.trim().as_bytes();
    bytes.len() == 35
        && PREFIXES
            .iter()
            .any(|p| bytes[..3].eq_ignore_ascii_case(p.as_bytes()))
        && bytes[3..].iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_plus() {
        let q = Query::parse(Some("users=%5B%22a%40d%22%5D&search_string=a+b")).unwrap();
        assert_eq!(q.get("users"), Some(r#"["a@d"]"#));
        assert_eq!(q.get("search_string"), Some("a b"));
    }

    #[test]
    fn refuses_bad_escapes_non_utf8_and_repeats() {
        for raw in ["key=%zz", "key=%4", "key=%ff", "device_id=a&device_id=b"] {
            let refusal = Query::parse(Some(raw)).unwrap_err();
            assert_eq!((refusal.http, refusal.status), (400, 17), "{raw}");
        }
        let repeated = Query::parse(Some("device_id=a&device_id=b")).unwrap_err();
        assert!(repeated.message.contains("device_id"));
    }

    #[test]
    fn redaction_hides_every_secret() {
        let raw = "key=UAT0123456789abcdef0123456789abcdef&device_id=d1&user_password=pw1\
                   &domain_api_key=DAK0123456789abcdef0123456789abcdef&domain_api_secretDASx&k%65y=v";
        let shown = redact(Some(raw));
        assert_eq!(
            shown,
            "key=***&device_id=d1&user_password=***&domain_api_key=***&***&k%65y=***"
        );
    }
}
