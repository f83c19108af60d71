//! The state the whole surface added (hunt groups, profile fields, registered devices) in
//! snapshots: kept by a snapshot and its restore, left out while empty (so snapshots of
//! earlier versions load unchanged), and removed with the domain or user it belongs to.

mod model_fixture;

use kandy_core::*;
use kandy_sim::model::Model;
use model_fixture::World;

fn hunt_group(w: &mut World, name: &str) {
    w.model
        .create_hunt_group(
            &w.domain_token,
            NewHuntGroup::new(name, "roundrobin", "sip:x@d"),
        )
        .unwrap();
}

#[test]
fn hunt_groups_profiles_and_registrations_survive_a_snapshot() {
    let mut w = World::new();
    let alice = w.user("alice");
    hunt_group(&mut w, "sales");
    w.model
        .add_hunt_group_user(&w.domain_token, "sales", "alice")
        .unwrap();
    w.model
        .update_user_profile(
            &alice.token,
            UserProfileUpdate::new().with_status_text("away"),
        )
        .unwrap();
    w.model
        .send_verification_sms(&w.domain_token, "4155550123", "US")
        .unwrap();
    let sms = w.model.sms_outbox().last().unwrap().text.clone();
    let code: String = sms.chars().filter(char::is_ascii_digit).collect();
    w.model
        .register(
            &w.domain_token,
            NewRegistration::new("4155550123", "US", code, "imei"),
        )
        .unwrap();
    let snapshot = w.model.snapshot();
    let value = snapshot.to_value();
    let domain = &value["domains"][model_fixture::DOMAIN];
    assert_eq!(
        domain["hunt_groups"]["sales"]["users"],
        serde_json::json!(["alice"])
    );
    assert_eq!(domain["users"]["alice"]["profile"]["status_text"], "away");
    let mut restored = Model::from_snapshot(snapshot.clone()).unwrap();
    assert_eq!(restored.snapshot(), snapshot, "byte for byte");
    let users = restored
        .get_hunt_group_users(&w.domain_token, "sales")
        .unwrap();
    assert_eq!(users, [alice.full_id]);
}

#[test]
fn a_state_without_the_new_records_writes_none_of_them_and_loads() {
    let mut w = World::new();
    w.user("alice");
    let snapshot = w.model.snapshot();
    let text = snapshot.to_json();
    for absent in ["hunt_groups", "status_text", "image_details", "user_data"] {
        assert!(!text.contains(absent), "{absent} is left out while empty");
    }
    assert!(Model::from_snapshot(snapshot).is_ok());
}

#[test]
fn deleting_the_domain_deletes_its_hunt_groups() {
    let mut w = World::new();
    hunt_group(&mut w, "sales");
    let key = w.domain.domain_api_key.clone();
    w.model.delete_domain(&w.account_token, &key).unwrap();
    let again = w
        .model
        .create_domain(&w.account_token, NewDomain::new(model_fixture::DOMAIN))
        .unwrap();
    let token = w
        .model
        .get_domain_access_token(&again.domain_api_key, &again.domain_api_secret)
        .unwrap();
    assert!(w.model.get_hunt_groups(&token).unwrap().is_empty());
}
