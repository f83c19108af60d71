//! Domains and domain access tokens (#3–#8).

use super::auth::Scope;
use super::state::Map;
use super::state::{Domain, Holder};
use super::views::build;
use super::{Model, ModelError, validate};
use kandy_core::{
    AccountAccessToken, CreatedDomain, DomainAccessToken, DomainApiKey, DomainApiSecret,
    DomainDetailsKey, ExposeSecret, NewDomain,
};
use serde_json::json;

impl Model {
    /// #3: creates a domain of the token's account; a taken name is 2001.
    pub fn create_domain(
        &mut self,
        token: &AccountAccessToken,
        domain: NewDomain,
    ) -> Result<CreatedDomain, ModelError> {
        validate::domain_name(&domain.domain_name)?;
        let account = self.account_of(token)?;
        if self.state.domains.contains_key(&domain.domain_name) {
            return Err(ModelError::domain_taken(&domain.domain_name));
        }
        let api_key = self.fresh_id("DAK", |m, v| m.index.domain_by_key.contains_key(v));
        let api_secret = format!("DAS{}", self.state.generator.hex32_in("DAS"));
        let created = build(json!({
            "domain_api_key": api_key,
            "domain_api_secret": api_secret,
            "domain_name": domain.domain_name,
            "project_name": domain.project_name,
        }))?;
        self.index
            .domain_by_key
            .insert(api_key.clone(), domain.domain_name.clone());
        self.state.domains.insert(
            domain.domain_name,
            Domain {
                account,
                api_key,
                api_secret,
                project_name: domain.project_name,
                users: Map::default(),
                groups: Map::default(),
                verification_codes: Vec::new(),
                sessions: Default::default(),
                hunt_groups: Map::default(),
                content: Map::default(),
            },
        );
        Ok(created)
    }

    /// #4: the token's account's domains, in creation order, with their secrets.
    pub fn get_domains(
        &mut self,
        token: &AccountAccessToken,
    ) -> Result<Vec<kandy_core::Domain>, ModelError> {
        let account = self.account_of(token)?;
        self.state
            .domains
            .iter()
            .filter(|(_, domain)| domain.account == account)
            .map(|(name, _)| self.domain_view(name, true))
            .collect()
    }

    /// #5: deletes a domain of the token's account with everything in it.
    pub fn delete_domain(
        &mut self,
        token: &AccountAccessToken,
        domain_api_key: &DomainApiKey,
    ) -> Result<(), ModelError> {
        validate::id("domain_api_key", domain_api_key.expose_secret())?;
        let account = self.account_of(token)?;
        let name = self
            .index
            .domain_by_key
            .get(domain_api_key.expose_secret())
            .cloned()
            .ok_or_else(|| ModelError::not_found("no domain has this API key"))?;
        if self.domain(&name)?.account != account {
            return Err(ModelError::denied("the domain belongs to another account"));
        }
        self.remove_domain(&name);
        Ok(())
    }

    /// #6: a domain's details (without its secret), in either authentication form.
    pub fn get_limited_domain_detail(
        &mut self,
        key: &DomainDetailsKey,
    ) -> Result<kandy_core::Domain, ModelError> {
        let name = match key {
            DomainDetailsKey::Token {
                token,
                domain_api_key,
            } => {
                validate::id("domain_api_key", domain_api_key.expose_secret())?;
                let name = self.domain_of(token)?;
                match self.index.domain_by_key.get(domain_api_key.expose_secret()) {
                    None => return Err(ModelError::not_found("no domain has this API key")),
                    Some(named) if *named != name => {
                        return Err(ModelError::denied(
                            "the domain API key names another domain",
                        ));
                    }
                    Some(_) => name,
                }
            }
            DomainDetailsKey::Secret {
                api_key,
                api_secret,
                token,
            } => {
                let name = self.domain_by_secret(api_key, api_secret)?;
                if self.domain_of(token)? != name {
                    return Err(ModelError::denied(
                        "the domain access token belongs to another domain",
                    ));
                }
                name
            }
        };
        self.domain_view(&name, false)
    }

    /// #7: a new domain access token.
    pub fn get_domain_access_token(
        &mut self,
        api_key: &DomainApiKey,
        api_secret: &DomainApiSecret,
    ) -> Result<DomainAccessToken, ModelError> {
        let domain = self.domain_by_secret(api_key, api_secret)?;
        let token = self.issue_token("DAT", Holder::Domain { domain });
        Ok(DomainAccessToken::new(token))
    }

    /// #8: revokes a domain access token of this domain (11 for another domain's).
    pub fn delete_domain_access_token(
        &mut self,
        api_key: &DomainApiKey,
        api_secret: &DomainApiSecret,
        token: &DomainAccessToken,
    ) -> Result<(), ModelError> {
        let domain = self.domain_by_secret(api_key, api_secret)?;
        let held = self.revocable_token(token.expose_secret(), Scope::Domain)?;
        if held.holder != (Holder::Domain { domain }) {
            return Err(ModelError::denied(
                "the access token belongs to another domain",
            ));
        }
        self.state.tokens.swap_remove(token.expose_secret());
        Ok(())
    }

    /// A domain as `get_domains` (with its secret) or `get_limited_domain_detail` shows it.
    fn domain_view(&self, name: &str, with_secret: bool) -> Result<kandy_core::Domain, ModelError> {
        let domain = self.domain(name)?;
        let account_number = self
            .state
            .accounts
            .get(&domain.account)
            .map(|account| account.number.clone());
        build(json!({
            "domain_api_key": domain.api_key,
            "domain_api_secret": with_secret.then_some(&domain.api_secret),
            "domain_name": name,
            "project_name": domain.project_name,
            "account_number": account_number,
            "number_of_users": domain.users.len(),
        }))
    }

    /// Removes a domain, its users with their devices, and every token of the domain.
    fn remove_domain(&mut self, name: &str) {
        let Some(domain) = self.state.domains.shift_remove(name) else {
            return;
        };
        self.index.domain_by_key.remove(&domain.api_key);
        for user in domain.users.values() {
            self.index.user_by_key.remove(&user.api_key);
            for device in user.devices.keys() {
                self.index.device_owner.remove(device.as_str());
            }
            self.index.queued.sub(user.queued());
        }
        self.state
            .tokens
            .retain(|_, token| token.holder.domain() != Some(name));
        self.prune_remote_acks();
    }
}
