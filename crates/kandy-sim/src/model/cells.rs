//! The few records that calls on the model's shared path change through `&Model`: a device's
//! queue, a user's held messages and last-seen time, the remote acks owed and the count of
//! sends. Each has its own small lock (or is atomic), so calls of different users run at once.
//!
//! A cell serializes as the value it holds, so the snapshot document is the same as with
//! plain fields; cloning one clones the value (the snapshot's copy under the exclusive lock).
//! Lock order, for the code that nests them: a user's held messages, then its devices'
//! queues in registration order, then the model's pushes; the notes, the remote acks and the
//! counters are taken alone.

use parking_lot::{Mutex, MutexGuard};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// A value behind its own lock.
#[derive(Default)]
pub(crate) struct Locked<T>(Mutex<T>);

impl<T> Locked<T> {
    /// A cell holding `value`.
    pub(crate) fn new(value: T) -> Self {
        Self(Mutex::new(value))
    }

    /// The value, locked until the guard drops (never held across another cell's lock but
    /// in the order the module names).
    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock()
    }

    /// The value, without locking (the caller holds the model exclusively).
    pub(crate) fn get_mut(&mut self) -> &mut T {
        self.0.get_mut()
    }
}

impl<T: Clone> Clone for Locked<T> {
    fn clone(&self) -> Self {
        Self::new(self.lock().clone())
    }
}

impl<T: Serialize> Serialize for Locked<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.lock().serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Locked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self::new)
    }
}

/// A number changed without a lock (a time, a count); it serializes as the number.
#[derive(Default)]
pub(crate) struct Counter(AtomicU64);

impl Counter {
    /// A counter at `value`.
    pub(crate) fn new(value: u64) -> Self {
        Self(AtomicU64::new(value))
    }

    /// The number now.
    pub(crate) fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// Sets the number.
    pub(crate) fn set(&self, value: u64) {
        self.0.store(value, Ordering::Relaxed);
    }

    /// The number before adding one (each caller gets its own).
    pub(crate) fn next(&self) -> u64 {
        self.0.fetch_add(1, Ordering::Relaxed)
    }
}

impl Clone for Counter {
    fn clone(&self) -> Self {
        Self::new(self.get())
    }
}

impl Serialize for Counter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Counter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u64::deserialize(deserializer).map(Self::new)
    }
}

/// A count of things (never serialized): the messages in every queue.
#[derive(Default)]
pub(crate) struct Tally(AtomicUsize);

impl Tally {
    /// The count now.
    pub(crate) fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    /// Counts `n` more.
    pub(crate) fn add(&self, n: usize) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// Counts `n` fewer (never below zero).
    pub(crate) fn sub(&self, n: usize) {
        let _never_fails = self
            .0
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |count| {
                Some(count.saturating_sub(n))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_serialize_as_their_values_and_clone_them() {
        let queue = Locked::new(vec![1, 2]);
        assert_eq!(serde_json::to_string(&queue).unwrap(), "[1,2]");
        let copy = queue.clone();
        queue.lock().push(3);
        assert_eq!(*copy.lock(), vec![1, 2]);
        let read: Locked<Vec<u8>> = serde_json::from_str("[4]").unwrap();
        assert_eq!(*read.lock(), vec![4]);

        let seen = Counter::new(7);
        assert_eq!(seen.next(), 7);
        assert_eq!(serde_json::to_string(&seen.clone()).unwrap(), "8");
        let read: Counter = serde_json::from_str("9").unwrap();
        assert_eq!(read.get(), 9);
        assert!(serde_json::from_str::<Counter>("-1").is_err());

        let tally = Tally::default();
        tally.add(2);
        tally.sub(5);
        assert_eq!(tally.get(), 0);
    }
}
