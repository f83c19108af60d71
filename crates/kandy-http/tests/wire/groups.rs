//! #52–#62.

use crate::support::*;
use kandy_core::{GroupId, GroupUpdate, KandyApi, MessageUuid, NewGroup, OutgoingGroupMessage};
use serde_json::json;

fn members() -> Vec<String> {
    vec!["u1@d.com".into(), "u2@d.com".into()]
}

#[tokio::test]
async fn get_groups_52() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/chatgroups").query(&[("key", UAT)]),
        success(json!({"groups": [group_sample()]})),
    )
    .await;
    let groups = w.ok(w.client.get_groups(uat()).await).await;
    assert_eq!(groups[0].max_members, 50);
    assert_eq!(groups[0].owners[0].full_user_id, "admin1@kandy.com");
    assert_eq!(groups[0].creation_time, 1_426_176_529_057);
}

#[tokio::test]
async fn create_group_53() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/chatgroups")
            .query(&[("key", UAT)])
            .body(json!({"group_name": "asd", "group_image": {}})),
        success(group_sample()),
    )
    .await;
    let group = w
        .ok(w.client.create_group(uat(), NewGroup::new("asd")).await)
        .await;
    assert_eq!(group.group_id.as_str(), "834f42eb5a1144a3b679f2d0be20112c");
    assert!(!group.muted);
}

#[tokio::test]
async fn get_group_by_id_54() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/chatgroups/chatgroup").query(&[("key", UAT), ("group_id", GROUP)]),
        success(group_sample()),
    )
    .await;
    let group = w
        .ok(w.client.get_group_by_id(uat(), GroupId::new(GROUP)).await)
        .await;
    assert_eq!(group.members[0].full_user_id, "member1@kandy.com");
}

#[tokio::test]
async fn update_group_55() {
    let w = Wire::start().await;
    w.expect(
        Expect::put("users/chatgroups/chatgroup")
            .query(&[("key", UAT), ("group_id", GROUP)])
            .body(json!({"group_id": GROUP, "group_name": "renamed", "group_image": {}})),
        done("success"),
    )
    .await;
    let update = GroupUpdate::new(GroupId::new(GROUP), "renamed");
    w.ok(w.client.update_group(uat(), update).await).await;
}

#[tokio::test]
async fn delete_group_56() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/chatgroups/chatgroup").query(&[("key", UAT), ("group_id", GROUP)]),
        done("success"),
    )
    .await;
    w.ok(w.client.delete_group(uat(), GroupId::new(GROUP)).await)
        .await;
}

#[tokio::test]
async fn add_group_members_57() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/chatgroups/chatgroup/members")
            .query(&[("key", UAT), ("group_id", GROUP)])
            .body(json!({"members": ["u1@d.com", "u2@d.com"]})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .add_group_members(uat(), GroupId::new(GROUP), members())
        .await)
        .await;
}

#[tokio::test]
async fn remove_group_members_58() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/chatgroups/chatgroup/members").query(&[
            ("key", UAT),
            ("group_id", GROUP),
            ("members", r#"["u1@d.com","u2@d.com"]"#),
        ]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .remove_group_members(uat(), GroupId::new(GROUP), members())
        .await)
        .await;
}

#[tokio::test]
async fn leave_group_59() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/chatgroups/chatgroup/members/membership")
            .query(&[("key", UAT), ("group_id", GROUP)]),
        done("success"),
    )
    .await;
    w.ok(w.client.leave_group(uat(), GroupId::new(GROUP)).await)
        .await;
}

#[tokio::test]
async fn mute_group_60() {
    let w = Wire::start().await;
    w.expect(
        Expect::put("users/chatgroups/chatgroup/mute").query(&[
            ("key", UAT),
            ("mute", "true"),
            ("group_id", GROUP),
        ]),
        done("success"),
    )
    .await;
    w.expect(
        Expect::put("users/chatgroups/chatgroup/mute").query(&[
            ("key", UAT),
            ("mute", "false"),
            ("group_id", GROUP),
        ]),
        done("success"),
    )
    .await;
    w.ok(w.client.mute_group(uat(), GroupId::new(GROUP), true).await)
        .await;
    w.ok(w.client.mute_group(uat(), GroupId::new(GROUP), false).await)
        .await;
}

#[tokio::test]
async fn mute_group_members_61() {
    let w = Wire::start().await;
    w.expect(
        Expect::put("users/chatgroups/chatgroup/members/mute")
            .query(&[("key", UAT)])
            .body(json!({"group_id": GROUP, "members": ["u1@d.com", "u2@d.com"], "mute": true})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .mute_group_members(uat(), GroupId::new(GROUP), members(), true)
        .await)
        .await;
}

#[tokio::test]
async fn send_group_message_62() {
    let w = Wire::start().await;
    let uuid = "BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0";
    w.expect(
        Expect::post("users/chatgroups/chatgroup/messages")
            .query(&[("key", UAT)])
            .body(
                json!({"message": {"contentType": "text", "group_id": GROUP, "UUID": uuid,
                                     "message": {"mimeType": "text/plain", "text": "hi"}}}),
            ),
        done("success"),
    )
    .await;
    let message =
        OutgoingGroupMessage::text(GroupId::new(GROUP), "hi").with_uuid(MessageUuid::new(uuid));
    w.ok(w.client.send_group_message(uat(), message).await)
        .await;
}
