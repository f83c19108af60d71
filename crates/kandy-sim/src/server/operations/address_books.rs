//! Personal address books (#36–#38) and device address books (#39, #80–#83).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{KandyApi, NewDeviceContact, NewPersonalContact};
use serde::Deserialize;

/// `{"contact": {...}}`.
#[derive(Deserialize)]
struct ContactBody {
    contact: NewPersonalContact,
}

/// `{"contacts": [{"numbers": [...], "firstName", "lastName"}]}`.
#[derive(Deserialize)]
struct UploadBody {
    contacts: Vec<NewDeviceContact>,
}

pub(super) async fn get_personal_contacts(c: &Call<'_>) -> Outcome {
    let contacts = c.done(c.api.get_personal_contacts(c.key()?).await)?;
    Success::field("contacts", &contacts)
}

pub(super) async fn add_personal_contact(c: &Call<'_>) -> Outcome {
    let body: ContactBody = c.body()?;
    let contact_id = c.done(c.api.add_personal_contact(c.key()?, body.contact).await)?;
    Success::field("contact_id", &contact_id)
}

pub(super) async fn delete_personal_contact(c: &Call<'_>) -> Outcome {
    c.done(
        c.api
            .delete_personal_contact(c.key()?, c.typed("contact_id")?)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn get_device_address_book(c: &Call<'_>) -> Outcome {
    let contacts = c.done(
        c.api
            .get_device_address_book(c.key()?, c.typed("device_id")?)
            .await,
    )?;
    Success::field("contacts", &contacts)
}

pub(super) async fn upload_device_address_book(c: &Call<'_>) -> Outcome {
    let body: UploadBody = c.body()?;
    c.done(
        c.api
            .upload_device_address_book(c.key()?, c.typed("device_id")?, body.contacts)
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn delete_device_address_book(c: &Call<'_>) -> Outcome {
    c.done(
        c.api
            .delete_device_address_book(c.key()?, c.typed("device_id")?)
            .await,
    )?;
    Ok(Success::plain())
}

/// #39: a `device_id` in the query (KAP sends one) is accepted and ignored: the answer is
/// every device's.
pub(super) async fn get_user_device_address_books(c: &Call<'_>) -> Outcome {
    let contacts = c.done(c.api.get_user_device_address_books(c.key()?).await)?;
    Success::field("contacts", &contacts)
}

pub(super) async fn get_device_address_book_hints(c: &Call<'_>) -> Outcome {
    let contacts = c.done(
        c.api
            .get_device_address_book_hints(c.key()?, c.typed("device_id")?)
            .await,
    )?;
    Success::field("contacts", &contacts)
}
