"""Prints, for a time window, how the machine's CPU time split between Orderly's components.

Usage: python3 bench/cpu-split.py SECONDS

Samples utime+stime of every process from /proc at the start and the end of the window and
groups them by what they run; processes that start or end inside the window count partially.
Then the machine's idle time and the steal time (what the hypervisor gave to others: a run that
is slow with the same split may have had less machine).
Each sample is one pass in this process (about 2 ms): a shell loop forking per process took 0.66 s
of CPU for its two samples on an idle machine, inside the measured runs.
"""
import os
import re
import sys
import time

# First match wins, so the services' jars come before the broader patterns.
COMPONENTS = [
    ("orders", re.compile(r"orderly-orders")),
    ("inventory", re.compile(r"orderly-inventory")),
    ("gateway", re.compile(r"orderly-gateway")),
    ("auth", re.compile(r"orderly-auth")),
    ("operator", re.compile(r"orderly-operator")),
    ("load-generator", re.compile(r"loadgen")),
    ("rabbitmq", re.compile(r"beam\.smp|erl_child")),
    ("postgresql", re.compile(r"postgres")),
    ("ingress", re.compile(r"traefik")),
    ("kubernetes", re.compile(r"kube-|kubelet|etcd|containerd|coredns|runc")),
]


def component(cmdline):
    return next((name for name, pattern in COMPONENTS if pattern.search(cmdline)), "other")


def sample():
    """CPU ticks used so far, and the component, of every process: {pid: (ticks, component)}."""
    ticks = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                # The command name may contain spaces and parentheses: the fields follow the last ")".
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read(300).replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # ended while we looked
        # utime and stime are the stat file's 14th and 15th fields, the 12th and 13th after the name.
        ticks[pid] = (int(fields[11]) + int(fields[12]), component(cmdline))
    return ticks


def machine():
    """The machine's idle and steal ticks so far, from /proc/stat's "cpu" line."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    return fields[3], fields[7]


def main(window):
    before, machine_before = sample(), machine()
    time.sleep(window)
    after, machine_after = sample(), machine()
    used = {}
    for pid, (end, name) in after.items():
        start = before.get(pid, (0, name))[0]
        used[name] = used.get(name, 0) + end - start
    tick = os.sysconf("SC_CLK_TCK")
    seconds = window * os.cpu_count() * tick
    for name, ticks in sorted(used.items(), key=lambda item: -item[1]):
        if ticks / tick > 0.05:
            print(f"{name:15s} {100 * ticks / seconds:5.1f}% of {os.cpu_count()} cores")
    idle, steal = (after_ - before_ for after_, before_ in zip(machine_after, machine_before))
    print(f"{'(idle)':15s} {100 * idle / seconds:5.1f}% of {os.cpu_count()} cores")
    print(f"{'(steal)':15s} {100 * steal / seconds:5.1f}% of {os.cpu_count()} cores")


if __name__ == "__main__":
    main(float(sys.argv[1]))
