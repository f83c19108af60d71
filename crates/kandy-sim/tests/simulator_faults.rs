//! Fault plans in-process: each effect, what it applies, and the error a client sees.

use kandy_core::*;
use kandy_sim::{FaultEffect, FaultMatch, FaultPlan, Simulator, Trigger};

/// A simulator with alice logged in; returns her token and device.
async fn alice(sim: &Simulator) -> (UserAccessToken, DeviceId) {
    let account = sim.create_account();
    let token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(token, NewDomain::new("faults.kandy.io"))
        .await
        .unwrap();
    let domain_token = sim
        .get_domain_access_token(
            domain.domain_api_key.clone(),
            domain.domain_api_secret.clone(),
        )
        .await
        .unwrap();
    sim.create_user_by_user_id(domain_token, NewUser::new("alice"))
        .await
        .unwrap();
    let token = sim
        .get_user_access_token(
            domain.domain_api_key,
            domain.domain_api_secret,
            "alice".into(),
        )
        .await
        .unwrap();
    let device = sim.get_devices(token.clone()).await.unwrap()[0].id.clone();
    (token, device)
}

fn on_sms(effect: FaultEffect) -> FaultPlan {
    FaultPlan::new().rule(FaultMatch::operation("send_sms"), Trigger::Always, effect)
}

async fn send_sms(sim: &Simulator, who: &(UserAccessToken, DeviceId)) -> Result<()> {
    sim.send_sms(
        who.0.clone(),
        who.1.clone(),
        OutgoingSms::new("+14155550100", "hi"),
    )
    .await
}

#[tokio::test]
async fn a_status_effect_is_that_api_error_and_applies_nothing() {
    let sim = Simulator::new();
    let who = alice(&sim).await;
    sim.set_fault_plan(on_sms(FaultEffect::Status {
        http: 503,
        status: 1,
        message: "unavailable".into(),
    }));
    let error = send_sms(&sim, &who).await.unwrap_err();
    assert_eq!(error.api_status(), Some(kandy_core::ApiStatus::INTERNAL));
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(error.api_error().unwrap().message, "unavailable");
    assert_eq!(error.operation(), Some("send_sms"));
    assert!(sim.sms_outbox().is_empty());
}

#[tokio::test]
async fn hang_reset_and_malformed_apply_nothing() {
    let sim = Simulator::new();
    let who = alice(&sim).await;
    sim.set_fault_plan(on_sms(FaultEffect::Hang));
    let hang = send_sms(&sim, &who).await.unwrap_err();
    assert!(hang.is_timeout() && hang.maybe_sent());
    sim.set_fault_plan(on_sms(FaultEffect::Reset));
    let reset = send_sms(&sim, &who).await.unwrap_err();
    assert_eq!(reset.kind(), ErrorKind::Transport);
    assert!(reset.maybe_sent());
    sim.set_fault_plan(on_sms(FaultEffect::Malformed));
    let malformed = send_sms(&sim, &who).await.unwrap_err();
    assert_eq!(malformed.kind(), ErrorKind::Decode);
    assert_eq!(malformed.http_status(), Some(200));
    for error in [&hang, &reset, &malformed] {
        assert_eq!(error.operation(), Some("send_sms"));
    }
    assert!(sim.sms_outbox().is_empty());
}

#[tokio::test]
async fn a_delay_applies_the_call_normally() {
    let sim = Simulator::new();
    let who = alice(&sim).await;
    sim.set_fault_plan(on_sms(FaultEffect::Delay { millis: 10_000 }));
    send_sms(&sim, &who).await.unwrap();
    assert_eq!(sim.sms_outbox().len(), 1);
}

#[tokio::test]
async fn commit_then_drop_applies_exactly_once_and_reports_a_transport_error() {
    let sim = Simulator::new();
    let who = alice(&sim).await;
    sim.set_fault_plan(FaultPlan::new().rule(
        FaultMatch::operation("send_sms"),
        Trigger::Nth(1),
        FaultEffect::CommitThenDrop,
    ));
    let error = send_sms(&sim, &who).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.maybe_sent());
    assert_eq!(error.operation(), Some("send_sms"));
    assert_eq!(
        sim.sms_outbox().len(),
        1,
        "the SMS was applied before the drop"
    );
    send_sms(&sim, &who).await.unwrap();
    assert_eq!(sim.sms_outbox().len(), 2);
}

#[tokio::test]
async fn rules_match_the_calling_user_and_device() {
    let sim = Simulator::new();
    let who = alice(&sim).await;
    let only_alice_device = FaultMatch {
        user: Some("alice@faults.kandy.io".into()),
        device: Some(who.1.as_str().to_owned()),
        ..FaultMatch::default()
    };
    sim.set_fault_plan(FaultPlan::new().rule(
        only_alice_device,
        Trigger::FirstN(1),
        FaultEffect::Reset,
    ));
    // get_devices carries no device id: no match, the count stays at 0.
    sim.get_devices(who.0.clone()).await.unwrap();
    assert_eq!(sim.fault_plan().rules[0].seen, 0);
    assert!(send_sms(&sim, &who).await.is_err());
    assert!(send_sms(&sim, &who).await.is_ok());
    assert_eq!(sim.fault_plan().rules[0].seen, 2);
    // fault_for resolves the user from a user token; a domain credential names no user.
    assert_eq!(
        sim.fault_for(
            &operation::SEND_SMS,
            Some(who.0.expose_secret()),
            Some(who.1.as_str())
        ),
        None,
        "first_n(1) has fired already"
    );
    assert_eq!(sim.fault_plan().rules[0].seen, 3);
    assert_eq!(
        sim.fault_for(&operation::SEND_SMS, Some("DATx"), Some(who.1.as_str())),
        None
    );
    assert_eq!(sim.fault_plan().rules[0].seen, 3);
}

#[tokio::test]
async fn a_view_without_faults_ignores_the_plan_and_leaves_its_counts() {
    let sim = Simulator::new();
    let who = alice(&sim).await;
    sim.set_fault_plan(on_sms(FaultEffect::Hang));
    let view = sim.without_faults();
    send_sms(&view, &who).await.unwrap();
    assert_eq!(sim.sms_outbox().len(), 1);
    assert_eq!(sim.fault_plan().rules[0].seen, 0);
    assert!(send_sms(&sim, &who).await.unwrap_err().is_timeout());
    assert_eq!(view.fault_plan().rules[0].seen, 1);
}
