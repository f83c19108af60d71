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
