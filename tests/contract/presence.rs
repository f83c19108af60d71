//! Presence (#44): when users last called the API with a user token.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;

fn last_seen_of(answer: &LastSeen, id: &str) -> u64 {
    answer
        .users
        .iter()
        .find(|u| u.full_user_id == id)
        .unwrap_or_else(|| panic!("{id} is answered: {answer:?}"))
        .last_seen
}

pub async fn last_seen_is_the_time_of_the_last_user_token_call(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let start = fx.now().await;
    // Revoked now, while the clock still reads `start`.
    let revoked = fx.revoked_user_token(&fx.carol).await;
    let erin = fx
        .api
        .create_user_by_user_id(fx.domain.token.clone(), NewUser::new("erin"))
        .await
        .expect("erin, who never calls");
    t.advance_clock(5_000).await;
    fx.api
        .get_devices(fx.alice.token.clone())
        .await
        .expect("alice calls");
    t.advance_clock(1_000).await;
    let asked = vec![fx.alice.id(), fx.bob.id(), erin.full_user_id.clone()];
    let answer = fx
        .api
        .get_last_seen(PresenceKey::Domain(fx.domain.token.clone()), asked)
        .await
        .expect("get_last_seen with a domain token");
    assert_eq!(answer.server_timestamp, start + 6_000);
    assert_eq!(answer.users.len(), 3, "every user asked about is answered");
    assert_eq!(last_seen_of(&answer, &fx.alice.id()), start + 5_000);
    assert_eq!(
        last_seen_of(&answer, &fx.bob.id()),
        start,
        "bob's last call was in the fixture"
    );
    assert_eq!(
        last_seen_of(&answer, &erin.full_user_id),
        0,
        "0 when never seen"
    );
    // With a user token: the call itself is a user-token call.
    let by_bob = fx
        .api
        .get_last_seen(PresenceKey::User(fx.bob.token.clone()), vec![fx.alice.id()])
        .await
        .expect("get_last_seen with a user token");
    assert_eq!(by_bob.server_timestamp, start + 6_000);
    assert_eq!(last_seen_of(&by_bob, &fx.alice.id()), start + 5_000);
    t.advance_clock(1_000).await;
    let answer = fx
        .api
        .get_last_seen(
            PresenceKey::Domain(fx.domain.token.clone()),
            vec![fx.bob.id()],
        )
        .await
        .expect("get_last_seen");
    assert_eq!(last_seen_of(&answer, &fx.bob.id()), start + 6_000);
    // A refused call is not a sighting.
    t.advance_clock(1_000).await;
    refused(t, &op::GET_DEVICES, 55, || {
        fx.api.get_devices(revoked.clone())
    })
    .await;
    let answer = fx
        .api
        .get_last_seen(
            PresenceKey::Domain(fx.domain.token.clone()),
            vec![fx.carol.id()],
        )
        .await
        .expect("get_last_seen");
    assert_eq!(last_seen_of(&answer, &fx.carol.id()), start);
}

pub async fn get_last_seen_refuses_strangers_and_bad_keys(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (other, dave) = fx.other_domain().await;
    let op = &op::GET_LAST_SEEN;
    let ask = |key: PresenceKey, users: Vec<String>| fx.api.get_last_seen(key, users);
    let dat = || PresenceKey::Domain(fx.domain.token.clone());
    let uat = || PresenceKey::User(fx.alice.token.clone());
    refused(t, op, 53, || ask(dat(), vec![fx.bob.id(), dave.id()])).await;
    refused(t, op, 53, || ask(uat(), vec![dave.id()])).await;
    refused(t, op, 53, || {
        ask(PresenceKey::Domain(other.token.clone()), vec![fx.bob.id()])
    })
    .await;
    refused(t, op, 53, || ask(dat(), vec![format!("nobody@{DOMAIN}")])).await;
    refused(t, op, 16, || ask(dat(), vec![])).await;
    refused(t, op, 55, || {
        ask(
            PresenceKey::Domain(unknown("DAT").into()),
            vec![fx.bob.id()],
        )
    })
    .await;
    let revoked_user = fx.revoked_user_token(&fx.alice).await;
    refused(t, op, 55, || {
        ask(PresenceKey::User(revoked_user.clone()), vec![fx.bob.id()])
    })
    .await;
    let revoked_domain = fx.revoked_domain_token().await;
    refused(t, op, 55, || {
        ask(
            PresenceKey::Domain(revoked_domain.clone()),
            vec![fx.bob.id()],
        )
    })
    .await;
    fx.expire_tokens().await;
    refused(t, op, 10, || ask(dat(), vec![fx.bob.id()])).await;
    refused(t, op, 10, || ask(uat(), vec![fx.bob.id()])).await;
}
