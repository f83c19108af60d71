//! `Retrying<A>` implements `KandyApi`, generated from the trait's own list of methods: each
//! method runs the inner API's method of the same name in `Retrying::run`, cloning its
//! arguments for each attempt. The one exception is `upload_content`, whose body may be a
//! stream that can be read only once: it is retried only when it is held in one buffer.

// The arguments are cloned for each attempt; for `bool` and `Option<u64>` that is a copy.
#![allow(clippy::clone_on_copy)]

use super::Retrying;
use async_trait::async_trait;
use kandy_core::*;

/// One method's body: the retry loop around the inner call.
macro_rules! attempts {
    (upload_content, $self:ident, $op:expr, ($token:ident, $device:ident, $uuid:ident, $content:ident)) => {{
        let (name, mime) = ($content.file_name().to_owned(), $content.mime_type().to_owned());
        match $content.into_body() {
            // One buffer, shared: each attempt sends the same bytes.
            ContentBody::Bytes(bytes) => {
                $self
                    .run($op, || {
                        let content = ContentUpload::from_bytes(name.clone(), mime.clone(), bytes.clone());
                        $self.inner().upload_content($token.clone(), $device.clone(), $uuid.clone(), content)
                    })
                    .await
            }
            // A stream is read once: one attempt, under the policy's deadline.
            ContentBody::Stream(stream) => {
                let mut once = Some(ContentUpload::from_stream(name, mime, stream));
                $self
                    .with_policy($self.policy().with_max_attempts(1))
                    .run($op, || {
                        let attempt = once.take();
                        async {
                            match attempt {
                                Some(content) => {
                                    $self.inner()
                                        .upload_content($token.clone(), $device.clone(), $uuid.clone(), content)
                                        .await
                                }
                                None => Err(Error::bad_argument("a streamed upload is sent once")),
                            }
                        }
                    })
                    .await
            }
        }
    }};
    ($method:ident, $self:ident, $op:expr, ($($arg:ident),*)) => {
        $self.run($op, || $self.inner().$method($($arg.clone()),*)).await
    };
}

macro_rules! retrying_api {
    ($($method:ident($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        #[async_trait]
        impl<A: KandyApi + ?Sized> KandyApi for Retrying<A> {
            $(
                async fn $method(&self, $($arg: $ty),*) -> Result<$out> {
                    attempts!($method, self, OperationId::$op.spec(), ($($arg),*))
                }
            )*
        }
    };
}

kandy_core::kandy_api_methods!(retrying_api);
