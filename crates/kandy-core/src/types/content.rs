//! File content (endpoints #84–#86): uploads, sent as `multipart/form-data` with one part
//! named `file`, and downloads, answered with the raw bytes rather than an envelope.
//!
//! Both sides stream: an upload reads its body from a [`Stream`] of byte chunks (or from one
//! [`Bytes`] buffer, shared, not copied), and a download hands its bytes out as a
//! [`Stream`] as they arrive. Nothing holds a whole file unless the caller asks for it
//! ([`ContentDownload::read_all`]).

use crate::error::{Error, Result};
use crate::ids::ContentUuid;
use crate::types::messages::MessageContent;
use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::str::FromStr;
use std::task::{Context, Poll};

/// The error a caller's upload stream may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The chunks of an upload, as the caller's stream yields them.
pub type UploadStream = Pin<Box<dyn Stream<Item = std::result::Result<Bytes, BoxError>> + Send>>;

/// The chunks of a download; an error ends it (a broken connection, a timeout).
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes>> + Send>>;

/// The bytes of an upload: one buffer, or a stream read as the request is sent.
pub enum ContentBody {
    /// One buffer (cheap to clone: [`Bytes`] is reference-counted).
    Bytes(Bytes),
    /// A stream, read once.
    Stream(UploadStream),
}

impl fmt::Debug for ContentBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Self::Stream(_) => f.write_str("Stream(..)"),
        }
    }
}

/// A file to upload with `upload_content` (#84): its name, MIME type, length when known,
/// and its bytes.
///
/// The MIME type is sent twice, as the `content_type` query parameter and as the part's
/// `Content-Type`, as kandy.js sends it; the file name is the part's `filename`. With a
/// known length the request has a `Content-Length`, else it is sent chunked.
///
/// ```
/// use bytes::Bytes;
/// use kandy_core::ContentUpload;
///
/// let photo = ContentUpload::from_bytes("cat.png", "image/png", Bytes::from_static(b"\x89PNG"));
/// assert_eq!(photo.length(), Some(4));
///
/// // From any stream of chunks, e.g. a file read with tokio_util's `ReaderStream`.
/// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from("a,b\n"))]);
/// let table = ContentUpload::from_stream("table.csv", "text/csv", chunks).with_length(4);
/// assert_eq!(table.length(), Some(4));
/// ```
pub struct ContentUpload {
    file_name: String,
    mime_type: String,
    length: Option<u64>,
    body: ContentBody,
}

impl ContentUpload {
    /// A file held in one buffer; its length is the buffer's.
    pub fn from_bytes(
        file_name: impl Into<String>,
        mime_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        let bytes = bytes.into();
        Self {
            file_name: file_name.into(),
            mime_type: mime_type.into(),
            length: Some(bytes.len() as u64),
            body: ContentBody::Bytes(bytes),
        }
    }

    /// A file read from a stream of chunks as it is sent; its length is unknown until
    /// [`with_length`](Self::with_length). A chunk that fails ends the upload with that
    /// error.
    pub fn from_stream<S, E>(
        file_name: impl Into<String>,
        mime_type: impl Into<String>,
        stream: S,
    ) -> Self
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        Self {
            file_name: file_name.into(),
            mime_type: mime_type.into(),
            length: None,
            body: ContentBody::Stream(Box::pin(IntoBoxError(Box::pin(stream)))),
        }
    }

    /// Declares a stream's length in bytes (sent as the part's size); the stream must yield
    /// exactly that many. A buffer keeps its own length.
    pub fn with_length(mut self, length: u64) -> Self {
        if matches!(self.body, ContentBody::Stream(_)) {
            self.length = Some(length);
        }
        self
    }

    /// The file name (the part's `filename`).
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The MIME type, e.g. `image/png`.
    pub fn mime_type(&self) -> &str {
        &self.mime_type
    }

    /// The length in bytes, when known.
    pub fn length(&self) -> Option<u64> {
        self.length
    }

    /// A copy sharing the same buffer, for a body held in one; `None` for a stream, which
    /// can be read only once (so a retry layer sends it at most once).
    pub fn try_clone(&self) -> Option<Self> {
        match &self.body {
            ContentBody::Bytes(bytes) => Some(Self {
                file_name: self.file_name.clone(),
                mime_type: self.mime_type.clone(),
                length: self.length,
                body: ContentBody::Bytes(bytes.clone()),
            }),
            ContentBody::Stream(_) => None,
        }
    }

    /// The bytes, to send.
    pub fn into_body(self) -> ContentBody {
        self.body
    }

    /// The inner `message` of the IM that shares this file once it is uploaded under
    /// `uuid`, as kandy.js builds it: `{"mimeType", "content_uuid", "content_name"}`. Send it
    /// with the `contentType` that fits (`image`, `audio`, `video`, `file`, `contact`).
    pub fn message_content(&self, uuid: &ContentUuid) -> MessageContent {
        let mut content = MessageContent::new();
        content.insert("mimeType".into(), self.mime_type.clone().into());
        content.insert("content_uuid".into(), uuid.as_str().into());
        content.insert("content_name".into(), self.file_name.clone().into());
        content
    }
}

impl fmt::Debug for ContentUpload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContentUpload")
            .field("file_name", &self.file_name)
            .field("mime_type", &self.mime_type)
            .field("length", &self.length)
            .field("body", &self.body)
            .finish()
    }
}

/// The caller's stream with its error boxed.
struct IntoBoxError<S>(Pin<Box<S>>);

impl<S, E> Stream for IntoBoxError<S>
where
    S: Stream<Item = std::result::Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = std::result::Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map_err(Into::into)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

/// A file downloaded with `download_content` (#85) or `download_thumbnail` (#86): what the
/// response headers say about it, and its bytes as a [`Stream`] of chunks.
///
/// It is itself the stream (`while let Some(chunk) = download.next().await`, with
/// `futures_util::StreamExt`); [`read_all`](Self::read_all) collects it under a size limit.
/// A download the service refuses is not one of these: it is an API error.
#[non_exhaustive]
pub struct ContentDownload {
    /// The `Content-Type` the file was answered with, e.g. `image/png`.
    pub content_type: Option<String>,
    /// The `Content-Length`, when the response declares it.
    pub content_length: Option<u64>,
    /// The file name of the `Content-Disposition` header (`attachment; filename="cat.png"`).
    pub file_name: Option<String>,
    body: ByteStream,
}

impl ContentDownload {
    /// A download of these chunks, with no header known.
    pub fn new(body: impl Stream<Item = Result<Bytes>> + Send + 'static) -> Self {
        Self {
            content_type: None,
            content_length: None,
            file_name: None,
            body: Box::pin(body),
        }
    }

    /// A download of one buffer; its length is the buffer's.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes = bytes.into();
        let length = bytes.len() as u64;
        Self::new(Once(Some(bytes))).with_content_length(length)
    }

    /// Sets the content type.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets the declared length.
    pub fn with_content_length(mut self, content_length: u64) -> Self {
        self.content_length = Some(content_length);
        self
    }

    /// Sets the file name.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The chunks, without the headers.
    pub fn into_stream(self) -> ByteStream {
        self.body
    }

    /// Reads every chunk into one buffer (a single chunk is returned as is, without a copy).
    ///
    /// # Errors
    ///
    /// The first chunk error (a broken connection, a timeout), or a
    /// [`Decode`](crate::ErrorKind::Decode) error once more than `limit` bytes arrived.
    pub async fn read_all(mut self, limit: usize) -> Result<Bytes> {
        let mut first: Option<Bytes> = None;
        let mut joined = BytesMut::new();
        while let Some(chunk) = std::future::poll_fn(|cx| self.body.as_mut().poll_next(cx)).await {
            let chunk = chunk?;
            let total = first.as_ref().map_or(0, Bytes::len) + joined.len() + chunk.len();
            if total > limit {
                return Err(Error::decode(
                    format!("the content is larger than {limit} bytes"),
                    None,
                ));
            }
            match first.take() {
                None if joined.is_empty() => first = Some(chunk),
                None => joined.extend_from_slice(&chunk),
                Some(earlier) => {
                    joined.extend_from_slice(&earlier);
                    joined.extend_from_slice(&chunk);
                }
            }
        }
        Ok(first.unwrap_or_else(|| joined.freeze()))
    }
}

impl Stream for ContentDownload {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body.as_mut().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.body.size_hint()
    }
}

impl fmt::Debug for ContentDownload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContentDownload")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .field("file_name", &self.file_name)
            .finish_non_exhaustive()
    }
}

/// A stream of one chunk.
struct Once(Option<Bytes>);

impl Stream for Once {
    type Item = Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Ok))
    }
}

/// The size of a thumbnail (#86), sent as `thumbnail_size=WIDTHxHEIGHT`; kandy.js's default
/// is 500×500.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ThumbnailSize {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl ThumbnailSize {
    /// kandy.js's default, 500×500.
    pub const DEFAULT: ThumbnailSize = ThumbnailSize::new(500, 500);

    /// A size of `width`×`height` pixels.
    pub const fn new(width: u32, height: u32) -> Self {
        Self { width, height }
    }
}

impl Default for ThumbnailSize {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl fmt::Display for ThumbnailSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

impl FromStr for ThumbnailSize {
    type Err = Error;

    /// Reads `WIDTHxHEIGHT` (`500x500`); anything else is a
    /// [`BadArgument`](crate::ErrorKind::BadArgument) error.
    fn from_str(text: &str) -> Result<Self> {
        let parsed = text
            .split_once(['x', 'X'])
            .and_then(|(w, h)| Some(Self::new(w.parse().ok()?, h.parse().ok()?)));
        parsed.ok_or_else(|| {
            Error::bad_argument(format!(
                "a thumbnail size is WIDTHxHEIGHT, e.g. 500x500, not {text:?}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
                return value;
            }
        }
    }

    #[test]
    fn an_upload_from_bytes_is_cloned_without_copying_a_stream_is_not() {
        let bytes = Bytes::from_static(b"hello");
        let upload = ContentUpload::from_bytes("a.txt", "text/plain", bytes.clone());
        let copy = upload.try_clone().unwrap();
        match copy.into_body() {
            ContentBody::Bytes(b) => assert_eq!(b.as_ptr(), bytes.as_ptr()),
            ContentBody::Stream(_) => panic!("a buffer stays a buffer"),
        }
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes)]);
        let streamed = ContentUpload::from_stream("a.txt", "text/plain", chunks);
        assert!(streamed.try_clone().is_none());
        assert_eq!(streamed.length(), None);
        assert_eq!(streamed.with_length(5).length(), Some(5));
        let fixed = ContentUpload::from_bytes("a", "text/plain", "abc").with_length(99);
        assert_eq!(fixed.length(), Some(3));
        assert!(format!("{fixed:?}").contains("3 bytes"));
    }

    #[test]
    fn the_message_content_names_the_uploaded_file() {
        let upload = ContentUpload::from_bytes("cat.png", "image/png", "x");
        let content = upload.message_content(&ContentUuid::new("u-1"));
        assert_eq!(content["mimeType"], "image/png");
        assert_eq!(content["content_uuid"], "u-1");
        assert_eq!(content["content_name"], "cat.png");
    }

    #[test]
    fn read_all_joins_chunks_and_keeps_a_single_one_as_is() {
        let one = Bytes::from_static(b"only");
        let read = block_on(ContentDownload::from_bytes(one.clone()).read_all(10)).unwrap();
        assert_eq!(read.as_ptr(), one.as_ptr());
        let chunks = futures_util::stream::iter(["ab", "cd", "e"].map(|c| Ok(Bytes::from(c))));
        let download = ContentDownload::new(chunks).with_file_name("x.bin");
        assert_eq!(download.file_name.as_deref(), Some("x.bin"));
        assert_eq!(block_on(download.read_all(10)).unwrap(), "abcde");
        let chunks = futures_util::stream::iter(["abc", "def"].map(|c| Ok(Bytes::from(c))));
        let error = block_on(ContentDownload::new(chunks).read_all(5)).unwrap_err();
        assert_eq!(error.kind(), crate::ErrorKind::Decode);
        let failing = futures_util::stream::iter([Err(Error::transport("reset", true))]);
        assert!(block_on(ContentDownload::new(failing).read_all(5)).is_err());
    }

    #[test]
    fn thumbnail_sizes_read_and_print_as_width_x_height() {
        assert_eq!(ThumbnailSize::default().to_string(), "500x500");
        assert_eq!(
            "24x32".parse::<ThumbnailSize>().unwrap(),
            ThumbnailSize::new(24, 32)
        );
        for bad in ["", "500", "ax5", "5x", "-1x3"] {
            assert!(bad.parse::<ThumbnailSize>().is_err(), "{bad}");
        }
    }
}
