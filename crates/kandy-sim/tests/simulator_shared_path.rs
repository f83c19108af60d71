//! The model's shared path under real concurrency: sends, polls, acks and device listings of
//! many users at once on a multi-thread runtime lose nothing, duplicate nothing, owe every
//! remote ack once, keep the queue limits within their documented bound, and leave a state
//! whose snapshot restores.

use kandy_core::*;
use kandy_sim::model::{DeliveryStep, Limits};
use kandy_sim::{Simulator, Snapshot};
use std::collections::HashSet;

const DOMAIN: &str = "shared.kandy.io";

/// A simulator with `users` logged in (token and default device each).
async fn users(sim: &Simulator, names: &[String]) -> Vec<(UserAccessToken, DeviceId)> {
    let account = sim.create_account();
    let token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(token, NewDomain::new(DOMAIN))
        .await
        .unwrap();
    let domain_token = sim
        .get_domain_access_token(
            domain.domain_api_key.clone(),
            domain.domain_api_secret.clone(),
        )
        .await
        .unwrap();
    let mut out = Vec::new();
    for name in names {
        sim.create_user_by_user_id(domain_token.clone(), NewUser::new(name.as_str()))
            .await
            .unwrap();
        let token = sim
            .get_user_access_token(
                domain.domain_api_key.clone(),
                domain.domain_api_secret.clone(),
                name.clone(),
            )
            .await
            .unwrap();
        let device = sim.get_devices(token.clone()).await.unwrap()[0].id.clone();
        out.push((token, device));
    }
    out
}

fn uuid(sender: usize, n: usize) -> MessageUuid {
    MessageUuid::new(format!("{sender:016x}{n:016x}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_senders_to_one_user_at_once_lose_and_duplicate_nothing() {
    const SENDERS: usize = 8;
    const EACH: usize = 40;
    let sim = Simulator::builder().seed(12).build();
    let mut names: Vec<String> = (0..SENDERS).map(|s| format!("sender{s}")).collect();
    names.push("hot".into());
    let mut people = users(&sim, &names).await;
    let (hot_token, hot_device) = people.pop().unwrap();

    let mut tasks = Vec::new();
    for (s, (token, device)) in people.iter().cloned().enumerate() {
        let sim = sim.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..EACH {
                let message =
                    OutgoingMessage::text(format!("hot@{DOMAIN}"), "hi").with_uuid(uuid(s, n));
                sim.send_message(token.clone(), device.clone(), message)
                    .await
                    .unwrap();
                // Reads of the sender's own queue and devices run beside the sends.
                sim.get_pending_messages(token.clone(), device.clone(), None)
                    .await
                    .unwrap();
                assert_eq!(sim.get_devices(token.clone()).await.unwrap().len(), 1);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    let pending = sim
        .get_pending_messages(hot_token.clone(), hot_device.clone(), None)
        .await
        .unwrap();
    let got: Vec<String> = pending
        .messages
        .iter()
        .map(|m| m.uuid.as_str().to_owned())
        .collect();
    let distinct: HashSet<&String> = got.iter().collect();
    assert_eq!(got.len(), SENDERS * EACH, "every send is queued once");
    assert_eq!(distinct.len(), SENDERS * EACH);
    // Each sender's messages keep the order it sent them in.
    for s in 0..SENDERS {
        let prefix = format!("{s:016x}");
        let mine: Vec<&String> = got.iter().filter(|u| u.starts_with(&prefix)).collect();
        let wanted: Vec<String> = (0..EACH).map(|n| uuid(s, n).as_str().to_owned()).collect();
        assert_eq!(mine, wanted.iter().collect::<Vec<_>>());
    }

    // The hot user acks in two halves from two tasks at once: every sender is owed, and
    // gets, one chatRemoteAck per message.
    let uuids: Vec<MessageUuid> = pending.messages.iter().map(|m| m.uuid.clone()).collect();
    let (first, second) = uuids.split_at(uuids.len() / 2);
    let acks = [first.to_vec(), second.to_vec()].map(|half| {
        let (sim, token, device) = (sim.clone(), hot_token.clone(), hot_device.clone());
        tokio::spawn(async move {
            for chunk in half.chunks(7) {
                sim.delete_handled_messages(token.clone(), device.clone(), chunk.to_vec())
                    .await
                    .unwrap();
            }
        })
    });
    for ack in acks {
        ack.await.unwrap();
    }
    assert!(sim.device_queue(&hot_device).unwrap().is_empty());
    for (s, (token, device)) in people.iter().enumerate() {
        let queue = sim
            .get_pending_messages(token.clone(), device.clone(), None)
            .await
            .unwrap()
            .messages;
        assert_eq!(queue.len(), EACH, "sender {s} is acked once per message");
        assert!(
            queue
                .iter()
                .all(|m| m.message_type == MessageType::ChatRemoteAck)
        );
    }

    // A message's history reads in the order it lived, whichever threads recorded it.
    let history = sim.message_history(&uuid(3, 7));
    let steps: Vec<(DeliveryStep, &str)> = history
        .events
        .iter()
        .map(|e| (e.step, e.message_type.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (DeliveryStep::Sent, "chat"),
            (DeliveryStep::Queued, "chat"),
            (DeliveryStep::Acked, "chat"),
            (DeliveryStep::Queued, "chatRemoteAck"),
        ]
    );
    assert!(history.events.windows(2).all(|w| w[0].seq < w[1].seq));

    // The state the concurrent calls left is consistent: its snapshot restores, unchanged.
    let snapshot = sim.snapshot();
    let json = snapshot.to_json();
    let copy = Simulator::new();
    copy.restore(Snapshot::from_json(&json).unwrap()).unwrap();
    assert_eq!(copy.snapshot().to_json(), json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sends_keep_a_queue_limit_within_one_message_per_call_in_flight() {
    const SENDERS: usize = 4;
    const LIMIT: usize = 10;
    let mut limits = Limits::default();
    limits.queued_per_device = LIMIT;
    let sim = Simulator::builder().limits(limits).build();
    let mut names: Vec<String> = (0..SENDERS).map(|s| format!("sender{s}")).collect();
    names.push("full".into());
    let mut people = users(&sim, &names).await;
    let (_, full_device) = people.pop().unwrap();

    let mut tasks = Vec::new();
    for (s, (token, device)) in people.into_iter().enumerate() {
        let sim = sim.clone();
        tasks.push(tokio::spawn(async move {
            let mut refused = 0;
            for n in 0..LIMIT {
                let message =
                    OutgoingMessage::text(format!("full@{DOMAIN}"), "x").with_uuid(uuid(s, n));
                match sim
                    .send_message(token.clone(), device.clone(), message)
                    .await
                {
                    Ok(()) => {}
                    Err(error) => {
                        assert_eq!(error.api_status(), Some(ApiStatus::new(12)), "{error}");
                        refused += 1;
                    }
                }
            }
            refused
        }));
    }
    let mut refused = 0;
    for task in tasks {
        refused += task.await.unwrap();
    }
    let queued = sim.device_queue(&full_device).unwrap().len();
    assert!(
        (LIMIT..LIMIT + SENDERS).contains(&queued),
        "{queued} queued with a limit of {LIMIT}"
    );
    assert_eq!(
        queued + refused,
        SENDERS * LIMIT,
        "every send queued or refused"
    );
}
