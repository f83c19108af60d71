//! A device's message queue and its SMS (#76–#79).

use super::Ops;
use kandy_core::operation as op;
use kandy_core::*;

impl Ops<'_> {
    pub(in crate::simulator) async fn get_pending_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        client_timestamp: Option<u64>,
    ) -> Result<PendingMessages> {
        self.call_shared(
            &op::GET_PENDING_MESSAGES,
            token.expose_secret(),
            Some(&device_id),
            |m, _| m.pending(&token, &device_id, client_timestamp),
        )
        // The public messages are made after the lock is released.
        .map(crate::model::Pending::into_public)
    }

    pub(in crate::simulator) async fn send_message(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        message: OutgoingMessage,
    ) -> Result<()> {
        // Checked and stored before the lock is taken; its errors are answered in order
        // under it.
        let prepared = crate::model::PreparedSend::new(message);
        self.call_shared(
            &op::SEND_MESSAGE,
            token.expose_secret(),
            Some(&device_id),
            |m, out| m.send_prepared(&token, &device_id, prepared, out),
        )
    }

    pub(in crate::simulator) async fn delete_handled_messages(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        uuids: Vec<MessageUuid>,
    ) -> Result<()> {
        let prepared = crate::model::PreparedDelete::new(&uuids);
        self.call_shared(
            &op::DELETE_HANDLED_MESSAGES,
            token.expose_secret(),
            Some(&device_id),
            |m, out| m.delete_prepared(&token, &device_id, prepared, out),
        )
    }

    pub(in crate::simulator) async fn send_sms(
        &self,
        token: UserAccessToken,
        device_id: DeviceId,
        sms: OutgoingSms,
    ) -> Result<()> {
        self.call(
            &op::SEND_SMS,
            token.expose_secret(),
            Some(&device_id),
            |m| m.send_sms(&token, &device_id, sms),
        )
    }
}
