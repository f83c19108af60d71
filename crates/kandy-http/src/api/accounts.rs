//! Accounts (#1–#6): account tokens and the account's domains.

use crate::call::Call;
use kandy_core::operation::{
    CREATE_DOMAIN, DELETE_ACCOUNT_ACCESS_TOKEN, DELETE_DOMAIN, GET_ACCOUNT_ACCESS_TOKEN,
    GET_DOMAINS, GET_LIMITED_DOMAIN_DETAIL,
};
use kandy_core::{
    AccountAccessToken, AccountApiKey, AccountApiSecret, CreatedDomain, Domain, DomainApiKey,
    DomainDetailsKey, NewDomain,
};

/// #1 `GET accounts/accesstokens?key=AAK&account_api_secret=AAS`.
pub(super) fn get_account_access_token(
    api_key: AccountApiKey,
    api_secret: AccountApiSecret,
) -> Call<AccountAccessToken> {
    Call::new(&GET_ACCOUNT_ACCESS_TOKEN, &api_key)
        .secret_query("account_api_secret", &api_secret)
        .reads_field("account_access_token")
}

/// #2 `DELETE accounts/accesstokens?key=AAK&account_api_secret=AAS&account_access_token=AAT`.
pub(super) fn delete_account_access_token(
    api_key: AccountApiKey,
    api_secret: AccountApiSecret,
    token: AccountAccessToken,
) -> Call<()> {
    Call::new(&DELETE_ACCOUNT_ACCESS_TOKEN, &api_key)
        .secret_query("account_api_secret", &api_secret)
        .secret_query("account_access_token", &token)
}

/// #3 `POST accounts/domains?key=AAT`, body `{domain_name, project_name?}`.
pub(super) fn create_domain(token: AccountAccessToken, domain: NewDomain) -> Call<CreatedDomain> {
    Call::new(&CREATE_DOMAIN, &token)
        .body(&domain)
        .reads_whole()
}

/// #4 `GET accounts/domains?key=AAT`: `result.domains`.
pub(super) fn get_domains(token: AccountAccessToken) -> Call<Vec<Domain>> {
    Call::new(&GET_DOMAINS, &token).reads_field("domains")
}

/// #5 `DELETE accounts/domains?key=AAT&domain_api_key=DAK`.
pub(super) fn delete_domain(token: AccountAccessToken, domain_api_key: DomainApiKey) -> Call<()> {
    Call::new(&DELETE_DOMAIN, &token).secret_query("domain_api_key", &domain_api_key)
}

/// #6 `GET accounts/domains/details`, form (a) `key=DAT&domain_api_key=DAK` or form (b)
/// `key=DAK&domain_api_secret=DAS&domain_access_token=DAT`: `result.domain`.
pub(super) fn get_limited_domain_detail(key: DomainDetailsKey) -> Call<Domain> {
    let call = match key {
        DomainDetailsKey::Token {
            token,
            domain_api_key,
        } => Call::new(&GET_LIMITED_DOMAIN_DETAIL, &token)
            .secret_query("domain_api_key", &domain_api_key),
        DomainDetailsKey::Secret {
            api_key,
            api_secret,
            token,
        } => Call::new(&GET_LIMITED_DOMAIN_DETAIL, &api_key)
            .secret_query("domain_api_secret", &api_secret)
            .secret_query("domain_access_token", &token),
    };
    call.reads_field("domain")
}
