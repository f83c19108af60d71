//! The dashboard at `/_sim/ui/` in headless Chromium, against a real server: the world and a
//! device's queue live, the SMS outbox, the request log, the controls (fault plan, clock), the
//! admin token kept in a cookie, and a page of another origin that can neither read nor drive
//! it. Each browser test saves a screenshot under `target/dashboard/`. The browser tests are
//! skipped, loudly, only when no Chromium is found (`CHROMIUM`, else `/usr/bin/chromium`;
//! `.ci/run` installs Debian's `chromium`); the cookie rules are tested over HTTP always.

mod cdp;
mod timeline;

use cdp::{Browser, chromium};
use kandy::http::KandyClient;
use kandy_core::*;
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use std::sync::Arc;

const DOMAIN: &str = "dash.kandy.io";
const ADMIN_TOKEN: &str = "dashboard-admin-token-1234";

/// A server with a domain, alice and bob, their tokens and devices, spoken to over HTTP.
struct World {
    server: Server,
    sim: Simulator,
    api: Arc<KandyClient>,
    domain: DomainAccessToken,
    alice: UserAccessToken,
    alice_device: DeviceId,
    bob: UserAccessToken,
    bob_device: DeviceId,
}

impl World {
    async fn new(admin_token: Option<&str>) -> World {
        let sim = Simulator::builder().seed(16).build();
        let account = sim.create_account();
        let builder = Server::builder();
        let builder = match admin_token {
            Some(token) => builder.admin_token(token),
            None => builder,
        };
        let server = builder.bind("127.0.0.1:0", sim.clone()).await.unwrap();
        let api = Arc::new(
            KandyClient::builder()
                .base_url(server.base_url())
                .build()
                .unwrap(),
        );
        let account_token = api
            .get_account_access_token(account.api_key, account.api_secret)
            .await
            .unwrap();
        let created = api
            .create_domain(account_token, NewDomain::new(DOMAIN))
            .await
            .unwrap();
        let (key, secret) = (created.domain_api_key, created.domain_api_secret);
        let domain = api
            .get_domain_access_token(key.clone(), secret.clone())
            .await
            .unwrap();
        let mut users = Vec::new();
        for name in ["alice", "bob"] {
            api.create_user_by_user_id(domain.clone(), NewUser::new(name))
                .await
                .unwrap();
            let token = api
                .get_user_access_token(key.clone(), secret.clone(), name.into())
                .await
                .unwrap();
            let device = api.get_devices(token.clone()).await.unwrap()[0].id.clone();
            users.push((token, device));
        }
        let (bob, bob_device) = users.pop().unwrap();
        let (alice, alice_device) = users.pop().unwrap();
        World {
            server,
            sim,
            api,
            domain,
            alice,
            alice_device,
            bob,
            bob_device,
        }
    }

    fn ui(&self, fragment: &str) -> String {
        format!("{}/_sim/ui/{fragment}", self.server.root_url())
    }
}

/// Chromium, or a loud skip.
fn browser_or_skip(test: &str) -> Option<std::path::PathBuf> {
    let found = chromium();
    if found.is_none() {
        eprintln!(
            "SKIPPED {test}: no Chromium binary (set CHROMIUM or install Debian's `chromium`)"
        );
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_world_loads_without_console_errors_and_a_queue_updates_live() {
    let Some(chromium) = browser_or_skip("the_world_loads_without_console_errors") else {
        return;
    };
    let world = World::new(None).await;
    let browser = Browser::launch(&chromium).await;
    let page = browser.open(&world.ui("#world/users")).await;
    page.wait_for("document.querySelector('main table tbody tr')")
        .await;
    let text = page.eval("document.body.innerText").await;
    let text = text.as_str().unwrap();
    assert!(text.contains(&format!("alice@{DOMAIN}")), "{text}");
    assert!(
        text.contains("users (2)") && text.contains("domains (1)"),
        "{text}"
    );
    // The tokens are listed masked, never whole.
    page.eval("document.querySelector('[data-kind=tokens]').click()")
        .await;
    page.wait_for("location.hash === '#world/tokens' && document.querySelectorAll('main tbody tr').length >= 4")
        .await;
    let text = page.eval("document.body.innerText").await;
    assert!(!text.as_str().unwrap().contains(world.alice.expose_secret()));
    assert!(text.as_str().unwrap().contains("UAT…"), "{text}");
    // Typing in the search keeps the focus through the re-render it causes.
    page.eval("location.hash = '#world/users'").await;
    page.wait_for("document.getElementById('search')").await;
    page.eval("const s = document.getElementById('search'); s.focus(); s.value = 'bob'; s.dispatchEvent(new Event('input'))")
        .await;
    page.wait_for("location.hash === '#world/users?q=bob' && document.querySelectorAll('main tbody tr').length === 1")
        .await;
    page.wait_for("document.activeElement && document.activeElement.id === 'search'")
        .await;
    // Search narrows on the server, and a device id is a link to its queue.
    page.eval("location.hash = '#world/devices?q=bob'").await;
    page.wait_for("document.querySelectorAll('main tbody tr').length === 1")
        .await;
    page.eval("document.querySelector('main tbody a[href^=\"#device/\"]').click()")
        .await;
    page.wait_for(&format!(
        "location.hash === '#device/{}' && document.querySelector('main h2').innerText.startsWith('Device')",
        world.bob_device.as_str()
    ))
    .await;

    // A message sent over the API appears without a reload, then goes when it is acked.
    let message = OutgoingMessage::text(format!("bob@{DOMAIN}"), "hello bob, from the API");
    let uuid = message.uuid.clone();
    world
        .api
        .send_message(world.alice.clone(), world.alice_device.clone(), message)
        .await
        .unwrap();
    page.eval("window.__sameDocument = true").await;
    page.wait_for("[...document.querySelectorAll('main tbody tr')].some(r => r.innerText.includes('hello bob, from the API'))")
        .await;
    let row = page
        .eval("document.querySelector('main tbody tr').innerText")
        .await;
    assert!(
        row.as_str().unwrap().contains(&format!("alice@{DOMAIN}")),
        "{row}"
    );
    page.screenshot("device-queue").await;
    world
        .api
        .delete_handled_messages(
            world.bob.clone(),
            world.bob_device.clone(),
            vec![uuid.clone()],
        )
        .await
        .unwrap();
    page.wait_for(
        "document.querySelectorAll('main tbody tr').length === 0 && window.__sameDocument",
    )
    .await;

    // The message's view: acked on bob's device, its remote ack now queued on alice's.
    page.eval(&format!("location.hash = '#message/{}'", uuid.as_str()))
        .await;
    page.wait_for("document.querySelector('main tr.place')")
        .await;
    let place = page
        .eval("document.querySelector('main tr.place').innerText")
        .await;
    let place = place.as_str().unwrap();
    assert!(
        place.contains("chatRemoteAck") && place.contains(world.alice_device.as_str()),
        "{place}"
    );
    page.screenshot("message").await;
    world
        .api
        .delete_handled_messages(world.alice.clone(), world.alice_device.clone(), vec![uuid])
        .await
        .unwrap();
    page.wait_for("document.getElementById('nowhere')").await;
    // A contact added over the API shows up live in its kind, counted.
    page.eval("location.hash = '#world/contacts'").await;
    page.wait_for("document.querySelector('[data-kind=contacts]').innerText === 'contacts (0)'")
        .await;
    world
        .api
        .add_personal_contact(
            world.alice.clone(),
            NewPersonalContact::new(format!("bob@{DOMAIN}"), "Bobby"),
        )
        .await
        .unwrap();
    page.wait_for("document.querySelector('[data-kind=contacts]').innerText === 'contacts (1)' && document.querySelector('main tbody tr').innerText.includes('Bobby')")
        .await;
    page.eval("location.hash = '#world/users'").await;
    page.wait_for("document.querySelectorAll('main tbody tr').length === 2")
        .await;
    page.screenshot("world").await;
    // Dark mode follows the browser's preference.
    let light = page
        .eval("getComputedStyle(document.body).backgroundColor")
        .await;
    page.prefer_dark(true).await;
    let dark = page
        .eval("getComputedStyle(document.body).backgroundColor")
        .await;
    assert_eq!(light, "rgb(255, 255, 255)");
    assert_eq!(dark, "rgb(23, 23, 27)");
    page.screenshot("world-dark").await;
    assert_eq!(page.errors(), Vec::<String>::new(), "console errors");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_appears_in_the_outbox_with_its_code_highlighted_and_the_log_filters() {
    let Some(chromium) = browser_or_skip("an_sms_appears_in_the_outbox") else {
        return;
    };
    let world = World::new(None).await;
    let browser = Browser::launch(&chromium).await;
    let page = browser.open(&world.ui("#sms")).await;
    page.wait_for("document.querySelector('main h2')?.innerText === 'SMS outbox'")
        .await;
    world
        .api
        .send_verification_sms(world.domain.clone(), "5551234567".into(), "US".into())
        .await
        .unwrap();
    page.wait_for("document.querySelector('main tr.sms mark')")
        .await;
    let sent = world.sim.sms_outbox();
    let code: String = sent[0].text.chars().filter(char::is_ascii_digit).collect();
    let marked = page
        .eval("document.querySelector('main tr.sms mark').innerText")
        .await;
    assert_eq!(marked.as_str(), Some(code.as_str()));
    page.screenshot("sms-outbox").await;

    // The request log, newest first, filtered by operation on the server.
    page.eval("location.hash = '#requests'").await;
    page.wait_for("document.querySelector('main tr.request')")
        .await;
    let first = page
        .eval("document.querySelector('main tr.request').innerText")
        .await;
    assert!(
        first.as_str().unwrap().contains("send_verification_sms"),
        "{first}"
    );
    page.eval("const f = document.getElementById('f-operation'); f.value = 'get_devices'; f.dispatchEvent(new Event('change'))")
        .await;
    page.wait_for("document.querySelectorAll('main tr.request').length === 2 && [...document.querySelectorAll('main tr.request')].every(r => r.innerText.includes('get_devices'))")
        .await;
    // A call made now shows up live under the filter, and what is being typed in a filter
    // survives the re-render.
    page.eval("const q = document.getElementById('f-q'); q.focus(); q.value = 'typing'")
        .await;
    world.api.get_devices(world.alice.clone()).await.unwrap();
    page.wait_for("document.querySelectorAll('main tr.request').length === 3")
        .await;
    assert_eq!(
        page.eval("[document.activeElement.id, document.activeElement.value]")
            .await,
        serde_json::json!(["f-q", "typing"])
    );
    // By device: the calls naming bob's device (none of get_devices does).
    let by_device = format!(
        "{}/_sim/ui/api/requests?device={}",
        world.server.root_url(),
        world.bob_device.as_str()
    );
    world
        .api
        .send_sms(
            world.bob.clone(),
            world.bob_device.clone(),
            OutgoingSms::new("+15551234567", "hi"),
        )
        .await
        .unwrap();
    let listed = reqwest::get(&by_device)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(listed["rows"][0]["operation"], "send_sms");
    page.screenshot("requests").await;
    assert_eq!(page.errors(), Vec::<String>::new(), "console errors");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_plan_set_in_the_form_fails_the_next_call_and_the_clock_expires_a_token() {
    let Some(chromium) = browser_or_skip("a_fault_plan_set_in_the_form") else {
        return;
    };
    let world = World::new(None).await;
    let browser = Browser::launch(&chromium).await;
    let page = browser.open(&world.ui("#controls")).await;
    page.wait_for("document.getElementById('fault-form')").await;
    // An invalid plan is refused with the server's reason, and nothing is set.
    page.eval(
        "const f = document.getElementById('fault-form'); f.elements.operation.value = 'get_devices'; \
         f.elements.trigger.value = 'probability'; f.elements.count.value = '2'; f.requestSubmit()",
    )
    .await;
    page.wait_for("document.getElementById('control-result').innerText.includes('probability 2 is not between 0 and 1')")
        .await;
    assert!(world.sim.fault_plan().rules.is_empty());
    page.eval(
        "const g = document.getElementById('fault-form'); g.elements.trigger.value = 'first_n'; \
         g.elements.count.value = '1'; g.elements.http.value = '503'; g.elements.status.value = '1'; \
         g.elements.message.value = 'planned outage'; g.requestSubmit()",
    )
    .await;
    page.wait_for("document.getElementById('fault-plan').innerText.includes('planned outage')")
        .await;
    page.screenshot("controls").await;
    let failed = world
        .api
        .get_devices(world.alice.clone())
        .await
        .unwrap_err();
    assert_eq!(failed.http_status(), Some(503), "{failed:?}");
    assert_eq!(failed.api_status().map(|s| s.code()), Some(1), "{failed:?}");
    assert!(failed.to_string().contains("planned outage"), "{failed}");
    world.api.get_devices(world.alice.clone()).await.unwrap();
    page.eval("document.getElementById('clear-faults').click()")
        .await;
    page.wait_for("document.getElementById('control-result').innerText === 'Fault plan cleared.'")
        .await;
    assert!(world.sim.fault_plan().rules.is_empty());

    // A message sent as bob from the form reaches alice's queue, and bob keeps no new token.
    let tokens = world
        .sim
        .world_page(kandy_sim::model::WorldKind::Tokens, "", 0, 10)
        .total;
    page.eval(&format!(
        "const s = document.getElementById('send-form'); s.elements.from.value = 'bob@{DOMAIN}'; \
         s.elements.to.value = 'alice@{DOMAIN}'; s.elements.text.value = 'poked by hand'; s.requestSubmit()"
    ))
    .await;
    page.wait_for("document.getElementById('control-result').innerText.startsWith('Sent as bob@')")
        .await;
    let queue = world.sim.device_queue(&world.alice_device).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].text(), Some("poked by hand"));
    assert_eq!(
        world
            .sim
            .world_page(kandy_sim::model::WorldKind::Tokens, "", 0, 10)
            .total,
        tokens
    );
    page.eval(
        "const t = document.getElementById('send-form'); t.elements.from.value = 'nobody@nowhere'; t.requestSubmit()",
    )
    .await;
    page.wait_for("document.getElementById('control-result').innerText === 'no such user'")
        .await;

    // The clock, advanced two days in the form, expires the tokens shown.
    page.eval(
        "const c = document.getElementById('clock-form'); c.elements.amount.value = '2'; \
         c.elements.unit.value = '86400000'; c.requestSubmit()",
    )
    .await;
    page.wait_for(
        "document.getElementById('control-result').innerText.startsWith('The clock is now')",
    )
    .await;
    page.eval("location.hash = '#world/tokens?q=alice'").await;
    page.wait_for("document.querySelector('main tbody tr .expired')")
        .await;
    let row = page
        .eval("document.querySelector('main tbody tr').innerText")
        .await;
    assert!(row.as_str().unwrap().contains("expired"), "{row}");
    page.screenshot("expired-token").await;
    let expired = world
        .api
        .get_devices(world.alice.clone())
        .await
        .unwrap_err();
    assert_eq!(
        expired.api_status().map(|s| s.code()),
        Some(10),
        "{expired:?}"
    );
    // The only errors are the refused plan's and the unknown sender's answers, which the
    // browser logs.
    let errors = page.errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("status of 400") && errors[0].contains("/_sim/faults"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("status of 404") && errors[1].contains("/_sim/ui/api/send"),
        "{errors:?}"
    );
    browser.close().await;
}

/// Serves one empty page, so that a tab can have another origin (another port).
async fn foreign_origin() -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut head = [0u8; 4096];
                let _ = stream.read(&mut head).await;
                let body = "<!doctype html><title>elsewhere</title><link rel=icon href=data:,><p>another site</p>";
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (addr, task)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_asked_once_and_a_page_of_another_origin_can_neither_read_nor_drive() {
    let Some(chromium) = browser_or_skip("the_token_is_asked_once") else {
        return;
    };
    let world = World::new(Some(ADMIN_TOKEN)).await;
    let browser = Browser::launch(&chromium).await;
    let page = browser.open(&world.ui("")).await;
    page.wait_for("document.getElementById('login').open").await;
    page.eval("document.getElementById('login-token').value = 'wrong'; document.getElementById('login-form').requestSubmit()")
        .await;
    page.wait_for("document.getElementById('login-error').innerText.includes('refused')")
        .await;
    page.eval(&format!(
        "document.getElementById('login-token').value = '{ADMIN_TOKEN}'; document.getElementById('login-form').requestSubmit()"
    ))
    .await;
    page.wait_for("!document.getElementById('login').open && document.querySelectorAll('main tbody tr').length === 2")
        .await;
    // The cookie is HttpOnly: the page's script cannot read it. A reload does not ask again.
    assert_eq!(page.eval("document.cookie").await, "");
    page.eval("window.__before_reload = true; location.reload()")
        .await;
    page.wait_for(
        "!window.__before_reload && document.readyState === 'complete' \
         && document.querySelectorAll('main tbody tr').length === 2",
    )
    .await;
    assert_eq!(
        page.eval("document.getElementById('login').open").await,
        false
    );
    page.screenshot("signed-in").await;
    // The page's own errors: the one 401 before signing in is expected and is the only one.
    let errors = page.errors();
    assert!(errors.iter().all(|e| e.contains("401")), "{errors:?}");

    // Another origin (another port of the same host: the same site, so the cookie is sent).
    let (addr, foreign) = foreign_origin().await;
    let version = world.sim.version();
    let now = world.sim.now_ms();
    let evil = browser.open(&format!("http://{addr}/")).await;
    let sim = format!("{}/", world.server.root_url());
    let attempts = evil
        .eval(&format!(
            r#"(async () => {{
              const sim = "{sim}";
              const out = {{}};
              const attempt = async (name, f) => {{ try {{ out[name] = await f(); }} catch (e) {{ out[name] = "blocked: " + e.name; }} }};
              await attempt("read_world", async () => (await fetch(sim + "_sim/ui/api/world", {{credentials: "include"}})).status);
              await attempt("read_page", async () => (await (await fetch(sim + "_sim/ui/", {{credentials: "include"}})).text()).length);
              await attempt("advance_json", async () => (await fetch(sim + "_sim/clock/advance", {{method: "POST", credentials: "include",
                headers: {{"Content-Type": "application/json"}}, body: '{{"millis": 86400000}}'}})).status);
              await attempt("reset_no_cors", async () => (await fetch(sim + "_sim/reset", {{method: "POST", mode: "no-cors",
                credentials: "include", body: "{{}}"}})).type);
              await attempt("faults_no_cors", async () => (await fetch(sim + "_sim/faults", {{method: "POST", mode: "no-cors",
                credentials: "include", headers: {{"Content-Type": "text/plain"}},
                body: '{{"rules":[{{"trigger":"always","effect":"reset"}}]}}'}})).type);
              out.events = await new Promise((done) => {{
                const source = new EventSource(sim + "_sim/ui/events", {{withCredentials: true}});
                source.onmessage = source.onopen = () => {{ source.close(); done("opened"); }};
                source.onerror = () => {{ source.close(); done("blocked"); }};
                setTimeout(() => done("timeout"), 5000);
              }});
              out.frame = await new Promise((done) => {{
                const frame = document.createElement("iframe");
                frame.src = sim + "_sim/ui/";
                frame.onload = () => {{ try {{ done(frame.contentDocument ? "readable" : "opaque"); }} catch (e) {{ done("opaque"); }} }};
                document.body.append(frame);
                setTimeout(() => done("timeout"), 5000);
              }});
              return out;
            }})()"#
        ))
        .await;
    foreign.abort();
    assert_eq!(attempts["read_world"], "blocked: TypeError", "{attempts}");
    assert_eq!(attempts["read_page"], "blocked: TypeError", "{attempts}");
    assert_eq!(attempts["advance_json"], "blocked: TypeError", "{attempts}");
    assert_eq!(attempts["reset_no_cors"], "opaque", "{attempts}");
    assert_eq!(attempts["faults_no_cors"], "opaque", "{attempts}");
    assert_eq!(attempts["events"], "blocked", "{attempts}");
    assert_eq!(attempts["frame"], "opaque", "{attempts}");
    // Nothing was driven: the clock, the plan and the state are as they were.
    assert_eq!(world.sim.now_ms(), now);
    assert!(world.sim.fault_plan().rules.is_empty());
    assert_eq!(world.sim.version(), version, "no call reached the model");
    assert_eq!(
        world
            .sim
            .world_page(kandy_sim::model::WorldKind::Users, "", 0, 10)
            .total,
        2
    );
    evil.screenshot("foreign-origin").await;
    browser.close().await;
}

/// The cookie over plain HTTP: accepted as the bearer token is, refused when wrong; only the
/// static page is served without a token; login needs the token and sets a strict cookie.
#[tokio::test]
async fn the_admin_guard_takes_the_dashboard_cookie_instead_of_the_header() {
    let world = World::new(Some(ADMIN_TOKEN)).await;
    let http = reqwest::Client::new();
    let root = format!("{}/", world.server.root_url());
    let get = |path: &str, cookie: Option<&str>| {
        let mut request = http.get(format!("{root}{path}"));
        if let Some(cookie) = cookie {
            request = request.header("Cookie", cookie);
        }
        request.send()
    };
    let good = format!("other=1; kandy_sim_admin={ADMIN_TOKEN}");
    assert_eq!(get("_sim/sms", Some(&good)).await.unwrap().status(), 200);
    assert_eq!(
        get("_sim/ui/api/world", Some(&good))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        get("_sim/sms", Some("kandy_sim_admin=nope"))
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(get("_sim/sms", None).await.unwrap().status(), 401);
    assert_eq!(get("_sim/ui/events", None).await.unwrap().status(), 401);
    let page = get("_sim/ui/", None).await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(page.headers().get("access-control-allow-origin").is_none());
    assert!(page.text().await.unwrap().contains("<h1>kandy-sim</h1>"));

    let login = |token: &str| {
        http.post(format!("{root}_sim/ui/login"))
            .header("Authorization", format!("Bearer {token}"))
            .send()
    };
    assert_eq!(login("nope").await.unwrap().status(), 401);
    let answer = login(ADMIN_TOKEN).await.unwrap();
    assert_eq!(answer.status(), 200);
    let cookie = answer.headers()["set-cookie"].to_str().unwrap();
    assert_eq!(
        cookie,
        format!("kandy_sim_admin={ADMIN_TOKEN}; Path=/_sim; HttpOnly; SameSite=Strict")
    );
    // A foreign Origin is refused even with the cookie.
    let foreign = http
        .post(format!("{root}_sim/reset"))
        .header("Cookie", &good)
        .header("Origin", "http://127.0.0.1:1")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    // The lists page on the server, newest first.
    let sms = get("_sim/ui/api/sms?limit=1&offset=0", Some(&good))
        .await
        .unwrap();
    let sms: serde_json::Value = serde_json::from_str(&sms.text().await.unwrap()).unwrap();
    assert_eq!(sms["total"], 0);
    let bad = get("_sim/ui/api/world?kind=nothing", Some(&good))
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let users = get("_sim/ui/api/world?kind=users&q=ALI&limit=1", Some(&good))
        .await
        .unwrap();
    let users: serde_json::Value = serde_json::from_str(&users.text().await.unwrap()).unwrap();
    assert_eq!(users["total"], 1, "{users}");
    assert_eq!(users["rows"][0]["full_user_id"], format!("alice@{DOMAIN}"));
}

/// A world of thousands of users answers one page at a time, searched on the server.
#[tokio::test]
async fn a_large_world_is_paged_and_searched_on_the_server() {
    let world = World::new(None).await;
    let model_users = 5_000;
    for i in 0..model_users {
        world
            .sim
            .create_user_by_user_id(world.domain.clone(), NewUser::new(format!("user{i:05}")))
            .await
            .unwrap();
    }
    let http = reqwest::Client::new();
    let root = world.server.root_url();
    let page = |query: &'static str| {
        let http = http.clone();
        let url = format!("{root}/_sim/ui/api/world?{query}");
        async move {
            let text = http.get(url).send().await.unwrap().text().await.unwrap();
            (
                text.len(),
                serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            )
        }
    };
    let (size, users) = page("kind=users&offset=4000&limit=50").await;
    assert_eq!(users["total"], model_users + 2);
    assert_eq!(users["rows"].as_array().unwrap().len(), 50);
    assert_eq!(
        users["rows"][0]["full_user_id"],
        format!("user03998@{DOMAIN}")
    );
    assert!(size < 32 * 1024, "a page is small: {size} bytes");
    let (_, capped) = page("kind=devices&limit=100000").await;
    assert_eq!(
        capped["rows"].as_array().unwrap().len(),
        200,
        "at most 200 rows"
    );
    let (_, found) = page("kind=users&q=USER0420").await;
    assert_eq!(found["total"], 10, "user04200 to user04209");
    let counts = &found["counts"];
    assert!(
        counts
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c[0] == "users" && c[1] == model_users + 2),
        "{counts}"
    );
}

/// Reads from an event stream until a whole `change` event has arrived; its data.
async fn next_change(response: &mut reqwest::Response, buffer: &mut String) -> serde_json::Value {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                assert!(event.contains("event: change"), "{event}");
                return serde_json::from_str(data).unwrap();
            }
            continue; // a keep-alive comment
        }
        let chunk = response
            .chunk()
            .await
            .unwrap()
            .expect("the stream stays open");
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}

/// The event stream: one event on connecting, one per change, none while nothing changes;
/// the operator's send as a user, over HTTP, and its refusals.
#[tokio::test]
async fn events_come_on_changes_only_and_send_as_refuses_as_the_api_does() {
    let world = World::new(None).await;
    let http = reqwest::Client::new();
    let root = world.server.root_url();
    let mut events = http
        .get(format!("{root}/_sim/ui/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut buffer = String::new();
    let first = next_change(&mut events, &mut buffer).await;
    assert_eq!(first["version"], world.sim.version());
    // Nothing changes: nothing is sent.
    let quiet = tokio::time::timeout(
        std::time::Duration::from_millis(600),
        next_change(&mut events, &mut buffer),
    )
    .await;
    assert!(quiet.is_err(), "an event without a change: {quiet:?}");
    let send = |body: serde_json::Value| {
        http.post(format!("{root}/_sim/ui/api/send"))
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .send()
    };
    let sent = send(serde_json::json!({
        "from": format!("alice@{DOMAIN}"), "to": format!("bob@{DOMAIN}"), "text": "over HTTP"
    }))
    .await
    .unwrap();
    assert_eq!(sent.status(), 200);
    let change = next_change(&mut events, &mut buffer).await;
    assert!(
        change["version"].as_u64() > first["version"].as_u64(),
        "{change}"
    );
    assert_eq!(
        world.sim.device_queue(&world.bob_device).unwrap()[0].text(),
        Some("over HTTP")
    );
    for (body, status) in [
        (
            serde_json::json!({"from": "alice", "to": "bob", "text": "x"}),
            400,
        ),
        (
            serde_json::json!({"from": "zed@dash.kandy.io", "to": "bob", "text": "x"}),
            404,
        ),
        (
            serde_json::json!({"from": format!("alice@{DOMAIN}"), "to": "nobody@dash.kandy.io", "text": "x"}),
            404,
        ),
        (
            serde_json::json!({"from": format!("alice@{DOMAIN}"), "device_id": "nope", "to": format!("bob@{DOMAIN}"), "text": "x"}),
            404,
        ),
        (serde_json::json!({"from": 1}), 400),
    ] {
        let answer = send(body.clone()).await.unwrap();
        assert_eq!(answer.status(), status, "{body}");
    }
    assert_eq!(world.sim.device_queue(&world.bob_device).unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_controls_create_an_account_reset_and_restore_a_snapshot() {
    let Some(chromium) = browser_or_skip("the_controls_create_an_account") else {
        return;
    };
    let world = World::new(None).await;
    let browser = Browser::launch(&chromium).await;
    let page = browser.open(&world.ui("#controls")).await;
    page.wait_for("document.getElementById('account-form')")
        .await;
    page.eval("document.getElementById('account-form').requestSubmit()")
        .await;
    page.wait_for("document.getElementById('control-result').innerText.startsWith('Account created: key AAK')")
        .await;
    let accounts = kandy_sim::model::WorldKind::Accounts;
    assert_eq!(world.sim.world_page(accounts, "", 0, 10).total, 2);
    // The download link is the admin snapshot; saved, reset, restored from the file input.
    let snapshot = page
        .eval("fetch(document.querySelector('a[download]').href).then(r => r.text())")
        .await;
    let snapshot = snapshot.as_str().unwrap();
    assert!(snapshot.starts_with("{\"format\":1"), "{}", &snapshot[..40]);
    let file = std::env::temp_dir().join(format!("kandy-dashboard-{}.json", std::process::id()));
    std::fs::write(&file, snapshot).unwrap();
    page.eval("document.getElementById('reset-form').requestSubmit()")
        .await;
    page.wait_for(
        "document.getElementById('control-result').innerText === 'Everything was reset.'",
    )
    .await;
    assert_eq!(world.sim.world_page(accounts, "", 0, 10).total, 0);
    page.set_file("#restore-form input[type=file]", &file).await;
    page.eval("document.getElementById('restore-form').requestSubmit()")
        .await;
    page.wait_for("document.getElementById('control-result').innerText === 'Snapshot restored.'")
        .await;
    let _ = std::fs::remove_file(&file);
    assert_eq!(world.sim.world_page(accounts, "", 0, 10).total, 2);
    let users = world
        .sim
        .world_page(kandy_sim::model::WorldKind::Users, "", 0, 10);
    assert_eq!(users.total, 2);
    page.screenshot("restored").await;
    assert_eq!(page.errors(), Vec::<String>::new(), "console errors");
    browser.close().await;
}
