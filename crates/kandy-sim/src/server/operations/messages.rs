//! Device messaging and SMS (#76–#79).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, MessageUuid, OutgoingMessage, OutgoingSms};
use serde::Deserialize;

/// `{"message": {...}}`.
#[derive(Deserialize)]
struct MessageBody<T> {
    message: T,
}

pub(super) async fn get_pending_messages(c: &Call<'_>) -> Outcome {
    let client_timestamp = c.opt_number("client_timestamp")?;
    let pending = c.done(
        c.api
            .get_pending_messages(c.key()?, c.typed("device_id")?, client_timestamp)
            .await,
    )?;
    Success::object(&pending)
}

pub(super) async fn send_message(c: &Call<'_>) -> Outcome {
    let body: MessageBody<OutgoingMessage> = c.body()?;
    c.done(
        c.api
            .send_message(c.key()?, c.typed("device_id")?, body.message)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn delete_handled_messages(c: &Call<'_>) -> Outcome {
    let uuids = c
        .json_list("messages")?
        .into_iter()
        .map(MessageUuid::from)
        .collect();
    c.done(
        c.api
            .delete_handled_messages(c.key()?, c.typed("device_id")?, uuids)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn send_sms(c: &Call<'_>) -> Outcome {
    let body: MessageBody<OutgoingSms> = c.body()?;
    c.done(
        c.api
            .send_sms(c.key()?, c.typed("device_id")?, body.message)
            .await,
    )?;
    Ok(Success::plain())
}
