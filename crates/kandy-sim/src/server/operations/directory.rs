//! Directory search (#40–#43; #43's path keeps the trailing slash kandy.js sends).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::KandyApi;

pub(super) async fn search_directory_by_phone_number(c: &Call<'_>) -> Outcome {
    search(c, |key, s| c.api.search_directory_by_phone_number(key, s)).await
}

pub(super) async fn search_directory_by_name(c: &Call<'_>) -> Outcome {
    search(c, |key, s| c.api.search_directory_by_name(key, s)).await
}

pub(super) async fn search_directory_by_user_id(c: &Call<'_>) -> Outcome {
    search(c, |key, s| c.api.search_directory_by_user_id(key, s)).await
}

pub(super) async fn search_directory(c: &Call<'_>) -> Outcome {
    search(c, |key, s| c.api.search_directory(key, s)).await
}

async fn search<F>(
    c: &Call<'_>,
    by: impl FnOnce(kandy_core::UserAccessToken, String) -> F,
) -> Outcome
where
    F: Future<Output = kandy_core::Result<Vec<kandy_core::DirectoryEntry>>>,
{
    let contacts = c.done(by(c.key()?, c.param("search_string")?).await)?;
    Success::field("contacts", &contacts)
}
