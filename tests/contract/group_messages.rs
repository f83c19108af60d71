//! Group messages (#62): fan-out to every member's devices but the sender's.

use crate::check::*;
use crate::fixture::*;
use crate::groups::{add, create_group};
use crate::messages::{UUID_1, UUID_2, ack};
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

async fn send_group(fx: &Fixture<'_>, from: &Member, group: &GroupId, uuid: &str, text: &str) {
    let message = OutgoingGroupMessage::text(group.clone(), text).with_uuid(MessageUuid::new(uuid));
    fx.api
        .send_group_message(from.token.clone(), message)
        .await
        .unwrap_or_else(|err| panic!("send_group_message: {err}"));
}

/// A device's pending group messages (its group events left out: `group_events.rs`).
async fn group_chats(fx: &Fixture<'_>, member: &Member, device: &DeviceId) -> Vec<IncomingMessage> {
    let mut pending = fx.pending(member, device).await;
    pending.retain(|m| m.message_type == MessageType::GroupChat);
    pending
}

pub async fn a_group_message_reaches_every_member_device_but_the_senders(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let erin = fx.add_user("erin", ("Erin", "Outsider")).await;
    let bob_tablet = fx.add_device(&fx.bob, "tablet").await;
    let alice_tablet = fx.add_device(&fx.alice, "tablet").await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob, &fx.carol]).await;
    let now = fx.now().await;
    send_group(&fx, &fx.alice, &gid, UUID_1, "table for three").await;
    for (member, device) in [
        (&fx.bob, &fx.bob.device),
        (&fx.bob, &bob_tablet),
        (&fx.carol, &fx.carol.device),
    ] {
        let pending = group_chats(&fx, member, device).await;
        assert_eq!(pending.len(), 1, "{} on {device}", member.id());
        let m = &pending[0];
        assert_eq!(m.message_type, MessageType::GroupChat);
        assert_eq!(m.group_id.as_ref(), Some(&gid));
        assert_eq!(m.uuid.as_str(), UUID_1);
        assert_eq!(m.timestamp, now);
        assert_eq!(m.text(), Some("table for three"));
        assert_eq!(m.content_type, Some(ContentType::Text));
        let sender = m.sender.as_ref().expect("a group message names its sender");
        assert_eq!(sender.full_user_id, fx.alice.id());
        assert_eq!(sender.user_id, "alice");
        assert_eq!(sender.domain_name, DOMAIN);
    }
    for device in [&fx.alice.device, &alice_tablet] {
        assert!(
            group_chats(&fx, &fx.alice, device).await.is_empty(),
            "the sender is skipped"
        );
    }
    assert!(
        group_chats(&fx, &erin, &erin.device).await.is_empty(),
        "non-members get nothing"
    );
}

pub async fn any_member_may_send_and_removed_members_stop_receiving(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob, &fx.carol]).await;
    send_group(&fx, &fx.bob, &gid, UUID_1, "from bob").await;
    assert_eq!(group_chats(&fx, &fx.alice, &fx.alice.device).await.len(), 1);
    assert_eq!(group_chats(&fx, &fx.carol, &fx.carol.device).await.len(), 1);
    assert!(group_chats(&fx, &fx.bob, &fx.bob.device).await.is_empty());
    fx.api
        .remove_group_members(fx.alice.token.clone(), gid.clone(), vec![fx.carol.id()])
        .await
        .expect("carol is removed");
    send_group(&fx, &fx.alice, &gid, UUID_2, "without carol").await;
    assert_eq!(
        group_chats(&fx, &fx.carol, &fx.carol.device).await.len(),
        1,
        "only the first"
    );
    let bobs = group_chats(&fx, &fx.bob, &fx.bob.device).await;
    assert_eq!(bobs.len(), 1);
    assert_eq!(bobs[0].text(), Some("without carol"));
}

pub async fn deleting_a_group_message_sends_no_remote_ack(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    send_group(&fx, &fx.alice, &gid, UUID_1, "no ack for this").await;
    ack(&fx, &fx.bob, &fx.bob.device, &[UUID_1]).await;
    assert!(group_chats(&fx, &fx.bob, &fx.bob.device).await.is_empty());
    assert!(
        group_chats(&fx, &fx.alice, &fx.alice.device)
            .await
            .is_empty(),
        "acks are for chat only"
    );
}

pub async fn send_group_message_refuses_non_members_and_bad_messages(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    let op = &op::SEND_GROUP_MESSAGE;
    let send_as = |member: &Member, message: OutgoingGroupMessage| {
        fx.api.send_group_message(member.token.clone(), message)
    };
    let text = |id: &GroupId| OutgoingGroupMessage::text(id.clone(), "hi");
    refused(t, op, 702, || send_as(&fx.carol, text(&gid))).await;
    refused(t, op, 700, || {
        send_as(&fx.alice, text(&GroupId::new("0".repeat(32))))
    })
    .await;
    let mut sticker = text(&gid);
    sticker.content_type = ContentType::Unknown("sticker".into());
    refused(t, op, 710, || send_as(&fx.alice, sticker)).await;
    let bad_uuid = text(&gid).with_uuid(MessageUuid::new("not-a-uuid"));
    refused(t, op, 710, || send_as(&fx.alice, bad_uuid)).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api.send_group_message(revoked.clone(), text(&gid))
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || send_as(&fx.alice, text(&gid))).await;
    assert!(
        fx.queue(&fx.bob.device)
            .await
            .iter()
            .all(|m| m.message_type != MessageType::GroupChat),
        "nothing was delivered"
    );
}
