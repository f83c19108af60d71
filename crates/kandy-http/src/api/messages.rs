//! Device messaging and SMS (#76–#79).

use crate::call::Call;
use kandy_core::operation::{
    DELETE_HANDLED_MESSAGES, GET_PENDING_MESSAGES, SEND_MESSAGE, SEND_SMS,
};
use kandy_core::{
    DeviceId, MessageUuid, OutgoingMessage, OutgoingSms, PendingMessages, UserAccessToken,
};
use serde::Serialize;

/// The body of #62, #77 and #79: `{"message": {...}}`.
#[derive(Serialize)]
pub(super) struct MessageBody<'a, M> {
    pub(super) message: &'a M,
}

/// #76 `GET devices/messages?key=UAT&device_id=…[&client_timestamp=ms]`.
pub(super) fn get_pending_messages(
    token: UserAccessToken,
    device_id: DeviceId,
    client_timestamp: Option<u64>,
) -> Call<PendingMessages> {
    Call::new(&GET_PENDING_MESSAGES, &token)
        .query("device_id", device_id.as_str())
        .optional_query(
            "client_timestamp",
            client_timestamp.map(|ms| ms.to_string()),
        )
        .reads_whole()
}

/// #77 `POST devices/messages?key=UAT&device_id=…`, body
/// `{"message":{"contentType","destination","UUID","message":{...}}}`.
pub(super) fn send_message(
    token: UserAccessToken,
    device_id: DeviceId,
    message: OutgoingMessage,
) -> Call<()> {
    Call::new(&SEND_MESSAGE, &token)
        .query("device_id", device_id.as_str())
        .body(&MessageBody { message: &message })
}

/// #78 `DELETE devices/messages?key=UAT&device_id=…&messages=["uuid",…]` (the JSON array,
/// URL-encoded).
pub(super) fn delete_handled_messages(
    token: UserAccessToken,
    device_id: DeviceId,
    uuids: Vec<MessageUuid>,
) -> Call<()> {
    Call::new(&DELETE_HANDLED_MESSAGES, &token)
        .query("device_id", device_id.as_str())
        .json_query("messages", &uuids)
}

/// #79 `POST devices/smss?key=UAT&device_id=…`, body
/// `{"message":{"source"?,"destination","message":{"text"}}}`.
pub(super) fn send_sms(token: UserAccessToken, device_id: DeviceId, sms: OutgoingSms) -> Call<()> {
    Call::new(&SEND_SMS, &token)
        .query("device_id", device_id.as_str())
        .body(&MessageBody { message: &sms })
}
