//! Group events: adding, removing, leaving, updating and deleting a group queue the matching
//! event on the affected members' devices, acked with #78 like any message.

use crate::fixture::*;
use crate::groups::{add, create_group};
use crate::target::Target;
use kandy_core::*;

/// The group events (`chatGroup…`) pending on a device, oldest first.
async fn events(fx: &Fixture<'_>, member: &Member, device: &DeviceId) -> Vec<IncomingMessage> {
    let mut pending = fx.pending(member, device).await;
    pending.retain(|m| m.message_type.as_str().starts_with("chatGroup"));
    pending
}

fn kinds(messages: &[IncomingMessage]) -> Vec<&str> {
    messages.iter().map(|m| m.message_type.as_str()).collect()
}

pub async fn group_changes_queue_events_for_the_affected_members(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let bob_tablet = fx.add_device(&fx.bob, "tablet").await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    assert!(
        events(&fx, &fx.alice, &fx.alice.device).await.is_empty(),
        "creating alone"
    );
    let now = fx.now().await;
    add(&fx, &fx.alice, &gid, &[&fx.bob, &fx.carol]).await;
    for (member, device) in [
        (&fx.bob, &fx.bob.device),
        (&fx.bob, &bob_tablet),
        (&fx.carol, &fx.carol.device),
    ] {
        let queued = events(&fx, member, device).await;
        assert_eq!(
            kinds(&queued),
            ["chatGroupInvite"],
            "{} on {device}",
            member.id()
        );
        let invite = &queued[0];
        assert_eq!(invite.group_id.as_ref(), Some(&gid));
        assert_eq!(invite.timestamp, now);
        let sender = invite.sender.as_ref().expect("the inviter");
        assert_eq!(sender.full_user_id, fx.alice.id());
    }
    assert!(
        events(&fx, &fx.alice, &fx.alice.device).await.is_empty(),
        "the actor hears nothing"
    );
    fx.api
        .update_group(
            fx.alice.token.clone(),
            GroupUpdate::new(gid.clone(), "Dinner"),
        )
        .await
        .expect("update_group");
    fx.api
        .leave_group(fx.carol.token.clone(), gid.clone())
        .await
        .expect("leave_group");
    let bobs = events(&fx, &fx.bob, &fx.bob.device).await;
    assert_eq!(
        kinds(&bobs),
        ["chatGroupInvite", "chatGroupUpdate", "chatGroupLeave"]
    );
    // Acked with #78 like any message; each event has its own UUID.
    let uuids: Vec<MessageUuid> = bobs.iter().map(|m| m.uuid.clone()).collect();
    assert_ne!(uuids[0], uuids[1]);
    fx.api
        .delete_handled_messages(fx.bob.token.clone(), fx.bob.device.clone(), uuids)
        .await
        .expect("ack the events");
    assert!(events(&fx, &fx.bob, &fx.bob.device).await.is_empty());
    assert_eq!(
        events(&fx, &fx.bob, &bob_tablet).await.len(),
        3,
        "per device"
    );
    // The carol who left hears nothing more; a boot reaches the booted member too.
    add(&fx, &fx.alice, &gid, &[&fx.carol]).await;
    fx.api
        .remove_group_members(fx.alice.token.clone(), gid.clone(), vec![fx.carol.id()])
        .await
        .expect("remove_group_members");
    let carols = events(&fx, &fx.carol, &fx.carol.device).await;
    assert_eq!(
        kinds(&carols),
        [
            "chatGroupInvite",
            "chatGroupUpdate",
            "chatGroupInvite",
            "chatGroupBoot"
        ]
    );
    fx.api
        .delete_group(fx.alice.token.clone(), gid.clone())
        .await
        .expect("delete_group");
    let bobs = events(&fx, &fx.bob, &fx.bob.device).await;
    assert_eq!(
        kinds(&bobs),
        ["chatGroupInvite", "chatGroupBoot", "chatGroupDelete"]
    );
    assert_eq!(
        events(&fx, &fx.carol, &fx.carol.device).await.len(),
        4,
        "no longer a member"
    );
}
