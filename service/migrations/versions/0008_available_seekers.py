"""available seekers: a partial index on the seekers matching and reports count

The needs report counts, per competency, available seekers (active, consented) among the stored
mentions; with this index PostgreSQL reads their ids by an index-only scan instead of the whole
seekers table (about 360 -> 140 ms at 100,000 seekers, BENCHMARKS.md).

Revision ID: 0008_available_seekers
Revises: 0007_privacy
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_available_seekers'
down_revision = "0007_privacy"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_seekers_available', 'seekers', ['id'],
                    postgresql_where=sa.text("status = 'active' AND consent"),
                    sqlite_where=sa.text("status = 'active' AND consent = 1"))


def downgrade():
    op.drop_index('ix_seekers_available', table_name='seekers')
