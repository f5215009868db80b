"""Focus areas of the meeting view: find themes in customer comments by keyword.

A keyword matches any word that begins with it, so inflections and compounds hit ("vente"
matches "ventetiden", "czeka" matches "czekałem"). A keyword written "=word" matches only the
whole word, for stems that would otherwise catch unrelated words ("=price" but not
"priceless"). Spaces in a keyword match any run of white space. Keywords of every language are
matched whatever the screen's language, case-insensitively and on Unicode word boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated

import pandas as pd
from pydantic import BaseModel, Field, Strict

from wallboard.core.model import FROZEN, LANGUAGES, Key, Language
from wallboard.core.nps import classify

EXAMPLES = 3
_CLASS_ORDER = {"detractor": 0, "passive": 1, "promoter": 2}


class Theme(BaseModel):
    """A focus area of the meeting view: its name and keywords in each language."""

    model_config = FROZEN

    key: Key = Field(description="Short id of the theme.")
    names: dict[Language, str] = Field(description="Name per language.")
    # Strict(False): keywords may come as a list (TOML) or a tuple.
    keywords: dict[Language, Annotated[tuple[str, ...], Strict(False)]] = Field(
        description="Keywords per language.")


def _theme(key: str, names: tuple[str, str, str], en: str, da: str, pl: str) -> Theme:
    return Theme(key=key, names=dict(zip(LANGUAGES, names, strict=True)),
                 keywords={"en": tuple(en.split(",")), "da": tuple(da.split(",")),
                           "pl": tuple(pl.split(","))})


# Stems are chosen against real false friends: "waiter", "priceless", Danish "venligst"
# (please), "virkelig" (really), "køb" (buy), Polish "oczekiwania" (expectations),
# "długopis" (pen), "odpowiedni" (suitable), "działalność" (business), "jakoś" (somehow).
DEFAULT_THEMES: tuple[Theme, ...] = (
    _theme("waiting", ("Waiting time", "Ventetid", "Czas oczekiwania"),
           "=wait,=waits,waited,waiting,queu,slow,on hold,took ages,took forever,too long,"
           "took so long,took a long",
           "vente,=vent,=kø,=køen,køtid,langsom,tog lang tid,for lang tid,=længe,svartid,"
           "ekspeditionstid",
           "czeka,kolejk,=długo,powoli,powoln,czas oczekiwania"),
    _theme("friendliness", ("Friendliness and attitude", "Venlighed og attitude",
                            "Życzliwość i podejście"),
           "friendl,unfriendl,rude,polite,impolite,=nice,nicely,helpful,unhelpful,attitude,smil,"
           "courte,discourte,arrogant,welcoming,kindly,kindness",
           "=venlig,=venlige,=venligt,venlighed,uvenlig,høflig,uhøflig,imødekommende,smil,"
           "hjælpsom,=flink,=flinke,=flinkt,=sød,=søde,=sur,=surt,uforskammet,arrogant",
           "=miły,=miła,=miłe,=mili,=miło,=miłą,=miłej,niemił,uprzejm,nieuprzejm,sympatyczn,"
           "życzliw,opryskliw,grzeczn,niegrzeczn,arogan,chamsk,chamstw,podejści,uśmiech,"
           "pomocn"),
    _theme("price", ("Price", "Pris", "Cena"),
           "=price,prices,priced,pricing,pricey,overpriced,=cost,costs,costly,expensive,"
           "inexpensive,cheap,=fee,fees,charged,charges,overcharg,billed,billing,invoice,money,"
           "discount,refund,afford,payment",
           "pris,=dyr,=dyrt,=dyre,dyrere,billig,gebyr,faktura,regning,betal,rabat,penge,"
           "omkostning",
           "=cena,=ceny,=cenie,=cenę,=ceną,=cen,cennik,cenow,=drogo,=drogie,droższ,=drożej,"
           "=tani,=tania,=tanie,=tanio,=taniej,opłat,zapłac,płatnoś,faktur,rachun,koszt,"
           "pieniądz,rabat,zniżk,przepłac"),
    _theme("competence", ("Knowledge and competence", "Viden og kompetence",
                          "Wiedza i kompetencje"),
           "knowledg,competen,incompeten,expert,professional,unprofessional,skill,clueless,"
           "no idea,didn't know,did not know,advice,advise,trained,training,qualified,"
           "unqualified",
           "viden,kompeten,inkompeten,dygtig,fagli,professionel,uprofessionel,ekspert,"
           "erfaren,erfarne,rådgiv,rådgav,vidste ikke,anede ikke,forstand på",
           "=wiedza,=wiedzy,=wiedzę,=wiedzą,nie wiedzia,kompeten,niekompeten,fachow,niefachow,"
           "profesjonal,nieprofesjonal,ekspert,zna się,znał się,znała się,doradc,doradz,"
           "kwalifikac"),
    _theme("quality", ("Problem solved and quality", "Løst problem og kvalitet",
                       "Rozwiązanie problemu i jakość"),
           "solved,=solve,solving,unsolved,resolv,unresolv,fixed,=fix,fixing,problem,issue,"
           "quality,broken,defect,faulty,=fault,error,repair,sorted out",
           "=løst,=løste,=løse,uløst,løsning,problem,fejl,kvalitet,=virker,=virkede,=virke,"
           "fungere,defekt,ødelagt,i stykker,repar,=ordnet,=ordnede,reklamation",
           "rozwiąza,nierozwiąza,usterk,awari,jakość,jakości,napraw,zepsu,=działa,nie działa,"
           "=działało,=działał,wadliw,=wada,błąd,błęd,załatwi,reklamacj"),
    _theme("communication", ("Communication and information", "Kommunikation og information",
                             "Komunikacja i informacja"),
           "communicat,inform,explain,explanation,update,call back,called back,callback,"
           "never called,email,e-mail,mail,=told,heard back,heard nothing,reply,replie,respond,"
           "=contact,contacted,unclear,confus,misunderst,notif",
           "kommunik,inform,forklar,besked,opdater,ringede,=ringet,ringe tilbage,ring tilbage,"
           "opkald,mail,=svar,=svaret,=svarede,=svarer,uklar,=tydelig,=tydeligt,utydelig,misforst,"
           "hørte aldrig,hørte ikke,vejledning,orienter",
           "komunikac,informac,poinform,wyjaśni,tłumaczy,kontakt,oddzwoni,=odpowiedź,"
           "=odpowiedzi,=odpowiedzią,odpowiedział,niejasn,powiadom,mail"),
    _theme("delivery", ("Delivery", "Levering", "Dostawa"),
           "deliver,shipping,shipped,shipment,parcel,package,courier,arriv,=late,on time,"
           "tracking,dispatch,delay,postage",
           "levering,leveret,levere,=pakke,=pakken,pakker,forsend,fragt,kurer,kurér,ankom,"
           "for sent,forsink",
           "dostaw,dostarcz,przesyłk,paczk,kurier,wysyłk,doręcz,dotar,opóźni,spóźni,"
           "zamówieni"),
)


@dataclass(frozen=True)
class ThemeGroup:
    """One theme's comments in a period: how many, of which class, and examples to read."""

    key: str
    name: str
    count: int
    promoters: int
    passives: int
    detractors: int
    examples: tuple[int, ...]  # response ids


def themes_for(config_themes: tuple[Theme, ...]) -> tuple[Theme, ...]:
    """Return the configured themes, or the built-in defaults when none are configured."""
    return tuple(config_themes) if config_themes else DEFAULT_THEMES


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _keyword_pattern(keyword: str) -> str | None:
    word = _normal(keyword).strip()
    exact = word.startswith("=")
    word = word.lstrip("=").strip()
    if not word:
        return None
    body = r"\s+".join(re.escape(part) for part in word.split())
    return rf"(?<!\w){body}" + (r"(?!\w)" if exact else "")


@lru_cache(maxsize=256)
def _compiled(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    patterns = [p for p in (_keyword_pattern(k) for k in keywords) if p]
    if not patterns:
        return None
    return re.compile("|".join(patterns), re.IGNORECASE)


def _all_keywords(keywords: Mapping[str, Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for lang in keywords for k in keywords[lang]))


def match_themes(comment: str, themes: Iterable[Theme]) -> tuple[str, ...]:
    """Return the keys of the themes whose keywords (in any language) occur in comment."""
    if not isinstance(comment, str) or not comment.strip():
        return ()
    text = _normal(comment)
    found = []
    for theme in themes:
        pattern = _compiled(_all_keywords(theme.keywords))
        if pattern is not None and pattern.search(text):
            found.append(theme.key)
    return tuple(found)


def theme_name(theme: Theme, language: str) -> str:
    """Return the theme's name in language, else in English, else its key."""
    return theme.names.get(language) or theme.names.get("en") or theme.key


def group_by_theme(comments: pd.DataFrame, themes: Iterable[Theme],
                   language: str) -> list[ThemeGroup]:
    """Count each theme's comments by class, most-mentioned first, and pick examples.

    comments has the columns id, score, comment and answered_at; rows without a comment are
    skipped and a comment may belong to several themes. Themes without a match are left out.
    Examples are up to three response ids: detractors first (what the team can act on), then
    passives, then promoters, the newest first within each class.
    """
    themes = tuple(themes)
    if comments.empty or not themes:
        return []
    text = comments["comment"].where(comments["comment"].notna(), "").astype(str)
    rows = comments.loc[text.str.strip() != ""]
    if rows.empty:
        return []
    classes = classify(rows["score"])
    answered = pd.to_datetime(rows["answered_at"], utc=True).fillna(pd.Timestamp(0, tz="UTC"))
    order = pd.DataFrame({
        "rank": classes.map(_CLASS_ORDER).to_numpy(),
        "newest": -answered.astype("int64").to_numpy(),
        "id": rows["id"].to_numpy(),
    }).sort_values(["rank", "newest", "id"], kind="stable").index
    rows, classes = rows.iloc[order], classes.iloc[order]
    hits: dict[str, list[int]] = {t.key: [] for t in themes}
    for pos, comment in enumerate(rows["comment"].astype(str)):
        for key in match_themes(comment, themes):
            hits[key].append(pos)
    groups = []
    for theme in themes:
        positions = hits[theme.key]
        if not positions:
            continue
        kinds = classes.iloc[positions].value_counts()
        ids = rows["id"].iloc[positions[:EXAMPLES]]
        groups.append(ThemeGroup(
            key=theme.key, name=theme_name(theme, language), count=len(positions),
            promoters=int(kinds.get("promoter", 0)), passives=int(kinds.get("passive", 0)),
            detractors=int(kinds.get("detractor", 0)),
            examples=tuple(int(i) for i in ids)))
    return sorted(groups, key=lambda g: (-g.count, g.name.casefold(), g.key))


def top_themes(groups: list[ThemeGroup], n: int = 3, *, share: float = 0.5,
               minimum: int = 2) -> list[ThemeGroup]:
    """Return the themes that stand out: up to n of the most-mentioned groups.

    A group stands out when it has at least `minimum` comments and at least `share` of the
    comments of the most-mentioned group, so one loud theme is not padded with stray ones.
    """
    ranked = sorted(groups, key=lambda g: (-g.count, g.name.casefold(), g.key))
    if not ranked:
        return []
    bar = max(minimum, ranked[0].count * share)
    return [g for g in ranked if g.count >= bar][:n]
