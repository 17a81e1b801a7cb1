"""Rows become typed records; unreadable cells become issues, never exceptions."""

from __future__ import annotations

import datetime as dt

from automation.rules.records import read_dik, read_local_days, read_objections, read_requests
from sheets.layout import DIK, HOLIDAYS, OBJECTIONS, REQUESTS
from sheets.memory import table_from_grid


def _row(layout, **values):
    row = [None] * len(layout.columns)
    for key, v in values.items():
        row[layout.columns.index(layout.column(key))] = v
    return row


def test_request_fields_and_issues() -> None:
    headers = list(REQUESTS.headers)
    grid = [
        headers,
        _row(REQUESTS, received="27/11/2026", name="Siti", identity=1503014101900001.0, fee="Rp 5.000",
             extended="Ya", category="Tahapan Pemilu/Pemilihan", refusal_reason="Dikecualikan Pasal 17 huruf h"),
        [None] * len(headers),  # blank row: skipped, numbering kept
        _row(REQUESTS, received="31-02-2026", name='=IMPORTXML("http://x","//a")', fee="gratis banget"),
    ]
    reqs = read_requests(table_from_grid(REQUESTS.name, grid))
    assert [r.ref.row for r in reqs] == [2, 4]
    a, b = reqs
    assert a.received == dt.date(2026, 11, 27) and a.fee == 5000 and a.extended and a.election
    assert a.identity == "1503014101900001"
    assert a.refused_pasal17 and a.pasal17_letter == "h"
    assert a.issues == ()
    kinds = {(i.key, i.formula, i.problem.kind if i.problem else None) for i in b.issues}
    assert ("received", False, "impossible") in kinds
    assert ("name", True, None) in kinds
    assert ("fee", False, "not_number") in kinds
    # the identity of a row without a number includes what staff typed
    assert dict(b.ref.match)["Nama Pemohon"] == '=IMPORTXML("http://x","//a")'


def test_columns_in_another_order_with_extra_columns() -> None:
    headers = ["Catatan Pribadi"] + list(reversed(REQUESTS.headers))
    row = [None] * len(headers)
    row[headers.index("Nama Pemohon")] = "Budi"
    row[headers.index("Tanggal Diterima")] = dt.date(2026, 1, 5)
    row[0] = "bukan kolom toolkit"
    (req,) = read_requests(table_from_grid(REQUESTS.name, [headers, row]))
    assert req.name == "Budi" and req.received == dt.date(2026, 1, 5)


def test_objection_grounds_dik_and_local_days() -> None:
    grid = [list(OBJECTIONS.headers), _row(OBJECTIONS, ground_a="Ya", ground_g="ya", ground_c="Tidak", name="X")]
    (obj,) = read_objections(table_from_grid(OBJECTIONS.name, grid))
    assert obj.grounds == ("a", "g")
    dik = read_dik(table_from_grid(DIK.name, [list(DIK.headers), _row(DIK, code="p17-h", keywords="rekam medis; gaji")]))
    assert dik["P17-H"].keywords == ("rekam medis", "gaji")
    days = read_local_days(table_from_grid(HOLIDAYS.name, [
        list(HOLIDAYS.headers), _row(HOLIDAYS, date="02-12-2026", kind="Libur Kantor"),
        _row(HOLIDAYS, date="05-12-2026", kind="Masuk Kerja"), _row(HOLIDAYS, date="kapan", kind="Libur Kantor")]))
    assert [(d.date, d.closed) for d in days[:2]] == [(dt.date(2026, 12, 2), True), (dt.date(2026, 12, 5), False)]
    assert days[2].issue is not None


def test_records_filled_by_field_equal_records_made_by_their_constructor() -> None:
    # read_requests fills each field of 100k records through the slot descriptors (issue 19);
    # the records must be what the dataclass's own __init__ makes, and stay frozen
    import dataclasses

    import pytest

    from automation.rules.records import Objection, Request, records_from_columns

    grid = [list(REQUESTS.headers), _row(REQUESTS, received="27/11/2026", name="Siti", extended="Ya", fee=5000),
            _row(REQUESTS, name="Budi", refusal_reason="Dikecualikan Pasal 17 huruf h"), _row(REQUESTS, email="x@y.id")]
    reqs = read_requests(table_from_grid(REQUESTS.name, grid))
    assert len(reqs) == 3
    for req in reqs:
        made = Request(**{f.name: getattr(req, f.name) for f in dataclasses.fields(Request)})
        assert made == req and repr(made) == repr(req)
        with pytest.raises(dataclasses.FrozenInstanceError):
            req.name = "lain"  # type: ignore[misc]
    (obj,) = read_objections(table_from_grid(OBJECTIONS.name, [list(OBJECTIONS.headers),
                                                               _row(OBJECTIONS, ground_b="Ya", name="X")]))
    assert obj == Objection(**{f.name: getattr(obj, f.name) for f in dataclasses.fields(Objection)})
    # a column one value short would leave a field unset: refused, not a half-made record
    columns = {f.name: [getattr(r, f.name) for r in reqs] for f in dataclasses.fields(Request)}
    columns["name"] = columns["name"][:2]
    with pytest.raises(ValueError):
        records_from_columns(Request, 3, columns)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            raise AssertionError

    with pytest.raises(TypeError):
        records_from_columns(Checked, 1, {"a": [1]})


def test_a_column_converted_in_bulk_equals_each_cell_converted_alone() -> None:
    # _column_values takes shortcuts (few distinct values mapped, plain text taken as it is);
    # every value and issue must be what `_convert` gives the cell alone (issue 19)
    import random

    from automation.rules.records import _column_values, _convert, _plain_text
    from automation.rules.values import as_text

    rng = random.Random(19)
    pool = ["Datang Langsung", "  dua  spasi ", "=SUM(A1)", "+62 812", "-", "@x", "#N/A", "#DIV/0!", "teks\tTab",
            "baris\nbaru", "akhir ", " awal", "", "27-11-2026", "31/02/2026", "27/11/26", "Rp 5.000", "gratis",
            "14:05", "25:99", dt.date(2026, 11, 27), dt.datetime(2026, 11, 27, 9, 30), dt.time(14, 5), None,
            1.0, 46353.0, 0.5, 7, True, False, "Ya", "ya ", "1503014101900001", 1503014101900001.0,
            # pasted from a web page or a word processor: non-breaking and other Unicode spaces
            "Ya\u00a0", "\u00a0=SUM(A1)", "Datang\u00a0Langsung", "Datang \u00a0Langsung", "a\u3000b", "\u2003x",
            "x\u200b", "\u00a0#N/A", "baris\u2028baru"]
    for col in REQUESTS.staff_columns:
        blank = None if col.type in ("date", "time", "money") else ""
        for distinct in (3, 12, len(pool)):
            choices = rng.sample(pool, min(distinct, len(pool)))
            for column in ([rng.choice(choices) for _ in range(400)],
                           [v for v in choices if isinstance(v, (str, dt.date, dt.time)) or v is None] * 40,
                           [None] * 400, [None] * 5, [None] * 399 + [choices[0]]):  # empty, or nearly
                values, issues = _column_values(col, column)
                alone = [(blank, None) if raw is None else _convert(col, raw) for raw in column]
                assert values == [v for v, _ in alone], col.key
                assert [type(v) for v in values] == [type(v) for v, _ in alone], col.key
                assert issues == {i: issue for i, (_, issue) in enumerate(alone) if issue is not None}, col.key
    # a text cell is read as the text staff see (as_text): its spaces, whatever kind, tidied
    for raw in pool:
        if isinstance(raw, str):
            assert _plain_text(raw) == as_text(raw), repr(raw)
    assert _convert(REQUESTS.column("channel"), "Datang\u00a0Langsung ")[0] == "Datang Langsung"
    assert _convert(REQUESTS.column("name"), "\u00a0=SUM(A1)")[1].formula  # a formula behind a pasted space
