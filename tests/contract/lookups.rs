//! Lookups (#9, #18, #47, #49): a domain's limited details, the country codes with the MCC
//! filter, E.164 normalization, and the one simulated billing package.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn limited_domain_details_name_the_tokens_domain(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let details = fx
        .api
        .get_domain_details_limited(fx.domain.token.clone())
        .await
        .expect("get_domain_details_limited");
    assert_eq!(details.domain_name, DOMAIN);
    assert_eq!(details.number_of_users, Some(3), "alice, bob and carol");
    let theirs = fx
        .api
        .get_domain_details_limited(other.token.clone())
        .await
        .expect("the other domain's");
    assert_eq!(theirs.domain_name, OTHER_DOMAIN);
    assert_eq!(theirs.number_of_users, Some(1));
}

pub async fn limited_domain_details_refuse_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_DOMAIN_DETAILS_LIMITED;
    let get = |token: DomainAccessToken| fx.api.get_domain_details_limited(token);
    refused(t, op, 55, || get(unknown("DAT").into())).await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || get(revoked.clone())).await;
    // A user token is of another scope.
    refused(t, op, 55, || {
        get(DomainAccessToken::new(fx.alice.token.expose_secret()))
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || get(fx.domain.token.clone())).await;
}

pub async fn country_codes_list_every_country_or_those_of_an_mcc(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let codes = |mcc: Option<&str>| {
        fx.api
            .get_country_codes(fx.domain.token.clone(), mcc.map(str::to_owned))
    };
    let all = codes(None).await.expect("every country");
    assert!(all.len() > 200, "every country with a calling code");
    let us = all.iter().find(|c| c.country_code == "US").expect("US");
    assert_eq!(us.calling_code.as_deref(), Some("1"));
    assert!(us.mcc.contains(&"310".to_owned()) && us.mcc.contains(&"316".to_owned()));
    let by_mcc = codes(Some("310")).await.expect("MCC 310");
    assert_eq!(
        by_mcc,
        std::slice::from_ref(us),
        "310 is the United States'"
    );
    let gb = codes(Some("234")).await.expect("MCC 234");
    assert_eq!(gb.len(), 1);
    assert_eq!(gb[0].country_code, "GB");
    assert_eq!(gb[0].calling_code.as_deref(), Some("44"));
    let shared = codes(Some("425")).await.expect("MCC 425");
    let isos: Vec<_> = shared.iter().map(|c| c.country_code.as_str()).collect();
    assert_eq!(isos, ["IL", "PS"], "one MCC can serve two countries");
    assert!(codes(Some("999")).await.expect("unassigned").is_empty());
}

pub async fn get_country_codes_refuses_bad_mccs_and_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_COUNTRY_CODES;
    let codes = |token: &DomainAccessToken, mcc: Option<&str>| {
        fx.api
            .get_country_codes(token.clone(), mcc.map(str::to_owned))
    };
    for bad in ["31", "3100", "31a"] {
        refused(t, op, 16, || codes(&fx.domain.token, Some(bad))).await;
    }
    refused(t, op, 55, || codes(&unknown("DAT").into(), None)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || codes(&fx.domain.token, Some("310"))).await;
}

pub async fn phone_numbers_normalize_to_e164(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let normalize = |number: &str, country: &str| {
        fx.api
            .normalize_phone_number(fx.alice.token.clone(), number.into(), country.into())
    };
    for (number, country, e164) in [
        ("(415) 555-0100", "US", "+14155550100"),
        ("1-415-555-0100", "us", "+14155550100"),
        ("+1 415 555 0100", "US", "+14155550100"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("06 1234 5678", "IT", "+390612345678"),
        ("8 912 345 67 89", "RU", "+79123456789"),
        ("054-240-5850", "IL", "+972542405850"),
    ] {
        let normalized = normalize(number, country).await.expect(number);
        assert_eq!(normalized.phone_number, e164, "{number} in {country}");
        assert_eq!(
            normalized.country_code.as_deref(),
            Some(&*country.to_uppercase())
        );
    }
    let by_calling_code = normalize("4155550100", "+1").await.expect("a calling code");
    assert_eq!(by_calling_code.phone_number, "+14155550100");
    assert_eq!(by_calling_code.calling_code.as_deref(), Some("1"));
    assert_eq!(
        by_calling_code.country_code, None,
        "+1 names no single country"
    );
}

pub async fn normalize_phone_number_refuses_non_numbers_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::NORMALIZE_PHONE_NUMBER;
    let normalize = |token: &UserAccessToken, number: &str, country: &str| {
        fx.api
            .normalize_phone_number(token.clone(), number.into(), country.into())
    };
    let uat = &fx.alice.token;
    for bad in [
        "415555010",
        "4155550100123",
        "+44 20 7946 0018",
        "415-CALL-NOW",
        "12",
    ] {
        refused(t, op, 16, || normalize(uat, bad, "US")).await;
    }
    refused(t, op, 54, || normalize(uat, "4155550100", "ZZ")).await;
    refused(t, op, 15, || normalize(uat, "", "US")).await;
    refused(t, op, 15, || normalize(uat, "4155550100", "")).await;
    refused(t, op, 55, || {
        normalize(&unknown("UAT").into(), "4155550100", "US")
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || normalize(uat, "4155550100", "US")).await;
}

pub async fn every_domain_has_one_active_billing_package(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    let ours = fx
        .api
        .get_active_billing_packages(fx.alice.token.clone())
        .await
        .expect("get_active_billing_packages");
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0].package_name, "Basic");
    assert_eq!(ours[0].package_status.as_deref(), Some("active"));
    // The clock starts at 2015-01-01; the next payment is 30 days on.
    assert_eq!(
        ours[0].next_recurring_payment.as_deref(),
        Some("2015-01-31")
    );
    let theirs = fx
        .api
        .get_active_billing_packages(dave.token.clone())
        .await
        .expect("dave's");
    assert_eq!(theirs.len(), 1, "a package per domain");
}

pub async fn get_active_billing_packages_refuses_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_ACTIVE_BILLING_PACKAGES;
    let get = |token: UserAccessToken| fx.api.get_active_billing_packages(token);
    refused(t, op, 55, || get(unknown("UAT").into())).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || get(revoked.clone())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || get(fx.alice.token.clone())).await;
}
