"""Who may sign in: users and roles, sessions, the sign-in page, throttle, trusted proxies,
API tokens, and the checks the signed-in forms share (same origin, the form token)."""

from wallboard.accounts.forms import FORM_FIELD, forged_form, form_token
from wallboard.accounts.guard import html_page
from wallboard.accounts.proxy import trust_proxies
from wallboard.accounts.routes import register
from wallboard.accounts.sessions import current_role, current_user
from wallboard.accounts.tokens import refuse_without_token
from wallboard.accounts.users import ADMIN, ensure_demo_user

__all__ = ["ADMIN", "FORM_FIELD", "current_role", "current_user", "ensure_demo_user",
           "forged_form", "form_token", "html_page", "refuse_without_token", "register",
           "trust_proxies"]
