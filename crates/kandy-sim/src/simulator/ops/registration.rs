//! Registering with a proven phone number (#30).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn register(
        &self,
        token: DomainAccessToken,
        registration: NewRegistration,
    ) -> Result<Registration> {
        self.call(&op::REGISTER, token.expose_secret(), None, |m| {
            m.register(&token, registration)
        })
    }
}
