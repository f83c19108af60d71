//! Personal and device address books (#36–#39, #80–#83).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_personal_contacts(
        &self,
        token: UserAccessToken,
    ) -> Result<Vec<PersonalContact>> {
        self.call(
            &op::GET_PERSONAL_CONTACTS,
            token.expose_secret(),
            None,
            |m| m.get_personal_contacts(&token),
        )
    }

    pub(in crate::simulator) async fn add_personal_contact(
        &self,
        token: UserAccessToken,
        contact: NewPersonalContact,
    ) -> Result<ContactId> {
        self.call(
            &op::ADD_PERSONAL_CONTACT,
            token.expose_secret(),
            None,
            |m| m.add_personal_contact(&token, contact),
        )
    }

    pub(in crate::simulator) async fn delete_personal_contact(
        &self,
        token: UserAccessToken,
        contact_id: ContactId,
    ) -> Result<()> {
        self.call(
            &op::DELETE_PERSONAL_CONTACT,
            token.expose_secret(),
            None,
            |m| m.delete_personal_contact(&token, &contact_id),
        )
    }

    pub(in crate::simulator) async fn get_user_device_address_books(
        &self,
        token: UserAccessToken,
    ) -> Result<Vec<DeviceContact>> {
        self.call(
            &op::GET_USER_DEVICE_ADDRESS_BOOKS,
            token.expose_secret(),
            None,
            |m| m.get_user_device_address_books(&token),
        )
    }

    pub(in crate::simulator) async fn get_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<Vec<DeviceContact>> {
        self.call(
            &op::GET_DEVICE_ADDRESS_BOOK,
            token.expose_secret(),
            Some(&device_id),
            |m| m.get_device_address_book(&token, &device_id),
        )
    }

    pub(in crate::simulator) async fn upload_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        contacts: Vec<NewDeviceContact>,
    ) -> Result<()> {
        self.call(
            &op::UPLOAD_DEVICE_ADDRESS_BOOK,
            token.expose_secret(),
            Some(&device_id),
            |m| m.upload_device_address_book(&token, &device_id, contacts),
        )
    }

    pub(in crate::simulator) async fn delete_device_address_book(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<()> {
        self.call(
            &op::DELETE_DEVICE_ADDRESS_BOOK,
            token.expose_secret(),
            Some(&device_id),
            |m| m.delete_device_address_book(&token, &device_id),
        )
    }

    pub(in crate::simulator) async fn get_device_address_book_hints(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
    ) -> Result<Vec<DeviceContact>> {
        self.call(
            &op::GET_DEVICE_ADDRESS_BOOK_HINTS,
            token.expose_secret(),
            Some(&device_id),
            |m| m.get_device_address_book_hints(&token, &device_id),
        )
    }
}
