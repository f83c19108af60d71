//! Directory search (#40–#43): the caller's domain only, any case, substrings; the general
//! search (#43) on the name, the user id and the phone number.

use crate::check::*;
use crate::fixture::*;
use crate::target::Target;
use kandy_core::operation as op;
use kandy_core::*;
use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;

/// Which directory search.
#[derive(Clone, Copy, Debug)]
enum By {
    PhoneNumber,
    Name,
    UserId,
    Any,
}

impl By {
    const ALL: [By; 4] = [By::PhoneNumber, By::Name, By::UserId, By::Any];

    fn operation(self) -> &'static Operation {
        match self {
            By::PhoneNumber => &op::SEARCH_DIRECTORY_BY_PHONE_NUMBER,
            By::Name => &op::SEARCH_DIRECTORY_BY_NAME,
            By::UserId => &op::SEARCH_DIRECTORY_BY_USER_ID,
            By::Any => &op::SEARCH_DIRECTORY,
        }
    }

    fn search<'a>(
        self,
        api: &'a dyn KandyApi,
        token: &UserAccessToken,
        search: &str,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<DirectoryEntry>>> + Send + 'a>> {
        let (token, search) = (token.clone(), search.to_owned());
        match self {
            By::PhoneNumber => api.search_directory_by_phone_number(token, search),
            By::Name => api.search_directory_by_name(token, search),
            By::UserId => api.search_directory_by_user_id(token, search),
            By::Any => api.search_directory(token, search),
        }
    }
}

/// The fixture plus a phone user in each domain, numbers sharing the digits `409658`.
async fn directory_fixture(t: &dyn Target) -> Fixture<'_> {
    let fx = Fixture::new(t).await;
    let (other, _dave) = fx.other_domain().await;
    let phoebe = NewPhoneUser::new("3524096582", "US").name("Phoebe", "Phone");
    fx.api
        .create_user_by_phone_number(fx.domain.token.clone(), phoebe)
        .await
        .expect("phoebe");
    fx.api
        .create_user_by_phone_number(other.token.clone(), NewPhoneUser::new("3524096583", "US"))
        .await
        .expect("a phone user in the other domain");
    fx
}

fn found(entries: Vec<DirectoryEntry>) -> BTreeSet<String> {
    entries.into_iter().map(|e| e.full_user_id).collect()
}

fn at_domain(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|id| format!("{id}@{DOMAIN}")).collect()
}

pub async fn search_by_phone_number_finds_substrings_in_the_domain(t: &dyn Target) {
    let fx = directory_fixture(t).await;
    let search = |s: &str| {
        fx.api
            .search_directory_by_phone_number(fx.alice.token.clone(), s.into())
    };
    let hits = search("409658").await.expect("search");
    assert_eq!(found(hits.clone()), at_domain(&["13524096582"]));
    assert_eq!(hits[0].user_first_name.as_deref(), Some("Phoebe"));
    assert!(search("999999").await.expect("no match").is_empty());
}

pub async fn search_by_name_matches_first_or_last_name_in_any_case(t: &dyn Target) {
    let fx = directory_fixture(t).await;
    let search = |s: &str| {
        fx.api
            .search_directory_by_name(fx.alice.token.clone(), s.into())
    };
    assert_eq!(
        found(search("LID").await.expect("last name")),
        at_domain(&["alice"])
    );
    assert_eq!(
        found(search("bo").await.expect("first name")),
        at_domain(&["bob"])
    );
    assert_eq!(
        found(search("phoe").await.expect("first name")),
        at_domain(&["13524096582"])
    );
    assert!(
        search("Bowman")
            .await
            .expect("dave is elsewhere")
            .is_empty()
    );
}

pub async fn search_by_user_id_matches_in_any_case(t: &dyn Target) {
    let fx = directory_fixture(t).await;
    let search = |s: &str| {
        fx.api
            .search_directory_by_user_id(fx.bob.token.clone(), s.into())
    };
    assert_eq!(
        found(search("AR").await.expect("carol")),
        at_domain(&["carol"])
    );
    assert_eq!(
        found(search("a").await.expect("a")),
        at_domain(&["alice", "carol"])
    );
    assert!(search("dave").await.expect("dave is elsewhere").is_empty());
}

/// A full user id, as a plugin that used the live service searches it (DECISIONS 21): an exact
/// match on `full_user_id`, in any case; never a user of another domain or a prefix.
pub async fn search_by_user_id_accepts_a_full_user_id(t: &dyn Target) {
    let fx = directory_fixture(t).await;
    let search = |s: &str| {
        fx.api
            .search_directory_by_user_id(fx.alice.token.clone(), s.into())
    };
    let bob = search(&fx.bob.id()).await.expect("bob@domain");
    assert_eq!(found(bob.clone()), at_domain(&["bob"]));
    assert_eq!(bob[0].user_first_name.as_deref(), Some("Bob"));
    assert_eq!(
        found(search(&fx.bob.id().to_uppercase()).await.expect("any case")),
        at_domain(&["bob"])
    );
    assert!(
        search(&format!("bo@{DOMAIN}"))
            .await
            .expect("a prefix")
            .is_empty()
    );
    assert!(
        search(&format!("dave@{OTHER_DOMAIN}"))
            .await
            .expect("elsewhere")
            .is_empty()
    );
    assert!(
        search(&format!("bob@{OTHER_DOMAIN}"))
            .await
            .expect("wrong domain")
            .is_empty()
    );
}

pub async fn directory_searches_refuse_empty_strings_and_bad_tokens(t: &dyn Target) {
    let fx = Fixture::new(t).await;
    let revoked = fx.revoked_user_token(&fx.alice).await;
    for by in By::ALL {
        let op = by.operation();
        refused(t, op, 15, || by.search(fx.api, &fx.alice.token, "")).await;
        refused(t, op, 55, || by.search(fx.api, &revoked, "a")).await;
        refused(t, op, 55, || by.search(fx.api, &unknown("UAT").into(), "a")).await;
    }
    fx.expire_tokens().await;
    for by in By::ALL {
        refused(t, by.operation(), 10, || {
            by.search(fx.api, &fx.alice.token, "a")
        })
        .await;
    }
}

pub async fn the_general_search_matches_names_user_ids_and_numbers(t: &dyn Target) {
    let fx = directory_fixture(t).await;
    let search = |s: &str| fx.api.search_directory(fx.carol.token.clone(), s.into());
    let phoebe = search("409658").await.expect("a number");
    assert_eq!(found(phoebe.clone()), at_domain(&["13524096582"]));
    assert_eq!(phoebe[0].user_last_name.as_deref(), Some("Phone"));
    assert_eq!(
        found(search("+1352").await.expect("with its calling code")),
        at_domain(&["13524096582"])
    );
    assert_eq!(
        found(search("LIDDELL").await.expect("a last name")),
        at_domain(&["alice"])
    );
    // "bo" is in bob's user id and names only; "o" in names and user ids alike.
    assert_eq!(found(search("bo").await.expect("bo")), at_domain(&["bob"]));
    assert_eq!(
        found(search("o").await.expect("o")),
        at_domain(&["bob", "carol", "13524096582"])
    );
    assert_eq!(
        found(search(&fx.alice.id()).await.expect("a full user id")),
        at_domain(&["alice"])
    );
    assert!(
        search("bowman")
            .await
            .expect("dave is elsewhere")
            .is_empty()
    );
    assert!(
        search("3524096583")
            .await
            .expect("elsewhere too")
            .is_empty()
    );
}
