//! Chat groups themselves: create (#53), list (#52), read (#54), update (#55), delete (#56).

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

/// Creates a group owned by `owner`.
pub async fn create_group(fx: &Fixture<'_>, owner: &Member, name: &str) -> Group {
    fx.api
        .create_group(owner.token.clone(), NewGroup::new(name))
        .await
        .unwrap_or_else(|err| panic!("create_group {name}: {err}"))
}

/// Adds members, one call.
pub async fn add(fx: &Fixture<'_>, owner: &Member, group: &GroupId, members: &[&Member]) {
    let ids = members.iter().map(|m| m.id()).collect();
    fx.api
        .add_group_members(owner.token.clone(), group.clone(), ids)
        .await
        .unwrap_or_else(|err| panic!("add_group_members: {err}"));
}

/// The group as `member` sees it.
pub async fn read(fx: &Fixture<'_>, member: &Member, group: &GroupId) -> Group {
    fx.api
        .get_group_by_id(member.token.clone(), group.clone())
        .await
        .unwrap_or_else(|err| panic!("get_group_by_id as {}: {err}", member.id()))
}

/// The `full_user_id`s of a list of owners or members.
pub fn ids(list: &[GroupMember]) -> Vec<String> {
    list.iter().map(|m| m.full_user_id.clone()).collect()
}

pub async fn create_group_returns_the_full_group(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    t.advance_clock(1_234).await;
    let now = fx.now().await;
    let group = create_group(&fx, &fx.alice, "Lunch club").await;
    assert!(
        is_lower_hex(group.group_id.as_str(), 32),
        "group ids are 32 lowercase hex"
    );
    assert_eq!(group.group_name, "Lunch club");
    assert_eq!(group.group_image, serde_json::json!({}));
    assert_eq!(group.max_members, 50);
    assert_eq!(
        ids(&group.owners),
        [fx.alice.id()],
        "the creator is the first owner"
    );
    assert_eq!(ids(&group.members), [fx.alice.id()], "and a member");
    assert_eq!(group.creation_time, now);
    assert!(!group.muted);
    assert_eq!(read(&fx, &fx.alice, &group.group_id).await, group);
    let second = create_group(&fx, &fx.alice, "Lunch club").await;
    assert_ne!(second.group_id, group.group_id, "names need not be unique");
}

pub async fn create_group_refuses_bad_input_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::CREATE_GROUP;
    let create = |token: &UserAccessToken, name: &str| {
        fx.api.create_group(token.clone(), NewGroup::new(name))
    };
    // An empty name is missing (3 on the group endpoints) or invalid (16).
    refused_with(t, op, &[3, 16], || create(&fx.alice.token, "")).await;
    refused(t, op, 55, || create(&unknown("UAT").into(), "g")).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || create(&revoked, "g")).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || create(&fx.alice.token, "g")).await;
}

pub async fn get_groups_lists_the_callers_groups(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let lunch = create_group(&fx, &fx.alice, "Lunch").await;
    let chess = create_group(&fx, &fx.bob, "Chess").await;
    add(&fx, &fx.alice, &lunch.group_id, &[&fx.bob]).await;
    let names = |groups: Vec<Group>| {
        let mut names: Vec<_> = groups.into_iter().map(|g| g.group_name).collect();
        names.sort();
        names
    };
    let list = |member: &Member| fx.api.get_groups(member.token.clone());
    assert_eq!(names(list(&fx.alice).await.expect("alice's")), ["Lunch"]);
    assert_eq!(
        names(list(&fx.bob).await.expect("bob's")),
        ["Chess", "Lunch"]
    );
    assert!(list(&fx.carol).await.expect("carol's").is_empty());
    let bobs = list(&fx.bob).await.expect("bob's");
    let seen = bobs
        .iter()
        .find(|g| g.group_id == chess.group_id)
        .expect("chess");
    assert_eq!(ids(&seen.owners), [fx.bob.id()]);
}

pub async fn get_groups_refuses_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_GROUPS;
    refused(t, op, 55, || fx.api.get_groups(unknown("UAT").into())).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || fx.api.get_groups(revoked.clone())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || fx.api.get_groups(fx.alice.token.clone())).await;
}

pub async fn get_group_by_id_needs_membership(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let group = create_group(&fx, &fx.alice, "Lunch").await;
    add(&fx, &fx.alice, &group.group_id, &[&fx.bob]).await;
    let seen = read(&fx, &fx.bob, &group.group_id).await;
    assert_eq!(ids(&seen.members).len(), 2, "any member may read the group");
    let op = &op::GET_GROUP_BY_ID;
    let get =
        |member: &Member, id: &GroupId| fx.api.get_group_by_id(member.token.clone(), id.clone());
    refused(t, op, 702, || get(&fx.carol, &group.group_id)).await;
    refused(t, op, 700, || get(&fx.alice, &GroupId::new("0".repeat(32)))).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api
            .get_group_by_id(revoked.clone(), group.group_id.clone())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || get(&fx.alice, &group.group_id)).await;
}

pub async fn update_group_renames_for_owners_only(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let group = create_group(&fx, &fx.alice, "Lunch").await;
    let gid = group.group_id.clone();
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    let mut update = GroupUpdate::new(gid.clone(), "Dinner");
    update.group_image = serde_json::json!({"url": "dinner.png"});
    fx.api
        .update_group(fx.alice.token.clone(), update)
        .await
        .expect("the owner renames the group");
    let seen = read(&fx, &fx.bob, &gid).await;
    assert_eq!(seen.group_name, "Dinner");
    assert_eq!(seen.group_image, serde_json::json!({"url": "dinner.png"}));
    assert_eq!(seen.creation_time, group.creation_time);
    let op = &op::UPDATE_GROUP;
    let rename = |member: &Member, id: &GroupId, name: &str| {
        fx.api
            .update_group(member.token.clone(), GroupUpdate::new(id.clone(), name))
    };
    refused(t, op, 11, || rename(&fx.bob, &gid, "Bob's")).await;
    refused(t, op, 702, || rename(&fx.carol, &gid, "Carol's")).await;
    refused(t, op, 700, || {
        rename(&fx.alice, &GroupId::new("0".repeat(32)), "x")
    })
    .await;
    refused_with(t, op, &[3, 16], || rename(&fx.alice, &gid, "")).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api
            .update_group(revoked.clone(), GroupUpdate::new(gid.clone(), "x"))
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || rename(&fx.alice, &gid, "x")).await;
}

pub async fn delete_group_is_for_owners_only(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let group = create_group(&fx, &fx.alice, "Lunch").await;
    let gid = group.group_id.clone();
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    let op = &op::DELETE_GROUP;
    let delete =
        |member: &Member, id: &GroupId| fx.api.delete_group(member.token.clone(), id.clone());
    refused(t, op, 11, || delete(&fx.bob, &gid)).await;
    refused(t, op, 702, || delete(&fx.carol, &gid)).await;
    refused(t, op, 700, || {
        delete(&fx.alice, &GroupId::new("0".repeat(32)))
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api.delete_group(revoked.clone(), gid.clone())
    })
    .await;
    delete(&fx.alice, &gid)
        .await
        .expect("the owner deletes the group");
    refused(t, &op::GET_GROUP_BY_ID, 700, || {
        fx.api.get_group_by_id(fx.alice.token.clone(), gid.clone())
    })
    .await;
    let bobs = fx
        .api
        .get_groups(fx.bob.token.clone())
        .await
        .expect("bob's groups");
    assert!(bobs.is_empty(), "a deleted group is gone for every member");
    refused(t, op, 700, || delete(&fx.alice, &gid)).await;
    let other = create_group(&fx, &fx.alice, "Other").await;
    fx.expire_tokens().await;
    refused(t, op, 10, || delete(&fx.alice, &other.group_id)).await;
}

/// docs/SIMULATOR.md: groups belong to their domain; to a user of another domain a group
/// does not exist (700), so its existence does not leak across domains.
pub async fn group_calls_from_another_domain_are_denied(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    let (api, tok, g) = (fx.api, || dave.token.clone(), || gid.clone());
    let denied = &[700];
    let bob = || vec![fx.bob.id()];
    assert!(
        api.get_groups(tok())
            .await
            .expect("dave's groups")
            .is_empty()
    );
    refused_with(t, &op::GET_GROUP_BY_ID, denied, || {
        api.get_group_by_id(tok(), g())
    })
    .await;
    let rename = || api.update_group(tok(), GroupUpdate::new(g(), "Dave's"));
    refused_with(t, &op::UPDATE_GROUP, denied, rename).await;
    refused_with(t, &op::DELETE_GROUP, denied, || {
        api.delete_group(tok(), g())
    })
    .await;
    let join = || api.add_group_members(tok(), g(), vec![dave.id()]);
    refused_with(t, &op::ADD_GROUP_MEMBERS, denied, join).await;
    let kick = || api.remove_group_members(tok(), g(), bob());
    refused_with(t, &op::REMOVE_GROUP_MEMBERS, denied, kick).await;
    refused_with(t, &op::LEAVE_GROUP, denied, || api.leave_group(tok(), g())).await;
    refused_with(t, &op::MUTE_GROUP, denied, || {
        api.mute_group(tok(), g(), true)
    })
    .await;
    let hush = || api.mute_group_members(tok(), g(), bob(), true);
    refused_with(t, &op::MUTE_GROUP_MEMBERS, denied, hush).await;
    let say = || api.send_group_message(tok(), OutgoingGroupMessage::text(g(), "hi"));
    refused_with(t, &op::SEND_GROUP_MESSAGE, denied, say).await;
}
