//! Routing by the operation table: which operation a method and a path name, and the closest
//! known route when none does. The table is read once into one map per method.

use super::query::Query;
use foldhash::HashMap;
use kandy_core::operation::{ALL, Method};
use kandy_core::{BodyKind, Operation};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The prefix every Kandy path is served under.
pub(crate) const PREFIX: &str = "/v1.2/";

/// What a method and a path name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// Implemented operations of this method and path (two for #15: the two login forms).
    Operations(&'static [&'static Operation]),
    /// No operation; the closest known route, when one is close.
    Unknown {
        /// `GET /v1.2/users/devices`.
        hint: Option<String>,
    },
}

/// The operation table by method (in [`method_index`] order), then by path.
fn table() -> &'static [HashMap<&'static str, Vec<&'static Operation>>; 4] {
    static TABLE: OnceLock<[HashMap<&'static str, Vec<&'static Operation>>; 4]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: [HashMap<&'static str, Vec<&'static Operation>>; 4] = Default::default();
        for op in ALL.iter().copied() {
            table[method_index(op.method)]
                .entry(op.path)
                .or_default()
                .push(op);
        }
        table
    })
}

fn method_index(method: Method) -> usize {
    match method {
        Method::Get => 0,
        Method::Post => 1,
        Method::Put => 2,
        Method::Delete => 3,
    }
}

/// Collapses runs of `/` (`/v1.2//domains/...` is tolerated); borrows a path that has none.
pub(crate) fn normalize(path: &str) -> Cow<'_, str> {
    if !path.contains("//") {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The operation table's method for an HTTP method.
fn kandy_method(method: &axum::http::Method) -> Option<Method> {
    match *method {
        axum::http::Method::GET => Some(Method::Get),
        axum::http::Method::POST => Some(Method::Post),
        axum::http::Method::PUT => Some(Method::Put),
        axum::http::Method::DELETE => Some(Method::Delete),
        _ => None,
    }
}

/// Finds the route of a (normalized) path.
pub(crate) fn find(method: &axum::http::Method, path: &str) -> Route {
    let kandy = kandy_method(method);
    if let Some(relative) = path.strip_prefix(PREFIX) {
        let known = kandy.and_then(|m| table()[method_index(m)].get(relative));
        return match known {
            Some(ops) => Route::Operations(ops),
            None => Route::Unknown {
                hint: closest(kandy, relative),
            },
        };
    }
    // Outside the prefix: perhaps the prefix is missing or another version's.
    let relative = path.trim_start_matches('/');
    let relative = match relative.split_once('/') {
        Some((first, rest))
            if first.starts_with('v') && first[1..].starts_with(|c: char| c.is_ascii_digit()) =>
        {
            rest
        }
        _ => relative,
    };
    Route::Unknown {
        hint: closest(kandy, relative),
    }
}

/// Whether a request is a content upload (#84, a multipart body), whose body has its own
/// size limit.
pub(crate) fn is_upload(method: &axum::http::Method, path: &str) -> bool {
    matches!(
        find(method, &normalize(path)),
        Route::Operations(ops) if ops.iter().any(|op| op.body == BodyKind::Multipart)
    )
}

/// Picks among operations of one method and path (#15a and #15b): the first whose required
/// query parameters are all present, else the first.
pub(crate) fn pick(
    operations: &[&'static Operation],
    query: &Query<'_>,
) -> Option<&'static Operation> {
    operations
        .iter()
        .copied()
        .find(|op| {
            op.query
                .iter()
                .filter(|p| p.required)
                .all(|p| query.has(p.name))
        })
        .or_else(|| operations.first().copied())
}

/// The known route closest to `relative` by edit distance, if it is close enough; a route of
/// the same method wins a tie.
fn closest(method: Option<Method>, relative: &str) -> Option<String> {
    if relative.is_empty() || relative.len() > 200 {
        return None;
    }
    ALL.iter()
        .map(|op| {
            let distance = edit_distance(relative, op.path);
            (distance, Some(op.method) != method, op)
        })
        .filter(|(distance, _, op)| *distance <= (op.path.len() / 6).max(3))
        .min_by_key(|(distance, other_method, _)| (*distance, *other_method))
        .map(|(_, _, op)| format!("{} {PREFIX}{}", op.method, op.path))
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            let deletion = previous[j + 1] + 1;
            let insertion = current[j] + 1;
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Method as Http;
    use kandy_core::OperationId;
    use kandy_core::operation::{
        GET_DEVICES, GET_USER_ACCESS_TOKEN, GET_USER_ACCESS_TOKEN_BY_PASSWORD,
    };

    #[test]
    fn finds_every_operation_and_near_misses() {
        assert_eq!(
            find(&Http::GET, "/v1.2/users/devices"),
            Route::Operations(&[&GET_DEVICES])
        );
        assert_eq!(
            find(&Http::GET, "/v1.2/domains/users/accesstokens"),
            Route::Operations(&[&GET_USER_ACCESS_TOKEN, &GET_USER_ACCESS_TOKEN_BY_PASSWORD])
        );
        assert!(matches!(
            find(&Http::POST, "/v1.2/users/devices"),
            Route::Operations([op]) if op.id == OperationId::CreateDevice
        ));
        for op in ALL {
            let method = match op.method {
                Method::Get => Http::GET,
                Method::Post => Http::POST,
                Method::Put => Http::PUT,
                Method::Delete => Http::DELETE,
            };
            let path = format!("{PREFIX}{}", op.path);
            assert!(
                matches!(find(&method, &path), Route::Operations(ops) if ops.contains(op)),
                "{} is not routed",
                op.name
            );
        }
        assert!(matches!(
            find(&Http::GET, "/v1.2/domains/countrycodes"),
            Route::Operations([op]) if op.id == OperationId::GetCountryCodes
        ));
        for path in [
            "/v1.2/domains/huntgroups/admin",
            "/v1.2/domains/huntgroups/admins",
        ] {
            assert!(matches!(
                find(&Http::DELETE, path),
                Route::Operations([op]) if matches!(op.id, OperationId::DeleteHuntGroupAdmin | OperationId::DeleteHuntGroupAdmins)
            ));
        }
        assert!(matches!(
            find(&Http::GET, "/v1.2/users/directories/native/search/"),
            Route::Operations([op]) if op.id == OperationId::SearchDirectory
        ));
        assert_eq!(
            find(&Http::GET, "/v1.2/users/device"),
            Route::Unknown {
                hint: Some("GET /v1.2/users/devices".into())
            }
        );
        assert_eq!(
            find(&Http::GET, "/users/devices"),
            Route::Unknown {
                hint: Some("GET /v1.2/users/devices".into())
            }
        );
        assert_eq!(
            find(&Http::GET, "/v1.2/nothing/like/this/at/all"),
            Route::Unknown { hint: None }
        );
        assert!(matches!(
            find(&Http::PATCH, "/v1.2/users/devices"),
            Route::Unknown { hint: Some(_) }
        ));
    }

    #[test]
    fn login_forms_are_picked_by_their_parameters() {
        let both = [&GET_USER_ACCESS_TOKEN, &GET_USER_ACCESS_TOKEN_BY_PASSWORD];
        let by_password = Query::parse(Some("key=k&user_id=u&user_password=p"), 8).unwrap();
        let by_secret = Query::parse(
            Some("key=k&user_id=u&domain_api_secret=s&user_password=p"),
            8,
        )
        .unwrap();
        assert_eq!(
            pick(&both, &by_password),
            Some(&GET_USER_ACCESS_TOKEN_BY_PASSWORD)
        );
        assert_eq!(pick(&both, &by_secret), Some(&GET_USER_ACCESS_TOKEN));
        assert_eq!(pick(&both, &Query::default()), Some(&GET_USER_ACCESS_TOKEN));
    }

    #[test]
    fn doubled_slashes_collapse() {
        assert_eq!(normalize("/v1.2//domains///users"), "/v1.2/domains/users");
        assert!(matches!(normalize("/v1.2/domains"), Cow::Borrowed(_)));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
