#!/usr/bin/env python3
"""The data disk full (issue 14, "faults that lose nothing"), against the running server.

Mounts a small tmpfs as the integration server's data directory (its H2 database, broker journal and spool), starts
the server on it and then, over SMTP and IMAP:
  1. before: messages go in (250) and are delivered;
  2. full: a file fills the disk to its last byte; every new message must be refused with 452 4.3.1 at MAIL, IMAP
     reads go on, an IMAP APPEND is refused with NO;
  3. filling: the disk has a little more than the floor free (POSTROOM_DATA_MIN_FREE_MB), so MAIL passes; a message
     too big for what is left (the spool fails) and one that fits the spool but not the database then (the database
     write fails) must not get a 250 unless they were stored (the count at the end says);
  4. after: the filler is deleted; new mail is taken again (250), without a restart;
  5. restart: the server is stopped and started on the same disk; the database opens, everything counted as
     acknowledged is there exactly once, nothing refused is, and new mail is taken.
Prints one line per phase and a total; exits 1 when a refused message was acknowledged or stored, an acknowledged
one lost or duplicated, or the server did not take mail after the space came back.

Needs root (mount), a built integration server (run `mvn verify -pl tests -am -Dit.test=HealthAndOpenApiIT` once;
this script reuses its Liberty under tests/target/liberty and the ports in its bootstrap.properties) and python3.
Run from the repository root: bench/durability/disk-full.py [TMPFS_MB] [FLOOR_MB]
"""
import base64
import collections
import imaplib
import json
import os
import re
import smtplib
import subprocess
import sys
import time
import urllib.error
import urllib.request

SIZE_MB = int(sys.argv[1]) if len(sys.argv) > 1 else 96
FLOOR_MB = int(sys.argv[2]) if len(sys.argv) > 2 else 4
MIB = 1024 * 1024
ROOT = os.getcwd()
WLP = os.path.join(ROOT, "tests/target/liberty/wlp")
SERVER = "postroom-it"
BOOT = os.path.join(WLP, "usr/servers", SERVER, "bootstrap.properties")
if not os.path.exists(BOOT):
    sys.exit("no integration server at %s: build it first (see the header)" % WLP)
PROPS = dict(line.strip().split("=", 1) for line in open(BOOT) if "=" in line and not line.startswith("#"))
HTTP, SMTP, IMAP = (int(PROPS["postroom.%s.port" % p]) for p in ("http", "smtp", "imap"))
DATA = PROPS["postroom.data.dir"]
ENV = dict(os.environ, POSTROOM_DATA_MIN_FREE_MB=str(FLOOR_MB))
USER, PASSWORD = "victim@diskfull.test", "correct horse battery"
FILLER = os.path.join(DATA, "filler")


def server(action):
    subprocess.run([os.path.join(WLP, "bin/server"), action, SERVER], env=ENV, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=action == "start")


def wait_ready():
    deadline = time.time() + 240
    while time.time() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health/ready" % HTTP, timeout=5) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(1)
    sys.exit("server not ready")


def rest(method, path, body=None):
    creds = re.search(r"user=(\S+) password=(\S+)", open(os.path.join(DATA, "admin-password")).read()).groups()
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (HTTP, path), method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Basic " + base64.b64encode(
                                     ("%s:%s" % creds).encode()).decode(), "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def free():
    st = os.statvfs(DATA)
    return st.f_bavail * st.f_frsize


acked, refused, outcome = [], [], {}


def send(subject, body_bytes=200):
    """One message on its own connection; returns what the client saw, e.g. '250', '452 4.3.1 at MAIL'."""
    body = ("x" * 75 + "\r\n") * (body_bytes // 77 + 1)
    msg = "From: load@remote.example\r\nTo: %s\r\nSubject: %s\r\n\r\n%s" % (USER, subject, body)
    step = "connect"
    try:
        with smtplib.SMTP("127.0.0.1", SMTP, timeout=120) as s:
            s.ehlo("load.example")
            step = "MAIL"
            code, text = s.mail("load@remote.example")
            if code == 250:
                step = "RCPT"
                code, text = s.rcpt(USER)
            if code == 250:
                step = "DATA"
                code, text = s.data(msg)
            seen = "%d %s at %s" % (code, text.decode(errors="replace")[:40], step)
    except smtplib.SMTPResponseException as e:
        code, seen = e.smtp_code, "%d %s at %s" % (e.smtp_code, e.smtp_error[:40], step)
    except Exception as e:
        code, seen = 0, "%s at %s" % (type(e).__name__, step)
    (acked if code == 250 else refused).append(subject)
    outcome[subject] = seen
    return seen


def imap():
    m = imaplib.IMAP4("127.0.0.1", IMAP)
    m.login(USER, PASSWORD)
    return m


def delivered():
    m = imap()
    exists = int(m.select("INBOX", readonly=True)[1][0])
    subjects = []
    if exists:
        _, fetched = m.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        subjects = [re.search(rb"Subject: (\S+)", d[1]).group(1).decode() for d in fetched if isinstance(d, tuple)]
    m.logout()
    return subjects


def await_delivery(timeout=90):
    deadline = time.time() + timeout
    while True:
        got = delivered()
        if set(acked) <= set(got) or time.time() > deadline:
            return got
        time.sleep(2)


def phase(name, sent):
    seen = collections.Counter(re.sub(r"queued as \S+", "queued", outcome[s]) for s in sent)
    print("%-9s free %6.1f MiB  %s" % (name, free() / MIB, dict(seen)), flush=True)


def fill(leave):
    """Grows the filler until only `leave` bytes are free (0: until the disk refuses a byte more)."""
    with open(FILLER, "ab") as f:
        chunk = b"\0" * MIB
        try:
            while free() - leave > 0:
                f.write(chunk[:max(4096, min(MIB, free() - leave))])
                f.flush()
                os.fsync(f.fileno())
        except OSError:
            pass


def main():
    failures = []
    server("stop")
    subprocess.run(["umount", DATA], stderr=subprocess.DEVNULL)
    subprocess.run(["rm", "-rf", DATA], check=True)
    os.makedirs(DATA)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dm" % SIZE_MB, "tmpfs", DATA], check=True)
    try:
        server("start")
        wait_ready()
        rest("PUT", "/api/domains/diskfull.test")
        assert rest("PUT", "/api/users/" + USER, {"password": PASSWORD}) in (200, 201), "user"
        print("== server on a %d MiB tmpfs, floor %d MiB; %.1f MiB free after start" % (SIZE_MB, FLOOR_MB,
                                                                                          free() / MIB), flush=True)

        before = ["before-%d" % i for i in range(20)]
        for s in before:
            send(s, 5000)
        phase("before", before)
        got = await_delivery()
        if not set(before) <= set(got):
            failures.append("before: not all delivered")

        fill(0)
        full = ["full-%d" % i for i in range(20)]
        for s in full:
            send(s, 5000)
        phase("full", full)
        failures += ["full: %s %s" % (s, outcome[s]) for s in full if not outcome[s].startswith("452 4.3.1")]
        m = imap()
        examine = m.select("INBOX", readonly=True)
        fetch = m.fetch("1:*", "(FLAGS)")[0] if examine[0] == "OK" else "-"
        select = m.select("INBOX")
        append = m.append("INBOX", None, None, b"Subject: appended-full\r\n\r\nx\r\n")
        m.logout()
        print("          IMAP on the full disk: EXAMINE %s, FETCH %s, SELECT %s %s, APPEND %s %s" % (
            examine[0], fetch, select[0], select[1][0][:60], append[0], append[1][0][:60]), flush=True)
        if examine[0] != "OK" or fetch != "OK":
            failures.append("full: IMAP reads refused")
        # an APPEND that H2 could still fit into free pages of its file is stored: it must then survive like any other
        (acked if append[0] == "OK" else refused).append("appended-full")
        outcome["appended-full"] = append[0]

        os.truncate(FILLER, 0)
        fill((FLOOR_MB + 2) * MIB)
        filling = ["spool-fails-0"]
        send(filling[0], 8 * MIB)
        fill((FLOOR_MB + 2) * MIB)
        filling.append("store-fails-0")
        send(filling[1], 4 * MIB)
        phase("filling", filling)  # a 250 here must have been stored: the count after the restart says

        os.remove(FILLER)
        after = ["after-%d" % i for i in range(20)]
        for s in after:
            send(s, 5000)
        phase("after", after)
        failures += ["after: %s %s" % (s, outcome[s]) for s in after if not outcome[s].startswith("250")]
        got = await_delivery()

        server("stop")
        server("start")
        wait_ready()
        restart = ["restart-0"]
        send(restart[0])
        phase("restart", restart)
        failures += ["restart: %s" % outcome[restart[0]]] if not outcome[restart[0]].startswith("250") else []
        got = await_delivery()
        counts = collections.Counter(got)
        lost = [s for s in acked if s not in counts]
        dup = [s for s, c in counts.items() if c > 1]
        stored_refused = [s for s in refused if s in counts]
        print("acknowledged %d, refused %d, delivered %d, lost %d, duplicated %d, stored though refused %d" % (
            len(acked), len(refused), len(got), len(lost), len(dup), len(stored_refused)), flush=True)
        failures += ["lost %s" % lost] if lost else []
        failures += ["duplicated %s" % dup] if dup else []
        failures += ["stored though refused %s" % ["%s (%s)" % (s, outcome[s]) for s in stored_refused]] \
            if stored_refused else []
    finally:
        server("stop")
        subprocess.run(["umount", DATA])
    for f in failures:
        print("FAIL " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
