//! A domain's access tokens (#7, #8).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_domain_access_token(
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

    pub(in crate::simulator) async fn delete_domain_access_token(
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
}
