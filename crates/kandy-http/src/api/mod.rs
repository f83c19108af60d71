//! `KandyApi` for `KandyClient`: each method fills in a call of its resource module and runs
//! it through the one request path.

mod accounts;
mod address_books;
mod devices;
mod directory;
mod domains;
mod groups;
mod messages;
mod presence;
mod users;
mod verification;

use crate::client::KandyClient;
use async_trait::async_trait;
use kandy_core::*;

#[async_trait]
impl KandyApi for KandyClient {
    async fn get_account_access_token(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    ) -> Result<AccountAccessToken> {
        self.execute(accounts::get_account_access_token(&api_key, &api_secret))
            .await
    }

    async fn delete_account_access_token(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
        token: AccountAccessToken,
    ) -> Result<()> {
        self.execute(accounts::delete_account_access_token(
            &api_key,
            &api_secret,
            &token,
        ))
        .await
    }

    async fn create_domain(
        &self,
        token: AccountAccessToken,
        domain: NewDomain,
    ) -> Result<CreatedDomain> {
        self.execute(accounts::create_domain(&token, &domain)).await
    }

    async fn get_domains(&self, token: AccountAccessToken) -> Result<Vec<Domain>> {
        self.execute(accounts::get_domains(&token)).await
    }

    async fn delete_domain(
        &self,
        token: AccountAccessToken,
        domain_api_key: DomainApiKey,
    ) -> Result<()> {
        self.execute(accounts::delete_domain(&token, &domain_api_key))
            .await
    }

    async fn get_limited_domain_detail(&self, key: DomainDetailsKey) -> Result<Domain> {
        self.execute(accounts::get_limited_domain_detail(&key))
            .await
    }

    async fn get_domain_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
    ) -> Result<DomainAccessToken> {
        self.execute(domains::get_domain_access_token(&api_key, &api_secret))
            .await
    }

    async fn delete_domain_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
        token: DomainAccessToken,
    ) -> Result<()> {
        self.execute(domains::delete_domain_access_token(
            &api_key,
            &api_secret,
            &token,
        ))
        .await
    }

    async fn create_user_by_user_id(
        &self,
        token: DomainAccessToken,
        user: NewUser,
    ) -> Result<User> {
        self.execute(users::create_user_by_user_id(&token, &user))
            .await
    }

    async fn create_user_by_phone_number(
        &self,
        token: DomainAccessToken,
        user: NewPhoneUser,
    ) -> Result<User> {
        self.execute(users::create_user_by_phone_number(&token, &user))
            .await
    }

    async fn get_users(&self, token: DomainAccessToken) -> Result<Vec<User>> {
        self.execute(users::get_users(&token)).await
    }

    async fn delete_user(&self, deletion: UserDeletion) -> Result<()> {
        self.execute(users::delete_user(&deletion)).await
    }

    async fn get_user_details(
        &self,
        token: DomainAccessToken,
        user_token: UserAccessToken,
    ) -> Result<User> {
        let details = self
            .execute(users::get_user_details(&token, &user_token))
            .await?;
        Ok(details.user)
    }

    async fn get_user_access_token(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
        user_id: String,
    ) -> Result<UserAccessToken> {
        self.execute(users::get_user_access_token(
            &api_key,
            &api_secret,
            &user_id,
        ))
        .await
    }

    async fn get_user_access_token_by_password(
        &self,
        api_key: DomainApiKey,
        user_id: String,
        password: UserPassword,
    ) -> Result<UserAccessToken> {
        self.execute(users::get_user_access_token_by_password(
            &api_key, &user_id, &password,
        ))
        .await
    }

    async fn delete_user_access_token(
        &self,
        api_key: DomainApiKey,
        user_id: String,
        password: UserPassword,
        user_token: UserAccessToken,
    ) -> Result<()> {
        self.execute(users::delete_user_access_token(
            &api_key,
            &user_id,
            &password,
            &user_token,
        ))
        .await
    }

    async fn create_anonymous_user(&self, token: DomainAccessToken) -> Result<AnonymousUser> {
        self.execute(users::create_anonymous_user(&token)).await
    }

    async fn send_verification_sms(
        &self,
        token: DomainAccessToken,
        phone_number: String,
        country_code: String,
    ) -> Result<()> {
        self.execute(verification::send_verification_sms(
            &token,
            &phone_number,
            &country_code,
        ))
        .await
    }

    async fn check_verification_code(
        &self,
        token: DomainAccessToken,
        code: String,
    ) -> Result<bool> {
        self.execute(verification::check_verification_code(&token, &code))
            .await
    }

    async fn get_limited_user_details(&self, token: UserAccessToken) -> Result<User> {
        let details = self
            .execute(users::get_limited_user_details(&token))
            .await?;
        Ok(details.user)
    }

    async fn get_devices(&self, token: UserAccessToken) -> Result<Vec<Device>> {
        self.execute(devices::get_devices(&token)).await
    }

    async fn create_device(&self, token: UserAccessToken, device: NewDevice) -> Result<DeviceId> {
        self.execute(devices::create_device(&token, &device)).await
    }

    async fn delete_device(&self, token: UserAccessToken, device_id: DeviceId) -> Result<()> {
        self.execute(devices::delete_device(&token, &device_id))
            .await
    }

    async fn get_personal_contacts(&self, token: UserAccessToken) -> Result<Vec<PersonalContact>> {
        self.execute(address_books::get_personal_contacts(&token))
            .await
    }

    async fn add_personal_contact(
        &self,
        token: UserAccessToken,
        contact: NewPersonalContact,
    ) -> Result<ContactId> {
        self.execute(address_books::add_personal_contact(&token, &contact))
            .await
    }

    async fn delete_personal_contact(
        &self,
        token: UserAccessToken,
        contact_id: ContactId,
    ) -> Result<()> {
        self.execute(address_books::delete_personal_contact(&token, &contact_id))
            .await
    }

    async fn search_directory_by_phone_number(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.execute(directory::by_phone_number(&token, &search))
            .await
    }

    async fn search_directory_by_name(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.execute(directory::by_name(&token, &search)).await
    }

    async fn search_directory_by_user_id(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.execute(directory::by_user_id(&token, &search)).await
    }

    async fn get_last_seen(&self, key: PresenceKey, users: Vec<String>) -> Result<LastSeen> {
        self.execute(presence::get_last_seen(&key, &users)).await
    }

    async fn get_groups(&self, token: UserAccessToken) -> Result<Vec<Group>> {
        self.execute(groups::get_groups(&token)).await
    }

    async fn create_group(&self, token: UserAccessToken, group: NewGroup) -> Result<Group> {
        self.execute(groups::create_group(&token, &group)).await
    }

    async fn get_group_by_id(&self, token: UserAccessToken, group_id: GroupId) -> Result<Group> {
        self.execute(groups::get_group_by_id(&token, &group_id))
            .await
    }

    async fn update_group(&self, token: UserAccessToken, update: GroupUpdate) -> Result<()> {
        self.execute(groups::update_group(&token, &update)).await
    }

    async fn delete_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()> {
        self.execute(groups::delete_group(&token, &group_id)).await
    }

    async fn add_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()> {
        self.execute(groups::add_group_members(&token, &group_id, &members))
            .await
    }

    async fn remove_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
    ) -> Result<()> {
        self.execute(groups::remove_group_members(&token, &group_id, &members))
            .await
    }

    async fn leave_group(&self, token: UserAccessToken, group_id: GroupId) -> Result<()> {
        self.execute(groups::leave_group(&token, &group_id)).await
    }

    async fn mute_group(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        mute: bool,
    ) -> Result<()> {
        self.execute(groups::mute_group(&token, &group_id, mute))
            .await
    }

    async fn mute_group_members(
        &self,
        token: UserAccessToken,
        group_id: GroupId,
        members: Vec<String>,
        mute: bool,
    ) -> Result<()> {
        self.execute(groups::mute_group_members(
            &token, &group_id, &members, mute,
        ))
        .await
    }

    async fn send_group_message(
        &self,
        token: UserAccessToken,
        message: OutgoingGroupMessage,
    ) -> Result<()> {
        self.execute(groups::send_group_message(&token, &message))
            .await
    }

    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.execute(messages::get_pending_messages(
            &token,
            &device_id,
            client_timestamp,
        ))
        .await
    }

    async fn send_message(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        message: OutgoingMessage,
    ) -> Result<()> {
        self.execute(messages::send_message(&token, &device_id, &message))
            .await
    }

    async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()> {
        self.execute(messages::delete_handled_messages(
            &token, &device_id, &uuids,
        ))
        .await
    }

    async fn send_sms(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        sms: OutgoingSms,
    ) -> Result<()> {
        self.execute(messages::send_sms(&token, &device_id, &sms))
            .await
    }

    async fn get_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<Vec<DeviceContact>> {
        self.execute(address_books::get_device_address_book(&token, &device_id))
            .await
    }

    async fn upload_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        contacts: Vec<NewDeviceContact>,
    ) -> Result<()> {
        self.execute(address_books::upload_device_address_book(
            &token, &device_id, &contacts,
        ))
        .await
    }

    async fn delete_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<()> {
        self.execute(address_books::delete_device_address_book(
            &token, &device_id,
        ))
        .await
    }
}
