//! One wiremock test per operation (48): method, path, every query parameter (`key`
//! included) and the exact JSON body are pinned, and a response sample from the
//! specification is decoded into the typed result.

mod support;

mod accounts;
mod address_books;
mod devices;
mod directory;
mod domains;
mod groups;
mod messages;
mod presence;
mod users;
mod verification;
