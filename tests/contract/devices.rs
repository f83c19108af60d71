//! A user's devices (#33, #34, #35).

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn get_devices_lists_the_default_device_then_new_ones(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let devices = fx
        .api
        .get_devices(fx.alice.token.clone())
        .await
        .expect("devices");
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].id, fx.alice.device);
    assert_eq!(devices[0].device_native_id.as_deref(), Some("default"));
    let new = NewDevice::new("imei-42")
        .family("iphone")
        .name("Alice's phone");
    let id = fx
        .api
        .create_device(fx.alice.token.clone(), new)
        .await
        .expect("create_device");
    assert!(
        is_lower_hex(id.as_str(), 32),
        "device ids are 32 lowercase hex"
    );
    assert_ne!(id, fx.alice.device);
    let devices = fx
        .api
        .get_devices(fx.alice.token.clone())
        .await
        .expect("devices");
    assert_eq!(devices.len(), 2);
    let phone = devices
        .iter()
        .find(|d| d.id == id)
        .expect("the new device is listed");
    assert_eq!(phone.device_native_id.as_deref(), Some("imei-42"));
    assert_eq!(phone.device_family.as_deref(), Some("iphone"));
    assert_eq!(phone.device_name.as_deref(), Some("Alice's phone"));
    // Other users' devices are not listed.
    let bobs = fx
        .api
        .get_devices(fx.bob.token.clone())
        .await
        .expect("bob's devices");
    assert_eq!(bobs.len(), 1);
    assert_eq!(bobs[0].id, fx.bob.device);
    assert_eq!(
        t.device_queue(&id).await,
        Some(vec![]),
        "a new device has an empty queue"
    );
}

pub async fn get_devices_refuses_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_DEVICES;
    refused(t, op, 55, || fx.api.get_devices(unknown("UAT").into())).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || fx.api.get_devices(revoked.clone())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || fx.api.get_devices(fx.alice.token.clone())).await;
}

pub async fn create_device_refuses_bad_input_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::CREATE_DEVICE;
    let create = |token: &UserAccessToken, native: &str| {
        fx.api.create_device(token.clone(), NewDevice::new(native))
    };
    // An empty native id is missing or invalid.
    refused_with(t, op, &[15, 16], || create(&fx.alice.token, "")).await;
    refused(t, op, 55, || create(&unknown("UAT").into(), "x")).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || create(&revoked, "x")).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || create(&fx.alice.token, "x")).await;
}

pub async fn delete_device_removes_it_and_its_queue(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let tablet = fx.add_device(&fx.bob, "tablet").await;
    let hello = OutgoingMessage::text(fx.bob.id(), "hello");
    fx.api
        .send_message(fx.alice.token.clone(), fx.alice.device.clone(), hello)
        .await
        .expect("send");
    assert_eq!(fx.queue(&tablet).await.len(), 1);
    fx.api
        .delete_device(fx.bob.token.clone(), tablet.clone())
        .await
        .expect("delete_device");
    assert!(
        t.device_queue(&tablet).await.is_none(),
        "the queue goes with it"
    );
    let devices = fx
        .api
        .get_devices(fx.bob.token.clone())
        .await
        .expect("devices");
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].id, fx.bob.device);
    assert_eq!(
        fx.queue(&fx.bob.device).await.len(),
        1,
        "other devices keep theirs"
    );
    refused(t, &op::GET_PENDING_MESSAGES, 53, || {
        fx.api
            .get_pending_messages(fx.bob.token.clone(), tablet.clone(), None)
    })
    .await;
}

pub async fn delete_device_refuses_other_users_devices_and_unknown_ids(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let op = &op::DELETE_DEVICE;
    let delete = |token: &UserAccessToken, device: &DeviceId| {
        fx.api.delete_device(token.clone(), device.clone())
    };
    refused(t, op, 11, || delete(&fx.bob.token, &fx.alice.device)).await;
    refused(t, op, 11, || delete(&dave.token, &fx.alice.device)).await;
    refused(t, op, 53, || {
        delete(&fx.alice.token, &DeviceId::new("0".repeat(32)))
    })
    .await;
    refused(t, op, 16, || delete(&fx.alice.token, &DeviceId::new(""))).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || delete(&revoked, &fx.alice.device)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || delete(&fx.alice.token, &fx.alice.device)).await;
    assert!(
        t.device_queue(&fx.alice.device).await.is_some(),
        "still there"
    );
}
