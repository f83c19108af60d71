//! #1–#6.

use crate::support::*;
use kandy_core::{DomainDetailsKey, ExposeSecret, KandyApi, NewDomain};
use serde_json::json;

fn domain_sample() -> serde_json::Value {
    json!({"domain_api_key": DAK, "domain_api_secret": DAS, "domain_name": "goofiw.gmail.com",
           "project_name": "demo", "account_number": "00000012", "account_email": "a@b.com",
           "number_of_users": "41", "next_recurring_payment": "2015-01-19"})
}

#[tokio::test]
async fn get_account_access_token_1() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("accounts/accesstokens").query(&[("key", AAK), ("account_api_secret", AAS)]),
        success(json!({"account_access_token": AAT})),
    )
    .await;
    let token = w
        .ok(w.client.get_account_access_token(aak(), aas()).await)
        .await;
    assert_eq!(token.expose_secret(), AAT);
}

#[tokio::test]
async fn delete_account_access_token_2() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("accounts/accesstokens").query(&[
            ("key", AAK),
            ("account_api_secret", AAS),
            ("account_access_token", AAT),
        ]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .delete_account_access_token(aak(), aas(), aat())
        .await)
        .await;
}

#[tokio::test]
async fn create_domain_3() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("accounts/domains")
            .query(&[("key", AAT)])
            .body(json!({"domain_name": "test.com", "project_name": "demo"})),
        success(json!({"domain_api_key": DAK, "domain_api_secret": DAS})),
    )
    .await;
    let created = w
        .ok(w
            .client
            .create_domain(aat(), NewDomain::new("test.com").project_name("demo"))
            .await)
        .await;
    assert_eq!(created.domain_api_key, dak());
    assert_eq!(created.domain_api_secret, das());
    assert_eq!(created.domain_name, None);
}

#[tokio::test]
async fn create_domain_without_project_sends_only_the_name() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("accounts/domains")
            .query(&[("key", AAT)])
            .body(json!({"domain_name": "test.com"})),
        success(json!({"domain_api_key": DAK, "domain_api_secret": DAS,
                       "domain_name": "test.com", "project_name": null})),
    )
    .await;
    let created = w
        .ok(w
            .client
            .create_domain(aat(), NewDomain::new("test.com"))
            .await)
        .await;
    assert_eq!(created.domain_name.as_deref(), Some("test.com"));
}

#[tokio::test]
async fn get_domains_4() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("accounts/domains").query(&[("key", AAT)]),
        success(json!({"domains": [domain_sample()]})),
    )
    .await;
    let domains = w.ok(w.client.get_domains(aat()).await).await;
    assert_eq!(domains.len(), 1);
    assert_eq!(domains[0].domain_name, "goofiw.gmail.com");
    assert_eq!(domains[0].number_of_users, Some(41));
    assert_eq!(domains[0].account_number.as_deref(), Some("00000012"));
}

#[tokio::test]
async fn delete_domain_5() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("accounts/domains").query(&[("key", AAT), ("domain_api_key", DAK)]),
        done("Domain Deleted"),
    )
    .await;
    w.ok(w.client.delete_domain(aat(), dak()).await).await;
}

#[tokio::test]
async fn get_limited_domain_detail_6_form_a() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("accounts/domains/details").query(&[("key", DAT), ("domain_api_key", DAK)]),
        success(json!({"domain": domain_sample()})),
    )
    .await;
    let key = DomainDetailsKey::Token {
        token: dat(),
        domain_api_key: dak(),
    };
    let domain = w.ok(w.client.get_limited_domain_detail(key).await).await;
    assert_eq!(domain.domain_name, "goofiw.gmail.com");
}

#[tokio::test]
async fn get_limited_domain_detail_6_form_b() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("accounts/domains/details").query(&[
            ("key", DAK),
            ("domain_api_secret", DAS),
            ("domain_access_token", DAT),
        ]),
        success(json!({"domain": {"domain_api_key": DAK, "domain_name": "x.com"}})),
    )
    .await;
    let key = DomainDetailsKey::Secret {
        api_key: dak(),
        api_secret: das(),
        token: dat(),
    };
    let domain = w.ok(w.client.get_limited_domain_detail(key).await).await;
    assert_eq!(
        (domain.domain_name.as_str(), domain.domain_api_secret),
        ("x.com", None)
    );
}
