//! Directory search (#40–#43).

use crate::call::Call;
use kandy_core::operation::{
    SEARCH_DIRECTORY, SEARCH_DIRECTORY_BY_NAME, SEARCH_DIRECTORY_BY_PHONE_NUMBER,
    SEARCH_DIRECTORY_BY_USER_ID,
};
use kandy_core::{DirectoryEntry, Operation, UserAccessToken};

/// `GET users/directories/native/…?key=UAT&search_string=…`: `result.contacts`.
fn search(
    op: &'static Operation,
    token: UserAccessToken,
    search: String,
) -> Call<Vec<DirectoryEntry>> {
    Call::new(op, &token)
        .query("search_string", search)
        .reads_field("contacts")
}

/// #40 `…/searches/phone_number`.
pub(super) fn search_directory_by_phone_number(
    token: UserAccessToken,
    s: String,
) -> Call<Vec<DirectoryEntry>> {
    search(&SEARCH_DIRECTORY_BY_PHONE_NUMBER, token, s)
}

/// #41 `…/searches/name`.
pub(super) fn search_directory_by_name(
    token: UserAccessToken,
    s: String,
) -> Call<Vec<DirectoryEntry>> {
    search(&SEARCH_DIRECTORY_BY_NAME, token, s)
}

/// #42 `…/searches/user_id`.
pub(super) fn search_directory_by_user_id(
    token: UserAccessToken,
    s: String,
) -> Call<Vec<DirectoryEntry>> {
    search(&SEARCH_DIRECTORY_BY_USER_ID, token, s)
}

/// #43 `…/search/` (the general search, with the trailing slash kandy.js sends).
pub(super) fn search_directory(token: UserAccessToken, s: String) -> Call<Vec<DirectoryEntry>> {
    search(&SEARCH_DIRECTORY, token, s)
}
