//! Configuration (#31, #45, #46).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_configurations(
        &self,
        api_key: DomainApiKey,
        api_secret: DomainApiSecret,
    ) -> Result<DomainConfiguration> {
        self.call(
            &op::GET_CONFIGURATIONS,
            api_key.expose_secret(),
            None,
            |m| m.get_configurations(&api_key, &api_secret),
        )
    }

    pub(in crate::simulator) async fn get_spidr_configuration(
        &self,
        token: UserAccessToken,
        secure: bool,
    ) -> Result<SpidrConfiguration> {
        self.call(
            &op::GET_SPIDR_CONFIGURATION,
            token.expose_secret(),
            None,
            |m| m.get_spidr_configuration(&token, secure),
        )
    }

    pub(in crate::simulator) async fn get_data_channel(
        &self,
        token: UserAccessToken,
    ) -> Result<DataChannelConfig> {
        self.user_call(&op::GET_DATA_CHANNEL, &token, |m| {
            m.get_data_channel(&token)
        })?;
        Ok(self.0.data_channel_config())
    }
}
