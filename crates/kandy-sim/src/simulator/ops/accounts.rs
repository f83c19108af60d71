//! An account's tokens and its domains (#1–#6).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

/// The raw `key` query value of #6.
fn details_key(key: &DomainDetailsKey) -> &str {
    match key {
        DomainDetailsKey::Token { token, .. } => token.expose_secret(),
        DomainDetailsKey::Secret { api_key, .. } => api_key.expose_secret(),
    }
}

impl Ops<'_> {
    pub(in crate::simulator) async fn get_account_access_token(
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

    pub(in crate::simulator) async fn delete_account_access_token(
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

    pub(in crate::simulator) async fn create_domain(
        &self,
        token: AccountAccessToken,
        domain: NewDomain,
    ) -> Result<CreatedDomain> {
        self.call(&op::CREATE_DOMAIN, token.expose_secret(), None, |m| {
            m.create_domain(&token, domain)
        })
    }

    pub(in crate::simulator) async fn get_domains(
        &self,
        token: AccountAccessToken,
    ) -> Result<Vec<Domain>> {
        self.call(&op::GET_DOMAINS, token.expose_secret(), None, |m| {
            m.get_domains(&token)
        })
    }

    pub(in crate::simulator) async fn delete_domain(
        &self,
        token: AccountAccessToken,
        domain_api_key: DomainApiKey,
    ) -> Result<()> {
        self.call(&op::DELETE_DOMAIN, token.expose_secret(), None, |m| {
            m.delete_domain(&token, &domain_api_key)
        })
    }

    pub(in crate::simulator) async fn get_limited_domain_detail(
        &self,
        key: DomainDetailsKey,
    ) -> Result<Domain> {
        self.call(
            &op::GET_LIMITED_DOMAIN_DETAIL,
            details_key(&key),
            None,
            |m| m.get_limited_domain_detail(&key),
        )
    }
}
