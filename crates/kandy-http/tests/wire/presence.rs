//! #44, with either key.

use crate::support::*;
use kandy_core::{KandyApi, PresenceKey};
use serde_json::json;

fn sample() -> serde_json::Value {
    success(json!({"server_timestamp": 1449034496562u64,
                   "users": [{"full_user_id": "a@d.com", "last_seen": 1449034490000u64},
                             {"full_user_id": "b@d.com", "last_seen": 0}]}))
}

#[tokio::test]
async fn get_last_seen_44_with_a_user_token() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/presence/last_seen")
            .query(&[("key", UAT), ("users", r#"["a@d.com","b@d.com"]"#)]),
        sample(),
    )
    .await;
    let users = vec!["a@d.com".to_owned(), "b@d.com".to_owned()];
    let seen = w
        .ok(w
            .client
            .get_last_seen(PresenceKey::User(uat()), users)
            .await)
        .await;
    assert_eq!(seen.server_timestamp, 1_449_034_496_562);
    assert_eq!(seen.users[0].last_seen, 1_449_034_490_000);
    assert_eq!(seen.users[1].full_user_id, "b@d.com");
}

#[tokio::test]
async fn get_last_seen_44_with_a_domain_token_and_the_raw_encoding() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/presence/last_seen").query(&[("key", DAT), ("users", r#"["a@d.com"]"#)]),
        sample(),
    )
    .await;
    let seen = w
        .ok(w
            .client
            .get_last_seen(PresenceKey::Domain(dat()), vec!["a@d.com".into()])
            .await)
        .await;
    assert_eq!(seen.users.len(), 2);
    // The JSON array travels URL-encoded.
    let received = w.server.received_requests().await.unwrap();
    assert!(
        received[0]
            .url
            .query()
            .unwrap()
            .ends_with("&users=%5B%22a%40d.com%22%5D"),
        "{:?}",
        received[0].url.query()
    );
}
