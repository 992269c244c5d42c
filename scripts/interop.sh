#!/usr/bin/env bash
# The reference quest against real tools, one PASS/FAIL line per step:
#
# * curl, ab -k and wrk against `quest-solution serve`;
# * `quest-solution get` against nginx and `python3 -m http.server`, its
#   output compared byte for byte with curl's.
#
#   bash scripts/install-tools.sh   # once (nginx, wrk, ab)
#   bash scripts/interop.sh
#
# Everything listens on 127.0.0.1 and is stopped when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
need curl ab wrk nginx python3

echo "building the reference (release)"
cargo build --release -q -p quest-solution
quest=$PWD/target/release/quest-solution

failures=0
# check NAME COMMAND...: runs COMMAND, prints PASS or FAIL with its output.
check() {
    local name=$1
    shift
    if out=$("$@" 2>&1); then
        printf 'PASS  %s\n' "$name"
        [ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/      /'
    else
        printf 'FAIL  %s\n' "$name"
        printf '%s\n' "$out" | sed 's/^/      /'
        failures=$((failures + 1))
    fi
    return 0
}

root="$work/root"
mkdir -p "$root/docs"
printf '<!doctype html><title>interop</title><p>hello from the quest</p>\n' >"$root/index.html"
printf 'plain text, %s\n' "$(seq 1 50 | tr '\n' ' ')" >"$root/hello.txt"
head -c 3000000 /dev/urandom >"$root/big.bin"
printf 'a note\n' >"$root/docs/note.txt"

start_quest "$root"
echo "quest-solution serve at $QUEST_URL"

check "curl GET /hello.txt is the file" \
    sh -c "curl -sS --fail '$QUEST_URL/hello.txt' | cmp - '$root/hello.txt'"
check "curl GET /big.bin (3 MB) is the file" \
    sh -c "curl -sS --fail '$QUEST_URL/big.bin' | cmp - '$root/big.bin'"
check "curl HEAD /hello.txt: 200 with Content-Length $(wc -c <"$root/hello.txt")" \
    sh -c "curl -sS -I '$QUEST_URL/hello.txt' | tr -d '\r' | grep -E '^(HTTP/1.1 200|Content-Length: $(wc -c <"$root/hello.txt")$)' | wc -l | grep -qx 2"
check "curl PUT /up.txt: 201, then the file is there" \
    sh -c "[ \"\$(curl -sS -T '$root/hello.txt' -o /dev/null -w '%{http_code}' '$QUEST_URL/up.txt')\" = 201 ] && cmp '$root/up.txt' '$root/hello.txt'"
check "curl DELETE /up.txt: 204, then 404" \
    sh -c "[ \"\$(curl -sS -X DELETE -o /dev/null -w '%{http_code}' '$QUEST_URL/up.txt')\" = 204 ] && [ \"\$(curl -sS -o /dev/null -w '%{http_code}' '$QUEST_URL/up.txt')\" = 404 ]"
check "curl fetches two URLs over one connection" \
    sh -c "curl -sS -v -o /dev/null -o /dev/null '$QUEST_URL/hello.txt' '$QUEST_URL/index.html' 2>&1 | grep -i 're-using existing connection'"
check "curl If-None-Match with the ETag: 304" \
    sh -c "etag=\$(curl -sS -I '$QUEST_URL/hello.txt' | tr -d '\r' | sed -n 's/^ETag: //Ip'); [ \"\$(curl -sS -o /dev/null -w '%{http_code}' -H \"If-None-Match: \$etag\" '$QUEST_URL/hello.txt')\" = 304 ]"

check "ab -k -n 20000 -c 50: no failed or non-2xx requests, all keep-alive" \
    sh -c "ab -q -k -n 20000 -c 50 '$QUEST_URL/hello.txt' >'$work/ab.txt' 2>&1; grep -E 'Failed requests|Keep-Alive requests|Requests per second' '$work/ab.txt'; grep -qE '^Failed requests: +0$' '$work/ab.txt' && ! grep -q 'Non-2xx' '$work/ab.txt' && grep -qE '^Keep-Alive requests: +20000$' '$work/ab.txt'"
check "wrk -t2 -c100 -d5s: no socket errors, no non-2xx" \
    sh -c "wrk -t2 -c100 -d5s '$QUEST_URL/hello.txt' >'$work/wrk.txt' 2>&1; grep -E 'requests in|Requests/sec' '$work/wrk.txt'; ! grep -qE 'Socket errors|Non-2xx' '$work/wrk.txt'"
check "serve is still running after the load" kill -0 "$QUEST_PID"

start_nginx "$root"
start_python "$root"
echo "nginx at $NGINX_URL, python3 -m http.server at $PYTHON_URL"

# compare NAME URL...: get's stdout equals curl's for the same URLs.
compare() {
    local name=$1
    shift
    check "$name" sh -c "'$quest' get $* >'$work/get.out' && curl -sS $* >'$work/curl.out' && cmp '$work/get.out' '$work/curl.out' && echo \"\$(wc -c <'$work/get.out') bytes, identical\""
}
compare "get from nginx: a file" "$NGINX_URL/hello.txt"
compare "get from nginx: three URLs of one origin, in order" "$NGINX_URL/hello.txt" "$NGINX_URL/big.bin" "$NGINX_URL/index.html"
check "get -v: those three URLs used one connection (one connect, two reuses)" \
    sh -c "'$quest' get -v '$NGINX_URL/hello.txt' '$NGINX_URL/big.bin' '$NGINX_URL/index.html' 2>&1 >/dev/null | grep -E '^\* (connecting|reusing)' | sort | uniq -c | tr -s ' ' | tr '\n' ';' | grep -Ex ' 1 \* connecting to [^;]*; 2 \* reusing connection #1;'"
compare "get from nginx: an autoindex listing (chunked)" "$NGINX_URL/list/"
compare "get from nginx: a 404 page" "$NGINX_URL/missing"
compare "get from python3 http.server: a file" "$PYTHON_URL/big.bin"
compare "get from python3 http.server: a listing and a file (HTTP/1.0, one connection each)" "$PYTHON_URL/docs/" "$PYTHON_URL/docs/note.txt"
compare "get from nginx and python3 at once, in argument order" "$PYTHON_URL/hello.txt" "$NGINX_URL/index.html" "$QUEST_URL/hello.txt"
check "get -f from nginx: a 404 exits 22" \
    sh -c "'$quest' get -f '$NGINX_URL/missing' >/dev/null 2>&1; [ \$? -eq 22 ]"
check "get -i from nginx shows nginx's head" \
    sh -c "'$quest' get -i '$NGINX_URL/hello.txt' | tr -d '\r' | grep -E '^(HTTP/1.1 200 OK|Server: nginx.*)$' | wc -l | grep -qx 2"

echo
if [ "$failures" -eq 0 ]; then
    echo "interop: every step passed"
else
    echo "interop: $failures step(s) FAILED"
    exit 1
fi
