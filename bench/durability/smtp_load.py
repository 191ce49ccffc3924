"""SMTP load with a fault in the middle, then a count (issue 14, "faults that lose nothing").

Sends one-recipient messages over SMTP from several connections, runs STOP_CMD after BEFORE seconds, START_CMD
DOWN seconds later, loads AFTER seconds more, then reads the mailbox over IMAP and prints: acknowledged (250),
refused (4xx or closed), delivered, lost (acknowledged, not delivered), duplicated, stored though refused. Exits 1 when
a message was lost or duplicated. Used by db-down-pg.sh and broker-down.sh.

usage: smtp_load.py HTTP SMTP IMAP DATA_DIR BEFORE DOWN AFTER CONNECTIONS STOP_CMD START_CMD WHAT
"""
import base64, collections, imaplib, json, os, re, smtplib, subprocess, sys, threading, time, urllib.request

http, smtp_port, imap_port, data, before, down, after, conns, stop_cmd, start_cmd, what = sys.argv[1:]
before, down, after, conns = int(before), int(down), int(after), int(conns)
admin = open(data + "/admin-password").read()
user_pw = re.search(r"user=(\S+) password=(\S+)", admin).groups()
auth = "Basic " + base64.b64encode(f"{user_pw[0]}:{user_pw[1]}".encode()).decode()

def rest(method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{http}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": auth, "Content-Type": "application/json"})
    return urllib.request.urlopen(req, timeout=30).status

rest("PUT", "/api/domains/dbdown.test")
rest("PUT", "/api/users/victim@dbdown.test", {"password": "correct horse battery"})

results = collections.Counter()
acked, refused, lock = set(), set(), threading.Lock()
outcome = {}  # subject -> what the client saw
stop = threading.Event()
counter = iter(range(10**9))

def client(n):
    s = None
    while not stop.is_set():
        i = next(counter)
        subject = f"dbdown-{i}"
        msg = f"From: load@remote.example\r\nTo: victim@dbdown.test\r\nSubject: {subject}\r\n\r\nbody {i}\r\n"
        try:
            if s is None:
                s = smtplib.SMTP("127.0.0.1", int(smtp_port), timeout=90)
                s.ehlo("load.example")
            s.mail("load@remote.example")
            code, _ = s.rcpt("victim@dbdown.test")
            if code >= 400:
                s.rset(); raise smtplib.SMTPResponseException(code, b"rcpt")
            code, reply = s.data(msg)
            with lock:
                (acked if code == 250 else refused).add(subject)
                results[code // 100 * 100] += 1
                outcome[subject] = f"{code} {reply.decode(errors='replace')} after DATA"
        except smtplib.SMTPResponseException as e:
            with lock:
                refused.add(subject); results[f"{e.smtp_code}"] += 1
                outcome[subject] = f"{e.smtp_code} {e.smtp_error!r}"
            if e.smtp_code == 421:
                s = None
        except Exception as e:
            with lock:
                refused.add(subject); results[type(e).__name__] += 1
                outcome[subject] = f"{type(e).__name__}: {e}"
            s = None
            time.sleep(0.5)

threads = [threading.Thread(target=client, args=(n,)) for n in range(conns)]
for t in threads: t.start()
time.sleep(before)
t0 = time.time(); subprocess.run(stop_cmd, shell=True, check=True, capture_output=True)
print(f"== {what} stopped after {before} s under load; {len(acked)} acknowledged so far", flush=True)
time.sleep(down)
subprocess.run(start_cmd, shell=True, check=True, capture_output=True)
print(f"== {what} back after {time.time() - t0:.0f} s", flush=True)
time.sleep(after)
stop.set()
for t in threads: t.join(120)

def delivered():
    m = imaplib.IMAP4("127.0.0.1", int(imap_port)); m.login("victim@dbdown.test", "correct horse battery")
    exists = int(m.select("INBOX", readonly=True)[1][0])
    subjects = []
    if exists:
        _, fetched = m.fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        subjects = [re.search(rb"Subject: (\S+)", d[1]).group(1).decode() for d in fetched if isinstance(d, tuple)]
    m.logout()
    return subjects

deadline = time.time() + int(os.environ.get('SETTLE', '120'))
while True:
    got = delivered()
    if acked <= set(got) or time.time() > deadline:
        break
    time.sleep(2)
counts = collections.Counter(got)
lost = acked - set(got)
dup = [s for s, c in counts.items() if c > 1]
stored_though_refused = set(got) & refused
print(f"acknowledged {len(acked)}, refused {len(refused)} {dict(results)}, delivered {len(got)}, "
      f"lost {len(lost)}, duplicated {len(dup)}, stored though refused {len(stored_though_refused)}")
for subject in sorted(stored_though_refused):
    print(f"   stored though refused: {subject}: {outcome.get(subject)}")
sys.exit(1 if lost or dup else 0)
