//! Coverage of the operation table: every operation has scenarios, so coverage cannot drop
//! silently.

use kandy_core::Operation;
use std::collections::BTreeSet;

/// Every operation the scenarios cover; keep it in step with the scenario files.
pub const COVERED: &[&str] = &[
    // accounts.rs
    "get_account_access_token",
    "delete_account_access_token",
    "create_domain",
    "get_domains",
    "delete_domain",
    // domains.rs
    "get_limited_domain_detail",
    "get_domain_access_token",
    "delete_domain_access_token",
    // users.rs, user_deletion.rs
    "create_user_by_user_id",
    "create_user_by_phone_number",
    "get_users",
    "delete_user",
    "get_user_details",
    "create_anonymous_user",
    "get_limited_user_details",
    // lookups.rs
    "get_domain_details_limited",
    "get_country_codes",
    "normalize_phone_number",
    "get_active_billing_packages",
    // hunt_groups.rs
    "create_hunt_group",
    "get_hunt_groups",
    "delete_hunt_group",
    "add_hunt_group_user",
    "get_hunt_group_users",
    "delete_hunt_group_user",
    "add_hunt_group_admin",
    "get_hunt_group_admins",
    "delete_hunt_group_admin",
    "get_rollover_group",
    // registration.rs
    "register",
    // configuration.rs
    "get_configurations",
    "get_spidr_configuration",
    // profiles.rs
    "get_user_profile",
    "update_user_profile",
    // tokens.rs
    "get_user_access_token",
    "get_user_access_token_by_password",
    "delete_user_access_token",
    // verification.rs
    "send_verification_sms",
    "check_verification_code",
    // devices.rs
    "get_devices",
    "create_device",
    "delete_device",
    // address_books.rs
    "get_personal_contacts",
    "add_personal_contact",
    "delete_personal_contact",
    "get_device_address_book",
    "upload_device_address_book",
    "delete_device_address_book",
    "get_user_device_address_books",
    "get_device_address_book_hints",
    // directory.rs
    "search_directory_by_phone_number",
    "search_directory_by_name",
    "search_directory_by_user_id",
    "search_directory",
    // presence.rs
    "get_last_seen",
    // groups.rs, group_members.rs, group_messages.rs
    "get_groups",
    "create_group",
    "get_group_by_id",
    "update_group",
    "delete_group",
    "add_group_members",
    "remove_group_members",
    "leave_group",
    "mute_group",
    "mute_group_members",
    "send_group_message",
    // messages.rs, message_refusals.rs, sms.rs
    "get_pending_messages",
    "send_message",
    "delete_handled_messages",
    "send_sms",
    // sessions.rs
    "get_data_channel",
    "create_session",
    "start_session",
    "stop_session",
    "delete_session",
    "get_session",
    "get_session_by_name",
    "get_sessions",
    "get_user_sessions",
    "join_session",
    "leave_session",
    "accept_session_join",
    "reject_session_join",
    "boot_session_participant",
    // content.rs
    "upload_content",
    "download_content",
    "download_thumbnail",
];

/// The scenario sources, searched for each operation's call and refusal.
const SCENARIOS: &[(&str, &str)] = &[
    ("accounts.rs", include_str!("accounts.rs")),
    ("address_books.rs", include_str!("address_books.rs")),
    ("configuration.rs", include_str!("configuration.rs")),
    ("content.rs", include_str!("content.rs")),
    ("devices.rs", include_str!("devices.rs")),
    ("directory.rs", include_str!("directory.rs")),
    ("domains.rs", include_str!("domains.rs")),
    ("group_members.rs", include_str!("group_members.rs")),
    ("group_messages.rs", include_str!("group_messages.rs")),
    ("groups.rs", include_str!("groups.rs")),
    ("hunt_groups.rs", include_str!("hunt_groups.rs")),
    ("lookups.rs", include_str!("lookups.rs")),
    ("message_refusals.rs", include_str!("message_refusals.rs")),
    ("messages.rs", include_str!("messages.rs")),
    ("presence.rs", include_str!("presence.rs")),
    ("sessions.rs", include_str!("sessions.rs")),
    ("profiles.rs", include_str!("profiles.rs")),
    ("registration.rs", include_str!("registration.rs")),
    ("sms.rs", include_str!("sms.rs")),
    ("state.rs", include_str!("state.rs")),
    ("tokens.rs", include_str!("tokens.rs")),
    ("user_deletion.rs", include_str!("user_deletion.rs")),
    ("users.rs", include_str!("users.rs")),
    ("verification.rs", include_str!("verification.rs")),
];

#[test]
fn covered_is_exactly_the_implemented_operations() {
    let implemented: BTreeSet<&str> = Operation::api().map(|op| op.name).collect();
    let covered: BTreeSet<&str> = COVERED.iter().copied().collect();
    assert_eq!(
        covered.len(),
        COVERED.len(),
        "COVERED lists an operation twice"
    );
    assert_eq!(implemented.len(), 87);
    let missing: Vec<_> = implemented.difference(&covered).collect();
    let unknown: Vec<_> = covered.difference(&implemented).collect();
    assert!(
        missing.is_empty(),
        "operations without scenarios: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "COVERED names no implemented operation: {unknown:?}"
    );
}

#[test]
fn every_covered_operation_is_called_and_refused_by_a_scenario() {
    for name in COVERED {
        let call = format!(".{name}(");
        let refusal = format!("op::{}", name.to_uppercase());
        let called = SCENARIOS.iter().any(|(_, source)| source.contains(&call));
        let refused = SCENARIOS
            .iter()
            .any(|(_, source)| source.contains(&refusal));
        assert!(called, "no scenario calls {name}");
        assert!(
            refused,
            "no scenario checks a refusal of {name} ({refusal})"
        );
    }
}
