//! SMS (#79): it lands in the outbox and is delivered nowhere.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn an_sms_lands_in_the_outbox_and_nowhere_else(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let tablet = fx.add_device(&fx.alice, "tablet").await;
    let first_at = fx.now().await;
    fx.api
        .send_sms(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            OutgoingSms::new("+14155550100", "running late").source("+14155550199"),
        )
        .await
        .expect("send_sms with a source");
    t.advance_clock(60_000).await;
    fx.api
        .send_sms(
            fx.alice.token.clone(),
            tablet.clone(),
            OutgoingSms::new("4155550101", "no source"),
        )
        .await
        .expect("send_sms without a source, digits only");
    let outbox = t.sms_outbox().await;
    assert_eq!(outbox.len(), 2, "oldest first: {outbox:?}");
    let (first, second) = (&outbox[0], &outbox[1]);
    assert_eq!(first.destination, "+14155550100");
    assert_eq!(first.source.as_deref(), Some("+14155550199"));
    assert_eq!(first.text, "running late");
    assert_eq!(first.sender.as_deref(), Some(fx.alice.id().as_str()));
    assert_eq!(first.device_id.as_ref(), Some(&fx.alice.device));
    assert_eq!(first.timestamp, first_at);
    assert_eq!(second.destination, "4155550101");
    assert_eq!(second.source, None);
    assert_eq!(second.text, "no source");
    assert_eq!(second.device_id.as_ref(), Some(&tablet));
    assert_eq!(second.timestamp, first_at + 60_000);
    for (member, device) in [(&fx.alice, &fx.alice.device), (&fx.alice, &tablet)]
        .into_iter()
        .chain([(&fx.bob, &fx.bob.device), (&fx.carol, &fx.carol.device)])
    {
        assert!(
            fx.pending(member, device).await.is_empty(),
            "an SMS is not a message"
        );
    }
}

pub async fn destinations_of_7_to_15_digits_are_accepted(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    for destination in ["1234567", "+1234567", "123456789012345", "+123456789012345"] {
        fx.api
            .send_sms(
                fx.bob.token.clone(),
                fx.bob.device.clone(),
                OutgoingSms::new(destination, "hi"),
            )
            .await
            .unwrap_or_else(|err| panic!("{destination} is a valid destination: {err}"));
    }
    assert_eq!(t.sms_outbox().await.len(), 4);
}

pub async fn send_sms_refuses_bad_destinations(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::SEND_SMS;
    let sms_to = |destination: &str| {
        fx.api.send_sms(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            OutgoingSms::new(destination, "hi"),
        )
    };
    for bad in [
        "123456",
        "+123456",
        "1234567890123456",
        "+1415555abcd",
        "++14155550100",
    ] {
        refused(t, op, 16, || sms_to(bad)).await;
    }
    refused_with(t, op, &[15, 16], || sms_to("")).await;
    assert!(t.sms_outbox().await.is_empty());
}

pub async fn send_sms_refuses_other_devices_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let op = &op::SEND_SMS;
    let sms_from = |token: &UserAccessToken, device: &DeviceId| {
        fx.api.send_sms(
            token.clone(),
            device.clone(),
            OutgoingSms::new("+14155550100", "hi"),
        )
    };
    refused(t, op, 11, || sms_from(&fx.bob.token, &fx.alice.device)).await;
    refused(t, op, 11, || sms_from(&dave.token, &fx.alice.device)).await;
    refused(t, op, 53, || {
        sms_from(&fx.alice.token, &DeviceId::new("0".repeat(32)))
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || sms_from(&revoked, &fx.alice.device)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || sms_from(&fx.alice.token, &fx.alice.device)).await;
    assert!(
        t.sms_outbox().await.is_empty(),
        "no refused SMS reaches the outbox"
    );
}
