//! Directory search (#40–#43): case-insensitive substring matches over the caller's domain; a
//! full user id (`bob@domain`) on #42 is an exact match on `full_user_id`; the general search
//! (#43) matches any of the three.

use super::country_codes::calling_code;
use super::state::User;
use super::views::build_all;
use super::{Model, ModelError, validate};
use kandy_core::{DirectoryEntry, UserAccessToken};
use serde_json::json;

/// What a directory search looks at.
#[derive(Clone, Copy)]
enum Field {
    PhoneNumber,
    Name,
    UserId,
    /// #43: the name, the user id or the phone number.
    Any,
}

/// Whether a user of `domain` matches a lower-cased search on `field`.
fn matches(field: Field, user_id: &str, domain: &str, user: &User, search: &str) -> bool {
    let contains = |value: &Option<String>| {
        value
            .as_deref()
            .is_some_and(|v| v.to_lowercase().contains(search))
    };
    match field {
        Field::Any => [Field::Name, Field::UserId, Field::PhoneNumber]
            .into_iter()
            .any(|field| matches(field, user_id, domain, user, search)),
        // A full user id, as a plugin that used the live service searches, names one user.
        Field::UserId => match search.split_once('@') {
            Some((id, at)) => id == user_id.to_lowercase() && at == domain.to_lowercase(),
            None => user_id.to_lowercase().contains(search),
        },
        Field::Name => contains(&user.profile.first_name) || contains(&user.profile.last_name),
        Field::PhoneNumber => {
            let Some(phone) = &user.profile.phone_number else {
                return false;
            };
            let search = search.strip_prefix('+').unwrap_or(search);
            let code = user.profile.country_code.as_deref().and_then(calling_code);
            phone.contains(search) || code.is_some_and(|c| format!("{c}{phone}").contains(search))
        }
    }
}

impl Model {
    fn search_by(
        &mut self,
        token: &UserAccessToken,
        search: &str,
        field: Field,
    ) -> Result<Vec<DirectoryEntry>, ModelError> {
        validate::required("search_string", search)?;
        let search = search.trim().to_lowercase();
        self.as_user(token, |m, who| {
            let entries = m
                .domain(&who.domain)?
                .users
                .iter()
                .filter(|(id, user)| matches(field, id, &who.domain, user, &search))
                .map(|(id, user)| {
                    json!({
                        "full_user_id": format!("{id}@{}", who.domain),
                        "user_id": id,
                        "domain_name": who.domain,
                        "user_first_name": user.profile.first_name,
                        "user_last_name": user.profile.last_name,
                        "user_phone_number": user.profile.phone_number,
                        "user_email": user.profile.email,
                    })
                });
            build_all(entries)
        })
    }

    /// #40: users of the caller's domain whose phone number (national or with its calling
    /// code) contains `search`.
    pub fn search_directory_by_phone_number(
        &mut self,
        token: &UserAccessToken,
        search: &str,
    ) -> Result<Vec<DirectoryEntry>, ModelError> {
        self.search_by(token, search, Field::PhoneNumber)
    }

    /// #41: users of the caller's domain whose first or last name contains `search`.
    pub fn search_directory_by_name(
        &mut self,
        token: &UserAccessToken,
        search: &str,
    ) -> Result<Vec<DirectoryEntry>, ModelError> {
        self.search_by(token, search, Field::Name)
    }

    /// #42: users of the caller's domain whose user id contains `search`; a full user id
    /// (`bob@domain`) finds the user whose `full_user_id` it is, exactly.
    pub fn search_directory_by_user_id(
        &mut self,
        token: &UserAccessToken,
        search: &str,
    ) -> Result<Vec<DirectoryEntry>, ModelError> {
        self.search_by(token, search, Field::UserId)
    }

    /// #43: users of the caller's domain whose first or last name, user id or phone number
    /// contains `search` (a full user id finds its user exactly, as on #42).
    pub fn search_directory(
        &mut self,
        token: &UserAccessToken,
        search: &str,
    ) -> Result<Vec<DirectoryEntry>, ModelError> {
        self.search_by(token, search, Field::Any)
    }
}
