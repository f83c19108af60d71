//! #9, #18, #47–#49.

use crate::support::*;
use kandy_core::{
    BillingPackage, CountryCode, KandyApi, LimitedDomainDetails, NormalizedPhoneNumber,
};
use serde_json::json;

#[tokio::test]
async fn get_domain_details_limited_9_wrapped() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/details/limited").query(&[("key", DAT)]),
        success(json!({"domain": {"domain_name": "d.com", "project_name": "p"}})),
    )
    .await;
    let domain = w.ok(w.client.get_domain_details_limited(dat()).await).await;
    assert_eq!(
        domain,
        LimitedDomainDetails::new("d.com").with_project_name("p")
    );
}

#[tokio::test]
async fn get_domain_details_limited_9_bare() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/details/limited").query(&[("key", DAT)]),
        success(json!({"domain_name": "d.com", "number_of_users": "41"})),
    )
    .await;
    let domain = w.ok(w.client.get_domain_details_limited(dat()).await).await;
    assert_eq!(domain.number_of_users, Some(41));
}

#[tokio::test]
async fn get_country_codes_18_with_an_mcc() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/countrycodes").query(&[("key", DAT), ("MCC", "310")]),
        success(json!({"country_codes": [{"country_code": "US", "calling_code": "1",
                                          "country_name": "United States", "mcc": ["310", "311"]}]})),
    )
    .await;
    let codes = w
        .ok(w.client.get_country_codes(dat(), Some("310".into())).await)
        .await;
    assert_eq!(
        codes,
        [CountryCode::new("US")
            .with_calling_code("1")
            .with_country_name("United States")
            .with_mcc(vec!["310".into(), "311".into()])]
    );
}

#[tokio::test]
async fn get_country_codes_18_without_an_mcc() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("domains/countrycodes").query(&[("key", DAT)]),
        success(json!({"country_codes": [{"country_code": "GB", "calling_code": 44}]})),
    )
    .await;
    let codes = w.ok(w.client.get_country_codes(dat(), None).await).await;
    assert_eq!(codes[0].calling_code.as_deref(), Some("44"));
}

#[tokio::test]
async fn normalize_phone_number_47() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/services/normalize/phone_number").query(&[
            ("key", UAT),
            ("phone_number", "(415) 555-0100"),
            ("country_code", "US"),
        ]),
        success(json!({"phone_number": "+14155550100", "country_code": "US", "calling_code": "1"})),
    )
    .await;
    let number = w
        .ok(w
            .client
            .normalize_phone_number(uat(), "(415) 555-0100".into(), "US".into())
            .await)
        .await;
    assert_eq!(
        number,
        NormalizedPhoneNumber::new("+14155550100")
            .with_country_code("US")
            .with_calling_code("1")
    );
}

#[tokio::test]
async fn get_rollover_group_48_as_kandy_js_reads_it() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/rollovergroups/rollovergroup")
            .query(&[("key", UAT), ("group_name", "sales")]),
        success(
            json!({"group": {"group_name": "sales", "group_policy": "roundrobin", "agents": [
                {"agent_contact": "+14155550100", "agent_contact_type": "pstn"},
                {"agent_contact": "bob@d.com", "agent_contact_type": "kandy"}
            ]}}),
        ),
    )
    .await;
    let group = w
        .ok(w.client.get_rollover_group(uat(), "sales".into()).await)
        .await;
    assert_eq!(group.group_policy.as_deref(), Some("roundrobin"));
    assert!(group.agents[0].is_pstn());
    assert_eq!(group.agents[1].agent_contact, "bob@d.com");
}

#[tokio::test]
async fn get_active_billing_packages_49() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/billing/packages/status/active").query(&[("key", UAT)]),
        success(
            json!({"packages": [{"package_id": 7, "package_name": "Basic",
                                     "package_status": "active",
                                     "next_recurring_payment": "2015-01-19"}]}),
        ),
    )
    .await;
    let packages = w
        .ok(w.client.get_active_billing_packages(uat()).await)
        .await;
    assert_eq!(
        packages,
        [BillingPackage::new("Basic")
            .with_package_id("7")
            .with_package_status("active")
            .with_next_recurring_payment("2015-01-19")]
    );
}
