//! The SDK's streams end to end: a multi-MiB file streamed by `kandy_http::KandyClient` into
//! a served simulator and streamed back, checked chunk by chunk without ever holding it
//! whole; and an upload over the simulator's limit refused while the client is still sending.

#![cfg(all(feature = "server", feature = "http"))]

use bytes::Bytes;
use futures_util::StreamExt as _;
use kandy::http::KandyClient;
use kandy::sim::Simulator;
use kandy::sim::server::Server;
use kandy::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const CHUNK: usize = 64 * 1024;
/// 6 MiB: larger than any single buffer of the client, the server or the 1 MiB body limit.
const FILE_BYTES: usize = 6 * 1024 * 1024;

/// The byte at `offset` of the test file: a pattern that catches a lost, doubled or moved
/// chunk.
fn byte_at(offset: usize) -> u8 {
    (offset.wrapping_mul(31).wrapping_add(offset / CHUNK) % 251) as u8
}

/// The file as a stream of chunks made only when polled; counts the chunks made.
fn file_stream(
    len: usize,
    made: Arc<AtomicUsize>,
) -> impl futures_util::Stream<Item = std::result::Result<Bytes, std::io::Error>> + Send {
    futures_util::stream::unfold(0usize, move |offset| {
        let made = made.clone();
        async move {
            if offset >= len {
                return None;
            }
            let end = (offset + CHUNK).min(len);
            made.fetch_add(1, Ordering::Relaxed);
            let chunk: Vec<u8> = (offset..end).map(byte_at).collect();
            Some((Ok(Bytes::from(chunk)), end))
        }
    })
}

/// A served simulator, a client of it, and two logged-in users of one domain.
struct Served {
    _server: Server,
    client: KandyClient,
    alice: (UserAccessToken, DeviceId),
    bob: (UserAccessToken, DeviceId),
}

async fn served(sim: Simulator) -> Served {
    let account = sim.create_account();
    let server = Server::bind("127.0.0.1:0", sim).await.expect("bind");
    let client = KandyClient::builder()
        .base_url(server.base_url())
        .build()
        .expect("a client");
    let aat = client
        .get_account_access_token(account.api_key, account.api_secret)
        .await
        .expect("AAT");
    let domain = client
        .create_domain(aat, NewDomain::new("files.kandy.io"))
        .await
        .expect("a domain");
    let (key, secret) = (domain.domain_api_key, domain.domain_api_secret);
    let dat = client
        .get_domain_access_token(key.clone(), secret.clone())
        .await
        .expect("DAT");
    let mut users = Vec::new();
    for user_id in ["alice", "bob"] {
        client
            .create_user_by_user_id(dat.clone(), NewUser::new(user_id))
            .await
            .expect("a user");
        let token = client
            .get_user_access_token(key.clone(), secret.clone(), user_id.into())
            .await
            .expect("UAT");
        let device = client.get_devices(token.clone()).await.expect("devices")[0]
            .id
            .clone();
        users.push((token, device));
    }
    let bob = users.pop().unwrap();
    let alice = users.pop().unwrap();
    Served {
        _server: server,
        client,
        alice,
        bob,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_multi_mib_file_streams_up_and_back_down_through_the_sdk() {
    let s = served(Simulator::new()).await;
    let uuid = ContentUuid::random();
    let made = Arc::new(AtomicUsize::new(0));
    // Unknown length: sent chunked, as it is read.
    let upload = ContentUpload::from_stream(
        "big.bin",
        "application/octet-stream",
        file_stream(FILE_BYTES, made.clone()),
    );
    s.client
        .upload_content(s.alice.0.clone(), s.alice.1.clone(), uuid.clone(), upload)
        .await
        .expect("the streamed upload");
    assert_eq!(made.load(Ordering::Relaxed), FILE_BYTES.div_ceil(CHUNK));

    let mut download = s
        .client
        .download_content(s.bob.0.clone(), s.bob.1.clone(), uuid.clone())
        .await
        .expect("the download");
    assert_eq!(download.content_length, Some(FILE_BYTES as u64));
    assert_eq!(
        download.content_type.as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(download.file_name.as_deref(), Some("big.bin"));
    let (mut offset, mut chunks) = (0usize, 0usize);
    while let Some(chunk) = download.next().await {
        let chunk = chunk.expect("a chunk");
        for (i, byte) in chunk.iter().enumerate() {
            assert_eq!(*byte, byte_at(offset + i), "byte {}", offset + i);
        }
        offset += chunk.len();
        chunks += 1;
    }
    assert_eq!(offset, FILE_BYTES);
    assert!(chunks > 1, "the download arrives as a stream of chunks");

    // With a declared length (a Content-Length rather than chunks), the same file again.
    let second = ContentUuid::random();
    let upload = ContentUpload::from_stream(
        "big-too.bin",
        "application/octet-stream",
        file_stream(FILE_BYTES, Arc::new(AtomicUsize::new(0))),
    )
    .with_length(FILE_BYTES as u64);
    s.client
        .upload_content(s.alice.0.clone(), s.alice.1.clone(), second.clone(), upload)
        .await
        .expect("the upload of declared length");
    let whole = s
        .client
        .download_content(s.alice.0.clone(), s.alice.1.clone(), second)
        .await
        .expect("the download")
        .read_all(FILE_BYTES)
        .await
        .expect("the bytes");
    assert!(whole.iter().enumerate().all(|(i, b)| *b == byte_at(i)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_over_the_limit_is_refused_with_413_while_it_is_sent() {
    let sim = Simulator::builder().max_content_bytes(1024 * 1024).build();
    let s = served(sim).await;
    let made = Arc::new(AtomicUsize::new(0));
    let upload = ContentUpload::from_stream(
        "too-big.bin",
        "application/octet-stream",
        file_stream(3 * 1024 * 1024, made.clone()),
    );
    let uuid = ContentUuid::random();
    let error = s
        .client
        .upload_content(s.alice.0.clone(), s.alice.1.clone(), uuid.clone(), upload)
        .await
        .expect_err("a file over the limit");
    assert_eq!(error.api_status(), Some(ApiStatus::new(17)), "{error}");
    assert_eq!(error.http_status(), Some(413), "{error}");
    assert_eq!(error.operation(), Some("upload_content"));
    let missing = s
        .client
        .download_content(s.alice.0.clone(), s.alice.1.clone(), uuid)
        .await
        .expect_err("nothing was stored");
    assert_eq!(missing.api_status(), Some(ApiStatus::new(53)));
}
