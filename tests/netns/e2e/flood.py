#!/usr/bin/env python3
"""Bad input for hipd, from a raw socket: malformed HIP packets (protocol 139)
and ESP packets with random SPIs (protocol 50), sent to one address from one
source address. Deterministic (seeded), bounded by --count.

  flood.py hip|esp SOURCE DESTINATION --count N [--seed S]
"""
import argparse
import random
import socket
import struct


def malformed_hip(rng):
    """Something that looks more or less like HIP and is wrong in some way."""
    kind = rng.randrange(5)
    if kind == 0:  # random bytes of a random length
        return rng.randbytes(rng.randrange(0, 600))
    if kind == 1:  # truncated header
        return rng.randbytes(rng.randrange(1, 40))
    # A HIPv2 fixed header (RFC 7401 §5.1) with random type and HITs, then
    # garbage parameters; the length field, checksum or TLVs are wrong.
    body = rng.randbytes(rng.randrange(0, 400))
    hdr_len = (len(body) + 32) // 8 - 1
    if kind == 2:
        hdr_len = rng.randrange(0, 256)  # length field that does not match
    packet_type = rng.choice([1, 2, 3, 4, 16, 17, 18, 19, rng.randrange(128)])
    hits = b"\x20\x01\x00\x22" + rng.randbytes(12) + b"\x20\x01\x00\x22" + rng.randbytes(12)
    header = struct.pack("!BBBBHH", 59, hdr_len & 0xFF, packet_type & 0x7F,
                         0x21, rng.randrange(65536), 0) + hits
    return header + body


def random_spi_esp(rng):
    spi = rng.randrange(256, 1 << 32)
    seq = rng.randrange(1, 1 << 32)
    return struct.pack("!II", spi, seq) + rng.randbytes(rng.randrange(16, 1200))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["hip", "esp"])
    p.add_argument("source")
    p.add_argument("destination")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    family = socket.AF_INET6 if ":" in a.destination else socket.AF_INET
    proto = 139 if a.what == "hip" else 50
    s = socket.socket(family, socket.SOCK_RAW, proto)
    s.bind((a.source, 0))
    make = malformed_hip if a.what == "hip" else random_spi_esp
    sent = 0
    for _ in range(a.count):
        try:
            s.sendto(make(rng), (a.destination, 0))
            sent += 1
        except OSError:
            pass  # a full socket buffer: the flood goes on
    print(f"sent {sent} {a.what} packets from {a.source} to {a.destination}")


if __name__ == "__main__":
    main()
