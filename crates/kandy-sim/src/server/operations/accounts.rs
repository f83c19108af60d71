//! Accounts and their domains (#1–#6).

use crate::server::call::Call;
use crate::server::reply::{Outcome, Success};
use kandy_core::{DomainDetailsKey, KandyApi, NewDomain};

pub(super) async fn get_account_access_token(c: &Call<'_>) -> Outcome {
    let token = c.done(
        c.api
            .get_account_access_token(c.key()?, c.typed("account_api_secret")?)
            .await,
    )?;
    Success::field("account_access_token", &token)
}

pub(super) async fn delete_account_access_token(c: &Call<'_>) -> Outcome {
    c.done(
        c.api
            .delete_account_access_token(
                c.key()?,
                c.typed("account_api_secret")?,
                c.typed("account_access_token")?,
            )
            .await,
    )?;
    Ok(Success::plain())
}

pub(super) async fn create_domain(c: &Call<'_>) -> Outcome {
    let domain: NewDomain = c.body()?;
    let created = c.done(c.api.create_domain(c.key()?, domain).await)?;
    Success::object(&created)
}

pub(super) async fn get_domains(c: &Call<'_>) -> Outcome {
    let domains = c.done(c.api.get_domains(c.key()?).await)?;
    Success::field("domains", &domains)
}

pub(super) async fn delete_domain(c: &Call<'_>) -> Outcome {
    c.done(
        c.api
            .delete_domain(c.key()?, c.typed("domain_api_key")?)
            .await,
    )?;
    Ok(Success::deleted("Domain Deleted"))
}

/// Form (b) when the key is a domain API key (`DAK…`) or the form-(b) parameters are given;
/// form (a) otherwise.
pub(super) async fn get_limited_domain_detail(c: &Call<'_>) -> Outcome {
    let key = c.raw_key()?;
    let secret_form = if key.starts_with("DAK") {
        true
    } else if key.starts_with("DAT") {
        false
    } else {
        c.has("domain_api_secret") || c.has("domain_access_token")
    };
    let form = if secret_form {
        DomainDetailsKey::Secret {
            api_key: key.into(),
            api_secret: c.needed("domain_api_secret")?,
            token: c.needed("domain_access_token")?,
        }
    } else {
        DomainDetailsKey::Token {
            token: key.into(),
            domain_api_key: c.needed("domain_api_key")?,
        }
    };
    let domain = c.done(c.api.get_limited_domain_detail(form).await)?;
    Success::field("domain", &domain)
}
