#!/usr/bin/env bash
# Slow and idle clients: the reference quest next to nginx, in one run.
#
#   bash scripts/install-tools.sh        # once (nginx, python3)
#   bash scripts/slow-clients.sh [RATE_KIB_S] [IDLE_CONNECTIONS]
#
# slow: a client with a 4 KiB receive buffer reads a 4 MiB file at RATE
#       KiB/s (default 50, a slow mobile link: about 110 s) with
#       `Connection: close`; every byte must arrive, with both servers on
#       their default options. (A reference that counted only its own
#       writes as progress lost 1.4 MB of the file here: for more than its
#       5 s idle timeout at a time, the kernel's full send buffer drained
#       without a write of ours succeeding.)
# idle: IDLE_CONNECTIONS (default 10000) keep-alive connections sit idle
#       while one active client is timed; the server's RSS growth per idle
#       connection is printed. The reference runs with --idle-timeout 60
#       so that the idle ones are still held while it is measured; nginx's
#       keepalive_timeout is 75 s.
# Takes about four minutes. Needs `ulimit -n` above IDLE_CONNECTIONS + 100: the
# script raises the soft limit to the hard one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
need nginx python3
rate=${1:-50}
idle=${2:-10000}
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -le $((idle + 100)) ]; then
    echo "ulimit -n is $(ulimit -n): too few descriptors for $idle idle connections" >&2
    exit 2
fi

echo "building the reference (release)"
cargo build --release -q -p quest-solution
quest=$PWD/target/release/quest-solution

root="$work/root"
mkdir -p "$root"
head -c 4194304 /dev/urandom >"$root/4m.bin"
head -c 1024 /dev/urandom | base64 -w 76 | head -c 1024 >"$root/1k.txt"
NGINX_CONNECTIONS=$((idle + 1024))
start_quest "$root"
start_nginx "$root"

echo
echo "slow: 4 MiB to a reader at $rate KiB/s, default options"
printf '  %-6s ' quest
python3 scripts/slow-clients.py slow "$QUEST_URL/4m.bin" 4194304 "$rate"
printf '  %-6s ' nginx
python3 scripts/slow-clients.py slow "$NGINX_URL/4m.bin" 4194304 "$rate"
kill "$QUEST_PID"

echo
echo "idle: $idle idle keep-alive connections and one active client"
"$quest" serve --addr 127.0.0.1:0 --root "$root" --idle-timeout 60 >"$work/quest2.out" 2>/dev/null &
QUEST_PID=$!
pids+=("$QUEST_PID")
for _ in $(seq 50); do
    if read -r line <"$work/quest2.out" && [ -n "$line" ]; then break; fi
    sleep 0.1
done
port=${line##*:}
nginx_worker=$(pgrep -P "$NGINX_PID" | head -1)
nginx_port=${NGINX_URL##*:}
printf '  %-6s ' quest
python3 scripts/slow-clients.py idle 127.0.0.1 "$port" "$idle" "$QUEST_PID"
printf '  %-6s ' nginx
python3 scripts/slow-clients.py idle 127.0.0.1 "$nginx_port" "$idle" "$nginx_worker"
