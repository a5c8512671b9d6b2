"""vacancy occupation: the KBJI 2014 code Karirhub codes every vacancy with

Suggested from the title when staff leave it out (service.skills.suggest_occupation); existing
vacancies keep NULL until someone confirms one.

Revision ID: 0005_vacancy_kbji
Revises: 0004_mention_readings
"""
import sqlalchemy as sa
from alembic import op

revision = '0005_vacancy_kbji'
down_revision = '0004_mention_readings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("vacancies") as batch:
        batch.add_column(sa.Column("kbji_code", sa.String(6), nullable=True))


def downgrade():
    with op.batch_alter_table("vacancies") as batch:
        batch.drop_column("kbji_code")
