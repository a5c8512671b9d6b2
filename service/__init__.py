"""Padan Kerja: job matching and local-hiring ledger for Disnaker Kabupaten Bekasi and TKP3D."""
from __future__ import annotations

import os

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Config -> extensions -> blueprints -> error handlers -> CLI."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    from service.config import Config
    app.config.from_object(Config(app.instance_path))
    if test_config:
        app.config.update(test_config)
    from service.config import DEV_SECRET_KEY
    from service.keys import init_keys
    init_keys(app, production=not app.testing and app.config["SECRET_KEY"] != DEV_SECRET_KEY)

    from service.logs import configure_logging
    app.logger.setLevel(app.config["LOG_LEVEL"])
    configure_logging(app)

    from service.headers import init_headers
    init_headers(app)

    from service.errors import PadanApi
    from service.extensions import db, migrate
    from service.changes import install as install_change_feed
    from service.persistence import configure_engine, engine_settings, statement_timeout
    engine_settings(app.config)
    from service.startup import refuse_unsafe_start
    refuse_unsafe_start(app)
    db.init_app(app)
    install_change_feed()
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    with app.app_context():
        configure_engine(db.engine, statement_timeout(app.config))
    # One Api per app (not a module global): its OpenAPI spec belongs to the app it documents.
    from service.openapi import ContractPlugin
    api = PadanApi(app, spec_kwargs={"extra_plugins": [ContractPlugin()]})

    from service.api import register_api
    from service.errors import register_error_handlers
    from service.health import bp as health_bp
    from service.request_limits import register_request_limits
    register_request_limits(app)
    register_api(api)
    app.register_blueprint(health_bp)
    register_error_handlers(app)
    from service.faults import register_fault_handlers
    register_fault_handlers(app)
    from service.web import register_web
    register_web(app, api)  # after the API: its HTML error handler must replace flask-smorest's

    from service.cli import register_cli
    register_cli(app)
    if app.config["PROXY_HOPS"]:
        # The client's address and https as the proxy saw them, so secure cookies and redirects are right.
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    return app
