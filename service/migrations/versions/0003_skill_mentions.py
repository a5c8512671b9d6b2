"""skill mentions: what the normaliser read, stored beside each seeker and vacancy

Workers build their matching index from these rows (numbers, not text), reports count supply
with indexed SQL, and re-readings after a new alias or taxonomy are tracked in skill_rereads.
Existing seekers and vacancies get their mentions from the first worker that starts on the new
code: it records the shipped taxonomy in taxonomy_releases and queues a re-reading of every entry
(`flask --app wsgi skills-reread` runs it to the end in the foreground).

Revision ID: 0003_skill_mentions
Revises: 0003_decision_reasons
"""
import sqlalchemy as sa
from alembic import op

revision = '0003_skill_mentions'
down_revision = '0003_decision_reasons'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'skill_mentions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=True),
        sa.Column('vacancy_id', sa.Integer(), nullable=True),
        sa.Column('entry', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('competency_id', sa.String(length=80), nullable=True),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('alias', sa.Text(), nullable=True),
        sa.Column('core', sa.Text(), nullable=False),
        sa.Column('version', sa.String(length=16), nullable=False),
        sa.CheckConstraint('(seeker_id IS NULL) <> (vacancy_id IS NULL)', name=op.f('ck_skill_mentions_one_owner')),
        sa.ForeignKeyConstraint(['seeker_id'], ['seekers.id'], name=op.f('fk_skill_mentions_seeker_id_seekers'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], name=op.f('fk_skill_mentions_vacancy_id_vacancies'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_mentions')),
    )
    op.create_index(op.f('ix_skill_mentions_seeker_id'), 'skill_mentions', ['seeker_id'])
    op.create_index(op.f('ix_skill_mentions_vacancy_id'), 'skill_mentions', ['vacancy_id'])
    op.create_index('ix_skill_mentions_competency', 'skill_mentions', ['competency_id', 'seeker_id'])
    op.create_table(
        'skill_rereads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=16), nullable=False),
        sa.Column('words', sa.JSON(), nullable=True),
        sa.Column('settled_too', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('changed', sa.Integer(), nullable=False),
        sa.Column('cursor', sa.Integer(), nullable=False),
        sa.Column('heartbeat', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_rereads')),
    )
    op.create_table(
        'taxonomy_releases',
        sa.Column('version', sa.String(length=64), nullable=False),
        sa.Column('code_version', sa.String(length=64), nullable=False),
        sa.Column('aliases', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('version', name=op.f('pk_taxonomy_releases')),
    )


def downgrade():
    op.drop_table('taxonomy_releases')
    op.drop_table('skill_rereads')
    op.drop_index('ix_skill_mentions_competency', table_name='skill_mentions')
    op.drop_index(op.f('ix_skill_mentions_vacancy_id'), table_name='skill_mentions')
    op.drop_index(op.f('ix_skill_mentions_seeker_id'), table_name='skill_mentions')
    op.drop_table('skill_mentions')
