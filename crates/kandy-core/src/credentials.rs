//! Scoped credentials: API keys, secrets, access tokens and passwords.
//!
//! Each scope has its own type, so a user token cannot be passed where a domain token
//! belongs: the compiler refuses it. Every type wraps a [`secrecy::SecretString`]: `Debug`
//! prints `DomainAccessToken(***)`, there is no `Display`, and the value is read only through
//! [`ExposeSecret`], at the one place that puts it on the wire.

use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Read access to a credential's value. Call it only where the value goes on the wire.
pub trait ExposeSecret {
    /// The credential's plain value.
    fn expose_secret(&self) -> &str;
}

macro_rules! credential {
    ($(#[$doc:meta] $name:ident;)*) => {$(
        #[$doc]
        #[derive(Clone)]
        pub struct $name(SecretString);

        impl $name {
            /// Wraps a credential value.
            pub fn new(value: impl Into<String>) -> Self {
                Self(SecretString::from(value.into()))
            }
        }

        impl ExposeSecret for $name {
            fn expose_secret(&self) -> &str {
                self.0.expose_secret()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.expose_secret() == other.expose_secret()
            }
        }

        impl Eq for $name {}

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::new(value)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::new(value)
            }
        }

        /// Clones the credential, so that `&token` goes where an `impl Into<..>` is taken
        /// (the [handles](crate::handles)).
        impl From<&$name> for $name {
            fn from(value: &$name) -> Self {
                value.clone()
            }
        }

        /// Serializes the plain value: the API sends and returns credentials in JSON.
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.expose_secret())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::new)
            }
        }
    )*};
}

credential! {
    /// An account API key (`AAK…`), given by the portal.
    AccountApiKey;
    /// An account API secret (`AAS…`), given by the portal.
    AccountApiSecret;
    /// An account access token (`AAT…`), from `get_account_access_token`.
    AccountAccessToken;
    /// A domain API key (`DAK…`), from `create_domain`.
    DomainApiKey;
    /// A domain API secret (`DAS…`), from `create_domain`.
    DomainApiSecret;
    /// A domain access token (`DAT…`), from `get_domain_access_token`.
    DomainAccessToken;
    /// A user API key (`UAK…`), from user creation.
    UserApiKey;
    /// A user API secret (`UAS…`), from user creation.
    UserApiSecret;
    /// A user access token (`UAT…`), from `get_user_access_token`.
    UserAccessToken;
    /// A user's password.
    UserPassword;
}

/// The `key` of a call that takes either a domain or a user access token
/// (`get_last_seen`, endpoint #44).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PresenceKey {
    /// A domain access token, as server-side callers send it.
    Domain(DomainAccessToken),
    /// A user access token, as the browser SDK sends it.
    User(UserAccessToken),
}

impl From<DomainAccessToken> for PresenceKey {
    fn from(token: DomainAccessToken) -> Self {
        Self::Domain(token)
    }
}

impl From<UserAccessToken> for PresenceKey {
    fn from(token: UserAccessToken) -> Self {
        Self::User(token)
    }
}

/// The two ways to authenticate `get_limited_domain_detail` (endpoint #6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DomainDetailsKey {
    /// Form (a): `key=<domain access token>&domain_api_key=<key>`.
    Token {
        /// The domain access token.
        token: DomainAccessToken,
        /// The API key of the domain asked about.
        domain_api_key: DomainApiKey,
    },
    /// Form (b): `key=<domain API key>&domain_api_secret=…&domain_access_token=…`.
    Secret {
        /// The domain API key.
        api_key: DomainApiKey,
        /// The domain API secret.
        api_secret: DomainApiSecret,
        /// A domain access token of the same domain.
        token: DomainAccessToken,
    },
}

/// Whom `delete_user` (endpoint #13) deletes, and with which credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserDeletion {
    /// The seed's form: `key=<user API key>`; the user deletes itself.
    ByUserApiKey(UserApiKey),
    /// A domain access token and the user's id.
    ByUserId {
        /// The domain access token.
        token: DomainAccessToken,
        /// The user's id (without `@domain`).
        user_id: String,
    },
    /// A domain access token and the user's API key.
    ByDomainAndUserApiKey {
        /// The domain access token.
        token: DomainAccessToken,
        /// The user's API key.
        user_api_key: UserApiKey,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_and_value_is_reachable_only_by_expose() {
        let token = UserAccessToken::new("UAT0123456789abcdef0123456789abcdef");
        assert_eq!(format!("{token:?}"), "UserAccessToken(***)");
        assert_eq!(token.expose_secret(), "UAT0123456789abcdef0123456789abcdef");
        let key = PresenceKey::from(token);
        assert!(!format!("{key:?}").contains("UAT0123"));
    }

    #[test]
    fn serde_round_trip_keeps_the_value() {
        let key: DomainApiKey = serde_json::from_str("\"DAKabc\"").unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"DAKabc\"");
    }
}
