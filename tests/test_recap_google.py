"""`ppid rekap` over Google Sheets: gspread against the local Sheets API test server, with a
per-minute read quota that forces waiting, and a run that stops on the quota and resumes.

The clock is fake: the client's sleep (backoff, Retry-After) and the recap's read budget both
advance it, and the server's quota window reads it. So waiting is real to every party and costs
no test time. Each register read is 2 API requests (spreadsheets.get + values.batchGet).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from automation.cli.main import cli
from automation.cli.recap_cmd import collect
from automation.reports.recap import NOT_READ, OK, OfficeSource, RecapPeriod
from automation.rules.config import default_config
from sheets.google import RetryPolicy
from tests.report_fixture import register_tabs
from tests.sheets_api_server import ReadQuota, backend_on, running_server, write_key_file

NOVEMBER = RecapPeriod.month(2026, 11)
TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 8, 0)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture()
def server():
    with running_server() as s:
        yield s


def _offices(server, n: int) -> list[OfficeSource]:
    out = []
    for i in range(1, n + 1):
        sid = server.create(register_tabs(), spreadsheet_id=f"kab-{i}")
        out.append(OfficeSource(f"KPU Kabupaten {i}", f"15.0{i}", f"google:{sid}", google=True))
    return out


def _config(tmp_path: Path, reads_per_minute: int):
    from dataclasses import replace

    cfg = default_config(tmp_path)
    return replace(cfg, rekap=replace(cfg.rekap, reads_per_minute=reads_per_minute))


def _run(server, cfg, offices, clock, tmp_path, **kw):
    def open_sheet(office: OfficeSource):
        return backend_on(server, office.source.removeprefix("google:"), sleep=clock.sleep, **kw)

    return collect(cfg, offices, NOVEMBER, TODAY, NOW, workers=1, state_dir=tmp_path, open_sheet=open_sheet,
                   clock=clock, sleep=clock.sleep)


def test_the_read_budget_waits_before_google_would_refuse(server, tmp_path: Path) -> None:
    clock = FakeClock()
    server.quota = ReadQuota(per_minute=6, clock=clock)
    offices = _offices(server, 5)
    results, complete = _run(server, _config(tmp_path, 6), offices, clock, tmp_path)
    assert complete and [r.status for r in results] == [OK] * 5
    assert all(r.figures["received"] == 9 for r in results)  # the fixture's hand count
    # 10 requests at 6 per minute: the budget waited once (after 3 registers) about a minute
    assert server.quota.refused == 0
    assert len(clock.slept) == 1 and 59 <= clock.slept[0] <= 61
    assert len(server.api_requests()) == 10


def test_googles_quota_answer_is_waited_out_with_backoff(server, tmp_path: Path) -> None:
    clock = FakeClock()
    server.quota = ReadQuota(per_minute=4, clock=clock)
    offices = _offices(server, 4)
    # the budget is set higher than the real quota: Google answers 429 with Retry-After
    results, complete = _run(server, _config(tmp_path, 100), offices, clock, tmp_path)
    assert complete and [r.status for r in results] == [OK] * 4
    assert server.quota.refused >= 1
    assert any(s >= 1 for s in clock.slept) and clock.now - 1000.0 >= 59  # waited out the minute
    statuses = [e.status for e in server.api_requests()]
    assert statuses.count(429) == server.quota.refused and statuses.count(200) == 8


def test_a_run_stopped_by_the_quota_resumes_where_it_stopped(server, tmp_path: Path) -> None:
    clock = FakeClock()
    offices = _offices(server, 5)
    cfg = _config(tmp_path, 60)
    attempts = RetryPolicy().attempts
    # Google keeps refusing from the third register's read on: the client gives up after its retries
    server.fail_next(429, times=attempts, retry_after=1,
                     when=lambda e: "/kab-3" in e.path)
    results, complete = _run(server, cfg, offices, clock, tmp_path)
    assert not complete
    assert [r.status for r in results] == [OK, OK, NOT_READ, NOT_READ, NOT_READ]
    assert "jalankan lagi" in results[2].why
    state = tmp_path / ".rekap-2026-11-2026-12-01.json"
    assert set(json.loads(state.read_text(encoding="utf-8"))["offices"]) == {"15.01", "15.02"}

    server.clear_log()
    results, complete = _run(server, cfg, offices, clock, tmp_path)
    assert complete and [r.status for r in results] == [OK] * 5
    read_again = {e.path.split("/")[3].split(":")[0] for e in server.api_requests()}
    assert read_again == {"kab-3", "kab-4", "kab-5"}  # the first two are not read again
    assert not state.exists()  # done: the resume state is removed
    assert sum(r.figures["received"] for r in results) == 5 * 9


def test_rekap_command_reads_google_offices_from_the_config(server, tmp_path: Path, monkeypatch) -> None:
    write_key_file(tmp_path, server)
    monkeypatch.setenv("PPID_SHEETS_API_URL", server.url)
    for i in (1, 2):
        server.create(register_tabs(), spreadsheet_id=f"kab-{i}")
    server.create(register_tabs(), spreadsheet_id="kab-private", shared=False)
    (tmp_path / "config.toml").write_text(
        '[rekap]\ncredentials = "kunci-service-account.json"\nreads_per_minute = 50\n'
        + "".join(f'\n[[rekap.offices]]\nname = "Kantor {i}"\ncode = "{i}"\nsource = "google:kab-{i}"\n'
                  for i in (1, 2))
        + '\n[[rekap.offices]]\nname = "Kantor 3"\ncode = "3"\n'
          'source = "https://docs.google.com/spreadsheets/d/kab-private/edit"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--config", "config.toml", "rekap", "--month", "2026-11", "--today",
                                      "2026-12-01", "--json"], catch_exceptions=False, standalone_mode=False)
    data = json.loads(result.output[result.output.index("{"):])
    assert data["offices_counted"] == 2 and data["total"]["received"] == 18
    assert data["not_counted"][0]["code"] == "3" and "ppid-bot@" in data["not_counted"][0]["why"]
    assert result.return_value == 1
