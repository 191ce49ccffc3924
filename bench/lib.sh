# Shared by the bench/ scripts (source it): free ports and a throwaway Postroom of this checkout.
# Needs ROOT (the checkout) and WORK (a scratch directory) set by the caller.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_postroom DOMAIN USER_PASSWORD USER...: starts the server of this checkout on free loopback ports with its
# data under $WORK/postroom-data, hosts DOMAIN and creates the users. Exports POSTROOM_*_PORT, ADMIN_PASSWORD.
start_postroom() {
  local domain=$1 password=$2 v u
  shift 2
  if "$ROOT/bin/postroom" status >/dev/null 2>&1; then
    echo "a Postroom server of this checkout is already running; stop it first (bin/postroom stop)" >&2; exit 1
  fi
  export POSTROOM_DATA_DIR="$WORK/postroom-data"
  for v in HTTP HTTPS SMTP SUBMISSION SMTPS POP3 POP3S IMAP IMAPS BROKER; do export "POSTROOM_${v}_PORT=$(free_port)"; done
  export POSTROOM_BIND_ADDRESS=127.0.0.1
  ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
  export POSTROOM_ADMIN_USER=admin POSTROOM_ADMIN_PASSWORD=$ADMIN_PASSWORD ADMIN_PASSWORD
  POSTROOM_STARTED=1
  "$ROOT/bin/postroom" start > "$WORK/postroom-start.log" 2>&1 || { cat "$WORK/postroom-start.log" >&2; exit 1; }
  local api="http://127.0.0.1:$POSTROOM_HTTP_PORT/api"
  curl -fs -u "admin:$ADMIN_PASSWORD" -X PUT "$api/domains/$domain" >/dev/null
  for u in "$@"; do
    curl -fs -u "admin:$ADMIN_PASSWORD" -X PUT -H 'Content-Type: application/json' \
      -d "{\"password\":\"$password\",\"displayName\":\"bench\"}" "$api/users/$u@$domain" >/dev/null
  done
}

stop_postroom() {
  "$ROOT/bin/postroom" stop >/dev/null 2>&1 || true
  POSTROOM_STARTED=""
}
