//! The pushed inbox (`Inbox::with_data_channel`) with a data channel the test drives and the
//! in-process simulator as the REST backend: it fetches on a push at once (no timer could
//! explain it), polls with its backoff while the socket is down, fetches what was queued when
//! the socket reopens, sends acks while it waits, and a push is never a second delivery.

use async_trait::async_trait;
use futures_util::StreamExt;
use kandy_core::notifications::{
    ConnectionState, DisconnectReason, EndReason, Event, Notification, NotificationStream,
    OutgoingSessionData, Refusal, SendSessionData, SessionSender,
};
use kandy_core::*;
use kandy_http::inbox::{Delivery, Inbox};
use kandy_http::retry::Sleep;
use kandy_sim::Simulator;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::intercept::{Intercept, Intercepted};
use tokio::sync::mpsc;

mod support;

const MS: Duration = Duration::from_millis(1);
const HOUR: Duration = Duration::from_secs(3600);
const WAIT: Duration = Duration::from_secs(5);

#[derive(Clone, Debug)]
struct Person {
    id: String,
    token: UserAccessToken,
    device: DeviceId,
}

async fn world() -> (Simulator, Person, Person) {
    let sim = Simulator::builder().seed(45).build();
    let account = sim.create_account();
    let account_token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(account_token, NewDomain::new("push.kandy.io"))
        .await
        .unwrap();
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = sim
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let mut people = Vec::new();
    for user_id in ["alice", "bob"] {
        let user = sim
            .create_user_by_user_id(domain_token.clone(), NewUser::new(user_id))
            .await
            .unwrap();
        let token = sim
            .get_user_access_token(key.clone(), secret.clone(), user_id.into())
            .await
            .unwrap();
        let device = sim.get_devices(token.clone()).await.unwrap()[0].id.clone();
        people.push(Person {
            id: user.full_user_id,
            token,
            device,
        });
    }
    let bob = people.pop().unwrap();
    let alice = people.pop().unwrap();
    (sim, alice, bob)
}

async fn send(sim: &Simulator, from: &Person, to: &Person, text: &str) -> IncomingMessage {
    let message = OutgoingMessage::text(to.id.clone(), text);
    let uuid = message.uuid.clone();
    sim.send_message(from.token.clone(), from.device.clone(), message)
        .await
        .unwrap();
    sim.device_queue(&to.device)
        .unwrap()
        .into_iter()
        .find(|m| m.uuid == uuid)
        .unwrap()
}

/// The simulator behind a counter of polls.
struct Polls {
    inner: Simulator,
    count: AtomicUsize,
}

#[async_trait]
impl Intercept for Polls {
    fn inner(&self) -> &dyn KandyApi {
        &self.inner
    }

    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.count.fetch_add(1, Ordering::SeqCst);
        self.inner
            .get_pending_messages(token, device_id, client_timestamp)
            .await
    }
}

fn polls(sim: &Simulator) -> Arc<Intercepted<Polls>> {
    Arc::new(Intercepted(Polls {
        inner: sim.clone(),
        count: AtomicUsize::new(0),
    }))
}

impl Intercepted<Polls> {
    fn polls(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

/// A data channel whose one stream the test feeds.
struct FakeChannel {
    stream: Mutex<Option<mpsc::UnboundedReceiver<Notification>>>,
    refuse: bool,
}

struct NoSessions;

#[async_trait]
impl SendSessionData for NoSessions {
    async fn send_session_data(&self, _data: OutgoingSessionData) -> Result<()> {
        Err(Error::config("no sessions in this test"))
    }
}

#[async_trait]
impl DataChannel for FakeChannel {
    async fn connect(&self, _token: UserAccessToken) -> Result<NotificationStream> {
        if self.refuse {
            return Err(Error::api(55, "invalid credentials", None));
        }
        let rx = self.stream.lock().unwrap().take().expect("one connection");
        let stream = futures_util::stream::unfold(rx, |mut rx| async move {
            let next = rx.recv().await?;
            Some((next, rx))
        });
        Ok(NotificationStream::new(
            stream,
            SessionSender::new(NoSessions),
        ))
    }
}

fn channel() -> (Arc<dyn DataChannel>, mpsc::UnboundedSender<Notification>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let channel = FakeChannel {
        stream: Mutex::new(Some(rx)),
        refuse: false,
    };
    (Arc::new(channel), tx)
}

const CONNECTED: Notification = Notification::Connection(ConnectionState::Connected);

fn pushed(message: &IncomingMessage) -> Notification {
    Notification::Event(Event::Message(message.clone()))
}

/// A sleeper: records every delay; returns at once for the first `budget` delays shorter
/// than an hour (after the nth of them for each n in `mail_after`, alice mails bob), and
/// never returns for the others: time stands still unless the test says otherwise.
#[derive(Clone)]
struct Clock {
    delays: Arc<Mutex<Vec<Duration>>>,
    budget: usize,
    mail: Option<(Simulator, Person, Person, Vec<usize>)>,
    mailed: Arc<Mutex<Vec<IncomingMessage>>>,
}

impl Clock {
    fn stopped() -> Self {
        Self::running(0)
    }

    fn running(budget: usize) -> Self {
        Self {
            delays: Arc::default(),
            budget,
            mail: None,
            mailed: Arc::default(),
        }
    }

    fn delays(&self) -> Vec<Duration> {
        self.delays.lock().unwrap().clone()
    }

    fn short(&self) -> Vec<Duration> {
        self.delays().into_iter().filter(|d| *d < HOUR).collect()
    }
}

#[async_trait]
impl Sleep for Clock {
    async fn sleep(&self, delay: Duration) {
        let short = {
            let mut delays = self.delays.lock().unwrap();
            delays.push(delay);
            delays.iter().filter(|d| **d < HOUR).count()
        };
        if delay >= HOUR || short > self.budget {
            std::future::pending::<()>().await;
        }
        if let Some((sim, alice, bob, after)) = &self.mail
            && after.contains(&short)
        {
            let message = send(sim, alice, bob, &format!("after {short}")).await;
            self.mailed.lock().unwrap().push(message);
        }
    }
}

fn inbox(
    api: &Arc<Intercepted<Polls>>,
    bob: &Person,
    channel: Arc<dyn DataChannel>,
    clock: &Clock,
) -> Inbox<Intercepted<Polls>> {
    Inbox::new(api.clone(), bob.token.clone(), bob.device.clone())
        .with_data_channel(channel)
        .with_safety_poll(HOUR)
        .with_backoff(100 * MS, 5000 * MS)
        .with_sleep(clock.clone())
}

/// Runs the inbox as a stream in a task; its deliveries come out of the receiver.
fn drive(inbox: Inbox<Intercepted<Polls>>) -> mpsc::UnboundedReceiver<Delivery> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut stream = Box::pin(inbox.into_stream());
        while let Some(delivery) = stream.next().await {
            if tx.send(delivery.unwrap()).is_err() {
                break;
            }
        }
    });
    rx
}

async fn delivered(rx: &mut mpsc::UnboundedReceiver<Delivery>) -> Delivery {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("no delivery came")
        .unwrap()
}

/// Waits until `condition` holds (the inbox runs in another task).
async fn until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !condition() {
        assert!(tokio::time::Instant::now() < deadline, "never: {what}");
        tokio::time::sleep(MS).await;
    }
}

async fn quiet(rx: &mut mpsc::UnboundedReceiver<Delivery>) {
    let next = tokio::time::timeout(100 * MS, rx.recv()).await;
    assert!(next.is_err(), "nothing more is delivered: {next:?}");
}

#[tokio::test]
async fn a_push_is_fetched_at_once_with_no_timer_to_explain_it() {
    let (sim, alice, bob) = world().await;
    let api = polls(&sim);
    let clock = Clock::stopped();
    let (channel, push) = channel();
    push.send(CONNECTED).unwrap();
    let mut rx = drive(inbox(&api, &bob, channel, &clock));

    // One fetch, once the socket reports open (the report was already there, so the first
    // fetch answers it); then it waits with only the hour's safety poll armed.
    until("a fetch", || api.polls() == 1).await;
    until("the safety poll armed", || clock.delays() == [HOUR]).await;
    quiet(&mut rx).await;

    let message = send(&sim, &alice, &bob, "hi").await;
    push.send(pushed(&message)).unwrap();
    let delivery = delivered(&mut rx).await;
    assert_eq!(delivery.message(), &message, "the queue's copy");
    // Waiting again: it fetched for the push, and once more after a batch that was not empty.
    until("waiting again", || clock.delays() == [HOUR, HOUR]).await;
    assert_eq!(api.polls(), 3);
    assert!(clock.short().is_empty(), "no poll timer ever ran");

    // The wake-up without the message works the same.
    delivery.ack();
    let second = send(&sim, &alice, &bob, "again").await;
    push.send(Notification::Event(Event::MessagesAvailable))
        .unwrap();
    assert_eq!(delivered(&mut rx).await.message().uuid, second.uuid);
}

#[tokio::test]
async fn a_pushed_copy_is_never_a_second_delivery() {
    let (sim, alice, bob) = world().await;
    let api = polls(&sim);
    let clock = Clock::stopped();
    let (channel, push) = channel();
    push.send(CONNECTED).unwrap();
    let mut rx = drive(inbox(&api, &bob, channel, &clock));
    until("a fetch", || api.polls() == 1).await;

    let m1 = send(&sim, &alice, &bob, "one").await;
    let m2 = send(&sim, &alice, &bob, "two").await;
    for notification in [
        pushed(&m1),
        pushed(&m2),
        Notification::Event(Event::MessagesAvailable),
    ] {
        push.send(notification).unwrap();
    }
    let mut seen = Vec::new();
    for _ in 0..2 {
        let delivery = delivered(&mut rx).await;
        seen.push(delivery.message().uuid.clone());
        delivery.ack();
    }
    until("both acked", || {
        sim.device_queue(&bob.device).unwrap().is_empty()
    })
    .await;
    // A late copy of a message already handled, and a repeat, find nothing to deliver.
    push.send(pushed(&m1)).unwrap();
    push.send(pushed(&m2)).unwrap();
    quiet(&mut rx).await;

    let m3 = send(&sim, &alice, &bob, "three").await;
    push.send(pushed(&m3)).unwrap();
    let delivery = delivered(&mut rx).await;
    seen.push(delivery.message().uuid.clone());
    delivery.ack();
    until("the third acked", || {
        sim.device_queue(&bob.device).unwrap().is_empty()
    })
    .await;
    quiet(&mut rx).await;
    assert_eq!(seen, [m1.uuid.clone(), m2.uuid.clone(), m3.uuid.clone()]);
    let acks: Vec<MessageUuid> = sim
        .device_queue(&alice.device)
        .unwrap()
        .into_iter()
        .map(|m| m.uuid)
        .collect();
    assert_eq!(acks, [m1.uuid, m2.uuid, m3.uuid], "each acked once");
}

#[tokio::test]
async fn while_the_socket_is_down_it_polls_and_a_reconnection_fetches_what_was_queued() {
    let (sim, alice, bob) = world().await;
    let api = polls(&sim);
    // Three short waits pass at once; alice mails bob after the third (no push: the socket
    // is down). Then time stands still.
    let mut clock = Clock::running(3);
    clock.mail = Some((sim.clone(), alice.clone(), bob.clone(), vec![3]));
    let (channel, push) = channel();
    push.send(CONNECTED).unwrap();
    let mut rx = drive(inbox(&api, &bob, channel, &clock));
    until("a fetch", || api.polls() == 1).await;

    let lost = DisconnectReason::Closed {
        code: 1001,
        reason: "going away".into(),
    };
    push.send(Notification::Connection(ConnectionState::Disconnected(
        lost,
    )))
    .unwrap();
    push.send(Notification::Connection(ConnectionState::Reconnecting {
        attempt: 1,
        delay: 100 * MS,
    }))
    .unwrap();
    let delivery = delivered(&mut rx).await;
    assert_eq!(delivery.message(), &clock.mailed.lock().unwrap()[0]);
    // Waiting again (from the shortest wait: a message came).
    until("waiting again", || clock.short().len() == 4).await;
    assert_eq!(
        clock.short(),
        [100 * MS, 200 * MS, 400 * MS, 100 * MS],
        "a poll at once on the loss, then the backoff doubling from 100 ms"
    );
    assert_eq!(
        api.polls(),
        6,
        "1 before, 1 on the loss, 3 after the waits, 1 after the batch"
    );
    delivery.ack();
    until("acked", || {
        sim.device_queue(&bob.device).unwrap().is_empty()
    })
    .await;
    until("waiting after the ack", || clock.short().len() == 5).await;

    // Still down, and time stands still: a message sent now waits in the queue, and the
    // reconnection fetches it.
    let waits = clock.short().len();
    let queued = send(&sim, &alice, &bob, "while down").await;
    quiet(&mut rx).await;
    push.send(CONNECTED).unwrap();
    let delivery = delivered(&mut rx).await;
    assert_eq!(delivery.message(), &queued);
    delivery.ack();
    until("acked", || {
        sim.device_queue(&bob.device).unwrap().is_empty()
    })
    .await;
    assert_eq!(clock.short().len(), waits, "connected again: no poll timer");
}

#[tokio::test]
async fn acks_and_releases_while_it_waits_are_handled_at_once() {
    let (sim, alice, bob) = world().await;
    let api = polls(&sim);
    let clock = Clock::stopped();
    let (channel, push) = channel();
    push.send(CONNECTED).unwrap();
    let mut rx = drive(inbox(&api, &bob, channel, &clock));

    let m1 = send(&sim, &alice, &bob, "one").await;
    push.send(pushed(&m1)).unwrap();
    let delivery = delivered(&mut rx).await;
    until("waiting", || clock.delays().contains(&HOUR)).await;
    // Acked while the inbox waits for pushes: the deletion goes out now.
    delivery.ack();
    until("deleted", || {
        sim.device_queue(&bob.device).unwrap().is_empty()
    })
    .await;

    // Dropped unacked while it waits: it is fetched and yielded again now (at-least-once).
    let m2 = send(&sim, &alice, &bob, "two").await;
    push.send(Notification::Event(Event::MessagesAvailable))
        .unwrap();
    drop(delivered(&mut rx).await);
    let again = delivered(&mut rx).await;
    assert_eq!(again.message().uuid, m2.uuid);
    again.ack();
    until("deleted", || {
        sim.device_queue(&bob.device).unwrap().is_empty()
    })
    .await;
    assert!(clock.short().is_empty(), "no timer did it");
}

#[tokio::test]
async fn a_channel_that_ends_or_cannot_open_leaves_it_polling() {
    let (sim, _alice, bob) = world().await;
    let api = polls(&sim);
    let clock = Clock::running(2);
    let (channel, push) = channel();
    push.send(CONNECTED).unwrap();
    let _rx = drive(inbox(&api, &bob, channel, &clock));
    until("a fetch", || api.polls() == 1).await;
    let refusal = Refusal::new("invalid credentials");
    push.send(Notification::Ended(EndReason::TokenRefused(refusal)))
        .unwrap();
    until("polling", || clock.short().len() == 3).await;
    assert_eq!(clock.short(), [100 * MS, 200 * MS, 400 * MS]);
    assert_eq!(api.polls(), 4, "1 before, 1 on the end, 2 after the waits");

    // Refused at once: polling from the start.
    let api = polls(&sim);
    let clock = Clock::running(2);
    let refusing = FakeChannel {
        stream: Mutex::new(None),
        refuse: true,
    };
    let _rx = drive(inbox(&api, &bob, Arc::new(refusing), &clock));
    until("polling", || clock.short().len() == 3).await;
    assert_eq!(clock.short(), [100 * MS, 200 * MS, 400 * MS]);
    assert_eq!(api.polls(), 3, "the first fetch, then two after waits");
}
