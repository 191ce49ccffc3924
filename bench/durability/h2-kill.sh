#!/usr/bin/env bash
# SIGKILL test of the embedded database alone (ADR 0057): eight threads insert rows (TYPE: BLOB or VARBINARY
# content) and print an id only after its commit and CHECKPOINT + CHECKPOINT SYNC (what DiskSync does before a 250);
# a ninth commits rows without a sync; others update rows all the time and hold a transaction open. The JVM is killed
# after 5-25 s, the database reopened, and every printed id looked up.
#   bench/durability/h2-kill.sh [ROUNDS] [TYPE]     (defaults: 8 VARBINARY(1000000000))
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROUNDS=${1:-8}
TYPE=${2:-"VARBINARY(1000000000)"}
H2V=$(sed -n 's|.*<h2.version>\(.*\)</h2.version>.*|\1|p' "$ROOT/pom.xml") # the H2 the server runs
H2="$HOME/.m2/repository/com/h2database/h2/$H2V/h2-$H2V.jar"
WORK=$(mktemp -d /tmp/postroom-h2kill.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
sed "s/B BLOB)/B $TYPE)/" "$ROOT/bench/durability/H2KillWriter.java" > "$WORK/H2KillWriter.java"
cp "$ROOT/bench/durability/H2KillCheck.java" "$WORK/"
javac -d "$WORK" -cp "$H2" "$WORK"/*.java
mkdir -p "$WORK/db"
for r in $(seq 1 "$ROUNDS"); do
  java -cp "$WORK:$H2" H2KillWriter "$WORK/db" both "r$r" > "$WORK/out-$r.txt" 2> "$WORK/err-$r.txt" & pid=$!
  sleep "$(python3 -c 'import random; print(round(random.uniform(5, 25), 2))')"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  java -cp "$WORK:$H2" H2KillCheck "$WORK/db" "$WORK/out-$r.txt"
done
