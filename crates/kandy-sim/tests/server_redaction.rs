//! The request log never shows a credential, wherever a client put it (issue 10), and the
//! query's limits: too many parameters is refused with a clear envelope, however many.

#![cfg(feature = "server")]

mod server_support;

use serde_json::Value;
use server_support::*;
use std::net::SocketAddr;

/// The request log's text, and its entries.
async fn log(addr: SocketAddr) -> (String, Vec<Value>) {
    let reply = get(addr, "/_sim/requests").await;
    assert_eq!(reply.status, 200);
    let text = reply.text();
    let entries = serde_json::from_str(&text).expect("a JSON array");
    (text, entries)
}

/// Asserts that no trace of `secret` is in `text`: neither the credential nor its 32 hex
/// digits (what stays readable when the prefix is percent-encoded).
fn assert_hidden(text: &str, secret: &str) {
    assert!(
        !text.contains(&secret[3..]),
        "a credential is in the request log: {text}"
    );
}

/// `%XX` for each of the first three characters (the prefix), the rest as it is.
fn encoded_prefix(credential: &str) -> String {
    let (prefix, rest) = credential.split_at(3);
    let mut out: String = prefix.bytes().map(|b| format!("%{b:02X}")).collect();
    out.push_str(rest);
    out
}

#[tokio::test]
async fn a_token_in_the_path_is_hidden_plain_or_percent_encoded() {
    let w = world().await;
    let alice = w.person("alice").await;
    get(w.addr, &format!("/v1.2/users/{}", alice.uat))
        .await
        .refused(404, 18);
    get(
        w.addr,
        &format!("/v1.2/users/{}/devices", encoded_prefix(&w.dat)),
    )
    .await
    .refused(404, 18);
    let (text, entries) = log(w.addr).await;
    assert_hidden(&text, &alice.uat);
    assert_hidden(&text, &w.dat);
    let paths: Vec<&str> = entries.iter().filter_map(|e| e["path"].as_str()).collect();
    assert!(paths.contains(&"/v1.2/users/***"), "{paths:?}");
    assert!(paths.contains(&"/v1.2/users/***/devices"), "{paths:?}");
    assert!(
        paths.contains(&"/v1.2/users/devices"),
        "ordinary paths stay: {paths:?}"
    );
}

#[tokio::test]
async fn a_secret_inside_a_parameter_value_is_hidden() {
    let w = world().await;
    let alice = w.person("alice").await;
    // A secret inside an id, pasted by mistake; the same percent-encoded; one next to an
    // escape the server refuses; one in an echoed user id.
    let targets = [
        format!(
            "/v1.2/devices/messages?key={}&device_id=x{}y",
            alice.uat, w.das
        ),
        format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            alice.uat,
            encoded_prefix(&w.aat)
        ),
        format!(
            "/v1.2/devices/messages?key={}&device_id={}%zz",
            alice.uat,
            encoded_prefix(&w.account_secret)
        ),
        format!(
            "/v1.2/domains/users/accesstokens?key={}&domain_api_secret={}&user_id=alice.{}",
            w.dak, w.das, w.account_key
        ),
    ];
    for target in &targets {
        let reply = get(w.addr, target).await;
        assert_ne!(reply.status, 200, "{target}");
    }
    let (text, entries) = log(w.addr).await;
    for secret in [
        &w.das,
        &w.aat,
        &w.account_secret,
        &w.account_key,
        &alice.uat,
    ] {
        assert_hidden(&text, secret);
    }
    let queries: Vec<&str> = entries
        .iter()
        .rev()
        .take(targets.len())
        .filter_map(|e| e["query"].as_str())
        .collect();
    assert_eq!(
        queries,
        [
            "key=***&domain_api_secret=***&user_id=***",
            "key=***&device_id=***",
            "key=***&device_id=***",
            "key=***&device_id=***",
        ]
    );
}

#[tokio::test]
async fn a_method_shaped_like_a_credential_is_hidden() {
    let w = world().await;
    let alice = w.person("alice").await;
    let reply = send(w.addr, &alice.uat, "/v1.2/users/devices", None).await;
    assert_eq!(reply.status, 404);
    let (text, entries) = log(w.addr).await;
    assert_hidden(&text, &alice.uat);
    assert_eq!(entries.last().expect("logged")["method"], "***");
}

/// `count` distinct parameters after `key`.
fn many(count: usize) -> String {
    (0..count).map(|i| format!("&p{i}=v")).collect()
}

#[tokio::test]
async fn too_many_query_parameters_are_refused_at_once() {
    let w = world().await;
    let alice = w.person("alice").await;
    // 256 parameters in all (`key` and 255 others): accepted.
    get(
        w.addr,
        &format!("/v1.2/users/devices?key={}{}", alice.uat, many(255)),
    )
    .await
    .result();
    // One more: HTTP 414, status 17, naming the limit.
    let message = get(
        w.addr,
        &format!("/v1.2/users/devices?key={}{}", alice.uat, many(256)),
    )
    .await
    .refused(414, 17);
    assert_eq!(
        message,
        "bad parameter value: the query holds more than 256 parameters"
    );
    // Sixteen thousand (as short as they can be: an HTTP request target holds at most
    // 64 KiB): the same refusal, before any of them is decoded (an invalid escape among them
    // is not reached).
    let names: String = short_names()
        .take(16_000)
        .map(|n| format!("&{n}"))
        .collect();
    let target = format!("/v1.2/users/devices?key={}{names}&%zz", alice.uat);
    assert!(target.len() < 65_000, "{}", target.len());
    let message = get(w.addr, &target).await.refused(414, 17);
    assert!(message.contains("more than 256 parameters"), "{message}");
    // Refused calls are logged, redacted, and the long one cut.
    let (text, entries) = log(w.addr).await;
    assert_hidden(&text, &alice.uat);
    let last = entries.last().expect("logged");
    assert_eq!(
        (last["http_status"].as_u64(), last["kandy_status"].as_i64()),
        (Some(414), Some(17))
    );
    let query = last["query"].as_str().expect("a query");
    assert!(query.starts_with("key=***&***&***"), "{query}");
    assert!(
        query.len() < 4096 && query.ends_with('…'),
        "{}",
        query.len()
    );
}

/// Distinct parameter names of one, two, then three unreserved characters (never `key`).
fn short_names() -> impl Iterator<Item = String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    let base = ALPHABET.len();
    (1..=3u32)
        .flat_map(move |len| {
            (0..base.pow(len)).map(move |mut n| {
                (0..len)
                    .map(|_| {
                        let c = char::from(ALPHABET[n % base]);
                        n /= base;
                        c
                    })
                    .collect::<String>()
            })
        })
        .filter(|name| name != "key")
}

#[tokio::test]
async fn a_repeat_among_many_parameters_is_named() {
    let w = world().await;
    let alice = w.person("alice").await;
    let target = format!(
        "/v1.2/devices/messages?key={}{}&device_id={}&device_id={}",
        alice.uat,
        many(100),
        alice.device_id,
        alice.device_id
    );
    let message = get(w.addr, &target).await.refused(400, 17);
    assert_eq!(
        message,
        "bad parameter value: parameter `device_id` is given more than once"
    );
}
