//! #40–#43.

use crate::support::*;
use kandy_core::KandyApi;
use serde_json::json;

fn entries() -> serde_json::Value {
    success(
        json!({"contacts": [{"full_user_id": "ann@d.com", "user_first_name": "Ann",
                                 "user_last_name": "Lee", "user_phone_number": "3524096582",
                                 "user_email": "ann@x.com"}]}),
    )
}

#[tokio::test]
async fn search_directory_by_phone_number_40() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/directories/native/searches/phone_number")
            .query(&[("key", UAT), ("search_string", "+1 352")]),
        entries(),
    )
    .await;
    let found = w
        .ok(w
            .client
            .search_directory_by_phone_number(uat(), "+1 352".into())
            .await)
        .await;
    assert_eq!(found[0].user_phone_number.as_deref(), Some("3524096582"));
}

#[tokio::test]
async fn search_directory_by_name_41() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/directories/native/searches/name")
            .query(&[("key", UAT), ("search_string", "Ann Lee&co")]),
        entries(),
    )
    .await;
    let found = w
        .ok(w
            .client
            .search_directory_by_name(uat(), "Ann Lee&co".into())
            .await)
        .await;
    assert_eq!(found[0].user_first_name.as_deref(), Some("Ann"));
}

#[tokio::test]
async fn search_directory_by_user_id_42() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/directories/native/searches/user_id")
            .query(&[("key", UAT), ("search_string", "ann")]),
        entries(),
    )
    .await;
    let found = w
        .ok(w
            .client
            .search_directory_by_user_id(uat(), "ann".into())
            .await)
        .await;
    assert_eq!(found[0].full_user_id, "ann@d.com");
}

#[tokio::test]
async fn search_directory_43_keeps_its_trailing_slash() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/directories/native/search/")
            .query(&[("key", UAT), ("search_string", "lee")]),
        entries(),
    )
    .await;
    let found = w
        .ok(w.client.search_directory(uat(), "lee".into()).await)
        .await;
    assert_eq!(found[0].user_last_name.as_deref(), Some("Lee"));
}
