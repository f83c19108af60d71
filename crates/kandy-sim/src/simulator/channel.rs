//! The simulator's open data channels: one [`ChannelSocket`] per open socket (in-process or
//! served over a WebSocket), the pushes the model asks for written to them, and the sockets
//! closed when their token stops holding.

use crate::faults::ChannelEffect;
use crate::model::{Model, PendingPush};
use futures_channel::mpsc;
use futures_core::Stream;
use kandy_core::notifications::{ServerFrame, close};
use kandy_core::{ApiStatus, Error, UserAccessToken};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

/// How many frames wait for a socket that reads slowly before the simulator closes it
/// (close code 1008): a bounded buffer per socket, never unbounded growth. Every pushed
/// message is still in its queue.
pub const SOCKET_BUFFER: usize = 1024;

/// The close code of a socket that did not keep up with its pushes (policy violation).
pub const CLOSE_TOO_SLOW: u16 = 1008;

/// Why the simulator closed a socket: the close frame it sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketClose {
    /// The close code: `4000 + status` for a refused token (4010 expired, 4055 revoked or
    /// deleted), 1008 for a socket that read too slowly, 1001 for a shutdown or reset.
    pub code: u16,
    /// What happened.
    pub reason: String,
}

/// The open data channels of one user's device (`GET /_sim/data_channels` lists them).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpenChannels {
    /// The user's `user_id@domain`.
    pub full_user_id: String,
    /// The device the sockets are bound to (the user's first device when they opened;
    /// `None` for a user who had no device then).
    pub device_id: Option<String>,
    /// How many sockets are open.
    pub sockets: usize,
}

/// One open socket as the simulator sees it.
struct Entry {
    id: u64,
    token: String,
    /// The user's first device when the socket opened: deleting it closes the socket.
    device: Option<String>,
    frames: mpsc::Sender<ServerFrame>,
    closed: Arc<Mutex<Option<SocketClose>>>,
}

impl Entry {
    fn close(&self, reason: SocketClose) {
        self.closed.lock().get_or_insert(reason);
    }
}

/// Every open socket, by the `full_user_id` it belongs to.
#[derive(Default)]
pub(super) struct Hub {
    next_id: AtomicU64,
    sockets: Mutex<HashMap<String, Vec<Entry>>>,
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub")
            .field("open", &self.open_count())
            .finish()
    }
}

impl Hub {
    /// Registers a socket of `full_user_id` opened with `token`.
    pub(super) fn open(
        self: &Arc<Self>,
        full_user_id: String,
        token: String,
        device: Option<String>,
    ) -> ChannelSocket {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (sender, frames) = mpsc::channel(SOCKET_BUFFER);
        let closed = Arc::new(Mutex::new(None));
        self.sockets
            .lock()
            .entry(full_user_id.clone())
            .or_default()
            .push(Entry {
                id,
                token,
                device,
                frames: sender,
                closed: closed.clone(),
            });
        ChannelSocket {
            id,
            full_user_id,
            hub: Arc::clone(self),
            frames,
            closed,
            drop_after: None,
            carried: 0,
        }
    }

    fn remove(&self, full_user_id: &str, id: u64) {
        let mut sockets = self.sockets.lock();
        if let Some(entries) = sockets.get_mut(full_user_id) {
            entries.retain(|entry| entry.id != id);
            if entries.is_empty() {
                sockets.remove(full_user_id);
            }
        }
    }

    /// Writes the pushes to their users' sockets; a socket whose buffer is full is closed.
    /// A push's frame is made only for a user with a socket; `pushed` is told of every push
    /// written, with the device of the socket it went to.
    pub(super) fn deliver(
        &self,
        pushes: Vec<PendingPush>,
        mut pushed: impl FnMut(&PendingPush, Option<&str>),
    ) {
        if pushes.is_empty() {
            return;
        }
        let mut sockets = self.sockets.lock();
        if sockets.is_empty() {
            return;
        }
        for push in pushes {
            let Some(entries) = sockets.get_mut(&*push.user) else {
                continue;
            };
            let frame = push.frame();
            entries.retain_mut(|entry| match entry.frames.try_send(frame.clone()) {
                Ok(()) => {
                    pushed(&push, entry.device.as_deref());
                    true
                }
                Err(error) => {
                    if error.is_full() {
                        entry.close(SocketClose {
                            code: CLOSE_TOO_SLOW,
                            reason: "the socket did not read its pushes in time".into(),
                        });
                    }
                    false
                }
            });
            if entries.is_empty() {
                sockets.remove(&*push.user);
            }
        }
    }

    /// Closes every socket whose token no longer holds in `model` (expired, revoked, or its
    /// user or domain deleted), with `4000 + status`.
    pub(super) fn sweep(&self, model: &Model) {
        let mut sockets = self.sockets.lock();
        sockets.retain(|_, entries| {
            entries.retain(|entry| {
                match model.check_data_channel(&entry.token, entry.device.as_deref()) {
                    Ok(_) => true,
                    Err(refusal) => {
                        let status = ApiStatus::new(refusal.status);
                        entry.close(SocketClose {
                            code: close::for_status(status).unwrap_or(close::INVALID_CREDENTIALS),
                            reason: refusal.message.clone(),
                        });
                        false
                    }
                }
            });
            !entries.is_empty()
        });
    }

    /// Closes every socket (a reset or restore of the state): 1001, reconnect.
    pub(super) fn close_all(&self, reason: &str) {
        self.drop_sockets(None, reason);
    }

    /// Closes every socket of `full_user_id` (of everyone when `None`) with 1001; how many.
    pub(super) fn drop_sockets(&self, full_user_id: Option<&str>, reason: &str) -> usize {
        let mut sockets = self.sockets.lock();
        let mut dropped = 0;
        sockets.retain(|user, entries| {
            if full_user_id.is_some_and(|wanted| wanted != user) {
                return true;
            }
            for entry in entries.iter() {
                entry.close(SocketClose {
                    code: close::GOING_AWAY,
                    reason: reason.to_owned(),
                });
                dropped += 1;
            }
            false
        });
        dropped
    }

    /// How many sockets are open.
    pub(super) fn open_count(&self) -> usize {
        self.sockets.lock().values().map(Vec::len).sum()
    }

    /// The open sockets by user and device, sorted.
    pub(super) fn open_by_device(&self) -> Vec<OpenChannels> {
        let mut counts: std::collections::BTreeMap<(String, Option<String>), usize> =
            std::collections::BTreeMap::new();
        for (user, entries) in self.sockets.lock().iter() {
            for entry in entries {
                *counts
                    .entry((user.clone(), entry.device.clone()))
                    .or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|((full_user_id, device_id), sockets)| OpenChannels {
                full_user_id,
                device_id,
                sockets,
            })
            .collect()
    }
}

/// An open data channel of one user, in the simulator: a [`Stream`] of the frames pushed to
/// it, which ends when the simulator closes it ([`ChannelSocket::close_reason`] says why).
/// Dropping it closes it.
pub struct ChannelSocket {
    id: u64,
    full_user_id: String,
    hub: Arc<Hub>,
    frames: mpsc::Receiver<ServerFrame>,
    closed: Arc<Mutex<Option<SocketClose>>>,
    /// A fault plan's `drop`: close after this many frames.
    drop_after: Option<u64>,
    /// How many frames the stream has yielded.
    carried: u64,
}

/// Why a socket a fault plan dropped closed.
const DROPPED_BY_PLAN: &str = "dropped by the simulator's fault plan";

impl ChannelSocket {
    /// Closes the socket with 1001 once it has yielded `frames` frames (at once for 0): a
    /// fault plan's [`ChannelEffect::Drop`].
    pub(crate) fn drop_after(&mut self, frames: u64) {
        self.drop_after = Some(frames);
    }

    /// The `full_user_id` of the socket's user.
    pub fn full_user_id(&self) -> &str {
        &self.full_user_id
    }

    /// Why the simulator closed the socket, once it did (the stream then ends).
    pub fn close_reason(&self) -> Option<SocketClose> {
        self.closed.lock().clone()
    }
}

impl Stream for ChannelSocket {
    type Item = ServerFrame;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ServerFrame>> {
        if self.drop_after.is_some_and(|frames| self.carried >= frames) {
            self.closed.lock().get_or_insert(SocketClose {
                code: close::GOING_AWAY,
                reason: DROPPED_BY_PLAN.into(),
            });
            self.hub.remove(&self.full_user_id, self.id);
            return Poll::Ready(None);
        }
        let next = Pin::new(&mut self.frames).poll_next(cx);
        if let Poll::Ready(Some(_)) = next {
            self.carried += 1;
        }
        next
    }
}

impl Drop for ChannelSocket {
    fn drop(&mut self) {
        self.hub.remove(&self.full_user_id, self.id);
    }
}

impl fmt::Debug for ChannelSocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChannelSocket")
            .field("full_user_id", &self.full_user_id)
            .finish_non_exhaustive()
    }
}

impl super::Simulator {
    /// Opens a data channel for the user of `token`, as the server does on a WebSocket
    /// upgrade: every message then queued on the user's first device, and every session
    /// event and session data for the user, is also pushed to it.
    ///
    /// The socket is bound to the user's first device: deleting that device closes it
    /// (4055), like revoking the token, deleting the user or its domain, or the token's
    /// expiry (4010).
    ///
    /// Unless this is a [`Simulator::without_faults`](super::Simulator::without_faults) view, the opening first consults the
    /// fault plan's [channel rules](crate::FaultPlan::channel): a `drop` closes the socket
    /// with 1001 after that many frames, a `delay` does nothing in-process.
    ///
    /// # Errors
    /// An API error of kind `Auth`: status 55 (HTTP 401) for an unknown or revoked token or
    /// one whose user or domain is gone, 10 (HTTP 401) for an expired one. A fault plan's
    /// `refuse` is the API error of its status, message and HTTP status.
    pub fn open_data_channel(&self, token: &UserAccessToken) -> kandy_core::Result<ChannelSocket> {
        let fault = if self.faults_enabled {
            self.channel_fault_for(token)
        } else {
            None
        };
        if let Some(ChannelEffect::Refuse {
            http,
            status,
            message,
        }) = fault
        {
            return Err(Error::api(status, message, Some(http)));
        }
        let mut socket = self.open_socket(token)?;
        if let Some(ChannelEffect::Drop { after_frames }) = fault {
            socket.drop_after(after_frames);
        }
        Ok(socket)
    }

    /// Consults (and advances) the fault plan's channel rules for one socket opening with
    /// `token` (the server does, then enacts the effect on the wire). The rules match on the
    /// token's user and the device its socket binds to; a token that does not hold has
    /// neither.
    pub fn channel_fault_for(&self, token: &UserAccessToken) -> Option<ChannelEffect> {
        use kandy_core::ExposeSecret;
        if !self.shared.has_faults.load(Ordering::Acquire) || self.plan().channel.is_empty() {
            return None;
        }
        let bound = self
            .model()
            .check_data_channel(token.expose_secret(), None)
            .ok();
        let (user, device) = bound.map_or((None, None), |(user, device)| (Some(user), device));
        self.plan()
            .decide_channel(user.as_deref(), device.as_deref())
    }

    /// Opens a socket without consulting the fault plan.
    fn open_socket(&self, token: &UserAccessToken) -> kandy_core::Result<ChannelSocket> {
        use kandy_core::ExposeSecret;
        let model = self.model();
        let (full_user_id, device) = model
            .check_data_channel(token.expose_secret(), None)
            .map_err(Error::from)?;
        let token = token.expose_secret().to_owned();
        Ok(self.shared.hub.open(full_user_id, token, device))
    }

    /// Relays session data from the user of `token` to the session's members (or its one
    /// `destination`), as a `sessionData` frame from a socket does.
    ///
    /// # Errors
    /// The API error of the refusal: 55 or 10 for the token, 53 for an unknown session or a
    /// destination not in it, 11 for a sender who is neither its admin nor a joined
    /// participant, 15 for an empty `session_id`.
    pub fn send_session_data(
        &self,
        token: &UserAccessToken,
        data: kandy_core::notifications::OutgoingSessionData,
    ) -> kandy_core::Result<()> {
        let entry = self.journaling().then(|| super::Applied::SessionData {
            token: token.clone(),
            data: data.clone(),
        });
        let outcome = self.change_recorded(entry, |model| {
            let outcome = model.send_session_data(token, data);
            self.deliver_pushes(model);
            outcome
        });
        self.changed().map_err(super::saving_failed)?;
        Ok(outcome?)
    }

    /// Drops the open data channels of `full_user_id` (every one when `None`), as a network
    /// loss would: each closes with 1001 and a client reconnects; nothing queued is lost.
    /// Returns how many were dropped.
    pub fn drop_data_channels(&self, full_user_id: Option<&str>) -> usize {
        self.shared
            .hub
            .drop_sockets(full_user_id, "dropped by the simulator")
    }

    /// How many data channels are open (in-process and served).
    pub fn open_data_channels(&self) -> usize {
        self.shared.hub.open_count()
    }

    /// The open data channels by user and device, sorted (in-process and served).
    pub fn open_data_channels_by_device(&self) -> Vec<OpenChannels> {
        self.shared.hub.open_by_device()
    }
}
