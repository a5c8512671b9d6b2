"""/api/v1/companies"""
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.companies import (CompanyCreateSchema, CompanyListSchema, CompanyQueryArgsSchema, CompanySchema,
                               CompanyUpdateSchema)
from service import companies
from service.api import nik_visibility
from service.auth import require

blp = Blueprint("companies", __name__, url_prefix="/companies", description="Companies (perusahaan)")


@blp.route("")
class Companies(MethodView):
    @require("staff", "tkp3d")
    @nik_visibility
    @blp.arguments(CompanyQueryArgsSchema, location="query")
    @blp.response(200, CompanyListSchema)
    def get(self, args):
        """List companies"""
        return companies.list_companies(args)

    @require("staff")
    @blp.arguments(CompanyCreateSchema)
    @blp.response(201, CompanySchema)
    def post(self, data):
        """Register a company"""
        return companies.create_company(data)


@blp.route("/<int:company_id>")
class CompanyById(MethodView):
    @require("staff", "tkp3d")
    @nik_visibility
    @blp.response(200, CompanySchema)
    def get(self, company_id):
        """Read a company"""
        return companies.get_company(company_id)

    @require("staff")
    @blp.arguments(CompanyUpdateSchema)
    @blp.response(200, CompanySchema)
    def patch(self, data, company_id):
        """Correct a company's details"""
        return companies.update_company(company_id, data)

    @require("staff")
    @blp.response(204)
    def delete(self, company_id):
        """Delete a company entered by mistake (refused once it has vacancies, hires or needs)"""
        companies.delete_company(company_id)
