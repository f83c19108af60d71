//! Scoped handles: a [`KandyApi`] with its credentials bound, so each call takes only the
//! operation's own arguments.
//!
//! Every [`KandyApi`] method takes its credentials first, owned: a program that holds a token
//! clones it on every call. [`KandyApiExt`] (implemented for every `KandyApi`, `dyn KandyApi`,
//! `Arc<dyn KandyApi>`, the HTTP client, the simulator and the mock included) makes a handle
//! that holds them instead:
//!
//! | entry point | holds | covers the operations that take first |
//! |---|---|---|
//! | [`api.account(key, secret)`](KandyApiExt::account) | [`AccountKeysHandle`] | the account's key and secret (#1, #2) |
//! | [`api.account_token(&aat)`](KandyApiExt::account_token) | [`AccountHandle`] | an account access token (#3–#5) |
//! | [`api.domain_keys(key, secret)`](KandyApiExt::domain_keys) | [`DomainKeysHandle`] | the domain's key and secret (#7, #8, #15a, #31) |
//! | [`api.user_password(key, id, pw)`](KandyApiExt::user_password) | [`UserPasswordHandle`] | a domain key, user id and password (#15b, #16) |
//! | [`api.domain(&dat)`](KandyApiExt::domain) | [`DomainHandle`] | a domain access token |
//! | [`api.user(&uat)`](KandyApiExt::user) | [`UserHandle`] | a user access token, and nothing the handles below take |
//! | [`user.device(&id)`](UserHandle::device) | [`DeviceHandle`] | a user token and a device id (queue, SMS, address book, content) |
//! | [`user.group(&id)`](UserHandle::group) | [`GroupHandle`] | a user token and a chat group id |
//! | [`user.session(&id)`](UserHandle::session) | [`SessionHandle`] | a user token and a session id |
//!
//! Each operation is a method of exactly one handle, of the same name as the trait's
//! ([`Scope::of`] says which); the methods are generated from the trait's one declaration,
//! so a new operation gets its handle method with it. A method takes the operation's other
//! arguments: strings, ids and credentials as `impl Into<..>` (`"bob"`, `&device_id`), lists
//! as any iterator of such, optional strings as `Option<&str>`, request bodies by value. It
//! returns the trait method's future ([`ApiFuture`]), which borrows the API and not the
//! handle, with the same `Result` and errors as the trait method.
//!
//! A handle is `XHandle<'a, A>` for the API type `A` it was made from: a function that takes
//! one is generic over `A: KandyApi + ?Sized`, or takes `UserHandle<'_, dyn KandyApi>` and is
//! given handles made from a `&dyn KandyApi` (`arc.as_ref().user(..)` for an
//! `Arc<dyn KandyApi>`). Handles are cheap to make and to clone: a reference and the
//! credentials.
//!
//! Three operations have a compound key and no scope of their own; the handles whose
//! credential fits offer them by hand: [`UserHandle::get_last_seen`] and
//! [`DomainHandle::get_last_seen`] (#44), [`DomainHandle::get_limited_domain_detail`] (#6),
//! [`DomainHandle::delete_user_by_user_id`] and [`DomainHandle::delete_user_by_user_api_key`]
//! (#13). The trait itself stays the seam to implement and mock; the handles are a front
//! door over it. For a token fetched and refreshed on expiry, `kandy_http`'s `TokenSession`
//! hands its calls a handle (`as_user`, `as_domain`, `as_account`).
//!
//! ```
//! use kandy_core::{DeviceId, KandyApi, KandyApiExt, OutgoingMessage, Result, UserAccessToken};
//!
//! /// Sends from the user's first device; runs over any backend.
//! async fn greet(api: &dyn KandyApi, token: &UserAccessToken) -> Result<()> {
//!     let me = api.user(token);
//!     let devices = me.get_devices().await?;
//!     let Some(device) = devices.first() else {
//!         return Err(kandy_core::Error::bad_argument("the user has no device"));
//!     };
//!     let phone = me.device(&device.id);
//!     phone.send_message(OutgoingMessage::text("bob@example.kandy.io", "hi")).await?;
//!     let pending = phone.get_pending_messages(None).await?;
//!     let uuids = pending.messages.iter().map(|m| &m.uuid);
//!     phone.delete_handled_messages(uuids).await
//! }
//! # #[cfg(feature = "mock")] {
//! # use futures_util::FutureExt as _;
//! # let mut mock = kandy_core::MockKandyApi::new();
//! # mock.expect_get_devices().returning(|_| Ok(vec![kandy_core::Device::new("d1".into())]));
//! # mock.expect_send_message().times(1).returning(|_, d, _| {
//! #     assert_eq!(d.as_str(), "d1");
//! #     Ok(())
//! # });
//! # mock.expect_get_pending_messages()
//! #     .returning(|_, _, _| Ok(kandy_core::PendingMessages::new(vec![], None)));
//! # mock.expect_delete_handled_messages().times(1).returning(|_, _, _| Ok(()));
//! # greet(&mock, &UserAccessToken::new("UAT1")).now_or_never().unwrap().unwrap();
//! # }
//! ```

mod extras;
// `#[macro_use]`: the unit tests call every handle method through `classify!`.
#[macro_use]
mod generate;
mod types;

pub use types::{
    AccountHandle, AccountKeysHandle, DeviceHandle, DomainHandle, DomainKeysHandle, GroupHandle,
    SessionHandle, UserHandle, UserPasswordHandle,
};

use crate::{
    AccountAccessToken, AccountApiKey, AccountApiSecret, DomainAccessToken, DomainApiKey,
    DomainApiSecret, KandyApi, KeyScope, Operation, OperationId, Result, UserAccessToken,
    UserPassword,
};
use std::future::Future;
use std::pin::Pin;

/// The future a handle method returns: the trait method's own (boxed, `Send`), borrowing the
/// API for `'a` and not the handle, so a handle made for one call may be dropped before it
/// is awaited.
pub type ApiFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// Makes [scoped handles](self) over any [`KandyApi`]; implemented for every one, unsized
/// ones (`dyn KandyApi`) included. Bring it into scope with `use kandy_core::KandyApiExt`.
///
/// Each method copies the credentials it is given into the handle (pass `&token` to keep
/// yours, or the token itself); none fails: a bad credential is refused by the call.
///
/// ```
/// use kandy_core::{KandyApi, KandyApiExt, NewDomain, Result};
///
/// /// A domain in a new account, from the account's key and secret.
/// async fn first_domain(api: &dyn KandyApi, key: &str, secret: &str) -> Result<usize> {
///     let token = api.account(key, secret).get_account_access_token().await?;
///     let domain = api
///         .account_token(&token)
///         .create_domain(NewDomain::new("example.kandy.io"))
///         .await?;
///     let dat = api
///         .domain_keys(&domain.domain_api_key, &domain.domain_api_secret)
///         .get_domain_access_token()
///         .await?;
///     let users = api.domain(&dat).get_users().await?;
///     Ok(users.len())
/// }
/// ```
pub trait KandyApiExt: KandyApi {
    /// A handle with the account's API key and secret: [`AccountKeysHandle`].
    fn account(
        &self,
        api_key: impl Into<AccountApiKey>,
        api_secret: impl Into<AccountApiSecret>,
    ) -> AccountKeysHandle<'_, Self> {
        AccountKeysHandle::new(self, api_key.into(), api_secret.into())
    }

    /// A handle with an account access token: [`AccountHandle`].
    fn account_token(&self, token: impl Into<AccountAccessToken>) -> AccountHandle<'_, Self> {
        AccountHandle::new(self, token.into())
    }

    /// A handle with a domain's API key and secret: [`DomainKeysHandle`].
    fn domain_keys(
        &self,
        api_key: impl Into<DomainApiKey>,
        api_secret: impl Into<DomainApiSecret>,
    ) -> DomainKeysHandle<'_, Self> {
        DomainKeysHandle::new(self, api_key.into(), api_secret.into())
    }

    /// A handle with a user's password login (the domain's key, the user id without
    /// `@domain`, the password): [`UserPasswordHandle`], as a client logs in.
    ///
    /// ```
    /// use kandy_core::{DomainApiKey, KandyApi, KandyApiExt, Result};
    ///
    /// /// Logs alice in with her password, lists her devices, and logs her out.
    /// async fn devices(api: &dyn KandyApi, key: &DomainApiKey, password: &str) -> Result<usize> {
    ///     let login = api.user_password(key, "alice", password);
    ///     let token = login.get_user_access_token_by_password().await?;
    ///     let count = api.user(&token).get_devices().await?.len();
    ///     login.delete_user_access_token(token).await?;
    ///     Ok(count)
    /// }
    /// ```
    fn user_password(
        &self,
        api_key: impl Into<DomainApiKey>,
        user_id: impl Into<String>,
        password: impl Into<UserPassword>,
    ) -> UserPasswordHandle<'_, Self> {
        UserPasswordHandle::new(self, api_key.into(), user_id.into(), password.into())
    }

    /// A handle with a domain access token: [`DomainHandle`].
    fn domain(&self, token: impl Into<DomainAccessToken>) -> DomainHandle<'_, Self> {
        DomainHandle::new(self, token.into())
    }

    /// A handle with a user access token: [`UserHandle`]; [`device`](UserHandle::device),
    /// [`group`](UserHandle::group) and [`session`](UserHandle::session) narrow it.
    ///
    /// ```
    /// use kandy_core::{KandyApi, KandyApiExt, NewGroup, OutgoingGroupMessage, Result};
    ///
    /// /// A group of the user's, with `members`, told hello.
    /// async fn lunch_club(api: &dyn KandyApi, token: &str, members: &[&str]) -> Result<()> {
    ///     let me = api.user(token);
    ///     let group = me.create_group(NewGroup::new("Lunch club")).await?;
    ///     me.group(&group.group_id).add_group_members(members.iter().copied()).await?;
    ///     me.send_group_message(OutgoingGroupMessage::text(&group.group_id, "hello")).await
    /// }
    /// ```
    fn user(&self, token: impl Into<UserAccessToken>) -> UserHandle<'_, Self> {
        UserHandle::new(self, token.into())
    }
}

impl<A: KandyApi + ?Sized> KandyApiExt for A {}

/// The scope of an operation: which handle supplies its leading credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// [`AccountKeysHandle`]: the account's API key and secret.
    AccountKeys,
    /// [`AccountHandle`]: an account access token.
    Account,
    /// [`DomainKeysHandle`]: a domain's API key and secret.
    DomainKeys,
    /// [`UserPasswordHandle`]: a domain API key, a user id and the user's password.
    UserPassword,
    /// [`DomainHandle`]: a domain access token.
    Domain,
    /// [`UserHandle`]: a user access token.
    User,
    /// [`DeviceHandle`]: a user access token and one of the user's device ids.
    Device,
    /// [`GroupHandle`]: a user access token and a chat group id.
    Group,
    /// [`SessionHandle`]: a user access token and a session id.
    Session,
}

impl Scope {
    /// Every scope, from the account down.
    pub const ALL: [Scope; 9] = [
        Scope::AccountKeys,
        Scope::Account,
        Scope::DomainKeys,
        Scope::UserPassword,
        Scope::Domain,
        Scope::User,
        Scope::Device,
        Scope::Group,
        Scope::Session,
    ];

    /// The kind of key the scope's credential sends as `key` (a column of the
    /// [operation table](crate::operation)).
    pub const fn key_scope(self) -> KeyScope {
        match self {
            Scope::AccountKeys => KeyScope::AccountApiKey,
            Scope::Account => KeyScope::AccountAccessToken,
            Scope::DomainKeys | Scope::UserPassword => KeyScope::DomainApiKey,
            Scope::Domain => KeyScope::DomainAccessToken,
            Scope::User | Scope::Device | Scope::Group | Scope::Session => {
                KeyScope::UserAccessToken
            }
        }
    }

    /// The operations whose method is on this scope's handle, in the table's order.
    pub fn operations(self) -> impl Iterator<Item = OperationId> {
        Operation::api()
            .map(|op| op.id)
            .filter(move |id| Scope::of(*id) == Some(self))
    }
}

#[cfg(test)]
mod tests;
