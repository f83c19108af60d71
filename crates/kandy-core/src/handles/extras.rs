//! The operations with a compound key ([`PresenceKey`], [`DomainDetailsKey`],
//! [`UserDeletion`]), on the handles whose credential fits: written by hand, since no
//! leading argument names their scope.

use super::{ApiFuture, DomainHandle, UserHandle};
use crate::{
    Domain, DomainApiKey, DomainDetailsKey, KandyApi, LastSeen, PresenceKey, UserApiKey,
    UserDeletion,
};

impl<'a, A: KandyApi + ?Sized> UserHandle<'a, A> {
    /// [`KandyApi::get_last_seen`] (#44) with the user token as the key: when `users` (full
    /// user ids) were last seen. See it for the errors.
    pub fn get_last_seen(
        &self,
        users: impl IntoIterator<Item = impl Into<String>>,
    ) -> ApiFuture<'a, LastSeen> {
        let key = PresenceKey::User(self.token().clone());
        <A as KandyApi>::get_last_seen(self.api(), key, users.into_iter().map(Into::into).collect())
    }
}

impl<'a, A: KandyApi + ?Sized> DomainHandle<'a, A> {
    /// [`KandyApi::get_last_seen`] (#44) with the domain token as the key: when `users`
    /// (full user ids) were last seen. See it for the errors.
    pub fn get_last_seen(
        &self,
        users: impl IntoIterator<Item = impl Into<String>>,
    ) -> ApiFuture<'a, LastSeen> {
        let key = PresenceKey::Domain(self.token().clone());
        <A as KandyApi>::get_last_seen(self.api(), key, users.into_iter().map(Into::into).collect())
    }

    /// [`KandyApi::get_limited_domain_detail`] (#6) in its token form: the details of the
    /// domain whose key is `domain_api_key`. See it for the errors (11: another domain's
    /// key).
    pub fn get_limited_domain_detail(
        &self,
        domain_api_key: impl Into<DomainApiKey>,
    ) -> ApiFuture<'a, Domain> {
        let key = DomainDetailsKey::Token {
            token: self.token().clone(),
            domain_api_key: domain_api_key.into(),
        };
        <A as KandyApi>::get_limited_domain_detail(self.api(), key)
    }

    /// [`KandyApi::delete_user`] (#13) by user id (without `@domain`): deletes the user with
    /// its devices, queues and tokens. See it for the errors.
    pub fn delete_user_by_user_id(&self, user_id: impl Into<String>) -> ApiFuture<'a, ()> {
        <A as KandyApi>::delete_user(
            self.api(),
            UserDeletion::ByUserId {
                token: self.token().clone(),
                user_id: user_id.into(),
            },
        )
    }

    /// [`KandyApi::delete_user`] (#13) by the user's API key. See it for the errors.
    pub fn delete_user_by_user_api_key(
        &self,
        user_api_key: impl Into<UserApiKey>,
    ) -> ApiFuture<'a, ()> {
        <A as KandyApi>::delete_user(
            self.api(),
            UserDeletion::ByDomainAndUserApiKey {
                token: self.token().clone(),
                user_api_key: user_api_key.into(),
            },
        )
    }
}
