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
    from wallboard.app import create_app, create_asgi_app, default_build
    from wallboard.jobs import PollLoop, start_jobs
    from wallboard.store import SchemaBehind, make_engine, open_store
    from wallboard.store.watch import watch_store
    from wallboard.wall.poller import Poller
    from wallboard.wall.snapshot import SnapshotHolder
    from wallboard.wall.stream import NewsHub

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
    from wallboard.screens.offline import OfflineAlerts, job_seconds

    offline = None
    if config.followup.notify_url:  # screens unseen during their working hours: the chat
        offline = OfflineAlerts(config, engine, public_url=alerts.public_base(config, port)).run
    from wallboard.store.privacy_commands import retention_job

    # The poll loop looks at the store's cheap change watch ten times a second, is woken by
    # our own posting API, and reads the store every poll_seconds whatever happens.
    loop = PollLoop(poller.poll, config.store.poll_seconds, watch_store(engine)).start()
    scheduler = start_jobs(None, config.store.poll_seconds, simulate,
                           deliver=deliver, prune=housekeeping(engine), digest=digest,
                           retain=retention_job(engine, config.privacy.keep_personal_days),
                           offline=offline,
                           offline_seconds=job_seconds(config.screens.offline_after_minutes))
    build = os.environ.get(ENV_BUILD_ID) or default_build()
    from wallboard.screens import ScreenRegistry

    registry = ScreenRegistry(config, engine).start()  # reads the screen table each second
    hub = NewsHub(holder, registry)
    sections["screens"] = lambda: {**hub.status(), **registry.status()}
    app = create_app(config, holder, build, engine=engine, health_sections=sections,
                     on_stored=loop.wake, screen_link=registry)
    log.info("wall on http://%s:%d/ (store %s)", host, port, display_url(config.store.url))
    if demo:
        log.info("meeting view on http://%s:%d/meeting/: sign in as %s, password %s",
                 host, port, *demo_user)
    try:
        if debug:  # Flask's development server: screens fall back to polling
            app.run(host=host, port=port, debug=True, use_reloader=False)
        else:
            run_async_server(create_asgi_app(app, hub, build), host=host, port=port)
    finally:
        loop.stop()
        registry.stop()
        scheduler.shutdown(wait=False)
        engine.dispose()
    return 0


def run_async_server(asgi: object, *, host: str, port: int) -> None:
    """Serve asgi with uvicorn until SIGINT/SIGTERM: one process, one event loop, no limit
    on idle connections but the file descriptors (see README "Run it in production")."""
    import uvicorn

    uvicorn.Server(uvicorn.Config(
        asgi, host=host, port=port, log_level="warning", access_log=False,
        lifespan="off", backlog=4096, timeout_keep_alive=30,
        # X-Forwarded-* are believed only from [server] trusted_proxies, by the app's own
        # middleware (accounts.trust_proxies): uvicorn must not apply them on its own.
        proxy_headers=False,
        # Streams never end by themselves: on shutdown they are closed after this long.
        timeout_graceful_shutdown=2, server_header=False)).run()
