"""Where an order's saga time goes, hop by hop, from the two databases' own timestamps.

Usage: python3 bench/hops.py CUSTOMER_IDS   (a Postgres array literal, e.g. '{id1,id2}')

The timestamps: the order's insert (orders.created_at), the start of the inventory batch that
answered it (reservations.created_at, the transaction's now()), the orders batch that applied the
answer (the STOCK_RESERVED or STOCK_REJECTED timeline step) and the completion. A hop therefore
includes the work of the step before it, its commit, the relay's publish right after that commit,
the broker, and any wait for the next step to start (consumer batch busy, broker backlog).
Then the whole saga's p99 for the orders placed in each second of the run, which shows whether
the tail is spread over the run or comes from a few stalls.
"""
import os
import subprocess
import sys


def query(db, sql):
    # The role's password: its name on hack/infra.sh's PostgreSQL, BENCH_<DB>_PASSWORD elsewhere.
    env = {**os.environ, "PGPASSWORD": os.environ.get(f"BENCH_{db.upper()}_PASSWORD", db)}
    # On standard input: a run's ids make statements far longer than one argument may be.
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", db, "-d", db, "-qAt", "-F", "|", "-f", "-"],
                         input=sql, env=env, capture_output=True, text=True, check=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


def epoch(column):
    return f"extract(epoch from {column})"


def main(customers):
    orders = query("orders", f"""
        select o.id, {epoch('o.created_at')}, {epoch('min(t.at)')}, {epoch('o.completed_at')}
        from orders o join order_timeline t on t.order_id = o.id and t.step in ('STOCK_RESERVED', 'STOCK_REJECTED')
        where o.customer_id = any('{customers}') and o.completed_at is not null
        group by o.id""")
    ids = "{" + ",".join(o[0] for o in orders) + "}"
    answered = dict(query("inventory", f"select order_id, {epoch('created_at')} from reservations "
                                       f"where order_id = any('{ids}')"))
    hops = {name: [] for name in (
        "order committed -> inventory's batch answers it",
        "inventory's batch -> orders' batch applies the answer",
        "orders' batch -> order completed",
        "whole saga")}
    for order_id, created, applied, completed in orders:
        if order_id not in answered:
            continue
        t = [float(created), float(answered[order_id]), float(applied), float(completed)]
        steps = list(hops.values())
        for i, values in enumerate(steps[:-1]):
            values.append(t[i + 1] - t[i])
        steps[-1].append(t[-1] - t[0])
    for name, values in hops.items():
        if values:
            values.sort()
            pick = lambda q: 1000 * percentile(values, q)
            print(f"    hop: {name:54s} p50 {pick(0.5):7.1f} ms  p90 {pick(0.9):7.1f} ms  p99 {pick(0.99):7.1f} ms")
    print("    p99 by second placed (ms):", " ".join(f"{p:.0f}" for p in p99_by_second(orders)))


def p99_by_second(orders):
    """The whole saga's p99 over the orders placed in each second since the first one."""
    created = [(float(o[1]), float(o[3])) for o in orders]
    start = min(c for c, _ in created)
    seconds = {}
    for c, done in created:
        seconds.setdefault(int(c - start), []).append(done - c)
    return [1000 * percentile(sorted(seconds[s]), 0.99) for s in sorted(seconds)]


def percentile(ordered, q):
    """The q-quantile of values already in ascending order."""
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


if __name__ == "__main__":
    main(sys.argv[1])
