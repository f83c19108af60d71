//! #33–#35.

use crate::support::*;
use kandy_core::{DeviceId, KandyApi, NewDevice};
use serde_json::json;

#[tokio::test]
async fn get_devices_33() {
    let w = Wire::start().await;
    // The live field names (KCS `DeviceEntityFetch`).
    w.expect(
        Expect::get("users/devices").query(&[("key", UAT)]),
        success(json!({"devices": [{"id": DEVICE, "nativeID": "12345678901234", "family": "iphone",
                                    "name": "iphone6", "osVersion": "8.0", "clientVersion": "0102001",
                                    "registrationTimestamp": 1426176529057u64}]})),
    )
    .await;
    let devices = w.ok(w.client.get_devices(uat()).await).await;
    assert_eq!(devices[0].id.as_str(), DEVICE);
    assert_eq!(devices[0].device_family.as_deref(), Some("iphone"));
    assert_eq!(devices[0].registration_timestamp, Some(1_426_176_529_057));
}

#[tokio::test]
async fn create_device_34() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/devices").query(&[("key", UAT)]).body(json!({
            "device_native_id": "12345678901234", "device_family": "iphone", "device_name": "iphone6"
        })),
        success(json!({"device_id": DEVICE})),
    )
    .await;
    let device = NewDevice::new("12345678901234")
        .family("iphone")
        .name("iphone6");
    let id = w.ok(w.client.create_device(uat(), device).await).await;
    assert_eq!(id, DeviceId::new(DEVICE));
}

#[tokio::test]
async fn delete_device_35() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/devices").query(&[("key", UAT), ("device_id", DEVICE)]),
        done("Device Deleted"),
    )
    .await;
    w.ok(w.client.delete_device(uat(), DeviceId::new(DEVICE)).await)
        .await;
}
