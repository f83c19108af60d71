//! A `KandyApi` wrapper for tests that watch or disturb the message-queue calls (shared by
//! tests/inbox.rs and tests/soak.rs): `Intercepted(w)` hands every operation to `w.inner()`,
//! except `send_message`, `get_pending_messages` and `delete_handled_messages`, which go
//! through `w`'s [`Intercept`] methods (which hand them on too unless overridden).

use async_trait::async_trait;
use kandy_core::*;
use std::ops::Deref;

/// What a test wrapper changes: the API it wraps, and any of the three message-queue calls.
#[async_trait]
pub trait Intercept: Send + Sync {
    /// The API every call is handed to.
    fn inner(&self) -> &dyn KandyApi;

    async fn send_message(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        message: OutgoingMessage,
    ) -> Result<()> {
        self.inner().send_message(token, device_id, message).await
    }

    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.inner()
            .get_pending_messages(token, device_id, client_timestamp)
            .await
    }

    async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()> {
        self.inner()
            .delete_handled_messages(token, device_id, uuids)
            .await
    }
}

/// A test wrapper as a `KandyApi`; derefs to the wrapper (its counters).
#[derive(Debug)]
pub struct Intercepted<W>(pub W);

impl<W> Deref for Intercepted<W> {
    type Target = W;

    fn deref(&self) -> &W {
        &self.0
    }
}

/// Implements `KandyApi` for `Intercepted<W>`: the three message-queue calls through `W`, every
/// other one (listed) straight to `W::inner()`.
macro_rules! intercepted_kandy_api {
    ($( $method:ident ( $($arg:ident : $argty:ty),* ) -> $out:ty; )*) => {
        #[async_trait]
        impl<W: Intercept> KandyApi for Intercepted<W> {
            async fn send_message(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                message: OutgoingMessage,
            ) -> Result<()> {
                self.0.send_message(token, device_id, message).await
            }

            async fn get_pending_messages(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                client_timestamp: Option<u64>,
            ) -> Result<PendingMessages> {
                self.0.get_pending_messages(token, device_id, client_timestamp).await
            }

            async fn delete_handled_messages(
                &self,
                token: UserAccessToken,
                device_id: DeviceId,
                uuids: Vec<MessageUuid>,
            ) -> Result<()> {
                self.0.delete_handled_messages(token, device_id, uuids).await
            }

            $(
                async fn $method(&self, $($arg: $argty),*) -> Result<$out> {
                    self.0.inner().$method($($arg),*).await
                }
            )*
        }
    };
}

intercepted_kandy_api! {
    get_account_access_token(api_key: AccountApiKey, api_secret: AccountApiSecret) -> AccountAccessToken;
    delete_account_access_token(api_key: AccountApiKey, api_secret: AccountApiSecret, token: AccountAccessToken) -> ();
    create_domain(token: AccountAccessToken, domain: NewDomain) -> CreatedDomain;
    get_domains(token: AccountAccessToken) -> Vec<Domain>;
    delete_domain(token: AccountAccessToken, domain_api_key: DomainApiKey) -> ();
    get_limited_domain_detail(key: DomainDetailsKey) -> Domain;
    get_domain_access_token(api_key: DomainApiKey, api_secret: DomainApiSecret) -> DomainAccessToken;
    delete_domain_access_token(api_key: DomainApiKey, api_secret: DomainApiSecret, token: DomainAccessToken) -> ();
    create_user_by_user_id(token: DomainAccessToken, user: NewUser) -> User;
    create_user_by_phone_number(token: DomainAccessToken, user: NewPhoneUser) -> User;
    get_users(token: DomainAccessToken) -> Vec<User>;
    delete_user(deletion: UserDeletion) -> ();
    get_user_details(token: DomainAccessToken, user_token: UserAccessToken) -> User;
    get_user_access_token(api_key: DomainApiKey, api_secret: DomainApiSecret, user_id: String) -> UserAccessToken;
    get_user_access_token_by_password(api_key: DomainApiKey, user_id: String, password: UserPassword) -> UserAccessToken;
    delete_user_access_token(api_key: DomainApiKey, user_id: String, password: UserPassword, user_token: UserAccessToken) -> ();
    create_anonymous_user(token: DomainAccessToken) -> AnonymousUser;
    send_verification_sms(token: DomainAccessToken, phone_number: String, country_code: String) -> ();
    check_verification_code(token: DomainAccessToken, code: String) -> bool;
    get_limited_user_details(token: UserAccessToken) -> User;
    get_devices(token: UserAccessToken) -> Vec<Device>;
    create_device(token: UserAccessToken, device: NewDevice) -> DeviceId;
    delete_device(token: UserAccessToken, device_id: DeviceId) -> ();
    get_personal_contacts(token: UserAccessToken) -> Vec<PersonalContact>;
    add_personal_contact(token: UserAccessToken, contact: NewPersonalContact) -> ContactId;
    delete_personal_contact(token: UserAccessToken, contact_id: ContactId) -> ();
    search_directory_by_phone_number(token: UserAccessToken, search: String) -> Vec<DirectoryEntry>;
    search_directory_by_name(token: UserAccessToken, search: String) -> Vec<DirectoryEntry>;
    search_directory_by_user_id(token: UserAccessToken, search: String) -> Vec<DirectoryEntry>;
    get_last_seen(key: PresenceKey, users: Vec<String>) -> LastSeen;
    get_groups(token: UserAccessToken) -> Vec<Group>;
    create_group(token: UserAccessToken, group: NewGroup) -> Group;
    get_group_by_id(token: UserAccessToken, group_id: GroupId) -> Group;
    update_group(token: UserAccessToken, update: GroupUpdate) -> ();
    delete_group(token: UserAccessToken, group_id: GroupId) -> ();
    add_group_members(token: UserAccessToken, group_id: GroupId, members: Vec<String>) -> ();
    remove_group_members(token: UserAccessToken, group_id: GroupId, members: Vec<String>) -> ();
    leave_group(token: UserAccessToken, group_id: GroupId) -> ();
    mute_group(token: UserAccessToken, group_id: GroupId, mute: bool) -> ();
    mute_group_members(token: UserAccessToken, group_id: GroupId, members: Vec<String>, mute: bool) -> ();
    send_group_message(token: UserAccessToken, message: OutgoingGroupMessage) -> ();
    send_sms(token: UserAccessToken, device_id: DeviceId, sms: OutgoingSms) -> ();
    get_device_address_book(token: UserAccessToken, device_id: DeviceId) -> Vec<DeviceContact>;
    upload_device_address_book(token: UserAccessToken, device_id: DeviceId, contacts: Vec<NewDeviceContact>) -> ();
    delete_device_address_book(token: UserAccessToken, device_id: DeviceId) -> ();

}
