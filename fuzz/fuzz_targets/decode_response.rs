//! The HTTP client's response decoding, on arbitrary response bodies: a loopback server
//! answers every request with the fuzzer's bytes, and a real `KandyClient` makes a call.
//!
//! Input: byte 0 picks the operation, byte 1 the HTTP status, byte 2 the content type; the
//! rest is the body. Checks: no panic; a success only from a 2xx whose body is a JSON object
//! with `status` 0; a well-formed envelope with a non-zero status is that API error; no error
//! text shows a credential the request sent.

#![no_main]

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kandy_core::*;
use kandy_http::KandyClient;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const UAT: &str = "UAT5ec2e75ec2e75ec2e75ec2e75ec2e7";
const DAT: &str = "DAT5ec2e75ec2e75ec2e75ec2e75ec2e7";
const AAT: &str = "AAT5ec2e75ec2e75ec2e75ec2e75ec2e7";
const DAK: &str = "DAK5ec2e75ec2e75ec2e75ec2e75ec2e7";
const DAS: &str = "DAS5ec2e75ec2e75ec2e75ec2e75ec2e7";
const PASSWORD: &str = "open2sesame9";

const STATUSES: [u16; 9] = [200, 201, 302, 400, 401, 403, 404, 500, 502];
const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    Some("text/html"),
    Some("application/json; charset=utf-8"),
    None,
];

/// What the loopback server answers next.
#[derive(Clone, Default)]
struct Canned {
    status: u16,
    content_type: Option<&'static str>,
    body: Vec<u8>,
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    client: KandyClient,
    canned: Arc<Mutex<Canned>>,
}

async fn answer(State(canned): State<Arc<Mutex<Canned>>>) -> Response {
    let canned = canned.lock().map(|c| c.clone()).unwrap_or_default();
    let status = StatusCode::from_u16(canned.status).unwrap_or(StatusCode::OK);
    let mut response = (status, canned.body).into_response();
    response.headers_mut().remove(header::CONTENT_TYPE);
    if let Some(kind) = canned.content_type {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, kind.parse().expect("a content type"));
    }
    response
}

fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Harness> = OnceLock::new();
    HARNESS.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        let canned = Arc::new(Mutex::new(Canned::default()));
        let app = Router::new()
            .fallback(answer)
            .with_state(Arc::clone(&canned));
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("a loopback port");
        let addr = listener.local_addr().expect("an address");
        runtime.spawn(async move { axum::serve(listener, app).await });
        let client = KandyClient::builder()
            .base_url(format!("http://{addr}/v1.2/"))
            .attempt_timeout(Duration::from_secs(10))
            .build()
            .expect("a client");
        Harness {
            runtime,
            client,
            canned,
        }
    })
}

/// The credentials call `which` sends (none of them may show in its error).
fn sent(which: u8) -> &'static [&'static str] {
    match which % 16 {
        2 => &[DAT, UAT],
        4 | 5 | 8 | 9 => &[DAT],
        6 => &[AAT],
        7 => &[DAK, DAS],
        14 => &[DAK, PASSWORD],
        _ => &[UAT],
    }
}

/// One call of the client; its value is dropped.
async fn call(client: &KandyClient, which: u8) -> Result<()> {
    let uat = || UserAccessToken::new(UAT);
    let dat = || DomainAccessToken::new(DAT);
    let device = || DeviceId::new("d1");
    match which % 16 {
        0 => client.get_devices(uat()).await.map(drop),
        1 => client
            .get_pending_messages(uat(), device(), None)
            .await
            .map(drop),
        2 => client.get_user_details(dat(), uat()).await.map(drop),
        3 => client
            .get_group_by_id(uat(), GroupId::new("g1"))
            .await
            .map(drop),
        4 => client
            .get_last_seen(PresenceKey::Domain(dat()), vec!["a@b".into()])
            .await
            .map(drop),
        5 => client.get_users(dat()).await.map(drop),
        6 => client
            .get_domains(AccountAccessToken::new(AAT))
            .await
            .map(drop),
        7 => client
            .get_user_access_token(
                DomainApiKey::new(DAK),
                DomainApiSecret::new(DAS),
                "alice".into(),
            )
            .await
            .map(drop),
        8 => client.create_anonymous_user(dat()).await.map(drop),
        9 => client
            .check_verification_code(dat(), "1234".into())
            .await
            .map(drop),
        10 => client.delete_device(uat(), device()).await,
        11 => client
            .get_device_address_book(uat(), device())
            .await
            .map(drop),
        12 => client
            .search_directory_by_name(uat(), "a".into())
            .await
            .map(drop),
        13 => client.get_personal_contacts(uat()).await.map(drop),
        14 => client
            .get_user_access_token_by_password(
                DomainApiKey::new(DAK),
                "alice".into(),
                UserPassword::new(PASSWORD),
            )
            .await
            .map(drop),
        _ => client.get_groups(uat()).await.map(drop),
    }
}

/// The envelope's status, if the body is a well-formed envelope object.
fn envelope_status(body: &[u8]) -> Option<i64> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(value @ serde_json::Value::Object(_)) => serde_json::from_value::<Envelope>(value)
            .ok()
            .map(|e| e.status),
        _ => None,
    }
}

fuzz_target!(|bytes: &[u8]| {
    let [which, status, kind, body @ ..] = bytes else {
        return;
    };
    let harness = harness();
    let canned = Canned {
        status: STATUSES[usize::from(*status) % STATUSES.len()],
        content_type: CONTENT_TYPES[usize::from(*kind) % CONTENT_TYPES.len()],
        body: body.to_vec(),
    };
    let http = canned.status;
    *harness.canned.lock().expect("the canned answer") = canned;
    let result = harness.runtime.block_on(call(&harness.client, *which));
    let envelope = envelope_status(body);
    match result {
        Ok(()) => {
            assert!((200..300).contains(&http), "a success under HTTP {http}");
            // The client lets a success envelope leave out `message`, and (as serde_json does
            // for fields it skips) holds no bytes that are not UTF-8 in unknown fields against
            // it; `status` must be 0.
            let status = serde_json::from_str::<serde_json::Value>(&String::from_utf8_lossy(body))
                .ok()
                .filter(serde_json::Value::is_object)
                .and_then(|v| v.get("status").and_then(serde_json::Value::as_i64));
            assert_eq!(
                status,
                Some(0),
                "a success from a body that is no success envelope"
            );
        }
        Err(error) => {
            let shown = format!("{error} {error:?}");
            for secret in sent(*which) {
                assert!(
                    !shown.contains(secret),
                    "the error shows a credential: {shown}"
                );
            }
            if let Some(status) = envelope.filter(|s| *s != 0)
                && !(300..400).contains(&http)
            {
                assert_eq!(error.api_status(), Some(status.into()), "{shown}");
            }
        }
    }
});
