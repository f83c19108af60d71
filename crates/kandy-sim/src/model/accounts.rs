//! Accounts (made outside the API) and account access tokens (#1, #2).

use super::auth::Scope;
use super::state::{Account, Holder};
use super::{Model, ModelError};
use kandy_core::{AccountAccessToken, AccountApiKey, AccountApiSecret, ExposeSecret};

/// An account's API key and secret, as the portal gave them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountCredentials {
    /// The account API key (`AAK…`).
    pub api_key: AccountApiKey,
    /// The account API secret (`AAS…`).
    pub api_secret: AccountApiSecret,
}

/// Whether `value` is `prefix` and 1 to 64 ASCII letters or digits.
fn well_formed(value: &str, prefix: &str) -> bool {
    value.strip_prefix(prefix).is_some_and(|rest| {
        (1..=64).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

impl Model {
    /// Creates an account with a generated key (`AAK…`) and secret (`AAS…`).
    pub fn create_account(&mut self) -> AccountCredentials {
        let api_key = self.fresh_id("AAK", |m, v| m.state.accounts.contains_key(v));
        let api_secret = format!("AAS{}", self.state.generator.hex32_in("AAS"));
        self.add_account(api_key, api_secret)
    }

    /// Creates an account with the given key and secret: `AAK` / `AAS` and 1 to 64 ASCII
    /// letters or digits (16 otherwise); a key already used is 50.
    pub fn create_account_with(
        &mut self,
        api_key: &AccountApiKey,
        api_secret: &AccountApiSecret,
    ) -> Result<AccountCredentials, ModelError> {
        let (key, secret) = (api_key.expose_secret(), api_secret.expose_secret());
        if !well_formed(key, "AAK") || !well_formed(secret, "AAS") {
            return Err(ModelError::invalid(
                "an account key is AAK and a secret AAS, each followed by 1 to 64 letters or digits",
            ));
        }
        if self.state.accounts.contains_key(key) {
            return Err(ModelError::exists("the account API key already exists"));
        }
        Ok(self.add_account(key.to_owned(), secret.to_owned()))
    }

    fn add_account(&mut self, api_key: String, api_secret: String) -> AccountCredentials {
        let number = format!("{:08}", self.state.accounts.len() + 1);
        self.state.accounts.insert(
            api_key.clone(),
            Account {
                api_secret: api_secret.clone(),
                number,
            },
        );
        AccountCredentials {
            api_key: AccountApiKey::new(api_key),
            api_secret: AccountApiSecret::new(api_secret),
        }
    }

    /// The account of a key and secret (55 if either is wrong).
    fn account_by_secret(
        &self,
        api_key: &AccountApiKey,
        api_secret: &AccountApiSecret,
    ) -> Result<String, ModelError> {
        let account = self
            .state
            .accounts
            .get(api_key.expose_secret())
            .ok_or_else(|| ModelError::credentials("the account API key is unknown"))?;
        if account.api_secret != api_secret.expose_secret() {
            return Err(ModelError::credentials("the account API secret is wrong"));
        }
        Ok(api_key.expose_secret().to_owned())
    }

    /// #1: a new account access token.
    pub fn get_account_access_token(
        &mut self,
        api_key: &AccountApiKey,
        api_secret: &AccountApiSecret,
    ) -> Result<AccountAccessToken, ModelError> {
        let account = self.account_by_secret(api_key, api_secret)?;
        let token = self.issue_token("AAT", Holder::Account { account });
        Ok(AccountAccessToken::new(token))
    }

    /// #2: revokes an account access token of this account (11 for another account's).
    pub fn delete_account_access_token(
        &mut self,
        api_key: &AccountApiKey,
        api_secret: &AccountApiSecret,
        token: &AccountAccessToken,
    ) -> Result<(), ModelError> {
        let account = self.account_by_secret(api_key, api_secret)?;
        let held = self.revocable_token(token.expose_secret(), Scope::Account)?;
        if held.holder != (Holder::Account { account }) {
            return Err(ModelError::denied(
                "the access token belongs to another account",
            ));
        }
        self.state.tokens.swap_remove(token.expose_secret());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_given_by_hand_are_checked() {
        let mut model = Model::default();
        let made = model
            .create_account_with(&"AAKtest1".into(), &"AASsecret1".into())
            .unwrap();
        assert_eq!(made.api_key.expose_secret(), "AAKtest1");
        let taken = model
            .create_account_with(&"AAKtest1".into(), &"AASother".into())
            .unwrap_err();
        assert_eq!(taken.status, 50);
        for (key, secret) in [("DAKx", "AASx"), ("AAK", "AASx"), ("AAKx", "AAS x")] {
            let error = model
                .create_account_with(&key.into(), &secret.into())
                .unwrap_err();
            assert_eq!(error.status, 16, "{key} {secret}");
        }
    }

    #[test]
    fn generated_accounts_have_prefixed_hex_keys() {
        let mut model = Model::default();
        let account = model.create_account();
        let key = account.api_key.expose_secret();
        assert!(key.starts_with("AAK") && key.len() == 35);
        assert!(account.api_secret.expose_secret().starts_with("AAS"));
    }
}
