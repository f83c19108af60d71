//! File content (#84–#86): files a device uploads under the client's `content_uuid`, stored
//! per domain and downloaded by the domain's users; and the rule that an IM naming a
//! `content_uuid` names one of them.
//!
//! The bytes are [`Bytes`]: a download shares the stored buffer, it never copies it. A file
//! is read whole before the model sees it; the adapters (the in-process simulator and the
//! server) stop reading at [`ModelConfig::max_content_bytes`](super::ModelConfig).

use super::state::StoredContent;
use super::{Model, ModelError, validate};
use bytes::Bytes;
use kandy_core::{ContentType, ContentUuid, DeviceId, MessageContent, ThumbnailSize};
use kandy_core::{UserAccessToken, status};
use std::fmt;

/// The default largest file: 16 MiB.
pub const DEFAULT_MAX_CONTENT_BYTES: u64 = 16 * 1024 * 1024;

/// The default most bytes of content one domain holds: 64 MiB.
pub const DEFAULT_MAX_DOMAIN_CONTENT_BYTES: u64 = 64 * 1024 * 1024;

/// The most files one domain holds (status 12 beyond), so that tiny files cannot grow the
/// state without bound under the byte quota.
pub const MAX_DOMAIN_CONTENT_FILES: usize = 10_000;

/// The MIME type of a file uploaded with an empty `content_type`.
pub const UNKNOWN_MIME_TYPE: &str = "application/octet-stream";

/// The largest side of a thumbnail, in pixels (status 16 beyond).
pub const MAX_THUMBNAIL_SIDE: u32 = 4096;

pub(super) fn default_max_content_bytes() -> u64 {
    DEFAULT_MAX_CONTENT_BYTES
}

pub(super) fn default_max_domain_content_bytes() -> u64 {
    DEFAULT_MAX_DOMAIN_CONTENT_BYTES
}

/// A file for [`Model::upload_content`], read whole: its MIME type (the `content_type`
/// parameter), its file name (the part's `filename`, may be empty) and its bytes.
#[derive(Clone)]
pub struct NewContent {
    /// `type/subtype`, e.g. `image/png`.
    pub mime_type: String,
    /// The file name; empty when the client sent none.
    pub file_name: String,
    /// The bytes.
    pub bytes: Bytes,
}

impl fmt::Debug for NewContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewContent")
            .field("mime_type", &self.mime_type)
            .field("file_name", &self.file_name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

/// A stored file (or a thumbnail of one) as a download answers it.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoredFile {
    /// The `Content-Type` to answer with.
    pub mime_type: String,
    /// The file name for `Content-Disposition`; empty when the upload had none.
    pub file_name: String,
    /// The bytes, shared with the store.
    pub bytes: Bytes,
}

impl fmt::Debug for StoredFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredFile")
            .field("mime_type", &self.mime_type)
            .field("file_name", &self.file_name)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl StoredFile {
    /// A file of these parts.
    pub fn new(mime_type: impl Into<String>, file_name: impl Into<String>, bytes: Bytes) -> Self {
        Self {
            mime_type: mime_type.into(),
            file_name: file_name.into(),
            bytes,
        }
    }
}

/// The refusal of a file over the per-file limit: status 17 (the server answers it with HTTP
/// 413, as any body over its limit).
pub fn file_too_large(limit: u64) -> ModelError {
    ModelError::new(
        status::BAD_PARAMETER_VALUE,
        format!("the file is larger than the limit of {limit} bytes"),
    )
}

impl Model {
    /// Changes the per-file and per-domain content limits; what is stored stays.
    pub fn set_content_limits(&mut self, max_content_bytes: u64, max_domain_content_bytes: u64) {
        self.state.config.max_content_bytes = max_content_bytes;
        self.state.config.max_domain_content_bytes = max_domain_content_bytes;
    }

    /// #84: stores a file of the caller's domain under `content_uuid`, uploaded from the
    /// caller's device; an empty MIME type is [`UNKNOWN_MIME_TYPE`]. Refused: an empty id or
    /// file, a malformed UUID, MIME type or name (16; a blank MIME type is 15), a file over
    /// the per-file limit (17), an unknown device (53) or another user's (11), a UUID the
    /// domain has (50), the domain's quota of bytes or files used up (12).
    pub fn upload_content(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        content_uuid: &ContentUuid,
        mut content: NewContent,
    ) -> Result<(), ModelError> {
        validate::id("device_id", device_id.as_str())?;
        validate::content_uuid(content_uuid)?;
        // kandy.js sends `content_type=` + the browser's `file.type`, which is empty for a
        // file of no known type.
        if content.mime_type.is_empty() {
            content.mime_type = UNKNOWN_MIME_TYPE.to_owned();
        }
        validate::mime_type(&content.mime_type)?;
        validate::file_name(&content.file_name)?;
        if content.bytes.is_empty() {
            return Err(ModelError::invalid("the file is empty"));
        }
        let size = content.bytes.len() as u64;
        let config = self.state.config;
        if size > config.max_content_bytes {
            return Err(file_too_large(config.max_content_bytes));
        }
        self.as_user(token, |m, who| {
            m.own_device(who, device_id)?;
            let now = m.state.now_ms;
            let domain = m.domain_mut(&who.domain)?;
            if domain.content.contains_key(content_uuid.as_str()) {
                return Err(ModelError::exists(format!(
                    "the domain has a file of content_uuid {content_uuid} already"
                )));
            }
            if domain.content.len() >= MAX_DOMAIN_CONTENT_FILES {
                return Err(ModelError::new(
                    status::USAGE_QUOTA_EXCEEDED,
                    format!("the domain holds {MAX_DOMAIN_CONTENT_FILES} files, the most it may"),
                ));
            }
            let used: u64 = domain.content.values().map(|c| c.bytes.len() as u64).sum();
            if used.saturating_add(size) > config.max_domain_content_bytes {
                return Err(ModelError::new(
                    status::USAGE_QUOTA_EXCEEDED,
                    format!(
                        "the domain's content quota of {} bytes is used up ({used} bytes stored)",
                        config.max_domain_content_bytes
                    ),
                ));
            }
            domain.content.insert(
                content_uuid.as_str().to_owned(),
                StoredContent {
                    mime_type: content.mime_type,
                    name: content.file_name,
                    uploader: who.full_id(),
                    uploaded_ms: now,
                    bytes: content.bytes,
                },
            );
            Ok(())
        })
    }

    /// #85: a file of the caller's domain, through the caller's device. Refused: an empty id
    /// or UUID (16), an unknown device (53) or another user's (11), a UUID the domain has no
    /// file of (53, also when another domain has one).
    pub fn download_content(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        content_uuid: &ContentUuid,
    ) -> Result<StoredFile, ModelError> {
        validate::id("device_id", device_id.as_str())?;
        validate::content_uuid(content_uuid)?;
        self.as_user(token, |m, who| {
            m.own_device(who, device_id)?;
            let stored = m.stored_content(&who.domain, content_uuid.as_str())?;
            Ok(StoredFile::new(
                stored.mime_type.as_str(),
                stored.name.as_str(),
                stored.bytes.clone(),
            ))
        })
    }

    /// #86: a thumbnail of an image of the caller's domain that fits in `size`. Refused as
    /// [`download_content`](Model::download_content) is, and: a size outside 1 to
    /// [`MAX_THUMBNAIL_SIDE`] pixels a side (16), a file whose MIME type is not `image/…` or
    /// whose bytes are not a PNG, JPEG or GIF within the decoder's limits (16).
    pub fn download_thumbnail(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        content_uuid: &ContentUuid,
        size: ThumbnailSize,
    ) -> Result<StoredFile, ModelError> {
        let image = self.thumbnail_source(token, device_id, content_uuid, size)?;
        let thumbnail = super::thumbnail(&image, size)?;
        self.touch(token);
        Ok(thumbnail)
    }

    /// #86's checks, changing nothing: the image to make the thumbnail of. The simulator
    /// decodes it outside its lock, then [`touch`](Model::touch)es the caller.
    pub(crate) fn thumbnail_source(
        &self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        content_uuid: &ContentUuid,
        size: ThumbnailSize,
    ) -> Result<StoredFile, ModelError> {
        validate::id("device_id", device_id.as_str())?;
        validate::content_uuid(content_uuid)?;
        let sides = 1..=MAX_THUMBNAIL_SIDE;
        if !sides.contains(&size.width) || !sides.contains(&size.height) {
            return Err(ModelError::invalid(format!(
                "thumbnail_size {size} is out of range: each side is 1 to {MAX_THUMBNAIL_SIDE} \
                 pixels"
            )));
        }
        let who = self.user_of(token)?;
        self.own_device(&who, device_id)?;
        let stored = self.stored_content(&who.domain, content_uuid.as_str())?;
        if !stored.mime_type.to_ascii_lowercase().starts_with("image/") {
            return Err(ModelError::invalid(format!(
                "the file {content_uuid} is {}, not an image: it has no thumbnail",
                stored.mime_type
            )));
        }
        Ok(StoredFile::new(
            stored.mime_type.as_str(),
            stored.name.as_str(),
            stored.bytes.clone(),
        ))
    }

    /// Records a successful call of the token's user (its `last_seen`); nothing if the token
    /// no longer opens anything.
    pub(crate) fn touch(&mut self, token: &UserAccessToken) {
        let _ = self.as_user(token, |_, _| Ok(()));
    }

    fn stored_content(
        &self,
        domain: &str,
        content_uuid: &str,
    ) -> Result<&StoredContent, ModelError> {
        self.domain(domain)?
            .content
            .get(content_uuid)
            .ok_or_else(|| {
                ModelError::not_found(format!(
                    "no file of content_uuid {content_uuid} in the domain"
                ))
            })
    }

    /// The `content_uuid` an IM of an uploaded content type names, checked against the
    /// domain's files (53). An IM without one is kept as given.
    pub(crate) fn check_content_reference(
        &self,
        domain: &str,
        reference: Option<&str>,
    ) -> Result<(), ModelError> {
        match reference {
            Some(uuid) => self.stored_content(domain, uuid).map(|_| ()),
            None => Ok(()),
        }
    }
}

/// The `content_uuid` an IM's inner `message` names, if its content type is an upload's
/// (`image`, `audio`, `video`, `file`, `contact`); a `content_uuid` that is not a non-empty
/// string is a malformed message (710).
pub(crate) fn content_reference<'m>(
    content_type: &ContentType,
    message: &'m MessageContent,
) -> Result<Option<&'m str>, ModelError> {
    let uploaded = matches!(
        content_type,
        ContentType::Image
            | ContentType::Audio
            | ContentType::Video
            | ContentType::File
            | ContentType::Contact
    );
    if !uploaded {
        return Ok(None);
    }
    match message.get("content_uuid") {
        None => Ok(None),
        Some(serde_json::Value::String(uuid)) if !uuid.trim().is_empty() => Ok(Some(uuid)),
        Some(_) => Err(ModelError::bad_message(
            "message.content_uuid must be the non-empty UUID of an uploaded file",
        )),
    }
}

/// The snapshot's form of a file's bytes: standard base64 with padding.
pub(crate) mod base64_bytes {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use bytes::Bytes;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        bytes: &Bytes,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Bytes, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD
            .decode(text.as_bytes())
            .map(Bytes::from)
            .map_err(|_| serde::de::Error::custom("a file's bytes are not base64"))
    }
}
