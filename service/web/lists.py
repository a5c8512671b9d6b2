"""Filters, sorting and pages for the staff lists, read from the query string (?status=&kecamatan=
&urut=&hal=). A value a list does not know is ignored, as a nonsense page number is: a list is
never an error page. Names and NIKs are never filters here: they are searched by POST."""
from __future__ import annotations

from datetime import date

from flask import abort, request

from service import districts

PAGE_SIZE = 50


def choice(*values):
    return lambda raw: raw if raw in values else None


def number(raw: str):
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 2_000_000_000 else None


def yes_no(raw: str):
    return {"ya": True, "tidak": False}.get(raw)


def district(raw: str):
    found = districts.by_code(raw)
    return found.name if found else None


def month(raw: str):
    """'2023-03' -> 1 March 2023."""
    try:
        year, month_ = (int(part) for part in raw.split("-"))
        return date(year, month_, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def text(raw: str):
    return raw[:200]


def list_args(spec: dict, sorts: tuple = ()) -> dict:
    """The use case's arguments: {param: (key, parse)} from the query string, ?urut= and ?hal=."""
    raw_page = request.args.get("hal", "1")
    number_ = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) <= 100_000 else 1
    args = {"limit": PAGE_SIZE, "offset": (number_ - 1) * PAGE_SIZE, "page": number_}
    for param, (key, parse) in spec.items():
        raw = request.args.get(param, "").strip()
        value = parse(raw) if raw else None
        if value is not None:
            args[key] = value
    if request.args.get("urut") in sorts:
        args["sort"] = request.args["urut"]
    return args


def run(use_case, args: dict) -> dict:
    """The use case's page of results, with the page number and count of pages for the pager."""
    result = use_case({k: v for k, v in args.items() if k != "page"})
    result["page"], result["pages"] = args["page"], max(1, -(-result["total"] // PAGE_SIZE))
    return result


def report_year() -> int:
    """The report's year from ?tahun= (this year when absent); a year no report can have is 404."""
    raw = request.args.get("tahun", "")
    year = int(raw) if raw.isdigit() else date.today().year
    if not 2000 <= year <= 2100:
        abort(404)
    return year
