"""Pages for Disnaker staff (/staf): seekers, referrals, companies, and vacancies with their ranked
candidates. Placements to verify, competency needs, trainings and the unknown skill phrases are
in service/web/staff_records.py, on the same blueprint."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for

from schemas.common import EDUCATION_LEVELS
from schemas.companies import CompanyCreateSchema, CompanyUpdateSchema
from schemas.placements import PlacementCreateSchema
from schemas.referrals import ReferralCreateSchema
from schemas.seekers import SeekerCreateSchema, SeekerUpdateSchema
from schemas.vacancies import VACANCY_STATUSES, VacancyCreateSchema, VacancyUpdateSchema
from service import audit, companies, matches, placements, referrals, seekers, skills, tkm, trainings, vacancies
from service.errors import DomainError
from service.nik import NikError, parse_nik
from service.web import lists
from service.web.forms import FormInvalid, district_from_form, form_data, indonesian, lines, load_form, submit
from service.web.session import require_role, safe_next

bp = Blueprint("staff", __name__, url_prefix="/staf")
bp.before_request(require_role("staff"))

CANDIDATES = 20
ACCESS_LOG_ROWS = 30  # the newest reads and changes of a record; the API and the export have all
SLIP = "slip"  # session key: the access code of the slip about to be shown, once


def _company_choices() -> list:
    return companies.list_companies({"limit": 500, "offset": 0})["items"]


@bp.get("")
def home():
    counts = {
        "claimed": placements.count_placements({"status": "claimed"}),
        "open": vacancies.list_vacancies({"status": "open", "limit": 1, "offset": 0})["total"],
        "seekers": seekers.list_seekers({"status": "active", "limit": 1, "offset": 0})["total"],
        "unknown": skills.list_unknown({"limit": 1, "offset": 0})["total"],
    }
    return render_template("staff/home.html", counts=counts)


# ---- seekers (pencaker) -----------------------------------------------------------------------

SEEKER_FILTERS = {"status": ("status", lists.choice("active", "placed", "inactive", "self_employed")),
                  "kecamatan": ("district", lists.district), "lokal": ("is_local", lists.yes_no),
                  "pendidikan": ("education_level", lists.choice(*EDUCATION_LEVELS)),
                  "keterampilan": ("skill", lists.text)}


@bp.get("/pencaker")
def seeker_list():
    args = lists.list_args(SEEKER_FILTERS, tuple(seekers.SEEKER_ORDERS))
    return render_template("staff/seekers.html", result=seekers.shown(lists.run(seekers.list_seekers, args)),
                           levels=EDUCATION_LEVELS)


@bp.post("/pencaker/cari")
def seeker_search():
    """Search by NIK or name. By POST, so neither ever sits in a URL or a log; a full NIK opens the record."""
    wanted = request.form.get("cari", "").strip()[:200]
    found = seekers.find_by_nik(wanted)
    if found:
        return redirect(url_for(".seeker_detail", seeker_id=found.id))
    args = lists.list_args(SEEKER_FILTERS, tuple(seekers.SEEKER_ORDERS))
    digits = wanted.replace(" ", "").replace(".", "")
    if digits.isdigit():
        note = "Tidak ada pencari kerja dengan NIK itu." if len(digits) == 16 else "NIK harus 16 angka."
        result = {"items": [], "total": 0, "page": 1, "pages": 1}
    else:
        note = None
        if wanted:
            args["q"] = wanted
        result = seekers.shown(lists.run(seekers.list_seekers, args))
    return render_template("staff/seekers.html", result=result, levels=EDUCATION_LEVELS, searched=wanted,
                           note=note)


@bp.route("/pencaker/baru", methods=["GET", "POST"])
def seeker_new():
    def render(errors=None):
        return render_template("staff/seeker_form.html", values=request.form, errors=errors or {},
                               levels=EDUCATION_LEVELS)

    def register():
        data = form_data(SeekerCreateSchema(), request.form, checkboxes=("consent",))
        found: dict = {}
        data["district"] = district_from_form(request.form.get("district"), found)
        try:
            data = load_form(SeekerCreateSchema(), data, found)
        except FormInvalid as err:
            _add_nik_error(err.errors, request.form.get("nik", "").strip())
            raise
        seeker, _, code = seekers.register_seeker(data)
        return _to_slip(seeker.id, code)

    return submit(render, register) if request.method == "POST" else render()


def _to_slip(seeker_id: int, code: str):
    """Post/redirect/get: the slip is its own page, so a reload never sends the registration again.
    The code rides in the (signed) session for that one showing and is gone after it."""
    session[SLIP] = {"seeker_id": seeker_id, "code": code}
    return redirect(url_for(".seeker_slip", seeker_id=seeker_id))


@bp.get("/pencaker/<int:seeker_id>/bukti")
def seeker_slip(seeker_id):
    """The printable registration slip; the access code only the first time it is shown."""
    seeker = seekers.get_seeker(seeker_id)
    pending = session.get(SLIP) or {}
    code = session.pop(SLIP)["code"] if pending.get("seeker_id") == seeker.id else None
    return render_template("staff/seeker_registered.html", seeker=seeker, access_code=code)


def _add_nik_error(errors: dict, nik: str) -> None:
    """Say what is wrong with the NIK too when other fields failed first (the use case checks it later)."""
    if "nik" not in errors:
        try:
            parse_nik(nik)
        except NikError as err:
            errors["nik"] = [indonesian(str(err))]


@bp.route("/pencaker/<int:seeker_id>", methods=["GET", "POST"])
def seeker_detail(seeker_id):
    seeker = seekers.get_seeker(seeker_id)
    schema = SeekerUpdateSchema(only=("full_name", "education_level", "skills", "ktp_regency_code", "district",
                                      "phone", "consent", "status"))

    def render(errors=None):
        return render_template("staff/seeker.html", seeker=seeker, errors=errors or {}, levels=EDUCATION_LEVELS,
                               values=request.form if errors else None,
                               matches=matches.seeker_matches(seeker.id, 10),
                               suggestions=referrals.suggest(seeker.id, limit=5)["items"],
                               referrals=referrals.list_referrals(
                                   {"seeker_id": seeker.id, "limit": 50, "offset": 0})["items"],
                               next_actions=REFERRAL_NEXT,
                               placements=placements.list_placements(
                                   {"seeker_id": seeker.id, "limit": 20, "offset": 0})["items"],
                               access_log=audit.access_log(seeker.id, ACCESS_LOG_ROWS)["items"],
                               tkm_memberships=tkm.memberships(seeker.id))

    def update():
        data = form_data(schema, request.form, keep_empty_lists=True, checkboxes=("consent",))
        found: dict = {}
        data["district"] = district_from_form(request.form.get("district"), found, seeker.district)
        seekers.update_seeker(seeker.id, load_form(schema, data, found))
        flash("Data pencari kerja disimpan.", "ok")
        return redirect(url_for(".seeker_detail", seeker_id=seeker.id))

    return submit(render, update) if request.method == "POST" else render()


@bp.post("/pencaker/<int:seeker_id>/kode-akses")
def seeker_new_code(seeker_id):
    """A new access code for a seeker who lost theirs, on a fresh slip to print."""
    return _to_slip(seeker_id, seekers.renew_access_code(seeker_id))


@bp.post("/pencaker/<int:seeker_id>/rujukan")
def seeker_refer(seeker_id):
    """Refer a seeker to a training programme, usually one the suggestions named."""
    schema = ReferralCreateSchema()
    data = {**form_data(schema, request.form), "seeker_id": seeker_id, "status": "referred"}
    try:
        referral = referrals.create_referral(load_form(schema, data), g.principal)
    except FormInvalid as err:
        flash("Rujukan belum dicatat: " + " ".join(m for msgs in err.errors.values() for m in msgs), "error")
    except DomainError as err:
        flash("Rujukan belum dicatat: " + indonesian(err.message), "error")
    else:
        flash(f"Dirujuk ke {referral.training.name}.", "ok")
    return redirect(url_for(".seeker_detail", seeker_id=seeker_id) + "#rujukan")


# ---- referrals (rujukan pelatihan) ------------------------------------------------------------

REFERRAL_ACTIONS = {"rujuk": ("referred", "Pencari kerja dirujuk."),
                    "daftar": ("enrolled", "Pencari kerja terdaftar sebagai peserta; satu kursi terpakai."),
                    "selesai": ("completed", "Pelatihan selesai; kompetensinya kini tercatat pada pencari kerja."),
                    "berhenti": ("dropped", "Pencari kerja berhenti; kursinya dibuka kembali.")}
REFERRAL_NEXT = {"suggested": ("rujuk",), "referred": ("daftar",), "enrolled": ("selesai", "berhenti")}
REFERRAL_STATUSES = ("suggested", "referred", "enrolled", "completed", "dropped")


@bp.get("/rujukan")
def referral_list():
    args = lists.list_args({"status": ("status", lists.choice(*REFERRAL_STATUSES)),
                            "pelatihan": ("training_id", lists.number)}, tuple(referrals.REFERRAL_ORDERS))
    if "status" not in args and request.args.get("status") != "semua":
        args["status"] = "referred"
    return render_template("staff/referrals.html", result=lists.run(referrals.list_referrals, args),
                           status=args.get("status", "semua"), next_actions=REFERRAL_NEXT,
                           trainings=trainings.list_trainings({"limit": 500, "offset": 0})["items"])


@bp.post("/rujukan/<int:referral_id>/<any(rujuk, daftar, selesai, berhenti):action>")
def referral_advance(referral_id, action):
    to_status, done = REFERRAL_ACTIONS[action]
    try:
        referrals.advance(referral_id, to_status)
    except DomainError as err:
        flash(indonesian(err.message), "error")
    else:
        flash(done, "ok")
    return redirect(safe_next(request.form.get("back")) or url_for(".referral_list"))


# ---- companies (perusahaan) -------------------------------------------------------------------

COMPANY_FILTERS = {"q": ("q", lists.text), "kecamatan": ("district", lists.district), "sektor": ("sector", lists.text)}
MAX_COMMITMENT_ROWS = 10


@bp.get("/perusahaan")
def company_list():
    args = lists.list_args(COMPANY_FILTERS, tuple(companies.COMPANY_ORDERS))
    return render_template("staff/companies.html", result=lists.run(companies.list_companies, args))


@bp.route("/perusahaan/baru", methods=["GET", "POST"])
def company_new():
    def render(errors=None):
        return render_template("staff/company_form.html", values=request.form, errors=errors or {}, company=None,
                               rows=_commitment_rows(None), similar=_similar(errors))

    def create():
        company = companies.create_company(_company_data(None, CompanyCreateSchema()),
                                           allow_similar="confirm_similar" in request.form)
        flash(f"Perusahaan {company.name} disimpan.", "ok")
        return redirect(url_for(".company_detail", company_id=company.id))

    return submit(render, create) if request.method == "POST" else render()


def _similar(errors) -> bool:
    return bool(errors and any("mirip" in m for m in errors.get("name", [])))


@bp.get("/perusahaan/<int:company_id>")
def company_detail(company_id):
    """The company's page: contact, vacancies, verified hires by year with the local share, MoU vs actual."""
    return render_template("staff/company.html", **companies.company_summary(company_id))


@bp.route("/perusahaan/<int:company_id>/ubah", methods=["GET", "POST"])
def company_edit(company_id):
    company = companies.get_company(company_id)

    def render(errors=None):
        return render_template("staff/company_form.html", values=request.form if errors else None,
                               errors=errors or {}, company=company, rows=_commitment_rows(company), similar=False)

    def update():
        companies.update_company(company.id, _company_data(company, CompanyUpdateSchema()))
        flash("Data perusahaan disimpan.", "ok")
        return redirect(url_for(".company_detail", company_id=company.id))

    return submit(render, update) if request.method == "POST" else render()


def _commitment_rows(company) -> list[tuple[str, str]]:
    """(year, local hires) rows of the form: the stored ones, then one blank row to add a year."""
    stored = [(str(c.year), str(c.local_hires)) for c in company.commitments] if company else []
    return (stored + [("", "")])[:MAX_COMMITMENT_ROWS]


def _company_data(company, schema) -> dict:
    """The posted company, its kecamatan from the list and its commitments from the year/number rows."""
    found: dict = {}
    data = form_data(schema, request.form)
    data["district"] = district_from_form(request.form.get("district"), found, company and company.district)
    data["commitments"] = []
    for i in range(MAX_COMMITMENT_ROWS):
        year = request.form.get(f"commitment_year_{i}", "").strip()
        hires = request.form.get(f"commitment_hires_{i}", "").strip()
        if year or hires:
            data["commitments"].append({"year": _int_or_text(year), "local_hires": _int_or_text(hires)})
    return load_form(schema, data, found)


def _int_or_text(raw: str):
    return int(raw) if raw.isdigit() else raw or None


# ---- vacancies (lowongan) and their candidates ------------------------------------------------

VACANCY_FILTERS = {"q": ("q", lists.text), "perusahaan": ("company_id", lists.number),
                   "kecamatan": ("district", lists.district)}


@bp.get("/lowongan")
def vacancy_list():
    args = lists.list_args({**VACANCY_FILTERS, "status": ("status", lists.choice(*VACANCY_STATUSES))},
                           tuple(vacancies.VACANCY_ORDERS))
    if "status" not in args and request.args.get("status") != "semua":
        args["status"] = "open"
    return render_template("staff/vacancies.html", result=lists.run(vacancies.list_vacancies, args),
                           status=args.get("status", "semua"), companies=_company_choices())


@bp.route("/lowongan/baru", methods=["GET", "POST"])
def vacancy_new():
    def render(errors=None):
        return render_template("staff/vacancy_form.html", values=request.form, errors=errors or {},
                               levels=EDUCATION_LEVELS, companies=_company_choices(), vacancy=None)

    def create():
        vacancy = vacancies.create_vacancy(load_form(VacancyCreateSchema(), _vacancy_data(VacancyCreateSchema())))
        flash("Lowongan disimpan. Berikut kandidat yang paling cocok.", "ok")
        return redirect(url_for(".vacancy_detail", vacancy_id=vacancy.id))

    return submit(render, create) if request.method == "POST" else render()


def _vacancy_data(schema) -> dict:
    data = form_data(schema, request.form)
    data["required_skills"] = (
        [{"text": t, "essential": True, "core": True} for t in lines(request.form.get("core_skill"))]
        + [{"text": t, "essential": True} for t in lines(request.form.get("essential_skills"))]
        + [{"text": t, "essential": False} for t in lines(request.form.get("optional_skills"))])
    return data


@bp.route("/lowongan/<int:vacancy_id>/ubah", methods=["GET", "POST"])
def vacancy_edit(vacancy_id):
    vacancy = vacancies.get_vacancy(vacancy_id)
    schema = VacancyUpdateSchema(exclude=("status",))

    def render(errors=None):
        return render_template("staff/vacancy_form.html", values=request.form if errors else _vacancy_values(vacancy),
                               errors=errors or {}, levels=EDUCATION_LEVELS, companies=_company_choices(),
                               vacancy=vacancy)

    def update():
        vacancies.update_vacancy(vacancy.id, load_form(schema, _vacancy_data(schema)))
        flash("Perubahan lowongan disimpan.", "ok")
        return redirect(url_for(".vacancy_detail", vacancy_id=vacancy.id))

    return submit(render, update) if request.method == "POST" else render()


OPTIONAL_VACANCY_FIELDS = ("description", "min_education", "gender", "min_age", "max_age", "min_experience_years",
                           "wage_min", "wage_max", "work_location", "closes_on", "kbji_code")


def _vacancy_values(vacancy) -> dict:
    """The stored vacancy as the form's fields."""
    values = {name: "" if getattr(vacancy, name) is None else str(getattr(vacancy, name))
              for name in ("company_id", "title", "openings", *OPTIONAL_VACANCY_FIELDS)}
    values["core_skill"] = "\n".join(s["text"] for s in vacancy.required_skills if s.get("core"))
    values["essential_skills"] = "\n".join(s["text"] for s in vacancy.required_skills
                                           if s.get("essential", True) and not s.get("core"))
    values["optional_skills"] = "\n".join(s["text"] for s in vacancy.required_skills if not s.get("essential", True))
    return values


@bp.post("/lowongan/<int:vacancy_id>/<any(tutup, buka):action>")
def vacancy_status(vacancy_id, action):
    """Close a vacancy (no more candidates, no more hires from it), or open it again."""
    try:
        vacancies.update_vacancy(vacancy_id, {"status": "closed" if action == "tutup" else "open"})
    except DomainError as err:
        flash(indonesian(err.message), "error")
    else:
        flash("Lowongan ditutup." if action == "tutup" else "Lowongan dibuka kembali.", "ok")
    return redirect(url_for(".vacancy_detail", vacancy_id=vacancy_id))


@bp.get("/lowongan/<int:vacancy_id>")
def vacancy_detail(vacancy_id):
    vacancy = vacancies.get_vacancy(vacancy_id)
    return render_template("staff/vacancy.html", vacancy=vacancy, today=date.today(),
                           kbji_title=skills.occupation_title(vacancy.kbji_code),
                           candidates=matches.vacancy_matches(vacancy.id, CANDIDATES),
                           placements=placements.list_placements(
                               {"vacancy_id": vacancy.id, "limit": 100, "offset": 0})["items"])


@bp.post("/lowongan/<int:vacancy_id>/penempatan")
def vacancy_place(vacancy_id):
    """Record a hire from the candidates list: claimed until verified."""
    data = {"vacancy_id": vacancy_id, "seeker_id": _int_or_text(request.form.get("seeker_id", "")),
            "placed_on": request.form.get("placed_on", "").strip() or None}
    try:
        placement = placements.record_placement(load_form(_placement_schema(), data), g.principal,
                                                as_it_happens=True)
    except FormInvalid as err:
        flash("Penempatan belum dicatat: " + " ".join(m for msgs in err.errors.values() for m in msgs), "error")
    except DomainError as err:
        flash("Penempatan belum dicatat: " + indonesian(err.message), "error")
    else:
        flash(f"Penempatan {placement.seeker.full_name} dicatat dan menunggu verifikasi.", "ok")
    return redirect(url_for(".vacancy_detail", vacancy_id=vacancy_id))


def _placement_schema():
    return PlacementCreateSchema(only=("vacancy_id", "seeker_id", "placed_on"))
