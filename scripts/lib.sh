# Shared by interop.sh and bench.sh: start programs on loopback, wait for
# them, and clean up whatever happens. Sourced, not run.

# A scratch folder and a list of process ids, both removed on exit.
work=$(mktemp -d)
chmod 755 "$work" # nginx's worker runs as another user and must read the files
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# free_port: prints a port nothing listens on right now (127.0.0.1).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT: waits up to 5 s until something accepts on 127.0.0.1:PORT.
wait_port() {
    for _ in $(seq 50); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1 after 5 s" >&2
    return 1
}

# start_quest ROOT: starts `quest-solution serve --root ROOT` on a free port
# and sets QUEST_URL (http://127.0.0.1:PORT) and QUEST_PID.
start_quest() {
    "$quest" serve --addr 127.0.0.1:0 --root "$1" >"$work/quest.out" 2>"$work/quest.log" &
    QUEST_PID=$!
    pids+=("$QUEST_PID")
    for _ in $(seq 50); do
        if read -r line <"$work/quest.out" && [ -n "$line" ]; then
            QUEST_URL=${line#listening on }
            return 0
        fi
        sleep 0.1
    done
    echo "quest-solution serve printed no listening line; its log:" >&2
    cat "$work/quest.log" >&2
    return 1
}

# start_nginx ROOT: starts nginx (one worker, logging each request to a file
# as the quest does on stderr) serving ROOT on
# a free port with autoindex under /list/, and sets NGINX_URL and NGINX_PID.
start_nginx() {
    local port conf
    port=$(free_port)
    conf="$work/nginx.conf"
    mkdir -p "$work/nginx"
    cat >"$conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
worker_rlimit_nofile $((${NGINX_CONNECTIONS:-4096} + 64));
events { worker_connections ${NGINX_CONNECTIONS:-4096}; }
http {
    access_log $work/nginx/access.log combined;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    types { text/html html; text/plain txt; application/octet-stream bin; }
    server {
        listen 127.0.0.1:$port;
        root $1;
        location /list/ { alias $1/docs/; autoindex on; }
    }
}
CONF
    nginx -c "$conf" -e "$work/nginx/error.log" &
    NGINX_PID=$!
    pids+=("$NGINX_PID")
    wait_port "$port"
    NGINX_URL="http://127.0.0.1:$port"
}

# start_python ROOT: starts `python3 -m http.server` on a free port and sets
# PYTHON_URL.
start_python() {
    local port
    port=$(free_port)
    python3 -m http.server --bind 127.0.0.1 --directory "$1" "$port" >"$work/python.log" 2>&1 &
    pids+=("$!")
    wait_port "$port"
    PYTHON_URL="http://127.0.0.1:$port"
}

# need TOOL...: stops with a hint when a tool is missing.
need() {
    for tool in "$@"; do
        if ! command -v "$tool" >/dev/null; then
            echo "$tool is missing: run  sudo bash scripts/install-tools.sh" >&2
            exit 2
        fi
    done
}
