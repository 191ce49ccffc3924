#!/usr/bin/env python3
"""SIGKILL the running server under load, again and again, and count acknowledged work that did not survive.

Each round: load threads create users over REST and send messages to them over SMTP, recording everything that was
acknowledged (201, 250 with its queue id); after a random time the server's JVM gets SIGKILL while the load runs; the
database directory is copied aside (for MVStoreTool when something is lost); the server starts again and every
acknowledged user and queue job is looked up. Prints a line per round and a total; exits 1 if anything was lost.

Every second round starts with a clean stop and start (H2 compacts its file when it closes), as a test suite that
restarts the server does before it kills it.

Usage: server-kill.py ROOT DATA_DIR ROUNDS [MIN_S MAX_S]   (ROOT: a built checkout; bin/postroom starts the server)
"""
import base64
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


ROOT, DATA = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
ROUNDS = int(sys.argv[3])
MIN_S, MAX_S = (float(sys.argv[4]), float(sys.argv[5])) if len(sys.argv) > 5 else (5.0, 25.0)
PORTS = {name: free_port() for name in
         ("http", "https", "smtp", "submission", "smtps", "pop3", "pop3s", "imap", "imaps", "broker")}
ENV = dict(os.environ, POSTROOM_DATA_DIR=DATA, POSTROOM_DNS_SERVERS="127.0.0.1:9",
           **{"POSTROOM_%s_PORT" % k.upper(): str(v) for k, v in PORTS.items()})
PIDFILE = os.path.join(ROOT, "liberty/target/liberty/wlp/usr/servers/.pid/postroom.pid")


def launcher(action):
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

    def __init__(self, domain, tag):
        self.domain, self.tag = domain, tag
        self.users, self.jobs = [], []
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
                msg = "From: a@remote.example\r\nTo: %s\r\nSubject: kill %d\r\n\r\n%s\r\n" % (
                    known[0], i, "x" * random.randint(100, 20000))
                smtp.mail("a@remote.example")
                for r in known:
                    smtp.rcpt(r)
                code, reply = smtp.data(msg)
                if code == 250:
                    with self.lock:
                        self.jobs.append(reply.decode(errors="replace").split()[-1])
            except Exception:
                smtp = None  # the kill closes everything; what was not acknowledged does not count


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
    total_lost = 0
    for rnd in range(1, ROUNDS + 1):
        if rnd % 2 == 0:
            launcher("stop")
            launcher("start")
            wait_ready()
        load = Load(domain, "%d" % rnd)
        threads = [threading.Thread(target=load.worker, args=(n,), daemon=True) for n in range(4)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(MIN_S, MAX_S))
        with load.lock:  # nothing is acknowledged after this snapshot counts: the kill follows at once
            users, jobs = list(load.users), list(load.jobs)
            pid = int(open(PIDFILE).read().strip())
            os.kill(pid, signal.SIGKILL)
        load.stop = True
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
        lost = len(lost_users) + len(lost_jobs)
        total_lost += lost
        print("round %d: %d users, %d messages acknowledged; lost %d users %s, %d messages %s; copy %s" % (
            rnd, len(users), len(jobs), len(lost_users), lost_users[-3:], len(lost_jobs), lost_jobs[-3:], copy),
              flush=True)
        if not lost:
            shutil.rmtree(copy, ignore_errors=True)
    launcher("stop")
    print("total lost: %d" % total_lost)
    sys.exit(1 if total_lost else 0)


if __name__ == "__main__":
    main()
