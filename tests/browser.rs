//! A browser test: a plain-JavaScript page of the project's own (tests/browser/page.html, no
//! kandy.js), served by this test from its own origin, logs two users in as kandy.js 2.2.1
//! does, opens their data channels on the simulator's server, receives a chat and a group
//! invite as pushes (the page never polls), and exchanges session data in a session; headless
//! Chromium runs it. Skipped, loudly, only when no Chromium binary is found (`CHROMIUM`, else
//! `/usr/bin/chromium`; `.ci/run` installs Debian's `chromium`).

use kandy_core::*;
use kandy_sim::Simulator;
use kandy_sim::server::Server;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

const PAGE: &str = include_str!("browser/page.html");
const PASSWORD: &str = "open2sesame9";
const DOMAIN: &str = "browser.kandy.io";
/// How long the whole page may take (Chromium's start included).
const BUDGET: Duration = Duration::from_secs(60);

fn chromium() -> Option<PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/usr/bin/chromium")))
        .filter(|path| path.exists())
}

/// Reads one HTTP/1.1 request: its request line and its body (by `Content-Length`).
async fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buffer.len() > 64 * 1024 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((head.lines().next()?.to_owned(), body))
}

/// Serves the page at `/` and takes the page's report at `POST /report`.
async fn page_server(listener: TcpListener, reports: mpsc::Sender<Value>) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let reports = reports.clone();
        tokio::spawn(async move {
            let Some((line, body)) = read_request(&mut stream).await else {
                return;
            };
            let (status, content_type, answer) =
                if line.starts_with("GET / ") || line.starts_with("GET /?") {
                    (
                        "200 OK",
                        "text/html; charset=utf-8",
                        PAGE.as_bytes().to_vec(),
                    )
                } else if line.starts_with("POST /report ") {
                    let report = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    let _ = reports.send(report).await;
                    ("200 OK", "text/plain", b"thanks".to_vec())
                } else {
                    ("404 Not Found", "text/plain", b"not here".to_vec())
                };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                answer.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&answer).await;
        });
    }
}

/// The simulator's world: a domain with alice and bob, who log in by password.
async fn world(sim: &Simulator) -> DomainApiKey {
    let account = sim.create_account();
    let account_token = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let domain = sim
        .create_domain(account_token, NewDomain::new(DOMAIN))
        .await
        .unwrap();
    let domain_token = sim
        .get_domain_access_token(domain.domain_api_key.clone(), domain.domain_api_secret)
        .await
        .unwrap();
    for user in ["alice", "bob"] {
        let new = NewUser::new(user).password(UserPassword::new(PASSWORD));
        sim.create_user_by_user_id(domain_token.clone(), new)
            .await
            .unwrap();
    }
    domain.domain_api_key
}

fn query_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_page_in_headless_chromium_gets_pushes_and_exchanges_session_data() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "SKIPPED a_plain_page_in_headless_chromium_gets_pushes_and_exchanges_session_data: \
             no Chromium binary (set CHROMIUM or install Debian's `chromium`)"
        );
        return;
    };
    let sim = Simulator::builder().seed(6).build();
    let key = world(&sim).await;
    let server = Server::bind("127.0.0.1:0", sim.clone()).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let page_addr = listener.local_addr().unwrap();
    let (reports, mut received) = mpsc::channel(1);
    let pages = tokio::spawn(page_server(listener, reports));

    let api = format!("http://{}/v1.2", server.local_addr());
    let url = format!(
        "http://{page_addr}/?api={}&dak={}&password={PASSWORD}&alice=alice&bob=bob&domain={DOMAIN}",
        query_escape(&api),
        query_escape(key.expose_secret()),
    );
    let profile = std::env::temp_dir().join(format!(
        "kandy-browser-{}-{}",
        std::process::id(),
        page_addr.port()
    ));
    let mut browser = tokio::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromium starts");
    let report = tokio::time::timeout(BUDGET, received.recv()).await;
    let _ = browser.kill().await;
    pages.abort();
    let _ = std::fs::remove_dir_all(&profile);
    let report = report
        .expect("the page reports within the budget")
        .expect("a report");
    assert_eq!(report["ok"], true, "the page failed: {report}");

    let alice = format!("alice@{DOMAIN}");
    let bob = format!("bob@{DOMAIN}");
    let chat = &report["chat"]["message"];
    assert_eq!(chat["message"]["text"], "hello from bob");
    assert_eq!(chat["sender"]["full_user_id"], bob.as_str());
    let invite = &report["invite"]["message"];
    assert_eq!(invite["group_id"], report["groupId"]);
    assert_eq!(invite["group_name"], "Browsers");
    assert_eq!(invite["invitees"][0], alice.as_str());
    assert_eq!(report["fromBob"]["session_id"], report["sessionId"]);
    assert_eq!(report["fromBob"]["source"], bob.as_str());
    assert_eq!(report["fromBob"]["payload"]["from"], "bob");
    assert_eq!(report["fromAlice"]["destination"], bob.as_str());
    assert_eq!(report["fromAlice"]["payload"]["n"], 2);
    for answer in ["bobsAnswer", "alicesAnswer"] {
        assert_eq!(report[answer]["status"], 0, "{answer}: {report}");
        assert_eq!(report[answer]["message"], "success");
    }
    assert!(
        report["userAgent"]
            .as_str()
            .unwrap_or("")
            .contains("Chrome"),
        "{report}"
    );
    // The pushes came without a poll: no call read a device's queue.
    let log = reqwest::get(format!("{}/_sim/requests", server.root_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let log: Value = serde_json::from_str(&log).unwrap();
    let operations: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|entry| entry["operation"].as_str())
        .collect();
    assert!(operations.contains(&"get_data_channel"), "{operations:?}");
    assert!(
        !operations.contains(&"get_pending_messages"),
        "{operations:?}"
    );
    assert_eq!(
        sim.open_data_channels(),
        0,
        "closing the browser closed both sockets"
    );
}
