//! The retry layer over a scripted `MockKandyApi`: exact attempt counts and delays, with an
//! instant sleeper and fixed jitter, so nothing waits.

use bytes::Bytes;
use kandy_core::{
    AnonymousUser, ApiStatus, ContentBody, ContentDownload, ContentUpload, ContentUuid, DeviceId,
    Error, ErrorKind, Group, GroupId, KandyApi, MessageUuid, MockKandyApi, NewDevice, NewGroup,
    NewUser, OutgoingGroupMessage, OutgoingMessage, OutgoingSms, Result, User, UserAccessToken,
    UserPassword, status,
};
use kandy_http::retry::{FixedJitter, RecordingSleep, RetryPolicy, Retrying};
use std::fmt::Debug;
use std::io;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const MS: Duration = Duration::from_millis(1);
const TOKEN: &str = "UATcanary0123456789abcdef01234567";

type Fail = fn() -> Error;

fn connect() -> Error {
    Error::connect("connection refused")
}

fn lost() -> Error {
    Error::timeout("no response within 30s", true)
}

fn reset() -> Error {
    Error::transport("connection reset", true)
}

fn unavailable() -> Error {
    Error::api(status::INTERNAL, "service unavailable", Some(503))
}

fn token() -> UserAccessToken {
    UserAccessToken::new(TOKEN)
}

fn device() -> DeviceId {
    DeviceId::new("0123456789abcdef0123456789abcdef")
}

fn group() -> Group {
    Group::new(GroupId::new("g1"), "team").with_creation_time(1)
}

fn user() -> User {
    User::new("alice", "example.com")
}

fn anonymous() -> AnonymousUser {
    AnonymousUser::new(
        "anon1",
        "example.com",
        UserPassword::new("pw"),
        UserAccessToken::new("UAT1"),
    )
}

/// A fake call: the first calls fail with `failures`, in order, then every call returns `ok`.
fn script<T: Clone + Send + 'static>(
    failures: Vec<Fail>,
    ok: T,
) -> (Arc<AtomicU32>, impl FnMut() -> Result<T> + Send + 'static) {
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let next = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) as usize;
        match failures.get(n) {
            Some(fail) => Err(fail()),
            None => Ok(ok.clone()),
        }
    };
    (calls, next)
}

#[derive(Clone, Copy)]
struct Setup {
    policy: RetryPolicy,
    jitter: FixedJitter,
}

const DEFAULTS: Setup = Setup {
    policy: RetryPolicy::DEFAULT,
    jitter: FixedJitter::full(),
};

/// What one call through `Retrying` did.
#[derive(Debug)]
struct Outcome<T> {
    calls: u32,
    delays: Vec<Duration>,
    result: Result<T>,
}

/// Defines `async fn $name(Setup, failures) -> Outcome<T>`: one call of a method through
/// `Retrying` over a mock scripted with the failures.
macro_rules! scripted {
    ($name:ident -> $t:ty = $ok:expr, $expect:ident |$($arg:pat_param),*|, |$api:ident| $call:expr) => {
        async fn $name(setup: Setup, failures: Vec<Fail>) -> Outcome<$t> {
            let (calls, mut next) = script(failures, $ok);
            let mut mock = MockKandyApi::new();
            mock.$expect().returning(move |$($arg),*| next());
            let sleep = RecordingSleep::new();
            let $api = Retrying::new(mock)
                .with_sleep(sleep.clone())
                .with_jitter(setup.jitter)
                .with_policy(setup.policy);
            let result = $call.await;
            Outcome { calls: calls.load(Ordering::SeqCst), delays: sleep.delays(), result }
        }
    };
}

scripted!(send_sms -> () = (), expect_send_sms |_, _, _|,
    |api| api.send_sms(token(), device(), OutgoingSms::new("+14155550100", "hi")));
scripted!(send_message -> () = (), expect_send_message |_, _, _|,
    |api| api.send_message(token(), device(), OutgoingMessage::text("bob@example.com", "hi")));
scripted!(send_group_message -> () = (), expect_send_group_message |_, _|,
    |api| api.send_group_message(token(), OutgoingGroupMessage::text(GroupId::new("g1"), "hi")));
scripted!(create_group -> Group = group(), expect_create_group |_, _|,
    |api| api.create_group(token(), NewGroup::new("team")));
scripted!(create_device -> DeviceId = device(), expect_create_device |_, _|,
    |api| api.create_device(token(), NewDevice::new("imei-1")));
scripted!(create_user_by_user_id -> User = user(), expect_create_user_by_user_id |_, _|,
    |api| api.create_user_by_user_id("DAT1".into(), NewUser::new("alice")));
scripted!(create_anonymous_user -> AnonymousUser = anonymous(), expect_create_anonymous_user |_|,
    |api| api.create_anonymous_user("DAT1".into()));
scripted!(get_devices -> Vec<kandy_core::Device> = Vec::new(), expect_get_devices |_|,
    |api| api.get_devices(token()));
scripted!(delete_handled_messages -> () = (), expect_delete_handled_messages |_, _, _|,
    |api| api.delete_handled_messages(token(), device(), vec![MessageUuid::random()]));

fn assert_one_attempt<T: Debug>(outcome: Outcome<T>, operation: &str, kind: ErrorKind) {
    assert_eq!(outcome.calls, 1, "{operation}: {outcome:?}");
    assert!(outcome.delays.is_empty(), "{operation}: {outcome:?}");
    let error = outcome.result.expect_err(operation);
    assert_eq!(error.kind(), kind, "{operation}");
    assert_eq!(error.operation(), Some(operation));
}

fn assert_retried_to_success<T: Debug>(outcome: Outcome<T>, calls: u32, delays: &[Duration]) {
    assert_eq!(outcome.calls, calls, "{outcome:?}");
    assert_eq!(outcome.delays, delays, "{outcome:?}");
    assert!(outcome.result.is_ok(), "{outcome:?}");
}

#[tokio::test]
async fn sends_and_creates_are_not_retried_once_they_may_have_been_sent() {
    let cases: [(Fail, ErrorKind); 3] = [
        (lost, ErrorKind::Timeout),
        (reset, ErrorKind::Transport),
        (unavailable, ErrorKind::Api),
    ];
    for (fail, kind) in cases {
        let f = || vec![fail; 5];
        assert_one_attempt(send_sms(DEFAULTS, f()).await, "send_sms", kind);
        assert_one_attempt(send_message(DEFAULTS, f()).await, "send_message", kind);
        let group_message = send_group_message(DEFAULTS, f()).await;
        assert_one_attempt(group_message, "send_group_message", kind);
        assert_one_attempt(create_group(DEFAULTS, f()).await, "create_group", kind);
        assert_one_attempt(create_device(DEFAULTS, f()).await, "create_device", kind);
        let by_id = create_user_by_user_id(DEFAULTS, f()).await;
        assert_one_attempt(by_id, "create_user_by_user_id", kind);
        let anonymous = create_anonymous_user(DEFAULTS, f()).await;
        assert_one_attempt(anonymous, "create_anonymous_user", kind);
    }
}

#[tokio::test]
async fn sends_and_creates_are_retried_after_a_connect_error() {
    let f = || vec![connect as Fail, connect];
    let delays = [200 * MS, 400 * MS];
    assert_retried_to_success(send_sms(DEFAULTS, f()).await, 3, &delays);
    assert_retried_to_success(send_message(DEFAULTS, f()).await, 3, &delays);
    assert_retried_to_success(send_group_message(DEFAULTS, f()).await, 3, &delays);
    assert_retried_to_success(create_group(DEFAULTS, f()).await, 3, &delays);
    assert_retried_to_success(create_device(DEFAULTS, f()).await, 3, &delays);
    assert_retried_to_success(create_user_by_user_id(DEFAULTS, f()).await, 3, &delays);
    assert_retried_to_success(create_anonymous_user(DEFAULTS, f()).await, 3, &delays);
    let before_sending = || vec![(|| Error::timeout("connect timeout", false)) as Fail];
    assert_retried_to_success(send_sms(DEFAULTS, before_sending()).await, 2, &[200 * MS]);
}

#[tokio::test]
async fn reads_and_acks_are_retried_after_a_503_or_a_lost_response() {
    let delays = [200 * MS, 400 * MS];
    for fail in [unavailable as Fail, lost, reset] {
        assert_retried_to_success(get_devices(DEFAULTS, vec![fail, fail]).await, 3, &delays);
        let ack = delete_handled_messages(DEFAULTS, vec![fail, fail]).await;
        assert_retried_to_success(ack, 3, &delays);
    }
    let busy = || Error::api(status::USAGE_QUOTA_EXCEEDED, "slow down", Some(429));
    assert_retried_to_success(get_devices(DEFAULTS, vec![busy]).await, 2, &[200 * MS]);
}

#[tokio::test]
async fn delays_are_the_jitter_share_of_a_doubling_capped_ceiling() {
    let setup = Setup {
        policy: RetryPolicy::DEFAULT
            .with_max_attempts(6)
            .with_initial_backoff(100 * MS)
            .with_max_backoff(500 * MS),
        jitter: FixedJitter::full(),
    };
    let outcome = get_devices(setup, vec![unavailable; 5]).await;
    let capped = [100 * MS, 200 * MS, 400 * MS, 500 * MS, 500 * MS];
    assert_retried_to_success(outcome, 6, &capped);

    let half = Setup {
        jitter: FixedJitter::percent(50),
        ..setup
    };
    let outcome = get_devices(half, vec![unavailable; 5]).await;
    let halved = [50 * MS, 100 * MS, 200 * MS, 250 * MS, 250 * MS];
    assert_retried_to_success(outcome, 6, &halved);
}

#[tokio::test]
async fn the_attempt_limit_returns_the_last_error_named_by_its_operation() {
    let outcome = get_devices(DEFAULTS, vec![unavailable; 10]).await;
    assert_eq!(outcome.calls, 3);
    assert_eq!(outcome.delays, [200 * MS, 400 * MS]);
    let error = outcome.result.unwrap_err();
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(error.api_status(), Some(ApiStatus::INTERNAL));
    assert_eq!(error.operation(), Some("get_devices"));

    let five = Setup {
        policy: RetryPolicy::DEFAULT.with_max_attempts(5),
        ..DEFAULTS
    };
    let outcome = get_devices(five, vec![lost; 10]).await;
    assert_eq!(outcome.calls, 5);
    assert_eq!(outcome.delays, [200 * MS, 400 * MS, 800 * MS, 1600 * MS]);
    assert!(outcome.result.unwrap_err().is_timeout());
}

#[tokio::test]
async fn the_deadline_stops_retrying_before_the_attempt_limit() {
    let setup = Setup {
        policy: RetryPolicy::DEFAULT
            .with_max_attempts(10)
            .with_deadline(Duration::from_secs(1)),
        ..DEFAULTS
    };
    // 200 ms + 400 ms slept; the next 800 ms would end at 1.4 s, past the 1 s deadline.
    let outcome = get_devices(setup, vec![unavailable; 10]).await;
    assert_eq!(outcome.calls, 3);
    assert_eq!(outcome.delays, [200 * MS, 400 * MS]);
    assert_eq!(outcome.result.unwrap_err().http_status(), Some(503));
}

#[tokio::test]
async fn never_makes_exactly_one_attempt() {
    let never = Setup {
        policy: RetryPolicy::never(),
        ..DEFAULTS
    };
    assert_one_attempt(
        send_sms(never, vec![connect]).await,
        "send_sms",
        ErrorKind::Connect,
    );
    let reads = get_devices(never, vec![unavailable]).await;
    assert_one_attempt(reads, "get_devices", ErrorKind::Api);
}

#[tokio::test]
async fn always_repeats_a_send_after_a_lost_response() {
    let always = Setup {
        policy: RetryPolicy::always(),
        ..DEFAULTS
    };
    assert_retried_to_success(send_sms(always, vec![lost]).await, 2, &[200 * MS]);
    let refused = || Error::api(status::INVALID_CREDENTIALS, "bad key", Some(401));
    assert_one_attempt(
        send_sms(always, vec![refused]).await,
        "send_sms",
        ErrorKind::Auth,
    );
}

#[tokio::test]
async fn permanent_errors_are_not_retried_even_for_reads() {
    let permanent: [(Fail, ErrorKind); 5] = [
        (
            || Error::api(status::TOKEN_EXPIRED, "token expired", Some(401)),
            ErrorKind::Auth,
        ),
        (
            || Error::api(status::DOES_NOT_EXIST, "no such device", Some(404)),
            ErrorKind::NotFound,
        ),
        (
            || Error::api(status::MISSING_PARAMETER, "missing", Some(400)),
            ErrorKind::BadArgument,
        ),
        (
            || Error::bad_argument("empty device id"),
            ErrorKind::BadArgument,
        ),
        (
            || Error::decode("expected an object", Some(200)),
            ErrorKind::Decode,
        ),
    ];
    for (fail, kind) in permanent {
        let outcome = get_devices(DEFAULTS, vec![fail]).await;
        assert_one_attempt(outcome, "get_devices", kind);
    }
}

#[tokio::test]
async fn a_first_success_makes_one_call_and_no_delay() {
    assert_retried_to_success(send_sms(DEFAULTS, vec![]).await, 1, &[]);
    assert_retried_to_success(get_devices(DEFAULTS, vec![]).await, 1, &[]);
}

#[tokio::test]
async fn a_per_call_policy_shares_the_inner_api_and_leaves_the_original_alone() {
    // Seven failures: 1 call under never(), 3 under the default, then 4 more (the last
    // succeeds) under a 4-attempt override.
    let (calls, mut next) = script(vec![unavailable; 7], Vec::new());
    let mut mock = MockKandyApi::new();
    mock.expect_get_devices().returning(move |_| next());
    let sleep = RecordingSleep::new();
    let api = Retrying::new(mock)
        .with_sleep(sleep.clone())
        .with_jitter(FixedJitter::full());

    let once = api.with_policy(RetryPolicy::never());
    assert!(once.get_devices(token()).await.is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(sleep.delays().is_empty());

    assert_eq!(*api.policy(), RetryPolicy::DEFAULT);
    assert!(api.get_devices(token()).await.is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 4);
    assert_eq!(sleep.delays(), [200 * MS, 400 * MS]);

    let more = api.with_policy(RetryPolicy::DEFAULT.with_max_attempts(4));
    assert!(more.get_devices(token()).await.is_ok());
    assert_eq!(calls.load(Ordering::SeqCst), 8);
    let ms = |m: u64| Duration::from_millis(m);
    assert_eq!(
        sleep.delays(),
        [ms(200), ms(400), ms(200), ms(400), ms(800)]
    );
    assert_eq!(more.policy().max_attempts(), 4);
    assert_eq!(api.policy().max_attempts(), 3);
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_retry_is_logged_at_debug_without_the_token() {
    // A global subscriber that takes an interest in every callsite, so that a test on
    // another thread, hitting the retry log with no subscriber, cannot have its callsites
    // cached as never enabled (which would hide them from the thread-local one below).
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry());
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let outcome = get_devices(DEFAULTS, vec![unavailable, lost]).await;
    assert_eq!(outcome.calls, 3);

    let log = String::from_utf8(captured.0.lock().expect("log buffer").clone()).expect("utf-8");
    let retries: Vec<&str> = log.lines().filter(|l| l.contains("retrying")).collect();
    assert_eq!(retries.len(), 2, "{log}");
    assert!(retries.iter().all(|l| l.contains("DEBUG")), "{log}");
    assert!(retries[0].contains("operation=\"get_devices\""), "{log}");
    assert!(retries[0].contains("attempt=1"), "{log}");
    assert!(retries[0].contains("delay=200ms"), "{log}");
    assert!(retries[0].contains("error_kind=Api"), "{log}");
    assert!(retries[0].contains("http_status=503"), "{log}");
    assert!(retries[1].contains("attempt=2"), "{log}");
    assert!(retries[1].contains("delay=400ms"), "{log}");
    assert!(retries[1].contains("error_kind=Timeout"), "{log}");
    assert!(!log.contains(TOKEN), "{log}");
}

fn text_upload() -> ContentUpload {
    ContentUpload::from_bytes("a.txt", "text/plain", "hi")
}

fn streamed_upload() -> ContentUpload {
    let chunks = futures_util::stream::iter([Ok::<_, io::Error>(Bytes::from_static(b"hi"))]);
    ContentUpload::from_stream("a.txt", "text/plain", chunks)
}

scripted!(upload_bytes -> () = (), expect_upload_content |_, _, _, _|,
    |api| api.upload_content(token(), device(), ContentUuid::new("c1"), text_upload()));
scripted!(upload_stream -> () = (), expect_upload_content |_, _, _, _|,
    |api| api.upload_content(token(), device(), ContentUuid::new("c1"), streamed_upload()));

#[tokio::test]
async fn an_upload_from_one_buffer_is_retried_before_it_was_sent() {
    let outcome = upload_bytes(DEFAULTS, vec![connect]).await;
    assert_eq!(outcome.calls, 2);
    assert!(outcome.result.is_ok());
    // A POST: once it may have been sent, it is not repeated.
    let outcome = upload_bytes(DEFAULTS, vec![lost]).await;
    assert_eq!(outcome.calls, 1);
    assert_eq!(outcome.result.unwrap_err().kind(), ErrorKind::Timeout);
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once_and_its_error_kept() {
    let outcome = upload_stream(DEFAULTS, vec![connect]).await;
    assert_eq!(outcome.calls, 1);
    let error = outcome.result.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect);
    assert_eq!(error.operation(), Some("upload_content"));
}

#[tokio::test]
async fn the_same_bytes_are_sent_on_every_attempt() {
    let sent = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&sent);
    let mut mock = MockKandyApi::new();
    mock.expect_upload_content()
        .returning(move |_, _, _, content| {
            let mut seen = seen.lock().unwrap();
            match content.into_body() {
                ContentBody::Bytes(bytes) => seen.push(bytes),
                ContentBody::Stream(_) => panic!("a buffer stays a buffer"),
            }
            if seen.len() == 1 {
                Err(connect())
            } else {
                Ok(())
            }
        });
    let api = Retrying::new(mock).with_sleep(RecordingSleep::new());
    api.upload_content(token(), device(), ContentUuid::new("c1"), text_upload())
        .await
        .unwrap();
    let sent = sent.lock().unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0], sent[1]);
    assert_eq!(sent[0].as_ptr(), sent[1].as_ptr(), "shared, not copied");
}

#[tokio::test]
async fn a_download_is_retried_like_any_read() {
    let (calls, mut next) = script(vec![connect, unavailable], ());
    let mut mock = MockKandyApi::new();
    mock.expect_download_content()
        .returning(move |_, _, _| next().map(|()| ContentDownload::from_bytes("file")));
    let api = Retrying::new(mock).with_sleep(RecordingSleep::new());
    let download = api
        .download_content(token(), device(), ContentUuid::new("c1"))
        .await
        .unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert_eq!(download.read_all(16).await.unwrap(), "file");
}

/// `Retrying` wraps a shared trait object, as `Arc<dyn KandyApi>` (through the forwarding
/// impl) and as `dyn KandyApi` itself.
#[tokio::test]
async fn retrying_wraps_a_shared_trait_object() {
    let (calls, mut next) = script(vec![connect], Vec::new());
    let mut mock = MockKandyApi::new();
    mock.expect_get_devices().returning(move |_| next());
    let shared: Arc<dyn KandyApi> = Arc::new(mock);

    let over_arc: Retrying<Arc<dyn KandyApi>> =
        Retrying::new(Arc::clone(&shared)).with_sleep(RecordingSleep::new());
    assert!(over_arc.get_devices(token()).await.unwrap().is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let over_dyn: Retrying<dyn KandyApi> =
        Retrying::from_arc(shared).with_sleep(RecordingSleep::new());
    assert!(over_dyn.get_devices(token()).await.unwrap().is_empty());
    let as_object: &dyn KandyApi = &over_dyn;
    assert!(as_object.get_devices(token()).await.unwrap().is_empty());
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}
