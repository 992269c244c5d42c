#!/usr/bin/env bash
# Benchmarks: the reference quest side by side with nginx and curl, in one
# run, on this machine. Numbers, not verdicts – compare the columns.
#
#   bash scripts/install-tools.sh   # once (nginx, wrk, GNU time)
#   bash scripts/bench.sh [SECONDS]  # wrk duration per row, default 5
#
# serve: wrk throughput and latency for a small file with 100 and 1000
#        keep-alive connections, and the server's memory (VmRSS) after.
# get:   a 200 MB download and 500 small URLs on one connection, wall time
#        and peak memory (GNU time's maximum resident set size).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
need wrk nginx curl
[ -x /usr/bin/time ] || { echo "GNU time is missing: run sudo bash scripts/install-tools.sh" >&2; exit 2; }
seconds=${1:-5}

echo "building the reference (release)"
cargo build --release -q -p quest-solution
quest=$PWD/target/release/quest-solution

root="$work/root"
mkdir -p "$root"
head -c 1024 /dev/urandom | base64 -w 76 | head -c 1024 >"$root/1k.txt"
head -c 200000000 /dev/zero >"$root/200m.bin"

start_quest "$root"
start_nginx "$root"
# nginx's worker is the child of the master we started.
nginx_worker=$(pgrep -P "$NGINX_PID" | head -1)

rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }
wrk_row() { # NAME URL CONNECTIONS
    wrk -t2 -c"$3" -d"${seconds}s" "$2" 2>&1 |
        awk -v name="$1" -v c="$3" '
            /Latency/ {lat=$2}
            /Requests\/sec/ {rps=$2}
            /Socket errors/ {err=$0}
            END {printf "  %-8s %5d conns  %12s req/s  avg latency %-9s %s\n", name, c, rps, lat, err}'
}

echo
echo "serve: GET /1k.txt, wrk -t2, ${seconds}s per row"
for conns in 100 1000; do
    wrk_row quest "$QUEST_URL/1k.txt" "$conns"
    wrk_row nginx "$NGINX_URL/1k.txt" "$conns"
done
echo "  memory after the runs: quest $(rss "$QUEST_PID"), nginx worker $(rss "$nginx_worker")"

timed() { # NAME COMMAND...: wall time and peak RSS of COMMAND
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" ||
        { echo "  $name failed: $(tail -1 "$work/err.txt")"; return; }
    read -r wall peak <"$work/time.txt"
    printf '  %-6s %8s s   peak %8s kB\n' "$name" "$wall" "$peak"
}

echo
echo "get: one 200 MB file from nginx"
timed quest "$quest" get "$NGINX_URL/200m.bin"
timed curl curl -sS "$NGINX_URL/200m.bin"

urls=()
for i in $(seq 500); do urls+=("$NGINX_URL/1k.txt?n=$i"); done
echo
echo "get: 500 small URLs of one origin from nginx (one keep-alive connection)"
timed quest "$quest" get "${urls[@]}"
timed curl curl -sS "${urls[@]}"
