//! User access tokens: server side (#15a), by password (#15b), and their revocation (#16).

use super::auth::Scope;
use super::state::{Holder, UserRef};
use super::{Model, ModelError, validate};
use kandy_core::{DomainApiKey, DomainApiSecret, ExposeSecret, UserAccessToken, UserPassword};

/// A user named at login: the user id, and the `@domain` it was written with, if any.
pub(crate) struct LoginName<'a> {
    user: &'a str,
    domain: Option<&'a str>,
}

/// Splits `bob@domain` (as kandy.js sends it) and checks the user id (51).
pub(crate) fn split_login(raw: &str) -> Result<LoginName<'_>, ModelError> {
    let (user, domain) = match raw.split_once('@') {
        Some((user, domain)) => (user, Some(domain)),
        None => (raw, None),
    };
    validate::user_id(user)?;
    Ok(LoginName { user, domain })
}

impl Model {
    /// The user a login names in `domain` (53 if there is none).
    pub(crate) fn login_user(
        &self,
        domain: &str,
        name: LoginName<'_>,
    ) -> Result<UserRef, ModelError> {
        let who = UserRef {
            domain: domain.to_owned(),
            user: name.user.to_owned(),
        };
        if let Some(named) = name.domain
            && named != domain
        {
            return Err(ModelError::not_found(format!(
                "the user {}@{named} is not in this domain",
                name.user
            )));
        }
        self.user(&who)?;
        Ok(who)
    }

    /// A new token for `who`, within [`Limits::tokens_per_user`](super::Limits).
    fn issue_user_token(&mut self, who: UserRef) -> Result<UserAccessToken, ModelError> {
        self.make_room_for_token(&who)?;
        let token = self.issue_token("UAT", Holder::User(who));
        Ok(UserAccessToken::new(token))
    }

    /// #15a: a new user access token, from the domain's key and secret.
    pub fn get_user_access_token(
        &mut self,
        api_key: &DomainApiKey,
        api_secret: &DomainApiSecret,
        user_id: &str,
    ) -> Result<UserAccessToken, ModelError> {
        let name = split_login(user_id)?;
        let domain = self.domain_by_secret(api_key, api_secret)?;
        let who = self.login_user(&domain, name)?;
        self.issue_user_token(who)
    }

    /// The user of a login by password: 53 if unknown, 52 if the password is wrong.
    fn user_by_password(
        &self,
        api_key: &DomainApiKey,
        name: LoginName<'_>,
        password: &UserPassword,
    ) -> Result<UserRef, ModelError> {
        let domain = self.domain_by_key(api_key)?;
        let who = self.login_user(&domain, name)?;
        if self.user(&who)?.password != password.expose_secret() {
            return Err(ModelError::wrong_password());
        }
        Ok(who)
    }

    /// #15b: a new user access token, from the user's password.
    pub fn get_user_access_token_by_password(
        &mut self,
        api_key: &DomainApiKey,
        user_id: &str,
        password: &UserPassword,
    ) -> Result<UserAccessToken, ModelError> {
        let name = split_login(user_id)?;
        validate::required("user_password", password.expose_secret())?;
        let who = self.user_by_password(api_key, name, password)?;
        self.issue_user_token(who)
    }

    /// #16: revokes one of the user's access tokens (11 for another user's).
    pub fn delete_user_access_token(
        &mut self,
        api_key: &DomainApiKey,
        user_id: &str,
        password: &UserPassword,
        user_token: &UserAccessToken,
    ) -> Result<(), ModelError> {
        let name = split_login(user_id)?;
        validate::required("user_password", password.expose_secret())?;
        let who = self.user_by_password(api_key, name, password)?;
        let held = self.revocable_token(user_token.expose_secret(), Scope::User)?;
        if held.holder != Holder::User(who) {
            return Err(ModelError::denied(
                "the access token belongs to another user",
            ));
        }
        self.state.tokens.swap_remove(user_token.expose_secret());
        Ok(())
    }
}
