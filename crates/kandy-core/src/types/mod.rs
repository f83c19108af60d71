//! Request and response types, one module per Kandy resource.

pub mod address_books;
pub mod devices;
pub mod directory;
pub mod domains;
pub mod groups;
pub mod messages;
pub mod presence;
pub mod users;
