"""nik at rest: the NIK encrypted plus a keyed lookup hash; token hashes keyed

`seekers.nik` (clear text) becomes `nik_ciphertext` (Fernet under NIK_ENCRYPTION_KEYS) and
`nik_hash` (HMAC under HASH_KEY, unique: duplicates are still refused, lookups still exact).
Stored token and access-code hashes were plain SHA-256; each becomes HMAC(HASH_KEY, that
SHA-256), which is what service/auth.py computes from now on, so every token keeps working.
Both need the app's keys, so run it as `flask --app wsgi db upgrade` with them set.

Revision ID: 0003_nik_at_rest
Revises: 0003_skill_mentions
"""
import sqlalchemy as sa
from alembic import op

from service import keys
from service.nik import nik_columns

revision = '0003_nik_at_rest'
down_revision = '0003_skill_mentions'
branch_labels = None
depends_on = None

BATCH = 2000


def upgrade():
    with op.batch_alter_table("seekers") as batch:
        batch.add_column(sa.Column("nik_ciphertext", sa.String(200), nullable=True))
        batch.add_column(sa.Column("nik_hash", sa.String(64), nullable=True))
    _convert("SELECT id, nik FROM seekers", "UPDATE seekers SET nik_ciphertext = :nik_ciphertext, "
             "nik_hash = :nik_hash WHERE id = :id", lambda row: {"id": row.id, **nik_columns(row.nik)})
    with op.batch_alter_table("seekers") as batch:
        batch.drop_constraint("uq_seekers_nik", type_="unique")
        batch.drop_column("nik")
        batch.alter_column("nik_ciphertext", existing_type=sa.String(200), nullable=False)
        batch.alter_column("nik_hash", existing_type=sa.String(64), nullable=False)
        batch.create_unique_constraint("uq_seekers_nik_hash", ["nik_hash"])
    _convert("SELECT id, token_hash FROM api_tokens", "UPDATE api_tokens SET token_hash = :h WHERE id = :id",
             lambda row: {"id": row.id, "h": keys.keyed_hash("token", row.token_hash)})


def downgrade():
    # Tokens cannot go back (the SHA-256 under each HMAC is not recoverable): reissue them after a downgrade.
    with op.batch_alter_table("seekers") as batch:
        batch.add_column(sa.Column("nik", sa.String(16), nullable=True))
    _convert("SELECT id, nik_ciphertext FROM seekers", "UPDATE seekers SET nik = :nik WHERE id = :id",
             lambda row: {"id": row.id, "nik": keys.decrypt(row.nik_ciphertext)})
    with op.batch_alter_table("seekers") as batch:
        batch.drop_constraint("uq_seekers_nik_hash", type_="unique")
        batch.drop_column("nik_hash")
        batch.drop_column("nik_ciphertext")
        batch.alter_column("nik", existing_type=sa.String(16), nullable=False)
        batch.create_unique_constraint("uq_seekers_nik", ["nik"])


def _convert(select_sql: str, update_sql: str, values) -> None:
    """Rewrite every row in batches (a regency's seekers fit in memory a batch at a time)."""
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.text(f"{select_sql} WHERE id > :last ORDER BY id LIMIT {BATCH}"), {"last": last}).all()
        if not rows:
            return
        conn.execute(sa.text(update_sql), [values(row) for row in rows])
        last = rows[-1].id
