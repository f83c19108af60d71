//! Token sessions: credentials that obtain access tokens on demand, cache them, and on an
//! expired token (status 10) refresh once and try the call again.
//!
//! A [`TokenSession`] works over any [`KandyApi`]: the HTTP client, the simulator, or a
//! [`Retrying`](crate::retry::Retrying) wrapper of either. Concurrent callers that all see the
//! same token expire share one refresh.
//!
//! ```
//! # async fn demo(api: std::sync::Arc<dyn kandy_core::KandyApi>,
//! #     key: kandy_core::DomainApiKey, secret: kandy_core::DomainApiSecret) -> kandy_core::Result<()> {
//! use kandy_http::session::{TokenSession, UserLogin};
//!
//! let alice = TokenSession::new(api.clone(), UserLogin::server(key, secret, "alice"));
//! let devices = alice.call(|token| api.get_devices(token)).await?;
//! // The same through a scoped handle: no token in sight.
//! let devices = alice.as_user(|me| me.get_devices()).await?;
//! # let _ = devices;
//! # Ok(())
//! # }
//! ```
//!
//! [`as_user`](TokenSession::as_user), [`as_domain`](TokenSession::as_domain) and
//! [`as_account`](TokenSession::as_account) hand the call a
//! [scoped handle](kandy_core::handles) with the session's token, so the closure names only
//! the operation and its own arguments; like [`call`](TokenSession::call), they refresh once
//! on an expired token and run the closure again (clone what it moves, as there).

use async_trait::async_trait;
use kandy_core::{
    AccountAccessToken, AccountApiKey, AccountApiSecret, AccountHandle, ApiFuture,
    DomainAccessToken, DomainApiKey, DomainApiSecret, DomainHandle, KandyApi, Result,
    UserAccessToken, UserHandle, UserPassword,
};
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Credentials that can obtain an access token.
#[async_trait]
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// The token this source obtains.
    type Token: Clone + Send + Sync + 'static;

    /// Obtains a fresh token.
    async fn fetch(&self, api: &(dyn KandyApi + '_)) -> Result<Self::Token>;
}

/// An account's API key and secret; obtains account access tokens (#1).
#[derive(Clone, Debug)]
pub struct AccountLogin {
    /// The account API key.
    pub api_key: AccountApiKey,
    /// The account API secret.
    pub api_secret: AccountApiSecret,
}

#[async_trait]
impl TokenSource for AccountLogin {
    type Token = AccountAccessToken;

    async fn fetch(&self, api: &(dyn KandyApi + '_)) -> Result<AccountAccessToken> {
        api.get_account_access_token(self.api_key.clone(), self.api_secret.clone())
            .await
    }
}

/// A domain's API key and secret; obtains domain access tokens (#7).
#[derive(Clone, Debug)]
pub struct DomainLogin {
    /// The domain API key.
    pub api_key: DomainApiKey,
    /// The domain API secret.
    pub api_secret: DomainApiSecret,
}

#[async_trait]
impl TokenSource for DomainLogin {
    type Token = DomainAccessToken;

    async fn fetch(&self, api: &(dyn KandyApi + '_)) -> Result<DomainAccessToken> {
        api.get_domain_access_token(self.api_key.clone(), self.api_secret.clone())
            .await
    }
}

/// A user's login; obtains user access tokens (#15a or #15b).
#[derive(Clone, Debug)]
pub enum UserLogin {
    /// Server side, with the domain's key and secret (#15a).
    Server {
        /// The domain API key.
        domain_api_key: DomainApiKey,
        /// The domain API secret.
        domain_api_secret: DomainApiSecret,
        /// The user id, without `@domain`.
        user_id: String,
    },
    /// With the user's password (#15b).
    Password {
        /// The domain API key.
        domain_api_key: DomainApiKey,
        /// The user id, without `@domain`.
        user_id: String,
        /// The user's password.
        password: UserPassword,
    },
}

impl UserLogin {
    /// A server-side login with the domain's key and secret.
    pub fn server(key: DomainApiKey, secret: DomainApiSecret, user_id: impl Into<String>) -> Self {
        Self::Server {
            domain_api_key: key,
            domain_api_secret: secret,
            user_id: user_id.into(),
        }
    }

    /// A login with the user's password.
    pub fn password(key: DomainApiKey, user_id: impl Into<String>, password: UserPassword) -> Self {
        Self::Password {
            domain_api_key: key,
            user_id: user_id.into(),
            password,
        }
    }
}

#[async_trait]
impl TokenSource for UserLogin {
    type Token = UserAccessToken;

    async fn fetch(&self, api: &(dyn KandyApi + '_)) -> Result<UserAccessToken> {
        match self {
            Self::Server {
                domain_api_key,
                domain_api_secret,
                user_id,
            } => {
                api.get_user_access_token(
                    domain_api_key.clone(),
                    domain_api_secret.clone(),
                    user_id.clone(),
                )
                .await
            }
            Self::Password {
                domain_api_key,
                user_id,
                password,
            } => {
                api.get_user_access_token_by_password(
                    domain_api_key.clone(),
                    user_id.clone(),
                    password.clone(),
                )
                .await
            }
        }
    }
}

/// Holds credentials and a cached access token; see the [module docs](self).
pub struct TokenSession<S: TokenSource> {
    api: Arc<dyn KandyApi>,
    source: S,
    cache: Mutex<Cache<S::Token>>,
}

struct Cache<T> {
    token: Option<T>,
    /// Counts the tokens fetched; a caller that saw generation `g` expire refreshes only if
    /// nobody has since.
    generation: u64,
}

impl<S: TokenSource> TokenSession<S> {
    /// A session with no token yet; the first call obtains one.
    pub fn new(api: Arc<dyn KandyApi>, source: S) -> Self {
        Self {
            api,
            source,
            cache: Mutex::new(Cache {
                token: None,
                generation: 0,
            }),
        }
    }

    /// The cached token, or a fresh one.
    pub async fn token(&self) -> Result<S::Token> {
        self.current().await.map(|(_, token)| token)
    }

    /// How many tokens this session has obtained.
    pub async fn tokens_fetched(&self) -> u64 {
        self.cache.lock().await.generation
    }

    /// Forgets the cached token; the next call obtains a new one.
    pub async fn invalidate(&self) {
        self.cache.lock().await.token = None;
    }

    /// Runs `call` with the session's token; if the token has expired (status 10), obtains
    /// a new one once and runs `call` again. Any other error is returned as it is.
    pub async fn call<T, F, Fut>(&self, call: F) -> Result<T>
    where
        F: Fn(S::Token) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let (generation, token) = self.current().await?;
        match call(token).await {
            Err(error) if error.is_token_expired() => {
                let fresh = self.refresh(generation).await?;
                call(fresh).await
            }
            other => other,
        }
    }

    async fn current(&self) -> Result<(u64, S::Token)> {
        let mut cache = self.cache.lock().await;
        if let Some(token) = &cache.token {
            return Ok((cache.generation, token.clone()));
        }
        self.fetch_into(&mut cache).await
    }

    /// Obtains a new token unless another caller already replaced the one that expired.
    async fn refresh(&self, expired: u64) -> Result<S::Token> {
        let mut cache = self.cache.lock().await;
        if cache.generation != expired
            && let Some(token) = &cache.token
        {
            return Ok(token.clone());
        }
        self.fetch_into(&mut cache).await.map(|(_, token)| token)
    }

    /// Fetches while holding the cache's (async) lock, so concurrent callers share one fetch.
    async fn fetch_into(&self, cache: &mut Cache<S::Token>) -> Result<(u64, S::Token)> {
        let token = self.source.fetch(&*self.api).await?;
        cache.generation += 1;
        cache.token = Some(token.clone());
        Ok((cache.generation, token))
    }
}

impl<S: TokenSource<Token = UserAccessToken>> TokenSession<S> {
    /// Runs `call` with a [`UserHandle`] holding the session's user token, as
    /// [`call`](Self::call) does with the token: on an expired token (status 10) obtains a
    /// new one once and runs `call` again; any other error is returned as it is.
    ///
    /// ```
    /// # async fn demo(alice: kandy_http::session::TokenSession<kandy_http::session::UserLogin>,
    /// #     device: kandy_core::DeviceId) -> kandy_core::Result<()> {
    /// use kandy_core::OutgoingMessage;
    ///
    /// let hello = OutgoingMessage::text("bob@example.kandy.io", "hi");
    /// alice
    ///     .as_user(|me| me.device(&device).send_message(hello.clone()))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn as_user<T>(
        &self,
        call: impl for<'h> Fn(UserHandle<'h, dyn KandyApi>) -> ApiFuture<'h, T>,
    ) -> Result<T> {
        self.call(|token| call(UserHandle::new(&*self.api, token)))
            .await
    }
}

impl<S: TokenSource<Token = DomainAccessToken>> TokenSession<S> {
    /// Runs `call` with a [`DomainHandle`] holding the session's domain token, refreshing
    /// it once on expiry as [`as_user`](Self::as_user) does.
    pub async fn as_domain<T>(
        &self,
        call: impl for<'h> Fn(DomainHandle<'h, dyn KandyApi>) -> ApiFuture<'h, T>,
    ) -> Result<T> {
        self.call(|token| call(DomainHandle::new(&*self.api, token)))
            .await
    }
}

impl<S: TokenSource<Token = AccountAccessToken>> TokenSession<S> {
    /// Runs `call` with an [`AccountHandle`] holding the session's account token,
    /// refreshing it once on expiry as [`as_user`](Self::as_user) does.
    pub async fn as_account<T>(
        &self,
        call: impl for<'h> Fn(AccountHandle<'h, dyn KandyApi>) -> ApiFuture<'h, T>,
    ) -> Result<T> {
        self.call(|token| call(AccountHandle::new(&*self.api, token)))
            .await
    }
}

impl<S: TokenSource> fmt::Debug for TokenSession<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSession")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}
