#!/usr/bin/env python3
"""Expected pipeline scan time for N workers, from a local scan's measured stage times.

    python3 tools/scale/fanout.py scan-out/verdict.json [--workers 1 2 4 10] [--classes 10 100 1000]

A local scan (`aegis scan`, or `aegis bench`) records its stage times in verdict.json. The pipeline
runs the same per-class body (translation, features, t-SNE, mean shift, trigger check) as one job per
class on whichever worker takes it, so a scan of C classes on N workers takes

    prepare (inspection on one worker) + fan-out (C jobs over N workers) + decide + write verdict

where each worker also opens the model's sandbox once (load the model and the training data, extract
the clean features), and each job waits for a worker to poll the queue and for its completion note.
The fan-out's efficiency is the busy time of one worker divided by N times the fan-out's span:
1.0 means every worker computed all the time. The overheads below were measured on this project's
pipeline tests on Azurite (see docs/pipeline.md); pass your own with the options.
"""
import argparse
import json
import math


def schedule(classes: int, workers: int, per_class: float, sandbox_start: float, queue_latency: float) -> float:
    """Span of C equal jobs over N workers taking the next job as they finish (list scheduling)."""
    busy = min(workers, classes)
    rounds = math.ceil(classes / workers)
    return sandbox_start + rounds * (per_class + queue_latency) if busy else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("verdict", help="verdict.json of a local scan of the model (its timingsSeconds)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4, 10])
    parser.add_argument("--classes", type=int, nargs="+", help="class counts to project (default: the scan's own)")
    parser.add_argument("--sandbox-start", type=float, default=4.0, help="seconds a worker needs to open a model's sandbox (load model and data, clean features)")
    parser.add_argument("--queue-latency", type=float, default=1.5, help="seconds between a job's enqueue or completion and the next step (queue polls, completion note)")
    parser.add_argument("--verdict-seconds", type=float, default=6.0, help="seconds WriteVerdict takes per 10 classes (reading features, drawing the evidence)")
    args = parser.parse_args()

    with open(args.verdict) as f:
        verdict = json.load(f)
    t = verdict["timingsSeconds"]
    scanned = max(1, len(verdict.get("classes", [])))
    per_class = (t["translation"] + t["features"] + t["embedding"] + t["clustering"] + t.get("triggerProbe", 0)) / scanned
    prepare = t["robustness"] + args.sandbox_start + 2 * args.queue_latency

    print(f"measured: {scanned} classes, {per_class:.1f} s per class (translation, features, t-SNE, mean shift, trigger check), "
          f"robustness {t['robustness']:.1f} s, local total {t['total']:.1f} s")
    print(f"overheads: sandbox start {args.sandbox_start:.1f} s per worker, queue latency {args.queue_latency:.1f} s per job, "
          f"verdict {args.verdict_seconds:.1f} s per 10 classes\n")
    print(f"{'classes':>7} {'workers':>7} {'fan-out s':>10} {'scan s':>9} {'speed-up':>9} {'fan-out efficiency':>19}")
    for classes in args.classes or [scanned]:
        verdict_seconds = args.verdict_seconds * classes / 10
        one = schedule(classes, 1, per_class, args.sandbox_start, args.queue_latency)
        for workers in args.workers:
            span = schedule(classes, workers, per_class, args.sandbox_start, args.queue_latency)
            total = prepare + span + args.queue_latency + verdict_seconds
            total_one = prepare + one + args.queue_latency + verdict_seconds
            efficiency = classes * per_class / (min(workers, classes) * span)
            print(f"{classes:>7} {workers:>7} {span:>10.1f} {total:>9.1f} {total_one / total:>8.2f}x {efficiency:>19.2f}")


if __name__ == "__main__":
    main()
