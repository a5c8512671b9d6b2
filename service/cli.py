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

    @app.cli.command("create-user")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--username", required=True)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                  help="Asked for when not given (better: it then stays out of the shell history)")
    def create_user(role, username, password):
        """Create a staff or TKP3D web account (the password is stored only as an scrypt hash)."""
        from service.accounts import create_user as create
        from service.errors import DomainError
        try:
            account = create(username, password, role)
        except DomainError as err:
            raise click.UsageError(err.message) from None
        click.echo(f"Account {account.username} ({account.role}) created.")

    @app.cli.command("seed-demo")
    @click.option("--seekers", default=300, show_default=True)
    def seed_demo(seekers):
        """Load a realistic demo (fictional companies, seekers, vacancies, trainings, the 2022 target)."""
        from service.demo import seed
        summary = seed(n_seekers=seekers)
        for key, value in summary.items():
            click.echo(f"{key}: {value}")
