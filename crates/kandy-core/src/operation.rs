//! The operation table: every endpoint of Kandy v1.2, described once.
//!
//! The HTTP client builds its requests from it, the simulator server routes by it, and the
//! tests enumerate it. A path such as `users/chatgroups/chatgroup` is written here only.

use std::fmt;

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

/// How much the reconstruction of the API knows about an operation, and whether the SDK
/// implements it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    /// One of the seed wrapper's 25 functions: implemented, exact wire format.
    Seed,
    /// The rest of the v1.2 surface on the same resources: implemented.
    Surface,
    /// Weaker evidence or another subsystem: not implemented (the simulator says so).
    Later,
}

/// A query parameter of an operation (besides `key`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name.
    pub name: &'static str,
    /// Whether every call carries it.
    pub required: bool,
}

/// One endpoint: name, method, path, key scope, query parameters, idempotence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The SDK's name for it, which is also the `KandyApi` method's name.
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
    /// Whether the request has a JSON body.
    pub body: bool,
    /// Whether repeating the call has no further effect, so it may be retried after it was
    /// sent. Every POST (sends, creates) is not, nor the two GETs with an effect:
    /// `create_anonymous_user` (a user per call) and `check_verification_code` (a valid code
    /// is used up).
    pub idempotent: bool,
    /// The operation's tier.
    pub tier: Tier,
}

impl Operation {
    /// Whether the SDK and the simulator implement it (tiers 1 and 2).
    pub fn is_implemented(&self) -> bool {
        self.tier != Tier::Later
    }

    /// Looks an operation up by name.
    pub fn by_name(name: &str) -> Option<&'static Operation> {
        ALL.iter().copied().find(|op| op.name == name)
    }

    /// The implemented operations (tiers 1 and 2), in the order of the specification.
    pub fn implemented() -> impl Iterator<Item = &'static Operation> {
        ALL.iter().copied().filter(|op| op.is_implemented())
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

/// `has_effect` after a row marks a GET whose repetition changes something.
macro_rules! has_effect {
    (has_effect) => {
        true
    };
}

macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $const:ident = #$number:literal $name:literal $method:ident $path:literal
            key [$($key:ident),*]
            query [$($q:ident),*]
            optional [$($o:ident),*]
            body $body:literal
            tier $tier:ident $($effect:ident)?;
    )*) => {
        $(
            $(#[$doc])*
            pub const $const: Operation = Operation {
                name: $name,
                number: $number,
                method: Method::$method,
                path: $path,
                keys: &[$(KeyScope::$key),*],
                query: &[
                    $(Param { name: stringify!($q), required: true },)*
                    $(Param { name: stringify!($o), required: false },)*
                ],
                body: $body,
                idempotent: !matches!(Method::$method, Method::Post) $(&& !has_effect!($effect))?,
                tier: Tier::$tier,
            };
        )*

        /// Every operation of the specification, in its order (#29 has a singular and a plural path).
        pub const ALL: &[&Operation] = &[$(&$const),*];
    };
}

operations! {
    /// #1 `GET accounts/accesstokens`.
    GET_ACCOUNT_ACCESS_TOKEN = #1 "get_account_access_token" Get "accounts/accesstokens"
        key [AccountApiKey] query [account_api_secret] optional [] body false tier Seed;
    /// #2 `DELETE accounts/accesstokens`.
    DELETE_ACCOUNT_ACCESS_TOKEN = #2 "delete_account_access_token" Delete "accounts/accesstokens"
        key [AccountApiKey] query [account_api_secret, account_access_token] optional [] body false tier Seed;
    /// #3 `POST accounts/domains`.
    CREATE_DOMAIN = #3 "create_domain" Post "accounts/domains"
        key [AccountAccessToken] query [] optional [] body true tier Seed;
    /// #4 `GET accounts/domains`.
    GET_DOMAINS = #4 "get_domains" Get "accounts/domains"
        key [AccountAccessToken] query [] optional [] body false tier Seed;
    /// #5 `DELETE accounts/domains`.
    DELETE_DOMAIN = #5 "delete_domain" Delete "accounts/domains"
        key [AccountAccessToken] query [domain_api_key] optional [] body false tier Seed;
    /// #6 `GET accounts/domains/details`, in two forms (see [`crate::DomainDetailsKey`]).
    GET_LIMITED_DOMAIN_DETAIL = #6 "get_limited_domain_detail" Get "accounts/domains/details"
        key [DomainAccessToken, DomainApiKey] query []
        optional [domain_api_key, domain_api_secret, domain_access_token] body false tier Seed;
    /// #7 `GET domains/accesstokens`.
    GET_DOMAIN_ACCESS_TOKEN = #7 "get_domain_access_token" Get "domains/accesstokens"
        key [DomainApiKey] query [domain_api_secret] optional [] body false tier Seed;
    /// #8 `DELETE domains/accesstokens`.
    DELETE_DOMAIN_ACCESS_TOKEN = #8 "delete_domain_access_token" Delete "domains/accesstokens"
        key [DomainApiKey] query [domain_api_secret, domain_access_token] optional [] body false tier Seed;
    /// #9 `GET domains/details/limited`.
    GET_DOMAIN_DETAILS_LIMITED = #9 "get_domain_details_limited" Get "domains/details/limited"
        key [DomainAccessToken] query [] optional [] body false tier Later;
    /// #10 `POST domains/users/user_id`.
    CREATE_USER_BY_USER_ID = #10 "create_user_by_user_id" Post "domains/users/user_id"
        key [DomainAccessToken] query [] optional [] body true tier Seed;
    /// #11 `POST domains/users/phone_number`.
    CREATE_USER_BY_PHONE_NUMBER = #11 "create_user_by_phone_number" Post "domains/users/phone_number"
        key [DomainAccessToken] query [] optional [] body true tier Seed;
    /// #12 `GET domains/users`.
    GET_USERS = #12 "get_users" Get "domains/users"
        key [DomainAccessToken] query [] optional [] body false tier Seed;
    /// #13 `DELETE domains/users`, by user API key or by domain token (see
    /// [`crate::UserDeletion`]).
    DELETE_USER = #13 "delete_user" Delete "domains/users"
        key [UserApiKey, DomainAccessToken] query [] optional [user_api_key, user_id] body false tier Seed;
    /// #14 `GET domains/users/details`.
    GET_USER_DETAILS = #14 "get_user_details" Get "domains/users/details"
        key [DomainAccessToken] query [user_access_token] optional [] body false tier Seed;
    /// #15a `GET domains/users/accesstokens` with the domain secret.
    GET_USER_ACCESS_TOKEN = #15 "get_user_access_token" Get "domains/users/accesstokens"
        key [DomainApiKey] query [domain_api_secret, user_id] optional [] body false tier Seed;
    /// #15b `GET domains/users/accesstokens` with the user's password (login).
    GET_USER_ACCESS_TOKEN_BY_PASSWORD = #15 "get_user_access_token_by_password" Get "domains/users/accesstokens"
        key [DomainApiKey] query [user_id, user_password]
        optional [client_sw_version, client_sw_type, kandy_device_id] body false tier Surface;
    /// #16 `DELETE domains/users/accesstokens`.
    DELETE_USER_ACCESS_TOKEN = #16 "delete_user_access_token" Delete "domains/users/accesstokens"
        key [DomainApiKey] query [user_id, user_password, user_access_token] optional [] body false tier Surface;
    /// #17 `GET domains/access_token/users/user/anonymous`.
    CREATE_ANONYMOUS_USER = #17 "create_anonymous_user" Get "domains/access_token/users/user/anonymous"
        key [DomainAccessToken] query [] optional [] body false tier Surface has_effect;
    /// #18 `GET domains/countrycodes`.
    GET_COUNTRY_CODES = #18 "get_country_codes" Get "domains/countrycodes"
        key [DomainAccessToken] query [] optional [MCC] body false tier Later;
    /// #19 `POST domains/verifications/smss`.
    SEND_VERIFICATION_SMS = #19 "send_verification_sms" Post "domains/verifications/smss"
        key [DomainAccessToken] query [] optional [] body true tier Surface;
    /// #20 `GET domains/verifications/codes`.
    CHECK_VERIFICATION_CODE = #20 "check_verification_code" Get "domains/verifications/codes"
        key [DomainAccessToken] query [validation_code] optional [] body false tier Surface has_effect;
    /// #21 `POST domains/huntgroups`.
    CREATE_HUNT_GROUP = #21 "create_hunt_group" Post "domains/huntgroups"
        key [DomainAccessToken] query [] optional [] body true tier Later;
    /// #22 `GET domains/huntgroups`.
    GET_HUNT_GROUPS = #22 "get_hunt_groups" Get "domains/huntgroups"
        key [DomainAccessToken] query [] optional [] body false tier Later;
    /// #23 `DELETE domains/huntgroups`.
    DELETE_HUNT_GROUP = #23 "delete_hunt_group" Delete "domains/huntgroups"
        key [DomainAccessToken] query [huntgroup_name] optional [] body false tier Later;
    /// #24 `POST domains/huntgroups/users`.
    ADD_HUNT_GROUP_USER = #24 "add_hunt_group_user" Post "domains/huntgroups/users"
        key [DomainAccessToken] query [] optional [] body true tier Later;
    /// #25 `GET domains/huntgroups/users`.
    GET_HUNT_GROUP_USERS = #25 "get_hunt_group_users" Get "domains/huntgroups/users"
        key [DomainAccessToken] query [huntgroup_name] optional [] body false tier Later;
    /// #26 `DELETE domains/huntgroups/users`.
    DELETE_HUNT_GROUP_USER = #26 "delete_hunt_group_user" Delete "domains/huntgroups/users"
        key [DomainAccessToken] query [huntgroup_name, user_name] optional [] body false tier Later;
    /// #27 `POST domains/huntgroups/admins`.
    ADD_HUNT_GROUP_ADMIN = #27 "add_hunt_group_admin" Post "domains/huntgroups/admins"
        key [DomainAccessToken] query [] optional [] body true tier Later;
    /// #28 `GET domains/huntgroups/admins`.
    GET_HUNT_GROUP_ADMINS = #28 "get_hunt_group_admins" Get "domains/huntgroups/admins"
        key [DomainAccessToken] query [huntgroup_name] optional [] body false tier Later;
    /// #29 `DELETE domains/huntgroups/admin` (singular, as the only caller sends it).
    DELETE_HUNT_GROUP_ADMIN = #29 "delete_hunt_group_admin" Delete "domains/huntgroups/admin"
        key [DomainAccessToken] query [huntgroup_name, admin_name] optional [] body false tier Later;
    /// #29 `DELETE domains/huntgroups/admins` (plural form).
    DELETE_HUNT_GROUP_ADMINS = #29 "delete_hunt_group_admins" Delete "domains/huntgroups/admins"
        key [DomainAccessToken] query [huntgroup_name, admin_name] optional [] body false tier Later;
    /// #30 `POST api_wrappers/registrations`.
    REGISTER = #30 "register" Post "api_wrappers/registrations"
        key [DomainAccessToken] query [] optional [client_sw_version, client_sw_type] body true tier Later;
    /// #31 `GET api_wrappers/configurations`.
    GET_CONFIGURATIONS = #31 "get_configurations" Get "api_wrappers/configurations"
        key [DomainApiKey] query [domain_api_secret] optional [] body false tier Later;
    /// #32 `GET users/details/limited`.
    GET_LIMITED_USER_DETAILS = #32 "get_limited_user_details" Get "users/details/limited"
        key [UserAccessToken] query [] optional [] body false tier Surface;
    /// #33 `GET users/devices`.
    GET_DEVICES = #33 "get_devices" Get "users/devices"
        key [UserAccessToken] query [] optional [] body false tier Seed;
    /// #34 `POST users/devices`.
    CREATE_DEVICE = #34 "create_device" Post "users/devices"
        key [UserAccessToken] query [] optional [] body true tier Seed;
    /// #35 `DELETE users/devices`.
    DELETE_DEVICE = #35 "delete_device" Delete "users/devices"
        key [UserAccessToken] query [device_id] optional [] body false tier Seed;
    /// #36 `GET users/addressbooks/personal`.
    GET_PERSONAL_CONTACTS = #36 "get_personal_contacts" Get "users/addressbooks/personal"
        key [UserAccessToken] query [] optional [] body false tier Surface;
    /// #37 `POST users/addressbooks/personal`.
    ADD_PERSONAL_CONTACT = #37 "add_personal_contact" Post "users/addressbooks/personal"
        key [UserAccessToken] query [] optional [] body true tier Surface;
    /// #38 `DELETE users/addressbooks/personal`.
    DELETE_PERSONAL_CONTACT = #38 "delete_personal_contact" Delete "users/addressbooks/personal"
        key [UserAccessToken] query [contact_id] optional [] body false tier Surface;
    /// #39 `GET users/addressbooks/device`.
    GET_USER_DEVICE_ADDRESS_BOOKS = #39 "get_user_device_address_books" Get "users/addressbooks/device"
        key [UserAccessToken] query [] optional [device_id] body false tier Later;
    /// #40 `GET users/directories/native/searches/phone_number`.
    SEARCH_DIRECTORY_BY_PHONE_NUMBER = #40 "search_directory_by_phone_number" Get "users/directories/native/searches/phone_number"
        key [UserAccessToken] query [search_string] optional [] body false tier Surface;
    /// #41 `GET users/directories/native/searches/name`.
    SEARCH_DIRECTORY_BY_NAME = #41 "search_directory_by_name" Get "users/directories/native/searches/name"
        key [UserAccessToken] query [search_string] optional [] body false tier Surface;
    /// #42 `GET users/directories/native/searches/user_id`.
    SEARCH_DIRECTORY_BY_USER_ID = #42 "search_directory_by_user_id" Get "users/directories/native/searches/user_id"
        key [UserAccessToken] query [search_string] optional [] body false tier Surface;
    /// #43 `GET users/directories/native/search/`.
    SEARCH_DIRECTORY = #43 "search_directory" Get "users/directories/native/search/"
        key [UserAccessToken] query [search_string] optional [] body false tier Later;
    /// #44 `GET users/presence/last_seen`.
    GET_LAST_SEEN = #44 "get_last_seen" Get "users/presence/last_seen"
        key [UserAccessToken, DomainAccessToken] query [users] optional [] body false tier Surface;
    /// #45 `GET users/configurations/data_channel`.
    GET_DATA_CHANNEL = #45 "get_data_channel" Get "users/configurations/data_channel"
        key [UserAccessToken] query [] optional [] body false tier Later;
    /// #46 `GET users/configurations/communications/spidr`.
    GET_SPIDR_CONFIGURATION = #46 "get_spidr_configuration" Get "users/configurations/communications/spidr"
        key [UserAccessToken] query [] optional [secure] body false tier Later;
    /// #47 `GET users/services/normalize/phone_number`.
    NORMALIZE_PHONE_NUMBER = #47 "normalize_phone_number" Get "users/services/normalize/phone_number"
        key [UserAccessToken] query [phone_number, country_code] optional [] body false tier Later;
    /// #48 `GET users/rollovergroups/rollovergroup`.
    GET_ROLLOVER_GROUP = #48 "get_rollover_group" Get "users/rollovergroups/rollovergroup"
        key [UserAccessToken] query [group_name] optional [] body false tier Later;
    /// #49 `GET users/billing/packages/status/active`.
    GET_ACTIVE_BILLING_PACKAGES = #49 "get_active_billing_packages" Get "users/billing/packages/status/active"
        key [UserAccessToken] query [] optional [] body false tier Later;
    /// #50 `GET users/profiles/user_profiles/user_profile`.
    GET_USER_PROFILE = #50 "get_user_profile" Get "users/profiles/user_profiles/user_profile"
        key [UserAccessToken] query [user_id, domain_name] optional [] body false tier Later;
    /// #51 `POST users/profiles/user_profiles`.
    UPDATE_USER_PROFILE = #51 "update_user_profile" Post "users/profiles/user_profiles"
        key [UserAccessToken] query []
        optional [first_name, last_name, status_text, image_details, user_data] body false tier Later;
    /// #52 `GET users/chatgroups`.
    GET_GROUPS = #52 "get_groups" Get "users/chatgroups"
        key [UserAccessToken] query [] optional [] body false tier Surface;
    /// #53 `POST users/chatgroups`; one caller (NODE) sends `group_name` and `group_image` in
    /// the query instead of the body, so the table lists them as optional query parameters.
    CREATE_GROUP = #53 "create_group" Post "users/chatgroups"
        key [UserAccessToken] query [] optional [group_name, group_image] body true tier Surface;
    /// #54 `GET users/chatgroups/chatgroup`.
    GET_GROUP_BY_ID = #54 "get_group_by_id" Get "users/chatgroups/chatgroup"
        key [UserAccessToken] query [group_id] optional [] body false tier Seed;
    /// #55 `PUT users/chatgroups/chatgroup`; `group_id`, `group_name` and `group_image` may
    /// come in the query as well as the body (callers disagree).
    UPDATE_GROUP = #55 "update_group" Put "users/chatgroups/chatgroup"
        key [UserAccessToken] query [] optional [group_id, group_name, group_image] body true tier Surface;
    /// #56 `DELETE users/chatgroups/chatgroup`.
    DELETE_GROUP = #56 "delete_group" Delete "users/chatgroups/chatgroup"
        key [UserAccessToken] query [group_id] optional [] body false tier Surface;
    /// #57 `POST users/chatgroups/chatgroup/members`.
    ADD_GROUP_MEMBERS = #57 "add_group_members" Post "users/chatgroups/chatgroup/members"
        key [UserAccessToken] query [group_id] optional [] body true tier Surface;
    /// #58 `DELETE users/chatgroups/chatgroup/members`.
    REMOVE_GROUP_MEMBERS = #58 "remove_group_members" Delete "users/chatgroups/chatgroup/members"
        key [UserAccessToken] query [group_id, members] optional [] body false tier Surface;
    /// #59 `DELETE users/chatgroups/chatgroup/members/membership`.
    LEAVE_GROUP = #59 "leave_group" Delete "users/chatgroups/chatgroup/members/membership"
        key [UserAccessToken] query [group_id] optional [] body false tier Surface;
    /// #60 `PUT users/chatgroups/chatgroup/mute`.
    MUTE_GROUP = #60 "mute_group" Put "users/chatgroups/chatgroup/mute"
        key [UserAccessToken] query [mute, group_id] optional [] body false tier Surface;
    /// #61 `PUT users/chatgroups/chatgroup/members/mute`.
    MUTE_GROUP_MEMBERS = #61 "mute_group_members" Put "users/chatgroups/chatgroup/members/mute"
        key [UserAccessToken] query [] optional [] body true tier Surface;
    /// #62 `POST users/chatgroups/chatgroup/messages`.
    SEND_GROUP_MESSAGE = #62 "send_group_message" Post "users/chatgroups/chatgroup/messages"
        key [UserAccessToken] query [] optional [] body true tier Seed;
    /// #63 `POST users/sessions/session`.
    CREATE_SESSION = #63 "create_session" Post "users/sessions/session"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #64 `POST users/sessions/session/id/start`.
    START_SESSION = #64 "start_session" Post "users/sessions/session/id/start"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #65 `POST users/sessions/session/id/stop`.
    STOP_SESSION = #65 "stop_session" Post "users/sessions/session/id/stop"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #66 `DELETE users/sessions/session/id`.
    DELETE_SESSION = #66 "delete_session" Delete "users/sessions/session/id"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #67 `GET users/sessions/session/id`.
    GET_SESSION = #67 "get_session" Get "users/sessions/session/id"
        key [UserAccessToken] query [session_id] optional [] body false tier Later;
    /// #68 `GET users/sessions/session/name`.
    GET_SESSION_BY_NAME = #68 "get_session_by_name" Get "users/sessions/session/name"
        key [UserAccessToken] query [session_name] optional [] body false tier Later;
    /// #69 `GET users/sessions`.
    GET_SESSIONS = #69 "get_sessions" Get "users/sessions"
        key [UserAccessToken] query [] optional [session_type] body false tier Later;
    /// #70 `GET users/sessions/user`.
    GET_USER_SESSIONS = #70 "get_user_sessions" Get "users/sessions/user"
        key [UserAccessToken] query [] optional [] body false tier Later;
    /// #71 `POST users/sessions/session/id/participants/participant`.
    JOIN_SESSION = #71 "join_session" Post "users/sessions/session/id/participants/participant"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #72 `DELETE users/sessions/session/id/participants/participant`.
    LEAVE_SESSION = #72 "leave_session" Delete "users/sessions/session/id/participants/participant"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #73 `POST users/sessions/session/id/admin/participants/participant/join`.
    ACCEPT_SESSION_JOIN = #73 "accept_session_join" Post "users/sessions/session/id/admin/participants/participant/join"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #74 `DELETE users/sessions/session/id/admin/participants/participant/join`.
    REJECT_SESSION_JOIN = #74 "reject_session_join" Delete "users/sessions/session/id/admin/participants/participant/join"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #75 `DELETE users/sessions/session/id/admin/participants/participant`.
    BOOT_SESSION_PARTICIPANT = #75 "boot_session_participant" Delete "users/sessions/session/id/admin/participants/participant"
        key [UserAccessToken] query [] optional [] body true tier Later;
    /// #76 `GET devices/messages`.
    GET_PENDING_MESSAGES = #76 "get_pending_messages" Get "devices/messages"
        key [UserAccessToken] query [device_id] optional [client_timestamp] body false tier Seed;
    /// #77 `POST devices/messages`.
    SEND_MESSAGE = #77 "send_message" Post "devices/messages"
        key [UserAccessToken] query [device_id] optional [] body true tier Seed;
    /// #78 `DELETE devices/messages`.
    DELETE_HANDLED_MESSAGES = #78 "delete_handled_messages" Delete "devices/messages"
        key [UserAccessToken] query [device_id, messages] optional [] body false tier Seed;
    /// #79 `POST devices/smss`.
    SEND_SMS = #79 "send_sms" Post "devices/smss"
        key [UserAccessToken] query [device_id] optional [] body true tier Seed;
    /// #80 `GET devices/addressbooks`.
    GET_DEVICE_ADDRESS_BOOK = #80 "get_device_address_book" Get "devices/addressbooks"
        key [UserAccessToken] query [device_id] optional [] body false tier Seed;
    /// #81 `POST devices/addressbooks`.
    UPLOAD_DEVICE_ADDRESS_BOOK = #81 "upload_device_address_book" Post "devices/addressbooks"
        key [UserAccessToken] query [device_id] optional [] body true tier Surface;
    /// #82 `DELETE devices/addressbooks`.
    DELETE_DEVICE_ADDRESS_BOOK = #82 "delete_device_address_book" Delete "devices/addressbooks"
        key [UserAccessToken] query [device_id] optional [] body false tier Seed;
    /// #83 `GET devices/addressbooks/hints`.
    GET_DEVICE_ADDRESS_BOOK_HINTS = #83 "get_device_address_book_hints" Get "devices/addressbooks/hints"
        key [UserAccessToken] query [device_id] optional [] body false tier Later;
    /// #84 `POST devices/content`.
    UPLOAD_CONTENT = #84 "upload_content" Post "devices/content"
        key [UserAccessToken] query [device_id, content_uuid, content_type] optional [] body true tier Later;
    /// #85 `GET devices/content`.
    DOWNLOAD_CONTENT = #85 "download_content" Get "devices/content"
        key [UserAccessToken] query [device_id, content_uuid] optional [] body false tier Later;
    /// #86 `GET devices/content/thumbnail`.
    DOWNLOAD_THUMBNAIL = #86 "download_thumbnail" Get "devices/content/thumbnail"
        key [UserAccessToken] query [device_id, content_uuid, thumbnail_size] optional [] body false tier Later;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn forty_eight_operations_are_implemented_with_unique_names() {
        assert_eq!(Operation::implemented().count(), 48);
        assert_eq!(
            Operation::implemented()
                .filter(|op| op.tier == Tier::Seed)
                .count(),
            25
        );
        let names: HashSet<_> = ALL.iter().map(|op| op.name).collect();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn method_and_path_pick_one_operation_except_the_two_login_forms() {
        let mut seen = HashSet::new();
        for op in ALL {
            if op.name == "get_user_access_token_by_password" {
                continue;
            }
            assert!(seen.insert((op.method, op.path)), "{} is doubled", op.name);
        }
    }

    #[test]
    fn only_posts_are_not_idempotent() {
        let sends = [
            "send_message",
            "send_group_message",
            "send_sms",
            "create_group",
        ];
        for name in sends {
            assert!(!Operation::by_name(name).unwrap().idempotent, "{name}");
        }
        assert!(
            Operation::by_name("delete_handled_messages")
                .unwrap()
                .idempotent
        );
    }

    #[test]
    fn secret_parameters_are_recognised() {
        for p in [
            "key",
            "domain_api_secret",
            "user_access_token",
            "user_password",
        ] {
            assert!(is_secret_param(p), "{p}");
        }
        for p in ["device_id", "user_id", "messages"] {
            assert!(!is_secret_param(p), "{p}");
        }
    }
}
