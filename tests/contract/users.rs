//! Users of a domain: creation (#10, #11, #17), listing (#12), details (#14, #32).
//! Deletion (#13) is in `user_deletion.rs`.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;
use std::collections::BTreeSet;

pub async fn create_user_by_user_id_returns_keys_and_a_default_device(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let new = NewUser::new("dora")
        .name("Dora", "Explorer")
        .email("dora@example.com")
        .country_code("US");
    let dora = fx
        .api
        .create_user_by_user_id(fx.domain.token.clone(), new)
        .await
        .expect("create_user_by_user_id");
    assert_eq!(dora.user_id, "dora");
    assert_eq!(dora.full_user_id, format!("dora@{DOMAIN}"));
    assert_eq!(dora.domain_name, DOMAIN);
    assert_eq!(dora.user_first_name.as_deref(), Some("Dora"));
    assert_eq!(dora.user_last_name.as_deref(), Some("Explorer"));
    assert_eq!(dora.user_email.as_deref(), Some("dora@example.com"));
    assert_credential(
        dora.user_api_key.as_ref().expect("a UAK").expose_secret(),
        "UAK",
    );
    assert_credential(
        dora.user_api_secret
            .as_ref()
            .expect("a UAS")
            .expose_secret(),
        "UAS",
    );
    let password = dora.user_password.as_ref().expect("a generated password");
    assert!(
        is_lower_hex(password.expose_secret(), 14),
        "a generated password is 14 hex characters"
    );
    // The generated password logs in.
    let token = fx
        .api
        .get_user_access_token_by_password(fx.domain.key.clone(), "dora".into(), password.clone())
        .await
        .expect("login with the generated password");
    let devices = fx.api.get_devices(token).await.expect("get_devices");
    assert_eq!(devices.len(), 1, "a new user has one default device");
    assert_eq!(devices[0].device_native_id.as_deref(), Some("default"));
    assert!(
        is_lower_hex(devices[0].id.as_str(), 32),
        "device ids are 32 hex"
    );
    // A given password is kept.
    assert_eq!(
        fx.alice.user.user_password,
        Some(UserPassword::new(PASSWORD))
    );
}

pub async fn create_user_by_user_id_refuses_bad_input_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::CREATE_USER_BY_USER_ID;
    let create = |token: &DomainAccessToken, user: NewUser| {
        fx.api.create_user_by_user_id(token.clone(), user)
    };
    let dat = &fx.domain.token;
    refused(t, op, 50, || create(dat, NewUser::new("alice"))).await;
    for bad_id in ["", "eve@evil", "eve smith", "eve\u{7}"] {
        refused(t, op, 51, || create(dat, NewUser::new(bad_id))).await;
    }
    for bad_password in [
        "a1b2",
        "abcdefgh1",
        "12345678",
        "abc12345678901234567x",
        "abc12<>xyz",
    ] {
        let user = NewUser::new("eve").password(UserPassword::new(bad_password));
        refused(t, op, 14, || create(dat, user)).await;
    }
    refused(t, op, 54, || {
        create(dat, NewUser::new("eve").country_code("ZZ"))
    })
    .await;
    refused(t, op, 55, || {
        create(&unknown("DAT").into(), NewUser::new("eve"))
    })
    .await;
    // A user token where a domain token belongs (forged at run time) is the wrong scope.
    let forged = DomainAccessToken::new(fx.alice.token.expose_secret());
    refused(t, op, 55, || create(&forged, NewUser::new("eve"))).await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || create(&revoked, NewUser::new("eve"))).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || create(dat, NewUser::new("eve"))).await;
}

pub async fn accepted_passwords_follow_the_rule(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    // 8 and 20 characters, a letter and two digits, every allowed punctuation mark.
    let good = ["abcdef12", "a1234567890123456789", "a1!@()&'-.,?^_2"];
    for (i, password) in good.into_iter().enumerate() {
        let user = NewUser::new(format!("pw{i}")).password(UserPassword::new(password));
        fx.api
            .create_user_by_user_id(fx.domain.token.clone(), user)
            .await
            .unwrap_or_else(|err| panic!("password {i} follows the rule: {err}"));
        fx.api
            .get_user_access_token_by_password(
                fx.domain.key.clone(),
                format!("pw{i}"),
                UserPassword::new(password),
            )
            .await
            .unwrap_or_else(|err| panic!("password {i} logs in: {err}"));
    }
}

pub async fn create_user_by_phone_number_derives_the_user_id(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let cases = [
        ("3524096582", "US", "13524096582"),
        ("352-409 6583", "+1", "13524096583"),
        ("3524096584", "1", "13524096584"),
    ];
    for (number, country, expected) in cases {
        let user = fx
            .api
            .create_user_by_phone_number(
                fx.domain.token.clone(),
                NewPhoneUser::new(number, country).name("Phone", "User"),
            )
            .await
            .unwrap_or_else(|err| panic!("{number} {country}: {err}"));
        assert_eq!(user.user_id, expected, "{number} {country}");
        assert_eq!(user.full_user_id, format!("{expected}@{DOMAIN}"));
        let token = fx.login(&fx.domain, expected).await;
        let devices = fx.api.get_devices(token).await.expect("get_devices");
        assert_eq!(devices.len(), 1, "a phone user has a default device");
    }
}

pub async fn create_user_by_phone_number_refuses_bad_numbers(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::CREATE_USER_BY_PHONE_NUMBER;
    let create = |number: &str, country: &str| {
        fx.api.create_user_by_phone_number(
            fx.domain.token.clone(),
            NewPhoneUser::new(number, country),
        )
    };
    create("3524096582", "US")
        .await
        .expect("the first phone user");
    refused(t, op, 50, || create("3524096582", "+1")).await;
    for bad in ["123", "123456789012345", "35240abc82", "+1 352 409 6582 x"] {
        refused(t, op, 16, || create(bad, "US")).await;
    }
    // An empty number is missing or invalid.
    refused_with(t, op, &[15, 16], || create("", "US")).await;
    refused(t, op, 54, || create("3524096599", "ZZ")).await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || {
        fx.api
            .create_user_by_phone_number(revoked.clone(), NewPhoneUser::new("3524096599", "US"))
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || create("3524096599", "US")).await;
}

pub async fn get_users_lists_the_domains_users_only(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _dave) = fx.other_domain().await;
    let users = fx
        .api
        .get_users(fx.domain.token.clone())
        .await
        .expect("get_users");
    let ids: BTreeSet<_> = users.iter().map(|u| u.full_user_id.clone()).collect();
    let expected = [&fx.alice, &fx.bob, &fx.carol].map(Member::id);
    assert_eq!(ids, BTreeSet::from(expected));
    let alice = users.iter().find(|u| u.user_id == "alice").expect("alice");
    assert_eq!(alice.domain_name, DOMAIN);
    assert_eq!(alice.user_first_name.as_deref(), Some("Alice"));
    let theirs = fx.api.get_users(other.token).await.expect("other domain");
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].full_user_id, format!("dave@{OTHER_DOMAIN}"));
}

pub async fn get_users_refuses_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_USERS;
    refused(t, op, 55, || fx.api.get_users(unknown("DAT").into())).await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || fx.api.get_users(revoked.clone())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || fx.api.get_users(fx.domain.token.clone())).await;
}

pub async fn user_details_describe_the_tokens_user(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let seen_by_domain = fx
        .api
        .get_user_details(fx.domain.token.clone(), fx.bob.token.clone())
        .await
        .expect("get_user_details");
    assert_eq!(seen_by_domain.full_user_id, fx.bob.id());
    assert_eq!(seen_by_domain.user_id, "bob");
    assert_eq!(seen_by_domain.domain_name, DOMAIN);
    let seen_by_self = fx
        .api
        .get_limited_user_details(fx.bob.token.clone())
        .await
        .expect("get_limited_user_details");
    assert_eq!(seen_by_self.full_user_id, fx.bob.id());
    assert_eq!(seen_by_self.domain_name, DOMAIN);
    assert_eq!(seen_by_self.user_last_name.as_deref(), Some("Builder"));
}

pub async fn user_details_refuse_other_domains_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, dave) = fx.other_domain().await;
    let op = &op::GET_USER_DETAILS;
    let details = |dat: &DomainAccessToken, uat: &UserAccessToken| {
        fx.api.get_user_details(dat.clone(), uat.clone())
    };
    refused(t, op, 11, || details(&fx.domain.token, &dave.token)).await;
    refused(t, op, 11, || details(&other.token, &fx.alice.token)).await;
    refused(t, op, 55, || {
        details(&fx.domain.token, &unknown("UAT").into())
    })
    .await;
    let revoked_user = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || details(&fx.domain.token, &revoked_user)).await;
    let revoked_domain = fx.revoked_domain_token().await;
    refused(t, op, 55, || details(&revoked_domain, &fx.alice.token)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || details(&fx.domain.token, &fx.alice.token)).await;
}

pub async fn limited_user_details_refuse_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_LIMITED_USER_DETAILS;
    refused(t, op, 55, || {
        fx.api.get_limited_user_details(unknown("UAT").into())
    })
    .await;
    let forged = UserAccessToken::new(fx.domain.token.expose_secret());
    refused(t, op, 55, || {
        fx.api.get_limited_user_details(forged.clone())
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        fx.api.get_limited_user_details(revoked.clone())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || {
        fx.api.get_limited_user_details(fx.alice.token.clone())
    })
    .await;
}

pub async fn anonymous_users_are_created_logged_in(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let anon = fx
        .api
        .create_anonymous_user(fx.domain.token.clone())
        .await
        .expect("create_anonymous_user");
    assert!(!anon.user_name.is_empty());
    assert_eq!(anon.full_user_id, format!("{}@{DOMAIN}", anon.user_name));
    assert_eq!(anon.domain_name, DOMAIN);
    assert!(is_lower_hex(anon.user_password.expose_secret(), 14));
    assert_credential(anon.user_access_token.expose_secret(), "UAT");
    let me = fx
        .api
        .get_limited_user_details(anon.user_access_token.clone())
        .await
        .expect("the anonymous user's token works");
    assert_eq!(me.full_user_id, anon.full_user_id);
    let devices = fx
        .api
        .get_devices(anon.user_access_token)
        .await
        .expect("devices");
    assert_eq!(devices.len(), 1, "an anonymous user has a default device");
    let second = fx
        .api
        .create_anonymous_user(fx.domain.token.clone())
        .await
        .expect("a second anonymous user");
    assert_ne!(second.user_name, anon.user_name);
    let users = fx
        .api
        .get_users(fx.domain.token.clone())
        .await
        .expect("users");
    assert!(users.iter().any(|u| u.full_user_id == anon.full_user_id));
    assert_eq!(users.len(), 5);
}

pub async fn anonymous_users_refuse_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::CREATE_ANONYMOUS_USER;
    refused(t, op, 55, || {
        fx.api.create_anonymous_user(unknown("DAT").into())
    })
    .await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || fx.api.create_anonymous_user(revoked.clone())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || {
        fx.api.create_anonymous_user(fx.domain.token.clone())
    })
    .await;
}
