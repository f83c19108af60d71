//! The binary's admin token (given, from the environment, or made for a non-loopback address)
//! and its accounts given without exposing secrets on the command line.

#![cfg(all(feature = "server", unix))]

mod server_support;

use server_support::binary::*;
use server_support::*;
use std::io::Read;
use std::net::SocketAddr;
use std::os::unix::fs::PermissionsExt;

const KEY: &str = "AAK00112233445566778899aabbccddeeff";
const SECRET: &str = "AAS00112233445566778899aabbccddeeff";
const KEY2: &str = "AAKffeeddccbbaa99887766554433221100";
const SECRET2: &str = "AASffeeddccbbaa99887766554433221100";

async fn admin_status(addr: SocketAddr, token: Option<&str>) -> u16 {
    let host = addr.to_string();
    let bearer = token.map(|token| format!("Bearer {token}"));
    let mut headers = vec![("Host", host.as_str())];
    headers.extend(bearer.as_deref().map(|b| ("Authorization", b)));
    send_raw(addr, "GET", "/_sim/sms", &headers, None)
        .await
        .status
}

/// What the server printed after its first line, once it stopped.
fn rest_of_stdout(mut running: Running) -> String {
    kill(running.child.id(), "-TERM");
    assert!(wait_exit(&mut running.child).success());
    let mut rest = String::new();
    running.stdout.read_to_string(&mut rest).unwrap();
    rest
}

#[tokio::test]
async fn a_non_loopback_address_gets_a_generated_token_on_the_second_line() {
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let mut running = start(&["--addr", "0.0.0.0:0"]);
        assert!(running.addr.ip().is_unspecified());
        let line = running.next_line();
        let token = line
            .strip_prefix("admin token: ")
            .and_then(|rest| rest.strip_suffix('\n'))
            .unwrap_or_else(|| panic!("second line {line:?}"))
            .to_owned();
        assert_eq!(token.len(), 32, "{token}");
        let addr = running.connect_addr();
        assert_eq!(admin_status(addr, None).await, 401);
        assert_eq!(admin_status(addr, Some("wrong")).await, 401);
        assert_eq!(admin_status(addr, Some(&token)).await, 200);
        // The Kandy API needs no admin token.
        get(addr, "/v1.2/users/devices").await.refused(400, 15);
        terminate(running);
        tokens.push(token);
    }
    assert_ne!(tokens[0], tokens[1], "each start makes its own token");
}

#[tokio::test]
async fn a_given_token_is_required_and_never_printed() {
    let running = start(&["--admin-token", "given-token-1"]);
    assert_eq!(admin_status(running.addr, None).await, 401);
    assert_eq!(admin_status(running.addr, Some("given-token-1")).await, 200);
    assert_eq!(rest_of_stdout(running), "");

    let mut command = serve_command(&["--addr", "0.0.0.0:0"]);
    command.env("KANDY_SIM_ADMIN_TOKEN", "env-token-2");
    let running = spawn(command);
    let addr = running.connect_addr();
    assert_eq!(admin_status(addr, None).await, 401);
    assert_eq!(admin_status(addr, Some("env-token-2")).await, 200);
    assert_eq!(rest_of_stdout(running), "", "a given token is not printed");

    let output = run_to_end(&["--admin-token", "bad token"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("admin token") && !stderr.contains("bad token"),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_loopback_server_needs_no_token_and_refuses_foreign_hosts() {
    let running = start(&["--allow-host", "sim.test"]);
    assert_eq!(admin_status(running.addr, None).await, 200);
    let reply = send_raw(
        running.addr,
        "GET",
        "/_sim/sms",
        &[("Host", "sim.test:1")],
        None,
    )
    .await;
    assert_eq!(reply.status, 200);
    let reply = send_raw(
        running.addr,
        "GET",
        "/_sim/sms",
        &[("Host", "evil.test")],
        None,
    )
    .await;
    assert_eq!(reply.status, 421);
    terminate(running);
}

async fn can_log_in(addr: SocketAddr, key: &str, secret: &str) -> bool {
    let target = format!("/v1.2/accounts/accesstokens?key={key}&account_api_secret={secret}");
    get(addr, &target).await.status == 200
}

#[tokio::test]
async fn accounts_come_from_files_and_the_environment() {
    let dir = temp_dir("accounts");
    let private = dir.join("private.txt");
    std::fs::write(&private, format!("# test accounts\n\n  {KEY}:{SECRET}  \n")).unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut command = serve_command(&["--account-file", private.to_str().unwrap()]);
    command.env("KANDY_SIM_ACCOUNTS", format!(" {KEY2}:{SECRET2}, "));
    let running = spawn(command);
    assert!(can_log_in(running.addr, KEY, SECRET).await);
    assert!(can_log_in(running.addr, KEY2, SECRET2).await);
    let stderr = terminate(running);
    assert!(!stderr.contains("WARN"), "{stderr}");

    let shared = dir.join("shared.txt");
    std::fs::write(&shared, format!("{KEY}:{SECRET}\n")).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
    let running = start(&["--account-file", shared.to_str().unwrap()]);
    assert!(can_log_in(running.addr, KEY, SECRET).await);
    let stderr = terminate(running);
    assert!(
        stderr.contains("WARN") && stderr.contains("chmod 600"),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET), "{stderr}");

    let broken = dir.join("broken.txt");
    std::fs::write(&broken, format!("{KEY}:{SECRET}\n{SECRET2}\n")).unwrap();
    let output = run_to_end(&["--account-file", broken.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.txt line 2"), "{stderr}");
    assert!(
        !stderr.contains(SECRET2) && !stderr.contains(SECRET),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
