//! The `kandy-sim serve` binary: first line, flags, graceful shutdown, state kept in a file.

#![cfg(feature = "server")]

mod server_support;

use serde_json::json;
use server_support::binary::*;
use server_support::*;
use std::path::Path;
use std::process::Command;

const KEY: &str = "AAK00112233445566778899aabbccddeeff";
const SECRET: &str = "AAS00112233445566778899aabbccddeeff";

#[test]
fn help_explains_every_flag() {
    let output = Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--addr",
        "--seed",
        "--account",
        "--account-file",
        "KANDY_SIM_ACCOUNTS",
        "--allow-host",
        "--admin-token",
        "KANDY_SIM_ADMIN_TOKEN",
        "--state",
        "--max-body-bytes",
        "--max-upload-bytes",
        "--max-content-bytes",
        "--max-domain-content-bytes",
        "--max-devices-per-user",
        "--max-queued-per-device",
        "--max-queued",
        "--max-message-bytes",
        "--max-recipients",
        "--max-users-per-domain",
        "--max-tokens-per-user",
        "--max-connections",
        "--header-timeout",
        "--body-timeout",
        "--request-timeout",
        "port 0",
        "process list",
    ] {
        assert!(help.contains(flag), "{flag} is not explained:\n{help}");
    }
}

#[test]
fn a_malformed_account_flag_fails_without_printing_it() {
    let secret_like = "AASdeadbeefdeadbeefdeadbeefdeadbeef";
    let output = Command::new(BIN)
        .args(["serve", "--account", secret_like])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--account #1"), "{stderr}");
    assert!(!stderr.contains(secret_like), "{stderr}");
}

#[tokio::test]
async fn serves_on_a_free_port_and_stops_on_sigterm() {
    let running = start(&[
        "--addr",
        "127.0.0.1:0",
        "--seed",
        "7",
        "--account",
        &format!("{KEY}:{SECRET}"),
    ]);
    assert_ne!(running.addr.port(), 0);
    let token = get(
        running.addr,
        &format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"),
    )
    .await
    .result();
    assert!(
        token["account_access_token"]
            .as_str()
            .unwrap()
            .starts_with("AAT")
    );
    assert_eq!(get(running.addr, "/_sim/sms").await.json(), json!([]));
    terminate(running);
}

#[tokio::test]
async fn a_restart_with_state_loses_nothing() {
    let dir = temp_dir("state");
    let state = dir.join("sim.json");
    let state_arg = state.to_str().unwrap().to_owned();
    let account = format!("{KEY}:{SECRET}");
    let args = ["--state", state_arg.as_str(), "--account", account.as_str()];

    let first = start(&args);
    let aat = get(
        first.addr,
        &format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    send(
        first.addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(r#"{"domain_name":"kept.example"}"#),
    )
    .await
    .result();
    let snapshot = get(first.addr, "/_sim/snapshot").await.json();
    let stderr = terminate(first);
    assert!(state.exists(), "saved on shutdown; stderr: {stderr}");
    assert_no_temp_files(&dir);

    let second = start(&args);
    assert_eq!(get(second.addr, "/_sim/snapshot").await.json(), snapshot);
    let domains = get(second.addr, &format!("/v1.2/accounts/domains?key={aat}"))
        .await
        .result();
    assert_eq!(domains["domains"][0]["domain_name"], "kept.example");
    terminate(second);
    let _ = std::fs::remove_dir_all(&dir);
}

fn assert_no_temp_files(dir: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["sim.json", "sim.json.lock"]);
}

/// A generated account's key, from a fresh server started with `args`.
async fn generated_key(args: &[&str]) -> String {
    let running = start(args);
    let account = send(running.addr, "POST", "/_sim/accounts", Some("{}"))
        .await
        .json();
    terminate(running);
    account["account_api_key"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_seed_is_optional_and_deterministic_when_given() {
    let seeded = generated_key(&["--seed", "7"]).await;
    assert_eq!(generated_key(&["--seed", "7"]).await, seeded);
    assert_ne!(generated_key(&["--seed", "8"]).await, seeded);
    let unseeded = generated_key(&[]).await;
    assert!(
        unseeded.starts_with("AAK") && unseeded.len() == 35,
        "{unseeded}"
    );
}

/// 300 clients that send a head and a Content-Length, then nothing, against a server with
/// 256 file descriptors (the macOS default): the stalled bodies are cut, and a normal client
/// is served. Before the body timeout, the server never answered it again.
#[tokio::test]
async fn three_hundred_stalled_bodies_do_not_starve_the_server() {
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            "ulimit -n 256 && exec \"$0\" serve --body-timeout 1s",
            BIN,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let running = spawn(command);
    let addr = running.addr;
    let head = "POST /v1.2/accounts/domains?key=AAT0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{";
    let mut stalled = Vec::new();
    for _ in 0..300 {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        tokio::io::AsyncWriteExt::write_all(&mut stream, head.as_bytes())
            .await
            .unwrap();
        stalled.push(stream);
    }
    let reply = answers_within(
        addr,
        &request_bytes("GET", "/_sim/sms", None),
        std::time::Duration::from_secs(20),
    )
    .await
    .expect("a normal client is served while 300 bodies stall");
    assert_eq!(reply.unwrap().status, 200);
    drop(stalled);
    terminate(running);
}

/// Logs in over HTTP: the account's token, a new domain, a user of it and the user's token
/// and default device.
async fn user_over_http(addr: std::net::SocketAddr) -> (String, String) {
    let aat = get(
        addr,
        &format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let domain = send(
        addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(r#"{"domain_name":"files.example"}"#),
    )
    .await
    .result();
    let (dak, das) = (
        domain["domain_api_key"].as_str().unwrap(),
        domain["domain_api_secret"].as_str().unwrap(),
    );
    let dat = get(
        addr,
        &format!("/v1.2/domains/accesstokens?key={dak}&domain_api_secret={das}"),
    )
    .await
    .result()["domain_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    send(
        addr,
        "POST",
        &format!("/v1.2/domains/users/user_id?key={dat}"),
        Some(r#"{"user_id":"alice"}"#),
    )
    .await
    .result();
    let uat = get(
        addr,
        &format!(
            "/v1.2/domains/users/accesstokens?key={dak}&domain_api_secret={das}&user_id=alice"
        ),
    )
    .await
    .result()["user_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let device = get(addr, &format!("/v1.2/users/devices?key={uat}"))
        .await
        .result()["devices"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (uat, device)
}

/// A multipart upload of `bytes` as `notes.txt`; the answer.
async fn upload_text(addr: std::net::SocketAddr, uat: &str, device: &str, bytes: &[u8]) -> Reply {
    let boundary = "binaryTestBoundary42";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n\
         Content-Type: text/plain\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut raw = format!(
        "POST /v1.2/devices/content?key={uat}&device_id={device}&content_uuid=notes-1&content_type=text/plain HTTP/1.1\r\n\
         Host: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(&body);
    exchange(addr, &raw, std::time::Duration::from_secs(20))
        .await
        .expect("an answer")
}

#[tokio::test]
async fn content_limits_are_flags_and_the_content_survives_a_restart() {
    let dir = temp_dir("content");
    let state = dir.join("sim.json");
    let state_arg = state.to_str().unwrap().to_owned();
    let account = format!("{KEY}:{SECRET}");
    let args = [
        "--state",
        state_arg.as_str(),
        "--account",
        account.as_str(),
        "--max-content-bytes",
        "2000",
    ];
    let first = start(&args);
    let (uat, device) = user_over_http(first.addr).await;
    let message = upload_text(first.addr, &uat, &device, &[b'x'; 2001])
        .await
        .refused(413, 17);
    assert!(message.contains("2000 bytes"), "{message}");
    upload_text(first.addr, &uat, &device, b"kept across restarts")
        .await
        .result();
    terminate(first);
    // The content is in the state file (base64 in its snapshot), restored at the next start.
    let saved = std::fs::read_to_string(&state).unwrap();
    assert!(
        saved.contains("\"content\""),
        "the state file holds the content"
    );
    // The flags of the second start apply, not the limits saved with the first.
    let mut second_args = args.to_vec();
    second_args[5] = "3000";
    let second = start(&second_args);
    upload_text(second.addr, &uat, &device, &[b'y'; 2500])
        .await
        .refused(409, 50);
    let file = get(
        second.addr,
        &format!("/v1.2/devices/content?key={uat}&device_id={device}&content_uuid=notes-1"),
    )
    .await;
    assert_eq!(file.status, 200, "{}", file.text());
    assert_eq!(file.body, b"kept across restarts");
    assert_eq!(file.header("content-type"), Some("text/plain"));
    terminate(second);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The account key a fresh server generates, and its token.
async fn generated_credentials(args: &[&str]) -> (String, String) {
    let running = start(args);
    let account = send(running.addr, "POST", "/_sim/accounts", Some("{}"))
        .await
        .json();
    let (key, secret) = (
        account["account_api_key"].as_str().unwrap().to_owned(),
        account["account_api_secret"].as_str().unwrap().to_owned(),
    );
    let token = get(
        running.addr,
        &format!("/v1.2/accounts/accesstokens?key={key}&account_api_secret={secret}"),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    terminate(running);
    (key, token)
}

#[tokio::test]
async fn without_a_seed_each_run_generates_other_keys_and_with_one_the_same() {
    let (a, b) = (
        generated_credentials(&[]).await,
        generated_credentials(&[]).await,
    );
    assert_ne!(a.0, b.0, "keys differ between runs");
    assert_ne!(a.1, b.1, "tokens differ between runs");
    let seeded = ["--seed", "42"];
    assert_eq!(
        generated_credentials(&seeded).await,
        generated_credentials(&seeded).await
    );
}

#[tokio::test]
async fn model_limits_given_as_flags_refuse_with_429_and_413() {
    let running = start(&[
        "--account",
        &format!("{KEY}:{SECRET}"),
        "--max-devices-per-user",
        "1",
        "--max-message-bytes",
        "200",
    ]);
    let addr = running.addr;
    let aat = get(
        addr,
        &format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let domain = send(
        addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(r#"{"domain_name":"limits.kandy.io"}"#),
    )
    .await
    .result();
    let (dak, das) = (
        domain["domain_api_key"].as_str().unwrap(),
        domain["domain_api_secret"].as_str().unwrap(),
    );
    let dat = get(
        addr,
        &format!("/v1.2/domains/accesstokens?key={dak}&domain_api_secret={das}"),
    )
    .await
    .result()["domain_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    send(
        addr,
        "POST",
        &format!("/v1.2/domains/users/user_id?key={dat}"),
        Some(r#"{"user_id":"alice","user_country_code":"US"}"#),
    )
    .await
    .result();
    let uat = get(
        addr,
        &format!(
            "/v1.2/domains/users/accesstokens?key={dak}&domain_api_secret={das}&user_id=alice"
        ),
    )
    .await
    .result()["user_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let second = send(
        addr,
        "POST",
        &format!("/v1.2/users/devices?key={uat}"),
        Some(r#"{"device_native_id":"n2"}"#),
    )
    .await;
    second.refused(429, 12);
    let device = get(addr, &format!("/v1.2/users/devices?key={uat}"))
        .await
        .result()["devices"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let big = format!(
        r#"{{"message":{{"contentType":"text","destination":"alice","UUID":"0123456789abcdef0123456789abcdef","message":{{"mimeType":"text/plain","text":"{}"}}}}}}"#,
        "x".repeat(500)
    );
    let too_large = send(
        addr,
        "POST",
        &format!("/v1.2/devices/messages?key={uat}&device_id={device}"),
        Some(&big),
    )
    .await;
    too_large.refused(413, 17);
    terminate(running);
}
