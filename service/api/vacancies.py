"""/api/v1/vacancies"""
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.vacancies import (VacancyCreateSchema, VacancyListSchema, VacancyQueryArgsSchema, VacancySchema,
                               VacancyUpdateSchema)
from service import vacancies
from service.auth import require

blp = Blueprint("vacancies", __name__, url_prefix="/vacancies", description="Vacancies (lowongan)")


@blp.route("")
class Vacancies(MethodView):
    @require("staff", "tkp3d", "seeker")
    @blp.arguments(VacancyQueryArgsSchema, location="query")
    @blp.response(200, VacancyListSchema)
    def get(self, args):
        """List vacancies"""
        return vacancies.list_vacancies(args)

    @require("staff")
    @blp.arguments(VacancyCreateSchema)
    @blp.response(201, VacancySchema)
    def post(self, data):
        """Record a vacancy a company reported"""
        return vacancies.create_vacancy(data)


@blp.route("/<int:vacancy_id>")
class VacancyById(MethodView):
    @require("staff", "tkp3d", "seeker")
    @blp.response(200, VacancySchema)
    def get(self, vacancy_id):
        """Read a vacancy"""
        return vacancies.get_vacancy(vacancy_id)

    @require("staff")
    @blp.arguments(VacancyUpdateSchema)
    @blp.response(200, VacancySchema)
    def patch(self, data, vacancy_id):
        """Correct a vacancy, or close it (status: closed)"""
        return vacancies.update_vacancy(vacancy_id, data)
