//! Mapping transport failures (`reqwest::Error`) onto `kandy_core::Error`.

use kandy_core::Error;

/// Maps a reqwest failure, saying whether the request may have been sent.
///
/// - a refused or failed connection: `Connect`, certainly not sent;
/// - a timeout: `Timeout`, not sent only when it expired while connecting;
/// - anything else (a reset, a broken body): `Transport`, maybe sent.
///
/// The reqwest error is kept as the source only after
/// [`without_url`](reqwest::Error::without_url): its URL holds the credentials.
pub(crate) fn from_reqwest(error: reqwest::Error, http_status: Option<u16>) -> Error {
    let error = error.without_url();
    let mapped = if error.is_timeout() {
        if error.is_connect() {
            Error::timeout("no connection within the connect timeout", false)
        } else {
            Error::timeout("no answer within the attempt timeout", true)
        }
    } else if error.is_connect() {
        Error::connect("could not connect to the server")
    } else if error.is_builder() {
        Error::config("the HTTP request could not be built")
    } else if error.is_body() || error.is_decode() {
        Error::transport("the response body could not be read", true)
    } else {
        Error::transport("the connection failed while sending or receiving", true)
    };
    let mapped = mapped.with_source(error);
    match http_status {
        Some(http) => mapped.with_http_status(http),
        None => mapped,
    }
}
