//! The public response types' serde and kandy-core's wire helpers, on arbitrary bytes.
//!
//! For each type: decoding never panics, and whatever decodes survives a round trip
//! (encode, decode again: the same value).

#![no_main]

use kandy_core::*;
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Debug;

/// The wire helpers, each on one field.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Wire {
    #[serde(with = "kandy_core::wire::number")]
    number: u64,
    #[serde(with = "kandy_core::wire::digits")]
    digits: u64,
    #[serde(default, with = "kandy_core::wire::opt_number")]
    optional: Option<u64>,
}

fn round_trip<T>(bytes: &[u8])
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let Ok(value) = serde_json::from_slice::<T>(bytes) else {
        return;
    };
    let text = serde_json::to_string(&value).expect("a decoded value encodes");
    let again: T =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text} does not decode again: {e}"));
    assert_eq!(again, value, "{text} decodes to another value");
}

fuzz_target!(|bytes: &[u8]| {
    let Some((&which, json)) = bytes.split_first() else {
        return;
    };
    match which % 18 {
        0 => round_trip::<Envelope>(json),
        1 => round_trip::<PendingMessages>(json),
        2 => round_trip::<Device>(json),
        3 => round_trip::<Group>(json),
        4 => round_trip::<UserDetails>(json),
        5 => round_trip::<User>(json),
        6 => round_trip::<Domain>(json),
        7 => round_trip::<LastSeen>(json),
        8 => round_trip::<IncomingMessage>(json),
        9 => round_trip::<DeviceContact>(json),
        10 => round_trip::<PersonalContact>(json),
        11 => round_trip::<DirectoryEntry>(json),
        12 => round_trip::<AnonymousUser>(json),
        13 => round_trip::<CreatedDomain>(json),
        14 => round_trip::<OutgoingMessage>(json),
        15 => round_trip::<OutgoingGroupMessage>(json),
        16 => round_trip::<Vec<Group>>(json),
        _ => round_trip::<Wire>(json),
    }
});
