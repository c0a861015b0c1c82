"""Every user error of the command line: one Chinese line on stderr, exit code 2, no traceback."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app

DATA = Path(__file__).parent / "data"
AUDITOR = [sys.executable, "-c", "from auditor.cli import main; main()"]
runner = CliRunner()


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(DATA / "seedlike.txt", folder / "seedlike.txt")
    return folder


def _one_line_usage_error(result, *needles: str) -> str:
    """The error line, after asserting exit 2, a single line, Chinese, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("auditor: ")
    assert any("\u4e00" <= char <= "\u9fff" for char in line), line
    for english in ("Invalid value", "Error:", "Usage:", "Try '", "No such", "Missing"):
        assert english not in line
    for needle in needles:
        assert needle in line, line
    return line


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["scan", "{reports}", "--jobs", "x"], ["--jobs", "“x”", "整数"]),
        (["scan", "{reports}", "--jobs", "0"], ["--jobs", "“0”"]),
        (["scan", "{reports}", "--jobs=abc"], ["--jobs", "“abc”"]),
        (["scan", "{reports}", "--time-limit", "soon"], ["--time-limit", "秒"]),
        (["scan", "{reports}", "--fail-on", "fatal"], ["--fail-on", "error、warning"]),
        (["scan", "{reports}", "--format", "pdf"], ["--format", "pdf"]),
        (["check", "{reports}/seedlike.txt", "--format", "xml"], ["--format", "text、json"]),
        (["scan", "{reports}", "--formt", "html"], ["--formt", "--format"]),
        (["scan", "{reports}", "--out"], ["--out", "需要一个值"]),
        (["scan"], ["缺少参数", "PATH"]),
        (["scna", "{reports}"], ["scna", "auditor scan"]),
        (["check", "{reports}/seedlike.txt", "extra.txt"], ["多余的参数", "extra.txt"]),
        (["explain"], ["CODE"]),
        (["explain", "AU999"], ["AU999"]),
        (["scan", "{reports}", "--config", "{reports}/missing.toml"], ["missing.toml", "不存在"]),
        (["scan", "{reports}", "--baseline", "{reports}/missing.json"], ["missing.json", "不存在"]),
        (["check", "{reports}/seedlike.txt", "--select", "XYZ"], ["XYZ"]),
    ],
)
def test_bad_command_line(reports, args, needles):
    result = runner.invoke(app, [arg.replace("{reports}", str(reports)) for arg in args])
    _one_line_usage_error(result, *needles)


@pytest.mark.parametrize("command", ["scan", "check", "extract"])
def test_missing_path_exits_2_in_every_command(tmp_path, command):
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, [command, str(missing)])
    _one_line_usage_error(result, str(missing), "不存在")


@pytest.mark.parametrize("command", ["check", "extract"])
def test_folder_given_to_a_one_file_command(reports, command):
    result = runner.invoke(app, [command, str(reports)])
    _one_line_usage_error(result, str(reports), "auditor scan")


def test_out_is_an_existing_file(reports, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("旧文件", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(reports), "--out", str(target)])
    _one_line_usage_error(result, "--out", str(target), "文件")
    assert target.read_text(encoding="utf-8") == "旧文件"


def test_cache_is_an_existing_file(reports, tmp_path):
    target = tmp_path / "cache"
    target.write_text("不是文件夹", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(reports), "--out", str(tmp_path / "out"),
                                 "--cache", str(target)])
    _one_line_usage_error(result, "--cache", str(target), "文件")
    assert not (tmp_path / "out").exists()


def test_out_below_a_file(reports, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(reports), "--out", str(blocker / "out")])
    _one_line_usage_error(result, "--out", "是文件而不是文件夹")


def test_write_baseline_into_a_folder(reports, tmp_path):
    result = runner.invoke(app, ["scan", str(reports), "--out", str(tmp_path / "o"),
                                 "--write-baseline", str(tmp_path)])
    _one_line_usage_error(result, "--write-baseline")


def test_bad_config_file(reports, tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text("select = [\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(reports), "--config", str(config),
                                 "--out", str(tmp_path / "o")])
    _one_line_usage_error(result, "AU010", str(config))


def test_folder_without_reports_exits_2(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "README.md").write_text("# 说明\n", encoding="utf-8")
    (folder / "data.xlsx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(app, ["scan", str(folder), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    last = result.stderr.strip().splitlines()[-1]
    assert "没有找到报告文件" in last and str(folder) in last
    assert not (tmp_path / "o").exists()


def test_empty_folder_exits_2(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    result = runner.invoke(app, ["scan", str(folder), "--out", str(tmp_path / "o")])
    _one_line_usage_error(result, "没有找到报告文件", str(folder))


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False,
                          **kwargs)


def _assert_cli_line(completed: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_read_only_file_system(reports, tmp_path):
    """A real read-only mount (a tmpfs remounted read-only in a user namespace)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    mount = tmp_path / "ro"
    mount.mkdir()
    script = (
        f"mount -t tmpfs none {mount} && mount -o remount,ro,bind {mount} || exit 97; "
        f"exec \"$@\""
    )
    completed = _run(["unshare", "-rm", "sh", "-c", script, "sh", *AUDITOR, "scan", str(reports),
                      "--out", str(mount / "out")])
    if completed.returncode == 97 or "unshare:" in completed.stderr:
        pytest.skip(f"cannot mount a read-only file system here: {completed.stderr.strip()}")
    _assert_cli_line(completed, "--out", "只读")


def test_read_only_folder(tmp_path):
    """A folder the user may not write into (run as an unprivileged user when we are root)."""
    base = Path(os.environ.get("TMPDIR", "/tmp")) / f"auditor-ro-{os.getpid()}"
    base.mkdir()
    try:
        reports = base / "reports"
        reports.mkdir()
        shutil.copy(DATA / "seedlike.txt", reports / "seedlike.txt")
        locked = base / "locked"
        locked.mkdir()
        for folder in (base, reports):
            folder.chmod(0o755)
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        command = [*AUDITOR, "scan", str(reports), "--out", str(locked / "out")]
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: cannot lose write permission")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        env = {**os.environ, "HOME": str(base), "XDG_CACHE_HOME": str(base / "cache")}
        completed = _run(command, env=env, cwd=base)
        if "ModuleNotFoundError" in completed.stderr or "Permission denied: '/" in completed.stderr:
            pytest.skip(f"the unprivileged user cannot run this checkout: {completed.stderr[-200:]}")
        _assert_cli_line(completed, "--out", "没有写入权限")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_files_honour_the_umask(reports, tmp_path):
    out = tmp_path / "out"
    completed = _run(["sh", "-c", 'umask 027 && exec "$@"', "sh", *AUDITOR, "scan", str(reports),
                      "--out", str(out), "--format", "html,json,csv,sarif", "--quiet"])
    assert completed.returncode == 1, completed.stderr
    files = [path for path in out.iterdir() if path.is_file()]
    assert {path.name for path in files} >= {"index.html", "findings.json", "findings.csv",
                                              "findings.sarif"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path

    default = tmp_path / "default"
    completed = _run(["sh", "-c", 'umask 022 && exec "$@"', "sh", *AUDITOR, "scan", str(reports),
                      "--out", str(default), "--quiet"])
    modes = {stat.S_IMODE(path.stat().st_mode) for path in default.iterdir() if path.is_file()}
    assert modes == {0o644}
    assert not [path for path in default.iterdir() if path.name.endswith(".tmp")]


def test_help_is_chinese_with_real_metavars():
    for command in ([], ["scan"], ["check"], ["rules"], ["explain"], ["extract"], ["eval"],
                    ["train"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, result.output
        text = result.stdout
        for english in ("Show this message", "Usage:", "Options:", "[default", "<list",
                        "{paths}", "[required]"):
            assert english not in text, (command, english)
        assert "退出码" in text and "130" in text
        for line in text.splitlines():
            stripped = line.strip()
            if stripped.startswith("--") and "  " not in stripped:
                pytest.fail(f"option without a description in {command}: {line}")
    scan_help = runner.invoke(app, ["scan", "--help"]).stdout
    assert "用法：auditor scan [选项] PATH..." in scan_help
    assert "--out DIR" in scan_help and "（默认：audit-report）" in scan_help
    top = runner.invoke(app, ["--help"]).stdout
    order = [top.index(f"  {name} ") for name in ("scan", "check", "rules", "explain", "extract",
                                                   "eval", "train")]
    assert order == sorted(order)


def test_internal_error_is_one_line_and_exit_3(tmp_path):
    """A bug (not a user error) ends in exit 3 and one line; AUDITOR_DEBUG shows the traceback."""
    script = ("import auditor.cli as cli\n"
              "def boom(*a, **k):\n    raise RuntimeError('boom')\n"
              "import auditor.scan\nauditor.scan.run_scan = boom\n"
              "cli.main()\n")
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.txt").write_text("存在问题：无。", encoding="utf-8")
    command = [sys.executable, "-c", script, "scan", str(folder), "--out", str(tmp_path / "o")]
    completed = _run(command)
    assert completed.returncode == 3
    assert "Traceback" not in completed.stderr
    assert "内部错误" in completed.stderr and "RuntimeError: boom" in completed.stderr
    debug = _run(command, env={**os.environ, "AUDITOR_DEBUG": "1"})
    assert "Traceback" in debug.stderr


def test_file_selection(tmp_path):
    """Report formats only by default; --include/--exclude; hidden and ~$ files skipped; the
    index says what was skipped and why."""
    folder = tmp_path / "batch"
    (folder / "2024").mkdir(parents=True)
    (folder / "旧报告").mkdir()
    (folder / ".git").mkdir()
    text = "2024年度项目支出绩效自评报告\n\n一、概况\n\n存在问题：无。\n"
    for name in ("2024/甲.txt", "2024/乙草稿.txt", "旧报告/丙.txt", ".git/config.txt", "丁.html",
                 ".隐藏.txt", "README.md", "notes.text"):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "~$甲.docx").write_bytes(b"lock")

    def audited(*options: str) -> tuple[set[str], str]:
        out = tmp_path / f"out{len(list(tmp_path.iterdir()))}"
        result = runner.invoke(app, ["scan", str(folder), "--out", str(out), "--quiet",
                                     "--fail-on", "never", *options])
        assert result.exit_code == 0, result.output
        data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
        names = {Path(d["path"]).relative_to(folder).as_posix() for d in data["documents"]}
        return names, (out / "index.html").read_text(encoding="utf-8")

    names, index = audited()
    assert names == {"2024/甲.txt", "2024/乙草稿.txt", "旧报告/丙.txt", "丁.html"}
    for skipped, reason in ((".git", "隐藏文件夹"), (".隐藏.txt", "隐藏文件"),
                            ("~$甲.docx", "Office 临时文件"), ("README.md", "不是报告格式（.md）"),
                            ("notes.text", "不是报告格式（.text）")):
        row = next(line for line in index.splitlines() if skipped in line and "<td" in line)
        assert reason in row, (skipped, row)

    names, index = audited("--exclude", "旧报告", "--exclude", "*草稿*")
    assert names == {"2024/甲.txt", "丁.html"}
    assert "被 --exclude *草稿* 排除" in index and "文件夹被 --exclude 旧报告 排除" in index

    names, _ = audited("--include", "*.md", "--include", "2024/*")
    assert names == {"README.md", "2024/甲.txt", "2024/乙草稿.txt"}

    explicit = runner.invoke(app, ["scan", str(folder / "README.md"), "--out",
                                   str(tmp_path / "explicit"), "--quiet", "--fail-on", "never"])
    assert explicit.exit_code == 0  # a file named on the command line is always audited
