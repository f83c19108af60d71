//! Session data from the application to a stream's task, and the task's answer back.

use super::driver::{Command, SEND_SESSION_DATA, not_connected};
use async_trait::async_trait;
use kandy_core::notifications::{OutgoingSessionData, SendSessionData};
use kandy_core::{Error, Result};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// The [`SendSessionData`] of a WebSocket stream: it queues the data for the stream's task
/// and waits for the task to relay the server's `response`.
pub(crate) struct WsSender {
    pub(crate) commands: mpsc::Sender<Command>,
    pub(crate) response_timeout: Duration,
}

#[async_trait]
impl SendSessionData for WsSender {
    async fn send_session_data(&self, data: OutgoingSessionData) -> Result<()> {
        if data.session_id.is_empty() {
            return Err(
                Error::bad_argument("session_id is empty").with_operation(SEND_SESSION_DATA)
            );
        }
        let (reply, answer) = oneshot::channel();
        let ended = || not_connected("the stream has ended");
        self.commands
            .send(Command { data, reply })
            .await
            .map_err(|_| ended())?;
        match tokio::time::timeout(self.response_timeout, answer).await {
            Ok(Ok(result)) => result,
            // The task stopped before it took the data up: nothing was sent.
            Ok(Err(_)) => Err(ended()),
            Err(_) => Err(Error::timeout(
                format!(
                    "no response to the session data within {:?}",
                    self.response_timeout
                ),
                true,
            )
            .with_operation(SEND_SESSION_DATA)),
        }
    }
}
