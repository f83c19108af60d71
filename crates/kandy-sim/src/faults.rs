//! Fault plans: rules that make chosen calls fail the way a real network or server does.
//!
//! A plan is a list of [`FaultRule`]s. For each call, the first rule whose [`FaultMatch`]
//! matches and whose [`Trigger`] fires gives the call's [`FaultEffect`]. The in-process
//! [`Simulator`](crate::Simulator) turns an effect into the error a real client would see; the
//! server (feature `server`) enacts it on the connection. Probabilities are drawn from the
//! plan's own seeded generator, so a plan replays the same way every run.
//!
//! The data channel's socket is not an operation: its rules ([`ChannelRule`]: refuse the
//! upgrade, drop the socket, delay its frames) are the plan's [`FaultPlan::channel`] list,
//! tried once per socket opening.

mod channel;

pub use channel::{ChannelEffect, ChannelMatch, ChannelRule};

use kandy_core::Operation;
use serde::{Deserialize, Serialize};

/// Which calls a rule applies to. Every field that is set must match.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultMatch {
    /// The operation's name (`send_message`), or `*` / absent for any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The operation's path (`devices/messages`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The calling user's `full_user_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The `device_id` of the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

impl FaultMatch {
    /// Matches every call of one operation.
    pub fn operation(name: impl Into<String>) -> Self {
        Self {
            operation: Some(name.into()),
            ..Self::default()
        }
    }

    /// Matches every call.
    pub fn any() -> Self {
        Self::default()
    }

    fn matches(&self, op: &Operation, user: Option<&str>, device: Option<&str>) -> bool {
        let field = |want: &Option<String>, got: Option<&str>| match want.as_deref() {
            None | Some("*") => true,
            Some(want) => got == Some(want),
        };
        field(&self.operation, Some(op.name))
            && field(&self.path, Some(op.path))
            && field(&self.user, user)
            && field(&self.device, device)
    }
}

/// When a matching rule fires.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// On the nth matching call only (1-based).
    Nth(u64),
    /// On the first n matching calls.
    FirstN(u64),
    /// On every matching call.
    Always,
    /// On each matching call with this probability (0.0–1.0), drawn from the plan's seed.
    Probability(f64),
}

impl Trigger {
    /// Whether the trigger fires on the `seen`th matching call (`draw` gives a uniform draw
    /// in [0, 1) for a probability, and is called for nothing else).
    fn fires(&self, seen: u64, draw: impl FnOnce() -> f64) -> bool {
        match *self {
            Trigger::Nth(n) => seen == n,
            Trigger::FirstN(n) => seen <= n,
            Trigger::Always => true,
            Trigger::Probability(p) => draw() < p,
        }
    }

    fn validate(&self, rule: &str) -> Result<(), String> {
        match *self {
            Trigger::Probability(p) if !(0.0..=1.0).contains(&p) => {
                Err(format!("{rule}: probability {p} is not between 0 and 1"))
            }
            Trigger::Nth(0) => Err(format!("{rule}: nth counts from 1")),
            _ => Ok(()),
        }
    }
}

/// What happens to a call a rule fires on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultEffect {
    /// Answer with this HTTP status and envelope; nothing is applied.
    Status {
        /// The HTTP status, e.g. 503.
        http: u16,
        /// The envelope's `status`.
        status: i64,
        /// The envelope's `message`.
        message: String,
    },
    /// Wait this long, then handle the call normally.
    Delay {
        /// How long, in milliseconds.
        millis: u64,
    },
    /// Never answer; nothing is applied. In-process, a timeout error.
    Hang,
    /// Close the connection without answering; nothing is applied.
    Reset,
    /// Answer HTTP 200 with a body that is not JSON; nothing is applied.
    Malformed,
    /// Apply the call, then close the connection without answering.
    CommitThenDrop,
}

/// A rule: a matcher, a trigger and an effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// Which calls.
    #[serde(default, rename = "match")]
    pub matcher: FaultMatch,
    /// When.
    pub trigger: Trigger,
    /// What happens.
    pub effect: FaultEffect,
    /// How many matching calls this rule has seen.
    #[serde(default)]
    pub seen: u64,
}

impl FaultRule {
    /// A rule with a fresh count.
    pub fn new(matcher: FaultMatch, trigger: Trigger, effect: FaultEffect) -> Self {
        Self {
            matcher,
            trigger,
            effect,
            seen: 0,
        }
    }
}

/// A list of fault rules with a seeded generator for the probabilistic ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultPlan {
    /// The rules, tried in order.
    #[serde(default)]
    pub rules: Vec<FaultRule>,
    /// The data channel's rules, tried in order on each socket opening.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channel: Vec<ChannelRule>,
    /// The seed of the probability draws.
    #[serde(default)]
    pub seed: u64,
}

impl FaultPlan {
    /// An empty plan: no faults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the seed of the probability draws.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Adds a rule.
    pub fn rule(mut self, matcher: FaultMatch, trigger: Trigger, effect: FaultEffect) -> Self {
        self.rules.push(FaultRule::new(matcher, trigger, effect));
        self
    }

    /// Adds a data-channel rule.
    pub fn channel_rule(
        mut self,
        matcher: ChannelMatch,
        trigger: Trigger,
        effect: ChannelEffect,
    ) -> Self {
        self.channel
            .push(ChannelRule::new(matcher, trigger, effect));
        self
    }

    /// Whether the plan has no rule of either kind.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.channel.is_empty()
    }

    /// Checks a plan's values: probabilities in 0–1, `nth` from 1, HTTP statuses 200–599 (an
    /// informational status such as 101 would switch protocols, not answer the call), and a
    /// refused upgrade's 400–599.
    ///
    /// # Errors
    /// The first bad value, named by its rule.
    pub fn validate(&self) -> Result<(), String> {
        for (i, rule) in self.channel.iter().enumerate() {
            rule.trigger.validate(&format!("channel rule {i}"))?;
            rule.validate(i)?;
        }
        for (i, rule) in self.rules.iter().enumerate() {
            rule.trigger.validate(&format!("rule {i}"))?;
            if let FaultEffect::Status { http, .. } = rule.effect
                && !(200..=599).contains(&http)
            {
                return Err(format!(
                    "rule {i}: HTTP status {http} is not a final status (200 to 599)"
                ));
            }
        }
        Ok(())
    }

    /// The effect for one call, if a rule fires; counts the call on every matching rule.
    pub fn decide(
        &mut self,
        op: &Operation,
        user: Option<&str>,
        device: Option<&str>,
    ) -> Option<FaultEffect> {
        let mut fired = None;
        for i in 0..self.rules.len() {
            if !self.rules[i].matcher.matches(op, user, device) {
                continue;
            }
            self.rules[i].seen += 1;
            let seen = self.rules[i].seen;
            let trigger = self.rules[i].trigger.clone();
            if trigger.fires(seen, || self.draw()) && fired.is_none() {
                fired = Some(self.rules[i].effect.clone());
            }
        }
        fired
    }

    /// The effect for one socket opening of `user`'s (bound to `device`), if a channel rule
    /// fires; counts the opening on every matching channel rule.
    pub fn decide_channel(
        &mut self,
        user: Option<&str>,
        device: Option<&str>,
    ) -> Option<ChannelEffect> {
        let mut fired = None;
        let mut seed = self.seed;
        for rule in &mut self.channel {
            if rule.fires(user, device, || draw(&mut seed)) && fired.is_none() {
                fired = Some(rule.effect.clone());
            }
        }
        self.seed = seed;
        fired
    }

    /// A uniform draw in [0, 1) from the plan's seed (SplitMix64).
    fn draw(&mut self) -> f64 {
        draw(&mut self.seed)
    }
}

/// A uniform draw in [0, 1) advancing `seed` (SplitMix64).
fn draw(seed: &mut u64) -> f64 {
    *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use kandy_core::operation::{GET_DEVICES, SEND_SMS};

    #[test]
    fn nth_and_first_n_fire_on_the_right_calls() {
        let mut plan = FaultPlan::new()
            .rule(
                FaultMatch::operation("send_sms"),
                Trigger::Nth(2),
                FaultEffect::Reset,
            )
            .rule(FaultMatch::any(), Trigger::FirstN(1), FaultEffect::Hang);
        assert_eq!(plan.decide(&SEND_SMS, None, None), Some(FaultEffect::Hang));
        assert_eq!(plan.decide(&SEND_SMS, None, None), Some(FaultEffect::Reset));
        assert_eq!(plan.decide(&SEND_SMS, None, None), None);
        assert_eq!(plan.decide(&GET_DEVICES, None, None), None);
    }

    #[test]
    fn probability_is_seeded_and_close_to_its_rate() {
        let plan = FaultPlan::new().seed(7).rule(
            FaultMatch::any(),
            Trigger::Probability(0.1),
            FaultEffect::Malformed,
        );
        let run = |mut plan: FaultPlan| {
            (0..10_000)
                .map(|_| plan.decide(&GET_DEVICES, None, None).is_some())
                .collect::<Vec<_>>()
        };
        let (a, b) = (run(plan.clone()), run(plan));
        assert_eq!(a, b);
        let fired = a.iter().filter(|f| **f).count();
        assert!((800..1200).contains(&fired), "{fired}");
    }

    #[test]
    fn matchers_on_user_and_device() {
        let mut plan = FaultPlan::new().rule(
            FaultMatch {
                user: Some("bob@d".into()),
                device: Some("dev1".into()),
                ..FaultMatch::default()
            },
            Trigger::Always,
            FaultEffect::CommitThenDrop,
        );
        assert_eq!(plan.decide(&SEND_SMS, Some("bob@d"), Some("dev2")), None);
        assert_eq!(
            plan.decide(&SEND_SMS, Some("bob@d"), Some("dev1")),
            Some(FaultEffect::CommitThenDrop)
        );
    }

    #[test]
    fn plans_round_trip_as_json_and_bad_values_are_refused() {
        let json = r#"{"rules":[{"match":{"operation":"send_sms"},"trigger":{"first_n":2},
            "effect":{"status":{"http":503,"status":1,"message":"unavailable"}}}],"seed":3}"#;
        let plan: FaultPlan = serde_json::from_str(json).unwrap();
        assert!(plan.validate().is_ok());
        let back: FaultPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
        assert_eq!(plan, back);
        let bad = FaultPlan::new().rule(
            FaultMatch::any(),
            Trigger::Probability(2.0),
            FaultEffect::Hang,
        );
        assert!(bad.validate().is_err());
        for (http, valid) in [
            (101, false),
            (199, false),
            (200, true),
            (599, true),
            (600, false),
        ] {
            let plan = FaultPlan::new().rule(
                FaultMatch::any(),
                Trigger::Always,
                FaultEffect::Status {
                    http,
                    status: 1,
                    message: "m".into(),
                },
            );
            assert_eq!(plan.validate().is_ok(), valid, "HTTP {http}");
        }
    }
}
