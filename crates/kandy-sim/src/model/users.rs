//! Users of a domain (#10–#14, #17, #32). Every new user gets one default device.

use super::state::Map;
use super::state::{Device, Holder, Profile, User, UserRef};
use super::views::build;
use super::{Model, ModelError, validate};
use kandy_core::{
    AnonymousUser, DomainAccessToken, ExposeSecret, NewPhoneUser, NewUser, UserAccessToken,
    UserDeletion, UserPassword,
};
use serde_json::json;

/// Which secrets a view of a user shows.
#[derive(Clone, Copy)]
pub(crate) struct Show {
    keys: bool,
    password: bool,
}

impl Show {
    /// As created: keys, secret and password.
    pub(crate) const CREATED: Show = Show {
        keys: true,
        password: true,
    };
    /// As the domain sees it: keys and secret.
    pub(crate) const TO_DOMAIN: Show = Show {
        keys: true,
        password: false,
    };
    /// As the user sees itself (#32): no secrets.
    pub(crate) const LIMITED: Show = Show {
        keys: false,
        password: false,
    };
}

/// A password given at creation, if any (an empty one counts as none); 14 if it breaks the rule.
fn chosen_password(password: Option<UserPassword>) -> Result<Option<String>, ModelError> {
    let password = password
        .map(|p| p.expose_secret().to_owned())
        .filter(|p| !p.is_empty());
    if let Some(password) = &password {
        validate::password(password)?;
    }
    Ok(password)
}

impl Model {
    /// #10: creates a user by user id; 50 if the id is taken.
    pub fn create_user_by_user_id(
        &mut self,
        token: &DomainAccessToken,
        user: NewUser,
    ) -> Result<kandy_core::User, ModelError> {
        validate::user_id(&user.user_id)?;
        let password = chosen_password(user.user_password)?;
        let country_code = user.user_country_code.filter(|c| !c.trim().is_empty());
        if let Some(code) = &country_code {
            validate::country_code(code)?;
        }
        let domain = self.domain_of(token)?;
        if self.domain(&domain)?.users.contains_key(&user.user_id) {
            return Err(ModelError::exists(format!(
                "the user {}@{domain} already exists",
                user.user_id
            )));
        }
        let profile = Profile {
            first_name: user.user_first_name,
            last_name: user.user_last_name,
            email: user.user_email,
            phone_number: None,
            country_code,
            ..Profile::default()
        };
        let who = self.add_user(&domain, user.user_id, profile, password)?;
        self.user_view(&who, Show::CREATED)
    }

    /// #11: creates a user whose id is the calling code and the number (`13524096582`).
    pub fn create_user_by_phone_number(
        &mut self,
        token: &DomainAccessToken,
        user: NewPhoneUser,
    ) -> Result<kandy_core::User, ModelError> {
        let digits = validate::phone_number(&user.user_phone_number)?;
        let calling_code = validate::country_code(&user.user_country_code)?;
        let password = chosen_password(user.user_password)?;
        let domain = self.domain_of(token)?;
        let user_id = format!("{calling_code}{digits}");
        if self.domain(&domain)?.users.contains_key(&user_id) {
            return Err(ModelError::exists(format!(
                "a user with the phone number {user_id} already exists"
            )));
        }
        let profile = Profile {
            first_name: user.user_first_name,
            last_name: user.user_last_name,
            email: user.user_email,
            phone_number: Some(digits),
            country_code: Some(user.user_country_code),
            ..Profile::default()
        };
        let who = self.add_user(&domain, user_id, profile, password)?;
        self.user_view(&who, Show::CREATED)
    }

    /// #12: the domain's users in creation order, with their keys.
    pub fn get_users(
        &mut self,
        token: &DomainAccessToken,
    ) -> Result<Vec<kandy_core::User>, ModelError> {
        let domain = self.domain_of(token)?;
        self.domain(&domain)?
            .users
            .keys()
            .map(|user| {
                let who = UserRef {
                    domain: domain.clone(),
                    user: user.clone(),
                };
                self.user_view(&who, Show::TO_DOMAIN)
            })
            .collect()
    }

    /// #13: deletes a user with its devices, queues, tokens, contacts and group memberships.
    pub fn delete_user(&mut self, deletion: &UserDeletion) -> Result<(), ModelError> {
        let who = match deletion {
            UserDeletion::ByUserApiKey(key) => self
                .index
                .user_by_key
                .get(key.expose_secret())
                .cloned()
                .ok_or_else(|| ModelError::credentials("the user API key is unknown"))?,
            UserDeletion::ByUserId { token, user_id } => {
                let name = super::user_tokens::split_login(user_id)?;
                let domain = self.domain_of(token)?;
                self.login_user(&domain, name)?
            }
            UserDeletion::ByDomainAndUserApiKey {
                token,
                user_api_key,
            } => {
                validate::id("user_api_key", user_api_key.expose_secret())?;
                let domain = self.domain_of(token)?;
                let who = self
                    .index
                    .user_by_key
                    .get(user_api_key.expose_secret())
                    .cloned()
                    .ok_or_else(|| ModelError::not_found("no user has this API key"))?;
                if who.domain != domain {
                    return Err(ModelError::denied("the user belongs to another domain"));
                }
                who
            }
        };
        self.drop_user_sessions(&who);
        self.remove_user(&who);
        Ok(())
    }

    /// #14: the user of a user access token, as its domain sees it (11 for another domain's).
    pub fn get_user_details(
        &mut self,
        token: &DomainAccessToken,
        user_token: &UserAccessToken,
    ) -> Result<kandy_core::User, ModelError> {
        let domain = self.domain_of(token)?;
        let who = self.user_of(user_token)?;
        if who.domain != domain {
            return Err(ModelError::denied(
                "the user access token belongs to another domain",
            ));
        }
        self.user_view(&who, Show::TO_DOMAIN)
    }

    /// #17: creates an anonymous user (`anonymous` + 12 hex) and logs it in.
    pub fn create_anonymous_user(
        &mut self,
        token: &DomainAccessToken,
    ) -> Result<AnonymousUser, ModelError> {
        let domain = self.domain_of(token)?;
        self.check_room_for_user(&domain)?;
        let user_id = loop {
            let candidate = format!("anonymous{}", self.state.generator.hex_in("anonymous", 12));
            if !self.domain(&domain)?.users.contains_key(&candidate) {
                break candidate;
            }
        };
        let who = self.add_user(&domain, user_id, Profile::default(), None)?;
        let token = self.issue_token("UAT", Holder::User(who.clone()));
        build(json!({
            "user_name": who.user,
            "user_password": self.user(&who)?.password,
            "full_user_id": who.full_id(),
            "domain_name": who.domain,
            "user_access_token": token,
        }))
    }

    /// #32: the token's user, without secrets.
    pub fn get_limited_user_details(
        &mut self,
        token: &UserAccessToken,
    ) -> Result<kandy_core::User, ModelError> {
        self.as_user(token, |m, who| m.user_view(who, Show::LIMITED))
    }

    /// Adds a user with generated keys (and password, unless given) and a default device.
    pub(crate) fn add_user(
        &mut self,
        domain: &str,
        user_id: String,
        profile: Profile,
        password: Option<String>,
    ) -> Result<UserRef, ModelError> {
        self.check_room_for_user(domain)?;
        let api_key = self.fresh_id("UAK", |m, v| m.index.user_by_key.contains_key(v));
        let api_secret = format!("UAS{}", self.state.generator.hex32_in("UAS"));
        let password = match password {
            Some(password) => password,
            None => self.generate_password(),
        };
        let device_id = self.fresh_id("", |m, v| m.index.device_owner.contains_key(v));
        let who = UserRef {
            domain: domain.to_owned(),
            user: user_id.clone(),
        };
        let mut devices = Map::default();
        devices.insert(device_id.clone(), Device::default_device(self.state.now_ms));
        let user = User {
            api_key: api_key.clone(),
            api_secret,
            password,
            profile,
            last_seen: Default::default(),
            devices,
            held: Default::default(),
            contacts: Map::default(),
            names: Default::default(),
        };
        self.domain_mut(domain)?.users.insert(user_id, user);
        self.index.user_by_key.insert(api_key, who.clone());
        self.index
            .device_owner
            .insert(std::sync::Arc::from(device_id), who.clone());
        Ok(who)
    }

    /// Removes a user: devices and queues, tokens, contacts, and group memberships (a group
    /// left without owners gets its longest-standing member as owner; an empty one goes).
    fn remove_user(&mut self, who: &UserRef) {
        let Some(domain) = self.state.domains.get_mut(&who.domain) else {
            return;
        };
        let Some(user) = domain.users.shift_remove(&who.user) else {
            return;
        };
        for group in domain.groups.values_mut() {
            if group.members.shift_remove(&who.user).is_some() {
                group.settle();
            }
        }
        domain.groups.retain(|_, group| !group.members.is_empty());
        for hunt_group in domain.hunt_groups.values_mut() {
            hunt_group.users.retain(|user| *user != who.user);
            hunt_group.admins.retain(|admin| *admin != who.user);
        }
        self.index.user_by_key.remove(&user.api_key);
        for device in user.devices.keys() {
            self.index.device_owner.remove(device.as_str());
        }
        self.index.queued.sub(user.queued());
        let holder = Holder::User(who.clone());
        self.state.tokens.retain(|_, token| token.holder != holder);
        self.prune_remote_acks();
    }

    /// The user `name` (`user_id@domain` or a bare user id) denotes in `domain`, if any.
    pub(crate) fn named_user(&self, domain: &str, name: &str) -> Option<UserRef> {
        let user = match name.split_once('@') {
            Some((user, named)) if named == domain => user,
            Some(_) => return None,
            None => name,
        };
        let who = UserRef {
            domain: domain.to_owned(),
            user: user.to_owned(),
        };
        self.user(&who).ok()?;
        Some(who)
    }

    /// A user as a result of #10–#14 and #32.
    pub(crate) fn user_view(
        &self,
        who: &UserRef,
        show: Show,
    ) -> Result<kandy_core::User, ModelError> {
        let user = self.user(who)?;
        build(json!({
            "user_id": who.user,
            "full_user_id": who.full_id(),
            "domain_name": who.domain,
            "user_api_key": show.keys.then_some(&user.api_key),
            "user_api_secret": show.keys.then_some(&user.api_secret),
            "user_password": show.password.then_some(&user.password),
            "user_first_name": user.profile.first_name,
            "user_last_name": user.profile.last_name,
            "user_email": user.profile.email,
            "user_phone_number": user.profile.phone_number,
            "user_country_code": user.profile.country_code,
        }))
    }
}
