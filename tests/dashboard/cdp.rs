//! Just enough of the Chrome DevTools Protocol to drive headless Chromium from a test: launch
//! it, open a page, evaluate JavaScript, wait for a condition, collect console errors and
//! save a screenshot. One WebSocket (the browser's), pages attached in flat mode.

use base64::Engine;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio_tungstenite::tungstenite::Message;

/// How long a wait may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// Chromium: `CHROMIUM`, else `/usr/bin/chromium`, if it exists.
pub fn chromium() -> Option<PathBuf> {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/usr/bin/chromium")))
        .filter(|path| path.exists())
}

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Value>>>>;

/// A headless Chromium and its DevTools socket.
pub struct Browser {
    child: tokio::process::Child,
    profile: PathBuf,
    out: mpsc::UnboundedSender<Message>,
    pending: Pending,
    next: Arc<AtomicU64>,
    /// Console errors, exceptions and failed loads, by page session.
    errors: Arc<std::sync::Mutex<Vec<(String, String)>>>,
}

/// One tab.
pub struct Page<'b> {
    browser: &'b Browser,
    session: String,
}

impl Browser {
    /// Starts Chromium with a fresh profile.
    pub async fn launch(chromium: &Path) -> Browser {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let profile = std::env::temp_dir().join(format!(
            "kandy-dashboard-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let mut child = tokio::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("chromium starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let url = tokio::time::timeout(WAIT, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return url.trim().to_owned();
                }
            }
            panic!("chromium ended without a DevTools address");
        })
        .await
        .expect("chromium prints its DevTools address");
        // Keep draining stderr so Chromium never blocks on it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let authority = url
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let stream = tokio::net::TcpStream::connect(&authority).await.unwrap();
        let (socket, _) = tokio_tungstenite::client_async(url.as_str(), stream)
            .await
            .expect("DevTools socket");
        let (mut sink, mut source) = socket.split();
        let (out, mut outgoing) = mpsc::unbounded_channel::<Message>();
        tokio::spawn(async move {
            while let Some(message) = outgoing.recv().await {
                if sink.send(message).await.is_err() {
                    return;
                }
            }
        });
        let pending: Pending = Arc::default();
        let errors: Arc<std::sync::Mutex<Vec<(String, String)>>> = Arc::default();
        let (reader_pending, reader_errors) = (pending.clone(), errors.clone());
        tokio::spawn(async move {
            while let Some(Ok(message)) = source.next().await {
                let Message::Text(text) = message else {
                    continue;
                };
                let Ok(value) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if let Some(id) = value["id"].as_u64() {
                    if let Some(reply) = reader_pending.lock().await.remove(&id) {
                        let _ = reply.send(value);
                    }
                    continue;
                }
                let session = value["sessionId"].as_str().unwrap_or("").to_owned();
                let params = &value["params"];
                let error = match value["method"].as_str() {
                    Some("Runtime.consoleAPICalled") if params["type"] == "error" => {
                        Some(params["args"].to_string())
                    }
                    Some("Runtime.exceptionThrown") => Some(params["exceptionDetails"].to_string()),
                    Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                        Some(params["entry"].to_string())
                    }
                    _ => None,
                };
                if let Some(error) = error {
                    reader_errors.lock().unwrap().push((session, error));
                }
            }
        });
        Browser {
            child,
            profile,
            out,
            pending,
            next: Arc::new(AtomicU64::new(1)),
            errors,
        }
    }

    /// Sends a command (to a page when `session` is given) and waits for its result.
    async fn command(&self, session: Option<&str>, method: &str, params: Value) -> Value {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (reply, answer) = oneshot::channel();
        self.pending.lock().await.insert(id, reply);
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.out.send(Message::text(message.to_string())).unwrap();
        let answer = tokio::time::timeout(WAIT, answer)
            .await
            .unwrap_or_else(|_| panic!("{method} answered in time"))
            .unwrap();
        assert!(answer["error"].is_null(), "{method} failed: {answer}");
        answer["result"].clone()
    }

    /// Opens a tab on `url` and waits for its load.
    pub async fn open(&self, url: &str) -> Page<'_> {
        let target = self
            .command(None, "Target.createTarget", json!({"url": "about:blank"}))
            .await;
        let attached = self
            .command(
                None,
                "Target.attachToTarget",
                json!({"targetId": target["targetId"], "flatten": true}),
            )
            .await;
        let page = Page {
            browser: self,
            session: attached["sessionId"].as_str().unwrap().to_owned(),
        };
        for domain in ["Runtime.enable", "Log.enable", "Page.enable"] {
            page.command(domain, json!({})).await;
        }
        page.command("Page.navigate", json!({"url": url})).await;
        page.wait_for("document.readyState === 'complete'").await;
        page
    }

    /// Stops Chromium and removes its profile.
    pub async fn close(mut self) {
        let _ = self.child.kill().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Page<'_> {
    async fn command(&self, method: &str, params: Value) -> Value {
        self.browser
            .command(Some(&self.session), method, params)
            .await
    }

    /// Evaluates `expression` (awaiting a promise) and returns its value.
    pub async fn eval(&self, expression: &str) -> Value {
        let result = self
            .command(
                "Runtime.evaluate",
                json!({"expression": expression, "awaitPromise": true, "returnByValue": true}),
            )
            .await;
        assert!(
            result["exceptionDetails"].is_null(),
            "{expression} threw: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Waits until `expression` is truthy (one that throws is not yet); panics after
    /// [`WAIT`].
    pub async fn wait_for(&self, expression: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        let check = format!(
            "(() => {{ try {{ return Boolean({expression}); }} catch (e) {{ return false; }} }})()"
        );
        loop {
            if self.eval(&check).await == Value::Bool(true) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {expression}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Gives the file input matched by `selector` the file at `path`, as a user picking it.
    pub async fn set_file(&self, selector: &str, path: &Path) {
        let document = self.command("DOM.getDocument", json!({})).await;
        let node = self
            .command(
                "DOM.querySelector",
                json!({"nodeId": document["root"]["nodeId"], "selector": selector}),
            )
            .await;
        self.command(
            "DOM.setFileInputFiles",
            json!({"nodeId": node["nodeId"], "files": [path.display().to_string()]}),
        )
        .await;
    }

    /// Makes the page prefer a dark (`true`) or light colour scheme.
    pub async fn prefer_dark(&self, dark: bool) {
        let value = if dark { "dark" } else { "light" };
        self.command(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": value}]}),
        )
        .await;
    }

    /// The console errors, exceptions and failed loads of this page so far.
    pub fn errors(&self) -> Vec<String> {
        let errors = self.browser.errors.lock().unwrap();
        errors
            .iter()
            .filter(|(session, _)| *session == self.session)
            .map(|(_, error)| error.clone())
            .collect()
    }

    /// Saves a PNG screenshot of the viewport to `target/dashboard/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let shot = self
            .command("Page.captureScreenshot", json!({"format": "png"}))
            .await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/dashboard");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, bytes).unwrap();
        path
    }
}
