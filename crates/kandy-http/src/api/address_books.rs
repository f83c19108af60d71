//! Personal address book (#36–#38) and device address books (#39, #80–#83).

use crate::call::Call;
use kandy_core::operation::{
    ADD_PERSONAL_CONTACT, DELETE_DEVICE_ADDRESS_BOOK, DELETE_PERSONAL_CONTACT,
    GET_DEVICE_ADDRESS_BOOK, GET_DEVICE_ADDRESS_BOOK_HINTS, GET_PERSONAL_CONTACTS,
    GET_USER_DEVICE_ADDRESS_BOOKS, UPLOAD_DEVICE_ADDRESS_BOOK,
};
use kandy_core::{
    ContactId, DeviceContact, DeviceId, NewDeviceContact, NewPersonalContact, PersonalContact,
    UserAccessToken,
};
use serde::Serialize;

/// The body of #37: `{"contact": {...}}`.
#[derive(Serialize)]
struct ContactBody {
    contact: NewPersonalContact,
}

/// The body of #81: `{"contacts": [...]}`.
#[derive(Serialize)]
struct ContactsBody {
    contacts: Vec<NewDeviceContact>,
}

/// #36 `GET users/addressbooks/personal?key=UAT`: `result.contacts`.
pub(super) fn get_personal_contacts(token: UserAccessToken) -> Call<Vec<PersonalContact>> {
    Call::new(&GET_PERSONAL_CONTACTS, &token).reads_field("contacts")
}

/// #37 `POST users/addressbooks/personal?key=UAT`, body `{"contact":{contact_*...}}`:
/// `result.contact_id`.
pub(super) fn add_personal_contact(
    token: UserAccessToken,
    contact: NewPersonalContact,
) -> Call<ContactId> {
    Call::new(&ADD_PERSONAL_CONTACT, &token)
        .body(&ContactBody { contact })
        .reads_field("contact_id")
}

/// #38 `DELETE users/addressbooks/personal?key=UAT&contact_id=…`.
pub(super) fn delete_personal_contact(token: UserAccessToken, contact_id: ContactId) -> Call<()> {
    Call::new(&DELETE_PERSONAL_CONTACT, &token).query("contact_id", contact_id.as_str())
}

/// #39 `GET users/addressbooks/device?key=UAT` (no `device_id`, as kandy.js sends it):
/// `result.contacts`, every device's entries (the SDK's choice: #80's entries, each with its
/// `deviceId`).
pub(super) fn get_user_device_address_books(token: UserAccessToken) -> Call<Vec<DeviceContact>> {
    Call::new(&GET_USER_DEVICE_ADDRESS_BOOKS, &token).reads_field("contacts")
}

/// #80 `GET devices/addressbooks?key=UAT&device_id=…`: `result.contacts`.
pub(super) fn get_device_address_book(
    token: UserAccessToken,
    device_id: DeviceId,
) -> Call<Vec<DeviceContact>> {
    Call::new(&GET_DEVICE_ADDRESS_BOOK, &token)
        .query("device_id", device_id.as_str())
        .reads_field("contacts")
}

/// #81 `POST devices/addressbooks?key=UAT&device_id=…`, body
/// `{"contacts":[{numbers, firstName, lastName}]}`.
pub(super) fn upload_device_address_book(
    token: UserAccessToken,
    device_id: DeviceId,
    contacts: Vec<NewDeviceContact>,
) -> Call<()> {
    Call::new(&UPLOAD_DEVICE_ADDRESS_BOOK, &token)
        .query("device_id", device_id.as_str())
        .body(&ContactsBody { contacts })
}

/// #82 `DELETE devices/addressbooks?key=UAT&device_id=…`.
pub(super) fn delete_device_address_book(token: UserAccessToken, device_id: DeviceId) -> Call<()> {
    Call::new(&DELETE_DEVICE_ADDRESS_BOOK, &token).query("device_id", device_id.as_str())
}

/// #83 `GET devices/addressbooks/hints?key=UAT&device_id=…`: `result.contacts`, the entries
/// of #80 whose number is a user's (the SDK's choice of shape: #80's).
pub(super) fn get_device_address_book_hints(
    token: UserAccessToken,
    device_id: DeviceId,
) -> Call<Vec<DeviceContact>> {
    Call::new(&GET_DEVICE_ADDRESS_BOOK_HINTS, &token)
        .query("device_id", device_id.as_str())
        .reads_field("contacts")
}
