//! One module per Kandy resource: each reads its operations' arguments, calls the simulator
//! and shapes the result. Nothing here decides anything; the model does.

mod accounts;
mod address_books;
mod configuration;
mod content;
mod devices;
mod directory;
mod domains;
mod groups;
mod hunt_groups;
mod lookups;
mod messages;
mod presence;
mod profiles;
mod registration;
mod sessions;
mod users;
mod verification;

use super::call::Call;
use super::reply::Outcome;
use kandy_core::OperationId;

/// Handles an operation: one `match` on its [`OperationId`] goes straight to its handler
/// (exhaustive, so a new row of the operation table does not compile until it is handled).
pub(crate) async fn handle(call: &Call<'_>) -> Outcome {
    call.check_required()?;
    let c = call;
    match c.op.id {
        OperationId::GetAccountAccessToken => accounts::get_account_access_token(c).await,
        OperationId::DeleteAccountAccessToken => accounts::delete_account_access_token(c).await,
        OperationId::CreateDomain => accounts::create_domain(c).await,
        OperationId::GetDomains => accounts::get_domains(c).await,
        OperationId::DeleteDomain => accounts::delete_domain(c).await,
        OperationId::GetLimitedDomainDetail => accounts::get_limited_domain_detail(c).await,
        OperationId::GetDomainAccessToken => domains::get_domain_access_token(c).await,
        OperationId::DeleteDomainAccessToken => domains::delete_domain_access_token(c).await,
        OperationId::GetDomainDetailsLimited => lookups::get_domain_details_limited(c).await,
        OperationId::CreateUserByUserId => users::create_user_by_user_id(c).await,
        OperationId::CreateUserByPhoneNumber => users::create_user_by_phone_number(c).await,
        OperationId::GetUsers => users::get_users(c).await,
        OperationId::DeleteUser => users::delete_user(c).await,
        OperationId::GetUserDetails => users::get_user_details(c).await,
        OperationId::GetUserAccessToken => users::get_user_access_token(c).await,
        OperationId::GetUserAccessTokenByPassword => {
            users::get_user_access_token_by_password(c).await
        }
        OperationId::DeleteUserAccessToken => users::delete_user_access_token(c).await,
        OperationId::CreateAnonymousUser => users::create_anonymous_user(c).await,
        OperationId::GetCountryCodes => lookups::get_country_codes(c).await,
        OperationId::SendVerificationSms => verification::send_verification_sms(c).await,
        OperationId::CheckVerificationCode => verification::check_verification_code(c).await,
        OperationId::CreateHuntGroup => hunt_groups::create_hunt_group(c).await,
        OperationId::GetHuntGroups => hunt_groups::get_hunt_groups(c).await,
        OperationId::DeleteHuntGroup => hunt_groups::delete_hunt_group(c).await,
        OperationId::AddHuntGroupUser => hunt_groups::add_hunt_group_user(c).await,
        OperationId::GetHuntGroupUsers => hunt_groups::get_hunt_group_users(c).await,
        OperationId::DeleteHuntGroupUser => hunt_groups::delete_hunt_group_user(c).await,
        OperationId::AddHuntGroupAdmin => hunt_groups::add_hunt_group_admin(c).await,
        OperationId::GetHuntGroupAdmins => hunt_groups::get_hunt_group_admins(c).await,
        OperationId::DeleteHuntGroupAdmin => hunt_groups::delete_hunt_group_admin(c).await,
        OperationId::DeleteHuntGroupAdmins => hunt_groups::delete_hunt_group_admin(c).await,
        OperationId::Register => registration::register(c).await,
        OperationId::GetConfigurations => configuration::get_configurations(c).await,
        OperationId::GetLimitedUserDetails => users::get_limited_user_details(c).await,
        OperationId::GetDevices => devices::get_devices(c).await,
        OperationId::CreateDevice => devices::create_device(c).await,
        OperationId::DeleteDevice => devices::delete_device(c).await,
        OperationId::GetPersonalContacts => address_books::get_personal_contacts(c).await,
        OperationId::AddPersonalContact => address_books::add_personal_contact(c).await,
        OperationId::DeletePersonalContact => address_books::delete_personal_contact(c).await,
        OperationId::GetUserDeviceAddressBooks => {
            address_books::get_user_device_address_books(c).await
        }
        OperationId::SearchDirectoryByPhoneNumber => {
            directory::search_directory_by_phone_number(c).await
        }
        OperationId::SearchDirectoryByName => directory::search_directory_by_name(c).await,
        OperationId::SearchDirectoryByUserId => directory::search_directory_by_user_id(c).await,
        OperationId::SearchDirectory => directory::search_directory(c).await,
        OperationId::GetLastSeen => presence::get_last_seen(c).await,
        OperationId::GetDataChannel => sessions::get_data_channel(c).await,
        OperationId::GetSpidrConfiguration => configuration::get_spidr_configuration(c).await,
        OperationId::NormalizePhoneNumber => lookups::normalize_phone_number(c).await,
        OperationId::GetRolloverGroup => lookups::get_rollover_group(c).await,
        OperationId::GetActiveBillingPackages => lookups::get_active_billing_packages(c).await,
        OperationId::GetUserProfile => profiles::get_user_profile(c).await,
        OperationId::UpdateUserProfile => profiles::update_user_profile(c).await,
        OperationId::GetGroups => groups::get_groups(c).await,
        OperationId::CreateGroup => groups::create_group(c).await,
        OperationId::GetGroupById => groups::get_group_by_id(c).await,
        OperationId::UpdateGroup => groups::update_group(c).await,
        OperationId::DeleteGroup => groups::delete_group(c).await,
        OperationId::AddGroupMembers => groups::add_group_members(c).await,
        OperationId::RemoveGroupMembers => groups::remove_group_members(c).await,
        OperationId::LeaveGroup => groups::leave_group(c).await,
        OperationId::MuteGroup => groups::mute_group(c).await,
        OperationId::MuteGroupMembers => groups::mute_group_members(c).await,
        OperationId::SendGroupMessage => groups::send_group_message(c).await,
        OperationId::CreateSession => sessions::create_session(c).await,
        OperationId::StartSession => sessions::start_stop(c, true).await,
        OperationId::StopSession => sessions::start_stop(c, false).await,
        OperationId::DeleteSession => sessions::delete_session(c).await,
        OperationId::GetSession => sessions::get_session(c).await,
        OperationId::GetSessionByName => sessions::get_session_by_name(c).await,
        OperationId::GetSessions => sessions::get_sessions(c).await,
        OperationId::GetUserSessions => sessions::get_user_sessions(c).await,
        OperationId::JoinSession => sessions::join_session(c).await,
        OperationId::LeaveSession => sessions::leave_session(c).await,
        OperationId::AcceptSessionJoin => sessions::participant(c).await,
        OperationId::RejectSessionJoin => sessions::participant(c).await,
        OperationId::BootSessionParticipant => sessions::participant(c).await,
        OperationId::GetPendingMessages => messages::get_pending_messages(c).await,
        OperationId::SendMessage => messages::send_message(c).await,
        OperationId::DeleteHandledMessages => messages::delete_handled_messages(c).await,
        OperationId::SendSms => messages::send_sms(c).await,
        OperationId::GetDeviceAddressBook => address_books::get_device_address_book(c).await,
        OperationId::UploadDeviceAddressBook => address_books::upload_device_address_book(c).await,
        OperationId::DeleteDeviceAddressBook => address_books::delete_device_address_book(c).await,
        OperationId::GetDeviceAddressBookHints => {
            address_books::get_device_address_book_hints(c).await
        }
        OperationId::UploadContent => content::upload_content(c).await,
        OperationId::DownloadContent => content::download_content(c).await,
        OperationId::DownloadThumbnail => content::download_thumbnail(c).await,
    }
}
