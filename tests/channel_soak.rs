//! A soak of the pushed inbox over the simulator's WebSocket while its sockets keep being
//! dropped: the inbox (fed by `DataChannelClient`, which reconnects) delivers every message
//! once to the application, and every message is acked, so the queue ends empty.

use kandy_core::*;
use kandy_http::KandyClient;
use kandy_http::data_channel::{DataChannelClient, ReconnectPolicy};
use kandy_http::inbox::Inbox;
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

const MESSAGES: usize = 200;
const DOMAIN: &str = "soak.kandy.io";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_message_is_lost_or_repeated_while_sockets_drop() {
    let sim = Simulator::builder().seed(77).build();
    let account = sim.create_account();
    let server = Server::bind("127.0.0.1:0", sim.clone()).await.unwrap();
    let api = Arc::new(
        KandyClient::builder()
            .base_url(server.base_url())
            .build()
            .unwrap(),
    );
    let account_token = api
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = api
        .create_domain(account_token, NewDomain::new(DOMAIN))
        .await
        .unwrap();
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = api
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let mut people = Vec::new();
    for user in ["alice", "bob"] {
        api.create_user_by_user_id(domain_token.clone(), NewUser::new(user))
            .await
            .unwrap();
        let token = api
            .get_user_access_token(key.clone(), secret.clone(), user.into())
            .await
            .unwrap();
        let device = api.get_devices(token.clone()).await.unwrap()[0].id.clone();
        people.push((token, device));
    }
    let (bob_token, bob_device) = people.pop().unwrap();
    let (alice_token, alice_device) = people.pop().unwrap();
    let alice_id = format!("alice@{DOMAIN}");

    let channel = DataChannelClient::builder(api.clone())
        .reconnect(
            ReconnectPolicy::DEFAULT
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(50)),
        )
        .build()
        .unwrap();
    let mut inbox = Inbox::new(api.clone(), alice_token.clone(), alice_device.clone())
        .with_data_channel(Arc::new(channel))
        .with_backoff(Duration::from_millis(5), Duration::from_millis(50));

    // Drop alice's sockets every few milliseconds while bob sends.
    let sending = Arc::new(AtomicBool::new(true));
    let drops = Arc::new(AtomicUsize::new(0));
    let dropper = {
        let (sim, sending, drops, alice_id) = (
            sim.clone(),
            sending.clone(),
            drops.clone(),
            alice_id.clone(),
        );
        tokio::spawn(async move {
            while sending.load(Ordering::Acquire) {
                tokio::time::sleep(Duration::from_millis(7)).await;
                drops.fetch_add(sim.drop_data_channels(Some(&alice_id)), Ordering::AcqRel);
            }
        })
    };
    let sender = {
        let api = api.clone();
        let alice_id = alice_id.clone();
        tokio::spawn(async move {
            let mut sent = Vec::with_capacity(MESSAGES);
            for i in 0..MESSAGES {
                let message = OutgoingMessage::text(alice_id.clone(), format!("message {i}"));
                sent.push(message.uuid.normalized().into_owned());
                api.send_message(bob_token.clone(), bob_device.clone(), message)
                    .await
                    .unwrap();
                if i % 10 == 0 {
                    tokio::time::sleep(Duration::from_millis(3)).await;
                }
            }
            sent
        })
    };

    let mut received = HashSet::new();
    let mut deliveries = 0;
    while received.len() < MESSAGES {
        let delivery = tokio::time::timeout(Duration::from_secs(20), inbox.next())
            .await
            .expect("the inbox keeps delivering")
            .expect("the inbox goes on")
            .expect("no permanent error");
        deliveries += 1;
        assert!(
            received.insert(delivery.message().uuid.normalized().into_owned()),
            "a message was delivered twice: {:?}",
            delivery.message()
        );
        delivery.ack();
    }
    sending.store(false, Ordering::Release);
    let sent = sender.await.unwrap();
    dropper.await.unwrap();
    inbox.flush().await.unwrap();

    assert_eq!(deliveries, MESSAGES, "each message once");
    let sent: HashSet<String> = sent.into_iter().collect();
    assert_eq!(received, sent, "none lost");
    assert!(
        drops.load(Ordering::Acquire) > 0,
        "the sockets were dropped at least once"
    );
    let left = api
        .get_pending_messages(alice_token, alice_device, None)
        .await
        .unwrap()
        .messages;
    assert!(left.is_empty(), "every message acked: {} left", left.len());
}
