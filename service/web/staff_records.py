"""Staff pages (/staf, the blueprint of service/web/staff.py) for the records behind the reports:
placements to verify (one by one, a company's month at once, or rejected and cancelled with a
reason), competency needs, training programmes, and the skill phrases the matcher could not place."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from schemas.common import EDUCATION_LEVELS
from schemas.matches import AliasCreateSchema
from schemas.placements import PLACEMENT_STATUSES
from schemas.trainings import PROVIDER_TYPES, NeedCreateSchema, TrainingCreateSchema
from service import companies, placements, rereads, skills, trainings
from service.errors import DomainError
from service.web import lists
from service.web.forms import FormInvalid, form_data, indonesian, load_form, submit
from service.web.session import safe_next
from service.web.staff import _company_choices, bp

# ---- placements (penempatan) to verify --------------------------------------------------------

PLACEMENT_FILTERS = {"perusahaan": ("company_id", lists.number), "bulan": ("month", lists.month),
                     "lokal": ("is_local", lists.yes_no), "kecamatan": ("district", lists.district)}
DECISIONS = {"tolak": ("rejected", "Penempatan ditolak; formasinya dibuka kembali."),
             "batalkan": ("cancelled", "Penempatan dibatalkan; formasinya dibuka kembali.")}


def _placement_args() -> dict:
    args = lists.list_args({**PLACEMENT_FILTERS, "status": ("status", lists.choice(*PLACEMENT_STATUSES))},
                           tuple(placements.PLACEMENT_ORDERS))
    args.setdefault("status", "claimed")
    return args


@bp.get("/penempatan")
def placement_list():
    args = _placement_args()
    return render_template("staff/placements.html", result=lists.run(placements.list_placements, args),
                           status=args["status"], companies=_company_choices())


@bp.route("/penempatan/verifikasi-massal", methods=["GET", "POST"])
def placement_verify_many():
    """Verify every claimed placement of the chosen company and month at once, after seeing how many."""
    args = {k: v for k, v in _placement_args().items() if k in ("company_id", "month", "is_local", "district")}
    if request.method == "POST":
        expected = request.form.get("expected", "")
        try:
            done = placements.verify_many(args, g.principal, int(expected) if expected.isdigit() else -1)
        except DomainError as err:
            flash(indonesian(err.message), "error")
            return redirect(url_for(".placement_verify_many", **request.args))
        flash(f"{done:,} penempatan diverifikasi.".replace(",", "."), "ok")
        return redirect(url_for(".placement_list", **request.args))
    count = placements.count_placements({**args, "status": "claimed"})
    company = companies.get_company(args["company_id"]) if "company_id" in args else None
    return render_template("staff/placements_verify.html", count=count, company=company, args=args)


@bp.post("/penempatan/<int:placement_id>/verifikasi")
def placement_verify(placement_id):
    try:
        placements.decide(placement_id, "verified", g.principal)
    except DomainError as err:
        flash(indonesian(err.message), "error")
    else:
        flash("Penempatan diverifikasi.", "ok")
    return redirect(safe_next(request.form.get("back")) or url_for(".placement_list"))


@bp.route("/penempatan/<int:placement_id>/<any(tolak, batalkan):action>", methods=["GET", "POST"])
def placement_decide(placement_id, action):
    """Reject or cancel after a confirmation that asks why; the reason is kept with the placement."""
    placement = placements.get_placement(placement_id)
    to_status, done = DECISIONS[action]
    back = safe_next(request.values.get("back")) or url_for(".placement_list")

    def render(errors=None):
        return render_template("staff/placement_decide.html", placement=placement, action=action, back=back,
                               errors=errors or {}, values=request.form)

    def decide():
        reason = request.form.get("reason", "").strip()
        if len(reason) > 1000:
            raise FormInvalid({"reason": ["Terlalu panjang: paling banyak 1000 karakter."]})
        placements.require_reason(to_status, reason)
        placements.decide(placement.id, to_status, g.principal, reason=reason)
        flash(done, "ok")
        return redirect(back)

    return submit(render, decide) if request.method == "POST" else render()


# ---- competency needs (kebutuhan kompetensi) --------------------------------------------------

@bp.route("/kebutuhan", methods=["GET", "POST"])
def needs():
    args = lists.list_args({"perusahaan": ("company_id", lists.number), "q": ("q", lists.text)},
                           tuple(trainings.NEED_ORDERS))

    def render(errors=None):
        return render_template("staff/needs.html", result=lists.run(trainings.list_needs, args), errors=errors or {},
                               values=request.form if errors else {}, companies=_company_choices())

    def create():
        trainings.create_need(load_form(NeedCreateSchema(), form_data(NeedCreateSchema(), request.form)))
        flash("Kebutuhan kompetensi dicatat.", "ok")
        return redirect(url_for(".needs"))

    return submit(render, create) if request.method == "POST" else render()


# ---- trainings (pelatihan) --------------------------------------------------------------------

@bp.route("/pelatihan", methods=["GET", "POST"])
def training_list():
    args = lists.list_args({"q": ("q", lists.text), "jenis": ("provider_type", lists.choice(*PROVIDER_TYPES))},
                           tuple(trainings.TRAINING_ORDERS))

    def render(errors=None):
        return render_template("staff/trainings.html", result=lists.run(trainings.list_trainings, args),
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
    args = lists.list_args({})

    def render(errors=None):
        return render_template("staff/skills.html", result=lists.run(skills.list_unknown, args), errors=errors or {},
                               values=request.form if errors else {}, competencies=skills.list_competencies(),
                               reread=rereads.running())

    def add():
        data = load_form(AliasCreateSchema(), form_data(AliasCreateSchema(), request.form))
        alias = skills.add_alias(data["alias"], data["competency_id"], g.principal.name)
        flash(f"\u201c{alias.alias}\u201d sekarang dikenali. Data pencari kerja yang memuat katanya dibaca "
              "ulang di latar belakang; kemajuannya tampil di halaman ini.", "ok")
        return redirect(url_for(".unknown_skills"))

    return submit(render, add) if request.method == "POST" else render()
