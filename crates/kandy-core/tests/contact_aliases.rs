//! `NewPersonalContact` reads the three spellings callers used for #37 (DECISIONS 21) and
//! writes only the `contact_*` one; a field given under two names is an error.

use kandy_core::NewPersonalContact;
use serde_json::{Value, json};

fn read(value: Value) -> Result<NewPersonalContact, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn full() -> Value {
    json!({
        "contact_user_name": "bob@example.kandy.io",
        "contact_nickname": "Bob",
        "contact_first_name": "Bob",
        "contact_last_name": "Builder",
        "contact_home_phone": "1",
        "contact_mobile_number": "2",
        "contact_business_number": "3",
        "contact_fax": "4",
        "contact_email": "bob@example.com",
    })
}

#[test]
fn kandy_js_camel_case_names_are_read_as_the_contact_names() {
    let contact = read(json!({
        "username": "bob@example.kandy.io",
        "nickname": "Bob",
        "firstName": "Bob",
        "lastName": "Builder",
        "homePhone": "1",
        "mobileNumber": "2",
        "businessPhone": "3",
        "fax": "4",
        "email": "bob@example.com",
    }))
    .unwrap();
    assert_eq!(serde_json::to_value(&contact).unwrap(), full());
}

#[test]
fn unprefixed_snake_case_names_are_read_as_the_contact_names() {
    for user_name in ["name", "user_name"] {
        let contact = read(json!({
            user_name: "bob@example.kandy.io",
            "nickname": "Bob",
            "first_name": "Bob",
            "last_name": "Builder",
            "home_phone": "1",
            "mobile_number": "2",
            "business_number": "3",
            "fax": "4",
            "email": "bob@example.com",
            // KAP adds a field no other caller knows: ignored.
            "image_id": null,
        }))
        .unwrap();
        assert_eq!(
            serde_json::to_value(&contact).unwrap(),
            full(),
            "{user_name}"
        );
    }
}

#[test]
fn nulls_of_optional_fields_are_absent_as_the_csharp_wrapper_sends_them() {
    let contact = read(json!({
        "name": "bob@example.kandy.io",
        "nickname": "Bob",
        "home_phone": null,
        "fax": null,
    }))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&contact).unwrap(),
        json!({"contact_user_name": "bob@example.kandy.io", "contact_nickname": "Bob"})
    );
}

#[test]
fn a_field_under_two_of_its_names_is_refused_not_picked() {
    let cases = [
        json!({"contact_user_name": "b@d", "contact_nickname": "B",
               "contact_first_name": "x", "firstName": "y"}),
        json!({"contact_user_name": "b@d", "contact_nickname": "B",
               "firstName": "x", "first_name": "y"}),
        json!({"contact_user_name": "b@d", "username": "c@d", "contact_nickname": "B"}),
        json!({"name": "b@d", "username": "c@d", "contact_nickname": "B"}),
        json!({"contact_user_name": "b@d", "nickname": "B", "contact_nickname": "C"}),
        json!({"contact_user_name": "b@d", "contact_nickname": "B",
               "contact_business_number": "1", "businessPhone": "2"}),
    ];
    for value in cases {
        let error = read(value.clone()).unwrap_err();
        assert!(
            error.starts_with("duplicate field `contact_"),
            "{value}: {error}"
        );
    }
}
