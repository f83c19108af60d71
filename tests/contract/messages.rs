//! 1:1 messages end to end (#76, #77, #78): delivery to every device, order, held messages,
//! acknowledgement and remote acks. Refusals are in `message_refusals.rs`.

use crate::fixture::*;
use crate::target::Target;
use kandy_core::*;

/// A dashed, upper-case UUID, as the official SDKs send them.
pub const UUID_1: &str = "BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0";
/// Another one.
pub const UUID_2: &str = "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D";

/// Sends a text from `from`'s default device, with a fixed UUID.
pub async fn send(fx: &Fixture<'_>, from: &Member, to: &Member, uuid: &str, text: &str) {
    let message = OutgoingMessage::text(to.id(), text).with_uuid(MessageUuid::new(uuid));
    fx.api
        .send_message(from.token.clone(), from.device.clone(), message)
        .await
        .unwrap_or_else(|err| panic!("send_message {uuid}: {err}"));
}

/// Deletes handled messages on `member`'s `device`.
pub async fn ack(fx: &Fixture<'_>, member: &Member, device: &DeviceId, uuids: &[&str]) {
    let uuids = uuids.iter().map(|u| MessageUuid::new(*u)).collect();
    fx.api
        .delete_handled_messages(member.token.clone(), device.clone(), uuids)
        .await
        .unwrap_or_else(|err| panic!("delete_handled_messages: {err}"));
}

pub async fn a_message_reaches_every_device_of_the_recipient(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let tablet = fx.add_device(&fx.bob, "tablet").await;
    let now = fx.now().await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "lunch at noon?").await;
    for device in [&fx.bob.device, &tablet] {
        let pending = fx.pending(&fx.bob, device).await;
        assert_eq!(pending.len(), 1, "device {device} receives the message");
        let m = &pending[0];
        assert_eq!(m.message_type, MessageType::Chat);
        assert_eq!(m.uuid.as_str(), UUID_1, "the sender's UUID form is echoed");
        assert_eq!(m.timestamp, now, "the simulator's time in ms");
        assert_eq!(m.content_type, Some(ContentType::Text));
        assert_eq!(m.text(), Some("lunch at noon?"));
        let content = m.message.as_ref().expect("the content");
        assert_eq!(
            content.get("mimeType").and_then(|v| v.as_str()),
            Some("text/plain")
        );
        let sender = m.sender.as_ref().expect("a chat message names its sender");
        assert_eq!(sender.user_id, "alice");
        assert_eq!(sender.domain_name, DOMAIN);
        assert_eq!(sender.full_user_id, fx.alice.id());
        assert_eq!(fx.queue(device).await, pending, "the admin view agrees");
    }
    assert!(
        fx.pending(&fx.alice, &fx.alice.device).await.is_empty(),
        "not the sender"
    );
    assert!(
        fx.pending(&fx.carol, &fx.carol.device).await.is_empty(),
        "not bystanders"
    );
}

pub async fn messages_queue_in_send_order_and_are_not_deduplicated(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let start = fx.now().await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "one").await;
    t.advance_clock(1_000).await;
    send(&fx, &fx.carol, &fx.bob, UUID_2, "two").await;
    t.advance_clock(1_000).await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "one again").await;
    let pending = fx.pending(&fx.bob, &fx.bob.device).await;
    let texts: Vec<_> = pending
        .iter()
        .map(|m| m.text().unwrap_or_default())
        .collect();
    assert_eq!(
        texts,
        ["one", "two", "one again"],
        "send order; same UUID kept twice"
    );
    let times: Vec<_> = pending.iter().map(|m| m.timestamp).collect();
    assert_eq!(times, [start, start + 1_000, start + 2_000]);
    let senders: Vec<_> = pending
        .iter()
        .map(|m| m.sender.as_ref().map(|s| s.user_id.clone()))
        .collect();
    assert_eq!(
        senders,
        [
            Some("alice".into()),
            Some("carol".into()),
            Some("alice".into())
        ]
    );
}

pub async fn pending_messages_stay_until_deleted(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "hi").await;
    t.advance_clock(5_000).await;
    let now = fx.now().await;
    let first = fx
        .api
        .get_pending_messages(fx.bob.token.clone(), fx.bob.device.clone(), Some(now))
        .await
        .expect("get_pending_messages with a client timestamp");
    assert_eq!(first.server_timestamp, Some(now));
    let second = fx
        .api
        .get_pending_messages(fx.bob.token.clone(), fx.bob.device.clone(), None)
        .await
        .expect("get_pending_messages again");
    assert_eq!(first.messages, second.messages, "reading removes nothing");
    assert_eq!(second.messages.len(), 1);
    ack(&fx, &fx.bob, &fx.bob.device, &[UUID_1]).await;
    assert!(fx.pending(&fx.bob, &fx.bob.device).await.is_empty());
}

pub async fn a_device_created_after_a_send_does_not_receive_it(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "before").await;
    let tablet = fx.add_device(&fx.bob, "tablet").await;
    assert!(fx.pending(&fx.bob, &tablet).await.is_empty());
    send(&fx, &fx.alice, &fx.bob, UUID_2, "after").await;
    let on_tablet = fx.pending(&fx.bob, &tablet).await;
    assert_eq!(on_tablet.len(), 1);
    assert_eq!(on_tablet[0].text(), Some("after"));
    assert_eq!(fx.pending(&fx.bob, &fx.bob.device).await.len(), 2);
}

pub async fn messages_are_held_for_a_user_without_devices(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    fx.api
        .delete_device(fx.bob.token.clone(), fx.bob.device.clone())
        .await
        .expect("bob deletes his only device");
    assert!(
        fx.api
            .get_devices(fx.bob.token.clone())
            .await
            .expect("devices")
            .is_empty()
    );
    send(&fx, &fx.alice, &fx.bob, UUID_1, "held one").await;
    send(&fx, &fx.carol, &fx.bob, UUID_2, "held two").await;
    assert!(t.device_queue(&fx.bob.device).await.is_none());
    let phone = fx.add_device(&fx.bob, "new-phone").await;
    let pending = fx.pending(&fx.bob, &phone).await;
    let texts: Vec<_> = pending
        .iter()
        .map(|m| m.text().unwrap_or_default())
        .collect();
    assert_eq!(
        texts,
        ["held one", "held two"],
        "the first device receives everything held"
    );
    assert_eq!(pending[0].uuid.as_str(), UUID_1);
    let tablet = fx.add_device(&fx.bob, "new-tablet").await;
    assert!(
        fx.pending(&fx.bob, &tablet).await.is_empty(),
        "held messages go once"
    );
}

pub async fn deleting_handled_messages_ignores_case_dashes_and_unknown_uuids(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "one").await;
    send(&fx, &fx.alice, &fx.bob, UUID_2, "two").await;
    let undashed_lower = UUID_1.replace('-', "").to_lowercase();
    ack(&fx, &fx.bob, &fx.bob.device, &[&undashed_lower]).await;
    let left = fx.pending(&fx.bob, &fx.bob.device).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].uuid.as_str(), UUID_2);
    // Unknown UUIDs are ignored; the queue is unchanged.
    ack(
        &fx,
        &fx.bob,
        &fx.bob.device,
        &["ffffffffffffffffffffffffffffffff"],
    )
    .await;
    assert_eq!(fx.pending(&fx.bob, &fx.bob.device).await, left);
    // Upper case, dashed, mixed with an unknown one.
    ack(
        &fx,
        &fx.bob,
        &fx.bob.device,
        &[&UUID_2.to_lowercase(), UUID_1],
    )
    .await;
    assert!(fx.pending(&fx.bob, &fx.bob.device).await.is_empty());
}

pub async fn the_sending_device_gets_one_remote_ack(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let bob_tablet = fx.add_device(&fx.bob, "tablet").await;
    let alice_tablet = fx.add_device(&fx.alice, "tablet").await;
    let message = OutgoingMessage::text(fx.bob.id(), "ack me").with_uuid(MessageUuid::new(UUID_1));
    fx.api
        .send_message(fx.alice.token.clone(), alice_tablet.clone(), message)
        .await
        .expect("send from alice's tablet");
    t.advance_clock(3_000).await;
    let deleted_at = fx.now().await;
    let lower = UUID_1.to_lowercase();
    ack(&fx, &fx.bob, &fx.bob.device, &[&lower]).await;
    assert_eq!(
        fx.pending(&fx.bob, &bob_tablet).await.len(),
        1,
        "each device deletes its own"
    );
    let acks = fx.pending(&fx.alice, &alice_tablet).await;
    assert_eq!(
        acks.len(),
        1,
        "one remote ack on the sending device: {acks:?}"
    );
    let remote_ack = &acks[0];
    assert_eq!(remote_ack.message_type, MessageType::ChatRemoteAck);
    assert!(remote_ack.uuid.same_as(&MessageUuid::new(UUID_1)));
    assert_eq!(remote_ack.timestamp, deleted_at);
    assert!(
        fx.pending(&fx.alice, &fx.alice.device).await.is_empty(),
        "only the sending device is told"
    );
    // The other device deleting it, or a second delete, adds no second ack.
    t.advance_clock(1_000).await;
    ack(&fx, &fx.bob, &bob_tablet, &[UUID_1]).await;
    ack(&fx, &fx.bob, &fx.bob.device, &[UUID_1]).await;
    assert_eq!(
        fx.pending(&fx.alice, &alice_tablet).await,
        acks,
        "exactly once"
    );
    // Deleting the ack sends nothing back to bob.
    ack(&fx, &fx.alice, &alice_tablet, &[UUID_1]).await;
    assert!(fx.pending(&fx.alice, &alice_tablet).await.is_empty());
    assert!(fx.pending(&fx.bob, &fx.bob.device).await.is_empty());
    assert!(fx.pending(&fx.bob, &bob_tablet).await.is_empty());
}

pub async fn no_remote_ack_when_the_sending_device_is_gone(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let alice_tablet = fx.add_device(&fx.alice, "tablet").await;
    let message = OutgoingMessage::text(fx.bob.id(), "bye").with_uuid(MessageUuid::new(UUID_1));
    fx.api
        .send_message(fx.alice.token.clone(), alice_tablet.clone(), message)
        .await
        .expect("send");
    fx.api
        .delete_device(fx.alice.token.clone(), alice_tablet.clone())
        .await
        .expect("alice drops her tablet");
    ack(&fx, &fx.bob, &fx.bob.device, &[UUID_1]).await;
    assert!(fx.pending(&fx.bob, &fx.bob.device).await.is_empty());
    assert!(t.device_queue(&alice_tablet).await.is_none());
    assert!(
        fx.pending(&fx.alice, &fx.alice.device).await.is_empty(),
        "no ack elsewhere"
    );
}
