//! File content (#84–#86): the multipart upload, read as it arrives, and the downloads,
//! answered with the file itself.
//!
//! The upload's body is not read before its handler runs (the other calls' bodies are, up to
//! 1 MiB): the `file` part is streamed into one buffer and refused with HTTP 413 and status 17
//! as soon as it passes the simulator's per-file limit, the rest of the body read and thrown
//! away so that the client, still sending, reads the refusal. The whole body is bounded by
//! [`ServerLimits::max_upload_bytes`](crate::server::ServerLimits::max_upload_bytes) too.
//! Other parts than `file` are read and ignored (64 KiB each at most); a second `file` part,
//! a body that is not `multipart/form-data` with a boundary, or a malformed one is status 17;
//! a body without a `file` part is status 15.

use crate::model::file_too_large;
use crate::server::body::DRAIN_BYTES;
use crate::server::call::Call;
use crate::server::reply::{Outcome, Refusal, Success};
use axum::body::Body;
use bytes::{Bytes, BytesMut};
use kandy_core::{ContentDownload, ContentUpload, KandyApi, ThumbnailSize, status};
use multer::{Constraints, Multipart, SizeLimit};

/// The largest part other than `file` (read and ignored).
const MAX_OTHER_PART_BYTES: u64 = 64 * 1024;

pub(super) async fn upload_content(c: &Call<'_>) -> Outcome {
    let (token, device_id, uuid) = (c.key()?, c.typed("device_id")?, c.typed("content_uuid")?);
    let mime_type = c.param("content_type")?;
    let taken = c.upload.lock().take();
    let Some((content_type, body)) = taken else {
        return Err(Refusal::with_http(
            500,
            status::INTERNAL,
            "internal error: the upload's body was taken already",
        ));
    };
    let (file_name, bytes) = read_file_part(c, content_type.as_deref(), body).await?;
    let upload = ContentUpload::from_bytes(file_name, mime_type, bytes);
    c.done(c.api.upload_content(token, device_id, uuid, upload).await)?;
    Ok(Success::plain())
}

/// The `file` part's name and bytes.
async fn read_file_part(
    c: &Call<'_>,
    content_type: Option<&str>,
    body: Body,
) -> Result<(String, Bytes), Refusal> {
    let boundary = content_type
        .and_then(|value| multer::parse_boundary(value).ok())
        .ok_or_else(|| {
            Refusal::bad_value(
                "bad parameter value: the body must be multipart/form-data with a boundary",
            )
        })?;
    let limits = SizeLimit::new()
        .per_field(MAX_OTHER_PART_BYTES)
        .for_field("file", u64::MAX);
    let constraints = Constraints::new().size_limit(limits);
    let mut multipart = Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let limit = c.api.max_content_bytes();
    let mut file = None;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("file") {
            while field.chunk().await.map_err(unreadable)?.is_some() {}
            continue;
        }
        if file.is_some() {
            return Err(Refusal::bad_value(
                "bad parameter value: the body has more than one part named file",
            ));
        }
        let name = field.file_name().unwrap_or_default().to_owned();
        let mut joined = BytesMut::new();
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            if (joined.len() + chunk.len()) as u64 > limit {
                drop(joined);
                drain(&mut field, &mut multipart).await;
                return Err(Refusal::with_http(
                    413,
                    status::BAD_PARAMETER_VALUE,
                    file_too_large(limit).message,
                ));
            }
            joined.extend_from_slice(&chunk);
        }
        file = Some((name, joined.freeze()));
    }
    file.ok_or_else(|| c.missing("file"))
}

/// Reads what is left of the body, up to [`DRAIN_BYTES`], throwing it away.
async fn drain(field: &mut multer::Field<'_>, multipart: &mut Multipart<'_>) {
    let mut drained = 0usize;
    while drained <= DRAIN_BYTES {
        match field.chunk().await {
            Ok(Some(chunk)) => drained += chunk.len(),
            _ => break,
        }
    }
    while drained <= DRAIN_BYTES {
        match multipart.next_field().await {
            Ok(Some(mut next)) => {
                while let Ok(Some(chunk)) = next.chunk().await {
                    drained += chunk.len();
                }
            }
            _ => break,
        }
    }
}

fn unreadable(error: multer::Error) -> Refusal {
    Refusal::bad_value(format!(
        "bad parameter value: the multipart body could not be read: {error}"
    ))
}

pub(super) async fn download_content(c: &Call<'_>) -> Outcome {
    let download =
        c.api
            .download_content(c.key()?, c.typed("device_id")?, c.typed("content_uuid")?);
    answer_file(c, c.done(download.await)?).await
}

pub(super) async fn download_thumbnail(c: &Call<'_>) -> Outcome {
    let size = match c.opt("thumbnail_size") {
        None => ThumbnailSize::DEFAULT,
        Some(text) => text.parse().map_err(|_| {
            Refusal::bad_value(
                "bad parameter value: thumbnail_size must be WIDTHxHEIGHT, e.g. 500x500",
            )
        })?,
    };
    let (token, device_id, uuid) = (c.key()?, c.typed("device_id")?, c.typed("content_uuid")?);
    // Decoding an image takes time: on a blocking thread, not one serving connections.
    let api = c.api.clone();
    let made = tokio::task::spawn_blocking(move || api.thumbnail(token, device_id, uuid, size))
        .await
        .map_err(|_| {
            Refusal::with_http(
                500,
                status::INTERNAL,
                "internal error: the thumbnail failed",
            )
        })?;
    answer_file(c, c.done(made)?).await
}

/// The simulator's download (one shared buffer) as the file answer.
async fn answer_file(c: &Call<'_>, download: ContentDownload) -> Outcome {
    let mime_type = download
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let file_name = download.file_name.clone().unwrap_or_default();
    let bytes = c.done(download.read_all(usize::MAX).await)?;
    Ok(Success::file(crate::model::StoredFile::new(
        mime_type, file_name, bytes,
    )))
}
