//! The accounts created at start: `--account`, `--account-file` and `KANDY_SIM_ACCOUNTS`.
//! Nothing here ever prints a key or a secret.

use kandy_sim::Simulator;
use std::path::{Path, PathBuf};

/// The environment variable holding accounts, separated by commas or white space.
pub const ACCOUNTS_ENV: &str = "KANDY_SIM_ACCOUNTS";

/// One `KEY:SECRET` and where it came from, for messages that name no secret.
#[derive(Debug)]
pub struct Account {
    origin: String,
    value: String,
}

/// Every account given: the flags first, then each file, then the environment.
pub fn gather(flags: &[String], files: &[PathBuf]) -> Result<Vec<Account>, String> {
    let mut accounts: Vec<Account> = flags
        .iter()
        .enumerate()
        .map(|(i, value)| Account {
            origin: format!("--account #{}", i + 1),
            value: value.clone(),
        })
        .collect();
    for file in files {
        accounts.extend(read_file(file)?);
    }
    if let Some(value) = std::env::var_os(ACCOUNTS_ENV) {
        let value = value
            .into_string()
            .map_err(|_| format!("{ACCOUNTS_ENV} is not UTF-8"))?;
        let entries = value.split(|c: char| c == ',' || c.is_whitespace());
        let entries = entries.filter(|entry| !entry.is_empty());
        accounts.extend(entries.enumerate().map(|(i, entry)| Account {
            origin: format!("{ACCOUNTS_ENV} entry #{}", i + 1),
            value: entry.to_owned(),
        }));
    }
    Ok(accounts)
}

/// The accounts of one file: a `KEY:SECRET` per line, blank lines and `#` comments skipped.
fn read_file(path: &Path) -> Result<Vec<Account>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the account file {}: {e}", path.display()))?;
    warn_if_shared(path);
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line.trim()));
    Ok(lines
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(n, line)| Account {
            origin: format!("{} line {n}", path.display()),
            value: line.to_owned(),
        })
        .collect())
}

/// Warns when users other than the owner may read or change an account file.
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(path) {
            let mode = metadata.permissions().mode();
            if mode & 0o077 != 0 {
                tracing::warn!(
                    "the account file {} is open to other users (mode {:o}); chmod 600 it",
                    path.display(),
                    mode & 0o777
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Creates each account; one already in the loaded state is kept as it is. How many were
/// created, and how many kept.
pub fn create(
    sim: &Simulator,
    accounts: &[Account],
    loaded: bool,
) -> Result<(usize, usize), String> {
    let (mut created, mut kept) = (0, 0);
    for account in accounts {
        let origin = &account.origin;
        let Some((key, secret)) = account.value.split_once(':') else {
            return Err(format!("{origin} is not KEY:SECRET"));
        };
        match sim.create_account_with(key.into(), secret.into()) {
            Ok(_) => created += 1,
            Err(e) if loaded && e.api_status() == Some(kandy_core::ApiStatus::ALREADY_EXISTS) => {
                tracing::info!("{origin} is already in the loaded state; kept as it is");
                kept += 1;
            }
            Err(e) => {
                let reason = e
                    .api_error()
                    .map_or_else(|| e.to_string(), |api| api.message.clone());
                return Err(format!("{origin} was refused: {reason}"));
            }
        }
    }
    Ok((created, kept))
}
