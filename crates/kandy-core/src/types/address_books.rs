//! Personal address books (#36–#38) and device address books (#80–#82).

use crate::ids::{ContactId, DeviceId};
use serde::{Deserialize, Serialize};

/// The fields of a personal contact, as the plugins send them (`contact_*`), which is also the
/// form it is answered in.
///
/// Reading one also accepts, for each field, the camelCase name of kandy.js's documentation and
/// the unprefixed snake_case of the C# and Python wrappers (DECISIONS 21): `username` /
/// `user_name` / `name`, `nickname`, `firstName` / `first_name`, `lastName` / `last_name`,
/// `homePhone` / `home_phone`, `mobileNumber` / `mobile_number`, `businessPhone` /
/// `business_number`, `fax`, `email`. A field given under two of its names fails to
/// deserialize (serde's duplicate-field error) rather than one being picked silently.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewPersonalContact {
    /// The contact's `full_user_id` (required); also read as `username`, `user_name`, `name`.
    #[serde(alias = "username", alias = "user_name", alias = "name")]
    pub contact_user_name: String,
    /// A nickname (required by the plugins' forms); also read as `nickname`.
    #[serde(alias = "nickname")]
    pub contact_nickname: String,
    /// First name; also read as `firstName`, `first_name`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "firstName",
        alias = "first_name"
    )]
    pub contact_first_name: Option<String>,
    /// Last name; also read as `lastName`, `last_name`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "lastName",
        alias = "last_name"
    )]
    pub contact_last_name: Option<String>,
    /// Home phone; also read as `homePhone`, `home_phone`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "homePhone",
        alias = "home_phone"
    )]
    pub contact_home_phone: Option<String>,
    /// Mobile number; also read as `mobileNumber`, `mobile_number`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "mobileNumber",
        alias = "mobile_number"
    )]
    pub contact_mobile_number: Option<String>,
    /// Business number; also read as `businessPhone`, `business_number`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "businessPhone",
        alias = "business_number"
    )]
    pub contact_business_number: Option<String>,
    /// Fax; also read as `fax`.
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "fax")]
    pub contact_fax: Option<String>,
    /// E-mail; also read as `email`.
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "email")]
    pub contact_email: Option<String>,
}

impl NewPersonalContact {
    /// A contact for `full_user_id` with a nickname.
    pub fn new(full_user_id: impl Into<String>, nickname: impl Into<String>) -> Self {
        Self {
            contact_user_name: full_user_id.into(),
            contact_nickname: nickname.into(),
            ..Self::default()
        }
    }
}

/// A personal contact in `get_personal_contacts` (#36).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PersonalContact {
    /// The contact's id.
    pub contact_id: ContactId,
    /// The rest of the contact.
    #[serde(flatten)]
    pub fields: NewPersonalContact,
}

/// The result of `add_personal_contact` (#37): `{"contact_id": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedContact {
    /// The new contact's id.
    pub contact_id: ContactId,
}

/// A contact uploaded to a device's address book (#81); one entry per number results.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewDeviceContact {
    /// Phone numbers.
    pub numbers: Vec<String>,
    /// First name.
    #[serde(rename = "firstName", default)]
    pub first_name: String,
    /// Last name.
    #[serde(rename = "lastName", default)]
    pub last_name: String,
}

impl NewDeviceContact {
    /// A contact with these numbers and names.
    pub fn new(
        numbers: Vec<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> Self {
        Self {
            numbers,
            first_name: first_name.into(),
            last_name: last_name.into(),
        }
    }
}

/// Whether a device contact's number belongs to a Kandy user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HintType {
    /// The number is a user of the same domain.
    Kandy,
    /// It is not.
    None,
}

/// An entry of a device's address book (#80); camelCase on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceContact {
    /// The phone number.
    pub number: String,
    /// The contact id (often empty).
    #[serde(default)]
    pub contact_id: String,
    /// The device whose book this is.
    pub device_id: DeviceId,
    /// First name.
    #[serde(default)]
    pub first_name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: String,
    /// `kandy` when the number is a user of the domain, else `none`.
    pub hint_type: HintType,
}

impl NewPersonalContact {
    /// Sets the first name.
    pub fn first_name(mut self, first_name: impl Into<String>) -> Self {
        self.contact_first_name = Some(first_name.into());
        self
    }

    /// Sets the last name.
    pub fn last_name(mut self, last_name: impl Into<String>) -> Self {
        self.contact_last_name = Some(last_name.into());
        self
    }

    /// Sets the home phone.
    pub fn home_phone(mut self, home_phone: impl Into<String>) -> Self {
        self.contact_home_phone = Some(home_phone.into());
        self
    }

    /// Sets the mobile number.
    pub fn mobile_number(mut self, mobile_number: impl Into<String>) -> Self {
        self.contact_mobile_number = Some(mobile_number.into());
        self
    }

    /// Sets the business number.
    pub fn business_number(mut self, business_number: impl Into<String>) -> Self {
        self.contact_business_number = Some(business_number.into());
        self
    }

    /// Sets the fax.
    pub fn fax(mut self, fax: impl Into<String>) -> Self {
        self.contact_fax = Some(fax.into());
        self
    }

    /// Sets the e-mail address.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.contact_email = Some(email.into());
        self
    }
}

impl PersonalContact {
    /// The stored contact `contact_id` with these fields (built with
    /// [`NewPersonalContact::new`] and its setters).
    pub fn new(contact_id: ContactId, fields: NewPersonalContact) -> Self {
        Self { contact_id, fields }
    }
}

impl DeviceContact {
    /// The entry for `number` in the book of `device_id`, with no contact id and no names.
    pub fn new(number: impl Into<String>, device_id: DeviceId, hint_type: HintType) -> Self {
        Self {
            number: number.into(),
            contact_id: String::new(),
            device_id,
            first_name: String::new(),
            last_name: String::new(),
            hint_type,
        }
    }

    /// Sets the contact id.
    pub fn with_contact_id(mut self, contact_id: impl Into<String>) -> Self {
        self.contact_id = contact_id.into();
        self
    }

    /// Sets the first name.
    pub fn with_first_name(mut self, first_name: impl Into<String>) -> Self {
        self.first_name = first_name.into();
        self
    }

    /// Sets the last name.
    pub fn with_last_name(mut self, last_name: impl Into<String>) -> Self {
        self.last_name = last_name.into();
        self
    }
}
