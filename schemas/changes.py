"""Change feed schemas (GET /api/v1/changes)."""
from marshmallow import Schema, fields, validate

from schemas.common import MAX_INT


class ChangeQueryArgsSchema(Schema):
    since = fields.Integer(validate=validate.Range(0, MAX_INT),
                           metadata={"description": "The `next` of the previous answer; leave out to start from the beginning"})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 1000))


class ChangeSchema(Schema):
    cursor = fields.Integer()
    entity = fields.String(metadata={"description": "seeker | company | vacancy | placement | training | referral | tkm_group"})
    id = fields.Integer()
    action = fields.String(metadata={"description": "created | updated | deleted"})
    at = fields.DateTime()


class ChangeFeedSchema(Schema):
    items = fields.List(fields.Nested(ChangeSchema))
    next = fields.Integer(metadata={"description": "Pass as ?since= to read on; the same value when nothing is new"})
