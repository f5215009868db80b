"""The user commands of the command line: add-user, set-role, remove-user, users, sessions."""

from __future__ import annotations

import getpass
import sys

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard.accounts.session_store import end_user_sessions, list_sessions, short_agent
from wallboard.accounts.users import (
    UserError,
    add_user,
    check_password,
    check_role,
    check_username,
    list_users,
    remove_user,
    set_role,
)
from wallboard.config import Config

USER_COMMANDS = ("add-user", "set-role", "remove-user", "users", "sessions")


def read_password(*, from_stdin: bool) -> str:
    """Read a new password: one line of stdin, or asked twice on the terminal without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UserError("no terminal to ask for the password: pipe it in with "
                        "--password-stdin")
    first = getpass.getpass("Password (at least 10 characters): ")
    check_password(first)
    if getpass.getpass("The same password again: ") != first:
        raise UserError("the two passwords differ; nothing was changed")
    return first


def show_sessions(engine: Engine, name: str, *, end: bool) -> None:
    """Print a user's live sessions, or end them all."""
    if end:
        ended = end_user_sessions(engine, name)
        print(f"ended {ended} session{'' if ended == 1 else 's'} of {name!r}")
        return
    sessions = list_sessions(engine, name)
    if not sessions:
        print(f"no sessions of {name!r}")
    for item in sessions:
        print(f"signed in {item.created_at:%Y-%m-%d %H:%M} UTC  last seen "
              f"{item.last_seen_at:%Y-%m-%d %H:%M} UTC  from {item.address or '-'}  "
              f"{short_agent(item.user_agent)}")


def run_user_command(config: Config, command: str, name: str | None, *,
                     password_stdin: bool = False, replace: bool = False,
                     end: bool = False, role: str | None = None) -> int:
    """Add, remove or list users, change a role, or list sessions; return the exit code."""
    from wallboard.store import open_store
    from wallboard.store.commands import missing_store, say_if_creating

    if command != "users" and not name:
        print(f"{command} error: name the user: run_wallboard.py {command} NAME",
              file=sys.stderr)
        return 2
    if command == "set-role" and not role:
        print("set-role error: name the role: run_wallboard.py set-role NAME --role "
              "admin|lead", file=sys.stderr)
        return 2
    try:
        if role is not None:
            check_role(role)
        if command == "add-user":
            check_username(name)
            password = read_password(from_stdin=password_stdin)
            check_password(password)  # every refusal before a new store is created
            say_if_creating(config.store.url, command)
        elif missing := missing_store(config.store.url):
            print(f"{command} error: {missing}", file=sys.stderr)
            return 1
        engine = open_store(config.store.url)
        try:
            if command == "users":
                users = list_users(engine)
                for user in users:
                    print(f"{user.username}  {user.role}  "
                          f"(added {user.created_at:%Y-%m-%d %H:%M} UTC)")
                if not users:
                    print("no users yet: add one with run_wallboard.py add-user NAME")
            elif command == "sessions":
                show_sessions(engine, name, end=end)
            elif command == "add-user":
                add_user(engine, name, password, replace=replace, role=role)
                shown = f" as {role}" if role else ("" if replace else " as lead")
                print(f"user {name!r} {'saved' if replace else 'added'}{shown}: "
                      "they can sign in to the meeting view"
                      + (" and the fleet page" if role == "admin" else "")
                      + ("; their other sign-ins have ended" if replace else ""))
            elif command == "set-role":
                set_role(engine, name, role)
                print(f"user {name!r} is now {role}: "
                      + ("they can open the fleet page" if role == "admin" else
                         "the meeting view only, no fleet page") + ", from their next click")
            else:
                remove_user(engine, name)
                print(f"user {name!r} removed: their sign-ins have ended")
        finally:
            engine.dispose()
    except UserError as exc:
        print(f"{command} error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"{command} error: the store cannot be used: {type(exc).__name__}: "
              f"{str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print(f"{command} error: cancelled; nothing was changed", file=sys.stderr)
        return 1
    return 0
