#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole civicase system on this machine: every
# service its own process on loopback, RocksDB under $CIVICASE_HOME (default ~/.civicase).
# Stays in the foreground; Ctrl-C stops every service cleanly. Run again: the data is kept.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export CIVICASE_HOME=${CIVICASE_HOME:-$HOME/.civicase}
home=$CIVICASE_HOME
"$root/deploy/local/install-deps.sh"
"$root/deploy/local/build.sh"
bin=${CIVICASE_BUILD:-$root/build}/bin
base_port=${CIVICASE_BASE_PORT:-7401}
declare -A port=([store]=$base_port [intake]=$((base_port + 1)) [routing]=$((base_port + 2))
                 [deadlines]=$((base_port + 3)) [supervision]=$((base_port + 4))
                 [auth]=$((base_port + 5)))

mkdir -p "$home/data" "$home/keys" "$home/logs"
chmod 700 "$home" "$home/keys"
"$root/deploy/local/make-certs.sh" "$home/certs"
"$bin/civicase-store" --home "$home" --init-keys
"$bin/civicase-auth" --home "$home" --init-keys
if [ ! -f "$home/auth/users.json" ]; then  # first run: one demo user per role (README.md)
  "$bin/civicase-auth" --home "$home" --init-demo-users
fi

cat > "$home/system.json" <<JSON
{
  "store": "127.0.0.1:${port[store]}",
  "intake": "127.0.0.1:${port[intake]}",
  "routing": "127.0.0.1:${port[routing]}",
  "deadlines": "127.0.0.1:${port[deadlines]}",
  "supervision": "127.0.0.1:${port[supervision]}",
  "auth": "127.0.0.1:${port[auth]}",
  "certs": "$home/certs"
}
JSON

pids=()
stop() {
  trap - INT TERM
  echo
  echo "civicase: stopping..."
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  wait || true
  echo "civicase: stopped (data kept in $home)"
}
trap stop INT TERM

start() {  # name, extra args...
  local name=$1
  shift
  "$bin/civicase-$name" --home "$home" --listen "127.0.0.1:${port[$name]}" "$@" \
    2>> "$home/logs/$name.log" &
  pids+=($!)
}
wait_serving() {  # name...: wait for SERVING, or explain why not and stop
  for name in "$@"; do
    if ! "$bin/civicase" health --wait 30 --service "$name" >/dev/null; then
      echo "civicase: $name did not start; the end of $home/logs/$name.log:" >&2
      tail -n 5 "$home/logs/$name.log" >&2
      stop
      exit 1
    fi
  done
}
# People's calls need a token from `civicase login` (README lists the demo users); every service
# checks it and asks the auth service whether it was revoked by a logout.
user_flags=(--auth "127.0.0.1:${port[auth]}")
# CIVICASE_ALLOW_ANONYMOUS=1: let the CLI in without logging in, unchecked (local experiments).
if [ "${CIVICASE_ALLOW_ANONYMOUS:-0}" = 1 ]; then user_flags+=(--allow-anonymous); fi
peers=(--store "127.0.0.1:${port[store]}" "${user_flags[@]}")
store_flags=("${user_flags[@]}")
start auth
start store "${store_flags[@]}"
wait_serving auth store
start routing "${peers[@]}"
start deadlines "${peers[@]}"
start supervision "${peers[@]}"
start intake "${peers[@]}" --routing "127.0.0.1:${port[routing]}" \
  --deadlines "127.0.0.1:${port[deadlines]}"
wait_serving routing deadlines supervision intake
"$bin/civicase" health

cat <<MSG

civicase is running (data and logs in $home).
  store 127.0.0.1:${port[store]}  intake 127.0.0.1:${port[intake]}  routing 127.0.0.1:${port[routing]}
  deadlines 127.0.0.1:${port[deadlines]}  supervision 127.0.0.1:${port[supervision]}
  auth 127.0.0.1:${port[auth]}   (mutual TLS)
Try, in another terminal:
  export PATH="$bin:\$PATH"
  civicase login --user clerk                    # password clerk-demo (README lists every demo user)
  civicase units
  civicase case register --kind complaint --unit hanoi.dongda.pc --filer-name "Nguyễn Văn An" \\
      --filer-id 001085012345 --respondent "Chủ tịch UBND phường Đống Đa" --summary "Khiếu nại quyết định thu hồi đất"
  civicase case list --unit hanoi.dongda.pc
Press Ctrl-C to stop.
MSG
wait
