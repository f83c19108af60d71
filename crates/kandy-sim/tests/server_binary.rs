//! The `kandy-sim serve` binary: first line, flags, graceful shutdown, state kept in a file.

#![cfg(feature = "server")]

mod server_support;

use serde_json::json;
use server_support::*;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const BIN: &str = env!("CARGO_BIN_EXE_kandy-sim");
const KEY: &str = "AAK00112233445566778899aabbccddeeff";
const SECRET: &str = "AAS00112233445566778899aabbccddeeff";

struct Running {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Running {
    let mut child = Command::new(BIN)
        .arg("serve")
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("a first line");
    let addr = line
        .strip_prefix("listening on http://")
        .and_then(|rest| rest.strip_suffix("/v1.2/\n"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    Running {
        addr: addr.parse().expect("an address"),
        child,
    }
}

/// Sends SIGTERM and waits for a clean exit; returns standard error.
fn terminate(mut running: Running) -> String {
    let status = Command::new("kill")
        .args(["-TERM", &running.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = running.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let mut stderr = String::new();
    running
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("kandy-sim-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_explains_every_flag() {
    let output = Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in ["--addr", "--seed", "--account", "--state", "port 0"] {
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
