//! File content (#84–#86): uploads stored per domain under the client's UUID, downloads of
//! the file itself by the domain's users, thumbnails, the limits, IMs that name a file, and
//! the snapshot carrying the bytes.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use bytes::Bytes;
use futures_util::StreamExt as _;
use kandy_core::operation as op;
use kandy_core::*;
use serde_json::json;

const NOTES: &str = "0F8FAD5B-D9CB-469F-A165-70867728950E";
const PICTURE: &str = "7C9E6679-7425-40DE-944B-E07FC1F90AE7";

fn uuid(value: &str) -> ContentUuid {
    ContentUuid::new(value)
}

/// A real PNG of `width`×`height` pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([x as u8, y as u8, 7]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("a PNG encodes");
    bytes.into_inner()
}

fn dimensions(bytes: &[u8]) -> (u32, u32) {
    image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .expect("readable")
        .into_dimensions()
        .expect("an image")
}

fn text_file(text: &'static str) -> ContentUpload {
    ContentUpload::from_bytes(
        "notes.txt",
        "text/plain",
        Bytes::from_static(text.as_bytes()),
    )
}

async fn upload(fx: &Fixture<'_>, member: &Member, id: &str, content: ContentUpload) {
    fx.api
        .upload_content(
            member.token.clone(),
            member.device.clone(),
            uuid(id),
            content,
        )
        .await
        .unwrap_or_else(|e| panic!("upload_content {id}: {e}"));
}

async fn download(fx: &Fixture<'_>, member: &Member, id: &str) -> ContentDownload {
    fx.api
        .download_content(member.token.clone(), member.device.clone(), uuid(id))
        .await
        .unwrap_or_else(|e| panic!("download_content {id}: {e}"))
}

/// A snapshot with other content limits, restored: both targets read their limits from it.
async fn limit_content(t: &dyn Target, per_file: u64, per_domain: u64) {
    let mut snapshot = t.snapshot().await;
    snapshot["config"]["max_content_bytes"] = json!(per_file);
    snapshot["config"]["max_domain_content_bytes"] = json!(per_domain);
    t.restore(snapshot)
        .await
        .expect("a snapshot with other limits");
}

pub async fn uploaded_files_download_as_themselves_in_the_domain(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    upload(&fx, &fx.alice, NOTES, text_file("meet at noon")).await;
    // bob, of the same domain, through his own device; twice: a download consumes nothing.
    for _ in 0..2 {
        let notes = download(&fx, &fx.bob, NOTES).await;
        assert_eq!(notes.content_type.as_deref(), Some("text/plain"));
        assert_eq!(notes.content_length, Some(12));
        assert_eq!(notes.file_name.as_deref(), Some("notes.txt"));
        assert_eq!(notes.read_all(1024).await.unwrap(), "meet at noon");
    }
    // A streamed upload of unknown length, read back chunk by chunk.
    let chunks = futures_util::stream::iter(
        ["a,b\n", "1,2\n", "3,4\n"].map(|c| Ok::<_, std::io::Error>(Bytes::from(c))),
    );
    let table = ContentUpload::from_stream("table.csv", "text/csv", chunks);
    upload(&fx, &fx.carol, PICTURE, table).await;
    let mut streamed = download(&fx, &fx.alice, PICTURE).await;
    assert_eq!(streamed.content_type.as_deref(), Some("text/csv"));
    let mut joined = Vec::new();
    while let Some(chunk) = streamed.next().await {
        joined.extend_from_slice(&chunk.expect("a chunk"));
    }
    assert_eq!(joined, b"a,b\n1,2\n3,4\n");
}

pub async fn thumbnails_of_images_fit_the_asked_size(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let picture = png(120, 60);
    let upload_png = ContentUpload::from_bytes("wide.png", "image/png", picture.clone());
    upload(&fx, &fx.alice, PICTURE, upload_png).await;
    let original = download(&fx, &fx.bob, PICTURE)
        .await
        .read_all(1 << 20)
        .await
        .unwrap();
    assert_eq!(original, picture);
    let small = fx
        .api
        .download_thumbnail(
            fx.bob.token.clone(),
            fx.bob.device.clone(),
            uuid(PICTURE),
            ThumbnailSize::new(30, 30),
        )
        .await
        .expect("a thumbnail");
    assert_eq!(small.content_type.as_deref(), Some("image/png"));
    assert_eq!(small.file_name.as_deref(), Some("wide-thumbnail.png"));
    assert_eq!(
        dimensions(&small.read_all(1 << 20).await.unwrap()),
        (30, 15)
    );
    // Inside the default 500×500 already: not enlarged.
    let same = fx
        .api
        .download_thumbnail(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            uuid(PICTURE),
            ThumbnailSize::DEFAULT,
        )
        .await
        .expect("a thumbnail");
    assert_eq!(
        dimensions(&same.read_all(1 << 20).await.unwrap()),
        (120, 60)
    );
}

pub async fn upload_content_refuses_bad_input_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let op = &op::UPLOAD_CONTENT;
    let (alice, bob) = (&fx.alice, &fx.bob);
    let send = |token: UserAccessToken, device: DeviceId, id: &str, content: ContentUpload| {
        fx.api.upload_content(token, device, uuid(id), content)
    };
    let empty = || ContentUpload::from_bytes("e.txt", "text/plain", Bytes::new());
    refused(t, op, 16, || {
        send(alice.token.clone(), alice.device.clone(), NOTES, empty())
    })
    .await;
    refused(t, op, 16, || {
        send(
            alice.token.clone(),
            alice.device.clone(),
            "",
            text_file("x"),
        )
    })
    .await;
    let nobody = DeviceId::new("0".repeat(32));
    refused(t, op, 53, || {
        send(alice.token.clone(), nobody, NOTES, text_file("x"))
    })
    .await;
    refused(t, op, 11, || {
        send(
            alice.token.clone(),
            bob.device.clone(),
            NOTES,
            text_file("x"),
        )
    })
    .await;
    let revoked = fx.revoked_user_token(alice).await;
    refused(t, op, 55, || {
        send(revoked, alice.device.clone(), NOTES, text_file("x"))
    })
    .await;
    let unknown_token = UserAccessToken::new(unknown("UAT"));
    refused(t, op, 55, || {
        send(unknown_token, alice.device.clone(), NOTES, text_file("x"))
    })
    .await;
    // A UUID the domain has is 50: a file an IM points at never changes under it.
    upload(&fx, alice, NOTES, text_file("first")).await;
    refused(t, op, 50, || {
        send(
            bob.token.clone(),
            bob.device.clone(),
            NOTES,
            text_file("second"),
        )
    })
    .await;
    let kept = download(&fx, bob, NOTES).await.read_all(64).await.unwrap();
    assert_eq!(kept, "first");
}

pub async fn content_limits_refuse_large_files_and_full_domains(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (dave_side, dave) = fx.other_domain().await;
    let _ = dave_side;
    limit_content(t, 1_000, 1_500).await;
    let file =
        |len: usize| ContentUpload::from_bytes("f.bin", "application/octet-stream", vec![1u8; len]);
    // Over the per-file limit: status 17, HTTP 413 from the server; nothing stored.
    let before = t.snapshot().await;
    let error = fx
        .api
        .upload_content(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            uuid(NOTES),
            file(1_001),
        )
        .await
        .expect_err("a file over the limit");
    assert_eq!(error.api_status(), Some(ApiStatus::new(17)), "{error}");
    assert_eq!(error.kind(), ErrorKind::BadArgument);
    assert_eq!(error.http_status(), t.over_http().then_some(413), "{error}");
    assert_eq!(error.operation(), Some("upload_content"));
    assert!(error.to_string().contains("1000 bytes"), "{error}");
    assert_same_state(
        "upload_content over the limit",
        &before,
        &t.snapshot().await,
    );
    // A streamed file is refused alike, however long it would go on.
    let endless =
        futures_util::stream::repeat_with(|| Ok::<_, std::io::Error>(Bytes::from(vec![2u8; 100])));
    let streamed = ContentUpload::from_stream("endless.bin", "application/octet-stream", endless);
    let error = fx
        .api
        .upload_content(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            uuid(NOTES),
            streamed,
        )
        .await
        .expect_err("an endless stream");
    assert_eq!(error.api_status(), Some(ApiStatus::new(17)), "{error}");
    // At the limit it fits; the next file passes the domain's quota: 12 (HTTP 429).
    upload(&fx, &fx.alice, NOTES, file(1_000)).await;
    refused(t, &op::UPLOAD_CONTENT, 12, || {
        fx.api.upload_content(
            fx.bob.token.clone(),
            fx.bob.device.clone(),
            uuid(PICTURE),
            file(501),
        )
    })
    .await;
    upload(&fx, &fx.bob, PICTURE, file(500)).await;
    // Another domain has its own quota.
    upload(&fx, &dave, NOTES, file(1_000)).await;
}

pub async fn downloads_refuse_unknown_and_foreign_content_alike(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let (_, dave) = fx.other_domain().await;
    upload(&fx, &fx.alice, NOTES, text_file("ours")).await;
    t.advance_clock(60_000).await;
    let op = &op::DOWNLOAD_CONTENT;
    let get = |member: &Member, device: &DeviceId, id: &str| {
        fx.api
            .download_content(member.token.clone(), device.clone(), uuid(id))
    };
    let foreign = refused(t, op, 53, || get(&dave, &dave.device, NOTES)).await;
    let unknown_id = refused(t, op, 53, || get(&fx.alice, &fx.alice.device, PICTURE)).await;
    let message = |e: &Error| e.api_error().unwrap().message.clone();
    assert_eq!(
        message(&foreign),
        message(&unknown_id).replace(PICTURE, NOTES),
        "another domain's file is answered as an unknown one"
    );
    refused(t, op, 11, || get(&fx.bob, &fx.alice.device, NOTES)).await;
    refused(t, op, 16, || get(&fx.alice, &fx.alice.device, "")).await;
    let revoked = fx.revoked_user_token(&fx.bob).await;
    refused(t, op, 55, || {
        fx.api
            .download_content(revoked, fx.bob.device.clone(), uuid(NOTES))
    })
    .await;
    let thumbnail = &op::DOWNLOAD_THUMBNAIL;
    refused(t, thumbnail, 53, || {
        fx.api.download_thumbnail(
            dave.token.clone(),
            dave.device.clone(),
            uuid(NOTES),
            ThumbnailSize::DEFAULT,
        )
    })
    .await;
    // dave's own file under the same UUID is another file.
    upload(&fx, &dave, NOTES, text_file("theirs")).await;
    let theirs = download(&fx, &dave, NOTES)
        .await
        .read_all(64)
        .await
        .unwrap();
    let ours = download(&fx, &fx.carol, NOTES)
        .await
        .read_all(64)
        .await
        .unwrap();
    assert_eq!((theirs, ours), (Bytes::from("theirs"), Bytes::from("ours")));
}

pub async fn thumbnails_refuse_other_types_and_bad_sizes(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    upload(&fx, &fx.alice, NOTES, text_file("not a picture")).await;
    let fake = ContentUpload::from_bytes("fake.png", "image/png", Bytes::from_static(b"PNG? no"));
    upload(&fx, &fx.alice, PICTURE, fake).await;
    // Time passes: a refusal that counted as bob's call would move his `last_seen`.
    t.advance_clock(60_000).await;
    let op = &op::DOWNLOAD_THUMBNAIL;
    let thumb = |id: &str, size: ThumbnailSize| {
        fx.api
            .download_thumbnail(fx.bob.token.clone(), fx.bob.device.clone(), uuid(id), size)
    };
    let error = refused(t, op, 16, || thumb(NOTES, ThumbnailSize::DEFAULT)).await;
    assert!(error.to_string().contains("not an image"), "{error}");
    refused(t, op, 16, || thumb(PICTURE, ThumbnailSize::DEFAULT)).await;
    for bad in [ThumbnailSize::new(0, 10), ThumbnailSize::new(10, 5000)] {
        refused(t, op, 16, || thumb(PICTURE, bad)).await;
    }
    refused(t, op, 11, || {
        fx.api.download_thumbnail(
            fx.bob.token.clone(),
            fx.alice.device.clone(),
            uuid(NOTES),
            ThumbnailSize::DEFAULT,
        )
    })
    .await;
}

pub async fn ims_naming_a_content_uuid_need_an_uploaded_file(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let picture = ContentUpload::from_bytes("cat.png", "image/png", png(4, 4));
    let content = picture.message_content(&uuid(PICTURE));
    let im = |n: u8| {
        OutgoingMessage::new(fx.bob.id(), ContentType::Image, content.clone())
            .with_uuid(MessageUuid::new(format!("{n:032x}")))
    };
    let send = |n: u8| {
        fx.api
            .send_message(fx.alice.token.clone(), fx.alice.device.clone(), im(n))
    };
    let error = refused(t, &op::SEND_MESSAGE, 53, || send(1)).await;
    assert!(error.to_string().contains(PICTURE), "{error}");
    let group = fx
        .api
        .create_group(fx.alice.token.clone(), NewGroup::new("pets"))
        .await
        .expect("create_group");
    let group_im = serde_json::from_value::<OutgoingGroupMessage>(json!({
        "contentType": "image", "group_id": group.group_id, "UUID": format!("{:032x}", 2),
        "message": content,
    }))
    .expect("a group message");
    refused(t, &op::SEND_GROUP_MESSAGE, 53, || {
        fx.api
            .send_group_message(fx.alice.token.clone(), group_im.clone())
    })
    .await;
    // A content_uuid that is not a string is a malformed message.
    let mut odd = content.clone();
    odd.insert("content_uuid".into(), json!(7));
    refused(t, &op::SEND_MESSAGE, 710, || {
        fx.api.send_message(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            OutgoingMessage::new(fx.bob.id(), ContentType::File, odd),
        )
    })
    .await;
    // Uploaded, the same IMs go through; bob downloads what his IM names.
    upload(&fx, &fx.alice, PICTURE, picture).await;
    send(3).await.expect("an IM naming an uploaded file");
    fx.api
        .send_group_message(fx.alice.token.clone(), group_im)
        .await
        .expect("a group IM naming an uploaded file");
    let pending = fx.pending(&fx.bob, &fx.bob.device).await;
    let named = pending[0].message.as_ref().unwrap()["content_uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(named, PICTURE);
    let file = download(&fx, &fx.bob, &named)
        .await
        .read_all(1 << 20)
        .await
        .unwrap();
    assert_eq!(file, png(4, 4));
    // An image sent inline (base64 in `text`, as KCS does) names no file and is kept as given.
    let mut inline = MessageContent::new();
    inline.insert("mimeType".into(), json!("image/jpeg"));
    inline.insert("text".into(), json!("/9j/4AAQSkZJRg=="));
    fx.api
        .send_message(
            fx.alice.token.clone(),
            fx.alice.device.clone(),
            OutgoingMessage::new(fx.bob.id(), ContentType::Image, inline),
        )
        .await
        .expect("an inline image");
}

pub async fn content_survives_a_snapshot_and_restore(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let picture = png(3, 3);
    let content = ContentUpload::from_bytes("dot.png", "image/png", picture.clone());
    upload(&fx, &fx.alice, PICTURE, content).await;
    let snapshot = t.snapshot().await;
    let stored = &snapshot["domains"][DOMAIN]["content"][PICTURE];
    assert_eq!(stored["mime_type"], "image/png");
    assert_eq!(stored["name"], "dot.png");
    assert!(
        stored["bytes"].as_str().is_some_and(|b| !b.is_empty()),
        "base64 bytes"
    );
    t.reset().await;
    t.restore(snapshot.clone()).await.expect("restore");
    assert_eq!(t.snapshot().await, snapshot);
    let back = download(&fx, &fx.bob, PICTURE).await;
    assert_eq!(back.file_name.as_deref(), Some("dot.png"));
    assert_eq!(back.read_all(1 << 20).await.unwrap(), picture);
}
