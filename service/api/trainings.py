"""/api/v1/trainings and /api/v1/competency-needs"""
from flask.views import MethodView
from flask_smorest import Blueprint

from schemas.trainings import (NeedCreateSchema, NeedListSchema, NeedQueryArgsSchema, NeedSchema,
                               NeedUpdateSchema, TrainingCreateSchema, TrainingListSchema,
                               TrainingQueryArgsSchema, TrainingSchema, TrainingUpdateSchema)
from service import trainings
from service.auth import require

blp = Blueprint("trainings", __name__, url_prefix="", description="Trainings (pelatihan) and competency needs")


@blp.route("/trainings")
class Trainings(MethodView):
    @require("staff", "tkp3d", "seeker")
    @blp.arguments(TrainingQueryArgsSchema, location="query")
    @blp.response(200, TrainingListSchema)
    def get(self, args):
        """List training programmes"""
        return trainings.list_trainings(args)

    @require("staff")
    @blp.arguments(TrainingCreateSchema)
    @blp.response(201, TrainingSchema)
    def post(self, data):
        """Add a training programme"""
        return trainings.create_training(data)


@blp.route("/trainings/<int:training_id>")
class TrainingById(MethodView):
    @require("staff", "tkp3d", "seeker")
    @blp.response(200, TrainingSchema)
    def get(self, training_id):
        """Read a training programme"""
        return trainings.get_training(training_id)

    @require("staff")
    @blp.arguments(TrainingUpdateSchema)
    @blp.response(200, TrainingSchema)
    def patch(self, data, training_id):
        """Correct a training programme"""
        return trainings.update_training(training_id, data)


@blp.route("/competency-needs")
class Needs(MethodView):
    @require("staff", "tkp3d")
    @blp.arguments(NeedQueryArgsSchema, location="query")
    @blp.response(200, NeedListSchema)
    def get(self, args):
        """List competency needs companies reported"""
        return trainings.list_needs(args)

    @require("staff")
    @blp.arguments(NeedCreateSchema)
    @blp.response(201, NeedSchema)
    def post(self, data):
        """Record a company's competency need (kebutuhan kompetensi)"""
        return trainings.create_need(data)


@blp.route("/competency-needs/<int:need_id>")
class NeedById(MethodView):
    @require("staff", "tkp3d")
    @blp.response(200, NeedSchema)
    def get(self, need_id):
        """Read a competency need"""
        return trainings.get_need(need_id)

    @require("staff")
    @blp.arguments(NeedUpdateSchema)
    @blp.response(200, NeedSchema)
    def patch(self, data, need_id):
        """Correct a competency need"""
        return trainings.update_need(need_id, data)

    @require("staff")
    @blp.response(204)
    def delete(self, need_id):
        """Delete a competency need recorded by mistake"""
        trainings.delete_need(need_id)
