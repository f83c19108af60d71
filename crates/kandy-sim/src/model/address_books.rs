//! Personal address books (#36–#38) and device address books with hints (#39, #80–#83).

use super::country_codes::calling_code;
use super::state::{AddressBookEntry, UserRef};
use super::views::{build, build_all};
use super::{Model, ModelError, validate};
use kandy_core::{
    ContactId, DeviceContact, DeviceId, NewDeviceContact, NewPersonalContact, PersonalContact,
    UserAccessToken,
};
use serde_json::{Value, json};
use std::collections::HashSet;

impl Model {
    /// #36: the user's personal contacts, in the order they were added.
    pub fn get_personal_contacts(
        &mut self,
        token: &UserAccessToken,
    ) -> Result<Vec<PersonalContact>, ModelError> {
        self.as_user(token, |m, who| {
            let mut views = Vec::new();
            for (id, contact) in &m.user(who)?.contacts {
                let mut view = serde_json::to_value(contact)
                    .map_err(|_| ModelError::internal("internal error: a contact"))?;
                if let Value::Object(fields) = &mut view {
                    fields.insert("contact_id".to_owned(), Value::String(id.clone()));
                }
                views.push(build(view)?);
            }
            Ok(views)
        })
    }

    /// #37: adds a personal contact; `contact_user_name` and `contact_nickname` are required.
    pub fn add_personal_contact(
        &mut self,
        token: &UserAccessToken,
        contact: NewPersonalContact,
    ) -> Result<ContactId, ModelError> {
        validate::required("contact_user_name", &contact.contact_user_name)?;
        validate::required("contact_nickname", &contact.contact_nickname)?;
        self.as_user(token, |m, who| {
            m.user(who)?;
            let id = m.fresh_id("", |m, v| {
                m.user(who).is_ok_and(|u| u.contacts.contains_key(v))
            });
            m.user_mut(who)?.contacts.insert(id.clone(), contact);
            Ok(ContactId::new(id))
        })
    }

    /// #38: deletes a personal contact (53 if the user has no such contact).
    pub fn delete_personal_contact(
        &mut self,
        token: &UserAccessToken,
        contact_id: &ContactId,
    ) -> Result<(), ModelError> {
        validate::id("contact_id", contact_id.as_str())?;
        self.as_user(token, |m, who| {
            m.user_mut(who)?
                .contacts
                .shift_remove(contact_id.as_str())
                .map(|_| ())
                .ok_or_else(|| {
                    ModelError::not_found(format!(
                        "the contact {} does not exist",
                        super::consistency::short(contact_id.as_str())
                    ))
                })
        })
    }

    /// #80: the device's address book; `hintType` is `kandy` for a number whose digits are a
    /// user's phone number (with or without its calling code) in the same domain.
    pub fn get_device_address_book(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
    ) -> Result<Vec<DeviceContact>, ModelError> {
        validate::id("device_id", device_id.as_str())?;
        self.as_user(token, |m, who| {
            m.own_device(who, device_id)?;
            m.address_book_views(who, Some(device_id), false)
        })
    }

    /// #39: the address books of all the user's devices, in device order, each entry with
    /// its device id and hint.
    pub fn get_user_device_address_books(
        &mut self,
        token: &UserAccessToken,
    ) -> Result<Vec<DeviceContact>, ModelError> {
        self.as_user(token, |m, who| m.address_book_views(who, None, false))
    }

    /// #83: the entries of the device's address book whose hint is `kandy`.
    pub fn get_device_address_book_hints(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
    ) -> Result<Vec<DeviceContact>, ModelError> {
        validate::id("device_id", device_id.as_str())?;
        self.as_user(token, |m, who| {
            m.own_device(who, device_id)?;
            m.address_book_views(who, Some(device_id), true)
        })
    }

    /// The entries of one device of `who` (or all of them), with hints; only the `kandy`
    /// ones with `only_hints`.
    fn address_book_views(
        &self,
        who: &UserRef,
        device_id: Option<&DeviceId>,
        only_hints: bool,
    ) -> Result<Vec<DeviceContact>, ModelError> {
        let mut phones = HashSet::new();
        for user in self.domain(&who.domain)?.users.values() {
            if let Some(phone) = &user.profile.phone_number {
                phones.insert(phone.clone());
                if let Some(code) = user.profile.country_code.as_deref().and_then(calling_code) {
                    phones.insert(format!("{code}{phone}"));
                }
            }
        }
        let devices = self
            .user(who)?
            .devices
            .iter()
            .filter(|(id, _)| device_id.is_none_or(|wanted| wanted.as_str() == id.as_str()));
        let mut entries = Vec::new();
        for (id, device) in devices {
            for entry in &device.address_book {
                let digits: String = entry.number.chars().filter(char::is_ascii_digit).collect();
                let kandy = phones.contains(&digits);
                if only_hints && !kandy {
                    continue;
                }
                entries.push(json!({
                    "number": entry.number,
                    "contactId": "",
                    "deviceId": id,
                    "firstName": entry.first_name,
                    "lastName": entry.last_name,
                    "hintType": if kandy { "kandy" } else { "none" },
                }));
            }
        }
        build_all(entries)
    }

    /// #81: appends contacts to the device's address book, one entry per number.
    pub fn upload_device_address_book(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
        contacts: Vec<NewDeviceContact>,
    ) -> Result<(), ModelError> {
        validate::id("device_id", device_id.as_str())?;
        validate::non_empty("contacts", &contacts)?;
        for contact in &contacts {
            validate::non_empty("numbers", &contact.numbers)?;
            for number in &contact.numbers {
                validate::id("a contact's number", number)?;
            }
        }
        self.as_user(token, |m, who| {
            let book = &mut m.device_mut(who, device_id)?.address_book;
            for contact in contacts {
                for number in contact.numbers {
                    book.push(AddressBookEntry {
                        number,
                        first_name: contact.first_name.clone(),
                        last_name: contact.last_name.clone(),
                    });
                }
            }
            Ok(())
        })
    }

    /// #82: empties the device's address book.
    pub fn delete_device_address_book(
        &mut self,
        token: &UserAccessToken,
        device_id: &DeviceId,
    ) -> Result<(), ModelError> {
        validate::id("device_id", device_id.as_str())?;
        self.as_user(token, |m, who| {
            m.device_mut(who, device_id)?.address_book.clear();
            Ok(())
        })
    }
}
