"""A realistic demo of Kabupaten Bekasi: fictional companies in its industrial estates, job
seekers who write skills the messy way people do, vacancies, BLK trainings and the 2022 target.
Every person and company here is invented."""
from __future__ import annotations

import os
import random
import secrets
from datetime import date, timedelta

from flask import current_app
from openpyxl import Workbook
from sqlalchemy import select

from service import imports, mentions
from service.auth import issue_access_code, issue_token
from service.extensions import db
from service.models import (ChangeLog, Company, CompanyCommitment, CompetencyNeed, HiringTarget, Placement, Seeker,
                            Training, Vacancy)

ESTATES = ["Kawasan Industri Jababeka", "MM2100", "EJIP", "GIIC Deltamas", "Delta Silicon Lippo Cikarang",
           "Hyundai Cikarang", "BIIE Hyundai", "Greenland International Industrial Center"]
DISTRICTS = ["Cikarang Utara", "Cikarang Selatan", "Cikarang Barat", "Cikarang Timur", "Cikarang Pusat",
             "Cibitung", "Tambun Selatan", "Tambun Utara", "Setu", "Serang Baru", "Babelan", "Tarumajaya",
             "Sukatani", "Cibarusah", "Kedungwaringin", "Karangbahagia", "Pebayuran", "Muaragembong"]
COMPANIES = [("PT Sinar Presisi Teknik", "C 2592 Pemesinan logam"), ("PT Cikarang Plastindo", "C 2229 Barang plastik"),
             ("PT Jaya Otoparts Indonesia", "C 2930 Komponen kendaraan"), ("PT Mitra Elektrik Nusantara",
             "C 2710 Peralatan listrik"), ("PT Bekasi Food Sejahtera", "C 1079 Makanan"), ("PT Garmen Harapan",
             "C 1412 Pakaian jadi"), ("PT Logistik Cepat Cibitung", "H 5210 Pergudangan"),
             ("PT Karya Baja Mandiri", "C 2511 Struktur logam"), ("PT Nusantara Moulding", "C 2229 Barang plastik"),
             ("PT Delta Kimia", "C 2029 Bahan kimia"), ("Toko Serba Ada Tambun", "G 4711 Ritel"),
             ("PT Aman Sentosa Security", "N 8010 Jasa keamanan"), ("Hotel Cikarang Asri", "I 5510 Hotel"),
             ("PT Sentra Servis AC", "F 4322 Instalasi AC"), ("Bengkel Maju Motor", "G 4540 Bengkel motor")]
SKILL_TEXTS = ["operator bubut", "tkg bubut pengalaman 3 thn", "CNC lathe", "bisa baca gambar teknik",
               "jangka sorong & mikrometer", "alat ukur presisi", "injeksi plastik", "op. mesin injection",
               "kelistrikan", "instalasi listrik rumah", "PLC omron", "las listrik SMAW", "tukang las",
               "welding TIG", "forklift SIO", "admin gudang", "QC inspeksi", "sopir SIM B1", "kasir",
               "pramuniaga", "satpam gada pratama", "menjahit", "masak", "barista", "Microsoft Office",
               "akuntansi MYOB", "customer service", "teknisi AC", "mekanik motor", "rajin", "disiplin",
               "jujur dan bertanggung jawab", "mesin frais", "maintenance mesin produksi", "K3 umum", "AutoCAD"]
VACANCIES = [("Operator Mesin Bubut", ["mesin bubut konvensional", "membaca gambar kerja"]),
             ("Operator CNC", ["CNC turning", "alat ukur"]), ("Inspektor QC", ["quality control", "jangka sorong"]),
             ("Operator Injection Moulding", ["injection molding", "setting mold"]),
             ("Teknisi Listrik", ["electrical installation", "PLC"]), ("Welder", ["pengelasan SMAW"]),
             ("Operator Forklift", ["forklift"]), ("Staf Gudang", ["warehouse", "stock opname"]),
             ("Satpam", ["security guard"]), ("Kasir", ["cashier"]), ("Penjahit", ["sewing operator"]),
             ("Teknisi Maintenance", ["machine maintenance", "kelistrikan"])]
# (name, provider, provider type, competencies as taught, seats, minimum education). A BLK class
# is 16 people; a popular kejuruan runs two classes at once.
TRAININGS = [("Kejuruan Teknik Manufaktur: Bubut", "BLK Kabupaten Bekasi", "blk_kabupaten",
              ["mesin bubut", "alat ukur", "membaca gambar teknik"], 32, "SMP"),
             ("Pengukuran Presisi (Metrologi)", "BLK Kabupaten Bekasi", "blk_kabupaten", ["alat ukur presisi"], 16, "SMA"),
             ("Operator Injection Moulding", "UPTP BBPVP Bekasi", "uptp", ["injection moulding", "setting mold"], 16, "SMA"),
             ("Instalasi Listrik", "BLK Komunitas Al-Ittihad Cikarang", "blk_komunitas", ["instalasi listrik"], 16, None),
             ("Las SMAW", "UPTP BBPVP Bekasi", "uptp", ["las SMAW"], 16, "SMP"),
             ("Menjahit Garmen", "BLK Komunitas Nurul Huda Tambun", "blk_komunitas", ["menjahit"], 16, None),
             ("Pemagangan Operator Produksi", "PT Jaya Otoparts Indonesia", "pemagangan", ["operator produksi"], 60, "SMA"),
             ("Etos Kerja dan Disiplin", "BLK Kabupaten Bekasi", "blk_kabupaten", ["disiplin", "sikap kerja"], 32, None)]
# What companies told Disnaker they need most this year: (need as written, [(company, headcount)]).
NEEDS = [("operator mesin bubut", [("PT Sinar Presisi Teknik", 60), ("PT Jaya Otoparts Indonesia", 50),
                                   ("PT Karya Baja Mandiri", 30)]),
         ("alat ukur (jangka sorong, mikrometer)", [("PT Sinar Presisi Teknik", 45), ("PT Jaya Otoparts Indonesia", 40),
                                                   ("PT Nusantara Moulding", 25)]),
         ("injection moulding", [("PT Cikarang Plastindo", 55), ("PT Nusantara Moulding", 45)]),
         ("kelistrikan / instalasi listrik industri", [("PT Mitra Elektrik Nusantara", 40), ("PT Sentra Servis AC", 15),
                                                      ("PT Jaya Otoparts Indonesia", 25)]),
         ("attitude dan disiplin kerja", [(name, 20) for name, _ in COMPANIES[:9]]),
         ("pengelasan SMAW", [("PT Karya Baja Mandiri", 25)]),
         ("operator forklift", [("PT Logistik Cepat Cibitung", 15)]),
         ("operator jahit", [("PT Garmen Harapan", 40)])]
FIRST = ["Ahmad", "Budi", "Dewi", "Siti", "Rina", "Agus", "Eko", "Fitri", "Yusuf", "Nur", "Ratna", "Dedi",
         "Wahyu", "Indah", "Rizki", "Putri", "Hendra", "Sri", "Joko", "Ayu"]
LAST = ["Saputra", "Lestari", "Hidayat", "Wulandari", "Pratama", "Rahmawati", "Setiawan", "Kurniasih", "Nugroho",
        "Handayani", "Permana", "Maulana"]


def demo_nik(rng: random.Random, serial: int, female: bool, born: date, regency: str) -> str:
    day = born.day + (40 if female else 0)
    return f"{regency}{rng.randint(1, 23):02d}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def seed(n_seekers: int = 300, rng_seed: int = 57) -> dict:
    """Load the demo and return what was made, with a staff and a tkp3d token. The seekers come in
    from a spreadsheet, as an office's first load does."""
    rng = random.Random(rng_seed)
    companies = _companies(rng)
    seekers = _seekers(rng, n_seekers)
    vacancies = _vacancies(rng, companies)
    _trainings_and_needs(companies)
    _placements(rng, seekers, vacancies)
    db.session.add(HiringTarget(year=2022, local_hires_target=12_000))
    db.session.add(HiringTarget(year=date.today().year, local_hires_target=12_000))
    staff, tkp3d = issue_token("staff", "demo staff"), issue_token("tkp3d", "demo TKP3D")
    seeker = next(s for s in seekers if s.status == "active" and s.is_local)
    access_code = issue_access_code(seeker.id)
    db.session.commit()
    tkm_sign_in = _tkm(rng, [s for s in seekers if s.status == "active" and s.id != seeker.id])
    return {"companies": len(companies),
            "seekers": f"{len(seekers)} (imported from {os.path.join(current_app.instance_path, SEEKER_SHEET)})",
            "vacancies": len(vacancies),
            "staff token": staff, "tkp3d token": tkp3d, **_web_accounts(),
            "web seeker NIK (at /masuk/pencaker)": seeker.nik, "web seeker access code": access_code, **tkm_sign_in}


# (name, kind, business field, kecamatan, mentor, incubated, monthly omzet at the start, growth a month, stopped)
TKM_GROUPS = [("KUB Keripik Sukamaju", "pemula", "keripik singkong dan makanan ringan", "Setu", 0, True, 3_000_000,
               0.08, False),
              ("KUB Jahit Mandiri Cibitung", "pemula", "konveksi", "Cibitung", 0, False, 5_500_000, 0.01, False),
              ("KUB Bengkel Motor Tambun", "lanjutan", "bengkel motor", "Tambun Selatan", 1, True, 8_000_000, 0.03,
               False),
              ("KUB Lele Sejahtera", "pemula", "budidaya lele", "Cabangbungin", 1, False, 2_000_000, -0.1, True)]
TKM_OBSTACLES = (["pemasaran", "kemasan"], ["pemasaran"], ["perizinan", "permodalan"], ["bahan_baku"], [],
                 ["pemasaran", "sdm"])


def _tkm(rng, seekers) -> dict:
    """Four TKM groups (one incubated, one stopped) with members from the registry, two mentors, six
    months of monthly reports with one missing, a visit each; the demo mentor's sign-in."""
    from service import tkm
    from service.accounts import create_user
    from service.auth import Principal
    today = date.today()
    start = today.replace(day=1)
    for _ in range(6):
        start = (start - timedelta(days=1)).replace(day=1)
    incubator = tkm.create_incubator({"name": "BLK Komunitas Al-Ikhlas Setu", "district": "Setu"})
    mentors = [tkm.create_mentor({"name": "Ani Rahmawati", "login": "tks.demo"}),
               tkm.create_mentor({"name": "Budi Hartono", "login": "tks.budi"})]
    pool = iter(seekers[-40:])
    for number, (name, kind, field, district, mentor, incubated, omzet, growth, stopped) in enumerate(TKM_GROUPS):
        group = tkm.create_group({"name": name, "kind": kind, "business_field": field, "district": district,
                                  "assistance_year": start.year, "assistance_amount": 25_000_000,
                                  "incubator_id": incubator.id if incubated else None,
                                  "mentor_id": mentors[mentor].id, "mentor_assigned_on": start})
        for role in ("ketua", "anggota", "anggota"):
            tkm.add_member(group.id, {"role": role, "seeker_id": next(pool).id})
        by = Principal("mentor", mentors[mentor].login)
        month, active, index = start, 15, 0
        while month < today.replace(day=1):
            # Two months never reported, so the pages have missing reports to show.
            if (number, index) not in ((1, 1), (0, 5)):
                tkm.file_report(group.id, {
                    "month": month.strftime("%Y-%m"), "active_members": active, "turnover": round(omzet, -3),
                    "new_workers": rng.choice((0, 0, 1)), "obstacles": rng.choice(TKM_OBSTACLES),
                    "production": None, "actions": "Pendampingan pemasaran daring"}, by)
            omzet *= 1 + growth
            active = max(8, active - rng.choice((0, 0, 1)))
            month, index = (month + timedelta(days=32)).replace(day=1), index + 1
        tkm.record_visit(group.id, {"visited_on": today - timedelta(days=10 + number), "obstacles":
                                    rng.choice(TKM_OBSTACLES[:4]), "findings": "Produksi berjalan"},
                         Principal("staff", "demo staff"))
        if stopped:
            tkm.update_group(group.id, {"status": "inactive"})
    password = secrets.token_urlsafe(9)
    create_user("tks.demo", password, "mentor")
    return {"web mentor sign-in (TKM, at /masuk)": f"tks.demo / {password}"}


def _web_accounts() -> dict:
    """A staff and a TKP3D web account with fresh random passwords, for signing in at /masuk."""
    from service.accounts import create_user
    out = {}
    for username, role in (("staf.demo", "staff"), ("tkp3d.demo", "tkp3d")):
        password = secrets.token_urlsafe(9)
        create_user(username, password, role)
        out[f"web {role} sign-in (at /masuk)"] = f"{username} / {password}"
    return out


def _companies(rng):
    companies = []
    for i, (name, sector) in enumerate(COMPANIES):
        company = Company(name=name, sector=sector, district=rng.choice(DISTRICTS[:8]),
                          address=f"{rng.choice(ESTATES)} Blok {chr(65 + i)}-{rng.randint(1, 30)}",
                          contact_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", contact_phone=f"0812{rng.randint(10**7, 10**8 - 1)}")
        if i % 3 == 0:
            company.commitments = [CompanyCommitment(year=2022, local_hires=rng.randint(20, 200))]
        companies.append(company)
    db.session.add_all(companies)
    return companies


SEEKER_SHEET = "contoh-pencaker.xlsx"
SHEET_HEADER = ["No", "NIK", "Nama Lengkap", "Jenis Kelamin", "Tanggal Lahir", "Pendidikan", "Keterampilan", "No HP",
                "Kecamatan", "Kode Kabupaten KTP"]


def _seekers(rng, n):
    """The office's first load: the demo's AK/1 register is written to a spreadsheet in the instance
    folder and imported the way an office imports its own (service/imports), not row by row."""
    path = os.path.join(current_app.instance_path, SEEKER_SHEET)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pencaker")
    sheet.append(SHEET_HEADER)
    for i in range(n):
        female = rng.random() < 0.45
        born = date(rng.randint(1980, 2005), rng.randint(1, 12), rng.randint(1, 28))
        regency = rng.choices(["3216", "3275", "3215", "3201"], [70, 15, 10, 5])[0]
        ktp = regency if rng.random() > 0.1 else "3216"  # some moved to Kabupaten Bekasi since
        skills = rng.sample(SKILL_TEXTS, rng.randint(1, 4))
        nik = demo_nik(rng, i + 1, female, born, regency)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        education = rng.choices(["SD", "SMP", "SMA", "SMK", "D3", "S1"], [1, 3, 5, 8, 2, 1])[0]
        district, phone = rng.choice(DISTRICTS), f"0857{rng.randint(10**7, 10**8 - 1)}"
        sheet.append([i + 1, nik, name, "P" if female else "L", born.strftime("%d/%m/%Y"), education,
                      "; ".join(skills), phone, district, ktp])
    book.save(path)
    with open(path, "rb") as stream:
        imports.run("seekers", stream, path)
    return db.session.scalars(select(Seeker).order_by(Seeker.id)).all()


def _vacancies(rng, companies):
    vacancies = []
    for i in range(40):
        title, skills = VACANCIES[i % len(VACANCIES)]
        vacancies.append(Vacancy(
            company=rng.choice(companies), title=title, openings=rng.randint(2, 30),
            required_skills=[{"text": s, "essential": j == 0} for j, s in enumerate(skills)],
            min_education=rng.choice([None, "SMP", "SMA", "SMK"]), max_age=rng.choice([None, 30, 35, 40]),
            wage_min=5_200_000, wage_max=rng.choice([5_500_000, 6_500_000]), work_location=rng.choice(ESTATES),
            closes_on=date.today() + timedelta(days=rng.randint(10, 90))))
    db.session.add_all(vacancies)
    db.session.flush()
    db.session.add_all(ChangeLog(entity="vacancy", entity_id=v.id) for v in vacancies)
    mentions.write_vacancies(vacancies)
    return vacancies


def _trainings_and_needs(companies):
    start = date.today() + timedelta(days=14)
    for name, provider, kind, competencies, seats, min_education in TRAININGS:
        db.session.add(Training(name=name, provider=provider, provider_type=kind, competencies=competencies,
                                seats=seats, starts_on=start, ends_on=start + timedelta(days=60),
                                min_education=min_education, location="Cikarang"))
    by_name = {company.name: company for company in companies}
    year = date.today().year
    for text, asks in NEEDS:
        for company_name, headcount in asks:
            db.session.add(CompetencyNeed(company=by_name[company_name], competency=text, headcount=headcount,
                                          period_start=date(year, 1, 1), period_end=date(year, 12, 31)))


def _placements(rng, seekers, vacancies):
    """A few hires this year, some verified and some still claimed, to give the report numbers."""
    for seeker in rng.sample(seekers, min(40, len(seekers) // 5)):
        vacancy = rng.choice(vacancies)
        if vacancy.filled >= vacancy.openings:
            continue
        vacancy.filled += 1
        seeker.status = "placed"
        db.session.add(Placement(
            vacancy=vacancy, company=vacancy.company, seeker=seeker, job_title=vacancy.title,
            placed_on=date(date.today().year, rng.randint(1, max(1, date.today().month)), rng.randint(1, 28)),
            status=rng.choice(["verified", "verified", "claimed"]), is_local=seeker.is_local,
            ktp_regency_code=seeker.ktp_regency_code, district=seeker.district,
            education_level=seeker.education_level, gender=seeker.gender, recorded_by="demo"))
