//! The in-process `Simulator`: `KandyApi` over the model, inspection and administration.

use kandy_core::*;
use kandy_sim::{Simulator, Snapshot};
use serde_json::json;

/// An account, a domain, and alice and bob logged in with their default devices.
struct Setup {
    sim: Simulator,
    domain_token: DomainAccessToken,
    alice: (UserAccessToken, DeviceId),
    bob: (UserAccessToken, DeviceId),
}

async fn setup(sim: Simulator) -> Setup {
    let account = sim.create_account();
    let token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(token, NewDomain::new("sim.kandy.io"))
        .await
        .unwrap();
    let domain_token = sim
        .get_domain_access_token(
            domain.domain_api_key.clone(),
            domain.domain_api_secret.clone(),
        )
        .await
        .unwrap();
    let mut users = Vec::new();
    for id in ["alice", "bob"] {
        sim.create_user_by_user_id(domain_token.clone(), NewUser::new(id))
            .await
            .unwrap();
        let token = sim
            .get_user_access_token(
                domain.domain_api_key.clone(),
                domain.domain_api_secret.clone(),
                id.to_owned(),
            )
            .await
            .unwrap();
        let device = sim.get_devices(token.clone()).await.unwrap()[0].id.clone();
        users.push((token, device));
    }
    let bob = users.pop().unwrap();
    let alice = users.pop().unwrap();
    Setup {
        sim,
        domain_token,
        alice,
        bob,
    }
}

fn hello() -> OutgoingMessage {
    OutgoingMessage::text("bob@sim.kandy.io", "hello")
        .with_uuid(MessageUuid::new("bcd2fa752c3c4fdf97d08b0a48f622f0"))
}

#[tokio::test]
async fn refusals_name_the_operation_and_claim_no_http_status() {
    let s = setup(Simulator::new()).await;
    let error = s
        .sim
        .get_pending_messages(s.alice.0.clone(), s.bob.1.clone(), None)
        .await
        .unwrap_err();
    assert_eq!(error.operation(), Some("get_pending_messages"));
    assert_eq!(
        error.api_status(),
        Some(kandy_core::ApiStatus::PERMISSION_DENIED)
    );
    assert_eq!(error.http_status(), None);
    assert_eq!(error.kind(), ErrorKind::Auth);
    let missing = s
        .sim
        .send_message(
            s.alice.0.clone(),
            s.alice.1.clone(),
            OutgoingMessage::text("ghost", "x"),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.operation(), Some("send_message"));
    assert_eq!(
        (missing.api_status(), missing.http_status()),
        (Some(kandy_core::ApiStatus::DOES_NOT_EXIST), None)
    );
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    assert!(!missing.to_string().contains(s.alice.0.expose_secret()));
}

#[tokio::test]
async fn a_message_round_trip_through_the_trait() {
    let s = setup(Simulator::new()).await;
    let api: &dyn KandyApi = &s.sim;
    api.send_message(s.alice.0.clone(), s.alice.1.clone(), hello())
        .await
        .unwrap();
    let pending = api
        .get_pending_messages(s.bob.0.clone(), s.bob.1.clone(), None)
        .await
        .unwrap();
    assert_eq!(pending.messages.len(), 1);
    assert_eq!(s.sim.device_queue(&s.bob.1).unwrap(), pending.messages);
    api.delete_handled_messages(s.bob.0.clone(), s.bob.1.clone(), vec![hello().uuid])
        .await
        .unwrap();
    let acks = s.sim.device_queue(&s.alice.1).unwrap();
    assert_eq!(acks[0].message_type, MessageType::ChatRemoteAck);
    assert_eq!(s.sim.device_queue(&DeviceId::new("nothing")), None);
}

#[tokio::test]
async fn clones_and_fault_free_views_share_one_state() {
    let s = setup(Simulator::new()).await;
    let clone = s.sim.clone();
    let view = s.sim.without_faults();
    view.send_sms(
        s.alice.0.clone(),
        s.alice.1.clone(),
        OutgoingSms::new("+14155550100", "x"),
    )
    .await
    .unwrap();
    assert_eq!(clone.sms_outbox().len(), 1);
    assert_eq!(s.sim.sms_outbox()[0].text, "x");
    clone.advance_clock(500);
    assert_eq!(view.now_ms(), s.sim.now_ms());
}

#[tokio::test]
async fn the_clock_drives_expiry_through_the_builder_settings() {
    let sim = Simulator::builder()
        .seed(4)
        .start_time_ms(1_000)
        .token_ttl_ms(60_000)
        .build();
    let s = setup(sim).await;
    assert_eq!(s.sim.now_ms(), 1_000);
    s.sim.advance_clock(60_000);
    let error = s.sim.get_users(s.domain_token.clone()).await.unwrap_err();
    assert!(error.is_token_expired());
    assert_eq!(error.operation(), Some("get_users"));
}

#[tokio::test]
async fn two_simulators_with_one_seed_and_the_same_calls_agree_byte_for_byte() {
    let a = setup(Simulator::builder().seed(11).build()).await;
    let b = setup(Simulator::builder().seed(11).build()).await;
    for s in [&a, &b] {
        s.sim
            .send_message(s.alice.0.clone(), s.alice.1.clone(), hello())
            .await
            .unwrap();
    }
    let text = |s: &Setup| serde_json::to_string(&s.sim.snapshot()).unwrap();
    assert_eq!(text(&a), text(&b));
    let c = setup(Simulator::builder().seed(12).build()).await;
    assert_ne!(text(&a), text(&c));
}

#[tokio::test]
async fn restore_and_reset() {
    let s = setup(Simulator::builder().seed(5).build()).await;
    let snapshot = s.sim.snapshot();
    s.sim
        .send_message(s.alice.0.clone(), s.alice.1.clone(), hello())
        .await
        .unwrap();
    let after_send = s.sim.snapshot();
    assert!(Snapshot::from_value(json!({"not": "a state"})).is_err());
    // A send counted before it was made: well formed, inconsistent.
    let mut bad = after_send.to_value();
    bad["next_send"] = json!(1);
    let error = s
        .sim
        .restore(Snapshot::from_value(bad).unwrap())
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadArgument);
    assert!(error.to_string().contains("send 1"), "{error}");
    assert_eq!(s.sim.snapshot(), after_send);
    s.sim.restore(snapshot.clone()).unwrap();
    assert_eq!(s.sim.snapshot(), snapshot);
    assert!(s.sim.device_queue(&s.bob.1).unwrap().is_empty());
    s.sim.reset();
    assert_eq!(
        s.sim.snapshot(),
        Simulator::builder().seed(5).build().snapshot()
    );
    let gone = s.sim.get_devices(s.alice.0.clone()).await.unwrap_err();
    assert_eq!(
        gone.api_status(),
        Some(kandy_core::ApiStatus::INVALID_CREDENTIALS)
    );
}

#[tokio::test]
async fn accounts_made_by_hand_are_checked() {
    let sim = Simulator::new();
    let made = sim
        .create_account_with(
            AccountApiKey::new("AAKfixture1"),
            AccountApiSecret::new("AASfixture1"),
        )
        .unwrap();
    assert!(
        sim.get_account_access_token(made.api_key.clone(), made.api_secret.clone())
            .await
            .is_ok()
    );
    let taken = sim
        .create_account_with(made.api_key, AccountApiSecret::new("AASother"))
        .unwrap_err();
    assert_eq!(
        (taken.api_status(), taken.http_status()),
        (Some(kandy_core::ApiStatus::ALREADY_EXISTS), None)
    );
    let malformed = sim
        .create_account_with(AccountApiKey::new("key"), AccountApiSecret::new("AASx"))
        .unwrap_err();
    assert_eq!(
        malformed.api_status(),
        Some(kandy_core::ApiStatus::INVALID_PARAMETER_VALUE)
    );
    let generated = sim.create_account();
    assert_ne!(generated.api_key, AccountApiKey::new("AAKfixture1"));
}

/// `(step, message_type, full_user_id, device_id)` of a message's recorded events.
fn life(sim: &Simulator, uuid: &MessageUuid) -> Vec<(String, String, String, Option<String>)> {
    sim.message_history(uuid)
        .events
        .into_iter()
        .map(|e| {
            let step = serde_json::to_value(e.step).unwrap();
            (
                step.as_str().unwrap().to_owned(),
                e.message_type,
                e.full_user_id,
                e.device_id,
            )
        })
        .collect()
}

#[tokio::test]
async fn the_history_records_holds_group_messages_and_sends_as_but_no_refusal() {
    let s = setup(Simulator::new()).await;
    let (alice, alice_device) = s.alice.clone();
    let (bob, bob_device) = s.bob.clone();
    let (a, b) = ("alice@sim.kandy.io", "bob@sim.kandy.io");
    // Bob without a device: the message is held for him.
    s.sim
        .delete_device(bob.clone(), bob_device.clone())
        .await
        .unwrap();
    let held = hello();
    s.sim
        .send_message(alice.clone(), alice_device.clone(), held.clone())
        .await
        .unwrap();
    assert_eq!(
        life(&s.sim, &held.uuid),
        vec![
            (
                "sent".into(),
                "chat".into(),
                a.into(),
                Some(alice_device.as_str().into())
            ),
            ("held".into(), "chat".into(), b.into(), None),
        ]
    );
    // A refused send (no such destination) records nothing.
    let refused = OutgoingMessage::text("carol@sim.kandy.io", "nobody");
    assert!(
        s.sim
            .send_message(alice.clone(), alice_device.clone(), refused.clone())
            .await
            .is_err()
    );
    assert!(life(&s.sim, &refused.uuid).is_empty());

    // A group message: sent (from no device), queued on the members' devices.
    let device = s
        .sim
        .create_device(bob.clone(), NewDevice::new("phone"))
        .await
        .unwrap();
    let group = s
        .sim
        .create_group(alice.clone(), NewGroup::new("team"))
        .await
        .unwrap();
    s.sim
        .add_group_members(alice.clone(), group.group_id.clone(), vec![b.into()])
        .await
        .unwrap();
    let message = OutgoingGroupMessage::text(group.group_id.clone(), "hi team");
    s.sim
        .send_group_message(alice.clone(), message.clone())
        .await
        .unwrap();
    let steps = life(&s.sim, &message.uuid);
    assert_eq!(
        steps[0],
        ("sent".into(), "groupChat".into(), a.into(), None),
        "{steps:?}"
    );
    assert!(
        steps.contains(&(
            "queued".into(),
            "groupChat".into(),
            b.into(),
            Some(device.as_str().into())
        )),
        "{steps:?}"
    );

    // The operator's send-as is a send from the user's first device.
    let poke = OutgoingMessage::text(b, "poke");
    s.sim.send_as(a, None, poke.clone()).unwrap();
    assert_eq!(
        life(&s.sim, &poke.uuid)[0],
        (
            "sent".into(),
            "chat".into(),
            a.into(),
            Some(alice_device.as_str().into())
        )
    );
    // A snapshot does not hold the history; a restore empties it.
    let snapshot = s.sim.snapshot();
    assert!(!snapshot.to_json().contains("\"step\""));
    s.sim.restore(snapshot).unwrap();
    assert!(life(&s.sim, &poke.uuid).is_empty());
}
