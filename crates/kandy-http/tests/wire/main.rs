//! One wiremock test per operation (87): method, path, every query parameter (`key`
//! included) and the exact JSON body are pinned, and a response sample from the
//! specification is decoded into the typed result.

mod support;

mod accounts;
mod address_books;
mod configuration;
mod content;
mod devices;
mod directory;
mod domains;
mod groups;
mod hunt_groups;
mod lookups;
mod messages;
mod presence;
mod profiles;
mod registration;
mod sessions;
mod users;
mod verification;
