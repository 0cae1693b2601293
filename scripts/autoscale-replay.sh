#!/usr/bin/env bash
# A real replay: for each policy in turn, a fresh database on one private PostgreSQL cluster,
# `arbiter serve --role api`, `arbiter autoscale run --actuator local` starting and draining
# worker processes, and `arbiter loadtest` replaying the trace against the API. The policies run
# one after the other in the same invocation (same machine, same hour), ROUNDS times, alternating.
#
#   scripts/autoscale-replay.sh TRACE OUT_DIR [POLICY...]
#
# Environment (defaults in brackets): COMPRESS [6] and SCALE [0.04] shape the trace, ROUNDS [1],
# DURATION [the whole trace] seconds of it, MAX [6] replicas, INTERVAL [10] seconds between decisions, SLOTS [1] jobs per worker,
# SOURCE [print("hello there")] a Python program every request submits (e.g. one that sleeps, so
# that a job holds its worker's slot for as long as the paper's service times on 2 cores),
# ARRIVALS [even] how each second's requests are placed (even, or random as independent users arrive),
# POLICY_ARGS more options for `arbiter autoscale run` (e.g. "--scale-down-hold 30").
# Writes OUT_DIR/TRACE-POLICY-ROUND.{json,csv,svg,log} and -jobs.csv (each job's worker and times), and
# prints a summary line per replay and the slot time of workers' first jobs against later ones.
set -euo pipefail
cd "$(dirname "$0")/.."
trace="$1"; out="$(readlink -f "$2")"; shift 2
[ $# -gt 0 ] && policies=("$@") || policies=(reactive predictive)
compress="${COMPRESS:-6}"; scale="${SCALE:-0.04}"; rounds="${ROUNDS:-1}"
max="${MAX:-6}"; interval="${INTERVAL:-10}"; slots="${SLOTS:-1}"
name="$(basename "$trace" .csv)"
mkdir -p "$out"

root="$(mktemp -d /tmp/arbiter-replay.XXXXXX)"
chown postgres:postgres "$root"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
runuser -u postgres -- "$bin/initdb" -D "$root/pg" -A trust -U postgres -E UTF8 --locale=C --no-instructions >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$root/pg" -l "$root/pg.log" -w -t 60 \
    -o "-p $pg_port -k $root -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
api_pid=""; scaler_pid=""
cleanup() {
    [ -n "$scaler_pid" ] && kill -TERM "$scaler_pid" 2>/dev/null && wait "$scaler_pid" 2>/dev/null || true
    [ -n "$api_pid" ] && kill -TERM "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
    runuser -u postgres -- "$bin/pg_ctl" -D "$root/pg" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$root"
}
trap cleanup EXIT
trap "exit 143" TERM INT

for round in $(seq 1 "$rounds"); do
    for policy in "${policies[@]}"; do
        db="replay_${policy}_${round}"
        psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE $db" >/dev/null
        export ARBITER__STORAGE__PROVIDER=postgres
        export ARBITER__STORAGE__CONNECTIONSTRING="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$db;Timeout=30"
        api_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
        tag="$name-$policy-$round"
        mkdir -p "$root/$tag/api" "$root/$tag/workers" "$out/$tag-workers"
        ./arbiter serve --role api --urls "http://127.0.0.1:$api_port" --data "$root/$tag/api" >"$out/$tag-api.log" 2>&1 &
        api_pid=$!
        until curl -sf "http://127.0.0.1:$api_port/readyz" >/dev/null; do sleep 0.5; done
        # The workers share one data directory across replays (its build and probe caches), as
        # workers on one machine would.
        ./arbiter autoscale run --actuator local --pool py=python3 --policy "$policy" --min 1 --max "$max" \
            --interval "$interval" --slots "$slots" --data "$root/workers-data" --worker-logs "$out/$tag-workers" ${POLICY_ARGS:-} \
            >"$out/$tag-autoscale.log" 2>&1 &
        scaler_pid=$!
        # Start the clock once the first worker takes jobs.
        until curl -sf "http://127.0.0.1:$api_port/api/v1/workers" | grep -q '"python3"'; do sleep 0.5; done
        ./arbiter loadtest --server "http://127.0.0.1:$api_port" --trace "$trace" --compress "$compress" --scale "$scale" \
            ${DURATION:+--duration "$DURATION"} ${SOURCE:+--source "$SOURCE"} ${ARRIVALS:+--arrivals "$ARRIVALS"} --quiet --json --csv "$out/$tag.csv" --svg "$out/$tag.svg" >"$out/$tag.json" 2>"$out/$tag-loadtest.log"
        kill -TERM "$scaler_pid"; wait "$scaler_pid" || true; scaler_pid=""
        kill -TERM "$api_pid"; wait "$api_pid" || true; api_pid=""
        # Every job's worker, its place in that worker's jobs and its times (ms since the epoch):
        # what the load test cannot see, such as a new worker's first jobs (the database goes at exit).
        psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$db" -qc "\copy (select c.worker_id, row_number() over (partition by c.worker_id
            order by c.at) as job, round(extract(epoch from s.created_at) * 1000) as created_ms, round(extract(epoch from c.at) * 1000) as leased_ms,
            round(extract(epoch from j.at) * 1000) as judged_ms from submission_history c join submission_history j on j.submission_id = c.submission_id
            and j.status = 'judged' join submissions s on s.id = c.submission_id where c.status = 'compiling' order by c.at) to '$out/$tag-jobs.csv' csv header" \
            || echo "$tag: could not save the per-job times" >&2
        python3 - "$out/$tag.json" "$tag" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
import csv
rows = list(csv.DictReader(open(sys.argv[1][:-5] + ".csv")))
worker_seconds = sum(float(r["length_s"]) * float(r["replicas"] or 0) for r in rows)
print(f"{sys.argv[2]}: penalty {s['penalty']:.3f} (latency {s['latencyTerm']:.3f}, failed {s['failed']}, "
      f"replicas {s['averageReplicas']:.2f}, max {s.get('maxReplicas')}), sent {s['sent']}, p50 {s['p50Ms']:.0f} ms, p95 {s['p95Ms']:.0f} ms, worker-seconds {worker_seconds:.0f}")
try:
    jobs = list(csv.DictReader(open(sys.argv[1][:-5] + "-jobs.csv")))
except FileNotFoundError:
    jobs = []
def slot(lo, hi):
    held = [float(j["judged_ms"]) - float(j["leased_ms"]) for j in jobs if lo <= int(j["job"]) <= hi]
    return f"{sum(held) / len(held):.0f} ms ({len(held)})" if held else "-"
if jobs:
    print(f"{sys.argv[2]}: slot time by a worker's job: 1-30 {slot(1, 30)}, 31-90 {slot(31, 90)}, later {slot(91, 10**9)}")
EOF
    done
done
