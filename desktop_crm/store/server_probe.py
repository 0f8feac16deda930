"""One short connection to a PostgreSQL server, to say before anything depends on it
whether it answers, accepts the user and holds the database (and whose data that is)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_crm.errors import DatabaseError
from desktop_crm.i18n import _

PROBE_TIMEOUT_S = 5  # a server that does not answer in five seconds is as good as away


@dataclass(frozen=True)
class ServerFound:
    holds_our_data: bool  # False: an empty database, which the first start sets up


def probe_server(host: str, port: int, database: str, user: str, password: str) -> ServerFound:
    """Connect once and look at the tables; DatabaseError saying what is wrong otherwise."""
    try:
        import psycopg2
    except ImportError:
        raise DatabaseError(
            _("PostgreSQL support is not installed with this Desktop CRM.")
        ) from None
    try:
        conn = psycopg2.connect(
            host=host,
            port=port,
            dbname=database,
            user=user,
            password=password,
            connect_timeout=PROBE_TIMEOUT_S,
        )
    except psycopg2.Error as exc:
        raise DatabaseError(_explain(str(exc), host, port, database, user)) from exc
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
            tables = {row[0] for row in cursor.fetchall()}
    finally:
        conn.close()
    if tables and "app_meta" not in tables:
        raise DatabaseError(
            _(
                "The database {database} on {host} holds another program's tables, not "
                "Desktop CRM's; choose an empty database or one Desktop CRM set up."
            ).format(database=database, host=host)
        )
    return ServerFound(holds_our_data="app_meta" in tables)


# The driver's words for each cause (libpq's messages are English unless the server's
# lc_messages says otherwise; anything unmatched is shown as the server said it).
_CAUSES = (
    (("password authentication failed", "authentication failed"), "password"),
    (("no password supplied",), "no_password"),
    (('database "', "does not exist"), "database"),
    (('role "', "does not exist"), "user"),
    (("could not translate host name", "name or service not known"), "host"),
    (("connection refused", "timeout expired", "could not connect", "no route to host"), "away"),
)


def _cause(text: str) -> str | None:
    lowered = text.lower()
    for fragments, cause in _CAUSES:
        if cause in ("database", "user"):
            if all(fragment in lowered for fragment in fragments):
                return cause
        elif any(fragment in lowered for fragment in fragments):
            return cause
    return None


def _explain(text: str, host: str, port: int, database: str, user: str) -> str:
    cause = _cause(text)
    if cause == "password":
        return _("The server refused the password of {user}.").format(user=user)
    if cause == "no_password":
        return _("The server asks for a password for {user}.").format(user=user)
    if cause == "database":
        return _("The server has no database called {database}.").format(database=database)
    if cause == "user":
        return _("The server has no user called {user}.").format(user=user)
    if cause == "host":
        return _("There is no server called {host}; check the name.").format(host=host)
    if cause == "away":
        return _(
            "The server {host} does not answer on port {port}: it is off, unreachable, "
            "or the port is wrong."
        ).format(host=host, port=port)
    first_line = text.strip().splitlines()[0] if text.strip() else "?"
    return _("The server refused the connection: {reason}").format(reason=first_line)
