//! Testing your own code with the mockall mock of `KandyApi` (feature `mock`).
//!
//! `notify_on_call` is the kind of function a user writes: it takes any `KandyApi`, so
//! production passes `KandyClient`, offline runs pass the simulator, and unit tests pass
//! `MockKandyApi` to pin exactly what is called. The mock's answers are built with the
//! types' constructors (`Device::new`, `Group::new`, `IncomingMessage::chat`, ...), no JSON.
//! The functions call through scoped handles (`api.user(token)`, `.device(..)`, `.group(..)`);
//! the mock's expectations see the handle's token and ids as the calls' first arguments.
//! `cargo test --example mocking --features mock` runs the tests below;
//! `cargo run --example mocking --features mock` runs `main`.

use kandy::{KandyApi, KandyApiExt, MessageType, OutgoingSms, UserAccessToken};

/// Texts the on-call engineer from the user's first device; returns the number texted.
async fn notify_on_call(
    api: &dyn KandyApi,
    token: UserAccessToken,
    on_call: &str,
    alert: &str,
) -> kandy::Result<String> {
    // A scoped handle holds the token; over the mock, the mock sees it as the first argument.
    let me = api.user(token);
    let devices = me.get_devices().await?;
    let Some(device) = devices.first() else {
        return Err(kandy::Error::bad_argument(
            "the user has no device to send from",
        ));
    };
    me.device(&device.id)
        .send_sms(OutgoingSms::new(on_call, format!("ALERT: {alert}")))
        .await?;
    Ok(on_call.to_owned())
}

/// One line per message waiting on the user's first device: `alice@d: hi` for a chat,
/// `[Lunch club] alice@d: hi` for a group chat (the group's name looked up once per message),
/// `delivered: UUID` for the remote ack of a message the user sent.
async fn inbox_digest(api: &dyn KandyApi, token: UserAccessToken) -> kandy::Result<Vec<String>> {
    let me = api.user(token);
    let devices = me.get_devices().await?;
    let Some(device) = devices.first() else {
        return Err(kandy::Error::bad_argument("the user has no device to read"));
    };
    let pending = me.device(&device.id).get_pending_messages(None).await?;
    let mut lines = Vec::with_capacity(pending.messages.len());
    for message in &pending.messages {
        let from = message
            .sender
            .as_ref()
            .map_or("?", |sender| sender.full_user_id.as_str());
        let text = message.text().unwrap_or_default();
        let line = match (&message.message_type, &message.group_id) {
            (MessageType::ChatRemoteAck, _) => format!("delivered: {}", message.uuid),
            (MessageType::GroupChat, Some(group_id)) => {
                let group = me.group(group_id).get_group_by_id().await?;
                format!("[{}] {from}: {text}", group.group_name)
            }
            _ => format!("{from}: {text}"),
        };
        lines.push(line);
    }
    Ok(lines)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> kandy::Result<()> {
    // Outside tests, the same function runs against the simulator.
    let sim = kandy::sim::Simulator::new();
    let account = sim.create_account();
    let aat = sim
        .account(account.api_key, account.api_secret)
        .get_account_access_token()
        .await?;
    let domain = sim
        .account_token(aat)
        .create_domain(kandy::NewDomain::new("ops.kandy.io"))
        .await?;
    let keys = sim.domain_keys(domain.domain_api_key, domain.domain_api_secret);
    sim.domain(keys.get_domain_access_token().await?)
        .create_user_by_user_id(kandy::NewUser::new("pager"))
        .await?;
    let token = keys.get_user_access_token("pager").await?;
    let to = notify_on_call(&sim, token.clone(), "+14155550100", "disk full").await?;
    println!("texted {to}; outbox holds {} SMS", sim.sms_outbox().len());
    println!("pager's inbox: {:?}", inbox_digest(&sim, token).await?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy::{
        ApiStatus, Device, DeviceId, ErrorKind, Group, GroupId, IncomingMessage, MessageUuid,
        MockKandyApi, PendingMessages, Sender,
    };
    use mockall::predicate::{always, eq};

    #[tokio::test]
    async fn sends_one_sms_from_the_first_device() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices().times(1).returning(|_| {
            Ok(vec![
                Device::new(DeviceId::new("d1")),
                Device::new(DeviceId::new("d2")),
            ])
        });
        api.expect_send_sms()
            .withf(|_, device, sms| {
                device.as_str() == "d1"
                    && sms.destination == "+14155550100"
                    && sms.message.text == "ALERT: disk full"
            })
            .times(1)
            .returning(|_, _, _| Ok(()));

        let sent = notify_on_call(
            &api,
            UserAccessToken::new("UATtest"),
            "+14155550100",
            "disk full",
        )
        .await
        .unwrap();
        assert_eq!(sent, "+14155550100");
    }

    /// The handle passes the caller's token to every call it makes.
    #[tokio::test]
    async fn every_call_carries_the_callers_token() {
        let mut api = MockKandyApi::new();
        let token = UserAccessToken::new("UATpager");
        api.expect_get_devices()
            .with(eq(token.clone()))
            .times(1)
            .returning(|_| Ok(vec![Device::new(DeviceId::new("d1"))]));
        api.expect_send_sms()
            .withf(|token, _, _| token == &UserAccessToken::new("UATpager"))
            .times(1)
            .returning(|_, _, _| Ok(()));

        notify_on_call(&api, token, "+14155550100", "disk full")
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_user_without_devices_gets_a_clear_error_and_no_sms() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices().returning(|_| Ok(vec![]));
        api.expect_send_sms()
            .with(always(), always(), always())
            .never();

        let err = notify_on_call(&api, UserAccessToken::new("UATtest"), "+1", "x")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadArgument);
    }

    #[tokio::test]
    async fn an_api_refusal_reaches_the_caller_unchanged() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices()
            .returning(|_| Err(kandy::Error::api(10, "token expired", Some(401))));

        let err = notify_on_call(&api, UserAccessToken::new("UATold"), "+1", "x")
            .await
            .unwrap_err();
        assert!(err.is_token_expired());
    }

    #[tokio::test]
    async fn the_digest_names_senders_groups_and_acks() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices()
            .returning(|_| Ok(vec![Device::new(DeviceId::new("d1")).with_name("phone")]));
        api.expect_get_pending_messages()
            .withf(|_, device, since| device.as_str() == "d1" && since.is_none())
            .returning(|_, _, _| {
                let bob = Sender::new("bob", "ops.kandy.io");
                Ok(PendingMessages::new(
                    vec![
                        IncomingMessage::chat(bob.clone(), "disk at 91%"),
                        IncomingMessage::group_chat(bob, "g1", "on it"),
                        IncomingMessage::chat_remote_ack(MessageUuid::new("u1")),
                    ],
                    Some(1_700_000_000_000),
                ))
            });
        api.expect_get_group_by_id()
            .with(always(), eq(GroupId::new("g1")))
            .times(1)
            .returning(|_, id| {
                Ok(Group::new(id, "Ops")
                    .with_owner("bob@ops.kandy.io")
                    .with_member("pager@ops.kandy.io"))
            });

        let lines = inbox_digest(&api, UserAccessToken::new("UATtest"))
            .await
            .unwrap();
        assert_eq!(
            lines,
            [
                "bob@ops.kandy.io: disk at 91%",
                "[Ops] bob@ops.kandy.io: on it",
                "delivered: u1",
            ]
        );
    }

    #[tokio::test]
    async fn an_empty_inbox_is_an_empty_digest() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices()
            .returning(|_| Ok(vec![Device::new(DeviceId::new("d1"))]));
        api.expect_get_pending_messages()
            .returning(|_, _, _| Ok(PendingMessages::default()));
        api.expect_get_group_by_id().never();

        let lines = inbox_digest(&api, UserAccessToken::new("UATtest"))
            .await
            .unwrap();
        assert!(lines.is_empty());
    }

    #[tokio::test]
    async fn a_deleted_group_fails_the_digest_with_its_status() {
        let mut api = MockKandyApi::new();
        api.expect_get_devices()
            .returning(|_| Ok(vec![Device::new(DeviceId::new("d1"))]));
        api.expect_get_pending_messages().returning(|_, _, _| {
            let bob = Sender::new("bob", "ops.kandy.io");
            Ok(PendingMessages::new(
                vec![IncomingMessage::group_chat(bob, "gone", "hello?")],
                None,
            ))
        });
        api.expect_get_group_by_id()
            .returning(|_, _| Err(kandy::Error::api(700, "group not found", None)));

        let err = inbox_digest(&api, UserAccessToken::new("UATtest"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.api_status(), Some(ApiStatus::GROUP_NOT_FOUND));
    }
}
