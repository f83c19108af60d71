//! Configuration (#31, #45, #46).

use crate::call::Call;
use kandy_core::operation::{GET_CONFIGURATIONS, GET_DATA_CHANNEL, GET_SPIDR_CONFIGURATION};
use kandy_core::{
    DataChannelConfig, DomainApiKey, DomainApiSecret, DomainConfiguration, SpidrConfiguration,
    UserAccessToken,
};

/// #31 `GET api_wrappers/configurations?key=DAK&domain_api_secret=DAS`: the whole `result`.
pub(super) fn get_configurations(
    api_key: DomainApiKey,
    api_secret: DomainApiSecret,
) -> Call<DomainConfiguration> {
    Call::new(&GET_CONFIGURATIONS, &api_key)
        .secret_query("domain_api_secret", &api_secret)
        .reads_whole()
}

/// #45 `GET users/configurations/data_channel?key=UAT`: the whole `result`.
pub(super) fn get_data_channel(token: UserAccessToken) -> Call<DataChannelConfig> {
    Call::new(&GET_DATA_CHANNEL, &token).reads_whole()
}

/// #46 `GET users/configurations/communications/spidr?key=UAT[&secure=true]`:
/// `result.spidr_configuration`.
pub(super) fn get_spidr_configuration(
    token: UserAccessToken,
    secure: bool,
) -> Call<SpidrConfiguration> {
    Call::new(&GET_SPIDR_CONFIGURATION, &token)
        .optional_query("secure", secure.then_some("true"))
        .reads_field("spidr_configuration")
}
