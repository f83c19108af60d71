//! Credentials: API keys and secrets, and access tokens with a time to live.
//!
//! A token is accepted only where its scope is required (55 otherwise), until its time to
//! live passes on the manual clock (10 after). An unknown or revoked token is 55.

use super::state::{Holder, Token, User, UserRef};
use super::{Model, ModelError};
use kandy_core::{
    AccountAccessToken, DomainAccessToken, DomainApiKey, DomainApiSecret, ExposeSecret,
    UserAccessToken,
};

/// The three token scopes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Account,
    Domain,
    User,
}

impl Scope {
    fn of(holder: &Holder) -> Self {
        match holder {
            Holder::Account { .. } => Scope::Account,
            Holder::Domain { .. } => Scope::Domain,
            Holder::User(_) => Scope::User,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Scope::Account => "an account access token",
            Scope::Domain => "a domain access token",
            Scope::User => "a user access token",
        }
    }
}

impl Model {
    /// Issues a new token for `holder`; older tokens stay valid.
    pub(crate) fn issue_token(&mut self, prefix: &str, holder: Holder) -> String {
        let value = self.fresh_id(prefix, |m, v| m.state.tokens.contains_key(v));
        let expires_at_ms = self
            .state
            .now_ms
            .saturating_add(self.state.config.token_ttl_ms);
        self.state.tokens.insert(
            value.clone(),
            Token {
                holder,
                expires_at_ms,
            },
        );
        value
    }

    /// The holder of a live token of `scope`: unknown or other scope is 55, expired is 10.
    fn live_token(&self, value: &str, scope: Scope) -> Result<&Holder, ModelError> {
        let token = self.revocable_token(value, scope)?;
        if self.state.now_ms >= token.expires_at_ms {
            return Err(ModelError::expired());
        }
        Ok(&token.holder)
    }

    /// A token of `scope`, expired or not: unknown or other scope is 55.
    pub(crate) fn revocable_token(&self, value: &str, scope: Scope) -> Result<&Token, ModelError> {
        let token = self
            .state
            .tokens
            .get(value)
            .ok_or_else(|| ModelError::credentials("the key or token is unknown or revoked"))?;
        if Scope::of(&token.holder) != scope {
            return Err(ModelError::credentials(format!(
                "the key is not {}",
                scope.name()
            )));
        }
        Ok(token)
    }

    /// The account an account access token belongs to (its API key).
    pub(crate) fn account_of(&self, token: &AccountAccessToken) -> Result<String, ModelError> {
        match self.live_token(token.expose_secret(), Scope::Account)? {
            Holder::Account { account } => Ok(account.clone()),
            _ => Err(ModelError::credentials(
                "the key is not an account access token",
            )),
        }
    }

    /// The domain a domain access token belongs to (its name).
    pub(crate) fn domain_of(&self, token: &DomainAccessToken) -> Result<String, ModelError> {
        match self.live_token(token.expose_secret(), Scope::Domain)? {
            Holder::Domain { domain } if self.state.domains.contains_key(domain) => {
                Ok(domain.clone())
            }
            _ => Err(ModelError::credentials(
                "the key is not a domain access token",
            )),
        }
    }

    /// The user a user access token belongs to.
    pub(crate) fn user_of(&self, token: &UserAccessToken) -> Result<UserRef, ModelError> {
        self.user_by_token(token).map(|(who, _)| who.clone())
    }

    /// The user a user access token belongs to, as the token names it and as the state
    /// holds it.
    fn user_by_token(&self, token: &UserAccessToken) -> Result<(&UserRef, &User), ModelError> {
        match self.live_token(token.expose_secret(), Scope::User)? {
            Holder::User(who) => {
                let found = self.user(who).map_err(|_| {
                    ModelError::credentials("the key or token is unknown or revoked")
                })?;
                Ok((who, found))
            }
            _ => Err(ModelError::credentials(
                "the key is not a user access token",
            )),
        }
    }

    /// The domain of a domain API key (55 if unknown).
    pub(crate) fn domain_by_key(&self, api_key: &DomainApiKey) -> Result<String, ModelError> {
        self.index
            .domain_by_key
            .get(api_key.expose_secret())
            .cloned()
            .ok_or_else(|| ModelError::credentials("the domain API key is unknown"))
    }

    /// The domain of a domain API key and its secret (55 if either is wrong).
    pub(crate) fn domain_by_secret(
        &self,
        api_key: &DomainApiKey,
        api_secret: &DomainApiSecret,
    ) -> Result<String, ModelError> {
        let name = self.domain_by_key(api_key)?;
        if self.domain(&name)?.api_secret != api_secret.expose_secret() {
            return Err(ModelError::credentials("the domain API secret is wrong"));
        }
        Ok(name)
    }

    /// Runs a call made with a user access token; on success, the user was last seen now.
    pub(crate) fn as_user<T>(
        &mut self,
        token: &UserAccessToken,
        call: impl FnOnce(&mut Self, &UserRef) -> Result<T, ModelError>,
    ) -> Result<T, ModelError> {
        let who = self.user_of(token)?;
        let result = call(self, &who)?;
        self.seen(&who);
        Ok(result)
    }

    /// [`Model::as_user`] for a call on the shared path (see the [module](super)): the same
    /// checks and the same last-seen time, through `&self`.
    pub(crate) fn as_user_shared<T>(
        &self,
        token: &UserAccessToken,
        call: impl FnOnce(&Self, &UserRef) -> Result<T, ModelError>,
    ) -> Result<T, ModelError> {
        // A shared call cannot remove the user: it is found once.
        let (who, user) = self.user_by_token(token)?;
        let result = call(self, who)?;
        self.mark_seen(user);
        Ok(result)
    }

    /// Records that `who` was seen now.
    fn seen(&self, who: &UserRef) {
        if let Ok(user) = self.user(who) {
            self.mark_seen(user);
        }
    }

    /// Records that `user` was seen now. The time is read first and written only when it
    /// moved, so that calls of one user on several cores do not pass the user's cache line
    /// between them for nothing.
    fn mark_seen(&self, user: &User) {
        if user.last_seen.get() != self.state.now_ms {
            user.last_seen.set(self.state.now_ms);
        }
    }

    /// Who calls with `key` (a `key` query value): `user@domain` for a user access token or
    /// user API key, the domain's name for a domain token or API key, the account's number
    /// for an account token or API key (as the world's token listing names holders); expired
    /// tokens included, `None` for a value the simulator does not know (or no longer: a
    /// deleted token). The request log's `user`.
    pub fn holder_of_key(&self, key: &str) -> Option<String> {
        if let Some(who) = self.index.user_by_key.get(key) {
            return Some(who.full_id());
        }
        if let Some(domain) = self.index.domain_by_key.get(key) {
            return Some(domain.clone());
        }
        if let Some(account) = self.state.accounts.get(key) {
            return Some(account.number.clone());
        }
        let token = self.state.tokens.get(key)?;
        Some(super::world::holder_label(&self.state, &token.holder).1)
    }

    /// The `full_user_id` of a user access token or user API key, expired or not; `None` for
    /// any other value (the fault plan matches calls by user with it).
    pub fn user_for_key(&self, key: &str) -> Option<String> {
        if let Some(who) = self.index.user_by_key.get(key) {
            return Some(who.full_id());
        }
        match self.state.tokens.get(key).map(|t| &t.holder) {
            Some(Holder::User(UserRef { domain, user })) => Some(format!("{user}@{domain}")),
            _ => None,
        }
    }
}
