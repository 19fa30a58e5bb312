"""Start-up of the offline bundle against the source checkout. Run: .venv/bin/python bench/bundle_bench.py

    [--bundle DIR]     the bundle folder (default dist/confidant; build it with packaging/build.py)
    [--build]          build a fresh bundle into a temp dir first, and report how long that took
    [--runs N]         samples per command and side (default 5), alternating bundle and source
    [--drop-caches]    as root on Linux: drop the page cache before every sample (true cold starts)

For three commands — `confidant --version`, `confidant --self-test`, and the GUI up to its first window
(QT_QPA_PLATFORM=offscreen, CONFIDANT_QUIT_AFTER_SHOWN=1: the window is shown, then closed) — it reports the
first sample (cold unless caches were warm already), the median, and the ratio bundle / source, the baseline
being the same command from the source tree (`python -m app`) measured in the same run. Each sample is the
wall time of the whole process, so "first window" includes closing it again: an upper bound.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "--version": (["--version"], {}),
    "--self-test": (["--self-test"], {}),
    "GUI to first window": ([], {"CONFIDANT_QUIT_AFTER_SHOWN": "1"}),
}


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")


def sample(command: list[str], env: dict[str, str], cold: bool) -> float:
    if cold:
        drop_caches()
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT, timeout=600)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    return elapsed


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "confidant")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--drop-caches", action="store_true")
    args = parser.parse_args()

    bundle = args.bundle
    temp = None
    if args.build:
        temp = tempfile.TemporaryDirectory(prefix="confidant-bench-")
        started = time.perf_counter()
        subprocess.run([sys.executable, "packaging/build.py", "--dist", f"{temp.name}/dist", "--work",
                        f"{temp.name}/work", "--no-archive", "--no-self-test"], cwd=ROOT, check=True,
                       capture_output=True)
        print(f"build (PyInstaller, no archive): {time.perf_counter() - started:.0f} s")
        bundle = Path(temp.name) / "dist" / "confidant"
    program = bundle / ("confidant.exe" if os.name == "nt" else "confidant")
    if not program.exists():
        raise SystemExit(f"No bundle at {bundle}: build one with `.venv/bin/python packaging/build.py`, or pass "
                         "--build.")
    print(f"bundle {bundle}: {folder_size(bundle) / 1e6:.0f} MB; {os.cpu_count()} CPUs; {args.runs} runs each"
          f"{', page cache dropped before each' if args.drop_caches else ''}\n")

    with tempfile.TemporaryDirectory(prefix="confidant-bench-home-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONFIDANT_HOME": home}
        print("| command | bundle first | bundle median | source first | source median | ratio (median) |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, (extra, more_env) in COMMANDS.items():
            times: dict[str, list[float]] = {"bundle": [], "source": []}
            for _ in range(args.runs):
                for side, base in (("bundle", [str(program)]), ("source", [sys.executable, "-m", "app"])):
                    times[side].append(sample([*base, *extra], {**env, **more_env}, args.drop_caches))
            b, s = times["bundle"], times["source"]
            print(f"| `{label}` | {b[0]:.2f} s | {statistics.median(b):.2f} s | {s[0]:.2f} s | "
                  f"{statistics.median(s):.2f} s | {statistics.median(b) / statistics.median(s):.2f}× |")
    if temp is not None:
        temp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
