//! The same requests as `cases::request`, made through the `KandyApi` trait (in-process).
//! The trait's types fix each credential's scope, so only the wrong-scope cases cannot be
//! expressed here.

use crate::cases::{self, Form};
use crate::world::{Caller, HUNT_GROUP, PASSWORD, PENDING_UUID, Target};
use kandy_core::operation::KeyScope;
use kandy_core::*;

fn group(t: &Target) -> GroupId {
    GroupId::new(t.group.clone())
}

fn device(t: &Target) -> DeviceId {
    DeviceId::new(t.device.clone())
}

fn session(t: &Target) -> SessionId {
    SessionId::new(t.session.clone())
}

fn password() -> UserPassword {
    UserPassword::new(PASSWORD)
}

/// Makes `form`'s call as `c`, naming `t`'s things; the result is dropped, the error kept.
pub async fn invoke(api: &dyn KandyApi, form: &Form, c: &Caller, t: &Target) -> Result<()> {
    let aat = || AccountAccessToken::new(c.aat.clone());
    let dat = || DomainAccessToken::new(c.dat.clone());
    let uat = || UserAccessToken::new(c.uat.clone());
    let dak = || DomainApiKey::new(c.dak.clone());
    let das = || DomainApiSecret::new(c.das.clone());
    let (aak, aas) = (
        AccountApiKey::new(c.aak.clone()),
        AccountApiSecret::new(c.aas.clone()),
    );
    let members = || vec![t.member.clone()];
    let hunt = || HUNT_GROUP.to_owned();
    match form.op {
        "get_account_access_token" => api.get_account_access_token(aak, aas).await.map(drop),
        "delete_account_access_token" => {
            let token = AccountAccessToken::new(t.account_token.clone());
            api.delete_account_access_token(aak, aas, token).await
        }
        "create_domain" => api
            .create_domain(aat(), cases::new_domain())
            .await
            .map(drop),
        "get_domains" => api.get_domains(aat()).await.map(drop),
        "delete_domain" => {
            let key = DomainApiKey::new(t.domain_api_key.clone());
            api.delete_domain(aat(), key).await
        }
        "get_limited_domain_detail" => {
            let key = if form.scope == KeyScope::DomainApiKey {
                DomainDetailsKey::Secret {
                    api_key: dak(),
                    api_secret: das(),
                    token: DomainAccessToken::new(t.domain_token.clone()),
                }
            } else {
                DomainDetailsKey::Token {
                    token: dat(),
                    domain_api_key: DomainApiKey::new(t.domain_api_key.clone()),
                }
            };
            api.get_limited_domain_detail(key).await.map(drop)
        }
        "get_domain_access_token" => api.get_domain_access_token(dak(), das()).await.map(drop),
        "delete_domain_access_token" => {
            let token = DomainAccessToken::new(t.domain_token.clone());
            api.delete_domain_access_token(dak(), das(), token).await
        }
        "create_user_by_user_id" => api
            .create_user_by_user_id(dat(), cases::new_user())
            .await
            .map(drop),
        "create_user_by_phone_number" => api
            .create_user_by_phone_number(dat(), cases::new_phone_user())
            .await
            .map(drop),
        "get_users" => api.get_users(dat()).await.map(drop),
        "delete_user" => {
            let deletion = if form.scope == KeyScope::UserApiKey {
                UserDeletion::ByUserApiKey(UserApiKey::new(c.uak.clone()))
            } else {
                UserDeletion::ByDomainAndUserApiKey {
                    token: dat(),
                    user_api_key: UserApiKey::new(t.user_api_key.clone()),
                }
            };
            api.delete_user(deletion).await
        }
        "get_user_details" => {
            let user = UserAccessToken::new(t.user_token.clone());
            api.get_user_details(dat(), user).await.map(drop)
        }
        "get_user_access_token" => api
            .get_user_access_token(dak(), das(), t.login_user.clone())
            .await
            .map(drop),
        "get_user_access_token_by_password" => api
            .get_user_access_token_by_password(dak(), t.login_user.clone(), password())
            .await
            .map(drop),
        "delete_user_access_token" => {
            let token = UserAccessToken::new(t.user_token.clone());
            api.delete_user_access_token(dak(), c.user_id.clone(), password(), token)
                .await
        }
        "create_anonymous_user" => api.create_anonymous_user(dat()).await.map(drop),
        "send_verification_sms" => {
            let (phone, country) = cases::PHONE;
            api.send_verification_sms(dat(), phone.into(), country.into())
                .await
        }
        "check_verification_code" => api
            .check_verification_code(dat(), t.code.clone())
            .await
            .map(drop),
        "get_limited_user_details" => api.get_limited_user_details(uat()).await.map(drop),
        "get_devices" => api.get_devices(uat()).await.map(drop),
        "create_device" => api
            .create_device(uat(), cases::new_device())
            .await
            .map(drop),
        "delete_device" => api.delete_device(uat(), device(t)).await,
        "get_personal_contacts" => api.get_personal_contacts(uat()).await.map(drop),
        "add_personal_contact" => api
            .add_personal_contact(uat(), cases::new_contact(t))
            .await
            .map(drop),
        "delete_personal_contact" => {
            let contact = ContactId::new(t.contact.clone());
            api.delete_personal_contact(uat(), contact).await
        }
        "search_directory_by_phone_number" => api
            .search_directory_by_phone_number(uat(), "a".into())
            .await
            .map(drop),
        "search_directory_by_name" => api
            .search_directory_by_name(uat(), "a".into())
            .await
            .map(drop),
        "search_directory_by_user_id" => api
            .search_directory_by_user_id(uat(), "a".into())
            .await
            .map(drop),
        "get_last_seen" => {
            let key = if form.scope == KeyScope::DomainAccessToken {
                PresenceKey::Domain(dat())
            } else {
                PresenceKey::User(uat())
            };
            api.get_last_seen(key, members()).await.map(drop)
        }
        "get_groups" => api.get_groups(uat()).await.map(drop),
        "create_group" => api.create_group(uat(), cases::new_group()).await.map(drop),
        "get_group_by_id" => api.get_group_by_id(uat(), group(t)).await.map(drop),
        "update_group" => api.update_group(uat(), cases::group_update(t)).await,
        "delete_group" => api.delete_group(uat(), group(t)).await,
        "add_group_members" => {
            api.add_group_members(uat(), group(t), vec![t.newcomer.clone()])
                .await
        }
        "remove_group_members" => api.remove_group_members(uat(), group(t), members()).await,
        "leave_group" => api.leave_group(uat(), group(t)).await,
        "mute_group" => api.mute_group(uat(), group(t), true).await,
        "mute_group_members" => {
            api.mute_group_members(uat(), group(t), members(), true)
                .await
        }
        "send_group_message" => api.send_group_message(uat(), cases::group_message(t)).await,
        "get_pending_messages" => api
            .get_pending_messages(uat(), device(t), None)
            .await
            .map(drop),
        "send_message" => api.send_message(uat(), device(t), cases::message(t)).await,
        "delete_handled_messages" => {
            let uuids = vec![MessageUuid::new(PENDING_UUID)];
            api.delete_handled_messages(uat(), device(t), uuids).await
        }
        "send_sms" => api.send_sms(uat(), device(t), cases::sms()).await,
        "get_device_address_book" => api
            .get_device_address_book(uat(), device(t))
            .await
            .map(drop),
        "upload_device_address_book" => {
            api.upload_device_address_book(uat(), device(t), cases::device_contacts())
                .await
        }
        "delete_device_address_book" => api.delete_device_address_book(uat(), device(t)).await,
        "get_data_channel" => api.get_data_channel(uat()).await.map(drop),
        "create_session" => api
            .create_session(uat(), NewSession::new("support", "s2"))
            .await
            .map(drop),
        "start_session" => api.start_session(uat(), session(t)).await,
        "stop_session" => api.stop_session(uat(), session(t)).await,
        "delete_session" => api.delete_session(uat(), session(t)).await,
        "get_session" => api.get_session(uat(), session(t)).await.map(drop),
        "get_session_by_name" => api
            .get_session_by_name(uat(), t.session_name.clone())
            .await
            .map(drop),
        "get_sessions" => api
            .get_sessions(uat(), Some("support".into()))
            .await
            .map(drop),
        "get_user_sessions" => api.get_user_sessions(uat()).await.map(drop),
        "join_session" => {
            let joinable = SessionId::new(t.joinable.clone());
            api.join_session(uat(), joinable, SessionJoin::new()).await
        }
        "leave_session" => {
            let joinable = SessionId::new(t.joinable.clone());
            api.leave_session(uat(), joinable, None).await
        }
        "accept_session_join" => {
            api.accept_session_join(uat(), session(t), t.member.clone())
                .await
        }
        "reject_session_join" => {
            api.reject_session_join(uat(), session(t), t.member.clone(), None)
                .await
        }
        "boot_session_participant" => {
            api.boot_session_participant(uat(), session(t), t.member.clone(), None)
                .await
        }
        "get_device_address_book_hints" => api
            .get_device_address_book_hints(uat(), device(t))
            .await
            .map(drop),
        "get_user_device_address_books" => api.get_user_device_address_books(uat()).await.map(drop),
        "search_directory" => api.search_directory(uat(), "a".into()).await.map(drop),
        "get_domain_details_limited" => api.get_domain_details_limited(dat()).await.map(drop),
        "get_country_codes" => api.get_country_codes(dat(), None).await.map(drop),
        "normalize_phone_number" => api
            .normalize_phone_number(uat(), "4155550100".into(), "US".into())
            .await
            .map(drop),
        "get_active_billing_packages" => api.get_active_billing_packages(uat()).await.map(drop),
        "create_hunt_group" => api.create_hunt_group(dat(), cases::new_hunt_group()).await,
        "get_hunt_groups" => api.get_hunt_groups(dat()).await.map(drop),
        "delete_hunt_group" => api.delete_hunt_group(dat(), hunt()).await,
        "add_hunt_group_user" => api.add_hunt_group_user(dat(), hunt(), "carol".into()).await,
        "get_hunt_group_users" => api.get_hunt_group_users(dat(), hunt()).await.map(drop),
        "delete_hunt_group_user" => {
            api.delete_hunt_group_user(dat(), hunt(), "bob".into())
                .await
        }
        "add_hunt_group_admin" => {
            api.add_hunt_group_admin(dat(), hunt(), "carol".into())
                .await
        }
        "get_hunt_group_admins" => api.get_hunt_group_admins(dat(), hunt()).await.map(drop),
        "delete_hunt_group_admin" => {
            api.delete_hunt_group_admin(dat(), hunt(), "bob".into())
                .await
        }
        "get_rollover_group" => api.get_rollover_group(uat(), hunt()).await.map(drop),
        "register" => api.register(dat(), cases::registration(t)).await.map(drop),
        "get_configurations" => api.get_configurations(dak(), das()).await.map(drop),
        "get_spidr_configuration" => api.get_spidr_configuration(uat(), true).await.map(drop),
        "get_user_profile" => api
            .get_user_profile(uat(), t.login_user.clone(), "a.example".into())
            .await
            .map(drop),
        "update_user_profile" => {
            let update = UserProfileUpdate::new().with_status_text("away");
            api.update_user_profile(uat(), update).await
        }
        "upload_content" => {
            let uuid = ContentUuid::new(crate::world::NEW_CONTENT_UUID);
            api.upload_content(uat(), device(t), uuid, cases::new_content())
                .await
        }
        "download_content" => api
            .download_content(uat(), device(t), ContentUuid::new(t.content.clone()))
            .await
            .map(drop),
        "download_thumbnail" => {
            let uuid = ContentUuid::new(t.content.clone());
            api.download_thumbnail(uat(), device(t), uuid, ThumbnailSize::DEFAULT)
                .await
                .map(drop)
        }
        other => panic!("the in-process matrix cannot call {other}: add it"),
    }
}
