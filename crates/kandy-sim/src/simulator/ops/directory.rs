//! Directory search (#40–#43).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn search_directory_by_phone_number(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.call(
            &op::SEARCH_DIRECTORY_BY_PHONE_NUMBER,
            token.expose_secret(),
            None,
            |m| m.search_directory_by_phone_number(&token, &search),
        )
    }

    pub(in crate::simulator) async fn search_directory_by_name(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.call(
            &op::SEARCH_DIRECTORY_BY_NAME,
            token.expose_secret(),
            None,
            |m| m.search_directory_by_name(&token, &search),
        )
    }

    pub(in crate::simulator) async fn search_directory_by_user_id(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.call(
            &op::SEARCH_DIRECTORY_BY_USER_ID,
            token.expose_secret(),
            None,
            |m| m.search_directory_by_user_id(&token, &search),
        )
    }

    pub(in crate::simulator) async fn search_directory(
        &self,
        token: UserAccessToken,
        search: String,
    ) -> Result<Vec<DirectoryEntry>> {
        self.call(&op::SEARCH_DIRECTORY, token.expose_secret(), None, |m| {
            m.search_directory(&token, &search)
        })
    }
}
