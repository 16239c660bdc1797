"""The command line as a user runs it: the demo, bad input in a batch, stdin, quiet output."""

from __future__ import annotations

import json
import subprocess
import sys

from manysides.cli import main

GOOD = "The finance minister, Ana Duarte, said on Monday that the budget would be balanced by 2027.\n"


def test_demo_run_writes_analysis(tmp_path, capsys):
    assert main(["analyze", "--demo", "--out", str(tmp_path)]) == 0
    data = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == 5
    assert data["statements"] and data["actors"]
    assert "analysis.json" in capsys.readouterr().out


def test_bad_file_is_reported_and_the_rest_still_runs(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path / "good.txt"), str(tmp_path / "broken.txt"), "--out", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "broken.txt" in err[0] and "Traceback" not in err[0]
    data = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data["documents"]] == ["good"]
    assert data["problems"][0]["source"].endswith("broken.txt")


def test_nothing_readable_exits_non_zero_and_writes_nothing(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(tmp_path / "empty.txt"), "--out", str(out)]) == 1
    assert "empty.txt" in capsys.readouterr().err
    assert not (out / "analysis.json").exists()


def test_missing_arguments_is_a_usage_error(tmp_path, capsys):
    assert main(["analyze", "--out", str(tmp_path)]) == 2
    assert "no articles given" in capsys.readouterr().err


def test_stdin_through_the_installed_entry_point_is_quiet_in_a_pipe(tmp_path):
    result = subprocess.run([sys.executable, "-m", "manysides.cli", "analyze", "-", "--out", str(tmp_path), "-q"],
                            input=GOOD, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    data = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["id"] == "stdin"


def test_process_pool_engine_from_the_command_line(tmp_path, demo_dir):
    out = tmp_path / "out"
    assert main(["analyze", str(demo_dir), "--out", str(out), "--workers", "2", "-q"]) == 0
    pooled = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert main(["analyze", str(demo_dir), "--out", str(tmp_path / "single"), "-q"]) == 0
    single = json.loads((tmp_path / "single" / "analysis.json").read_text(encoding="utf-8"))
    assert pooled == single


def test_no_tone_skips_only_the_tone_section(tmp_path, demo_dir, demo_analysis):
    # The tone model is the slowest stage; without it every other finding is the same, and the
    # report says tone was not computed rather than that none was found.
    out = tmp_path / "out"
    assert main(["analyze", str(demo_dir), "--out", str(out), "--no-tone", "-q"]) == 0
    written = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    full = demo_analysis.to_dict()
    assert "stances" not in written and full["stances"]
    assert {k: v for k, v in full.items() if k != "stances"} == written
    report = (out / "report.html").read_text(encoding="utf-8")
    actors_section = report[report.index('<section id="actors"'):]
    assert "Not computed in this analysis." in actors_section[:actors_section.index("</section>")]
