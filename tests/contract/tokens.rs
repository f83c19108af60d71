//! User tokens (#15a, #15b, #16) and the rules every token follows: a new token each call,
//! a 24 h time to live on the simulator's clock, scopes never mixed.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

pub async fn user_tokens_from_the_domain_secret_are_new_each_time(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    assert_credential(fx.alice.token.expose_secret(), "UAT");
    let second = fx.login(&fx.domain, "alice").await;
    assert_ne!(second, fx.alice.token, "every call makes a new token");
    for token in [second, fx.alice.token.clone()] {
        let me = fx
            .api
            .get_limited_user_details(token)
            .await
            .expect("both valid");
        assert_eq!(me.full_user_id, fx.alice.id());
    }
}

pub async fn user_token_from_the_domain_secret_refuses_bad_input(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, _dave) = fx.other_domain().await;
    let op = &op::GET_USER_ACCESS_TOKEN;
    let login = |key: &DomainApiKey, secret: &DomainApiSecret, user_id: &str| {
        fx.api
            .get_user_access_token(key.clone(), secret.clone(), user_id.into())
    };
    let (key, secret) = (&fx.domain.key, &fx.domain.secret);
    refused(t, op, 53, || login(key, secret, "nobody")).await;
    // dave is a user of the other domain, not of this one.
    refused(t, op, 53, || login(key, secret, "dave")).await;
    refused(t, op, 55, || login(key, &other.secret, "alice")).await;
    refused(t, op, 55, || login(&unknown("DAK").into(), secret, "alice")).await;
}

pub async fn user_login_by_password(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let token = fx
        .api
        .get_user_access_token_by_password(
            fx.domain.key.clone(),
            "bob".into(),
            UserPassword::new(PASSWORD),
        )
        .await
        .expect("login by password");
    assert_credential(token.expose_secret(), "UAT");
    let me = fx
        .api
        .get_limited_user_details(token)
        .await
        .expect("details");
    assert_eq!(me.full_user_id, fx.bob.id());
}

pub async fn user_login_by_password_refuses_bad_input(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    fx.other_domain().await;
    let op = &op::GET_USER_ACCESS_TOKEN_BY_PASSWORD;
    let login = |key: &DomainApiKey, user_id: &str, password: &str| {
        fx.api.get_user_access_token_by_password(
            key.clone(),
            user_id.into(),
            UserPassword::new(password),
        )
    };
    refused(t, op, 52, || login(&fx.domain.key, "bob", "wrong2pass9")).await;
    refused(t, op, 53, || login(&fx.domain.key, "nobody", PASSWORD)).await;
    // dave, with his own password, is a user of the other domain only.
    refused(t, op, 53, || login(&fx.domain.key, "dave", PASSWORD)).await;
    refused(t, op, 55, || login(&unknown("DAK").into(), "bob", PASSWORD)).await;
}

pub async fn revoking_a_user_token_leaves_the_others_valid(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, &op::GET_DEVICES, 55, || {
        fx.api.get_devices(revoked.clone())
    })
    .await;
    fx.api
        .get_devices(fx.alice.token.clone())
        .await
        .expect("alice's other token is still valid");
}

pub async fn revoking_a_user_token_is_refused_with_bad_credentials(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::DELETE_USER_ACCESS_TOKEN;
    let revoke = |user_id: &str, password: &str, token: &UserAccessToken| {
        fx.api.delete_user_access_token(
            fx.domain.key.clone(),
            user_id.into(),
            UserPassword::new(password),
            token.clone(),
        )
    };
    refused(t, op, 52, || {
        revoke("alice", "wrong2pass9", &fx.alice.token)
    })
    .await;
    fx.api
        .get_devices(fx.alice.token.clone())
        .await
        .expect("a refused revocation leaves the token valid");
    refused(t, op, 53, || revoke("nobody", PASSWORD, &fx.alice.token)).await;
    refused(t, op, 55, || {
        revoke("alice", PASSWORD, &unknown("UAT").into())
    })
    .await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || revoke("alice", PASSWORD, &revoked)).await;
    refused(t, op, 55, || {
        fx.api.delete_user_access_token(
            unknown("DAK").into(),
            "alice".into(),
            UserPassword::new(PASSWORD),
            fx.alice.token.clone(),
        )
    })
    .await;
}

pub async fn tokens_live_24_hours_on_the_simulator_clock(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    t.advance_clock(TOKEN_TTL_MS - 1).await;
    fx.api
        .get_domains(fx.account_token.clone())
        .await
        .expect("an account token is valid just before 24 h");
    fx.api
        .get_users(fx.domain.token.clone())
        .await
        .expect("a domain token is valid just before 24 h");
    fx.api
        .get_devices(fx.alice.token.clone())
        .await
        .expect("a user token is valid just before 24 h");
    // A token made now lives 24 h from now.
    let fresh = fx.login(&fx.domain, "bob").await;
    t.advance_clock(2).await;
    let expired = refused(t, &op::GET_DEVICES, 10, || {
        fx.api.get_devices(fx.alice.token.clone())
    })
    .await;
    assert!(expired.is_token_expired());
    refused(t, &op::GET_USERS, 10, || {
        fx.api.get_users(fx.domain.token.clone())
    })
    .await;
    refused(t, &op::GET_DOMAINS, 10, || {
        fx.api.get_domains(fx.account_token.clone())
    })
    .await;
    fx.api
        .get_devices(fresh)
        .await
        .expect("a token made later expires later");
    // The keys and secrets never expire: new tokens work.
    let renewed = fx.login(&fx.domain, "alice").await;
    fx.api
        .get_devices(renewed)
        .await
        .expect("a renewed token works");
}

pub async fn a_token_of_another_scope_is_never_accepted(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    // The compiler keeps scopes apart; these forge the wrong scope at run time, as a
    // confused caller of the HTTP API could.
    let user_as_domain = DomainAccessToken::new(fx.alice.token.expose_secret());
    refused(t, &op::GET_USERS, 55, || {
        fx.api.get_users(user_as_domain.clone())
    })
    .await;
    let domain_as_user = UserAccessToken::new(fx.domain.token.expose_secret());
    refused(t, &op::GET_DEVICES, 55, || {
        fx.api.get_devices(domain_as_user.clone())
    })
    .await;
    let account_as_domain = DomainAccessToken::new(fx.account_token.expose_secret());
    refused(t, &op::GET_USERS, 55, || {
        fx.api.get_users(account_as_domain.clone())
    })
    .await;
    let key_as_token = AccountAccessToken::new(fx.account.api_key.expose_secret());
    refused(t, &op::GET_DOMAINS, 55, || {
        fx.api.get_domains(key_as_token.clone())
    })
    .await;
    let user_key = fx.alice.user.user_api_key.clone().expect("alice's UAK");
    let user_key_as_token = UserAccessToken::new(user_key.expose_secret());
    refused(t, &op::GET_DEVICES, 55, || {
        fx.api.get_devices(user_key_as_token.clone())
    })
    .await;
}
