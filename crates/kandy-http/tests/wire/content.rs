//! #84–#86: a streamed multipart upload, and downloads that answer the file itself.

use crate::support::*;
use bytes::Bytes;
use futures_util::StreamExt;
use kandy_core::{ContentUpload, ContentUuid, DeviceId, ErrorKind, KandyApi, ThumbnailSize};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, Request, ResponseTemplate};

fn uuid() -> ContentUuid {
    ContentUuid::new(CONTENT)
}

fn device() -> DeviceId {
    DeviceId::new(DEVICE)
}

/// Matches a `multipart/form-data` body of exactly one part: `name="file"`, this file name,
/// this content type and these bytes.
struct OneFilePart {
    file_name: &'static str,
    mime_type: &'static str,
    bytes: Vec<u8>,
}

impl Match for OneFilePart {
    fn matches(&self, request: &Request) -> bool {
        let Some(boundary) = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("multipart/form-data; boundary="))
        else {
            return false;
        };
        let mut expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\
             Content-Type: {}\r\n\r\n",
            self.file_name, self.mime_type
        )
        .into_bytes();
        expected.extend_from_slice(&self.bytes);
        expected.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        request.body == expected
    }
}

async fn expect_upload(w: &Wire, part: OneFilePart) {
    Mock::given(method("POST"))
        .and(path("/v1.2/devices/content"))
        .and(ExactQueryPairs(vec![
            ("content_type", part.mime_type),
            ("content_uuid", CONTENT),
            ("device_id", DEVICE),
            ("key", UAT),
        ]))
        .and(part)
        .respond_with(ResponseTemplate::new(200).set_body_json(done("success")))
        .expect(1)
        .mount(&w.server)
        .await;
}

/// The query pairs, sorted by name.
struct ExactQueryPairs(Vec<(&'static str, &'static str)>);

impl Match for ExactQueryPairs {
    fn matches(&self, request: &Request) -> bool {
        let mut got: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        got.sort();
        let want: Vec<(String, String)> = self
            .0
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        got == want
    }
}

#[tokio::test]
async fn upload_content_84_from_bytes_is_one_part_named_file_with_a_length() {
    let w = Wire::start().await;
    let png = b"\x89PNG\r\n\x1a\n not really".to_vec();
    expect_upload(
        &w,
        OneFilePart {
            file_name: "cat.png",
            mime_type: "image/png",
            bytes: png.clone(),
        },
    )
    .await;
    let upload = ContentUpload::from_bytes("cat.png", "image/png", png);
    w.ok(w
        .client
        .upload_content(uat(), device(), uuid(), upload)
        .await)
        .await;
    let received = w.server.received_requests().await.unwrap();
    assert!(received[0].headers.get("content-length").is_some());
    assert!(received[0].headers.get("transfer-encoding").is_none());
}

#[tokio::test]
async fn upload_content_84_from_a_stream_is_sent_chunked_as_it_is_read() {
    let w = Wire::start().await;
    expect_upload(
        &w,
        OneFilePart {
            file_name: "notes.txt",
            mime_type: "text/plain",
            bytes: b"first chunk, second chunk, last".to_vec(),
        },
    )
    .await;
    // The chunks are produced only as the request body is polled.
    let chunks = futures_util::stream::unfold(0, |i| async move {
        let chunk = ["first chunk, ", "second chunk, ", "last"].get(i)?;
        Some((
            Ok::<_, std::io::Error>(Bytes::from_static(chunk.as_bytes())),
            i + 1,
        ))
    });
    let upload = ContentUpload::from_stream("notes.txt", "text/plain", chunks);
    w.ok(w
        .client
        .upload_content(uat(), device(), uuid(), upload)
        .await)
        .await;
    let received = w.server.received_requests().await.unwrap();
    let encoding = received[0].headers.get("transfer-encoding").unwrap();
    assert_eq!(encoding.to_str().unwrap(), "chunked");
}

#[tokio::test]
async fn upload_content_84_with_a_bad_mime_type_sends_nothing() {
    let w = Wire::start().await;
    let upload = ContentUpload::from_bytes("x", "not a mime type", "x");
    let error = w
        .client
        .upload_content(uat(), device(), uuid(), upload)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BadArgument);
    assert!(!error.maybe_sent());
    assert_eq!(error.operation(), Some("upload_content"));
}

#[tokio::test]
async fn upload_content_84_a_failing_stream_is_a_transport_error() {
    let w = Wire::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(done("success")))
        .mount(&w.server)
        .await;
    let chunks = futures_util::stream::iter([
        Ok(Bytes::from_static(b"start")),
        Err(std::io::Error::other("disk gone")),
    ]);
    let upload = ContentUpload::from_stream("x.bin", "application/octet-stream", chunks);
    let error = w
        .client
        .upload_content(uat(), device(), uuid(), upload)
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport);
    assert!(error.maybe_sent());
}

fn file_response(bytes: &'static [u8]) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(bytes, "image/png")
        .insert_header("content-disposition", "attachment; filename=\"cat.png\"")
}

#[tokio::test]
async fn download_content_85_streams_the_raw_bytes_with_their_headers() {
    let w = Wire::start().await;
    w.expect_response(
        Expect::get("devices/content").query(&[
            ("key", UAT),
            ("content_uuid", CONTENT),
            ("device_id", DEVICE),
        ]),
        file_response(b"\x89PNG raw bytes"),
    )
    .await;
    let mut download = w
        .ok(w.client.download_content(uat(), device(), uuid()).await)
        .await;
    assert_eq!(download.content_type.as_deref(), Some("image/png"));
    assert_eq!(download.content_length, Some(14));
    assert_eq!(download.file_name.as_deref(), Some("cat.png"));
    let mut bytes = Vec::new();
    while let Some(chunk) = download.next().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(bytes, b"\x89PNG raw bytes");
}

#[tokio::test]
async fn download_thumbnail_86_sends_its_size() {
    let w = Wire::start().await;
    w.expect_response(
        Expect::get("devices/content/thumbnail").query(&[
            ("key", UAT),
            ("content_uuid", CONTENT),
            ("device_id", DEVICE),
            ("thumbnail_size", "24x24"),
        ]),
        file_response(b"thumb"),
    )
    .await;
    let download = w
        .ok(w
            .client
            .download_thumbnail(uat(), device(), uuid(), ThumbnailSize::new(24, 24))
            .await)
        .await;
    assert_eq!(download.read_all(1024).await.unwrap(), "thumb");
}

#[tokio::test]
async fn a_refused_download_is_a_typed_api_error() {
    let w = Wire::start().await;
    w.expect_response(
        Expect::get("devices/content").query(&[
            ("key", UAT),
            ("content_uuid", CONTENT),
            ("device_id", DEVICE),
        ]),
        ResponseTemplate::new(404)
            .set_body_json(json!({"status": 53, "message": "no such content"})),
    )
    .await;
    let error = w
        .client
        .download_content(uat(), device(), uuid())
        .await
        .unwrap_err();
    assert_eq!(
        error.api_status(),
        Some(kandy_core::ApiStatus::DOES_NOT_EXIST)
    );
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(error.http_status(), Some(404));
    assert_eq!(error.operation(), Some("download_content"));
}

#[tokio::test]
async fn a_refusal_under_http_200_is_an_api_error_but_a_json_file_is_content() {
    let w = Wire::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.2/devices/content/thumbnail"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": 16, "message": "not an image"})),
        )
        .mount(&w.server)
        .await;
    let error = w
        .client
        .download_thumbnail(uat(), device(), uuid(), ThumbnailSize::DEFAULT)
        .await
        .unwrap_err();
    assert_eq!(
        error.api_status(),
        Some(kandy_core::ApiStatus::INVALID_PARAMETER_VALUE)
    );

    let file = br#"{"status": "draft", "rows": [1, 2]}"#;
    Mock::given(method("GET"))
        .and(path("/v1.2/devices/content"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(file.as_slice(), "application/json"))
        .mount(&w.server)
        .await;
    let download = w
        .ok(w.client.download_content(uat(), device(), uuid()).await)
        .await;
    assert_eq!(download.read_all(1024).await.unwrap(), file.as_slice());
}
