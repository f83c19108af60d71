//! `KandyApi` for `KandyClient`, generated from the trait's own list of methods: each one
//! prepares its request with the function of the same name in its resource module (which
//! reads the method, path and parameters from the operation table) and runs it through the
//! one request path.

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

use crate::client::KandyClient;
use accounts::*;
use address_books::*;
use async_trait::async_trait;
use configuration::*;
use content::*;
use devices::*;
use directory::*;
use domains::*;
use groups::*;
use hunt_groups::*;
use kandy_core::*;
use lookups::*;
use messages::*;
use presence::*;
use profiles::*;
use registration::*;
use sessions::*;
use users::*;
use verification::*;

macro_rules! client_api {
    ($($name:ident($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        #[async_trait]
        impl KandyApi for KandyClient {
            $(
                async fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    self.send($name($($arg),*)).await
                }
            )*
        }
    };
}

kandy_core::kandy_api_methods!(client_api);
