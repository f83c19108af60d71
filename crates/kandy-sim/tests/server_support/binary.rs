//! Running the `kandy-sim serve` binary: start it, read its first lines, signal it.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const BIN: &str = env!("CARGO_BIN_EXE_kandy-sim");

/// A running server, killed on drop. Its standard error (the console: a line per call) is
/// read as it comes, so a busy server never blocks on a full pipe.
pub struct Running {
    pub child: Child,
    pub addr: SocketAddr,
    pub stdout: BufReader<ChildStdout>,
    stderr: Option<std::thread::JoinHandle<String>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    /// The next line on its standard output.
    pub fn next_line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("a line");
        line
    }

    /// Everything the server wrote on standard error, once it has exited.
    pub fn stderr_after_exit(&mut self) -> String {
        self.stderr
            .take()
            .map(|reader| reader.join().expect("the stderr reader"))
            .unwrap_or_default()
    }

    /// `http://127.0.0.1:PORT`-style address to connect to (loopback for a wildcard bind).
    pub fn connect_addr(&self) -> SocketAddr {
        let mut addr = self.addr;
        if addr.ip().is_unspecified() {
            addr.set_ip([127, 0, 0, 1].into());
        }
        addr
    }
}

/// `kandy-sim serve ARGS`, its output piped, without the caller's `RUST_LOG` (the console
/// says what the flags choose).
pub fn serve_command(args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .env_remove("RUST_LOG")
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Spawns `command` and reads its first line, `listening on http://ADDR/v1.2/`.
pub fn spawn(mut command: Command) -> Running {
    let mut child = command.spawn().expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let pipe = child.stderr.take();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    });
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a first line");
    let Some(addr) = line
        .strip_prefix("listening on http://")
        .and_then(|rest| rest.strip_suffix("/v1.2/\n"))
    else {
        let _ = child.kill();
        let _ = child.wait();
        let stderr = stderr.join().unwrap_or_default();
        panic!("unexpected first line {line:?}; stderr: {stderr}")
    };
    Running {
        addr: addr.parse().expect("an address"),
        child,
        stdout,
        stderr: Some(stderr),
    }
}

pub fn start(args: &[&str]) -> Running {
    spawn(serve_command(args))
}

/// Runs `kandy-sim serve ARGS` to its end (for the refusals at start).
pub fn run_to_end(args: &[&str]) -> Output {
    let mut command = serve_command(args);
    command.stdin(Stdio::null());
    let child = command.spawn().expect("the binary starts");
    let started = Instant::now();
    let output = child.wait_with_output().expect("its output");
    assert!(started.elapsed() < Duration::from_secs(20));
    output
}

pub fn kill(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Waits for the process to end, at most 20 s.
pub fn wait_exit(child: &mut Child) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(exit) = child.try_wait().unwrap() {
            return exit;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no exit");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Sends SIGTERM and waits for a clean exit; returns standard error.
pub fn terminate(mut running: Running) -> String {
    kill(running.child.id(), "-TERM");
    let exit = wait_exit(&mut running.child);
    let stderr = running.stderr_after_exit();
    assert!(exit.success(), "{exit:?}; stderr: {stderr}");
    stderr
}

pub fn temp_dir(name: &str) -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("kandy-sim-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
