//! The leniencies old clients needed (issue "Old clients, unchanged"; DECISIONS 19–21), over
//! raw HTTP: the envelope's `Content-Type`, empty optional parameters, #42 by full user id,
//! group fields in the query (#53, #55), and the other spellings of a personal contact (#37).

#![cfg(feature = "server")]

mod server_support;

use serde_json::{Value, json};
use server_support::*;

const ENVELOPE_TYPE: &str = "application/json; charset=utf-8";

fn content_type(reply: &Reply) -> &str {
    reply.header("content-type").expect("a Content-Type")
}

#[tokio::test]
async fn every_envelope_says_json_with_charset_and_a_space() {
    let w = world().await;
    let alice = w.person("alice").await;
    let ok = get(w.addr, &format!("/v1.2/users/devices?key={}", alice.uat)).await;
    assert_eq!(ok.status, 200);
    let bad_value = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/devices?key={}", alice.uat),
        Some("not json"),
    )
    .await;
    bad_value.refused(400, 17);
    let bad_key = get(w.addr, "/v1.2/users/devices?key=UAT0").await;
    bad_key.refused(401, 55);
    let unknown = get(w.addr, "/v1.2/users/devicez?key=x").await;
    unknown.refused(404, 18);
    let deleted = send(
        w.addr,
        "DELETE",
        &format!(
            "/v1.2/users/devices?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
        None,
    )
    .await;
    assert_eq!(deleted.json()["message"], "Device Deleted");
    for reply in [&ok, &bad_value, &bad_key, &unknown, &deleted] {
        assert_eq!(content_type(reply), ENVELOPE_TYPE, "{}", reply.text());
    }
}

#[tokio::test]
async fn the_malformed_fault_keeps_the_envelope_type_and_the_admin_surface_keeps_its_own() {
    let w = world().await;
    let alice = w.person("alice").await;
    let plan = json!({"rules": [{"match": {"operation": "get_devices"}, "trigger": {"nth": 1},
                                 "effect": "malformed"}]});
    let set = send(w.addr, "POST", "/_sim/faults", Some(&plan.to_string())).await;
    assert_eq!(set.status, 200, "{}", set.text());
    let malformed = get(w.addr, &format!("/v1.2/users/devices?key={}", alice.uat)).await;
    assert_eq!(malformed.status, 200);
    assert!(serde_json::from_slice::<Value>(&malformed.body).is_err());
    assert_eq!(content_type(&malformed), ENVELOPE_TYPE);
    // `/_sim/*` answers plain JSON, not the envelope: its type is axum's own.
    let admin = get(w.addr, "/_sim/sms").await;
    assert_eq!(content_type(&admin), "application/json");
}

#[tokio::test]
async fn an_empty_client_timestamp_is_the_same_as_none() {
    let w = world().await;
    let alice = w.person("alice").await;
    // The seed's `get_pending_messages` always sends `client_timestamp=`.
    for query in ["&client_timestamp=", "&client_timestamp", ""] {
        let reply = get(
            w.addr,
            &format!(
                "/v1.2/devices/messages?key={}&device_id={}{query}",
                alice.uat, alice.device_id
            ),
        )
        .await;
        assert_eq!(reply.result()["messages"], json!([]), "{query}");
    }
    // A value that is there is still read, and still checked.
    let bad = get(
        w.addr,
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}&client_timestamp=soon",
            alice.uat, alice.device_id
        ),
    )
    .await;
    bad.refused(400, 17);
}

#[tokio::test]
async fn empty_optional_parameters_are_absent_on_every_endpoint_that_reads_them() {
    let w = world().await;
    let bob = w.person("bob").await;
    // #13 by domain token: an empty `user_api_key` does not hide `user_id`.
    let deleted = send(
        w.addr,
        "DELETE",
        &format!(
            "/v1.2/domains/users?key={}&user_api_key=&user_id={}",
            w.dat, bob.user_id
        ),
        None,
    )
    .await;
    assert_eq!(
        deleted.json()["message"],
        "User Deleted",
        "{}",
        deleted.text()
    );
    // #6: form (a) with empty form-(b) parameters is still form (a).
    let details = get(
        w.addr,
        &format!(
            "/v1.2/accounts/domains/details?key={}&domain_api_key={}&domain_api_secret=&domain_access_token=",
            w.dat, w.dak
        ),
    )
    .await;
    assert_eq!(details.result()["domain"]["domain_name"], w.domain.as_str());
    // An optional parameter a form needs, sent empty, is missing.
    let missing = get(
        w.addr,
        &format!(
            "/v1.2/accounts/domains/details?key={}&domain_api_key=",
            w.dat
        ),
    )
    .await;
    assert!(missing.refused(400, 15).contains("domain_api_key"));
}

#[tokio::test]
async fn an_empty_required_parameter_is_judged_as_the_in_process_simulator_judges_it() {
    let w = world().await;
    let alice = w.person("alice").await;
    let no_device = send(
        w.addr,
        "DELETE",
        &format!("/v1.2/users/devices?key={}&device_id=", alice.uat),
        None,
    )
    .await;
    assert!(no_device.refused(400, 16).contains("device_id"));
    let no_search = get(
        w.addr,
        &format!(
            "/v1.2/users/directories/native/searches/user_id?key={}&search_string=",
            alice.uat
        ),
    )
    .await;
    no_search.refused(400, 15);
    let no_key = get(w.addr, "/v1.2/users/devices?key=").await;
    no_key.refused(401, 55);
    let no_user = get(
        w.addr,
        &format!(
            "/v1.2/domains/users/accesstokens?key={}&domain_api_secret={}&user_id=",
            w.dak, w.das
        ),
    )
    .await;
    no_user.refused(400, 51);
    let left_out = get(
        w.addr,
        &format!("/v1.2/users/chatgroups/chatgroup?key={}", alice.uat),
    )
    .await;
    assert!(left_out.refused(400, 3).contains("group_id"));
}

#[tokio::test]
async fn search_by_user_id_finds_a_full_user_id_exactly() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let _bobby = w.person("bobby").await;
    let search = |s: String| {
        let target = format!(
            "/v1.2/users/directories/native/searches/user_id?key={}&search_string={}",
            alice.uat,
            enc(&s)
        );
        async move { get(w.addr, &target).await.result()["contacts"].clone() }
    };
    let exact = search(bob.full_user_id.clone()).await;
    assert_eq!(exact.as_array().map(Vec::len), Some(1), "{exact}");
    assert_eq!(exact[0]["full_user_id"], bob.full_user_id.as_str());
    let bare = search("bob".to_owned()).await;
    assert_eq!(
        bare.as_array().map(Vec::len),
        Some(2),
        "bob and bobby: {bare}"
    );
    let elsewhere = search("bob@elsewhere.kandy.io".to_owned()).await;
    assert_eq!(elsewhere, json!([]));
}

/// NODE's `createGroup`: the parameters in the query, `{}` encoded by `encodeURIComponent`,
/// an empty body with `Content-Type: application/json`.
#[tokio::test]
async fn create_group_takes_its_fields_from_the_query_when_the_body_lacks_them() {
    let w = world().await;
    let alice = w.person("alice").await;
    let raw = format!(
        "POST /v1.2/users/chatgroups?key={}&group_name=Team%20A&group_image=%5Bobject%20Object%5D HTTP/1.1\r\n\
         Host: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n",
        alice.uat
    );
    let reply = exchange(w.addr, raw.as_bytes(), std::time::Duration::from_secs(20))
        .await
        .expect("an answer");
    let group = reply.result();
    assert_eq!(group["group_name"], "Team A");
    assert_eq!(group["group_image"], json!({}));
    // The body wins over the query; an image that is not an object is an empty image.
    let both = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/chatgroups?key={}&group_name=Query", alice.uat),
        Some(r#"{"group_name":"Body","group_image":""}"#),
    )
    .await
    .result();
    assert_eq!(both["group_name"], "Body");
    assert_eq!(both["group_image"], json!({}));
    let kept = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/chatgroups?key={}", alice.uat),
        Some(r#"{"group_name":"Pic","group_image":{"url":"x"}}"#),
    )
    .await
    .result();
    assert_eq!(kept["group_image"], json!({"url": "x"}));
    // Neither place: still a missing parameter (3 on groups), and nothing is created.
    let before = get(w.addr, &format!("/v1.2/users/chatgroups?key={}", alice.uat))
        .await
        .result();
    let missing = send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/users/chatgroups?key={}&group_image=%7B%7D",
            alice.uat
        ),
        None,
    )
    .await;
    assert!(missing.refused(400, 3).contains("group_name"));
    let after = get(w.addr, &format!("/v1.2/users/chatgroups?key={}", alice.uat))
        .await
        .result();
    assert_eq!(before, after);
}

#[tokio::test]
async fn update_group_takes_its_fields_from_the_query_when_the_body_lacks_them() {
    let w = world().await;
    let alice = w.person("alice").await;
    let created = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/chatgroups?key={}", alice.uat),
        Some(r#"{"group_name":"Old","group_image":{"a":1}}"#),
    )
    .await
    .result();
    let gid = created["group_id"].as_str().expect("a group id").to_owned();
    let updated = send(
        w.addr,
        "PUT",
        &format!(
            "/v1.2/users/chatgroups/chatgroup?key={}&group_id={gid}&group_name=New&group_image=%5Bobject%20Object%5D",
            alice.uat
        ),
        Some(""),
    )
    .await;
    updated.result();
    let group = get(
        w.addr,
        &format!(
            "/v1.2/users/chatgroups/chatgroup?key={}&group_id={gid}",
            alice.uat
        ),
    )
    .await
    .result();
    assert_eq!(group["group_name"], "New");
    assert_eq!(group["group_image"], json!({}));
}

async fn contacts(w: &World, uat: &str) -> Value {
    get(
        w.addr,
        &format!("/v1.2/users/addressbooks/personal?key={uat}"),
    )
    .await
    .result()["contacts"]
        .clone()
}

#[tokio::test]
async fn personal_contacts_accept_camel_case_and_unprefixed_names_and_answer_contact_names() {
    let w = world().await;
    let alice = w.person("alice").await;
    let add = |body: Value| {
        let target = format!("/v1.2/users/addressbooks/personal?key={}", alice.uat);
        async move { send(w.addr, "POST", &target, Some(&body.to_string())).await }
    };
    let camel = add(json!({"contact": {
        "username": "bob@example.kandy.io", "nickname": "Bob", "firstName": "Bob",
        "lastName": "Builder", "homePhone": "1", "mobileNumber": "2", "businessPhone": "3",
        "fax": "4", "email": "bob@example.com"}}))
    .await;
    let camel_id = camel.result()["contact_id"].clone();
    let snake = add(json!({"contact": {
        "name": "Carol", "nickname": "C", "first_name": "Carol", "last_name": null,
        "home_phone": null, "mobile_number": "12244199894", "business_number": null,
        "fax": null, "email": "carol@example.com"}}))
    .await;
    let snake_id = snake.result()["contact_id"].clone();
    let listed = contacts(&w, &alice.uat).await;
    assert_eq!(
        listed,
        json!([
            {"contact_id": camel_id, "contact_user_name": "bob@example.kandy.io",
             "contact_nickname": "Bob", "contact_first_name": "Bob",
             "contact_last_name": "Builder", "contact_home_phone": "1",
             "contact_mobile_number": "2", "contact_business_number": "3",
             "contact_fax": "4", "contact_email": "bob@example.com"},
            {"contact_id": snake_id, "contact_user_name": "Carol", "contact_nickname": "C",
             "contact_first_name": "Carol", "contact_mobile_number": "12244199894",
             "contact_email": "carol@example.com"},
        ])
    );
}

#[tokio::test]
async fn a_contact_field_under_two_names_is_refused_with_17_and_nothing_is_added() {
    let w = world().await;
    let alice = w.person("alice").await;
    let reply = send(
        w.addr,
        "POST",
        &format!("/v1.2/users/addressbooks/personal?key={}", alice.uat),
        Some(
            &json!({"contact": {"contact_user_name": "bob@d", "contact_nickname": "Bob",
                                "contact_first_name": "Bob", "firstName": "Robert"}})
            .to_string(),
        ),
    )
    .await;
    let message = reply.refused(400, 17);
    assert!(
        message.contains("contact.contact_first_name") && message.contains("more than once"),
        "{message}"
    );
    assert_eq!(contacts(&w, &alice.uat).await, json!([]));
}
