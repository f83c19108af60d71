//! The operation table: every endpoint of Kandy v1.2, described once.
//!
//! The HTTP client builds its requests from it, the simulator server routes by it, and the
//! tests enumerate it. A path such as `users/chatgroups/chatgroup` is written here only.
//!
//! Each row has a typed identity, [`OperationId`], generated from the table: dispatch on it
//! (`match op.id { OperationId::GetDevices => .. }`) rather than on the name string.
//! [`Operation::of`] and [`OperationId::spec`] go from one to the other.

use std::fmt;

/// `has_effect` after a row marks a GET whose repetition changes something; `alias(Id)`, a
/// second path of the row `Id`.
macro_rules! row_idempotent {
    ($method:ident) => {
        !matches!(Method::$method, Method::Post)
    };
    ($method:ident has_effect $($rest:tt)*) => {
        false
    };
    ($method:ident alias($id:ident) $($rest:tt)*) => {
        row_idempotent!($method $($rest)*)
    };
}

macro_rules! row_alias {
    () => {
        None
    };
    (alias($id:ident) $($rest:tt)*) => {
        Some(OperationId::$id)
    };
    (has_effect $($rest:tt)*) => {
        row_alias!($($rest)*)
    };
}

/// Generates, from the rows: one `const` [`Operation`] per row, [`OperationId`] with one
/// variant per row, [`OperationId::spec`], and [`ALL`].
macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $id:ident $const:ident = #$number:literal $evidence:ident $name:literal $method:ident $path:literal
            key [$($key:ident),*]
            query [$($q:ident),*]
            optional [$($o:ident),*]
            body $body:ident
            tier $tier:ident $($flag:ident $(($flag_arg:ident))?)*;
    )*) => {
        /// The typed identity of every row of the operation table (one variant per row; #29
        /// has two, one per path). Its doc names the endpoint; [`OperationId::spec`] gives
        /// the row.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum OperationId {
            $(
                $(#[$doc])*
                $id,
            )*
        }

        impl OperationId {
            /// Every identity, in the order of the table.
            pub const ALL: &'static [OperationId] = &[$(OperationId::$id),*];

            /// The row of this operation.
            pub const fn spec(self) -> &'static Operation {
                match self {
                    $(OperationId::$id => &$const,)*
                }
            }
        }

        $(
            $(#[$doc])*
            pub const $const: Operation = Operation {
                id: OperationId::$id,
                name: $name,
                number: $number,
                method: Method::$method,
                path: $path,
                keys: &[$(KeyScope::$key),*],
                query: &[
                    $(Param { name: stringify!($q), required: true },)*
                    $(Param { name: stringify!($o), required: false },)*
                ],
                body: BodyKind::$body,
                idempotent: row_idempotent!($method $($flag $(($flag_arg))?)*),
                evidence: Evidence::$evidence,
                tier: Tier::$tier,
                alias_of: row_alias!($($flag $(($flag_arg))?)*),
            };
        )*

        /// Every row of the specification, in its order: 87 operations, 88 rows (#29 has a
        /// singular and a plural path).
        pub const ALL: &[&Operation] = &[$(&$const),*];
    };
}

mod table;

pub use table::*;

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which credential the `key` query parameter carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyScope {
    /// An account API key (`AAK…`).
    AccountApiKey,
    /// An account access token (`AAT…`).
    AccountAccessToken,
    /// A domain API key (`DAK…`).
    DomainApiKey,
    /// A domain access token (`DAT…`).
    DomainAccessToken,
    /// A user API key (`UAK…`).
    UserApiKey,
    /// A user access token (`UAT…`).
    UserAccessToken,
}

/// How well the public callers attest an operation (the `Ev.` column of the reconstructed
/// specification).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence {
    /// At least two independent callers agree, or one caller plus a sample response.
    A,
    /// One caller that clearly ran against the live service (kandy.js 2.2.1 among them).
    B,
    /// One caller only, not visibly tested, or callers that contradict each other; where the
    /// result is not known, its shape is the SDK's choice, documented on its type.
    C,
}

/// The scope tier the project's decisions give an operation. It says how the operation
/// entered the project, not whether it is implemented: the SDK implements every row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// Tier 1: one of the seed wrapper's 25 functions, exact wire format.
    Seed,
    /// Tier 2: the rest of the v1.2 surface on the same resources.
    Surface,
    /// Tier 3: weaker evidence or another subsystem (sessions, content, hunt groups,
    /// configuration and lookups).
    Later,
}

/// What a request carries besides its query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// No body (every parameter is in the query, as for #51's POST).
    None,
    /// A JSON body (`Content-Type: application/json`); the session DELETEs carry one too.
    Json,
    /// A `multipart/form-data` body with one part named `file` (the content upload, #84).
    Multipart,
}

/// A query parameter of an operation (besides `key`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name.
    pub name: &'static str,
    /// Whether every call carries it.
    pub required: bool,
}

/// One endpoint: identity, name, method, path, key scope, query parameters, body,
/// idempotence and evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The row's typed identity.
    pub id: OperationId,
    /// The SDK's name for it, which is also the `KandyApi` method's name (the two paths of
    /// #29 share it).
    pub name: &'static str,
    /// The endpoint's row in the reconstructed specification (`#33`).
    pub number: u16,
    /// The HTTP method.
    pub method: Method,
    /// The path relative to the base URL (`users/devices`), without a leading slash.
    pub path: &'static str,
    /// The credentials `key` may carry.
    pub keys: &'static [KeyScope],
    /// The query parameters besides `key`.
    pub query: &'static [Param],
    /// What the request carries besides the query.
    pub body: BodyKind,
    /// Whether repeating the call has no further effect, so it may be retried after it was
    /// sent. Every POST (sends, creates, uploads, session changes) is not, nor the two GETs
    /// with an effect: `create_anonymous_user` (a user per call) and
    /// `check_verification_code` (a valid code is used up).
    pub idempotent: bool,
    /// How well the callers attest it.
    pub evidence: Evidence,
    /// The scope tier it came in with.
    pub tier: Tier,
    /// For a second path of the same operation, the row the SDK calls: #29's plural
    /// `domains/huntgroups/admins` is an alias of the singular `admin` the one caller sends.
    /// The server routes both; `KandyApi` has one method for them.
    pub alias_of: Option<OperationId>,
}

impl Operation {
    /// The row of `id`.
    pub const fn of(id: OperationId) -> &'static Operation {
        id.spec()
    }

    /// Looks an operation up by name (the first row of that name: #29's singular path).
    pub fn by_name(name: &str) -> Option<&'static Operation> {
        ALL.iter().copied().find(|op| op.name == name)
    }

    /// The rows `KandyApi`'s methods call, one per method, in the order of the specification:
    /// every row but the aliases.
    pub fn api() -> impl Iterator<Item = &'static Operation> {
        ALL.iter().copied().filter(|op| op.alias_of.is_none())
    }

    /// Whether the request has a body (JSON or multipart).
    pub fn has_body(&self) -> bool {
        self.body != BodyKind::None
    }
}

impl OperationId {
    /// The operation's name (the `KandyApi` method's).
    pub const fn name(self) -> &'static str {
        self.spec().name
    }
}

impl fmt::Display for OperationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a query parameter carries a credential and must never be printed: `key`, every
/// `*_key` (`domain_api_key`, `user_api_key`), `*_secret`, `*_token` and `*password`, and a
/// verification code.
pub fn is_secret_param(name: &str) -> bool {
    name == "key"
        || name.ends_with("_key")
        || name.ends_with("_secret")
        || name.ends_with("_token")
        || name.ends_with("password")
        || name == "validation_code"
}

#[cfg(test)]
mod tests;
