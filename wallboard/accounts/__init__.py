"""Who may sign in: users, sessions, the sign-in page, throttle, trusted proxies, API tokens."""

from wallboard.accounts.proxy import trust_proxies
from wallboard.accounts.routes import register
from wallboard.accounts.sessions import current_user
from wallboard.accounts.tokens import refuse_without_token
from wallboard.accounts.users import ensure_demo_user

__all__ = ["current_user", "ensure_demo_user", "refuse_without_token", "register",
           "trust_proxies"]
