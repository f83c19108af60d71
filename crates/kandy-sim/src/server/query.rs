//! The query string: strict decoding (each parameter once, valid escapes, UTF-8, at most
//! [`MAX_QUERY_PARAMETERS`] of them), in one pass that borrows every name and value with
//! nothing to decode.

use super::reply::Refusal;
use foldhash::HashSet;
use kandy_core::operation::ALL;
use std::borrow::Cow;
use std::sync::OnceLock;

/// How many query parameters a request may carry unless the server is configured otherwise
/// (no operation takes more than six; beyond the limit a call is refused, HTTP 414 with
/// status 17, before anything is decoded).
pub(crate) const MAX_QUERY_PARAMETERS: usize = 256;

/// Up to this many parameters, repeats are found by comparing each with those before it;
/// beyond, with a hash set (linear time).
const PAIRWISE: usize = 16;

/// A call's parameters; this many are kept without allocating (no operation takes more).
const INLINE: usize = 8;

type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The decoded query parameters of a call, each given once, borrowed from the request's URI
/// unless they held an escape.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query<'a> {
    /// The first parameters, when there are at most [`INLINE`] (`len` of them).
    inline: [Pair<'a>; INLINE],
    len: usize,
    /// All the parameters, when there are more.
    spilled: Vec<Pair<'a>>,
}

impl<'a> Query<'a> {
    /// Decodes a raw query string (`application/x-www-form-urlencoded`: `+` is a space),
    /// in time linear in its length. More than `limit` parameters is HTTP 414 with
    /// status 17; an invalid escape, bytes that are not UTF-8, or a parameter given twice is
    /// HTTP 400 with status 17 (the first problem in the query's order is named).
    pub fn parse(raw: Option<&'a str>, limit: usize) -> Result<Self, Refusal> {
        let parts = || raw.unwrap_or("").split('&').filter(|part| !part.is_empty());
        let count = parts().count();
        if count > limit {
            return Err(Refusal::with_http(
                414,
                kandy_core::status::BAD_PARAMETER_VALUE,
                format!("bad parameter value: the query holds more than {limit} parameters"),
            ));
        }
        let mut query = Self::default();
        if count > INLINE {
            query.spilled.reserve_exact(count);
        }
        let mut failure = None;
        for part in parts() {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            match decode(name).and_then(|name| Ok((name, decode(value)?))) {
                Ok(pair) => query.push(pair, count),
                Err(refusal) => {
                    failure = Some(refusal);
                    break;
                }
            }
        }
        // A repeat before the first undecodable parameter is the first problem.
        if let Some(name) = first_repeat(query.pairs()) {
            return Err(Refusal::bad_value(format!(
                "bad parameter value: {} is given more than once",
                describe(name)
            )));
        }
        match failure {
            Some(refusal) => Err(refusal),
            None => Ok(query),
        }
    }

    fn push(&mut self, pair: Pair<'a>, count: usize) {
        if count > INLINE {
            self.spilled.push(pair);
        } else {
            self.inline[self.len] = pair;
            self.len += 1;
        }
    }

    fn pairs(&self) -> &[Pair<'a>] {
        if self.spilled.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spilled
        }
    }

    /// A parameter's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs()
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Whether the parameter is present.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// The name of the first parameter given a second time, in the query's order.
fn first_repeat<'p>(pairs: &'p [Pair<'_>]) -> Option<&'p str> {
    if pairs.len() <= PAIRWISE {
        return pairs.iter().enumerate().find_map(|(i, (name, _))| {
            pairs[..i]
                .iter()
                .any(|(seen, _)| seen == name)
                .then_some(name.as_ref())
        });
    }
    let mut seen = HashSet::with_capacity_and_hasher(pairs.len(), Default::default());
    pairs
        .iter()
        .map(|(name, _)| name.as_ref())
        .find(|name| !seen.insert(*name))
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
pub(crate) fn is_known(name: &str) -> bool {
    static KNOWN: OnceLock<HashSet<&'static str>> = OnceLock::new();
    KNOWN
        .get_or_init(|| {
            std::iter::once("key")
                .chain(ALL.iter().flat_map(|op| op.query.iter().map(|p| p.name)))
                .collect()
        })
        .contains(name)
}

fn decode(raw: &str) -> Result<Cow<'_, str>, Refusal> {
    // A byte scan: `str::contains` with a set of chars decodes each char first.
    if !raw.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(Cow::Borrowed(raw));
    }
    let bytes = decode_bytes(raw).ok_or_else(|| {
        Refusal::bad_value("bad parameter value: the query holds an invalid percent-escape")
    })?;
    String::from_utf8(bytes)
        .map(Cow::Owned)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_plus() {
        let q = Query::parse(Some("users=%5B%22a%40d%22%5D&search_string=a+b"), 8).unwrap();
        assert_eq!(q.get("users"), Some(r#"["a@d"]"#));
        assert_eq!(q.get("search_string"), Some("a b"));
    }

    #[test]
    fn refuses_bad_escapes_non_utf8_and_repeats() {
        for raw in ["key=%zz", "key=%4", "key=%ff", "device_id=a&device_id=b"] {
            let refusal = Query::parse(Some(raw), 8).unwrap_err();
            assert_eq!((refusal.http, refusal.status), (400, 17), "{raw}");
        }
        let repeated = Query::parse(Some("device_id=a&device_id=b"), 8).unwrap_err();
        assert!(repeated.message.contains("device_id"));
    }

    #[test]
    fn borrows_what_has_nothing_to_decode() {
        let q = Query::parse(Some("key=k&users=%5B%5D"), 8).unwrap();
        assert!(matches!(q.pairs()[0].1, Cow::Borrowed("k")));
        assert!(matches!(&q.pairs()[1].1, Cow::Owned(v) if v == "[]"));
    }

    #[test]
    fn refuses_more_parameters_than_the_limit_before_decoding() {
        let at_limit: Vec<String> = (0..4).map(|i| format!("p{i}=v")).collect();
        assert!(Query::parse(Some(&at_limit.join("&")), 4).is_ok());
        let over = format!("{}&%zz", at_limit.join("&"));
        let refusal = Query::parse(Some(&over), 4).unwrap_err();
        assert_eq!((refusal.http, refusal.status), (414, 17));
        assert!(refusal.message.contains("more than 4 parameters"));
    }

    #[test]
    fn finds_the_first_problem_in_order_with_many_parameters() {
        let mut parts: Vec<String> = (0..100).map(|i| format!("p{i}=v")).collect();
        parts.push("device_id=a".into());
        parts.push("device_id=b".into());
        parts.push("k=%zz".into());
        let repeated = Query::parse(Some(&parts.join("&")), 1000).unwrap_err();
        assert!(
            repeated
                .message
                .contains("`device_id` is given more than once")
        );
        parts.insert(50, "x=%zz".into());
        let escape = Query::parse(Some(&parts.join("&")), 1000).unwrap_err();
        assert!(escape.message.contains("percent-escape"), "{escape:?}");
        let distinct: Vec<String> = (0..20_000).map(|i| format!("p{i}")).collect();
        let joined = distinct.join("&");
        let q = Query::parse(Some(&joined), 20_000).unwrap();
        assert_eq!(q.get("p19999"), Some(""));
    }
}
