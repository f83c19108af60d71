//! The model's file content (#84–#86), with no adapter in between: storage per domain,
//! shared buffers, the limits, thumbnails, IM references, user and domain deletion, and
//! refusals that change nothing.

mod model_fixture;

use bytes::Bytes;
use kandy_core::*;
use kandy_sim::model::{Model, ModelConfig, NewContent};
use model_fixture::{World, status};

const UUID: &str = "0F8FAD5B-D9CB-469F-A165-70867728950E";

fn file(mime_type: &str, bytes: impl Into<Bytes>) -> NewContent {
    NewContent {
        mime_type: mime_type.to_owned(),
        file_name: "f.bin".to_owned(),
        bytes: bytes.into(),
    }
}

fn png(width: u32, height: u32) -> Bytes {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([1, 2, 3]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
    Bytes::from(bytes.into_inner())
}

/// Asserts that `call` is refused with `expected` and leaves the snapshot as it was.
fn refused<T: std::fmt::Debug>(
    model: &mut Model,
    expected: i64,
    call: impl FnOnce(&mut Model) -> Result<T, kandy_sim::model::ModelError>,
) {
    let before = model.snapshot();
    assert_eq!(status(call(model)), expected);
    assert_eq!(model.snapshot(), before, "a refusal changes nothing");
}

#[test]
fn a_download_shares_the_stored_buffer() {
    let mut w = World::new();
    let (alice, bob) = (w.user("alice"), w.user("bob"));
    let bytes = Bytes::from(vec![5u8; 4096]);
    w.model
        .upload_content(
            &alice.token,
            &alice.device,
            &ContentUuid::new(UUID),
            file("application/octet-stream", bytes.clone()),
        )
        .unwrap();
    let got = w
        .model
        .download_content(&bob.token, &bob.device, &ContentUuid::new(UUID))
        .unwrap();
    assert_eq!(got.bytes.as_ptr(), bytes.as_ptr(), "no copy of the file");
    assert_eq!(got.mime_type, "application/octet-stream");
    assert_eq!(got.file_name, "f.bin");
}

#[test]
fn limits_refuse_before_anything_is_stored() {
    let mut w = World::with_config(ModelConfig {
        max_content_bytes: 10,
        max_domain_content_bytes: 15,
        ..ModelConfig::default()
    });
    let alice = w.user("alice");
    let (t, d) = (alice.token.clone(), alice.device.clone());
    refused(&mut w.model, 17, |m| {
        m.upload_content(
            &t,
            &d,
            &ContentUuid::new("a"),
            file("text/plain", vec![0u8; 11]),
        )
    });
    w.model
        .upload_content(
            &t,
            &d,
            &ContentUuid::new("a"),
            file("text/plain", vec![0u8; 10]),
        )
        .unwrap();
    refused(&mut w.model, 12, |m| {
        m.upload_content(
            &t,
            &d,
            &ContentUuid::new("b"),
            file("text/plain", vec![0u8; 6]),
        )
    });
    refused(&mut w.model, 50, |m| {
        m.upload_content(
            &t,
            &d,
            &ContentUuid::new("a"),
            file("text/plain", vec![0u8; 1]),
        )
    });
    refused(&mut w.model, 16, |m| {
        m.upload_content(
            &t,
            &d,
            &ContentUuid::new("c"),
            file("text/plain", Bytes::new()),
        )
    });
    refused(&mut w.model, 15, |m| {
        m.upload_content(&t, &d, &ContentUuid::new("c"), file(" ", vec![1u8]))
    });
    // A lower limit set later keeps what is stored.
    w.model.set_content_limits(1, 1);
    assert!(
        w.model
            .download_content(&t, &d, &ContentUuid::new("a"))
            .is_ok()
    );
}

#[test]
fn an_empty_mime_type_is_application_octet_stream() {
    let mut w = World::new();
    let alice = w.user("alice");
    let uuid = ContentUuid::new(UUID);
    w.model
        .upload_content(&alice.token, &alice.device, &uuid, file("", "?"))
        .unwrap();
    let got = w
        .model
        .download_content(&alice.token, &alice.device, &uuid)
        .unwrap();
    assert_eq!(got.mime_type, "application/octet-stream");
}

#[test]
fn thumbnails_are_made_in_the_model_and_refusals_change_nothing() {
    let mut w = World::new();
    let alice = w.user("alice");
    let (t, d) = (alice.token.clone(), alice.device.clone());
    let picture = ContentUuid::new("pic");
    w.model
        .upload_content(&t, &d, &picture, file("image/png", png(40, 20)))
        .unwrap();
    w.model
        .upload_content(&t, &d, &ContentUuid::new("bad"), file("image/png", "nope"))
        .unwrap();
    w.model.advance_clock(1_000);
    let thumb = w
        .model
        .download_thumbnail(&t, &d, &picture, ThumbnailSize::new(10, 10))
        .unwrap();
    assert_eq!(thumb.mime_type, "image/png");
    w.model.advance_clock(1_000);
    refused(&mut w.model, 16, |m| {
        m.download_thumbnail(&t, &d, &ContentUuid::new("bad"), ThumbnailSize::DEFAULT)
    });
    refused(&mut w.model, 16, |m| {
        m.download_thumbnail(&t, &d, &picture, ThumbnailSize::new(0, 1))
    });
    refused(&mut w.model, 53, |m| {
        m.download_thumbnail(&t, &d, &ContentUuid::new("none"), ThumbnailSize::DEFAULT)
    });
}

#[test]
fn content_belongs_to_the_domain() {
    let mut w = World::new();
    let (alice, bob) = (w.user("alice"), w.user("bob"));
    let uuid = ContentUuid::new(UUID);
    w.model
        .upload_content(&alice.token, &alice.device, &uuid, file("text/plain", "hi"))
        .unwrap();
    // The uploader leaves; the file stays for the domain.
    w.model
        .delete_user(&UserDeletion::ByUserId {
            token: w.domain_token.clone(),
            user_id: "alice".into(),
        })
        .unwrap();
    assert!(
        w.model
            .download_content(&bob.token, &bob.device, &uuid)
            .is_ok()
    );
    // Another domain's user gets what an unknown UUID gets.
    let (other, other_token) = w.other_domain("other.example");
    let dave = w.user_in(&other, &other_token, "dave");
    refused(&mut w.model, 53, |m| {
        m.download_content(&dave.token, &dave.device, &uuid)
    });
    // The snapshot holds the bytes and restores them.
    let snapshot = w.model.snapshot();
    let back = Model::from_snapshot(snapshot.clone()).unwrap();
    assert_eq!(back.snapshot(), snapshot);
}
