//! Which failures are worth another attempt, and which operations may be repeated.

use kandy_core::{Error, ErrorKind, Operation};

/// The HTTP statuses of a transient server failure: internal error, bad gateway, service
/// unavailable, gateway timeout, and too many requests.
pub const TRANSIENT_HTTP_STATUSES: [u16; 5] = [500, 502, 503, 504, 429];

/// Whether another attempt might succeed where this one failed.
///
/// Transient: a refused connection, a timeout, a broken connection, and an API refusal
/// (`ErrorKind::Api`, or `ErrorKind::Quota` under its HTTP 429) or an undecodable response
/// under HTTP 500, 502, 503, 504 or 429 (a proxy's error page is not JSON). Never
/// transient: bad arguments, configuration errors, refused credentials (including an expired
/// token, status 10), missing things, conflicts, a usage quota (status 12) under any other
/// HTTP status, other Kandy statuses, and a response that could not be decoded under any
/// other HTTP status.
pub fn is_transient(error: &Error) -> bool {
    match error.kind() {
        ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Transport => true,
        ErrorKind::Api | ErrorKind::Quota | ErrorKind::Decode => error
            .http_status()
            .is_some_and(|http| TRANSIENT_HTTP_STATUSES.contains(&http)),
        _ => false,
    }
}

/// Whether an operation may be repeated after its request may have reached the server: the
/// operation table's `idempotent` (GET, PUT and DELETE, except the GETs with an effect).
pub fn is_safe_to_repeat(op: &Operation) -> bool {
    op.idempotent
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::operation::{
        CHECK_VERIFICATION_CODE, CREATE_ANONYMOUS_USER, CREATE_DEVICE, CREATE_GROUP,
        DELETE_HANDLED_MESSAGES, GET_DEVICES, MUTE_GROUP, SEND_GROUP_MESSAGE, SEND_MESSAGE,
        SEND_SMS,
    };
    use kandy_core::status;

    #[test]
    fn connection_failures_and_server_overload_are_transient() {
        assert!(is_transient(&Error::connect("refused")));
        assert!(is_transient(&Error::timeout("read", true)));
        assert!(is_transient(&Error::transport("reset", false)));
        for http in TRANSIENT_HTTP_STATUSES {
            assert!(is_transient(&Error::api(
                status::INTERNAL,
                "busy",
                Some(http)
            )));
        }
        assert!(is_transient(&Error::api(
            status::USAGE_QUOTA_EXCEEDED,
            "slow down",
            Some(429)
        )));
        assert!(is_transient(&Error::decode("<html>", Some(502))));
    }

    #[test]
    fn refusals_and_local_errors_are_not_transient() {
        let permanent = [
            Error::bad_argument("empty id"),
            Error::config("no base url"),
            Error::api(status::TOKEN_EXPIRED, "expired", Some(401)),
            Error::api(status::TOKEN_EXPIRED, "expired", Some(503)),
            Error::api(status::INVALID_CREDENTIALS, "bad key", Some(401)),
            Error::api(status::DOES_NOT_EXIST, "no device", Some(404)),
            Error::api(status::DOMAIN_NAME_TAKEN, "taken", Some(409)),
            Error::api(status::ALREADY_EXISTS, "exists", Some(409)),
            Error::api(status::USAGE_QUOTA_EXCEEDED, "monthly quota", Some(200)),
            Error::api(status::USAGE_QUOTA_EXCEEDED, "monthly quota", None),
            Error::api(
                status::INTERNAL,
                "failed to register user on compass",
                Some(200),
            ),
            Error::api(status::INTERNAL, "no http status", None),
            Error::decode("not json", Some(200)),
            Error::decode("not json", None),
        ];
        for error in permanent {
            assert!(!is_transient(&error), "{error:?}");
        }
    }

    #[test]
    fn sends_and_creates_are_not_safe_to_repeat_but_reads_puts_and_deletes_are() {
        for op in [
            SEND_SMS,
            SEND_MESSAGE,
            SEND_GROUP_MESSAGE,
            CREATE_GROUP,
            CREATE_DEVICE,
            CREATE_ANONYMOUS_USER,
            CHECK_VERIFICATION_CODE,
        ] {
            assert!(!is_safe_to_repeat(&op), "{}", op.name);
        }
        for op in [GET_DEVICES, DELETE_HANDLED_MESSAGES, MUTE_GROUP] {
            assert!(is_safe_to_repeat(&op), "{}", op.name);
        }
    }

    #[test]
    fn every_create_send_and_upload_is_unsafe_to_repeat() {
        for op in Operation::api() {
            let writes = [
                "create_", "send_", "upload_", "register", "join_", "start_", "stop_",
            ];
            if writes.iter().any(|prefix| op.name.starts_with(prefix)) {
                assert!(!is_safe_to_repeat(op), "{}", op.name);
            }
        }
    }
}
