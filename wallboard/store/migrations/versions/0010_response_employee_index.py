"""An index on the responses' employee and score, for the personal milestones.

Revision 0010, after 0009. The poller counts an employee's promoters of all time (every 9
or 10 stored with their name) for each promoter it celebrates: without this index that is a
scan of the whole response table (160 ms at 1,000,000 responses, on every new promoter);
with it, a short range of the index.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

NAME = "ix_response_employee_score"


def upgrade() -> None:
    present = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("response")}
    if NAME not in present:
        op.create_index(NAME, "response", ["employee", "score"])


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
