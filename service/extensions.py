"""Extensions created unbound; create_app() binds them."""
import logging
from datetime import datetime, timezone

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class UtcDateTime(TypeDecorator):
    """A moment in UTC on every database: SQLite keeps no offset, so its values come back naive and
    would be written out without one ("2023-03-01T08:00:00" is no moment at all)."""
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.astimezone(timezone.utc) if value is not None and value.tzinfo else value

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    registry = registry(metadata=MetaData(naming_convention=NAMING), type_annotation_map={datetime: UtcDateTime()})


class Database(SQLAlchemy):
    """Flask-SQLAlchemy whose end-of-request clean-up survives a connection that died meanwhile:
    otherwise the error escapes Flask and gunicorn answers with its own HTML page."""

    def _teardown_session(self, exc):
        try:
            super()._teardown_session(exc)
        except Exception:  # noqa: BLE001 - the pool has already dropped the dead connection
            logging.getLogger(__name__).warning("session clean-up failed on a lost database connection")


db = Database(model_class=Base)
migrate = Migrate()
