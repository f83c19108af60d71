//! Domains: domain tokens (#7, #8) and a domain's details (#6).

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn domain_tokens_are_new_each_time_and_older_ones_stay_valid(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (key, secret) = (fx.domain.key.clone(), fx.domain.secret.clone());
    let second = fx
        .api
        .get_domain_access_token(key, secret)
        .await
        .expect("a second domain token");
    assert_credential(second.expose_secret(), "DAT");
    assert_ne!(second, fx.domain.token, "every call makes a new token");
    for token in [second, fx.domain.token.clone()] {
        let users = fx
            .api
            .get_users(token)
            .await
            .expect("both tokens are valid");
        assert_eq!(users.len(), 3);
    }
}

pub async fn domain_token_refuses_a_wrong_secret_or_an_unknown_key(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let op = &op::GET_DOMAIN_ACCESS_TOKEN;
    refused(t, op, 55, || {
        fx.api
            .get_domain_access_token(fx.domain.key.clone(), other.secret.clone())
    })
    .await;
    refused(t, op, 55, || {
        fx.api
            .get_domain_access_token(unknown("DAK").into(), fx.domain.secret.clone())
    })
    .await;
}

pub async fn revoking_a_domain_token_leaves_the_others_valid(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, &op::GET_USERS, 55, || fx.api.get_users(revoked.clone())).await;
    let users = fx.api.get_users(fx.domain.token.clone()).await;
    assert_eq!(users.expect("the fixture token is still valid").len(), 3);
}

pub async fn revoking_a_domain_token_is_refused_with_bad_credentials(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let op = &op::DELETE_DOMAIN_ACCESS_TOKEN;
    let (key, secret) = (fx.domain.key.clone(), fx.domain.secret.clone());
    refused(t, op, 55, || {
        fx.api.delete_domain_access_token(
            key.clone(),
            other.secret.clone(),
            fx.domain.token.clone(),
        )
    })
    .await;
    fx.api
        .get_users(fx.domain.token.clone())
        .await
        .expect("a refused revocation leaves the token valid");
    refused(t, op, 55, || {
        fx.api
            .delete_domain_access_token(key.clone(), secret.clone(), unknown("DAT").into())
    })
    .await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || {
        fx.api
            .delete_domain_access_token(key.clone(), secret.clone(), revoked.clone())
    })
    .await;
    // Another domain's token, named with this domain's key and secret.
    refused(t, op, 11, || {
        fx.api
            .delete_domain_access_token(key.clone(), secret.clone(), other.token.clone())
    })
    .await;
    fx.api
        .get_users(other.token.clone())
        .await
        .expect("the other domain's token is untouched");
}

pub async fn domain_details_answer_in_both_forms(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let by_token = fx
        .api
        .get_limited_domain_detail(DomainDetailsKey::Token {
            token: fx.domain.token.clone(),
            domain_api_key: fx.domain.key.clone(),
        })
        .await
        .expect("form (a): domain token and key");
    let by_secret = fx
        .api
        .get_limited_domain_detail(DomainDetailsKey::Secret {
            api_key: fx.domain.key.clone(),
            api_secret: fx.domain.secret.clone(),
            token: fx.domain.token.clone(),
        })
        .await
        .expect("form (b): key, secret and token");
    for domain in [&by_token, &by_secret] {
        assert_eq!(domain.domain_name, fx.domain.name);
        assert_eq!(domain.domain_api_key, fx.domain.key);
    }
    assert_eq!(by_token, by_secret, "both forms describe the same domain");
}

pub async fn domain_details_refuse_other_domains_and_bad_credentials(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _) = fx.other_domain().await;
    let op = &op::GET_LIMITED_DOMAIN_DETAIL;
    let by_token = |token: &DomainAccessToken, key: &DomainApiKey| {
        fx.api.get_limited_domain_detail(DomainDetailsKey::Token {
            token: token.clone(),
            domain_api_key: key.clone(),
        })
    };
    let by_secret = |secret: &DomainApiSecret, token: &DomainAccessToken| {
        fx.api.get_limited_domain_detail(DomainDetailsKey::Secret {
            api_key: fx.domain.key.clone(),
            api_secret: secret.clone(),
            token: token.clone(),
        })
    };
    // Domain B's token never reads domain A.
    refused(t, op, 11, || by_token(&other.token, &fx.domain.key)).await;
    refused(t, op, 11, || by_secret(&fx.domain.secret, &other.token)).await;
    refused(t, op, 53, || {
        by_token(&fx.domain.token, &unknown("DAK").into())
    })
    .await;
    refused(t, op, 55, || by_secret(&other.secret, &fx.domain.token)).await;
    refused(t, op, 55, || {
        by_token(&unknown("DAT").into(), &fx.domain.key)
    })
    .await;
    let revoked = fx.revoked_domain_token().await;
    refused(t, op, 55, || by_token(&revoked, &fx.domain.key)).await;
    fx.expire_tokens().await;
    refused(t, op, 10, || by_token(&fx.domain.token, &fx.domain.key)).await;
}
