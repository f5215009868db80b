"""Who may sign in: users, sessions, the sign-in page, throttle, API tokens."""
