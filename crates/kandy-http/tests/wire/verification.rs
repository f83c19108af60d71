//! #19, #20.

use crate::support::*;
use kandy_core::KandyApi;
use serde_json::json;

#[tokio::test]
async fn send_verification_sms_19() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("domains/verifications/smss")
            .query(&[("key", DAT)])
            .body(json!({"user_phone_number": "3524096582", "user_country_code": "US"})),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .send_verification_sms(dat(), "3524096582".into(), "US".into())
        .await)
        .await;
}

#[tokio::test]
async fn check_verification_code_20() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/verifications/codes")
            .query(&[("key", DAT), ("validation_code", "1234")]),
        success(json!({"valid": true})),
    )
    .await;
    assert!(
        w.ok(w.client.check_verification_code(dat(), "1234".into()).await)
            .await
    );
}
