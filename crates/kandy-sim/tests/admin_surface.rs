//! The typed admin surface: the same checks, written once against `dyn SimulatorAdmin` and
//! `dyn KandyApi`, run in-process (`Simulator`), against `Server::bind` over loopback
//! (`AdminClient` and `KandyClient`), and against the real `kandy-sim serve` binary with an
//! admin token.

#![cfg(all(feature = "server", feature = "admin-client", unix))]

mod server_support;

use kandy_core::*;
use kandy_http::KandyClient;
use kandy_sim::admin::{AdminClient, SimulatorAdmin};
use kandy_sim::server::Server;
use kandy_sim::{DeliveryStep, FaultEffect, FaultMatch, FaultPlan, Simulator, Snapshot, Trigger};
use server_support::binary::{serve_command, spawn, terminate};

const KEY: &str = "AAKadmin0surface";
const SECRET: &str = "AASadmin0surface";

/// An account, a domain and alice with her device, made through `api`.
async fn alice(admin: &dyn SimulatorAdmin, api: &dyn KandyApi) -> (UserAccessToken, DeviceId) {
    let account = admin.create_account().await.unwrap();
    let token = api
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = api
        .create_domain(token, NewDomain::new("admin.kandy.io"))
        .await
        .unwrap();
    let domain_token = api
        .get_domain_access_token(
            domain.domain_api_key.clone(),
            domain.domain_api_secret.clone(),
        )
        .await
        .unwrap();
    for user in ["alice", "bob"] {
        api.create_user_by_user_id(domain_token.clone(), NewUser::new(user))
            .await
            .unwrap();
    }
    let token = api
        .get_user_access_token(
            domain.domain_api_key,
            domain.domain_api_secret,
            "alice".into(),
        )
        .await
        .unwrap();
    let device = api.get_devices(token.clone()).await.unwrap()[0].id.clone();
    (token, device)
}

/// Every admin call, its answer and its refusals: the same on every implementation.
async fn checks(admin: &dyn SimulatorAdmin, api: &dyn KandyApi) {
    admin.reset().await.unwrap();
    assert!(admin.sms_outbox().await.unwrap().is_empty());

    // Accounts: chosen credentials, a key used twice, a malformed key.
    let chosen = admin
        .create_account_with(KEY.into(), SECRET.into())
        .await
        .unwrap();
    assert_eq!(chosen.api_key.expose_secret(), KEY);
    let twice = admin
        .create_account_with(KEY.into(), SECRET.into())
        .await
        .unwrap_err();
    assert_eq!(twice.kind(), ErrorKind::Conflict, "{twice}");
    assert_eq!(twice.api_status(), Some(ApiStatus::ALREADY_EXISTS));
    let malformed = admin
        .create_account_with("nope".into(), SECRET.into())
        .await
        .unwrap_err();
    assert_eq!(malformed.kind(), ErrorKind::BadArgument, "{malformed}");

    // Kandy calls show in the outbox and the device's queue.
    let (alice, device) = alice(admin, api).await;
    api.send_sms(
        alice.clone(),
        device.clone(),
        OutgoingSms::new("+14155550100", "late"),
    )
    .await
    .unwrap();
    let outbox = admin.sms_outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].text, "late");
    api.send_message(
        alice.clone(),
        device.clone(),
        OutgoingMessage::text("alice@admin.kandy.io", "note to self"),
    )
    .await
    .unwrap();
    let queue = admin.device_queue(&device).await.unwrap().unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].text(), Some("note to self"));
    let life = admin.message_history(&queue[0].uuid).await.unwrap();
    let steps: Vec<_> = life.events.iter().map(|e| e.step).collect();
    assert_eq!(steps, [DeliveryStep::Sent, DeliveryStep::Queued]);
    assert_eq!(life.events[1].device_id.as_deref(), Some(device.as_str()));
    let malformed = admin
        .message_history(&MessageUuid::new("not-a-uuid/../x"))
        .await
        .unwrap_err();
    assert_eq!(malformed.kind(), ErrorKind::BadArgument, "{malformed}");
    assert_eq!(
        admin
            .device_queue(&DeviceId::new("no device"))
            .await
            .unwrap(),
        None
    );

    // Snapshot and restore: the typed document, equal after a round trip.
    let snapshot = admin.snapshot().await.unwrap();
    admin.reset().await.unwrap();
    assert!(admin.sms_outbox().await.unwrap().is_empty());
    admin.restore(snapshot.clone()).await.unwrap();
    assert_eq!(admin.snapshot().await.unwrap(), snapshot);
    assert_eq!(admin.sms_outbox().await.unwrap(), outbox);
    let mut edited = snapshot.to_value();
    let accounts = edited["accounts"].as_object_mut().unwrap();
    let first = accounts.values_mut().next().unwrap();
    first["number"] = serde_json::json!("00000007");
    let inconsistent = Snapshot::from_value(edited).unwrap();
    let refused = admin.restore(inconsistent).await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::BadArgument, "{refused}");
    assert_eq!(refused.api_status(), Some(ApiStatus::BAD_PARAMETER_VALUE));
    assert_eq!(admin.snapshot().await.unwrap(), snapshot, "nothing changed");

    // The clock.
    let now = admin.now_ms().await.unwrap();
    assert_eq!(admin.advance_clock(60_000).await.unwrap(), now + 60_000);
    assert_eq!(admin.now_ms().await.unwrap(), now + 60_000);

    // Faults: set, enacted and counted, refused when invalid, cleared.
    let plan = FaultPlan::new().rule(
        FaultMatch::operation("send_sms"),
        Trigger::Always,
        FaultEffect::Status {
            http: 500,
            status: status::INTERNAL,
            message: "injected".into(),
        },
    );
    admin.set_fault_plan(plan.clone()).await.unwrap();
    let injected = api
        .send_sms(alice.clone(), device.clone(), OutgoingSms::new("+1", "x"))
        .await
        .unwrap_err();
    assert_eq!(injected.api_status(), Some(ApiStatus::INTERNAL));
    let counted = admin.fault_plan().await.unwrap();
    assert_eq!(counted.rules.len(), 1);
    assert_ne!(counted, plan, "the plan counts its matches");
    let invalid = FaultPlan::new().rule(
        FaultMatch::any(),
        Trigger::Probability(2.0),
        FaultEffect::Hang,
    );
    let error = admin.set_fault_plan(invalid).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadArgument, "{error}");
    assert_eq!(admin.fault_plan().await.unwrap().rules.len(), 1, "kept");
    admin.clear_fault_plan().await.unwrap();
    assert!(admin.fault_plan().await.unwrap().rules.is_empty());

    // Data channels: none open here, dropping none.
    let channels = admin.data_channels().await.unwrap();
    assert_eq!((channels.open, channels.devices.len()), (0, 0));
    assert_eq!(admin.drop_data_channels(None).await.unwrap(), 0);
    assert_eq!(
        admin
            .drop_data_channels(Some("alice@admin.kandy.io"))
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn in_process() {
    let sim = Simulator::builder().seed(1).build();
    checks(&sim, &sim).await;
    // Nothing served: the request log is empty.
    assert!(SimulatorAdmin::request_log(&sim).await.unwrap().is_empty());
}

#[tokio::test]
async fn served_by_server_bind() {
    let server = Server::bind("127.0.0.1:0", Simulator::builder().seed(1).build())
        .await
        .unwrap();
    let admin = AdminClient::for_server(&server).unwrap();
    let api = KandyClient::builder()
        .base_url(server.base_url())
        .build()
        .unwrap();
    checks(&admin, &api).await;

    // The request log over HTTP is the served simulator's, redacted.
    let log = admin.request_log().await.unwrap();
    assert_eq!(
        log,
        SimulatorAdmin::request_log(server.simulator())
            .await
            .unwrap()
    );
    let sms = log
        .iter()
        .find(|entry| entry.operation.as_deref() == Some("send_sms"))
        .expect("send_sms is logged");
    assert!(sms.query.contains("key=***"), "{}", sms.query);
    let faulted = log.iter().filter(|e| e.fault.as_deref() == Some("status"));
    assert_eq!(faulted.count(), 1);
    admin.reset().await.unwrap();
    assert!(admin.request_log().await.unwrap().is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn served_by_the_binary_with_an_admin_token() {
    let mut command = serve_command(&["--seed", "1"]);
    command.env("KANDY_SIM_ADMIN_TOKEN", "admin-surface-token");
    let running = spawn(command);
    let root = format!("http://{}/v1.2/", running.addr);
    let api = KandyClient::builder().base_url(&root).build().unwrap();

    // Without the token, or with another, the admin surface refuses: Auth, HTTP 401.
    let anonymous = AdminClient::new(&root).unwrap();
    let refused = anonymous.sms_outbox().await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Auth, "{refused}");
    assert_eq!(refused.http_status(), Some(401));
    let wrong = AdminClient::new(&root).unwrap().admin_token("wrong");
    assert_eq!(wrong.reset().await.unwrap_err().kind(), ErrorKind::Auth);

    let admin = AdminClient::new(&root)
        .unwrap()
        .admin_token("admin-surface-token");
    checks(&admin, &api).await;
    assert!(!admin.request_log().await.unwrap().is_empty());
    let stderr = terminate(running);
    assert!(!stderr.contains("admin-surface-token"), "{stderr}");
}

#[tokio::test]
async fn an_unreachable_server_and_a_bad_url_are_typed_errors() {
    let bad = AdminClient::new("ftp://localhost/").unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::Config);
    assert_eq!(
        AdminClient::new("not a url").unwrap_err().kind(),
        ErrorKind::Config
    );
    // A port nothing listens on: bound, then closed.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let admin = AdminClient::new(&format!("http://{addr}")).unwrap();
    let error = admin.now_ms().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connect, "{error}");
    assert_eq!(error.operation(), Some("GET /_sim/clock"));
    // The token never shows in Debug.
    let debug = format!("{:?}", admin.admin_token("secret-token"));
    assert!(!debug.contains("secret-token"), "{debug}");
}
