//! `KandyApi` for the simulator, generated from the trait's one declaration
//! ([`kandy_core::kandy_api_methods!`]): every method forwards to the method of the same name
//! of [`Ops`], in the module of its resource (`ops/`). A method of the trait without its
//! `Ops` method does not compile.

use super::Simulator;
use super::ops::Ops;
use async_trait::async_trait;
use kandy_core::*;

macro_rules! simulator_api {
    ($($name:ident ($($arg:ident : $ty:ty),*) -> $out:ty = $op:ident;)*) => {
        #[async_trait]
        impl KandyApi for Simulator {
            $(
                async fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    Ops(self).$name($($arg),*).await
                }
            )*
        }
    };
}

kandy_core::kandy_api_methods!(simulator_api);
