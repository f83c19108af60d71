//! Token sessions (`kandy_http::session::TokenSession`): a token is obtained on the first call
//! and cached; an expired one (status 10) is refreshed once and the call made again, one
//! refresh shared by every concurrent caller; any other error comes back as it is. For
//! account, domain and user logins, in-process and over HTTP.

use async_trait::async_trait;
use kandy_core::*;
use kandy_http::session::{AccountLogin, DomainLogin, TokenSession, TokenSource, UserLogin};
use kandy_sim::{FaultEffect, FaultMatch, FaultPlan, Simulator, Trigger};
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Barrier;

const PASSWORD: &str = "open2sesame9";
/// Past the simulator's default 24-hour token time to live.
const PAST_TTL_MS: u64 = 24 * 60 * 60 * 1000 + 1;

/// An account with one domain and one user, alice (with a password).
struct World {
    api: Arc<dyn KandyApi>,
    account: AccountLogin,
    domain: DomainLogin,
    alice_device: DeviceId,
}

async fn world(api: Arc<dyn KandyApi>, account: kandy_sim::AccountCredentials) -> World {
    let account_token = api
        .get_account_access_token(account.api_key.clone(), account.api_secret.clone())
        .await
        .unwrap();
    let domain = api
        .create_domain(account_token, NewDomain::new("session.kandy.io"))
        .await
        .unwrap();
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = api
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let alice = NewUser::new("alice").password(UserPassword::new(PASSWORD));
    api.create_user_by_user_id(domain_token, alice)
        .await
        .unwrap();
    let alice_token = api
        .get_user_access_token(key.clone(), secret.clone(), "alice".into())
        .await
        .unwrap();
    let alice_device = api.get_devices(alice_token).await.unwrap()[0].id.clone();
    World {
        api,
        account: AccountLogin {
            api_key: account.api_key,
            api_secret: account.api_secret,
        },
        domain: DomainLogin {
            api_key: key,
            api_secret: secret,
        },
        alice_device,
    }
}

impl World {
    fn alice_server(&self) -> UserLogin {
        UserLogin::server(
            self.domain.api_key.clone(),
            self.domain.api_secret.clone(),
            "alice",
        )
    }

    fn alice_password(&self) -> UserLogin {
        UserLogin::password(
            self.domain.api_key.clone(),
            "alice",
            UserPassword::new(PASSWORD),
        )
    }
}

async fn in_process() -> (Simulator, World) {
    let sim = Simulator::builder().seed(5).build();
    let account = sim.create_account();
    let w = world(Arc::new(sim.clone()), account).await;
    (sim, w)
}

/// A token source that counts its fetches and can make each one take a while.
#[derive(Debug)]
struct Counted<S> {
    inner: S,
    fetches: Arc<AtomicUsize>,
    delay: Duration,
}

impl<S> Counted<S> {
    fn new(inner: S) -> Self {
        Self {
            inner,
            fetches: Arc::default(),
            delay: Duration::ZERO,
        }
    }

    fn slow(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    fn counter(&self) -> Arc<AtomicUsize> {
        self.fetches.clone()
    }
}

#[async_trait]
impl<S: TokenSource> TokenSource for Counted<S> {
    type Token = S::Token;

    async fn fetch(&self, api: &(dyn KandyApi + '_)) -> Result<S::Token> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        self.inner.fetch(api).await
    }
}

fn count(counter: &AtomicUsize) -> usize {
    counter.load(Ordering::SeqCst)
}

/// Runs `op` through the session, counting how many times the session invoked it.
async fn counted_call<S, T, F, Fut>(
    session: &TokenSession<S>,
    invocations: &AtomicUsize,
    op: F,
) -> Result<T>
where
    S: TokenSource,
    F: Fn(S::Token) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    session
        .call(|token| {
            invocations.fetch_add(1, Ordering::SeqCst);
            op(token)
        })
        .await
}

#[tokio::test]
async fn a_token_is_obtained_on_the_first_call_and_then_cached() {
    let (_sim, w) = in_process().await;
    let source = Counted::new(w.alice_server());
    let fetches = source.counter();
    let session = TokenSession::new(w.api.clone(), source);
    assert_eq!(count(&fetches), 0, "nothing is fetched before a call");

    for _ in 0..5 {
        let devices = session.call(|t| w.api.get_devices(t)).await.unwrap();
        assert_eq!(devices[0].id, w.alice_device);
    }
    assert_eq!(count(&fetches), 1);
    assert_eq!(session.tokens_fetched().await, 1);
    let token = session.token().await.unwrap();
    assert!(token.expose_secret().starts_with("UAT"));
    assert_eq!(count(&fetches), 1, "token() returns the cached one");

    session.invalidate().await;
    session.call(|t| w.api.get_devices(t)).await.unwrap();
    assert_eq!(count(&fetches), 2, "after invalidate the next call fetches");
    assert_ne!(session.token().await.unwrap(), token);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_once_and_the_call_succeeds() {
    let (sim, w) = in_process().await;
    let source = Counted::new(w.alice_server());
    let fetches = source.counter();
    let session = TokenSession::new(w.api.clone(), source);
    session.call(|t| w.api.get_devices(t)).await.unwrap();
    let old = session.token().await.unwrap();

    sim.advance_clock(PAST_TTL_MS);
    let expired = w.api.get_devices(old.clone()).await.unwrap_err();
    assert!(expired.is_token_expired(), "{expired}");

    let invocations = AtomicUsize::new(0);
    let devices = counted_call(&session, &invocations, |t| w.api.get_devices(t))
        .await
        .unwrap();
    assert_eq!(devices[0].id, w.alice_device);
    assert_eq!(
        count(&invocations),
        2,
        "once with the old token, once with the new"
    );
    assert_eq!(count(&fetches), 2, "exactly one refresh");
    assert_ne!(session.token().await.unwrap(), old);

    // The new token is cached: no more refreshes.
    let invocations = AtomicUsize::new(0);
    counted_call(&session, &invocations, |t| w.api.get_devices(t))
        .await
        .unwrap();
    assert_eq!(count(&invocations), 1);
    assert_eq!(count(&fetches), 2);
}

/// 32 callers all holding the expired token (a barrier makes sure of it) share one refresh,
/// even though the refresh is slow.
async fn concurrent_callers_share_one_refresh(
    api: Arc<dyn KandyApi>,
    login: UserLogin,
    expire: impl Future<Output = ()>,
) {
    const CALLERS: usize = 32;
    let source = Counted::new(login).slow(Duration::from_millis(20));
    let fetches = source.counter();
    let session = Arc::new(TokenSession::new(api.clone(), source));
    session.call(|t| api.get_devices(t)).await.unwrap();
    let stale = session.token().await.unwrap();
    expire.await;

    let barrier = Arc::new(Barrier::new(CALLERS));
    let invocations = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CALLERS {
        let (session, api, barrier, stale, invocations) = (
            session.clone(),
            api.clone(),
            barrier.clone(),
            stale.clone(),
            invocations.clone(),
        );
        tasks.push(tokio::spawn(async move {
            session
                .call(|token| {
                    invocations.fetch_add(1, Ordering::SeqCst);
                    let (api, barrier, stale) = (api.clone(), barrier.clone(), stale.clone());
                    async move {
                        if token == stale {
                            // Every caller holds the expired token before any sees it fail.
                            barrier.wait().await;
                        }
                        api.get_devices(token).await
                    }
                })
                .await
        }));
    }
    for task in tasks {
        assert!(!task.await.unwrap().unwrap().is_empty());
    }
    assert_eq!(count(&fetches), 2, "the first token and ONE refresh");
    assert_eq!(
        count(&invocations),
        2 * CALLERS,
        "each caller: stale, then fresh"
    );
    assert_ne!(session.token().await.unwrap(), stale);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_two_concurrent_callers_on_an_expired_token_share_one_refresh() {
    let (sim, w) = in_process().await;
    let login = w.alice_server();
    concurrent_callers_share_one_refresh(w.api.clone(), login, async move {
        sim.advance_clock(PAST_TTL_MS);
    })
    .await;
}

#[tokio::test]
async fn errors_other_than_expiry_are_returned_as_they_are() {
    let (sim, w) = in_process().await;
    let source = Counted::new(w.alice_password());
    let fetches = source.counter();
    let session = TokenSession::new(w.api.clone(), source);

    // The call's own refusal: no refresh, no second attempt.
    let invocations = AtomicUsize::new(0);
    let missing = GroupId::new("0123456789abcdef0123456789abcdef");
    let error = counted_call(&session, &invocations, |t| {
        w.api.get_group_by_id(t, missing.clone())
    })
    .await
    .unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::GROUP_NOT_FOUND));
    assert_eq!(count(&invocations), 1);
    assert_eq!(count(&fetches), 1);

    // A transient failure: returned too (retrying is the retry layer's job).
    sim.set_fault_plan(FaultPlan::new().rule(
        FaultMatch::operation("get_devices"),
        Trigger::Nth(1),
        FaultEffect::Status {
            http: 503,
            status: status::INTERNAL,
            message: "service unavailable".into(),
        },
    ));
    let invocations = AtomicUsize::new(0);
    let error = counted_call(&session, &invocations, |t| w.api.get_devices(t))
        .await
        .unwrap_err();
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(count(&invocations), 1);
    sim.set_fault_plan(FaultPlan::new());

    // A revoked token (55) is not an expired one: returned, not refreshed.
    let token = session.token().await.unwrap();
    w.api
        .delete_user_access_token(
            w.domain.api_key.clone(),
            "alice".into(),
            UserPassword::new(PASSWORD),
            token,
        )
        .await
        .unwrap();
    let invocations = AtomicUsize::new(0);
    let error = counted_call(&session, &invocations, |t| w.api.get_devices(t))
        .await
        .unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));
    assert_eq!(count(&invocations), 1);
    assert_eq!(count(&fetches), 1);

    // A login that fails: its error, and the call is never made.
    let wrong = UserLogin::password(
        w.domain.api_key.clone(),
        "alice",
        UserPassword::new("wrong2pass9"),
    );
    let session = TokenSession::new(w.api.clone(), wrong);
    let invocations = AtomicUsize::new(0);
    let error = counted_call(&session, &invocations, |t| w.api.get_devices(t))
        .await
        .unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_PASSWORD));
    assert_eq!(error.operation(), Some("get_user_access_token_by_password"));
    assert_eq!(count(&invocations), 0);
    assert_eq!(session.tokens_fetched().await, 0);
}

/// One session of `source`: a call works, and after the clock passes the time to live the
/// next call refreshes once and works.
async fn refreshes_on_expiry<S, T, F, Fut>(
    api: &Arc<dyn KandyApi>,
    source: S,
    expire: impl Future<Output = ()>,
    op: F,
) -> T
where
    S: TokenSource,
    F: Fn(S::Token) -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let source = Counted::new(source);
    let fetches = source.counter();
    let session = TokenSession::new(api.clone(), source);
    let invocations = AtomicUsize::new(0);
    counted_call(&session, &invocations, &op).await.unwrap();
    expire.await;
    let value = counted_call(&session, &invocations, &op).await.unwrap();
    assert_eq!(
        count(&invocations),
        3,
        "one call, then an expired one and its repeat"
    );
    assert_eq!(count(&fetches), 2);
    value
}

#[tokio::test]
async fn account_domain_and_user_logins_all_refresh_on_expiry() {
    let (sim, w) = in_process().await;
    let api = &w.api;
    let expire = || {
        let sim = sim.clone();
        async move { sim.advance_clock(PAST_TTL_MS) }
    };

    let domains =
        refreshes_on_expiry(api, w.account.clone(), expire(), |t| api.get_domains(t)).await;
    assert_eq!(domains[0].domain_name, "session.kandy.io");

    let users = refreshes_on_expiry(api, w.domain.clone(), expire(), |t| api.get_users(t)).await;
    assert_eq!(users[0].user_id, "alice");

    for login in [w.alice_server(), w.alice_password()] {
        let devices = refreshes_on_expiry(api, login, expire(), |t| api.get_devices(t)).await;
        assert_eq!(devices[0].id, w.alice_device);
    }
}

#[tokio::test]
async fn debug_output_shows_no_secret() {
    let (_sim, w) = in_process().await;
    let session = TokenSession::new(w.api.clone(), w.alice_password());
    session.call(|t| w.api.get_devices(t)).await.unwrap();
    let token = session.token().await.unwrap();
    let shown = format!("{session:?} {:?} {:?}", w.account, w.domain);
    for secret in [
        token.expose_secret(),
        PASSWORD,
        w.domain.api_secret.expose_secret(),
        w.domain.api_key.expose_secret(),
        w.account.api_secret.expose_secret(),
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

/// The same session over real HTTP: the HTTP client against a served simulator, the clock
/// moved through the admin surface.
#[cfg(all(feature = "server", feature = "http"))]
mod over_http {
    use super::*;
    use kandy_http::KandyClient;
    use kandy_sim::server::Server;

    async fn served() -> (Server, World) {
        let sim = Simulator::builder().seed(5).build();
        let account = sim.create_account();
        let server = Server::bind("127.0.0.1:0", sim).await.unwrap();
        let client = KandyClient::builder()
            .base_url(server.base_url())
            .build()
            .unwrap();
        let w = world(Arc::new(client), account).await;
        (server, w)
    }

    async fn advance_clock(root: String) {
        let reply = reqwest::Client::new()
            .post(format!("{root}/_sim/clock/advance"))
            .header("content-type", "application/json")
            .body(format!(r#"{{"millis": {PAST_TTL_MS}}}"#))
            .send()
            .await
            .unwrap();
        assert!(reply.status().is_success());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn every_login_refreshes_on_expiry_over_http() {
        let (server, w) = served().await;
        let api = &w.api;
        let root = server.root_url();
        let expire = || advance_clock(root.clone());
        let domains =
            refreshes_on_expiry(api, w.account.clone(), expire(), |t| api.get_domains(t)).await;
        assert_eq!(domains.len(), 1);
        let users =
            refreshes_on_expiry(api, w.domain.clone(), expire(), |t| api.get_users(t)).await;
        assert_eq!(users.len(), 1);
        for login in [w.alice_server(), w.alice_password()] {
            let devices = refreshes_on_expiry(api, login, expire(), |t| api.get_devices(t)).await;
            assert_eq!(devices[0].id, w.alice_device);
        }
        server.shutdown().await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_refresh_over_http() {
        let (server, w) = served().await;
        let login = w.alice_server();
        concurrent_callers_share_one_refresh(
            w.api.clone(),
            login,
            advance_clock(server.root_url()),
        )
        .await;
        server.shutdown().await;
    }
}
