//! One Kandy call being handled: its operation, query and body, read into the typed values
//! the simulator's `KandyApi` methods take.
//!
//! Empty query values (DECISIONS 20), decided here once for every endpoint:
//! - an **optional** parameter sent empty (`client_timestamp=`, or the name alone) is the same as
//!   absent: [`Call::opt`] and [`Call::has`] see nothing;
//! - a **required** parameter sent empty is present with the empty value: the model judges the
//!   empty value exactly as it does in-process (status 16 for an empty id, 15 for an empty
//!   required text such as `search_string`, 51 for an empty user id, 55 for an empty key), so
//!   the HTTP and in-process simulators answer alike; only a required parameter left out
//!   altogether is missing (15, or 3 on the chat group endpoints).

use super::query::{Query, describe};
use super::reply::Refusal;
use crate::Simulator;
use axum::body::Body;
use kandy_core::{Operation, OperationId, status};
use parking_lot::Mutex;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A call: the operation, its decoded query, its raw body, and the simulator to ask.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    /// The operation, from the operation table.
    pub op: &'static Operation,
    /// The decoded query.
    pub query: &'a Query<'a>,
    /// The raw request body (empty for an upload, whose body is [`Call::upload`]).
    pub body: &'a [u8],
    /// The simulator, without in-process faults.
    pub api: &'a Simulator,
    /// The `Host` the request named (the guard refuses a request without one), for the
    /// answers that point a client back at the simulator.
    pub host: Option<&'a str>,
    /// An upload's (#84) unread body and its `Content-Type`, taken once by its handler.
    pub upload: &'a Mutex<Option<(Option<String>, Body)>>,
}

impl Call<'_> {
    /// The status of a missing parameter: 3 on the chat group endpoints (#52–#62), 15 elsewhere.
    fn missing_status(&self) -> i64 {
        if (52..=62).contains(&self.op.number) {
            status::GROUP_MISSING_PARAMETERS
        } else {
            status::MISSING_PARAMETER
        }
    }

    /// A missing parameter or body field, named.
    pub fn missing(&self, name: &str) -> Refusal {
        Refusal::with_http(
            400,
            self.missing_status(),
            format!("missing parameter: {name}"),
        )
    }

    /// Checks that `key` and every required query parameter of the operation are present.
    pub fn check_required(&self) -> Result<(), Refusal> {
        let required = std::iter::once("key")
            .chain(self.op.query.iter().filter(|p| p.required).map(|p| p.name));
        for name in required {
            if !self.query.has(name) {
                return Err(self.missing(name));
            }
        }
        Ok(())
    }

    /// A required query parameter.
    pub fn param(&self, name: &str) -> Result<String, Refusal> {
        self.query
            .get(name)
            .map(str::to_owned)
            .ok_or_else(|| self.missing(name))
    }

    /// An optional query parameter; `None` when it is absent or sent empty.
    pub fn opt(&self, name: &str) -> Option<String> {
        self.opt_str(name).map(str::to_owned)
    }

    /// Whether an optional query parameter is given with a value (sent empty is not given).
    pub fn has(&self, name: &str) -> bool {
        self.opt_str(name).is_some()
    }

    /// An optional parameter of the table that this call's form needs (#6's secrets, #13's
    /// `user_id`): absent or sent empty, it is missing.
    pub fn needed<T: From<String>>(&self, name: &str) -> Result<T, Refusal> {
        self.opt(name)
            .map(T::from)
            .ok_or_else(|| self.missing(name))
    }

    fn opt_str(&self, name: &str) -> Option<&str> {
        self.query.get(name).filter(|value| !value.is_empty())
    }

    /// The raw `key`.
    pub fn raw_key(&self) -> Result<String, Refusal> {
        self.param("key")
    }

    /// The `key`, as the credential type the operation takes.
    pub fn key<T: From<String>>(&self) -> Result<T, Refusal> {
        self.raw_key().map(T::from)
    }

    /// A required query parameter as a credential or id type.
    pub fn typed<T: From<String>>(&self, name: &str) -> Result<T, Refusal> {
        self.param(name).map(T::from)
    }

    /// A query parameter holding a URL-encoded JSON array of strings (`users`, `members`,
    /// `messages`).
    pub fn json_list(&self, name: &str) -> Result<Vec<String>, Refusal> {
        let raw = self.param(name)?;
        serde_json::from_str(&raw).map_err(|_| {
            Refusal::bad_value(format!(
                "bad parameter value: {} must be a JSON array of strings",
                describe(name)
            ))
        })
    }

    /// A query parameter holding `true` or `false`.
    pub fn flag(&self, name: &str) -> Result<bool, Refusal> {
        match self.param(name)?.as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(Refusal::bad_value(format!(
                "bad parameter value: {} must be true or false",
                describe(name)
            ))),
        }
    }

    /// An optional query parameter holding a non-negative integer.
    pub fn opt_number(&self, name: &str) -> Result<Option<u64>, Refusal> {
        self.opt(name)
            .map(|raw| {
                raw.trim().parse().map_err(|_| {
                    Refusal::bad_value(format!(
                        "bad parameter value: {} must be a number of milliseconds",
                        describe(name)
                    ))
                })
            })
            .transpose()
    }

    /// The JSON body as an object; an empty body is `{}`.
    pub fn body_object(&self) -> Result<Map<String, Value>, Refusal> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Map::new());
        }
        match serde_json::from_slice::<Value>(self.body) {
            Ok(Value::Object(object)) => Ok(object),
            Ok(_) => Err(Refusal::bad_value(
                "bad parameter value: the JSON body must be an object",
            )),
            Err(_) => Err(Refusal::bad_value(
                "bad parameter value: malformed JSON body",
            )),
        }
    }

    /// The JSON body, decoded. A well-formed object is read straight from the bytes; anything
    /// else goes through [`Call::body_object`] and [`Call::decode`], which name the problem.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, Refusal> {
        let is_object = self.body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        if is_object && let Ok(value) = serde_json::from_slice(self.body) {
            return Ok(value);
        }
        self.decode(self.body_object()?)
    }

    /// Decodes a JSON object: a missing field is a missing parameter (15, or 3 on groups); a
    /// wrongly typed one is status 17, or 710 inside the `message` of a message send.
    pub fn decode<T: DeserializeOwned>(&self, object: Map<String, Value>) -> Result<T, Refusal> {
        serde_path_to_error::deserialize(Value::Object(object)).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.inner().to_string();
            let at = |field: &str| match path.as_str() {
                "" | "." => field.to_owned(),
                parent => format!("{parent}.{field}"),
            };
            if let Some(field) = inner
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
            {
                return self.missing(&at(field));
            }
            // A field given under two of its names (`contact_first_name` and `firstName`):
            // refused rather than one picked silently.
            if let Some(field) = inner
                .strip_prefix("duplicate field `")
                .and_then(|rest| rest.split('`').next())
            {
                return Refusal::bad_value(format!(
                    "bad parameter value: {} is given more than once (under two of its names)",
                    at(field)
                ));
            }
            // serde's text quotes the value it got; keep only what was expected.
            let expected = inner
                .split_once(", expected ")
                .map(|(_, expected)| format!("expected {expected}"))
                .unwrap_or_else(|| "invalid value".to_owned());
            let sends_message = matches!(
                self.op.id,
                OperationId::SendMessage | OperationId::SendGroupMessage
            );
            if sends_message && (path == "message" || path.starts_with("message.")) {
                Refusal::new(
                    status::INVALID_MESSAGE_FORMAT,
                    format!("message in an invalid format: {path}: {expected}"),
                )
            } else {
                Refusal::bad_value(format!("bad parameter value: {path}: {expected}"))
            }
        })
    }

    /// The simulator's answer, its error as a refusal.
    pub fn done<T>(&self, result: kandy_core::Result<T>) -> Result<T, Refusal> {
        result.map_err(|error| Refusal::from_error(&error))
    }
}
