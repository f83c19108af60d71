//! The matrix's table: every implemented operation, in each form its key scopes allow, with
//! what another domain's credential and an expired one must get (docs/SIMULATOR.md); and the
//! request each form makes, built from the operation table.

use crate::world::{
    Caller, GROUP_UUID, HUNT_GROUP, MESSAGE_UUID, NEW_CONTENT_UUID, PASSWORD, PENDING_UUID, Target,
};
use kandy_core::operation::KeyScope::{self, *};
use kandy_core::*;
use serde_json::{Value, json};

/// What a case must get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Refused with this status; nothing changes.
    Refused(i64),
    /// Answered with success, and nothing changes (another domain checking A's verification
    /// code: `valid` is false and the code is not used up).
    Unchanged,
    /// The case does not apply, for this reason.
    NotApplicable(&'static str),
}

use Expect::*;

const OWN: Expect = NotApplicable(
    "the call names nothing but the caller's own account, domain or user, so another \
     domain's credential legitimately acts on its own",
);
const KEYS_DO_NOT_EXPIRE: Expect = NotApplicable("API keys and secrets do not expire");

/// One form of an operation: the scope its `key` carries, and its optional parameters.
#[derive(Clone, Copy, Debug)]
pub struct Form {
    /// The operation's name.
    pub op: &'static str,
    /// The scope of `key` in this form.
    pub scope: KeyScope,
    /// Optional query parameters this form sends.
    pub extra: &'static [&'static str],
    /// What dave (domain B, account B) gets naming A's things.
    pub other: Expect,
    /// What an expired credential gets.
    pub expired: Expect,
}

const fn form(op: &'static str, scope: KeyScope, other: Expect, expired: Expect) -> Form {
    Form {
        op,
        scope,
        extra: &[],
        other,
        expired,
    }
}

const EXPIRED: Expect = Refused(status::TOKEN_EXPIRED);
const DENIED: Expect = Refused(status::PERMISSION_DENIED);
const NOT_FOUND: Expect = Refused(status::DOES_NOT_EXIST);
const NO_GROUP: Expect = Refused(status::GROUP_NOT_FOUND);
const VALIDATION_FAILED: Expect = Refused(status::VALIDATION_FAILED);

/// Every form of every implemented operation. A revoked credential always gets 55.
pub const FORMS: &[Form] = &[
    form(
        "get_account_access_token",
        AccountApiKey,
        OWN,
        KEYS_DO_NOT_EXPIRE,
    ),
    // Another account's key and secret naming A's token: 11.
    form(
        "delete_account_access_token",
        AccountApiKey,
        DENIED,
        KEYS_DO_NOT_EXPIRE,
    ),
    form("create_domain", AccountAccessToken, OWN, EXPIRED),
    form("get_domains", AccountAccessToken, OWN, EXPIRED),
    form("delete_domain", AccountAccessToken, DENIED, EXPIRED),
    Form {
        extra: &["domain_api_key"],
        ..form(
            "get_limited_domain_detail",
            DomainAccessToken,
            DENIED,
            EXPIRED,
        )
    },
    // Form b: the domain's key and secret, and a domain token of A (which expires).
    Form {
        extra: &["domain_api_secret", "domain_access_token"],
        ..form("get_limited_domain_detail", DomainApiKey, DENIED, EXPIRED)
    },
    form(
        "get_domain_access_token",
        DomainApiKey,
        OWN,
        KEYS_DO_NOT_EXPIRE,
    ),
    form(
        "delete_domain_access_token",
        DomainApiKey,
        DENIED,
        KEYS_DO_NOT_EXPIRE,
    ),
    form("create_user_by_user_id", DomainAccessToken, OWN, EXPIRED),
    form(
        "create_user_by_phone_number",
        DomainAccessToken,
        OWN,
        EXPIRED,
    ),
    form("get_users", DomainAccessToken, OWN, EXPIRED),
    Form {
        extra: &["user_api_key"],
        ..form("delete_user", DomainAccessToken, DENIED, EXPIRED)
    },
    form("delete_user", UserApiKey, OWN, KEYS_DO_NOT_EXPIRE),
    form("get_user_details", DomainAccessToken, DENIED, EXPIRED),
    // User ids are per domain: alice is not a user of domain B (53, as for every user name).
    form(
        "get_user_access_token",
        DomainApiKey,
        NOT_FOUND,
        KEYS_DO_NOT_EXPIRE,
    ),
    form(
        "get_user_access_token_by_password",
        DomainApiKey,
        NOT_FOUND,
        KEYS_DO_NOT_EXPIRE,
    ),
    form(
        "delete_user_access_token",
        DomainApiKey,
        DENIED,
        KEYS_DO_NOT_EXPIRE,
    ),
    form("create_anonymous_user", DomainAccessToken, OWN, EXPIRED),
    form("send_verification_sms", DomainAccessToken, OWN, EXPIRED),
    form(
        "check_verification_code",
        DomainAccessToken,
        Unchanged,
        EXPIRED,
    ),
    form("get_limited_user_details", UserAccessToken, OWN, EXPIRED),
    form("get_devices", UserAccessToken, OWN, EXPIRED),
    form("create_device", UserAccessToken, OWN, EXPIRED),
    form("delete_device", UserAccessToken, DENIED, EXPIRED),
    form("get_personal_contacts", UserAccessToken, OWN, EXPIRED),
    form("add_personal_contact", UserAccessToken, OWN, EXPIRED),
    // Contacts are per user: dave has no such contact.
    form(
        "delete_personal_contact",
        UserAccessToken,
        NOT_FOUND,
        EXPIRED,
    ),
    form(
        "search_directory_by_phone_number",
        UserAccessToken,
        OWN,
        EXPIRED,
    ),
    form("search_directory_by_name", UserAccessToken, OWN, EXPIRED),
    form("search_directory_by_user_id", UserAccessToken, OWN, EXPIRED),
    // bob is not a user of domain B.
    form("get_last_seen", UserAccessToken, NOT_FOUND, EXPIRED),
    form("get_last_seen", DomainAccessToken, NOT_FOUND, EXPIRED),
    form("get_groups", UserAccessToken, OWN, EXPIRED),
    form("create_group", UserAccessToken, OWN, EXPIRED),
    form("get_group_by_id", UserAccessToken, NO_GROUP, EXPIRED),
    form("update_group", UserAccessToken, NO_GROUP, EXPIRED),
    form("delete_group", UserAccessToken, NO_GROUP, EXPIRED),
    form("add_group_members", UserAccessToken, NO_GROUP, EXPIRED),
    form("remove_group_members", UserAccessToken, NO_GROUP, EXPIRED),
    form("leave_group", UserAccessToken, NO_GROUP, EXPIRED),
    form("mute_group", UserAccessToken, NO_GROUP, EXPIRED),
    form("mute_group_members", UserAccessToken, NO_GROUP, EXPIRED),
    form("send_group_message", UserAccessToken, NO_GROUP, EXPIRED),
    form("get_pending_messages", UserAccessToken, DENIED, EXPIRED),
    form("send_message", UserAccessToken, DENIED, EXPIRED),
    form("delete_handled_messages", UserAccessToken, DENIED, EXPIRED),
    form("send_sms", UserAccessToken, DENIED, EXPIRED),
    form("get_device_address_book", UserAccessToken, DENIED, EXPIRED),
    form(
        "upload_device_address_book",
        UserAccessToken,
        DENIED,
        EXPIRED,
    ),
    form(
        "delete_device_address_book",
        UserAccessToken,
        DENIED,
        EXPIRED,
    ),
    form("get_data_channel", UserAccessToken, OWN, EXPIRED),
    // A session of domain A is not found from domain B.
    form("create_session", UserAccessToken, OWN, EXPIRED),
    form("start_session", UserAccessToken, NOT_FOUND, EXPIRED),
    form("stop_session", UserAccessToken, NOT_FOUND, EXPIRED),
    form("delete_session", UserAccessToken, NOT_FOUND, EXPIRED),
    form("get_session", UserAccessToken, NOT_FOUND, EXPIRED),
    form("get_session_by_name", UserAccessToken, NOT_FOUND, EXPIRED),
    Form {
        extra: &["session_type"],
        ..form("get_sessions", UserAccessToken, OWN, EXPIRED)
    },
    form("get_user_sessions", UserAccessToken, OWN, EXPIRED),
    form("join_session", UserAccessToken, NOT_FOUND, EXPIRED),
    form("leave_session", UserAccessToken, NOT_FOUND, EXPIRED),
    form("accept_session_join", UserAccessToken, NOT_FOUND, EXPIRED),
    form("reject_session_join", UserAccessToken, NOT_FOUND, EXPIRED),
    form(
        "boot_session_participant",
        UserAccessToken,
        NOT_FOUND,
        EXPIRED,
    ),
    form(
        "get_device_address_book_hints",
        UserAccessToken,
        DENIED,
        EXPIRED,
    ),
    form(
        "get_user_device_address_books",
        UserAccessToken,
        OWN,
        EXPIRED,
    ),
    form("search_directory", UserAccessToken, OWN, EXPIRED),
    form(
        "get_domain_details_limited",
        DomainAccessToken,
        OWN,
        EXPIRED,
    ),
    form("get_country_codes", DomainAccessToken, OWN, EXPIRED),
    form("normalize_phone_number", UserAccessToken, OWN, EXPIRED),
    form("get_active_billing_packages", UserAccessToken, OWN, EXPIRED),
    // Hunt groups are per domain: domain B has no hunt group `sales` (53, as for any name).
    form("create_hunt_group", DomainAccessToken, OWN, EXPIRED),
    form("get_hunt_groups", DomainAccessToken, OWN, EXPIRED),
    form("delete_hunt_group", DomainAccessToken, NOT_FOUND, EXPIRED),
    form("add_hunt_group_user", DomainAccessToken, NOT_FOUND, EXPIRED),
    form(
        "get_hunt_group_users",
        DomainAccessToken,
        NOT_FOUND,
        EXPIRED,
    ),
    form(
        "delete_hunt_group_user",
        DomainAccessToken,
        NOT_FOUND,
        EXPIRED,
    ),
    form(
        "add_hunt_group_admin",
        DomainAccessToken,
        NOT_FOUND,
        EXPIRED,
    ),
    form(
        "get_hunt_group_admins",
        DomainAccessToken,
        NOT_FOUND,
        EXPIRED,
    ),
    form(
        "delete_hunt_group_admin",
        DomainAccessToken,
        NOT_FOUND,
        EXPIRED,
    ),
    form("get_rollover_group", UserAccessToken, NOT_FOUND, EXPIRED),
    // A's code does not prove the number to domain B: the same answer as a wrong code.
    form("register", DomainAccessToken, VALIDATION_FAILED, EXPIRED),
    form("get_configurations", DomainApiKey, OWN, KEYS_DO_NOT_EXPIRE),
    form("get_spidr_configuration", UserAccessToken, OWN, EXPIRED),
    // alice is not a user of domain B.
    form("get_user_profile", UserAccessToken, NOT_FOUND, EXPIRED),
    form("update_user_profile", UserAccessToken, OWN, EXPIRED),
    // The device named is alice's: 11 before any content is looked at (another domain's
    // UUID is 53, as an unknown one: the contract suite checks it).
    form("upload_content", UserAccessToken, DENIED, EXPIRED),
    form("download_content", UserAccessToken, DENIED, EXPIRED),
    form("download_thumbnail", UserAccessToken, DENIED, EXPIRED),
];

/// Every scope a `key` can carry.
pub const SCOPES: [KeyScope; 6] = [
    AccountApiKey,
    AccountAccessToken,
    DomainApiKey,
    DomainAccessToken,
    UserApiKey,
    UserAccessToken,
];

/// The short name of a scope (the prefix of its credentials).
pub fn prefix(scope: KeyScope) -> &'static str {
    match scope {
        AccountApiKey => "AAK",
        AccountAccessToken => "AAT",
        DomainApiKey => "DAK",
        DomainAccessToken => "DAT",
        UserApiKey => "UAK",
        UserAccessToken => "UAT",
    }
}

/// The HTTP status docs/SIMULATOR.md gives a refusal.
pub fn http_for(kandy_status: i64) -> u16 {
    match kandy_status {
        status::SUCCESS => 200,
        status::TOKEN_EXPIRED | status::INVALID_CREDENTIALS | status::INVALID_PASSWORD => 401,
        status::PERMISSION_DENIED | status::NOT_IN_GROUP => 403,
        status::DOES_NOT_EXIST | status::GROUP_NOT_FOUND | status::USER_NOT_FOUND => 404,
        status::VALIDATION_FAILED => 400,
        other => panic!("the matrix expects no status {other}"),
    }
}

/// The forms of an operation, in table order (the first is the one wrong scopes replace).
pub fn forms_of(op: &Operation) -> Vec<&'static Form> {
    FORMS.iter().filter(|f| f.op == op.name).collect()
}

/// A request: the query (with `key`) and the JSON body.
#[derive(Clone, Debug)]
pub struct Request {
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Value>,
}

impl Request {
    /// Replaces the `key`.
    pub fn with_key(mut self, key: &str) -> Self {
        for (name, value) in &mut self.query {
            if *name == "key" {
                *value = key.to_owned();
            }
        }
        self
    }
}

/// The request of `form` made by `c` naming `t`'s things: `key`, then every required query
/// parameter of the operation table and the form's optional ones, each with a valid value.
pub fn request(op: &Operation, form: &Form, c: &Caller, t: &Target) -> Request {
    let mut query = vec![("key", c.credential(form.scope).to_owned())];
    let names = op
        .query
        .iter()
        .filter(|p| p.required)
        .map(|p| p.name)
        .chain(form.extra.iter().copied());
    for name in names {
        query.push((name, param(op, name, c, t)));
    }
    // A multipart upload's body is the wire's (`multipart_body`), not JSON.
    let body = (op.has_body() && op.body != BodyKind::Multipart).then(|| body(op, t));
    Request { query, body }
}

fn param(op: &Operation, name: &'static str, c: &Caller, t: &Target) -> String {
    let list = |items: &[&str]| json!(items).to_string();
    match (op.name, name) {
        (_, "account_api_secret") => c.aas.clone(),
        (_, "account_access_token") => t.account_token.clone(),
        (_, "domain_api_key") => t.domain_api_key.clone(),
        (_, "domain_api_secret") => c.das.clone(),
        (_, "domain_access_token") => t.domain_token.clone(),
        // Revoking one's own token: the caller logs in as itself.
        ("delete_user_access_token", "user_id") => c.user_id.clone(),
        (_, "user_id") => t.login_user.clone(),
        (_, "user_password") => PASSWORD.to_owned(),
        (_, "user_access_token") => t.user_token.clone(),
        (_, "user_api_key") => t.user_api_key.clone(),
        (_, "validation_code") => t.code.clone(),
        (_, "device_id") => t.device.clone(),
        (_, "contact_id") => t.contact.clone(),
        (_, "search_string") => "a".to_owned(),
        (_, "users") | (_, "members") => list(&[&t.member]),
        (_, "group_id") => t.group.clone(),
        (_, "mute") => "true".to_owned(),
        (_, "messages") => list(&[PENDING_UUID]),
        (_, "session_id") => t.session.clone(),
        (_, "session_name") => t.session_name.clone(),
        (_, "session_type") => "support".to_owned(),
        (_, "huntgroup_name") | (_, "group_name") => HUNT_GROUP.to_owned(),
        (_, "user_name") | (_, "admin_name") => "bob".to_owned(),
        (_, "phone_number") => "4155550100".to_owned(),
        (_, "country_code") => "US".to_owned(),
        (_, "domain_name") => "a.example".to_owned(),
        ("upload_content", "content_uuid") => NEW_CONTENT_UUID.to_owned(),
        (_, "content_uuid") => t.content.clone(),
        (_, "content_type") => CONTENT_MIME_TYPE.to_owned(),
        (op, name) => panic!("the matrix has no value for parameter `{name}` of {op}: add one"),
    }
}

fn body(op: &Operation, t: &Target) -> Value {
    match op.name {
        "create_domain" => json!(new_domain()),
        "create_user_by_user_id" => json!(new_user()),
        "create_user_by_phone_number" => json!(new_phone_user()),
        "send_verification_sms" => {
            json!({"user_phone_number": PHONE.0, "user_country_code": PHONE.1})
        }
        "create_device" => json!(new_device()),
        "add_personal_contact" => json!({ "contact": new_contact(t) }),
        "create_group" => json!(new_group()),
        "update_group" => json!(group_update(t)),
        "add_group_members" => json!({ "members": [t.newcomer] }),
        "mute_group_members" => json!({"group_id": t.group, "members": [t.member], "mute": true}),
        "send_group_message" => json!({ "message": group_message(t) }),
        "send_message" => json!({ "message": message(t) }),
        "send_sms" => json!({ "message": sms() }),
        "upload_device_address_book" => json!({ "contacts": device_contacts() }),
        "create_session" => json!(NewSession::new("support", "s2")),
        "start_session" | "stop_session" | "delete_session" => json!({ "session_id": t.session }),
        "join_session" | "leave_session" => json!({ "session_id": t.joinable }),
        "accept_session_join" | "reject_session_join" | "boot_session_participant" => {
            json!({ "session_id": t.session, "full_user_id": t.member })
        }
        "create_hunt_group" => json!(new_hunt_group()),
        "add_hunt_group_user" => json!({"huntgroup_name": HUNT_GROUP, "user_name": "carol"}),
        "add_hunt_group_admin" => json!({"huntgroup_name": HUNT_GROUP, "admin_name": "carol"}),
        "register" => json!(registration(t)),
        other => panic!("the matrix has no body for {other}: add one"),
    }
}

/// The MIME type of every upload.
pub const CONTENT_MIME_TYPE: &str = "image/png";

/// A 2×2 PNG (alice's picture, and the file the matrix uploads).
pub fn picture() -> Vec<u8> {
    let image = image::RgbImage::from_pixel(2, 2, image::Rgb([9, 9, 9]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("a PNG encodes");
    bytes.into_inner()
}

pub fn new_content() -> ContentUpload {
    ContentUpload::from_bytes("dot.png", CONTENT_MIME_TYPE, picture())
}

/// The multipart body of an upload (#84): one part `file`, and its `Content-Type`.
pub fn multipart_body() -> (String, Vec<u8>) {
    const BOUNDARY: &str = "isolationBoundary0123456789";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dot.png\"\r\n\
         Content-Type: {CONTENT_MIME_TYPE}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&picture());
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// A phone number and country code every phone call uses.
pub const PHONE: (&str, &str) = ("3524096582", "US");

pub fn new_domain() -> NewDomain {
    NewDomain::new("new.example")
}

pub fn new_user() -> NewUser {
    NewUser::new("newbie").password(UserPassword::new(PASSWORD))
}

pub fn new_phone_user() -> NewPhoneUser {
    NewPhoneUser::new(PHONE.0, PHONE.1)
}

pub fn new_device() -> NewDevice {
    NewDevice::new("second-phone")
}

pub fn new_contact(t: &Target) -> NewPersonalContact {
    NewPersonalContact::new(t.newcomer.clone(), "Caz")
}

pub fn new_group() -> NewGroup {
    NewGroup::new("second crew")
}

pub fn group_update(t: &Target) -> GroupUpdate {
    GroupUpdate::new(GroupId::new(t.group.clone()), "renamed crew")
}

pub fn group_message(t: &Target) -> OutgoingGroupMessage {
    OutgoingGroupMessage::text(GroupId::new(t.group.clone()), "hi all")
        .with_uuid(MessageUuid::new(GROUP_UUID))
}

pub fn message(t: &Target) -> OutgoingMessage {
    OutgoingMessage::text(t.member.clone(), "hi bob").with_uuid(MessageUuid::new(MESSAGE_UUID))
}

pub fn sms() -> OutgoingSms {
    OutgoingSms::new("+14155550100", "hello by SMS")
}

pub fn device_contacts() -> Vec<NewDeviceContact> {
    vec![NewDeviceContact::new(
        vec!["+14155550101".into()],
        "Zed",
        "Zulu",
    )]
}

pub fn new_hunt_group() -> NewHuntGroup {
    NewHuntGroup::new("support", "roundrobin", "sip:support@a.example")
}

/// A registration of the number domain A sent its code to.
pub fn registration(t: &Target) -> NewRegistration {
    NewRegistration::new(PHONE.0, PHONE.1, t.code.clone(), "registered-phone")
}
