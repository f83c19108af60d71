//! Reading a response: the envelope from any HTTP status, then the typed `result`.

use crate::call::Shape;
use crate::redact::{Secrets, mask_literals, snippet};
use kandy_core::{Error, Operation, OperationId, status};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A response as received: HTTP status, content type and body.
pub(crate) struct Reply {
    pub(crate) http_status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Vec<u8>,
}

#[cfg(test)]
impl Reply {
    /// A reply with a JSON content type (for the decoding tests).
    pub(crate) fn json(http_status: u16, body: &str) -> Self {
        Reply {
            http_status,
            content_type: Some("application/json".into()),
            body: body.as_bytes().to_vec(),
        }
    }
}

/// The envelope, with `result` kept as JSON until the status says it is a success.
#[derive(Deserialize)]
struct Envelope {
    status: i64,
    /// Always sent by the service; an error without one is still an error.
    #[serde(default)]
    message: String,
    #[serde(default)]
    result: Option<serde_json::Value>,
}

/// Operations whose result carries credentials: an undecodable body of theirs is never
/// quoted, not even redacted.
const RETURNS_CREDENTIALS: &[OperationId] = &[
    OperationId::GetAccountAccessToken,
    OperationId::CreateDomain,
    OperationId::GetDomains,
    OperationId::GetLimitedDomainDetail,
    OperationId::GetDomainAccessToken,
    OperationId::CreateUserByUserId,
    OperationId::CreateUserByPhoneNumber,
    OperationId::GetUsers,
    OperationId::GetUserDetails,
    OperationId::GetUserAccessToken,
    OperationId::GetUserAccessTokenByPassword,
    OperationId::CreateAnonymousUser,
    OperationId::GetLimitedUserDetails,
    OperationId::Register,
    OperationId::GetConfigurations,
];

/// Decodes `reply` as the answer to `op`: a non-zero envelope `status` is an API error under
/// any HTTP status; a redirect, a body that is not a well-formed envelope, a success envelope
/// under an error status, or a `result` of the wrong shape is a decode error.
pub(crate) fn decode<T: DeserializeOwned>(
    op: &Operation,
    shape: Shape,
    reply: &Reply,
    secrets: &Secrets,
) -> Result<T, Error> {
    if let Some(value) = crate::success::read_success(shape, reply) {
        return Ok(value);
    }
    let http = reply.http_status;
    if (300..400).contains(&http) {
        return Err(Error::decode(
            "the server answered with a redirect, which is not followed (it could carry the \
             credentials in the query to another host)",
            Some(http),
        ));
    }
    let envelope = read_envelope(op, reply, secrets)?;
    if envelope.status != status::SUCCESS {
        return Err(Error::api(
            envelope.status,
            secrets.scrub(&envelope.message),
            Some(http),
        ));
    }
    if !(200..300).contains(&http) {
        return Err(Error::decode(
            "a success envelope came with an HTTP error status",
            Some(http),
        ));
    }
    read_result(shape, envelope.result)
        .map_err(|detail| Error::decode(secrets.scrub(&detail), Some(http)))
}

fn read_envelope(op: &Operation, reply: &Reply, secrets: &Secrets) -> Result<Envelope, Error> {
    let http = Some(reply.http_status);
    let body = reply.body.as_slice();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::decode("the response body is empty", http));
    }
    if !looks_like_json(body) {
        let kind = reply.content_type.as_deref().unwrap_or("no content type");
        let kind: String = secrets
            .scrub(&mask_literals(kind))
            .chars()
            .take(48)
            .collect();
        let detail = if RETURNS_CREDENTIALS.contains(&op.id) {
            format!("the response is not a JSON object ({kind})")
        } else {
            format!(
                "the response is not a JSON object ({kind}): {}",
                snippet(body, secrets)
            )
        };
        return Err(Error::decode(detail, http));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let envelope: Envelope = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        let detail = if inner.is_syntax() || inner.is_eof() {
            malformed(inner)
        } else {
            format!(
                "the response is not a Kandy envelope: `{}`: {}",
                e.path(),
                mask_literals(&inner.to_string())
            )
        };
        Error::decode(secrets.scrub(&detail), http)
    })?;
    de.end()
        .map_err(|e| Error::decode(secrets.scrub(&malformed(&e)), http))?;
    Ok(envelope)
}

fn malformed(error: &serde_json::Error) -> String {
    format!(
        "the response is not well-formed JSON: {}",
        mask_literals(&error.to_string())
    )
}

/// Whether the body starts like the JSON object an envelope is.
fn looks_like_json(body: &[u8]) -> bool {
    body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn read_result<T: DeserializeOwned>(
    shape: Shape,
    result: Option<serde_json::Value>,
) -> Result<T, String> {
    let (value, at) = match shape {
        Shape::Nothing => (serde_json::Value::Null, "result".to_owned()),
        Shape::Whole => (
            result.ok_or("the success envelope has no `result`")?,
            "result".to_owned(),
        ),
        Shape::Wrapped(name) => {
            let mut result = result.ok_or("the success envelope has no `result`")?;
            match result.get_mut(name) {
                Some(inner) if inner.is_object() => (inner.take(), format!("result.{name}")),
                _ => (result, "result".to_owned()),
            }
        }
        Shape::Field(name) => {
            let mut object = match result {
                Some(serde_json::Value::Object(object)) => object,
                Some(_) => return Err("`result` is not an object".to_owned()),
                None => return Err("the success envelope has no `result`".to_owned()),
            };
            let value = object
                .remove(name)
                .ok_or_else(|| format!("`result.{name}` is missing"))?;
            (value, format!("result.{name}"))
        }
    };
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = match e.path().to_string().as_str() {
            "." => at.clone(),
            inner if inner.starts_with('[') => format!("{at}{inner}"),
            inner => format!("{at}.{inner}"),
        };
        format!(
            "`{path}` could not be decoded: {}",
            mask_literals(&e.inner().to_string())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::operation::{GET_DEVICES, GET_USER_ACCESS_TOKEN};
    use kandy_core::{Device, ErrorKind};

    fn devices(r: &Reply) -> Result<Vec<Device>, Error> {
        decode(
            &GET_DEVICES,
            Shape::Field("devices"),
            r,
            &Secrets::default(),
        )
    }

    #[test]
    fn a_success_envelope_yields_the_field() {
        let r = Reply::json(
            200,
            r#"{"status":0,"message":"success","result":{"devices":[{"id":"d1"}]}}"#,
        );
        assert_eq!(devices(&r).unwrap()[0].id.as_str(), "d1");
    }

    #[test]
    fn a_wrong_type_names_the_json_path_without_echoing_the_value() {
        let r = Reply::json(
            200,
            r#"{"status":0,"message":"success","result":{"devices":[{"id":"d1"},{"id":7}]}}"#,
        );
        let e = devices(&r).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        let shown = e.to_string();
        assert!(shown.contains("`result.devices[1].id`"), "{shown}");
        assert!(!shown.contains('7'), "{shown}");
    }

    #[test]
    fn envelope_field_errors_name_the_field() {
        let e = devices(&Reply::json(200, r#"{"status":"0","message":"x"}"#)).unwrap_err();
        assert!(e.to_string().contains("`status`"), "{e}");
        let e = devices(&Reply::json(200, r#"{"status":0,"message":"success"} x"#)).unwrap_err();
        assert!(e.to_string().contains("not well-formed JSON"), "{e}");
    }

    #[test]
    fn token_endpoints_never_quote_an_undecodable_body() {
        let r = Reply {
            http_status: 502,
            content_type: Some("text/html".into()),
            body: b"<html>Bad Gateway</html>".to_vec(),
        };
        let e: Error = decode::<String>(
            &GET_USER_ACCESS_TOKEN,
            Shape::Field("user_access_token"),
            &r,
            &Secrets::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "HTTP 502, the response is not a JSON object (text/html)"
        );
        assert!(devices(&r).unwrap_err().to_string().contains("Bad Gateway"));
    }

    #[test]
    fn a_success_envelope_under_an_error_status_is_refused() {
        let e = devices(&Reply::json(
            500,
            r#"{"status":0,"message":"success","result":{"devices":[]}}"#,
        ))
        .unwrap_err();
        assert_eq!((e.kind(), e.http_status()), (ErrorKind::Decode, Some(500)));
    }
}
