"""Speed, start-up, cache, memory and output size of ``auditor scan``, all from one run.

Every number is a ratio within this run (the machine is shared, absolute times are noisy):

1. per input class (prose, dense figures, one huge line, many tiny files): CPU seconds of
   ``auditor scan --format json`` (a subprocess, its workers included) against CPU seconds
   of ``jieba.lcut`` over the same texts in this process (stock jieba, dictionary loaded
   beforehand); "net" subtracts the CPU of the same scan over one tiny file (start-up);
2. ``--jobs 1`` against ``--jobs N`` (wall) on a few hundred prose reports;
3. start-up: wall time of ``auditor check`` on a small report and of ``auditor explain``
   (best of 5; byte-code caches warm, as after an install);
4. the cached rescan of an unchanged 500-document folder against its first scan (wall);
5. peak RSS (largest process) of a scan of 100 and of 10,000 small documents, locally and
   with ``--executor dask``;
6. the fault corpus (``tests/builders.make_fault_corpus`` plus the heavy files of
   ``benchmarks/input_classes.write_heavy_files``) scanned in all formats: wall time,
   files that hit the time limit, and output bytes per input byte for each format.

Usage: ``nice python benchmarks/throughput.py [--quick] [--no-dask] [--keep] [--profile N]``.
Plain output; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from input_classes import dense_text, prose_texts, tiny_texts, write_heavy_files  # noqa: E402

SCAN_JSON = ["--format", "json", "--no-cache", "--fail-on", "never", "--quiet"]


def auditor_command() -> list[str]:
    """The console script next to this interpreter (the venv's ``auditor``)."""
    script = Path(sys.executable).with_name("auditor")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from auditor.cli import main; main()"]


def child_environment(work: Path) -> dict[str, str]:
    """Byte code cached in ``work`` (as an installed tool has it), caches in ``work``."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["AUDITOR_CACHE_DIR"] = str(work / "user-cache")
    return env


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, int, int]:
    """Run ``command``; (wall seconds, CPU seconds of it and its children, peak RSS MB, exit code)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if code not in (0, 1):
        print(f"  !! exit {code}: {' '.join(command[-8:])}\n{error[-2000:]}", file=sys.stderr)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, code


def write_texts(folder: Path, texts: list[str], stem: str = "doc") -> list[Path]:
    """Each text to its own UTF-8 file."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, text in enumerate(texts):
        path = folder / f"{stem}{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def lcut_seconds(texts: list[str]) -> float:
    """CPU seconds of stock ``jieba.lcut`` over ``texts`` (dictionary loaded beforehand)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    started = time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.process_time() - started


def unique_prose(count: int) -> list[str]:
    """``count`` prose reports, each copy made distinct by a line at its end."""
    base = prose_texts()
    return [base[i % len(base)] + f"\n（第 {i} 份）\n" for i in range(count)]


# ----------------------------------------------------------------------------- sections


def input_classes(work: Path, auditor: list[str], env: dict[str, str], quick: bool) -> None:
    scale = 0.25 if quick else 1.0
    classes = {
        "prose": unique_prose(int(112 * scale) or 1),
        "dense figures": [dense_text(int(1_000_000 * scale))],
        "one huge line": [dense_text(int(950_000 * scale), seed=14, separator="").rstrip("\n")],
        "many tiny files": tiny_texts(int(1500 * scale) or 1),
    }
    startup_folder = work / "classes" / "startup"
    write_texts(startup_folder, tiny_texts(1))
    startup_scan = [*auditor, "scan", str(startup_folder), "--out", str(work / "out-startup"), *SCAN_JSON]
    run(startup_scan, env)  # byte code and the dictionary cache, as after an install
    startup_cpu = min(run(startup_scan, env)[1] for _ in range(3))
    print(f"一、各类输入：scan --format json 的 CPU 时间 / 同一文本 jieba.lcut 的 CPU 时间"
          f"（启动开销 {startup_cpu:.2f} s：同样的 scan 只处理一个小文件）")
    for name, texts in classes.items():
        folder = work / "classes" / name.replace(" ", "-")
        write_texts(folder, texts)
        chars = sum(len(t) for t in texts)
        segment = lcut_seconds(texts)
        wall, cpu, rss, _ = run([*auditor, "scan", str(folder), "--out", str(work / "out-class"), *SCAN_JSON], env)
        net = max(cpu - startup_cpu, 0.0)
        print(f"  {name:<16} {len(texts):>5} 个文件 {chars:>10,} 字符  lcut {segment:6.2f} s  "
              f"scan {cpu:6.2f} s（墙钟 {wall:6.2f} s，峰值 {rss} MB）  比值 {cpu / segment:5.2f}×  "
              f"扣除启动 {net / segment:5.2f}×")


def scaling(work: Path, auditor: list[str], env: dict[str, str], quick: bool) -> None:
    folder = work / "scaling"
    write_texts(folder, unique_prose(60 if quick else 224))
    jobs = os.cpu_count() or 2
    one, *_ = run([*auditor, "scan", str(folder), "--out", str(work / "out-j1"), "--jobs", "1", *SCAN_JSON], env)
    many, *_ = run([*auditor, "scan", str(folder), "--out", str(work / "out-jn"), "--jobs", str(jobs), *SCAN_JSON],
                   env)
    print(f"二、并行：{len(list(folder.iterdir()))} 份报告，--jobs 1 {one:.2f} s，--jobs {jobs} {many:.2f} s，"
          f"加速 {one / many:.2f}×（{jobs} 核，与其他任务共用）")


def startup(work: Path, auditor: list[str], env: dict[str, str]) -> None:
    small = min((ROOT / "corpora" / "reports").glob("*.txt"), key=lambda p: p.stat().st_size)
    commands = {"check": [*auditor, "check", str(small)], "explain": [*auditor, "explain", "AU101"]}
    for command in commands.values():  # warm byte code and the dictionary cache
        run(command, env)
    print("三、启动（墙钟，5 次取最快）：", end="")
    parts = []
    for name, command in commands.items():
        times = [run(command, env)[0] for _ in range(5)]
        parts.append(f"auditor {name} {min(times):.2f} s（{'/'.join(f'{t:.2f}' for t in times)}）")
    print("；".join(parts) + f"；check 的文件 {small.name}（{small.stat().st_size} 字节）")


def rescan(work: Path, auditor: list[str], env: dict[str, str], quick: bool) -> None:
    folder = work / "rescan"
    write_texts(folder, unique_prose(100 if quick else 500))
    for formats in ("json", "html,json"):
        cache = work / f"cache-{formats.replace(',', '-')}"
        command = [*auditor, "scan", str(folder), "--out", str(work / "out-rescan"), "--format", formats,
                   "--cache", str(cache), "--fail-on", "never", "--quiet"]
        first, *_ = run(command, env)
        again, *_ = run(command, env)
        print(f"四、缓存：{len(list(folder.iterdir()))} 份未改动的报告（--format {formats}）首次 {first:.2f} s，"
              f"重扫 {again:.2f} s，快 {first / again:.1f}×")


def memory(work: Path, auditor: list[str], env: dict[str, str], quick: bool, dask: bool) -> None:
    big = 2000 if quick else 10_000
    texts = tiny_texts(big)
    executors = [("本机", [])]
    if dask:
        executors.append(("Dask（本机集群 2 个工作进程）", ["--executor", "dask", "--jobs", "2"]))
    for label, options in executors:
        peaks = {}
        for count in (100, big):
            folder = work / f"memory{count}"
            if not folder.exists():
                write_texts(folder, texts[:count])
            wall, _, rss, _ = run([*auditor, "scan", str(folder), "--out", str(work / "out-memory"), *SCAN_JSON,
                                   *options], env)
            peaks[count] = (rss, wall)
        (small, small_wall), (large, large_wall) = peaks[100], peaks[big]
        print(f"五、内存（{label}）：100 个文档峰值 {small} MB（{small_wall:.1f} s），{big:,} 个文档峰值 "
              f"{large} MB（{large_wall:.1f} s），比值 {large / small:.2f}×")


def fault_corpus(work: Path, auditor: list[str], env: dict[str, str]) -> None:
    from tests.builders import make_fault_corpus

    folder = work / "fault"
    make_fault_corpus(folder)
    write_heavy_files(folder)
    out = work / "out-fault"
    wall, cpu, rss, code = run([*auditor, "scan", str(folder), "--out", str(out), "--format", "html,json,csv,sarif",
                                "--no-cache", "--jobs", "2", "--time-limit", "60", "--quiet"], env)
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    timeouts = [d["path"] for d in data["documents"] if d["error"] and d["error"]["code"] == "AU006"]
    inputs = sum(p.stat().st_size for p in folder.iterdir() if p.is_file() and not p.is_symlink())
    print(f"六、故障语料（含 4.35M 字符的密集数字文件与 2 MB 单行文件）：{len(data['documents'])} 个文件，"
          f"墙钟 {wall:.1f} s，CPU {cpu:.1f} s，峰值 {rss} MB，退出码 {code}，超时文件 {len(timeouts)} 个 {timeouts}")
    sizes = {"json": out / "findings.json", "csv": out / "findings.csv", "sarif": out / "findings.sarif"}
    html = sum(p.stat().st_size for p in out.glob("*.html"))
    parts = [f"{name} {path.stat().st_size / inputs:.2f}" for name, path in sizes.items()]
    parts.append(f"html（全部页面）{html / inputs:.2f}")
    print(f"   输出字节 / 输入字节（输入 {inputs / 1e6:.1f} MB）：" + "，".join(parts))
    heavy = {d["path"]: d for d in data["documents"] if Path(d["path"]).name in ("dense-figures.txt", "one-line.txt")}
    for path, document in heavy.items():
        entry = len(json.dumps(document, ensure_ascii=False).encode("utf-8"))
        size = Path(path).stat().st_size
        pages = [p.stat().st_size for p in out.glob("*.html") if p.name.startswith(Path(path).name)]
        omitted = document.get("omitted") or {}
        left_out = sum(omitted.get("findings", {}).values()) + sum(omitted.get("checks", {}).values())
        print(f"   {Path(path).name}：输入 {size / 1e6:.2f} MB，JSON 条目 {entry / size:.2f}×，"
              f"HTML {len(pages)} 页共 {sum(pages) / size:.2f}×（最大一页 {max(pages, default=0) / 1e6:.1f} MB），"
              f"列出发现 {len(document['findings'])}、核对 {len(document['checks'])}，因大小上限未列出 {left_out}")


def profile(count: int) -> None:
    """cProfile the in-process audit of ``count`` dense-figure sentences' worth of text."""
    import cProfile
    import pstats

    from auditor.pipeline import audit_text

    audit_text("一、基本情况\n预算100万元，支出90万元，执行率90%。")
    text = dense_text(count)
    profiler = cProfile.Profile()
    profiler.enable()
    audit_text(text)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)


def main(argv: list[str]) -> int:
    """Run every measurement and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run, not the targets)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask memory run")
    parser.add_argument("--only", default="", help="comma-separated sections to run (1-6)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--profile", type=int, default=0, help="only profile the audit of N dense characters")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    auditor = auditor_command()
    work = Path(tempfile.mkdtemp(prefix="auditor-throughput-"))
    env = child_environment(work)
    only = {int(x) for x in args.only.split(",") if x}
    sections = {
        1: lambda: input_classes(work, auditor, env, args.quick),
        2: lambda: scaling(work, auditor, env, args.quick),
        3: lambda: startup(work, auditor, env),
        4: lambda: rescan(work, auditor, env, args.quick),
        5: lambda: memory(work, auditor, env, args.quick, not args.no_dask),
        6: lambda: fault_corpus(work, auditor, env),
    }
    try:
        for number, section in sections.items():
            if not only or number in only:
                section()
                sys.stdout.flush()
    finally:
        if args.keep:
            print(f"临时文件夹：{work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
