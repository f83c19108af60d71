//! Hunt groups (#21–#29) and the rollover group a user's client calls through them (#48):
//! named per domain, users and admins of the domain only, listed as full user ids.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

/// The `sales` hunt group, with every optional field.
fn sales() -> NewHuntGroup {
    NewHuntGroup::new("sales", "roundrobin", "sip:sales@contract.kandy.io")
        .with_overflow_dest("carol@contract.kandy.io")
        .with_anonymous_uri("sip:anon@contract.kandy.io")
}

async fn create(fx: &Fixture<'_>, token: &DomainAccessToken, group: NewHuntGroup) {
    fx.api
        .create_hunt_group(token.clone(), group)
        .await
        .expect("create_hunt_group");
}

pub async fn hunt_groups_are_created_listed_and_deleted(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let dat = &fx.domain.token;
    assert!(
        fx.api
            .get_hunt_groups(dat.clone())
            .await
            .unwrap()
            .is_empty()
    );
    create(&fx, dat, sales()).await;
    create(&fx, dat, NewHuntGroup::new("support", "linear", "sip:s@d")).await;
    let groups = fx.api.get_hunt_groups(dat.clone()).await.expect("list");
    assert_eq!(groups.len(), 2, "in creation order");
    assert_eq!(groups[0], HuntGroup::from(sales()), "every field kept");
    assert_eq!(groups[1].huntgroup_name, "support");
    assert_eq!(groups[1].overflow_dest, None);
    fx.api
        .delete_hunt_group(dat.clone(), "sales".into())
        .await
        .expect("delete_hunt_group");
    let names: Vec<_> = fx
        .api
        .get_hunt_groups(dat.clone())
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.huntgroup_name)
        .collect();
    assert_eq!(names, ["support"]);
    // The name is free again.
    create(&fx, dat, sales()).await;
}

pub async fn create_hunt_group_refuses_bad_input_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::CREATE_HUNT_GROUP;
    let dat = &fx.domain.token;
    let make = |token: &DomainAccessToken, group: NewHuntGroup| {
        fx.api.create_hunt_group(token.clone(), group)
    };
    for bad in [
        NewHuntGroup::new("", "roundrobin", "sip:x@d"),
        NewHuntGroup::new("x", " ", "sip:x@d"),
        NewHuntGroup::new("x", "roundrobin", ""),
    ] {
        refused(t, op, 15, || make(dat, bad)).await;
    }
    create(&fx, dat, sales()).await;
    refused(t, op, 50, || make(dat, sales())).await;
    refused(t, op, 55, || make(&unknown("DAT").into(), sales())).await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || make(&revoked, sales())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || make(dat, sales())).await;
}

pub async fn get_and_delete_hunt_groups_refuse_unknown_names_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let dat = &fx.domain.token;
    create(&fx, dat, sales()).await;
    let (other, _) = fx.other_domain().await;
    let (list_op, delete_op) = (&op::GET_HUNT_GROUPS, &op::DELETE_HUNT_GROUP);
    let delete = |token: &DomainAccessToken, name: &str| {
        fx.api.delete_hunt_group(token.clone(), name.into())
    };
    refused(t, delete_op, 53, || delete(dat, "nobody")).await;
    refused(t, delete_op, 53, || delete(&other.token, "sales")).await;
    refused(t, delete_op, 15, || delete(dat, "")).await;
    assert!(
        fx.api
            .get_hunt_groups(other.token.clone())
            .await
            .unwrap()
            .is_empty(),
        "another domain sees none of them"
    );
    refused(t, list_op, 55, || {
        fx.api.get_hunt_groups(unknown("DAT").into())
    })
    .await;
    refused(t, delete_op, 55, || delete(&unknown("DAT").into(), "sales")).await;
    fx.expire_tokens().await;
    refused(t, list_op, 10, || fx.api.get_hunt_groups(dat.clone())).await;
    refused(t, delete_op, 10, || delete(dat, "sales")).await;
}

pub async fn hunt_group_users_and_admins_are_added_once_listed_and_removed(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let dat = &fx.domain.token;
    create(&fx, dat, sales()).await;
    let api = fx.api;
    let group = || "sales".to_owned();
    api.add_hunt_group_user(dat.clone(), group(), "bob".into())
        .await
        .expect("bob");
    api.add_hunt_group_user(dat.clone(), group(), fx.alice.id())
        .await
        .expect("alice");
    api.add_hunt_group_user(dat.clone(), group(), "bob".into())
        .await
        .expect("bob again");
    api.add_hunt_group_admin(dat.clone(), group(), fx.carol.id())
        .await
        .expect("carol");
    api.add_hunt_group_admin(dat.clone(), group(), "carol".into())
        .await
        .expect("again");
    let users = api
        .get_hunt_group_users(dat.clone(), group())
        .await
        .expect("users");
    assert_eq!(
        users,
        [fx.bob.id(), fx.alice.id()],
        "once each, in the order added"
    );
    let admins = api
        .get_hunt_group_admins(dat.clone(), group())
        .await
        .expect("admins");
    assert_eq!(admins, [fx.carol.id()]);
    api.delete_hunt_group_user(dat.clone(), group(), fx.bob.id())
        .await
        .expect("bob out");
    api.delete_hunt_group_admin(dat.clone(), group(), "carol".into())
        .await
        .expect("out");
    let users = api
        .get_hunt_group_users(dat.clone(), group())
        .await
        .unwrap();
    assert_eq!(users, [fx.alice.id()]);
    assert!(
        api.get_hunt_group_admins(dat.clone(), group())
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn hunt_group_members_must_be_users_of_the_domain(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let dat = &fx.domain.token;
    create(&fx, dat, sales()).await;
    let (other, dave) = fx.other_domain().await;
    let api = fx.api;
    let s = || "sales".to_owned();
    let (add_user, add_admin) = (&op::ADD_HUNT_GROUP_USER, &op::ADD_HUNT_GROUP_ADMIN);
    let (get_users, get_admins) = (&op::GET_HUNT_GROUP_USERS, &op::GET_HUNT_GROUP_ADMINS);
    let (del_user, del_admin) = (&op::DELETE_HUNT_GROUP_USER, &op::DELETE_HUNT_GROUP_ADMIN);
    for stranger in [dave.id(), "nobody".into(), format!("bob@{OTHER_DOMAIN}")] {
        refused(t, add_user, 53, || {
            api.add_hunt_group_user(dat.clone(), s(), stranger.clone())
        })
        .await;
        refused(t, add_admin, 53, || {
            api.add_hunt_group_admin(dat.clone(), s(), stranger.clone())
        })
        .await;
    }
    // Not a member (yet): nothing to remove.
    refused(t, del_user, 53, || {
        api.delete_hunt_group_user(dat.clone(), s(), "bob".into())
    })
    .await;
    refused(t, del_admin, 53, || {
        api.delete_hunt_group_admin(dat.clone(), s(), "bob".into())
    })
    .await;
    // Another domain's token does not see the group (as an unknown name).
    let theirs = &other.token;
    refused(t, add_user, 53, || {
        api.add_hunt_group_user(theirs.clone(), s(), dave.id())
    })
    .await;
    refused(t, get_users, 53, || {
        api.get_hunt_group_users(theirs.clone(), s())
    })
    .await;
    refused(t, get_admins, 53, || {
        api.get_hunt_group_admins(theirs.clone(), s())
    })
    .await;
    refused(t, get_users, 53, || {
        api.get_hunt_group_users(dat.clone(), "nobody".into())
    })
    .await;
    refused(t, add_user, 15, || {
        api.add_hunt_group_user(dat.clone(), s(), String::new())
    })
    .await;
    refused(t, add_admin, 15, || {
        api.add_hunt_group_admin(dat.clone(), String::new(), "bob".into())
    })
    .await;
    let bad = || DomainAccessToken::new(unknown("DAT"));
    refused(t, add_user, 55, || {
        api.add_hunt_group_user(bad(), s(), "bob".into())
    })
    .await;
    refused(t, add_admin, 55, || {
        api.add_hunt_group_admin(bad(), s(), "bob".into())
    })
    .await;
    refused(t, get_users, 55, || api.get_hunt_group_users(bad(), s())).await;
    refused(t, get_admins, 55, || api.get_hunt_group_admins(bad(), s())).await;
    refused(t, del_user, 55, || {
        api.delete_hunt_group_user(bad(), s(), "bob".into())
    })
    .await;
    refused(t, del_admin, 55, || {
        api.delete_hunt_group_admin(bad(), s(), "bob".into())
    })
    .await;
}

pub async fn deleting_a_user_or_its_group_removes_its_hunt_group_memberships(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let dat = &fx.domain.token;
    let api = fx.api;
    create(&fx, dat, sales()).await;
    for member in [&fx.alice, &fx.bob] {
        api.add_hunt_group_user(dat.clone(), "sales".into(), member.id())
            .await
            .unwrap();
        api.add_hunt_group_admin(dat.clone(), "sales".into(), member.id())
            .await
            .unwrap();
    }
    api.delete_user(UserDeletion::ByUserId {
        token: dat.clone(),
        user_id: "bob".into(),
    })
    .await
    .expect("delete bob");
    let users = api
        .get_hunt_group_users(dat.clone(), "sales".into())
        .await
        .unwrap();
    let admins = api
        .get_hunt_group_admins(dat.clone(), "sales".into())
        .await
        .unwrap();
    assert_eq!(users, [fx.alice.id()], "bob is out of the users");
    assert_eq!(admins, [fx.alice.id()], "and out of the admins");
    // A user of the same id created later is not a member.
    fx.add_user("bob", ("New", "Bob")).await;
    let users = api
        .get_hunt_group_users(dat.clone(), "sales".into())
        .await
        .unwrap();
    assert_eq!(users, [fx.alice.id()]);
    // A group deleted and created again starts empty.
    api.delete_hunt_group(dat.clone(), "sales".into())
        .await
        .unwrap();
    create(&fx, dat, sales()).await;
    assert!(
        api.get_hunt_group_users(dat.clone(), "sales".into())
            .await
            .unwrap()
            .is_empty()
    );
}

pub async fn a_rollover_group_rings_the_hunt_groups_users(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let dat = &fx.domain.token;
    create(&fx, dat, sales()).await;
    for member in [&fx.bob, &fx.carol] {
        fx.api
            .add_hunt_group_user(dat.clone(), "sales".into(), member.id())
            .await
            .unwrap();
    }
    let group = fx
        .api
        .get_rollover_group(fx.alice.token.clone(), "sales".into())
        .await
        .expect("get_rollover_group");
    assert_eq!(group.group_name.as_deref(), Some("sales"));
    assert_eq!(group.group_policy.as_deref(), Some("roundrobin"));
    let agents: Vec<_> = group
        .agents
        .iter()
        .map(|a| a.agent_contact.clone())
        .collect();
    assert_eq!(agents, [fx.bob.id(), fx.carol.id()], "in the order added");
    assert!(
        group
            .agents
            .iter()
            .all(|a| !a.is_pstn() && a.agent_contact_type == "kandy")
    );
}

pub async fn get_rollover_group_refuses_unknown_and_foreign_groups(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    create(&fx, &fx.domain.token, sales()).await;
    let (_, dave) = fx.other_domain().await;
    let op = &op::GET_ROLLOVER_GROUP;
    let get =
        |token: &UserAccessToken, name: &str| fx.api.get_rollover_group(token.clone(), name.into());
    refused(t, op, 53, || get(&fx.alice.token, "nobody")).await;
    refused(t, op, 53, || get(&dave.token, "sales")).await;
    refused(t, op, 15, || get(&fx.alice.token, " ")).await;
    refused(t, op, 55, || get(&unknown("UAT").into(), "sales")).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || get(&revoked, "sales")).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || get(&fx.alice.token, "sales")).await;
}
