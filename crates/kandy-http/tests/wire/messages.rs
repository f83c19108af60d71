//! #76–#79.

use crate::support::*;
use kandy_core::{DeviceId, KandyApi, MessageType, MessageUuid, OutgoingMessage, OutgoingSms};
use serde_json::json;

fn pending_sample() -> serde_json::Value {
    success(json!({"messages": [
        {"messageType": "chat",
         "sender": {"user_id": "972542205066", "domain_name": "domain.com", "full_user_id": "972542205066@domain.com"},
         "UUID": "bcd2fa752c3c4fdf97d08b0a48f622f0", "timestamp": "1400510413", "contentType": "text",
         "message": {"mimeType": "text/plain", "text": "let's meet tonight"}},
        {"messageType": "chatRemoteAck", "timestamp": "1449034496562", "UUID": "a149ebb9a69d4e66b62d26fbdef440c5"}
    ], "server_timestamp": 1449034496600u64}))
}

#[tokio::test]
async fn get_pending_messages_76() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("devices/messages").query(&[("key", UAT), ("device_id", DEVICE)]),
        pending_sample(),
    )
    .await;
    let pending = w
        .ok(w
            .client
            .get_pending_messages(uat(), DeviceId::new(DEVICE), None)
            .await)
        .await;
    assert_eq!(pending.messages.len(), 2);
    assert_eq!(pending.messages[0].text(), Some("let's meet tonight"));
    assert_eq!(pending.messages[0].timestamp, 1_400_510_413);
    assert_eq!(pending.messages[1].message_type, MessageType::ChatRemoteAck);
    assert_eq!(pending.server_timestamp, Some(1_449_034_496_600));
}

#[tokio::test]
async fn get_pending_messages_76_with_client_timestamp() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("devices/messages").query(&[
            ("key", UAT),
            ("device_id", DEVICE),
            ("client_timestamp", "1409754477079"),
        ]),
        success(json!({"messages": []})),
    )
    .await;
    let pending = w
        .ok(w
            .client
            .get_pending_messages(uat(), DeviceId::new(DEVICE), Some(1_409_754_477_079))
            .await)
        .await;
    assert!(pending.messages.is_empty());
    assert_eq!(pending.server_timestamp, None);
}

#[tokio::test]
async fn send_message_77() {
    let w = Wire::start().await;
    let uuid = "bcd2fa752c3c4fdf97d08b0a48f622f0";
    w.expect(
        Expect::post("devices/messages")
            .query(&[("key", UAT), ("device_id", DEVICE)])
            .body(json!({"message": {"contentType": "text", "destination": "user2@domain.com", "UUID": uuid,
                                     "message": {"mimeType": "text/plain", "text": "let's meet tonight"}}})),
        done("success"),
    )
    .await;
    let message = OutgoingMessage::text("user2@domain.com", "let's meet tonight")
        .with_uuid(MessageUuid::new(uuid));
    w.ok(w
        .client
        .send_message(uat(), DeviceId::new(DEVICE), message)
        .await)
        .await;
}

#[tokio::test]
async fn delete_handled_messages_78() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("devices/messages").query(&[
            ("key", UAT),
            ("device_id", DEVICE),
            (
                "messages",
                r#"["ID1","BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0"]"#,
            ),
        ]),
        done("success"),
    )
    .await;
    let uuids = vec![
        MessageUuid::new("ID1"),
        MessageUuid::new("BCD2FA75-2C3C-4FDF-97D0-8B0A48F622F0"),
    ];
    w.ok(w
        .client
        .delete_handled_messages(uat(), DeviceId::new(DEVICE), uuids)
        .await)
        .await;
}

#[tokio::test]
async fn send_sms_79() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("devices/smss")
            .query(&[("key", UAT), ("device_id", DEVICE)])
            .body(
                json!({"message": {"source": "+12245556666", "destination": "+1123456789",
                                     "message": {"text": "Hello"}}}),
            ),
        done("success"),
    )
    .await;
    let sms = OutgoingSms::new("+1123456789", "Hello").source("+12245556666");
    w.ok(w.client.send_sms(uat(), DeviceId::new(DEVICE), sms).await)
        .await;
}

#[tokio::test]
async fn send_sms_79_without_source() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("devices/smss")
            .query(&[("key", UAT), ("device_id", DEVICE)])
            .body(json!({"message": {"destination": "+1123456789", "message": {"text": "Hello"}}})),
        done("success"),
    )
    .await;
    let sms = OutgoingSms::new("+1123456789", "Hello");
    w.ok(w.client.send_sms(uat(), DeviceId::new(DEVICE), sms).await)
        .await;
}
