//! #21–#29 (hunt groups; both paths of #29).

use crate::support::*;
use kandy_core::{HuntGroup, KandyApi, NewHuntGroup};
use serde_json::json;

#[tokio::test]
async fn create_hunt_group_21() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("domains/huntgroups")
            .query(&[("key", DAT)])
            .body(json!({
                "huntgroup_name": "sales", "huntgroup_type": "roundrobin",
                "pilot_uri_address": "sales@d.com", "overflow_dest": "+14155550100",
                "anonymous_uri": "anon-sales@d.com"
            })),
        done("success"),
    )
    .await;
    let group = NewHuntGroup::new("sales", "roundrobin", "sales@d.com")
        .with_overflow_dest("+14155550100")
        .with_anonymous_uri("anon-sales@d.com");
    w.ok(w.client.create_hunt_group(dat(), group).await).await;
}

#[tokio::test]
async fn get_hunt_groups_22() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/huntgroups").query(&[("key", DAT)]),
        success(json!({"huntgroups": [
            {"huntgroup_name": "sales", "huntgroup_type": "roundrobin",
             "pilot_uri_address": "sales@d.com"},
            {"huntgroup_name": "bare"}
        ]})),
    )
    .await;
    let groups = w.ok(w.client.get_hunt_groups(dat()).await).await;
    assert_eq!(
        groups[0],
        HuntGroup::new("sales")
            .with_huntgroup_type("roundrobin")
            .with_pilot_uri_address("sales@d.com")
    );
    assert_eq!(groups[1], HuntGroup::new("bare"));
}

#[tokio::test]
async fn delete_hunt_group_23() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/huntgroups")
            .query(&[("key", DAT), ("huntgroup_name", "sales & co")]),
        done("success"),
    )
    .await;
    w.ok(w.client.delete_hunt_group(dat(), "sales & co".into()).await)
        .await;
}

#[tokio::test]
async fn add_hunt_group_user_24() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("domains/huntgroups/users")
            .query(&[("key", DAT)])
            .body(json!({"huntgroup_name": "sales", "user_name": "bob@d.com"})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .add_hunt_group_user(dat(), "sales".into(), "bob@d.com".into())
        .await)
        .await;
}

#[tokio::test]
async fn get_hunt_group_users_25_reads_names_and_named_objects() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/huntgroups/users").query(&[("key", DAT), ("huntgroup_name", "sales")]),
        success(json!({"users": ["bob@d.com", {"user_name": "ann@d.com"}, {"full_user_id": "cy@d.com"}]})),
    )
    .await;
    let users = w
        .ok(w.client.get_hunt_group_users(dat(), "sales".into()).await)
        .await;
    assert_eq!(users, ["bob@d.com", "ann@d.com", "cy@d.com"]);
}

#[tokio::test]
async fn delete_hunt_group_user_26() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/huntgroups/users").query(&[
            ("key", DAT),
            ("huntgroup_name", "sales"),
            ("user_name", "bob@d.com"),
        ]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .delete_hunt_group_user(dat(), "sales".into(), "bob@d.com".into())
        .await)
        .await;
}

#[tokio::test]
async fn add_hunt_group_admin_27() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("domains/huntgroups/admins")
            .query(&[("key", DAT)])
            .body(json!({"huntgroup_name": "sales", "admin_name": "ann@d.com"})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .add_hunt_group_admin(dat(), "sales".into(), "ann@d.com".into())
        .await)
        .await;
}

#[tokio::test]
async fn get_hunt_group_admins_28() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/huntgroups/admins")
            .query(&[("key", DAT), ("huntgroup_name", "sales")]),
        success(json!({"admins": [{"admin_name": "ann@d.com"}]})),
    )
    .await;
    let admins = w
        .ok(w.client.get_hunt_group_admins(dat(), "sales".into()).await)
        .await;
    assert_eq!(admins, ["ann@d.com"]);
}

#[tokio::test]
async fn delete_hunt_group_admin_29_sends_the_singular_path() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/huntgroups/admin").query(&[
            ("key", DAT),
            ("huntgroup_name", "sales"),
            ("admin_name", "ann@d.com"),
        ]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .delete_hunt_group_admin(dat(), "sales".into(), "ann@d.com".into())
        .await)
        .await;
}

/// The plural spelling is a row of the table too (an alias the server routes), with the same
/// method, parameters and name; the SDK never sends it.
#[test]
fn both_paths_of_29_are_in_the_table() {
    use kandy_core::{Operation, OperationId};
    let singular = Operation::of(OperationId::DeleteHuntGroupAdmin);
    let plural = Operation::of(OperationId::DeleteHuntGroupAdmins);
    assert_eq!(
        (singular.path, plural.path),
        ("domains/huntgroups/admin", "domains/huntgroups/admins")
    );
    assert_eq!(plural.alias_of, Some(singular.id));
    assert_eq!(
        (plural.method, plural.query),
        (singular.method, singular.query)
    );
}
