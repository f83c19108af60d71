//! A small world for the model tests: one account with one domain, and helpers to add users.

#![allow(dead_code)] // each test file uses part of it

use kandy_core::*;
use kandy_sim::model::{AccountCredentials, Model, ModelConfig, ModelError};

/// The domain every world starts with.
pub const DOMAIN: &str = "example.kandy.io";

/// A user of the world: its full id, a user access token and its default device.
pub struct Member {
    pub user_id: String,
    pub full_id: String,
    pub token: UserAccessToken,
    pub device: DeviceId,
}

/// A model with an account, its token, a domain and the domain's token.
pub struct World {
    pub model: Model,
    pub account: AccountCredentials,
    pub account_token: AccountAccessToken,
    pub domain: CreatedDomain,
    pub domain_token: DomainAccessToken,
}

impl World {
    /// A world with seed 0 and the default clock.
    pub fn new() -> Self {
        Self::with_config(ModelConfig::default())
    }

    /// A world with this configuration.
    pub fn with_config(config: ModelConfig) -> Self {
        let mut model = Model::new(config);
        let account = model.create_account();
        let account_token = model
            .get_account_access_token(&account.api_key, &account.api_secret)
            .unwrap();
        let domain = model
            .create_domain(&account_token, NewDomain::new(DOMAIN))
            .unwrap();
        let domain_token = model
            .get_domain_access_token(&domain.domain_api_key, &domain.domain_api_secret)
            .unwrap();
        Self {
            model,
            account,
            account_token,
            domain,
            domain_token,
        }
    }

    /// Creates a user of the world's domain and logs it in.
    pub fn user(&mut self, user_id: &str) -> Member {
        let domain = self.domain.clone();
        let token = self.domain_token.clone();
        self.user_in(&domain, &token, user_id)
    }

    /// Creates a user of another domain and logs it in.
    pub fn user_in(
        &mut self,
        domain: &CreatedDomain,
        domain_token: &DomainAccessToken,
        user_id: &str,
    ) -> Member {
        let user = self
            .model
            .create_user_by_user_id(domain_token, NewUser::new(user_id))
            .unwrap();
        let token = self
            .model
            .get_user_access_token(&domain.domain_api_key, &domain.domain_api_secret, user_id)
            .unwrap();
        let device = self.model.get_devices(&token).unwrap()[0].id.clone();
        Member {
            user_id: user_id.to_owned(),
            full_id: user.full_user_id,
            token,
            device,
        }
    }

    /// Another domain of the same account, with its token.
    pub fn other_domain(&mut self, name: &str) -> (CreatedDomain, DomainAccessToken) {
        let domain = self
            .model
            .create_domain(&self.account_token, NewDomain::new(name))
            .unwrap();
        let token = self
            .model
            .get_domain_access_token(&domain.domain_api_key, &domain.domain_api_secret)
            .unwrap();
        (domain, token)
    }

    /// A device's queue (panics if the device does not exist).
    pub fn queue(&self, device: &DeviceId) -> Vec<IncomingMessage> {
        self.model.device_queue(device).expect("the device exists")
    }

    /// A device's queued messages other than group events (`chatGroup…`), oldest first.
    #[allow(dead_code)]
    pub fn messages(&self, device: &DeviceId) -> Vec<IncomingMessage> {
        self.queue(device)
            .into_iter()
            .filter(|m| !m.message_type.as_str().starts_with("chatGroup"))
            .collect()
    }
}

/// A text message with a fixed UUID.
pub fn text(destination: &str, body: &str, uuid: &str) -> OutgoingMessage {
    OutgoingMessage::text(destination, body).with_uuid(MessageUuid::new(uuid))
}

/// The status of a refusal.
pub fn status<T: std::fmt::Debug>(result: Result<T, ModelError>) -> i64 {
    result.expect_err("the call should be refused").status
}
