//! The soak test: the proof that nothing is lost and nothing is delivered twice.
//!
//! Several senders and receivers run concurrently against a simulator whose seeded fault plan
//! fails about 10% of the calls (HTTP 503s, resets, and commit-then-drop: applied, then the
//! answer lost), in-process and over HTTP against the served simulator. Senders go through
//! the retry layer (`Retrying`, with a fast policy), as a production user would; receivers
//! read through the `Inbox` (over the same retry layer) and ack each message after recording
//! it. Under the retry layer, each sender's "link" also refuses some connections before
//! anything is sent (a seeded 25%), so some sends fail with `maybe_sent() == false`.
//!
//! Checked by UUID, per recipient device:
//! - a send that returned `Ok` is delivered exactly once to every device of its recipient;
//! - a send that failed with `maybe_sent() == true` is delivered to all of them once, or to
//!   none (the commit-then-drop ones are delivered; they are counted separately);
//! - a send that failed with `maybe_sent() == false` is never delivered;
//! - nothing is delivered twice, to a device of another user, or without having been sent;
//! - every delivered message is acked: the count of acks equals the count of deliveries,
//!   every recipient queue ends empty, and each sender's device got exactly one
//!   `chatRemoteAck` for each of its messages that was delivered.
//!
//! Run with `--nocapture` to see the counts.

use async_trait::async_trait;
use kandy_core::*;
use kandy_http::inbox::Inbox;
use kandy_http::retry::{RetryPolicy, Retrying, is_transient};
use kandy_sim::{AccountCredentials, FaultEffect, FaultMatch, FaultPlan, Simulator, Trigger};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::intercept::{Intercept, Intercepted};
use tokio::sync::watch;

mod support;

const SENDERS: usize = 4;
const MESSAGES_PER_SENDER: usize = 500;
const RECEIVERS: usize = 3;
const DEVICES_PER_RECEIVER: usize = 2;
/// The seed of the fault plan's draws.
const FAULT_SEED: u64 = 0x5eed_2024;
/// The share of send attempts each sender's link refuses before sending anything.
const LINK_REFUSALS: f64 = 0.25;
/// How long the final drain may take before the test fails.
const DRAIN_LIMIT: Duration = Duration::from_secs(30);
const MS: Duration = Duration::from_millis(1);

/// About 10% of all calls fail: 4% answer 503, 3% are reset before being applied, 3% are
/// applied and then lose their answer.
fn fault_plan() -> FaultPlan {
    FaultPlan::new()
        .seed(FAULT_SEED)
        .rule(
            FaultMatch::any(),
            Trigger::Probability(0.04),
            FaultEffect::Status {
                http: 503,
                status: status::INTERNAL,
                message: "service unavailable".into(),
            },
        )
        .rule(
            FaultMatch::any(),
            Trigger::Probability(0.03),
            FaultEffect::Reset,
        )
        .rule(
            FaultMatch::any(),
            Trigger::Probability(0.03),
            FaultEffect::CommitThenDrop,
        )
}

/// The retry layer's default rules, with tiny waits so the soak stays fast.
fn fast_policy() -> RetryPolicy {
    RetryPolicy::DEFAULT
        .with_max_attempts(3)
        .with_initial_backoff(MS)
        .with_max_backoff(5 * MS)
}

/// The simulator's admin surface the soak needs, in-process or over `/_sim/*`.
#[async_trait]
trait Control: Send + Sync {
    async fn create_account(&self) -> AccountCredentials;
    async fn set_fault_plan(&self, plan: FaultPlan);
    async fn queue(&self, device: &DeviceId) -> Vec<IncomingMessage>;
}

#[async_trait]
impl Control for Simulator {
    async fn create_account(&self) -> AccountCredentials {
        Simulator::create_account(self)
    }

    async fn set_fault_plan(&self, plan: FaultPlan) {
        Simulator::set_fault_plan(self, plan);
    }

    async fn queue(&self, device: &DeviceId) -> Vec<IncomingMessage> {
        self.device_queue(device).expect("the device exists")
    }
}

/// Counts of the calls that went through the links (under the retry layer).
#[derive(Debug, Default)]
struct Stats {
    sends: AtomicUsize,
    polls: AtomicUsize,
    deletes: AtomicUsize,
    failed: AtomicUsize,
    refused: AtomicUsize,
}

impl Stats {
    fn get(counter: &AtomicUsize) -> usize {
        counter.load(Ordering::Relaxed)
    }

    fn calls(&self) -> usize {
        Self::get(&self.sends) + Self::get(&self.polls) + Self::get(&self.deletes)
    }
}

/// SplitMix64, for the links' seeded refusals.
#[derive(Debug)]
struct Draws(u64);

impl Draws {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The network between a client and the service: counts the message calls and their
/// failures and, for a sender, refuses a seeded share of `send_message` attempts with the
/// error a refused connection gives (`Connect`, certainly not sent), without calling the
/// service. Each sender has its own link, so its refusals do not depend on scheduling.
struct Link {
    inner: Arc<dyn KandyApi>,
    refusals: Option<Mutex<Draws>>,
    stats: Arc<Stats>,
}

impl Link {
    fn count<T>(&self, counter: &AtomicUsize, result: Result<T>) -> Result<T> {
        counter.fetch_add(1, Ordering::Relaxed);
        if result.is_err() {
            self.stats.failed.fetch_add(1, Ordering::Relaxed);
        }
        result
    }

    fn refuses(&self) -> bool {
        let Some(draws) = &self.refusals else {
            return false;
        };
        let refused = draws.lock().unwrap().next_unit() < LINK_REFUSALS;
        if refused {
            self.stats.refused.fetch_add(1, Ordering::Relaxed);
        }
        refused
    }
}

#[async_trait]
impl Intercept for Link {
    fn inner(&self) -> &dyn KandyApi {
        &*self.inner
    }

    async fn send_message(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        message: OutgoingMessage,
    ) -> Result<()> {
        if self.refuses() {
            return Err(Error::connect("connection refused (the soak's link)")
                .with_operation("send_message"));
        }
        self.count(
            &self.stats.sends,
            self.inner.send_message(token, device_id, message).await,
        )
    }

    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.count(
            &self.stats.polls,
            self.inner
                .get_pending_messages(token, device_id, client_timestamp)
                .await,
        )
    }

    async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()> {
        self.count(
            &self.stats.deletes,
            self.inner
                .delete_handled_messages(token, device_id, uuids)
                .await,
        )
    }
}

/// A logged-in user and its devices.
#[derive(Clone, Debug)]
struct Person {
    id: String,
    token: UserAccessToken,
    devices: Vec<DeviceId>,
}

/// Creates users (with `devices` devices each) in a fresh domain; faults are off.
async fn population(api: &dyn KandyApi, control: &dyn Control) -> (Vec<Person>, Vec<Person>) {
    let account = control.create_account().await;
    let account_token = api
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = api
        .create_domain(account_token, NewDomain::new("soak.kandy.io"))
        .await
        .unwrap();
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = api
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let person = async |user_id: String, devices: usize| {
        let user = api
            .create_user_by_user_id(domain_token.clone(), NewUser::new(user_id.clone()))
            .await
            .unwrap();
        let token = api
            .get_user_access_token(key.clone(), secret.clone(), user_id.clone())
            .await
            .unwrap();
        let mut ids = vec![api.get_devices(token.clone()).await.unwrap()[0].id.clone()];
        for n in 1..devices {
            let device = NewDevice::new(format!("{user_id}-device-{n}"));
            ids.push(api.create_device(token.clone(), device).await.unwrap());
        }
        Person {
            id: user.full_user_id,
            token,
            devices: ids,
        }
    };
    let mut senders = Vec::new();
    for s in 0..SENDERS {
        senders.push(person(format!("sender{s}"), 1).await);
    }
    let mut receivers = Vec::new();
    for r in 0..RECEIVERS {
        receivers.push(person(format!("receiver{r}"), DEVICES_PER_RECEIVER).await);
    }
    (senders, receivers)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Ok,
    MaybeSent,
    NotSent,
}

/// One send: its UUID (normalized), its sender and recipient (indexes), and how it ended.
#[derive(Debug)]
struct Sent {
    uuid: String,
    sender: usize,
    receiver: usize,
    outcome: Outcome,
}

async fn run_sender(
    api: Retrying<Intercepted<Link>>,
    me: Person,
    index: usize,
    receivers: Arc<Vec<Person>>,
) -> Vec<Sent> {
    let mut sent = Vec::with_capacity(MESSAGES_PER_SENDER);
    for i in 0..MESSAGES_PER_SENDER {
        let receiver = (index + i) % receivers.len();
        let message = OutgoingMessage::text(receivers[receiver].id.clone(), format!("{index}/{i}"));
        let uuid = message.uuid.normalized().into_owned();
        let result = api
            .send_message(me.token.clone(), me.devices[0].clone(), message)
            .await;
        let outcome = match result {
            Ok(()) => Outcome::Ok,
            Err(error) if error.maybe_sent() => {
                assert!(
                    is_transient(&error),
                    "only the fault plan fails sends: {error}"
                );
                Outcome::MaybeSent
            }
            Err(error) => {
                assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
                Outcome::NotSent
            }
        };
        sent.push(Sent {
            uuid,
            sender: index,
            receiver,
            outcome,
        });
        // The in-process simulator answers without suspending: let the receivers run.
        tokio::task::yield_now().await;
    }
    sent
}

/// What one receiving device recorded: the UUIDs yielded to it, in order, and its acks.
#[derive(Debug, Default)]
struct Received {
    uuids: Vec<String>,
    acked: usize,
}

async fn run_receiver(
    api: Retrying<Intercepted<Link>>,
    token: UserAccessToken,
    device: DeviceId,
    mut stop: watch::Receiver<bool>,
) -> Received {
    let mut inbox = Inbox::new(Arc::new(api), token, device.clone()).with_backoff(5 * MS, 50 * MS);
    let mut received = Received::default();
    loop {
        tokio::select! {
            // Cancels a `next()` in flight, which must lose nothing.
            _ = stop.changed() => break,
            item = inbox.next() => {
                let delivery = match item {
                    Some(Ok(delivery)) => delivery,
                    Some(Err(error)) => panic!("device {device}: the inbox failed: {error}"),
                    None => panic!("device {device}: the inbox ended"),
                };
                let message = delivery.message();
                assert_eq!(message.message_type, MessageType::Chat, "{message:?}");
                received.uuids.push(message.uuid.normalized().into_owned());
                delivery.ack();
                received.acked += 1;
            }
        }
    }
    inbox.flush().await.expect("the last acks are deleted");
    received
}

/// Runs the soak against `api` (a `Simulator` or an HTTP client of a served one).
async fn soak(label: &str, api: Arc<dyn KandyApi>, control: Arc<dyn Control>) {
    let started = Instant::now();
    let (senders, receivers) = population(api.as_ref(), control.as_ref()).await;
    let receivers = Arc::new(receivers);
    control.set_fault_plan(fault_plan()).await;

    let receiving = Arc::new(Stats::default());
    let receiver_api = Retrying::new(Intercepted(Link {
        inner: api.clone(),
        refusals: None,
        stats: receiving.clone(),
    }))
    .with_policy(fast_policy());
    let (stop, stopped) = watch::channel(false);
    let mut inboxes = Vec::new();
    for (r, person) in receivers.iter().enumerate() {
        for device in &person.devices {
            let task = tokio::spawn(run_receiver(
                receiver_api.clone(),
                person.token.clone(),
                device.clone(),
                stopped.clone(),
            ));
            inboxes.push((r, device.clone(), task));
        }
    }

    let sending = Arc::new(Stats::default());
    let mut sending_tasks = Vec::new();
    for (s, person) in senders.iter().enumerate() {
        let link = Link {
            inner: api.clone(),
            refusals: Some(Mutex::new(Draws(1000 + s as u64))),
            stats: sending.clone(),
        };
        let api = Retrying::new(Intercepted(link)).with_policy(fast_policy());
        sending_tasks.push(tokio::spawn(run_sender(
            api,
            person.clone(),
            s,
            receivers.clone(),
        )));
    }
    let mut sent = Vec::new();
    for task in sending_tasks {
        sent.extend(task.await.expect("a sender panicked"));
    }
    let sending_done = started.elapsed();

    // Every send's outcome is settled now. Faults stop here so that the drain below ends in
    // bounded time: with them on it still converges (the inbox waits out every transient
    // failure), but how long it takes would depend on the draws, and a slow drain would fail
    // the test for nothing. It cannot hide a loss or a duplicate: a lost message would still
    // be missing below, and a duplicate would still be counted twice. The receivers ran
    // under faults for the whole sending phase.
    control.set_fault_plan(FaultPlan::new()).await;
    let drain_started = Instant::now();
    loop {
        let mut left = 0;
        for person in receivers.iter() {
            for device in &person.devices {
                left += control.queue(device).await.len();
            }
        }
        if left == 0 {
            break;
        }
        assert!(
            drain_started.elapsed() < DRAIN_LIMIT,
            "{label}: {left} messages still queued after {DRAIN_LIMIT:?}"
        );
        tokio::time::sleep(10 * MS).await;
    }
    stop.send_replace(true);
    let mut received = Vec::new();
    for (r, device, task) in inboxes {
        received.push((r, device, task.await.expect("a receiver panicked")));
    }

    // Deliveries by UUID, then by device.
    let mut deliveries: HashMap<&str, BTreeMap<&DeviceId, usize>> = HashMap::new();
    for (_, device, got) in &received {
        for uuid in &got.uuids {
            *deliveries
                .entry(uuid)
                .or_default()
                .entry(device)
                .or_default() += 1;
        }
    }
    let delivered: usize = received.iter().map(|(_, _, got)| got.uuids.len()).sum();
    let acked: usize = received.iter().map(|(_, _, got)| got.acked).sum();
    let duplicates: usize = deliveries
        .values()
        .flat_map(|by_device| by_device.values())
        .map(|n| n - 1)
        .sum();

    let by_uuid: HashMap<&str, &Sent> = sent.iter().map(|s| (s.uuid.as_str(), s)).collect();
    assert_eq!(by_uuid.len(), sent.len(), "UUIDs are unique");
    let strangers: Vec<&&str> = deliveries
        .keys()
        .filter(|u| !by_uuid.contains_key(**u))
        .collect();
    assert!(
        strangers.is_empty(),
        "delivered but never sent: {strangers:?}"
    );

    let (mut ok, mut maybe_delivered, mut maybe_lost, mut not_sent) = (0, 0, 0, 0);
    for s in &sent {
        let expected: BTreeSet<&DeviceId> = receivers[s.receiver].devices.iter().collect();
        let got: BTreeSet<&DeviceId> = deliveries
            .get(s.uuid.as_str())
            .map(|by_device| by_device.keys().copied().collect())
            .unwrap_or_default();
        match s.outcome {
            Outcome::Ok => {
                assert_eq!(
                    got, expected,
                    "{label}: an Ok send must reach every device: {s:?}"
                );
                ok += 1;
            }
            Outcome::MaybeSent if got.is_empty() => maybe_lost += 1,
            Outcome::MaybeSent => {
                assert_eq!(got, expected, "{label}: all devices or none: {s:?}");
                maybe_delivered += 1;
            }
            Outcome::NotSent => {
                assert!(
                    got.is_empty(),
                    "{label}: a send never sent was delivered: {s:?}"
                );
                not_sent += 1;
            }
        }
    }
    assert_eq!(duplicates, 0, "{label}: nothing is delivered twice");
    assert_eq!(delivered, DEVICES_PER_RECEIVER * (ok + maybe_delivered));
    assert_eq!(acked, delivered, "{label}: every delivery was acked");

    // Each sender's device was told once of each of its messages that was delivered.
    let mut remote_acks = 0;
    for (index, person) in senders.iter().enumerate() {
        let acks: Vec<String> = control
            .queue(&person.devices[0])
            .await
            .into_iter()
            .filter(|m| m.message_type == MessageType::ChatRemoteAck)
            .map(|m| m.uuid.normalized().into_owned())
            .collect();
        let unique: BTreeSet<&str> = acks.iter().map(String::as_str).collect();
        let expected: BTreeSet<&str> = sent
            .iter()
            .filter(|s| s.sender == index && deliveries.contains_key(s.uuid.as_str()))
            .map(|s| s.uuid.as_str())
            .collect();
        assert_eq!(
            unique.len(),
            acks.len(),
            "{label}: one remote ack per message"
        );
        assert_eq!(unique, expected, "{label}: sender {index}'s remote acks");
        remote_acks += acks.len();
    }

    // The faults and the failure paths really ran.
    assert!(
        maybe_delivered > 0,
        "{label}: no commit-then-drop on a send"
    );
    assert!(
        maybe_lost > 0,
        "{label}: no send failed before being applied"
    );
    assert!(
        not_sent > 0,
        "{label}: no send was refused before being sent"
    );
    let calls = sending.calls() + receiving.calls();
    let failed = Stats::get(&sending.failed) + Stats::get(&receiving.failed);
    assert!(
        failed * 20 > calls && failed * 6 < calls,
        "{label}: about 10% of calls fail"
    );

    println!(
        "soak {label}: {} sends by {SENDERS} senders to {RECEIVERS} users x \
         {DEVICES_PER_RECEIVER} devices; sending {sending_done:.2?}, total {:.2?}",
        sent.len(),
        started.elapsed()
    );
    println!(
        "  sent ok: {ok}; failed maybe-sent: {} ({maybe_delivered} delivered: commit-then-drop, \
         {maybe_lost} not applied); failed not-sent: {not_sent}",
        maybe_delivered + maybe_lost
    );
    println!(
        "  delivered: {delivered}; acked: {acked}; duplicates: {duplicates}; \
         remote acks to senders: {remote_acks}"
    );
    println!(
        "  calls under the retry layer: {calls} ({} sends, {} polls, {} deletes), failed by the \
         fault plan: {failed} ({:.1}%); connections refused by the senders' links: {}",
        Stats::get(&sending.sends),
        Stats::get(&receiving.polls),
        Stats::get(&receiving.deletes),
        100.0 * failed as f64 / calls as f64,
        Stats::get(&sending.refused)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_in_process() {
    let sim = Simulator::builder().seed(3).build();
    soak("in-process", Arc::new(sim.clone()), Arc::new(sim)).await;
}

/// The served simulator, reached only over HTTP: the Kandy API through `KandyClient`, the
/// accounts, fault plan and queues through `/_sim/*`.
#[cfg(all(feature = "server", feature = "http"))]
mod over_http {
    use super::*;
    use kandy_http::KandyClient;
    use kandy_sim::server::Server;
    use serde_json::Value;

    struct Admin {
        http: reqwest::Client,
        root: String,
    }

    impl Admin {
        async fn call(&self, method: reqwest::Method, route: &str, body: Option<String>) -> Value {
            let mut request = self.http.request(method, format!("{}{route}", self.root));
            if let Some(body) = body {
                request = request
                    .header("content-type", "application/json")
                    .body(body);
            }
            let reply = request.send().await.unwrap();
            assert!(
                reply.status().is_success(),
                "{route}: HTTP {}",
                reply.status()
            );
            serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap()
        }
    }

    #[async_trait]
    impl Control for Admin {
        async fn create_account(&self) -> AccountCredentials {
            let created = self
                .call(reqwest::Method::POST, "/_sim/accounts", Some("{}".into()))
                .await;
            AccountCredentials {
                api_key: AccountApiKey::new(created["account_api_key"].as_str().unwrap()),
                api_secret: AccountApiSecret::new(created["account_api_secret"].as_str().unwrap()),
            }
        }

        async fn set_fault_plan(&self, plan: FaultPlan) {
            if plan.rules.is_empty() {
                self.call(reqwest::Method::DELETE, "/_sim/faults", None)
                    .await;
            } else {
                let body = serde_json::to_string(&plan).unwrap();
                self.call(reqwest::Method::POST, "/_sim/faults", Some(body))
                    .await;
            }
        }

        async fn queue(&self, device: &DeviceId) -> Vec<IncomingMessage> {
            let route = format!("/_sim/devices/{device}/messages");
            serde_json::from_value(self.call(reqwest::Method::GET, &route, None).await).unwrap()
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn soak_over_http() {
        let server = Server::bind("127.0.0.1:0", Simulator::builder().seed(3).build())
            .await
            .unwrap();
        let client = KandyClient::builder()
            .base_url(server.base_url())
            .build()
            .unwrap();
        let admin = Admin {
            http: reqwest::Client::new(),
            root: server.root_url(),
        };
        soak("over HTTP", Arc::new(client), Arc::new(admin)).await;
        server.shutdown().await;
    }
}
