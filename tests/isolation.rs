//! The isolation matrix: for every implemented operation, a credential of each scope the
//! operation does not take, another domain's (and account's) valid credential of the right
//! scope, a revoked one and an expired one are refused with the status docs/SIMULATOR.md
//! gives, and the simulator's snapshot is byte-identical before and after each refusal.
//!
//! The matrix runs over the HTTP wire (wrong scopes cannot be written through the typed
//! trait), with requests built from `kandy_core::operation`, and again in-process through the
//! `KandyApi` trait for the cases the trait can express. The operation table drives it: an
//! implemented operation without a row in `cases::FORMS` fails the test. Each form also has a
//! control: on a restored snapshot, the same request with the rightful credentials succeeds,
//! so every refusal is due to the credential alone. Expiry is checked last, since moving the
//! clock expires every token.

#![cfg(feature = "server")]
#![forbid(unsafe_code)]

#[path = "isolation/calls.rs"]
mod calls;
#[path = "isolation/cases.rs"]
mod cases;
#[path = "isolation/world.rs"]
mod world;

use cases::{Expect, Form, Request, SCOPES, forms_of, http_for, prefix, request};
use kandy_core::{BodyKind, Envelope, Operation, OperationId, status};
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The operations the simulator implements: every one.
fn simulated() -> impl Iterator<Item = &'static Operation> {
    Operation::api()
}

/// Whether an operation's success is a file rather than an envelope (#85, #86).
fn is_download(op: &Operation) -> bool {
    matches!(
        op.id,
        OperationId::DownloadContent | OperationId::DownloadThumbnail
    )
}

/// Tokens live one day on the simulator's clock (set explicitly, not left to the default).
const TOKEN_TTL_MS: u64 = 24 * 60 * 60 * 1000;

/// An hour passes between building the world and the matrix, so a call that succeeded by
/// mistake would show in the snapshot (a user's `last_seen` would move).
const SETTLE_MS: u64 = 60 * 60 * 1000;

fn simulator() -> Simulator {
    Simulator::builder()
        .seed(6)
        .token_ttl_ms(TOKEN_TTL_MS)
        .build()
}

/// A simulator holding the world, an hour after it was built.
async fn settled_world() -> (Simulator, world::World) {
    let sim = simulator();
    let world = world::build(&sim).await;
    sim.advance_clock(SETTLE_MS);
    (sim, world)
}

/// The first place two snapshots differ, for the failure message.
fn first_difference(before: &Value, after: &Value, path: &str) -> Option<String> {
    match (before, after) {
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).find_map(|key| {
            let at = format!("{path}.{key}");
            match (x.get(key), y.get(key)) {
                (Some(p), Some(q)) => first_difference(p, q, &at),
                _ => Some(format!("{at} appeared or disappeared")),
            }
        }),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ => (before != after).then(|| format!("{path}: {before} became {after}")),
    }
}

/// A snapshot: its JSON text as served, and its value.
#[derive(Clone, PartialEq)]
struct Snapshot {
    bytes: Vec<u8>,
    value: Value,
}

impl Snapshot {
    fn of(value: Value) -> Self {
        let bytes = serde_json::to_vec(&value).expect("a snapshot serializes");
        Self { bytes, value }
    }

    fn assert_same(&self, after: &Snapshot, what: &str) {
        if self.bytes != after.bytes {
            let difference = first_difference(&self.value, &after.value, "$")
                .unwrap_or_else(|| "the same JSON, serialized differently".into());
            panic!("{what} changed the simulator's state: {difference}");
        }
    }
}

/// How many cases of each kind ran, and which did not apply.
#[derive(Default)]
struct Tally {
    run: BTreeMap<&'static str, usize>,
    not_applicable: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Tally {
    fn ran(&mut self, kind: &'static str) {
        *self.run.entry(kind).or_default() += 1;
    }

    fn skipped(&mut self, kind: &'static str, what: String) {
        self.not_applicable.entry(kind).or_default().insert(what);
    }

    fn report(&self, title: &str, operations: usize, forms: usize) {
        let total: usize = self.run.values().sum();
        println!("{title}: {operations} operations in {forms} forms, {total} cases");
        for (kind, count) in &self.run {
            let skipped = self.not_applicable.get(kind).map_or(0, BTreeSet::len);
            println!("  {kind:>15}: {count:>3} run, {skipped:>2} not applicable");
        }
        for (kind, skipped) in &self.not_applicable {
            for what in skipped {
                println!("  n/a {kind}: {what}");
            }
        }
    }
}

/// The server's wire: Kandy calls and the `/_sim/` admin surface.
struct Wire {
    http: reqwest::Client,
    base: String,
    root: String,
}

/// A response, as an envelope.
struct Answer {
    http: u16,
    envelope: Envelope,
}

impl Wire {
    fn new(server: &Server) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: server.base_url(),
            root: server.root_url(),
        }
    }

    async fn call(&self, op: &Operation, request: &Request) -> Answer {
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base, op.path)).expect("a URL");
        url.query_pairs_mut()
            .extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        let method = reqwest::Method::from_bytes(op.method.as_str().as_bytes()).expect("method");
        let mut call = self.http.request(method, url);
        if let Some(body) = &request.body {
            call = call
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        if op.body == BodyKind::Multipart {
            let (content_type, body) = cases::multipart_body();
            call = call.header("content-type", content_type).body(body);
        }
        let response = call.send().await.expect("the server answers");
        let http = response.status().as_u16();
        let bytes = response.bytes().await.expect("the whole body");
        // A download's success is the file itself: only its refusals are envelopes.
        if http == 200 && is_download(op) {
            let envelope = Envelope::success(None);
            return Answer { http, envelope };
        }
        let envelope = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            let text = String::from_utf8_lossy(&bytes);
            panic!(
                "{}: HTTP {http} with a body that is no envelope ({e}): {text}",
                op.name
            )
        });
        Answer { http, envelope }
    }

    async fn admin(&self, call: reqwest::RequestBuilder) -> Vec<u8> {
        let response = call.send().await.expect("the admin surface answers");
        assert_eq!(response.status().as_u16(), 200, "admin call refused");
        response.bytes().await.expect("the whole body").to_vec()
    }

    async fn snapshot(&self) -> Snapshot {
        let url = format!("{}/_sim/snapshot", self.root);
        let bytes = self.admin(self.http.get(url)).await;
        let value = serde_json::from_slice(&bytes).expect("a snapshot is JSON");
        Snapshot { bytes, value }
    }

    async fn restore(&self, snapshot: &Snapshot) {
        let url = format!("{}/_sim/snapshot", self.root);
        let request = self
            .http
            .put(url)
            .header("content-type", "application/json");
        self.admin(request.body(snapshot.bytes.clone())).await;
    }

    async fn advance_clock(&self, millis: u64) {
        let url = format!("{}/_sim/clock/advance", self.root);
        let body = serde_json::json!({ "millis": millis }).to_string();
        let request = self
            .http
            .post(url)
            .header("content-type", "application/json");
        self.admin(request.body(body)).await;
    }
}

/// Makes one call over the wire and checks its answer and that nothing changed.
async fn wire_case(
    wire: &Wire,
    op: &Operation,
    what: &str,
    request: &Request,
    expect: Expect,
    baseline: &Snapshot,
) {
    let answer = wire.call(op, request).await;
    let message = &answer.envelope.message;
    let wanted = match expect {
        Expect::Refused(code) => code,
        Expect::Unchanged => status::SUCCESS,
        Expect::NotApplicable(_) => unreachable!("not applicable cases are not run"),
    };
    assert_eq!(
        (answer.envelope.status, answer.http),
        (wanted, http_for(wanted)),
        "{} / {what}: status {} (HTTP {}), message {message:?}",
        op.name,
        answer.envelope.status,
        answer.http,
    );
    let key = &request.query[0].1;
    assert!(
        !message.contains(key.as_str()),
        "{} / {what}: the message shows the key",
        op.name
    );
    baseline.assert_same(&wire.snapshot().await, &format!("{} / {what}", op.name));
}

#[test]
fn the_table_covers_every_implemented_operation_in_each_key_scope() {
    let mut operations = 0;
    for op in simulated() {
        operations += 1;
        let forms = forms_of(op);
        assert!(
            !forms.is_empty(),
            "{} has no row in the isolation matrix",
            op.name
        );
        let scopes: Vec<_> = forms.iter().map(|f| f.scope).collect();
        for scope in op.keys {
            assert!(
                scopes.contains(scope),
                "{}: no {} form",
                op.name,
                prefix(*scope)
            );
        }
        for scope in &scopes {
            assert!(
                op.keys.contains(scope),
                "{}: a {} form it does not take",
                op.name,
                prefix(*scope)
            );
        }
        assert_eq!(
            scopes.len(),
            op.keys.len(),
            "{}: a form is doubled",
            op.name
        );
    }
    assert_eq!(operations, 87);
    for form in cases::FORMS {
        assert!(
            Operation::by_name(form.op).is_some(),
            "no operation {}",
            form.op
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_refuses_wrong_foreign_revoked_and_expired_credentials_over_http() {
    let (sim, world) = settled_world().await;
    let server = Server::bind("127.0.0.1:0", sim)
        .await
        .expect("the server binds");
    let wire = Wire::new(&server);
    let baseline = wire.snapshot().await;
    let (a, t) = (&world.a, &world.target);
    let mut tally = Tally::default();
    let operations: Vec<&Operation> = simulated().collect();

    for op in &operations {
        let forms = forms_of(op);
        let first = forms
            .first()
            .unwrap_or_else(|| panic!("{} has no row", op.name));
        let rightful = request(op, first, a, t);
        for scope in SCOPES.iter().filter(|s| !op.keys.contains(s)) {
            let wrong = rightful.clone().with_key(a.credential(*scope));
            let what = format!("wrong scope {}", prefix(*scope));
            let refused = Expect::Refused(status::INVALID_CREDENTIALS);
            wire_case(&wire, op, &what, &wrong, refused, &baseline).await;
            tally.ran("wrong scope");
        }
        for form in &forms {
            let on = format!("{} form", prefix(form.scope));
            match form.other {
                Expect::NotApplicable(_) => {
                    tally.skipped("another domain", format!("{} ({on})", op.name));
                }
                expect => {
                    let other = request(op, form, &world.b, t);
                    let what = format!("another domain ({on})");
                    wire_case(&wire, op, &what, &other, expect, &baseline).await;
                    tally.ran("another domain");
                }
            }
            let revoked = request(op, form, &world.revoked, t);
            let refused = Expect::Refused(status::INVALID_CREDENTIALS);
            let what = format!("revoked ({on})");
            wire_case(&wire, op, &what, &revoked, refused, &baseline).await;
            tally.ran("revoked");
        }
    }

    // Controls: each request succeeds with the rightful credentials, on a fresh copy.
    for op in &operations {
        for form in forms_of(op) {
            wire.restore(&baseline).await;
            let answer = wire.call(op, &request(op, form, a, t)).await;
            assert_eq!(
                (answer.envelope.status, answer.http),
                (status::SUCCESS, 200),
                "control {} ({} form): {:?}",
                op.name,
                prefix(form.scope),
                answer.envelope.message
            );
            if op.name == "check_verification_code" {
                let valid = answer.envelope.result.as_ref().and_then(|r| r.get("valid"));
                assert_eq!(
                    valid,
                    Some(&Value::Bool(true)),
                    "the rightful domain's code is valid"
                );
            }
            tally.ran("control");
        }
    }
    wire.restore(&baseline).await;
    baseline.assert_same(&wire.snapshot().await, "a restore");

    // Expiry, last: moving the clock expires every token at once.
    wire.advance_clock(TOKEN_TTL_MS).await;
    let expired_baseline = wire.snapshot().await;
    for op in &operations {
        for form in forms_of(op) {
            let on = format!("{} form", prefix(form.scope));
            match form.expired {
                Expect::NotApplicable(_) => tally.skipped("expired", format!("{} ({on})", op.name)),
                expect => {
                    let expired = request(op, form, a, t);
                    let what = format!("expired ({on})");
                    wire_case(&wire, op, &what, &expired, expect, &expired_baseline).await;
                    tally.ran("expired");
                }
            }
        }
    }
    tally.report(
        "isolation matrix over HTTP",
        operations.len(),
        cases::FORMS.len(),
    );
    server.shutdown().await;
}

/// One in-process case: the call's error status, and an unchanged snapshot.
async fn in_process_case(
    sim: &Simulator,
    form: &Form,
    what: &str,
    caller: &world::Caller,
    t: &world::Target,
    expect: Expect,
    baseline: &Snapshot,
) {
    let result = calls::invoke(sim, form, caller, t).await;
    let label = format!("{} ({} form) / {what}", form.op, prefix(form.scope));
    match (expect, result) {
        (Expect::Refused(code), Err(error)) => {
            assert_eq!(error.api_status(), Some(code.into()), "{label}: {error}");
            if let Some(http) = error.http_status() {
                assert_eq!(http, http_for(code), "{label}: {error}");
            }
        }
        (Expect::Unchanged, Ok(())) => {}
        (expect, result) => panic!("{label}: expected {expect:?}, got {result:?}"),
    }
    baseline.assert_same(&Snapshot::of(sim.snapshot().to_value()), &label);
}

#[tokio::test]
async fn every_operation_refuses_foreign_revoked_and_expired_credentials_in_process() {
    let (sim, world) = settled_world().await;
    let t = &world.target;
    let baseline = Snapshot::of(sim.snapshot().to_value());
    let mut tally = Tally::default();
    let refused = Expect::Refused(status::INVALID_CREDENTIALS);
    for form in cases::FORMS {
        let name = format!("{} ({} form)", form.op, prefix(form.scope));
        match form.other {
            Expect::NotApplicable(_) => tally.skipped("another domain", name.clone()),
            expect => {
                in_process_case(&sim, form, "another domain", &world.b, t, expect, &baseline).await;
                tally.ran("another domain");
            }
        }
        in_process_case(&sim, form, "revoked", &world.revoked, t, refused, &baseline).await;
        tally.ran("revoked");
    }
    for form in cases::FORMS {
        sim.restore(kandy_sim::Snapshot::from_value(baseline.value.clone()).unwrap())
            .expect("the baseline restores");
        let result = calls::invoke(&sim, form, &world.a, t).await;
        assert!(
            result.is_ok(),
            "control {} ({} form): {result:?}",
            form.op,
            prefix(form.scope)
        );
        tally.ran("control");
    }
    sim.restore(kandy_sim::Snapshot::from_value(baseline.value.clone()).unwrap())
        .expect("the baseline restores");
    baseline.assert_same(&Snapshot::of(sim.snapshot().to_value()), "a restore");

    sim.advance_clock(TOKEN_TTL_MS);
    let expired_baseline = Snapshot::of(sim.snapshot().to_value());
    for form in cases::FORMS {
        match form.expired {
            Expect::NotApplicable(_) => {
                tally.skipped(
                    "expired",
                    format!("{} ({} form)", form.op, prefix(form.scope)),
                );
            }
            expect => {
                in_process_case(
                    &sim,
                    form,
                    "expired",
                    &world.a,
                    t,
                    expect,
                    &expired_baseline,
                )
                .await;
                tally.ran("expired");
            }
        }
    }
    let operations = simulated().count();
    tally.report(
        "isolation matrix in-process",
        operations,
        cases::FORMS.len(),
    );
}
