#!/usr/bin/env python3
"""The clients of scripts/slow-clients.sh, which starts the servers.

  slow-clients.py slow URL EXPECTED_BYTES RATE_KIB_S
      one client on a slow link: a 4 KiB receive buffer set before the
      handshake, reading steadily at RATE KiB/s; prints the body bytes
      received before the server closed, and the seconds it took.
  slow-clients.py idle HOST PORT COUNT PID
      COUNT idle keep-alive connections (each sent one request and read its
      answer), then one active client timing 20 requests; prints the
      server's RSS growth per idle connection and the active latency.
"""
import socket
import sys
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def slow(url, expected, rate_kib):
    host, port, path = parse(url)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((host, port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    started = time.monotonic()
    pause = 4096 / (rate_kib * 1024)
    data = bytearray()
    sock.settimeout(120)
    while True:
        try:
            chunk = sock.recv(4096)
        except (ConnectionResetError, socket.timeout) as error:
            print(f"  stopped by {error!r}")
            break
        if not chunk:
            break
        data += chunk
        time.sleep(pause)
    head_end = data.find(b"\r\n\r\n")
    body = len(data) - head_end - 4 if head_end >= 0 else 0
    verdict = "complete" if body == expected else f"TRUNCATED ({expected - body} bytes lost)"
    print(f"{body} of {expected} body bytes in {time.monotonic() - started:.1f} s: {verdict}")


def read_response(sock, pending):
    """Reads one response with a Content-Length from `sock`; returns the
    bytes after it (the start of the next one, if any)."""
    got = pending
    while True:
        end = got.find(b"\r\n\r\n")
        if end >= 0:
            length = 0
            for line in got[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(got) >= end + 4 + length:
                return got[end + 4 + length:]
        part = sock.recv(65536)
        if not part:
            raise ConnectionError("closed before a whole response")
        got += part


def idle(host, port, count, pid):
    request = f"GET /1k.txt HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    before = rss_kib(pid)
    conns = []
    for _ in range(count):
        sock = socket.create_connection((host, port), timeout=10)
        sock.sendall(request)
        read_response(sock, b"")
        conns.append(sock)
    held = rss_kib(pid)
    active = socket.create_connection((host, port), timeout=10)
    worst = 0.0
    for _ in range(20):
        started = time.monotonic()
        active.sendall(request)
        read_response(active, b"")
        worst = max(worst, time.monotonic() - started)
    per_conn = (held - before) * 1024 / count
    print(f"{count} idle connections held; RSS {before} -> {held} kB, "
          f"{per_conn:.0f} bytes per idle connection; active client's slowest of 20 "
          f"requests {worst * 1000:.1f} ms")
    for sock in conns:
        sock.close()


def parse(url):
    rest = url.split("://", 1)[1]
    authority, _, path = rest.partition("/")
    host, _, port = authority.partition(":")
    return host, int(port or 80), "/" + path


if __name__ == "__main__":
    if sys.argv[1] == "slow":
        slow(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        idle(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
