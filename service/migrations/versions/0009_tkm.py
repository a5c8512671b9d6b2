"""tkm: the self-employment path: TKM (Tenaga Kerja Mandiri) groups and their members, BLK
Komunitas incubators, volunteer mentors (TKS) with their monthly reports, and staff's monitoring visits

Revision ID: 0009_tkm
Revises: 0008_available_seekers
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_tkm'
down_revision = '0008_available_seekers'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
TABLES = ("tkm_visits", "tkm_reports", "tkm_members", "tkm_groups", "tkm_mentors", "tkm_incubators")


def upgrade():
    # A seeker in a running group is 'self_employed', longer than the 10 characters the column had.
    # SQLite never enforces a VARCHAR length, so only PostgreSQL needs the change (metadata only there).
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("seekers", "status", type_=sa.String(16), existing_type=sa.String(10), existing_nullable=False)
    op.create_table('tkm_incubators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=100), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('updated_at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tkm_incubators'))
    )
    op.create_table('tkm_mentors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('login', sa.String(length=80), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('updated_at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tkm_mentors')),
    sa.UniqueConstraint('login', name=op.f('uq_tkm_mentors_login'))
    )
    op.create_table('tkm_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('business_field', sa.String(length=300), nullable=False),
    sa.Column('business_competency_id', sa.String(length=80), nullable=True),
    sa.Column('district', sa.String(length=100), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=True),
    sa.Column('assistance_year', sa.Integer(), nullable=True),
    sa.Column('assistance_amount', sa.Integer(), nullable=True),
    sa.Column('incubator_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('stopped_on', sa.Date(), nullable=True),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('mentor_assigned_on', sa.Date(), nullable=True),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('updated_at', TZ, nullable=False),
    sa.CheckConstraint("kind IN ('pemula', 'lanjutan')", name=op.f('ck_tkm_groups_tkm_kind')),
    sa.CheckConstraint("status IN ('active', 'inactive')", name=op.f('ck_tkm_groups_tkm_status')),
    sa.ForeignKeyConstraint(['incubator_id'], ['tkm_incubators.id'], name=op.f('fk_tkm_groups_incubator_id_tkm_incubators')),
    sa.ForeignKeyConstraint(['mentor_id'], ['tkm_mentors.id'], name=op.f('fk_tkm_groups_mentor_id_tkm_mentors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tkm_groups'))
    )
    op.create_index(op.f('ix_tkm_groups_business_competency_id'), 'tkm_groups', ['business_competency_id'])
    op.create_index(op.f('ix_tkm_groups_incubator_id'), 'tkm_groups', ['incubator_id'])
    op.create_index(op.f('ix_tkm_groups_mentor_id'), 'tkm_groups', ['mentor_id'])
    op.create_index(op.f('ix_tkm_groups_status'), 'tkm_groups', ['status'])

    op.create_table('tkm_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('seeker_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.CheckConstraint("role IN ('ketua', 'anggota')", name=op.f('ck_tkm_members_tkm_member_role')),
    sa.ForeignKeyConstraint(['group_id'], ['tkm_groups.id'], name=op.f('fk_tkm_members_group_id_tkm_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seeker_id'], ['seekers.id'], name=op.f('fk_tkm_members_seeker_id_seekers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tkm_members')),
    sa.UniqueConstraint('group_id', 'seeker_id', name=op.f('uq_tkm_members_group_id'))
    )
    op.create_index(op.f('ix_tkm_members_group_id'), 'tkm_members', ['group_id'])
    op.create_index(op.f('ix_tkm_members_seeker_id'), 'tkm_members', ['seeker_id'])

    op.create_table('tkm_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('active_members', sa.Integer(), nullable=False),
    sa.Column('production', sa.String(length=300), nullable=True),
    sa.Column('turnover', sa.Integer(), nullable=False),
    sa.Column('new_workers', sa.Integer(), nullable=False),
    sa.Column('obstacles', sa.JSON(), nullable=False),
    sa.Column('obstacle_other', sa.String(length=300), nullable=True),
    sa.Column('actions', sa.String(length=2000), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=True),
    sa.Column('filed_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.CheckConstraint('active_members >= 0 AND turnover >= 0 AND new_workers >= 0', name=op.f('ck_tkm_reports_tkm_report_counts')),
    sa.ForeignKeyConstraint(['group_id'], ['tkm_groups.id'], name=op.f('fk_tkm_reports_group_id_tkm_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['tkm_mentors.id'], name=op.f('fk_tkm_reports_mentor_id_tkm_mentors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tkm_reports')),
    sa.UniqueConstraint('group_id', 'month', name=op.f('uq_tkm_reports_group_id'))
    )
    op.create_index(op.f('ix_tkm_reports_group_id'), 'tkm_reports', ['group_id'])
    op.create_index(op.f('ix_tkm_reports_month'), 'tkm_reports', ['month'])

    op.create_table('tkm_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('obstacles', sa.JSON(), nullable=False),
    sa.Column('obstacle_other', sa.String(length=300), nullable=True),
    sa.Column('findings', sa.String(length=2000), nullable=True),
    sa.Column('actions', sa.String(length=2000), nullable=True),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['tkm_groups.id'], name=op.f('fk_tkm_visits_group_id_tkm_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tkm_visits'))
    )
    op.create_index(op.f('ix_tkm_visits_group_id'), 'tkm_visits', ['group_id'])
    op.create_index(op.f('ix_tkm_visits_visited_on'), 'tkm_visits', ['visited_on'])

def downgrade():
    for table in TABLES:  # dependants first; their indexes go with them
        op.drop_table(table)
    op.execute("UPDATE seekers SET status = 'active' WHERE status = 'self_employed'")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("seekers", "status", type_=sa.String(10), existing_type=sa.String(16), existing_nullable=False)
