#!/usr/bin/env python3
"""Opens COUNT SMTP connections to HOST:PORT, waits for every 220 greeting, holds them open for HOLD seconds
(printing 'HOLDING' so a caller can measure the server meanwhile), then checks that a fresh connection still gets a
greeting and closes everything. Bounded in count and time; loopback only.
usage: idle-connections.py HOST PORT COUNT HOLD"""
import selectors
import socket
import sys
import time


def main():
    host, port, count, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    if not host.startswith("127.") and host != "localhost":
        sys.exit("loopback only")
    sel = selectors.DefaultSelector()
    socks, greeted, failed = [], 0, 0
    start = time.monotonic()
    for i in range(count):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex((host, port))
        sel.register(s, selectors.EVENT_READ)
        socks.append(s)
        if i % 500 == 499:  # let the server keep up with the accept backlog
            greeted, failed = drain(sel, greeted, failed, 0.05)
    deadline = time.monotonic() + 120
    while greeted + failed < count and time.monotonic() < deadline:
        greeted, failed = drain(sel, greeted, failed, 0.5)
    took = time.monotonic() - start
    print(f"OPEN connections={count} greeted={greeted} failed={failed} seconds={took:.1f}", flush=True)
    print("HOLDING", flush=True)
    time.sleep(hold)
    t0 = time.monotonic()
    probe = socket.create_connection((host, port), timeout=10)
    banner = probe.recv(512).decode("ascii", "replace").strip()
    print(f"PROBE greeting_ms={(time.monotonic() - t0) * 1000:.1f} banner={banner[:60]!r}", flush=True)
    probe.close()
    for s in socks:
        s.close()


def drain(sel, greeted, failed, timeout):
    for key, _ in sel.select(timeout):
        s = key.fileobj
        try:
            data = s.recv(512)
        except OSError:
            data = b""
        sel.unregister(s)
        if data.startswith(b"220"):
            greeted += 1
        else:
            failed += 1
    return greeted, failed


if __name__ == "__main__":
    main()
