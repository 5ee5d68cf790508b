"""Where an order's saga time goes, hop by hop, from the two databases' own timestamps.

Usage: python3 bench/hops.py CUSTOMER_IDS   (a Postgres array literal, e.g. '{id1,id2}')

Timestamps are transaction starts (now()): an order's insert and each consumer batch's
transaction. A hop therefore includes the work of the step before it, its commit, the relay's
publish right after that commit, the broker, and any wait for the next step to start (consumer
batch busy, broker backlog).
"""
import os
import subprocess
import sys


def query(db, sql):
    env = {**os.environ, "PGPASSWORD": db}
    # On standard input: a run's ids make statements far longer than one argument may be.
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-U", db, "-d", db, "-qAt", "-F", "|", "-f", "-"],
                         input=sql, env=env, capture_output=True, text=True, check=True).stdout
    return [line.split("|") for line in out.splitlines() if line]


def epoch(column):
    return f"extract(epoch from {column})"


def main(customers):
    orders = query("orders", f"""
        select o.id, {epoch('o.created_at')}, {epoch('o.completed_at')}, ob.message_id
        from orders o join outbox ob on ob.aggregate_id = o.id and ob.routing_key = 'order.placed'
        where o.customer_id = any('{customers}') and o.completed_at is not null""")
    ids = "{" + ",".join(o[0] for o in orders) + "}"
    placed_ids = "{" + ",".join(o[3] for o in orders) + "}"
    inventory_in = dict(query("inventory", f"select message_id, {epoch('received_at')} from inbox "
                                           f"where message_id = any('{placed_ids}')"))
    inventory_out = dict(query("inventory", f"""
        select aggregate_id, message_id from outbox
        where aggregate_id = any('{ids}') and routing_key in ('stock.reserved', 'stock.rejected')"""))
    answer_ids = "{" + ",".join(inventory_out.values()) + "}"
    orders_in = dict(query("orders", f"select message_id, {epoch('received_at')} from inbox "
                                     f"where message_id = any('{answer_ids}')"))
    hops = {name: [] for name in (
        "order committed -> inventory's consumer batch starts",
        "inventory batch -> orders' consumer batch starts",
        "orders batch -> order completed",
        "whole saga")}
    for order_id, created, completed, placed in orders:
        answer = inventory_out.get(order_id)
        if placed not in inventory_in or answer not in orders_in:
            continue
        t = [float(created), float(inventory_in[placed]), float(orders_in[answer]), float(completed)]
        steps = list(hops.values())
        for i, values in enumerate(steps[:-1]):
            values.append(t[i + 1] - t[i])
        steps[-1].append(t[-1] - t[0])
    for name, values in hops.items():
        if values:
            values.sort()
            pick = lambda q: 1000 * values[min(len(values) - 1, int(len(values) * q))]
            print(f"    hop: {name:50s} p50 {pick(0.5):7.1f} ms  p90 {pick(0.9):7.1f} ms  p99 {pick(0.99):7.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
