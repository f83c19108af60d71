//! Directory search (#40–#42).

use serde::{Deserialize, Serialize};

/// A user found by a directory search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DirectoryEntry {
    /// `user_id@domain_name`.
    pub full_user_id: String,
    /// The user id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The domain name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_last_name: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_phone_number: Option<String>,
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_email: Option<String>,
}

impl DirectoryEntry {
    /// The user `user_id@domain_name`, with its id and domain set and no names, phone or
    /// e-mail (the simulator's answers carry all three ids).
    pub fn new(user_id: impl Into<String>, domain_name: impl Into<String>) -> Self {
        let (user_id, domain_name) = (user_id.into(), domain_name.into());
        Self {
            full_user_id: format!("{user_id}@{domain_name}"),
            user_id: Some(user_id),
            domain_name: Some(domain_name),
            user_first_name: None,
            user_last_name: None,
            user_phone_number: None,
            user_email: None,
        }
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

    /// Sets the phone number.
    pub fn with_phone_number(mut self, phone_number: impl Into<String>) -> Self {
        self.user_phone_number = Some(phone_number.into());
        self
    }

    /// Sets the e-mail address.
    pub fn with_email(mut self, email: impl Into<String>) -> Self {
        self.user_email = Some(email.into());
        self
    }
}
