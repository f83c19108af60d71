//! Users of a domain and their access tokens (#10–#17, #32).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, NewPhoneUser, NewUser, User, UserDeletion};
use serde::Serialize;

#[derive(Serialize)]
struct UserDetails<'a> {
    user: &'a User,
    users: [&'a User; 1],
}

pub(super) async fn create_user_by_user_id(c: &Call<'_>) -> Outcome {
    let user: NewUser = c.body()?;
    let created = c.done(c.api.create_user_by_user_id(c.key()?, user).await)?;
    Success::object(&created)
}

pub(super) async fn create_user_by_phone_number(c: &Call<'_>) -> Outcome {
    let user: NewPhoneUser = c.body()?;
    let created = c.done(c.api.create_user_by_phone_number(c.key()?, user).await)?;
    Success::object(&created)
}

pub(super) async fn get_users(c: &Call<'_>) -> Outcome {
    let users = c.done(c.api.get_users(c.key()?).await)?;
    Success::field("users", &users)
}

/// `key=UAK…` deletes the key's user (the seed's form); a domain access token names the
/// user by `user_api_key` or, failing that, `user_id`.
pub(super) async fn delete_user(c: &Call<'_>) -> Outcome {
    let key = c.raw_key()?;
    let by_domain = key.starts_with("DAT")
        || (!key.starts_with("UAK") && (c.has("user_api_key") || c.has("user_id")));
    let deletion = if !by_domain {
        UserDeletion::ByUserApiKey(key.into())
    } else if let Some(user_api_key) = c.opt("user_api_key") {
        UserDeletion::ByDomainAndUserApiKey {
            token: key.into(),
            user_api_key: user_api_key.into(),
        }
    } else {
        UserDeletion::ByUserId {
            token: key.into(),
            user_id: c.needed("user_id")?,
        }
    };
    c.done(c.api.delete_user(deletion).await)?;
    Ok(Success::deleted("User Deleted"))
}

/// `result.user`, and `result.users` as a one-element list as the seed documents it.
pub(super) async fn get_user_details(c: &Call<'_>) -> Outcome {
    let user = c.done(
        c.api
            .get_user_details(c.key()?, c.typed("user_access_token")?)
            .await,
    )?;
    Success::object(&UserDetails {
        user: &user,
        users: [&user],
    })
}

pub(super) async fn get_user_access_token(c: &Call<'_>) -> Outcome {
    let token = c.done(
        c.api
            .get_user_access_token(c.key()?, c.typed("domain_api_secret")?, c.param("user_id")?)
            .await,
    )?;
    Success::field("user_access_token", &token)
}

pub(super) async fn get_user_access_token_by_password(c: &Call<'_>) -> Outcome {
    let token = c.done(
        c.api
            .get_user_access_token_by_password(
                c.key()?,
                c.param("user_id")?,
                c.typed("user_password")?,
            )
            .await,
    )?;
    Success::field("user_access_token", &token)
}

pub(super) async fn delete_user_access_token(c: &Call<'_>) -> Outcome {
    c.done(
        c.api
            .delete_user_access_token(
                c.key()?,
                c.param("user_id")?,
                c.typed("user_password")?,
                c.typed("user_access_token")?,
            )
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn create_anonymous_user(c: &Call<'_>) -> Outcome {
    let user = c.done(c.api.create_anonymous_user(c.key()?).await)?;
    Success::object(&user)
}

pub(super) async fn get_limited_user_details(c: &Call<'_>) -> Outcome {
    let user = c.done(c.api.get_limited_user_details(c.key()?).await)?;
    Success::field("user", &user)
}
