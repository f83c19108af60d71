//! The `KandyApi` trait: one method per implemented operation.

use crate::credentials::*;
use crate::error::Result;
use crate::ids::{ContactId, DeviceId, GroupId, MessageUuid};
use crate::types::address_books::{
    DeviceContact, NewDeviceContact, NewPersonalContact, PersonalContact,
};
use crate::types::devices::{Device, NewDevice};
use crate::types::directory::DirectoryEntry;
use crate::types::domains::{CreatedDomain, Domain, NewDomain};
use crate::types::groups::{Group, GroupUpdate, NewGroup};
use crate::types::messages::{OutgoingGroupMessage, OutgoingMessage, OutgoingSms, PendingMessages};
use crate::types::presence::LastSeen;
use crate::types::users::{AnonymousUser, NewPhoneUser, NewUser, User};
use async_trait::async_trait;

/// The Kandy.io v1.2 API: one method per tier-1 and tier-2 operation (48).
///
/// Program against this trait; use `kandy_http::KandyClient` in production,
/// `kandy_sim::Simulator` offline, and `MockKandyApi` (feature `mock`) in unit tests.
/// Every method takes owned values and names its operation in the errors it returns.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait KandyApi: Send + Sync {
    // Accounts.

    /// #1: an account access token from the account's API key and secret.
    async fn get_account_access_token(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    ) -> Result<AccountAccessToken>;

    /// #2: revokes an account access token.
    async fn delete_account_access_token(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
        token: AccountAccessToken,
    ) -> Result<()>;

    /// #3: creates a domain; a taken name is refused with status 2001.
    async fn create_domain(
        &self,
        token: AccountAccessToken,
        domain: NewDomain,
    ) -> Result<CreatedDomain>;

    /// #4: the account's domains.
    async fn get_domains(&self, token: AccountAccessToken) -> Result<Vec<Domain>>;

    /// #5: deletes a domain with everything in it.
    async fn delete_domain(
        &self,
        token: AccountAccessToken,
        domain_api_key: DomainApiKey,
    ) -> Result<()>;

    /// #6: a domain's details, in either authentication form.
    async fn get_limited_domain_detail(&self, key: DomainDetailsKey) -> Result<Domain>;

    // Domains.

    /// #7: a domain access token from the domain's API key and secret.
    async fn get_domain_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
    ) -> Result<DomainAccessToken>;

    /// #8: revokes a domain access token.
    async fn delete_domain_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
        token: DomainAccessToken,
    ) -> Result<()>;

    // Users.

    /// #10: creates a user by user id; the user gets one default device.
    async fn create_user_by_user_id(&self, token: DomainAccessToken, user: NewUser)
    -> Result<User>;

    /// #11: creates a user by phone number (its user id is the calling code plus the number).
    async fn create_user_by_phone_number(
        &self,
        token: DomainAccessToken,
        user: NewPhoneUser,
    ) -> Result<User>;

    /// #12: the domain's users.
    async fn get_users(&self, token: DomainAccessToken) -> Result<Vec<User>>;

    /// #13: deletes a user, with its devices, queues and tokens.
    async fn delete_user(&self, deletion: UserDeletion) -> Result<()>;

    /// #14: the user a user access token belongs to, seen by its domain.
    async fn get_user_details(
        &self,
        token: DomainAccessToken,
        user_token: UserAccessToken,
    ) -> Result<User>;

    /// #15a: a user access token, server side, from the domain's key and secret.
    async fn get_user_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
        user_id: String,
    ) -> Result<UserAccessToken>;

    /// #15b: a user access token from the user's password (login).
    async fn get_user_access_token_by_password(
        &self,
        api_key: DomainApiKey,
        user_id: String,
        password: UserPassword,
    ) -> Result<UserAccessToken>;

    /// #16: revokes a user access token.
    async fn delete_user_access_token(
        &self,
        api_key: DomainApiKey,
        user_id: String,
        password: UserPassword,
        user_token: UserAccessToken,
    ) -> Result<()>;

    /// #17: creates an anonymous user and logs it in.
    async fn create_anonymous_user(&self, token: DomainAccessToken) -> Result<AnonymousUser>;

    /// #19: sends a verification code by SMS to a phone number.
    async fn send_verification_sms(
        &self,
        token: DomainAccessToken,
        phone_number: String,
        country_code: String,
    ) -> Result<()>;

    /// #20: whether a verification code is valid (a valid code is used up).
    async fn check_verification_code(&self, token: DomainAccessToken, code: String)
    -> Result<bool>;

    /// #32: the user a user access token belongs to.
    async fn get_limited_user_details(&self, token: UserAccessToken) -> Result<User>;

    // Devices.

    /// #33: the user's devices.
    async fn get_devices(&self, token: UserAccessToken) -> Result<Vec<Device>>;

    /// #34: registers a device.
    async fn create_device(&self, token: UserAccessToken, device: NewDevice) -> Result<DeviceId>;

    /// #35: deletes a device and its queue.
    async fn delete_device(&self, token: UserAccessToken, device_id: DeviceId) -> Result<()>;

    // Personal address book and directory.

    /// #36: the user's personal contacts.
    async fn get_personal_contacts(&self, token: UserAccessToken) -> Result<Vec<PersonalContact>>;

    /// #37: adds a personal contact.
    async fn add_personal_contact(
        &self,
        token: UserAccessToken,
        contact: NewPersonalContact,
    ) -> Result<ContactId>;

    /// #38: deletes a personal contact.
    async fn delete_personal_contact(
        &self,
        token: UserAccessToken,
        contact_id: ContactId,
    ) -> Result<()>;

    /// #40: users of the domain whose phone number contains `search`.
    async fn search_directory_by_phone_number(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>>;

    /// #41: users of the domain whose first or last name contains `search` (any case).
    async fn search_directory_by_name(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>>;

    /// #42: users of the domain whose user id contains `search` (any case).
    async fn search_directory_by_user_id(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>>;

    /// #44: when each user was last seen.
    async fn get_last_seen(&self, key: PresenceKey, users: Vec<String>) -> Result<LastSeen>;

    // Chat groups.

    /// #52: the groups the user belongs to.
    async fn get_groups(&self, token: UserAccessToken) -> Result<Vec<Group>>;

    /// #53: creates a group owned by the user.
    async fn create_group(&self, token: UserAccessToken, group: NewGroup) -> Result<Group>;

    /// #54: one group.
    async fn get_group_by_id(&self, token: UserAccessToken, group_id: GroupId) -> Result<Group>;

    /// #55: renames a group or changes its image (owners only).
    async fn update_group(&self, token: UserAccessToken, update: GroupUpdate) -> Result<()>;

    /// #56: deletes a group (owners only).
    async fn delete_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()>;

    /// #57: adds members (owners only; at most 50 in all).
    async fn add_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()>;

    /// #58: removes members (owners only).
    async fn remove_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()>;

    /// #59: the user leaves a group.
    async fn leave_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()>;

    /// #60: mutes or unmutes a group for the user.
    async fn mute_group(&self, token: UserAccessToken, group_id: GroupId, mute: bool)
    -> Result<()>;

    /// #61: mutes or unmutes members of a group (owners only).
    async fn mute_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
        mute: bool,
    ) -> Result<()>;

    /// #62: sends a message to every member's devices but the sender's own.
    async fn send_group_message(
        &self,
        token: UserAccessToken,
        message: OutgoingGroupMessage,
    ) -> Result<()>;

    // Device messaging and SMS.

    /// #76: the device's pending messages, oldest first; they stay until deleted (#78).
    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages>;

    /// #77: sends an IM from a device to every device of the destination user.
    async fn send_message(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        message: OutgoingMessage,
    ) -> Result<()>;

    /// #78: deletes handled messages from the device's queue; unknown UUIDs are ignored.
    async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()>;

    /// #79: sends an SMS from a device.
    async fn send_sms(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        sms: OutgoingSms,
    ) -> Result<()>;

    /// #80: the device's address book, with hints.
    async fn get_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<Vec<DeviceContact>>;

    /// #81: uploads contacts to the device's address book (one entry per number).
    async fn upload_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        contacts: Vec<NewDeviceContact>,
    ) -> Result<()>;

    /// #82: empties the device's address book.
    async fn delete_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<()>;
}
