"""skill mentions keep the normaliser's suggestion and the words that named a competency

A guess (word vote, n-gram neighbour) is stored as a suggestion beside a null competency,
never as a reading; `words` is what an explanation shows of the seeker's entry. Rows written
before this read back with no suggestion and empty words until their next re-reading.

Revision ID: 0004_mention_readings
Revises: 0003_imports
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_mention_readings'
down_revision = '0003_imports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("skill_mentions") as batch:
        batch.add_column(sa.Column("suggestion", sa.String(80), nullable=True))
        batch.add_column(sa.Column("words", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("skill_mentions") as batch:
        batch.drop_column("words")
        batch.drop_column("suggestion")
