//! Chat groups: owners, members, the 50-member cap, fan-out, succession and mutes.

mod model_fixture;

use kandy_core::*;
use kandy_sim::model::MAX_GROUP_MEMBERS;
use model_fixture::{Member, World, status};

const U1: &str = "bcd2fa752c3c4fdf97d08b0a48f622f0";

fn group_with(w: &mut World, owner: &Member, members: &[&Member]) -> GroupId {
    let group = w
        .model
        .create_group(&owner.token, NewGroup::new("team"))
        .unwrap();
    let names: Vec<String> = members.iter().map(|m| m.full_id.clone()).collect();
    if !names.is_empty() {
        w.model
            .add_group_members(&owner.token, &group.group_id, &names)
            .unwrap();
    }
    group.group_id
}

fn say(group: &GroupId, body: &str) -> OutgoingGroupMessage {
    OutgoingGroupMessage::text(group.clone(), body).with_uuid(MessageUuid::new(U1))
}

#[test]
fn the_creator_is_the_first_owner_and_a_member() {
    let mut w = World::new();
    let alice = w.user("alice");
    w.model.advance_clock(42);
    let group = w
        .model
        .create_group(&alice.token, NewGroup::new("lunch"))
        .unwrap();
    assert_eq!(group.group_name, "lunch");
    assert_eq!(group.max_members, 50);
    assert_eq!(group.creation_time, w.model.now_ms());
    assert_eq!(group.owners, [GroupMember::new(&alice.full_id)]);
    assert_eq!(group.members, [GroupMember::new(&alice.full_id)]);
    assert!(!group.muted);
    assert_eq!(group.group_id.as_str().len(), 32);
    assert_eq!(serde_json::to_value(&group).unwrap()["max_members"], "50");
    assert_eq!(
        w.model
            .get_group_by_id(&alice.token, &group.group_id)
            .unwrap(),
        group
    );
    assert_eq!(
        status(w.model.create_group(&alice.token, NewGroup::new(""))),
        3
    );
}

#[test]
fn a_group_message_reaches_every_member_device_but_the_senders() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    let alice_tablet = w
        .model
        .create_device(&alice.token, NewDevice::new("tablet"))
        .unwrap();
    let bob_tablet = w
        .model
        .create_device(&bob.token, NewDevice::new("tablet"))
        .unwrap();
    let group = group_with(&mut w, &alice, &[&bob, &carol]);
    w.model
        .send_group_message(&alice.token, say(&group, "hello"))
        .unwrap();
    for device in [&bob.device, &bob_tablet, &carol.device] {
        let queue = w.messages(device);
        assert_eq!(queue.len(), 1);
        assert_eq!(queue[0].message_type, MessageType::GroupChat);
        assert_eq!(queue[0].group_id.as_ref(), Some(&group));
        assert_eq!(queue[0].text(), Some("hello"));
        assert_eq!(
            queue[0].sender.as_ref().unwrap().full_user_id,
            alice.full_id
        );
    }
    assert!(w.queue(&alice.device).is_empty());
    assert!(w.queue(&alice_tablet).is_empty());
    // Deleting a group message sends no remote ack.
    w.model
        .delete_handled_messages(&bob.token, &bob.device, &[MessageUuid::new(U1)])
        .unwrap();
    assert!(w.queue(&alice.device).is_empty());
}

#[test]
fn only_members_send_and_read_and_other_domains_see_no_group() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let group = group_with(&mut w, &alice, &[]);
    assert_eq!(
        status(w.model.send_group_message(&bob.token, say(&group, "x"))),
        702
    );
    assert_eq!(status(w.model.get_group_by_id(&bob.token, &group)), 702);
    let unknown = GroupId::new("00000000000000000000000000000000");
    assert_eq!(status(w.model.get_group_by_id(&alice.token, &unknown)), 700);
    assert_eq!(
        status(w.model.get_group_by_id(&alice.token, &GroupId::new(""))),
        16
    );
    let (other, other_token) = w.other_domain("other.kandy.io");
    let dave = w.user_in(&other, &other_token, "dave");
    assert_eq!(status(w.model.get_group_by_id(&dave.token, &group)), 700);
    assert!(w.model.get_groups(&bob.token).unwrap().is_empty());
    assert_eq!(w.model.get_groups(&alice.token).unwrap().len(), 1);
}

#[test]
fn owners_change_the_group_members_only_read_leave_and_send() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    let group = group_with(&mut w, &alice, &[&bob]);
    let rename = GroupUpdate::new(group.clone(), "renamed");
    assert_eq!(status(w.model.update_group(&bob.token, rename.clone())), 11);
    assert_eq!(
        status(w.model.update_group(&carol.token, rename.clone())),
        702
    );
    assert_eq!(status(w.model.delete_group(&bob.token, &group)), 11);
    let add = [carol.full_id.clone()];
    assert_eq!(
        status(w.model.add_group_members(&bob.token, &group, &add)),
        11
    );
    assert_eq!(
        status(w.model.remove_group_members(&bob.token, &group, &add)),
        11
    );
    assert_eq!(
        status(w.model.mute_group_members(&bob.token, &group, &add, true)),
        11
    );
    assert_eq!(
        status(
            w.model
                .update_group(&alice.token, GroupUpdate::new(group.clone(), ""))
        ),
        3
    );
    w.model.update_group(&alice.token, rename).unwrap();
    assert_eq!(
        w.model
            .get_group_by_id(&bob.token, &group)
            .unwrap()
            .group_name,
        "renamed"
    );
    w.model
        .send_group_message(&bob.token, say(&group, "hi"))
        .unwrap();
    w.model.delete_group(&alice.token, &group).unwrap();
    assert_eq!(status(w.model.get_group_by_id(&alice.token, &group)), 700);
}

#[test]
fn members_must_be_users_of_the_domain_and_are_added_once() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let (other, other_token) = w.other_domain("other.kandy.io");
    let dave = w.user_in(&other, &other_token, "dave");
    let group = group_with(&mut w, &alice, &[]);
    let mixed = [bob.full_id.clone(), dave.full_id.clone()];
    assert_eq!(
        status(w.model.add_group_members(&alice.token, &group, &mixed)),
        701
    );
    assert_eq!(
        status(
            w.model
                .add_group_members(&alice.token, &group, &["ghost".to_owned()])
        ),
        701
    );
    assert_eq!(
        status(w.model.add_group_members(&alice.token, &group, &[])),
        16
    );
    let twice = [bob.full_id.clone(), "bob".to_owned(), alice.full_id.clone()];
    w.model
        .add_group_members(&alice.token, &group, &twice)
        .unwrap();
    w.model
        .add_group_members(&alice.token, &group, &twice)
        .unwrap();
    let members = w
        .model
        .get_group_by_id(&alice.token, &group)
        .unwrap()
        .members;
    assert_eq!(
        members,
        [
            GroupMember::new(&alice.full_id),
            GroupMember::new(&bob.full_id)
        ]
    );
}

#[test]
fn a_51st_member_is_refused_whole() {
    let mut w = World::new();
    let alice = w.user("alice");
    let group = group_with(&mut w, &alice, &[]);
    let mut names = Vec::new();
    for i in 0..MAX_GROUP_MEMBERS {
        let user = format!("user{i:02}");
        w.model
            .create_user_by_user_id(&w.domain_token, NewUser::new(&user))
            .unwrap();
        names.push(user);
    }
    // 49 more make 50 with alice.
    w.model
        .add_group_members(&alice.token, &group, &names[..MAX_GROUP_MEMBERS - 1])
        .unwrap();
    assert_eq!(
        w.model
            .get_group_by_id(&alice.token, &group)
            .unwrap()
            .members
            .len(),
        50
    );
    // Re-adding members is still fine; one new member is not.
    let last = &names[MAX_GROUP_MEMBERS - 1..];
    let refused = w
        .model
        .add_group_members(&alice.token, &group, last)
        .unwrap_err();
    assert_eq!((refused.status, refused.http_status()), (16, 400));
    w.model
        .add_group_members(&alice.token, &group, &names[..3])
        .unwrap();
    assert_eq!(
        w.model
            .get_group_by_id(&alice.token, &group)
            .unwrap()
            .members
            .len(),
        50
    );
}

#[test]
fn the_longest_standing_member_succeeds_the_last_owner_and_an_empty_group_goes() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let carol = w.user("carol");
    let group = group_with(&mut w, &alice, &[&bob, &carol]);
    w.model.leave_group(&alice.token, &group).unwrap();
    let seen = w.model.get_group_by_id(&carol.token, &group).unwrap();
    assert_eq!(seen.owners, [GroupMember::new(&bob.full_id)]);
    assert_eq!(seen.members.len(), 2);
    // Deleting the owner's user hands the group on too.
    let user = w
        .model
        .get_user_details(&w.domain_token, &bob.token)
        .unwrap();
    w.model
        .delete_user(&UserDeletion::ByUserApiKey(user.user_api_key.unwrap()))
        .unwrap();
    let seen = w.model.get_group_by_id(&carol.token, &group).unwrap();
    assert_eq!(seen.owners, [GroupMember::new(&carol.full_id)]);
    assert_eq!(seen.members, [GroupMember::new(&carol.full_id)]);
    w.model.leave_group(&carol.token, &group).unwrap();
    assert_eq!(status(w.model.get_group_by_id(&carol.token, &group)), 700);
    assert_eq!(status(w.model.leave_group(&carol.token, &group)), 700);
}

#[test]
fn owners_remove_members_and_may_remove_themselves() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let group = group_with(&mut w, &alice, &[&bob]);
    w.model
        .remove_group_members(&alice.token, &group, std::slice::from_ref(&alice.full_id))
        .unwrap();
    assert_eq!(status(w.model.get_group_by_id(&alice.token, &group)), 702);
    let seen = w.model.get_group_by_id(&bob.token, &group).unwrap();
    assert_eq!(seen.owners, [GroupMember::new(&bob.full_id)]);
}

#[test]
fn mute_flags_are_per_viewer_and_per_member() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let group = group_with(&mut w, &alice, &[&bob]);
    w.model.mute_group(&bob.token, &group, true).unwrap();
    assert!(w.model.get_group_by_id(&bob.token, &group).unwrap().muted);
    assert!(!w.model.get_group_by_id(&alice.token, &group).unwrap().muted);
    w.model
        .mute_group_members(
            &alice.token,
            &group,
            std::slice::from_ref(&bob.full_id),
            true,
        )
        .unwrap();
    let seen = w.model.get_group_by_id(&alice.token, &group).unwrap();
    let mut muted_bob = GroupMember::new(&bob.full_id);
    muted_bob.muted = true;
    assert_eq!(seen.members, [GroupMember::new(&alice.full_id), muted_bob]);
    // Mutes change flags, not delivery.
    w.model
        .send_group_message(&alice.token, say(&group, "still here"))
        .unwrap();
    assert_eq!(w.messages(&bob.device).len(), 1);
    w.model.mute_group(&bob.token, &group, false).unwrap();
    assert!(!w.model.get_group_by_id(&bob.token, &group).unwrap().muted);
}
