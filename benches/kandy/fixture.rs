//! Setting up a simulator for a measurement: an account, a domain, users with a token and a
//! device. Everything is made through the in-process `KandyApi`, which the HTTP server shares.

use crate::drive::Result;
use kandy::sim::Simulator;
use kandy::{
    DeviceId, DomainAccessToken, DomainApiKey, DomainApiSecret, KandyApi, MessageUuid, NewDomain,
    NewUser, OutgoingMessage, UserAccessToken,
};
use std::sync::atomic::{AtomicU64, Ordering};

/// The text of every message the bench sends.
pub const TEXT: &str = "hello from the kandy bench";

/// A domain of a simulator, with its credentials.
#[derive(Clone, Debug)]
pub struct Domain {
    /// The simulator holding it.
    pub sim: Simulator,
    /// `bench.kandy.io`.
    pub name: String,
    token: DomainAccessToken,
    api_key: DomainApiKey,
    api_secret: DomainApiSecret,
}

/// A user logged in, with its default device.
#[derive(Clone, Debug)]
pub struct Person {
    /// `user@domain`.
    pub full_id: String,
    /// A user access token.
    pub token: UserAccessToken,
    /// Its default device.
    pub device: DeviceId,
}

fn fail(what: &str) -> impl Fn(kandy::Error) -> String + '_ {
    move |e| format!("{what}: {e}")
}

impl Domain {
    /// A new account with one domain `name` in `sim`.
    pub async fn new(sim: &Simulator, name: &str) -> Result<Self> {
        let account = sim.create_account();
        let aat = sim
            .get_account_access_token(account.api_key, account.api_secret)
            .await
            .map_err(fail("account token"))?;
        let created = sim
            .create_domain(aat, NewDomain::new(name))
            .await
            .map_err(fail("create domain"))?;
        let token = sim
            .get_domain_access_token(
                created.domain_api_key.clone(),
                created.domain_api_secret.clone(),
            )
            .await
            .map_err(fail("domain token"))?;
        Ok(Self {
            sim: sim.clone(),
            name: name.to_owned(),
            token,
            api_key: created.domain_api_key,
            api_secret: created.domain_api_secret,
        })
    }

    /// Creates a user (which gets one default device).
    pub async fn add_user(&self, user_id: &str) -> Result<()> {
        self.sim
            .create_user_by_user_id(self.token.clone(), NewUser::new(user_id))
            .await
            .map_err(fail("create user"))?;
        Ok(())
    }

    /// Logs in an existing user and finds its device.
    pub async fn login(&self, user_id: &str) -> Result<Person> {
        let token = self
            .sim
            .get_user_access_token(
                self.api_key.clone(),
                self.api_secret.clone(),
                user_id.to_owned(),
            )
            .await
            .map_err(fail("user token"))?;
        let devices = self
            .sim
            .get_devices(token.clone())
            .await
            .map_err(fail("devices"))?;
        let device = devices
            .into_iter()
            .next()
            .ok_or("a new user has no device")?
            .id;
        Ok(Person {
            full_id: format!("{user_id}@{}", self.name),
            token,
            device,
        })
    }

    /// Creates a user and logs it in.
    pub async fn person(&self, user_id: &str) -> Result<Person> {
        self.add_user(user_id).await?;
        self.login(user_id).await
    }
}

/// A fresh, well-formed message UUID (32 hex digits, a counter: cheap and unique).
pub fn next_uuid() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("{:032x}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The text message the SDK sends to `to`.
pub fn message_to(to: &Person) -> OutgoingMessage {
    OutgoingMessage::text(to.full_id.clone(), TEXT).with_uuid(MessageUuid::new(next_uuid()))
}
