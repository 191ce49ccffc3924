#!/usr/bin/env bash
# The database stopped under SMTP load (issue 14, "faults that lose nothing"), on PostgreSQL.
#
# Starts a throwaway PostgreSQL and the integration build's Liberty server on it, sends messages over SMTP from a few
# connections, stops PostgreSQL for DOWN seconds in the middle, starts it again, then counts: acknowledged (250),
# refused temporarily (4xx, what a real client retries), delivered to the mailbox, lost (acknowledged, not
# delivered), duplicated (delivered twice) and stored although refused (a 4xx whose message arrived anyway: a
# duplicate once the client retries).
#
# Needs: a built integration server (run `mvn verify -pl tests -am -Dit.test=HealthAndOpenApiIT` once; this script
# reuses its Liberty under tests/target/liberty and the ports in its bootstrap.properties), the Debian postgresql
# package, python3. Run from the repository root: bench/durability/db-down-pg.sh [SECONDS_BEFORE] [DOWN] [AFTER]
set -euo pipefail

BEFORE=${1:-10}
DOWN=${2:-30}
AFTER=${3:-15}
CONNECTIONS=${CONNECTIONS:-4}

ROOT=$(pwd)
WLP=$ROOT/tests/target/liberty/wlp
SERVER=postroom-it
BOOT=$WLP/usr/servers/$SERVER/bootstrap.properties
[ -f "$BOOT" ] || { echo "no integration server at $WLP: build it first (see the header)"; exit 2; }
prop() { sed -n "s/^$1=//p" "$BOOT" | tail -n 1; }
HTTP=$(prop postroom.http.port)
SMTP=$(prop postroom.smtp.port)
IMAP=$(prop postroom.imap.port)
DATA=$(prop postroom.data.dir)

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGDIR=$(mktemp -d /tmp/postroom-dbdown.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUNAS=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PGDIR"
  RUNAS=(runuser -u postgres --)
fi
pg() { "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w "$@" >/dev/null; }
cleanup() {
  "$WLP/bin/server" stop "$SERVER" >/dev/null 2>&1 || true
  pg -m immediate stop 2>/dev/null || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT

"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDIR/data" -A trust -U postgres >/dev/null
pg -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1" start
"$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -qc "CREATE DATABASE postroom" >/dev/null
echo "== PostgreSQL on 127.0.0.1:$PGPORT"

rm -rf "$DATA"
export POSTROOM_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postroom"
export POSTROOM_DB_USER=postgres POSTROOM_DB_PASSWORD=unused
"$WLP/bin/server" start "$SERVER" >/dev/null
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$HTTP/health/ready" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$HTTP/health/ready" >/dev/null || { echo "server not ready"; exit 1; }
echo "== server ready on PostgreSQL (smtp $SMTP, imap $IMAP)"

python3 - "$HTTP" "$SMTP" "$IMAP" "$DATA" "$BEFORE" "$DOWN" "$AFTER" "$CONNECTIONS" "$PGDIR" "$PGPORT" \
  "$PGBIN" "${RUNAS[*]:-}" <<'PY'
import base64, collections, imaplib, json, re, smtplib, subprocess, sys, threading, time, urllib.request

http, smtp_port, imap_port, data, before, down, after, conns, pgdir, pgport, pgbin, runas = sys.argv[1:]
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
pg = (runas.split() if runas else []) + [pgbin + "/pg_ctl", "-D", pgdir + "/data", "-w", "-m", "fast"]
t0 = time.time(); subprocess.run(pg + ["stop"], check=True, capture_output=True)
print(f"== PostgreSQL stopped after {before} s under load; {len(acked)} acknowledged so far", flush=True)
time.sleep(down)
subprocess.run((runas.split() if runas else []) + [pgbin + "/pg_ctl", "-D", pgdir + "/data", "-l", pgdir + "/log",
               "-w", "-o", f"-p {pgport} -k {pgdir} -c listen_addresses=127.0.0.1", "start"], check=True,
               capture_output=True)
print(f"== PostgreSQL back after {time.time() - t0:.0f} s", flush=True)
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

deadline = time.time() + 120
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
PY
