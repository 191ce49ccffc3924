"""IMAP LOGIN rate of directory users (bench/ldap-login.sh): CLIENTS threads, each connection LOGIN + LOGOUT.

  python3 ldap-login.py PORT PASSWORD_PREFIX USERS CLIENTS PASSES DURATION

Pass "first": every user u1..uUSERS logs in once (nothing cached: directory search, bind, mailbox creation).
Pass "warm": the same users log in again, round robin, for DURATION seconds (login and look-up caches warm).
Prints one line per pass: name, logins, seconds, logins/s, p50 ms, p95 ms, failures."""
import socket
import sys
import threading
import time

port, prefix, users, clients, passes, duration = (int(sys.argv[1]), sys.argv[2], int(sys.argv[3]),
                                                  int(sys.argv[4]), sys.argv[5].split(","), float(sys.argv[6]))


def login(user):
    begin = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        f = s.makefile("rwb")
        if not f.readline().startswith(b"* OK"):
            return None
        f.write(b"a LOGIN %s \"%s-%s\"\r\n" % (user.encode(), prefix.encode(), user.encode()))
        f.flush()
        while True:
            line = f.readline()
            if not line or line.startswith(b"a "):
                break
        ok = line.startswith(b"a OK")
        f.write(b"b LOGOUT\r\n")
        f.flush()
    return time.perf_counter() - begin if ok else None


def run(name, work):
    times, failures, lock = [], [0], threading.Lock()

    def worker():
        while True:
            user = work()
            if user is None:
                return
            t = login(user)
            with lock:
                if t is None:
                    failures[0] += 1
                else:
                    times.append(t)

    begin = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - begin
    times.sort()
    pct = lambda p: times[min(len(times) - 1, int(p * len(times)))] * 1000 if times else 0
    print(f"{name} {len(times)} {seconds:.2f} {len(times) / seconds:.1f} {pct(0.5):.1f} {pct(0.95):.1f} {failures[0]}")


for name in passes:
    lock = threading.Lock()
    if name == "first":
        queue = [f"u{i}" for i in range(users, 0, -1)]

        def work():
            with lock:
                return queue.pop() if queue else None
    else:
        deadline = time.perf_counter() + duration
        counter = [0]

        def work():
            if time.perf_counter() > deadline:
                return None
            with lock:
                counter[0] += 1
                return f"u{counter[0] % users + 1}"
    run(name, work)
