//! What a case is, and how one is replayed and judged.

use crate::wire::{self, Reply};
use crate::world::World;
use serde_json::Value;

/// One request shape a known caller is recorded to send, and what it reads from the answer.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// The caller's source key in the specification's §4 (`KPY`, `NODE`, `KJS`, ...).
    pub source: &'static str,
    /// Where the specification records the shape (`§2.2 #7; §3`).
    pub spec: &'static str,
    /// The caller's own name for the call (its function or method).
    pub name: &'static str,
    /// The endpoint row (#) the caller meant to call.
    pub meant: u16,
    /// The request, byte for byte as the caller built it (with `{name}`s of the world).
    pub request: Request,
    /// How the caller decides that the call worked.
    pub test: Test,
    /// What the simulator answers, and whether that is what the caller needed.
    pub outcome: Outcome,
    /// The operation the simulator answers as (its request log names it); `None` when the
    /// request is refused before an operation is picked.
    pub answers: Option<&'static str>,
    /// The fields the caller reads from the answer.
    pub reads: &'static [Read],
    /// Requests made afterwards that show the call's effect (or that nothing changed).
    pub then: &'static [Probe],
}

/// A raw request: the method, the target (path and query exactly as sent), the caller's own
/// headers and its body.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    pub method: &'static str,
    pub target: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
    /// `None`: no body and no `Content-Length`; `Some("")`: `Content-Length: 0`.
    pub body: Option<&'static str>,
}

/// A request without a body.
pub const fn bare(
    method: &'static str,
    target: &'static str,
    headers: &'static [(&'static str, &'static str)],
) -> Request {
    Request {
        method,
        target,
        headers,
        body: None,
    }
}

/// A request with a body.
pub const fn with_body(
    method: &'static str,
    target: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
) -> Request {
    Request {
        method,
        target,
        headers,
        body: Some(body),
    }
}

/// How a caller decides that a call worked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Test {
    /// `status == 0` (or `status !== 0` for failure).
    StatusZero,
    /// `message == "success"`.
    MessageSuccess,
    /// `message` equals this text (`Domain Deleted`).
    MessageIs(&'static str),
    /// `status` equals this value (a caller that handles a refusal, such as 2001).
    StatusIs(i64),
    /// `result` is there and not empty (`!empty($response->result)`).
    ResultPresent,
    /// HTTP 200 and a JSON body (`StatusCode == OK`, then deserialized).
    Http200,
    /// jQuery (kandy.js): HTTP 2xx, a `Content-Type` jQuery reads as JSON, and
    /// `response.status === 0`.
    Jquery,
    /// node-rest-client then `JSON.parse(data)`: the type must not be exactly one of
    /// node-rest-client's JSON types (or it hands over a parsed object and `JSON.parse`
    /// throws), and `message == 'success'`.
    NodeRestClient,
    /// Ruby's RestClient: HTTP 2xx (else it raises) and `status == 0`.
    RubyRestClient,
    /// kandy.js 1.x, written for v1.1: `response.success`.
    V11Success,
    /// kandy.js's `uploadFile` (a bare XMLHttpRequest): `xhr.status === 200`, then
    /// `JSON.parse(xhr.responseText).status === 0`; the type is not looked at.
    Xhr200,
    /// A plain link (kandy.js's `buildFileUrl`, used as `<a href>`): HTTP 200 and the file
    /// itself, of this `Content-Type`, not an envelope.
    File(&'static str),
    /// An `<img src>` (kandy.js's `buildFileThumbnailUrl`): HTTP 200, an image of this
    /// `Content-Type` that decodes and fits inside the box (width, height).
    Thumbnail(&'static str, u32, u32),
}

/// node-rest-client 1.5's JSON types, compared exactly (without case).
const NODE_REST_CLIENT_JSON: [&str; 2] = ["application/json", "application/json;charset=utf-8"];

impl Test {
    /// Whether the caller's test passes on this reply.
    pub fn passes(self, reply: &Reply) -> bool {
        match self {
            Test::File(mime) => {
                return reply.http == 200
                    && reply.header("content-type") == Some(mime)
                    && !reply.body.is_empty();
            }
            Test::Thumbnail(mime, w, h) => {
                return reply.http == 200
                    && reply.header("content-type") == Some(mime)
                    && image::load_from_memory(&reply.body)
                        .is_ok_and(|i| i.width() <= w && i.height() <= h && i.width() > 0);
            }
            _ => {}
        }
        let Some(json) = reply.json() else {
            return false;
        };
        let status = json.get("status").and_then(Value::as_i64);
        let message = json.get("message").and_then(Value::as_str);
        let content_type = reply.header("content-type").unwrap_or("").to_lowercase();
        match self {
            Test::StatusZero => status == Some(0),
            Test::MessageSuccess => message == Some("success"),
            Test::MessageIs(text) => message == Some(text),
            Test::StatusIs(code) => status == Some(code),
            Test::ResultPresent => json
                .get("result")
                .is_some_and(|r| !r.is_null() && r.as_object().is_none_or(|o| !o.is_empty())),
            Test::Http200 => reply.http == 200,
            Test::Jquery => {
                (200..300).contains(&reply.http)
                    && content_type.contains("json")
                    && status == Some(0)
            }
            Test::NodeRestClient => {
                !NODE_REST_CLIENT_JSON.contains(&content_type.as_str())
                    && message == Some("success")
            }
            Test::RubyRestClient => (200..300).contains(&reply.http) && status == Some(0),
            Test::V11Success => json.get("success").is_some_and(|s| s == &Value::Bool(true)),
            Test::Xhr200 => reply.http == 200 && status == Some(0),
            Test::File(_) | Test::Thumbnail(..) => false,
        }
    }
}

/// What the simulator answers a shape, and whether the caller got what it needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The caller's test passes and it reads what it needs.
    Works,
    /// The caller's own bug: refused, as the live service refused it (or would have).
    CallerBug {
        http: u16,
        status: i64,
        why: &'static str,
    },
    /// Answered, but as another operation (a delete sent as GET) or in a shape the caller
    /// does not read: what the caller meant did not happen, as against the live service.
    Misfires {
        test_passes: bool,
        why: &'static str,
    },
    /// A shape the simulator chooses to refuse, where the live service's answer is unknown.
    Refused {
        http: u16,
        status: i64,
        why: &'static str,
    },
}

impl Outcome {
    /// The column of FIDELITY.md's callers table.
    pub fn kind(self) -> Kind {
        match self {
            Outcome::Works => Kind::Works,
            Outcome::CallerBug { .. } => Kind::CallerBug,
            Outcome::Misfires { .. } => Kind::Misfires,
            Outcome::Refused { .. } => Kind::Refused,
        }
    }

    /// Why the caller does not get what it needed, if it does not.
    pub fn why(self) -> Option<&'static str> {
        match self {
            Outcome::Works => None,
            Outcome::CallerBug { why, .. }
            | Outcome::Misfires { why, .. }
            | Outcome::Refused { why, .. } => Some(why),
        }
    }
}

/// The outcome's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Works,
    CallerBug,
    Misfires,
    Refused,
}

/// A field the caller reads, and what it must be.
#[derive(Clone, Copy, Debug)]
pub struct Read {
    /// `result.devices[0].id`; from the body's root.
    pub path: &'static str,
    pub is: Is,
}

/// What a read field must be.
#[derive(Clone, Copy, Debug)]
pub enum Is {
    /// A string equal to the expanded template.
    Text(&'static str),
    /// A string starting with this prefix.
    Prefix(&'static str),
    /// Equal to this JSON (`{}`, `"50"`, `true`).
    Json(&'static str),
    /// There and not null.
    Present,
    /// A number.
    Number,
    /// An array of this length.
    Len(usize),
    /// The whole body, as text equal to this (a probe of a download: the path is not read).
    Raw(&'static str),
}

pub const fn text(path: &'static str, value: &'static str) -> Read {
    Read {
        path,
        is: Is::Text(value),
    }
}

pub const fn prefix(path: &'static str, value: &'static str) -> Read {
    Read {
        path,
        is: Is::Prefix(value),
    }
}

pub const fn json(path: &'static str, value: &'static str) -> Read {
    Read {
        path,
        is: Is::Json(value),
    }
}

pub const fn present(path: &'static str) -> Read {
    Read {
        path,
        is: Is::Present,
    }
}

pub const fn number(path: &'static str) -> Read {
    Read {
        path,
        is: Is::Number,
    }
}

pub const fn raw(value: &'static str) -> Read {
    Read {
        path: "",
        is: Is::Raw(value),
    }
}

pub const fn len(path: &'static str, n: usize) -> Read {
    Read {
        path,
        is: Is::Len(n),
    }
}

/// A GET made after the case, and one field of its answer (`/_sim/...` answers are read from
/// their root too).
#[derive(Clone, Copy, Debug)]
pub struct Probe {
    pub target: &'static str,
    pub read: Read,
}

pub const fn probe(target: &'static str, read: Read) -> Probe {
    Probe { target, read }
}

/// The value at a path such as `result.devices[0].id` or `[1].destination`.
fn at<'v>(root: &'v Value, path: &str) -> Option<&'v Value> {
    let mut value = root;
    for segment in path.split('.') {
        let (name, mut indexes) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            value = value.get(name)?;
        }
        while let Some(rest) = indexes.strip_prefix('[') {
            let end = rest.find(']')?;
            value = value.get(rest[..end].parse::<usize>().ok()?)?;
            indexes = &rest[end + 1..];
        }
    }
    Some(value)
}

fn check_read(world: &World, body: &Value, read: &Read) -> Result<(), String> {
    let found = at(body, read.path);
    let ok = match (read.is, found) {
        (_, None) => false,
        (Is::Text(template), Some(v)) => v.as_str() == Some(world.expand(template).as_str()),
        (Is::Prefix(p), Some(v)) => v.as_str().is_some_and(|s| s.starts_with(p)),
        (Is::Json(text), Some(v)) => {
            serde_json::from_str::<Value>(&world.expand(text))
                .ok()
                .as_ref()
                == Some(v)
        }
        (Is::Present, Some(v)) => !v.is_null(),
        (Is::Number, Some(v)) => v.is_number(),
        (Is::Len(n), Some(v)) => v.as_array().is_some_and(|a| a.len() == n),
        (Is::Raw(_), Some(_)) => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "reads `{}`: expected {:?}, found {}",
            read.path,
            read.is,
            found.map_or("nothing".to_owned(), Value::to_string)
        ))
    }
}

/// The content type of every envelope (DECISIONS 19).
const ENVELOPE_TYPE: &str = "application/json; charset=utf-8";

/// The last Kandy call of the server's request log (`GET /_sim/requests`).
async fn last_logged(world: &World) -> Result<Value, String> {
    let log = get(world, "/_sim/requests").await?;
    log.json()
        .and_then(|entries| entries.as_array().and_then(|a| a.last().cloned()))
        .ok_or_else(|| format!("the request log is empty or not JSON: {}", log.text()))
}

async fn get(world: &World, target: &str) -> Result<Reply, String> {
    let addr = world.server.local_addr();
    let raw = wire::request_bytes(addr, "GET", &world.expand(target), &[], None);
    wire::exchange(addr, &raw).await
}

/// Replays one case on a fresh world; `Err` lists every way the answer differs from what the
/// table says.
pub async fn replay(case: &Case) -> Result<(), String> {
    let world = World::new().await;
    let addr = world.server.local_addr();
    let target = world.expand(case.request.target);
    let body = case.request.body.map(|b| world.expand(b));
    let raw = wire::request_bytes(
        addr,
        case.request.method,
        &target,
        case.request.headers,
        body.as_deref(),
    );
    let reply = wire::exchange(addr, &raw).await?;
    let mut problems = Vec::new();
    judge(&world, case, &target, &reply, &mut problems).await;
    for probe in case.then {
        match get(&world, probe.target).await {
            Ok(answer) if matches!(probe.read.is, Is::Raw(_)) => {
                if let Is::Raw(text) = probe.read.is
                    && (answer.http, answer.text()) != (200, world.expand(text))
                {
                    problems.push(format!(
                        "then GET {}: expected HTTP 200 and {text:?}, found HTTP {} {:?}",
                        probe.target,
                        answer.http,
                        answer.text()
                    ));
                }
            }
            Ok(answer) => match answer.json() {
                Some(json) => {
                    if let Err(e) = check_read(&world, &json, &probe.read) {
                        problems.push(format!("then GET {}: {e}", probe.target));
                    }
                }
                None => problems.push(format!("then GET {}: not JSON", probe.target)),
            },
            Err(e) => problems.push(format!("then GET {}: {e}", probe.target)),
        }
    }
    world.server.shutdown().await;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n    answer: HTTP {} {}",
            problems.join("\n    "),
            reply.http,
            reply.text()
        ))
    }
}

async fn judge(
    world: &World,
    case: &Case,
    target: &str,
    reply: &Reply,
    problems: &mut Vec<String>,
) {
    // A download answers the file itself (its caller's test says what it needs); the rest
    // of the judging (the request log) is the same.
    let download =
        matches!(case.test, Test::File(_) | Test::Thumbnail(..)) && case.outcome == Outcome::Works;
    if download {
        if !case.test.passes(reply) {
            problems.push(format!(
                "the caller's test {:?} fails: HTTP {}, Content-Type {:?}, {} bytes",
                case.test,
                reply.http,
                reply.header("content-type"),
                reply.body.len()
            ));
        }
        check_logged(world, case, target, problems).await;
        return;
    }
    // Every answer is an envelope of the envelope's type, and names no credential.
    let Some(envelope) = reply.json() else {
        problems.push("the answer is not JSON".into());
        return;
    };
    if envelope.get("status").and_then(Value::as_i64).is_none()
        || envelope.get("message").and_then(Value::as_str).is_none()
    {
        problems.push("the answer is not a Kandy envelope".into());
    }
    if reply.header("content-type") != Some(ENVELOPE_TYPE) {
        problems.push(format!("Content-Type {:?}", reply.header("content-type")));
    }
    let message = envelope
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("");
    if world.secrets().iter().any(|s| message.contains(s.as_str())) {
        problems.push("the message holds a credential".into());
    }
    check_logged(world, case, target, problems).await;
    let status = envelope.get("status").and_then(Value::as_i64);
    let passes = case.test.passes(reply);
    match case.outcome {
        Outcome::Works => {
            if !passes {
                problems.push(format!("the caller's test {:?} fails", case.test));
            }
        }
        Outcome::Misfires { test_passes, .. } => {
            if (reply.http, status) != (200, Some(0)) {
                problems.push("a misfire is still a success of some operation".into());
            }
            if passes != test_passes {
                problems.push(format!(
                    "the caller's test {:?} {}",
                    case.test,
                    if passes { "passes" } else { "fails" }
                ));
            }
        }
        Outcome::CallerBug {
            http, status: code, ..
        }
        | Outcome::Refused {
            http, status: code, ..
        } => {
            if (reply.http, status) != (http, Some(code)) {
                problems.push(format!("expected HTTP {http} with status {code}"));
            }
            if passes {
                problems.push(format!(
                    "the caller's test {:?} passes on a refusal",
                    case.test
                ));
            }
        }
    }
    if matches!(case.outcome, Outcome::Works | Outcome::Misfires { .. }) {
        for read in case.reads {
            if let Err(e) = check_read(world, &envelope, read) {
                problems.push(e);
            }
        }
    }
}

/// The server saw the bytes as sent, and answered as the operation the table names.
async fn check_logged(world: &World, case: &Case, target: &str, problems: &mut Vec<String>) {
    match last_logged(world).await {
        Ok(entry) => {
            let path = target.split('?').next().unwrap_or(target);
            if entry.get("method").and_then(Value::as_str) != Some(case.request.method)
                || entry.get("path").and_then(Value::as_str) != Some(path)
            {
                problems.push(format!("the request log shows {entry}"));
            }
            let operation = entry.get("operation").and_then(Value::as_str);
            if operation != case.answers {
                problems.push(format!(
                    "answered as {operation:?}, the table says {:?}",
                    case.answers
                ));
            }
        }
        Err(e) => problems.push(e),
    }
}
