//! What a restored state must hold beyond its shape: references that resolve (group,
//! hunt-group and session members are users of their domain, tokens belong to what exists),
//! groups that have owners, counters ahead of the ids they count.
//!
//! [`check`] names the first problem found, in the state's own order, so the same bad
//! snapshot always gives the same message. Values that may be secrets (keys, tokens) are
//! never quoted; names (domains, users, groups, devices) are, cut to a short prefix.

use super::state::{Holder, State, UserRef};

/// The longest part of a name a problem quotes.
const QUOTED: usize = 40;

/// `name`, cut to [`QUOTED`] characters (with `…` when cut).
pub(crate) fn short(name: &str) -> String {
    match name.char_indices().nth(QUOTED) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_owned(),
    }
}

/// The first inconsistency of `state`, if any.
pub(crate) fn check(state: &State) -> Result<(), String> {
    // The next account is numbered one past the count: the numbers must be 1 to the count,
    // each once (in any order: a snapshot edited as a `serde_json::Value` comes back sorted).
    let count = state.accounts.len();
    let mut numbered = vec![false; count];
    for account in state.accounts.values() {
        let number = account
            .number
            .parse::<usize>()
            .ok()
            .filter(|n| account.number.len() == 8 && (1..=count).contains(n));
        match number {
            Some(n) if !numbered[n - 1] => numbered[n - 1] = true,
            _ => {
                return Err(format!(
                    "account number {} is not one of 00000001 to {count:08} used once \
                     (the next account would take {:08})",
                    short(&account.number),
                    count + 1
                ));
            }
        }
    }
    for (name, domain) in &state.domains {
        for (group_id, group) in &domain.groups {
            let group_named = || format!("group {} of domain {}", short(group_id), short(name));
            if group.members.is_empty() {
                return Err(format!("{} has no members", group_named()));
            }
            if let Some(member) = group
                .members
                .keys()
                .find(|m| !domain.users.contains_key(*m))
            {
                return Err(format!(
                    "{} has the member {}, who is not a user of the domain",
                    group_named(),
                    short(member)
                ));
            }
            if !group.members.values().any(|m| m.owner) {
                return Err(format!("{} has no owner", group_named()));
            }
        }
        let not_a_user = |what: String, user: &str| {
            format!(
                "{what} of domain {} names {}, who is not a user of the domain",
                short(name),
                short(user)
            )
        };
        for (hunt_name, hunt) in &domain.hunt_groups {
            let named = || format!("hunt group {}", short(hunt_name));
            if let Some(user) = hunt
                .users
                .iter()
                .chain(&hunt.admins)
                .find(|u| !domain.users.contains_key(*u))
            {
                return Err(not_a_user(named(), user));
            }
        }
        for (session_id, session) in &domain.sessions {
            let named = || format!("session {}", short(session_id));
            if let Some(user) = std::iter::once(&session.admin)
                .chain(session.participants.keys())
                .find(|u| !domain.users.contains_key(*u))
            {
                return Err(not_a_user(named(), user));
            }
        }
        for (user_id, user) in &domain.users {
            let next_send = state.next_send.get();
            let held = user.held.lock();
            let queues: Vec<_> = user.devices.values().map(|d| d.queue.lock()).collect();
            let queued = held.iter().chain(queues.iter().flat_map(|q| q.iter()));
            if queued.filter_map(|q| q.send).any(|send| send >= next_send) {
                return Err(format!(
                    "a message queued for {}@{} counts a send not made yet (next_send {})",
                    short(user_id),
                    short(name),
                    next_send
                ));
            }
        }
    }
    let next_send = state.next_send.get();
    if let Some(send) = state.remote_acks.lock().keys().find(|s| **s >= next_send) {
        return Err(format!(
            "the remote ack of send {send} names a send not made yet (next_send {next_send})"
        ));
    }
    for token in state.tokens.values() {
        let missing = match &token.holder {
            Holder::Account { account } => {
                (!state.accounts.contains_key(account)).then(|| "an unknown account".to_owned())
            }
            Holder::Domain { domain } => (!state.domains.contains_key(domain))
                .then(|| format!("the unknown domain {}", short(domain))),
            Holder::User(UserRef { domain, user }) => match state.domains.get(domain) {
                None => Some(format!("the unknown domain {}", short(domain))),
                Some(d) if !d.users.contains_key(user) => Some(format!(
                    "{}@{}, who is not a user",
                    short(user),
                    short(domain)
                )),
                Some(_) => None,
            },
        };
        if let Some(missing) = missing {
            return Err(format!("an access token belongs to {missing}"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut() {
        assert_eq!(short("abc"), "abc");
        let long = "x".repeat(100);
        assert_eq!(short(&long).chars().count(), QUOTED + 1);
    }
}
