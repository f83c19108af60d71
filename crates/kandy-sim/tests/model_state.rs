//! Determinism, snapshots, reset, and refused calls that change nothing.

mod model_fixture;

use kandy_core::*;
use kandy_sim::model::{Model, ModelConfig, ModelError, Snapshot};
use model_fixture::{World, text};

const U1: &str = "bcd2fa752c3c4fdf97d08b0a48f622f0";

/// A scenario touching every store; returns the model.
fn scenario(seed: u64) -> Model {
    let mut w = World::with_config(ModelConfig {
        seed: Some(seed),
        ..ModelConfig::default()
    });
    let alice = w.user("alice");
    let bob = w.user("bob");
    w.model
        .create_user_by_phone_number(&w.domain_token, NewPhoneUser::new("3524096582", "US"))
        .unwrap();
    w.model.create_anonymous_user(&w.domain_token).unwrap();
    let tablet = w
        .model
        .create_device(&bob.token, NewDevice::new("tablet"))
        .unwrap();
    w.model.advance_clock(1_000);
    w.model
        .send_message(&alice.token, &alice.device, text(&bob.full_id, "hi", U1))
        .unwrap();
    w.model
        .delete_handled_messages(&bob.token, &tablet, &[MessageUuid::new(U1)])
        .unwrap();
    let group = w
        .model
        .create_group(&alice.token, NewGroup::new("g"))
        .unwrap();
    w.model
        .add_group_members(
            &alice.token,
            &group.group_id,
            std::slice::from_ref(&bob.full_id),
        )
        .unwrap();
    w.model
        .add_personal_contact(&alice.token, NewPersonalContact::new(&bob.full_id, "Bobby"))
        .unwrap();
    let book = vec![NewDeviceContact::new(
        vec!["13524096582".into()],
        "Phone",
        "User",
    )];
    w.model
        .upload_device_address_book(&alice.token, &alice.device, book)
        .unwrap();
    w.model
        .send_sms(
            &alice.token,
            &alice.device,
            OutgoingSms::new("+14155550100", "x"),
        )
        .unwrap();
    w.model
        .send_verification_sms(&w.domain_token, "4155550100", "US")
        .unwrap();
    w.model
}

fn bytes(model: &Model) -> String {
    model.snapshot().to_json()
}

#[test]
fn the_same_seed_and_calls_give_byte_identical_snapshots() {
    assert_eq!(bytes(&scenario(9)), bytes(&scenario(9)));
    assert_ne!(bytes(&scenario(9)), bytes(&scenario(10)));
}

#[test]
fn a_restored_snapshot_gives_the_same_json_and_continues_the_same_way() {
    let mut original = scenario(3);
    let snapshot = original.snapshot();
    let mut restored = Model::from_snapshot(snapshot.clone()).unwrap();
    assert_eq!(restored.snapshot(), snapshot);
    // Through text too, as the server stores it.
    let text_form = snapshot.to_json();
    let reparsed = Model::from_snapshot(Snapshot::from_json(&text_form).unwrap()).unwrap();
    assert_eq!(bytes(&reparsed), text_form);
    // The generator continues where it was: the next account is the same in both.
    assert_eq!(original.create_account(), restored.create_account());
    assert_eq!(bytes(&original), bytes(&restored));
}

#[test]
fn restore_refuses_invalid_snapshots_and_keeps_the_state() {
    let mut model = scenario(1);
    let before = bytes(&model);
    for bad in ["null", r#"{"format": 1, "config": {}}"#, r#""snapshot""#] {
        let error: ModelError = Snapshot::from_json(bad).unwrap_err();
        assert_eq!((error.status, error.http_status()), (17, 400));
    }
    let mut duplicated = model.snapshot().to_value();
    let domain = &mut duplicated["domains"]["example.kandy.io"];
    let alice_devices = domain["users"]["alice"]["devices"].clone();
    domain["users"]["bob"]["devices"] = alice_devices;
    let duplicated = Snapshot::from_value(duplicated).unwrap();
    {
        let error: ModelError = model.restore(duplicated).unwrap_err();
        assert_eq!((error.status, error.http_status()), (17, 400));
        assert_eq!(bytes(&model), before);
    }
}

#[test]
fn reset_gives_a_new_model() {
    let mut model = scenario(5);
    let config = model.config();
    model.reset();
    assert_eq!(bytes(&model), bytes(&Model::new(config)));
    assert_eq!(model.now_ms(), config.start_time_ms);
}

#[test]
fn refused_calls_change_nothing() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let group = w
        .model
        .create_group(&alice.token, NewGroup::new("g"))
        .unwrap()
        .group_id;
    let before = bytes(&w.model);
    let bad_token = UserAccessToken::new("UATnothing");
    let m = &mut w.model;
    let refusals: Vec<(i64, Result<(), ModelError>)> = vec![
        (
            51,
            m.create_user_by_user_id(&w.domain_token, NewUser::new("a b"))
                .map(drop),
        ),
        (
            50,
            m.create_user_by_user_id(&w.domain_token, NewUser::new("alice"))
                .map(drop),
        ),
        (
            14,
            m.create_user_by_user_id(
                &w.domain_token,
                NewUser::new("carol").password(UserPassword::new("short")),
            )
            .map(drop),
        ),
        (
            54,
            m.create_user_by_user_id(&w.domain_token, NewUser::new("carol").country_code("XX"))
                .map(drop),
        ),
        (
            2001,
            m.create_domain(&w.account_token, NewDomain::new("example.kandy.io"))
                .map(drop),
        ),
        (55, m.get_devices(&bad_token).map(drop)),
        (
            11,
            m.get_pending_messages(&alice.token, &bob.device, None)
                .map(drop),
        ),
        (
            53,
            m.send_message(&alice.token, &alice.device, text("nobody", "x", U1)),
        ),
        (
            702,
            m.send_group_message(&bob.token, OutgoingGroupMessage::text(group.clone(), "x")),
        ),
        (
            701,
            m.add_group_members(&alice.token, &group, &["ghost".into()]),
        ),
        (16, m.delete_handled_messages(&bob.token, &bob.device, &[])),
        (
            15,
            m.add_personal_contact(&alice.token, NewPersonalContact::new("", "nick"))
                .map(drop),
        ),
        (
            53,
            m.get_last_seen(&PresenceKey::User(alice.token.clone()), &["ghost".into()])
                .map(drop),
        ),
    ];
    for (expected, result) in refusals {
        assert_eq!(result.unwrap_err().status, expected);
    }
    assert_eq!(bytes(&w.model), before, "a refused call changed the state");
}

#[test]
fn last_seen_is_the_time_of_the_last_successful_user_call() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let ask = |w: &mut World| {
        w.model
            .get_last_seen(
                &PresenceKey::Domain(w.domain_token.clone()),
                std::slice::from_ref(&alice.full_id),
            )
            .unwrap()
            .users[0]
            .last_seen
    };
    let never = ask(&mut w);
    w.model.advance_clock(100);
    w.model.get_devices(&alice.token).unwrap();
    let seen = w.model.now_ms();
    assert!(never < seen);
    assert_eq!(ask(&mut w), seen);
    w.model.advance_clock(100);
    // A refused call with a valid token does not count.
    assert!(
        w.model
            .get_pending_messages(&alice.token, &bob.device, None)
            .is_err()
    );
    assert_eq!(ask(&mut w), seen);
}

#[test]
fn debug_output_names_no_secret() {
    let mut w = World::new();
    let alice = w.user("alice");
    let printed = format!("{:?}", w.model);
    for secret in [
        w.account.api_secret.expose_secret(),
        w.domain.domain_api_secret.expose_secret(),
        w.domain_token.expose_secret(),
        alice.token.expose_secret(),
    ] {
        assert!(!printed.contains(secret), "{printed}");
    }
    assert!(printed.contains("users: 1"), "{printed}");
}
