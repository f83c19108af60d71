//! Item 7 (issue 13): the Inbox's end-to-end latency, from a send (#77 over HTTP) to the
//! delivery the application gets, pushed (fed by the SDK's WebSocket client) against its
//! polling mode (the default backoff, 100 ms doubling to 5 s while the queue is empty), in
//! alternating rounds. Each message follows an idle gap from a fixed schedule, so the polling
//! inbox is caught at different points of its backoff, as an application's traffic would.

use crate::drive::{Plan, Result};
use crate::fixture::{Domain, Person, message_to};
use crate::progress;
use crate::report::Figure;
use futures_util::StreamExt;
use kandy::KandyApi;
use kandy::http::KandyClient;
use kandy::http::data_channel::DataChannelClient;
use kandy::http::inbox::Inbox;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// The idle gaps before each message of a round, in ms.
const GAPS: [u64; 4] = [10, 40, 120, 300];

/// An inbox consumed as an application does: always waiting in `next`, acking each delivery;
/// it reports each delivery's UUID and when it arrived.
struct Consumer {
    person: Person,
    arrivals: mpsc::UnboundedReceiver<(String, Instant)>,
    task: tokio::task::JoinHandle<()>,
}

impl Consumer {
    fn start(
        api: Arc<KandyClient>,
        person: Person,
        channel: Option<Arc<DataChannelClient>>,
    ) -> Self {
        let mut inbox = Inbox::new(api, person.token.clone(), person.device.clone());
        if let Some(channel) = channel {
            inbox = inbox.with_data_channel(channel);
        }
        let (tx, arrivals) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            let mut stream = Box::pin(inbox.into_stream());
            while let Some(Ok(delivery)) = stream.next().await {
                let uuid = delivery.message().uuid.normalized().into_owned();
                if tx.send((uuid, Instant::now())).is_err() {
                    return;
                }
                delivery.ack();
            }
        });
        Self {
            person,
            arrivals,
            task,
        }
    }

    /// One round: for each gap, waits it out, sends, and times the delivery (µs).
    async fn round(&mut self, api: &KandyClient, from: &Person) -> Result<Vec<f64>> {
        let mut samples = Vec::with_capacity(GAPS.len());
        for gap in GAPS {
            tokio::time::sleep(Duration::from_millis(gap)).await;
            let message = message_to(&self.person);
            let uuid = message.uuid.normalized().into_owned();
            let sent = Instant::now();
            api.send_message(from.token.clone(), from.device.clone(), message)
                .await
                .map_err(|e| format!("send: {e}"))?;
            loop {
                match tokio::time::timeout(Duration::from_secs(10), self.arrivals.recv()).await {
                    Ok(Some((got, at))) if got == uuid => {
                        samples.push((at - sent).as_secs_f64() * 1e6);
                        break;
                    }
                    Ok(Some(_)) => continue,
                    _ => return Err("the inbox delivered nothing within 10 s".to_owned()),
                }
            }
        }
        Ok(samples)
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The pushed and the polling inbox's median latency (µs), and their per-round ratio.
pub async fn measure(plan: Plan, domain: &Domain, base: &str) -> Result<Vec<Figure>> {
    let api = Arc::new(
        KandyClient::builder()
            .base_url(base)
            .build()
            .map_err(|e| e.to_string())?,
    );
    let channel = Arc::new(
        DataChannelClient::builder(api.clone())
            .build()
            .map_err(|e| e.to_string())?,
    );
    let from = domain.person("inbox-sender").await?;
    let mut pushed = Consumer::start(
        api.clone(),
        domain.person("inbox-pushed").await?,
        Some(channel),
    );
    let mut polled = Consumer::start(api.clone(), domain.person("inbox-polled").await?, None);
    // A warm-up round each: the pushed inbox's socket opens, connections are made.
    pushed.round(&api, &from).await?;
    polled.round(&api, &from).await?;
    let (mut push_all, mut poll_all, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..plan.rounds {
        let (push, poll) = if round % 2 == 0 {
            let push = pushed.round(&api, &from).await?;
            (push, polled.round(&api, &from).await?)
        } else {
            let poll = polled.round(&api, &from).await?;
            (pushed.round(&api, &from).await?, poll)
        };
        let (mp, mq) = (median(push.clone()), median(poll.clone()));
        if mq > 0.0 {
            ratios.push(mp / mq);
        }
        push_all.extend(push);
        poll_all.extend(poll);
    }
    pushed.task.abort();
    polled.task.abort();
    let (push_median, poll_median) = (median(push_all.clone()), median(poll_all.clone()));
    let mut figure = Figure::at_most(
        "inbox/latency/pushed/median",
        "µs",
        push_median,
        Some((poll_median, "the polling inbox (100 ms-5 s backoff)")),
        None,
    );
    figure.ratio = Some(median(ratios));
    let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    let figures = vec![
        figure,
        Figure::plain("inbox/latency/pushed/max", "µs", max(&push_all)),
        Figure::plain("inbox/latency/polling/max", "µs", max(&poll_all)),
    ];
    for figure in &figures {
        progress(figure);
    }
    Ok(figures)
}
