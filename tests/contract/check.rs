//! Assertions shared by the scenarios: refusals, credential shapes, state diffs.
//!
//! The expected HTTP statuses and error kinds are written out here from docs/SIMULATOR.md
//! (not taken from the simulator), so the suite checks the mapping rather than repeating it.

use crate::target::Target;
use kandy_core::{Error, ErrorKind, Operation, Result};
use std::fmt::Debug;
use std::future::Future;

/// The HTTP status docs/SIMULATOR.md gives for a Kandy status.
pub fn expected_http(status: i64) -> u16 {
    match status {
        3 | 14 | 15 | 16 | 17 | 51 | 54 | 710 => 400,
        10 | 52 | 55 => 401,
        11 | 702 => 403,
        18 | 53 | 700 | 701 => 404,
        50 | 2001 => 409,
        12 => 429,
        1 => 500,
        other => panic!("the suite expects no Kandy status {other}"),
    }
}

/// The error kind a Kandy status maps to (kandy-core's table).
pub fn expected_kind(status: i64) -> ErrorKind {
    match status {
        3 | 14 | 15 | 16 | 17 | 51 | 54 | 710 => ErrorKind::BadArgument,
        10 | 11 | 52 | 55 => ErrorKind::Auth,
        53 | 700 | 701 => ErrorKind::NotFound,
        50 | 2001 => ErrorKind::Conflict,
        12 => ErrorKind::Quota,
        _ => ErrorKind::Api,
    }
}

/// Runs a call that must be refused with `status`, and checks the whole refusal: the Kandy
/// status, the error kind, the HTTP status (over HTTP; none in-process), the operation named, no credential in the text,
/// and a state (snapshot) unchanged by the call. Returns the error for further checks.
pub async fn refused<T, F, Fut>(t: &dyn Target, op: &Operation, status: i64, call: F) -> Error
where
    T: Debug,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    refused_with(t, op, &[status], call).await
}

/// As [`refused`], where docs/SIMULATOR.md allows more than one status (each is checked
/// against its own kind and HTTP status). Used only where the rules are ambiguous.
pub async fn refused_with<T, F, Fut>(
    t: &dyn Target,
    op: &Operation,
    statuses: &[i64],
    call: F,
) -> Error
where
    T: Debug,
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let name = op.name;
    let before = t.snapshot().await;
    let err = match call().await {
        Ok(value) => {
            panic!("{name}: expected a refusal with status {statuses:?}, got Ok({value:?})")
        }
        Err(err) => err,
    };
    let Some(status) = err.api_status().map(i64::from) else {
        panic!("{name}: expected a Kandy status {statuses:?}, got {err} ({err:?})");
    };
    assert!(
        statuses.contains(&status),
        "{name}: expected status {statuses:?}, got {status}: {err}"
    );
    assert_eq!(err.kind(), expected_kind(status), "{name}: kind of {err}");
    let http = t.over_http().then(|| expected_http(status));
    assert_eq!(err.http_status(), http, "{name}: HTTP status of {err}");
    assert_eq!(
        err.operation(),
        Some(name),
        "{name}: operation named by {err}"
    );
    assert!(err.maybe_sent(), "{name}: an API refusal was sent: {err:?}");
    let message = err
        .api_error()
        .map(|api| api.message.clone())
        .unwrap_or_default();
    assert!(!message.is_empty(), "{name}: a refusal says what was wrong");
    assert_no_credential(name, &err.to_string());
    assert_no_credential(name, &format!("{err:?}"));
    let after = t.snapshot().await;
    assert_same_state(name, &before, &after);
    err
}

/// Asserts that two snapshots are equal, naming the paths that differ.
pub fn assert_same_state(context: &str, before: &serde_json::Value, after: &serde_json::Value) {
    if before != after {
        let mut diffs = Vec::new();
        diff("$", before, after, &mut diffs);
        panic!(
            "{context}: a refused call changed the state; nothing may change. Differences:\n{}",
            diffs.join("\n")
        );
    }
}

fn diff(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    if out.len() >= 20 || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let null = Value::Null;
                let (va, vb) = (x.get(key).unwrap_or(&null), y.get(key).unwrap_or(&null));
                diff(&format!("{path}.{key}"), va, vb, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ => out.push(format!("  {path}: {a} -> {b}")),
    }
}

const CREDENTIAL_PREFIXES: [&str; 9] = [
    "AAK", "AAS", "AAT", "DAK", "DAS", "DAT", "UAK", "UAS", "UAT",
];

/// Asserts that `text` holds no key, secret or token (a prefix and 32 hex characters).
pub fn assert_no_credential(context: &str, text: &str) {
    for prefix in CREDENTIAL_PREFIXES {
        for (at, _) in text.match_indices(prefix) {
            let rest = &text[at + prefix.len()..];
            let hex = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
            assert!(
                hex < 32,
                "{context}: a credential leaked into an error: {text}"
            );
        }
    }
}

/// Asserts that `value` is `prefix` plus 32 lowercase hex characters.
pub fn assert_credential(value: &str, prefix: &str) {
    let rest = value
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("expected a {prefix}… credential, got one of another prefix"));
    assert!(
        is_lower_hex(rest, 32),
        "a {prefix} credential is {prefix} plus 32 lowercase hex characters"
    );
}

/// Whether `value` is exactly `len` lowercase hex characters.
pub fn is_lower_hex(value: &str, len: usize) -> bool {
    value.len() == len
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// A credential of the right shape that the simulator never issued.
pub fn unknown(prefix: &str) -> String {
    format!("{prefix}{}", "0".repeat(32))
}

/// The digits of `value`.
pub fn digits(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}
