"""flask commands: tokens, web accounts, demo data."""
import click
from flask import Flask

from service.auth import ROLES, is_live, issue_token, list_tokens, revoke_tokens
from service.extensions import db


def _mentor_exists(role: str, login: str) -> None:
    """A mentor's token or account names a mentor staff registered (service/tkm.py ties them by login)."""
    if role != "mentor":
        return
    from service.errors import DomainError
    from service.tkm import require_mentor_login
    try:
        require_mentor_login(login)
    except DomainError as err:
        raise click.UsageError(err.message) from None


def register_cli(app: Flask) -> None:
    @app.cli.command("create-token")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--name", required=True, help="Who or what the token is for")
    @click.option("--days", type=click.IntRange(1, 3650), help="Lifetime in days (default: TOKEN_DAYS, 365)")
    def create_token(role, name, days):
        """Print a new bearer token, alone on the last line (a mentor's: --name is the mentor's login)."""
        _mentor_exists(role, name)
        token = issue_token(role, name, days=days)
        db.session.commit()
        click.echo(token)

    @app.cli.command("revoke-token")
    @click.option("--name", required=True, help="Every live token of this name is revoked")
    def revoke_token(name):
        """Revoke every token of a name (a lost laptop, a finished integration): then 401."""
        count = revoke_tokens(name)
        db.session.commit()
        click.echo(f"{count} token(s) named {name!r} revoked.")

    @app.cli.command("list-tokens")
    def list_tokens_command():
        """Staff and TKP3D tokens: name, role, created, expires, revoked (never the token itself)."""
        for row in list_tokens():
            state = "revoked" if row.revoked_at else "live" if is_live(row) else "expired"
            expires = f"expires {row.expires_at:%Y-%m-%d}" if row.expires_at else "no expiry"
            click.echo(f"{row.name}\t{row.role}\tcreated {row.created_at:%Y-%m-%d}\t{expires}\t{state}")

    @app.cli.command("erase-inactive")
    @click.option("--years", type=click.IntRange(1, 100), help="Inactive this long (default: RETENTION_YEARS, 5)")
    @click.option("--dry-run", is_flag=True, help="Only say who would be erased")
    def erase_inactive(years, dry_run):
        """The retention rule: erase seekers with no sign-in or change for that many years (run daily)."""
        from service.privacy import erase_inactive as erase
        ids = erase(years, dry_run=dry_run)
        click.echo(f"{'would erase' if dry_run else 'erased'} {len(ids)} seeker(s)"
                   + (f": {', '.join(map(str, ids))}" if ids else ""))

    @app.cli.command("disable-user")
    @click.option("--username", required=True)
    @click.option("--enable", is_flag=True, help="Enable the account again instead")
    def disable_user(username, enable):
        """Disable a web account (its open sessions end at once), or --enable it again."""
        from service.accounts import set_disabled
        from service.errors import DomainError
        try:
            set_disabled(username, not enable)
        except DomainError as err:
            raise click.UsageError(err.message) from None
        click.echo(f"Account {username} {'enabled' if enable else 'disabled'}.")

    @app.cli.command("generate-keys")
    def generate_keys():
        """Print fresh NIK_ENCRYPTION_KEYS and HASH_KEY lines for a new deployment's environment."""
        from service.keys import generate
        for name, value in generate().items():
            click.echo(f"{name}={value}")

    @app.cli.command("rotate-nik-key")
    def rotate_nik_key():
        """Re-encrypt every NIK under the first of NIK_ENCRYPTION_KEYS (then the old keys may go)."""
        from service.seekers import rotate_nik_key as rotate
        click.echo(f"{rotate()} NIKs re-encrypted under the newest key.")

    @app.cli.command("create-user")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--username", required=True)
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
                  help="Asked for when not given (better: it then stays out of the shell history)")
    def create_user(role, username, password):
        """Create a staff, TKP3D or mentor web account (a mentor's username is the mentor's login;
        the password is stored only as an scrypt hash)."""
        from service.accounts import create_user as create
        from service.errors import DomainError
        _mentor_exists(role, username)
        try:
            account = create(username, password, role)
        except DomainError as err:
            raise click.UsageError(err.message) from None
        click.echo(f"Account {account.username} ({account.role}) created.")

    @app.cli.command("skills-reread")
    def skills_reread():
        """Run the queued re-readings of stored skills to the end (e.g. right after a deploy)."""
        from service import rereads
        from service.matches import worker_index
        worker_index().current()          # notes a new shipped taxonomy and queues its re-reading
        batches = rereads.run_pending()
        for job in rereads.progress(3):
            click.echo(f"re-reading {job.id} ({job.reason}): {job.status}, {job.done}/{job.total} records, "
                       f"{job.changed} read differently")
        click.echo(f"{batches} batches run")

    @app.cli.group("import")
    def import_group():
        """Load a spreadsheet (CSV or XLSX) of seekers, companies, vacancies or competency needs."""

    from service.imports.kinds import KINDS
    for kind in KINDS:
        import_group.command(kind, help=f"Import a file of {kind}, all or nothing.")(
            click.argument("file", type=click.Path(exists=True, dir_okay=False))(_import_command(kind)))

    @app.cli.command("seed-demo")
    @click.option("--seekers", default=300, show_default=True)
    def seed_demo(seekers):
        """Load a realistic demo (fictional companies, seekers, vacancies, trainings, the 2022 target)."""
        from service.demo import seed
        summary = seed(n_seekers=seekers)
        for key, value in summary.items():
            click.echo(f"{key}: {value}")

    @app.cli.command("seed-ledger")
    @click.option("--year", default=2022, show_default=True, help="First year of hires")
    @click.option("--years", default=1, show_default=True)
    @click.option("--companies", default=136, show_default=True, help="Companies that hired")
    @click.option("--hires", default=50_637, show_default=True, help="Verified hires per year")
    @click.option("--local", default=16_838, show_default=True, help="Of which local (KTP Kabupaten Bekasi)")
    @click.option("--seed", default=2022, show_default=True, help="Random seed: the same seed, the same ledger")
    def seed_ledger(year, years, companies, hires, local, seed):
        """Load a fictional placement ledger shaped like TKP3D's 2022 (for demos and benchmarks)."""
        from service.ledger_demo import LedgerShape, seed_ledger as load
        if not 0 <= local <= hires:
            raise click.BadParameter("must be between 0 and --hires", param_hint="--local")
        shape = LedgerShape(first_year=year, years=years, hiring_companies=companies, verified_hires=hires,
                            local_hires=local)
        for key, value in load(shape, seed).items():
            click.echo(f"{key}: {value}")


def _import_command(kind: str):
    def command(file):
        from service.errors import DomainError
        from service.imports import run
        from service.placements import RowsRefused

        def report(status, rows_read, rows_checked, rows_saved):
            click.echo(f"{status}: {rows_saved if status == 'saving' else rows_checked} rows", err=True)

        try:
            with open(file, "rb") as stream:
                result = run(kind, stream, file, report)
        except RowsRefused as err:
            for row, fields in err.rows.items():
                for field, messages in fields.items():
                    click.echo(f"row {row}, {field}: {' '.join(messages)}", err=True)
            raise click.ClickException(err.message) from None
        except DomainError as err:
            raise click.ClickException(err.message) from None
        ignored = f"; columns not read: {', '.join(result['ignored_columns'])}" if result["ignored_columns"] else ""
        click.echo(f"{result['rows']} rows: {result['created']} created, {result['unchanged']} already there{ignored}")
    return command
