//! The one error type of the SDK and the simulator.

use crate::envelope::{ApiStatus, status};
use std::error::Error as StdError;
use std::fmt;

/// What went wrong, broadly. Match on it with a wildcard arm: kinds may be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A parameter was missing or invalid (found by the SDK, or refused by the API with
    /// status 3, 14–17, 51, 54 or 710).
    BadArgument,
    /// The credentials were refused: expired (10), denied (11), wrong password (52) or
    /// unknown or revoked (55).
    Auth,
    /// The thing asked about does not exist (53, 700, 701).
    NotFound,
    /// The thing to create already exists (50), or the domain name is taken (2001): pick
    /// another name, or use the one that exists.
    Conflict,
    /// A usage limit was reached: status 12 (usage quota exceeded), or any refusal or
    /// undecodable answer under HTTP 429 (too many requests). Wait, or raise the limit.
    Quota,
    /// Any other non-zero Kandy status (internal error, insufficient funds, no data...).
    Api,
    /// The connection could not be made; nothing was sent.
    Connect,
    /// A timeout expired; the request may have been sent.
    Timeout,
    /// The connection failed while sending or receiving.
    Transport,
    /// The response could not be decoded.
    Decode,
    /// The client was configured wrongly.
    Config,
}

/// The Kandy envelope of a refused call: its `status` and `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The envelope's non-zero `status` as on the wire (typed:
    /// [`Error::api_status`]; the known values are the constants of [`ApiStatus`]).
    pub status: i64,
    /// The envelope's `message`.
    pub message: String,
}

/// An error from any [`KandyApi`](crate::KandyApi) implementation.
///
/// `Display` names the operation, the HTTP status, the Kandy status and message, and never
/// a credential: `get_devices: HTTP 401, Kandy status 55: invalid credentials`. `Debug` (what
/// a `main` returning `Result` prints) is the same sentence followed by the fields and the
/// chain of causes: `... (kind: Auth, maybe_sent: true, api_status: 55 (invalidCredentials))`;
/// `{:#?}` prints the fields as a struct.
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    operation: Option<&'static str>,
    http_status: Option<u16>,
    api: Option<ApiError>,
    maybe_sent: bool,
    detail: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

/// `Result<T, kandy_core::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    fn new(kind: ErrorKind, maybe_sent: bool, detail: impl Into<String>) -> Self {
        Self(Box::new(Inner {
            kind,
            operation: None,
            http_status: None,
            api: None,
            maybe_sent,
            detail: detail.into(),
            source: None,
        }))
    }

    /// A bad argument found before anything was sent.
    pub fn bad_argument(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadArgument, false, detail)
    }

    /// A refusal by the API: a non-zero envelope `status`, with the HTTP status when there
    /// was a response (`None` for an in-process simulator, which has no HTTP).
    ///
    /// The [kind](ErrorKind) follows the status; a status of no more specific kind under
    /// HTTP 429 is [`Quota`](ErrorKind::Quota).
    pub fn api(status: i64, message: impl Into<String>, http_status: Option<u16>) -> Self {
        let message = message.into();
        let mut error = Self::new(kind_of_status(status), true, String::new());
        error.0.api = Some(ApiError { status, message });
        match http_status {
            Some(http) => error.with_http_status(http),
            None => error,
        }
    }

    /// Credentials refused without a Kandy status (a WebSocket upgrade answered HTTP 401
    /// with no envelope): kind [`Auth`](ErrorKind::Auth). The request was sent.
    pub fn auth(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Auth, true, detail)
    }

    /// The connection could not be made; nothing was sent.
    pub fn connect(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Connect, false, detail)
    }

    /// A timeout; `maybe_sent` says whether the request may have reached the server.
    pub fn timeout(detail: impl Into<String>, maybe_sent: bool) -> Self {
        Self::new(ErrorKind::Timeout, maybe_sent, detail)
    }

    /// A connection failure; `maybe_sent` says whether the request may have reached the
    /// server.
    pub fn transport(detail: impl Into<String>, maybe_sent: bool) -> Self {
        Self::new(ErrorKind::Transport, maybe_sent, detail)
    }

    /// A response that could not be decoded; the request was sent. Under HTTP 429 the kind
    /// is [`Quota`](ErrorKind::Quota) (a rate limiter's page is seldom an envelope).
    pub fn decode(detail: impl Into<String>, http_status: Option<u16>) -> Self {
        let error = Self::new(ErrorKind::Decode, true, detail);
        match http_status {
            Some(http) => error.with_http_status(http),
            None => error,
        }
    }

    /// A configuration error, found before anything was sent.
    pub fn config(detail: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, false, detail)
    }

    /// Names the operation that failed.
    pub fn with_operation(mut self, operation: &'static str) -> Self {
        self.0.operation = Some(operation);
        self
    }

    /// Attaches the underlying error. Pass only errors whose text holds no credential.
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.0.source = Some(Box::new(source));
        self
    }

    /// Sets the HTTP status of the response. An API refusal of no more specific kind, or
    /// an undecodable response, under HTTP 429 becomes [`Quota`](ErrorKind::Quota).
    pub fn with_http_status(mut self, http_status: u16) -> Self {
        self.0.http_status = Some(http_status);
        if http_status == TOO_MANY_REQUESTS
            && matches!(self.0.kind, ErrorKind::Api | ErrorKind::Decode)
        {
            self.0.kind = ErrorKind::Quota;
        }
        self
    }

    /// What went wrong, broadly.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The operation that failed (`"send_message"`), when known.
    pub fn operation(&self) -> Option<&'static str> {
        self.0.operation
    }

    /// The HTTP status, when there was an HTTP response (never for the in-process
    /// simulator, except where a fault plan says which HTTP status to pretend).
    pub fn http_status(&self) -> Option<u16> {
        self.0.http_status
    }

    /// The Kandy envelope's status and message, when the API refused the call.
    pub fn api_error(&self) -> Option<&ApiError> {
        self.0.api.as_ref()
    }

    /// The Kandy envelope's `status`, when the API refused the call.
    ///
    /// ```
    /// use kandy_core::{ApiStatus, Error};
    ///
    /// let error = Error::api(700, "group not found", None);
    /// assert_eq!(error.api_status(), Some(ApiStatus::GROUP_NOT_FOUND));
    /// ```
    pub fn api_status(&self) -> Option<ApiStatus> {
        self.0.api.as_ref().map(|api| ApiStatus::new(api.status))
    }

    /// Whether the request may have reached the server (and so may have taken effect).
    /// `false` only when it certainly did not: a bad argument, a configuration error, a
    /// refused connection.
    pub fn maybe_sent(&self) -> bool {
        self.0.maybe_sent
    }

    /// Whether a timeout expired.
    pub fn is_timeout(&self) -> bool {
        self.0.kind == ErrorKind::Timeout
    }

    /// Whether the access token has expired (status 10): get a new one and try again.
    pub fn is_token_expired(&self) -> bool {
        self.api_status() == Some(ApiStatus::TOKEN_EXPIRED)
    }
}

const TOO_MANY_REQUESTS: u16 = 429;

fn kind_of_status(code: i64) -> ErrorKind {
    match code {
        status::TOKEN_EXPIRED
        | status::PERMISSION_DENIED
        | status::INVALID_PASSWORD
        | status::INVALID_CREDENTIALS => ErrorKind::Auth,
        status::DOES_NOT_EXIST | status::GROUP_NOT_FOUND | status::USER_NOT_FOUND => {
            ErrorKind::NotFound
        }
        status::ALREADY_EXISTS | status::DOMAIN_NAME_TAKEN => ErrorKind::Conflict,
        status::USAGE_QUOTA_EXCEEDED => ErrorKind::Quota,
        status::GROUP_MISSING_PARAMETERS
        | status::VALIDATION_FAILED
        | status::MISSING_PARAMETER
        | status::INVALID_PARAMETER_VALUE
        | status::BAD_PARAMETER_VALUE
        | status::INVALID_IDENTIFIER
        | status::INVALID_COUNTRY_CODE
        | status::INVALID_MESSAGE_FORMAT => ErrorKind::BadArgument,
        _ => ErrorKind::Api,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        if let Some(op) = inner.operation {
            write!(f, "{op}: ")?;
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(http) = inner.http_status {
            parts.push(format!("HTTP {http}"));
        }
        if let Some(api) = &inner.api {
            parts.push(format!("Kandy status {}: {}", api.status, api.message));
        }
        if !inner.detail.is_empty() {
            parts.push(inner.detail.clone());
        }
        if parts.is_empty() {
            parts.push(format!("{:?} error", inner.kind));
        }
        f.write_str(&parts.join(", "))
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        if f.alternate() {
            return f
                .debug_struct("Error")
                .field("kind", &inner.kind)
                .field("operation", &inner.operation)
                .field("http_status", &inner.http_status)
                .field("api", &inner.api)
                .field("maybe_sent", &inner.maybe_sent)
                .field("detail", &inner.detail)
                .field("source", &inner.source)
                .finish();
        }
        write!(
            f,
            "{self} (kind: {:?}, maybe_sent: {}",
            inner.kind, inner.maybe_sent
        )?;
        if let Some(status) = self.api_status() {
            write!(f, ", api_status: {status}")?;
        }
        f.write_str(")")?;
        let mut cause = self.source();
        while let Some(error) = cause {
            write!(f, "; caused by: {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_operation_http_and_kandy_status() {
        let e = Error::api(55, "invalid credentials", Some(401)).with_operation("get_devices");
        assert_eq!(
            e.to_string(),
            "get_devices: HTTP 401, Kandy status 55: invalid credentials"
        );
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert!(e.maybe_sent());
    }

    #[test]
    fn kinds_follow_the_kandy_status() {
        assert_eq!(Error::api(700, "", None).kind(), ErrorKind::NotFound);
        assert_eq!(Error::api(3, "", None).kind(), ErrorKind::BadArgument);
        assert_eq!(Error::api(1, "", Some(500)).kind(), ErrorKind::Api);
        assert_eq!(Error::api(13, "", None).kind(), ErrorKind::Api);
        assert!(Error::api(10, "", None).is_token_expired());
        assert!(!Error::connect("refused").maybe_sent());
    }

    #[test]
    fn already_exists_and_a_taken_domain_name_are_conflicts() {
        for code in [50, 2001] {
            let e = Error::api(code, "taken", Some(409));
            assert_eq!(e.kind(), ErrorKind::Conflict, "{code}");
        }
        assert_eq!(Error::api(50, "", None).kind(), ErrorKind::Conflict);
    }

    #[test]
    fn quota_is_status_12_or_http_429() {
        assert_eq!(Error::api(12, "", None).kind(), ErrorKind::Quota);
        assert_eq!(Error::api(12, "", Some(200)).kind(), ErrorKind::Quota);
        // An internal error or an undecodable page under 429 is a rate limit...
        assert_eq!(Error::api(1, "", Some(429)).kind(), ErrorKind::Quota);
        assert_eq!(Error::decode("<html>", Some(429)).kind(), ErrorKind::Quota);
        assert_eq!(
            Error::api(1, "", None).with_http_status(429).kind(),
            ErrorKind::Quota
        );
        // ...but a more specific status keeps its kind, and other HTTP statuses change nothing.
        assert_eq!(Error::api(55, "", Some(429)).kind(), ErrorKind::Auth);
        assert_eq!(Error::api(50, "", Some(429)).kind(), ErrorKind::Conflict);
        assert_eq!(Error::decode("<html>", Some(502)).kind(), ErrorKind::Decode);
        assert_eq!(
            Error::timeout("read", true).with_http_status(429).kind(),
            ErrorKind::Timeout
        );
    }

    #[test]
    fn api_status_is_typed() {
        let e = Error::api(55, "invalid credentials", Some(401));
        assert_eq!(e.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));
        assert_eq!(e.api_status().map(ApiStatus::code), Some(55));
        assert_eq!(e.api_error().map(|api| api.status), Some(55));
        assert_eq!(Error::connect("refused").api_status(), None);
        assert_eq!(
            Error::api(4242, "", None).api_status(),
            Some(ApiStatus::new(4242))
        );
    }

    #[test]
    fn debug_reads_like_display_plus_the_fields_and_causes() {
        let e = Error::api(55, "invalid credentials", Some(401)).with_operation("get_devices");
        assert_eq!(
            format!("{e:?}"),
            "get_devices: HTTP 401, Kandy status 55: invalid credentials \
             (kind: Auth, maybe_sent: true, api_status: 55 (invalidCredentials))"
        );
        let io = std::io::Error::other("reset by peer");
        let e = Error::transport("connection lost", true).with_source(io);
        assert_eq!(
            format!("{e:?}"),
            "connection lost (kind: Transport, maybe_sent: true); caused by: reset by peer"
        );
        assert_eq!(
            format!("{:?}", Error::config("")),
            "Config error (kind: Config, maybe_sent: false)"
        );
        let pretty = format!("{e:#?}");
        assert!(pretty.starts_with("Error {\n"), "{pretty}");
        assert!(pretty.contains("kind: Transport"), "{pretty}");
    }

    #[test]
    fn source_chain_is_kept() {
        let io = std::io::Error::other("reset");
        let e = Error::transport("connection lost", true).with_source(io);
        assert_eq!(e.source().unwrap().to_string(), "reset");
    }
}
