//! `kandy-sim serve --persist always`: the journal beside the state file, replayed after a
//! `kill -9` to the state the last acknowledged change left, byte for byte; a last entry cut
//! short is dropped, a damaged one in the middle refuses the start.

#![cfg(all(feature = "server", unix))]

mod server_support;

use server_support::binary::*;
use server_support::*;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

const KEY: &str = "AAK00112233445566778899aabbccddeeff";
const SECRET: &str = "AAS00112233445566778899aabbccddeeff";

/// A directory for the test, its state file and its journal.
fn files(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = temp_dir(name);
    (
        dir.clone(),
        dir.join("sim.json"),
        dir.join("sim.json.journal"),
    )
}

fn token(reply: &serde_json::Value, field: &str) -> String {
    reply[field].as_str().unwrap().to_owned()
}

/// A mixed workload over HTTP: the admin surface (accounts, clock, restore) and the Kandy API
/// (a domain, users, devices, messages and their acks, a group and its events).
async fn workload(addr: std::net::SocketAddr) {
    let reply = send(
        addr,
        "POST",
        "/_sim/accounts",
        Some(&format!(
            r#"{{"account_api_key":"{KEY}","account_api_secret":"{SECRET}"}}"#
        )),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    send(addr, "POST", "/_sim/accounts", Some("{}")).await;
    let accounts = format!("/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}");
    let aat = token(&get(addr, &accounts).await.result(), "account_access_token");
    let domain = send(
        addr,
        "POST",
        &format!("/v1.2/accounts/domains?key={aat}"),
        Some(r#"{"domain_name":"j.kandy.io"}"#),
    )
    .await
    .result();
    let (dak, das) = (
        token(&domain, "domain_api_key"),
        token(&domain, "domain_api_secret"),
    );
    let dat = token(
        &get(
            addr,
            &format!("/v1.2/domains/accesstokens?key={dak}&domain_api_secret={das}"),
        )
        .await
        .result(),
        "domain_access_token",
    );
    let mut users = Vec::new();
    for user in ["alice", "zed", "bob"] {
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
        let target = format!(
            "/v1.2/domains/users/accesstokens?key={dak}&domain_api_secret={das}&user_id={user}"
        );
        let uat = token(&get(addr, &target).await.result(), "user_access_token");
        let devices = get(addr, &format!("/v1.2/users/devices?key={uat}"))
            .await
            .result();
        users.push((uat, token(&devices["devices"][0], "id")));
    }
    let (alice, alice_device) = &users[0];
    let (zed, zed_device) = &users[1];
    let message = im("zed@j.kandy.io", "bcd2fa752c3c4fdf97d08b0a48f622f0", "hi");
    let target = format!("/v1.2/devices/messages?key={alice}&device_id={alice_device}");
    send(addr, "POST", &target, Some(&message)).await.result();
    let pending = format!("/v1.2/devices/messages?key={zed}&device_id={zed_device}");
    get(addr, &pending).await.result();
    let handled = format!(
        "/v1.2/devices/messages?key={zed}&device_id={zed_device}&messages=bcd2fa752c3c4fdf97d08b0a48f622f0"
    );
    send(addr, "DELETE", &handled, None).await;
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
    send(
        addr,
        "POST",
        &format!("/v1.2/users/chatgroups/chatgroup/members?key={alice}&group_id={group}"),
        Some(r#"{"members":["zed@j.kandy.io","bob@j.kandy.io"]}"#),
    )
    .await
    .result();
    let advanced = send(
        addr,
        "POST",
        "/_sim/clock/advance",
        Some(r#"{"millis":90000}"#),
    )
    .await;
    assert_eq!(advanced.status, 200, "{}", advanced.text());
    // A restore of the state as it is (the whole state in one entry), then more changes.
    let snapshot = get(addr, "/_sim/snapshot").await.text();
    let restored = send(addr, "PUT", "/_sim/snapshot", Some(&snapshot)).await;
    assert_eq!(restored.status, 200, "{}", restored.text());
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
    send(addr, "POST", "/_sim/accounts", Some("{}")).await;
    let advanced = send(addr, "POST", "/_sim/clock/advance", Some(r#"{"millis":7}"#)).await;
    assert_eq!(advanced.status, 200, "{}", advanced.text());
}

fn kill_9(mut running: Running) {
    running.child.kill().unwrap();
    wait_exit(&mut running.child);
}

async fn snapshot_of(args: &[&str]) -> (String, String) {
    let running = start(args);
    let snapshot = get(running.connect_addr(), "/_sim/snapshot").await.text();
    let stderr = terminate(running);
    (snapshot, stderr)
}

#[tokio::test]
async fn a_kill_9_loses_nothing_acknowledged_and_the_replay_is_byte_identical() {
    let (dir, state, journal) = files("journal-replay");
    // Unseeded: the generator's random key is part of the state the journal replays over.
    let args = ["--state", state.to_str().unwrap(), "--persist", "always"];
    let running = start(&args);
    let addr = running.connect_addr();
    workload(addr).await;
    let before = get(addr, "/_sim/snapshot").await.text();
    kill_9(running);
    let mode = std::fs::metadata(&journal).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let (after, stderr) = snapshot_of(&args).await;
    assert_eq!(after, before, "byte for byte");
    assert!(stderr.contains("journal: replayed"), "{stderr}");
    // The shutdown saved the state and emptied the journal: its header is all that is left.
    let text = std::fs::read_to_string(&journal).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let (again, _) = snapshot_of(&args).await;
    assert_eq!(again, before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_last_entry_cut_short_is_dropped_with_a_warning() {
    let (dir, state, journal) = files("journal-torn");
    let args = ["--state", state.to_str().unwrap(), "--persist", "always"];
    let running = start(&args);
    workload(running.connect_addr()).await;
    let before = get(running.connect_addr(), "/_sim/snapshot").await.text();
    kill_9(running);
    // A crash in the middle of writing the next entry.
    let mut bytes = std::fs::read(&journal).unwrap();
    let entries = bytes.iter().filter(|b| **b == b'\n').count();
    bytes.extend_from_slice(format!("{entries} 0badc0de {{\"create_acc").as_bytes());
    std::fs::write(&journal, &bytes).unwrap();

    let (after, stderr) = snapshot_of(&args).await;
    assert_eq!(after, before);
    assert!(stderr.contains("cut short"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_damaged_entry_in_the_middle_refuses_the_start_naming_it() {
    let (dir, state, journal) = files("journal-damaged");
    let args = ["--state", state.to_str().unwrap(), "--persist", "always"];
    let running = start(&args);
    workload(running.connect_addr()).await;
    kill_9(running);
    let text = std::fs::read_to_string(&journal).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert!(lines.len() > 10);
    // Entry 3 (the header is line 0): one character changed, its checksum no longer holds.
    lines[3] = lines[3].replacen('"', "'", 1);
    std::fs::write(&journal, lines.join("\n") + "\n").unwrap();

    let output = run_to_end(&args);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("sim.json.journal cannot be replayed: entry 3")
            && stderr.contains("entries follow"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn another_mode_replays_the_journal_then_saves_and_removes_it() {
    let (dir, state, journal) = files("journal-shutdown");
    let path = state.to_str().unwrap();
    let running = start(&["--state", path, "--persist", "always"]);
    workload(running.connect_addr()).await;
    let before = get(running.connect_addr(), "/_sim/snapshot").await.text();
    kill_9(running);

    let running = start(&["--state", path]);
    assert!(!journal.exists(), "saved into the state file and removed");
    let after = get(running.connect_addr(), "/_sim/snapshot").await.text();
    kill_9(running);
    assert_eq!(after, before);
    let (again, _) = snapshot_of(&["--state", path]).await;
    assert_eq!(again, before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_journal_beside_another_state_file_refuses_the_start() {
    let (dir, state, _) = files("journal-other-a");
    let (other_dir, other_state, _) = files("journal-other-b");
    let args = ["--state", state.to_str().unwrap(), "--persist", "always"];
    let running = start(&args);
    workload(running.connect_addr()).await;
    terminate(running);
    let other = [
        "--state",
        other_state.to_str().unwrap(),
        "--persist",
        "always",
    ];
    terminate(start(&other));
    // The other run's state file, with this run's journal (compacted: it starts after the
    // entries this run's state file holds).
    std::fs::copy(&other_state, &state).unwrap();
    let output = run_to_end(&args);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("continues another state file"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&other_dir);
}
