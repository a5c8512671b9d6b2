"""Extensions created unbound; create_app() binds them."""
import logging

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from datetime import datetime

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, registry

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "ck": "ck_%(table_name)s_%(constraint_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class Base(DeclarativeBase):
    registry = registry(metadata=MetaData(naming_convention=NAMING),
                        type_annotation_map={datetime: DateTime(timezone=True)})


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
