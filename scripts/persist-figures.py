#!/usr/bin/env python3
"""Persistence figures for issue 10: the cost of an acknowledged write under --persist always
(before: a save of the whole state per write; after: a journal append and sync) against a
write without persistence, at a small state and at 100,000 queued messages; and the save and
restart times at 1,000,000 queued messages. Usage: scripts/persist-figures.py BEFORE_BIN AFTER_BIN DIR
(QUICK=1: 2,000 and 5,000 queued messages instead, to try the driver out)"""
import http.client, json, os, shutil, signal, subprocess, sys, time

KEY, SECRET = "AAK00112233445566778899aabbccddeeff", "AAS00112233445566778899aabbccddeeff"
before_bin, after_bin, work = sys.argv[1], sys.argv[2], sys.argv[3]

def start(binary, args):
    p = subprocess.Popen([binary, "serve", "--addr", "127.0.0.1:0", "-q"] + args,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = p.stdout.readline().decode()
    addr = line.strip().removeprefix("listening on http://").removesuffix("/v1.2/")
    host, port = addr.rsplit(":", 1)
    return p, http.client.HTTPConnection(host, int(port))

def call(conn, method, target, body=None):
    headers = {"content-type": "application/json"} if body is not None else {}
    conn.request(method, target, body=None if body is None else json.dumps(body), headers=headers)
    reply = conn.getresponse()
    data = reply.read()
    assert reply.status == 200, (target, reply.status, data[:300])
    return json.loads(data) if data else None

def result(r):
    return r["result"] if "result" in r else r

def setup(conn, members, devices):
    call(conn, "POST", "/_sim/accounts", {"account_api_key": KEY, "account_api_secret": SECRET})
    aat = result(call(conn, "GET", f"/v1.2/accounts/accesstokens?key={KEY}&account_api_secret={SECRET}"))["account_access_token"]
    d = result(call(conn, "POST", f"/v1.2/accounts/domains?key={aat}", {"domain_name": "p.kandy.io"}))
    dak, das = d["domain_api_key"], d["domain_api_secret"]
    dat = result(call(conn, "GET", f"/v1.2/domains/accesstokens?key={dak}&domain_api_secret={das}"))["domain_access_token"]
    users = []
    for n in range(members):
        call(conn, "POST", f"/v1.2/domains/users/user_id?key={dat}", {"user_id": f"m{n}", "user_country_code": "US"})
        uat = result(call(conn, "GET", f"/v1.2/domains/users/accesstokens?key={dak}&domain_api_secret={das}&user_id=m{n}"))["user_access_token"]
        for k in range(devices - 1):
            call(conn, "POST", f"/v1.2/users/devices?key={uat}", {"device_native_id": f"d{k}"})
        dev = result(call(conn, "GET", f"/v1.2/users/devices?key={uat}"))["devices"][0]["id"]
        users.append((uat, dev))
    return users

uuid_n = [0]
def uuid():
    uuid_n[0] += 1
    return f"{uuid_n[0]:032x}"

def fill(conn, users, target):
    owner = users[0][0]
    g = result(call(conn, "POST", f"/v1.2/users/chatgroups?key={owner}", {"group_name": "all", "group_image": {}}))["group_id"]
    call(conn, "POST", f"/v1.2/users/chatgroups/chatgroup/members?key={owner}&group_id={g}",
         {"members": [f"m{n}@p.kandy.io" for n in range(1, len(users))]})
    reach = (len(users) - 1) * 20
    for _ in range(-(-target // reach)):
        call(conn, "POST", f"/v1.2/users/chatgroups/chatgroup/messages?key={owner}",
             {"message": {"contentType": "text", "group_id": g, "UUID": uuid(), "message": {"mimeType": "text/plain", "text": "hello from the kandy bench"}}})

def write(conn, users):
    (alice, device), _ = users[0], None
    msg = {"message": {"contentType": "text", "destination": "m1@p.kandy.io", "UUID": uuid(),
                       "message": {"mimeType": "text/plain", "text": "x"}}}
    call(conn, "POST", f"/v1.2/devices/messages?key={alice}&device_id={device}", msg)

def base_state(name, members, devices, queued):
    path = os.path.join(work, f"{name}.json")
    p, conn = start(after_bin, ["--seed", "1", "--state", path])
    users = setup(conn, members, devices)
    if queued:
        fill(conn, users, queued)
    p.send_signal(signal.SIGTERM); p.wait()
    return path, users

def writes(binary, base, users, args, count):
    d = os.path.join(work, "run"); shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
    state = os.path.join(d, "sim.json"); shutil.copy(base, state)
    p, conn = start(binary, ["--state", state] + args)
    for _ in range(3):
        write(conn, users)
    t = time.perf_counter()
    for _ in range(count):
        write(conn, users)
    per = (time.perf_counter() - t) / count
    p.kill(); p.wait()
    return per

QUICK = os.environ.get("QUICK") == "1"
figures = {}
for name, members, devices, queued, counts in [("small", 2, 1, 0, (300, 300)), ("100k", 50, 20, 2_000 if QUICK else 100_000, (300, 12))]:
    base, users = base_state(name, members, devices, queued)
    for label, binary in [("before", before_bin), ("after", after_bin)]:
        none = writes(binary, base, users, [], counts[0])
        n = counts[1] if label == "before" else counts[0]
        always = writes(binary, base, users, ["--persist", "always"], n)
        figures[f"{name}/{label}"] = (none, always)
        print(f"{name} {label}: no persistence {none*1e3:.3f} ms/write, always {always*1e3:.3f} ms/write, ratio {always/none:.1f}", flush=True)

base, users = base_state("1m", 50, 20, 5_000 if QUICK else 1_000_000)
print(f"1M state file: {os.path.getsize(base)/1e6:.0f} MB", flush=True)
for label, binary in [("before", before_bin), ("after", after_bin)] * 2:
    d = os.path.join(work, "run"); shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
    state = os.path.join(d, "sim.json"); shutil.copy(base, state)
    t = time.perf_counter()
    p, conn = start(binary, ["--state", state])
    restart = time.perf_counter() - t
    write(conn, users)
    t = time.perf_counter()
    p.send_signal(signal.SIGTERM); p.wait()
    save = time.perf_counter() - t
    print(f"1M {label}: restart (start to listening) {restart:.2f} s, save (SIGTERM to exit) {save:.2f} s", flush=True)
