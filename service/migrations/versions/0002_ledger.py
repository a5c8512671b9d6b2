"""ledger: a covering index for the local-hiring reports

Every report query filters placements by hire date and reads only these columns, so with this
index PostgreSQL (index-only scan) and SQLite (covering index) answer without touching the
table: the year report and each breakdown over 1,000,000 placements stay within 200 ms
(bench/reports.py, BENCHMARKS.md).

Revision ID: 0002
Revises: 0001
"""
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

COLUMNS = ["placed_on", "status", "is_local", "company_id", "education_level", "gender", "district"]


def upgrade():
    op.create_index("ix_placements_report", "placements", COLUMNS)


def downgrade():
    op.drop_index("ix_placements_report", table_name="placements")
