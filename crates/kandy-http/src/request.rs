//! What a `KandyApi` method hands to the client: a [`Call`] read as its result, a call whose
//! result is reshaped ([`Mapped`]), or a content download ([`Download`]).

use crate::call::Call;
use crate::client::KandyClient;
use kandy_core::{ContentDownload, Result};
use serde::de::DeserializeOwned;
use std::future::Future;

/// A prepared request of one operation, run by [`KandyClient::send`].
pub(crate) trait Request: Send {
    /// The method's `Ok` value.
    type Output;

    /// Runs the request: one HTTP exchange.
    fn run(self, client: &KandyClient) -> impl Future<Output = Result<Self::Output>> + Send;
}

impl<T: DeserializeOwned + Send> Request for Call<T> {
    type Output = T;

    fn run(self, client: &KandyClient) -> impl Future<Output = Result<T>> + Send {
        client.execute(self)
    }
}

/// A call whose decoded result the method reshapes (`result.user` of #14 into the user).
pub(crate) struct Mapped<T, U> {
    call: Call<T>,
    map: fn(T) -> U,
}

impl<T> Call<T> {
    /// Reshapes the decoded result.
    pub(crate) fn map<U>(self, map: fn(T) -> U) -> Mapped<T, U> {
        Mapped { call: self, map }
    }
}

impl<T: DeserializeOwned + Send, U: Send> Request for Mapped<T, U> {
    type Output = U;

    fn run(self, client: &KandyClient) -> impl Future<Output = Result<U>> + Send {
        let map = self.map;
        let call = client.execute(self.call);
        async move { call.await.map(map) }
    }
}

/// A content download (#85, #86): the answer is the file, not an envelope.
pub(crate) struct Download(pub(crate) Call<()>);

impl Request for Download {
    type Output = ContentDownload;

    fn run(self, client: &KandyClient) -> impl Future<Output = Result<ContentDownload>> + Send {
        client.download(self.0)
    }
}
