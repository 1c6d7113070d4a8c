#!/usr/bin/env python3
"""A bounded TCP transfer with a content check, for hipstack's network tests
and demo (no iperf needed): the sender streams a deterministic byte pattern,
the receiver hashes what arrives, both print byte count and SHA-256.

  tcp_transfer.py serve ADDR PORT --timeout S        prints "received N sha256 H"
  tcp_transfer.py send ADDR PORT BYTES --timeout S [--rate B/s]
                                                     prints "sent N sha256 H seconds T"

Exit 0 on a complete transfer, 1 on any error or timeout.
"""
import argparse
import hashlib
import socket
import sys
import time


def pattern(total, block_size=65536):
    """The same bytes on every run: a counter stream, a block at a time."""
    block = bytes((i * 7 + 3) & 0xFF for i in range(block_size))
    sent = 0
    while sent < total:
        chunk = block[: min(len(block), total - sent)]
        sent += len(chunk)
        yield chunk


def family_of(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def serve(args):
    s = socket.socket(family_of(args.addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((args.addr, args.port))
    s.listen(1)
    s.settimeout(args.timeout)
    deadline = time.monotonic() + args.timeout
    conn, _ = s.accept()
    digest = hashlib.sha256()
    n = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("transfer not finished in time")
        conn.settimeout(left)
        data = conn.recv(1 << 16)
        if not data:
            break
        digest.update(data)
        n += len(data)
    print(f"received {n} sha256 {digest.hexdigest()}", flush=True)


def send(args):
    deadline = time.monotonic() + args.timeout
    s = socket.create_connection((args.addr, args.port), timeout=args.timeout)
    digest = hashlib.sha256()
    start = time.monotonic()
    block = 16384 if args.rate else 65536
    done = 0
    for chunk in pattern(args.bytes, block):
        if args.rate:  # paced: a transfer that lasts, to break it on purpose
            due = start + done / args.rate
            if due > time.monotonic():
                time.sleep(due - time.monotonic())
        done += len(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError("transfer not finished in time")
        s.settimeout(max(0.1, deadline - time.monotonic()))
        s.sendall(chunk)
        digest.update(chunk)
    s.shutdown(socket.SHUT_WR)
    # Wait for the receiver to close: everything was delivered.
    s.settimeout(max(0.1, deadline - time.monotonic()))
    while s.recv(4096):
        pass
    took = time.monotonic() - start
    print(f"sent {args.bytes} sha256 {digest.hexdigest()} seconds {took:.3f}", flush=True)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("serve")
    a.add_argument("addr")
    a.add_argument("port", type=int)
    a.add_argument("--timeout", type=float, default=30)
    b = sub.add_parser("send")
    b.add_argument("addr")
    b.add_argument("port", type=int)
    b.add_argument("bytes", type=int)
    b.add_argument("--timeout", type=float, default=30)
    b.add_argument("--rate", type=float, default=0, help="bytes per second (0: as fast as possible)")
    args = p.parse_args()
    try:
        serve(args) if args.cmd == "serve" else send(args)
    except (OSError, TimeoutError) as e:
        print(f"{args.cmd}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
