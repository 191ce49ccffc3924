#!/usr/bin/env python3
"""SIGKILL the running server under mixed SMTP + IMAP load, again and again; count acknowledged work lost or doubled.

Each round: load threads create users over REST and send messages to them over SMTP (each message also to one sink
mailbox); IMAP clients APPEND messages, set flags with UID STORE and delete messages with UID STORE \\Deleted + UID
EXPUNGE, each in its own mailbox. Everything acknowledged is recorded (201, 250 with its queue id, APPEND/STORE/EXPUNGE
OK). After a random time the server's JVM gets SIGKILL while the load runs; the database directory is copied aside
(for MVStoreTool when something is lost); the server starts again and everything acknowledged is checked: users and
queue jobs looked up over REST, each acknowledged SMTP message delivered to the sink exactly once, each acknowledged
APPEND there exactly once, each acknowledged flag set, each acknowledged expunge gone. Prints a line per round and a
total; exits 1 if anything was lost or duplicated.

Every second round starts with a clean stop and start (H2 compacts its file when it closes), as a test suite that
restarts the server does before it kills it.

Usage: server-kill.py ROOT DATA_DIR ROUNDS [MIN_S MAX_S]   (ROOT: a built checkout; bin/postroom starts the server)
       server-kill.py --it ROUNDS [MIN_S MAX_S]   (from the repository root: the integration build's server under
       tests/target/liberty, its ports and data directory from its bootstrap.properties; build it once with
       `mvn verify -pl tests -am -Dit.test=HealthAndOpenApiIT`; POSTROOM_IT_WLP names another copy of that wlp
       directory, e.g. one whose bootstrap.properties has other ports, so that the integration tests can run meanwhile)
"""
import base64
import collections
import imaplib
import json
import os
import random
import re
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


IT = sys.argv[1] == "--it"
if IT:
    WLP = os.path.abspath(os.environ.get("POSTROOM_IT_WLP", "tests/target/liberty/wlp"))
    BOOT = os.path.join(WLP, "usr/servers/postroom-it/bootstrap.properties")
    PROPS = dict(line.strip().split("=", 1) for line in open(BOOT) if "=" in line and not line.startswith("#"))
    PORTS = {k[len("postroom."):-len(".port")]: int(v) for k, v in PROPS.items() if k.endswith(".port")}
    DATA = PROPS["postroom.data.dir"]
    ARGS = sys.argv[2:]
    PIDFILE = os.path.join(WLP, "usr/servers/.pid/postroom-it.pid")
    ENV = dict(os.environ)
else:
    ROOT, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    ARGS = sys.argv[3:]
    PORTS = {name: free_port() for name in
             ("http", "https", "smtp", "submission", "smtps", "pop3", "pop3s", "imap", "imaps", "broker")}
    ENV = dict(os.environ, POSTROOM_DATA_DIR=DATA, POSTROOM_DNS_SERVERS="127.0.0.1:9",
               **{"POSTROOM_%s_PORT" % k.upper(): str(v) for k, v in PORTS.items()})
    PIDFILE = os.path.join(ROOT, "liberty/target/liberty/wlp/usr/servers/.pid/postroom.pid")
ROUNDS = int(ARGS[0])
MIN_S, MAX_S = (float(ARGS[1]), float(ARGS[2])) if len(ARGS) > 2 else (5.0, 25.0)
PASSWORD = "correct horse battery"


def launcher(action):
    if IT:
        subprocess.run([os.path.join(WLP, "bin/server"), action, "postroom-it"], env=ENV, check=True,
                       stdout=subprocess.DEVNULL)
    else:
        subprocess.run([os.path.join(ROOT, "bin/postroom"), action], env=ENV, check=True, stdout=subprocess.DEVNULL)


def admin_auth():
    with open(os.path.join(DATA, "admin-password")) as f:
        m = re.search(r"user=(\S+) password=(\S+)", f.read())
    return "Basic " + base64.b64encode(("%s:%s" % m.groups()).encode()).decode()


def rest(method, path, body=None):
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (PORTS["http"], path), method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": AUTH, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


class Load:
    """Users created (201) and messages accepted (250) before the kill; what was acknowledged must survive it."""

    def __init__(self, domain, tag, sink):
        self.domain, self.tag, self.sink = domain, tag, sink
        self.users, self.jobs, self.subjects = [], [], []
        self.lock = threading.Lock()
        self.stop = False

    def worker(self, n):
        i = 0
        smtp = None
        while not self.stop:
            i += 1
            try:
                user = "u%s-%d-%d@%s" % (self.tag, n, i, self.domain)
                if rest("PUT", "/api/users/" + user, {"password": "correct horse battery"}) != 201:
                    continue
                with self.lock:
                    self.users.append(user)
                with self.lock:
                    known = random.sample(self.users, min(3, len(self.users)))
                if smtp is None:
                    smtp = smtplib.SMTP("127.0.0.1", PORTS["smtp"], timeout=30)
                    smtp.ehlo("kill.test")
                subject = "smtp-%s-%d-%d" % (self.tag, n, i)
                msg = "From: a@remote.example\r\nTo: %s\r\nSubject: %s\r\n\r\n%s\r\n" % (
                    known[0], subject, "x" * random.randint(100, 20000))
                smtp.mail("a@remote.example")
                for r in known + [self.sink]:
                    smtp.rcpt(r)
                code, reply = smtp.data(msg)
                if code == 250:
                    with self.lock:
                        self.jobs.append(reply.decode(errors="replace").split()[-1])
                        self.subjects.append(subject)
            except Exception:
                smtp = None  # the kill closes everything; what was not acknowledged does not count


def imap_login(user):
    m = imaplib.IMAP4("127.0.0.1", PORTS["imap"], timeout=30)
    m.login(user, PASSWORD)
    return m


def appended_uid(response):
    m = re.search(rb"APPENDUID \d+ (\d+)", response[1][0] or b"")
    return int(m.group(1)) if m else None


class ImapLoad:
    """IMAP clients, one mailbox each: APPEND, flag with UID STORE, delete with UID STORE \\Deleted + UID EXPUNGE.

    What is recorded was acknowledged (tagged OK) before the kill: appended subjects (must be there exactly once), flagged
    UIDs (must carry \\Flagged), expunged UIDs (must be gone)."""

    def __init__(self, users, tag):
        self.users, self.tag = users, tag
        self.appended = collections.defaultdict(list)  # user -> (subject, uid)
        self.flagged = collections.defaultdict(list)  # user -> uids
        self.expunged = collections.defaultdict(list)  # user -> uids
        self.doomed = collections.defaultdict(list)  # user -> uids whose deletion was sent (acknowledged or not)
        self.lock = threading.Lock()
        self.stop = False

    def append(self, m, user, subject):
        msg = ("From: imap@kill.test\r\nSubject: %s\r\n\r\n%s\r\n" % (subject, "y" * random.randint(100, 8000)))
        typ, data = m.append("INBOX", None, None, msg.encode())
        if typ != "OK":
            return None
        uid = appended_uid((typ, data))
        with self.lock:
            self.appended[user].append((subject, uid))
        return uid

    def worker(self, user, kind):
        i = 0
        m = None
        while not self.stop:
            i += 1
            try:
                if m is None:
                    m = imap_login(user)
                    m.select("INBOX")
                uid = self.append(m, user, "%s-%s-%d" % (kind, self.tag, i))
                if uid is None:
                    continue
                if kind == "flag":
                    typ, _ = m.uid("STORE", str(uid), "+FLAGS", "(\\Flagged)")
                    if typ == "OK":
                        with self.lock:
                            self.flagged[user].append(uid)
                elif kind == "expunge":
                    with self.lock:
                        self.doomed[user].append(uid)
                    typ, _ = m.uid("STORE", str(uid), "+FLAGS", "(\\Deleted)")
                    if typ == "OK":
                        typ, _ = m.uid("EXPUNGE", str(uid))
                        if typ == "OK":
                            with self.lock:
                                self.expunged[user].append(uid)
            except Exception:
                m = None  # the kill closes everything; what was not acknowledged does not count


def mailbox(user):
    """uid -> (subject, flags) of every message in the user's INBOX."""
    m = imap_login(user)
    exists = int(m.select("INBOX", readonly=True)[1][0])
    found = {}
    if exists:
        _, data = m.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        for d in data:
            if isinstance(d, tuple):
                uid = int(re.search(rb"UID (\d+)", d[0]).group(1))
                flags = re.search(rb"FLAGS \(([^)]*)\)", d[0]).group(1).decode()
                subject = re.search(rb"Subject: (\S+)", d[1]).group(1).decode()
                found[uid] = (subject, flags)
    m.logout()
    return found


def wait_ready():
    deadline = time.time() + 240
    while time.time() < deadline:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health/ready" % PORTS["http"], timeout=5) as r:
                if r.status == 200:
                    return
        except Exception:
            pass
        time.sleep(0.5)
    raise SystemExit("server not ready")


def main():
    global AUTH
    os.makedirs(DATA, exist_ok=True)
    launcher("start")
    wait_ready()
    AUTH = admin_auth()
    domain = "kill%d.test" % random.randint(0, 10 ** 6)
    assert rest("PUT", "/api/domains/" + domain) in (200, 201, 204), "domain"
    sink = "sink@" + domain
    imap_users = {kind: "%s@%s" % (kind, domain) for kind in ("append", "flag", "expunge")}
    for user in [sink] + list(imap_users.values()):
        assert rest("PUT", "/api/users/" + user, {"password": PASSWORD}) == 201, user
    all_lost, all_dup = set(), set()  # every check covers all rounds so far: count each item once
    smtp_acked = []  # every round's acknowledged SMTP subjects, each to be in the sink exactly once
    imap_acked = ImapLoad(imap_users, "all")
    for rnd in range(1, ROUNDS + 1):
        if rnd % 2 == 0:
            launcher("stop")
            launcher("start")
            wait_ready()
        load = Load(domain, "%d" % rnd, sink)
        imap_load = ImapLoad(imap_users, "%d" % rnd)
        threads = [threading.Thread(target=load.worker, args=(n,), daemon=True) for n in range(3)]
        threads += [threading.Thread(target=imap_load.worker, args=(user, kind), daemon=True)
                    for kind, user in imap_users.items()]
        for t in threads:
            t.start()
        time.sleep(random.uniform(MIN_S, MAX_S))
        with load.lock, imap_load.lock:  # nothing acknowledged after this snapshot counts: the kill follows at once
            users, jobs, subjects = list(load.users), list(load.jobs), list(load.subjects)
            for name in ("appended", "flagged", "expunged", "doomed"):
                for user, items in getattr(imap_load, name).items():
                    getattr(imap_acked, name)[user].extend(items)
            pid = int(open(PIDFILE).read().strip())
            os.kill(pid, signal.SIGKILL)
        load.stop = imap_load.stop = True
        smtp_acked.extend(subjects)
        while True:
            try:
                os.kill(pid, 0)
                time.sleep(0.05)
            except ProcessLookupError:
                break
        copy = "%s-kill-%d" % (DATA.rstrip("/"), rnd)
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(os.path.join(DATA, "h2"), copy)
        launcher("start")
        wait_ready()
        lost_users = [u for u in users if rest("GET", "/api/users/" + u) != 200]
        lost_jobs = [j for j in jobs if rest("GET", "/api/queue/" + j) != 200]
        # the sink: every acknowledged SMTP message delivered, once (delivery resumes after the restart)
        deadline = time.time() + 180
        while True:
            sink_count = collections.Counter(subject for subject, _ in mailbox(sink).values())
            if all(sink_count[x] for x in smtp_acked) or time.time() > deadline:
                break
            time.sleep(2)
        lost_smtp = [x for x in smtp_acked if not sink_count[x]]
        dup_smtp = [x for x, c in sink_count.items() if c > 1]
        lost_imap, dup_imap = [], []
        for kind, user in imap_users.items():
            box = mailbox(user)
            count = collections.Counter(subject for subject, _ in box.values())
            expunged = set(imap_acked.expunged[user])
            # a message whose deletion was sent may be gone though the OK never arrived (the kill came in between)
            doomed = set(imap_acked.doomed[user])
            lost_imap += ["append %s" % x for x, uid in imap_acked.appended[user] if not count[x] and uid not in doomed]
            dup_imap += ["append %s" % x for x, c in count.items() if c > 1]
            lost_imap += ["flag %s/%d" % (user, u) for u in imap_acked.flagged[user]
                          if u not in box or "\\Flagged" not in box[u][1]]
            lost_imap += ["expunge %s/%d" % (user, u) for u in expunged if u in box]
        lost = len(lost_users) + len(lost_jobs) + len(lost_smtp) + len(lost_imap)
        dup = len(dup_smtp) + len(dup_imap)
        all_lost.update(lost_users + lost_jobs + lost_smtp + lost_imap)
        all_dup.update(dup_smtp + dup_imap)
        print("round %d: acknowledged %d users, %d messages; IMAP so far %d appends, %d flags, %d expunges; "
              "lost %d users %s, %d jobs %s, %d deliveries %s, IMAP %d %s; duplicated %d %s; copy %s" % (
                  rnd, len(users), len(jobs), sum(map(len, imap_acked.appended.values())),
                  sum(map(len, imap_acked.flagged.values())), sum(map(len, imap_acked.expunged.values())),
                  len(lost_users), lost_users[-3:], len(lost_jobs), lost_jobs[-3:], len(lost_smtp), lost_smtp[-3:],
                  len(lost_imap), lost_imap[-3:], dup, (dup_smtp + dup_imap)[-3:], copy), flush=True)
        if not lost and not dup:
            shutil.rmtree(copy, ignore_errors=True)
    launcher("stop")
    print("total: %d SMTP messages acknowledged, IMAP %d appends, %d flags, %d expunges; lost %d, duplicated %d" % (
        len(smtp_acked), sum(map(len, imap_acked.appended.values())), sum(map(len, imap_acked.flagged.values())),
        sum(map(len, imap_acked.expunged.values())), len(all_lost), len(all_dup)))
    for item in sorted(all_lost):
        print("   lost: %s" % item)
    sys.exit(1 if all_lost or all_dup else 0)


if __name__ == "__main__":
    main()
