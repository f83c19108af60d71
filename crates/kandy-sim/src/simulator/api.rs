//! `KandyApi` for the simulator, generated from the trait's one declaration
//! ([`kandy_core::kandy_api_methods!`]): every method forwards to the method of the same name
//! of [`Ops`], in the module of its resource (`ops/`). A method of the trait without its
//! `Ops` method does not compile.

use super::Simulator;
use super::ops::Ops;
use super::recorded::{ApiCall, Journaled};
use async_trait::async_trait;
use kandy_core::*;

macro_rules! simulator_api {
    ($($name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        #[async_trait]
        impl KandyApi for Simulator {
            $(
                async fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    let entry = self.journaling().then(|| ApiCall::$name {
                        $($arg: Journaled::form(&$arg)),*
                    });
                    Ops::new(self, entry).$name($($arg),*).await
                }
            )*
        }
    };
}

kandy_core::kandy_api_methods!(simulator_api);
