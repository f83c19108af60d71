//! The inbox (`kandy_http::inbox::Inbox`) against the in-process simulator: each message is
//! yielded once and in order, acks go out in batches of at most 10, an unacked delivery comes
//! again, an empty queue is polled with an exact backoff, transient failures are waited out, a
//! permanent one ends the stream, and cancelling or dropping the inbox loses nothing.

use async_trait::async_trait;
use futures_util::StreamExt;
use kandy_core::*;
use kandy_http::inbox::{Delivery, Inbox};
use kandy_http::retry::{RecordingSleep, Sleep};
use kandy_sim::{FaultEffect, FaultMatch, FaultPlan, Simulator, Trigger};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::intercept::{Intercept, Intercepted};

mod support;

const MS: Duration = Duration::from_millis(1);
const PASSWORD: &str = "open2sesame9";

/// A logged-in user and its default device.
#[derive(Clone, Debug)]
struct Person {
    id: String,
    user_id: String,
    token: UserAccessToken,
    device: DeviceId,
}

/// A simulator with one domain and two users: alice sends, bob receives.
struct World {
    sim: Simulator,
    domain_key: DomainApiKey,
    alice: Person,
    bob: Person,
}

async fn world() -> World {
    let sim = Simulator::builder().seed(11).build();
    let account = sim.create_account();
    let account_token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(account_token, NewDomain::new("inbox.kandy.io"))
        .await
        .unwrap();
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = sim
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let mut people = Vec::new();
    for user_id in ["alice", "bob"] {
        let new = NewUser::new(user_id).password(UserPassword::new(PASSWORD));
        let user = sim
            .create_user_by_user_id(domain_token.clone(), new)
            .await
            .unwrap();
        let token = sim
            .get_user_access_token(key.clone(), secret.clone(), user_id.into())
            .await
            .unwrap();
        let device = sim.get_devices(token.clone()).await.unwrap()[0].id.clone();
        people.push(Person {
            id: user.full_user_id,
            user_id: user_id.into(),
            token,
            device,
        });
    }
    let bob = people.pop().unwrap();
    let alice = people.pop().unwrap();
    World {
        sim,
        domain_key: key,
        alice,
        bob,
    }
}

/// alice sends one text to bob; its UUID.
async fn send(sim: &Simulator, from: &Person, to: &Person, text: &str) -> MessageUuid {
    let message = OutgoingMessage::text(to.id.clone(), text);
    let uuid = message.uuid.clone();
    sim.send_message(from.token.clone(), from.device.clone(), message)
        .await
        .unwrap();
    uuid
}

impl World {
    async fn send_many(&self, n: usize) -> Vec<MessageUuid> {
        let mut sent = Vec::new();
        for i in 0..n {
            sent.push(send(&self.sim, &self.alice, &self.bob, &format!("m{i}")).await);
        }
        sent
    }

    /// UUIDs in a device's queue, read through the simulator's inspection (not the API).
    fn queue(&self, person: &Person) -> Vec<MessageUuid> {
        self.sim
            .device_queue(&person.device)
            .unwrap()
            .into_iter()
            .map(|m| m.uuid)
            .collect()
    }

    /// The `chatRemoteAck`s waiting on alice's device.
    fn remote_acks(&self) -> Vec<MessageUuid> {
        self.sim
            .device_queue(&self.alice.device)
            .unwrap()
            .into_iter()
            .filter(|m| m.message_type == MessageType::ChatRemoteAck)
            .map(|m| m.uuid)
            .collect()
    }

    fn inbox(&self, tap: &Arc<Intercepted<Tap>>) -> Inbox<Intercepted<Tap>> {
        Inbox::new(tap.clone(), self.bob.token.clone(), self.bob.device.clone())
    }
}

/// The simulator behind a tap that counts polls, records each `delete_handled_messages`
/// batch, and can make deletions hang (to cancel them).
#[derive(Debug)]
struct Tap {
    inner: Simulator,
    polls: AtomicUsize,
    deletes: Mutex<Vec<Vec<MessageUuid>>>,
    hang_deletes: AtomicUsize,
}

impl Tap {
    fn new(inner: &Simulator) -> Arc<Intercepted<Self>> {
        Arc::new(Intercepted(Self {
            inner: inner.clone(),
            polls: AtomicUsize::new(0),
            deletes: Mutex::default(),
            hang_deletes: AtomicUsize::new(0),
        }))
    }

    fn polls(&self) -> usize {
        self.polls.load(Ordering::SeqCst)
    }

    fn deletes(&self) -> Vec<Vec<MessageUuid>> {
        self.deletes.lock().unwrap().clone()
    }

    fn batch_sizes(&self) -> Vec<usize> {
        self.deletes().iter().map(Vec::len).collect()
    }
}

#[async_trait]
impl Intercept for Tap {
    fn inner(&self) -> &dyn KandyApi {
        &self.inner
    }

    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.polls.fetch_add(1, Ordering::SeqCst);
        self.inner
            .get_pending_messages(token, device_id, client_timestamp)
            .await
    }

    async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()> {
        self.deletes.lock().unwrap().push(uuids.clone());
        let hang = self
            .hang_deletes
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok();
        if hang {
            std::future::pending::<()>().await;
        }
        self.inner
            .delete_handled_messages(token, device_id, uuids)
            .await
    }
}

/// A sleeper that records like `RecordingSleep` and, right after its nth delay for each n
/// in `send_after`, has alice send bob a message: the test's way to make mail arrive while
/// the inbox is waiting, at an exact point of its backoff.
#[derive(Clone)]
struct MailDuringSleep {
    record: RecordingSleep,
    sim: Simulator,
    alice: Person,
    bob: Person,
    send_after: Vec<usize>,
    sent: Arc<Mutex<Vec<MessageUuid>>>,
}

#[async_trait]
impl Sleep for MailDuringSleep {
    async fn sleep(&self, delay: Duration) {
        self.record.sleep(delay).await;
        let n = self.record.delays().len();
        if self.send_after.contains(&n) {
            let uuid = send(&self.sim, &self.alice, &self.bob, &format!("after {n}")).await;
            self.sent.lock().unwrap().push(uuid);
        }
    }
}

impl World {
    fn mail_during_sleep(&self, send_after: &[usize]) -> MailDuringSleep {
        MailDuringSleep {
            record: RecordingSleep::new(),
            sim: self.sim.clone(),
            alice: self.alice.clone(),
            bob: self.bob.clone(),
            send_after: send_after.to_vec(),
            sent: Arc::default(),
        }
    }
}

fn millis(values: &[u64]) -> Vec<Duration> {
    values.iter().map(|n| *n as u32 * MS).collect()
}

fn transient_503() -> FaultEffect {
    FaultEffect::Status {
        http: 503,
        status: status::INTERNAL,
        message: "service unavailable".into(),
    }
}

#[tokio::test]
async fn each_message_is_yielded_once_in_order_and_acks_go_out_in_batches_of_ten() {
    let w = world().await;
    let sent = w.send_many(25).await;
    let tap = Tap::new(&w.sim);
    let mut inbox = w.inbox(&tap).with_sleep(RecordingSleep::new());

    let mut yielded = Vec::new();
    for i in 0..25 {
        let delivery = inbox.next().await.unwrap().unwrap();
        assert_eq!(
            delivery.message().sender.as_ref().unwrap().full_user_id,
            w.alice.id
        );
        yielded.push(delivery.message().uuid.clone());
        delivery.ack();
        match i {
            // The 11th call sent the first ten acks, in one call, before yielding.
            10 => assert_eq!(w.queue(&w.bob), sent[10..]),
            20 => assert_eq!(w.queue(&w.bob), sent[20..]),
            _ => {}
        }
    }
    assert_eq!(yielded, sent, "every message once, oldest first");
    assert_eq!(
        tap.batch_sizes(),
        [10, 10],
        "only full batches while messages are buffered"
    );

    inbox.flush().await.unwrap();
    assert_eq!(tap.batch_sizes(), [10, 10, 5]);
    assert_eq!(tap.deletes().concat(), sent, "each acked once, in order");
    assert!(w.queue(&w.bob).is_empty());
    assert_eq!(tap.polls(), 1, "one poll fetched all 25");
    assert_eq!(
        w.remote_acks(),
        sent,
        "alice saw each message acknowledged once"
    );
    // Nothing left to send: a second flush makes no call.
    inbox.flush().await.unwrap();
    assert_eq!(tap.deletes().len(), 3);
}

#[tokio::test]
async fn a_delivery_dropped_without_an_ack_is_yielded_again() {
    let w = world().await;
    let sent = w.send_many(3).await;
    let tap = Tap::new(&w.sim);
    let mut inbox = w.inbox(&tap).with_sleep(RecordingSleep::new());

    let first = inbox.next().await.unwrap().unwrap();
    let second = inbox.next().await.unwrap().unwrap();
    let third = inbox.next().await.unwrap().unwrap();
    assert_eq!(second.message().uuid, sent[1]);
    first.ack();
    drop(second);
    third.ack();

    // The buffer is empty: the acks go out, then the poll finds the one left unacked.
    let again = inbox.next().await.unwrap().unwrap();
    assert_eq!(again.message().uuid, sent[1]);
    assert_eq!(tap.deletes(), [vec![sent[0].clone(), sent[2].clone()]]);
    assert_eq!(
        w.queue(&w.bob),
        [sent[1].clone()],
        "still queued until acked"
    );
    assert_eq!(tap.polls(), 2);

    again.ack();
    inbox.flush().await.unwrap();
    assert!(w.queue(&w.bob).is_empty());
    assert_eq!(tap.deletes().concat().len(), 3, "each deleted once");
}

#[tokio::test]
async fn an_empty_queue_is_polled_with_doubling_backoff_that_resets_on_mail() {
    let w = world().await;
    let tap = Tap::new(&w.sim);
    // Mail arrives after the 7th wait and after the 9th.
    let sleep = w.mail_during_sleep(&[7, 9]);
    let mut inbox = w
        .inbox(&tap)
        .with_backoff(100 * MS, 2000 * MS)
        .with_sleep(sleep.clone());

    let mut yielded = Vec::new();
    for _ in 0..2 {
        let delivery = inbox.next().await.unwrap().unwrap();
        yielded.push(delivery.message().uuid.clone());
        delivery.ack();
    }
    inbox.flush().await.unwrap();

    assert_eq!(
        sleep.record.delays(),
        millis(&[100, 200, 400, 800, 1600, 2000, 2000, 100, 200]),
        "doubling up to the cap while empty, from the start again after a message"
    );
    assert_eq!(yielded, *sleep.sent.lock().unwrap());
    // An empty poll before each of the 9 waits, and one poll that found each message.
    assert_eq!(tap.polls(), 11);
    assert!(w.queue(&w.bob).is_empty());
}

#[tokio::test]
async fn transient_failures_of_polls_and_acks_are_waited_out() {
    let w = world().await;
    let m1 = send(&w.sim, &w.alice, &w.bob, "one").await;
    w.sim.set_fault_plan(
        FaultPlan::new()
            .rule(
                FaultMatch::operation("get_pending_messages"),
                Trigger::FirstN(2),
                transient_503(),
            )
            .rule(
                FaultMatch::operation("get_pending_messages"),
                Trigger::Nth(3),
                FaultEffect::Reset,
            )
            .rule(
                FaultMatch::operation("delete_handled_messages"),
                Trigger::Nth(1),
                FaultEffect::CommitThenDrop,
            ),
    );
    let tap = Tap::new(&w.sim);
    // The second message arrives during the wait after the failed ack.
    let sleep = w.mail_during_sleep(&[4]);
    let mut inbox = w
        .inbox(&tap)
        .with_backoff(100 * MS, 5000 * MS)
        .with_sleep(sleep.clone());

    // Polls 1 and 2 answer 503, poll 3 is reset, poll 4 finds the message.
    let first = inbox.next().await.unwrap().unwrap();
    assert_eq!(first.message().uuid, m1);
    first.ack();
    // The ack is applied but its answer lost; the inbox waits, sends it again, then polls.
    let second = inbox.next().await.unwrap().unwrap();
    let m2 = sleep.sent.lock().unwrap()[0].clone();
    assert_eq!(
        second.message().uuid,
        m2,
        "the first message is not yielded again"
    );
    second.ack();
    inbox.flush().await.unwrap();

    assert_eq!(sleep.record.delays(), millis(&[100, 200, 400, 100]));
    assert_eq!(tap.polls(), 5);
    assert_eq!(
        tap.deletes(),
        [vec![m1.clone()], vec![m1.clone()], vec![m2.clone()]],
        "the lost ack is sent again; deleting is idempotent"
    );
    assert!(w.queue(&w.bob).is_empty());
    assert_eq!(
        w.remote_acks(),
        [m1, m2],
        "one remote ack each, despite the repeat"
    );
}

#[tokio::test]
async fn a_revoked_token_ends_the_stream_with_its_error() {
    let w = world().await;
    w.send_many(2).await;
    let tap = Tap::new(&w.sim);
    let record = RecordingSleep::new();
    let mut inbox = w.inbox(&tap).with_sleep(record.clone());
    let delivery = inbox.next().await.unwrap().unwrap();
    delivery.ack();
    w.sim
        .delete_user_access_token(
            w.domain_key.clone(),
            w.bob.user_id.clone(),
            UserPassword::new(PASSWORD),
            w.bob.token.clone(),
        )
        .await
        .unwrap();

    // The second message is buffered: it is still yielded (its ack would fail later).
    let buffered = inbox.next().await.unwrap().unwrap();
    buffered.ack();
    let error = inbox.next().await.unwrap().unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));
    assert_eq!(error.kind(), ErrorKind::Auth);
    assert_eq!(error.operation(), Some("delete_handled_messages"));
    assert!(inbox.next().await.is_none(), "the stream has ended");
    assert!(inbox.next().await.is_none());
    assert!(
        record.delays().is_empty(),
        "a permanent error is not waited on"
    );

    // A fresh inbox with the revoked token: the poll's error ends its stream at once.
    let items: Vec<Result<Delivery>> = w
        .inbox(&tap)
        .with_sleep(record.clone())
        .into_stream()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    let error = items.into_iter().next().unwrap().unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));
    assert_eq!(error.operation(), Some("get_pending_messages"));
    assert!(record.delays().is_empty());
}

/// Takes `n` deliveries from a stream, acking each; their UUIDs.
async fn take_and_ack(
    stream: &mut (impl futures_util::Stream<Item = Result<Delivery>> + Unpin),
    n: usize,
) -> Vec<MessageUuid> {
    let mut uuids = Vec::new();
    for _ in 0..n {
        let delivery = stream.next().await.unwrap().unwrap();
        uuids.push(delivery.message().uuid.clone());
        delivery.ack();
    }
    uuids
}

#[tokio::test]
async fn the_stream_works_with_stream_ext_and_dropping_it_keeps_unsent_acks_pending() {
    let w = world().await;
    let first_five = w.send_many(5).await;
    let tap = Tap::new(&w.sim);
    let mut stream = Box::pin(
        w.inbox(&tap)
            .with_sleep(RecordingSleep::new())
            .into_stream(),
    );

    assert_eq!(take_and_ack(&mut stream, 5).await, first_five);
    let next_five = w.send_many(5).await;
    assert_eq!(take_and_ack(&mut stream, 5).await, next_five);
    // Fetching the second five sent the first five acks; the last five were still pending.
    assert_eq!(tap.deletes(), [first_five]);
    drop(stream);
    assert_eq!(w.queue(&w.bob), next_five);

    // At-least-once: a new inbox yields the five whose acks were lost with the old one.
    let again: Vec<MessageUuid> = w
        .inbox(&tap)
        .with_sleep(RecordingSleep::new())
        .into_stream()
        .take(5)
        .map(|delivery| delivery.unwrap().message().uuid.clone())
        .collect()
        .await;
    assert_eq!(again, next_five);
}

#[tokio::test]
async fn a_cancelled_next_loses_nothing() {
    let w = world().await;
    let tap = Tap::new(&w.sim);
    let mut inbox = w.inbox(&tap).with_backoff(MS, 10 * MS);

    // Cancelled while waiting on an empty queue: the inbox still works afterwards.
    let waited = tokio::time::timeout(50 * MS, inbox.next()).await;
    assert!(waited.is_err(), "nothing to yield yet");
    assert!(tap.polls() >= 2, "it polled while waiting");
    let m1 = send(&w.sim, &w.alice, &w.bob, "one").await;
    let delivery = tokio::time::timeout(Duration::from_secs(5), inbox.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(delivery.message().uuid, m1);
    delivery.ack();

    // Cancelled while its ack is being deleted: the ack is kept and sent again.
    tap.hang_deletes.store(1, Ordering::SeqCst);
    let cancelled = tokio::time::timeout(50 * MS, inbox.next()).await;
    assert!(cancelled.is_err());
    assert_eq!(
        tap.deletes(),
        [vec![m1.clone()]],
        "the deletion had started"
    );
    assert_eq!(
        w.queue(&w.bob),
        std::slice::from_ref(&m1),
        "and was cut short"
    );
    inbox.flush().await.unwrap();
    assert_eq!(tap.deletes(), [vec![m1.clone()], vec![m1]]);
    assert!(w.queue(&w.bob).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborting_the_task_that_drives_the_stream_stops_polling() {
    let w = world().await;
    let tap = Tap::new(&w.sim);
    let stream = w.inbox(&tap).with_backoff(MS, 5 * MS).into_stream();
    let task = tokio::spawn(async move {
        let mut stream = Box::pin(stream);
        while let Some(delivery) = stream.next().await {
            delivery.unwrap().ack();
        }
    });
    tokio::time::sleep(60 * MS).await;
    assert!(!task.is_finished(), "an empty inbox waits, it does not end");
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    let polls = tap.polls();
    assert!(polls >= 2, "it polled while running ({polls})");
    send(&w.sim, &w.alice, &w.bob, "nobody reads this").await;
    tokio::time::sleep(60 * MS).await;
    assert_eq!(tap.polls(), polls, "no poll after the stream was dropped");
    assert_eq!(w.queue(&w.bob).len(), 1);
}
