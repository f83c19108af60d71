//! File content (#84–#86): the upload is read under the per-file limit and the thumbnail
//! decoded outside the model's lock, by the simulator's content module (`../content.rs`),
//! which the server shares.

use super::Ops;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn upload_content(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
        content: ContentUpload,
    ) -> Result<()> {
        self.0.upload(token, device_id, content_uuid, content).await
    }

    pub(in crate::simulator) async fn download_content(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
    ) -> Result<ContentDownload> {
        self.0.download(token, device_id, content_uuid)
    }

    pub(in crate::simulator) async fn download_thumbnail(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        content_uuid: ContentUuid,
        size: ThumbnailSize,
    ) -> Result<ContentDownload> {
        self.0.thumbnail(token, device_id, content_uuid, size)
    }
}
