//! File content (#84–#86): a multipart upload, and downloads that answer the file itself.

use crate::call::Call;
use crate::request::Download;
use kandy_core::operation::{DOWNLOAD_CONTENT, DOWNLOAD_THUMBNAIL, UPLOAD_CONTENT};
use kandy_core::{ContentUpload, ContentUuid, DeviceId, ThumbnailSize, UserAccessToken};

/// #84 `POST devices/content?key=UAT&content_uuid=…&device_id=…&content_type=<mime>`, body
/// `multipart/form-data` with the one part `file` (its file name and MIME type), streamed.
pub(super) fn upload_content(
    token: UserAccessToken,
    device_id: DeviceId,
    content_uuid: ContentUuid,
    content: ContentUpload,
) -> Call<()> {
    let mime_type = content.mime_type().to_owned();
    Call::new(&UPLOAD_CONTENT, &token)
        .query("content_uuid", content_uuid.as_str())
        .query("device_id", device_id.as_str())
        .query("content_type", mime_type)
        .upload(content)
}

/// #85 `GET devices/content?key=UAT&content_uuid=…&device_id=…`: the file.
pub(super) fn download_content(
    token: UserAccessToken,
    device_id: DeviceId,
    content_uuid: ContentUuid,
) -> Download {
    Download(
        Call::new(&DOWNLOAD_CONTENT, &token)
            .query("content_uuid", content_uuid.as_str())
            .query("device_id", device_id.as_str()),
    )
}

/// #86 `GET devices/content/thumbnail?key=UAT&content_uuid=…&device_id=…&thumbnail_size=WxH`:
/// the thumbnail.
pub(super) fn download_thumbnail(
    token: UserAccessToken,
    device_id: DeviceId,
    content_uuid: ContentUuid,
    size: ThumbnailSize,
) -> Download {
    Download(
        Call::new(&DOWNLOAD_THUMBNAIL, &token)
            .query("content_uuid", content_uuid.as_str())
            .query("device_id", device_id.as_str())
            .query("thumbnail_size", size.to_string()),
    )
}
