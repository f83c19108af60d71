//! `KandyApi` for the simulator: each method names its operation, its `key` and its device
//! for the fault plan, and runs the model method of the same name.

use super::Simulator;
use async_trait::async_trait;
use kandy_core::operation as op;
use kandy_core::*;

/// The raw `key` query value of #6.
fn details_key(key: &DomainDetailsKey) -> &str {
    match key {
        DomainDetailsKey::Token { token, .. } => token.expose_secret(),
        DomainDetailsKey::Secret { api_key, .. } => api_key.expose_secret(),
    }
}

/// The raw `key` query value of #13.
fn deletion_key(deletion: &UserDeletion) -> &str {
    match deletion {
        UserDeletion::ByUserApiKey(key) => key.expose_secret(),
        UserDeletion::ByUserId { token, .. }
        | UserDeletion::ByDomainAndUserApiKey { token, .. } => token.expose_secret(),
    }
}

/// The raw `key` query value of #44.
fn presence_key(key: &PresenceKey) -> &str {
    match key {
        PresenceKey::Domain(token) => token.expose_secret(),
        PresenceKey::User(token) => token.expose_secret(),
    }
}

super::pending::with_pending! {
#[async_trait]
impl KandyApi for Simulator {
    async fn get_account_access_token(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    ) -> Result<AccountAccessToken> {
        self.call(
            &op::GET_ACCOUNT_ACCESS_TOKEN,
            api_key.expose_secret(),
            None,
            |m| m.get_account_access_token(&api_key, &api_secret),
        )
    }

    async fn delete_account_access_token(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
        token: AccountAccessToken,
    ) -> Result<()> {
        self.call(
            &op::DELETE_ACCOUNT_ACCESS_TOKEN,
            api_key.expose_secret(),
            None,
            |m| m.delete_account_access_token(&api_key, &api_secret, &token),
        )
    }

    async fn create_domain(
        &self,
        token: AccountAccessToken,
        domain: NewDomain,
    ) -> Result<CreatedDomain> {
        self.call(&op::CREATE_DOMAIN, token.expose_secret(), None, |m| {
            m.create_domain(&token, domain)
        })
    }

    async fn get_domains(&self, token: AccountAccessToken) -> Result<Vec<Domain>> {
        self.call(&op::GET_DOMAINS, token.expose_secret(), None, |m| {
            m.get_domains(&token)
        })
    }

    async fn delete_domain(
        &self,
        token: AccountAccessToken,
        domain_api_key: DomainApiKey,
    ) -> Result<()> {
        self.call(&op::DELETE_DOMAIN, token.expose_secret(), None, |m| {
            m.delete_domain(&token, &domain_api_key)
        })
    }

    async fn get_limited_domain_detail(&self, key: DomainDetailsKey) -> Result<Domain> {
        self.call(
            &op::GET_LIMITED_DOMAIN_DETAIL,
            details_key(&key),
            None,
            |m| m.get_limited_domain_detail(&key),
        )
    }

    async fn get_domain_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
    ) -> Result<DomainAccessToken> {
        self.call(
            &op::GET_DOMAIN_ACCESS_TOKEN,
            api_key.expose_secret(),
            None,
            |m| m.get_domain_access_token(&api_key, &api_secret),
        )
    }

    async fn delete_domain_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
        token: DomainAccessToken,
    ) -> Result<()> {
        self.call(
            &op::DELETE_DOMAIN_ACCESS_TOKEN,
            api_key.expose_secret(),
            None,
            |m| m.delete_domain_access_token(&api_key, &api_secret, &token),
        )
    }

    async fn create_user_by_user_id(
        &self,
        token: DomainAccessToken,
        user: NewUser,
    ) -> Result<User> {
        self.call(
            &op::CREATE_USER_BY_USER_ID,
            token.expose_secret(),
            None,
            |m| m.create_user_by_user_id(&token, user),
        )
    }

    async fn create_user_by_phone_number(
        &self,
        token: DomainAccessToken,
        user: NewPhoneUser,
    ) -> Result<User> {
        self.call(
            &op::CREATE_USER_BY_PHONE_NUMBER,
            token.expose_secret(),
            None,
            |m| m.create_user_by_phone_number(&token, user),
        )
    }

    async fn get_users(&self, token: DomainAccessToken) -> Result<Vec<User>> {
        self.call(&op::GET_USERS, token.expose_secret(), None, |m| {
            m.get_users(&token)
        })
    }

    async fn delete_user(&self, deletion: UserDeletion) -> Result<()> {
        self.call(&op::DELETE_USER, deletion_key(&deletion), None, |m| {
            m.delete_user(&deletion)
        })
    }

    async fn get_user_details(
        &self,
        token: DomainAccessToken,
        user_token: UserAccessToken,
    ) -> Result<User> {
        self.call(&op::GET_USER_DETAILS, token.expose_secret(), None, |m| {
            m.get_user_details(&token, &user_token)
        })
    }

    async fn get_user_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
        user_id: String,
    ) -> Result<UserAccessToken> {
        self.call(
            &op::GET_USER_ACCESS_TOKEN,
            api_key.expose_secret(),
            None,
            |m| m.get_user_access_token(&api_key, &api_secret, &user_id),
        )
    }

    async fn get_user_access_token_by_password(
        &self,
        api_key: DomainApiKey,
        user_id: String,
        password: UserPassword,
    ) -> Result<UserAccessToken> {
        self.call(
            &op::GET_USER_ACCESS_TOKEN_BY_PASSWORD,
            api_key.expose_secret(),
            None,
            |m| m.get_user_access_token_by_password(&api_key, &user_id, &password),
        )
    }

    async fn delete_user_access_token(
        &self,
        api_key: DomainApiKey,
        user_id: String,
        password: UserPassword,
        user_token: UserAccessToken,
    ) -> Result<()> {
        self.call(
            &op::DELETE_USER_ACCESS_TOKEN,
            api_key.expose_secret(),
            None,
            |m| m.delete_user_access_token(&api_key, &user_id, &password, &user_token),
        )
    }

    async fn create_anonymous_user(&self, token: DomainAccessToken) -> Result<AnonymousUser> {
        self.call(
            &op::CREATE_ANONYMOUS_USER,
            token.expose_secret(),
            None,
            |m| m.create_anonymous_user(&token),
        )
    }

    async fn send_verification_sms(
        &self,
        token: DomainAccessToken,
        phone_number: String,
        country_code: String,
    ) -> Result<()> {
        self.call(
            &op::SEND_VERIFICATION_SMS,
            token.expose_secret(),
            None,
            |m| m.send_verification_sms(&token, &phone_number, &country_code),
        )
    }

    async fn check_verification_code(
        &self,
        token: DomainAccessToken,
        code: String,
    ) -> Result<bool> {
        self.call(
            &op::CHECK_VERIFICATION_CODE,
            token.expose_secret(),
            None,
            |m| m.check_verification_code(&token, &code),
        )
    }

    async fn get_limited_user_details(&self, token: UserAccessToken) -> Result<User> {
        self.call(
            &op::GET_LIMITED_USER_DETAILS,
            token.expose_secret(),
            None,
            |m| m.get_limited_user_details(&token),
        )
    }

    async fn get_devices(&self, token: UserAccessToken) -> Result<Vec<Device>> {
        self.call(&op::GET_DEVICES, token.expose_secret(), None, |m| {
            m.get_devices(&token)
        })
    }

    async fn create_device(&self, token: UserAccessToken, device: NewDevice) -> Result<DeviceId> {
        self.call(&op::CREATE_DEVICE, token.expose_secret(), None, |m| {
            m.create_device(&token, device)
        })
    }

    async fn delete_device(&self, token: UserAccessToken, device_id: DeviceId) -> Result<()> {
        self.call(
            &op::DELETE_DEVICE,
            token.expose_secret(),
            Some(&device_id),
            |m| m.delete_device(&token, &device_id),
        )
    }

    async fn get_personal_contacts(&self, token: UserAccessToken) -> Result<Vec<PersonalContact>> {
        self.call(
            &op::GET_PERSONAL_CONTACTS,
            token.expose_secret(),
            None,
            |m| m.get_personal_contacts(&token),
        )
    }

    async fn add_personal_contact(
        &self,
        token: UserAccessToken,
        contact: NewPersonalContact,
    ) -> Result<ContactId> {
        self.call(
            &op::ADD_PERSONAL_CONTACT,
            token.expose_secret(),
            None,
            |m| m.add_personal_contact(&token, contact),
        )
    }

    async fn delete_personal_contact(
        &self,
        token: UserAccessToken,
        contact_id: ContactId,
    ) -> Result<()> {
        self.call(
            &op::DELETE_PERSONAL_CONTACT,
            token.expose_secret(),
            None,
            |m| m.delete_personal_contact(&token, &contact_id),
        )
    }

    async fn search_directory_by_phone_number(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.call(
            &op::SEARCH_DIRECTORY_BY_PHONE_NUMBER,
            token.expose_secret(),
            None,
            |m| m.search_directory_by_phone_number(&token, &search),
        )
    }

    async fn search_directory_by_name(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.call(
            &op::SEARCH_DIRECTORY_BY_NAME,
            token.expose_secret(),
            None,
            |m| m.search_directory_by_name(&token, &search),
        )
    }

    async fn search_directory_by_user_id(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.call(
            &op::SEARCH_DIRECTORY_BY_USER_ID,
            token.expose_secret(),
            None,
            |m| m.search_directory_by_user_id(&token, &search),
        )
    }

    async fn get_last_seen(&self, key: PresenceKey, users: Vec<String>) -> Result<LastSeen> {
        self.call(&op::GET_LAST_SEEN, presence_key(&key), None, |m| {
            m.get_last_seen(&key, &users)
        })
    }

    async fn get_groups(&self, token: UserAccessToken) -> Result<Vec<Group>> {
        self.call(&op::GET_GROUPS, token.expose_secret(), None, |m| {
            m.get_groups(&token)
        })
    }

    async fn create_group(&self, token: UserAccessToken, group: NewGroup) -> Result<Group> {
        self.call(&op::CREATE_GROUP, token.expose_secret(), None, |m| {
            m.create_group(&token, group)
        })
    }

    async fn get_group_by_id(&self, token: UserAccessToken, group_id: GroupId) -> Result<Group> {
        self.call(&op::GET_GROUP_BY_ID, token.expose_secret(), None, |m| {
            m.get_group_by_id(&token, &group_id)
        })
    }

    async fn update_group(&self, token: UserAccessToken, update: GroupUpdate) -> Result<()> {
        self.call(&op::UPDATE_GROUP, token.expose_secret(), None, |m| {
            m.update_group(&token, update)
        })
    }

    async fn delete_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()> {
        self.call(&op::DELETE_GROUP, token.expose_secret(), None, |m| {
            m.delete_group(&token, &group_id)
        })
    }

    async fn add_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()> {
        self.call(&op::ADD_GROUP_MEMBERS, token.expose_secret(), None, |m| {
            m.add_group_members(&token, &group_id, &members)
        })
    }

    async fn remove_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()> {
        self.call(
            &op::REMOVE_GROUP_MEMBERS,
            token.expose_secret(),
            None,
            |m| m.remove_group_members(&token, &group_id, &members),
        )
    }

    async fn leave_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()> {
        self.call(&op::LEAVE_GROUP, token.expose_secret(), None, |m| {
            m.leave_group(&token, &group_id)
        })
    }

    async fn mute_group(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        mute: bool,
    ) -> Result<()> {
        self.call(&op::MUTE_GROUP, token.expose_secret(), None, |m| {
            m.mute_group(&token, &group_id, mute)
        })
    }

    async fn mute_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
        mute: bool,
    ) -> Result<()> {
        self.call(&op::MUTE_GROUP_MEMBERS, token.expose_secret(), None, |m| {
            m.mute_group_members(&token, &group_id, &members, mute)
        })
    }

    async fn send_group_message(
        &self,
        token: UserAccessToken,
        message: OutgoingGroupMessage,
    ) -> Result<()> {
        self.call(&op::SEND_GROUP_MESSAGE, token.expose_secret(), None, |m| {
            m.send_group_message(&token, message)
        })
    }

    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.call(
            &op::GET_PENDING_MESSAGES,
            token.expose_secret(),
            Some(&device_id),
            |m| m.get_pending_messages(&token, &device_id, client_timestamp),
        )
    }

    async fn send_message(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        message: OutgoingMessage,
    ) -> Result<()> {
        self.call(
            &op::SEND_MESSAGE,
            token.expose_secret(),
            Some(&device_id),
            |m| m.send_message(&token, &device_id, message),
        )
    }

    async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()> {
        self.call(
            &op::DELETE_HANDLED_MESSAGES,
            token.expose_secret(),
            Some(&device_id),
            |m| m.delete_handled_messages(&token, &device_id, &uuids),
        )
    }

    async fn send_sms(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        sms: OutgoingSms,
    ) -> Result<()> {
        self.call(
            &op::SEND_SMS,
            token.expose_secret(),
            Some(&device_id),
            |m| m.send_sms(&token, &device_id, sms),
        )
    }

    async fn get_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<Vec<DeviceContact>> {
        self.call(
            &op::GET_DEVICE_ADDRESS_BOOK,
            token.expose_secret(),
            Some(&device_id),
            |m| m.get_device_address_book(&token, &device_id),
        )
    }

    async fn upload_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        contacts: Vec<NewDeviceContact>,
    ) -> Result<()> {
        self.call(
            &op::UPLOAD_DEVICE_ADDRESS_BOOK,
            token.expose_secret(),
            Some(&device_id),
            |m| m.upload_device_address_book(&token, &device_id, contacts),
        )
    }

    async fn delete_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<()> {
        self.call(
            &op::DELETE_DEVICE_ADDRESS_BOOK,
            token.expose_secret(),
            Some(&device_id),
            |m| m.delete_device_address_book(&token, &device_id),
        )
    }

    async fn upload_content(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
        content: ContentUpload,
    ) -> Result<()> {
        self.upload(token, device_id, content_uuid, content).await
    }

    async fn download_content(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
    ) -> Result<ContentDownload> {
        self.download(token, device_id, content_uuid)
    }

    async fn download_thumbnail(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
        size: ThumbnailSize,
    ) -> Result<ContentDownload> {
        self.thumbnail(token, device_id, content_uuid, size)
    }
}
}
