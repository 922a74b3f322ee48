"""Photos per second: the CLI's batch against photorules.dask on a local cluster of 1 and 2
worker processes (loopback only), on the same folder of real photos.

    scripts/python-package.sh bench [--photos 48] [--profile kz/driving-licence]

The folder holds copies of the test photos in spec-tests/photos (cycled to --photos files).
The CLI figure is one whole `photorules check` process (start-up included), as a user runs it.
Each Dask figure is timed twice: "cold" includes each worker setting up Photorules (models,
plugins), "warm" is a second run on workers that already have it, which is what a long batch
sees. Cluster start-up is not timed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

import photorules.dask as prd

REPO = Path(__file__).resolve().parents[3]
PHOTOS = REPO / "spec-tests" / "photos"
SOURCES = ["obama.jpg", "grace_hopper.jpg", "biden.jpg", "obama2.jpg", "obama3.jpg", "astronaut.png"]


def make_folder(count: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="photorules-bench-"))
    for index in range(count):
        source = PHOTOS / SOURCES[index % len(SOURCES)]
        shutil.copy(source, folder / f"{index:04d}-{source.name}")
    return folder


def cli_batch(cli: Path, folder: Path, profile: str) -> float:
    files = prd.list_folder(folder)
    start = time.perf_counter()
    subprocess.run(
        [str(cli), "--rules", str(REPO / "rules"), "check", "--profile", profile, "--format", "json", *files],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def worker_memory() -> int:
    """Peak resident memory of this worker process (Linux VmHWM), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def dask_batch(workers: int, folder: Path, profile: str) -> tuple[float, float, list[int]]:
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        with Client(cluster) as client:
            parts = workers * 4
            timings = []
            for _ in range(2):
                start = time.perf_counter()
                frame = prd.check_folder(folder, profile, rules_root=REPO / "rules", npartitions=parts).compute()
                timings.append(time.perf_counter() - start)
                assert frame["error"].isna().all(), frame["error"].dropna().tolist()
            memory = sorted(client.run(worker_memory).values())
            return timings[0], timings[1], memory
    finally:
        cluster.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=48)
    parser.add_argument("--profile", default="kz/driving-licence")
    parser.add_argument("--cli", default=str(Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "debug" / "photorules"))
    args = parser.parse_args()
    folder = make_folder(args.photos)
    try:
        cli_seconds = cli_batch(Path(args.cli), folder, args.profile)
        print(f"{args.photos} photos, profile {args.profile}, {os.cpu_count()} cores, CLI {args.cli}")
        print(f"{'run':<28}{'seconds':>10}{'photos/s':>10}")
        print(f"{'CLI batch (one process)':<28}{cli_seconds:>10.2f}{args.photos / cli_seconds:>10.2f}")
        for workers in (1, 2):
            cold, warm, memory = dask_batch(workers, folder, args.profile)
            for label, seconds in (("cold", cold), ("warm", warm)):
                name = f"Dask, {workers} worker{'s' if workers > 1 else ''}, {label}"
                print(f"{name:<28}{seconds:>10.2f}{args.photos / seconds:>10.2f}")
            peaks = ", ".join(f"{m / 2**20:.0f}" for m in memory)
            print(f"{'':<4}peak RSS per worker: {peaks} MiB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
