"""Serve the wall: open the store, start the jobs, build the app, run the web server."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable

from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.store.commands import display_url, missing_store

ENV_BUILD_ID = "WALLBOARD_BUILD_ID"
log = logging.getLogger("wallboard")


def housekeeping(engine: Engine) -> Callable[[], None]:
    """Return the pruning job: the change log (an hour kept) and the outbox (30 days)."""
    from wallboard import alerts
    from wallboard.store.pruning import ChangeLogPruner

    changes = ChangeLogPruner(engine)

    def prune() -> None:
        try:
            changes.prune()
            alerts.prune_outbox(engine)
        except Exception as exc:  # the store is down: the poller says so; try next time
            log.warning("pruning skipped: %s: %s", type(exc).__name__, exc)

    return prune


def serve(config: Config, *, host: str, port: int, demo: bool, debug: bool) -> int:
    """Open the store, start the jobs (poller, notifications, demo simulator) and serve."""
    from wallboard import alerts
    from wallboard.app import create_app
    from wallboard.jobs import start_jobs
    from wallboard.store import SchemaBehind, make_engine, open_store
    from wallboard.wall.poller import Poller
    from wallboard.wall.snapshot import SnapshotHolder

    if not demo and (missing := missing_store(config.store.url)):
        print(f"store error: {missing}", file=sys.stderr)
        return 1
    try:
        engine = open_store(config.store.url, create=demo)
    except SchemaBehind as exc:
        print(f"store error: {display_url(config.store.url)}: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # the store may come later: serve, stale, and keep trying
        log.warning("store %s cannot be opened yet (%s); the wall starts stale and "
                    "retries every poll", display_url(config.store.url), exc)
        if demo:
            raise
        engine = make_engine(config.store.url)
    simulate = None
    if demo:
        from wallboard.accounts import ensure_demo_user
        from wallboard.demo import DemoSimulator, seed_demo_store

        added = seed_demo_store(engine, sla_hours=config.followup.sla_hours)
        log.info("demo store %s: %s", display_url(config.store.url),
                 f"seeded with {added} responses" if added else "already seeded")
        simulate = DemoSimulator(engine).step
        demo_user = ensure_demo_user(engine)
    holder = SnapshotHolder()
    poller = Poller(config, engine, holder, listeners=alerts.watchers_for(config, engine))
    poller.poll()  # the first screen gets numbers at once, not after the first interval
    deliver, sections = None, {}
    if alerts.channels_of(config):  # [followup] notify_url or a team's own
        notifier = alerts.Notifier(config, engine,
                                   public_url=alerts.public_base(config, port))
        deliver, sections["notifications"] = notifier.deliver_due, notifier.status
    digest = None
    if config.digest.enabled and alerts.channels_of(config):
        digest = alerts.DigestJob(config, engine,
                                  public_url=alerts.public_base(config, port)).run
    from wallboard.store.privacy_commands import retention_job

    scheduler = start_jobs(poller.poll, config.store.poll_seconds, simulate,
                           deliver=deliver, prune=housekeeping(engine), digest=digest,
                           retain=retention_job(engine, config.privacy.keep_personal_days))
    app = create_app(config, holder, os.environ.get(ENV_BUILD_ID) or None, engine=engine,
                     health_sections=sections)
    log.info("wall on http://%s:%d/ (store %s)", host, port, display_url(config.store.url))
    if demo:
        log.info("meeting view on http://%s:%d/meeting/: sign in as %s, password %s",
                 host, port, *demo_user)
    try:
        if debug:
            app.run(host=host, port=port, debug=True, use_reloader=False)
        else:
            from waitress import serve as waitress_serve

            # waitress drops X-Forwarded-* by default; with trusted proxies configured the
            # app's own middleware decides, per peer, which of them to believe.
            waitress_serve(app.server, host=host, port=port, threads=16,
                           channel_timeout=30, ident="wallboard",
                           clear_untrusted_proxy_headers=not config.server.trusted_proxies)
    finally:
        scheduler.shutdown(wait=False)
        engine.dispose()
    return 0
