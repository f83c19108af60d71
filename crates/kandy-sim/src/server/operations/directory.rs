//! Directory search (#40–#43; #43's path keeps the trailing slash kandy.js sends).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, OperationId};

pub(super) async fn handle(c: &Call<'_>) -> Option<Outcome> {
    let api = c.api;
    let found = match c.op.id {
        OperationId::SearchDirectoryByPhoneNumber => {
            search(c, |key, search| {
                api.search_directory_by_phone_number(key, search)
            })
            .await
        }
        OperationId::SearchDirectoryByName => {
            search(c, |key, search| api.search_directory_by_name(key, search)).await
        }
        OperationId::SearchDirectoryByUserId => {
            search(c, |key, search| {
                api.search_directory_by_user_id(key, search)
            })
            .await
        }
        OperationId::SearchDirectory => {
            search(c, |key, search| api.search_directory(key, search)).await
        }
        _ => return None,
    };
    Some(found)
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
