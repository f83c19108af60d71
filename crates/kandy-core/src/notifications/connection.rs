//! What a notification stream yields: pushed events, the connection's state, and its end.

use super::events::Event;
use crate::envelope::ApiStatus;
use crate::error::{Error, ErrorKind};
use std::time::Duration;

/// One item of a [`NotificationStream`](super::NotificationStream).
///
/// A stream starts with [`ConnectionState::Connected`] (or, when the first attempt failed,
/// `Disconnected` and `Reconnecting`), yields events while the socket is open, reports every
/// loss and reconnection, and ends with [`Notification::Ended`] when it stops for good (then
/// `None`). Dropping the stream closes the socket.
#[derive(Clone, Debug, PartialEq)]
// Events are the common case and move one at a time: boxing them would cost an allocation
// each to shrink the rare connection items.
#[allow(clippy::large_enum_variant)]
#[non_exhaustive]
pub enum Notification {
    /// Something the server pushed.
    Event(Event),
    /// The socket opened, closed, or is being opened again.
    Connection(ConnectionState),
    /// The last item: the stream stops for good, and why.
    Ended(EndReason),
}

impl Notification {
    /// Whether this says messages may be waiting in the device's queue: a pushed message or
    /// group event, the `gofetch` wake-up, or a (re)connection (anything sent while the
    /// socket was down was queued but not pushed). What an inbox fetches on.
    pub fn signals_pending_messages(&self) -> bool {
        matches!(
            self,
            Self::Event(Event::Message(_) | Event::Group(_) | Event::MessagesAvailable)
                | Self::Connection(ConnectionState::Connected)
        )
    }
}

/// The state of the socket behind a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectionState {
    /// The socket is open (first, and after each reconnection). Messages that arrived while
    /// it was down were queued, not pushed: fetch them.
    Connected,
    /// The socket closed, or an attempt to open it failed; the stream will try again.
    Disconnected(DisconnectReason),
    /// The next attempt (from 1) starts after `delay`.
    Reconnecting {
        /// The attempt's number in this outage, from 1.
        attempt: u32,
        /// How long the stream waits before it.
        delay: Duration,
    },
}

/// Why a socket closed or could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DisconnectReason {
    /// The server closed the socket with this close frame (for example 1001 when it drops an
    /// idle socket or shuts down).
    Closed {
        /// The close code.
        code: u16,
        /// The close reason, with any credential removed.
        reason: String,
    },
    /// The connection failed: it could not be made, the upgrade was refused with a status
    /// other than 401 or 403, the data-channel configuration could not be fetched, or the
    /// socket broke or ended without a close frame.
    Failed {
        /// What broke, broadly ([`Connect`](ErrorKind::Connect),
        /// [`Timeout`](ErrorKind::Timeout), [`Transport`](ErrorKind::Transport), ...).
        kind: ErrorKind,
        /// What happened, with any credential removed.
        detail: String,
    },
}

/// Why a stream stopped for good.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndReason {
    /// The server refused the token: get a new one and connect again. Nothing is retried
    /// with the refused token.
    TokenRefused(Refusal),
    /// Reconnection stopped after the configured number of attempts; `last` is the last
    /// attempt's failure.
    GaveUp {
        /// The attempts made in the outage.
        attempts: u32,
        /// Why the last one failed.
        last: DisconnectReason,
    },
}

/// A refused token: how the server said so.
///
/// The server refuses with HTTP 401 or 403 on the upgrade (with a Kandy envelope as the body
/// when it sends one), or closes an open socket with a [close code](close) of
/// `4000 + status` for a credentials status (4010 expired, 4011 denied, 4055 unknown or
/// revoked), or refuses the data-channel configuration call with such a status.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Refusal {
    /// The Kandy status, when the server gave one (10 expired, 55 unknown or revoked, ...).
    pub api_status: Option<ApiStatus>,
    /// The HTTP status of a refused upgrade.
    pub http_status: Option<u16>,
    /// The close code of a socket closed on a refusal.
    pub close_code: Option<u16>,
    /// The server's words, with any credential removed.
    pub message: String,
}

impl Refusal {
    /// A refusal saying `message` (set the statuses and close code on the public fields).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            api_status: None,
            http_status: None,
            close_code: None,
            message: message.into(),
        }
    }

    /// The refusal as an error of kind [`Auth`](ErrorKind::Auth), with the Kandy status and
    /// the HTTP status when known (so [`Error::is_token_expired`] answers for an expiry).
    pub fn to_error(&self) -> Error {
        let error = match self.api_status {
            Some(status) => Error::api(status.code(), self.message.clone(), None),
            None => Error::auth(self.message.clone()),
        };
        match self.http_status {
            Some(http) => error.with_http_status(http),
            None => error,
        }
    }
}

/// The close codes of the data channel's socket.
///
/// A refusal with a Kandy status closes with `4000 + status`; the reason is the status's
/// message. A client ends its stream (and does not reconnect) on such a code when the status
/// is a credentials one ([`ErrorKind::Auth`]: 10, 11, 52, 55); any other close is a loss it
/// reconnects after.
pub mod close {
    use crate::envelope::ApiStatus;
    use crate::error::{Error, ErrorKind};

    /// A normal close (the client's, when its stream is dropped).
    pub const NORMAL: u16 = 1000;
    /// The server is going away (shutdown, an idle socket dropped): reconnect.
    pub const GOING_AWAY: u16 = 1001;
    /// The token has expired (status 10).
    pub const TOKEN_EXPIRED: u16 = 4010;
    /// The token may not open the channel (status 11).
    pub const PERMISSION_DENIED: u16 = 4011;
    /// The token is unknown or revoked, or its user, device or domain was deleted
    /// (status 55).
    pub const INVALID_CREDENTIALS: u16 = 4055;

    const BASE: u16 = 4000;

    /// The close code of a refusal with `status` (`4000 + status`), for statuses 1 to 999.
    pub fn for_status(status: ApiStatus) -> Option<u16> {
        let code = u16::try_from(status.code()).ok()?;
        (1..1000).contains(&code).then_some(BASE + code)
    }

    /// The Kandy status a close code in 4001–4999 stands for.
    pub fn status_of(code: u16) -> Option<ApiStatus> {
        (BASE + 1..BASE + 1000)
            .contains(&code)
            .then(|| ApiStatus::new(i64::from(code - BASE)))
    }

    /// Whether a close code says the token was refused: it stands for a credentials status.
    pub fn is_refusal(code: u16) -> bool {
        status_of(code)
            .is_some_and(|status| Error::api(status.code(), "", None).kind() == ErrorKind::Auth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_codes_are_4000_plus_the_status_and_only_credentials_ones_refuse() {
        assert_eq!(
            close::for_status(ApiStatus::TOKEN_EXPIRED),
            Some(close::TOKEN_EXPIRED)
        );
        assert_eq!(
            close::for_status(ApiStatus::INVALID_CREDENTIALS),
            Some(close::INVALID_CREDENTIALS)
        );
        assert_eq!(
            close::for_status(ApiStatus::PERMISSION_DENIED),
            Some(close::PERMISSION_DENIED)
        );
        assert_eq!(close::for_status(ApiStatus::new(2001)), None);
        assert_eq!(close::for_status(ApiStatus::new(0)), None);
        assert_eq!(close::status_of(4055), Some(ApiStatus::INVALID_CREDENTIALS));
        assert_eq!(close::status_of(4000), None);
        assert_eq!(close::status_of(1001), None);
        for code in [4010, 4011, 4052, 4055] {
            assert!(close::is_refusal(code), "{code}");
        }
        for code in [1000, 1001, 1006, 1008, 4000, 4001, 4700, 4999] {
            assert!(!close::is_refusal(code), "{code}");
        }
    }

    #[test]
    fn a_refusal_is_an_auth_error_with_its_statuses() {
        let mut refusal = Refusal::new("token expired");
        refusal.api_status = Some(ApiStatus::TOKEN_EXPIRED);
        refusal.close_code = Some(close::TOKEN_EXPIRED);
        let error = refusal.to_error();
        assert_eq!(error.kind(), ErrorKind::Auth);
        assert!(error.is_token_expired());

        let mut bare = Refusal::new("HTTP 401 on the upgrade");
        bare.http_status = Some(401);
        let error = bare.to_error();
        assert_eq!(error.kind(), ErrorKind::Auth);
        assert_eq!(error.api_status(), None);
        assert_eq!(error.http_status(), Some(401));
    }

    #[test]
    fn what_signals_pending_messages() {
        assert!(Notification::Event(Event::MessagesAvailable).signals_pending_messages());
        assert!(Notification::Connection(ConnectionState::Connected).signals_pending_messages());
        let lost = DisconnectReason::Closed {
            code: 1001,
            reason: String::new(),
        };
        assert!(
            !Notification::Connection(ConnectionState::Disconnected(lost))
                .signals_pending_messages()
        );
        assert!(
            !Notification::Event(Event::Unknown(serde_json::json!({}))).signals_pending_messages()
        );
    }
}
