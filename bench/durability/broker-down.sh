#!/usr/bin/env bash
# The message broker killed under SMTP load and started again (issue 14, "faults that lose nothing").
#
# Runs the server with an external Artemis broker (POSTROOM_BROKER_EMBEDDED=false; ExternalBroker.java, configured as
# the embedded one), sends messages over SMTP, kills the broker (SIGKILL) after BEFORE seconds, starts it again on
# the same journal DOWN seconds later, loads AFTER seconds more, then counts what smtp_load.py counts.
#
# Needs: a built integration server and EAR (run `mvn verify -pl tests -am -Dit.test=HealthAndOpenApiIT` once; the
# broker runs from ear/target/postroom/lib), python3. From the repository root:
#   bench/durability/broker-down.sh [BEFORE] [DOWN] [AFTER]      (SETTLE=seconds to wait for delivery, default 180)
set -euo pipefail

BEFORE=${1:-10}
DOWN=${2:-20}
AFTER=${3:-15}
CONNECTIONS=${CONNECTIONS:-4}
export SETTLE=${SETTLE:-180}

ROOT=$(pwd)
WLP=$ROOT/tests/target/liberty/wlp
SERVER=postroom-it
BOOT=$WLP/usr/servers/$SERVER/bootstrap.properties
LIB=$ROOT/ear/target/postroom/lib
[ -f "$BOOT" ] && [ -d "$LIB" ] || { echo "no integration server or EAR: build them first (see the header)"; exit 2; }
prop() { sed -n "s/^$1=//p" "$BOOT" | tail -n 1; }
HTTP=$(prop postroom.http.port)
SMTP=$(prop postroom.smtp.port)
IMAP=$(prop postroom.imap.port)
DATA=$(prop postroom.data.dir)
BROKER_PORT=$(prop postroom.broker.port)
WORK=$(mktemp -d /tmp/postroom-brokerdown.XXXXXX)

start_broker() {
  java -cp "$LIB/*" "$ROOT/bench/durability/ExternalBroker.java" "$BROKER_PORT" "$WORK/broker" >>"$WORK/broker.log" 2>&1 &
  echo $! >"$WORK/broker.pid"
  for _ in $(seq 1 60); do
    grep -q "broker started" "$WORK/broker.log" 2>/dev/null && return 0
    sleep 1
  done
  echo "broker did not start"; cat "$WORK/broker.log"; return 1
}
cleanup() {
  "$WLP/bin/server" stop "$SERVER" >/dev/null 2>&1 || true
  [ -f "$WORK/broker.pid" ] && kill -9 "$(cat "$WORK/broker.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_broker
echo "== external broker on 127.0.0.1:$BROKER_PORT"
rm -rf "$DATA"
export POSTROOM_BROKER_EMBEDDED=false
"$WLP/bin/server" start "$SERVER" >/dev/null
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$HTTP/health/ready" >/dev/null && break
  sleep 1
done
curl -sf "http://127.0.0.1:$HTTP/health/ready" >/dev/null || { echo "server not ready"; exit 1; }
echo "== server ready with the external broker (smtp $SMTP, imap $IMAP)"

# the start command runs in smtp_load.py's shell: it needs these
export WORK LIB ROOT BROKER_PORT
STOP='kill -9 $(cat $WORK/broker.pid)'
START='java -cp "$LIB/*" "$ROOT/bench/durability/ExternalBroker.java" $BROKER_PORT $WORK/broker >>$WORK/broker.log 2>&1 & echo $! >$WORK/broker.pid; for i in $(seq 1 60); do [ $(grep -c "broker started" $WORK/broker.log) -ge 2 ] && exit 0; sleep 1; done; exit 1'
python3 "$ROOT/bench/durability/smtp_load.py" "$HTTP" "$SMTP" "$IMAP" "$DATA" "$BEFORE" "$DOWN" "$AFTER" "$CONNECTIONS" \
  "$STOP" "$START" "the broker"
