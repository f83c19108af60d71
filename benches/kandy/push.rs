//! Item 6 (issue 13): push latency, from a send (#77 over HTTP) to the notification on the
//! recipient's data channel (the SDK's WebSocket client against the simulator's socket), at
//! concurrency 1 and 32, next to the send's own round trip measured on the same calls.

use crate::drive::{Plan, Result};
use crate::fixture::{Domain, message_to};
use crate::progress;
use crate::report::Figure;
use futures_util::StreamExt;
use kandy::KandyApi;
use kandy::http::KandyClient;
use kandy::http::data_channel::DataChannelClient;
use kandy::notifications::{ConnectionState, DataChannel, Event, Notification};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The push latency and send round trip (µs) at each concurrency.
pub async fn measure(
    plan: Plan,
    domain: &Domain,
    base: &str,
    concurrency: &[usize],
) -> Result<Vec<Figure>> {
    let api = Arc::new(
        KandyClient::builder()
            .base_url(base)
            .build()
            .map_err(|e| e.to_string())?,
    );
    let channel = DataChannelClient::builder(api.clone())
        .build()
        .map_err(|e| e.to_string())?;
    let budget = plan.window * plan.rounds as u32 + plan.warmup;
    let mut figures = Vec::new();
    for &workers in concurrency {
        let mut tasks = Vec::with_capacity(workers);
        for i in 0..workers {
            let from = domain.person(&format!("push-s{workers}-{i}")).await?;
            let to = domain.person(&format!("push-r{workers}-{i}")).await?;
            let mut stream = channel
                .connect(to.token.clone())
                .await
                .map_err(|e| format!("connect: {e}"))?;
            match stream.next().await {
                Some(Notification::Connection(ConnectionState::Connected)) => {}
                other => return Err(format!("the socket did not open: {other:?}")),
            }
            let api = api.clone();
            tasks.push(tokio::spawn(async move {
                let (mut push, mut send) = (Vec::new(), Vec::new());
                let started = Instant::now();
                while started.elapsed() < budget {
                    let t0 = Instant::now();
                    api.send_message(from.token.clone(), from.device.clone(), message_to(&to))
                        .await
                        .map_err(|e| format!("send: {e}"))?;
                    let t1 = Instant::now();
                    loop {
                        match tokio::time::timeout(Duration::from_secs(5), stream.next()).await {
                            Ok(Some(Notification::Event(Event::Message(_)))) => break,
                            Ok(Some(_)) => continue,
                            _ => return Err("no push within 5 s".to_owned()),
                        }
                    }
                    if started.elapsed() > plan.warmup {
                        push.push(t0.elapsed());
                        send.push(t1 - t0);
                    }
                }
                Ok::<_, String>((push, send))
            }));
        }
        let (mut push, mut send) = (Vec::new(), Vec::new());
        for task in tasks {
            let (p, s) = task.await.map_err(|e| e.to_string())??;
            push.extend(p);
            send.extend(s);
        }
        let (push_median, push_p99) = (percentile(&mut push, 0.5), percentile(&mut push, 0.99));
        let send_median = percentile(&mut send, 0.5);
        for figure in [
            Figure::at_most(
                format!("push/latency/c{workers}/median"),
                "µs",
                push_median,
                Some((send_median, "the send's round trip")),
                None,
            ),
            Figure::plain(format!("push/latency/c{workers}/p99"), "µs", push_p99),
        ] {
            progress(&figure);
            figures.push(figure);
        }
    }
    Ok(figures)
}

/// The `q` quantile of `samples`, in µs (0 when there are none).
fn percentile(samples: &mut [Duration], q: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_unstable();
    let index = ((samples.len() - 1) as f64 * q).round() as usize;
    samples[index].as_secs_f64() * 1e6
}
