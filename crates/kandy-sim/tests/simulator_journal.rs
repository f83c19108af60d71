//! The journal of applied changes: every change path records an entry, and replaying the
//! entries over the state they started from gives the same snapshot, byte for byte.

use bytes::Bytes;
use kandy_core::*;
use kandy_sim::{JournalSink, Simulator};
use std::sync::{Arc, Mutex};

/// A journal kept in memory.
#[derive(Default)]
struct Memory(Mutex<Vec<Vec<u8>>>);

impl JournalSink for Memory {
    fn append(&self, entry: &[u8]) {
        self.0.lock().unwrap().push(entry.to_vec());
    }
}

/// Replays `entries` over `base` in a new simulator; its snapshot's text.
async fn replayed(base: &kandy_sim::Snapshot, entries: &[Vec<u8>]) -> String {
    let sim = Simulator::new();
    sim.restore(base.clone()).unwrap();
    for entry in entries {
        sim.replay(entry).await.unwrap();
    }
    sim.snapshot().to_json()
}

/// A mixed workload: accounts, a domain, users, devices, 1:1 and group messages with their
/// acks, group events, content, the operator's sends, clock moves, a refusal, a restore and a
/// reset; concurrent calls at the end.
async fn workload(sim: &Simulator) {
    let account = sim.create_account();
    sim.create_account_with("AAKfixed".into(), "AASfixed".into())
        .unwrap();
    let aat = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(aat, NewDomain::new("j.kandy.io"))
        .await
        .unwrap();
    let (dak, das) = (domain.domain_api_key, domain.domain_api_secret);
    let dat = sim
        .get_domain_access_token(dak.clone(), das.clone())
        .await
        .unwrap();
    let mut users = Vec::new();
    for id in ["alice", "zed", "bob"] {
        sim.create_user_by_user_id(dat.clone(), NewUser::new(id))
            .await
            .unwrap();
        let token = sim
            .get_user_access_token(dak.clone(), das.clone(), id.to_owned())
            .await
            .unwrap();
        let device = sim.get_devices(token.clone()).await.unwrap()[0].id.clone();
        users.push((token, device));
    }
    let (alice, alice_device) = users[0].clone();
    let (zed, zed_device) = users[1].clone();
    sim.create_device(zed.clone(), NewDevice::new("tablet"))
        .await
        .unwrap();
    let message = OutgoingMessage::text("zed@j.kandy.io", "hi")
        .with_uuid(MessageUuid::new("bcd2fa752c3c4fdf97d08b0a48f622f0"));
    sim.send_message(alice.clone(), alice_device.clone(), message)
        .await
        .unwrap();
    // A refusal is journaled too (it reached the model), and replays as a refusal.
    let unknown = OutgoingMessage::text("nobody@j.kandy.io", "?");
    sim.send_message(alice.clone(), alice_device.clone(), unknown)
        .await
        .unwrap_err();
    let pending = sim
        .get_pending_messages(zed.clone(), zed_device.clone(), None)
        .await
        .unwrap();
    let uuids = pending.messages.iter().map(|m| m.uuid.clone()).collect();
    sim.delete_handled_messages(zed.clone(), zed_device.clone(), uuids)
        .await
        .unwrap();
    let group = sim
        .create_group(alice.clone(), NewGroup::new("g"))
        .await
        .unwrap()
        .group_id;
    let members = vec!["zed@j.kandy.io".to_owned(), "bob@j.kandy.io".to_owned()];
    sim.add_group_members(alice.clone(), group.clone(), members)
        .await
        .unwrap();
    sim.send_group_message(
        alice.clone(),
        OutgoingGroupMessage::text(group.clone(), "all"),
    )
    .await
    .unwrap();
    sim.advance_clock(60_000);
    let upload = ContentUpload::from_bytes("a.txt", "text/plain", Bytes::from_static(b"abc"));
    let content = ContentUuid::new("0f8fad5b-d9cb-469f-a165-70867728950e");
    sim.upload_content(alice.clone(), alice_device.clone(), content.clone(), upload)
        .await
        .unwrap();
    sim.download_content(alice.clone(), alice_device.clone(), content)
        .await
        .unwrap();
    sim.send_as(
        "bob@j.kandy.io",
        None,
        OutgoingMessage::text("alice@j.kandy.io", "from the operator"),
    )
    .unwrap();
    sim.leave_group(alice.clone(), group).await.unwrap();
    sim.set_content_limits(1 << 20, 1 << 22);
    // Concurrent calls: journaled in the order the model applied them.
    let calls = (0..8).map(|i| {
        let (sim, alice, device) = (sim.clone(), alice.clone(), alice_device.clone());
        tokio::spawn(async move {
            let text = OutgoingMessage::text("zed@j.kandy.io", format!("n{i}"));
            sim.send_message(alice, device, text).await.unwrap();
        })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replay_gives_the_same_snapshot_byte_for_byte() {
    // Unseeded: the generator's key is part of the state the entries replay over.
    let sim = Simulator::new();
    let journal = Arc::new(Memory::default());
    let base = sim.snapshot();
    sim.attach_journal(journal.clone()).unwrap();
    workload(&sim).await;
    let before = sim.snapshot().to_json();
    let entries = journal.0.lock().unwrap().clone();
    assert!(entries.len() > 30, "{} entries", entries.len());
    assert_eq!(replayed(&base, &entries).await, before);

    // A restore and a reset (which, unseeded, draws a new key) replay too.
    let middle = sim.snapshot();
    sim.reset();
    workload(&sim).await;
    sim.restore(middle).unwrap();
    sim.advance_clock(5);
    let after = sim.snapshot().to_json();
    let entries = journal.0.lock().unwrap().clone();
    assert_eq!(replayed(&base, &entries).await, after);

    // A replay from part of the journal gives the state of that moment, not the last.
    let partial = replayed(&base, &entries[..entries.len() - 1]).await;
    assert_ne!(partial, after);
    assert!(
        sim.attach_journal(journal).is_err(),
        "one journal per simulator"
    );
}

#[tokio::test]
async fn an_entry_that_is_not_one_is_refused_without_quoting_it() {
    let sim = Simulator::new();
    let error = sim
        .replay(br#"{"send_message":{"token":"UATsecret"}}"#)
        .await
        .unwrap_err();
    assert!(error.starts_with("not a journal entry"), "{error}");
    assert!(!error.contains("UATsecret"), "{error}");
    assert!(sim.replay(b"{\"no_such_change\":1}").await.is_err());
}
