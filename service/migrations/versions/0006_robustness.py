"""robustness: idempotency keys for creating POSTs, and an index for the report's data version

Revision ID: 0006_robustness
Revises: 0005_vacancy_kbji
"""
import sqlalchemy as sa
from alembic import op

revision = '0006_robustness'
down_revision = '0005_vacancy_kbji'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(64), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_idempotency_keys"),
        sa.UniqueConstraint("scope", "key", name="uq_idempotency_keys_scope_key"))
    op.create_index("ix_change_log_entity_id", "change_log", ["entity", "id"])


def downgrade():
    op.drop_index("ix_change_log_entity_id", table_name="change_log")
    op.drop_table("idempotency_keys")
