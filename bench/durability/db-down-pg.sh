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

STOP="${RUNAS[*]} $PGBIN/pg_ctl -D $PGDIR/data -w -m fast stop"
START="${RUNAS[*]} $PGBIN/pg_ctl -D $PGDIR/data -l $PGDIR/log -w -o '-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1' start"
python3 "$ROOT/bench/durability/smtp_load.py" "$HTTP" "$SMTP" "$IMAP" "$DATA" "$BEFORE" "$DOWN" "$AFTER" "$CONNECTIONS" \
  "$STOP" "$START" PostgreSQL
