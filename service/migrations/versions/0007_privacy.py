"""privacy: server-side web sessions, sign-in throttles, the audit log, token expiry, disabled
accounts, the objection to matching, and placements that outlive an erased person

The audit log is append-only: a trigger refuses UPDATE on both databases.

Revision ID: 0007_privacy
Revises: 0006_robustness
"""
import sqlalchemy as sa
from alembic import op

revision = '0007_privacy'
down_revision = '0006_robustness'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sid_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
        sa.Column("ended_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("sid_hash", name=op.f("uq_web_sessions_sid_hash")))
    op.create_index(op.f("ix_web_sessions_subject_id"), "web_sessions", ["subject_id"])
    op.create_table(
        "sign_in_throttles",
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", TZ, nullable=True),
        sa.Column("locked_until", TZ, nullable=True),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_sign_in_throttles")))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("detail", sa.String(500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
        sqlite_autoincrement=True)
    op.create_index(op.f("ix_audit_log_seeker_id"), "audit_log", ["seeker_id"])
    _append_only("audit_log")
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(sa.Column("expires_at", TZ, nullable=True))
    with op.batch_alter_table("user_accounts") as batch:
        batch.add_column(sa.Column("disabled_at", TZ, nullable=True))
        # Lock-outs now live in sign_in_throttles, keyed by what was typed, known account or not.
        batch.drop_column("failed_attempts")
        batch.drop_column("locked_until")
    with op.batch_alter_table("seekers") as batch:
        batch.add_column(sa.Column("objects_to_matching", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("last_active_at", TZ, nullable=True))
    op.execute("UPDATE seekers SET last_active_at = updated_at")
    with op.batch_alter_table("seekers") as batch:
        batch.alter_column("last_active_at", existing_type=TZ, nullable=False)
        batch.create_index(batch.f("ix_seekers_last_active_at"), ["last_active_at"])
    with op.batch_alter_table("placements") as batch:
        batch.alter_column("seeker_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    with op.batch_alter_table("placements") as batch:
        batch.alter_column("seeker_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("seekers") as batch:
        batch.drop_index(batch.f("ix_seekers_last_active_at"))
        batch.drop_column("last_active_at")
        batch.drop_column("objects_to_matching")
    with op.batch_alter_table("user_accounts") as batch:
        batch.add_column(sa.Column("failed_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("locked_until", TZ, nullable=True))
        batch.drop_column("disabled_at")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("expires_at")
    op.drop_table("audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_log_append_only()")
    op.drop_table("sign_in_throttles")
    op.drop_table("web_sessions")


def _append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")
        return
    op.execute(f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
               f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$")
    op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
               f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()")
