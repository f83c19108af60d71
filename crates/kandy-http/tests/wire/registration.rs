//! #30.

use crate::support::*;
use kandy_core::{DeviceId, KandyApi, NewRegistration, UserAccessToken};
use serde_json::json;

#[tokio::test]
async fn register_30_with_the_client_software_in_the_query() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("api_wrappers/registrations")
            .query(&[
                ("key", DAT),
                ("client_sw_version", "2.2.1"),
                ("client_sw_type", "JS"),
            ])
            .body(
                json!({"user_phone_number": "4034932232", "user_country_code": "UA",
                         "validation_code": "1234", "device_native_id": "3456"}),
            ),
        // kandy.js's documented result.
        success(
            json!({"user_id": "972542405850", "full_user_id": "972542405850@domain.com",
                       "domain_name": "domain.com", "user_access_token": UAT,
                       "device_id": DEVICE}),
        ),
    )
    .await;
    let registration = NewRegistration::new("4034932232", "UA", "1234", "3456")
        .with_client_software("JS", "2.2.1");
    let registered = w.ok(w.client.register(dat(), registration).await).await;
    assert_eq!(registered.full_user_id, "972542405850@domain.com");
    assert_eq!(registered.user_access_token, UserAccessToken::new(UAT));
    assert_eq!(registered.device_id, DeviceId::new(DEVICE));
}

#[tokio::test]
async fn register_30_without_client_software_sends_only_the_key() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("api_wrappers/registrations")
            .query(&[("key", DAT)])
            .body(json!({"user_phone_number": "1", "user_country_code": "US",
                         "validation_code": "9", "device_native_id": "n"})),
        success(
            json!({"user_id": "11", "full_user_id": "11@d.com", "domain_name": "d.com",
                       "user_access_token": UAT, "device_id": DEVICE}),
        ),
    )
    .await;
    let registration = NewRegistration::new("1", "US", "9", "n");
    w.ok(w.client.register(dat(), registration).await).await;
}
