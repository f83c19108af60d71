//! The dashboard's diagnostics in Chromium: a message's life drawn as a timeline that grows
//! live, the request log filtered by user, and a token revealed whose value then works.

use super::{DOMAIN, World, browser_or_skip};
use crate::cdp::Browser;
use kandy_core::*;

/// The `data-step` of every row of the timeline, with its message type.
const STEPS: &str = "[...document.querySelectorAll('#timeline tr.event')].map(r => r.dataset.step + ' ' + r.dataset.type)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_s_life_is_a_timeline_that_grows_live_when_the_second_device_acks() {
    let Some(chromium) = browser_or_skip("a_message_s_life_is_a_timeline") else {
        return;
    };
    let world = World::new(None).await;
    let tablet = world
        .api
        .create_device(world.bob.clone(), NewDevice::new("tablet"))
        .await
        .unwrap();
    // Bob's data channel is open (bound to his first device): the message is pushed to it.
    let _socket = world.sim.open_data_channel(&world.bob).unwrap();
    let message = OutgoingMessage::text(format!("bob@{DOMAIN}"), "two devices, one ack");
    let uuid = message.uuid.clone();
    send_and_ack(&world, message).await;

    let browser = Browser::launch(&chromium).await;
    // From the queue of bob's tablet, where it still is, its UUID is a link to its life.
    let page = browser
        .open(&world.ui(&format!("#device/{}", tablet.as_str())))
        .await;
    page.wait_for("document.querySelector('main tbody a[href^=\"#message/\"]')")
        .await;
    page.eval("document.querySelector('main tbody a[href^=\"#message/\"]').click()")
        .await;
    page.wait_for("document.querySelectorAll('#timeline tr.event').length === 6")
        .await;
    assert_eq!(
        page.eval(STEPS).await,
        serde_json::json!([
            "sent chat",
            "queued chat",
            "queued chat",
            "pushed chat",
            "acked chat",
            "queued chatRemoteAck"
        ])
    );
    let summary = page
        .eval("document.getElementById('timeline-summary').innerText")
        .await;
    assert_eq!(
        summary.as_str().unwrap(),
        "sent 1 · queued 2 · held 0 · pushed 1 · acked 1 · remote ack returned 1"
    );
    // One lane per device: alice's, bob's phone, bob's tablet.
    let lanes = page
        .eval(
            "[...document.querySelectorAll('#timeline thead th')].slice(1).map(th => th.innerText)",
        )
        .await;
    let lanes = lanes.to_string();
    for device in [&world.alice_device, &world.bob_device, &tablet] {
        assert!(lanes.contains(device.as_str()), "{lanes}");
    }
    assert_eq!(
        page.eval("document.querySelector('#anomalies')").await,
        serde_json::Value::Null,
        "nothing lost or duplicated"
    );
    page.screenshot("message-timeline-one-ack").await;

    // The tablet acks: the timeline grows without a reload.
    page.eval("window.__sameDocument = true").await;
    world
        .api
        .delete_handled_messages(world.bob.clone(), tablet.clone(), vec![uuid.clone()])
        .await
        .unwrap();
    page.wait_for(
        "document.querySelectorAll('#timeline tr.event').length === 7 && window.__sameDocument",
    )
    .await;
    let last = page
        .eval("[...document.querySelectorAll('#timeline tr.event')].at(-1).innerText")
        .await;
    assert!(last.as_str().unwrap().contains("acked"), "{last}");
    let summary = page
        .eval("document.getElementById('timeline-summary').innerText")
        .await;
    assert!(summary.as_str().unwrap().contains("acked 2"), "{summary}");
    page.prefer_dark(true).await;
    page.screenshot("message-timeline-dark").await;
    page.prefer_dark(false).await;

    // A duplicated delivery (the same UUID sent again) is called out.
    let mut again = OutgoingMessage::text(format!("bob@{DOMAIN}"), "again");
    again.uuid = uuid.clone();
    world
        .api
        .send_message(world.alice.clone(), world.alice_device.clone(), again)
        .await
        .unwrap();
    page.wait_for("document.querySelector('#anomalies')?.innerText.includes('duplicated')")
        .await;

    // The search box, by keyboard: a UUID typed and entered opens its life.
    page.eval("location.hash = '#message'").await;
    page.wait_for("document.getElementById('message-uuid')")
        .await;
    page.eval(&format!(
        "const i = document.getElementById('message-uuid'); i.focus(); i.value = '{}'; i.form.requestSubmit()",
        uuid.as_str().to_uppercase()
    ))
    .await;
    page.wait_for("document.querySelectorAll('#timeline tr.event').length >= 7")
        .await;
    assert_eq!(page.errors(), Vec::<String>::new(), "console errors");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_filtered_by_user_shows_that_user_s_calls_only() {
    let Some(chromium) = browser_or_skip("the_log_filtered_by_user") else {
        return;
    };
    let world = World::new(None).await;
    for token in [&world.alice, &world.bob, &world.alice] {
        world.api.get_devices(token.clone()).await.unwrap();
    }
    let browser = Browser::launch(&chromium).await;
    let page = browser.open(&world.ui("#requests")).await;
    page.wait_for("document.querySelectorAll('main tr.request').length > 4")
        .await;
    let alice = format!("alice@{DOMAIN}");
    let expected = world
        .sim
        .request_log()
        .iter()
        .filter(|e| e.user.as_deref() == Some(alice.as_str()))
        .count();
    assert!(expected >= 3, "{expected}");
    page.eval(&format!(
        "const f = document.getElementById('f-user'); f.value = '{alice}'; f.dispatchEvent(new Event('change'))"
    ))
    .await;
    let only_alice = format!(
        "[...document.querySelectorAll('main tr.request')].every(r => r.children[2].innerText === '{alice}')"
    );
    page.wait_for(&format!(
        "document.querySelectorAll('main tr.request').length === {expected} && {only_alice}"
    ))
    .await;
    // A call of bob's made now does not show; one of alice's does, live.
    world.api.get_devices(world.bob.clone()).await.unwrap();
    world.api.get_devices(world.alice.clone()).await.unwrap();
    page.wait_for(&format!(
        "document.querySelectorAll('main tr.request').length === {} && {only_alice}",
        expected + 1
    ))
    .await;
    page.screenshot("requests-by-user").await;
    // A user in the log is a link that filters by them.
    page.eval("location.hash = '#requests?user=' + encodeURIComponent('bob@' + 'dash.kandy.io')")
        .await;
    page.wait_for("document.getElementById('f-user')?.value.startsWith('bob@') && [...document.querySelectorAll('main tr.request')].every(r => r.children[2].innerText.startsWith('bob@'))")
        .await;
    // A UUID an ack names in its query is a link to that message's life.
    let message = OutgoingMessage::text(format!("bob@{DOMAIN}"), "to be acked");
    let uuid = message.uuid.clone();
    send_and_ack(&world, message).await;
    let ack_link = "[...document.querySelectorAll('main tr.request')].find(r => r.innerText.includes('delete_handled_messages'))?.querySelector('a[href^=\"#message/\"]')";
    page.wait_for(ack_link).await;
    page.eval(&format!("{ack_link}.click()")).await;
    page.wait_for(&format!(
        "location.hash.toLowerCase().replaceAll('-', '') === '#message/{}' && document.querySelectorAll('#timeline tr.event').length === 4",
        uuid.as_str().to_lowercase().replace('-', "")
    ))
    .await;
    assert_eq!(page.errors(), Vec::<String>::new(), "console errors");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revealed_shows_its_whole_value_which_then_works() {
    let Some(chromium) = browser_or_skip("a_token_revealed") else {
        return;
    };
    let world = World::new(None).await;
    let browser = Browser::launch(&chromium).await;
    let page = browser.open(&world.ui("#world/tokens?q=bob")).await;
    page.wait_for("document.querySelectorAll('main tbody tr').length === 1 && document.querySelector('button.reveal')")
        .await;
    let masked = page
        .eval("document.querySelector('code.token').innerText")
        .await;
    let masked = masked.as_str().unwrap().to_owned();
    assert!(masked.contains('…'), "{masked}");
    assert!(
        !page
            .eval("document.body.innerText")
            .await
            .as_str()
            .unwrap()
            .contains(world.bob.expose_secret())
    );
    page.eval("document.querySelector('button.reveal').click()")
        .await;
    page.wait_for("!document.querySelector('code.token').innerText.includes('…')")
        .await;
    let value = page
        .eval("document.querySelector('code.token').innerText")
        .await;
    let value = value.as_str().unwrap().to_owned();
    assert_eq!(value, world.bob.expose_secret());
    assert_eq!(
        page.eval("document.querySelector('button.reveal').getAttribute('aria-pressed')")
            .await,
        "true"
    );
    page.screenshot("token-revealed").await;
    // The value shown is the token: it works in an API call.
    let devices = world
        .api
        .get_devices(UserAccessToken::new(value))
        .await
        .unwrap();
    assert_eq!(devices[0].id, world.bob_device);
    // Hidden again on a second press.
    page.eval("document.querySelector('button.reveal').click()")
        .await;
    page.wait_for(&format!(
        "document.querySelector('code.token').innerText === '{masked}'"
    ))
    .await;
    assert_eq!(page.errors(), Vec::<String>::new(), "console errors");
    browser.close().await;
}

/// Alice sends `message` to bob, whose first device acks it.
async fn send_and_ack(world: &World, message: OutgoingMessage) {
    let uuid = message.uuid.clone();
    world
        .api
        .send_message(world.alice.clone(), world.alice_device.clone(), message)
        .await
        .unwrap();
    world
        .api
        .delete_handled_messages(world.bob.clone(), world.bob_device.clone(), vec![uuid])
        .await
        .unwrap();
}
