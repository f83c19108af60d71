//! The rows of the operation table, in the order of the specification.

use super::*;

operations! {
    /// #1 `GET accounts/accesstokens`.
    GetAccountAccessToken GET_ACCOUNT_ACCESS_TOKEN = #1 A "get_account_access_token" Get "accounts/accesstokens"
        key [AccountApiKey] query [account_api_secret] optional [] body None tier Seed;
    /// #2 `DELETE accounts/accesstokens`.
    DeleteAccountAccessToken DELETE_ACCOUNT_ACCESS_TOKEN = #2 A "delete_account_access_token" Delete "accounts/accesstokens"
        key [AccountApiKey] query [account_api_secret, account_access_token] optional [] body None tier Seed;
    /// #3 `POST accounts/domains`.
    CreateDomain CREATE_DOMAIN = #3 B "create_domain" Post "accounts/domains"
        key [AccountAccessToken] query [] optional [] body Json tier Seed;
    /// #4 `GET accounts/domains`.
    GetDomains GET_DOMAINS = #4 A "get_domains" Get "accounts/domains"
        key [AccountAccessToken] query [] optional [] body None tier Seed;
    /// #5 `DELETE accounts/domains`.
    DeleteDomain DELETE_DOMAIN = #5 A "delete_domain" Delete "accounts/domains"
        key [AccountAccessToken] query [domain_api_key] optional [] body None tier Seed;
    /// #6 `GET accounts/domains/details`, in two forms (see [`crate::DomainDetailsKey`]).
    GetLimitedDomainDetail GET_LIMITED_DOMAIN_DETAIL = #6 A "get_limited_domain_detail" Get "accounts/domains/details"
        key [DomainAccessToken, DomainApiKey] query [] optional [domain_api_key, domain_api_secret, domain_access_token] body None tier Seed;
    /// #7 `GET domains/accesstokens`.
    GetDomainAccessToken GET_DOMAIN_ACCESS_TOKEN = #7 A "get_domain_access_token" Get "domains/accesstokens"
        key [DomainApiKey] query [domain_api_secret] optional [] body None tier Seed;
    /// #8 `DELETE domains/accesstokens`.
    DeleteDomainAccessToken DELETE_DOMAIN_ACCESS_TOKEN = #8 A "delete_domain_access_token" Delete "domains/accesstokens"
        key [DomainApiKey] query [domain_api_secret, domain_access_token] optional [] body None tier Seed;
    /// #9 `GET domains/details/limited`.
    GetDomainDetailsLimited GET_DOMAIN_DETAILS_LIMITED = #9 C "get_domain_details_limited" Get "domains/details/limited"
        key [DomainAccessToken] query [] optional [] body None tier Later;
    /// #10 `POST domains/users/user_id`.
    CreateUserByUserId CREATE_USER_BY_USER_ID = #10 A "create_user_by_user_id" Post "domains/users/user_id"
        key [DomainAccessToken] query [] optional [] body Json tier Seed;
    /// #11 `POST domains/users/phone_number`.
    CreateUserByPhoneNumber CREATE_USER_BY_PHONE_NUMBER = #11 B "create_user_by_phone_number" Post "domains/users/phone_number"
        key [DomainAccessToken] query [] optional [] body Json tier Seed;
    /// #12 `GET domains/users`.
    GetUsers GET_USERS = #12 A "get_users" Get "domains/users"
        key [DomainAccessToken] query [] optional [] body None tier Seed;
    /// #13 `DELETE domains/users`, by user API key or by domain token (see
    /// [`crate::UserDeletion`]).
    DeleteUser DELETE_USER = #13 C "delete_user" Delete "domains/users"
        key [UserApiKey, DomainAccessToken] query [] optional [user_api_key, user_id] body None tier Seed;
    /// #14 `GET domains/users/details`.
    GetUserDetails GET_USER_DETAILS = #14 B "get_user_details" Get "domains/users/details"
        key [DomainAccessToken] query [user_access_token] optional [] body None tier Seed;
    /// #15a `GET domains/users/accesstokens` with the domain secret.
    GetUserAccessToken GET_USER_ACCESS_TOKEN = #15 A "get_user_access_token" Get "domains/users/accesstokens"
        key [DomainApiKey] query [domain_api_secret, user_id] optional [] body None tier Seed;
    /// #15b `GET domains/users/accesstokens` with the user's password (login).
    GetUserAccessTokenByPassword GET_USER_ACCESS_TOKEN_BY_PASSWORD = #15 A "get_user_access_token_by_password" Get "domains/users/accesstokens"
        key [DomainApiKey] query [user_id, user_password] optional [client_sw_version, client_sw_type, kandy_device_id] body None tier Surface;
    /// #16 `DELETE domains/users/accesstokens`.
    DeleteUserAccessToken DELETE_USER_ACCESS_TOKEN = #16 C "delete_user_access_token" Delete "domains/users/accesstokens"
        key [DomainApiKey] query [user_id, user_password, user_access_token] optional [] body None tier Surface;
    /// #17 `GET domains/access_token/users/user/anonymous`.
    CreateAnonymousUser CREATE_ANONYMOUS_USER = #17 A "create_anonymous_user" Get "domains/access_token/users/user/anonymous"
        key [DomainAccessToken] query [] optional [] body None tier Surface has_effect;
    /// #18 `GET domains/countrycodes`.
    GetCountryCodes GET_COUNTRY_CODES = #18 C "get_country_codes" Get "domains/countrycodes"
        key [DomainAccessToken] query [] optional [MCC] body None tier Later;
    /// #19 `POST domains/verifications/smss`.
    SendVerificationSms SEND_VERIFICATION_SMS = #19 A "send_verification_sms" Post "domains/verifications/smss"
        key [DomainAccessToken] query [] optional [] body Json tier Surface;
    /// #20 `GET domains/verifications/codes`.
    CheckVerificationCode CHECK_VERIFICATION_CODE = #20 A "check_verification_code" Get "domains/verifications/codes"
        key [DomainAccessToken] query [validation_code] optional [] body None tier Surface has_effect;
    /// #21 `POST domains/huntgroups`.
    CreateHuntGroup CREATE_HUNT_GROUP = #21 C "create_hunt_group" Post "domains/huntgroups"
        key [DomainAccessToken] query [] optional [] body Json tier Later;
    /// #22 `GET domains/huntgroups`.
    GetHuntGroups GET_HUNT_GROUPS = #22 C "get_hunt_groups" Get "domains/huntgroups"
        key [DomainAccessToken] query [] optional [] body None tier Later;
    /// #23 `DELETE domains/huntgroups`.
    DeleteHuntGroup DELETE_HUNT_GROUP = #23 C "delete_hunt_group" Delete "domains/huntgroups"
        key [DomainAccessToken] query [huntgroup_name] optional [] body None tier Later;
    /// #24 `POST domains/huntgroups/users`.
    AddHuntGroupUser ADD_HUNT_GROUP_USER = #24 C "add_hunt_group_user" Post "domains/huntgroups/users"
        key [DomainAccessToken] query [] optional [] body Json tier Later;
    /// #25 `GET domains/huntgroups/users`.
    GetHuntGroupUsers GET_HUNT_GROUP_USERS = #25 C "get_hunt_group_users" Get "domains/huntgroups/users"
        key [DomainAccessToken] query [huntgroup_name] optional [] body None tier Later;
    /// #26 `DELETE domains/huntgroups/users`.
    DeleteHuntGroupUser DELETE_HUNT_GROUP_USER = #26 C "delete_hunt_group_user" Delete "domains/huntgroups/users"
        key [DomainAccessToken] query [huntgroup_name, user_name] optional [] body None tier Later;
    /// #27 `POST domains/huntgroups/admins`.
    AddHuntGroupAdmin ADD_HUNT_GROUP_ADMIN = #27 C "add_hunt_group_admin" Post "domains/huntgroups/admins"
        key [DomainAccessToken] query [] optional [] body Json tier Later;
    /// #28 `GET domains/huntgroups/admins`.
    GetHuntGroupAdmins GET_HUNT_GROUP_ADMINS = #28 C "get_hunt_group_admins" Get "domains/huntgroups/admins"
        key [DomainAccessToken] query [huntgroup_name] optional [] body None tier Later;
    /// #29 `DELETE domains/huntgroups/admin` (singular, as the only caller sends it).
    DeleteHuntGroupAdmin DELETE_HUNT_GROUP_ADMIN = #29 C "delete_hunt_group_admin" Delete "domains/huntgroups/admin"
        key [DomainAccessToken] query [huntgroup_name, admin_name] optional [] body None tier Later;
    /// #29 `DELETE domains/huntgroups/admins` (plural form).
    DeleteHuntGroupAdmins DELETE_HUNT_GROUP_ADMINS = #29 C "delete_hunt_group_admin" Delete "domains/huntgroups/admins"
        key [DomainAccessToken] query [huntgroup_name, admin_name] optional [] body None tier Later alias(DeleteHuntGroupAdmin);
    /// #30 `POST api_wrappers/registrations`.
    Register REGISTER = #30 B "register" Post "api_wrappers/registrations"
        key [DomainAccessToken] query [] optional [client_sw_version, client_sw_type] body Json tier Later;
    /// #31 `GET api_wrappers/configurations`.
    GetConfigurations GET_CONFIGURATIONS = #31 B "get_configurations" Get "api_wrappers/configurations"
        key [DomainApiKey] query [domain_api_secret] optional [] body None tier Later;
    /// #32 `GET users/details/limited`.
    GetLimitedUserDetails GET_LIMITED_USER_DETAILS = #32 B "get_limited_user_details" Get "users/details/limited"
        key [UserAccessToken] query [] optional [] body None tier Surface;
    /// #33 `GET users/devices`.
    GetDevices GET_DEVICES = #33 A "get_devices" Get "users/devices"
        key [UserAccessToken] query [] optional [] body None tier Seed;
    /// #34 `POST users/devices`.
    CreateDevice CREATE_DEVICE = #34 A "create_device" Post "users/devices"
        key [UserAccessToken] query [] optional [] body Json tier Seed;
    /// #35 `DELETE users/devices`.
    DeleteDevice DELETE_DEVICE = #35 A "delete_device" Delete "users/devices"
        key [UserAccessToken] query [device_id] optional [] body None tier Seed;
    /// #36 `GET users/addressbooks/personal`.
    GetPersonalContacts GET_PERSONAL_CONTACTS = #36 A "get_personal_contacts" Get "users/addressbooks/personal"
        key [UserAccessToken] query [] optional [] body None tier Surface;
    /// #37 `POST users/addressbooks/personal`.
    AddPersonalContact ADD_PERSONAL_CONTACT = #37 A "add_personal_contact" Post "users/addressbooks/personal"
        key [UserAccessToken] query [] optional [] body Json tier Surface;
    /// #38 `DELETE users/addressbooks/personal`.
    DeletePersonalContact DELETE_PERSONAL_CONTACT = #38 A "delete_personal_contact" Delete "users/addressbooks/personal"
        key [UserAccessToken] query [contact_id] optional [] body None tier Surface;
    /// #39 `GET users/addressbooks/device`.
    GetUserDeviceAddressBooks GET_USER_DEVICE_ADDRESS_BOOKS = #39 C "get_user_device_address_books" Get "users/addressbooks/device"
        key [UserAccessToken] query [] optional [device_id] body None tier Later;
    /// #40 `GET users/directories/native/searches/phone_number`.
    SearchDirectoryByPhoneNumber SEARCH_DIRECTORY_BY_PHONE_NUMBER = #40 B "search_directory_by_phone_number" Get "users/directories/native/searches/phone_number"
        key [UserAccessToken] query [search_string] optional [] body None tier Surface;
    /// #41 `GET users/directories/native/searches/name`.
    SearchDirectoryByName SEARCH_DIRECTORY_BY_NAME = #41 B "search_directory_by_name" Get "users/directories/native/searches/name"
        key [UserAccessToken] query [search_string] optional [] body None tier Surface;
    /// #42 `GET users/directories/native/searches/user_id`.
    SearchDirectoryByUserId SEARCH_DIRECTORY_BY_USER_ID = #42 A "search_directory_by_user_id" Get "users/directories/native/searches/user_id"
        key [UserAccessToken] query [search_string] optional [] body None tier Surface;
    /// #43 `GET users/directories/native/search/`.
    SearchDirectory SEARCH_DIRECTORY = #43 B "search_directory" Get "users/directories/native/search/"
        key [UserAccessToken] query [search_string] optional [] body None tier Later;
    /// #44 `GET users/presence/last_seen`.
    GetLastSeen GET_LAST_SEEN = #44 A "get_last_seen" Get "users/presence/last_seen"
        key [UserAccessToken, DomainAccessToken] query [users] optional [] body None tier Surface;
    /// #45 `GET users/configurations/data_channel`.
    GetDataChannel GET_DATA_CHANNEL = #45 B "get_data_channel" Get "users/configurations/data_channel"
        key [UserAccessToken] query [] optional [] body None tier Later;
    /// #46 `GET users/configurations/communications/spidr`.
    GetSpidrConfiguration GET_SPIDR_CONFIGURATION = #46 A "get_spidr_configuration" Get "users/configurations/communications/spidr"
        key [UserAccessToken] query [] optional [secure] body None tier Later;
    /// #47 `GET users/services/normalize/phone_number`.
    NormalizePhoneNumber NORMALIZE_PHONE_NUMBER = #47 C "normalize_phone_number" Get "users/services/normalize/phone_number"
        key [UserAccessToken] query [phone_number, country_code] optional [] body None tier Later;
    /// #48 `GET users/rollovergroups/rollovergroup`.
    GetRolloverGroup GET_ROLLOVER_GROUP = #48 C "get_rollover_group" Get "users/rollovergroups/rollovergroup"
        key [UserAccessToken] query [group_name] optional [] body None tier Later;
    /// #49 `GET users/billing/packages/status/active`.
    GetActiveBillingPackages GET_ACTIVE_BILLING_PACKAGES = #49 C "get_active_billing_packages" Get "users/billing/packages/status/active"
        key [UserAccessToken] query [] optional [] body None tier Later;
    /// #50 `GET users/profiles/user_profiles/user_profile`.
    GetUserProfile GET_USER_PROFILE = #50 C "get_user_profile" Get "users/profiles/user_profiles/user_profile"
        key [UserAccessToken] query [user_id, domain_name] optional [] body None tier Later;
    /// #51 `POST users/profiles/user_profiles`.
    UpdateUserProfile UPDATE_USER_PROFILE = #51 C "update_user_profile" Post "users/profiles/user_profiles"
        key [UserAccessToken] query [] optional [first_name, last_name, status_text, image_details, user_data] body None tier Later;
    /// #52 `GET users/chatgroups`.
    GetGroups GET_GROUPS = #52 A "get_groups" Get "users/chatgroups"
        key [UserAccessToken] query [] optional [] body None tier Surface;
    /// #53 `POST users/chatgroups`; one caller (NODE) sends `group_name` and `group_image` in
    /// the query instead of the body, so the table lists them as optional query parameters.
    CreateGroup CREATE_GROUP = #53 A "create_group" Post "users/chatgroups"
        key [UserAccessToken] query [] optional [group_name, group_image] body Json tier Surface;
    /// #54 `GET users/chatgroups/chatgroup`.
    GetGroupById GET_GROUP_BY_ID = #54 A "get_group_by_id" Get "users/chatgroups/chatgroup"
        key [UserAccessToken] query [group_id] optional [] body None tier Seed;
    /// #55 `PUT users/chatgroups/chatgroup`; `group_id`, `group_name` and `group_image` may
    /// come in the query as well as the body (callers disagree).
    UpdateGroup UPDATE_GROUP = #55 A "update_group" Put "users/chatgroups/chatgroup"
        key [UserAccessToken] query [] optional [group_id, group_name, group_image] body Json tier Surface;
    /// #56 `DELETE users/chatgroups/chatgroup`.
    DeleteGroup DELETE_GROUP = #56 A "delete_group" Delete "users/chatgroups/chatgroup"
        key [UserAccessToken] query [group_id] optional [] body None tier Surface;
    /// #57 `POST users/chatgroups/chatgroup/members`.
    AddGroupMembers ADD_GROUP_MEMBERS = #57 A "add_group_members" Post "users/chatgroups/chatgroup/members"
        key [UserAccessToken] query [group_id] optional [] body Json tier Surface;
    /// #58 `DELETE users/chatgroups/chatgroup/members`.
    RemoveGroupMembers REMOVE_GROUP_MEMBERS = #58 A "remove_group_members" Delete "users/chatgroups/chatgroup/members"
        key [UserAccessToken] query [group_id, members] optional [] body None tier Surface;
    /// #59 `DELETE users/chatgroups/chatgroup/members/membership`.
    LeaveGroup LEAVE_GROUP = #59 A "leave_group" Delete "users/chatgroups/chatgroup/members/membership"
        key [UserAccessToken] query [group_id] optional [] body None tier Surface;
    /// #60 `PUT users/chatgroups/chatgroup/mute`.
    MuteGroup MUTE_GROUP = #60 A "mute_group" Put "users/chatgroups/chatgroup/mute"
        key [UserAccessToken] query [mute, group_id] optional [] body None tier Surface;
    /// #61 `PUT users/chatgroups/chatgroup/members/mute`.
    MuteGroupMembers MUTE_GROUP_MEMBERS = #61 A "mute_group_members" Put "users/chatgroups/chatgroup/members/mute"
        key [UserAccessToken] query [] optional [] body Json tier Surface;
    /// #62 `POST users/chatgroups/chatgroup/messages`.
    SendGroupMessage SEND_GROUP_MESSAGE = #62 A "send_group_message" Post "users/chatgroups/chatgroup/messages"
        key [UserAccessToken] query [] optional [] body Json tier Seed;
    /// #63 `POST users/sessions/session`.
    CreateSession CREATE_SESSION = #63 B "create_session" Post "users/sessions/session"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #64 `POST users/sessions/session/id/start`.
    StartSession START_SESSION = #64 B "start_session" Post "users/sessions/session/id/start"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #65 `POST users/sessions/session/id/stop`.
    StopSession STOP_SESSION = #65 B "stop_session" Post "users/sessions/session/id/stop"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #66 `DELETE users/sessions/session/id`.
    DeleteSession DELETE_SESSION = #66 B "delete_session" Delete "users/sessions/session/id"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #67 `GET users/sessions/session/id`.
    GetSession GET_SESSION = #67 B "get_session" Get "users/sessions/session/id"
        key [UserAccessToken] query [session_id] optional [] body None tier Later;
    /// #68 `GET users/sessions/session/name`.
    GetSessionByName GET_SESSION_BY_NAME = #68 C "get_session_by_name" Get "users/sessions/session/name"
        key [UserAccessToken] query [session_name] optional [] body None tier Later;
    /// #69 `GET users/sessions`.
    GetSessions GET_SESSIONS = #69 B "get_sessions" Get "users/sessions"
        key [UserAccessToken] query [] optional [session_type] body None tier Later;
    /// #70 `GET users/sessions/user`.
    GetUserSessions GET_USER_SESSIONS = #70 C "get_user_sessions" Get "users/sessions/user"
        key [UserAccessToken] query [] optional [] body None tier Later;
    /// #71 `POST users/sessions/session/id/participants/participant`.
    JoinSession JOIN_SESSION = #71 B "join_session" Post "users/sessions/session/id/participants/participant"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #72 `DELETE users/sessions/session/id/participants/participant`.
    LeaveSession LEAVE_SESSION = #72 B "leave_session" Delete "users/sessions/session/id/participants/participant"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #73 `POST users/sessions/session/id/admin/participants/participant/join`.
    AcceptSessionJoin ACCEPT_SESSION_JOIN = #73 B "accept_session_join" Post "users/sessions/session/id/admin/participants/participant/join"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #74 `DELETE users/sessions/session/id/admin/participants/participant/join`.
    RejectSessionJoin REJECT_SESSION_JOIN = #74 B "reject_session_join" Delete "users/sessions/session/id/admin/participants/participant/join"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #75 `DELETE users/sessions/session/id/admin/participants/participant`.
    BootSessionParticipant BOOT_SESSION_PARTICIPANT = #75 B "boot_session_participant" Delete "users/sessions/session/id/admin/participants/participant"
        key [UserAccessToken] query [] optional [] body Json tier Later;
    /// #76 `GET devices/messages`.
    GetPendingMessages GET_PENDING_MESSAGES = #76 A "get_pending_messages" Get "devices/messages"
        key [UserAccessToken] query [device_id] optional [client_timestamp] body None tier Seed;
    /// #77 `POST devices/messages`.
    SendMessage SEND_MESSAGE = #77 A "send_message" Post "devices/messages"
        key [UserAccessToken] query [device_id] optional [] body Json tier Seed;
    /// #78 `DELETE devices/messages`.
    DeleteHandledMessages DELETE_HANDLED_MESSAGES = #78 A "delete_handled_messages" Delete "devices/messages"
        key [UserAccessToken] query [device_id, messages] optional [] body None tier Seed;
    /// #79 `POST devices/smss`.
    SendSms SEND_SMS = #79 A "send_sms" Post "devices/smss"
        key [UserAccessToken] query [device_id] optional [] body Json tier Seed;
    /// #80 `GET devices/addressbooks`.
    GetDeviceAddressBook GET_DEVICE_ADDRESS_BOOK = #80 A "get_device_address_book" Get "devices/addressbooks"
        key [UserAccessToken] query [device_id] optional [] body None tier Seed;
    /// #81 `POST devices/addressbooks`.
    UploadDeviceAddressBook UPLOAD_DEVICE_ADDRESS_BOOK = #81 C "upload_device_address_book" Post "devices/addressbooks"
        key [UserAccessToken] query [device_id] optional [] body Json tier Surface;
    /// #82 `DELETE devices/addressbooks`.
    DeleteDeviceAddressBook DELETE_DEVICE_ADDRESS_BOOK = #82 A "delete_device_address_book" Delete "devices/addressbooks"
        key [UserAccessToken] query [device_id] optional [] body None tier Seed;
    /// #83 `GET devices/addressbooks/hints`.
    GetDeviceAddressBookHints GET_DEVICE_ADDRESS_BOOK_HINTS = #83 C "get_device_address_book_hints" Get "devices/addressbooks/hints"
        key [UserAccessToken] query [device_id] optional [] body None tier Later;
    /// #84 `POST devices/content`.
    UploadContent UPLOAD_CONTENT = #84 B "upload_content" Post "devices/content"
        key [UserAccessToken] query [device_id, content_uuid, content_type] optional [] body Multipart tier Later;
    /// #85 `GET devices/content`.
    DownloadContent DOWNLOAD_CONTENT = #85 B "download_content" Get "devices/content"
        key [UserAccessToken] query [device_id, content_uuid] optional [] body None tier Later;
    /// #86 `GET devices/content/thumbnail`.
    DownloadThumbnail DOWNLOAD_THUMBNAIL = #86 B "download_thumbnail" Get "devices/content/thumbnail"
        key [UserAccessToken] query [device_id, content_uuid] optional [thumbnail_size] body None tier Later;
}
