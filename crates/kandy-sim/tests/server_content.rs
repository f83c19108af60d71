//! File content over real HTTP (#84–#86): a multipart upload of a real PNG, the raw download
//! with its headers, thumbnails at the asked size, and every refusal (too large, quota,
//! unknown or foreign UUID, not an image, bad sizes, malformed bodies), each changing nothing.

#![cfg(feature = "server")]

mod server_support;

use image::{ImageFormat, ImageReader, Rgb, RgbImage};
use kandy_core::{ExposeSecret, KandyApi, NewDomain, NewUser};
use kandy_sim::Simulator;
use kandy_sim::server::{Server, ServerLimits};
use serde_json::json;
use server_support::*;
use std::io::Cursor;
use std::net::SocketAddr;
use std::time::Duration;

/// The per-file limit of these tests' simulator.
const FILE_LIMIT: usize = 64 * 1024;
/// Its per-domain quota: two files at the limit do not fit.
const DOMAIN_LIMIT: usize = 100 * 1024;
const UUID: &str = "0F8FAD5B-D9CB-469F-A165-70867728950E";

/// A user logged in, with the id of its default device.
#[derive(Clone)]
struct Person {
    uat: String,
    device: String,
    full_id: String,
}

/// A served simulator with small content limits: alice and bob in one domain, dave in another.
struct Setup {
    sim: Simulator,
    _server: Server,
    addr: SocketAddr,
    alice: Person,
    bob: Person,
    dave: Person,
}

async fn setup(limits: ServerLimits) -> Setup {
    let sim = Simulator::builder()
        .max_content_bytes(FILE_LIMIT as u64)
        .max_domain_content_bytes(DOMAIN_LIMIT as u64)
        .build();
    let server = Server::builder()
        .limits(limits)
        .bind("127.0.0.1:0", sim.clone())
        .await
        .unwrap();
    let account = sim.create_account();
    let aat = sim
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .unwrap();
    let mut people = Vec::new();
    for (domain, users) in [
        ("a.kandy.io", &["alice", "bob"][..]),
        ("b.kandy.io", &["dave"]),
    ] {
        let created = sim
            .create_domain(aat.clone(), NewDomain::new(domain))
            .await
            .unwrap();
        let (key, secret) = (created.domain_api_key, created.domain_api_secret);
        let dat = sim
            .get_domain_access_token(key.clone(), secret.clone())
            .await
            .unwrap();
        for user in users {
            let created = sim
                .create_user_by_user_id(dat.clone(), NewUser::new(*user))
                .await
                .unwrap();
            let uat = sim
                .get_user_access_token(key.clone(), secret.clone(), (*user).into())
                .await
                .unwrap();
            let device = sim.get_devices(uat.clone()).await.unwrap()[0].id.clone();
            people.push(Person {
                uat: uat.expose_secret().to_owned(),
                device: device.as_str().to_owned(),
                full_id: created.full_user_id,
            });
        }
    }
    let dave = people.pop().unwrap();
    let bob = people.pop().unwrap();
    let alice = people.pop().unwrap();
    Setup {
        addr: server.local_addr(),
        sim,
        _server: server,
        alice,
        bob,
        dave,
    }
}

/// A real PNG of `width`×`height` pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| Rgb([x as u8, y as u8, 128]));
    let mut bytes = Cursor::new(Vec::new());
    picture.write_to(&mut bytes, ImageFormat::Png).unwrap();
    bytes.into_inner()
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .into_dimensions()
        .unwrap()
}

const BOUNDARY: &str = "----kandyBoundary7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body with these parts: (name, file name, content type, bytes).
fn multipart(parts: &[(&str, &str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file_name, content_type, bytes) in parts {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// POSTs a body of this content type; panics when no answer comes.
async fn post(addr: SocketAddr, target: &str, content_type: &str, body: &[u8]) -> Reply {
    let mut raw = format!(
        "POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    exchange(addr, &raw, Duration::from_secs(30))
        .await
        .unwrap_or_else(|()| panic!("no answer to POST {target}"))
}

fn upload_target(p: &Person, uuid: &str, mime: &str) -> String {
    format!(
        "/v1.2/devices/content?key={}&device_id={}&content_uuid={uuid}&content_type={}",
        p.uat,
        p.device,
        enc(mime)
    )
}

/// Uploads one `file` part.
async fn upload(s: &Setup, p: &Person, uuid: &str, name: &str, mime: &str, bytes: &[u8]) -> Reply {
    let body = multipart(&[("file", name, mime, bytes)]);
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    post(s.addr, &upload_target(p, uuid, mime), &content_type, &body).await
}

async fn download(s: &Setup, p: &Person, uuid: &str) -> Reply {
    let target = format!(
        "/v1.2/devices/content?key={}&device_id={}&content_uuid={uuid}",
        p.uat, p.device
    );
    get(s.addr, &target).await
}

async fn thumbnail(s: &Setup, p: &Person, uuid: &str, size: Option<&str>) -> Reply {
    let mut target = format!(
        "/v1.2/devices/content/thumbnail?key={}&device_id={}&content_uuid={uuid}",
        p.uat, p.device
    );
    if let Some(size) = size {
        target.push_str(&format!("&thumbnail_size={size}"));
    }
    get(s.addr, &target).await
}

#[tokio::test]
async fn a_png_uploaded_as_multipart_downloads_as_itself_with_its_headers() {
    let s = setup(ServerLimits::default()).await;
    let picture = png(200, 100);
    upload(&s, &s.alice, UUID, "cat.png", "image/png", &picture)
        .await
        .result();
    // bob, of the same domain, downloads it through his own device.
    let reply = download(&s, &s.bob, UUID).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, picture, "the file itself, not an envelope");
    assert_eq!(reply.header("content-type"), Some("image/png"));
    let length = picture.len().to_string();
    assert_eq!(reply.header("content-length"), Some(length.as_str()));
    assert_eq!(
        reply.header("content-disposition"),
        Some("attachment; filename=\"cat.png\"")
    );
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    // kandy.js sends `content_type=` + the browser's `file.type`, empty for an unknown type.
    let untyped = "0F8FAD5B-D9CB-469F-A165-70867728950F";
    let body = multipart(&[("file", "blob", "application/octet-stream", b"\x00\x01")]);
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let target = upload_target(&s.alice, untyped, "");
    post(s.addr, &target, &content_type, &body).await.result();
    let reply = download(&s, &s.alice, untyped).await;
    assert_eq!(
        reply.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(reply.body, b"\x00\x01");
}

#[tokio::test]
async fn thumbnails_fit_the_asked_size_and_default_to_500x500() {
    let s = setup(ServerLimits::default()).await;
    upload(&s, &s.alice, UUID, "wide.png", "image/png", &png(300, 150))
        .await
        .result();
    let small = thumbnail(&s, &s.bob, UUID, Some("60x60")).await;
    assert_eq!(small.status, 200, "{}", small.text());
    assert_eq!(small.header("content-type"), Some("image/png"));
    assert_eq!(dimensions(&small.body), (60, 30));
    assert_eq!(
        small.header("content-disposition"),
        Some("attachment; filename=\"wide-thumbnail.png\"")
    );
    // 300×150 fits in the default 500×500: it is not enlarged.
    let default = thumbnail(&s, &s.alice, UUID, None).await;
    assert_eq!(dimensions(&default.body), (300, 150));
    // Bad sizes and files that are not images: a clear envelope.
    assert!(
        thumbnail(&s, &s.alice, UUID, Some("big"))
            .await
            .refused(400, 17)
            .contains("500x500")
    );
    assert!(
        thumbnail(&s, &s.alice, UUID, Some("0x10"))
            .await
            .refused(400, 16)
            .contains("out of range")
    );
    thumbnail(&s, &s.alice, UUID, Some("5000x10"))
        .await
        .refused(400, 16);
    let text = "0F8FAD5B-D9CB-469F-A165-70867728950F";
    upload(
        &s,
        &s.alice,
        text,
        "notes.txt",
        "text/plain",
        b"not a picture",
    )
    .await
    .result();
    let refusal = thumbnail(&s, &s.alice, text, None).await.refused(400, 16);
    assert!(refusal.contains("not an image"), "{refusal}");
    // Declared an image, but the bytes are not one.
    let fake = "0F8FAD5B-D9CB-469F-A165-708677289510";
    upload(&s, &s.alice, fake, "fake.png", "image/png", b"GIF? no")
        .await
        .result();
    thumbnail(&s, &s.alice, fake, None).await.refused(400, 16);
}

#[tokio::test]
async fn unknown_and_other_domains_uuids_get_the_same_answer() {
    let s = setup(ServerLimits::default()).await;
    upload(&s, &s.alice, UUID, "cat.png", "image/png", &png(4, 4))
        .await
        .result();
    let foreign = download(&s, &s.dave, UUID).await.refused(404, 53);
    let unknown = download(&s, &s.alice, "nothing-here")
        .await
        .refused(404, 53);
    assert_eq!(foreign, unknown.replace("nothing-here", UUID));
    thumbnail(&s, &s.dave, UUID, None).await.refused(404, 53);
    // dave cannot use alice's device either; a device of nobody is 53.
    let mut borrowed = s.dave.clone();
    borrowed.device = s.alice.device.clone();
    download(&s, &borrowed, UUID).await.refused(403, 11);
    // dave may upload the same UUID in his own domain: a different file.
    upload(&s, &s.dave, UUID, "dog.txt", "text/plain", b"woof")
        .await
        .result();
    assert_eq!(download(&s, &s.dave, UUID).await.body, b"woof");
    assert_eq!(download(&s, &s.bob, UUID).await.body, png(4, 4));
}

#[tokio::test]
async fn too_large_files_and_used_up_quotas_are_refused_and_store_nothing() {
    let s = setup(ServerLimits::default()).await;
    let before = s.sim.snapshot();
    let over = vec![7u8; FILE_LIMIT + 1];
    let message = upload(
        &s,
        &s.alice,
        UUID,
        "big.bin",
        "application/octet-stream",
        &over,
    )
    .await
    .refused(413, 17);
    assert!(message.contains(&FILE_LIMIT.to_string()), "{message}");
    assert_eq!(s.sim.snapshot(), before, "a refused upload stores nothing");
    download(&s, &s.alice, UUID).await.refused(404, 53);
    // At the limit it fits; a second one passes the domain's quota (12, HTTP 429).
    let at_limit = vec![1u8; FILE_LIMIT];
    upload(
        &s,
        &s.alice,
        UUID,
        "a.bin",
        "application/octet-stream",
        &at_limit,
    )
    .await
    .result();
    let second = "0F8FAD5B-D9CB-469F-A165-70867728950F";
    let before = s.sim.snapshot();
    upload(
        &s,
        &s.bob,
        second,
        "b.bin",
        "application/octet-stream",
        &at_limit,
    )
    .await
    .refused(429, 12);
    assert_eq!(s.sim.snapshot(), before);
    // Another domain has its own quota.
    upload(
        &s,
        &s.dave,
        second,
        "d.bin",
        "application/octet-stream",
        &at_limit,
    )
    .await
    .result();
    // The same UUID twice in a domain is 50.
    upload(
        &s,
        &s.bob,
        UUID,
        "again.bin",
        "application/octet-stream",
        b"x",
    )
    .await
    .refused(409, 50);
}

#[tokio::test]
async fn an_upload_body_over_the_servers_upload_limit_is_413() {
    let mut limits = ServerLimits::default();
    limits.max_upload_bytes = 16 * 1024;
    let s = setup(limits).await;
    let body = vec![3u8; 20 * 1024];
    let message = upload(
        &s,
        &s.alice,
        UUID,
        "b.bin",
        "application/octet-stream",
        &body,
    )
    .await
    .refused(413, 17);
    assert!(message.contains("request body"), "{message}");
    download(&s, &s.alice, UUID).await.refused(404, 53);
    // Other calls keep the 1 MiB limit: the upload limit is for uploads only.
    let reply = post(
        s.addr,
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            s.alice.uat, s.alice.device
        ),
        "application/json",
        &vec![b' '; 20 * 1024],
    )
    .await;
    assert_ne!(reply.status, 413, "{}", reply.text());
}

#[tokio::test]
async fn malformed_uploads_are_refused_with_clear_envelopes() {
    let s = setup(ServerLimits::default()).await;
    let target = upload_target(&s.alice, UUID, "image/png");
    let multipart_type = format!("multipart/form-data; boundary={BOUNDARY}");
    // Not multipart at all.
    post(s.addr, &target, "application/json", b"{}")
        .await
        .refused(400, 17);
    // No `file` part (another part is read and ignored).
    let other = multipart(&[("note", "n.txt", "text/plain", b"hi")]);
    let message = post(s.addr, &target, &multipart_type, &other)
        .await
        .refused(400, 15);
    assert!(message.contains("file"), "{message}");
    // Two `file` parts.
    let two = multipart(&[
        ("file", "a", "text/plain", b"a"),
        ("file", "b", "text/plain", b"b"),
    ]);
    post(s.addr, &target, &multipart_type, &two)
        .await
        .refused(400, 17);
    // Truncated: no closing boundary.
    let mut cut = multipart(&[("file", "a.png", "image/png", b"abc")]);
    cut.truncate(cut.len() - 10);
    post(s.addr, &target, &multipart_type, &cut)
        .await
        .refused(400, 17);
    // An empty file, a bad MIME type, a missing content_uuid.
    upload(&s, &s.alice, UUID, "e.txt", "text/plain", b"")
        .await
        .refused(400, 16);
    upload(&s, &s.alice, UUID, "e.txt", "not-a-type", b"x")
        .await
        .refused(400, 16);
    let no_uuid = format!(
        "/v1.2/devices/content?key={}&device_id={}&content_type=text/plain",
        s.alice.uat, s.alice.device
    );
    let body = multipart(&[("file", "a", "text/plain", b"a")]);
    post(s.addr, &no_uuid, &multipart_type, &body)
        .await
        .refused(400, 15);
    // A revoked or unknown token.
    let stranger = Person {
        uat: format!("UAT{}", "0".repeat(32)),
        device: s.alice.device.clone(),
        full_id: String::new(),
    };
    upload(&s, &stranger, UUID, "a", "text/plain", b"a")
        .await
        .refused(401, 55);
    download(&s, &s.alice, UUID).await.refused(404, 53);
}

#[tokio::test]
async fn an_im_naming_a_content_uuid_needs_an_uploaded_file() {
    let s = setup(ServerLimits::default()).await;
    let send_im = |uuid: &str, message_uuid: &str| {
        let body = json!({ "message": {
            "contentType": "image", "destination": s.bob.full_id, "UUID": message_uuid,
            "message": { "mimeType": "image/png", "content_uuid": uuid, "content_name": "cat.png" }
        }})
        .to_string();
        let target = format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            s.alice.uat, s.alice.device
        );
        async move { send(s.addr, "POST", &target, Some(&body)).await }
    };
    let refusal = send_im(UUID, "bcd2fa752c3c4fdf97d08b0a48f622f0")
        .await
        .refused(404, 53);
    assert!(refusal.contains(UUID), "{refusal}");
    upload(&s, &s.alice, UUID, "cat.png", "image/png", &png(8, 8))
        .await
        .result();
    send_im(UUID, "bcd2fa752c3c4fdf97d08b0a48f622f1")
        .await
        .result();
    let pending = get(
        s.addr,
        &format!(
            "/v1.2/devices/messages?key={}&device_id={}",
            s.bob.uat, s.bob.device
        ),
    )
    .await
    .result();
    let inner = &pending["messages"][0]["message"];
    assert_eq!(inner["content_uuid"], UUID);
    // What the IM names is what bob downloads.
    let file = download(&s, &s.bob, inner["content_uuid"].as_str().unwrap()).await;
    assert_eq!(file.body, png(8, 8));
}

#[tokio::test]
async fn a_fault_on_an_upload_is_answered_after_the_body_is_read_and_applies_nothing() {
    use kandy_sim::{FaultEffect, FaultMatch, FaultPlan, Trigger};
    let s = setup(ServerLimits::default()).await;
    let effect = FaultEffect::Status {
        http: 503,
        status: 1,
        message: "try again later".into(),
    };
    let plan = FaultPlan::new().rule(
        FaultMatch::operation("upload_content"),
        Trigger::Nth(1),
        effect,
    );
    s.sim.set_fault_plan(plan);
    let before = s.sim.snapshot();
    // Far larger than the socket buffers, still sent when the fault answers: the client
    // reads the answer (the fault fires before the file's limit is looked at).
    let large = vec![9u8; 4 * 1024 * 1024];
    let refusal = upload(
        &s,
        &s.alice,
        UUID,
        "f.bin",
        "application/octet-stream",
        &large,
    )
    .await
    .refused(503, 1);
    assert_eq!(refusal, "try again later");
    assert_eq!(s.sim.snapshot(), before);
    let body = vec![9u8; FILE_LIMIT];
    upload(
        &s,
        &s.alice,
        UUID,
        "f.bin",
        "application/octet-stream",
        &body,
    )
    .await
    .result();
    assert_eq!(download(&s, &s.bob, UUID).await.body, body);
}
