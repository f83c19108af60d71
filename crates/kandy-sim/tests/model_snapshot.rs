//! The snapshot document: versioned, strict about its fields, order-preserving, and checked
//! for consistency at restore.

mod model_fixture;

use kandy_core::*;
use kandy_sim::model::{Model, ModelConfig, ModelError, Snapshot};
use model_fixture::{DOMAIN, World, text};
use serde_json::{Value, json};

const U1: &str = "bcd2fa752c3c4fdf97d08b0a48f622f0";

/// A seeded world with users created out of alphabetical order, a group whose members joined
/// out of alphabetical order, a second device, and one 1:1 send.
struct Scene {
    w: World,
    alice: model_fixture::Member,
    zed: model_fixture::Member,
    group: GroupId,
}

fn scene() -> Scene {
    let mut w = World::with_config(ModelConfig {
        seed: Some(21),
        ..ModelConfig::default()
    });
    let alice = w.user("alice");
    let zed = w.user("zed");
    let bob = w.user("bob");
    w.model
        .create_device(&zed.token, NewDevice::new("tablet"))
        .unwrap();
    let group = w
        .model
        .create_group(&alice.token, NewGroup::new("g"))
        .unwrap()
        .group_id;
    for member in [&zed, &bob] {
        w.model
            .add_group_members(&alice.token, &group, std::slice::from_ref(&member.full_id))
            .unwrap();
    }
    w.model
        .send_message(&alice.token, &alice.device, text(&zed.full_id, "hi", U1))
        .unwrap();
    Scene {
        w,
        alice,
        zed,
        group,
    }
}

/// The model a snapshot's text restores to.
fn through_text(model: &Model) -> Model {
    let text = model.snapshot().to_json();
    Model::from_snapshot(Snapshot::from_json(&text).unwrap()).unwrap()
}

#[test]
fn the_document_starts_with_its_format() {
    let s = scene();
    let snapshot = s.w.model.snapshot();
    assert_eq!(snapshot.format(), Snapshot::FORMAT);
    assert!(snapshot.to_json().starts_with(r#"{"format":1,"config":"#));
    let mut pretty = Vec::new();
    snapshot.write_pretty_to(&mut pretty).unwrap();
    assert_eq!(Snapshot::from_slice(&pretty).unwrap(), snapshot);
}

#[test]
fn a_restart_keeps_every_order_the_model_has() {
    let s = scene();
    let mut restored = through_text(&s.w.model);
    assert_eq!(
        restored.snapshot().to_json(),
        s.w.model.snapshot().to_json()
    );
    // Users in creation order, not sorted.
    let text = restored.snapshot().to_json();
    let (a, z, b) = (
        text.find(r#""alice":{"#).unwrap(),
        text.find(r#""zed":{"#).unwrap(),
        text.find(r#""bob":{"#).unwrap(),
    );
    assert!(a < z && z < b, "users in creation order");
    // The default device stays first.
    let devices = restored.get_devices(&s.zed.token).unwrap();
    assert_eq!(devices[0].device_native_id.as_deref(), Some("default"));
    // The owner leaves: the longest-standing member (zed, who joined before bob) takes over,
    // as it would have without the restart.
    let mut original = s.w.model;
    for model in [&mut original, &mut restored] {
        model.leave_group(&s.alice.token, &s.group).unwrap();
        let group = model.get_group_by_id(&s.zed.token, &s.group).unwrap();
        let owners: Vec<_> = group
            .owners
            .iter()
            .map(|o| o.full_user_id.as_str())
            .collect();
        assert_eq!(owners, [s.zed.full_id.as_str()]);
    }
    assert_eq!(original.snapshot(), restored.snapshot());
}

/// The refusal of `edited` (a valid snapshot's value, changed), with the model unchanged.
fn domain(v: &mut Value) -> &mut Value {
    &mut v["domains"][DOMAIN]
}

fn refused(model: &mut Model, edited: Value) -> ModelError {
    let before = model.snapshot().to_json();
    let error = match Snapshot::from_value(edited) {
        Ok(snapshot) => model.restore(snapshot).unwrap_err(),
        Err(error) => error,
    };
    assert_eq!((error.status, error.http_status()), (17, 400));
    assert_eq!(model.snapshot().to_json(), before, "nothing changed");
    error
}

#[test]
fn a_newer_format_and_unknown_fields_are_refused() {
    let mut s = scene();
    let good = s.w.model.snapshot().to_value();
    let mut newer = good.clone();
    newer["format"] = json!(2);
    let error = refused(&mut s.w.model, newer);
    assert!(
        error.message.contains("format 2 is newer"),
        "{}",
        error.message
    );
    let mut older = good.clone();
    older["format"] = json!(0);
    refused(&mut s.w.model, older);
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("format");
    let error = refused(&mut s.w.model, missing);
    assert!(error.message.contains("format"), "{}", error.message);
    let mut top = good.clone();
    top["extra"] = json!(1);
    let error = refused(&mut s.w.model, top);
    assert!(
        error.message.contains("unknown field `extra`"),
        "{}",
        error.message
    );
    let mut deep = good.clone();
    deep["domains"][DOMAIN]["users"]["alice"]["nickname"] = json!("al");
    let error = refused(&mut s.w.model, deep);
    assert!(
        error.message.contains("unknown field `nickname`"),
        "{}",
        error.message
    );
    let mut in_generator = good;
    in_generator["generator"]["position"] = json!(0);
    refused(&mut s.w.model, in_generator);
}

#[test]
fn restore_refuses_broken_references_naming_the_first_problem() {
    let mut s = scene();
    let good = s.w.model.snapshot().to_value();
    let group = s.group.as_str().to_owned();

    let mut ghost_member = good.clone();
    domain(&mut ghost_member)["groups"][&group]["members"]["ghost"] =
        json!({"owner": false, "muted": false, "muted_group": false});
    let error = refused(&mut s.w.model, ghost_member);
    assert!(
        error.message.contains("member ghost, who is not a user"),
        "{}",
        error.message
    );

    let mut ownerless = good.clone();
    domain(&mut ownerless)["groups"][&group]["members"]["alice"]["owner"] = json!(false);
    let error = refused(&mut s.w.model, ownerless);
    assert!(error.message.contains("has no owner"), "{}", error.message);

    let mut token_of_nobody = good.clone();
    let (value, holder) = token_of_nobody["tokens"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .find(|(_, t)| t["holder"]["scope"] == "user")
        .unwrap();
    let value = value.clone();
    holder["holder"]["user"] = json!("ghost");
    let error = refused(&mut s.w.model, token_of_nobody);
    assert!(
        error
            .message
            .contains("ghost@example.kandy.io, who is not a user"),
        "{}",
        error.message
    );
    assert!(!error.message.contains(&value), "no token in the message");

    let mut counter_behind = good.clone();
    counter_behind["next_send"] = json!(1);
    let error = refused(&mut s.w.model, counter_behind);
    assert!(error.message.contains("not made yet"), "{}", error.message);

    let mut renumbered = good;
    let account = s.w.account.api_key.expose_secret().to_owned();
    renumbered["accounts"][&account]["number"] = json!("00000007");
    let error = refused(&mut s.w.model, renumbered);
    assert!(error.message.contains("used once"), "{}", error.message);
}

#[test]
fn restore_refuses_hunt_groups_and_sessions_naming_no_user() {
    let mut s = scene();
    let token = s.w.domain_token.clone();
    s.w.model
        .create_hunt_group(
            &token,
            NewHuntGroup::new("sales", "ring_all", "sip:sales@x"),
        )
        .unwrap();
    s.w.model
        .add_hunt_group_user(&token, "sales", "zed")
        .unwrap();
    let session =
        s.w.model
            .create_session(&s.alice.token, NewSession::new("support", "s1"))
            .unwrap();
    let good = s.w.model.snapshot().to_value();
    assert!(Model::from_snapshot(Snapshot::from_value(good.clone()).unwrap()).is_ok());

    let mut ghost_agent = good.clone();
    domain(&mut ghost_agent)["hunt_groups"]["sales"]["users"] = json!(["zed", "ghost"]);
    let error = refused(&mut s.w.model, ghost_agent);
    assert!(
        error
            .message
            .contains("hunt group sales of domain example.kandy.io names ghost, who is not a user"),
        "{}",
        error.message
    );

    let mut ghost_admin = good;
    domain(&mut ghost_admin)["sessions"][session.as_str()]["admin"] = json!("ghost");
    let error = refused(&mut s.w.model, ghost_admin);
    assert!(
        error.message.contains("names ghost, who is not a user"),
        "{}",
        error.message
    );
}

#[test]
fn long_names_in_problems_are_cut() {
    let mut s = scene();
    let mut v = s.w.model.snapshot().to_value();
    let long = "g".repeat(10_000);
    v["domains"][DOMAIN]["groups"][s.group.as_str()]["members"][&long] =
        json!({"owner": false, "muted": false, "muted_group": false});
    let error = refused(&mut s.w.model, v);
    assert!(error.message.len() < 300, "{}", error.message.len());
}

/// The JSON text of `edited`, read as a snapshot (as a state file is) and restored: refused
/// with 17, nothing changed; the error.
fn refused_text(model: &mut Model, edited: &Value) -> ModelError {
    let before = model.snapshot().to_json();
    let error = match Snapshot::from_json(&edited.to_string()) {
        Ok(snapshot) => model.restore(snapshot).unwrap_err(),
        Err(error) => error,
    };
    assert_eq!((error.status, error.http_status()), (17, 400));
    assert_eq!(model.snapshot().to_json(), before, "nothing changed");
    error
}

#[test]
fn unknown_fields_inside_contacts_group_events_and_queued_messages_are_refused() {
    let mut s = scene();
    let mut contact = NewPersonalContact::default();
    contact.contact_user_name = s.zed.full_id.clone();
    contact.contact_nickname = "z".into();
    s.w.model
        .add_personal_contact(&s.alice.token, contact)
        .unwrap();
    let good = s.w.model.snapshot().to_value();
    // The untouched document restores: the strict reading takes what the model writes.
    let restored = Snapshot::from_json(&good.to_string()).unwrap();
    Model::from_snapshot(restored).unwrap();

    let mut in_contact = good.clone();
    let contacts = in_contact["domains"][DOMAIN]["users"]["alice"]["contacts"]
        .as_object_mut()
        .unwrap();
    assert_eq!(contacts.len(), 1);
    let (_, first) = contacts.iter_mut().next().unwrap();
    first["contact_nick"] = json!("typo");
    let error = refused_text(&mut s.w.model, &in_contact);
    assert!(
        error.message.contains("unknown field `contact_nick`"),
        "{}",
        error.message
    );

    // zed's queues hold the invite of the group: an event with a misspelt field.
    let mut in_event = good.clone();
    let devices = in_event["domains"][DOMAIN]["users"]["zed"]["devices"]
        .as_object_mut()
        .unwrap();
    let queued = devices
        .values_mut()
        .flat_map(|d| d["queue"].as_array_mut().unwrap().iter_mut())
        .find(|q| q.get("event").is_some())
        .expect("a queued group event");
    queued["event"]["group_nam"] = json!("g");
    let error = refused_text(&mut s.w.model, &in_event);
    assert!(
        error.message.contains("unknown field `group_nam`"),
        "{}",
        error.message
    );

    // The queued message's public form, and its sender, are read strictly too.
    for (field, path) in [("destinaton", None), ("nickname", Some("sender"))] {
        let mut in_message = good.clone();
        let devices = in_message["domains"][DOMAIN]["users"]["zed"]["devices"]
            .as_object_mut()
            .unwrap();
        let queued = devices
            .values_mut()
            .flat_map(|d| d["queue"].as_array_mut().unwrap().iter_mut())
            .next()
            .expect("a queued message");
        let target = match path {
            Some(inner) => &mut queued["message"][inner],
            None => &mut queued["message"],
        };
        assert!(target.is_object(), "{queued}");
        target[field] = json!("x");
        let error = refused_text(&mut s.w.model, &in_message);
        assert!(
            error.message.contains(&format!("unknown field `{field}`")),
            "{}",
            error.message
        );
    }

    let mut in_sender = good;
    let devices = in_sender["domains"][DOMAIN]["users"]["zed"]["devices"]
        .as_object_mut()
        .unwrap();
    let queued = devices
        .values_mut()
        .flat_map(|d| d["queue"].as_array_mut().unwrap().iter_mut())
        .find(|q| q.get("event").is_some())
        .unwrap();
    queued["event"]["sender"]["nickname"] = json!("al");
    let error = refused_text(&mut s.w.model, &in_sender);
    assert!(
        error.message.contains("unknown field `nickname`"),
        "{}",
        error.message
    );
}
