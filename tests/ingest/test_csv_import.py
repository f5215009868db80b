"""CSV imports of messy exports: delimiters, BOM, label rows, bad rows beside good ones."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.configs import write_config
from tests.support.servers import ROOT
from wallboard import store
from wallboard.ingest.csv_import import CsvError, import_csv, read_csv
from wallboard.store import Response

TEAMS = [("support", "Customer Support"), ("sales", "Salg Aarhus")]
TZ = "Europe/Copenhagen"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

MESSY = (
    "\ufeffSvar ID;Score;Hold;Medarbejder;Kommentar;Dato\r\n"
    "a1;10;support;Søren;Fantastisk service;20-11-2026 10:00\r\n"
    "a2;11;support;Søren;;20-11-2026 10:05\r\n"
    'a3;6;Salg Aarhus;Åse;"For langsomt;\r\nmen venlig";20.11.2026 11.00\r\n'
    "a4;ni;marketing;Åse;;32-11-2026\r\n"
    "\r\n"
    "a5;9;sales;Łukasz;Dziękuję 👍;2026-11-21T09:30:00+01:00\r\n"
)


def stored(engine) -> list[tuple]:  # noqa: ANN001
    t = Response.__table__.c
    with engine.connect() as conn:
        query = select(t.source, t.external_id, t.score, t.team_key, t.employee, t.comment,
                       t.answered_at, t.raw).order_by(t.external_id)
        return [tuple(r) for r in conn.execute(query)]


def run_import(engine, path: Path, **kwargs: object):  # noqa: ANN001, ANN201
    options = {"teams": TEAMS, "source": "csv", "timezone": TZ, "now": NOW, **kwargs}
    return import_csv(engine, path, **options)


def test_messy_semicolon_export_twice(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(MESSY.encode("utf-8"))
    engine = store.open_store(store_url)
    result = run_import(engine, path)
    assert result.file.delimiter == ";" and result.file.encoding == "UTF-8 with BOM"
    assert result.mapping == {"id": "Svar ID", "score": "Score", "comment": "Kommentar",
                              "team": "Hold", "employee": "Medarbejder", "answered_at": "Dato"}
    assert result.saved.inserted == 3
    assert [str(e) for e in result.errors] == [
        "line 3: column 'Score': must be an integer from 0 to 10, got \"11\"",
        "line 6: column 'Hold': unknown team 'marketing'; configured teams: sales, support",
        "line 6: column 'Score': must be an integer from 0 to 10, got \"ni\"",
        "line 6: column 'Dato': \"32-11-2026\" is not a valid date: day is out of range "
        "for month"]
    rows = stored(engine)
    assert [r[:7] for r in rows] == [
        ("csv", "a1", 10, "support", "Søren", "Fantastisk service",
         datetime(2026, 11, 20, 9, 0, tzinfo=UTC)),
        ("csv", "a3", 6, "sales", "Åse", "For langsomt;\r\nmen venlig",
         datetime(2026, 11, 20, 10, 0, tzinfo=UTC)),
        ("csv", "a5", 9, "sales", "Łukasz", "Dziękuję 👍",
         datetime(2026, 11, 21, 8, 30, tzinfo=UTC))]
    audit = json.loads(rows[1][7])[0]
    assert audit["line"] == 4 and audit["row"]["Hold"] == "Salg Aarhus"
    again = run_import(engine, path)
    assert (again.saved.inserted, again.saved.unchanged, len(again.errors)) == (0, 3, 4)
    assert stored(engine) == rows
    engine.dispose()


QUALTRICS = (
    "StartDate,EndDate,Status,Progress,Finished,RecordedDate,ResponseId,Q1,Q1_NPS_GROUP,Q2,team,"
    "agent\n"
    '"Start Date","End Date","Response Type","Progress","Finished","Recorded Date",'
    '"Response ID","How likely are you to recommend us to a friend?","How likely... - Group",'
    '"Why did you give that score?","team","agent"\n'
    '"{""ImportId"":""startDate"",""timeZone"":""Europe/Copenhagen""}",'
    '"{""ImportId"":""endDate""}","{""ImportId"":""status""}","{""ImportId"":""progress""}",'
    '"{""ImportId"":""finished""}","{""ImportId"":""recordedDate""}",'
    '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}",'
    '"{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID2_TEXT""}",'
    '"{""ImportId"":""team""}","{""ImportId"":""agent""}"\n'
    "2026-11-20 09:58:01,2026-11-20 10:00:00,IP Address,100,True,2026-11-20 10:00:01,"
    'R_1aB,9,Promoter,"Hurtig og venlig",support,Mette\n'
    "2026-11-20 11:00:00,2026-11-20 11:01:00,Survey Preview,100,True,2026-11-20 11:01:01,"
    "R_prev,0,Detractor,test,support,Mette\n"
    "2026-11-21 08:00:00,2026-11-21 08:02:00,IP Address,100,True,2026-11-21 08:02:30,"
    "R_2cD,3,Detractor,Ventede en time,sales,Jonas\n"
    "2026-11-21 09:00:00,2026-11-21 09:01:00,IP Address,50,False,2026-11-21 09:01:00,"
    "R_half,,,,sales,Jonas\n"
)


def test_qualtrics_export_with_two_label_rows(store_url: str, tmp_path: Path) -> None:
    path = tmp_path / "qualtrics.csv"
    path.write_text(QUALTRICS, encoding="utf-8")
    engine = store.open_store(store_url)
    result = run_import(engine, path, preset="qualtrics", source="qualtrics",
                        overrides={"comment": "Q2", "employee": "agent"})
    assert result.file.labels["Q1"] == "How likely are you to recommend us to a friend?"
    assert result.mapping["id"] == "ResponseId" and result.mapping["score"] == "Q1"
    assert result.mapping["answered_at"] == "RecordedDate"
    assert result.skipped == [(5, "Qualtrics status 'Survey Preview'"),
                              (7, "not finished (50 %)")]
    assert result.file.timezone == "Europe/Copenhagen"
    assert not result.errors and result.saved.inserted == 2
    assert [r[:7] for r in stored(engine)] == [
        ("qualtrics", "R_1aB", 9, "support", "Mette", "Hurtig og venlig",
         datetime(2026, 11, 20, 9, 0, 1, tzinfo=UTC)),
        ("qualtrics", "R_2cD", 3, "sales", "Jonas", "Ventede en time",
         datetime(2026, 11, 21, 7, 2, 30, tzinfo=UTC))]
    engine.dispose()


def test_qualtrics_dates_follow_the_declared_time_zone_and_names_the_recipient(
        tmp_path: Path) -> None:
    content = (QUALTRICS.replace("Europe/Copenhagen", "America/Denver")
               .replace(",team,agent\n", ",team,agent,RecipientFirstName,RecipientLastName\n")
               .replace("Jonas\n", "Jonas,Ewa,Nowak\n", 1))
    path = tmp_path / "qualtrics.csv"
    path.write_text(content, encoding="utf-8")
    engine = store.open_store(f"sqlite:///{tmp_path / 's.db'}")
    result = run_import(engine, path, preset="qualtrics", overrides={"comment": "Q2"})
    assert not result.errors
    t = Response.__table__.c
    with engine.connect() as conn:
        when, customer = conn.execute(select(t.answered_at, t.customer_name).where(
            t.external_id == "R_2cD")).one()
    assert when == datetime(2026, 11, 21, 15, 2, 30, tzinfo=UTC)  # 08:02:30 in Denver
    assert customer == "Ewa Nowak"
    engine.dispose()


def test_windows_1252_file_from_danish_excel(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("id;score;team;comment\nx;9;support;Kundeservice på Ærø\n"
                     .encode("cp1252"))
    engine = store.open_store(f"sqlite:///{tmp_path / 's.db'}")
    result = run_import(engine, path)
    assert result.file.encoding == "Windows-1252" and result.saved.inserted == 1
    assert stored(engine)[0][5] == "Kundeservice på Ærø"
    engine.dispose()


@pytest.mark.parametrize(("content", "overrides", "message"), [
    ("id,comment\nx,hi\n", {}, "no column for score and team"),
    ("id,score,team\nx,9,support\n", {"comment": "Why"}, "--map comment=Why: no such column"),
    ("id,score,team\nx,9,support\n", {"colour": "id"}, "--map colour=...: unknown field"),
    ("", {}, "is empty"),
    ("id,score,score\nx,9,9\n", {}, "'score' more than once"),
])
def test_files_or_options_that_cannot_be_used(tmp_path: Path, content: str,
                                              overrides: dict, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    engine = store.open_store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(CsvError, match=message):
        run_import(engine, path, overrides=overrides)


def test_dry_run_reports_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(MESSY.encode("utf-8"))
    engine = store.open_store(f"sqlite:///{tmp_path / 's.db'}")
    result = run_import(engine, path, dry_run=True)
    assert result.saved.inserted == 3 and len(result.errors) == 4
    assert stored(engine) == []


def test_line_numbers_follow_the_file_with_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text('id,score,team,comment\nm1,9,support,"first line\nsecond line"\n\n'
                    'm2,12,support,bad score\nm3,0001,support,"answered ""well"""\n',
                    encoding="utf-8")
    assert read_csv(path).lines == [2, 5, 6]
    result = run_import(store.open_store(f"sqlite:///{tmp_path / 's.db'}"), path)
    assert [(e.line, e.field) for e in result.errors] == [(5, "score")]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "run_wallboard.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_an_unclosed_quote_is_reported_not_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id;score;team;comment\nb1;9;support;hej\nb2;"7;support\nb3;10;sales;Fint\n',
                    encoding="utf-8")
    engine = store.open_store(f"sqlite:///{tmp_path / 's.db'}")
    result = run_import(engine, path)
    assert result.saved.inserted == 1  # the good row before it is kept
    assert [str(e) for e in result.errors] == [
        'line 3: row: a quote (") opened here is never closed, so lines 3 to 4 were read as '
        "one cell and not imported; close the quote and import again"]
    engine.dispose()


def test_cli_import_summary_exit_codes_and_progress(tmp_path: Path) -> None:
    config = write_config(tmp_path, store_url=f"sqlite:///{tmp_path / 'store.db'}",
                          teams=[{"key": "support", "name": "Customer Support"},
                                 {"key": "sales", "name": "Salg Aarhus"}])
    path = tmp_path / "export.csv"
    path.write_bytes(MESSY.encode("utf-8"))
    first = cli("import", str(path), "--config", str(config), cwd=tmp_path)
    assert first.returncode == 1, first.stderr
    assert "5 rows (UTF-8 with BOM, semicolon-separated)" in first.stdout
    assert "3 new, 0 updated, 0 already stored, 2 rejected (4 errors)" in first.stdout
    assert f"{path}: line 3: column 'Score': must be an integer" in first.stderr
    dry = cli("import", str(path), "--config", str(config), "--dry-run", cwd=tmp_path)
    assert "0 new, 0 updated, 3 already stored" in dry.stdout and "dry run" in dry.stdout
    big = tmp_path / "big.csv"
    big.write_text("id,score,team,comment\n" + "".join(
        f"b{i},{i % 11},support,Kommentar {i}\n" for i in range(12_000)), encoding="utf-8")
    large = cli("import", str(big), "--config", str(config), cwd=tmp_path)
    assert large.returncode == 0, large.stderr
    assert "12,000 new" in large.stdout
    assert "stored 12,000 / 12,000 rows" in large.stderr  # progress, not a terminal here
    missing = cli("import", str(tmp_path / "nope.csv"), "--config", str(config), cwd=tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    bad_map = cli("import", str(path), "--config", str(config), "--map", "score", cwd=tmp_path)
    assert bad_map.returncode == 2 and "expected FIELD=COLUMN" in bad_map.stderr
