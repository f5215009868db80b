"""CSV files as Excel and survey tools really write them, with bad cells beside good rows:
UTF-16, byte-order marks, huge cells, NULs, odd numbers; every good row is kept.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from tests.ingest.test_csv_import import cli, run_import
from tests.support.configs import write_config
from wallboard import store
from wallboard.ingest.csv_read import MAX_CELL
from wallboard.store import Response

ROWS = ["id\tscore\tteam\tcomment", "U1\t10\tsupport\tTak, Søren 😀", "U2\t6\tsales\tFor længe",
        "U3\t٩\tsupport\t", "U4\t--9\tsupport\t", "U5\t9\tsupport\tŁódź"]


def stored(engine) -> dict[str, tuple]:  # noqa: ANN001
    t = Response.__table__.c
    with engine.connect() as conn:
        return {r.external_id: (r.score, r.comment)
                for r in conn.execute(select(t.external_id, t.score, t.comment))}


def test_excel_unicode_text_utf16_with_bom_tab_separated(store_url: str, tmp_path: Path) -> None:
    engine = store.open_store(store_url)
    for n, encoding in enumerate(("utf-16", "utf-16-be", "utf-8-sig")):
        path = tmp_path / f"unicode{n}.txt"
        text = "\r\n".join(ROWS).replace("\nU", f"\n{n}U") + "\r\n"
        data = text.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        path.write_bytes(data)
        result = run_import(engine, path)
        assert result.file.delimiter == "\t"
        assert result.file.encoding.startswith("UTF-16" if "16" in encoding else "UTF-8")
        assert result.saved.inserted == 3
        assert [str(e) for e in result.errors] == [
            "line 4: column 'score': must be an integer from 0 to 10 written with the digits "
            "0-9, got \"٩\"",
            "line 5: column 'score': must be an integer from 0 to 10, got \"--9\""]
        assert stored(engine)[f"{n}U1"] == (10, "Tak, Søren 😀")
        assert stored(engine)[f"{n}U5"] == (9, "Łódź")


def test_a_cell_over_the_csv_limit_refuses_only_its_row(store_url: str, tmp_path: Path) -> None:
    engine = store.open_store(store_url)
    path = tmp_path / "huge.csv"
    huge = "x" * (MAX_CELL + 10)
    path.write_text(f"id,score,team,comment,notes\nh1,9,support,ok,\nh2,9,support,ok,{huge}\n"
                    f"h3,8,support,\"{huge}\",\nh4,7,sales,fine,\n", encoding="utf-8")
    limit = csv.field_size_limit()
    result = run_import(engine, path)
    assert csv.field_size_limit() == limit  # the process-wide limit is put back
    assert result.rows == 4 and result.saved.inserted == 2
    assert sorted(str(e) for e in result.errors) == [
        f"line 3: column 'notes': the cell is {MAX_CELL + 10:,} characters long; at most "
        f"{MAX_CELL:,} are read: this row was not imported",
        f"line 4: column 'comment': the cell is {MAX_CELL + 10:,} characters long; at most "
        f"{MAX_CELL:,} are read: this row was not imported"]
    assert sorted(stored(engine)) == ["h1", "h4"]


def test_nul_and_control_characters_in_cells_keep_every_good_row(store_url: str,
                                                                 tmp_path: Path) -> None:
    engine = store.open_store(store_url)
    path = tmp_path / "nul.csv"
    lines = ["id,score,team,comment,extra"]
    lines += [f"n{i},9,support,row {i},x" for i in range(2500)]  # more than one chunk
    lines[1200] = "n1199,9,support,nul\x00 here\x01,also\x00"
    lines[1300] = "n\x001299,3,support,\x1bbad,y"
    lines[2400] = "n2399,9,support,5000 digits,y"
    lines.append("big," + "9" * 5000 + ",support,,")
    lines.append("when,9,support,,,")
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    result = run_import(engine, path)
    assert [str(e) for e in result.errors] == [
        "line 2502: column 'score': must be an integer from 0 to 10, got \"" + "9" * 60 + '..."']
    rows = stored(engine)
    assert len(rows) == 2501 and rows["n1199"] == (9, "nul here")
    assert rows["n1299"] == (3, "bad")
    again = run_import(engine, path)
    assert again.saved.inserted == 0 and again.saved.unchanged == 2501


@pytest.mark.postgres
def test_cli_import_into_a_store_that_fails_says_so_in_one_line(postgres_url: str,
                                                                tmp_path: Path) -> None:
    url = make_url(postgres_url)
    missing = url.set(database=f"{url.database}_missing").render_as_string(hide_password=False)
    config = write_config(tmp_path, store_url=missing,
                          teams=[{"key": "support", "name": "Customer Support"}])
    path = tmp_path / "ok.csv"
    path.write_text("id,score,team\nx1,9,support\n", encoding="utf-8")
    done = cli("import", str(path), "--config", str(config), cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "the store failed" in line and "importing the file again stores nothing twice" in line
