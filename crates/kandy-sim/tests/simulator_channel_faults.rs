//! The fault plan's data-channel rules in-process: a refused opening is its API error, a
//! dropped socket closes with 1001 after its frames (nothing queued is lost), a delay holds
//! nothing, rules match on the user and count openings, and the plan's JSON carries them.

use futures_util::StreamExt;
use kandy_core::notifications::{
    ConnectionState, DisconnectReason, EndReason, Event, Notification, ServerFrame, close,
};
use kandy_core::*;
use kandy_sim::{ChannelEffect, ChannelMatch, FaultPlan, Simulator, Trigger};
use std::time::Duration;

const DOMAIN: &str = "channel-faults.kandy.io";
const WAIT: Duration = Duration::from_secs(5);

struct Person {
    token: UserAccessToken,
    device: DeviceId,
}

/// Alice and bob of one domain.
async fn people(sim: &Simulator) -> (Person, Person) {
    let account = sim.create_account();
    let token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(token, NewDomain::new(DOMAIN))
        .await
        .unwrap();
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let domain_token = sim
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .unwrap();
    let mut people = Vec::new();
    for user in ["alice", "bob"] {
        sim.create_user_by_user_id(domain_token.clone(), NewUser::new(user))
            .await
            .unwrap();
        let token = sim
            .get_user_access_token(key.clone(), secret.clone(), user.into())
            .await
            .unwrap();
        let device = sim.get_devices(token.clone()).await.unwrap()[0].id.clone();
        people.push(Person { token, device });
    }
    let bob = people.pop().unwrap();
    (people.pop().unwrap(), bob)
}

async fn send(sim: &Simulator, from: &Person, n: usize) {
    for i in 0..n {
        let message = OutgoingMessage::text(format!("alice@{DOMAIN}"), format!("m{i}"));
        sim.send_message(from.token.clone(), from.device.clone(), message)
            .await
            .unwrap();
    }
}

fn plan(matcher: ChannelMatch, trigger: Trigger, effect: ChannelEffect) -> FaultPlan {
    FaultPlan::new().channel_rule(matcher, trigger, effect)
}

#[tokio::test]
async fn a_refused_opening_is_the_rules_error_and_opens_nothing() {
    let sim = Simulator::new();
    let (alice, _) = people(&sim).await;
    sim.set_fault_plan(plan(
        ChannelMatch::any(),
        Trigger::FirstN(1),
        ChannelEffect::Refuse {
            http: 503,
            status: 1,
            message: "the data channel is unavailable".into(),
        },
    ));
    let error = sim.open_data_channel(&alice.token).unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::new(1)));
    assert_eq!(error.http_status(), Some(503));
    assert_eq!(sim.open_data_channels(), 0);
    // The rule fired on the first opening only; its count says so.
    let socket = sim.open_data_channel(&alice.token).unwrap();
    assert_eq!(sim.open_data_channels(), 1);
    assert_eq!(sim.fault_plan().channel[0].seen, 2);
    drop(socket);
    // A view without faults never consults the channel rules.
    sim.set_fault_plan(plan(
        ChannelMatch::any(),
        Trigger::Always,
        ChannelEffect::Refuse {
            http: 503,
            status: 1,
            message: "no".into(),
        },
    ));
    assert!(sim.without_faults().open_data_channel(&alice.token).is_ok());
    assert_eq!(sim.fault_plan().channel[0].seen, 0);
    // A refusal rule fires before the token is checked, as a call's rule does.
    let error = sim
        .open_data_channel(&UserAccessToken::new("UATnobody"))
        .unwrap_err();
    assert_eq!(error.http_status(), Some(503));
}

#[tokio::test]
async fn a_dropped_socket_carries_its_frames_then_closes_and_nothing_is_lost() {
    let sim = Simulator::new();
    let (alice, bob) = people(&sim).await;
    sim.set_fault_plan(plan(
        ChannelMatch::user(format!("alice@{DOMAIN}")),
        Trigger::Nth(1),
        ChannelEffect::Drop { after_frames: 2 },
    ));
    let mut socket = sim.open_data_channel(&alice.token).unwrap();
    send(&sim, &bob, 3).await;
    for _ in 0..2 {
        let frame = tokio::time::timeout(WAIT, socket.next()).await.unwrap();
        assert!(matches!(frame, Some(ServerFrame::Event(Event::Message(_)))));
    }
    assert_eq!(
        tokio::time::timeout(WAIT, socket.next()).await.unwrap(),
        None
    );
    let closed = socket.close_reason().expect("closed by the plan");
    assert_eq!(closed.code, close::GOING_AWAY);
    assert!(closed.reason.contains("fault plan"), "{}", closed.reason);
    assert_eq!(
        sim.open_data_channels(),
        0,
        "a dropped socket is not served"
    );
    // Every message is still queued; the next socket (the rule fired on the first only) works.
    assert_eq!(sim.device_queue(&alice.device).unwrap().len(), 3);
    let mut again = sim.open_data_channel(&alice.token).unwrap();
    send(&sim, &bob, 1).await;
    assert!(
        tokio::time::timeout(WAIT, again.next())
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn a_drop_at_once_closes_before_any_frame_and_other_users_are_untouched() {
    let sim = Simulator::new();
    let (alice, bob) = people(&sim).await;
    sim.set_fault_plan(plan(
        ChannelMatch::user(format!("alice@{DOMAIN}")),
        Trigger::Always,
        ChannelEffect::Drop { after_frames: 0 },
    ));
    let mut socket = sim.open_data_channel(&alice.token).unwrap();
    send(&sim, &bob, 1).await;
    assert_eq!(socket.next().await, None);
    assert_eq!(socket.close_reason().unwrap().code, close::GOING_AWAY);
    // Bob's sockets match no rule: his opening is not even counted.
    let _bob_socket = sim.open_data_channel(&bob.token).unwrap();
    assert_eq!(sim.open_data_channels(), 1);
    assert_eq!(sim.fault_plan().channel[0].seen, 1);
}

#[tokio::test]
async fn a_delay_holds_nothing_in_process() {
    let sim = Simulator::new();
    let (alice, bob) = people(&sim).await;
    sim.set_fault_plan(plan(
        ChannelMatch::any(),
        Trigger::Always,
        ChannelEffect::Delay { millis: 60_000 },
    ));
    let mut socket = sim.open_data_channel(&alice.token).unwrap();
    send(&sim, &bob, 1).await;
    let frame = tokio::time::timeout(Duration::from_secs(1), socket.next())
        .await
        .expect("not held in-process");
    assert!(frame.is_some());
}

#[tokio::test]
async fn the_in_process_stream_reports_a_dropped_socket_as_a_disconnect() {
    let sim = Simulator::new();
    let (alice, bob) = people(&sim).await;
    sim.set_fault_plan(plan(
        ChannelMatch::any(),
        Trigger::Always,
        ChannelEffect::Drop { after_frames: 1 },
    ));
    let mut stream = sim.connect(alice.token.clone()).await.unwrap();
    send(&sim, &bob, 2).await;
    let mut items = Vec::new();
    while let Some(item) = tokio::time::timeout(WAIT, stream.next()).await.unwrap() {
        items.push(item);
    }
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(
        items[0],
        Notification::Connection(ConnectionState::Connected)
    );
    assert!(matches!(items[1], Notification::Event(Event::Message(_))));
    let Notification::Connection(ConnectionState::Disconnected(DisconnectReason::Closed {
        code,
        ..
    })) = &items[2]
    else {
        panic!("expected the disconnect: {items:?}");
    };
    assert_eq!(*code, close::GOING_AWAY);
    assert!(matches!(
        items[3],
        Notification::Ended(EndReason::GaveUp { attempts: 0, .. })
    ));
    // A refused connect is connect's error.
    sim.set_fault_plan(plan(
        ChannelMatch::any(),
        Trigger::Always,
        ChannelEffect::Refuse {
            http: 401,
            status: 55,
            message: "refused by the plan".into(),
        },
    ));
    let error = sim.connect(alice.token.clone()).await.unwrap_err();
    assert_eq!(error.api_status(), Some(ApiStatus::INVALID_CREDENTIALS));
}

#[test]
fn channel_rules_round_trip_as_json_and_bad_values_are_refused() {
    let json = r#"{"channel":[
        {"match":{"user":"alice@d"},"trigger":{"nth":2},"effect":{"drop":{"after_frames":3}}},
        {"trigger":"always","effect":{"delay":{"millis":20}}},
        {"trigger":{"probability":0.5},
         "effect":{"refuse":{"http":503,"status":1,"message":"unavailable"}}}],"seed":9}"#;
    let plan: FaultPlan = serde_json::from_str(json).unwrap();
    assert!(plan.validate().is_ok());
    assert_eq!(plan.channel.len(), 3);
    assert!(plan.rules.is_empty() && !plan.is_empty());
    let back: FaultPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    assert_eq!(plan, back);
    // A plan without channel rules serializes as before.
    let calls_only = serde_json::to_value(FaultPlan::new()).unwrap();
    assert!(calls_only.get("channel").is_none(), "{calls_only}");
    for (http, valid) in [
        (101, false),
        (200, false),
        (400, true),
        (599, true),
        (600, false),
    ] {
        let plan = FaultPlan::new().channel_rule(
            ChannelMatch::any(),
            Trigger::Always,
            ChannelEffect::Refuse {
                http,
                status: 1,
                message: "m".into(),
            },
        );
        assert_eq!(plan.validate().is_ok(), valid, "HTTP {http}");
    }
    let bad = FaultPlan::new().channel_rule(
        ChannelMatch::any(),
        Trigger::Nth(0),
        ChannelEffect::Drop { after_frames: 0 },
    );
    assert!(bad.validate().unwrap_err().contains("channel rule 0"));
    let unknown = r#"{"channel":[{"trigger":"always","effect":{"drop":{"after":1}}}]}"#;
    assert!(serde_json::from_str::<FaultPlan>(unknown).is_err());
}

#[test]
fn probability_rules_on_sockets_replay_from_the_seed() {
    let plan = FaultPlan::new().seed(5).channel_rule(
        ChannelMatch::any(),
        Trigger::Probability(0.3),
        ChannelEffect::Drop { after_frames: 0 },
    );
    let run = |mut plan: FaultPlan| {
        (0..2_000)
            .map(|_| plan.decide_channel(Some("u@d"), None).is_some())
            .collect::<Vec<_>>()
    };
    let (a, b) = (run(plan.clone()), run(plan));
    assert_eq!(a, b);
    let fired = a.iter().filter(|f| **f).count();
    assert!((450..750).contains(&fired), "{fired}");
}
