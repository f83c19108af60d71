//! Hostile requests against the simulator server: a property test (proptest) over its routes
//! with random query parameters and bodies (random JSON, wrong types for the real fields, very
//! long strings, bad percent-escapes, bytes that are not UTF-8, truncated JSON, a body over
//! 1 MiB), sent as raw HTTP/1.1 over a TCP socket.
//!
//! Every answer must be a well-formed envelope `{"status": int, "message": string}`:
//! - on an unknown route (no operation of this method and path): HTTP 404, status 18;
//! - on a route the simulator does not implement yet: HTTP 501, status 18 (the server's
//!   documented answer: the route exists in the specification; a 4xx would blame the caller
//!   for a request that may be correct);
//! - on an implemented route: a refusal with a non-zero status and the 4xx docs/SIMULATOR.md
//!   pairs with it (413 for a body over 1 MiB), or, only with a valid `key`, a success (some
//!   random requests are legitimately valid: a search for a long string, a create with a
//!   random name).
//!
//! After a refusal the simulator's snapshot is unchanged; after every case a known-good call
//! still answers. One server serves the whole file; a lock keeps its tests from interleaving.

#![cfg(feature = "server")]
#![forbid(unsafe_code)]

#[path = "hostile/cases.rs"]
mod cases;
#[cfg(feature = "http")]
#[path = "hostile/client.rs"]
mod client;
#[path = "hostile/wire.rs"]
mod wire;

use cases::{Body, Case, Name, Val, body_of, case, path_of, query_of};
use kandy_core::operation::ALL;
use kandy_core::{ExposeSecret, KandyApi, NewDomain, NewUser, Operation};
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::Value;
use std::cell::RefCell;
use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use wire::{Reply, send};

/// The server shared by every test of this file.
struct Served {
    addr: SocketAddr,
    sim: Simulator,
    /// Valid credentials: an account token, a domain token, a user token.
    keys: [String; 3],
    lock: Mutex<()>,
}

static SERVED: OnceLock<Served> = OnceLock::new();

/// Starts the server once, on its own runtime thread, which lives as long as the process.
fn served() -> &'static Served {
    SERVED.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let sim = Simulator::builder().seed(17).build();
                let keys = world(&sim).await;
                let server = Server::bind("127.0.0.1:0", sim.clone())
                    .await
                    .expect("the server binds");
                let served = Served {
                    addr: server.local_addr(),
                    sim,
                    keys,
                    lock: Mutex::new(()),
                };
                sender.send(served).expect("the test waits for the server");
                std::future::pending::<()>().await;
            });
        });
        receiver.recv().expect("the server starts")
    })
}

/// Keeps one test at a time on the server, so snapshots compare one call's effect.
fn exclusive(served: &Served) -> MutexGuard<'_, ()> {
    served.lock.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An account with a domain and a user: an AAT, a DAT and a UAT.
async fn world(sim: &Simulator) -> [String; 3] {
    let account = sim.create_account();
    let aat = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .expect("an account token");
    let domain = sim
        .create_domain(aat.clone(), NewDomain::new("hostile.example"))
        .await
        .expect("a domain");
    let (dak, das) = (domain.domain_api_key, domain.domain_api_secret);
    let dat = sim
        .get_domain_access_token(dak.clone(), das.clone())
        .await
        .expect("a domain token");
    sim.create_user_by_user_id(dat.clone(), NewUser::new("alice"))
        .await
        .expect("a user");
    let uat = sim
        .get_user_access_token(dak, das, "alice".into())
        .await
        .expect("a user token");
    [
        aat.expose_secret().to_owned(),
        dat.expose_secret().to_owned(),
        uat.expose_secret().to_owned(),
    ]
}

// ---- The oracle ----

/// The operations the server routes `method` and `path` to, as the server does: runs of `/`
/// collapse, then the path must be `/v1.2/` and an operation's path exactly.
fn routed(method: &str, path: &str) -> Vec<&'static Operation> {
    let mut collapsed = String::new();
    for c in path.chars() {
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    let Some(relative) = collapsed.strip_prefix("/v1.2/") else {
        return Vec::new();
    };
    ALL.iter()
        .copied()
        .filter(|op| op.method.as_str() == method && op.path == relative)
        .collect()
}

/// The HTTP status docs/SIMULATOR.md pairs with a refusal's status (with 413 for a body over
/// 1 MiB, which is status 17).
fn documented(status: i64, http: u16) -> bool {
    let expected: &[u16] = match status {
        3 | 14 | 15 | 16 | 51 | 54 | 710 => &[400],
        17 => &[400, 413],
        10 | 52 | 55 => &[401],
        11 | 702 => &[403],
        18 | 53 | 700 | 701 => &[404],
        50 | 2001 => &[409],
        _ => &[],
    };
    expected.contains(&http)
}

/// The envelope's status and message; `Err` says why the body is not one.
fn envelope(reply: &Reply) -> Result<(i64, String), String> {
    let value: Value = serde_json::from_slice(&reply.body)
        .map_err(|e| format!("not JSON ({e}): {}", String::from_utf8_lossy(&reply.body)))?;
    let status = value.get("status").and_then(Value::as_i64);
    let message = value.get("message").and_then(Value::as_str);
    match (status, message) {
        (Some(status), Some(message)) => Ok((status, message.to_owned())),
        _ => Err(format!("not an envelope: {value}")),
    }
}

/// The health check: a known-good, read-only call (the domain's users).
fn assert_healthy(served: &Served) {
    let target = format!("/v1.2/domains/users?key={}", served.keys[1]);
    let reply = send(served.addr, "GET", &target, None, b"");
    let answer = envelope(&reply);
    assert_eq!(
        (reply.http, answer.as_ref().map(|a| a.0)),
        (200, Ok(0)),
        "the server is no longer healthy"
    );
}

/// The longest request target the cases send. hyper answers a longer one itself with a bare
/// 414 (see `a_request_line_over_64_kib_is_refused_by_the_http_layer`).
const MAX_TARGET: usize = 60 * 1024;

/// What the cases got: `(HTTP, status)` and how often.
type Tally = std::collections::BTreeMap<(u16, i64), usize>;

/// The request target of a case: its path and query.
fn target_of(case: &Case, keys: &[String; 3]) -> String {
    let path = path_of(&case.route);
    let query = query_of(case, keys);
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// Sends one case and checks its answer; the error names what was wrong.
fn check(served: &Served, case: &Case, tally: &RefCell<Tally>) -> Result<(), String> {
    let path = path_of(&case.route);
    let target = target_of(case, &served.keys);
    let body = body_of(&case.body);
    let before = served.sim.snapshot();
    let reply = send(served.addr, case.method, &target, case.content_type, &body);
    let (status, message) = envelope(&reply)?;
    let http = reply.http;
    let operations = routed(case.method, &path);
    let describe = || {
        format!(
            "{} {path}: HTTP {http}, status {status}, {message:?}",
            case.method
        )
    };
    if operations.is_empty() {
        if (http, status) != (404, 18) {
            return Err(format!("an unknown route must be 404/18: {}", describe()));
        }
    } else if status == 0 {
        let valid_key = case
            .query
            .iter()
            .any(|(n, v)| matches!((n, v), (Name::Key | Name::Real("key"), Val::Credential(_))));
        if http != 200 || !valid_key {
            return Err(format!("a success without a valid key: {}", describe()));
        }
    } else if !(400..500).contains(&http) || !documented(status, http) {
        return Err(format!(
            "a refusal outside the documented pairs: {}",
            describe()
        ));
    }
    *tally.borrow_mut().entry((http, status)).or_default() += 1;
    if message.is_empty() {
        return Err(format!("an empty message: {}", describe()));
    }
    if status != 0 && served.sim.snapshot() != before {
        return Err(format!("a refused call changed the state: {}", describe()));
    }
    Ok(())
}

/// The property, run by hand so the counts can be reported: 384 random cases by default.
#[test]
fn hostile_requests_get_envelopes_and_change_nothing() {
    let served = served();
    let _one_at_a_time = exclusive(served);
    // PROPTEST_CASES runs more (or fewer) cases, as with proptest's own default config.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(384);
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let tally = RefCell::new(Tally::new());
    let mut runner = TestRunner::new(config);
    let outcome = runner.run(&case(), |case| {
        prop_assume!(target_of(&case, &served.keys).len() < MAX_TARGET);
        let checked = check(served, &case, &tally);
        assert_healthy(served);
        prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let tally = tally.into_inner();
    let total: usize = tally.values().sum();
    let successes: usize = tally
        .iter()
        .filter(|((_, s), _)| *s == 0)
        .map(|(_, n)| n)
        .sum();
    println!(
        "hostile requests: {total} cases, {} refused, {successes} legitimately succeeded",
        total - successes
    );
    for ((http, status), count) in &tally {
        println!("  HTTP {http} status {status:>4}: {count}");
    }
    assert!(total >= cases as usize, "every case ran");
    assert!(
        successes * 4 < total,
        "the cases are mostly hostile: {successes} of {total} succeeded"
    );
}

/// Sends a known hostile request and checks its documented answer, and that nothing changed.
fn known(served: &Served, method: &str, target: &str, body: &[u8], expected: (u16, i64)) {
    let before = served.sim.snapshot();
    let reply = send(served.addr, method, target, Some("application/json"), body);
    let shown: String = target.chars().take(80).collect();
    let (status, message) = envelope(&reply).unwrap_or_else(|e| panic!("{method} {shown}: {e}"));
    assert_eq!(
        (reply.http, status),
        expected,
        "{method} {shown}: {message}"
    );
    for key in &served.keys {
        assert!(
            !message.contains(key.as_str()),
            "{method} {shown}: the message shows a key"
        );
    }
    assert_eq!(
        served.sim.snapshot(),
        before,
        "{method} {shown} changed the state"
    );
    assert_healthy(served);
}

/// Known hostile requests, each with the answer the server documents.
#[test]
fn known_hostile_requests_get_their_documented_answers() {
    let served = served();
    let _one_at_a_time = exclusive(served);
    let [_, dat, uat] = &served.keys;
    let devices = format!("/v1.2/users/devices?key={uat}");
    let create_user = format!("/v1.2/domains/users/user_id?key={dat}");
    let s = served;
    known(
        s,
        "GET",
        &format!("/v1.2/users/devices?key=%zz{uat}"),
        b"",
        (400, 17),
    );
    known(s, "GET", &format!("{devices}%ff"), b"", (400, 17));
    known(s, "GET", &format!("{devices}&key={uat}"), b"", (400, 17));
    let unknown = format!("/v1.2/users/devices?key=UAT{}", "0".repeat(32));
    known(s, "GET", &unknown, b"", (401, 55));
    known(s, "POST", &devices, b"{\"device_native_id\":", (400, 17));
    known(s, "POST", &devices, b"[1,2]", (400, 17));
    known(s, "POST", &devices, b"{\"device_native_id\":7}", (400, 17));
    known(s, "POST", &devices, &[0xff, 0xfe, b'{'], (400, 17));
    let groups = format!("/v1.2/users/chatgroups?key={uat}");
    known(s, "POST", &groups, b"{}", (400, 3));
    known(s, "POST", &create_user, b"{\"user_id\":\"a b\"}", (400, 51));
    known(
        s,
        "POST",
        &create_user,
        &body_of(&Body::TooLarge),
        (413, 17),
    );
    // The surface added with hunt groups, registration, lookups and profiles.
    let hunt = format!("/v1.2/domains/huntgroups?key={dat}");
    known(s, "POST", &hunt, b"{}", (400, 15));
    known(s, "POST", &hunt, b"{\"huntgroup_name\":7}", (400, 17));
    known(
        s,
        "POST",
        &hunt,
        b"{\"huntgroup_name\":\"\",\"huntgroup_type\":\"r\",\"pilot_uri_address\":\"p\"}",
        (400, 15),
    );
    known(s, "DELETE", &hunt, b"", (400, 15));
    let hunt_users = format!("/v1.2/domains/huntgroups/users?key={dat}");
    known(
        s,
        "POST",
        &hunt_users,
        b"{\"huntgroup_name\":[],\"user_name\":1}",
        (400, 17),
    );
    let admin = format!("/v1.2//domains/huntgroups/admin?key={dat}&huntgroup_name=x&admin_name=y");
    known(s, "DELETE", &admin, b"", (404, 53));
    let register = format!("/v1.2/api_wrappers/registrations?key={dat}");
    known(s, "POST", &register, b"[1]", (400, 17));
    known(
        s,
        "POST",
        &register,
        b"{\"user_phone_number\":\"4155550100\"}",
        (400, 15),
    );
    let codes = format!("/v1.2/domains/countrycodes?key={dat}");
    known(s, "GET", &format!("{codes}&MCC=abc"), b"", (400, 16));
    known(s, "GET", &format!("{codes}&MCC=%ff"), b"", (400, 17));
    let profile = format!("/v1.2/users/profiles/user_profiles?key={uat}");
    known(
        s,
        "POST",
        &format!("{profile}&first_name=%ff"),
        b"",
        (400, 17),
    );
    let long = "x".repeat(5000);
    known(
        s,
        "POST",
        &format!("{profile}&user_data={long}"),
        b"",
        (400, 16),
    );
    let normalize = format!("/v1.2/users/services/normalize/phone_number?key={uat}");
    known(
        s,
        "GET",
        &format!("{normalize}&phone_number=%2B%2B1&country_code=US"),
        b"",
        (400, 16),
    );
    let spidr = format!("/v1.2/users/configurations/communications/spidr?key={uat}");
    known(s, "GET", &format!("{spidr}&secure=yes"), b"", (400, 17));
    known(s, "PATCH", &devices, b"", (404, 18));
    known(s, "GET", "/v1.2/users/device", b"", (404, 18));
}

/// hyper, not the application, answers a request line of 64 KiB or more: HTTP 414 with an
/// empty body (no envelope). The server stays healthy and nothing changes.
#[test]
fn a_request_line_over_64_kib_is_refused_by_the_http_layer() {
    let served = served();
    let _one_at_a_time = exclusive(served);
    let before = served.sim.snapshot();
    let target = format!("/v1.2/users/devices?key={}", "a".repeat(64 * 1024));
    let reply = send(served.addr, "GET", &target, None, b"");
    assert_eq!(reply.http, 414);
    assert!(reply.body.is_empty(), "hyper's own answer has no body");
    assert_eq!(served.sim.snapshot(), before);
    assert_healthy(served);
}
