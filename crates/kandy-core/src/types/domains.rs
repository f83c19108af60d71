//! Domains, as an account sees them (endpoints #3–#6).

use crate::credentials::{DomainApiKey, DomainApiSecret};
use serde::{Deserialize, Serialize};

/// The body of `create_domain` (#3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewDomain {
    /// The domain name, e.g. `example.kandy.io`.
    pub domain_name: String,
    /// An optional project name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
}

impl NewDomain {
    /// A domain with this name and no project name.
    pub fn new(domain_name: impl Into<String>) -> Self {
        Self {
            domain_name: domain_name.into(),
            project_name: None,
        }
    }

    /// Sets the project name.
    pub fn project_name(mut self, project_name: impl Into<String>) -> Self {
        self.project_name = Some(project_name.into());
        self
    }
}

/// The result of `create_domain`: the new domain's credentials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreatedDomain {
    /// The new domain's API key (`DAK…`).
    pub domain_api_key: DomainApiKey,
    /// The new domain's API secret (`DAS…`).
    pub domain_api_secret: DomainApiSecret,
    /// The domain name, when the server echoes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// The project name, when the server echoes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
}

impl CreatedDomain {
    /// A new domain's key and secret, with no name echoed.
    pub fn new(domain_api_key: DomainApiKey, domain_api_secret: DomainApiSecret) -> Self {
        Self {
            domain_api_key,
            domain_api_secret,
            domain_name: None,
            project_name: None,
        }
    }

    /// Sets the echoed domain name.
    pub fn with_domain_name(mut self, domain_name: impl Into<String>) -> Self {
        self.domain_name = Some(domain_name.into());
        self
    }

    /// Sets the echoed project name.
    pub fn with_project_name(mut self, project_name: impl Into<String>) -> Self {
        self.project_name = Some(project_name.into());
        self
    }
}

/// A domain in `get_domains` (#4) and `get_limited_domain_detail` (#6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Domain {
    /// The domain's API key.
    pub domain_api_key: DomainApiKey,
    /// The domain's API secret, where the caller may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_api_secret: Option<DomainApiSecret>,
    /// The domain name.
    pub domain_name: String,
    /// The project name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
    /// The owning account's number, e.g. `"00000012"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// The owning account's e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_email: Option<String>,
    /// How many users the domain has (sent as a string).
    #[serde(
        default,
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub number_of_users: Option<u64>,
    /// The next billing date, e.g. `"2015-01-19"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_recurring_payment: Option<String>,
}

impl Domain {
    /// The domain `domain_name` with this API key and nothing else known.
    pub fn new(domain_api_key: DomainApiKey, domain_name: impl Into<String>) -> Self {
        Self {
            domain_api_key,
            domain_api_secret: None,
            domain_name: domain_name.into(),
            project_name: None,
            account_number: None,
            account_email: None,
            number_of_users: None,
            next_recurring_payment: None,
        }
    }

    /// Sets the API secret.
    pub fn with_api_secret(mut self, secret: DomainApiSecret) -> Self {
        self.domain_api_secret = Some(secret);
        self
    }

    /// Sets the project name.
    pub fn with_project_name(mut self, project_name: impl Into<String>) -> Self {
        self.project_name = Some(project_name.into());
        self
    }

    /// Sets the owning account's number, e.g. `"00000012"`.
    pub fn with_account_number(mut self, account_number: impl Into<String>) -> Self {
        self.account_number = Some(account_number.into());
        self
    }

    /// Sets the owning account's e-mail address.
    pub fn with_account_email(mut self, account_email: impl Into<String>) -> Self {
        self.account_email = Some(account_email.into());
        self
    }

    /// Sets how many users the domain has.
    pub fn with_number_of_users(mut self, number_of_users: u64) -> Self {
        self.number_of_users = Some(number_of_users);
        self
    }

    /// Sets the next billing date, e.g. `"2015-01-19"`.
    pub fn with_next_recurring_payment(mut self, date: impl Into<String>) -> Self {
        self.next_recurring_payment = Some(date.into());
        self
    }
}
