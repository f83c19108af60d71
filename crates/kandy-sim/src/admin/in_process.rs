//! [`SimulatorAdmin`] in-process: the [`Simulator`]'s own methods, with the checks the
//! `/_sim/` routes make (a fault plan is validated), so both sides answer alike.

use super::{DataChannels, RequestLogEntry, SimulatorAdmin, invalid_plan, malformed_uuid};
use crate::Simulator;
use crate::faults::FaultPlan;
use crate::model::{AccountCredentials, SentSms, Snapshot};
use crate::simulator::MessageHistory;
use kandy_core::{AccountApiKey, AccountApiSecret, DeviceId, IncomingMessage, MessageUuid};

#[async_trait::async_trait]
impl SimulatorAdmin for Simulator {
    async fn create_account(&self) -> kandy_core::Result<AccountCredentials> {
        Ok(Simulator::create_account(self))
    }

    async fn create_account_with(
        &self,
        api_key: AccountApiKey,
        api_secret: AccountApiSecret,
    ) -> kandy_core::Result<AccountCredentials> {
        Simulator::create_account_with(self, api_key, api_secret)
    }

    async fn reset(&self) -> kandy_core::Result<()> {
        Simulator::reset(self);
        Ok(())
    }

    async fn snapshot(&self) -> kandy_core::Result<Snapshot> {
        Ok(Simulator::snapshot(self))
    }

    async fn restore(&self, snapshot: Snapshot) -> kandy_core::Result<()> {
        Simulator::restore(self, snapshot)
    }

    async fn sms_outbox(&self) -> kandy_core::Result<Vec<SentSms>> {
        Ok(Simulator::sms_outbox(self))
    }

    async fn device_queue(
        &self,
        device_id: &DeviceId,
    ) -> kandy_core::Result<Option<Vec<IncomingMessage>>> {
        Ok(Simulator::device_queue(self, device_id))
    }

    async fn message_history(&self, uuid: &MessageUuid) -> kandy_core::Result<MessageHistory> {
        if !uuid.is_well_formed() {
            return Err(malformed_uuid());
        }
        Ok(Simulator::message_history(self, uuid))
    }

    async fn request_log(&self) -> kandy_core::Result<Vec<RequestLogEntry>> {
        Ok(Simulator::request_log(self))
    }

    async fn now_ms(&self) -> kandy_core::Result<u64> {
        Ok(Simulator::now_ms(self))
    }

    async fn advance_clock(&self, millis: u64) -> kandy_core::Result<u64> {
        Simulator::advance_clock(self, millis);
        Ok(Simulator::now_ms(self))
    }

    async fn fault_plan(&self) -> kandy_core::Result<FaultPlan> {
        Ok(Simulator::fault_plan(self))
    }

    async fn set_fault_plan(&self, plan: FaultPlan) -> kandy_core::Result<()> {
        plan.validate().map_err(|problem| invalid_plan(&problem))?;
        Simulator::set_fault_plan(self, plan);
        Ok(())
    }

    async fn clear_fault_plan(&self) -> kandy_core::Result<()> {
        Simulator::set_fault_plan(self, FaultPlan::new());
        Ok(())
    }

    async fn data_channels(&self) -> kandy_core::Result<DataChannels> {
        Ok(DataChannels {
            open: self.open_data_channels(),
            devices: self.open_data_channels_by_device(),
        })
    }

    async fn drop_data_channels(&self, full_user_id: Option<&str>) -> kandy_core::Result<usize> {
        Ok(Simulator::drop_data_channels(self, full_user_id))
    }
}
