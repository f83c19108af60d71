//! Refusals: a Kandy `status`, a message, and the HTTP status the simulator sends with them.

use kandy_core::status;
use std::fmt;

/// A refused call: the envelope's non-zero `status` and its `message`.
///
/// The message says what was wrong and never holds a credential. [`ModelError::http_status`]
/// gives the HTTP status the server sends with it (see [`http_status_for`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    /// The envelope's `status` (see [`kandy_core::status`]).
    pub status: i64,
    /// The envelope's `message`.
    pub message: String,
    /// An HTTP status other than the one `status` maps to (413 for too large).
    http: Option<u16>,
}

impl ModelError {
    /// A refusal with this status and message.
    pub fn new(status: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            http: None,
        }
    }

    /// The HTTP status the simulator sends with this refusal.
    pub fn http_status(&self) -> u16 {
        self.http.unwrap_or_else(|| http_status_for(self.status))
    }

    /// A value too large to store: status 17, HTTP 413.
    pub(crate) fn too_large(message: impl Into<String>) -> Self {
        Self {
            http: Some(413),
            ..Self::new(status::BAD_PARAMETER_VALUE, message)
        }
    }

    /// The SDK error for this refusal, naming the operation.
    pub fn into_error(self, operation: &'static str) -> kandy_core::Error {
        kandy_core::Error::from(self).with_operation(operation)
    }

    pub(crate) fn missing(what: &str) -> Self {
        Self::new(
            status::MISSING_PARAMETER,
            format!("missing parameter: {what}"),
        )
    }

    pub(crate) fn group_missing(what: &str) -> Self {
        Self::new(
            status::GROUP_MISSING_PARAMETERS,
            format!("missing parameter: {what}"),
        )
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(status::INVALID_PARAMETER_VALUE, message)
    }

    pub(crate) fn bad_value(message: impl Into<String>) -> Self {
        Self::new(status::BAD_PARAMETER_VALUE, message)
    }

    pub(crate) fn bad_password() -> Self {
        Self::new(
            status::VALIDATION_FAILED,
            "the password must have 8 to 20 characters, at least one letter and two digits, \
             and no punctuation but ! @ ( ) & ' - . , ? ^ _",
        )
    }

    pub(crate) fn bad_identifier(message: impl Into<String>) -> Self {
        Self::new(status::INVALID_IDENTIFIER, message)
    }

    pub(crate) fn bad_country(code: &str) -> Self {
        Self::new(
            status::INVALID_COUNTRY_CODE,
            format!(
                "unknown country code: {:?}",
                super::consistency::short(code)
            ),
        )
    }

    pub(crate) fn bad_message(message: impl Into<String>) -> Self {
        Self::new(status::INVALID_MESSAGE_FORMAT, message)
    }

    pub(crate) fn expired() -> Self {
        Self::new(status::TOKEN_EXPIRED, "the access token has expired")
    }

    pub(crate) fn credentials(message: impl Into<String>) -> Self {
        Self::new(status::INVALID_CREDENTIALS, message)
    }

    pub(crate) fn wrong_password() -> Self {
        Self::new(status::INVALID_PASSWORD, "the user's password is wrong")
    }

    pub(crate) fn denied(message: impl Into<String>) -> Self {
        Self::new(status::PERMISSION_DENIED, message)
    }

    pub(crate) fn not_in_group() -> Self {
        Self::new(
            status::NOT_IN_GROUP,
            "the requesting user is not in the group",
        )
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(status::DOES_NOT_EXIST, message)
    }

    pub(crate) fn group_not_found() -> Self {
        Self::new(status::GROUP_NOT_FOUND, "group not found")
    }

    pub(crate) fn member_not_found(name: &str) -> Self {
        Self::new(
            status::USER_NOT_FOUND,
            format!(
                "user not found in the domain: {}",
                super::consistency::short(name)
            ),
        )
    }

    pub(crate) fn exists(message: impl Into<String>) -> Self {
        Self::new(status::ALREADY_EXISTS, message)
    }

    pub(crate) fn domain_taken(name: &str) -> Self {
        Self::new(
            status::DOMAIN_NAME_TAKEN,
            format!(
                "the domain name {} is already taken",
                super::consistency::short(name)
            ),
        )
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(status::INTERNAL, message)
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kandy status {}: {}", self.status, self.message)
    }
}

impl std::error::Error for ModelError {}

/// The SDK error of an in-process refusal: no HTTP status, since nothing went over HTTP (the
/// server adds [`ModelError::http_status`] when it sends the refusal).
impl From<ModelError> for kandy_core::Error {
    fn from(error: ModelError) -> Self {
        kandy_core::Error::api(error.status, error.message, error.http)
    }
}

/// The HTTP status the simulator sends with an envelope `status` (DECISIONS, wire decision 5).
///
/// 0 is 200; missing or invalid values (3, 14, 15, 16, 17, 51, 54, 710) are 400; bad or
/// expired credentials (10, 52, 55) are 401; permission (11, 702) is 403; not found (18, 53,
/// 700, 701) is 404; already exists (50, 2001) is 409; quota (12) is 429; anything else,
/// internal errors (1) included, is 500.
pub fn http_status_for(status: i64) -> u16 {
    match status {
        status::SUCCESS => 200,
        status::GROUP_MISSING_PARAMETERS
        | status::VALIDATION_FAILED
        | status::MISSING_PARAMETER
        | status::INVALID_PARAMETER_VALUE
        | status::BAD_PARAMETER_VALUE
        | status::INVALID_IDENTIFIER
        | status::INVALID_COUNTRY_CODE
        | status::INVALID_MESSAGE_FORMAT => 400,
        status::TOKEN_EXPIRED | status::INVALID_PASSWORD | status::INVALID_CREDENTIALS => 401,
        status::PERMISSION_DENIED | status::NOT_IN_GROUP => 403,
        status::UNKNOWN_REQUEST
        | status::DOES_NOT_EXIST
        | status::GROUP_NOT_FOUND
        | status::USER_NOT_FOUND => 404,
        status::ALREADY_EXISTS | status::DOMAIN_NAME_TAKEN => 409,
        status::USAGE_QUOTA_EXCEEDED => 429,
        _ => 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_statuses_follow_the_documented_mapping() {
        for (code, http) in [
            (0, 200),
            (3, 400),
            (14, 400),
            (15, 400),
            (16, 400),
            (17, 400),
            (51, 400),
            (54, 400),
            (710, 400),
            (10, 401),
            (52, 401),
            (55, 401),
            (11, 403),
            (702, 403),
            (18, 404),
            (53, 404),
            (700, 404),
            (701, 404),
            (50, 409),
            (2001, 409),
            (12, 429),
            (1, 500),
        ] {
            assert_eq!(http_status_for(code), http, "status {code}");
        }
    }

    #[test]
    fn the_sdk_error_carries_status_message_and_operation_and_no_http_status() {
        let error = ModelError::expired().into_error("get_devices");
        assert_eq!(
            error.api_status(),
            Some(kandy_core::ApiStatus::TOKEN_EXPIRED)
        );
        assert_eq!(error.http_status(), None);
        assert_eq!(error.operation(), Some("get_devices"));
        assert!(error.is_token_expired());
    }
}
