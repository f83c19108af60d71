//! Lookups: a domain's limited details (#9), country codes (#18), phone-number normalization
//! (#47), rollover groups (#48) and the active billing packages (#49).
//!
//! kandy.js calls them all and passes each `result` on unread, except #48, whose
//! `group.group_policy` and `group.agents[].agent_contact(_type)` it reads; the KandyAPIPython
//! wrapper adds #18's `MCC` filter. Every other result shape here is the SDK's choice,
//! documented on its type, kept close to the neighbouring endpoints.

use serde::{Deserialize, Deserializer, Serialize};

/// A domain's limited details (#9, key = a domain access token): `result.domain` with the
/// name and no credential, like #32's `result.user` for users (a bare object is read too).
///
/// The SDK's choice: no caller reads the result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LimitedDomainDetails {
    /// The domain name.
    pub domain_name: String,
    /// The project name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
    /// How many users the domain has (a string or a number on the wire).
    #[serde(
        default,
        with = "crate::wire::opt_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub number_of_users: Option<u64>,
}

impl LimitedDomainDetails {
    /// The details of `domain_name`, nothing else known.
    pub fn new(domain_name: impl Into<String>) -> Self {
        Self {
            domain_name: domain_name.into(),
            project_name: None,
            number_of_users: None,
        }
    }

    /// Sets the project name.
    pub fn with_project_name(mut self, project_name: impl Into<String>) -> Self {
        self.project_name = Some(project_name.into());
        self
    }

    /// Sets the number of users.
    pub fn with_number_of_users(mut self, number_of_users: u64) -> Self {
        self.number_of_users = Some(number_of_users);
        self
    }
}

/// A country in `get_country_codes` (#18): `result.country_codes`, every country or, with
/// an `MCC`, the ones that mobile country code belongs to.
///
/// The SDK's choice: the ISO 3166 alpha-2 code users are created with (`US`), its ITU
/// calling code, and its mobile country codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CountryCode {
    /// The ISO 3166 alpha-2 code, e.g. `US` (what `user_country_code` takes).
    pub country_code: String,
    /// The calling code without `+`, e.g. `1` (a string or a number on the wire).
    #[serde(
        default,
        with = "super::lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub calling_code: Option<String>,
    /// The country's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_name: Option<String>,
    /// Its mobile country codes (E.212), e.g. `["310", "311"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mcc: Vec<String>,
}

impl CountryCode {
    /// The country `country_code`, nothing else known.
    pub fn new(country_code: impl Into<String>) -> Self {
        Self {
            country_code: country_code.into(),
            calling_code: None,
            country_name: None,
            mcc: Vec::new(),
        }
    }

    /// Sets the calling code.
    pub fn with_calling_code(mut self, calling_code: impl Into<String>) -> Self {
        self.calling_code = Some(calling_code.into());
        self
    }

    /// Sets the name.
    pub fn with_country_name(mut self, country_name: impl Into<String>) -> Self {
        self.country_name = Some(country_name.into());
        self
    }

    /// Sets the mobile country codes.
    pub fn with_mcc(mut self, mcc: Vec<String>) -> Self {
        self.mcc = mcc;
        self
    }
}

/// A phone number normalized by `normalize_phone_number` (#47): E.164, with the country it
/// was read in.
///
/// The SDK's choice: `result` is `{"phone_number": "+14155550100", "country_code": "US",
/// "calling_code": "1"}`; `normalized_phone_number` is read as `phone_number`, and a bare
/// string `result` as the number alone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NormalizedPhoneNumber {
    /// The number in E.164 form: `+`, the calling code, the national number.
    pub phone_number: String,
    /// The country's ISO 3166 alpha-2 code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// The calling code without `+`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calling_code: Option<String>,
}

impl NormalizedPhoneNumber {
    /// The number `phone_number` (E.164), nothing else known.
    pub fn new(phone_number: impl Into<String>) -> Self {
        Self {
            phone_number: phone_number.into(),
            country_code: None,
            calling_code: None,
        }
    }

    /// Sets the country code.
    pub fn with_country_code(mut self, country_code: impl Into<String>) -> Self {
        self.country_code = Some(country_code.into());
        self
    }

    /// Sets the calling code.
    pub fn with_calling_code(mut self, calling_code: impl Into<String>) -> Self {
        self.calling_code = Some(calling_code.into());
        self
    }
}

impl<'de> Deserialize<'de> for NormalizedPhoneNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            #[serde(alias = "normalized_phone_number")]
            phone_number: String,
            #[serde(default)]
            country_code: Option<String>,
            #[serde(default, with = "super::lenient::opt_text")]
            calling_code: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Bare(String),
            Fields(Fields),
        }
        Ok(match Either::deserialize(d)? {
            Either::Bare(phone_number) => Self::new(phone_number),
            Either::Fields(f) => Self {
                phone_number: f.phone_number,
                country_code: f.country_code,
                calling_code: f.calling_code,
            },
        })
    }
}

/// An agent of a rollover group: whom kandy.js calls, in turn, when the group is called.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RolloverAgent {
    /// A phone number or a Kandy user's `full_user_id`.
    pub agent_contact: String,
    /// `pstn` for a phone number (kandy.js then places a PSTN call), anything else a Kandy
    /// user (the SDK's choice of value there: `kandy`).
    pub agent_contact_type: String,
}

impl RolloverAgent {
    /// An agent reached at `contact`, of `contact_type` (`pstn` or `kandy`).
    pub fn new(contact: impl Into<String>, contact_type: impl Into<String>) -> Self {
        Self {
            agent_contact: contact.into(),
            agent_contact_type: contact_type.into(),
        }
    }

    /// Whether kandy.js would place a PSTN call to this agent.
    pub fn is_pstn(&self) -> bool {
        self.agent_contact_type == "pstn"
    }
}

/// A rollover group (#48, `result.group`): what a user's client needs to call a hunt group
/// (#21) agent by agent. kandy.js reads `group_policy` (it dials `roundrobin` only) and
/// `agents`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RolloverGroup {
    /// The group's name (the SDK's choice: the hunt group's `huntgroup_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    /// How calls are distributed, e.g. `roundrobin` (the hunt group's type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_policy: Option<String>,
    /// The agents, in calling order.
    #[serde(default)]
    pub agents: Vec<RolloverAgent>,
}

impl RolloverGroup {
    /// A group with this policy and agents.
    pub fn new(group_policy: impl Into<String>, agents: Vec<RolloverAgent>) -> Self {
        Self {
            group_name: None,
            group_policy: Some(group_policy.into()),
            agents,
        }
    }

    /// Sets the name.
    pub fn with_group_name(mut self, group_name: impl Into<String>) -> Self {
        self.group_name = Some(group_name.into());
        self
    }
}

/// A billing package in `get_active_billing_packages` (#49): `result.packages`.
///
/// The SDK's choice (kandy.js passes the result on unread): a name, an id, a status, and the
/// next billing date in the form of the domain's `next_recurring_payment` (#4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BillingPackage {
    /// The package's name, e.g. `Basic`.
    pub package_name: String,
    /// The package's id.
    #[serde(
        default,
        with = "super::lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub package_id: Option<String>,
    /// Its status (`active` for every package #49 lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_status: Option<String>,
    /// The next billing date, e.g. `2015-01-19`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_recurring_payment: Option<String>,
}

impl BillingPackage {
    /// A package of this name, nothing else known.
    pub fn new(package_name: impl Into<String>) -> Self {
        Self {
            package_name: package_name.into(),
            package_id: None,
            package_status: None,
            next_recurring_payment: None,
        }
    }

    /// Sets the id.
    pub fn with_package_id(mut self, package_id: impl Into<String>) -> Self {
        self.package_id = Some(package_id.into());
        self
    }

    /// Sets the status.
    pub fn with_package_status(mut self, package_status: impl Into<String>) -> Self {
        self.package_status = Some(package_status.into());
        self
    }

    /// Sets the next billing date.
    pub fn with_next_recurring_payment(mut self, date: impl Into<String>) -> Self {
        self.next_recurring_payment = Some(date.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_normalized_number_reads_the_object_its_alias_and_a_bare_string() {
        let full: NormalizedPhoneNumber = serde_json::from_value(
            json!({"phone_number": "+14155550100", "country_code": "US", "calling_code": 1}),
        )
        .unwrap();
        assert_eq!(full.calling_code.as_deref(), Some("1"));
        let alias: NormalizedPhoneNumber =
            serde_json::from_value(json!({"normalized_phone_number": "+1415"})).unwrap();
        assert_eq!(alias, NormalizedPhoneNumber::new("+1415"));
        let bare: NormalizedPhoneNumber = serde_json::from_value(json!("+1415")).unwrap();
        assert_eq!(bare.phone_number, "+1415");
        assert!(serde_json::from_value::<NormalizedPhoneNumber>(json!({"x": 1})).is_err());
    }

    #[test]
    fn a_rollover_group_reads_what_kandy_js_reads() {
        let group: RolloverGroup = serde_json::from_value(json!({
            "group_policy": "roundrobin",
            "agents": [{"agent_contact": "+14155550100", "agent_contact_type": "pstn"},
                       {"agent_contact": "bob@d.com", "agent_contact_type": "kandy"}]
        }))
        .unwrap();
        assert!(group.agents[0].is_pstn() && !group.agents[1].is_pstn());
        assert_eq!(group.group_policy.as_deref(), Some("roundrobin"));
    }

    #[test]
    fn country_codes_and_packages_take_numbers_as_text() {
        let country: CountryCode = serde_json::from_value(
            json!({"country_code": "US", "calling_code": 1, "mcc": ["310"]}),
        )
        .unwrap();
        assert_eq!(
            country,
            CountryCode::new("US")
                .with_calling_code("1")
                .with_mcc(vec!["310".into()])
        );
        let package: BillingPackage =
            serde_json::from_value(json!({"package_name": "Basic", "package_id": 7})).unwrap();
        assert_eq!(package.package_id.as_deref(), Some("7"));
        let domain: LimitedDomainDetails =
            serde_json::from_value(json!({"domain_name": "d.com", "number_of_users": "41"}))
                .unwrap();
        assert_eq!(domain.number_of_users, Some(41));
    }
}
