//! Bounded resources: each limit refuses with quota 12 (HTTP 429) or too large 17 (HTTP 413),
//! changes nothing, and dangling state goes with its owner.

mod model_fixture;

use kandy_core::*;
use kandy_sim::model::{Limits, Model, ModelConfig, ModelError};
use model_fixture::{World, text};

fn world(change: impl FnOnce(&mut Limits)) -> World {
    let mut w = World::with_config(ModelConfig {
        seed: Some(1),
        ..ModelConfig::default()
    });
    let mut limits = Limits::default();
    change(&mut limits);
    w.model.set_limits(limits);
    w
}

fn uuid(n: u32) -> String {
    format!("{n:032x}")
}

/// A refusal that changed nothing; its status pair and message.
fn refused<T: std::fmt::Debug>(
    model: &mut Model,
    call: impl FnOnce(&mut Model) -> Result<T, ModelError>,
) -> (i64, u16, String) {
    let before = model.snapshot();
    let error = call(model).expect_err("refused");
    assert_eq!(
        model.snapshot(),
        before,
        "nothing changed: {}",
        error.message
    );
    (error.status, error.http_status(), error.message)
}

#[test]
fn the_defaults_are_far_above_a_test_suite() {
    let limits = Limits::default();
    assert!(limits.devices_per_user >= 1_000);
    assert!(limits.queued_per_device >= 100_000);
    assert!(limits.queued_total >= 1_000_000);
    assert!(limits.message_bytes >= 1024 * 1024);
    assert!(limits.users_per_domain >= 100_000);
    assert!(limits.tokens_per_user >= 1_000);
    assert_eq!(Model::default().limits(), limits);
}

#[test]
fn devices_per_user() {
    let mut w = world(|l| l.devices_per_user = 2);
    let alice = w.user("alice");
    w.model
        .create_device(&alice.token, NewDevice::new("second"))
        .unwrap();
    let (status, http, message) = refused(&mut w.model, |m| {
        m.create_device(&alice.token, NewDevice::new("third"))
    });
    assert_eq!((status, http), (12, 429), "{message}");
}

#[test]
fn queued_messages_per_device_and_in_total() {
    let mut w = world(|l| l.queued_per_device = 2);
    let alice = w.user("alice");
    let bob = w.user("bob");
    for n in 0..2 {
        w.model
            .send_message(
                &alice.token,
                &alice.device,
                text(&bob.full_id, "x", &uuid(n)),
            )
            .unwrap();
    }
    let (status, http, _) = refused(&mut w.model, |m| {
        m.send_message(
            &alice.token,
            &alice.device,
            text(&bob.full_id, "x", &uuid(9)),
        )
    });
    assert_eq!((status, http), (12, 429));
    // Handling one makes room again.
    w.model
        .delete_handled_messages(&bob.token, &bob.device, &[MessageUuid::new(uuid(0))])
        .unwrap();
    w.model
        .send_message(
            &alice.token,
            &alice.device,
            text(&bob.full_id, "x", &uuid(9)),
        )
        .unwrap();

    let mut w = world(|l| l.queued_total = 3);
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    for (n, to) in [&bob, &carol, &bob].into_iter().enumerate() {
        w.model
            .send_message(
                &alice.token,
                &alice.device,
                text(&to.full_id, "x", &uuid(n as u32)),
            )
            .unwrap();
    }
    let (status, http, message) = refused(&mut w.model, |m| {
        m.send_message(
            &alice.token,
            &alice.device,
            text(&carol.full_id, "x", &uuid(7)),
        )
    });
    assert_eq!((status, http), (12, 429), "{message}");
    // Deleting a user frees its queues in the count.
    w.model
        .delete_user(&UserDeletion::ByUserId {
            token: w.domain_token.clone(),
            user_id: "bob".into(),
        })
        .unwrap();
    w.model
        .send_message(
            &alice.token,
            &alice.device,
            text(&carol.full_id, "x", &uuid(7)),
        )
        .unwrap();
}

#[test]
fn message_size_is_17_and_413() {
    let mut w = world(|l| l.message_bytes = 1_000);
    let alice = w.user("alice");
    let bob = w.user("bob");
    let big = "x".repeat(2_000);
    let (status, http, message) = refused(&mut w.model, |m| {
        m.send_message(
            &alice.token,
            &alice.device,
            text(&bob.full_id, &big, &uuid(1)),
        )
    });
    assert_eq!((status, http), (17, 413));
    assert!(message.len() < 100, "the content is not quoted: {message}");
    let error = w
        .model
        .send_message(
            &alice.token,
            &alice.device,
            text(&bob.full_id, &big, &uuid(1)),
        )
        .unwrap_err()
        .into_error("send_message");
    assert_eq!(error.http_status(), Some(413), "the SDK error says 413 too");
    w.model
        .send_message(
            &alice.token,
            &alice.device,
            text(&bob.full_id, "small", &uuid(1)),
        )
        .unwrap();
}

#[test]
fn recipients_per_send_counts_every_device_reached() {
    let mut w = world(|l| l.recipients_per_send = 3);
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    w.model
        .create_device(&bob.token, NewDevice::new("tablet"))
        .unwrap();
    let group = w
        .model
        .create_group(&alice.token, NewGroup::new("g"))
        .unwrap()
        .group_id;
    let members = [bob.full_id.clone(), carol.full_id.clone()];
    w.model
        .add_group_members(&alice.token, &group, &members)
        .unwrap();
    // bob's 2 devices and carol's 1: within the limit.
    w.model
        .send_group_message(&alice.token, OutgoingGroupMessage::text(group.clone(), "a"))
        .unwrap();
    w.model
        .create_device(&carol.token, NewDevice::new("tablet"))
        .unwrap();
    // carol's queue holds the group's invite and the first message; the refusal adds nothing.
    let before = w.model.device_queue(&carol.device).unwrap().len();
    let (status, http, message) = refused(&mut w.model, |m| {
        m.send_group_message(&alice.token, OutgoingGroupMessage::text(group.clone(), "b"))
    });
    assert_eq!((status, http), (12, 429), "{message}");
    assert_eq!(w.model.device_queue(&carol.device).unwrap().len(), before);
    assert_eq!(before, 2);
}

#[test]
fn users_per_domain() {
    let mut w = world(|l| l.users_per_domain = 2);
    w.user("alice");
    w.user("bob");
    let token = w.domain_token.clone();
    let (status, http, _) = refused(&mut w.model, |m| {
        m.create_user_by_user_id(&token, NewUser::new("carol"))
    });
    assert_eq!((status, http), (12, 429));
    let (status, _, _) = refused(&mut w.model, |m| m.create_anonymous_user(&token));
    assert_eq!(status, 12, "and no name was drawn for it");
}

#[test]
fn tokens_per_user_purge_the_expired_ones_first() {
    let mut w = world(|l| l.tokens_per_user = 2);
    let alice = w.user("alice"); // holds one token
    let (key, secret) = (
        w.domain.domain_api_key.clone(),
        w.domain.domain_api_secret.clone(),
    );
    let second = w
        .model
        .get_user_access_token(&key, &secret, "alice")
        .unwrap();
    let (status, http, message) = refused(&mut w.model, |m| {
        m.get_user_access_token(&key, &secret, "alice")
    });
    assert_eq!((status, http), (12, 429), "{message}");
    // Once both have expired, a new one takes the place of the expired ones.
    w.model
        .advance_clock(kandy_sim::model::DEFAULT_TOKEN_TTL_MS);
    let third = w
        .model
        .get_user_access_token(&key, &secret, "alice")
        .unwrap();
    w.model.get_devices(&third).unwrap();
    for old in [&alice.token, &second] {
        assert_eq!(w.model.get_devices(old).unwrap_err().status, 55, "purged");
    }
}

#[test]
fn remote_acks_go_with_the_devices_and_users_they_name() {
    let mut w = world(|_| {});
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    let phone = w
        .model
        .create_device(&alice.token, NewDevice::new("phone"))
        .unwrap();
    w.model
        .send_message(&alice.token, &phone, text(&bob.full_id, "x", &uuid(1)))
        .unwrap();
    w.model
        .send_message(
            &alice.token,
            &alice.device,
            text(&carol.full_id, "x", &uuid(2)),
        )
        .unwrap();
    let acks = |m: &Model| {
        m.snapshot().to_value()["remote_acks"]
            .as_object()
            .unwrap()
            .len()
    };
    assert_eq!(acks(&w.model), 2);
    // The sending device goes: its ack can never be delivered.
    w.model.delete_device(&alice.token, &phone).unwrap();
    assert_eq!(acks(&w.model), 1);
    // The recipient goes: no deletion can trigger the other.
    w.model
        .delete_user(&UserDeletion::ByUserId {
            token: w.domain_token.clone(),
            user_id: "carol".into(),
        })
        .unwrap();
    assert_eq!(acks(&w.model), 0);
}

#[test]
fn a_restore_keeps_the_limits_in_force() {
    let mut w = world(|l| l.devices_per_user = 1);
    let snapshot = w.model.snapshot();
    w.model.restore(snapshot).unwrap();
    assert_eq!(w.model.limits().devices_per_user, 1);
    w.model.reset();
    assert_eq!(w.model.limits().devices_per_user, 1);
}

#[test]
fn refusals_quote_only_a_short_prefix_of_a_bad_value() {
    let mut w = world(|_| {});
    let alice = w.user("alice");
    let long_uuid = "a".repeat(10_000);
    let error = w
        .model
        .send_message(&alice.token, &alice.device, text("bob", "x", &long_uuid))
        .unwrap_err();
    assert!(error.message.len() < 200, "{}", error.message.len());
    let dashed = format!("{}{}", "-".repeat(100_000), uuid(1));
    let error = w
        .model
        .send_message(
            &alice.token,
            &alice.device,
            text(&alice.full_id, "x", &dashed),
        )
        .unwrap_err();
    assert_eq!(error.status, 710, "a dashed UUID is not stored");
    let destination = "d".repeat(10_000);
    let error = w
        .model
        .send_message(
            &alice.token,
            &alice.device,
            text(&destination, "x", &uuid(1)),
        )
        .unwrap_err();
    assert!(error.message.len() < 200, "{}", error.message.len());
}

/// Fills `device`'s queue up to `count` messages sent by `from`.
fn fill_queue(w: &mut World, from: &model_fixture::Member, to: &str, count: u32) {
    for n in 0..count {
        w.model
            .send_message(&from.token, &from.device, text(to, "x", &uuid(1000 + n)))
            .unwrap();
    }
}

#[test]
fn group_events_respect_the_queue_limit_per_device() {
    let mut w = world(|l| l.queued_per_device = 3);
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    let group = w
        .model
        .create_group(&alice.token, NewGroup::new("g"))
        .unwrap()
        .group_id;
    // bob's queue: the invite, then two messages: full.
    w.model
        .add_group_members(&alice.token, &group, std::slice::from_ref(&bob.full_id))
        .unwrap();
    fill_queue(&mut w, &alice, &bob.full_id, 2);
    assert_eq!(w.queue(&bob.device).len(), 3);

    // Every event that would reach bob's full queue is refused and changes nothing.
    let invite = refused(&mut w.model, |m| {
        m.add_group_members(&alice.token, &group, std::slice::from_ref(&carol.full_id))
    });
    let update = refused(&mut w.model, |m| {
        m.update_group(&alice.token, GroupUpdate::new(group.clone(), "renamed"))
    });
    let leave = refused(&mut w.model, |m| m.leave_group(&alice.token, &group));
    let delete = refused(&mut w.model, |m| m.delete_group(&alice.token, &group));
    for (status, http, message) in [invite, update, leave, delete] {
        assert_eq!((status, http), (12, 429), "{message}");
        assert!(message.contains("bob@"), "{message}");
    }
    // A boot reaches every member but the owner: bob (full) too.
    let (status, http, message) = refused(&mut w.model, |m| {
        m.remove_group_members(&alice.token, &group, std::slice::from_ref(&bob.full_id))
    });
    assert_eq!((status, http), (12, 429), "{message}");

    // Room again: bob handles a message, and the event goes through.
    let first = w.queue(&bob.device)[1].uuid.clone();
    w.model
        .delete_handled_messages(&bob.token, &bob.device, &[first])
        .unwrap();
    w.model
        .update_group(&alice.token, GroupUpdate::new(group.clone(), "renamed"))
        .unwrap();
    assert_eq!(w.queue(&bob.device).len(), 3);
}

#[test]
fn group_events_respect_the_total_queue_limit() {
    let mut w = world(|l| l.queued_total = 4);
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    let group = w
        .model
        .create_group(&alice.token, NewGroup::new("g"))
        .unwrap()
        .group_id;
    let members = [bob.full_id.clone(), carol.full_id.clone()];
    // Two invites queued (bob's and carol's), then one message: 3 of 4.
    w.model
        .add_group_members(&alice.token, &group, &members)
        .unwrap();
    fill_queue(&mut w, &alice, &bob.full_id, 1);
    // An update reaches two queues: 5 > 4.
    let (status, http, message) = refused(&mut w.model, |m| {
        m.update_group(&alice.token, GroupUpdate::new(group.clone(), "renamed"))
    });
    assert_eq!((status, http), (12, 429), "{message}");
    assert!(message.contains("most allowed is 4"), "{message}");
    // bob leaving reaches alice and carol: also two.
    let (status, _, _) = refused(&mut w.model, |m| m.leave_group(&bob.token, &group));
    assert_eq!(status, 12);
}
