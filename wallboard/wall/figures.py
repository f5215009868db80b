"""Turn the computed tables into the Snapshot's parts: team figures and shown comments."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from wallboard.config import Config
from wallboard.core.privacy import customer_label, redact
from wallboard.wall.events import none_if_nan, text_or_none
from wallboard.wall.snapshot import Comment, TeamFigures


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def team_figures(board: pd.DataFrame) -> tuple[TeamFigures, ...]:
    """Return one TeamFigures per row of a core.nps leaderboard, in its order."""
    return tuple(
        TeamFigures(
            key=key, name=row["name"], responses=int(row["responses"]),
            promoters=int(row["promoters"]), passives=int(row["passives"]),
            detractors=int(row["detractors"]), nps=none_if_nan(row["nps"]),
            moe=none_if_nan(row["moe"]), enough=bool(row["enough"]),
            baseline=none_if_nan(row["baseline"]), goal=none_if_nan(row["goal"]),
            progress=none_if_nan(row["progress"]), at_goal=bool(row["at_goal"]),
            promoters_week=int(row["promoters_week"]),
            improvement=none_if_nan(row["improvement"]), rank=_int_or_none(row["rank"]),
            prev_rank=_int_or_none(row["prev_rank"]), movement=str(row["movement"]))
        for key, row in zip(board.index, board.to_dict("records"), strict=True))


class CommentShelf:
    """The shown comments, newest first; each Comment is built once and reused until its
    response changes (redacting thousands of comments on every change costs too much)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._names = {t.key: t.name for t in reversed(config.teams)}  # the first one wins
        self._made: dict[int, Comment] = {}
        self._frame: pd.DataFrame | None = None
        self._shown: tuple[Comment, ...] = ()

    def forget(self, ids: Iterable[int] | None = None) -> None:
        """Build the Comments of these responses (or of all) again at the next `shown`."""
        if ids is None:
            self._made = {}
        for response_id in ids or ():
            self._made.pop(response_id, None)
        self._frame = None

    def _comment(self, row: object) -> Comment:
        return Comment(response_id=int(row.id), team=row.team,
                       team_name=self._names.get(row.team, row.team),
                       employee=text_or_none(row.employee), score=int(row.score),
                       text=redact(row.comment),
                       customer=customer_label(row.customer_name,
                                               self.config.wall.customer_names),
                       answered_at=row.answered_at.to_pydatetime())

    def shown(self, comments: pd.DataFrame) -> tuple[Comment, ...]:
        """Return the Comments of the comments frame (wall_reads.DETAIL_COLUMNS), newest first."""
        if comments is not self._frame:
            rows = comments.sort_values("answered_at", ascending=False)
            ids = [int(i) for i in rows["id"]]
            missing = rows[[i not in self._made for i in ids]]
            for row in missing.itertuples():
                self._made[int(row.id)] = self._comment(row)
            made = {i: self._made[i] for i in ids}
            self._made, self._frame, self._shown = made, comments, tuple(made.values())
        return self._shown
