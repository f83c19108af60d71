//! What a hostile case is made of: its proptest strategies, and its rendering as a raw
//! request (target and body).

use super::wire::encode;
use kandy_core::operation::ALL;
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::Value;

/// How a route of the table is written.
#[derive(Clone, Copy, Debug)]
pub enum Style {
    Exact,
    DoubledSlashes,
    TrailingSlash,
    WithoutPrefix,
    OtherVersion,
    EscapedFirstLetter,
}

#[derive(Clone, Debug)]
pub enum Route {
    /// An operation of the table (index into `ALL`).
    Table(usize, Style),
    /// A path no operation has (or very rarely).
    Junk(String),
}

#[derive(Clone, Debug)]
pub enum Name {
    Key,
    /// A parameter name some operation takes.
    Real(&'static str),
    Random(String),
}

#[derive(Clone, Debug)]
pub enum Val {
    /// One of the valid credentials.
    Credential(usize),
    Text(String),
    /// Written as is: an invalid percent-escape inside some text.
    BadEscape(String),
    /// Bytes percent-encoded (`%ff`), most of them not UTF-8.
    Bytes(Vec<u8>),
    Long(usize),
    Json(Value),
}

#[derive(Clone, Debug)]
pub enum Body {
    None,
    Json(Value),
    /// Raw bytes, most of them not UTF-8.
    Bytes(Vec<u8>),
    /// A JSON text cut short.
    Truncated(Value, usize),
    /// A string field of this many bytes.
    Huge(usize),
    /// Over the 1 MiB limit.
    TooLarge,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub method: &'static str,
    pub route: Route,
    pub query: Vec<(Name, Val)>,
    /// Repeat the first parameter (a parameter given twice is refused).
    pub repeat_first: bool,
    pub content_type: Option<&'static str>,
    pub body: Body,
}

/// Every query parameter name of the table, and `key`.
fn param_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ALL
        .iter()
        .flat_map(|op| op.query.iter().map(|p| p.name))
        .collect();
    names.push("key");
    names.sort_unstable();
    names.dedup();
    names
}

/// The body fields of the implemented operations (and a few near misses).
const FIELDS: &[&str] = &[
    "domain_name",
    "project_name",
    "user_id",
    "user_password",
    "user_first_name",
    "user_last_name",
    "user_email",
    "user_country_code",
    "user_phone_number",
    "device_native_id",
    "device_family",
    "device_name",
    "contact",
    "contact_user_name",
    "contact_nickname",
    "contacts",
    "numbers",
    "firstName",
    "lastName",
    "group_id",
    "group_name",
    "group_image",
    "members",
    "mute",
    "message",
    "contentType",
    "content_type",
    "UUID",
    "destination",
    "text",
    "source",
];

const BAD_ESCAPES: &[&str] = &["%zz", "%4", "%", "%g0", "%%41", "%u0041", "%0", "%-1"];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-zA-Z0-9@+ -]{0,16}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        (0usize..4096).prop_map(|n| Value::from("x".repeat(n))),
    ];
    let field = prop_oneof![
        3 => proptest::sample::select(FIELDS).prop_map(str::to_owned),
        1 => "[a-zA-Z_]{0,12}",
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(field.clone(), inner, 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// Hostile text: any characters, control characters, nothing, or a lot.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        1 => "[\\x00-\\x1f @%/+]{0,8}",
        1 => Just(String::new()),
        1 => (1000usize..100_000).prop_map(|n| "z".repeat(n)),
    ]
}

fn route() -> impl Strategy<Value = Route> {
    let style = prop_oneof![
        25 => Just(Style::Exact),
        1 => Just(Style::DoubledSlashes),
        1 => Just(Style::TrailingSlash),
        1 => Just(Style::WithoutPrefix),
        1 => Just(Style::OtherVersion),
        1 => Just(Style::EscapedFirstLetter),
    ];
    let implemented: Vec<usize> = (0..ALL.len()).collect();
    prop_oneof![
        12 => (proptest::sample::select(implemented), style.clone())
            .prop_map(|(i, s)| Route::Table(i, s)),
        4 => (0..ALL.len(), style).prop_map(|(i, s)| Route::Table(i, s)),
        1 => "(/[a-zA-Z0-9._~%-]{0,12}){0,5}".prop_map(|p| Route::Junk(format!("/v1.2{p}"))),
        1 => "/[a-z0-9._~%-]{1,12}(/[a-zA-Z0-9._~%-]{0,12}){0,4}"
            .prop_filter("not the admin surface", |p| !p.starts_with("/_sim"))
            .prop_map(Route::Junk),
    ]
}

fn value() -> impl Strategy<Value = Val> {
    prop_oneof![
        4 => (0usize..3).prop_map(Val::Credential),
        2 => text().prop_map(Val::Text),
        1 => ("[a-z0-9]{0,6}", proptest::sample::select(BAD_ESCAPES), "[a-z0-9]{0,6}")
            .prop_map(|(a, e, b)| Val::BadEscape(format!("{a}{e}{b}"))),
        1 => vec(0x80u8..=0xff, 1..8).prop_map(Val::Bytes),
        1 => vec(any::<u8>(), 0..16).prop_map(Val::Bytes),
        1 => (1000usize..20_000).prop_map(Val::Long),
        2 => json().prop_map(Val::Json),
    ]
}

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        3 => Just(Name::Key),
        4 => proptest::sample::select(param_names()).prop_map(Name::Real),
        1 => any::<String>().prop_map(Name::Random),
    ]
}

fn body() -> impl Strategy<Value = Body> {
    prop_oneof![
        2 => Just(Body::None),
        4 => json().prop_map(Body::Json),
        // The real fields with string values: right types, hostile contents.
        3 => btree_map(proptest::sample::select(FIELDS), text(), 1..6)
            .prop_map(|fields| Body::Json(Value::Object(
                fields.into_iter().map(|(k, v)| (k.to_owned(), Value::from(v))).collect(),
            ))),
        2 => vec(any::<u8>(), 0..256).prop_map(Body::Bytes),
        2 => (json(), any::<usize>()).prop_map(|(v, cut)| Body::Truncated(v, cut)),
        1 => (100_000usize..400_000).prop_map(Body::Huge),
        1 => (0u8..40).prop_filter_map("rare", |n| (n == 0).then_some(Body::TooLarge)),
    ]
}

/// The query parameters an operation requires, `key` first.
fn required(route: &Route) -> Vec<&'static str> {
    let mut names = vec!["key"];
    if let Route::Table(i, _) = route {
        names.extend(ALL[*i].query.iter().filter(|p| p.required).map(|p| p.name));
    }
    names
}

pub fn case() -> impl Strategy<Value = Case> {
    let method = proptest::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]);
    let content_type = proptest::option::of(proptest::sample::select(vec![
        "application/json",
        "text/plain",
        "application/json; charset=latin1",
        "multipart/form-data; boundary=x",
    ]));
    let own_method = proptest::bool::weighted(0.95);
    // Most cases give the route's required parameters (with hostile values), so they get
    // past the check for missing parameters into parsing and authentication.
    let route_and_params = route().prop_flat_map(|route| {
        let names = required(&route);
        let given = vec((proptest::bool::weighted(0.85), value()), names.len());
        (Just(route), Just(names), given)
    });
    (
        route_and_params,
        (own_method, method),
        vec((name(), value()), 0..4),
        proptest::bool::weighted(0.1),
        content_type,
        body(),
    )
        .prop_map(
            |((route, names, given), (own_method, method), extra, repeat, content_type, body)| {
                let method = match &route {
                    Route::Table(i, _) if own_method => ALL[*i].method.as_str(),
                    _ => method,
                };
                let mut query: Vec<(Name, Val)> = names
                    .into_iter()
                    .zip(given)
                    .filter(|(_, (give, _))| *give)
                    .map(|(name, (_, value))| {
                        let name = if name == "key" {
                            Name::Key
                        } else {
                            Name::Real(name)
                        };
                        (name, value)
                    })
                    .collect();
                query.extend(extra);
                Case {
                    method,
                    route,
                    query,
                    repeat_first: repeat,
                    content_type,
                    body,
                }
            },
        )
}

// ---- Rendering a case ----

pub fn path_of(route: &Route) -> String {
    match route {
        Route::Junk(path) => path.clone(),
        Route::Table(i, style) => {
            let path = ALL[*i].path;
            match style {
                Style::Exact => format!("/v1.2/{path}"),
                Style::DoubledSlashes => format!("/v1.2//{}", path.replace('/', "//")),
                Style::TrailingSlash => format!("/v1.2/{path}/"),
                Style::WithoutPrefix => format!("/{path}"),
                Style::OtherVersion => format!("/v1.1/{path}"),
                Style::EscapedFirstLetter => {
                    let mut chars = path.chars();
                    let first = chars.next().map_or(0, u32::from);
                    format!("/v1.2/%{first:02X}{}", chars.as_str())
                }
            }
        }
    }
}

fn render_value(value: &Val, keys: &[String; 3]) -> String {
    match value {
        Val::Credential(i) => keys[*i].clone(),
        Val::Text(text) => encode(text.as_bytes()),
        Val::BadEscape(raw) => raw.clone(),
        Val::Bytes(bytes) => bytes.iter().map(|b| format!("%{b:02x}")).collect(),
        Val::Long(n) => "a".repeat(*n),
        Val::Json(json) => encode(json.to_string().as_bytes()),
    }
}

pub fn query_of(case: &Case, keys: &[String; 3]) -> String {
    let mut parts: Vec<String> = case
        .query
        .iter()
        .map(|(name, value)| {
            let name = match name {
                Name::Key => "key".to_owned(),
                Name::Real(name) => (*name).to_owned(),
                Name::Random(name) => encode(name.as_bytes()),
            };
            format!("{name}={}", render_value(value, keys))
        })
        .collect();
    if case.repeat_first
        && let Some(first) = parts.first().cloned()
    {
        parts.push(first);
    }
    parts.join("&")
}

pub fn body_of(body: &Body) -> Vec<u8> {
    match body {
        Body::None => Vec::new(),
        Body::Json(value) => value.to_string().into_bytes(),
        Body::Bytes(bytes) => bytes.clone(),
        Body::Truncated(value, cut) => {
            let text = value.to_string().into_bytes();
            let keep = if text.len() > 1 {
                cut % (text.len() - 1)
            } else {
                0
            };
            text[..keep].to_vec()
        }
        Body::Huge(n) => format!(r#"{{"group_name":"{}"}}"#, "g".repeat(*n)).into_bytes(),
        Body::TooLarge => {
            format!(r#"{{"domain_name":"{}"}}"#, "d".repeat(1024 * 1024 + 1)).into_bytes()
        }
    }
}
