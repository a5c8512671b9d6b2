"""decision reasons: why a placement was rejected or cancelled, kept beside who and when

`note` is what the company or the desk wrote when the hire was recorded; the reason is staff's
own word at the decision, so neither overwrites the other.

Revision ID: 0003_decision_reasons
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_decision_reasons'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("placements") as batch:
        batch.add_column(sa.Column("decision_reason", sa.String(1000), nullable=True))


def downgrade():
    with op.batch_alter_table("placements") as batch:
        batch.drop_column("decision_reason")
