"""Checks that stop a server from starting in a state it could only serve badly.

Commands (`flask --app wsgi ...`) are exempt: `db upgrade` is how a missing SQLite file is made,
and a command signs no session, so the development SECRET_KEY does it no harm.
"""
from __future__ import annotations

import os

import click
from flask import Flask
from sqlalchemy.engine import make_url

from service.config import DEV_SECRET_KEY
from service.persistence import sqlite_path

SAFE_FOR_DEV_KEY = ("demo", "test")


class StartRefused(RuntimeError):
    """The server must not start; the message says what to set."""


def refuse_unsafe_start(app: Flask) -> None:
    if click.get_current_context(silent=True) is not None:
        return
    if app.config["SECRET_KEY"] == DEV_SECRET_KEY and app.config["PADAN_ENV"] not in SAFE_FOR_DEV_KEY \
            and not app.testing:
        raise StartRefused("SECRET_KEY is the development value: set SECRET_KEY (e.g. `python -c 'import secrets; "
                           "print(secrets.token_urlsafe(48))'`), or PADAN_ENV=demo on a development machine.")
    path = sqlite_path(make_url(app.config["SQLALCHEMY_DATABASE_URI"]))
    if path and not os.path.exists(path) and not app.testing:
        raise StartRefused(f"The SQLite database {path} does not exist: create it with `flask --app wsgi db upgrade` "
                           "(or fix DATABASE_URL). It is never created empty behind your back.")
