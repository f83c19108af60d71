//! The hand-written reqwest calls the SDK is compared to: the same request (URL, body, the
//! `User-Agent` and `Accept` headers, and the per-request timeout the SDK sets by default), on
//! the same connection pool, the body read whole; no envelope decoding beyond what the cycle
//! needs.

use crate::drive::Result;
use crate::fixture::{Person, TEXT, next_uuid};
use axum::body::Bytes; // reqwest's body type (the `bytes` crate), re-exported by axum
use kandy::ExposeSecret as _;
use kandy::http::{DEFAULT_USER_AGENT, Timeouts};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use serde_json::Value;

/// A reqwest client and the base URL (`http://ADDR/v1.2/`).
#[derive(Clone, Debug)]
pub struct Raw {
    /// The connection pool, shared with the SDK's client.
    pub http: reqwest::Client,
    /// `http://ADDR/v1.2/`.
    pub base: String,
}

async fn finish(request: reqwest::RequestBuilder) -> Result<Bytes> {
    let mut request = request
        .header(USER_AGENT, DEFAULT_USER_AGENT)
        .header(ACCEPT, "application/json");
    if let Some(attempt) = Timeouts::V2026_1.attempt {
        request = request.timeout(attempt);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("raw call answered HTTP {}", response.status()));
    }
    response.bytes().await.map_err(|e| e.to_string())
}

impl Raw {
    /// #33 `GET users/devices?key=UAT`.
    pub async fn get_devices(&self, who: &Person) -> Result<Bytes> {
        let url = format!(
            "{}users/devices?key={}",
            self.base,
            who.token.expose_secret()
        );
        finish(self.http.get(url)).await
    }

    /// #77 `POST devices/messages?key=UAT&device_id=…` with a text message to `to`.
    pub async fn send_message(&self, from: &Person, to: &Person) -> Result<Bytes> {
        let url = format!(
            "{}devices/messages?key={}&device_id={}",
            self.base,
            from.token.expose_secret(),
            from.device
        );
        let body = format!(
            r#"{{"message":{{"contentType":"text","destination":"{}","UUID":"{}","message":{{"mimeType":"text/plain","text":"{TEXT}"}}}}}}"#,
            to.full_id,
            next_uuid()
        );
        finish(
            self.http
                .post(url)
                .header(CONTENT_TYPE, "application/json")
                .body(body),
        )
        .await
    }

    /// #76 `GET devices/messages?key=UAT&device_id=…`.
    pub async fn get_pending_messages(&self, who: &Person) -> Result<Bytes> {
        let url = format!(
            "{}devices/messages?key={}&device_id={}",
            self.base,
            who.token.expose_secret(),
            who.device
        );
        finish(self.http.get(url)).await
    }

    /// #78 `DELETE devices/messages?key=UAT&device_id=…&messages=["…",…]` (UUIDs are hex, so
    /// only the brackets, quotes and commas need escaping).
    pub async fn delete_handled_messages(&self, who: &Person, uuids: &[String]) -> Result<Bytes> {
        let url = format!(
            "{}devices/messages?key={}&device_id={}&messages=%5B%22{}%22%5D",
            self.base,
            who.token.expose_secret(),
            who.device,
            uuids.join("%22%2C%22")
        );
        finish(self.http.delete(url)).await
    }

    /// One message through send, poll and ack: `from` sends to `to`, `to` reads its queue and
    /// deletes everything it read (the message, and the remote ack of its own last send).
    pub async fn cycle(&self, from: &Person, to: &Person) -> Result<u64> {
        self.send_message(from, to).await?;
        let body = self.get_pending_messages(to).await?;
        let uuids = uuids_in(&body)?;
        if !uuids.is_empty() {
            self.delete_handled_messages(to, &uuids).await?;
        }
        Ok(1)
    }
}

/// The UUIDs of a `get_pending_messages` envelope.
pub fn uuids_in(body: &[u8]) -> Result<Vec<String>> {
    let envelope: Value = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    let messages = envelope["result"]["messages"]
        .as_array()
        .ok_or("a poll answered no result.messages")?;
    messages
        .iter()
        .map(|m| {
            m["UUID"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| "a pending message has no UUID".to_owned())
        })
        .collect()
}
