//! `Retrying<A>` implements `KandyApi`: each of the 48 methods is one line below, naming
//! its operation; the loop itself is `Retrying::run`.

// The arguments are cloned for each attempt; for `bool` and `Option<u64>` that is a copy.
#![allow(clippy::clone_on_copy)]

use super::Retrying;
use async_trait::async_trait;
use kandy_core::operation;
use kandy_core::{
    AccountAccessToken, AccountApiKey, AccountApiSecret, AnonymousUser, ContactId, CreatedDomain,
    Device, DeviceContact, DeviceId, DirectoryEntry, Domain, DomainAccessToken, DomainApiKey,
    DomainApiSecret, DomainDetailsKey, Group, GroupId, GroupUpdate, KandyApi, LastSeen,
    MessageUuid, NewDevice, NewDeviceContact, NewDomain, NewGroup, NewPersonalContact,
    NewPhoneUser, NewUser, OutgoingGroupMessage, OutgoingMessage, OutgoingSms, PendingMessages,
    PersonalContact, PresenceKey, Result, User, UserAccessToken, UserDeletion, UserPassword,
};

macro_rules! retrying_api {
    ($( $method:ident ( $($arg:ident : $ty:ty),* ) -> $out:ty = $op:ident; )*) => {
        #[async_trait]
        impl<A: KandyApi> KandyApi for Retrying<A> {
            $(
                async fn $method(&self, $($arg: $ty),*) -> Result<$out> {
                    self.run(&operation::$op, || self.inner().$method($($arg.clone()),*)).await
                }
            )*
        }

        /// Each method's name with the operation it names, for the consistency test.
        #[cfg(test)]
        const DELEGATIONS: &[(&str, &kandy_core::Operation)] = &[$((stringify!($method), &operation::$op)),*];
    };
}

retrying_api! {
    get_account_access_token(api_key: AccountApiKey, api_secret: AccountApiSecret) -> AccountAccessToken = GET_ACCOUNT_ACCESS_TOKEN;
    delete_account_access_token(api_key: AccountApiKey, api_secret: AccountApiSecret, token: AccountAccessToken) -> () = DELETE_ACCOUNT_ACCESS_TOKEN;
    create_domain(token: AccountAccessToken, domain: NewDomain) -> CreatedDomain = CREATE_DOMAIN;
    get_domains(token: AccountAccessToken) -> Vec<Domain> = GET_DOMAINS;
    delete_domain(token: AccountAccessToken, domain_api_key: DomainApiKey) -> () = DELETE_DOMAIN;
    get_limited_domain_detail(key: DomainDetailsKey) -> Domain = GET_LIMITED_DOMAIN_DETAIL;
    get_domain_access_token(api_key: DomainApiKey, api_secret: DomainApiSecret) -> DomainAccessToken = GET_DOMAIN_ACCESS_TOKEN;
    delete_domain_access_token(api_key: DomainApiKey, api_secret: DomainApiSecret, token: DomainAccessToken) -> () = DELETE_DOMAIN_ACCESS_TOKEN;
    create_user_by_user_id(token: DomainAccessToken, user: NewUser) -> User = CREATE_USER_BY_USER_ID;
    create_user_by_phone_number(token: DomainAccessToken, user: NewPhoneUser) -> User = CREATE_USER_BY_PHONE_NUMBER;
    get_users(token: DomainAccessToken) -> Vec<User> = GET_USERS;
    delete_user(deletion: UserDeletion) -> () = DELETE_USER;
    get_user_details(token: DomainAccessToken, user_token: UserAccessToken) -> User = GET_USER_DETAILS;
    get_user_access_token(api_key: DomainApiKey, api_secret: DomainApiSecret, user_id: String) -> UserAccessToken = GET_USER_ACCESS_TOKEN;
    get_user_access_token_by_password(api_key: DomainApiKey, user_id: String, password: UserPassword) -> UserAccessToken = GET_USER_ACCESS_TOKEN_BY_PASSWORD;
    delete_user_access_token(api_key: DomainApiKey, user_id: String, password: UserPassword, user_token: UserAccessToken) -> () = DELETE_USER_ACCESS_TOKEN;
    create_anonymous_user(token: DomainAccessToken) -> AnonymousUser = CREATE_ANONYMOUS_USER;
    send_verification_sms(token: DomainAccessToken, phone_number: String, country_code: String) -> () = SEND_VERIFICATION_SMS;
    check_verification_code(token: DomainAccessToken, code: String) -> bool = CHECK_VERIFICATION_CODE;
    get_limited_user_details(token: UserAccessToken) -> User = GET_LIMITED_USER_DETAILS;
    get_devices(token: UserAccessToken) -> Vec<Device> = GET_DEVICES;
    create_device(token: UserAccessToken, device: NewDevice) -> DeviceId = CREATE_DEVICE;
    delete_device(token: UserAccessToken, device_id: DeviceId) -> () = DELETE_DEVICE;
    get_personal_contacts(token: UserAccessToken) -> Vec<PersonalContact> = GET_PERSONAL_CONTACTS;
    add_personal_contact(token: UserAccessToken, contact: NewPersonalContact) -> ContactId = ADD_PERSONAL_CONTACT;
    delete_personal_contact(token: UserAccessToken, contact_id: ContactId) -> () = DELETE_PERSONAL_CONTACT;
    search_directory_by_phone_number(token: UserAccessToken, search: String) -> Vec<DirectoryEntry> = SEARCH_DIRECTORY_BY_PHONE_NUMBER;
    search_directory_by_name(token: UserAccessToken, search: String) -> Vec<DirectoryEntry> = SEARCH_DIRECTORY_BY_NAME;
    search_directory_by_user_id(token: UserAccessToken, search: String) -> Vec<DirectoryEntry> = SEARCH_DIRECTORY_BY_USER_ID;
    get_last_seen(key: PresenceKey, users: Vec<String>) -> LastSeen = GET_LAST_SEEN;
    get_groups(token: UserAccessToken) -> Vec<Group> = GET_GROUPS;
    create_group(token: UserAccessToken, group: NewGroup) -> Group = CREATE_GROUP;
    get_group_by_id(token: UserAccessToken, group_id: GroupId) -> Group = GET_GROUP_BY_ID;
    update_group(token: UserAccessToken, update: GroupUpdate) -> () = UPDATE_GROUP;
    delete_group(token: UserAccessToken, group_id: GroupId) -> () = DELETE_GROUP;
    add_group_members(token: UserAccessToken, group_id: GroupId, members: Vec<String>) -> () = ADD_GROUP_MEMBERS;
    remove_group_members(token: UserAccessToken, group_id: GroupId, members: Vec<String>) -> () = REMOVE_GROUP_MEMBERS;
    leave_group(token: UserAccessToken, group_id: GroupId) -> () = LEAVE_GROUP;
    mute_group(token: UserAccessToken, group_id: GroupId, mute: bool) -> () = MUTE_GROUP;
    mute_group_members(token: UserAccessToken, group_id: GroupId, members: Vec<String>, mute: bool) -> () = MUTE_GROUP_MEMBERS;
    send_group_message(token: UserAccessToken, message: OutgoingGroupMessage) -> () = SEND_GROUP_MESSAGE;
    get_pending_messages(token: UserAccessToken, device_id: DeviceId, client_timestamp: Option<u64>) -> PendingMessages = GET_PENDING_MESSAGES;
    send_message(token: UserAccessToken, device_id: DeviceId, message: OutgoingMessage) -> () = SEND_MESSAGE;
    delete_handled_messages(token: UserAccessToken, device_id: DeviceId, uuids: Vec<MessageUuid>) -> () = DELETE_HANDLED_MESSAGES;
    send_sms(token: UserAccessToken, device_id: DeviceId, sms: OutgoingSms) -> () = SEND_SMS;
    get_device_address_book(token: UserAccessToken, device_id: DeviceId) -> Vec<DeviceContact> = GET_DEVICE_ADDRESS_BOOK;
    upload_device_address_book(token: UserAccessToken, device_id: DeviceId, contacts: Vec<NewDeviceContact>) -> () = UPLOAD_DEVICE_ADDRESS_BOOK;
    delete_device_address_book(token: UserAccessToken, device_id: DeviceId) -> () = DELETE_DEVICE_ADDRESS_BOOK;
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::Operation;
    use std::collections::BTreeSet;

    #[test]
    fn each_method_names_its_own_operation_and_all_48_are_covered() {
        for (method, op) in DELEGATIONS {
            assert_eq!(*method, op.name);
            assert!(op.is_implemented(), "{method}");
        }
        let delegated: BTreeSet<_> = DELEGATIONS.iter().map(|(m, _)| *m).collect();
        let implemented: BTreeSet<_> = Operation::implemented().map(|op| op.name).collect();
        assert_eq!(DELEGATIONS.len(), 48);
        assert_eq!(delegated, implemented);
    }
}
