//! The wire shapes of the operations added with the whole surface (hunt groups, registration,
//! configuration, lookups, profiles, #39, #43, #83), over real HTTP on loopback: the paths as
//! their callers send them (#29's two spellings, #43's trailing slash, KAP's doubled slash),
//! #51's fields in the query of a POST, and the JSON field names of every result.

#![cfg(feature = "server")]

mod server_support;

use serde_json::json;
use server_support::*;

#[tokio::test]
async fn hunt_groups_answer_in_their_fields_and_both_admin_paths_delete() {
    let w = world().await;
    let (bob, carol) = (w.person("bob").await, w.person("carol").await);
    let dat = &w.dat;
    let group = json!({"huntgroup_name": "sales", "huntgroup_type": "roundrobin",
        "pilot_uri_address": "sip:sales@example.kandy.io", "overflow_dest": "bob"});
    let hunt = format!("/v1.2/domains/huntgroups?key={dat}");
    let created = send(w.addr, "POST", &hunt, Some(&group.to_string())).await;
    assert_eq!(created.json(), json!({"status": 0, "message": "success"}));
    assert_eq!(
        get(w.addr, &hunt).await.result(),
        json!({"huntgroups": [group]})
    );
    // KAP writes two of the paths with a doubled slash.
    let users = format!("/v1.2//domains/huntgroups/users?key={dat}");
    for name in [&bob.user_id, &carol.full_user_id] {
        let body = json!({"huntgroup_name": "sales", "user_name": name}).to_string();
        send(w.addr, "POST", &users, Some(&body)).await.result();
    }
    let listed = get(w.addr, &format!("{users}&huntgroup_name=sales"))
        .await
        .result();
    assert_eq!(
        listed,
        json!({"users": [bob.full_user_id, carol.full_user_id]})
    );
    let admins = format!("/v1.2/domains/huntgroups/admins?key={dat}");
    for name in [&bob.user_id, &carol.user_id] {
        let body = json!({"huntgroup_name": "sales", "admin_name": name}).to_string();
        send(w.addr, "POST", &admins, Some(&body)).await.result();
    }
    let listed = get(w.addr, &format!("{admins}&huntgroup_name=sales"))
        .await
        .result();
    assert_eq!(
        listed,
        json!({"admins": [bob.full_user_id, carol.full_user_id]})
    );
    // The singular path (the one caller's) and the plural both delete an admin.
    for (path, who) in [("admin", &bob.user_id), ("admins", &carol.full_user_id)] {
        let target = format!(
            "/v1.2/domains/huntgroups/{path}?key={dat}&huntgroup_name=sales&admin_name={}",
            enc(who)
        );
        send(w.addr, "DELETE", &target, None).await.result();
    }
    let listed = get(w.addr, &format!("{admins}&huntgroup_name=sales"))
        .await
        .result();
    assert_eq!(listed, json!({"admins": []}));
    let again =
        format!("/v1.2/domains/huntgroups/admin?key={dat}&huntgroup_name=sales&admin_name=bob");
    send(w.addr, "DELETE", &again, None).await.refused(404, 53);
    // A rollover group (#48) is the hunt group seen by a user.
    let rollover = get(
        w.addr,
        &format!(
            "/v1.2/users/rollovergroups/rollovergroup?key={}&group_name=sales",
            bob.uat
        ),
    )
    .await
    .result();
    assert_eq!(rollover["group"]["group_policy"], "roundrobin");
    assert_eq!(
        rollover["group"]["agents"][1],
        json!({"agent_contact": carol.full_user_id, "agent_contact_type": "kandy"})
    );
    send(
        w.addr,
        "DELETE",
        &format!("{hunt}&huntgroup_name=sales"),
        None,
    )
    .await
    .result();
    assert_eq!(get(w.addr, &hunt).await.result(), json!({"huntgroups": []}));
}

#[tokio::test]
async fn the_general_search_is_served_with_its_trailing_slash() {
    let w = world().await;
    let alice = w.person("alice").await;
    w.person("bob").await;
    let search = format!(
        "/v1.2/users/directories/native/search/?key={}&search_string=BO",
        alice.uat
    );
    let found = get(w.addr, &search).await.result();
    assert_eq!(found["contacts"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        found["contacts"][0]["full_user_id"],
        format!("bob@{}", w.domain)
    );
    let without = search.replace("search/?", "search?");
    let message = get(w.addr, &without).await.refused(404, 18);
    assert!(
        message.contains("users/directories/native/search/"),
        "the near miss names the route: {message}"
    );
}

#[tokio::test]
async fn a_profile_is_written_in_the_query_of_a_post_and_read_back() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob = w.person("bob").await;
    let target = format!(
        "/v1.2/users/profiles/user_profiles?key={}&first_name=Alicia&status_text={}&user_data={}",
        alice.uat,
        enc("in a meeting & away"),
        enc(r#"{"a":1}"#)
    );
    // No body, as kandy.js sends it; a JSON body is not read.
    send(w.addr, "POST", &target, None).await.result();
    let ignored = format!("/v1.2/users/profiles/user_profiles?key={}", alice.uat);
    send(w.addr, "POST", &ignored, Some(r#"{"first_name":"Body"}"#))
        .await
        .result();
    let read = get(
        w.addr,
        &format!(
            "/v1.2/users/profiles/user_profiles/user_profile?key={}&user_id=alice&domain_name={}",
            bob.uat, w.domain
        ),
    )
    .await
    .result();
    assert_eq!(
        read,
        json!({"user_profile": {
            "user_id": "alice", "domain_name": w.domain, "full_user_id": alice.full_user_id,
            "first_name": "Alicia", "status_text": "in a meeting & away", "user_data": "{\"a\":1}"
        }})
    );
}

#[tokio::test]
async fn the_spidr_configuration_points_at_the_host_it_was_asked_at() {
    let w = world().await;
    let alice = w.person("alice").await;
    let host = w.addr.to_string();
    let target = format!(
        "/v1.2/users/configurations/communications/spidr?key={}&secure=true",
        alice.uat
    );
    let reply = send_raw(w.addr, "GET", &target, &[("Host", &host)], None).await;
    let config = &reply.result()["spidr_configuration"];
    assert_eq!(config["REST_server_address"], "127.0.0.1");
    assert_eq!(config["REST_server_port"], w.addr.port());
    assert_eq!(config["REST_protocol"], "https");
    assert_eq!(config["webSocket_server_address"], "127.0.0.1");
    assert_eq!(config["webSocket_secure"], true);
    assert_eq!(config["ICE_server_port"], 3478);
    assert_eq!(config["fcsApi"]["restPort"], w.addr.port());
    let configurations = send_raw(
        w.addr,
        "GET",
        &format!(
            "/v1.2/api_wrappers/configurations?key={}&domain_api_secret={}",
            w.dak, w.das
        ),
        &[("Host", &host)],
        None,
    )
    .await
    .result();
    assert_eq!(configurations["domain_name"], w.domain.as_str());
    assert!(
        configurations["domain_access_token"]
            .as_str()
            .unwrap()
            .starts_with("DAT")
    );
    assert_eq!(
        configurations["spidr_configuration"]["REST_server_port"],
        w.addr.port()
    );
}

#[tokio::test]
async fn registration_and_lookups_answer_in_their_fields() {
    let w = world().await;
    let dat = &w.dat;
    let sms = json!({"user_phone_number": "4155550123", "user_country_code": "US"});
    send(
        w.addr,
        "POST",
        &format!("/v1.2/domains/verifications/smss?key={dat}"),
        Some(&sms.to_string()),
    )
    .await
    .result();
    let outbox = get(w.addr, "/_sim/sms").await.json();
    let text = outbox[0]["text"].as_str().expect("the SMS").to_owned();
    let code: String = text.chars().filter(char::is_ascii_digit).collect();
    let body = json!({"user_phone_number": "4155550123", "user_country_code": "US",
        "validation_code": code, "device_native_id": "imei"});
    let registered = send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/api_wrappers/registrations?key={dat}&client_sw_version=2.2.1&client_sw_type=JS"
        ),
        Some(&body.to_string()),
    )
    .await
    .result();
    let mut keys: Vec<_> = registered.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "device_id",
            "domain_name",
            "full_user_id",
            "user_access_token",
            "user_id"
        ],
        "kandy.js's documented result"
    );
    let uat = registered["user_access_token"].as_str().unwrap().to_owned();
    let devices = get(w.addr, &format!("/v1.2/users/devices?key={uat}"))
        .await
        .result();
    assert_eq!(devices["devices"][0]["client_sw_version"], "2.2.1");

    let details = get(w.addr, &format!("/v1.2/domains/details/limited?key={dat}"))
        .await
        .result();
    assert_eq!(
        details,
        json!({"domain": {"domain_name": w.domain, "project_name": "tests", "number_of_users": 1}})
    );
    let codes = get(
        w.addr,
        &format!("/v1.2/domains/countrycodes?key={dat}&MCC=234"),
    )
    .await
    .result();
    assert_eq!(
        codes,
        json!({"country_codes": [{"country_code": "GB", "calling_code": "44", "mcc": ["234", "235"]}]})
    );
    let normalized = get(
        w.addr,
        &format!(
            "/v1.2/users/services/normalize/phone_number?key={uat}&phone_number={}&country_code=US",
            enc("(415) 555-0100")
        ),
    )
    .await
    .result();
    assert_eq!(
        normalized,
        json!({"phone_number": "+14155550100", "country_code": "US", "calling_code": "1"})
    );
    let packages = get(
        w.addr,
        &format!("/v1.2/users/billing/packages/status/active?key={uat}"),
    )
    .await
    .result();
    assert_eq!(packages["packages"][0]["package_status"], "active");
    assert_eq!(packages["packages"][0]["package_name"], "Basic");
}

#[tokio::test]
async fn device_books_together_and_hints_answer_in_camel_case() {
    let w = world().await;
    let alice = w.person("alice").await;
    let bob_phone = json!({"user_phone_number": "3524096582", "user_country_code": "US"});
    send(
        w.addr,
        "POST",
        &format!("/v1.2/domains/users/phone_number?key={}", w.dat),
        Some(&bob_phone.to_string()),
    )
    .await
    .result();
    let upload = json!({"contacts": [{"numbers": ["3524096582", "5551234567"],
        "firstName": "J", "lastName": "D"}]});
    send(
        w.addr,
        "POST",
        &format!(
            "/v1.2/devices/addressbooks?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
        Some(&upload.to_string()),
    )
    .await
    .result();
    let hint = json!({"number": "3524096582", "contactId": "", "deviceId": alice.device_id,
        "firstName": "J", "lastName": "D", "hintType": "kandy"});
    let hints = get(
        w.addr,
        &format!(
            "/v1.2/devices/addressbooks/hints?key={}&device_id={}",
            alice.uat, alice.device_id
        ),
    )
    .await
    .result();
    assert_eq!(hints, json!({"contacts": [hint]}));
    // KAP sends a device_id to #39; the answer is every device's book all the same.
    for query in ["", "&device_id=x"] {
        let all = get(
            w.addr,
            &format!("/v1.2/users/addressbooks/device?key={}{query}", alice.uat),
        )
        .await
        .result();
        let contacts = all["contacts"].as_array().cloned().unwrap_or_default();
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts[1]["hintType"], "none");
        assert_eq!(contacts[0], hint);
        assert!(
            contacts
                .iter()
                .all(|c| c["deviceId"] == alice.device_id.as_str())
        );
    }
}
