//! What a call leaves for the simulator beside its answer: the [notes](super::DeliveryNote)
//! of what it did to messages and the [pushes](super::PendingPush) it asked for.
//!
//! The model keeps one [`Effects`] for the calls that change it exclusively, taken after each
//! by the simulator; a call of the shared path writes to its own, so that calls running at
//! once share no buffer. Every note is numbered from the model's one count as it is made, so
//! the history orders the notes of calls that ran at once as they happened.

use super::Model;
use super::cells::Locked;
use super::channel::PendingPush;
use super::deliveries::{DeliveryNote, Notes};

/// The notes and pushes of one call (or of the exclusive calls since the last take).
#[derive(Default)]
pub(crate) struct Effects {
    pub(super) notes: Locked<Notes>,
    pub(super) pushes: Locked<Vec<PendingPush>>,
}

impl Effects {
    /// The notes, oldest first, and how many more there were past
    /// [`MAX_NOTES`](super::MAX_NOTES).
    pub(crate) fn take_notes(&self) -> (Vec<DeliveryNote>, u64) {
        let notes = std::mem::take(&mut *self.notes.lock());
        (notes.kept, notes.overflow)
    }

    /// The pushes, oldest first.
    pub(crate) fn take_pushes(&self) -> Vec<PendingPush> {
        std::mem::take(&mut *self.pushes.lock())
    }
}

impl Model {
    /// Where the exclusive calls leave their notes and pushes.
    pub(crate) fn effects(&self) -> &Effects {
        &self.effects
    }

    /// The next number of the delivery history's order (see the module).
    pub(crate) fn next_event_seq(&self) -> u64 {
        self.event_seq.next()
    }

    /// The pushes as recorded: their frames are made only for users with a socket to write
    /// them to (see [`PendingPush::frame`]).
    pub(crate) fn take_pending_pushes(&self) -> Vec<PendingPush> {
        self.effects.take_pushes()
    }
}
