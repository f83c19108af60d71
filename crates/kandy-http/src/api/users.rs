//! Users of a domain and their tokens (#10–#17, #32).

use crate::call::Call;
use crate::request::Mapped;
use kandy_core::operation::{
    CREATE_ANONYMOUS_USER, CREATE_USER_BY_PHONE_NUMBER, CREATE_USER_BY_USER_ID, DELETE_USER,
    DELETE_USER_ACCESS_TOKEN, GET_LIMITED_USER_DETAILS, GET_USER_ACCESS_TOKEN,
    GET_USER_ACCESS_TOKEN_BY_PASSWORD, GET_USER_DETAILS, GET_USERS,
};
use kandy_core::{
    AnonymousUser, DomainAccessToken, DomainApiKey, DomainApiSecret, NewPhoneUser, NewUser, User,
    UserAccessToken, UserDeletion, UserDetails, UserPassword,
};

/// #10 `POST domains/users/user_id?key=DAT`, body as `NewUser` serializes.
pub(super) fn create_user_by_user_id(token: DomainAccessToken, user: NewUser) -> Call<User> {
    Call::new(&CREATE_USER_BY_USER_ID, &token)
        .body_secret(user.user_password.as_ref())
        .body(&user)
        .reads_whole()
}

/// #11 `POST domains/users/phone_number?key=DAT`, body as `NewPhoneUser` serializes.
pub(super) fn create_user_by_phone_number(
    token: DomainAccessToken,
    user: NewPhoneUser,
) -> Call<User> {
    Call::new(&CREATE_USER_BY_PHONE_NUMBER, &token)
        .body_secret(user.user_password.as_ref())
        .body(&user)
        .reads_whole()
}

/// #12 `GET domains/users?key=DAT`: `result.users`.
pub(super) fn get_users(token: DomainAccessToken) -> Call<Vec<User>> {
    Call::new(&GET_USERS, &token).reads_field("users")
}

/// #13 `DELETE domains/users`: `key=UAK`, or `key=DAT` with `user_id` or `user_api_key`.
pub(super) fn delete_user(deletion: UserDeletion) -> Call<()> {
    match deletion {
        UserDeletion::ByUserApiKey(user_api_key) => Call::new(&DELETE_USER, &user_api_key),
        UserDeletion::ByUserId { token, user_id } => {
            Call::new(&DELETE_USER, &token).query("user_id", user_id)
        }
        UserDeletion::ByDomainAndUserApiKey {
            token,
            user_api_key,
        } => Call::new(&DELETE_USER, &token).secret_query("user_api_key", &user_api_key),
    }
}

/// #14 `GET domains/users/details?key=DAT&user_access_token=UAT`: `result.user` (or
/// `result.users[0]`).
pub(super) fn get_user_details(
    token: DomainAccessToken,
    user_token: UserAccessToken,
) -> Mapped<UserDetails, User> {
    Call::new(&GET_USER_DETAILS, &token)
        .secret_query("user_access_token", &user_token)
        .reads_whole()
        .map(|details: UserDetails| details.user)
}

/// #15a `GET domains/users/accesstokens?key=DAK&domain_api_secret=DAS&user_id=…`.
pub(super) fn get_user_access_token(
    api_key: DomainApiKey,
    api_secret: DomainApiSecret,
    user_id: String,
) -> Call<UserAccessToken> {
    Call::new(&GET_USER_ACCESS_TOKEN, &api_key)
        .secret_query("domain_api_secret", &api_secret)
        .query("user_id", user_id)
        .reads_field("user_access_token")
}

/// #15b `GET domains/users/accesstokens?key=DAK&user_id=…&user_password=…` (only the
/// required parameters; the browser SDK's `client_sw_*` and `kandy_device_id` are not sent).
pub(super) fn get_user_access_token_by_password(
    api_key: DomainApiKey,
    user_id: String,
    password: UserPassword,
) -> Call<UserAccessToken> {
    Call::new(&GET_USER_ACCESS_TOKEN_BY_PASSWORD, &api_key)
        .query("user_id", user_id)
        .secret_query("user_password", &password)
        .reads_field("user_access_token")
}

/// #16 `DELETE domains/users/accesstokens?key=DAK&user_id&user_password&user_access_token`.
pub(super) fn delete_user_access_token(
    api_key: DomainApiKey,
    user_id: String,
    password: UserPassword,
    user_token: UserAccessToken,
) -> Call<()> {
    Call::new(&DELETE_USER_ACCESS_TOKEN, &api_key)
        .query("user_id", user_id)
        .secret_query("user_password", &password)
        .secret_query("user_access_token", &user_token)
}

/// #17 `GET domains/access_token/users/user/anonymous?key=DAT`.
pub(super) fn create_anonymous_user(token: DomainAccessToken) -> Call<AnonymousUser> {
    Call::new(&CREATE_ANONYMOUS_USER, &token).reads_whole()
}

/// #32 `GET users/details/limited?key=UAT`: `result.user`.
pub(super) fn get_limited_user_details(token: UserAccessToken) -> Mapped<UserDetails, User> {
    Call::new(&GET_LIMITED_USER_DETAILS, &token)
        .reads_whole()
        .map(|details: UserDetails| details.user)
}
