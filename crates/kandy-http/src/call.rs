//! One call of one operation: its key, query, JSON body and how to read its `result`.
//!
//! The method and path come from the operation table (`kandy_core::operation`); each
//! `KandyApi` method only fills in a `Call`, and [`KandyClient`](crate::KandyClient) runs
//! every call the same way.

use crate::redact::Secrets;
use kandy_core::operation::is_secret_param;
use kandy_core::{ContentUpload, Error, ExposeSecret, Operation};
use serde::Serialize;
use std::marker::PhantomData;
use url::Url;

/// Where the typed value of a successful call is in the envelope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Nothing is read: the call answers plain success (`result` is ignored if present).
    Nothing,
    /// The whole `result` object.
    Whole,
    /// One field of `result` (`result.devices`).
    Field(&'static str),
    /// The object under this field of `result` when `result` has it (`result.session`),
    /// else the whole `result`: for results whose wrapping no caller shows.
    Wrapped(&'static str),
}

/// A request being prepared, reading a `T` from the response.
pub(crate) struct Call<T> {
    pub(crate) op: &'static Operation,
    query: Vec<(&'static str, String)>,
    /// The JSON body, encoded once when it is set.
    body: Option<Vec<u8>>,
    /// The file of a multipart upload (#84), sent as the part `file`.
    upload: Option<ContentUpload>,
    pub(crate) secrets: Secrets,
    pub(crate) shape: Shape,
    /// A body that could not be encoded: reported when the call runs, before sending.
    invalid: Option<String>,
    result: PhantomData<fn() -> T>,
}

impl Call<()> {
    /// A call of `op` authenticated by `key`, answering plain success until told otherwise.
    pub(crate) fn new(op: &'static Operation, key: &impl ExposeSecret) -> Self {
        Call {
            op,
            query: Vec::new(),
            body: None,
            upload: None,
            secrets: Secrets::default(),
            shape: Shape::Nothing,
            invalid: None,
            result: PhantomData,
        }
        .query("key", key.expose_secret())
    }
}

impl<T> Call<T> {
    /// Adds a query parameter (URL-encoded when the URL is built). The values of credential
    /// parameters are remembered, to be scrubbed from anything taken from the response.
    pub(crate) fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        if is_secret_param(name) {
            self.secrets.add(&value);
        }
        self.query.push((name, value));
        self
    }

    /// Adds a query parameter whose value is a credential.
    pub(crate) fn secret_query(self, name: &'static str, value: &impl ExposeSecret) -> Self {
        self.query(name, value.expose_secret())
    }

    /// Adds a query parameter holding a JSON array (`["a@d.com","b@d.com"]`), as #44, #58
    /// and #78 take their lists.
    pub(crate) fn json_query(self, name: &'static str, values: &[impl Serialize]) -> Self {
        match serde_json::to_string(values) {
            Ok(json) => self.query(name, json),
            Err(e) => self.refuse(format!("the `{name}` list could not be encoded: {e}")),
        }
    }

    /// Sets the JSON body.
    pub(crate) fn body(mut self, body: &impl Serialize) -> Self {
        // Kandy bodies are small: one allocation holds most of them.
        let mut bytes = Vec::with_capacity(256);
        match serde_json::to_writer(&mut bytes, body) {
            Ok(()) => {
                self.body = Some(bytes);
                self
            }
            Err(e) => self.refuse(format!("the request body could not be encoded: {e}")),
        }
    }

    /// Sets the file of a multipart upload.
    pub(crate) fn upload(mut self, content: ContentUpload) -> Self {
        self.upload = Some(content);
        self
    }

    /// Adds a query parameter when there is a value.
    pub(crate) fn optional_query(
        self,
        name: &'static str,
        value: Option<impl Into<String>>,
    ) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Remembers a credential carried in the body (a new user's password).
    pub(crate) fn body_secret(mut self, value: Option<&impl ExposeSecret>) -> Self {
        if let Some(value) = value {
            self.secrets.add(value.expose_secret());
        }
        self
    }

    /// Remembers a credential carried in the body as plain text (a verification code).
    pub(crate) fn body_secret_text(mut self, value: &str) -> Self {
        self.secrets.add(value);
        self
    }

    fn refuse(mut self, detail: String) -> Self {
        self.invalid.get_or_insert(detail);
        self
    }

    /// Reads the whole `result` as a `U`.
    pub(crate) fn reads_whole<U>(self) -> Call<U> {
        self.reads(Shape::Whole)
    }

    /// Reads `result.name` as a `U` when `result` holds that object, else the whole `result`.
    pub(crate) fn reads_wrapped<U>(self, name: &'static str) -> Call<U> {
        self.reads(Shape::Wrapped(name))
    }

    /// Reads the field `name` of `result` as a `U`.
    pub(crate) fn reads_field<U>(self, name: &'static str) -> Call<U> {
        self.reads(Shape::Field(name))
    }

    fn reads<U>(self, shape: Shape) -> Call<U> {
        Call {
            op: self.op,
            query: self.query,
            body: self.body,
            upload: self.upload,
            secrets: self.secrets,
            shape,
            invalid: self.invalid,
            result: PhantomData,
        }
    }

    /// The request URL: the operation's path under `base`, then the query, each value
    /// URL-encoded. It holds credentials: never format it, use
    /// [`redact_url`](crate::redact_url).
    pub(crate) fn url(&self, base: &Url) -> Result<Url, Error> {
        if let Some(detail) = &self.invalid {
            return Err(Error::bad_argument(detail.clone()));
        }
        let mut url = base.join(self.op.path).map_err(|_| {
            Error::config("the operation's path could not be joined to the base URL")
        })?;
        url.query_pairs_mut().extend_pairs(self.query.iter());
        Ok(url)
    }

    /// Takes the encoded JSON body out (it is sent once, not copied).
    pub(crate) fn take_body(&mut self) -> Option<Vec<u8>> {
        self.body.take()
    }

    /// Takes the upload's file out (its stream is read once).
    pub(crate) fn take_upload(&mut self) -> Option<ContentUpload> {
        self.upload.take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::UserAccessToken;
    use kandy_core::operation::{GET_LAST_SEEN, SEND_SMS};

    fn base() -> Url {
        Url::parse("https://api.kandy.io/v1.2/").unwrap()
    }

    #[test]
    fn url_joins_the_table_path_and_encodes_every_value() {
        let token = UserAccessToken::new("UAT+/ &=x");
        let call = Call::new(&GET_LAST_SEEN, &token).json_query("users", &["a@d.com", "b c"]);
        let url = call.url(&base()).unwrap();
        assert_eq!(url.path(), "/v1.2/users/presence/last_seen");
        assert_eq!(
            url.query(),
            Some("key=UAT%2B%2F+%26%3Dx&users=%5B%22a%40d.com%22%2C%22b+c%22%5D")
        );
        let pairs: Vec<_> = url.query_pairs().collect();
        assert_eq!(pairs[0].1, "UAT+/ &=x");
        assert_eq!(pairs[1].1, r#"["a@d.com","b c"]"#);
    }

    #[test]
    fn credential_values_are_remembered_for_scrubbing() {
        let token = UserAccessToken::new("UATsecretvalue");
        let call = Call::new(&SEND_SMS, &token).query("device_id", "dev1");
        assert_eq!(
            call.secrets.scrub("x UATsecretvalue dev1"),
            "x REDACTED dev1"
        );
    }
}
