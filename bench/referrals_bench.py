"""Time training suggestions and the needs-versus-supply report on the demo grown to N seekers and
V open vacancies (SQLite file in a temp folder). Usage: PYTHONPATH=. python -P bench/referrals_bench.py [N] [V]
(-P: bench/matching.py would otherwise shadow the matching package)."""
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

from service import create_app
from service.extensions import db


def main(n_seekers: int, n_vacancies: int) -> None:
    import flask_migrate
    from service import demo, needs, referrals
    from service.matches import worker_index
    from service.models import ChangeLog, Company, Seeker, Vacancy
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})  # a bench database, made here
    with app.app_context():
        flask_migrate.upgrade()
        demo.seed(n_seekers=n_seekers)
        companies = db.session.scalars(db.select(Company)).all()
        for i in range(n_vacancies - 40):
            title, skills = demo.VACANCIES[i % len(demo.VACANCIES)]
            db.session.add(Vacancy(company=companies[i % len(companies)], title=title, openings=5,
                                   required_skills=[{"text": s, "essential": True} for s in skills],
                                   closes_on=date.today() + timedelta(days=30)))
        db.session.add(ChangeLog(entity="reset", entity_id=0))
        db.session.commit()
        worker_index().current()
        ids = db.session.scalars(db.select(Seeker.id).where(Seeker.status == "active").limit(30)).all()
        times = []
        for seeker_id in ids:
            start = time.perf_counter()
            referrals.suggest(seeker_id)
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        needs.needs_report()
        report = time.perf_counter() - start
        print(f"seekers={n_seekers} open vacancies={n_vacancies}")
        warm = times[1:]  # the first call fills the normaliser's caches with every vacancy's wording
        print(f"suggest: first call {times[0] * 1000:.0f} ms; then median {statistics.median(warm) * 1000:.0f} ms, "
              f"max {max(warm) * 1000:.0f} ms over {len(warm)} seekers")
        print(f"needs report (supply over all seekers): {report * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000, int(sys.argv[2]) if len(sys.argv) > 2 else 500)
