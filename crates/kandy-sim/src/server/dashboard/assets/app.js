// The kandy-sim dashboard: plain JavaScript, no dependencies. Every list is paged by the
// server; a server-sent event says when something changed, and only the view shown is
// fetched again. Text is always set as text (never as HTML).
"use strict";

const KINDS = ["accounts", "domains", "users", "devices", "groups", "tokens", "hunt_groups", "sessions", "contacts", "address_books"];
const PAGE = 50;
let view = { name: "world", kind: "users", q: "", offset: 0, arg: "" };
let nowMs = 0;
let refreshing = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces a view's content without taking the focus (or the caret) from a field being
// typed in: the field of the same id in the new content gets them back, with what was typed.
function swap(main, ...nodes) {
  const focused = document.activeElement;
  const keep = focused && focused.id && main.contains(focused)
    ? { id: focused.id, value: focused.value, start: focused.selectionStart, end: focused.selectionEnd } : null;
  main.replaceChildren(...nodes.flat().filter((node) => node !== null && node !== undefined));
  const again = keep && document.getElementById(keep.id);
  if (!again) return;
  if (typeof keep.value === "string" && again.type !== "file") again.value = keep.value;
  again.focus();
  if (typeof keep.start === "number") {
    try { again.setSelectionRange(keep.start, keep.end); } catch (_) { /* not a text field */ }
  }
}

function link(text, hash) { return el("a", { href: hash }, text); }

class Unauthorized extends Error {}

async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 401) { askToken(); throw new Unauthorized("admin token needed"); }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (_) { json = null; }
  if (!response.ok) throw new Error((json && json.error) || `HTTP ${response.status}`);
  return json;
}

function askToken() {
  const dialog = document.getElementById("login");
  if (!dialog.open) dialog.showModal();
}

async function login(event) {
  event.preventDefault();
  const input = document.getElementById("login-token");
  const response = await fetch("/_sim/ui/login", {
    method: "POST", headers: { Authorization: "Bearer " + input.value },
  });
  if (response.ok) {
    input.value = "";
    document.getElementById("login").close();
    connect();
    refresh();
  } else {
    document.getElementById("login-error").textContent = "That token was refused.";
  }
}

function age(ms) {
  const s = Math.max(0, Math.round((nowMs - Number(ms)) / 1000));
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

function time(ms) { return ms ? new Date(Number(ms)).toISOString().replace("T", " ").slice(0, 19) : ""; }

function table(headers, rows) {
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows));
}

function pager(total, offset, go) {
  const last = Math.min(total, offset + PAGE);
  return el("div", { class: "bar" },
    el("button", { type: "button", disabled: offset === 0, onclick: () => go(Math.max(0, offset - PAGE)) }, "Previous"),
    el("span", { class: "muted" }, total ? `${offset + 1}–${last} of ${total}` : "none"),
    el("button", { type: "button", disabled: last >= total, onclick: () => go(offset + PAGE) }, "Next"));
}

function searchBox(label, value, go) {
  const input = el("input", { id: "search", type: "search", value, "aria-label": label });
  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => go(input.value), 250); });
  return el("label", {}, label + " ", input);
}

const userLink = (id) => link(id, `#world/devices?q=${encodeURIComponent(id)}`);
const domainLink = (d) => link(d, `#world/users?q=${encodeURIComponent(d)}`);
const deviceLink = (d) => link(d, `#device/${encodeURIComponent(d)}`);
const list = (items, f) => items.flatMap((x, i) => (i ? [", ", f(x)] : [f(x)]));

// Token values revealed on this page, by token id: kept across live re-renders, never fetched
// with the listing (which is masked); each one is fetched by its own admin call.
const revealed = new Map();

function tokenCell(r) {
  const value = revealed.get(r.token_id);
  const code = el("code", { class: "token", "data-token-id": r.token_id }, value || r.token);
  const button = el("button", { type: "button", class: "reveal", id: `reveal-${r.token_id}`,
    "aria-pressed": String(Boolean(value)), "aria-label": `${value ? "Hide" : "Reveal"} the token ${r.token} of ${r.holder}`,
    onclick: async () => {
      if (revealed.has(r.token_id)) revealed.delete(r.token_id);
      else revealed.set(r.token_id, (await call("GET", `/_sim/tokens/${encodeURIComponent(r.token_id)}`)).token);
      refresh();
    } }, value ? "Hide" : "Reveal");
  return el("span", { class: "token-cell" }, code, " ", button);
}

const COLUMNS = {
  accounts: [["number", "key", "domains"], (r) => [r.number, el("code", {}, r.api_key), r.domains]],
  domains: [["domain", "account", "key", "users", "groups", "hunt groups", "sessions"],
    (r) => [domainLink(r.domain), r.account, el("code", {}, r.api_key), r.users, r.groups, r.hunt_groups, r.sessions]],
  users: [["user", "name", "phone", "devices", "queued", "held", "contacts", "last seen"],
    (r) => [userLink(r.full_user_id), [r.first_name, r.last_name].filter(Boolean).join(" "), r.phone_number || "",
      list(r.devices, deviceLink), r.queued, r.held, r.contacts, r.last_seen ? time(r.last_seen) : "never"]],
  devices: [["device", "user", "native id", "name", "queued", "address book"],
    (r) => [deviceLink(r.device_id), userLink(r.full_user_id), r.native_id, r.name || "", r.queued, r.address_book]],
  groups: [["group", "name", "domain", "members (owners in bold)"],
    (r) => [link(el("code", {}, r.group_id), `#world/groups?q=${encodeURIComponent(r.group_id)}`), r.name, domainLink(r.domain),
      list(r.members, (m) => el(m.owner ? "strong" : "span", {}, userLink(m.full_user_id), m.muted ? " (muted)" : ""))]],
  tokens: [["token", "scope", "holder", "expires", "state"],
    (r) => [tokenCell(r), r.scope, r.scope === "user" ? userLink(r.holder) : r.holder, time(r.expires_at_ms),
      el("span", { class: r.expired ? "expired" : "ok" }, r.expired ? "expired" : "valid")]],
  hunt_groups: [["name", "domain", "type", "pilot", "users", "admins"],
    (r) => [r.name, domainLink(r.domain), r.type, r.pilot, list(r.users, userLink), list(r.admins, userLink)]],
  contacts: [["user", "contact", "user name", "nickname", "name"],
    (r) => [userLink(r.full_user_id), el("code", {}, r.contact_id), r.user_name, r.nickname,
      [r.first_name, r.last_name].filter(Boolean).join(" ")]],
  address_books: [["device", "user", "number", "name"],
    (r) => [deviceLink(r.device_id), userLink(r.full_user_id), r.number, [r.first_name, r.last_name].filter(Boolean).join(" ")]],
  sessions: [["session", "name", "domain", "type", "admin", "state", "participants"],
    (r) => [link(el("code", {}, r.session_id), `#world/sessions?q=${encodeURIComponent(r.session_id)}`), r.name, domainLink(r.domain), r.type, userLink(r.admin),
      r.active ? "active" : "inactive", list(r.participants, (p) => [userLink(p.full_user_id), p.joined ? "" : " (pending)"])]],
};

async function renderWorld(main) {
  const params = new URLSearchParams({ kind: view.kind, q: view.q, offset: view.offset, limit: PAGE });
  const page = await call("GET", `/_sim/ui/api/world?${params}`);
  nowMs = page.now_ms;
  const counts = Object.fromEntries(page.counts);
  const [headers, row] = COLUMNS[view.kind];
  swap(main,
    el("h2", {}, "World"),
    el("div", { class: "bar kinds", role: "group", "aria-label": "Kind of record" },
      KINDS.map((k) => el("button", { type: "button", "aria-pressed": String(k === view.kind), "data-kind": k,
        onclick: () => { location.hash = `#world/${k}`; } }, `${k.replace("_", " ")} (${counts[k] ?? 0})`))),
    el("div", { class: "bar" }, searchBox("Search", view.q, (q) => {
      location.hash = `#world/${view.kind}?q=${encodeURIComponent(q)}`;
    })),
    table(headers, page.rows.map((r) => el("tr", {}, row(r).map((c) => el("td", {}, c))))),
    pager(page.total, page.offset, (offset) => { view.offset = offset; refresh(); }));
}

function messageText(m) {
  const inner = m.message;
  if (inner && typeof inner.text === "string") return inner.text;
  if (inner) return JSON.stringify(inner);
  const { messageType, UUID, timestamp, sender, ...rest } = m;
  return JSON.stringify(rest);
}

async function renderDevice(main) {
  const id = view.arg;
  const queue = await call("GET", `/_sim/devices/${encodeURIComponent(id)}/messages`);
  swap(main,
    el("h2", {}, "Device ", el("code", {}, id)),
    el("p", {}, `${queue.length} pending message${queue.length === 1 ? "" : "s"}, oldest first.`),
    table(["#", "type", "sender", "UUID", "text or content", "age"],
      queue.map((m, i) => el("tr", { "data-uuid": m.UUID },
        el("td", {}, i + 1), el("td", {}, m.messageType || ""),
        el("td", {}, m.sender && m.sender.full_user_id ? userLink(m.sender.full_user_id) : (m.sender || "")),
        el("td", {}, m.UUID ? link(el("code", {}, m.UUID), `#message/${encodeURIComponent(m.UUID)}`) : ""), el("td", {}, messageText(m)),
        el("td", {}, m.timestamp ? age(m.timestamp) : "")))));
}

const PLACE = { queued: "queued on the device", held: "held for the user's first device", ack_owed: "remote ack owed to the sender's device" };

// What a delivery event reads as: a chat's own steps, and those of its chatRemoteAck.
function stepLabel(e) {
  const ack = e.message_type === "chatRemoteAck";
  switch (e.step) {
    case "sent": return "sent";
    case "queued": return ack ? "remote ack returned" : "queued";
    case "held": return "held (no device yet)";
    case "pushed": return ack ? "remote ack pushed" : "pushed over the data channel";
    case "acked": return ack ? "remote ack deleted" : "acked";
    default: return e.step;
  }
}

// A lost or duplicated delivery, from the events and where the message is now.
function anomalies(found) {
  const problems = [];
  const count = new Map();
  for (const e of found.events) {
    if (e.step !== "queued" && e.step !== "acked") continue;
    const key = `${e.step} ${e.message_type} ${e.device_id}`;
    count.set(key, (count.get(key) || 0) + 1);
  }
  for (const [key, n] of count) {
    const [step, type, device] = key.split(" ");
    if (n > 1) problems.push(`${type} ${step} ${n} times on device ${device}: a duplicated delivery`);
  }
  const queuedNow = new Set(found.places.filter((p) => p.state === "queued").map((p) => `${p.message_type} ${p.device_id}`));
  for (const e of found.events) {
    if (e.step !== "queued") continue;
    const acked = found.events.some((a) => a.step === "acked" && a.device_id === e.device_id && a.message_type === e.message_type && a.seq > e.seq);
    if (!acked && !queuedNow.has(`${e.message_type} ${e.device_id}`)) {
      problems.push(`${e.message_type} left device ${e.device_id}'s queue without an ack: a lost delivery`);
    }
  }
  return problems;
}

function timeline(found) {
  // One lane per user and device, in the order they first appear (the sender's first).
  const lanes = [];
  const laneOf = (e) => {
    const key = `${e.full_user_id} ${e.device_id || ""}`;
    let i = lanes.findIndex((l) => l.key === key);
    if (i < 0) { lanes.push({ key, user: e.full_user_id, device: e.device_id }); i = lanes.length - 1; }
    return i;
  };
  const placed = found.events.map((e) => [e, laneOf(e)]);
  const head = el("tr", {}, el("th", { scope: "col" }, "time"),
    lanes.map((l) => el("th", { scope: "col" }, userLink(l.user), el("br"),
      l.device ? deviceLink(l.device) : el("span", { class: "muted" }, "no device"))));
  const rows = placed.map(([e, lane]) => el("tr", { class: "event", "data-step": e.step, "data-type": e.message_type },
    el("th", { scope: "row", class: "mono" }, time(e.at_ms)),
    lanes.map((_, i) => el("td", { class: i === lane ? "lane hit" : "lane" },
      i === lane ? el("span", { class: `step step-${e.step}` }, stepLabel(e)) : ""))));
  return el("table", { class: "timeline", id: "timeline" },
    el("caption", {}, "Each row is one event, oldest first; each column one user's device."),
    el("thead", {}, head), el("tbody", {}, rows));
}

function summary(events) {
  const n = (step, ack) => events.filter((e) => e.step === step && (e.message_type === "chatRemoteAck") === ack).length;
  const parts = [`sent ${n("sent", false)}`, `queued ${n("queued", false)}`, `held ${n("held", false)}`,
    `pushed ${n("pushed", false)}`, `acked ${n("acked", false)}`, `remote ack returned ${n("queued", true)}`];
  return el("p", { id: "timeline-summary" }, parts.join(" · "));
}

async function renderMessage(main) {
  const uuid = view.arg;
  const box = el("form", { class: "bar", role: "search", onsubmit: (e) => { e.preventDefault();
    location.hash = `#message/${encodeURIComponent(e.target.elements.uuid.value.trim())}`; } },
    el("label", { for: "message-uuid" }, "Message UUID"),
    el("input", { id: "message-uuid", name: "uuid", value: uuid, size: 40, required: true, pattern: "[0-9A-Fa-f\\-]{32,36}",
      autocomplete: "off", spellcheck: "false" }),
    el("button", { type: "submit" }, "Find"));
  if (!uuid) { swap(main, el("h2", {}, "A message's life"), box); return; }
  const found = await call("GET", `/_sim/messages/${encodeURIComponent(uuid)}`);
  const problems = anomalies(found);
  swap(main, el("h2", {}, "Message ", el("code", {}, found.UUID)), box,
    el("h3", {}, "Its life"),
    found.events.length ? [summary(found.events),
      problems.length ? el("ul", { id: "anomalies", class: "bad", role: "alert" }, problems.map((p) => el("li", {}, p))) : null,
      timeline(found)]
      : el("p", { id: "no-history" }, "The history holds no event of this message: never sent, or older than what it keeps."),
    found.dropped ? el("p", { class: "muted" }, `The history keeps the last ${found.capacity} events; it has dropped ${found.dropped} older ones.`) : null,
    el("h3", {}, "Where it is now"),
    found.places.length ? table(["where", "user", "device", "position", "type", "sender", "age"],
      found.places.map((p) => el("tr", { class: "place", "data-state": p.state },
        el("td", {}, PLACE[p.state] || p.state), el("td", {}, userLink(p.full_user_id)),
        el("td", {}, p.device_id ? deviceLink(p.device_id) : ""), el("td", {}, p.position ?? ""),
        el("td", {}, p.message_type || ""), el("td", {}, p.sender ? userLink(p.sender) : ""),
        el("td", {}, p.timestamp ? age(p.timestamp) : ""))))
      : el("p", { id: "nowhere" }, "No queue holds it and no remote ack is owed: acked everywhere, or never sent."));
}

// The message UUIDs a request's query names (`messages=["…"]` of #78, percent-encoded), as
// links to their life.
function uuidLinks(query) {
  const raw = new URLSearchParams(query).get("messages");
  let uuids = [];
  try { uuids = JSON.parse(raw); } catch (_) { /* not a list */ }
  if (!Array.isArray(uuids)) return [];
  return [...new Set(uuids.filter((u) => typeof u === "string" && /^[0-9A-Fa-f-]{32,36}$/.test(u)))]
    .flatMap((uuid) => [" ", link(el("code", {}, uuid), `#message/${encodeURIComponent(uuid)}`)]);
}

function highlighted(text) {
  return text.split(/(\b\d{4,8}\b)/).map((part, i) => (i % 2 ? el("mark", {}, part) : part));
}

async function renderSms(main) {
  const params = new URLSearchParams({ q: view.q, offset: view.offset, limit: PAGE });
  const page = await call("GET", `/_sim/ui/api/sms?${params}`);
  swap(main,
    el("h2", {}, "SMS outbox"),
    el("div", { class: "bar" }, searchBox("Search", view.q, (q) => { view.q = q; view.offset = 0; refresh(); })),
    table(["sent", "from", "to", "text", "sender"],
      page.rows.map((s) => el("tr", { class: "sms" }, el("td", {}, time(s.timestamp)), el("td", {}, s.source || ""),
        el("td", {}, s.destination), el("td", {}, highlighted(s.text)),
        el("td", {}, s.sender ? userLink(s.sender) : "verification")))),
    pager(page.total, page.offset, (offset) => { view.offset = offset; refresh(); }));
}

async function renderRequests(main) {
  const f = view.filters || (view.filters = { operation: "", status: "", device: "", user: "", q: "" });
  if (view.user !== undefined) { f.user = view.user; view.user = undefined; }
  const params = new URLSearchParams({ ...f, offset: view.offset, limit: PAGE });
  const page = await call("GET", `/_sim/ui/api/requests?${params}`);
  const set = (key) => (event) => { f[key] = event.target.value; view.offset = 0; refresh(); };
  const rows = page.rows.flatMap((r, i) => {
    const detail = el("tr", { class: "detail", hidden: true }, el("td", { colspan: 8 }, el("pre", {}, JSON.stringify(r, null, 2))));
    const open = el("button", { type: "button", "aria-expanded": "false", onclick: (e) => {
      detail.hidden = !detail.hidden; e.target.setAttribute("aria-expanded", String(!detail.hidden)); } }, r.operation || "(none)");
    return [el("tr", { class: "request" }, el("td", {}, r.method), el("td", {}, open),
      el("td", {}, r.user ? link(r.user, `#requests?user=${encodeURIComponent(r.user)}`) : ""),
      el("td", { class: "mono" }, r.path), el("td", { class: "mono" }, r.query, uuidLinks(r.query)),
      el("td", {}, r.http_status ?? "—"),
      el("td", { class: r.kandy_status === 0 ? "ok" : "bad" }, r.kandy_status ?? ""), el("td", {}, r.fault || "")), detail];
  });
  swap(main,
    el("h2", {}, "Requests"),
    el("div", { class: "bar" },
      el("label", {}, "Operation ", el("input", { id: "f-operation", value: f.operation, onchange: set("operation") })),
      el("label", {}, "Status ", el("select", { id: "f-status", onchange: set("status") },
        [["", "any"], ["ok", "success"], ["error", "refused"], ["fault", "faulted"]].map(([v, t]) =>
          el("option", { value: v, selected: v === f.status }, t)))),
      el("label", {}, "Device ", el("input", { id: "f-device", value: f.device, onchange: set("device") })),
      el("label", {}, "User ", el("input", { id: "f-user", value: f.user, placeholder: "user@domain", onchange: set("user") })),
      el("label", {}, "Path or query ", el("input", { id: "f-q", type: "search", value: f.q, onchange: set("q") }))),
    table(["method", "operation", "user", "path", "query", "HTTP", "status", "fault"], rows),
    pager(page.total, page.offset, (offset) => { view.offset = offset; refresh(); }));
}

function say(node, text, ok) { if (text !== null) node.textContent = text; node.className = ok ? "ok" : "bad"; }

function faultPlanFrom(form) {
  const v = (name) => form.elements[name].value.trim();
  const trigger = v("trigger") === "always" ? "always" : { [v("trigger")]: Number(v("count")) };
  const kind = v("effect");
  let effect = kind;
  if (kind === "status") effect = { status: { http: Number(v("http")), status: Number(v("status")), message: v("message") } };
  if (kind === "delay") effect = { delay: { millis: Number(v("millis")) } };
  const match = {};
  for (const field of ["operation", "user", "device"]) if (v(field)) match[field] = v(field);
  return { rules: [{ match, trigger, effect }] };
}

async function renderControls(main) {
  if (main.querySelector("#controls")) return; // forms keep what is typed; the plan below refreshes
  const out = el("p", { id: "control-result", role: "status", "aria-live": "polite" });
  const run = (f) => async (event) => {
    event.preventDefault();
    try { say(out, await f(event.target), true); } catch (e) { say(out, e.message, false); }
  };
  const field = (label, name, attrs) => el("label", {}, label + " ", el("input", { name, ...attrs }));
  const plan = el("pre", { id: "fault-plan" });
  const showPlan = async () => { plan.textContent = JSON.stringify(await call("GET", "/_sim/faults"), null, 2); };
  const upload = el("input", { type: "file", name: "snapshot", accept: "application/json,.json", required: true });
  swap(main, el("div", { id: "controls" },
    el("h2", {}, "Controls"), out,
    el("form", { id: "clock-form", onsubmit: run(async (form) => {
      const millis = Math.round(Number(form.elements.amount.value) * Number(form.elements.unit.value));
      const answer = await call("POST", "/_sim/clock/advance", { millis });
      return `The clock is now ${time(answer.now_ms)}.`;
    }) }, el("fieldset", {}, el("legend", {}, "Advance the clock"),
      field("By", "amount", { type: "number", min: 0, step: "any", value: 1, required: true }),
      el("select", { name: "unit", "aria-label": "Unit" }, el("option", { value: 1000 }, "seconds"),
        el("option", { value: 3600000, selected: true }, "hours"), el("option", { value: 86400000 }, "days")),
      el("button", { type: "submit" }, "Advance"))),
    el("form", { id: "fault-form", onsubmit: run(async (form) => {
      await call("POST", "/_sim/faults", faultPlanFrom(form));
      await showPlan();
      return "Fault plan set.";
    }) }, el("fieldset", {}, el("legend", {}, "Fault plan (one rule)"),
      field("Operation", "operation", { placeholder: "send_message or *" }),
      field("User", "user", { placeholder: "full user id" }), field("Device", "device", {}),
      el("label", {}, "Trigger ", el("select", { name: "trigger" }, ["always", "nth", "first_n", "probability"].map((t) => el("option", {}, t)))),
      field("n or probability", "count", { type: "number", min: 0, step: "any", value: 1 }),
      el("label", {}, "Effect ", el("select", { name: "effect" }, ["status", "delay", "hang", "reset", "malformed", "commit_then_drop"].map((t) => el("option", {}, t)))),
      field("HTTP", "http", { type: "number", min: 200, max: 599, value: 503 }),
      field("Kandy status", "status", { type: "number", value: 1 }),
      field("Message", "message", { value: "injected fault" }),
      field("Delay ms", "millis", { type: "number", min: 0, value: 1000 }),
      el("button", { type: "submit" }, "Set the plan"),
      el("button", { type: "button", id: "clear-faults", onclick: run(async () => {
        await call("DELETE", "/_sim/faults"); await showPlan(); return "Fault plan cleared."; }) }, "Clear the plan"),
      el("h3", {}, "Plan in force"), plan)),
    el("form", { id: "send-form", onsubmit: run(async (form) => {
      const v = (name) => form.elements[name].value.trim();
      const sent = await call("POST", "/_sim/ui/api/send", { from: v("from"), to: v("to"), text: form.elements.text.value, device_id: v("device_id") });
      out.replaceChildren(`Sent as ${v("from")}: UUID `, link(sent.UUID, `#message/${sent.UUID}`));
      return null;
    }) }, el("fieldset", {}, el("legend", {}, "Send a message as a user"),
      field("From", "from", { required: true, placeholder: "alice@example.kandy.io" }),
      field("Device", "device_id", { placeholder: "first device" }),
      field("To", "to", { required: true, placeholder: "bob@example.kandy.io" }),
      field("Text", "text", { required: true }),
      el("button", { type: "submit" }, "Send"))),
    el("form", { id: "account-form", onsubmit: run(async () => {
      const a = await call("POST", "/_sim/accounts", {});
      return `Account created: key ${a.account_api_key}, secret ${a.account_api_secret}`;
    }) }, el("fieldset", {}, el("legend", {}, "Accounts"), el("button", { type: "submit" }, "Create an account"))),
    el("fieldset", {}, el("legend", {}, "State"),
      el("p", {}, el("a", { href: "/_sim/snapshot", download: "kandy-state.json" }, "Download a snapshot")),
      el("form", { id: "restore-form", onsubmit: run(async (form) => {
        await call("PUT", "/_sim/snapshot", await form.elements.snapshot.files[0].text());
        return "Snapshot restored.";
      }) }, el("label", {}, "Snapshot file ", upload), el("button", { type: "submit" }, "Restore")),
      el("form", { id: "reset-form", onsubmit: run(async () => { await call("POST", "/_sim/reset"); return "Everything was reset."; }) },
        el("button", { type: "submit" }, "Reset the simulator")))));
  await showPlan();
}

const RENDER = { world: renderWorld, device: renderDevice, message: renderMessage, sms: renderSms, requests: renderRequests, controls: renderControls };

function route() {
  const [path, query] = (location.hash.slice(1) || "world").split("?");
  const [name, arg] = path.split("/");
  const q = new URLSearchParams(query || "").get("q") || "";
  const previous = view;
  view = { name: RENDER[name] ? name : "world", kind: "users", q, offset: 0, arg: decodeURIComponent(arg || "") };
  if (view.name === "world" && KINDS.includes(arg)) view.kind = arg;
  if (view.name === "requests" && previous.name === "requests") view.filters = previous.filters;
  const user = new URLSearchParams(query || "").get("user");
  if (view.name === "requests" && user !== null) view.user = user;
  for (const a of document.querySelectorAll("nav a")) {
    a.toggleAttribute("aria-current", a.getAttribute("href") === `#${view.name}`);
    if (a.hasAttribute("aria-current")) a.setAttribute("aria-current", "page");
  }
  if (view.name !== previous.name) document.getElementById("main").replaceChildren();
  refresh();
}

async function refresh() {
  if (refreshing) { refreshing.again = true; return; }
  refreshing = { again: false };
  const main = document.getElementById("main");
  try {
    await RENDER[view.name](main);
    if (view.name === "controls") {
      const plan = main.querySelector("#fault-plan");
      if (plan) plan.textContent = JSON.stringify(await call("GET", "/_sim/faults"), null, 2);
    }
  } catch (e) {
    if (!(e instanceof Unauthorized)) swap(main, el("p", { role: "alert", class: "bad" }, e.message));
  }
  const again = refreshing.again;
  refreshing = null;
  if (again) refresh();
}

let source = null;
function connect() {
  if (source) source.close();
  source = new EventSource("/_sim/ui/events");
  const live = document.getElementById("live");
  source.addEventListener("change", (event) => {
    const change = JSON.parse(event.data);
    nowMs = change.now_ms;
    live.textContent = `live · version ${change.version} · ${time(change.now_ms)}`;
    document.body.dataset.version = change.version;
    refresh();
  });
  source.onerror = () => {
    live.textContent = "disconnected; retrying…";
    // A refused stream (no token yet) is not retried by the browser: ask, then reconnect.
    if (source.readyState === EventSource.CLOSED) fetch("/_sim/ui/api/world?limit=0").then((r) => {
      if (r.status === 401) askToken(); else setTimeout(connect, 1000);
    }, () => setTimeout(connect, 1000));
  };
}

document.getElementById("login-form").addEventListener("submit", login);
window.addEventListener("hashchange", route);
connect();
route();
