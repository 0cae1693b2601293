#!/usr/bin/env python3
"""How low any policy could score a compressed trace: the replica count of every decision
interval chosen knowing the future (no start-up delay, no forecast), by coordinate descent from
`--start` replicas everywhere, on a small re-implementation of the simulator (first come, first
served, log-normal service times, the trace's open-loop schedule, the penalty of
docs/autoscaling.md). A local optimum, so an estimate of the limit, not a proof of it.

    scripts/autoscale-clairvoyant.py traces/diurnal.csv --scale 0.023 --arrivals random
"""
import argparse, math, random

parser = argparse.ArgumentParser()
parser.add_argument("trace")
parser.add_argument("--compress", type=int, default=15)
parser.add_argument("--scale", type=float, default=0.023)
parser.add_argument("--interval", type=float, default=5)
parser.add_argument("--max", type=int, default=6)
parser.add_argument("--start", type=int, default=4)
parser.add_argument("--service-ms", type=float, default=550)
parser.add_argument("--service-cv", type=float, default=0.1)
parser.add_argument("--arrivals", choices=["even", "random"], default="even")
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()

per_second = [int(line.split(",")[1]) for line in open(args.trace) if line[:1].isdigit()]
rates = [sum(per_second[i:i + args.compress]) * args.scale for i in range(0, len(per_second), args.compress)]
intervals = int(len(rates) // args.interval)


def arrivals(seed):
    rnd, carry, out = random.Random(seed), 0.0, []
    for second, rate in enumerate(rates):
        carry += rate
        n = int(math.floor(carry + 1e-9))
        carry -= n
        out += [second + ((k + 0.5) / n if args.arrivals == "even" else rnd.random()) for k in range(n)]
    return sorted(out)


def penalty(schedule, sent, seed):
    rnd = random.Random(seed)
    sigma2 = math.log(1 + args.service_cv ** 2)
    mean = args.service_ms / 1000
    free = [0.0] * args.max  # when each replica is next free; replica j works while j < schedule
    latencies = []
    for t in sent:
        service = mean * math.exp(rnd.gauss(-sigma2 / 2, math.sqrt(sigma2)))
        best = None
        for j in range(args.max):
            start = max(t, free[j])
            while int(start // args.interval) < intervals and j >= schedule[int(start // args.interval)]:
                start = (int(start // args.interval) + 1) * args.interval
            if best is None or start < best[0]:
                best = (start, j)
        start, j = best
        free[j] = start + service
        latencies.append((t, start + service - t))
    sums, counts = [0.0] * intervals, [0] * intervals
    for t, latency in latencies:
        b = min(intervals - 1, int(t // args.interval))
        sums[b] += latency
        counts[b] += 1
    latency_term = sum(c * (s / c) ** 2 for s, c in zip(sums, counts) if c) / sum(counts)
    return latency_term + sum(schedule) / intervals, latency_term, sum(schedule) / intervals


sent = arrivals(args.seed)
schedule = [args.start] * intervals
best = penalty(schedule, sent, args.seed)[0]
improved = True
while improved:
    improved = False
    for i in range(intervals):
        for step in (-1, 1):
            trial = schedule[:]
            trial[i] = max(1, min(args.max, trial[i] + step))
            score = penalty(trial, sent, args.seed)[0]
            if score < best - 1e-9:
                best, schedule, improved = score, trial, True
score, latency, replicas = penalty(schedule, sent, args.seed)
print(f"schedule {schedule}")
print(f"penalty {score:.3f} (latency term {latency:.3f}, average replicas {replicas:.2f})")
