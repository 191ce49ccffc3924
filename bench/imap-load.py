#!/usr/bin/env python3
"""IMAP load for bench/imap.sh: fills mailboxes and drives one IMAP server on loopback with raw sockets.
Output is "key value" lines on stdout; diagnostics go to stderr.
  imap-load.py fill-smtp PORT MESSAGES SIZE RCPT...       one SMTP transaction per message to all RCPTs
  imap-load.py fill-maildir HOME MESSAGES SIZE USER...    the same bytes written into HOME/USER/Maildir/new
  imap-load.py fetch PORT USER PASSWORD                   (1) FETCH throughput, one client, after a warm-up pass
  imap-load.py large PORT USER PASSWORD                   (1b) FETCH ENVELOPE, header SEARCH, STATUS on one large INBOX
  imap-load.py mixed PORT PASSWORD DURATION USER...       (2) one client process per USER for DURATION seconds
  imap-load.py idle PORT PASSWORD COUNT DONE_FILE USER... (3) COUNT sessions in IDLE until DONE_FILE exists
The measured loops use a small literal-aware reader rather than imaplib, which is slow enough to measure itself."""
import multiprocessing
import os
import random
import re
import selectors
import smtplib
import socket
import sys
import time

HOST = "127.0.0.1"
LITERAL = re.compile(rb"\{(\d+)\+?\}$")


def message(size, n, subject="IMAP benchmark"):
    head = ("From: sender@client.test\r\nTo: bench@bench.test\r\nSubject: %s\r\n"
            "Message-ID: <%s@client.test>\r\n\r\n") % (subject, n)
    line = "The quick brown fox jumps over the lazy dog, again and again, for the benchmark.\r\n"
    body = (line * (size // len(line) + 1))[: max(0, size - 120)]
    return (head + body).encode()


def fill_smtp(port, messages, size, rcpts):
    with smtplib.SMTP(HOST, port, timeout=120) as s:
        for n in range(messages):
            s.sendmail("sender@client.test", rcpts, message(size, n))


def fill_maildir(home, messages, size, users):
    for u in users:
        new = os.path.join(home, u, "Maildir", "new")
        for n in range(messages):
            with open(os.path.join(new, "%d.M%dP1.bench" % (1700000000 + n, n)), "wb") as f:
                # the same trace header Postroom prepends, so both serve the same number of bytes
                f.write(("Received: from client.test ([127.0.0.1])\r\n\tby bench.test with ESMTP id X%017d\r\n"
                         "\tfor <%s@bench.test>; Tue, 24 Nov 2026 00:00:00 +0000\r\n" % (n, u)).encode())
                f.write(message(size, n))


class ImapError(Exception):
    pass


class Imap:
    """One blocking IMAP connection. response() returns (text, literal_bytes, literal_count) for one whole response:
    its lines joined with the literals left out."""

    def __init__(self, port, timeout=60):
        self.sock = socket.create_connection((HOST, port), timeout=timeout)
        self.buf = bytearray()
        self.pos = 0
        self.tagn = 0
        self.greeting = self.line()
        if not self.greeting.startswith(b"* OK"):
            raise ImapError("greeting: %r" % self.greeting[:200])

    def fill(self):
        if self.pos:
            del self.buf[: self.pos]
            self.pos = 0
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ImapError("connection closed by the server")
        self.buf += chunk

    def line(self):
        while True:
            i = self.buf.find(b"\r\n", self.pos)
            if i >= 0:
                out = bytes(self.buf[self.pos: i])
                self.pos = i + 2
                return out
            self.fill()

    def response(self):
        parts, nbytes, nlit = [], 0, 0
        while True:
            line = self.line()
            parts.append(line)
            m = LITERAL.search(line)
            if not m:
                return b"".join(parts), nbytes, nlit
            n = int(m.group(1))
            while len(self.buf) - self.pos < n:
                self.fill()
            self.pos += n
            nbytes += n
            nlit += 1

    def command(self, cmd, literal=None, plus=True):
        """Sends one command and reads to its tagged reply. Returns (ok, tagged line, untagged texts, literal bytes,
        literal count). literal is appended as {n+} (LITERAL+) or, with plus=False, after the continuation."""
        self.tagn += 1
        tag = b"t%d" % self.tagn
        if literal is None:
            self.sock.sendall(tag + b" " + cmd + b"\r\n")
        elif plus:
            self.sock.sendall(tag + b" " + cmd + b" {%d+}\r\n" % len(literal) + literal + b"\r\n")
        else:
            self.sock.sendall(tag + b" " + cmd + b" {%d}\r\n" % len(literal))
            while True:
                text, _, _ = self.response()
                if text.startswith(b"+"):
                    break
                if text.startswith(tag + b" "):
                    return False, text, [], 0, 0
            self.sock.sendall(literal + b"\r\n")
        untagged, nbytes, nlit = [], 0, 0
        while True:
            text, b, n = self.response()
            nbytes += b
            nlit += n
            if text.startswith(tag + b" "):
                return text.startswith(tag + b" OK"), text, untagged, nbytes, nlit
            untagged.append(text)

    def must(self, cmd, literal=None, plus=True):
        ok, tagged, untagged, nbytes, nlit = self.command(cmd, literal, plus)
        if not ok:
            raise ImapError("%s -> %s" % (cmd[:60].decode(errors="replace"), tagged[:200].decode(errors="replace")))
        return untagged, nbytes, nlit

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def quoted(s):
    return b'"' + s.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'


def login_cmd(user, password):
    return b"LOGIN " + quoted(user) + b" " + quoted(password)


def capabilities(port, user, password):
    c = Imap(port)
    caps = set()
    for text in c.must(b"CAPABILITY")[0] + c.must(login_cmd(user, password))[0] + c.must(b"CAPABILITY")[0]:
        if text.startswith(b"* CAPABILITY "):
            caps |= set(text.split()[2:])
    c.must(b"LOGOUT")
    c.close()
    return caps


def fetch(port, user, password):
    c = Imap(port)
    c.must(login_cmd(user, password))
    untagged = c.must(b"SELECT INBOX")[0]
    exists = [int(t.split()[1]) for t in untagged if t.endswith(b" EXISTS")][-1]
    uids = [int(x) for t in c.must(b"UID SEARCH ALL")[0] if t.startswith(b"* SEARCH") for x in t.split()[2:]]
    if len(uids) != exists:
        raise ImapError("UID SEARCH ALL gave %d UIDs for %d messages" % (len(uids), exists))
    result = {}
    for recorded in (False, True):  # the first pass: first touch (JIT warmed by the fill); the second: warm
        t0 = time.perf_counter()
        _, nbytes, nlit = c.must(b"UID FETCH 1:* (BODY.PEEK[])")
        t = time.perf_counter() - t0
        if nlit != exists:
            raise ImapError("UID FETCH 1:* (BODY.PEEK[]) returned %d literals for %d messages" % (nlit, exists))
        result.update(bulk_messages=nlit, bulk_seconds=t, bulk_bytes=nbytes)
        t0 = time.perf_counter()
        total = 0
        for uid in uids:
            _, nbytes, nlit = c.must(b"UID FETCH %d (BODY.PEEK[])" % uid)
            if nlit != 1:
                raise ImapError("UID FETCH %d (BODY.PEEK[]) returned %d literals" % (uid, nlit))
            total += nbytes
        t = time.perf_counter() - t0
        result.update(single_messages=len(uids), single_seconds=t, single_bytes=total)
        t0 = time.perf_counter()
        untagged, _, _ = c.must(b"FETCH 1:* (FLAGS ENVELOPE)")
        t = time.perf_counter() - t0
        n = sum(1 for u in untagged if b"ENVELOPE" in u)
        if n != exists:
            raise ImapError("FETCH 1:* (FLAGS ENVELOPE) returned %d envelopes for %d messages" % (n, exists))
        result.update(envelope_messages=n, envelope_seconds=t)
        # The first pass is reported too, apart: data no cache of the server holds yet (first touch after delivery).
        for k, v in result.items():
            print(k if recorded else "first_" + k, v)
    c.must(b"LOGOUT")
    c.close()


def large(port, user, password):
    """One large mailbox: FETCH 1:* (FLAGS ENVELOPE), header SEARCHes and STATUS. Each command's first run is reported
    apart (first touch: the first of its kind on this mailbox since the server started; the messages were just
    delivered), then the best of three warm runs (the machine is shared: the best run is the one least disturbed)."""
    c = Imap(port)
    c.must(login_cmd(user, password))
    untagged = c.must(b"SELECT INBOX")[0]
    exists = [int(t.split()[1]) for t in untagged if t.endswith(b" EXISTS")][-1]

    def envelope():
        n = sum(1 for u in c.must(b"FETCH 1:* (FLAGS ENVELOPE)")[0] if b"ENVELOPE" in u)
        if n != exists:
            raise ImapError("FETCH 1:* (FLAGS ENVELOPE) returned %d envelopes for %d messages" % (n, exists))

    def search(criteria, expected):
        def run():
            found = [x for t in c.must(b"UID SEARCH " + criteria)[0] if t.startswith(b"* SEARCH") for x in t.split()[2:]]
            if len(found) != expected:
                raise ImapError("UID SEARCH %s found %d of %d" % (criteria.decode(), len(found), expected))
        return run

    def status():
        line = [t for t in c.must(b"STATUS INBOX (MESSAGES RECENT UNSEEN)")[0] if t.startswith(b"* STATUS")][0]
        if b"MESSAGES %d " % exists not in line:
            raise ImapError("STATUS gave %r for %d messages" % (line, exists))

    tests = [("envelope", envelope),
             ("search_from", search(b"FROM sender@client", exists)),  # every message matches
             ("search_subject", search(b"SUBJECT nomatch-xyz", 0)),  # none does
             ("status", status)]
    print("large_messages", exists)
    for name, run in tests:
        t0 = time.perf_counter()
        run()
        print("large_%s_first_seconds" % name, time.perf_counter() - t0)
        best = None
        for _ in range(3):
            t0 = time.perf_counter()
            run()
            t = time.perf_counter() - t0
            best = t if best is None else min(best, t)
        print("large_%s_seconds" % name, best)
    c.must(b"LOGOUT")
    c.close()


COMMANDS = ("login", "select", "fetch", "store", "append", "expunge", "logout")


def mixed_client(port, user, password, duration, plus, start, out):
    size = int(os.environ.get("SIZE", "5120"))
    rnd = random.Random(user)
    done = {k: 0 for k in COMMANDS}
    errors = {k: 0 for k in COMMANDS}
    seconds = {k: 0.0 for k in COMMANDS}  # time spent in each kind of command, to see where a loop goes
    samples = []
    start.wait()
    t_end = time.perf_counter() + duration
    n = 0
    current = None

    def run(c, kind, cmd, literal=None):
        nonlocal current
        current = kind
        t0 = time.perf_counter()
        ok, tagged, untagged, _, _ = c.command(cmd, literal, plus)
        t1 = time.perf_counter()
        if t1 <= t_end:
            seconds[kind] += t1 - t0
            if ok:
                done[kind] += 1
            else:
                errors[kind] += 1
                if len(samples) < 5:
                    samples.append("%s: %s -> %s" % (user, cmd[:70].decode(errors="replace"),
                                                     tagged[:200].decode(errors="replace")))
        return ok, tagged, untagged

    while time.perf_counter() < t_end:
        c = None
        current = "login"
        try:
            c = Imap(port)
            if not run(c, "login", login_cmd(user, password))[0]:
                continue
            ok, _, untagged = run(c, "select", b"SELECT INBOX")
            if not ok:
                continue
            exists = [int(t.split()[1]) for t in untagged if t.endswith(b" EXISTS")][-1]
            uidnext = [int(re.search(rb"UIDNEXT (\d+)", t).group(1)) for t in untagged if b"[UIDNEXT " in t]
            k = rnd.randint(1, max(1, exists - 2))
            run(c, "fetch", b"FETCH %d:%d (FLAGS BODY.PEEK[])" % (k, min(exists, k + 2)))
            run(c, "store", b"STORE %d +FLAGS (\\Seen)" % k)
            n += 1
            ok, tagged, _ = run(c, "append", b"APPEND INBOX", message(size, "%s.%d" % (user, n), "mixed load"))
            if ok:
                m = re.search(rb"\[APPENDUID \d+ (\d+)\]", tagged)
                # without UIDPLUS: the appended message is the only one at or above the UIDNEXT seen at SELECT
                uidset = m.group(1) if m else (b"%d:*" % uidnext[0] if uidnext else None)
                if uidset is None:
                    raise ImapError("APPEND gave no APPENDUID and SELECT no UIDNEXT")
                run(c, "store", b"UID STORE " + uidset + b" +FLAGS (\\Deleted)")
                run(c, "expunge", b"EXPUNGE")
            run(c, "logout", b"LOGOUT")
        except (OSError, ImapError, IndexError) as e:
            if time.perf_counter() <= t_end:
                errors[current] += 1
                if len(samples) < 5:
                    samples.append("%s: during %s: %r" % (user, current, e))
        finally:
            if c:
                c.close()
    out.put((done, errors, samples, seconds))


def mixed(port, password, duration, users):
    caps = capabilities(port, users[0], password)
    plus = b"LITERAL+" in caps
    print("literal_plus", int(plus))
    print("uidplus", int(b"UIDPLUS" in caps))
    start = multiprocessing.Barrier(len(users) + 1)
    out = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=mixed_client, args=(port, u, password, duration, plus, start, out))
             for u in users]
    for p in procs:
        p.start()
    start.wait()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    for k in COMMANDS:
        print("ops_" + k, sum(r[0][k] for r in results))
        print("err_" + k, sum(r[1][k] for r in results))
        n = sum(r[0][k] + r[1][k] for r in results)
        print("ms_" + k, "%.2f" % (1000 * sum(r[3][k] for r in results) / n) if n else "-")
    for r in results:
        for s in r[2]:
            print("error sample:", s, file=sys.stderr)


def idle(port, password, count, done_file, users):
    """COUNT sessions, each LOGIN + SELECT INBOX + IDLE pipelined, held until DONE_FILE exists (at most an hour).
    Single-threaded and non-blocking; at most INFLIGHT sessions are being set up at once. Gives up setting up more
    after IDLE_SETUP_SECONDS or when setup has all but stopped, and holds the sessions it has."""
    inflight = int(os.environ.get("INFLIGHT", "200"))
    setup_limit = float(os.environ.get("IDLE_SETUP_SECONDS", "1200"))
    sel = selectors.DefaultSelector()
    socks, opened, idling, failed, dropped = [], 0, 0, 0, 0
    fail_samples = []
    t0 = time.monotonic()

    def fail(s, st, why):
        nonlocal failed
        failed += 1
        st["stage"] = 3
        if len(fail_samples) < 5:
            fail_samples.append(why)
        sel.unregister(s)
        s.close()

    def service(timeout):
        nonlocal idling, dropped
        for key, _ in sel.select(timeout):
            s, st = key.fileobj, key.data
            try:
                data = s.recv(65536)
            except OSError as e:
                data = b""
                err = repr(e)
            else:
                err = "closed by the server"
            if not data:
                if st["stage"] == 2:
                    dropped += 1
                    sel.unregister(s)
                    s.close()
                    st["stage"] = 3
                else:
                    fail(s, st, "stage %d: %s" % (st["stage"], err))
                continue
            if st["stage"] == 2:
                continue  # untagged updates and keep-alives while idling
            st["buf"] += data
            while st["stage"] < 2:
                i = st["buf"].find(b"\r\n")
                if i < 0:
                    break
                line = bytes(st["buf"][:i])
                del st["buf"][: i + 2]
                if st["stage"] == 0:
                    if not line.startswith(b"* OK"):
                        fail(s, st, "greeting %r" % line[:100])
                        break
                    s.sendall(b"a " + login_cmd(st["user"], password) + b"\r\nb SELECT INBOX\r\nc IDLE\r\n")
                    st["stage"] = 1
                elif line.startswith(b"+"):
                    st["stage"] = 2
                    st["buf"] = None
                    idling += 1
                elif line[:2] in (b"a ", b"b ", b"c ") and not line[2:].startswith(b"OK"):
                    fail(s, st, "%r" % line[:160])
                    break

    deadline = t0 + setup_limit
    # a server that runs short of memory can go on setting up sessions at a trickle for a long time: stop setting
    # up once a 30-second window completes fewer than 5% of the sessions the best window did, and hold what is open
    window_start, window_done, best, stalled = t0, 0, 0, False
    while idling + failed < count and time.monotonic() < deadline:
        now = time.monotonic()
        if now - window_start >= 30:
            progress = idling + failed - window_done
            best = max(best, progress)
            if progress < 0.05 * best:
                stalled = True
                break
            window_start, window_done = now, idling + failed
        while opened < count and opened - idling - failed < inflight:
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex((HOST, port))
            st = {"buf": bytearray(), "stage": 0, "user": users[opened % len(users)]}
            sel.register(s, selectors.EVENT_READ, st)
            socks.append(s)
            opened += 1
        service(0.2)
    print("sessions", count)
    print("idling", idling)
    print("failed", failed)
    print("setup_seconds", round(time.monotonic() - t0, 1))
    print("stalled", int(stalled))
    for f in fail_samples:
        print("idle failure sample:", f, file=sys.stderr)
    # one more session while the others are held: LOGIN + SELECT, timed from the connect
    try:
        p0 = time.perf_counter()
        c = Imap(port, timeout=30)
        c.must(login_cmd(users[0], password))
        c.must(b"SELECT INBOX")
        print("probe_ms", round((time.perf_counter() - p0) * 1000, 1))
        c.must(b"LOGOUT")
        c.close()
    except (OSError, ImapError) as e:
        print("probe_ms failed")
        print("probe failure:", repr(e), file=sys.stderr)
    print("HOLDING", flush=True)
    end = time.monotonic() + 3600
    while not os.path.exists(done_file) and time.monotonic() < end:
        service(0.5)
    print("dropped_during_hold", dropped, flush=True)
    for s in socks:
        s.close()


def main():
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == "fill-smtp":
        fill_smtp(int(a[0]), int(a[1]), int(a[2]), a[3:])
    elif cmd == "fill-maildir":
        fill_maildir(a[0], int(a[1]), int(a[2]), a[3:])
    elif cmd == "fetch":
        fetch(int(a[0]), a[1], a[2])
    elif cmd == "large":
        large(int(a[0]), a[1], a[2])
    elif cmd == "mixed":
        mixed(int(a[0]), a[1], float(a[2]), a[3:])
    elif cmd == "idle":
        idle(int(a[0]), a[1], int(a[2]), a[3], a[4:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
