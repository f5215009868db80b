"""Turn the computed tables into the Snapshot's parts: team figures and shown comments."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from wallboard.config import Config
from wallboard.core.privacy import customer_label, redact
from wallboard.wall.recognition import shown_employee
from wallboard.wall.snapshot import Comment, TeamFigures

_FIGURE_COLUMNS = ("name", "responses", "promoters", "passives", "detractors", "nps", "moe",
                   "enough", "baseline", "goal", "progress", "at_goal", "promoters_week",
                   "improvement", "rank", "prev_rank", "movement")


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _float_or_none(value: float | None) -> float | None:
    """Return a float of a column's list, None for NaN or None (cheaper than pd.isna)."""
    return None if value is None or value != value else float(value)


def team_figures(board: pd.DataFrame) -> tuple[TeamFigures, ...]:
    """Return one TeamFigures per row of a core.nps leaderboard, in its order."""
    col = {name: board[name].tolist() for name in _FIGURE_COLUMNS}
    return tuple(
        TeamFigures(
            key=key, name=col["name"][i], responses=int(col["responses"][i]),
            promoters=int(col["promoters"][i]), passives=int(col["passives"][i]),
            detractors=int(col["detractors"][i]), nps=_float_or_none(col["nps"][i]),
            moe=_float_or_none(col["moe"][i]), enough=bool(col["enough"][i]),
            baseline=_float_or_none(col["baseline"][i]), goal=_float_or_none(col["goal"][i]),
            progress=_float_or_none(col["progress"][i]), at_goal=bool(col["at_goal"][i]),
            promoters_week=int(col["promoters_week"][i]),
            improvement=_float_or_none(col["improvement"][i]),
            rank=_int_or_none(col["rank"][i]), prev_rank=_int_or_none(col["prev_rank"][i]),
            movement=str(col["movement"][i]))
        for i, key in enumerate(board.index))


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
                       employee=shown_employee(self.config, row.employee), score=int(row.score),
                       text=redact(row.comment),
                       customer=customer_label(row.customer_name,
                                               self.config.wall.customer_names),
                       answered_at=row.answered_at.to_pydatetime())

    def shown(self, comments: pd.DataFrame) -> tuple[Comment, ...]:
        """Return the Comments of the comments frame (wall_reads.DETAIL_COLUMNS), newest first."""
        if comments is not self._frame:
            # Sorting the one column, not the frame: the same order, a fraction of the cost
            # (this runs after every change of a shown comment).
            order = comments["answered_at"].reset_index(drop=True).sort_values(
                ascending=False).index.to_numpy()
            ids = comments["id"].to_numpy()[order].tolist()
            missing = [p for p, i in zip(order, ids, strict=True) if i not in self._made]
            for row in comments.iloc[missing].itertuples():
                self._made[int(row.id)] = self._comment(row)
            made = {i: self._made[i] for i in ids}
            self._made, self._frame, self._shown = made, comments, tuple(made.values())
        return self._shown
