//! Group membership: add (#57), remove (#58), leave (#59), mute (#60, #61), ownership.

use crate::check::*;
use crate::fixture::*;
use crate::groups::{add, create_group, ids, read};
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn owners_add_members_once(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob, &fx.carol]).await;
    let seen = read(&fx, &fx.carol, &gid).await;
    assert_eq!(ids(&seen.members).len(), 3);
    for member in [&fx.alice, &fx.bob, &fx.carol] {
        assert!(
            ids(&seen.members).contains(&member.id()),
            "{} is a member",
            member.id()
        );
    }
    assert_eq!(
        ids(&seen.owners),
        [fx.alice.id()],
        "adding makes members, not owners"
    );
    let before = read(&fx, &fx.alice, &gid).await;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    assert_eq!(
        read(&fx, &fx.alice, &gid).await,
        before,
        "adding a member twice adds nothing"
    );
}

pub async fn add_group_members_refuses_strangers_and_non_owners(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    let op = &op::ADD_GROUP_MEMBERS;
    let add_as = |member: &Member, id: &GroupId, who: Vec<String>| {
        fx.api
            .add_group_members(member.token.clone(), id.clone(), who)
    };
    // One unknown user refuses the whole call: carol is not added either.
    let with_stranger = vec![fx.carol.id(), format!("nobody@{DOMAIN}")];
    refused(t, op, 701, || add_as(&fx.alice, &gid, with_stranger)).await;
    refused(t, op, 701, || add_as(&fx.alice, &gid, vec![dave.id()])).await;
    refused(t, op, 11, || add_as(&fx.bob, &gid, vec![fx.carol.id()])).await;
    refused(t, op, 702, || add_as(&fx.carol, &gid, vec![fx.carol.id()])).await;
    refused(t, op, 700, || {
        add_as(
            &fx.alice,
            &GroupId::new("0".repeat(32)),
            vec![fx.carol.id()],
        )
    })
    .await;
    refused(t, op, 16, || add_as(&fx.alice, &gid, vec![])).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api
            .add_group_members(revoked.clone(), gid.clone(), vec![fx.carol.id()])
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || add_as(&fx.alice, &gid, vec![fx.carol.id()])).await;
}

pub async fn a_group_holds_at_most_fifty_members(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Crowd").await.group_id;
    let mut users = Vec::new();
    for i in 0..50 {
        let new = NewUser::new(format!("user{i:02}"));
        let user = fx
            .api
            .create_user_by_user_id(fx.domain.token.clone(), new)
            .await
            .unwrap_or_else(|err| panic!("user{i:02}: {err}"));
        users.push(user.full_user_id);
    }
    let add_ids = |who: &[String]| {
        fx.api
            .add_group_members(fx.alice.token.clone(), gid.clone(), who.to_vec())
    };
    add_ids(&users[..48]).await.expect("alice and 48 others");
    let op = &op::ADD_GROUP_MEMBERS;
    // 51 in all: refused whole, neither is added.
    refused(t, op, 16, || add_ids(&users[48..50])).await;
    add_ids(&users[48..49]).await.expect("the 50th member");
    let full = read(&fx, &fx.alice, &gid).await;
    assert_eq!(full.members.len(), 50);
    refused(t, op, 16, || add_ids(&users[49..50])).await;
    add_ids(&users[0..1])
        .await
        .expect("adding a member again adds nothing, so a full group accepts it");
    assert_eq!(read(&fx, &fx.alice, &gid).await.members.len(), 50);
}

pub async fn owners_remove_members(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob, &fx.carol]).await;
    let op = &op::REMOVE_GROUP_MEMBERS;
    let remove = |member: &Member, id: &GroupId, who: Vec<String>| {
        fx.api
            .remove_group_members(member.token.clone(), id.clone(), who)
    };
    refused(t, op, 11, || remove(&fx.bob, &gid, vec![fx.carol.id()])).await;
    refused(t, op, 701, || {
        remove(&fx.alice, &gid, vec![format!("nobody@{DOMAIN}")])
    })
    .await;
    refused(t, op, 700, || {
        remove(&fx.alice, &GroupId::new("0".repeat(32)), vec![fx.bob.id()])
    })
    .await;
    refused(t, op, 16, || remove(&fx.alice, &gid, vec![])).await;
    remove(&fx.alice, &gid, vec![fx.bob.id()])
        .await
        .expect("the owner removes bob");
    let seen = read(&fx, &fx.carol, &gid).await;
    assert_eq!(ids(&seen.members).len(), 2);
    assert!(!ids(&seen.members).contains(&fx.bob.id()));
    refused(t, &op::GET_GROUP_BY_ID, 702, || {
        fx.api.get_group_by_id(fx.bob.token.clone(), gid.clone())
    })
    .await;
    refused(t, op, 702, || remove(&fx.bob, &gid, vec![fx.carol.id()])).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api
            .remove_group_members(revoked.clone(), gid.clone(), vec![fx.carol.id()])
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || remove(&fx.alice, &gid, vec![fx.carol.id()])).await;
}

pub async fn members_leave_and_ownership_passes_to_the_longest_standing(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    t.advance_clock(10).await;
    add(&fx, &fx.alice, &gid, &[&fx.carol]).await;
    let op = &op::LEAVE_GROUP;
    let leave = |member: &Member| fx.api.leave_group(member.token.clone(), gid.clone());
    leave(&fx.alice).await.expect("the owner leaves");
    let seen = read(&fx, &fx.bob, &gid).await;
    assert_eq!(
        ids(&seen.owners),
        [fx.bob.id()],
        "bob has been a member longest"
    );
    assert!(!ids(&seen.members).contains(&fx.alice.id()));
    refused(t, op, 702, || leave(&fx.alice)).await;
    refused(t, op, 700, || {
        fx.api
            .leave_group(fx.bob.token.clone(), GroupId::new("0".repeat(32)))
    })
    .await;
    leave(&fx.bob).await.expect("bob leaves");
    assert_eq!(
        ids(&read(&fx, &fx.carol, &gid).await.owners),
        [fx.carol.id()]
    );
    leave(&fx.carol).await.expect("the last member leaves");
    refused(t, &op::GET_GROUP_BY_ID, 700, || {
        fx.api.get_group_by_id(fx.carol.token.clone(), gid.clone())
    })
    .await;
    let gid2 = create_group(&fx, &fx.alice, "Again").await.group_id;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api.leave_group(revoked.clone(), gid2.clone())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || {
        fx.api.leave_group(fx.alice.token.clone(), gid2.clone())
    })
    .await;
}

pub async fn deleting_the_owner_passes_ownership_on(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.carol]).await;
    t.advance_clock(10).await;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    fx.api
        .delete_user(UserDeletion::ByUserId {
            token: fx.domain.token.clone(),
            user_id: "alice".into(),
        })
        .await
        .expect("delete alice");
    let seen = read(&fx, &fx.bob, &gid).await;
    assert_eq!(
        ids(&seen.owners),
        [fx.carol.id()],
        "carol has been a member longest"
    );
    assert_eq!(ids(&seen.members).len(), 2);
    assert!(
        !ids(&seen.members).contains(&fx.alice.id()),
        "memberships go with the user"
    );
}

pub async fn members_mute_a_group_for_themselves(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob]).await;
    let mute = |member: &Member, id: &GroupId, on: bool| {
        fx.api.mute_group(member.token.clone(), id.clone(), on)
    };
    mute(&fx.bob, &gid, true)
        .await
        .expect("a member mutes the group");
    assert!(read(&fx, &fx.bob, &gid).await.muted, "muted for bob");
    assert!(!read(&fx, &fx.alice, &gid).await.muted, "not for alice");
    let bobs = fx
        .api
        .get_groups(fx.bob.token.clone())
        .await
        .expect("bob's groups");
    assert!(bobs[0].muted, "the list shows the caller's mute state too");
    mute(&fx.bob, &gid, false).await.expect("and unmutes it");
    assert!(!read(&fx, &fx.bob, &gid).await.muted);
    let op = &op::MUTE_GROUP;
    refused(t, op, 702, || mute(&fx.carol, &gid, true)).await;
    refused(t, op, 700, || {
        mute(&fx.bob, &GroupId::new("0".repeat(32)), true)
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.bob).await;
    refused(t, op, 55, || {
        fx.api.mute_group(revoked.clone(), gid.clone(), true)
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || mute(&fx.bob, &gid, true)).await;
}

pub async fn owners_mute_members(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let gid = create_group(&fx, &fx.alice, "Lunch").await.group_id;
    add(&fx, &fx.alice, &gid, &[&fx.bob, &fx.carol]).await;
    let mute = |member: &Member, who: Vec<String>, on: bool| {
        fx.api
            .mute_group_members(member.token.clone(), gid.clone(), who, on)
    };
    mute(&fx.alice, vec![fx.bob.id()], true)
        .await
        .expect("the owner mutes bob");
    let muted_of = |group: &Group, id: &str| {
        group
            .members
            .iter()
            .find(|m| m.full_user_id == id)
            .map(|m| m.muted)
            .unwrap_or_else(|| panic!("{id} is a member"))
    };
    let seen = read(&fx, &fx.carol, &gid).await;
    assert!(muted_of(&seen, &fx.bob.id()));
    assert!(!muted_of(&seen, &fx.carol.id()));
    assert!(!muted_of(&seen, &fx.alice.id()));
    mute(&fx.alice, vec![fx.bob.id()], false)
        .await
        .expect("and unmutes him");
    assert!(!muted_of(&read(&fx, &fx.carol, &gid).await, &fx.bob.id()));
    let op = &op::MUTE_GROUP_MEMBERS;
    refused(t, op, 11, || mute(&fx.bob, vec![fx.carol.id()], true)).await;
    refused(t, op, 701, || {
        mute(&fx.alice, vec![format!("nobody@{DOMAIN}")], true)
    })
    .await;
    refused(t, op, 16, || mute(&fx.alice, vec![], true)).await;
    refused(t, op, 700, || {
        fx.api.mute_group_members(
            fx.alice.token.clone(),
            GroupId::new("0".repeat(32)),
            vec![fx.bob.id()],
            true,
        )
    })
    .await;
    fx.api
        .leave_group(fx.carol.token.clone(), gid.clone())
        .await
        .expect("carol leaves");
    refused(t, op, 702, || mute(&fx.carol, vec![fx.bob.id()], true)).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api
            .mute_group_members(revoked.clone(), gid.clone(), vec![fx.bob.id()], true)
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || mute(&fx.alice, vec![fx.bob.id()], true)).await;
}
