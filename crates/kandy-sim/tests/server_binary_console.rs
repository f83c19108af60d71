//! What `kandy-sim serve` says: startup and shutdown lines and one line per call on standard
//! error (the first stdout line unchanged), `-v`, `-q` and `RUST_LOG`, the listings at `/`
//! and `/_sim/`, and `--help`.

#![cfg(all(feature = "server", unix))]

mod server_support;

use server_support::binary::*;
use server_support::*;

const UAT: &str = "UAT0123456789abcdef0123456789abcdef";
const KEY: &str = "AAKconsole1";
const SECRET: &str = "AASconsole1";

/// A call whose query holds a token: answered 401, status 55.
async fn get_devices(addr: std::net::SocketAddr) {
    get(addr, &format!("/v1.2/users/devices?key={UAT}"))
        .await
        .refused(401, 55);
}

#[tokio::test]
async fn startup_request_and_shutdown_lines_go_to_stderr() {
    let account = format!("{KEY}:{SECRET}");
    let mut running = start(&["--seed", "5", "--account", &account]);
    get_devices(running.addr).await;
    assert_eq!(
        get(running.addr, &format!("/_sim/devices/{UAT}/messages"))
            .await
            .status,
        404
    );
    kill(running.child.id(), "-TERM");
    assert!(wait_exit(&mut running.child).success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut running.stdout, &mut rest).unwrap();
    assert_eq!(rest, "", "standard output holds the first line only");
    let stderr = running.stderr_after_exit();
    for said in [
        "the Kandy API at http://",
        "state: in memory only",
        "seed 5:",
        "accounts: 1 created",
        "requires no token (loopback only)",
        "GET /v1.2/users/devices -> 401 status 55 (get_devices) ",
        "GET /_sim/devices/***/messages -> 404 ",
        "state not saved (no --state): 1 accounts, 0 domains, 0 users forgotten",
        "stopped",
    ] {
        assert!(stderr.contains(said), "{said:?} missing from:\n{stderr}");
    }
    assert!(
        !stderr.contains(UAT) && !stderr.contains(SECRET),
        "{stderr}"
    );
    let line = stderr
        .lines()
        .find(|l| l.contains("(get_devices)"))
        .unwrap();
    assert!(line.contains(" INFO ") && line.ends_with(" ms"), "{line}");

    let running = start(&[]);
    let stderr = terminate(running);
    assert!(stderr.contains("unseeded:"), "{stderr}");
}

#[tokio::test]
async fn the_state_file_is_named_at_start_and_at_shutdown() {
    let dir = temp_dir("console");
    let state = dir.join("sim.json");
    let state_arg = state.to_str().unwrap().to_owned();
    let account = format!("{KEY}:{SECRET}");
    let args = ["--state", state_arg.as_str(), "--account", account.as_str()];
    let stderr = terminate(start(&args));
    assert!(
        stderr.contains("does not exist yet; starting empty"),
        "{stderr}"
    );
    assert!(
        stderr.contains("persistence: saved at shutdown only"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("state saved to {state_arg} (1 accounts")),
        "{stderr}"
    );

    let mut args = args.to_vec();
    args.extend(["--persist", "interval:5"]);
    let stderr = terminate(start(&args));
    assert!(
        stderr.contains(&format!(
            "state: loaded {state_arg} (1 accounts, 0 domains, 0 users)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("0 created") && stderr.contains("1 kept"),
        "{stderr}"
    );
    assert!(stderr.contains("saved every 5 s"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn quiet_verbose_and_rust_log_choose_what_is_said() {
    let running = start(&["-q"]);
    get_devices(running.addr).await;
    let stderr = terminate(running);
    assert!(!stderr.contains("INFO"), "-q says no info: {stderr}");

    let running = start(&["-v"]);
    let stderr = terminate(running);
    assert!(
        stderr.contains("DEBUG") && stderr.contains("model limits"),
        "{stderr}"
    );

    let mut command = serve_command(&[]);
    command.env("RUST_LOG", "info,kandy_sim::request=off");
    let running = spawn(command);
    get_devices(running.addr).await;
    let stderr = terminate(running);
    assert!(
        stderr.contains("seed") || stderr.contains("unseeded"),
        "{stderr}"
    );
    assert!(!stderr.contains("(get_devices)"), "{stderr}");

    let mut command = serve_command(&[]);
    command.env("RUST_LOG", "kandy_sim=loud");
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "it never listened");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RUST_LOG"), "{stderr}");

    let output = run_to_end(&["-v", "-q"]);
    assert_eq!(output.status.code(), Some(2), "clap refuses both");
}

#[tokio::test]
async fn the_roots_list_where_things_are() {
    let running = start(&[]);
    let root = get(running.addr, "/").await;
    assert_eq!(root.status, 200);
    let body = root.json();
    assert_eq!(body["kandy_api"], "/v1.2/");
    assert_eq!(body["admin"], "/_sim/");
    assert!(body["data_channel"].as_str().unwrap().contains("WebSocket"));
    // Only GET is the listing: any other method stays an unknown Kandy route.
    let post = send_raw(
        running.addr,
        "POST",
        "/",
        &[("Host", &running.addr.to_string())],
        None,
    )
    .await;
    assert_eq!(post.status, 404);

    let listing = get(running.addr, "/_sim/").await;
    assert_eq!(listing.status, 200);
    let routes = listing.json()["routes"].as_array().unwrap().clone();
    assert!(routes.len() >= 14, "{routes:?}");
    assert_eq!(get(running.addr, "/_sim").await.status, 200);

    // --help lists every one of them, method and path.
    let help = std::process::Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(help.status.success());
    let help = String::from_utf8_lossy(&help.stdout);
    for route in &routes {
        let (method, path) = (
            route["method"].as_str().unwrap(),
            route["path"].as_str().unwrap(),
        );
        let listed = help.lines().any(|line| {
            line.trim_start().starts_with(method) && line.contains(&format!(" {path} "))
        });
        assert!(listed, "{method} {path} is not in --help:\n{help}");
    }
    assert!(
        help.contains("RUST_LOG") && help.contains("--verbose"),
        "{help}"
    );
    // And every route listed is served (none answers the unknown-route 404 or a 405).
    let host = running.addr.to_string();
    for route in &routes {
        let (method, path) = (
            route["method"].as_str().unwrap(),
            route["path"].as_str().unwrap(),
        );
        let path = path.replace("{device_id}", "d1");
        let reply = send_raw(running.addr, method, &path, &[("Host", &host)], None).await;
        assert!(
            reply.status != 405 && !reply.text().contains("unknown admin route"),
            "{method} {path}: {} {}",
            reply.status,
            reply.text()
        );
    }
    terminate(running);
}

#[tokio::test]
async fn the_account_flag_takes_what_its_help_says() {
    let help = std::process::Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("1 to 64 ASCII letters or digits"), "{help}");
    // Short and long keys alike, as the help says.
    let long = format!("AAK{}:AAS{}", "a".repeat(64), "b".repeat(64));
    let running = start(&["--account", "AAKx:AASy", "--account", &long]);
    let target = "/v1.2/accounts/accesstokens?key=AAKx&account_api_secret=AASy";
    assert_eq!(get(running.addr, target).await.status, 200);
    terminate(running);
    // One letter too many is refused at start, naming the flag, never the secret.
    let too_long = format!("AAK{}:AASsecret9", "a".repeat(65));
    let output = run_to_end(&["--account", &too_long]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--account #1") && !stderr.contains("AASsecret9"),
        "{stderr}"
    );
}
