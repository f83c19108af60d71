//! The in-process side of file content (#84–#86): an upload's body read under the per-file
//! limit, and a stored file handed out as a download (sharing its buffer).

use super::Simulator;
use super::journal::Applied;
use super::recorded::{ApiCall, Journaled, UploadForm};
use crate::model::{NewContent, StoredFile, file_too_large};
use bytes::BytesMut;
use futures_util::StreamExt as _;
use kandy_core::operation as op;
use kandy_core::{
    ContentBody, ContentDownload, ContentUpload, ContentUuid, DeviceId, Error, ExposeSecret,
    Result, ThumbnailSize, UserAccessToken,
};

impl Simulator {
    /// #84: the upload read under the per-file limit (outside the model's lock), then stored.
    pub(super) async fn upload(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
        content: ContentUpload,
    ) -> Result<()> {
        let op = &op::UPLOAD_CONTENT;
        let mut recorded = self.journaling().then(|| UploadCall {
            token: token.clone(),
            device_id: device_id.clone(),
            content_uuid: content_uuid.clone(),
            content: Journaled::form(&content),
        });
        let content = read_upload(content, self.max_content_bytes())
            .await
            .map_err(|error| error.with_operation(op.name))?;
        let entry = recorded.take().map(|mut call| {
            call.content.set_bytes(content.bytes.clone());
            Applied::Api(ApiCall::upload_content {
                token: call.token,
                device_id: call.device_id,
                content_uuid: call.content_uuid,
                content: call.content,
            })
        });
        self.call(op, token.expose_secret(), Some(&device_id), entry, |m| {
            m.upload_content(&token, &device_id, &content_uuid, content)
        })
    }

    /// #85: the stored file, its buffer shared.
    pub(super) fn download(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
    ) -> Result<ContentDownload> {
        let entry = self.journaling().then(|| {
            Applied::Api(ApiCall::download_content {
                token: token.clone(),
                device_id: device_id.clone(),
                content_uuid: content_uuid.clone(),
            })
        });
        let file = self.call(
            &op::DOWNLOAD_CONTENT,
            token.expose_secret(),
            Some(&device_id),
            entry,
            |m| m.download_content(&token, &device_id, &content_uuid),
        )?;
        Ok(download_of(file))
    }

    /// #86: the checks under the model's lock, the decoding outside it (the other calls need
    /// not wait for it; the server runs this on a blocking thread). Only a thumbnail made
    /// counts as the user's call (`last_seen`): a refusal changes nothing.
    pub(crate) fn thumbnail(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
        size: ThumbnailSize,
    ) -> Result<ContentDownload> {
        let op = &op::DOWNLOAD_THUMBNAIL;
        let entry = self.journaling().then(|| {
            Applied::Api(ApiCall::download_thumbnail {
                token: token.clone(),
                device_id: device_id.clone(),
                content_uuid: content_uuid.clone(),
                size,
            })
        });
        let image = self.call(op, token.expose_secret(), Some(&device_id), entry, |m| {
            m.thumbnail_source(&token, &device_id, &content_uuid, size)
        })?;
        let thumbnail = crate::model::thumbnail(&image, size)
            .map_err(|error| Error::from(error).with_operation(op.name))?;
        let touched = self.journaling().then(|| Applied::Touch {
            token: token.clone(),
        });
        self.change_recorded(touched, |m| m.touch(&token));
        Ok(download_of(thumbnail))
    }
}

/// An upload's arguments, recorded before its body is read.
struct UploadCall {
    token: UserAccessToken,
    device_id: DeviceId,
    content_uuid: ContentUuid,
    content: UploadForm,
}

/// Reads an upload whole, stopping as soon as it holds more than `limit` bytes (status 17,
/// nothing stored). A buffer is taken as is; a failing stream is a transport error (nothing
/// was applied).
async fn read_upload(content: ContentUpload, limit: u64) -> Result<NewContent> {
    let mime_type = content.mime_type().to_owned();
    let file_name = content.file_name().to_owned();
    let too_large = || Error::from(file_too_large(limit));
    let bytes = match content.into_body() {
        ContentBody::Bytes(bytes) if bytes.len() as u64 > limit => return Err(too_large()),
        ContentBody::Bytes(bytes) => bytes,
        ContentBody::Stream(mut stream) => {
            let mut joined = BytesMut::new();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| {
                    Error::transport(format!("the upload's body stream failed: {e}"), false)
                })?;
                if (joined.len() + chunk.len()) as u64 > limit {
                    return Err(too_large());
                }
                joined.extend_from_slice(&chunk);
            }
            joined.freeze()
        }
    };
    Ok(NewContent {
        mime_type,
        file_name,
        bytes,
    })
}

/// A stored file as a download: its type, length and name (when it has one), one chunk.
fn download_of(file: StoredFile) -> ContentDownload {
    let download = ContentDownload::from_bytes(file.bytes).with_content_type(file.mime_type);
    if file.file_name.is_empty() {
        download
    } else {
        download.with_file_name(file.file_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    /// A buffer of `len` bytes, to test limits with.
    fn zeros(len: usize) -> Bytes {
        Bytes::from(vec![0u8; len])
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let mut future = std::pin::pin!(future);
        loop {
            if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                return value;
            }
        }
    }

    #[test]
    fn uploads_are_read_up_to_the_limit_and_no_further() {
        let buffer = ContentUpload::from_bytes("a.bin", "application/octet-stream", zeros(10));
        let read = block_on(read_upload(buffer, 10)).unwrap();
        assert_eq!(read.bytes.len(), 10);
        let buffer = ContentUpload::from_bytes("a.bin", "application/octet-stream", zeros(11));
        assert_eq!(
            block_on(read_upload(buffer, 10)).unwrap_err().api_status(),
            Some(kandy_core::ApiStatus::new(17))
        );
        // The stream is not read past the chunk that crosses the limit.
        let polled = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = polled.clone();
        let chunks = futures_util::stream::repeat_with(move || {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok::<_, std::io::Error>(zeros(4))
        });
        let endless = ContentUpload::from_stream("big", "text/plain", chunks);
        assert!(block_on(read_upload(endless, 10)).is_err());
        assert_eq!(polled.load(std::sync::atomic::Ordering::Relaxed), 3);
        let failing = futures_util::stream::iter([Err::<Bytes, _>(std::io::Error::other("gone"))]);
        let error = block_on(read_upload(
            ContentUpload::from_stream("x", "text/plain", failing),
            10,
        ))
        .unwrap_err();
        assert_eq!(error.kind(), kandy_core::ErrorKind::Transport);
    }
}
