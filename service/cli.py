"""flask commands: tokens, web accounts, demo data."""
import click
from flask import Flask

from service.auth import ROLES, issue_token
from service.extensions import db


def register_cli(app: Flask) -> None:
    @app.cli.command("create-token")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--name", required=True, help="Who or what the token is for")
    def create_token(role, name):
        """Print a new bearer token, alone on the last line."""
        token = issue_token(role, name)
        db.session.commit()
        click.echo(token)

    @app.cli.command("seed-demo")
    @click.option("--seekers", default=300, show_default=True)
    def seed_demo(seekers):
        """Load a realistic demo (fictional companies, seekers, vacancies, trainings, the 2022 target)."""
        from service.demo import seed
        summary = seed(n_seekers=seekers)
        for key, value in summary.items():
            click.echo(f"{key}: {value}")
