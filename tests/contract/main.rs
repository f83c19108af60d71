//! The contract suite: every scenario, written once against any `KandyApi`, instantiated
//! per target by [`contract_tests!`].
//!
//! Run it with `cargo test --all-features --test contract`. Each scenario gets a fresh target,
//! and runs twice: `sim::…` against the in-process simulator, and `http::…` (features
//! `server` and `http`) through `kandy_http::KandyClient` against a simulator served on
//! `127.0.0.1:0`, its admin surface reached over `/_sim/*`. To add a target, implement
//! [`target::Target`] for it and add one `contract_tests!(name, Target::new)` line.
//! The rules every assertion follows are docs/SIMULATOR.md's.

#![cfg(feature = "sim")]
#![forbid(unsafe_code)]
#![deny(dead_code)]

mod check;
mod coverage;
mod fixture;
#[cfg(all(feature = "server", feature = "http"))]
mod http_target;
mod target;

mod accounts;
mod address_books;
mod configuration;
mod content;
mod devices;
mod directory;
mod domains;
mod group_events;
mod group_members;
mod group_messages;
mod groups;
mod hunt_groups;
mod lookups;
mod message_refusals;
mod messages;
mod presence;
mod profiles;
mod registration;
mod sessions;
mod sms;
mod state;
mod tokens;
mod user_deletion;
mod users;
mod verification;

/// Instantiates every scenario as a `#[tokio::test]` against one target:
/// `contract_tests!(name, async_constructor)` makes `name::<module>::<scenario>` tests.
/// A scenario missing from this list is dead code, which this crate denies.
macro_rules! contract_tests {
    ($target:ident, $make:expr) => {
        contract_tests!(@expand $target, $make, {
            accounts: [
                account_tokens_are_new_each_time_and_older_ones_stay_valid,
                account_token_refuses_a_wrong_secret_or_an_unknown_key,
                revoking_an_account_token_leaves_the_others_valid,
                revoking_an_account_token_is_refused_with_bad_credentials,
                create_domain_returns_its_credentials_and_lists_it,
                create_domain_refuses_a_taken_name_and_bad_tokens,
                get_domains_lists_only_the_accounts_own_domains,
                get_domains_refuses_revoked_unknown_and_expired_tokens,
                delete_domain_deletes_everything_in_it,
                delete_domain_refuses_unknown_foreign_and_revoked,
            ],
            domains: [
                domain_tokens_are_new_each_time_and_older_ones_stay_valid,
                domain_token_refuses_a_wrong_secret_or_an_unknown_key,
                revoking_a_domain_token_leaves_the_others_valid,
                revoking_a_domain_token_is_refused_with_bad_credentials,
                domain_details_answer_in_both_forms,
                domain_details_refuse_other_domains_and_bad_credentials,
            ],
            users: [
                create_user_by_user_id_returns_keys_and_a_default_device,
                create_user_by_user_id_refuses_bad_input_and_bad_tokens,
                accepted_passwords_follow_the_rule,
                create_user_by_phone_number_derives_the_user_id,
                create_user_by_phone_number_refuses_bad_numbers,
                get_users_lists_the_domains_users_only,
                get_users_refuses_bad_tokens,
                user_details_describe_the_tokens_user,
                user_details_refuse_other_domains_and_bad_tokens,
                limited_user_details_refuse_bad_tokens,
                anonymous_users_are_created_logged_in,
                anonymous_users_refuse_bad_tokens,
            ],
            user_deletion: [
                delete_user_by_its_own_api_key,
                delete_user_by_domain_token_and_user_id,
                delete_user_by_domain_token_and_user_api_key,
                delete_user_removes_contacts_and_all_devices,
                delete_user_refuses_unknown_foreign_and_bad_credentials,
            ],
            tokens: [
                user_tokens_from_the_domain_secret_are_new_each_time,
                user_token_from_the_domain_secret_refuses_bad_input,
                user_login_by_password,
                user_login_by_password_refuses_bad_input,
                revoking_a_user_token_leaves_the_others_valid,
                revoking_a_user_token_is_refused_with_bad_credentials,
                tokens_live_24_hours_on_the_simulator_clock,
                a_token_of_another_scope_is_never_accepted,
            ],
            devices: [
                get_devices_lists_the_default_device_then_new_ones,
                get_devices_refuses_bad_tokens,
                create_device_refuses_bad_input_and_bad_tokens,
                delete_device_removes_it_and_its_queue,
                delete_device_refuses_other_users_devices_and_unknown_ids,
            ],
            messages: [
                a_message_reaches_every_device_of_the_recipient,
                messages_queue_in_send_order_and_are_not_deduplicated,
                pending_messages_stay_until_deleted,
                a_device_created_after_a_send_does_not_receive_it,
                messages_are_held_for_a_user_without_devices,
                deleting_handled_messages_ignores_case_dashes_and_unknown_uuids,
                the_sending_device_gets_one_remote_ack,
                no_remote_ack_when_the_sending_device_is_gone,
            ],
            message_refusals: [
                send_message_refuses_unknown_or_foreign_destinations,
                send_message_refuses_malformed_messages,
                send_message_refuses_other_devices_and_bad_tokens,
                get_pending_messages_refuses_other_devices_and_bad_tokens,
                delete_handled_messages_refuses_bad_input,
            ],
            sms: [
                an_sms_lands_in_the_outbox_and_nowhere_else,
                destinations_of_7_to_15_digits_are_accepted,
                send_sms_refuses_bad_destinations,
                send_sms_refuses_other_devices_and_bad_tokens,
            ],
            groups: [
                create_group_returns_the_full_group,
                create_group_refuses_bad_input_and_bad_tokens,
                get_groups_lists_the_callers_groups,
                get_groups_refuses_bad_tokens,
                get_group_by_id_needs_membership,
                update_group_renames_for_owners_only,
                delete_group_is_for_owners_only,
                group_calls_from_another_domain_are_denied,
            ],
            group_members: [
                owners_add_members_once,
                add_group_members_refuses_strangers_and_non_owners,
                a_group_holds_at_most_fifty_members,
                owners_remove_members,
                members_leave_and_ownership_passes_to_the_longest_standing,
                deleting_the_owner_passes_ownership_on,
                members_mute_a_group_for_themselves,
                owners_mute_members,
            ],
            group_events: [
                group_changes_queue_events_for_the_affected_members,
            ],
            group_messages: [
                a_group_message_reaches_every_member_device_but_the_senders,
                any_member_may_send_and_removed_members_stop_receiving,
                deleting_a_group_message_sends_no_remote_ack,
                send_group_message_refuses_non_members_and_bad_messages,
            ],
            sessions: [
                get_data_channel_answers_a_host_and_refuses_bad_tokens,
                sessions_are_created_started_listed_and_deleted,
                participants_join_are_accepted_rejected_booted_and_leave,
            ],
            address_books: [
                personal_contacts_are_added_listed_and_deleted,
                personal_contacts_refuse_missing_fields_and_bad_tokens,
                delete_personal_contact_refuses_unknown_and_foreign_ids,
                device_address_books_hint_kandy_users,
                device_address_books_refuse_other_devices_and_bad_input,
                all_device_books_together_and_only_their_hints,
                device_book_hints_refuse_other_devices_and_bad_tokens,
            ],
            directory: [
                search_by_phone_number_finds_substrings_in_the_domain,
                search_by_name_matches_first_or_last_name_in_any_case,
                search_by_user_id_matches_in_any_case,
                search_by_user_id_accepts_a_full_user_id,
                directory_searches_refuse_empty_strings_and_bad_tokens,
                the_general_search_matches_names_user_ids_and_numbers,
            ],
            presence: [
                last_seen_is_the_time_of_the_last_user_token_call,
                get_last_seen_refuses_strangers_and_bad_keys,
            ],
            state: [
                the_same_calls_give_the_same_state_after_a_reset,
                a_restored_snapshot_brings_the_state_back,
                an_invalid_snapshot_changes_nothing,
            ],
            content: [
                uploaded_files_download_as_themselves_in_the_domain,
                thumbnails_of_images_fit_the_asked_size,
                upload_content_refuses_bad_input_and_bad_tokens,
                content_limits_refuse_large_files_and_full_domains,
                downloads_refuse_unknown_and_foreign_content_alike,
                thumbnails_refuse_other_types_and_bad_sizes,
                ims_naming_a_content_uuid_need_an_uploaded_file,
                content_survives_a_snapshot_and_restore,
            ],
            verification: [
                a_verification_code_checks_valid_once,
                a_verification_code_is_valid_only_in_its_domain,
                send_verification_sms_refuses_bad_numbers_and_tokens,
                check_verification_code_refuses_bad_tokens,
            ],
            registration: [
                registering_a_new_number_creates_its_user_and_device,
                registering_a_known_number_adds_a_device_to_its_user,
                register_refuses_wrong_codes_bad_input_and_bad_tokens,
            ],
            hunt_groups: [
                hunt_groups_are_created_listed_and_deleted,
                create_hunt_group_refuses_bad_input_and_bad_tokens,
                get_and_delete_hunt_groups_refuse_unknown_names_and_bad_tokens,
                hunt_group_users_and_admins_are_added_once_listed_and_removed,
                hunt_group_members_must_be_users_of_the_domain,
                deleting_a_user_or_its_group_removes_its_hunt_group_memberships,
                a_rollover_group_rings_the_hunt_groups_users,
                get_rollover_group_refuses_unknown_and_foreign_groups,
            ],
            lookups: [
                limited_domain_details_name_the_tokens_domain,
                limited_domain_details_refuse_bad_tokens,
                country_codes_list_every_country_or_those_of_an_mcc,
                get_country_codes_refuses_bad_mccs_and_tokens,
                phone_numbers_normalize_to_e164,
                normalize_phone_number_refuses_non_numbers_and_bad_tokens,
                every_domain_has_one_active_billing_package,
                get_active_billing_packages_refuses_bad_tokens,
            ],
            configuration: [
                configurations_give_a_new_domain_token_and_the_spidr_configuration,
                get_configurations_refuses_a_wrong_secret_or_key,
                the_spidr_configuration_is_fixed_and_secure_on_request,
                get_spidr_configuration_refuses_bad_tokens,
            ],
            profiles: [
                a_profile_update_is_read_back_and_changes_only_what_it_sets,
                get_user_profile_refuses_strangers_and_bad_input,
                update_user_profile_refuses_bad_tokens_and_huge_fields,
            ],
        });
    };
    (@expand $target:ident, $make:expr, {
        $($module:ident: [$($scenario:ident),* $(,)?]),* $(,)?
    }) => {
        mod $target {
            $(
                mod $module {
                    $(
                        #[tokio::test]
                        async fn $scenario() {
                            let target = $make().await;
                            crate::$module::$scenario(&target).await;
                        }
                    )*
                }
            )*
        }
    };
}

contract_tests!(sim, crate::target::SimTarget::new);
#[cfg(all(feature = "server", feature = "http"))]
contract_tests!(http, crate::http_target::HttpTarget::new);
