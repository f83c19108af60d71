//! Generated keys, secrets and tokens: unpredictable without a seed, deterministic with one,
//! and never computable by one tenant from its own.

mod model_fixture;

use kandy_core::*;
use kandy_sim::model::{Model, ModelConfig};
use model_fixture::World;

fn seeded(seed: u64) -> ModelConfig {
    ModelConfig {
        seed: Some(seed),
        ..ModelConfig::default()
    }
}

#[test]
fn without_a_seed_every_model_draws_other_keys() {
    let mut a = Model::new(ModelConfig::default());
    let mut b = Model::new(ModelConfig::default());
    let (first, second) = (a.create_account(), b.create_account());
    assert_ne!(
        first.api_key.expose_secret(),
        second.api_key.expose_secret()
    );
    assert_ne!(
        first.api_secret.expose_secret(),
        second.api_secret.expose_secret()
    );
    // A reset draws a new key too: the same calls do not give the keys seen before it.
    a.reset();
    assert_ne!(
        a.create_account().api_key.expose_secret(),
        first.api_key.expose_secret()
    );
}

#[test]
fn with_a_seed_the_same_calls_give_the_same_keys_and_a_reset_repeats_them() {
    let mut a = Model::new(seeded(5));
    let mut b = Model::new(seeded(5));
    let first = a.create_account();
    assert_eq!(first, b.create_account());
    a.reset();
    assert_eq!(a.create_account(), first);
    assert_ne!(Model::new(seeded(6)).create_account(), first);
}

#[test]
fn each_purpose_draws_from_its_own_stream() {
    // Extra tokens in one world do not move the keys of the users created after them.
    let mut quiet = World::with_config(seeded(8));
    let mut busy = World::with_config(seeded(8));
    for _ in 0..5 {
        busy.model
            .get_domain_access_token(&busy.domain.domain_api_key, &busy.domain.domain_api_secret)
            .unwrap();
    }
    let (a, b) = (quiet.user("alice"), busy.user("alice"));
    assert_eq!(a.device, b.device, "device ids are their own stream");
    let key = |w: &mut World| {
        w.model
            .get_users(&w.domain_token)
            .unwrap()
            .into_iter()
            .next()
            .unwrap()
    };
    assert_eq!(
        serde_json::to_value(key(&mut quiet)).unwrap(),
        serde_json::to_value(key(&mut busy)).unwrap()
    );
    // User tokens are their own stream too: the domain tokens drawn before do not move them.
    assert_eq!(a.token.expose_secret(), b.token.expose_secret());
}

// SplitMix64, the generator every id came from before: its output function is invertible,
// so one value gave away the state and every value after it.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn unshift(z: u64, shift: u32) -> u64 {
    let mut x = z;
    for _ in 0..(64 / shift + 1) {
        x = z ^ (x >> shift);
    }
    x
}

/// The inverse of `x * c` modulo 2^64 (c odd), by Newton's iteration.
fn inverse(c: u64) -> u64 {
    let mut x = c;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(c.wrapping_mul(x)));
    }
    x
}

fn unmix(z: u64) -> u64 {
    let z = unshift(z, 31).wrapping_mul(inverse(0x94D0_49BB_1331_11EB));
    let z = unshift(z, 27).wrapping_mul(inverse(0xBF58_476D_1CE4_E5B9));
    unshift(z, 30)
}

#[test]
fn the_old_attack_recovers_nothing_from_a_tenants_own_token() {
    assert_eq!(unmix(mix(12345)), 12345, "the attack itself works");
    let mut w = World::with_config(seeded(7));
    let mine = w.user("mallory");
    let (other, other_token) = w.other_domain("victim.kandy.io");
    let victim = w.user_in(&other, &other_token, "victim");
    let secrets = [
        other.domain_api_key.expose_secret().to_owned(),
        other.domain_api_secret.expose_secret().to_owned(),
        other_token.expose_secret().to_owned(),
        victim.token.expose_secret().to_owned(),
    ];
    // From the first 64 bits of mallory's own token, predict the values around it.
    let hex = &mine.token.expose_secret()[3..19];
    let state = unmix(u64::from_str_radix(hex, 16).unwrap());
    for step in 1..=200u64 {
        for guess in [
            state.wrapping_add(GAMMA.wrapping_mul(step)),
            state.wrapping_sub(GAMMA.wrapping_mul(step)),
        ] {
            let predicted = format!("{:016x}", mix(guess));
            let own = mine.token.expose_secret();
            for secret in &secrets {
                assert!(
                    !secret.contains(&predicted) || own.contains(&predicted),
                    "predicted a part of another tenant's secret at step {step}"
                );
            }
        }
    }
}
