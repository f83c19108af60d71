//! Keeping credentials out of everything the client prints: URLs, error details, logs.
//!
//! Kandy authenticates in the query string (`key=…`, `domain_api_secret=…`, …), so a URL is a
//! secret. Nothing in this crate formats a request URL except through [`redact_url`], and the
//! text taken from a response (an envelope's `message`, a proxy's error page) is scrubbed of
//! the credentials the request carried before it is kept.

use kandy_core::operation::{ALL, is_secret_param};
use url::Url;

/// What replaces a credential.
pub const REDACTED: &str = "REDACTED";

/// The shortest value scrubbed from text by exact match (shorter ones would match anywhere).
const MIN_SECRET_LEN: usize = 4;

/// How many bytes of a body a snippet looks at, and how many characters it keeps.
const SNIPPET_SCAN: usize = 4096;
const SNIPPET_KEEP: usize = 64;

/// `url` with the value of every credential parameter (see [`is_secret_param`]) replaced
/// by `REDACTED`, the password of its user-info replaced the same way, and its fragment
/// dropped.
///
/// A parameter whose name the API does not know and that looks like a credential's (it
/// holds `key`, `secret`, `token` or `password`) loses its name too: a wrapper that forgot
/// the `=` puts the secret in the name (`domain_api_secretDAS…`).
///
/// ```
/// use kandy_http::redact_url;
/// let url = url::Url::parse(
///     "https://api.kandy.io/v1.2/devices/messages?key=UAT0123&device_id=d1",
/// )
/// .unwrap();
/// assert_eq!(
///     redact_url(&url).as_str(),
///     "https://api.kandy.io/v1.2/devices/messages?key=REDACTED&device_id=d1"
/// );
/// ```
pub fn redact_url(url: &Url) -> Url {
    let mut out = url.clone();
    out.set_fragment(None);
    if out.password().is_some() {
        // Only fails for URLs that cannot have user-info, which then have no password.
        let _ = out.set_password(Some(REDACTED));
    }
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                if !is_known_param(&name) && looks_secret_name(&name) {
                    (REDACTED.to_owned(), REDACTED.to_owned())
                } else if is_secret_param(&name) {
                    (name.into_owned(), REDACTED.to_owned())
                } else {
                    (name.into_owned(), value.into_owned())
                }
            })
            .collect();
        out.query_pairs_mut().clear().extend_pairs(pairs);
    }
    out
}

fn is_known_param(name: &str) -> bool {
    name == "key" || ALL.iter().any(|op| op.query.iter().any(|p| p.name == name))
}

fn looks_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["key", "secret", "token", "password"]
        .iter()
        .any(|word| name.contains(word))
}

/// The credential values one request carries, to scrub from any text taken from its
/// response.
#[derive(Clone, Default)]
pub(crate) struct Secrets(Vec<String>);

impl Secrets {
    /// Remembers a credential value.
    pub(crate) fn add(&mut self, value: &str) {
        if value.len() >= MIN_SECRET_LEN && !self.0.iter().any(|known| known == value) {
            self.0.push(value.to_owned());
        }
    }

    /// `text` with every remembered credential (as is and URL-encoded), the value of every
    /// credential parameter written `name=value`, and anything shaped like a Kandy key, secret
    /// or token (`AAK`/`DAT`/`UAT`… plus 32 hex digits) replaced by `REDACTED`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in &self.0 {
            let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            for form in [secret.as_str(), encoded.as_str()] {
                if out.contains(form) {
                    out = out.replace(form, REDACTED);
                }
            }
        }
        mask_words(&mask_sensitive_assignments(&out), is_kandy_credential)
    }
}

/// Whether a character ends the value of a `name=value` pair written in text.
fn ends_value(c: char) -> bool {
    matches!(c, '&' | '"' | '\'' | '<' | '>' | ',' | ';' | ')') || c.is_whitespace()
}

/// Replaces the value of every `name=value` whose name is a credential parameter's (or
/// looks like one): a server or proxy that echoes a query echoes its credentials.
fn mask_sensitive_assignments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('=') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        out.push('=');
        let after = &after[1..];
        let name_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let name = &before[name_start..];
        if !name.is_empty() && (is_secret_param(name) || looks_secret_name(name)) {
            let end = after.find(ends_value).unwrap_or(after.len());
            if end > 0 {
                out.push_str(REDACTED);
            }
            rest = &after[end..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A Kandy credential: three upper-case letters and 32 hex digits.
fn is_kandy_credential(word: &str) -> bool {
    word.len() == 35
        && word[..3].bytes().all(|b| b.is_ascii_uppercase())
        && word[3..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// A word that could be a credential in a page of unknown origin: eight or more characters
/// with a digit, or twenty-four or more of any kind.
fn could_be_credential(word: &str) -> bool {
    (word.len() >= 8 && word.bytes().any(|b| b.is_ascii_digit())) || word.len() >= 24
}

/// Replaces every word (a run of ASCII letters, digits, `_` and `-`) for which `hide` is true.
fn mask_words(text: &str, hide: fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if hide(word) {
            out.push_str(REDACTED);
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Replaces the value after every `=` (up to `&`, a quote, a space or `<`): a page that
/// echoes a URL echoes its query.
fn mask_assignments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hiding = false;
    for c in text.chars() {
        if hiding {
            if matches!(c, '&' | '"' | '\'' | ' ' | '<' | '>') {
                hiding = false;
                out.push(c);
            }
            continue;
        }
        out.push(c);
        if c == '=' {
            out.push_str(REDACTED);
            hiding = true;
        }
    }
    out
}

/// A short, redacted start of a body that is not JSON (a proxy's HTML error page), for an
/// error's detail: whitespace collapsed, credentials and anything like one masked, at most
/// 64 characters.
pub(crate) fn snippet(body: &[u8], secrets: &Secrets) -> String {
    let head = &body[..body.len().min(SNIPPET_SCAN)];
    let text = String::from_utf8_lossy(head);
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let masked = mask_words(
        &mask_assignments(&secrets.scrub(&collapsed)),
        could_be_credential,
    );
    let mut kept: String = masked.chars().take(SNIPPET_KEEP).collect();
    if masked.chars().nth(SNIPPET_KEEP).is_some() {
        kept.push('…');
    }
    kept
}

/// A serde error message with every quoted or back-quoted literal masked: serde echoes the
/// offending value (`invalid type: string "UAT…", expected u64`). The field names of
/// `missing field` and `duplicate field` are the SDK's own and stay.
pub(crate) fn mask_literals(message: &str) -> String {
    if message.starts_with("missing field") || message.starts_with("duplicate field") {
        return message.to_owned();
    }
    let mut out = String::with_capacity(message.len());
    let mut closing: Option<char> = None;
    let mut escaped = false;
    for c in message.chars() {
        match closing {
            Some(end) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && end == '"' {
                    escaped = true;
                } else if c == end {
                    out.push('…');
                    out.push(c);
                    closing = None;
                }
            }
            None => {
                out.push(c);
                if c == '"' || c == '`' {
                    closing = Some(c);
                }
            }
        }
    }
    if closing.is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_url_hides_every_credential_and_keeps_the_rest() {
        let url = Url::parse(
            "http://me:pw@h/v1.2/x?key=K1&domain_api_secret=S1&user_password=P1\
             &domain_api_key=DAK1&user_access_token=T1&validation_code=1234&user_id=bob#frag",
        )
        .unwrap();
        let shown = redact_url(&url).to_string();
        for secret in ["K1", "S1", "P1", "DAK1", "T1", "1234", ":pw@", "frag"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("user_id=bob"));
        assert!(shown.contains("key=REDACTED"));
    }

    #[test]
    fn redact_url_hides_a_garbled_name_that_holds_the_secret() {
        let url = Url::parse("http://h/x?key=K&domain_api_secretDAS0123abcd&device_id=d").unwrap();
        let shown = redact_url(&url).to_string();
        assert!(!shown.contains("DAS0123abcd"), "{shown}");
        assert!(shown.contains("device_id=d"));
    }

    #[test]
    fn masking_survives_non_ascii_text_before_an_equals_sign() {
        assert_eq!(mask_sensitive_assignments("clé=inconnue"), "clé=inconnue");
        assert_eq!(
            mask_sensitive_assignments("é key=UATabc"),
            format!("é key={REDACTED}")
        );
    }

    #[test]
    fn scrub_removes_known_secrets_and_kandy_shaped_credentials() {
        let mut secrets = Secrets::default();
        secrets.add("hunter22pw");
        secrets.add("ab"); // too short to scrub by exact match
        let text = secrets
            .scrub("bad password hunter22pw for UAT0123456789abcdef0123456789abcdef, ab stays");
        assert_eq!(text, "bad password REDACTED for REDACTED, ab stays");
        let text = Secrets::default()
            .scrub("GET /x?key=K1&user_id=bob&domain_api_secret=S1 (user_password=P1) a=b=c");
        assert_eq!(
            text,
            "GET /x?key=REDACTED&user_id=bob&domain_api_secret=REDACTED (user_password=REDACTED) a=b=c"
        );
        let mut secrets = Secrets::default();
        secrets.add("p w&1");
        assert_eq!(
            secrets.scrub("sent p+w%261 as p w&1"),
            "sent REDACTED as REDACTED"
        );
    }

    #[test]
    fn snippet_is_short_and_masks_anything_like_a_credential() {
        let body =
            b"<html>\n<title>502 Bad Gateway</title> GET /v1.2/x?key=UATcanary1&device_id=zz \
                     token0123456789 padding padding padding padding padding</html>";
        let shown = snippet(body, &Secrets::default());
        assert!(
            shown.starts_with("<html> <title>502 Bad Gateway</title>"),
            "{shown}"
        );
        assert!(!shown.contains("canary"), "{shown}");
        assert!(shown.chars().count() <= SNIPPET_KEEP + 1);
        assert!(shown.ends_with('…'));
        assert_eq!(snippet(b"token0123456789", &Secrets::default()), "REDACTED");
    }

    #[test]
    fn mask_literals_hides_echoed_values_but_keeps_field_names() {
        assert_eq!(
            mask_literals(r#"invalid type: string "UAT\"x", expected u64"#),
            r#"invalid type: string "…", expected u64"#
        );
        assert_eq!(
            mask_literals("invalid type: integer `12345678`, expected a string"),
            "invalid type: integer `…`, expected a string"
        );
        assert_eq!(
            mask_literals("missing field `device_id`"),
            "missing field `device_id`"
        );
    }
}
