//! The retry layer over the simulator's fault plans, in-process: a lost response after the
//! change was applied (commit-then-drop) is never repeated for a send, so the SMS goes out
//! once; only `RetryPolicy::always()` repeats it, and then the duplicate shows.

use kandy::http::retry::{FixedJitter, RecordingSleep, RetryPolicy, Retrying};
use kandy::sim::{FaultEffect, FaultMatch, FaultPlan, Simulator, Trigger};
use kandy::{DeviceId, KandyApi, NewDomain, NewUser, OutgoingSms, UserAccessToken};

async fn alice(sim: &Simulator) -> (UserAccessToken, DeviceId) {
    let account = sim.create_account();
    let aat = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .expect("account token");
    let domain = sim
        .create_domain(aat, NewDomain::new("retry.kandy.io"))
        .await
        .expect("domain");
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let dat = sim
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .expect("domain token");
    sim.create_user_by_user_id(dat, NewUser::new("alice"))
        .await
        .expect("alice");
    let token = sim
        .get_user_access_token(key, secret, "alice".into())
        .await
        .expect("alice's token");
    let device = sim.get_devices(token.clone()).await.expect("devices")[0]
        .id
        .clone();
    (token, device)
}

fn drop_first_sms(sim: &Simulator) {
    sim.set_fault_plan(FaultPlan::new().rule(
        FaultMatch::operation("send_sms"),
        Trigger::FirstN(1),
        FaultEffect::CommitThenDrop,
    ));
}

fn retrying(sim: &Simulator, sleep: &RecordingSleep) -> Retrying<Simulator> {
    Retrying::new(sim.clone())
        .with_sleep(sleep.clone())
        .with_jitter(FixedJitter::full())
}

#[tokio::test]
async fn a_dropped_response_to_a_send_is_not_repeated_and_the_sms_goes_out_once() {
    let sim = Simulator::new();
    let (token, device) = alice(&sim).await;
    drop_first_sms(&sim);
    let sleep = RecordingSleep::new();

    let err = retrying(&sim, &sleep)
        .send_sms(token, device, OutgoingSms::new("+14155550100", "once"))
        .await
        .expect_err("the response was dropped");

    assert!(err.maybe_sent(), "{err}");
    assert_eq!(err.operation(), Some("send_sms"));
    assert_eq!(sim.sms_outbox().len(), 1, "applied exactly once");
    assert!(sleep.delays().is_empty(), "no retry was attempted");
}

#[tokio::test]
async fn always_repeats_the_send_and_the_duplicate_shows_in_the_outbox() {
    let sim = Simulator::new();
    let (token, device) = alice(&sim).await;
    drop_first_sms(&sim);
    let sleep = RecordingSleep::new();

    retrying(&sim, &sleep)
        .with_policy(RetryPolicy::always())
        .send_sms(token, device, OutgoingSms::new("+14155550100", "twice"))
        .await
        .expect("the second attempt is answered");

    assert_eq!(
        sim.sms_outbox().len(),
        2,
        "the service does not de-duplicate"
    );
    assert_eq!(sleep.delays().len(), 1);
}

#[tokio::test]
async fn a_read_whose_response_was_lost_is_retried_and_succeeds() {
    let sim = Simulator::new();
    let (token, _) = alice(&sim).await;
    sim.set_fault_plan(FaultPlan::new().rule(
        FaultMatch::operation("get_devices"),
        Trigger::FirstN(2),
        FaultEffect::Reset,
    ));
    let sleep = RecordingSleep::new();

    let devices = retrying(&sim, &sleep)
        .get_devices(token)
        .await
        .expect("the third attempt succeeds");

    assert_eq!(devices.len(), 1);
    let policy = RetryPolicy::default();
    assert_eq!(
        sleep.delays(),
        vec![policy.backoff_ceiling(1), policy.backoff_ceiling(2)],
        "full jitter at 100% waits the whole ceiling"
    );
}
