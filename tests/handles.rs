//! Scoped handles (`kandy_core::handles`) on the real paths: one flow that reaches every
//! handle, run against the in-process simulator (as itself, as `&dyn KandyApi` and as
//! `Arc<dyn KandyApi>`), and against the simulator's HTTP server through `KandyClient`;
//! `TokenSession`'s handles refreshing an expired token; the mockall mock behind a handle.

use kandy::sim::Simulator;
use kandy::{
    AccountApiKey, AccountApiSecret, ApiStatus, KandyApi, KandyApiExt, MessageType, NewDomain,
    NewGroup, NewPersonalContact, NewUser, OutgoingGroupMessage, OutgoingMessage, OutgoingSms,
    Result, UserHandle, UserPassword,
};
use std::sync::Arc;

const PASSWORD: &str = "open2sesame9";

/// The user's first device (every new user has one).
async fn first_device<A: KandyApi + ?Sized>(user: &UserHandle<'_, A>) -> Result<kandy::DeviceId> {
    let devices = user.get_devices().await?;
    Ok(devices
        .first()
        .expect("a new user has a default device")
        .id
        .clone())
}

fn refused_with<T: std::fmt::Debug>(result: Result<T>, status: ApiStatus) {
    let error = result.expect_err("refused");
    assert_eq!(error.api_status(), Some(status), "{error}");
}

/// An account's domain, two users, a message with its ack, a group chat, an SMS, contacts,
/// the directory and presence, then revocations and a deletion, all through handles. Returns
/// the number of SMS sent, for the caller to find in the outbox where it can look.
async fn flow<A: KandyApi + ?Sized>(
    api: &A,
    key: &AccountApiKey,
    secret: &AccountApiSecret,
    domain_name: &str,
) -> Result<usize> {
    let keys = api.account(key, secret);
    let aat = keys.get_account_access_token().await?;
    let account = api.account_token(&aat);
    let created = account.create_domain(NewDomain::new(domain_name)).await?;
    let domains = account.get_domains().await?;
    assert!(domains.iter().any(|d| d.domain_name == domain_name));

    let domain_keys = api.domain_keys(&created.domain_api_key, &created.domain_api_secret);
    let dat = domain_keys.get_domain_access_token().await?;
    let domain = api.domain(&dat);
    domain.create_user_by_user_id(NewUser::new("alice")).await?;
    let bob_user = NewUser::new("bob").password(UserPassword::new(PASSWORD));
    domain.create_user_by_user_id(bob_user).await?;
    assert_eq!(domain.get_users().await?.len(), 2);
    let bob_id = format!("bob@{domain_name}");

    // Server-side login for alice, password login for bob.
    let alice = api.user(domain_keys.get_user_access_token("alice").await?);
    let bob_login = api.user_password(&created.domain_api_key, "bob", PASSWORD);
    let bob = api.user(bob_login.get_user_access_token_by_password().await?);
    let alice_phone = alice.device(first_device(&alice).await?);
    let bob_phone = bob.device(first_device(&bob).await?);

    // A message, read and acked; the ack reaches the sender's device.
    let hello = OutgoingMessage::text(&bob_id, "hi");
    alice_phone.send_message(hello.clone()).await?;
    let pending = bob_phone.get_pending_messages(None).await?;
    let texts: Vec<_> = pending.messages.iter().filter_map(|m| m.text()).collect();
    assert_eq!(texts, ["hi"]);
    bob_phone
        .delete_handled_messages(pending.messages.iter().map(|m| &m.uuid))
        .await?;
    assert!(
        bob_phone
            .get_pending_messages(None)
            .await?
            .messages
            .is_empty()
    );
    let acks = alice_phone.get_pending_messages(None).await?;
    assert!(
        acks.messages.iter().any(|m| {
            m.message_type == MessageType::ChatRemoteAck && m.uuid.same_as(&hello.uuid)
        })
    );

    // A group chat through the group's handle.
    let group = alice.create_group(NewGroup::new("Lunch club")).await?;
    let lunch = alice.group(&group.group_id);
    lunch.add_group_members([bob_id.as_str()]).await?;
    let members = lunch.get_group_by_id().await?.members;
    assert!(
        members.iter().any(|m| m.full_user_id == bob_id),
        "{members:?}"
    );
    let booked = OutgoingGroupMessage::text(&group.group_id, "Table booked");
    alice.send_group_message(booked).await?;
    let pending = bob_phone.get_pending_messages(None).await?;
    assert!(
        pending.messages.iter().any(|m| {
            m.message_type == MessageType::GroupChat && m.text() == Some("Table booked")
        })
    );
    bob.group(&group.group_id).leave_group().await?;
    refused_with(
        bob.group(&group.group_id).get_group_by_id().await,
        ApiStatus::NOT_IN_GROUP,
    );

    // An SMS, contacts, the directory and presence.
    alice_phone
        .send_sms(OutgoingSms::new("+14155550100", "Running late"))
        .await?;
    let contact = alice
        .add_personal_contact(NewPersonalContact::new(&bob_id, "Bobby"))
        .await?;
    assert_eq!(alice.get_personal_contacts().await?.len(), 1);
    alice.delete_personal_contact(&contact).await?;
    assert!(alice.get_personal_contacts().await?.is_empty());
    let found = alice.search_directory_by_user_id("bob").await?;
    assert!(found.iter().any(|e| e.full_user_id == bob_id), "{found:?}");
    assert_eq!(alice.get_last_seen([&bob_id]).await?.users.len(), 1);
    assert_eq!(domain.get_last_seen([bob_id.clone()]).await?.users.len(), 1);
    let details = domain
        .get_limited_domain_detail(&created.domain_api_key)
        .await?;
    assert_eq!(details.domain_name, domain_name);

    // Revocations: bob's token through his password handle, then bob himself, then the
    // account token through the account's keys. Each refusal is a typed status.
    bob_login.delete_user_access_token(bob.token()).await?;
    refused_with(bob.get_devices().await, ApiStatus::INVALID_CREDENTIALS);
    domain.delete_user_by_user_id("bob").await?;
    assert_eq!(domain.get_users().await?.len(), 1);
    keys.delete_account_access_token(&aat).await?;
    refused_with(account.get_domains().await, ApiStatus::INVALID_CREDENTIALS);
    // A handle with a wrong credential fails the call, not the handle.
    refused_with(
        api.domain_keys(&created.domain_api_key, "DASwrong")
            .get_domain_access_token()
            .await,
        ApiStatus::INVALID_CREDENTIALS,
    );
    Ok(1)
}

#[tokio::test]
async fn every_handle_over_the_simulator_itself() {
    let sim = Simulator::builder().seed(1).build();
    let account = sim.create_account();
    let sent = flow(&sim, &account.api_key, &account.api_secret, "own.kandy.io")
        .await
        .unwrap();
    assert_eq!(sim.sms_outbox().len(), sent);
}

#[tokio::test]
async fn every_handle_over_dyn_and_arc_dyn_kandy_api() {
    let sim = Simulator::builder().seed(2).build();
    let account = sim.create_account();
    let as_dyn: &dyn KandyApi = &sim;
    flow(
        as_dyn,
        &account.api_key,
        &account.api_secret,
        "dyn.kandy.io",
    )
    .await
    .unwrap();
    let shared: Arc<dyn KandyApi> = Arc::new(sim.clone());
    flow(
        &shared,
        &account.api_key,
        &account.api_secret,
        "arc.kandy.io",
    )
    .await
    .unwrap();
    assert_eq!(sim.sms_outbox().len(), 2);
}

/// `TokenSession`'s handles: the token is fetched on the first call, and after it expires
/// the call is made again with a fresh one, the closure naming no token.
#[tokio::test]
async fn a_token_session_hands_out_handles_and_refreshes_them() {
    use kandy::http::session::{DomainLogin, TokenSession, UserLogin};

    let sim = Simulator::builder().seed(3).token_ttl_ms(60_000).build();
    let account = sim.create_account();
    let api: Arc<dyn KandyApi> = Arc::new(sim.clone());
    let aat = api
        .account(&account.api_key, &account.api_secret)
        .get_account_access_token()
        .await
        .unwrap();
    let created = api
        .account_token(aat)
        .create_domain(NewDomain::new("session.kandy.io"))
        .await
        .unwrap();
    let (key, secret) = (created.domain_api_key, created.domain_api_secret);
    let admin = TokenSession::new(
        api.clone(),
        DomainLogin {
            api_key: key.clone(),
            api_secret: secret.clone(),
        },
    );
    admin
        .as_domain(|domain| domain.create_user_by_user_id(NewUser::new("alice")))
        .await
        .unwrap();
    let alice = TokenSession::new(api.clone(), UserLogin::server(key, secret, "alice"));
    let device = alice
        .as_user(|me| me.get_devices())
        .await
        .unwrap()
        .remove(0)
        .id;
    let note = OutgoingMessage::text("alice@session.kandy.io", "note to self");
    alice
        .as_user(|me| me.device(&device).send_message(note.clone()))
        .await
        .unwrap();
    assert_eq!(alice.tokens_fetched().await, 1);

    sim.advance_clock(60_001);
    let pending = alice
        .as_user(|me| me.device(&device).get_pending_messages(None))
        .await
        .unwrap();
    assert_eq!(pending.messages.len(), 1);
    assert_eq!(
        alice.tokens_fetched().await,
        2,
        "the expired token was refreshed once"
    );
    let users = admin.as_domain(|domain| domain.get_users()).await.unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(admin.tokens_fetched().await, 2);
}

/// A handle over the mockall mock: the mock sees the handle's credentials first and the
/// call's own arguments after them.
#[cfg(feature = "mock")]
#[tokio::test]
async fn a_handle_over_the_mock_passes_its_credentials() {
    use kandy::{DeviceId, MockKandyApi, UserAccessToken};
    use mockall::predicate::eq;

    let mut mock = MockKandyApi::new();
    mock.expect_send_sms()
        .withf(|token, device, sms| {
            token == &UserAccessToken::new("UAT1")
                && device.as_str() == "d1"
                && sms.destination == "+14155550100"
        })
        .times(2)
        .returning(|_, _, _| Ok(()));
    mock.expect_add_group_members()
        .with(
            eq(UserAccessToken::new("UAT1")),
            eq(kandy::GroupId::new("g1")),
            eq(vec!["bob@x".to_owned(), "eve@x".to_owned()]),
        )
        .times(1)
        .returning(|_, _, _| Ok(()));
    let phone = DeviceId::new("d1");
    let me = mock.user("UAT1");
    for text in ["one", "two"] {
        me.device(&phone)
            .send_sms(OutgoingSms::new("+14155550100", text))
            .await
            .unwrap();
    }
    me.group("g1")
        .add_group_members(["bob@x", "eve@x"])
        .await
        .unwrap();
}

/// The same flow over real HTTP: `KandyClient` against the simulator's server on loopback.
#[cfg(all(feature = "server", feature = "http"))]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_handle_over_http() {
    use kandy::http::KandyClient;
    use kandy::sim::server::Server;

    let sim = Simulator::builder().seed(4).build();
    let account = sim.create_account();
    let server = Server::bind("127.0.0.1:0", sim.clone()).await.unwrap();
    let client = KandyClient::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    let sent = flow(
        &client,
        &account.api_key,
        &account.api_secret,
        "http.kandy.io",
    )
    .await
    .unwrap();
    assert_eq!(sim.sms_outbox().len(), sent);
    server.shutdown().await;
}
