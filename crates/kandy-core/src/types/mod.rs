//! Request and response types, one module per Kandy resource.

pub mod address_books;
pub mod configuration;
pub mod content;
pub mod devices;
pub mod directory;
pub mod domains;
pub mod groups;
pub mod hunt_groups;
mod lenient;
pub mod lookups;
pub mod messages;
pub mod presence;
pub mod profiles;
pub mod registration;
pub mod sessions;
pub mod users;
