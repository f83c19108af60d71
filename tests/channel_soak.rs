//! A soak of the pushed inbox over the simulator's WebSocket while its sockets keep being
//! dropped, by the admin surface's drop or by a fault plan's channel rules (refused upgrades
//! and sockets dropped after a few frames): the inbox (fed by `DataChannelClient`, which
//! reconnects) delivers every message once to the application, and every message is acked,
//! so the queue ends empty.

use kandy_core::*;
use kandy_http::KandyClient;
use kandy_http::data_channel::{DataChannelClient, ReconnectPolicy};
use kandy_http::inbox::Inbox;
use kandy_sim::server::Server;
use kandy_sim::{ChannelEffect, ChannelMatch, FaultPlan, Simulator, Trigger};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use support::tenant::tenant;

mod support;

const MESSAGES: usize = 200;
const DOMAIN: &str = "soak.kandy.io";

/// How alice's sockets are lost during the soak.
#[derive(Clone, Copy, PartialEq)]
enum Losses {
    /// `drop_data_channels` every few milliseconds.
    AdminDrops,
    /// A fault plan: a quarter of the upgrades refused with 503, every other socket dropped
    /// after 5 pushed frames.
    FaultPlan,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_message_is_lost_or_repeated_while_sockets_drop() {
    soak(Losses::AdminDrops).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_message_is_lost_or_repeated_while_a_fault_plan_drops_sockets() {
    soak(Losses::FaultPlan).await;
}

async fn soak(losses: Losses) {
    let sim = Simulator::builder().seed(77).build();
    let account = sim.create_account();
    let server = Server::bind("127.0.0.1:0", sim.clone()).await.unwrap();
    let api = Arc::new(
        KandyClient::builder()
            .base_url(server.base_url())
            .build()
            .unwrap(),
    );
    let (_, alice, bob) = tenant(&*api, account, DOMAIN, &["alice", "bob"])
        .await
        .pair();
    let (alice_token, alice_device, alice_id) = (alice.token, alice.device, alice.id);
    let (bob_token, bob_device) = (bob.token, bob.device);

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

    let plan = {
        let alice = || ChannelMatch::user(alice_id.clone());
        FaultPlan::new()
            .seed(13)
            .channel_rule(
                alice(),
                Trigger::Probability(0.25),
                ChannelEffect::Refuse {
                    http: 503,
                    status: 1,
                    message: "the data channel is unavailable".into(),
                },
            )
            .channel_rule(
                alice(),
                Trigger::Always,
                ChannelEffect::Drop { after_frames: 5 },
            )
    };
    if losses == Losses::FaultPlan {
        sim.set_fault_plan(plan.clone());
    }
    // Drop alice's sockets every few milliseconds while bob sends (or let the plan do it).
    let sending = Arc::new(AtomicBool::new(true));
    let drops = Arc::new(AtomicUsize::new(0));
    let dropper = (losses == Losses::AdminDrops).then(|| {
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
    });
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
    if let Some(dropper) = dropper {
        dropper.await.unwrap();
    }
    inbox.flush().await.unwrap();
    if losses == Losses::FaultPlan {
        // Every opening of alice's counts on both rules; replaying the seeded plan for that
        // many openings tells the refused ones from the dropped ones.
        let openings = sim.fault_plan().channel[1].seen;
        let mut replay = plan;
        let refused = (0..openings)
            .filter(|_| {
                matches!(
                    replay.decide_channel(Some(&alice_id), None),
                    Some(ChannelEffect::Refuse { .. })
                )
            })
            .count() as u64;
        assert!(
            refused > 0,
            "some upgrades were refused ({openings} openings)"
        );
        assert!(
            openings - refused > 10,
            "sockets were dropped again and again: {openings} openings, {refused} refused"
        );
        drops.store((openings - refused) as usize, Ordering::Release);
    }

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
