//! A user's devices (endpoints #33–#35).

use crate::ids::DeviceId;
use serde::{Deserialize, Serialize};

/// The body of `create_device` (#34). Only `device_native_id` is required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NewDevice {
    /// The device's own id (IMEI, vendor id...).
    pub device_native_id: String,
    /// The device family, e.g. `"iphone"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_family: Option<String>,
    /// A display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
    /// The client software version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_sw_version: Option<String>,
    /// The operating system version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_os_version: Option<String>,
}

impl NewDevice {
    /// A device with this native id and nothing else set.
    pub fn new(device_native_id: impl Into<String>) -> Self {
        Self {
            device_native_id: device_native_id.into(),
            device_family: None,
            device_name: None,
            client_sw_version: None,
            device_os_version: None,
        }
    }

    /// Sets the family.
    pub fn family(mut self, family: impl Into<String>) -> Self {
        self.device_family = Some(family.into());
        self
    }

    /// Sets the display name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.device_name = Some(name.into());
        self
    }
}

/// A device in `get_devices` (#33).
///
/// Decodes both the live field names (`id`, `nativeID`, `family`, `name`, `osVersion`,
/// `clientVersion`) and the seed's (`device_id`, `device_native_id`, ...); encodes `id` and
/// `device_id` both, with the seed's names for the rest.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "DeviceWire")]
#[non_exhaustive]
pub struct Device {
    /// The device id, used by every `devices/*` call.
    pub id: DeviceId,
    /// The device's own id.
    pub device_native_id: Option<String>,
    /// The device family.
    pub device_family: Option<String>,
    /// The display name.
    pub device_name: Option<String>,
    /// The client software version.
    pub client_sw_version: Option<String>,
    /// The operating system version.
    pub device_os_version: Option<String>,
    /// When the device was registered (ms since the epoch), where the server says.
    pub registration_timestamp: Option<u64>,
}

impl Device {
    /// A device with this id and nothing else known.
    pub fn new(id: DeviceId) -> Self {
        Self {
            id,
            device_native_id: None,
            device_family: None,
            device_name: None,
            client_sw_version: None,
            device_os_version: None,
            registration_timestamp: None,
        }
    }

    /// Sets the device's own id (IMEI, vendor id...).
    pub fn with_native_id(mut self, native_id: impl Into<String>) -> Self {
        self.device_native_id = Some(native_id.into());
        self
    }

    /// Sets the device family, e.g. `"iphone"`.
    pub fn with_family(mut self, family: impl Into<String>) -> Self {
        self.device_family = Some(family.into());
        self
    }

    /// Sets the display name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.device_name = Some(name.into());
        self
    }

    /// Sets the client software version.
    pub fn with_client_sw_version(mut self, version: impl Into<String>) -> Self {
        self.client_sw_version = Some(version.into());
        self
    }

    /// Sets the operating system version.
    pub fn with_os_version(mut self, version: impl Into<String>) -> Self {
        self.device_os_version = Some(version.into());
        self
    }

    /// Sets when the device was registered (ms since the epoch).
    pub fn with_registration_timestamp(mut self, timestamp: u64) -> Self {
        self.registration_timestamp = Some(timestamp);
        self
    }
}

/// Encodes through [`DeviceView`], which borrows every field (nothing is cloned).
impl Serialize for Device {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DeviceView {
            id: self.id.as_str(),
            device_native_id: self.device_native_id.as_deref(),
            device_family: self.device_family.as_deref(),
            device_name: self.device_name.as_deref(),
            client_sw_version: self.client_sw_version.as_deref(),
            device_os_version: self.device_os_version.as_deref(),
            registration_timestamp: self.registration_timestamp,
        }
        .serialize(serializer)
    }
}

/// A [`Device`] borrowed from wherever its fields live, encoded exactly as [`Device`] is
/// (`id` and `device_id` both, the seed's names for the rest, absent fields left out): a
/// server can write devices without copying them. Encoding cannot fail on its own; only the
/// writer's errors are returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceView<'a> {
    /// The device id (encoded as `id` and as `device_id`).
    pub id: &'a str,
    /// The device's own id.
    pub device_native_id: Option<&'a str>,
    /// The device family.
    pub device_family: Option<&'a str>,
    /// The display name.
    pub device_name: Option<&'a str>,
    /// The client software version.
    pub client_sw_version: Option<&'a str>,
    /// The operating system version.
    pub device_os_version: Option<&'a str>,
    /// When the device was registered (ms since the epoch).
    pub registration_timestamp: Option<u64>,
}

impl Serialize for DeviceView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        EncodedDevice {
            id: self.id,
            device_id: self.id,
            device_native_id: self.device_native_id,
            device_family: self.device_family,
            device_name: self.device_name,
            client_sw_version: self.client_sw_version,
            device_os_version: self.device_os_version,
            registration_timestamp: self.registration_timestamp,
        }
        .serialize(serializer)
    }
}

/// The encoded form of a device, in its field order.
#[derive(Serialize)]
struct EncodedDevice<'a> {
    id: &'a str,
    device_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_native_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_family: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_sw_version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    device_os_version: Option<&'a str>,
    #[serde(
        rename = "registrationTimestamp",
        serialize_with = "crate::wire::opt_number::serialize",
        skip_serializing_if = "Option::is_none"
    )]
    registration_timestamp: Option<u64>,
}

/// What a [`Device`] is decoded from: the live names or the seed's.
#[derive(Deserialize)]
struct DeviceWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<DeviceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_id: Option<DeviceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_native_id: Option<String>,
    #[serde(default, rename = "nativeID", skip_serializing)]
    native_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_family: Option<String>,
    #[serde(default, skip_serializing)]
    family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_name: Option<String>,
    #[serde(default, skip_serializing)]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    client_sw_version: Option<String>,
    #[serde(default, rename = "clientVersion", skip_serializing)]
    client_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    device_os_version: Option<String>,
    #[serde(default, rename = "osVersion", skip_serializing)]
    os_version: Option<String>,
    #[serde(
        default,
        rename = "registrationTimestamp",
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    registration_timestamp: Option<u64>,
}

impl TryFrom<DeviceWire> for Device {
    type Error = &'static str;

    fn try_from(w: DeviceWire) -> Result<Self, Self::Error> {
        Ok(Device {
            id: w
                .id
                .or(w.device_id)
                .ok_or("a device needs `id` or `device_id`")?,
            device_native_id: w.device_native_id.or(w.native_id),
            device_family: w.device_family.or(w.family),
            device_name: w.device_name.or(w.name),
            client_sw_version: w.client_sw_version.or(w.client_version),
            device_os_version: w.device_os_version.or(w.os_version),
            registration_timestamp: w.registration_timestamp,
        })
    }
}

/// The result of `create_device`: `{"device_id": ...}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedDevice {
    /// The new device's id.
    pub device_id: DeviceId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_live_and_seed_field_names() {
        let live: Device = serde_json::from_str(
            r#"{"id":"a1","nativeID":"n","family":"iphone","name":"x","osVersion":"8","clientVersion":"1","registrationTimestamp":"12"}"#,
        )
        .unwrap();
        let seed: Device = serde_json::from_str(
            r#"{"device_id":"a1","device_native_id":"n","device_family":"iphone","device_name":"x","device_os_version":"8","client_sw_version":"1","registrationTimestamp":12}"#,
        )
        .unwrap();
        assert_eq!(live, seed);
        assert_eq!(live.id.as_str(), "a1");
    }

    #[test]
    fn encodes_both_id_names() {
        let json = serde_json::to_value(Device::new(DeviceId::new("d1"))).unwrap();
        assert_eq!(json["id"], "d1");
        assert_eq!(json["device_id"], "d1");
        let back: Device = serde_json::from_value(json).unwrap();
        assert_eq!(back.id.as_str(), "d1");
    }

    #[test]
    fn encodes_every_field_borrowed_in_the_seed_order_and_decodes_back() {
        let device = Device::new(DeviceId::new("d1"))
            .with_native_id("n")
            .with_family("iphone")
            .with_name("x \"y\"")
            .with_client_sw_version("1")
            .with_os_version("8")
            .with_registration_timestamp(12);
        let json = serde_json::to_string(&device).unwrap();
        assert_eq!(
            json,
            r#"{"id":"d1","device_id":"d1","device_native_id":"n","device_family":"iphone","device_name":"x \"y\"","client_sw_version":"1","device_os_version":"8","registrationTimestamp":12}"#
        );
        assert_eq!(serde_json::from_str::<Device>(&json).unwrap(), device);
        assert_eq!(
            serde_json::to_string(&Device::new(DeviceId::new("d2"))).unwrap(),
            r#"{"id":"d2","device_id":"d2"}"#
        );
    }

    #[test]
    fn a_device_without_an_id_is_refused() {
        assert!(serde_json::from_str::<Device>(r#"{"name":"x"}"#).is_err());
    }
}
