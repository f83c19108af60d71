//! Users of a domain (endpoints #10–#17, #32).

use crate::credentials::{UserAccessToken, UserApiKey, UserApiSecret, UserPassword};
use serde::{Deserialize, Deserializer, Serialize};

/// The body of `create_user_by_user_id` (#10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewUser {
    /// The user id, without `@domain`.
    pub user_id: String,
    /// Country code, e.g. `"US"` or `"+1"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_country_code: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_last_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// Password (8–20 characters, a letter and two digits); generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_password: Option<UserPassword>,
}

impl NewUser {
    /// A user with this id and nothing else set.
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            user_country_code: None,
            user_first_name: None,
            user_last_name: None,
            user_email: None,
            user_password: None,
        }
    }

    /// Sets the country code.
    pub fn country_code(mut self, code: impl Into<String>) -> Self {
        self.user_country_code = Some(code.into());
        self
    }

    /// Sets the first and last name.
    pub fn name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.user_first_name = Some(first.into());
        self.user_last_name = Some(last.into());
        self
    }

    /// Sets the e-mail address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.user_email = Some(email.into());
        self
    }

    /// Sets the password.
    pub fn password(mut self, password: UserPassword) -> Self {
        self.user_password = Some(password);
        self
    }
}

/// The body of `create_user_by_phone_number` (#11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewPhoneUser {
    /// The national phone number, digits only, e.g. `"3524096582"`.
    pub user_phone_number: String,
    /// Country code, e.g. `"US"` or `"+1"`.
    pub user_country_code: String,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_last_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// Password; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_password: Option<UserPassword>,
}

impl NewPhoneUser {
    /// A user with this phone number and country code.
    pub fn new(phone_number: impl Into<String>, country_code: impl Into<String>) -> Self {
        Self {
            user_phone_number: phone_number.into(),
            user_country_code: country_code.into(),
            user_first_name: None,
            user_last_name: None,
            user_email: None,
            user_password: None,
        }
    }

    /// Sets the first and last name.
    pub fn name(mut self, first: impl Into<String>, last: impl Into<String>) -> Self {
        self.user_first_name = Some(first.into());
        self.user_last_name = Some(last.into());
        self
    }

    /// Sets the password.
    pub fn password(mut self, password: UserPassword) -> Self {
        self.user_password = Some(password);
        self
    }
}

/// A user, as created (#10, #11), listed (#12) or described (#14, #32).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct User {
    /// The user id, without `@domain`.
    pub user_id: String,
    /// `user_id@domain_name`.
    pub full_user_id: String,
    /// The domain name.
    pub domain_name: String,
    /// The user's API key, where the caller may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_api_key: Option<UserApiKey>,
    /// The user's API secret, where the caller may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_api_secret: Option<UserApiSecret>,
    /// The password, returned on creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_password: Option<UserPassword>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_last_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_phone_number: Option<String>,
    /// Country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_country_code: Option<String>,
}

impl User {
    /// A user `user_id@domain_name` with nothing else known (no credentials, no names): what
    /// a test double returns where a call answers a user. Add the rest with the `with_*`
    /// setters.
    pub fn new(user_id: impl Into<String>, domain_name: impl Into<String>) -> Self {
        let (user_id, domain_name) = (user_id.into(), domain_name.into());
        Self {
            full_user_id: format!("{user_id}@{domain_name}"),
            user_id,
            domain_name,
            user_api_key: None,
            user_api_secret: None,
            user_password: None,
            user_first_name: None,
            user_last_name: None,
            user_email: None,
            user_phone_number: None,
            user_country_code: None,
        }
    }

    /// Sets the user's API key (`UAK…`).
    pub fn with_api_key(mut self, key: UserApiKey) -> Self {
        self.user_api_key = Some(key);
        self
    }

    /// Sets the user's API secret (`UAS…`).
    pub fn with_api_secret(mut self, secret: UserApiSecret) -> Self {
        self.user_api_secret = Some(secret);
        self
    }

    /// Sets the password (returned on creation).
    pub fn with_password(mut self, password: UserPassword) -> Self {
        self.user_password = Some(password);
        self
    }

    /// Sets the first name.
    pub fn with_first_name(mut self, first_name: impl Into<String>) -> Self {
        self.user_first_name = Some(first_name.into());
        self
    }

    /// Sets the last name.
    pub fn with_last_name(mut self, last_name: impl Into<String>) -> Self {
        self.user_last_name = Some(last_name.into());
        self
    }

    /// Sets the e-mail address.
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.user_email = Some(email.into());
        self
    }

    /// Sets the phone number.
    pub fn with_phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.user_phone_number = Some(phone_number.into());
        self
    }

    /// Sets the country code.
    pub fn with_country_code(mut self, country_code: impl Into<String>) -> Self {
        self.user_country_code = Some(country_code.into());
        self
    }
}

/// The result of `get_user_details` (#14): `result.user`, or `result.users[0]` as the seed
/// documents it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserDetails {
    /// The user.
    pub user: User,
}

impl<'de> Deserialize<'de> for UserDetails {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Either {
            user: Option<User>,
            #[serde(default)]
            users: Vec<User>,
        }
        let Either { user, users } = Either::deserialize(d)?;
        user.or_else(|| users.into_iter().next())
            .map(|user| UserDetails { user })
            .ok_or_else(|| serde::de::Error::missing_field("user"))
    }
}

/// The result of `create_anonymous_user` (#17).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AnonymousUser {
    /// The generated user id (the API calls it `user_name`).
    pub user_name: String,
    /// The generated password.
    pub user_password: UserPassword,
    /// `user_name@domain_name`.
    pub full_user_id: String,
    /// The domain name.
    pub domain_name: String,
    /// A user access token for the new user.
    pub user_access_token: UserAccessToken,
}

impl AnonymousUser {
    /// The anonymous user `user_name@domain_name` with its password and access token.
    pub fn new(
        user_name: impl Into<String>,
        domain_name: impl Into<String>,
        user_password: UserPassword,
        user_access_token: UserAccessToken,
    ) -> Self {
        let (user_name, domain_name) = (user_name.into(), domain_name.into());
        Self {
            full_user_id: format!("{user_name}@{domain_name}"),
            user_name,
            user_password,
            domain_name,
            user_access_token,
        }
    }
}
