//! The world as the dashboard (`/_sim/ui/`) lists it: one kind of record at a time, searched
//! and paginated here, under the model's lock, so a state of many users answers a page at
//! the cost of one scan and never copies the whole state. Secrets never leave: keys, secrets
//! and tokens are masked (their prefix and last four characters); a token row names its
//! token by a [`token_id`](super::token_id) that [`Model::reveal_token`] takes.

use super::Model;
use super::state::{Holder, ParticipantState, UserRef};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The most rows one page holds.
pub const MAX_WORLD_PAGE: usize = 200;

/// A kind of record of the world.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorldKind {
    /// Accounts, in creation order.
    Accounts,
    /// Domains.
    Domains,
    /// Users of every domain.
    Users,
    /// Devices of every user.
    Devices,
    /// Chat groups, with owners, members and mutes.
    Groups,
    /// Access tokens (masked), with scope, holder and expiry.
    Tokens,
    /// Hunt groups, with users and admins.
    HuntGroups,
    /// Sessions, with admin and participants.
    Sessions,
    /// Personal address books' contacts (#36), by user.
    Contacts,
    /// Device address books' entries (#80), by device.
    AddressBooks,
}

impl WorldKind {
    /// Every kind, in the dashboard's order.
    pub const ALL: [WorldKind; 10] = [
        WorldKind::Accounts,
        WorldKind::Domains,
        WorldKind::Users,
        WorldKind::Devices,
        WorldKind::Groups,
        WorldKind::Tokens,
        WorldKind::HuntGroups,
        WorldKind::Sessions,
        WorldKind::Contacts,
        WorldKind::AddressBooks,
    ];
}

/// One page of one kind of record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorldPage {
    /// The kind listed.
    pub kind: WorldKind,
    /// How many records match the search (all pages).
    pub total: usize,
    /// The index of the first row among them.
    pub offset: usize,
    /// At most [`MAX_WORLD_PAGE`] rows, as JSON objects.
    pub rows: Vec<Value>,
    /// How many records of every kind the world holds, whatever the search.
    pub counts: Vec<(WorldKind, usize)>,
    /// The simulator's clock (ms), to judge expiries by.
    pub now_ms: u64,
}

/// `AAK…1a2b`: the prefix and the last four characters only.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 10 {
        return "…".to_owned();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// A token holder's scope and name as the dashboard shows them: `user@domain`, the domain's
/// name, or the account's number.
pub(crate) fn holder_label(s: &super::state::State, holder: &Holder) -> (&'static str, String) {
    match holder {
        Holder::Account { account } => {
            let number = s.accounts.get(account).map(|a| a.number.as_str());
            ("account", number.unwrap_or("?").to_owned())
        }
        Holder::Domain { domain } => ("domain", domain.clone()),
        Holder::User(UserRef { domain, user }) => ("user", format!("{user}@{domain}")),
    }
}

/// Whether any of `fields` holds `needle` (already lowercase), ignoring case.
fn hit(needle: &str, fields: &[&str]) -> bool {
    needle.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(needle))
}

impl Model {
    /// How many records of each kind the world holds.
    pub fn world_counts(&self) -> Vec<(WorldKind, usize)> {
        let s = &self.state;
        let users = || s.domains.values().flat_map(|d| d.users.values());
        let count = |kind| match kind {
            WorldKind::Accounts => s.accounts.len(),
            WorldKind::Domains => s.domains.len(),
            WorldKind::Users => s.domains.values().map(|d| d.users.len()).sum(),
            WorldKind::Devices => users().map(|u| u.devices.len()).sum(),
            WorldKind::Groups => s.domains.values().map(|d| d.groups.len()).sum(),
            WorldKind::Tokens => s.tokens.len(),
            WorldKind::HuntGroups => s.domains.values().map(|d| d.hunt_groups.len()).sum(),
            WorldKind::Sessions => s.domains.values().map(|d| d.sessions.len()).sum(),
            WorldKind::Contacts => users().map(|u| u.contacts.len()).sum(),
            WorldKind::AddressBooks => users()
                .flat_map(|u| u.devices.values())
                .map(|d| d.address_book.len())
                .sum(),
        };
        WorldKind::ALL.iter().map(|&k| (k, count(k))).collect()
    }

    /// The records of `kind` holding `search` (ignoring case) in a name or id, from `offset`,
    /// at most `limit` (capped at [`MAX_WORLD_PAGE`]). Never fails: past the end is empty.
    pub fn world_page(
        &self,
        kind: WorldKind,
        search: &str,
        offset: usize,
        limit: usize,
    ) -> WorldPage {
        let needle = search.trim().to_lowercase();
        let limit = limit.min(MAX_WORLD_PAGE);
        let rows = self.world_rows(kind, &needle);
        let mut total = 0;
        let mut page = Vec::new();
        for row in rows {
            if total >= offset && page.len() < limit {
                page.push(row());
            }
            total += 1;
        }
        WorldPage {
            kind,
            total,
            offset,
            rows: page,
            counts: self.world_counts(),
            now_ms: self.state.now_ms,
        }
    }

    /// The matching rows of a kind, each built only when it is on the page.
    fn world_rows<'a>(
        &'a self,
        kind: WorldKind,
        needle: &'a str,
    ) -> Box<dyn Iterator<Item = Box<dyn FnOnce() -> Value + 'a>> + 'a> {
        let s = &self.state;
        let now = s.now_ms;
        match kind {
            WorldKind::Accounts => Box::new(
                s.accounts
                    .iter()
                    .filter(move |(_, a)| hit(needle, &[&a.number]))
                    .map(move |(key, a)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            let domains = s.domains.values().filter(|d| &d.account == key);
                            json!({"number": a.number, "api_key": mask(key),
                                   "domains": domains.count()})
                        })
                    }),
            ),
            WorldKind::Domains => Box::new(
                s.domains
                    .iter()
                    .filter(move |(name, _)| hit(needle, &[name]))
                    .map(move |(name, d)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            let account = s.accounts.get(&d.account).map(|a| a.number.clone());
                            json!({"domain": name, "account": account,
                                   "api_key": mask(&d.api_key), "users": d.users.len(),
                                   "groups": d.groups.len(), "hunt_groups": d.hunt_groups.len(),
                                   "sessions": d.sessions.len()})
                        })
                    }),
            ),
            WorldKind::Users => Box::new(
                s.domains
                    .iter()
                    .flat_map(|(name, d)| d.users.iter().map(move |(id, u)| (name, id, u)))
                    .filter(move |(domain, id, u)| {
                        let p = &u.profile;
                        let names = [p.first_name.as_deref(), p.last_name.as_deref()];
                        let [first, last] = names.map(Option::unwrap_or_default);
                        let phone = p.phone_number.as_deref().unwrap_or_default();
                        hit(needle, &[id, domain, first, last, phone])
                    })
                    .map(move |(domain, id, u)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            let p = &u.profile;
                            let devices: Vec<&String> = u.devices.keys().collect();
                            let queued: usize = u.devices.values().map(|d| d.queue.lock().len()).sum();
                            json!({"full_user_id": format!("{id}@{domain}"), "domain": domain,
                                   "first_name": p.first_name, "last_name": p.last_name,
                                   "phone_number": p.phone_number, "devices": devices,
                                   "queued": queued, "held": u.held.lock().len(),
                                   "contacts": u.contacts.len(), "last_seen": u.last_seen.get()})
                        })
                    }),
            ),
            WorldKind::Devices => Box::new(
                s.domains
                    .iter()
                    .flat_map(|(name, d)| d.users.iter().map(move |(id, u)| (name, id, u)))
                    .flat_map(|(domain, id, u)| {
                        u.devices.iter().map(move |(dev, d)| (domain, id, dev, d))
                    })
                    .filter(move |(domain, id, dev, d)| {
                        let name = d.name.as_deref().unwrap_or_default();
                        hit(needle, &[dev, id, domain, &d.native_id, name])
                    })
                    .map(move |(domain, id, dev, d)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            json!({"device_id": dev, "full_user_id": format!("{id}@{domain}"),
                                   "native_id": d.native_id, "name": d.name,
                                   "queued": d.queue.lock().len(), "address_book": d.address_book.len(),
                                   "registered_ms": d.registered_ms})
                        })
                    }),
            ),
            WorldKind::Groups => Box::new(
                s.domains
                    .iter()
                    .flat_map(|(name, d)| d.groups.iter().map(move |(id, g)| (name, id, g)))
                    .filter(move |(domain, id, g)| hit(needle, &[id, domain, &g.name]))
                    .map(move |(domain, id, g)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            let full = |m: &String| format!("{m}@{domain}");
                            let members: Vec<Value> = g
                                .members
                                .iter()
                                .map(|(m, ms)| json!({"full_user_id": full(m), "owner": ms.owner,
                                                      "muted": ms.muted, "muted_group": ms.muted_group}))
                                .collect();
                            json!({"group_id": id, "domain": domain, "name": g.name,
                                   "members": members, "created": g.creation_time})
                        })
                    }),
            ),
            WorldKind::Tokens => Box::new(
                s.tokens
                    .iter()
                    .map(|(value, t)| {
                        let (scope, holder) = holder_label(s, &t.holder);
                        (value, t, scope, holder)
                    })
                    .filter(move |(_, _, scope, holder)| hit(needle, &[scope, holder]))
                    .map(move |(value, t, scope, holder)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            json!({"token": mask(value), "token_id": super::token_id(value),
                                   "scope": scope, "holder": holder,
                                   "expires_at_ms": t.expires_at_ms,
                                   "expired": now >= t.expires_at_ms})
                        })
                    }),
            ),
            WorldKind::HuntGroups => Box::new(
                s.domains
                    .iter()
                    .flat_map(|(name, d)| d.hunt_groups.iter().map(move |(n, h)| (name, n, h)))
                    .filter(move |(domain, name, h)| {
                        hit(needle, &[name, domain, &h.pilot_uri_address])
                    })
                    .map(move |(domain, name, h)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            json!({"name": name, "domain": domain, "type": h.huntgroup_type,
                                   "pilot": h.pilot_uri_address, "users": h.users,
                                   "admins": h.admins})
                        })
                    }),
            ),
            WorldKind::Sessions => Box::new(
                s.domains
                    .iter()
                    .flat_map(|(name, d)| d.sessions.iter().map(move |(id, x)| (name, id, x)))
                    .filter(move |(domain, id, x)| hit(needle, &[id, domain, &x.name, &x.admin]))
                    .map(move |(domain, id, x)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            let participants: Vec<Value> = x
                                .participants
                                .iter()
                                .map(|(p, st)| json!({"full_user_id": p,
                                    "joined": *st == ParticipantState::Joined}))
                                .collect();
                            json!({"session_id": id, "domain": domain, "name": x.name,
                                   "type": x.session_type, "admin": x.admin,
                                   "active": x.active, "participants": participants})
                        })
                    }),
            ),
            WorldKind::Contacts => Box::new(
                s.domains
                    .iter()
                    .flat_map(|(name, d)| d.users.iter().map(move |(id, u)| (name, id, u)))
                    .flat_map(|(domain, id, u)| {
                        u.contacts.iter().map(move |(cid, c)| (domain, id, cid, c))
                    })
                    .filter(move |(domain, id, _, c)| {
                        hit(needle, &[id, domain, &c.contact_user_name, &c.contact_nickname])
                    })
                    .map(move |(domain, id, cid, c)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            json!({"full_user_id": format!("{id}@{domain}"), "contact_id": cid,
                                   "user_name": c.contact_user_name, "nickname": c.contact_nickname,
                                   "first_name": c.contact_first_name, "last_name": c.contact_last_name})
                        })
                    }),
            ),
            WorldKind::AddressBooks => Box::new(
                s.domains
                    .iter()
                    .flat_map(|(name, d)| d.users.iter().map(move |(id, u)| (name, id, u)))
                    .flat_map(|(domain, id, u)| {
                        u.devices.iter().map(move |(dev, d)| (domain, id, dev, d))
                    })
                    .flat_map(|(domain, id, dev, d)| {
                        d.address_book.iter().map(move |e| (domain, id, dev, e))
                    })
                    .filter(move |(_, id, dev, e)| {
                        hit(needle, &[id, dev, &e.number, &e.first_name, &e.last_name])
                    })
                    .map(move |(domain, id, dev, e)| -> Box<dyn FnOnce() -> Value> {
                        Box::new(move || {
                            json!({"full_user_id": format!("{id}@{domain}"), "device_id": dev,
                                   "number": e.number, "first_name": e.first_name,
                                   "last_name": e.last_name})
                        })
                    }),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_prefix_and_four_characters() {
        assert_eq!(mask("UAT0123456789abcdef0123456789abcdef"), "UAT…cdef");
        assert_eq!(mask("short"), "…");
    }

    #[test]
    fn an_empty_world_pages_empty_and_counts_zero() {
        let model = Model::new(crate::model::ModelConfig::default());
        for kind in WorldKind::ALL {
            let page = model.world_page(kind, "", 0, 50);
            assert_eq!(page.total, 0);
            assert!(page.rows.is_empty());
            assert!(page.counts.iter().all(|(_, n)| *n == 0));
        }
    }
}
