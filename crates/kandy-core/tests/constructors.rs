//! Every result type of `KandyApi` can be built outside the crate without JSON, and the built
//! value is the one the wire JSON decodes to (the spec's samples): equal, and encoded alike.
//!
//! This is an integration test on purpose: the types are `#[non_exhaustive]`, so only code
//! outside kandy-core shows that the constructors are enough.

use kandy_core::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::fmt::Debug;

/// `built` equals what `wire` decodes to and encodes the same; where `exact`, it also encodes
/// to `wire` itself (false where the type normalises the wire, e.g. numbers sent as strings).
fn assert_wire<T>(built: &T, wire: Value, exact: bool)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let decoded: T = serde_json::from_value(wire.clone()).expect("the sample decodes");
    assert_eq!(built, &decoded);
    let encoded = serde_json::to_value(built).unwrap();
    assert_eq!(encoded, serde_json::to_value(&decoded).unwrap());
    if exact {
        assert_eq!(encoded, wire);
    }
}

#[test]
fn a_user_as_created() {
    // #10, the live capture of the spec.
    let wire = json!({"user_id":"bob","user_password":"b0e4c71d674744",
        "full_user_id":"bob@goofiw.gmail.com","domain_name":"goofiw.gmail.com",
        "user_api_key":"UAK5cb9736c147b4e348a825262e3871456",
        "user_api_secret":"UAS5cb9736c147b4e348a825262e3871456"});
    let built = User::new("bob", "goofiw.gmail.com")
        .with_password(UserPassword::new("b0e4c71d674744"))
        .with_api_key(UserApiKey::new("UAK5cb9736c147b4e348a825262e3871456"))
        .with_api_secret(UserApiSecret::new("UAS5cb9736c147b4e348a825262e3871456"));
    assert_wire(&built, wire, true);
}

#[test]
fn a_user_as_listed_with_every_field() {
    let wire = json!({"user_id":"13524096582","full_user_id":"13524096582@d.com",
        "domain_name":"d.com","user_first_name":"Ann","user_last_name":"Lee",
        "user_email":"ann@d.com","user_phone_number":"3524096582","user_country_code":"1"});
    let built = User::new("13524096582", "d.com")
        .with_first_name("Ann")
        .with_last_name("Lee")
        .with_email("ann@d.com")
        .with_phone_number("3524096582")
        .with_country_code("1");
    assert_wire(&built, wire, true);
}

#[test]
fn an_anonymous_user() {
    // #17: `user_name`, not `user_id`.
    let wire = json!({"user_name":"anon1","user_password":"pw12345678",
        "full_user_id":"anon1@d.com","domain_name":"d.com",
        "user_access_token":"UAT19327bf040754bc591943be49f13e08c"});
    let built = AnonymousUser::new(
        "anon1",
        "d.com",
        UserPassword::new("pw12345678"),
        UserAccessToken::new("UAT19327bf040754bc591943be49f13e08c"),
    );
    assert_wire(&built, wire, true);
}

#[test]
fn a_created_domain_with_and_without_its_echo() {
    let key = "DAK0123456789abcdef0123456789abcdef";
    let secret = "DAS0123456789abcdef0123456789abcdef";
    let bare = CreatedDomain::new(DomainApiKey::new(key), DomainApiSecret::new(secret));
    assert_wire(
        &bare,
        json!({"domain_api_key": key, "domain_api_secret": secret}),
        true,
    );
    let echoed = bare.with_domain_name("test.com").with_project_name("demo");
    assert_wire(
        &echoed,
        json!({"domain_api_key": key, "domain_api_secret": secret,
               "domain_name": "test.com", "project_name": "demo"}),
        true,
    );
}

#[test]
fn a_domain_as_listed() {
    // #4: `number_of_users` arrives as a string and is kept as a number.
    let wire = json!({"domain_api_key":"DAKa","domain_api_secret":"DASa",
        "domain_name":"goofiw.gmail.com","project_name":"demo","account_number":"00000012",
        "account_email":"goofiw@gmail.com","number_of_users":"41",
        "next_recurring_payment":"2015-01-19"});
    let built = Domain::new(DomainApiKey::new("DAKa"), "goofiw.gmail.com")
        .with_api_secret(DomainApiSecret::new("DASa"))
        .with_project_name("demo")
        .with_account_number("00000012")
        .with_account_email("goofiw@gmail.com")
        .with_number_of_users(41)
        .with_next_recurring_payment("2015-01-19");
    assert_wire(&built, wire, false);
    assert_eq!(serde_json::to_value(&built).unwrap()["number_of_users"], 41);
    // #6 as a domain sees it: key and name only.
    let limited = Domain::new(DomainApiKey::new("DAKa"), "goofiw.gmail.com");
    assert_wire(
        &limited,
        json!({"domain_api_key":"DAKa","domain_name":"goofiw.gmail.com"}),
        true,
    );
}

#[test]
fn a_device_with_the_live_field_names() {
    // #33, the KCS names; the type encodes the seed's names (and `id` too).
    let wire = json!({"id":"834f42eb5a1144a3b679f2d0be20112c","nativeID":"12345678901234",
        "family":"iphone","name":"iphone6","osVersion":"8.0","clientVersion":"0102001",
        "registrationTimestamp":"1426176529057"});
    let built = Device::new(DeviceId::new("834f42eb5a1144a3b679f2d0be20112c"))
        .with_native_id("12345678901234")
        .with_family("iphone")
        .with_name("iphone6")
        .with_os_version("8.0")
        .with_client_sw_version("0102001")
        .with_registration_timestamp(1_426_176_529_057);
    assert_wire(&built, wire, false);
}

#[test]
fn a_personal_contact_in_the_contact_form() {
    let wire = json!({"contact_id":"c1","contact_user_name":"bob@d.com",
        "contact_nickname":"Bob","contact_first_name":"Bob","contact_last_name":"Builder",
        "contact_home_phone":"+1555","contact_mobile_number":"+1556",
        "contact_business_number":"+1557","contact_fax":"+1558","contact_email":"bob@d.com"});
    let fields = NewPersonalContact::new("bob@d.com", "Bob")
        .first_name("Bob")
        .last_name("Builder")
        .home_phone("+1555")
        .mobile_number("+1556")
        .business_number("+1557")
        .fax("+1558")
        .email("bob@d.com");
    let built = PersonalContact::new(ContactId::new("c1"), fields);
    assert_wire(&built, wire, true);
}

#[test]
fn a_device_contact_in_camel_case() {
    // #80, the spec's sample.
    let wire = json!({"number":"+14055671234","contactId":"","deviceId":"d1",
        "firstName":"John","lastName":"Doe","hintType":"none"});
    let built = DeviceContact::new("+14055671234", DeviceId::new("d1"), HintType::None)
        .with_first_name("John")
        .with_last_name("Doe");
    assert_wire(&built, wire, true);
    let kandy =
        DeviceContact::new("+1", DeviceId::new("d1"), HintType::Kandy).with_contact_id("c9");
    assert_wire(
        &kandy,
        json!({"number":"+1","contactId":"c9","deviceId":"d1","firstName":"","lastName":"",
               "hintType":"kandy"}),
        true,
    );
}

#[test]
fn a_directory_entry() {
    let wire = json!({"full_user_id":"ann@d.com","user_id":"ann","domain_name":"d.com",
        "user_first_name":"Ann","user_last_name":"Lee","user_phone_number":"+15550100",
        "user_email":"ann@d.com"});
    let built = DirectoryEntry::new("ann", "d.com")
        .with_first_name("Ann")
        .with_last_name("Lee")
        .with_phone_number("+15550100")
        .with_email("ann@d.com");
    assert_wire(&built, wire, true);
}

#[test]
fn last_seen_of_two_users() {
    // #44; `last_seen` 0 is "never".
    let wire = json!({"server_timestamp":1_449_034_496_562_u64,"users":[
        {"full_user_id":"a@d.com","last_seen":1_449_034_490_000_u64},
        {"full_user_id":"b@d.com","last_seen":0}]});
    let built = LastSeen::new(1_449_034_496_562, Vec::new())
        .with_user("a@d.com", 1_449_034_490_000)
        .with_user("b@d.com", 0);
    assert_wire(&built, wire, true);
    let listed = LastSeen::new(
        1_449_034_496_562,
        vec![
            UserLastSeen::new("a@d.com", 1_449_034_490_000),
            UserLastSeen::new("b@d.com", 0),
        ],
    );
    assert_eq!(listed, built);
}

#[test]
fn the_group_of_the_spec() {
    let wire = json!({"group_id":"834f42eb5a1144a3b679f2d0be20112c","group_name":"asd",
        "group_image":{},"max_members":"50",
        "owners":[{"full_user_id":"admin1@kandy.com","muted":false}],
        "members":[{"full_user_id":"member1@kandy.com","muted":false}],
        "creation_time":1_426_176_529_057_u64,"muted":false});
    let built = Group::new(GroupId::new("834f42eb5a1144a3b679f2d0be20112c"), "asd")
        .with_owner("admin1@kandy.com")
        .with_member(GroupMember::new("member1@kandy.com"))
        .with_creation_time(1_426_176_529_057);
    assert_wire(&built, wire, true);
}

#[test]
fn a_group_with_every_setter() {
    let wire = json!({"group_id":"g1","group_name":"team","group_image":{"url":"x"},
        "max_members":"10","owners":[{"full_user_id":"a@d","muted":false}],
        "members":[{"full_user_id":"a@d","muted":false},{"full_user_id":"b@d","muted":true}],
        "creation_time":5,"muted":true});
    let built = Group::new(GroupId::new("g1"), "team")
        .with_image(json!({"url": "x"}))
        .with_max_members(10)
        .with_owner("a@d")
        .with_member(String::from("a@d"))
        .with_member(GroupMember::new("b@d").with_muted(true))
        .with_creation_time(5)
        .with_muted(true);
    assert_wire(&built, wire, true);
}

#[test]
fn a_chat_text_from_a_user() {
    // #76, the spec's sample message.
    let wire = json!({"messageType":"chat","sender":{"user_id":"972542205066",
        "domain_name":"domain.com","full_user_id":"972542205066@domain.com"},
        "UUID":"bcd2fa752c3c4fdf97d08b0a48f622f0","timestamp":"1400510413",
        "contentType":"text","message":{"mimeType":"text/plain","text":"let's meet tonight"}});
    let built = IncomingMessage::chat(
        Sender::new("972542205066", "domain.com"),
        "let's meet tonight",
    )
    .with_uuid(MessageUuid::new("bcd2fa752c3c4fdf97d08b0a48f622f0"))
    .with_timestamp(1_400_510_413);
    assert_wire(&built, wire, true);
    assert_eq!(built.text(), Some("let's meet tonight"));
}

#[test]
fn a_chat_text_gets_a_fresh_uuid_each_time() {
    let from = Sender::new("a", "d.com");
    let one = IncomingMessage::chat(from.clone(), "hi");
    let two = IncomingMessage::chat(from, String::from("hi"));
    assert_ne!(one.uuid, two.uuid);
    assert_eq!((one.timestamp, one.message_type), (0, MessageType::Chat));
}

#[test]
fn a_group_chat_text() {
    let wire = json!({"messageType":"groupChat","sender":{"user_id":"alice",
        "domain_name":"d.com","full_user_id":"alice@d.com"},"UUID":"u1",
        "timestamp":"1449034496562","contentType":"text","group_id":"g1",
        "message":{"mimeType":"text/plain","text":"Table for two booked"}});
    let built =
        IncomingMessage::group_chat(Sender::new("alice", "d.com"), "g1", "Table for two booked")
            .with_uuid(MessageUuid::new("u1"))
            .with_timestamp(1_449_034_496_562);
    assert_wire(&built, wire, true);
}

#[test]
fn a_chat_remote_ack() {
    let wire = json!({"messageType":"chatRemoteAck","timestamp":"1449034496562","UUID":"u1"});
    let built =
        IncomingMessage::chat_remote_ack(MessageUuid::new("u1")).with_timestamp(1_449_034_496_562);
    assert_wire(&built, wire, true);
    assert_eq!(built.text(), None);
}

#[test]
fn a_message_of_another_content_type_with_a_destination() {
    let mut location = MessageContent::new();
    location.insert("mimeType".into(), json!("location/utm"));
    location.insert("location_latitude".into(), json!(1.5));
    location.insert("location_longitude".into(), json!(2.5));
    let wire = json!({"messageType":"chat","UUID":"u2","timestamp":"7",
        "contentType":"location","destination":"bob@d.com",
        "message":{"mimeType":"location/utm","location_latitude":1.5,"location_longitude":2.5}});
    let built = IncomingMessage::new(MessageType::Chat, MessageUuid::new("u2"), 7)
        .with_content(ContentType::Location, location)
        .with_destination("bob@d.com");
    assert_wire(&built, wire, true);
}

#[test]
fn a_poll_answer() {
    let chat = IncomingMessage::chat(Sender::new("a", "d.com"), "hi")
        .with_uuid(MessageUuid::new("u1"))
        .with_timestamp(1);
    let wire = json!({"messages":[{"messageType":"chat","sender":{"user_id":"a",
        "domain_name":"d.com","full_user_id":"a@d.com"},"UUID":"u1","timestamp":"1",
        "contentType":"text","message":{"mimeType":"text/plain","text":"hi"}}],
        "server_timestamp":2});
    assert_wire(&PendingMessages::new(vec![chat], Some(2)), wire, true);
    assert_wire(&PendingMessages::default(), json!({"messages": []}), true);
}

#[test]
fn outgoing_texts_take_any_string_for_the_text_alike() {
    // #77 and #62, the spec's bodies (inner objects).
    let uuid = MessageUuid::new("u1");
    let owned: String = format!("let's meet {}", "tonight");
    let one = OutgoingMessage::text("user2@domain.com", owned).with_uuid(uuid.clone());
    assert_eq!(
        serde_json::to_value(&one).unwrap(),
        json!({"contentType":"text","destination":"user2@domain.com","UUID":"u1",
               "message":{"mimeType":"text/plain","text":"let's meet tonight"}})
    );
    let borrowed = OutgoingMessage::text("user2@domain.com", "let's meet tonight");
    assert_eq!(borrowed.with_uuid(uuid.clone()), one);
    let group = OutgoingGroupMessage::text("gid", String::from("hi")).with_uuid(uuid.clone());
    assert_eq!(
        serde_json::to_value(&group).unwrap(),
        json!({"contentType":"text","group_id":"gid","UUID":"u1",
               "message":{"mimeType":"text/plain","text":"hi"}})
    );
    assert_eq!(
        OutgoingGroupMessage::text(GroupId::new("gid"), "hi").with_uuid(uuid),
        group
    );
}
