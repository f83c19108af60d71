//! Users, directory, presence, verification codes and address books.

mod model_fixture;

use kandy_core::*;
use model_fixture::{DOMAIN, World, status};

#[test]
fn a_phone_user_id_is_the_calling_code_and_the_number() {
    for code in ["US", "+1", "1"] {
        let mut w = World::new();
        let user = w
            .model
            .create_user_by_phone_number(&w.domain_token, NewPhoneUser::new("352-409 6582", code))
            .unwrap();
        assert_eq!(user.user_id, "13524096582");
        assert_eq!(user.full_user_id, format!("13524096582@{DOMAIN}"));
        assert_eq!(user.user_phone_number.as_deref(), Some("3524096582"));
        assert_eq!(user.user_country_code.as_deref(), Some(code));
        let again = NewPhoneUser::new("3524096582", "US");
        assert_eq!(
            status(w.model.create_user_by_phone_number(&w.domain_token, again)),
            50
        );
    }
    let mut w = World::new();
    let token = w.domain_token.clone();
    let mut create = |number: &str, code: &str| {
        status(
            w.model
                .create_user_by_phone_number(&token, NewPhoneUser::new(number, code)),
        )
    };
    assert_eq!(create("123", "US"), 16);
    assert_eq!(create("+13524096582", "US"), 16);
    assert_eq!(create("3524096582", "XX"), 54);
    assert_eq!(create("3524096582", ""), 15);
    assert_eq!(create("", "US"), 15);
}

#[test]
fn a_new_user_gets_keys_a_password_and_a_default_device() {
    let mut w = World::new();
    let user = w
        .model
        .create_user_by_user_id(
            &w.domain_token,
            NewUser::new("alice").name("Alice", "Liddell"),
        )
        .unwrap();
    assert!(
        user.user_api_key
            .unwrap()
            .expose_secret()
            .starts_with("UAK")
    );
    assert!(
        user.user_api_secret
            .unwrap()
            .expose_secret()
            .starts_with("UAS")
    );
    let password = user.user_password.unwrap();
    assert_eq!(password.expose_secret().len(), 14);
    assert!(
        password
            .expose_secret()
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
    );
    let token = w
        .model
        .get_user_access_token_by_password(&w.domain.domain_api_key, "alice", &password)
        .unwrap();
    assert!(token.expose_secret().starts_with("UAT"));
    let devices = w.model.get_devices(&token).unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_native_id.as_deref(), Some("default"));
    assert_eq!(devices[0].id.as_str().len(), 32);
    assert_eq!(devices[0].registration_timestamp, Some(w.model.now_ms()));
}

#[test]
fn user_ids_and_passwords_are_checked() {
    let mut w = World::new();
    for bad in ["", "a@b", "a b", "tab\t"] {
        let refused = w
            .model
            .create_user_by_user_id(&w.domain_token, NewUser::new(bad));
        assert_eq!(status(refused), 51, "{bad:?}");
    }
    let weak = NewUser::new("bob").password(UserPassword::new("password"));
    let error = w
        .model
        .create_user_by_user_id(&w.domain_token, weak)
        .unwrap_err();
    assert_eq!(error.status, 14);
    assert!(!error.message.contains("password\""));
    let good = NewUser::new("bob").password(UserPassword::new("b0b-pa55"));
    assert!(
        w.model
            .create_user_by_user_id(&w.domain_token, good)
            .is_ok()
    );
}

#[test]
fn the_domain_sees_keys_but_no_password_and_a_user_sees_no_secret() {
    let mut w = World::new();
    let alice = w.user("alice");
    let listed = w.model.get_users(&w.domain_token).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].user_api_key.is_some() && listed[0].user_api_secret.is_some());
    assert!(listed[0].user_password.is_none());
    let details = w
        .model
        .get_user_details(&w.domain_token, &alice.token)
        .unwrap();
    assert_eq!(details, listed[0]);
    let limited = w.model.get_limited_user_details(&alice.token).unwrap();
    assert_eq!(limited.full_user_id, alice.full_id);
    assert!(limited.user_api_key.is_none() && limited.user_api_secret.is_none());
    assert!(limited.user_password.is_none());
}

#[test]
fn an_anonymous_user_is_logged_in_at_once() {
    let mut w = World::new();
    let anonymous = w.model.create_anonymous_user(&w.domain_token).unwrap();
    assert!(anonymous.user_name.starts_with("anonymous"));
    assert_eq!(
        anonymous.full_user_id,
        format!("{}@{DOMAIN}", anonymous.user_name)
    );
    assert_eq!(anonymous.domain_name, DOMAIN);
    assert_eq!(
        w.model
            .get_devices(&anonymous.user_access_token)
            .unwrap()
            .len(),
        1
    );
    let login = w.model.get_user_access_token_by_password(
        &w.domain.domain_api_key,
        &anonymous.user_name,
        &anonymous.user_password,
    );
    assert!(login.is_ok());
}

#[test]
fn domains_are_listed_with_details_and_names_are_unique_across_accounts() {
    let mut w = World::new();
    w.user("alice");
    let domains = w.model.get_domains(&w.account_token).unwrap();
    assert_eq!(domains.len(), 1);
    assert_eq!(domains[0].domain_name, DOMAIN);
    assert_eq!(domains[0].number_of_users, Some(1));
    assert_eq!(domains[0].account_number.as_deref(), Some("00000001"));
    assert_eq!(
        domains[0].domain_api_secret.as_ref(),
        Some(&w.domain.domain_api_secret)
    );
    let by_token = DomainDetailsKey::Token {
        token: w.domain_token.clone(),
        domain_api_key: w.domain.domain_api_key.clone(),
    };
    let by_secret = DomainDetailsKey::Secret {
        api_key: w.domain.domain_api_key.clone(),
        api_secret: w.domain.domain_api_secret.clone(),
        token: w.domain_token.clone(),
    };
    let detail = w.model.get_limited_domain_detail(&by_token).unwrap();
    assert_eq!(
        detail,
        w.model.get_limited_domain_detail(&by_secret).unwrap()
    );
    assert_eq!(detail.domain_name, DOMAIN);
    assert!(detail.domain_api_secret.is_none());

    let other = w.model.create_account();
    let token = w
        .model
        .get_account_access_token(&other.api_key, &other.api_secret)
        .unwrap();
    assert_eq!(
        status(w.model.create_domain(&token, NewDomain::new(DOMAIN))),
        2001
    );
    assert_eq!(
        status(w.model.create_domain(&token, NewDomain::new(""))),
        15
    );
}

#[test]
fn directory_searches_cover_the_callers_domain_without_case() {
    let mut w = World::new();
    let alice = w.user("alice");
    w.model
        .create_user_by_user_id(
            &w.domain_token,
            NewUser::new("BobSmith").name("Robert", "Smith"),
        )
        .unwrap();
    w.model
        .create_user_by_phone_number(
            &w.domain_token,
            NewPhoneUser::new("3524096582", "US").name("Phone", "Person"),
        )
        .unwrap();
    let (other, other_token) = w.other_domain("other.kandy.io");
    w.user_in(&other, &other_token, "bobby");

    let ids = |entries: Vec<DirectoryEntry>| -> Vec<String> {
        entries.into_iter().map(|e| e.full_user_id).collect()
    };
    let found = w
        .model
        .search_directory_by_user_id(&alice.token, "bob")
        .unwrap();
    assert_eq!(ids(found), [format!("BobSmith@{DOMAIN}")]);
    let found = w
        .model
        .search_directory_by_name(&alice.token, "ROBERT")
        .unwrap();
    assert_eq!(found[0].user_last_name.as_deref(), Some("Smith"));
    let found = w
        .model
        .search_directory_by_phone_number(&alice.token, "4096")
        .unwrap();
    assert_eq!(ids(found), [format!("13524096582@{DOMAIN}")]);
    let found = w
        .model
        .search_directory_by_phone_number(&alice.token, "+1352")
        .unwrap();
    assert_eq!(found.len(), 1);
    assert!(
        w.model
            .search_directory_by_name(&alice.token, "zzz")
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        status(w.model.search_directory_by_name(&alice.token, "")),
        15
    );
}

#[test]
fn last_seen_answers_every_user_of_the_domain_asked_about() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    w.model.advance_clock(7);
    w.model.get_devices(&bob.token).unwrap();
    let seen_at = w.model.now_ms();
    w.model.advance_clock(3);
    let key = PresenceKey::User(alice.token.clone());
    let seen = w
        .model
        .get_last_seen(&key, &[bob.full_id.clone(), "alice".into()])
        .unwrap();
    assert_eq!(seen.server_timestamp, w.model.now_ms());
    assert_eq!(seen.users[0].full_user_id, bob.full_id);
    assert_eq!(seen.users[0].last_seen, seen_at);
    assert_eq!(seen.users[1].full_user_id, alice.full_id);
    assert_eq!(status(w.model.get_last_seen(&key, &[])), 16);
    assert_eq!(status(w.model.get_last_seen(&key, &["ghost".into()])), 53);
}

#[test]
fn a_verification_code_checks_valid_once_in_its_domain() {
    let mut w = World::new();
    w.model
        .send_verification_sms(&w.domain_token, "415 555 0100", "US")
        .unwrap();
    let sms = w.model.sms_outbox()[0].clone();
    assert_eq!(sms.destination, "+14155550100");
    assert_eq!((sms.sender, sms.device_id), (None, None));
    let code: String = sms.text.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(code.len(), 4);
    let (_, other_token) = w.other_domain("other.kandy.io");
    assert!(
        !w.model
            .check_verification_code(&other_token, &code)
            .unwrap()
    );
    assert!(
        w.model
            .check_verification_code(&w.domain_token, &code)
            .unwrap()
    );
    assert!(
        !w.model
            .check_verification_code(&w.domain_token, &code)
            .unwrap()
    );
    assert_eq!(
        status(w.model.check_verification_code(&w.domain_token, "")),
        15
    );
    assert_eq!(
        status(w.model.send_verification_sms(&w.domain_token, "12", "US")),
        16
    );
    assert_eq!(
        status(
            w.model
                .send_verification_sms(&w.domain_token, "4155550100", "QQ")
        ),
        54
    );
}

#[test]
fn personal_contacts_are_added_listed_and_deleted() {
    let mut w = World::new();
    let alice = w.user("alice");
    let mut contact = NewPersonalContact::new(format!("bob@{DOMAIN}"), "Bobby");
    contact.contact_email = Some("bob@example.com".into());
    let id = w
        .model
        .add_personal_contact(&alice.token, contact.clone())
        .unwrap();
    let listed = w.model.get_personal_contacts(&alice.token).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].contact_id, id);
    assert_eq!(listed[0].fields, contact);
    let json = serde_json::to_value(&listed[0]).unwrap();
    assert_eq!(json["contact_nickname"], "Bobby");
    let missing_nickname = NewPersonalContact::new("x@y", "");
    assert_eq!(
        status(w.model.add_personal_contact(&alice.token, missing_nickname)),
        15
    );
    w.model.delete_personal_contact(&alice.token, &id).unwrap();
    assert!(
        w.model
            .get_personal_contacts(&alice.token)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        status(w.model.delete_personal_contact(&alice.token, &id)),
        53
    );
    assert_eq!(
        status(
            w.model
                .delete_personal_contact(&alice.token, &ContactId::new(""))
        ),
        16
    );
}

#[test]
fn a_device_address_book_has_one_entry_per_number_with_hints() {
    let mut w = World::new();
    let alice = w.user("alice");
    w.model
        .create_user_by_phone_number(&w.domain_token, NewPhoneUser::new("3524096582", "US"))
        .unwrap();
    let upload = vec![
        NewDeviceContact::new(
            vec!["+1 352 409 6582".into(), "555-0000".into()],
            "Ann",
            "Lee",
        ),
        NewDeviceContact::new(vec!["3524096582".into()], "Same", "Number"),
    ];
    w.model
        .upload_device_address_book(&alice.token, &alice.device, upload)
        .unwrap();
    let book = w
        .model
        .get_device_address_book(&alice.token, &alice.device)
        .unwrap();
    let hints: Vec<_> = book
        .iter()
        .map(|c| (c.number.as_str(), c.hint_type.clone()))
        .collect();
    assert_eq!(
        hints,
        [
            ("+1 352 409 6582", HintType::Kandy),
            ("555-0000", HintType::None),
            ("3524096582", HintType::Kandy),
        ]
    );
    assert_eq!(book[0].first_name, "Ann");
    assert_eq!(book[0].device_id, alice.device);
    // Uploads append; delete empties.
    let more = vec![NewDeviceContact::new(vec!["1".into()], "", "")];
    w.model
        .upload_device_address_book(&alice.token, &alice.device, more)
        .unwrap();
    assert_eq!(
        w.model
            .get_device_address_book(&alice.token, &alice.device)
            .unwrap()
            .len(),
        4
    );
    w.model
        .delete_device_address_book(&alice.token, &alice.device)
        .unwrap();
    assert!(
        w.model
            .get_device_address_book(&alice.token, &alice.device)
            .unwrap()
            .is_empty()
    );
    let empty = w
        .model
        .upload_device_address_book(&alice.token, &alice.device, vec![]);
    assert_eq!(status(empty), 16);
    let no_numbers = vec![NewDeviceContact::new(vec![], "A", "B")];
    let refused = w
        .model
        .upload_device_address_book(&alice.token, &alice.device, no_numbers);
    assert_eq!(status(refused), 16);
}

#[test]
fn deleting_a_user_by_id_removes_devices_and_contacts_but_not_others() {
    let mut w = World::new();
    let alice = w.user("alice");
    let bob = w.user("bob");
    let deletion = UserDeletion::ByUserId {
        token: w.domain_token.clone(),
        user_id: "alice".into(),
    };
    w.model.delete_user(&deletion).unwrap();
    assert_eq!(w.model.device_queue(&alice.device), None);
    assert_eq!(status(w.model.delete_user(&deletion)), 53);
    let ids: Vec<_> = w
        .model
        .get_users(&w.domain_token)
        .unwrap()
        .into_iter()
        .map(|u| u.user_id)
        .collect();
    assert_eq!(ids, ["bob"]);
    assert!(w.model.device_queue(&bob.device).is_some());
    // The id is free again.
    let again = w.user("alice");
    assert_ne!(again.device, alice.device);
}
