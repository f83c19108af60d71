//! Refusals of the device messaging calls (#76, #77, #78).

use crate::check::*;
use crate::fixture::*;
use crate::messages::{UUID_1, send};
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

fn text_to(destination: impl Into<String>) -> OutgoingMessage {
    OutgoingMessage::text(destination, "hi").with_uuid(MessageUuid::new(UUID_1))
}

pub async fn send_message_refuses_unknown_or_foreign_destinations(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let op = &op::SEND_MESSAGE;
    let send_to = |destination: String| {
        fx.api.send_message(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            text_to(destination),
        )
    };
    refused(t, op, 53, || send_to(format!("nobody@{DOMAIN}"))).await;
    refused(t, op, 53, || send_to(dave.id())).await;
    assert_eq!(
        fx.queue(&dave.device).await,
        vec![],
        "nothing crosses domains"
    );
}

pub async fn send_message_refuses_malformed_messages(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::SEND_MESSAGE;
    let send_message = |message: OutgoingMessage| {
        fx.api
            .send_message(fx.alice.token.clone(), fx.alice.device.clone(), message)
    };
    let mut content = MessageContent::new();
    content.insert("text".into(), "a sticker".into());
    let sticker =
        OutgoingMessage::new(fx.bob.id(), ContentType::Unknown("sticker".into()), content);
    refused(t, op, 710, || send_message(sticker)).await;
    for bad_uuid in [
        "not-a-uuid",
        "BCD2FA75-2C3C-4FDF-97D0-8B0A48F622",
        "g".repeat(32).as_str(),
    ] {
        let message = text_to(fx.bob.id()).with_uuid(MessageUuid::new(bad_uuid));
        refused(t, op, 710, || send_message(message)).await;
    }
    assert!(fx.queue(&fx.bob.device).await.is_empty());
}

pub async fn send_message_refuses_other_devices_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let op = &op::SEND_MESSAGE;
    let send_from = |token: &UserAccessToken, device: &DeviceId| {
        fx.api
            .send_message(token.clone(), device.clone(), text_to(fx.bob.id()))
    };
    refused(t, op, 11, || send_from(&fx.alice.token, &fx.carol.device)).await;
    refused(t, op, 11, || send_from(&dave.token, &fx.alice.device)).await;
    refused(t, op, 53, || {
        send_from(&fx.alice.token, &DeviceId::new("0".repeat(32)))
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || send_from(&revoked, &fx.alice.device)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || send_from(&fx.alice.token, &fx.alice.device)).await;
    assert!(fx.queue(&fx.bob.device).await.is_empty());
}

pub async fn get_pending_messages_refuses_other_devices_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "private").await;
    let op = &op::GET_PENDING_MESSAGES;
    let read = |token: &UserAccessToken, device: &DeviceId| {
        fx.api
            .get_pending_messages(token.clone(), device.clone(), None)
    };
    refused(t, op, 11, || read(&fx.carol.token, &fx.bob.device)).await;
    refused(t, op, 11, || read(&dave.token, &fx.bob.device)).await;
    refused(t, op, 53, || {
        read(&fx.bob.token, &DeviceId::new("0".repeat(32)))
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.bob).await;
    refused(t, op, 55, || read(&revoked, &fx.bob.device)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || read(&fx.bob.token, &fx.bob.device)).await;
}

pub async fn delete_handled_messages_refuses_bad_input(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    send(&fx, &fx.alice, &fx.bob, UUID_1, "keep me").await;
    let op = &op::DELETE_HANDLED_MESSAGES;
    let delete = |token: &UserAccessToken, device: &DeviceId, uuids: Vec<MessageUuid>| {
        fx.api
            .delete_handled_messages(token.clone(), device.clone(), uuids)
    };
    let one = || vec![MessageUuid::new(UUID_1)];
    refused(t, op, 16, || delete(&fx.bob.token, &fx.bob.device, vec![])).await;
    let malformed = vec![MessageUuid::new("not-a-uuid")];
    refused(t, op, 710, || {
        delete(&fx.bob.token, &fx.bob.device, malformed)
    })
    .await;
    refused(t, op, 11, || delete(&fx.carol.token, &fx.bob.device, one())).await;
    refused(t, op, 11, || delete(&dave.token, &fx.bob.device, one())).await;
    let nowhere = DeviceId::new("0".repeat(32));
    refused(t, op, 53, || delete(&fx.bob.token, &nowhere, one())).await;
    let revoked = fx.revoked_user_token(&fx.bob).await;
    refused(t, op, 55, || delete(&revoked, &fx.bob.device, one())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || delete(&fx.bob.token, &fx.bob.device, one())).await;
    assert_eq!(
        fx.queue(&fx.bob.device).await.len(),
        1,
        "the message is still there"
    );
    assert!(
        fx.queue(&fx.alice.device).await.is_empty(),
        "and no ack was sent"
    );
}
