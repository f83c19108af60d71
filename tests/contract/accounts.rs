//! Accounts: account tokens (#1, #2) and the account's domains (#3, #4, #5).

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;
use std::collections::BTreeSet;

pub async fn account_tokens_are_new_each_time_and_older_ones_stay_valid(t: &dyn Target) {
    let api = t.api();
    let account = t.create_account().await;
    assert_credential(account.api_key.expose_secret(), "AAK");
    assert_credential(account.api_secret.expose_secret(), "AAS");
    let (key, secret) = (account.api_key.clone(), account.api_secret.clone());
    let first = api
        .get_account_access_token(key.clone(), secret.clone())
        .await
        .expect("an account token from the key and secret");
    let second = api
        .get_account_access_token(key, secret)
        .await
        .expect("a second account token");
    assert_credential(first.expose_secret(), "AAT");
    assert_credential(second.expose_secret(), "AAT");
    assert_ne!(first, second, "every call makes a new token");
    for token in [first, second] {
        let domains = api
            .get_domains(token)
            .await
            .expect("both tokens stay valid");
        assert!(domains.is_empty(), "a new account has no domain");
    }
}

pub async fn account_token_refuses_a_wrong_secret_or_an_unknown_key(t: &dyn Target) {
    let api = t.api();
    let account = t.create_account().await;
    let other = t.create_account().await;
    let op = &op::GET_ACCOUNT_ACCESS_TOKEN;
    refused(t, op, 55, || {
        api.get_account_access_token(account.api_key.clone(), other.api_secret.clone())
    })
    .await;
    refused(t, op, 55, || {
        api.get_account_access_token(unknown("AAK").into(), account.api_secret.clone())
    })
    .await;
}

pub async fn revoking_an_account_token_leaves_the_others_valid(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let revoked = fx.revoked_account_token().await;
    refused(t, &op::GET_DOMAINS, 55, || {
        fx.api.get_domains(revoked.clone())
    })
    .await;
    let domains = fx.api.get_domains(fx.account_token.clone()).await;
    assert_eq!(domains.expect("the other token is still valid").len(), 1);
}

pub async fn revoking_an_account_token_is_refused_with_bad_credentials(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::DELETE_ACCOUNT_ACCESS_TOKEN;
    let (key, secret) = (fx.account.api_key.clone(), fx.account.api_secret.clone());
    let other = t.create_account().await;
    // A wrong secret: the token is not revoked.
    refused(t, op, 55, || {
        fx.api.delete_account_access_token(
            key.clone(),
            other.api_secret.clone(),
            fx.account_token.clone(),
        )
    })
    .await;
    fx.api
        .get_domains(fx.account_token.clone())
        .await
        .expect("a refused revocation leaves the token valid");
    // An unknown token, and one already revoked.
    refused(t, op, 55, || {
        fx.api
            .delete_account_access_token(key.clone(), secret.clone(), unknown("AAT").into())
    })
    .await;
    let revoked = fx.revoked_account_token().await;
    refused(t, op, 55, || {
        fx.api
            .delete_account_access_token(key.clone(), secret.clone(), revoked.clone())
    })
    .await;
    // Another account's token, named with this account's key and secret.
    let other_token = fx
        .api
        .get_account_access_token(other.api_key.clone(), other.api_secret.clone())
        .await
        .expect("the other account's token");
    refused(t, op, 11, || {
        fx.api
            .delete_account_access_token(key.clone(), secret.clone(), other_token.clone())
    })
    .await;
    fx.api
        .get_domains(other_token)
        .await
        .expect("the other account's token is untouched");
}

pub async fn create_domain_returns_its_credentials_and_lists_it(t: &dyn Target) {
    let api = t.api();
    let account = t.create_account().await;
    let token = api
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .expect("account token");
    let created = api
        .create_domain(
            token.clone(),
            NewDomain::new("new.kandy.io").project_name("proj"),
        )
        .await
        .expect("create_domain");
    assert_credential(created.domain_api_key.expose_secret(), "DAK");
    assert_credential(created.domain_api_secret.expose_secret(), "DAS");
    assert_eq!(created.domain_name.as_deref(), Some("new.kandy.io"));
    assert_eq!(created.project_name.as_deref(), Some("proj"));
    let domains = api.get_domains(token).await.expect("get_domains");
    assert_eq!(domains.len(), 1);
    assert_eq!(domains[0].domain_name, "new.kandy.io");
    assert_eq!(domains[0].domain_api_key, created.domain_api_key);
    assert_eq!(domains[0].project_name.as_deref(), Some("proj"));
}

pub async fn create_domain_refuses_a_taken_name_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::CREATE_DOMAIN;
    let create =
        |token: AccountAccessToken, name: &str| fx.api.create_domain(token, NewDomain::new(name));
    refused(t, op, 2001, || create(fx.account_token.clone(), DOMAIN)).await;
    // Taken by another account too.
    let (other_token, _) = fx.other_account("elsewhere.kandy.io").await;
    refused(t, op, 2001, || create(other_token.clone(), DOMAIN)).await;
    // An empty name is missing or invalid.
    refused_with(t, op, &[15, 16], || create(fx.account_token.clone(), "")).await;
    refused(t, op, 55, || create(unknown("AAT").into(), "x.kandy.io")).await;
    let revoked = fx.revoked_account_token().await;
    refused(t, op, 55, || create(revoked.clone(), "x.kandy.io")).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || create(fx.account_token.clone(), "x.kandy.io")).await;
}

pub async fn get_domains_lists_only_the_accounts_own_domains(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other_token, _) = fx.other_account("elsewhere.kandy.io").await;
    fx.other_domain().await;
    let domains = fx
        .api
        .get_domains(fx.account_token.clone())
        .await
        .expect("get_domains");
    let names: BTreeSet<_> = domains.iter().map(|d| d.domain_name.as_str()).collect();
    assert_eq!(names, BTreeSet::from([DOMAIN, OTHER_DOMAIN]));
    let ours = domains
        .iter()
        .find(|d| d.domain_name == DOMAIN)
        .expect("ours");
    assert_eq!(ours.domain_api_key, fx.domain.key);
    if let Some(users) = ours.number_of_users {
        assert_eq!(users, 3, "alice, bob and carol");
    }
    let theirs = fx
        .api
        .get_domains(other_token)
        .await
        .expect("other account");
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].domain_name, "elsewhere.kandy.io");
}

pub async fn get_domains_refuses_revoked_unknown_and_expired_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::GET_DOMAINS;
    refused(t, op, 55, || fx.api.get_domains(unknown("AAT").into())).await;
    let revoked = fx.revoked_account_token().await;
    refused(t, op, 55, || fx.api.get_domains(revoked.clone())).await;
    // A domain token where an account token belongs (forged at run time) is the wrong scope.
    let forged = AccountAccessToken::new(fx.domain.token.expose_secret());
    refused(t, op, 55, || fx.api.get_domains(forged.clone())).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || fx.api.get_domains(fx.account_token.clone())).await;
}

pub async fn delete_domain_deletes_everything_in_it(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    fx.api
        .delete_domain(fx.account_token.clone(), fx.domain.key.clone())
        .await
        .expect("delete_domain");
    let domains = fx
        .api
        .get_domains(fx.account_token.clone())
        .await
        .expect("list");
    assert!(domains.is_empty(), "the domain is gone");
    refused(t, &op::GET_DOMAIN_ACCESS_TOKEN, 55, || {
        fx.api
            .get_domain_access_token(fx.domain.key.clone(), fx.domain.secret.clone())
    })
    .await;
    refused(t, &op::GET_USERS, 55, || {
        fx.api.get_users(fx.domain.token.clone())
    })
    .await;
    refused(t, &op::GET_DEVICES, 55, || {
        fx.api.get_devices(fx.alice.token.clone())
    })
    .await;
    for member in [&fx.alice, &fx.bob, &fx.carol] {
        assert!(
            t.device_queue(&member.device).await.is_none(),
            "devices are gone"
        );
    }
    // The name is free again.
    fx.api
        .create_domain(fx.account_token.clone(), NewDomain::new(DOMAIN))
        .await
        .expect("a deleted domain's name can be taken again");
}

pub async fn delete_domain_refuses_unknown_foreign_and_revoked(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::DELETE_DOMAIN;
    refused(t, op, 53, || {
        fx.api
            .delete_domain(fx.account_token.clone(), unknown("DAK").into())
    })
    .await;
    let (other_token, other) = fx.other_account("elsewhere.kandy.io").await;
    refused(t, op, 11, || {
        fx.api
            .delete_domain(fx.account_token.clone(), other.key.clone())
    })
    .await;
    assert_eq!(
        fx.api.get_domains(other_token).await.expect("theirs").len(),
        1
    );
    let revoked = fx.revoked_account_token().await;
    refused(t, op, 55, || {
        fx.api.delete_domain(revoked.clone(), fx.domain.key.clone())
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || {
        fx.api
            .delete_domain(fx.account_token.clone(), fx.domain.key.clone())
    })
    .await;
}
