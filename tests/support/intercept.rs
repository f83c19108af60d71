//! A `KandyApi` wrapper for tests that watch or disturb the message-queue calls (shared by
//! tests/inbox.rs and tests/soak.rs): `Intercepted(w)` hands every operation to `w.inner()`,
//! except `send_message`, `get_pending_messages` and `delete_handled_messages`, which go
//! through `w`'s [`Intercept`] methods (which hand them on too unless overridden). The impl is
//! generated from `kandy_api_methods!`, so no signature is written here but those three.

use async_trait::async_trait;
use kandy_core::*;
use std::ops::Deref;

/// What a test wrapper changes: the API it wraps, and any of the three message-queue calls.
#[async_trait]
pub trait Intercept: Send + Sync {
    /// The API every call is handed to.
    fn inner(&self) -> &dyn KandyApi;

    async fn send_message(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        message: OutgoingMessage,
    ) -> Result<()> {
        self.inner().send_message(token, device_id, message).await
    }

    async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.inner()
            .get_pending_messages(token, device_id, client_timestamp)
            .await
    }

    async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()> {
        self.inner()
            .delete_handled_messages(token, device_id, uuids)
            .await
    }
}

/// A test wrapper as a `KandyApi`; derefs to the wrapper (its counters).
#[derive(Debug)]
pub struct Intercepted<W>(pub W);

impl<W> Deref for Intercepted<W> {
    type Target = W;

    fn deref(&self) -> &W {
        &self.0
    }
}

/// One method of `Intercepted<W>`: the three message-queue calls through `W`, any other
/// straight to `W::inner()`.
macro_rules! route {
    (send_message, $w:expr, ($($arg:ident),*)) => {
        $w.send_message($($arg),*).await
    };
    (get_pending_messages, $w:expr, ($($arg:ident),*)) => {
        $w.get_pending_messages($($arg),*).await
    };
    (delete_handled_messages, $w:expr, ($($arg:ident),*)) => {
        $w.delete_handled_messages($($arg),*).await
    };
    ($method:ident, $w:expr, ($($arg:ident),*)) => {
        $w.inner().$method($($arg),*).await
    };
}

/// Implements `KandyApi` for `Intercepted<W>` from the trait's own list of methods.
macro_rules! intercepted_kandy_api {
    ($($method:ident($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        #[async_trait]
        impl<W: Intercept> KandyApi for Intercepted<W> {
            $(
                async fn $method(&self, $($arg: $ty),*) -> Result<$out> {
                    route!($method, self.0, ($($arg),*))
                }
            )*
        }
    };
}

kandy_core::kandy_api_methods!(intercepted_kandy_api);
