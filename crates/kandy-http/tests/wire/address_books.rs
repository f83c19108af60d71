//! #36–#39 and #80–#83.

use crate::support::*;
use kandy_core::{ContactId, DeviceId, HintType, KandyApi, NewDeviceContact, NewPersonalContact};
use serde_json::json;

#[tokio::test]
async fn get_personal_contacts_36() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/addressbooks/personal").query(&[("key", UAT)]),
        success(
            json!({"contacts": [{"contact_id": "c1", "contact_user_name": "ann@d.com",
                                     "contact_nickname": "Annie", "contact_email": "ann@x.com"}]}),
        ),
    )
    .await;
    let contacts = w.ok(w.client.get_personal_contacts(uat()).await).await;
    assert_eq!(contacts[0].contact_id, ContactId::new("c1"));
    assert_eq!(contacts[0].fields.contact_user_name, "ann@d.com");
    assert_eq!(
        contacts[0].fields.contact_email.as_deref(),
        Some("ann@x.com")
    );
}

#[tokio::test]
async fn add_personal_contact_37() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("users/addressbooks/personal")
            .query(&[("key", UAT)])
            .body(
                json!({"contact": {"contact_user_name": "ann@d.com", "contact_nickname": "Annie"}}),
            ),
        success(json!({"contact_id": "c1"})),
    )
    .await;
    let contact = NewPersonalContact::new("ann@d.com", "Annie");
    let id = w
        .ok(w.client.add_personal_contact(uat(), contact).await)
        .await;
    assert_eq!(id, ContactId::new("c1"));
}

#[tokio::test]
async fn delete_personal_contact_38() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("users/addressbooks/personal").query(&[("key", UAT), ("contact_id", "c1")]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .delete_personal_contact(uat(), ContactId::new("c1"))
        .await)
        .await;
}

#[tokio::test]
async fn get_device_address_book_80() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("devices/addressbooks").query(&[("key", UAT), ("device_id", DEVICE)]),
        success(
            json!({"contacts": [{"number": "+14055671234", "contactId": "", "deviceId": DEVICE,
                                     "firstName": "John", "lastName": "Doe", "hintType": "none"}]}),
        ),
    )
    .await;
    let book = w
        .ok(w
            .client
            .get_device_address_book(uat(), DeviceId::new(DEVICE))
            .await)
        .await;
    assert_eq!(book[0].number, "+14055671234");
    assert_eq!(book[0].hint_type, HintType::None);
    assert_eq!(book[0].device_id.as_str(), DEVICE);
}

#[tokio::test]
async fn upload_device_address_book_81() {
    let w = Wire::start().await;
    w.expect(
        Expect::post("devices/addressbooks")
            .query(&[("key", UAT), ("device_id", DEVICE)])
            .body(json!({"contacts": [{"numbers": ["123456789"], "firstName": "First", "lastName": "Last"}]})),
        done("success"),
    )
    .await;
    let contacts = vec![NewDeviceContact::new(
        vec!["123456789".into()],
        "First",
        "Last",
    )];
    w.ok(w
        .client
        .upload_device_address_book(uat(), DeviceId::new(DEVICE), contacts)
        .await)
        .await;
}

#[tokio::test]
async fn delete_device_address_book_82() {
    let w = Wire::start().await;
    w.expect(
        Expect::delete("devices/addressbooks").query(&[("key", UAT), ("device_id", DEVICE)]),
        done("success"),
    )
    .await;
    w.ok(w
        .client
        .delete_device_address_book(uat(), DeviceId::new(DEVICE))
        .await)
        .await;
}

fn hinted_book() -> serde_json::Value {
    success(json!({"contacts": [
        {"number": "+14055671234", "contactId": "", "deviceId": DEVICE,
         "firstName": "John", "lastName": "Doe", "hintType": "kandy"}
    ]}))
}

#[tokio::test]
async fn get_user_device_address_books_39_sends_no_device_id() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("users/addressbooks/device").query(&[("key", UAT)]),
        hinted_book(),
    )
    .await;
    let book = w
        .ok(w.client.get_user_device_address_books(uat()).await)
        .await;
    assert_eq!(book[0].device_id.as_str(), DEVICE);
    assert_eq!(book[0].hint_type, HintType::Kandy);
}

#[tokio::test]
async fn get_device_address_book_hints_83() {
    let w = Wire::start().await;
    w.expect(
        Expect::get("devices/addressbooks/hints").query(&[("key", UAT), ("device_id", DEVICE)]),
        hinted_book(),
    )
    .await;
    let hints = w
        .ok(w
            .client
            .get_device_address_book_hints(uat(), DeviceId::new(DEVICE))
            .await)
        .await;
    assert_eq!(hints[0].first_name, "John");
    assert_eq!(hints[0].hint_type, HintType::Kandy);
}
