//! Message delivery: every device, held messages, remote acks, UUID forms, and SMS.

mod model_fixture;

use kandy_core::*;
use model_fixture::{DOMAIN, World, status, text};

const U1: &str = "bcd2fa752c3c4fdf97d08b0a48f622f0";
const U2: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

#[test]
fn a_message_reaches_every_device_of_the_destination_in_send_order() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let tablet = w
        .model
        .create_device(&bob.token, NewDevice::new("tablet"))
        .unwrap();
    w.model.advance_clock(5);
    let now = w.model.now_ms();
    w.model
        .send_message(&alice.token, &alice.device, text(&bob.full_id, "one", U1))
        .unwrap();
    w.model
        .send_message(&alice.token, &alice.device, text("bob", "two", U2))
        .unwrap();
    for device in [&bob.device, &tablet] {
        let queue = w.queue(device);
        let texts: Vec<_> = queue.iter().map(|m| m.text().unwrap()).collect();
        assert_eq!(texts, ["one", "two"]);
        let first = &queue[0];
        assert_eq!(first.message_type, MessageType::Chat);
        assert_eq!(first.uuid.as_str(), U1);
        assert_eq!(first.timestamp, now);
        assert_eq!(first.content_type, Some(ContentType::Text));
        assert_eq!(first.destination.as_deref(), Some(bob.full_id.as_str()));
        let sender = first.sender.as_ref().unwrap();
        assert_eq!(sender.full_user_id, format!("alice@{DOMAIN}"));
        assert_eq!(sender.user_id, "alice");
        assert_eq!(sender.domain_name, DOMAIN);
        assert_eq!(
            serde_json::to_value(first).unwrap()["timestamp"],
            now.to_string()
        );
    }
    assert!(w.queue(&alice.device).is_empty());
}

#[test]
fn pending_messages_stay_until_deleted_and_carry_the_server_time() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    w.model
        .send_message(&alice.token, &alice.device, text(&bob.full_id, "hi", U1))
        .unwrap();
    w.model.advance_clock(1234);
    for _ in 0..2 {
        let pending = w
            .model
            .get_pending_messages(&bob.token, &bob.device, Some(1))
            .unwrap();
        assert_eq!(pending.messages.len(), 1);
        assert_eq!(pending.server_timestamp, Some(w.model.now_ms()));
    }
}

#[test]
fn a_user_without_devices_holds_messages_for_its_next_device() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    w.model.delete_device(&bob.token, &bob.device).unwrap();
    assert!(w.model.get_devices(&bob.token).unwrap().is_empty());
    assert_eq!(w.model.device_queue(&bob.device), None);
    for (body, uuid) in [("first", U1), ("second", U2)] {
        w.model
            .send_message(&alice.token, &alice.device, text(&bob.full_id, body, uuid))
            .unwrap();
    }
    let phone = w
        .model
        .create_device(&bob.token, NewDevice::new("phone"))
        .unwrap();
    let texts: Vec<_> = w
        .queue(&phone)
        .iter()
        .map(|m| m.text().unwrap().to_owned())
        .collect();
    assert_eq!(texts, ["first", "second"]);
    // The held messages went to that first device only.
    let tablet = w
        .model
        .create_device(&bob.token, NewDevice::new("tablet"))
        .unwrap();
    assert!(w.queue(&tablet).is_empty());
}

#[test]
fn the_sender_gets_one_chat_remote_ack_on_the_first_deletion() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let tablet = w
        .model
        .create_device(&bob.token, NewDevice::new("tablet"))
        .unwrap();
    let dashed = "BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0";
    w.model
        .send_message(
            &alice.token,
            &alice.device,
            text(&bob.full_id, "hi", dashed),
        )
        .unwrap();
    w.model.advance_clock(10);
    let acked_at = w.model.now_ms();
    w.model
        .delete_handled_messages(&bob.token, &bob.device, &[MessageUuid::new(U1)])
        .unwrap();
    assert!(w.queue(&bob.device).is_empty());
    let acks = w.queue(&alice.device);
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].message_type, MessageType::ChatRemoteAck);
    assert_eq!(acks[0].uuid.as_str(), dashed, "the sender's form is echoed");
    assert_eq!(acks[0].timestamp, acked_at);
    assert!(acks[0].sender.is_none() && acks[0].message.is_none());
    // The second device deleting the same message sends no second ack.
    w.model
        .delete_handled_messages(&bob.token, &tablet, &[MessageUuid::new(dashed)])
        .unwrap();
    assert_eq!(w.queue(&alice.device).len(), 1);
    // Deleting the ack itself acks nothing.
    w.model
        .delete_handled_messages(&alice.token, &alice.device, &[MessageUuid::new(dashed)])
        .unwrap();
    assert!(w.queue(&alice.device).is_empty());
    assert!(w.queue(&bob.device).is_empty());
}

#[test]
fn deletion_matches_uuids_without_case_or_dashes_and_ignores_unknown_ones() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    w.model
        .send_message(&alice.token, &alice.device, text(&bob.full_id, "a", U1))
        .unwrap();
    w.model
        .send_message(&alice.token, &alice.device, text(&bob.full_id, "b", U2))
        .unwrap();
    let upper_dashed = MessageUuid::new("BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0");
    let unknown = MessageUuid::new("ffffffffffffffffffffffffffffffff");
    w.model
        .delete_handled_messages(&bob.token, &bob.device, &[upper_dashed, unknown])
        .unwrap();
    let left: Vec<_> = w
        .queue(&bob.device)
        .iter()
        .map(|m| m.uuid.clone())
        .collect();
    assert_eq!(left, [MessageUuid::new(U2)]);
}

#[test]
fn sends_are_not_deduplicated_by_uuid() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    for _ in 0..2 {
        w.model
            .send_message(&alice.token, &alice.device, text(&bob.full_id, "again", U1))
            .unwrap();
    }
    assert_eq!(w.queue(&bob.device).len(), 2);
    w.model
        .delete_handled_messages(&bob.token, &bob.device, &[MessageUuid::new(U1)])
        .unwrap();
    assert!(w.queue(&bob.device).is_empty());
    assert_eq!(w.queue(&alice.device).len(), 2, "one ack per send");
}

#[test]
fn an_ack_for_a_deleted_sending_device_goes_nowhere() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    w.model
        .send_message(&alice.token, &alice.device, text(&bob.full_id, "hi", U1))
        .unwrap();
    w.model.delete_device(&alice.token, &alice.device).unwrap();
    w.model
        .delete_handled_messages(&bob.token, &bob.device, &[MessageUuid::new(U1)])
        .unwrap();
    let phone = w
        .model
        .create_device(&alice.token, NewDevice::new("new"))
        .unwrap();
    assert!(w.queue(&phone).is_empty());
}

#[test]
fn malformed_sends_and_deletions_are_refused() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let send = |w: &mut World, message: OutgoingMessage| {
        status(w.model.send_message(&alice.token, &alice.device, message))
    };
    let sticker = OutgoingMessage::new(
        &bob.full_id,
        ContentType::Unknown("sticker".into()),
        MessageContent::new(),
    )
    .with_uuid(MessageUuid::new(U1));
    assert_eq!(send(&mut w, sticker), 710);
    assert_eq!(send(&mut w, text(&bob.full_id, "x", "not-a-uuid")), 710);
    assert_eq!(send(&mut w, text("", "x", U1)), 15);
    assert_eq!(send(&mut w, text("nobody", "x", U1)), 53);
    assert_eq!(send(&mut w, text("bob@elsewhere.io", "x", U1)), 53);
    let empty_device = DeviceId::new("");
    assert_eq!(
        status(
            w.model
                .send_message(&alice.token, &empty_device, text(&bob.full_id, "x", U1))
        ),
        16
    );
    assert_eq!(
        status(
            w.model
                .send_message(&alice.token, &bob.device, text(&bob.full_id, "x", U1))
        ),
        11
    );
    let unknown_device = DeviceId::new("00000000000000000000000000000000");
    assert_eq!(
        status(
            w.model
                .send_message(&alice.token, &unknown_device, text(&bob.full_id, "x", U1))
        ),
        53
    );
    assert_eq!(
        status(
            w.model
                .delete_handled_messages(&bob.token, &bob.device, &[])
        ),
        16
    );
    assert_eq!(
        status(
            w.model
                .delete_handled_messages(&bob.token, &bob.device, &[MessageUuid::new("zz")])
        ),
        710
    );
    assert!(w.queue(&bob.device).is_empty());
}

#[test]
fn sms_goes_to_the_outbox_with_its_sender_and_device() {
    let mut w = World::new();
    let alice = w.user("alice");
    w.model
        .send_sms(
            &alice.token,
            &alice.device,
            OutgoingSms::new("+14155550100", "late"),
        )
        .unwrap();
    w.model
        .send_sms(
            &alice.token,
            &alice.device,
            OutgoingSms::new("14155550100", "again").source("+14155550199"),
        )
        .unwrap();
    let outbox = w.model.sms_outbox();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[0].destination, "+14155550100");
    assert_eq!(outbox[0].text, "late");
    assert_eq!(outbox[0].source, None);
    assert_eq!(outbox[0].sender.as_deref(), Some(alice.full_id.as_str()));
    assert_eq!(outbox[0].device_id.as_ref(), Some(&alice.device));
    assert_eq!(outbox[0].timestamp, w.model.now_ms());
    assert_eq!(outbox[1].source.as_deref(), Some("+14155550199"));
    for bad in ["12345", "+1 415 555 0100", "phone"] {
        let sms = OutgoingSms::new(bad, "x");
        assert_eq!(
            status(w.model.send_sms(&alice.token, &alice.device, sms)),
            16,
            "{bad}"
        );
    }
    let empty = OutgoingSms::new("+14155550100", "");
    assert_eq!(
        status(w.model.send_sms(&alice.token, &alice.device, empty)),
        15
    );
    assert_eq!(w.model.sms_outbox().len(), 2);
    // Nothing was delivered as a message.
    assert!(w.queue(&alice.device).is_empty());
}
