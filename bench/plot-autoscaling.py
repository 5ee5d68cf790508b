#!/usr/bin/env python3
"""Plots the autoscaling timeline RealNodeIT records: the backlog the operator read, and inventory's pods.

    python3 bench/plot-autoscaling.py [CSV] [PNG]

CSV defaults to services/integration-tests/target/autoscaling-timeline.csv, PNG to
docs/img/autoscaling-timeline.png. Needs matplotlib (pip install matplotlib).
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "services/integration-tests/target/autoscaling-timeline.csv"
    target = sys.argv[2] if len(sys.argv) > 2 else "docs/img/autoscaling-timeline.png"
    with open(source, newline="") as f:
        rows = list(csv.DictReader(f))
    seconds = [float(r["seconds"]) for r in rows]
    backlog = [int(r["backlog"]) for r in rows]
    replicas = [int(r["replicas"]) for r in rows]
    ready = [int(r["ready"]) for r in rows]

    fig, messages = plt.subplots(figsize=(8, 3.6), dpi=110)
    messages.fill_between(seconds, backlog, step="post", color="#9ecae1", label="backlog (messages, as the operator read it)")
    messages.set_xlabel("seconds since the burst began")
    messages.set_ylabel("messages")
    pods = messages.twinx()
    pods.step(seconds, replicas, where="post", color="#d62728", label="inventory pods asked for")
    pods.step(seconds, ready, where="post", color="#2ca02c", linestyle="--", label="inventory pods ready")
    pods.set_ylabel("pods")
    pods.set_ylim(0, max(replicas + ready) + 1)
    pods.yaxis.get_major_locator().set_params(integer=True)
    handles = messages.get_legend_handles_labels()[0] + pods.get_legend_handles_labels()[0]
    labels = messages.get_legend_handles_labels()[1] + pods.get_legend_handles_labels()[1]
    messages.legend(handles, labels, loc="upper left", fontsize=8)
    messages.set_title("Inventory autoscaled on its queue backlog (real node)", fontsize=10)
    fig.tight_layout()
    fig.savefig(target)
    print(f"wrote {target} from {len(rows)} samples")


if __name__ == "__main__":
    main()
