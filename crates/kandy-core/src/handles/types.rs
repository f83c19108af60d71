//! The handle types: an API reference and the credentials of one scope. Their operation
//! methods are generated (`generate.rs`); the compound-key ones are in `extras.rs`.

use crate::{
    AccountAccessToken, AccountApiKey, AccountApiSecret, DeviceId, DomainAccessToken, DomainApiKey,
    DomainApiSecret, GroupId, SessionId, UserAccessToken, UserPassword,
};
use std::fmt;

/// Declares a handle: the struct, `new`, the accessors, `Clone` (the API is borrowed, so
/// any `A`) and a `Debug` that shows the credentials as they print (redacted).
macro_rules! handle {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident { $($(#[doc = $fdoc:literal])* $field:ident: $ty:ty),* }
    )*) => {$(
        $(#[doc = $doc])*
        pub struct $name<'a, A: ?Sized> {
            api: &'a A,
            $($field: $ty),*
        }

        impl<'a, A: ?Sized> $name<'a, A> {
            /// The handle over `api` with these credentials; the [`KandyApiExt`](super::KandyApiExt)
            /// entry points make it from borrowed or owned values.
            pub fn new(api: &'a A, $($field: $ty),*) -> Self {
                Self { api, $($field),* }
            }

            /// The API the handle calls.
            pub fn api(&self) -> &'a A {
                self.api
            }

            $(
                $(#[doc = $fdoc])*
                pub fn $field(&self) -> &$ty {
                    &self.$field
                }
            )*
        }

        impl<A: ?Sized> Clone for $name<'_, A> {
            fn clone(&self) -> Self {
                Self { api: self.api, $($field: self.$field.clone()),* }
            }
        }

        impl<A: ?Sized> fmt::Debug for $name<'_, A> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &self.$field))*
                    .finish_non_exhaustive()
            }
        }
    )*};
}

handle! {
    /// The operations authenticated by an account's API key and secret: getting and revoking
    /// account access tokens (#1, #2). Made by [`KandyApiExt::account`](super::KandyApiExt::account).
    AccountKeysHandle {
        /// The account API key.
        api_key: AccountApiKey,
        /// The account API secret.
        api_secret: AccountApiSecret
    }

    /// The operations of an account access token: creating, listing and deleting the
    /// account's domains (#3–#5). Made by
    /// [`KandyApiExt::account_token`](super::KandyApiExt::account_token).
    AccountHandle {
        /// The account access token.
        token: AccountAccessToken
    }

    /// The operations authenticated by a domain's API key and secret: domain access tokens
    /// (#7, #8), server-side user login (#15a) and the domain's configuration (#31). Made by
    /// [`KandyApiExt::domain_keys`](super::KandyApiExt::domain_keys).
    DomainKeysHandle {
        /// The domain API key.
        api_key: DomainApiKey,
        /// The domain API secret.
        api_secret: DomainApiSecret
    }

    /// The operations authenticated by a user's password: getting (#15b) and revoking (#16)
    /// the user's access tokens. Made by
    /// [`KandyApiExt::user_password`](super::KandyApiExt::user_password).
    UserPasswordHandle {
        /// The domain API key.
        api_key: DomainApiKey,
        /// The user id, without `@domain`.
        user_id: String,
        /// The user's password.
        password: UserPassword
    }

    /// The operations of a domain access token: users, verification SMS, registration,
    /// lookups and hunt groups, plus the compound-key ones a domain token fits (see
    /// [`get_last_seen`](Self::get_last_seen)). Made by
    /// [`KandyApiExt::domain`](super::KandyApiExt::domain).
    DomainHandle {
        /// The domain access token.
        token: DomainAccessToken
    }

    /// The operations of a user access token that name no device, group or session: devices,
    /// personal contacts, directory, profile, configuration, creating and listing groups and
    /// sessions, group messages. [`device`](Self::device), [`group`](Self::group) and
    /// [`session`](Self::session) narrow it. Made by
    /// [`KandyApiExt::user`](super::KandyApiExt::user).
    UserHandle {
        /// The user access token.
        token: UserAccessToken
    }

    /// The operations of one of the user's devices: its message queue, IMs and SMS sent from
    /// it, its address book and uploaded content (#35, #76–#86). Made by
    /// [`UserHandle::device`].
    DeviceHandle {
        /// The user access token.
        token: UserAccessToken,
        /// The device.
        device_id: DeviceId
    }

    /// The operations on one chat group by id (#54, #56–#61). Made by [`UserHandle::group`].
    GroupHandle {
        /// The user access token.
        token: UserAccessToken,
        /// The chat group.
        group_id: GroupId
    }

    /// The operations on one session by id (#64–#67, #71–#75). Made by
    /// [`UserHandle::session`].
    SessionHandle {
        /// The user access token.
        token: UserAccessToken,
        /// The session.
        session_id: SessionId
    }
}

impl<'a, A: ?Sized> UserHandle<'a, A> {
    /// The user's device `device_id`: a [`DeviceHandle`] with this handle's token.
    pub fn device(&self, device_id: impl Into<DeviceId>) -> DeviceHandle<'a, A> {
        DeviceHandle::new(self.api, self.token.clone(), device_id.into())
    }

    /// The chat group `group_id`: a [`GroupHandle`] with this handle's token.
    pub fn group(&self, group_id: impl Into<GroupId>) -> GroupHandle<'a, A> {
        GroupHandle::new(self.api, self.token.clone(), group_id.into())
    }

    /// The session `session_id`: a [`SessionHandle`] with this handle's token.
    pub fn session(&self, session_id: impl Into<SessionId>) -> SessionHandle<'a, A> {
        SessionHandle::new(self.api, self.token.clone(), session_id.into())
    }
}

impl<'a, A: ?Sized> DeviceHandle<'a, A> {
    /// The user of the device: a [`UserHandle`] with this handle's token.
    pub fn user(&self) -> UserHandle<'a, A> {
        UserHandle::new(self.api, self.token.clone())
    }
}
