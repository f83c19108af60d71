//! The response envelope every Kandy call answers with, and its status codes.

use serde::{Deserialize, Serialize};

/// `{"status": 0, "message": "success", "result": {...}}`: the shape of every Kandy response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    /// 0 on success; see [`status`] for the others.
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

/// The `status` values of the envelope.
pub mod status {
    /// Success.
    pub const SUCCESS: i64 = 0;
    /// Internal error (also a quota refusal: "failed to register user on compass").
    pub const INTERNAL: i64 = 1;
    /// Missing parameters, as the chat group endpoints report it.
    pub const GROUP_MISSING_PARAMETERS: i64 = 3;
    /// The token has expired.
    pub const TOKEN_EXPIRED: i64 = 10;
    /// Permission denied.
    pub const PERMISSION_DENIED: i64 = 11;
    /// Usage quota exceeded.
    pub const USAGE_QUOTA_EXCEEDED: i64 = 12;
    /// Insufficient funds.
    pub const INSUFFICIENT_FUNDS: i64 = 13;
    /// Validation failed.
    pub const VALIDATION_FAILED: i64 = 14;
    /// A required parameter is missing.
    pub const MISSING_PARAMETER: i64 = 15;
    /// A parameter's value is invalid.
    pub const INVALID_PARAMETER_VALUE: i64 = 16;
    /// A parameter's value is malformed.
    pub const BAD_PARAMETER_VALUE: i64 = 17;
    /// No such operation.
    pub const UNKNOWN_REQUEST: i64 = 18;
    /// No data.
    pub const NO_DATA: i64 = 19;
    /// The thing already exists.
    pub const ALREADY_EXISTS: i64 = 50;
    /// An identifier is invalid.
    pub const INVALID_IDENTIFIER: i64 = 51;
    /// The password is invalid.
    pub const INVALID_PASSWORD: i64 = 52;
    /// The thing does not exist.
    pub const DOES_NOT_EXIST: i64 = 53;
    /// The country code is invalid.
    pub const INVALID_COUNTRY_CODE: i64 = 54;
    /// The credentials are invalid (unknown or revoked key or token).
    pub const INVALID_CREDENTIALS: i64 = 55;
    /// Chat group not found.
    pub const GROUP_NOT_FOUND: i64 = 700;
    /// User not found (chat groups).
    pub const USER_NOT_FOUND: i64 = 701;
    /// The requesting user is not in the group.
    pub const NOT_IN_GROUP: i64 = 702;
    /// The message is in an invalid format.
    pub const INVALID_MESSAGE_FORMAT: i64 = 710;
    /// The domain name is already taken.
    pub const DOMAIN_NAME_TAKEN: i64 = 2001;
}
