"""Throughput of ``auditor scan`` against raw jieba segmentation, start-up time, peak RSS.

In ONE run, over the same files (default: ``corpora/reports`` copied round after round into
a temporary folder until it holds at least 20 MB):

1. raw ``jieba.lcut`` over every document's text (after ``jieba.initialize()``; the texts
   are read beforehand, so this is segmentation only);
2. the full ``auditor scan`` (HTML + JSON), as a subprocess, wall time;
3. ``auditor scan --format json`` only;
4. start-up: wall time of ``auditor check`` on one small file (best of 3);
5. peak RSS of ``auditor scan --format json`` on 100 and on 2,000 documents
   (``os.wait4`` gives the child's own ``ru_maxrss``).

``--profile N`` additionally runs cProfile over a full scan of N documents and prints the
functions with the most own and cumulative time: once for the per-document audit in
process (the scan runs it in a worker), once for the scan's parent (reports, writing).
``--profile-only`` skips the timings. Plain output; nothing is asserted.

Usage: ``python benchmarks/throughput.py [--corpus DIR] [--min-mb 20] [--jobs 1]
[--profile 300] [--profile-only] [--keep]``.
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

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {".txt", ".docx", ".pdf"}


def auditor_command() -> list[str]:
    """The console script next to this interpreter (the venv's ``auditor``)."""
    script = Path(sys.executable).with_name("auditor")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from auditor.cli import main; main()"]


def build_corpus(source: Path, target: Path, min_bytes: int) -> list[Path]:
    """Copy the documents of ``source`` round after round into ``target`` until ``min_bytes``."""
    originals = sorted(p for p in source.rglob("*") if p.suffix.lower() in SUFFIXES)
    if not originals:
        raise SystemExit(f"没有可用的文档：{source}")
    files: list[Path] = []
    size = 0
    round_ = 0
    while size < min_bytes:
        folder = target / f"round{round_:03d}"
        folder.mkdir(parents=True)
        for original in originals:
            copy = folder / original.name
            shutil.copyfile(original, copy)
            files.append(copy)
            size += copy.stat().st_size
        round_ += 1
    return files


def subset(files: list[Path], count: int, target: Path) -> Path:
    """A folder holding ``count`` of the files (hard links when possible)."""
    target.mkdir(parents=True)
    for index, path in enumerate(files[:count]):
        link = target / f"{index:05d}_{path.name}"
        try:
            os.link(path, link)
        except OSError:
            shutil.copyfile(path, link)
    return target


def timed_run(command: list[str]) -> tuple[float, int, int, float]:
    """Run ``command``; return (wall seconds, peak RSS in MB, exit status, CPU seconds).

    CPU seconds (user + system) include the child's own waited-for workers; on a busy
    machine they compare more fairly with :func:`segment` than wall time does.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stderr is not None:
        error = process.stderr.read().decode("utf-8", "replace")
        process.stderr.close()
        if process.returncode not in (0, 1):
            print(error, file=sys.stderr)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss // 1024, process.returncode, cpu


def read_texts(files: list[Path]) -> list[str]:
    """Every document's text as the auditor reads it."""
    from auditor.ingest import read_source

    return [read_source(path).text for path in files]


def segment(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of raw ``jieba.lcut`` over all texts (initialisation excluded)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    started = time.perf_counter()
    cpu_started = time.process_time()
    for text in texts:
        jieba.lcut(text)
    return time.perf_counter() - started, time.process_time() - cpu_started


def profile(files: list[Path], count: int, work: Path, auditor: list[str]) -> None:
    """cProfile the audit of ``count`` documents in process, then a full scan's parent."""
    import cProfile
    import pstats

    from auditor.config import Config
    from auditor.job import AuditJob

    job = AuditJob(Config())
    job(files[0])  # load jieba, the dictionary and the models outside the measurement
    profiler = cProfile.Profile()
    profiler.enable()
    for path in files[:count]:
        job(path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"剖析（一）：{count} 个文档的审核（进程内，不含启动），按自身耗时前 30：")
    stats.sort_stats("tottime").print_stats(30)
    print("按累计耗时前 45：")
    stats.sort_stats("cumulative").print_stats(45)

    folder = work / f"subset{count}"
    if not folder.exists():
        subset(files, count, folder)
    stats_file = work / "scan.prof"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), auditor[0], "scan",
               str(folder), "--out", str(work / "out-profile"), "--format", "html,json",
               "--fail-on", "never", "--quiet"]
    subprocess.run(command, capture_output=True, check=False)
    print(f"剖析（二）：{count} 个文档的 scan 主进程（html+json），按自身耗时前 15：")
    pstats.Stats(str(stats_file)).sort_stats("tottime").print_stats(15)


def main(argv: list[str]) -> int:
    """Run every measurement and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "reports")
    parser.add_argument("--min-mb", type=float, default=20.0)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, help="cProfile over N documents")
    parser.add_argument("--profile-only", action="store_true", help="skip the timings")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    auditor = auditor_command()
    work = Path(tempfile.mkdtemp(prefix="auditor-throughput-"))
    try:
        files = build_corpus(args.corpus, work / "corpus", int(args.min_mb * 1024 * 1024))
        size = sum(p.stat().st_size for p in files)
        texts = read_texts(files)
        chars = sum(len(t) for t in texts)
        print(f"语料：{len(files)} 个文档，{size / 1e6:.1f} MB，{chars:,} 字符（{args.corpus}）")

        if args.profile_only:
            profile(files, args.profile or 200, work, auditor)
            return 0
        seg, seg_cpu = segment(texts)
        print(f"jieba.lcut          {seg:8.2f} s  {chars / seg:12,.0f} 字符/s  {len(files) / seg:8.1f} 文档/s"
              f"  CPU {seg_cpu:.2f} s")

        scans = {}
        for label, formats in (("scan html+json", "html,json"), ("scan json", "json")):
            out = work / f"out-{formats.replace(',', '-')}"
            command = [*auditor, "scan", str(work / "corpus"), "--out", str(out), "--format",
                       formats, "--jobs", str(args.jobs), "--fail-on", "never", "--quiet"]
            seconds, rss, status, cpu = timed_run(command)
            scans[label] = seconds
            print(f"{label:<19} {seconds:8.2f} s  {chars / seconds:12,.0f} 字符/s  "
                  f"{len(files) / seconds:8.1f} 文档/s  峰值RSS {rss} MB  退出码 {status}  "
                  f"流水线/分词 = {seconds / seg:.2f}×  CPU {cpu:.2f} s = {cpu / seg_cpu:.2f}×")

        small = min((p for p in args.corpus.glob("*.txt")), key=lambda p: p.stat().st_size)
        startups = [timed_run([*auditor, "check", str(small)])[0] for _ in range(3)]
        print(f"启动：auditor check {small.name}（{small.stat().st_size} 字节）"
              f"最快 {min(startups):.2f} s，三次 {', '.join(f'{s:.2f}' for s in startups)}")

        for count in (100, 2000):
            if count > len(files):
                print(f"峰值RSS：文档不足 {count} 个，跳过")
                continue
            folder = subset(files, count, work / f"subset{count}")
            command = [*auditor, "scan", str(folder), "--out", str(work / f"out{count}"),
                       "--format", "json", "--fail-on", "never", "--quiet"]
            seconds, rss, _, _ = timed_run(command)
            print(f"峰值RSS：{count:>5} 个文档 {rss:6d} MB（{seconds:.1f} s）")

        if args.profile:
            profile(files, args.profile, work, auditor)
    finally:
        if args.keep:
            print(f"临时文件夹：{work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
