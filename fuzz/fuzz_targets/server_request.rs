//! The simulator server's request decoding (routing, query, body), on arbitrary requests:
//! `kandy_sim::server::router` driven with `tower::ServiceExt::oneshot` in a current-thread
//! runtime, from the same state every time (a world with valid keys, restored per input).
//!
//! Checks: no panic (the server turns a handler panic into HTTP 500, so 500 fails too); every
//! answer is an envelope `{"status": int, "message": string}`; status 0 comes with HTTP 200
//! and any other status with a 4xx (501 on a tier-3 route); a refused call changes nothing.

#![no_main]

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use kandy_core::operation::ALL;
use kandy_core::*;
use kandy_sim::Simulator;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;
use tower::ServiceExt;

#[derive(Arbitrary, Debug)]
enum Path {
    /// An operation's path (index into the table), then these bytes.
    Table(u8, Vec<u8>),
    /// Anything under `/v1.2/`.
    Junk(Vec<u8>),
}

#[derive(Arbitrary, Debug)]
enum Text {
    /// Percent-encoded: any bytes, so possibly not UTF-8 once decoded.
    Encoded(Vec<u8>),
    /// Written as is (only the bytes a URI may hold): bad escapes and all.
    Raw(Vec<u8>),
    /// One of the world's credentials.
    Credential(u8),
}

#[derive(Arbitrary, Debug)]
struct Input {
    method: u8,
    path: Path,
    /// `key` first, then the operation's parameters by index, then anything.
    query: Vec<(u8, Text)>,
    json_content_type: bool,
    body: Vec<u8>,
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];

struct World {
    sim: Simulator,
    snapshot: kandy_sim::Snapshot,
    credentials: Vec<String>,
    runtime: tokio::runtime::Runtime,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let sim = Simulator::builder().seed(3).build();
        let credentials = runtime.block_on(populate(&sim));
        World {
            snapshot: sim.snapshot(),
            sim,
            credentials,
            runtime,
        }
    })
}

/// An account, a domain, alice and bob, a group: every kind of credential.
async fn populate(sim: &Simulator) -> Vec<String> {
    let account = sim.create_account();
    let aat = sim
        .get_account_access_token(account.api_key.clone(), account.api_secret.clone())
        .await
        .expect("aat");
    let domain = sim
        .create_domain(aat.clone(), NewDomain::new("fuzz.example"))
        .await
        .expect("domain");
    let (dak, das) = (
        domain.domain_api_key.clone(),
        domain.domain_api_secret.clone(),
    );
    let dat = sim
        .get_domain_access_token(dak.clone(), das.clone())
        .await
        .expect("dat");
    let alice = sim
        .create_user_by_user_id(dat.clone(), NewUser::new("alice"))
        .await
        .expect("alice");
    sim.create_user_by_user_id(dat.clone(), NewUser::new("bob"))
        .await
        .expect("bob");
    let uat = sim
        .get_user_access_token(dak.clone(), das.clone(), "alice".into())
        .await
        .expect("uat");
    let device = sim.get_devices(uat.clone()).await.expect("devices")[0]
        .id
        .clone();
    let group = sim
        .create_group(uat.clone(), NewGroup::new("crew"))
        .await
        .expect("group");
    let uak = alice.user_api_key.expect("uak");
    vec![
        aat.expose_secret().to_owned(),
        dat.expose_secret().to_owned(),
        uat.expose_secret().to_owned(),
        dak.expose_secret().to_owned(),
        das.expose_secret().to_owned(),
        account.api_key.expose_secret().to_owned(),
        account.api_secret.expose_secret().to_owned(),
        uak.expose_secret().to_owned(),
        device.as_str().to_owned(),
        group.group_id.as_str().to_owned(),
        "alice".to_owned(),
    ]
}

fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The bytes a URI's path or query may hold as is (`%` included, for bad escapes).
fn raw(bytes: &[u8]) -> String {
    bytes
        .iter()
        .copied()
        .filter(|b| b.is_ascii_alphanumeric() || b"-._~%!$'()*+,;:@/".contains(b))
        .map(char::from)
        .collect()
}

fn render(input: &Input, credentials: &[String]) -> (String, Option<&'static Operation>) {
    let (path, op) = match &input.path {
        Path::Table(i, tail) => {
            let op = ALL[usize::from(*i) % ALL.len()];
            (format!("/v1.2/{}{}", op.path, raw(tail)), Some(op))
        }
        Path::Junk(bytes) => (format!("/v1.2/{}", raw(bytes)), None),
    };
    let names: Vec<&str> = std::iter::once("key")
        .chain(
            op.into_iter()
                .flat_map(|op| op.query.iter().map(|p| p.name)),
        )
        .collect();
    let query: Vec<String> = input
        .query
        .iter()
        .map(|(name, text)| {
            let name = names.get(usize::from(*name)).copied().unwrap_or("x");
            let value = match text {
                Text::Encoded(bytes) => encode(bytes),
                Text::Raw(bytes) => raw(bytes),
                Text::Credential(i) => credentials[usize::from(*i) % credentials.len()].clone(),
            };
            format!("{name}={value}")
        })
        .collect();
    let target = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    (target, op)
}

fuzz_target!(|input: Input| {
    let world = world();
    let method = METHODS[usize::from(input.method) % METHODS.len()];
    let (target, _) = render(&input, &world.credentials);
    // The guard refuses a request without an allowed Host (DNS rebinding); name loopback.
    let mut request = Request::builder()
        .method(method)
        .uri(&target)
        .header("host", "127.0.0.1");
    if input.json_content_type {
        request = request.header("content-type", "application/json");
    }
    let Ok(request) = request.body(Body::from(input.body.clone())) else {
        return;
    };
    world
        .sim
        .restore(world.snapshot.clone())
        .expect("the world restores");
    let app = kandy_sim::server::router(world.sim.clone());
    let (http, body) = world.runtime.block_on(async {
        let response = app.oneshot(request).await.expect("the router never fails");
        let http = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("the whole body")
            .to_bytes();
        (http, body)
    });
    let value: Value = serde_json::from_slice(&body)
        .unwrap_or_else(|e| panic!("{method} {target}: HTTP {http}, not JSON ({e})"));
    let status = value.get("status").and_then(Value::as_i64);
    let message = value.get("message").and_then(Value::as_str);
    let (Some(status), Some(_)) = (status, message) else {
        panic!("{method} {target}: HTTP {http}, not an envelope: {value}");
    };
    if status == 0 {
        assert_eq!(http, 200, "{method} {target}: a success under HTTP {http}");
        return;
    }
    assert!(
        (400..500).contains(&http),
        "{method} {target}: HTTP {http}, status {status}"
    );
    assert!(
        world.sim.snapshot() == world.snapshot,
        "{method} {target}: a refused call changed the state"
    );
});
