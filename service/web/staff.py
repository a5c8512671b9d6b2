"""Pages for Disnaker staff (/staf): seekers, companies, vacancies with their ranked candidates,
placements to verify, competency needs, trainings and the unknown skill phrases."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from schemas.common import EDUCATION_LEVELS
from schemas.companies import CompanyCreateSchema
from schemas.matches import AliasCreateSchema
from schemas.placements import PlacementCreateSchema
from schemas.referrals import ReferralCreateSchema
from schemas.seekers import SeekerCreateSchema, SeekerUpdateSchema
from schemas.trainings import PROVIDER_TYPES, NeedCreateSchema, TrainingCreateSchema
from schemas.vacancies import VacancyCreateSchema
from service import companies, matches, placements, referrals, seekers, skills, trainings, vacancies
from service.errors import DomainError
from service.nik import NikError, parse_nik
from service.web.forms import FormInvalid, form_data, indonesian, lines, load_form, submit
from service.web.session import require_role, safe_next

bp = Blueprint("staff", __name__, url_prefix="/staf")
bp.before_request(require_role("staff"))

PAGE_SIZE = 50
CANDIDATES = 20


def _paging() -> dict:
    """?hal=N (page N, from 1) and ?q= for the lists; a nonsense page number is page 1."""
    raw = request.args.get("hal", "1")
    number = int(raw) if raw.isdigit() and 0 < int(raw) <= 100_000 else 1
    args = {"limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE, "page": number}
    q = request.args.get("q", "").strip()[:200]
    if q:
        args["q"] = q
    return args


def _list(use_case, args: dict) -> dict:
    result = use_case({k: v for k, v in args.items() if k != "page"})
    result["page"], result["pages"] = args["page"], max(1, -(-result["total"] // PAGE_SIZE))
    return result


def _company_choices() -> list:
    return companies.list_companies({"limit": 500, "offset": 0})["items"]


@bp.get("")
def home():
    counts = {
        "claimed": placements.list_placements({"status": "claimed", "limit": 1, "offset": 0})["total"],
        "open": vacancies.list_vacancies({"status": "open", "limit": 1, "offset": 0})["total"],
        "seekers": seekers.list_seekers({"status": "active", "limit": 1, "offset": 0})["total"],
        "unknown": skills.list_unknown({"limit": 1, "offset": 0})["total"],
    }
    return render_template("staff/home.html", counts=counts)


# ---- seekers (pencaker) -----------------------------------------------------------------------

@bp.get("/pencaker")
def seeker_list():
    return render_template("staff/seekers.html", result=_list(seekers.list_seekers, _paging()))


@bp.route("/pencaker/baru", methods=["GET", "POST"])
def seeker_new():
    def render(errors=None):
        return render_template("staff/seeker_form.html", values=request.form, errors=errors or {},
                               levels=EDUCATION_LEVELS)

    def register():
        data = form_data(SeekerCreateSchema(), request.form, checkboxes=("consent",))
        try:
            data = load_form(SeekerCreateSchema(), data)
        except FormInvalid as err:
            _add_nik_error(err.errors, request.form.get("nik", "").strip())
            raise
        seeker, _, code = seekers.register_seeker(data)
        return render_template("staff/seeker_registered.html", seeker=seeker, access_code=code), 201

    return submit(render, register) if request.method == "POST" else render()


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
                                   {"seeker_id": seeker.id, "limit": 20, "offset": 0})["items"])

    def update():
        data = form_data(schema, request.form, keep_empty_lists=True, checkboxes=("consent",))
        seekers.update_seeker(seeker.id, load_form(schema, data))
        flash("Data pencari kerja disimpan.", "ok")
        return redirect(url_for(".seeker_detail", seeker_id=seeker.id))

    return submit(render, update) if request.method == "POST" else render()


@bp.post("/pencaker/<int:seeker_id>/kode-akses")
def seeker_new_code(seeker_id):
    """A new access code for a seeker who lost theirs, on a fresh slip to print."""
    code = seekers.renew_access_code(seeker_id)
    return render_template("staff/seeker_registered.html", seeker=seekers.get_seeker(seeker_id), access_code=code)


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


@bp.get("/rujukan")
def referral_list():
    args = _paging()
    args.pop("q", None)
    status = request.args.get("status", "referred")
    if status in ("suggested", "referred", "enrolled", "completed", "dropped"):
        args["status"] = status
    return render_template("staff/referrals.html", result=_list(referrals.list_referrals, args), status=status,
                           next_actions=REFERRAL_NEXT)


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

@bp.get("/perusahaan")
def company_list():
    return render_template("staff/companies.html", result=_list(companies.list_companies, _paging()))


@bp.route("/perusahaan/baru", methods=["GET", "POST"])
def company_new():
    def render(errors=None):
        return render_template("staff/company_form.html", values=request.form, errors=errors or {})

    def create():
        data = form_data(CompanyCreateSchema(), request.form)
        year, hires = request.form.get("commitment_year", "").strip(), request.form.get("commitment_hires", "").strip()
        if year or hires:
            data["commitments"] = [{"year": _int_or_text(year), "local_hires": _int_or_text(hires)}]
        company = companies.create_company(load_form(CompanyCreateSchema(), data))
        flash(f"Perusahaan {company.name} disimpan.", "ok")
        return redirect(url_for(".company_list"))

    return submit(render, create) if request.method == "POST" else render()


def _int_or_text(raw: str):
    return int(raw) if raw.isdigit() else raw or None


# ---- vacancies (lowongan) and their candidates ------------------------------------------------

@bp.get("/lowongan")
def vacancy_list():
    args = _paging()
    status = request.args.get("status", "open")
    if status in ("open", "filled", "closed"):
        args["status"] = status
    return render_template("staff/vacancies.html", result=_list(vacancies.list_vacancies, args), status=status)


@bp.route("/lowongan/baru", methods=["GET", "POST"])
def vacancy_new():
    def render(errors=None):
        return render_template("staff/vacancy_form.html", values=request.form, errors=errors or {},
                               levels=EDUCATION_LEVELS, companies=_company_choices())

    def create():
        data = form_data(VacancyCreateSchema(), request.form)
        data["required_skills"] = (
            [{"text": t, "essential": True} for t in lines(request.form.get("essential_skills"))]
            + [{"text": t, "essential": False} for t in lines(request.form.get("optional_skills"))])
        vacancy = vacancies.create_vacancy(load_form(VacancyCreateSchema(), data))
        flash("Lowongan disimpan. Berikut kandidat yang paling cocok.", "ok")
        return redirect(url_for(".vacancy_detail", vacancy_id=vacancy.id))

    return submit(render, create) if request.method == "POST" else render()


@bp.get("/lowongan/<int:vacancy_id>")
def vacancy_detail(vacancy_id):
    vacancy = vacancies.get_vacancy(vacancy_id)
    return render_template("staff/vacancy.html", vacancy=vacancy, today=date.today(),
                           candidates=matches.vacancy_matches(vacancy.id, CANDIDATES),
                           placements=placements.list_placements(
                               {"vacancy_id": vacancy.id, "limit": 100, "offset": 0})["items"])


@bp.post("/lowongan/<int:vacancy_id>/penempatan")
def vacancy_place(vacancy_id):
    """Record a hire from the candidates list: claimed until verified."""
    data = {"vacancy_id": vacancy_id, "seeker_id": _int_or_text(request.form.get("seeker_id", "")),
            "placed_on": request.form.get("placed_on", "").strip() or None}
    try:
        placement = placements.record_placement(load_form(_placement_schema(), data), g.principal)
    except FormInvalid as err:
        flash("Penempatan belum dicatat: " + " ".join(m for msgs in err.errors.values() for m in msgs), "error")
    except DomainError as err:
        flash("Penempatan belum dicatat: " + indonesian(err.message), "error")
    else:
        flash(f"Penempatan {placement.seeker.full_name} dicatat dan menunggu verifikasi.", "ok")
    return redirect(url_for(".vacancy_detail", vacancy_id=vacancy_id))


def _placement_schema():
    return PlacementCreateSchema(only=("vacancy_id", "seeker_id", "placed_on"))


# ---- placements (penempatan) to verify --------------------------------------------------------

PLACEMENT_ACTIONS = {"verifikasi": ("verified", "Penempatan diverifikasi."),
                     "tolak": ("rejected", "Penempatan ditolak; formasinya dibuka kembali."),
                     "batalkan": ("cancelled", "Penempatan dibatalkan; formasinya dibuka kembali.")}


@bp.get("/penempatan")
def placement_list():
    args = _paging()
    args.pop("q", None)
    status = request.args.get("status", "claimed")
    if status in ("claimed", "verified", "rejected", "cancelled"):
        args["status"] = status
    return render_template("staff/placements.html", result=_list(placements.list_placements, args), status=status)


@bp.post("/penempatan/<int:placement_id>/<any(verifikasi, tolak, batalkan):action>")
def placement_decide(placement_id, action):
    to_status, done = PLACEMENT_ACTIONS[action]
    note = request.form.get("note", "").strip()[:1000] or None
    try:
        placements.decide(placement_id, to_status, g.principal, note)
    except DomainError as err:
        flash(indonesian(err.message), "error")
    else:
        flash(done, "ok")
    return redirect(safe_next(request.form.get("back")) or url_for(".placement_list"))


# ---- competency needs (kebutuhan kompetensi) --------------------------------------------------

@bp.route("/kebutuhan", methods=["GET", "POST"])
def needs():
    args = _paging()
    args.pop("q", None)

    def render(errors=None):
        return render_template("staff/needs.html", result=_list(trainings.list_needs, args), errors=errors or {},
                               values=request.form if errors else {}, companies=_company_choices())

    def create():
        trainings.create_need(load_form(NeedCreateSchema(), form_data(NeedCreateSchema(), request.form)))
        flash("Kebutuhan kompetensi dicatat.", "ok")
        return redirect(url_for(".needs"))

    return submit(render, create) if request.method == "POST" else render()


# ---- trainings (pelatihan) --------------------------------------------------------------------

@bp.route("/pelatihan", methods=["GET", "POST"])
def training_list():
    args = _paging()

    def render(errors=None):
        return render_template("staff/trainings.html", result=_list(trainings.list_trainings, args),
                               errors=errors or {}, values=request.form if errors else {},
                               levels=EDUCATION_LEVELS, provider_types=PROVIDER_TYPES)

    def create():
        training = trainings.create_training(
            load_form(TrainingCreateSchema(), form_data(TrainingCreateSchema(), request.form)))
        flash(f"Pelatihan {training.name} disimpan.", "ok")
        return redirect(url_for(".training_list"))

    return submit(render, create) if request.method == "POST" else render()


# ---- skill phrases the matcher could not place ------------------------------------------------

@bp.route("/keterampilan", methods=["GET", "POST"])
def unknown_skills():
    args = _paging()
    args.pop("q", None)

    def render(errors=None):
        return render_template("staff/skills.html", result=_list(skills.list_unknown, args), errors=errors or {},
                               values=request.form if errors else {}, competencies=skills.list_competencies())

    def add():
        data = load_form(AliasCreateSchema(), form_data(AliasCreateSchema(), request.form))
        alias = skills.add_alias(data["alias"], data["competency_id"], g.principal.name)
        flash(f"\u201c{alias.alias}\u201d sekarang dikenali. Pencocokan memakainya mulai sekarang.", "ok")
        return redirect(url_for(".unknown_skills"))

    return submit(render, add) if request.method == "POST" else render()

