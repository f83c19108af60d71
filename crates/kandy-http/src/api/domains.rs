//! Domain access tokens (#7, #8).

use crate::call::Call;
use kandy_core::operation::{DELETE_DOMAIN_ACCESS_TOKEN, GET_DOMAIN_ACCESS_TOKEN};
use kandy_core::{DomainAccessToken, DomainApiKey, DomainApiSecret};

/// #7 `GET domains/accesstokens?key=DAK&domain_api_secret=DAS`.
pub(super) fn get_domain_access_token(
    api_key: DomainApiKey,
    api_secret: DomainApiSecret,
) -> Call<DomainAccessToken> {
    Call::new(&GET_DOMAIN_ACCESS_TOKEN, &api_key)
        .secret_query("domain_api_secret", &api_secret)
        .reads_field("domain_access_token")
}

/// #8 `DELETE domains/accesstokens?key=DAK&domain_api_secret=DAS&domain_access_token=DAT`.
pub(super) fn delete_domain_access_token(
    api_key: DomainApiKey,
    api_secret: DomainApiSecret,
    token: DomainAccessToken,
) -> Call<()> {
    Call::new(&DELETE_DOMAIN_ACCESS_TOKEN, &api_key)
        .secret_query("domain_api_secret", &api_secret)
        .secret_query("domain_access_token", &token)
}
