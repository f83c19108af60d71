//! `kandy-sim serve --state FILE`: checked and locked at start, written atomically with mode
//! 0600 through an unpredictable temporary file, saved on every SIGTERM after the first line.

#![cfg(all(feature = "server", unix))]

mod server_support;

use server_support::binary::*;
use server_support::*;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

const KEY: &str = "AAK00112233445566778899aabbccddeeff";
const SECRET: &str = "AAS00112233445566778899aabbccddeeff";

fn account() -> String {
    format!("{KEY}:{SECRET}")
}

fn state_in(name: &str) -> (PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let state = dir.join("sim.json");
    (dir, state)
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_state_file_in_a_missing_directory_is_refused_at_start() {
    let (dir, _) = state_in("missing");
    let state = dir.join("no-such-dir").join("sim.json");
    let output = run_to_end(&["--state", state.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "it never listened");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no-such-dir") && stderr.contains("directory"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_state_file_is_a_clear_error_naming_the_file() {
    let (dir, state) = state_in("bad");
    // A snapshot that reads but does not hold together: refused by the restore, not the parse.
    let sim = kandy_sim::Simulator::new();
    sim.create_account();
    let mut inconsistent = sim.snapshot().to_value();
    let accounts = inconsistent["accounts"].as_object_mut().unwrap();
    accounts.values_mut().next().unwrap()["number"] = serde_json::json!("00000007");
    let inconsistent = inconsistent.to_string();
    for (content, problem) in [
        ("not json", "not JSON"),
        (r#"{"not":"a state"}"#, "not a simulator state"),
        (inconsistent.as_str(), "not a simulator state"),
    ] {
        std::fs::write(&state, content).unwrap();
        let output = run_to_end(&["--state", state.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "a CLI error, exit code 1");
        assert!(output.stdout.is_empty(), "it never listened");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(state.to_str().unwrap()) && stderr.contains(problem),
            "{stderr}"
        );
        assert!(
            !stderr.contains("HTTP 400") && !stderr.contains("status 17"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(&state).unwrap(),
            content,
            "left as it was"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_server_on_the_same_state_file_refuses_to_start() {
    let (dir, state) = state_in("twice");
    let state_arg = state.to_str().unwrap();
    let first = start(&["--state", state_arg, "--account", &account()]);
    let second = run_to_end(&["--state", state_arg]);
    assert!(!second.status.success());
    assert!(second.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("another kandy-sim") && stderr.contains(state_arg),
        "{stderr}"
    );
    terminate(first);
    assert!(
        std::fs::read_to_string(&state).unwrap().contains(KEY),
        "the first one saved"
    );
    // Once the first has stopped, the file is free again.
    terminate(start(&["--state", state_arg]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_state_file_is_mode_0600_and_leftover_temporaries_are_removed() {
    let (dir, state) = state_in("mode");
    let state_arg = state.to_str().unwrap();
    terminate(start(&["--state", state_arg, "--account", &account()]));
    assert_eq!(mode(&state), 0o600, "the file holding every secret");
    assert_eq!(mode(&dir.join("sim.json.lock")), 0o600);
    // What a crash during a save leaves, and a file of the user's that only looks alike.
    let leftover = dir.join(".sim.json.0123456789abcdef0123456789abcdef.tmp");
    std::fs::write(&leftover, "half a state").unwrap();
    std::fs::write(dir.join(".sim.json.notes.tmp"), "mine").unwrap();
    terminate(start(&["--state", state_arg]));
    assert_eq!(
        names(&dir),
        [".sim.json.notes.tmp", "sim.json", "sim.json.lock"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_symlink_planted_at_the_old_temporary_name_is_never_followed() {
    let (dir, state) = state_in("symlink");
    let outside = temp_dir("symlink-target").join("precious.txt");
    std::fs::write(&outside, "precious").unwrap();
    let running = start(&["--state", state.to_str().unwrap(), "--account", &account()]);
    // The name a save used to write through: `.NAME.PID.tmp`.
    let planted = dir.join(format!(".sim.json.{}.tmp", running.child.id()));
    symlink(&outside, &planted).unwrap();
    terminate(running);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
    let metadata = std::fs::symlink_metadata(&state).unwrap();
    assert!(
        metadata.file_type().is_file(),
        "the state file is a file, not a link"
    );
    assert!(std::fs::read_to_string(&state).unwrap().contains(KEY));
    assert!(
        std::fs::symlink_metadata(&planted)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(outside.parent().unwrap());
}

#[test]
fn sigterm_right_after_the_first_line_saves_the_state_every_time() {
    let (dir, state) = state_in("sigterm");
    let state_arg = state.to_str().unwrap();
    for attempt in 0..20 {
        let _ = std::fs::remove_file(&state);
        let mut running = start(&["--state", state_arg, "--account", &account()]);
        kill(running.child.id(), "-TERM");
        let exit = wait_exit(&mut running.child);
        assert!(exit.success(), "attempt {attempt}: {exit:?}");
        let saved = std::fs::read_to_string(&state).unwrap_or_default();
        assert!(saved.contains(KEY), "attempt {attempt}: nothing saved");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Fills the state with about 10 MB of queued messages, so that a save takes a while.
async fn fill(addr: std::net::SocketAddr) {
    let aat = get(
        addr,
        &format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = r#"{"domain_name":"big.example"}"#;
    let domain = send(
        addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(body),
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
    let user = r#"{"user_id":"ann","user_country_code":"US"}"#;
    send(
        addr,
        "POST",
        &format!("/v1.2/domains/users/user_id?key={dat}"),
        Some(user),
    )
    .await
    .result();
    let uat = get(
        addr,
        &format!("/v1.2/domains/users/accesstokens?key={dak}&domain_api_secret={das}&user_id=ann"),
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
    let text = "x".repeat(200_000);
    for i in 0..50 {
        let uuid = format!("{i:032x}");
        let target = format!("/v1.2/devices/messages?key={uat}&device_id={device}");
        send(
            addr,
            "POST",
            &target,
            Some(&im("ann@big.example", &uuid, &text)),
        )
        .await
        .result();
    }
}

#[tokio::test]
async fn a_kill_during_a_save_leaves_a_loadable_file_and_no_temporary_behind() {
    let (dir, state) = state_in("crash");
    let state_arg = state.to_str().unwrap().to_owned();
    let filling = start(&["--state", &state_arg, "--account", &account()]);
    fill(filling.addr).await;
    // How long a save takes here, from SIGTERM to the exit.
    let started = std::time::Instant::now();
    terminate(filling);
    let save = started.elapsed();
    let mut interrupted = 0;
    for step in 0..4u32 {
        let mut running = start(&["--state", &state_arg]);
        kill(running.child.id(), "-TERM");
        // From the start of the save to its very end, where the temporary file is written.
        std::thread::sleep(save * (2 + step) / 6);
        kill(running.child.id(), "-KILL");
        let _ = wait_exit(&mut running.child);
        interrupted += usize::from(names(&dir).len() > 2);
        // Whatever the moment, the next start loads a whole file and cleans up.
        let next = start(&["--state", &state_arg]);
        let snapshot = get(next.addr, "/_sim/snapshot").await;
        assert_eq!(snapshot.status, 200);
        assert!(
            snapshot.body.len() > 1_000_000,
            "the messages survived (step {step})"
        );
        assert_eq!(names(&dir), ["sim.json", "sim.json.lock"], "step {step}");
        terminate(next);
    }
    // The text is streamed into the temporary file, so the kills land while it exists.
    assert!(interrupted > 0, "no kill landed during a save ({save:?})");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A domain on a served binary, with users made through the wire: their user tokens by id.
async fn domain_with_users(addr: std::net::SocketAddr, users: &[&str]) -> Vec<(String, String)> {
    let aat = get(
        addr,
        &format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let created = send(
        addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(r#"{"domain_name":"order.kandy.io"}"#),
    )
    .await
    .result();
    let (dak, das) = (
        created["domain_api_key"].as_str().unwrap().to_owned(),
        created["domain_api_secret"].as_str().unwrap().to_owned(),
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
    let mut tokens = Vec::new();
    for user in users {
        send(
            addr,
            "POST",
            &format!("/v1.2/domains/users/user_id?key={dat}"),
            Some(&format!(
                r#"{{"user_id":"{user}","user_country_code":"US"}}"#
            )),
        )
        .await
        .result();
        let uat = get(
            addr,
            &format!(
                "/v1.2/domains/users/accesstokens?key={dak}&domain_api_secret={das}&user_id={user}"
            ),
        )
        .await
        .result()["user_access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        tokens.push(((*user).to_owned(), uat));
    }
    tokens
}

/// The owners of a group, as `user` sees it.
async fn owners(addr: std::net::SocketAddr, uat: &str, group: &str) -> Vec<String> {
    let group = get(
        addr,
        &format!("/v1.2/users/chatgroups/chatgroup?key={uat}&group_id={group}"),
    )
    .await
    .result();
    group["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["full_user_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_restart_keeps_the_members_order_and_so_the_next_owner() {
    let (dir, state) = state_in("order");
    let state_arg = state.to_str().unwrap();
    let args = ["--state", state_arg, "--account", &account(), "--seed", "4"];
    let running = start(&args);
    let addr = running.connect_addr();
    // Created and joined out of alphabetical order: the owner, then zed, then bob.
    let users = domain_with_users(addr, &["alice", "zed", "bob"]).await;
    let (alice, zed) = (&users[0].1, &users[1].1);
    let group = send(
        addr,
        "POST",
        &format!("/v1.2/users/chatgroups?key={alice}"),
        Some(r#"{"group_name":"g","group_image":{}}"#),
    )
    .await
    .result()["group_id"]
        .as_str()
        .unwrap()
        .to_owned();
    for member in ["zed@order.kandy.io", "bob@order.kandy.io"] {
        send(
            addr,
            "POST",
            &format!("/v1.2/users/chatgroups/chatgroup/members?key={alice}&group_id={group}"),
            Some(&format!(r#"{{"members":["{member}"]}}"#)),
        )
        .await
        .result();
    }
    let before = get(addr, "/_sim/snapshot").await.text();
    terminate(running);

    let running = start(&args);
    let addr = running.connect_addr();
    assert_eq!(
        get(addr, "/_sim/snapshot").await.text(),
        before,
        "byte for byte"
    );
    send(
        addr,
        "DELETE",
        &format!(
            "/v1.2/users/chatgroups/chatgroup/members/membership?key={alice}&group_id={group}"
        ),
        None,
    )
    .await
    .result();
    assert_eq!(
        owners(addr, zed, &group).await,
        ["zed@order.kandy.io"],
        "the longest-standing member, as before the restart"
    );
    terminate(running);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Creates `count` accounts over the admin surface; their keys, each acknowledged (HTTP 200).
async fn acknowledged_accounts(addr: std::net::SocketAddr, count: usize) -> Vec<String> {
    let mut keys = Vec::new();
    for _ in 0..count {
        let reply = send(addr, "POST", "/_sim/accounts", Some("{}")).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        keys.push(reply.json()["account_api_key"].as_str().unwrap().to_owned());
    }
    keys
}

/// Kills the server with SIGKILL (no handler runs, no save).
fn kill_9(mut running: Running) {
    running.child.kill().unwrap();
    wait_exit(&mut running.child);
}

/// Which of `keys` a server restarted on `args` holds.
async fn surviving(args: &[&str], keys: &[String]) -> usize {
    let running = start(args);
    let snapshot = get(running.connect_addr(), "/_sim/snapshot").await.text();
    terminate(running);
    keys.iter()
        .filter(|key| snapshot.contains(key.as_str()))
        .count()
}

#[tokio::test]
async fn persist_always_keeps_every_acknowledged_write_through_kill_9() {
    let (dir, state) = state_in("always");
    let args = ["--state", state.to_str().unwrap(), "--persist", "always"];
    let running = start(&args);
    let addr = running.connect_addr();
    let mut keys = acknowledged_accounts(addr, 15).await;
    // A write of the Kandy API too: a domain of the last account.
    let secret_of = |snapshot: &str| {
        let value: serde_json::Value = serde_json::from_str(snapshot).unwrap();
        value["accounts"][keys.last().unwrap()]["api_secret"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let secret = secret_of(&get(addr, "/_sim/snapshot").await.text());
    let aat = get(
        addr,
        &format!(
            "/v1.2/accounts/accesstokens?key={}&account_api_secret={secret}",
            keys.last().unwrap()
        ),
    )
    .await
    .result()["account_access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    send(
        addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(r#"{"domain_name":"durable.kandy.io"}"#),
    )
    .await
    .result();
    kill_9(running);
    keys.push("durable.kandy.io".to_owned());
    assert_eq!(
        surviving(&args, &keys).await,
        keys.len(),
        "nothing acknowledged is lost"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn persist_interval_loses_at_most_the_last_period() {
    let (dir, state) = state_in("interval");
    let args = [
        "--state",
        state.to_str().unwrap(),
        "--persist",
        "interval:1",
    ];
    let running = start(&args);
    let addr = running.connect_addr();
    let older = acknowledged_accounts(addr, 10).await;
    // More than a period (and a save) later, the older writes are on disk.
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let recent = acknowledged_accounts(addr, 10).await;
    kill_9(running);
    assert_eq!(
        surviving(&args, &older).await,
        older.len(),
        "older than a period: kept"
    );
    let kept_recent = surviving(&args, &recent).await;
    assert!(kept_recent <= recent.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn persist_shutdown_saves_on_sigterm_only() {
    let (dir, state) = state_in("shutdown");
    let args = ["--state", state.to_str().unwrap(), "--persist", "shutdown"];
    let running = start(&args);
    let lost = acknowledged_accounts(running.connect_addr(), 5).await;
    kill_9(running);
    assert_eq!(
        surviving(&args, &lost).await,
        0,
        "a kill -9 loses what was not saved"
    );
    let running = start(&args);
    let kept = acknowledged_accounts(running.connect_addr(), 5).await;
    terminate(running);
    assert_eq!(surviving(&args, &kept).await, kept.len(), "SIGTERM saves");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn persist_other_than_shutdown_needs_a_state_file_and_a_valid_mode() {
    let output = run_to_end(&["--persist", "always"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("needs --state"));
    let output = run_to_end(&["--persist", "sometimes"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("interval:SECS"));
}
