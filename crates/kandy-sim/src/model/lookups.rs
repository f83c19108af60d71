//! Lookups (#9, #18, #47, #49): a domain's limited details, the country codes, phone-number
//! normalization and the active billing packages. Nothing here changes the state but a
//! user's `last_seen`.

use super::country_codes::{self, Country};
use super::{Model, ModelError, validate};
use kandy_core::{
    BillingPackage, CountryCode, DomainAccessToken, LimitedDomainDetails, NormalizedPhoneNumber,
    UserAccessToken,
};

/// The one package every simulated domain has (#49), named after the live service's entry
/// plan.
const PACKAGE_NAME: &str = "Basic";

/// How far ahead of the clock the simulated next payment is: 30 days.
const BILLING_PERIOD_MS: u64 = 30 * 24 * 60 * 60 * 1000;

/// `YYYY-MM-DD` (UTC) of a time in ms since the epoch (the proleptic Gregorian calendar).
fn civil_date(ms: u64) -> String {
    let days = (ms / 86_400_000) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The country a `country_code` of #47 names: an ISO alpha-2 code (`US`), or a calling
/// code (`+1`, `1`), which names no single country (54 if unknown).
fn country_of(value: &str) -> Result<(Option<Country>, &'static str), ModelError> {
    if let Some(country) = country_codes::by_iso(value) {
        return Ok((Some(country), country.calling_code));
    }
    let calling_code =
        country_codes::calling_code(value).ok_or_else(|| ModelError::bad_country(value))?;
    Ok((None, calling_code))
}

/// The national significant number of `number` dialled in a country: spaces, dashes, dots
/// and parentheses dropped; `+` and the calling code, or the national trunk prefix, taken
/// off. 16 for anything but a phone number of that country.
fn national_number(
    number: &str,
    country: Option<Country>,
    calling_code: &str,
) -> Result<String, ModelError> {
    let invalid = || ModelError::invalid(format!("not a phone number of +{calling_code}"));
    let cleaned: String = number
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let (international, digits) = match cleaned.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let national = if international {
        digits.strip_prefix(calling_code).ok_or_else(invalid)?
    } else {
        let trunk = match country {
            Some(country) => country.trunk_prefix(),
            None if calling_code == "1" => "1",
            None => "0",
        };
        let plan_length = if calling_code == "1" { 11 } else { usize::MAX };
        match digits.strip_prefix(trunk) {
            Some(rest)
                if !trunk.is_empty() && (calling_code != "1" || digits.len() == plan_length) =>
            {
                rest
            }
            _ => digits,
        }
    };
    let fits = (4..=14).contains(&national.len()) && calling_code.len() + national.len() <= 15;
    let plan_ok = calling_code != "1" || national.len() == 10;
    if !fits || !plan_ok {
        return Err(invalid());
    }
    Ok(national.to_owned())
}

impl Model {
    /// #9: the token's domain's name, project and number of users, without any credential.
    pub fn get_domain_details_limited(
        &mut self,
        token: &DomainAccessToken,
    ) -> Result<LimitedDomainDetails, ModelError> {
        let name = self.domain_of(token)?;
        let domain = self.domain(&name)?;
        let mut details =
            LimitedDomainDetails::new(&name).with_number_of_users(domain.users.len() as u64);
        details.project_name = domain.project_name.clone();
        Ok(details)
    }

    /// #18: every country, or with `mcc` (three digits, 16 otherwise) the countries that
    /// mobile country code serves (none for an unassigned one).
    pub fn get_country_codes(
        &mut self,
        token: &DomainAccessToken,
        mcc: Option<&str>,
    ) -> Result<Vec<CountryCode>, ModelError> {
        let mcc = mcc.map(str::trim).filter(|mcc| !mcc.is_empty());
        if let Some(mcc) = mcc
            && !(mcc.len() == 3 && mcc.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(ModelError::invalid("MCC must be three digits"));
        }
        self.domain_of(token)?;
        let countries: Vec<Country> = match mcc {
            Some(mcc) => country_codes::by_mcc(mcc),
            None => country_codes::countries().collect(),
        };
        Ok(countries
            .into_iter()
            .map(|country| {
                CountryCode::new(country.iso)
                    .with_calling_code(country.calling_code)
                    .with_mcc(country.mccs().into_iter().map(str::to_owned).collect())
            })
            .collect())
    }

    /// #47: `phone_number` as dialled in `country_code`, in E.164 (`+14155550100`).
    pub fn normalize_phone_number(
        &mut self,
        token: &UserAccessToken,
        phone_number: &str,
        country_code: &str,
    ) -> Result<NormalizedPhoneNumber, ModelError> {
        validate::required("phone_number", phone_number)?;
        validate::required("country_code", country_code)?;
        let (country, calling_code) = country_of(country_code)?;
        let national = national_number(phone_number, country, calling_code)?;
        self.as_user(token, |_, _| {
            let mut normalized = NormalizedPhoneNumber::new(format!("+{calling_code}{national}"))
                .with_calling_code(calling_code);
            if let Some(country) = country {
                normalized = normalized.with_country_code(country.iso);
            }
            Ok(normalized)
        })
    }

    /// #49: the one simulated package of the user's domain, active, next paid 30 days from
    /// the simulator's clock.
    pub fn get_active_billing_packages(
        &mut self,
        token: &UserAccessToken,
    ) -> Result<Vec<BillingPackage>, ModelError> {
        self.as_user(token, |m, who| {
            let account = &m.domain(&who.domain)?.account;
            let number = m
                .state
                .accounts
                .get(account)
                .map_or_else(|| "00000000".to_owned(), |a| a.number.clone());
            let next = m.state.now_ms.saturating_add(BILLING_PERIOD_MS);
            Ok(vec![
                BillingPackage::new(PACKAGE_NAME)
                    .with_package_id(format!("{number}-basic"))
                    .with_package_status("active")
                    .with_next_recurring_payment(civil_date(next)),
            ])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_utc_days() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(1_420_070_400_000), "2015-01-01");
        assert_eq!(civil_date(951_782_400_000), "2000-02-29");
    }

    #[test]
    fn numbers_lose_their_punctuation_prefixes_and_trunk_prefix() {
        let us = country_codes::by_iso("US");
        let gb = country_codes::by_iso("GB");
        let it = country_codes::by_iso("IT");
        let national = |n, c, code| national_number(n, c, code).map_err(|e| e.status);
        assert_eq!(national("(415) 555-0100", us, "1"), Ok("4155550100".into()));
        assert_eq!(national("1 415 555 0100", us, "1"), Ok("4155550100".into()));
        assert_eq!(
            national("+1 415 555 0100", us, "1"),
            Ok("4155550100".into())
        );
        assert_eq!(national("020 7946 0018", gb, "44"), Ok("2079460018".into()));
        assert_eq!(national("06 1234 5678", it, "39"), Ok("0612345678".into()));
        for bad in [
            "415555010",
            "41555501000",
            "+44 20 7946 0018",
            "415-CALL-NOW",
            "+",
        ] {
            assert_eq!(national(bad, us, "1"), Err(16), "{bad}");
        }
        assert_eq!(national("123", gb, "44"), Err(16));
    }
}
