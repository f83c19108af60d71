//! A domain's users and their tokens (#10–#17, #32).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

/// The raw `key` query value of #13.
fn deletion_key(deletion: &UserDeletion) -> &str {
    match deletion {
        UserDeletion::ByUserApiKey(key) => key.expose_secret(),
        UserDeletion::ByUserId { token, .. }
        | UserDeletion::ByDomainAndUserApiKey { token, .. } => token.expose_secret(),
    }
}

impl Ops<'_> {
    pub(in crate::simulator) async fn create_user_by_user_id(
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

    pub(in crate::simulator) async fn create_user_by_phone_number(
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

    pub(in crate::simulator) async fn get_users(
        &self,
        token: DomainAccessToken,
    ) -> Result<Vec<User>> {
        self.call(&op::GET_USERS, token.expose_secret(), None, |m| {
            m.get_users(&token)
        })
    }

    pub(in crate::simulator) async fn delete_user(&self, deletion: UserDeletion) -> Result<()> {
        self.call(&op::DELETE_USER, deletion_key(&deletion), None, |m| {
            m.delete_user(&deletion)
        })
    }

    pub(in crate::simulator) async fn get_user_details(
        &self,
        token: DomainAccessToken,
        user_token: UserAccessToken,
    ) -> Result<User> {
        self.call(&op::GET_USER_DETAILS, token.expose_secret(), None, |m| {
            m.get_user_details(&token, &user_token)
        })
    }

    pub(in crate::simulator) async fn get_user_access_token(
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

    pub(in crate::simulator) async fn get_user_access_token_by_password(
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

    pub(in crate::simulator) async fn delete_user_access_token(
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

    pub(in crate::simulator) async fn create_anonymous_user(
        &self,
        token: DomainAccessToken,
    ) -> Result<AnonymousUser> {
        self.call(
            &op::CREATE_ANONYMOUS_USER,
            token.expose_secret(),
            None,
            |m| m.create_anonymous_user(&token),
        )
    }

    pub(in crate::simulator) async fn get_limited_user_details(
        &self,
        token: UserAccessToken,
    ) -> Result<User> {
        self.call(
            &op::GET_LIMITED_USER_DETAILS,
            token.expose_secret(),
            None,
            |m| m.get_limited_user_details(&token),
        )
    }
}
