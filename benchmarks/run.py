"""Time every stage of ketagraph at each size, beside the plain reference pipeline.

    python benchmarks/run.py [--sizes 10k,100k,1M] [--seed 1] [--reference-max 100k] [--json FILE]

For each size a corpus is generated (benchmarks/generate.py, same seed, same bytes), then two
fresh processes run on it, so that each peak RSS is that run's own:

- ours: load, link, graph, validate (turbo), each export, the competency questions (embedded
  store), and ``ketagraph build`` end to end (every export written, atomically);
- reference: what a user would otherwise write: rdflib parse of the release's N-Triples,
  ``pyshacl.validate`` with defaults on the project's shapes, rdflib serialize to Turtle and
  JSON-LD. Skipped above --reference-max (pySHACL needs minutes there).

Prints one table (seconds, triples/s, peak RSS) and the end-to-end ratio; writes the results
with a description of the machine to --json. Timings are measurements, never assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _size(text: str) -> int:
    text = text.lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * mult)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    def __init__(self) -> None:
        self.stages: list[dict] = []

    def run(self, name: str, fn, triples: int | None = None):
        t = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - t
        self.stages.append(
            {"stage": name, "seconds": round(seconds, 4), "triples": triples, "peak_rss_mib": round(_rss_mib(), 1)}
        )
        return result


def worker_ours(data: Path, out: Path, runs: int) -> dict:
    from ketagraph.checking.shacl import validate
    from ketagraph.reading.graph import build_graph
    from ketagraph.reading.link import link
    from ketagraph.reading.partition import read_statements
    from ketagraph.reading.pipeline import gc_paused
    from ketagraph.reading.records import data_files, load
    from ketagraph.release.build import release_files
    from ketagraph.release.export import FORMATS
    from ketagraph.release.outputs import write_atomic
    from ketagraph.stores.query import list_queries, open_store, run

    # End to end first, as a user runs it: each command in its own process, with its own peak
    # RSS; the median of three runs up to 100k triples (the machine is shared), one above.
    build_seconds, build_rss = _timed_command(["build", "--data", str(data), "--out", str(out)], runs)
    validate_seconds, validate_rss = _timed_command(["validate", "--data", str(data)], runs)

    clock = Clock()
    with gc_paused():  # as ketagraph.reading.pipeline.read_data runs these three stages
        records = clock.run("load", lambda: load(data_files(data)))
        model = clock.run("link", lambda: link(records))
        built = clock.run("graph", lambda: build_graph(model))
    n = len(built)
    for stage in clock.stages:
        stage["triples"] = n
    report = clock.run("validate", lambda: validate(built, locations=built.locations), n)
    # What `ketagraph validate` does instead of the three stages above: from 1 MB of YAML on, in two processes.
    clock.run("validate's read (two processes)", lambda: read_statements(data_files(data)), n)
    for fmt in FORMATS.values():
        clock.run(f"export {fmt.name}", lambda fmt=fmt: fmt.serialize(built), n)
    files = clock.run("release files (all exports, void)", lambda: release_files(built), n)
    clock.run("write atomically", lambda: write_atomic(out.with_name(out.name + "-again"), files), n)
    store = clock.run("embedded store", lambda: open_store(built), n)
    clock.run(
        "competency questions (all)",
        lambda: [run(store, q.text, fmt="turtle" if "CONSTRUCT" in q.text else "json") for q in list_queries()],
        n,
    )
    return {
        "triples": n,
        "violations": report.count("Violation"),
        "stages": clock.stages,
        "build_seconds": round(build_seconds, 3),
        "peak_rss_mib": round(build_rss, 1),
        "validate_seconds": round(validate_seconds, 3),
        "validate_peak_rss_mib": round(validate_rss, 1),
        "stages_peak_rss_mib": round(_rss_mib(), 1),
    }


def _timed_command(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall time of ``ketagraph ARGS`` over ``runs`` fresh processes, and their peak RSS
    (each run's own, from wait4: RUSAGE_CHILDREN would be the maximum over every child so far)."""
    times, rss = [], 0.0
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "ketagraph", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        stderr = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        times.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):  # 1: the data does not conform, which validate reports
            raise RuntimeError(f"ketagraph {' '.join(args)} failed:\n{stderr.decode()[-3000:]}")
        rss = max(rss, usage.ru_maxrss / 1024)
    return sorted(times)[len(times) // 2], rss


def worker_reference(nt: Path, shapes: list[Path]) -> dict:
    import pyshacl
    from rdflib import Graph

    clock = Clock()
    t0 = time.perf_counter()
    g = clock.run("rdflib parse (N-Triples)", lambda: Graph().parse(nt, format="nt"))
    n = len(g)
    clock.stages[-1]["triples"] = n
    sg = Graph()
    for p in shapes:
        sg.parse(p, format="turtle")
    clock.run("pyshacl.validate (defaults)", lambda: pyshacl.validate(g, shacl_graph=sg), n)
    clock.run("rdflib serialize turtle", lambda: g.serialize(format="turtle"), n)
    clock.run("rdflib serialize json-ld", lambda: g.serialize(format="json-ld"), n)
    return {
        "triples": n,
        "stages": clock.stages,
        "total_seconds": round(time.perf_counter() - t0, 3),
        "peak_rss_mib": round(_rss_mib(), 1),
    }


def _subprocess(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"worker failed: {' '.join(args)}\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        model = next(ln for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name"))
        info["cpu"] = model.split(":", 1)[1].strip()
        mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        info["memory_gib"] = round(int(mem.split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    from importlib.metadata import version

    for pkg in ("rdflib", "pyshacl", "pyshacl-turbo", "pyoxigraph", "pyyaml"):
        info[pkg] = version(pkg)
    return info


def _fmt_size(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else f"{n // 1000}k"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10k,100k,1M")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reference-max", type=_size, default=100_000)
    ap.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    ap.add_argument("--worker", choices=["ours", "reference"], help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--runs", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker == "ours":
        print(json.dumps(worker_ours(args.data, args.out, args.runs)))
        return
    if args.worker == "reference":
        shapes = sorted((HERE.parent / "shapes").glob("*.ttl"))
        print(json.dumps(worker_reference(args.data, shapes)))
        return

    sys.path.insert(0, str(HERE))
    import generate

    results = {"machine": machine(), "seed": args.seed, "sizes": []}
    rows = []
    with tempfile.TemporaryDirectory(prefix="ketagraph-bench-") as tmp:
        for size in (_size(s) for s in args.sizes.split(",")):
            data, out = Path(tmp) / f"data-{size}", Path(tmp) / f"dist-{size}"
            t = time.perf_counter()
            info = generate.generate(size, args.seed, data)
            gen_s = time.perf_counter() - t
            runs = "3" if size <= 100_000 else "1"  # the median of three where it is cheap
            ours = _subprocess(["--worker", "ours", "--data", str(data), "--out", str(out), "--runs", runs])
            ref = None
            if size <= args.reference_max:
                ref = _subprocess(["--worker", "reference", "--data", str(out / "ketagraph.nt")])
            entry = {
                "size": size,
                "generate_seconds": round(gen_s, 2),
                "records": info["records"],
                "ours": ours,
                "reference": ref,
                "ratio": round(ref["total_seconds"] / ours["build_seconds"], 1) if ref else None,
            }
            results["sizes"].append(entry)
            rows.append(entry)
            _print_size(entry)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n")
    print("\nend to end, each command in its own process (median of 3 up to 100k, one run above):")
    print(
        f"{'size':>6} {'triples':>9} {'build s':>8} {'triples/s':>10} {'peak MiB':>9} {'reference s':>12} {'ratio':>7}"
        f" {'validate s':>11}"
    )
    for e in rows:
        o, r = e["ours"], e["reference"]
        print(
            f"{_fmt_size(e['size']):>6} {o['triples']:>9,} {o['build_seconds']:>8.2f} "
            f"{o['triples'] / o['build_seconds']:>10,.0f} {o['peak_rss_mib']:>9.0f} "
            f"{(r['total_seconds'] if r else float('nan')):>12.2f} {(str(e['ratio']) + 'x') if r else 'skipped':>7}"
            f" {o['validate_seconds']:>11.2f}"
        )
    print(f"\nresults: {args.json}")


def _print_size(entry: dict) -> None:
    o = entry["ours"]
    print(f"\n== {_fmt_size(entry['size'])}: {o['triples']:,} triples, {entry['records']:,} YAML records ==")
    print(f"{'stage':<40} {'seconds':>9} {'triples/s':>11} {'peak MiB':>9}")
    for s in o["stages"]:
        rate = f"{s['triples'] / s['seconds']:>11,.0f}" if s["triples"] and s["seconds"] else f"{'':>11}"
        print(f"{s['stage']:<40} {s['seconds']:>9.3f} {rate} {s['peak_rss_mib']:>9.0f}")
    if entry["reference"]:
        for s in entry["reference"]["stages"]:
            rate = f"{s['triples'] / s['seconds']:>11,.0f}" if s["triples"] and s["seconds"] else f"{'':>11}"
            print(f"{'ref: ' + s['stage']:<40} {s['seconds']:>9.3f} {rate} {s['peak_rss_mib']:>9.0f}")
    else:
        print("ref: skipped above --reference-max (pySHACL would take minutes; see benchmarks/README.md)")


if __name__ == "__main__":
    main()
