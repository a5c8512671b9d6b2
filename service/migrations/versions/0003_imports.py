"""imports: the change feed's action, and import jobs

change_log rows now say what happened (created / updated / deleted) so integrations can sync
from `GET /api/v1/changes`; rows written before this migration read as 'updated'. import_jobs
holds each file import's status and progress, so any worker can answer `GET /api/v1/imports/{id}`.

Revision ID: 0003_imports
Revises: 0003_nik_at_rest
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_imports'
down_revision = '0003_nik_at_rest'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("change_log") as batch:
        batch.add_column(sa.Column("action", sa.String(8), nullable=False, server_default="updated"))
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("companies.id", ondelete="CASCADE")),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_checked", sa.Integer(), nullable=False),
        sa.Column("rows_saved", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer()),
        sa.Column("unchanged", sa.Integer()),
        sa.Column("message", sa.String(1000)),
        sa.Column("errors", sa.JSON()),
        sa.Column("ignored_columns", sa.JSON()),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
    )


def downgrade():
    op.drop_table("import_jobs")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("action")
