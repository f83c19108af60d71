//! Token rules: scope, time to live, revocation, and the wall between domains.

mod model_fixture;

use kandy_core::*;
use kandy_sim::model::{DEFAULT_TOKEN_TTL_MS, ModelConfig};
use model_fixture::{DOMAIN, World, status, text};

#[test]
fn a_wrong_or_unknown_account_secret_is_55_and_older_tokens_stay_valid() {
    let mut w = World::new();
    let wrong = AccountApiSecret::new("AASwrong");
    assert_eq!(
        status(w.model.get_account_access_token(&w.account.api_key, &wrong)),
        55
    );
    let unknown = AccountApiKey::new("AAKunknown");
    assert_eq!(
        status(
            w.model
                .get_account_access_token(&unknown, &w.account.api_secret)
        ),
        55
    );
    let second = w
        .model
        .get_account_access_token(&w.account.api_key, &w.account.api_secret)
        .unwrap();
    assert_ne!(second, w.account_token);
    assert_eq!(w.model.get_domains(&w.account_token).unwrap().len(), 1);
    assert_eq!(w.model.get_domains(&second).unwrap().len(), 1);
}

#[test]
fn tokens_expire_after_their_time_to_live_with_status_10() {
    let mut w = World::new();
    let alice = w.user("alice");
    w.model.advance_clock(DEFAULT_TOKEN_TTL_MS - 1);
    assert!(w.model.get_devices(&alice.token).is_ok());
    assert!(w.model.get_users(&w.domain_token).is_ok());
    w.model.advance_clock(1);
    let expired = w.model.get_devices(&alice.token).unwrap_err();
    assert_eq!(expired.status, 10);
    assert_eq!(expired.http_status(), 401);
    assert_eq!(status(w.model.get_users(&w.domain_token)), 10);
    assert_eq!(status(w.model.get_domains(&w.account_token)), 10);
    // A new token works again.
    let fresh = w
        .model
        .get_user_access_token(
            &w.domain.domain_api_key,
            &w.domain.domain_api_secret,
            "alice",
        )
        .unwrap();
    assert!(w.model.get_devices(&fresh).is_ok());
}

#[test]
fn the_time_to_live_is_configurable() {
    let config = ModelConfig {
        token_ttl_ms: 1_000,
        ..ModelConfig::default()
    };
    let mut w = World::with_config(config);
    w.model.advance_clock(999);
    assert!(w.model.get_users(&w.domain_token).is_ok());
    w.model.advance_clock(1);
    assert_eq!(status(w.model.get_users(&w.domain_token)), 10);
}

#[test]
fn revoked_tokens_are_55_and_another_accounts_token_is_11() {
    let mut w = World::new();
    let (key, secret) = (w.account.api_key.clone(), w.account.api_secret.clone());
    w.model
        .delete_account_access_token(&key, &secret, &w.account_token)
        .unwrap();
    assert_eq!(status(w.model.get_domains(&w.account_token)), 55);
    assert_eq!(
        status(
            w.model
                .delete_account_access_token(&key, &secret, &w.account_token)
        ),
        55
    );
    let other = w.model.create_account();
    let other_token = w
        .model
        .get_account_access_token(&other.api_key, &other.api_secret)
        .unwrap();
    assert_eq!(
        status(
            w.model
                .delete_account_access_token(&key, &secret, &other_token)
        ),
        11
    );
    assert!(w.model.get_domains(&other_token).unwrap().is_empty());
}

#[test]
fn domain_and_user_tokens_revoke_only_themselves() {
    let mut w = World::new();
    let alice = w.user("alice");
    let (key, secret) = (
        w.domain.domain_api_key.clone(),
        w.domain.domain_api_secret.clone(),
    );
    let second = w.model.get_domain_access_token(&key, &secret).unwrap();
    w.model
        .delete_domain_access_token(&key, &secret, &w.domain_token)
        .unwrap();
    assert_eq!(status(w.model.get_users(&w.domain_token)), 55);
    assert!(w.model.get_users(&second).is_ok());

    let password = UserPassword::new("secret12");
    let bob = w
        .model
        .create_user_by_user_id(&second, NewUser::new("bob").password(password.clone()))
        .unwrap();
    assert_eq!(bob.user_password, Some(password.clone()));
    let bob_token = w
        .model
        .get_user_access_token_by_password(&key, "bob", &password)
        .unwrap();
    assert_eq!(
        status(
            w.model
                .delete_user_access_token(&key, "bob", &password, &alice.token)
        ),
        11
    );
    let wrong = UserPassword::new("wrong1234");
    assert_eq!(
        status(
            w.model
                .delete_user_access_token(&key, "bob", &wrong, &bob_token)
        ),
        52
    );
    w.model
        .delete_user_access_token(&key, "bob", &password, &bob_token)
        .unwrap();
    assert_eq!(status(w.model.get_devices(&bob_token)), 55);
    assert!(w.model.get_devices(&alice.token).is_ok());
}

#[test]
fn login_by_password_checks_user_and_password() {
    let mut w = World::new();
    let created = w
        .model
        .create_user_by_user_id(&w.domain_token, NewUser::new("carol"))
        .unwrap();
    let generated = created.user_password.expect("a generated password");
    assert_eq!(generated.expose_secret().len(), 14);
    let key = w.domain.domain_api_key.clone();
    assert!(
        w.model
            .get_user_access_token_by_password(&key, "carol", &generated)
            .is_ok()
    );
    let full = format!("carol@{DOMAIN}");
    assert!(
        w.model
            .get_user_access_token_by_password(&key, &full, &generated)
            .is_ok()
    );
    let wrong = UserPassword::new("nope12345");
    assert_eq!(
        status(
            w.model
                .get_user_access_token_by_password(&key, "carol", &wrong)
        ),
        52
    );
    assert_eq!(
        status(
            w.model
                .get_user_access_token_by_password(&key, "dave", &generated)
        ),
        53
    );
    assert_eq!(
        status(
            w.model
                .get_user_access_token_by_password(&key, "carol@other.io", &generated)
        ),
        53
    );
    assert_eq!(
        status(
            w.model
                .get_user_access_token_by_password(&key, "carol", &UserPassword::new(""))
        ),
        15
    );
    let unknown = DomainApiKey::new("DAKunknown");
    assert_eq!(
        status(
            w.model
                .get_user_access_token_by_password(&unknown, "carol", &generated)
        ),
        55
    );
}

#[test]
fn a_token_of_one_scope_is_refused_where_another_is_required() {
    let mut w = World::new();
    let alice = w.user("alice");
    let as_domain = DomainAccessToken::new(alice.token.expose_secret());
    assert_eq!(status(w.model.get_users(&as_domain)), 55);
    let as_account = AccountAccessToken::new(w.domain_token.expose_secret());
    assert_eq!(status(w.model.get_domains(&as_account)), 55);
    let as_user = UserAccessToken::new(w.account_token.expose_secret());
    assert_eq!(status(w.model.get_devices(&as_user)), 55);
    // A domain API key is not a token either.
    let key_as_token = DomainAccessToken::new(w.domain.domain_api_key.expose_secret());
    assert_eq!(status(w.model.get_users(&key_as_token)), 55);
}

#[test]
fn a_credential_of_domain_a_never_reads_or_changes_domain_b() {
    let mut w = World::new();
    let alice = w.user("alice");
    let (other, other_token) = w.other_domain("other.kandy.io");
    let bob = w.user_in(&other, &other_token, "bob");

    // Domain details of B with A's token.
    let details = DomainDetailsKey::Token {
        token: w.domain_token.clone(),
        domain_api_key: other.domain_api_key.clone(),
    };
    assert_eq!(status(w.model.get_limited_domain_detail(&details)), 11);
    let mixed = DomainDetailsKey::Secret {
        api_key: w.domain.domain_api_key.clone(),
        api_secret: w.domain.domain_api_secret.clone(),
        token: other_token.clone(),
    };
    assert_eq!(status(w.model.get_limited_domain_detail(&mixed)), 11);
    // B's user seen with A's domain token.
    assert_eq!(
        status(w.model.get_user_details(&w.domain_token, &bob.token)),
        11
    );
    // Deleting B's user with A's domain token.
    let user = w.model.get_users(&other_token).unwrap().remove(0);
    let deletion = UserDeletion::ByDomainAndUserApiKey {
        token: w.domain_token.clone(),
        user_api_key: user.user_api_key.clone().unwrap(),
    };
    assert_eq!(status(w.model.delete_user(&deletion)), 11);
    let by_id = UserDeletion::ByUserId {
        token: w.domain_token.clone(),
        user_id: "bob".into(),
    };
    assert_eq!(status(w.model.delete_user(&by_id)), 53);
    // B's device with A's user token, and a message across domains.
    assert_eq!(
        status(
            w.model
                .get_pending_messages(&alice.token, &bob.device, None)
        ),
        11
    );
    let across = text(&bob.full_id, "hi", "0123456789abcdef0123456789abcdef");
    assert_eq!(
        status(w.model.send_message(&alice.token, &alice.device, across)),
        53
    );
    assert_eq!(
        status(w.model.get_last_seen(
            &PresenceKey::User(alice.token.clone()),
            std::slice::from_ref(&bob.full_id)
        )),
        53
    );
    // Nothing of B changed.
    assert_eq!(w.model.get_users(&other_token).unwrap().len(), 1);
    assert!(w.queue(&bob.device).is_empty());
}

#[test]
fn another_accounts_domain_cannot_be_deleted() {
    let mut w = World::new();
    let other = w.model.create_account();
    let other_token = w
        .model
        .get_account_access_token(&other.api_key, &other.api_secret)
        .unwrap();
    assert_eq!(
        status(
            w.model
                .delete_domain(&other_token, &w.domain.domain_api_key)
        ),
        11
    );
    assert_eq!(
        status(
            w.model
                .delete_domain(&other_token, &DomainApiKey::new("DAKnothing"))
        ),
        53
    );
    assert_eq!(w.model.get_domains(&w.account_token).unwrap().len(), 1);
}

#[test]
fn deleting_a_user_or_domain_revokes_their_tokens() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let user = w
        .model
        .get_user_details(&w.domain_token, &alice.token)
        .unwrap();
    let key = user.user_api_key.expect("the domain sees the user's key");
    w.model
        .delete_user(&UserDeletion::ByUserApiKey(key.clone()))
        .unwrap();
    assert_eq!(status(w.model.get_devices(&alice.token)), 55);
    assert_eq!(w.model.device_queue(&alice.device), None);
    assert_eq!(
        status(w.model.delete_user(&UserDeletion::ByUserApiKey(key))),
        55
    );

    w.model
        .delete_domain(&w.account_token, &w.domain.domain_api_key)
        .unwrap();
    assert_eq!(status(w.model.get_devices(&bob.token)), 55);
    assert_eq!(status(w.model.get_users(&w.domain_token)), 55);
    assert_eq!(w.model.device_queue(&bob.device), None);
    assert!(w.model.get_domains(&w.account_token).unwrap().is_empty());
}
