//! The response envelope every Kandy call answers with, and its status codes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `{"status": 0, "message": "success", "result": {...}}`: the shape of every Kandy response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// 0 on success; see [`ApiStatus`] for the others.
    pub status: i64,
    /// `"success"`, a delete text such as `"Device Deleted"`, or the error's description.
    pub message: String,
    /// The operation's result; absent on most writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
}

impl Envelope {
    /// A success envelope with message `"success"`.
    pub fn success(result: Option<serde_json::Value>) -> Self {
        Self {
            status: status::SUCCESS,
            message: SUCCESS_MESSAGE.to_owned(),
            result,
        }
    }

    /// An error envelope.
    pub fn error(status: i64, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            result: None,
        }
    }
}

/// The message of a successful call (callers compare it literally).
pub const SUCCESS_MESSAGE: &str = "success";

/// The known `status` values, each written once: the [`ApiStatus`] constant, the plain `i64`
/// in [`status`], the spec's name for it, and its doc.
macro_rules! statuses {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $text:literal;)*) => {
        impl ApiStatus {
            $($(#[$doc])* pub const $name: Self = Self($code);)*

            /// The name of this status (`"invalidCredentials"`), or `None` for a status the
            /// spec does not list: kandy.js's names for 10 to 55, names in the same style
            /// for the spec's other rows (`"groupNotFound"` for 700).
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($code => Some($text),)*
                    _ => None,
                }
            }
        }

        /// The `status` values of the envelope, as plain integers (the same values as the
        /// constants of [`ApiStatus`], which [`Error::api_status`](crate::Error::api_status)
        /// returns).
        pub mod status {
            $($(#[$doc])* pub const $name: i64 = super::ApiStatus::$name.code();)*
        }
    };
}

/// An envelope `status`: 0 for success, any other value a refusal. The constants are the
/// statuses the specification lists; any other `i64` is kept as it came.
///
/// `Display` writes the code and, for a known status, its name: `55 (invalidCredentials)`.
///
/// ```
/// use kandy_core::ApiStatus;
///
/// let status = ApiStatus::from(55);
/// assert_eq!(status, ApiStatus::INVALID_CREDENTIALS);
/// assert_eq!(status.to_string(), "55 (invalidCredentials)");
/// assert_eq!(ApiStatus::from(4242).to_string(), "4242");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiStatus(i64);

impl ApiStatus {
    /// The status `code`.
    pub const fn new(code: i64) -> Self {
        Self(code)
    }

    /// The integer on the wire.
    pub const fn code(self) -> i64 {
        self.0
    }

    /// Whether the specification lists this status.
    pub fn is_known(self) -> bool {
        self.name().is_some()
    }
}

statuses! {
    /// Success.
    SUCCESS = 0, "success";
    /// Internal error (also a quota refusal: "failed to register user on compass").
    INTERNAL = 1, "internalError";
    /// Missing parameters, as the chat group endpoints report it.
    GROUP_MISSING_PARAMETERS = 3, "missingParameters";
    /// The token has expired.
    TOKEN_EXPIRED = 10, "tokenExpired";
    /// Permission denied.
    PERMISSION_DENIED = 11, "permissionDenied";
    /// Usage quota exceeded.
    USAGE_QUOTA_EXCEEDED = 12, "usageQuotaExceeded";
    /// Insufficient funds.
    INSUFFICIENT_FUNDS = 13, "insufficientFunds";
    /// Validation failed.
    VALIDATION_FAILED = 14, "validationFailed";
    /// A required parameter is missing.
    MISSING_PARAMETER = 15, "missingParameter";
    /// A parameter's value is invalid.
    INVALID_PARAMETER_VALUE = 16, "invalidParameterValue";
    /// A parameter's value is malformed.
    BAD_PARAMETER_VALUE = 17, "badParameterValue";
    /// No such operation.
    UNKNOWN_REQUEST = 18, "unknownRequest";
    /// No data.
    NO_DATA = 19, "noData";
    /// The thing already exists.
    ALREADY_EXISTS = 50, "alreadyExists";
    /// An identifier is invalid.
    INVALID_IDENTIFIER = 51, "invalidIdentifier";
    /// The password is invalid.
    INVALID_PASSWORD = 52, "invalidPassword";
    /// The thing does not exist.
    DOES_NOT_EXIST = 53, "doesNotExist";
    /// The country code is invalid.
    INVALID_COUNTRY_CODE = 54, "invalidCountryCode";
    /// The credentials are invalid (unknown or revoked key or token).
    INVALID_CREDENTIALS = 55, "invalidCredentials";
    /// Chat group not found.
    GROUP_NOT_FOUND = 700, "groupNotFound";
    /// User not found (chat groups).
    USER_NOT_FOUND = 701, "userNotFound";
    /// The requesting user is not in the group.
    NOT_IN_GROUP = 702, "notInGroup";
    /// The message is in an invalid format.
    INVALID_MESSAGE_FORMAT = 710, "invalidMessageFormat";
    /// The domain name is already taken.
    DOMAIN_NAME_TAKEN = 2001, "domainNameTaken";
}

impl From<i64> for ApiStatus {
    fn from(code: i64) -> Self {
        Self(code)
    }
}

impl From<ApiStatus> for i64 {
    fn from(status: ApiStatus) -> Self {
        status.0
    }
}

impl PartialEq<i64> for ApiStatus {
    fn eq(&self, code: &i64) -> bool {
        self.0 == *code
    }
}

impl PartialEq<ApiStatus> for i64 {
    fn eq(&self, status: &ApiStatus) -> bool {
        *self == status.0
    }
}

impl fmt::Display for ApiStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} ({name})", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_of_the_spec_table_has_its_constant_and_name() {
        // The spec's table, written out again so a typo in the macro's list shows.
        let table = [
            (0, "success"),
            (1, "internalError"),
            (3, "missingParameters"),
            (10, "tokenExpired"),
            (11, "permissionDenied"),
            (12, "usageQuotaExceeded"),
            (13, "insufficientFunds"),
            (14, "validationFailed"),
            (15, "missingParameter"),
            (16, "invalidParameterValue"),
            (17, "badParameterValue"),
            (18, "unknownRequest"),
            (19, "noData"),
            (50, "alreadyExists"),
            (51, "invalidIdentifier"),
            (52, "invalidPassword"),
            (53, "doesNotExist"),
            (54, "invalidCountryCode"),
            (55, "invalidCredentials"),
            (700, "groupNotFound"),
            (701, "userNotFound"),
            (702, "notInGroup"),
            (710, "invalidMessageFormat"),
            (2001, "domainNameTaken"),
        ];
        for (code, name) in table {
            let status = ApiStatus::from(code);
            assert_eq!(status.name(), Some(name), "{code}");
            assert!(status.is_known());
            assert_eq!(status.to_string(), format!("{code} ({name})"));
            assert_eq!(i64::from(status), code);
        }
        assert!(!ApiStatus::new(4242).is_known());
        assert_eq!(ApiStatus::new(-1).to_string(), "-1");
    }

    #[test]
    fn the_plain_constants_are_the_typed_ones() {
        assert_eq!(status::TOKEN_EXPIRED, 10);
        assert_eq!(ApiStatus::TOKEN_EXPIRED, status::TOKEN_EXPIRED);
        assert_eq!(
            status::DOMAIN_NAME_TAKEN,
            ApiStatus::DOMAIN_NAME_TAKEN.code()
        );
        assert_eq!(
            serde_json::to_value(ApiStatus::ALREADY_EXISTS).unwrap(),
            serde_json::json!(50)
        );
        assert_eq!(
            serde_json::from_str::<ApiStatus>("702").unwrap(),
            ApiStatus::NOT_IN_GROUP
        );
    }
}
