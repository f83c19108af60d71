//! #7, #8.

use crate::support::*;
use kandy_core::{ExposeSecret, KandyApi};
use serde_json::json;

#[tokio::test]
async fn get_domain_access_token_7() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/accesstokens").query(&[("key", DAK), ("domain_api_secret", DAS)]),
        success(json!({"domain_access_token": DAT})),
    )
    .await;
    let token = w
        .ok(w.client.get_domain_access_token(dak(), das()).await)
        .await;
    assert_eq!(token.expose_secret(), DAT);
}

#[tokio::test]
async fn delete_domain_access_token_8() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("domains/accesstokens").query(&[
            ("key", DAK),
            ("domain_api_secret", DAS),
            ("domain_access_token", DAT),
        ]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .delete_domain_access_token(dak(), das(), dat())
        .await)
        .await;
}
