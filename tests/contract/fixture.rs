//! The starting point of most scenarios: an account, a domain, and alice, bob and carol,
//! each logged in and holding the id of their default device.

use crate::target::Target;
use kandy_core::*;
use kandy_sim::AccountCredentials;

/// The fixture domain's name.
pub const DOMAIN: &str = "contract.kandy.io";
/// The second domain's name (same account) for cross-domain refusals.
pub const OTHER_DOMAIN: &str = "other.kandy.io";
/// The password of every fixture user (8–20 characters, letters and two digits).
pub const PASSWORD: &str = "open2sesame9";
/// A token's default time to live on the simulator's clock: 24 hours.
pub const TOKEN_TTL_MS: u64 = 24 * 60 * 60 * 1000;

/// A domain with its credentials and one domain access token.
#[derive(Debug, Clone)]
pub struct DomainSide {
    /// The domain name.
    pub name: String,
    /// Its API key.
    pub key: DomainApiKey,
    /// Its API secret.
    pub secret: DomainApiSecret,
    /// A domain access token.
    pub token: DomainAccessToken,
}

/// A logged-in user with its default device.
#[derive(Debug, Clone)]
pub struct Member {
    /// The user as created.
    pub user: User,
    /// A user access token.
    pub token: UserAccessToken,
    /// The default device.
    pub device: DeviceId,
}

impl Member {
    /// `user_id@domain`.
    pub fn id(&self) -> String {
        self.user.full_user_id.clone()
    }
}

/// An account, its token, a domain with its token, and alice, bob and carol.
pub struct Fixture<'t> {
    /// The target.
    pub t: &'t dyn Target,
    /// The API under test.
    pub api: &'t dyn KandyApi,
    /// The account's key and secret.
    pub account: AccountCredentials,
    /// An account access token.
    pub account_token: AccountAccessToken,
    /// The domain `contract.kandy.io`.
    pub domain: DomainSide,
    /// alice (Alice Liddell).
    pub alice: Member,
    /// bob (Bob Builder).
    pub bob: Member,
    /// carol (Carol Danvers).
    pub carol: Member,
}

fn ok<T>(what: &str, result: Result<T>) -> T {
    result.unwrap_or_else(|err| panic!("fixture: {what} failed: {err}"))
}

impl<'t> Fixture<'t> {
    /// Builds the fixture on a fresh target.
    pub async fn new(t: &'t dyn Target) -> Self {
        let api = t.api();
        let account = t.create_account().await;
        let account_token = ok(
            "get_account_access_token",
            api.get_account_access_token(account.api_key.clone(), account.api_secret.clone())
                .await,
        );
        let domain = add_domain(api, &account_token, DOMAIN).await;
        let alice = add_user(api, &domain, "alice", ("Alice", "Liddell")).await;
        let bob = add_user(api, &domain, "bob", ("Bob", "Builder")).await;
        let carol = add_user(api, &domain, "carol", ("Carol", "Danvers")).await;
        Fixture {
            t,
            api,
            account,
            account_token,
            domain,
            alice,
            bob,
            carol,
        }
    }

    /// A second domain of the same account, with one user, dave.
    pub async fn other_domain(&self) -> (DomainSide, Member) {
        let side = add_domain(self.api, &self.account_token, OTHER_DOMAIN).await;
        let dave = add_user(self.api, &side, "dave", ("Dave", "Bowman")).await;
        (side, dave)
    }

    /// A domain of another account: the account's token and the domain.
    pub async fn other_account(&self, domain_name: &str) -> (AccountAccessToken, DomainSide) {
        let account = self.t.create_account().await;
        let token = ok(
            "get_account_access_token (other account)",
            self.api
                .get_account_access_token(account.api_key, account.api_secret)
                .await,
        );
        let side = add_domain(self.api, &token, domain_name).await;
        (token, side)
    }

    /// Creates a logged-in user in the fixture domain.
    pub async fn add_user(&self, user_id: &str, name: (&str, &str)) -> Member {
        add_user(self.api, &self.domain, user_id, name).await
    }

    /// Logs a user of `side` in (server side, with the domain's key and secret).
    pub async fn login(&self, side: &DomainSide, user_id: &str) -> UserAccessToken {
        ok(
            "get_user_access_token",
            self.api
                .get_user_access_token(side.key.clone(), side.secret.clone(), user_id.into())
                .await,
        )
    }

    /// A new domain access token of the fixture domain.
    pub async fn login_domain(&self) -> DomainAccessToken {
        ok(
            "get_domain_access_token",
            self.api
                .get_domain_access_token(self.domain.key.clone(), self.domain.secret.clone())
                .await,
        )
    }

    /// Registers another device for a member.
    pub async fn add_device(&self, member: &Member, native_id: &str) -> DeviceId {
        ok(
            "create_device",
            self.api
                .create_device(member.token.clone(), NewDevice::new(native_id))
                .await,
        )
    }

    /// A user access token of `member` that has been revoked.
    pub async fn revoked_user_token(&self, member: &Member) -> UserAccessToken {
        let token = self.login(&self.domain, &member.user.user_id).await;
        ok(
            "delete_user_access_token",
            self.api
                .delete_user_access_token(
                    self.domain.key.clone(),
                    member.user.user_id.clone(),
                    UserPassword::new(PASSWORD),
                    token.clone(),
                )
                .await,
        );
        token
    }

    /// A domain access token of the fixture domain that has been revoked.
    pub async fn revoked_domain_token(&self) -> DomainAccessToken {
        let token = self.login_domain().await;
        ok(
            "delete_domain_access_token",
            self.api
                .delete_domain_access_token(
                    self.domain.key.clone(),
                    self.domain.secret.clone(),
                    token.clone(),
                )
                .await,
        );
        token
    }

    /// An account access token of the fixture account that has been revoked.
    pub async fn revoked_account_token(&self) -> AccountAccessToken {
        let (key, secret) = (
            self.account.api_key.clone(),
            self.account.api_secret.clone(),
        );
        let token = ok(
            "get_account_access_token",
            self.api
                .get_account_access_token(key.clone(), secret.clone())
                .await,
        );
        ok(
            "delete_account_access_token",
            self.api
                .delete_account_access_token(key, secret, token.clone())
                .await,
        );
        token
    }

    /// Moves the clock just past every token's time to live: all tokens issued so far expire.
    pub async fn expire_tokens(&self) {
        self.t.advance_clock(TOKEN_TTL_MS + 1).await;
    }

    /// The simulator's time, read from `get_last_seen` with the domain token (changes nothing).
    pub async fn now(&self) -> u64 {
        ok(
            "get_last_seen",
            self.api
                .get_last_seen(
                    PresenceKey::Domain(self.domain.token.clone()),
                    vec![self.alice.id()],
                )
                .await,
        )
        .server_timestamp
    }

    /// A device's pending messages, through the API.
    pub async fn pending(&self, member: &Member, device: &DeviceId) -> Vec<IncomingMessage> {
        ok(
            "get_pending_messages",
            self.api
                .get_pending_messages(member.token.clone(), device.clone(), None)
                .await,
        )
        .messages
    }

    /// A device's queue through the admin surface; panics when the device does not exist.
    pub async fn queue(&self, device: &DeviceId) -> Vec<IncomingMessage> {
        self.t
            .device_queue(device)
            .await
            .unwrap_or_else(|| panic!("device {device} should exist"))
    }
}

/// Creates a domain in the account of `token` and gets a domain token for it.
pub async fn add_domain(api: &dyn KandyApi, token: &AccountAccessToken, name: &str) -> DomainSide {
    let created = ok(
        "create_domain",
        api.create_domain(token.clone(), NewDomain::new(name)).await,
    );
    let domain_token = ok(
        "get_domain_access_token",
        api.get_domain_access_token(
            created.domain_api_key.clone(),
            created.domain_api_secret.clone(),
        )
        .await,
    );
    DomainSide {
        name: name.to_owned(),
        key: created.domain_api_key,
        secret: created.domain_api_secret,
        token: domain_token,
    }
}

/// Creates a user with [`PASSWORD`], logs it in and reads its default device.
pub async fn add_user(
    api: &dyn KandyApi,
    side: &DomainSide,
    user_id: &str,
    (first, last): (&str, &str),
) -> Member {
    let new = NewUser::new(user_id)
        .name(first, last)
        .password(UserPassword::new(PASSWORD));
    let user = ok(
        "create_user_by_user_id",
        api.create_user_by_user_id(side.token.clone(), new).await,
    );
    let token = ok(
        "get_user_access_token",
        api.get_user_access_token(side.key.clone(), side.secret.clone(), user_id.into())
            .await,
    );
    let devices = ok("get_devices", api.get_devices(token.clone()).await);
    let device = devices
        .first()
        .unwrap_or_else(|| panic!("fixture: {user_id} has no default device"))
        .id
        .clone();
    Member {
        user,
        token,
        device,
    }
}
