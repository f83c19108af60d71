//! Item 1, client overhead: `kandy_http::KandyClient` against the hand-written reqwest call
//! of the same request, on the same connection pool, against the same simulator server.

use crate::drive::{self, Plan, Result, Tally};
use crate::fixture::{Domain, Person, message_to};
use crate::raw::Raw;
use crate::report::Figure;
use kandy::KandyApi;
use kandy::http::KandyClient;
use std::sync::Arc;
use std::time::Duration;

/// The goal: the SDK's throughput at least this share of the raw call's.
const GOAL: f64 = 0.95;

/// Messages waiting on each reader's device (what `get_pending_messages` answers).
pub const READER_QUEUE: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    GetDevices,
    SendMessage,
    GetPendingMessages,
    /// The raw side only: the poll, then the body parsed into a `serde_json::Value`, as a
    /// hand-written caller that reads the messages does (a second, informative baseline).
    GetPendingMessagesParsed,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::GetDevices => "get_devices",
            Op::SendMessage => "send_message",
            Op::GetPendingMessages | Op::GetPendingMessagesParsed => "get_pending_messages",
        }
    }
}

/// One worker's users: `sender` sends to `recipient`; `reader` has a fixed queue.
#[derive(Debug)]
struct Crew {
    sender: Person,
    recipient: Person,
    reader: Person,
}

async fn crews(domain: &Domain, count: usize) -> Result<Arc<Vec<Crew>>> {
    let mut crews = Vec::with_capacity(count);
    for w in 0..count {
        let crew = Crew {
            sender: domain.person(&format!("client{w}s")).await?,
            recipient: domain.person(&format!("client{w}r")).await?,
            reader: domain.person(&format!("client{w}q")).await?,
        };
        for _ in 0..READER_QUEUE {
            domain
                .sim
                .send_message(
                    crew.sender.token.clone(),
                    crew.sender.device.clone(),
                    message_to(&crew.reader),
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        crews.push(crew);
    }
    Ok(Arc::new(crews))
}

async fn sdk_call(sdk: &KandyClient, op: Op, crew: &Crew) -> Result<u64> {
    let outcome = match op {
        Op::GetDevices => sdk.get_devices(crew.sender.token.clone()).await.map(drop),
        Op::SendMessage => {
            sdk.send_message(
                crew.sender.token.clone(),
                crew.sender.device.clone(),
                message_to(&crew.recipient),
            )
            .await
        }
        Op::GetPendingMessages | Op::GetPendingMessagesParsed => sdk
            .get_pending_messages(crew.reader.token.clone(), crew.reader.device.clone(), None)
            .await
            .map(drop),
    };
    outcome.map(|()| 1).map_err(|e| e.to_string())
}

async fn raw_call(raw: &Raw, op: Op, crew: &Crew) -> Result<u64> {
    match op {
        Op::GetDevices => raw.get_devices(&crew.sender).await?,
        Op::SendMessage => raw.send_message(&crew.sender, &crew.recipient).await?,
        Op::GetPendingMessages => raw.get_pending_messages(&crew.reader).await?,
        Op::GetPendingMessagesParsed => {
            let body = raw.get_pending_messages(&crew.reader).await?;
            serde_json::from_slice::<serde_json::Value>(&body).map_err(|e| e.to_string())?;
            body
        }
    };
    Ok(1)
}

async fn sdk_side(
    sdk: &KandyClient,
    crews: &Arc<Vec<Crew>>,
    op: Op,
    workers: usize,
    window: Duration,
) -> Result<Tally> {
    let (sdk, crews) = (sdk.clone(), Arc::clone(crews));
    drive::run(workers, window, move |w, _| {
        let (sdk, crews) = (sdk.clone(), Arc::clone(&crews));
        async move { sdk_call(&sdk, op, &crews[w]).await }
    })
    .await
}

async fn raw_side(
    raw: &Raw,
    crews: &Arc<Vec<Crew>>,
    op: Op,
    workers: usize,
    window: Duration,
) -> Result<Tally> {
    let (raw, crews) = (raw.clone(), Arc::clone(crews));
    drive::run(workers, window, move |w, _| {
        let (raw, crews) = (raw.clone(), Arc::clone(&crews));
        async move { raw_call(&raw, op, &crews[w]).await }
    })
    .await
}

/// Measures the three operations at each concurrency, the SDK and the raw call in turns.
pub async fn measure(
    plan: Plan,
    domain: &Domain,
    base_url: &str,
    concurrencies: &[usize],
) -> Result<Vec<Figure>> {
    let most = concurrencies.iter().copied().max().unwrap_or(1);
    let crews = crews(domain, most).await?;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let raw = Raw {
        http: http.clone(),
        base: base_url.to_owned(),
    };
    let sdk = KandyClient::builder()
        .base_url(base_url)
        .http_client(http)
        .build()
        .map_err(|e| e.to_string())?;
    let mut figures = Vec::new();
    for &workers in concurrencies {
        for op in [
            Op::GetDevices,
            Op::SendMessage,
            Op::GetPendingMessages,
            Op::GetPendingMessagesParsed,
        ] {
            let pair = drive::compare(
                plan,
                |window| sdk_side(&sdk, &crews, op, workers, window),
                |window| raw_side(&raw, &crews, op, workers, window),
            )
            .await?;
            let figure = if op == Op::GetPendingMessagesParsed {
                Figure::versus(
                    format!("client/{}/c{workers}/vs_parsed", op.name()),
                    "req/s",
                    pair,
                    "raw reqwest + serde_json::Value",
                    None,
                )
            } else {
                Figure::versus(
                    format!("client/{}/c{workers}", op.name()),
                    "req/s",
                    pair,
                    "raw reqwest",
                    Some(GOAL),
                )
            };
            crate::progress(&figure);
            figures.push(figure);
        }
    }
    Ok(figures)
}
