"""Every text on the wall in English, Danish and Polish, and local number and date formats."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Promoter Wallboard",
        "period_this_week": "This week",
        "period_last_week": "Last week",
        "period_last_4_weeks": "Last 4 weeks",
        "period_this_quarter": "This quarter",
        "period_custom": "Choose dates",
        "period_week": "Week {n}, {dates}",
        "period_quarter": "Q{quarter} {year}",
        "goals": "Team goals",
        "leaderboard": "Leaderboard",
        "trend": "Weekly NPS",
        "shoutouts": "Shout-outs",
        "too_few": "Too few responses",
        "too_few_detail": "{n} of {min} responses needed",
        "responses_one": "{n} response",
        "responses_many": "{n} responses",
        "overdue_followups_one": "{n} follow-up past its deadline",
        "overdue_followups_many": "{n} follow-ups past their deadline",
        "of_the_way": "{pct} of the way",
        "goal_reached": "Goal reached",
        "no_goal": "No goal set",
        "baseline": "start",
        "goal": "goal",
        "order_nps": "ranked by NPS",
        "order_progress": "ranked by progress to goal",
        "order_improvement": "ranked by improvement on the previous {days} days",
        "order_promoters": "ranked by promoters this week",
        "col_rank": "#",
        "col_team": "Team",
        "col_nps": "NPS",
        "col_progress": "To goal",
        "col_improvement": "Change",
        "col_week": "Promoters this week",
        "col_responses": "Responses",
        "col_move": "Since last week",
        "move_up": "up {n}",
        "move_down": "down {n}",
        "move_same": "same",
        "move_new": "new",
        "unranked": "Not ranked yet",
        "window": "Last {days} days",
        "no_responses": "No responses yet",
        "no_comments": "The next promoter's words will appear here",
        "promoter": "Promoter",
        "passive": "Passive",
        "detractor": "Detractor",
        "new_promoter": "A customer gave us a {score}!",
        "for_employee": "for {employee}",
        "customer_said": "{customer} wrote",
        "goal_milestone": "{team} reached its goal!",
        "goal_milestone_detail": "NPS {nps} (goal {goal})",
        "promoters_milestone": "{team}: {n} promoters this quarter!",
        "as_of": "as of {time}",
        "stale": "Data may be out of date: the store could not be read since {time}",
        "offline": "Reconnecting to the server…",
        "week": "week {n}",
        "trend_thin": "fewer than {min} responses that week",
        "trend_latest": "big figure: NPS of the latest week",
        "trend_goal_line": "goal",
        "trend_weeks": "Weeks {span}",
        "shoutouts_sub": "The newest words from our promoters",
        "shoutouts_all": "The newest customer comments, good and bad",
        "today": "today",
        "yesterday": "yesterday",
        "and_more": "+{n} more",
        "top_n": "top {n} of {total}",
        "below_start": "below the start",
        "signin_title": "Sign in to the meeting view",
        "signin_intro": ("The meeting view shows customer names and detractor comments, so it "
                         "is for signed-in colleagues only. The wall stays open to everyone."),
        "signin_username": "User name",
        "signin_password": "Password",
        "signin_button": "Sign in",
        "signin_failed": "Wrong user name or password.",
        "signin_throttled": "Too many failed sign-ins. Wait a minute, then try again.",
        "signin_signed_out": "You are signed out.",
        "signin_expired": "Your sign-in has ended. Please sign in again.",
        "signin_store_down": "The list of users cannot be read right now. Try again shortly.",
        "signin_other_site": ("The form was sent from another site and was refused. Open the "
                              "sign-in page again."),
        "signin_admin_hint": "No account yet? The admin adds you with",
        "signin_back_to_wall": "Back to the wall",
        "signin_links": "More",
        "signin_as": "Signed in as {user}",
        "signout_title": "Sign out of the meeting view",
        "signout_button": "Sign out",
        "notify_detractor": ("New detractor for {team}: {score} out of 10 · "
                             "{employee} · answered {when}"),
        "notify_no_employee": "no employee named",
        "notify_follow_up": "Follow up: {url}",
        "notify_open": "Open the follow-up",
    },
    "da": {
        "title": "Promoter Wallboard",
        "period_this_week": "Denne uge",
        "period_last_week": "Sidste uge",
        "period_last_4_weeks": "Seneste 4 uger",
        "period_this_quarter": "Dette kvartal",
        "period_custom": "Vælg datoer",
        "period_week": "Uge {n}, {dates}",
        "period_quarter": "{quarter}. kvartal {year}",
        "goals": "Teamenes mål",
        "leaderboard": "Stillingen",
        "trend": "NPS uge for uge",
        "shoutouts": "Ros fra kunderne",
        "too_few": "For få svar",
        "too_few_detail": "{n} af {min} nødvendige svar",
        "responses_one": "{n} svar",
        "responses_many": "{n} svar",
        "overdue_followups_one": "{n} opfølgning over fristen",
        "overdue_followups_many": "{n} opfølgninger over fristen",
        "of_the_way": "{pct} af vejen",
        "goal_reached": "Målet er nået",
        "no_goal": "Intet mål sat",
        "baseline": "start",
        "goal": "mål",
        "order_nps": "rangeret efter NPS",
        "order_progress": "rangeret efter vejen mod målet",
        "order_improvement": "rangeret efter fremgang mod de forrige {days} dage",
        "order_promoters": "rangeret efter ambassadører denne uge",
        "col_rank": "#",
        "col_team": "Team",
        "col_nps": "NPS",
        "col_progress": "Mod mål",
        "col_improvement": "Ændring",
        "col_week": "Ambassadører denne uge",
        "col_responses": "Svar",
        "col_move": "Siden sidste uge",
        "move_up": "op {n}",
        "move_down": "ned {n}",
        "move_same": "uændret",
        "move_new": "ny",
        "unranked": "Endnu ikke placeret",
        "window": "Seneste {days} dage",
        "no_responses": "Ingen svar endnu",
        "no_comments": "Den næste ambassadørs ord kommer her",
        "promoter": "Ambassadør",
        "passive": "Passiv",
        "detractor": "Kritiker",
        "new_promoter": "En kunde gav os {score}!",
        "for_employee": "til {employee}",
        "customer_said": "{customer} skrev",
        "goal_milestone": "{team} har nået målet!",
        "goal_milestone_detail": "NPS {nps} (mål {goal})",
        "promoters_milestone": "{team}: {n} ambassadører i dette kvartal!",
        "as_of": "opdateret {time}",
        "stale": "Tallene kan være forældede: data kunne ikke læses siden {time}",
        "offline": "Genopretter forbindelsen til serveren…",
        "week": "uge {n}",
        "trend_thin": "færre end {min} svar den uge",
        "trend_latest": "stort tal: NPS i seneste uge",
        "trend_goal_line": "mål",
        "trend_weeks": "Uger {span}",
        "shoutouts_sub": "De nyeste ord fra vores ambassadører",
        "shoutouts_all": "De nyeste kommentarer fra kunderne, ros og kritik",
        "today": "i dag",
        "yesterday": "i går",
        "and_more": "+{n} flere",
        "top_n": "top {n} af {total}",
        "below_start": "under start",
        "signin_title": "Log ind på mødevisningen",
        "signin_intro": ("Mødevisningen viser kundernes navne og kritikernes kommentarer, så "
                         "den er kun for kolleger, der er logget ind. Tavlen på væggen er "
                         "åben for alle."),
        "signin_username": "Brugernavn",
        "signin_password": "Adgangskode",
        "signin_button": "Log ind",
        "signin_failed": "Forkert brugernavn eller adgangskode.",
        "signin_throttled": "For mange mislykkede forsøg. Vent et minut, og prøv så igen.",
        "signin_signed_out": "Du er logget ud.",
        "signin_expired": "Du er ikke længere logget ind. Log ind igen.",
        "signin_store_down": "Brugerlisten kan ikke læses lige nu. Prøv igen om lidt.",
        "signin_other_site": ("Formularen blev sendt fra et andet websted og blev afvist. Åbn "
                              "login-siden igen."),
        "signin_admin_hint": "Ingen konto endnu? Administratoren opretter dig med",
        "signin_back_to_wall": "Tilbage til tavlen",
        "signin_links": "Mere",
        "signin_as": "Logget ind som {user}",
        "signout_title": "Log ud af mødevisningen",
        "signout_button": "Log ud",
        "notify_detractor": ("Ny kritiker hos {team}: {score} ud af 10 · "
                             "{employee} · svarede {when}"),
        "notify_no_employee": "ingen medarbejder angivet",
        "notify_follow_up": "Følg op: {url}",
        "notify_open": "Åbn opfølgningen",
    },
    "pl": {
        "title": "Promoter Wallboard",
        "period_this_week": "Bieżący tydzień",
        "period_last_week": "Poprzedni tydzień",
        "period_last_4_weeks": "Ostatnie 4 tygodnie",
        "period_this_quarter": "Bieżący kwartał",
        "period_custom": "Wybierz daty",
        "period_week": "Tydzień {n}, {dates}",
        "period_quarter": "{quarter} kwartał {year}",  # Roman numerals
        "goals": "Cele zespołów",
        "leaderboard": "Ranking",
        "trend": "NPS tydzień po tygodniu",
        "shoutouts": "Pochwały od klientów",
        "too_few": "Za mało odpowiedzi",
        "too_few_detail": "{n} z {min} wymaganych odpowiedzi",
        "responses_one": "{n} odpowiedź",
        "responses_few": "{n} odpowiedzi",
        "responses_many": "{n} odpowiedzi",
        "overdue_followups_one": "{n} kontakt po terminie",
        "overdue_followups_few": "{n} kontakty po terminie",
        "overdue_followups_many": "{n} kontaktów po terminie",
        "of_the_way": "{pct} drogi do celu",
        "goal_reached": "Cel osiągnięty",
        "no_goal": "Brak celu",
        "baseline": "start",
        "goal": "cel",
        "order_nps": "według NPS",
        "order_progress": "według postępu do celu",
        "order_improvement": "według poprawy względem poprzednich {days} dni",
        "order_promoters": "według promotorów w tym tygodniu",
        "col_rank": "#",
        "col_team": "Zespół",
        "col_nps": "NPS",
        "col_progress": "Do celu",
        "col_improvement": "Zmiana",
        "col_week": "Promotorzy w tym tygodniu",
        "col_responses": "Odpowiedzi",
        "col_move": "Od zeszłego tygodnia",
        "move_up": "w górę o {n}",
        "move_down": "w dół o {n}",
        "move_same": "bez zmian",
        "move_new": "nowy",
        "unranked": "Jeszcze bez miejsca",
        "window": "Ostatnie {days} dni",
        "no_responses": "Brak odpowiedzi",
        "no_comments": "Tu pojawią się słowa następnego promotora",
        "promoter": "Promotor",
        "passive": "Neutralny",
        "detractor": "Krytyk",
        "new_promoter": "Klient dał nam {score}!",
        "for_employee": "dla: {employee}",
        "customer_said": "{customer} napisał(a)",
        "goal_milestone": "{team} osiągnął cel!",
        "goal_milestone_detail": "NPS {nps} (cel {goal})",
        "promoters_milestone": "{team}: {n} promotorów w tym kwartale!",
        "as_of": "stan na {time}",
        "stale": "Dane mogą być nieaktualne: brak odczytu od {time}",
        "offline": "Ponowne łączenie z serwerem…",
        "week": "tydz. {n}",
        "trend_thin": "mniej niż {min} odpowiedzi w tygodniu",
        "trend_latest": "duża liczba: NPS z ostatniego tygodnia",
        "trend_goal_line": "cel",
        "trend_weeks": "Tygodnie {span}",
        "shoutouts_sub": "Najnowsze słowa naszych promotorów",
        "shoutouts_all": "Najnowsze komentarze klientów, pochwały i krytyka",
        "today": "dziś",
        "yesterday": "wczoraj",
        "and_more": "+{n} więcej",
        "top_n": "pierwsze {n} z {total}",
        "below_start": "poniżej startu",
        "signin_title": "Zaloguj się do widoku spotkania",
        "signin_intro": ("Widok spotkania pokazuje nazwiska klientów i komentarze krytyków, "
                         "dlatego jest dostępny tylko dla zalogowanych współpracowników. "
                         "Tablica na ścianie pozostaje otwarta dla wszystkich."),
        "signin_username": "Nazwa użytkownika",
        "signin_password": "Hasło",
        "signin_button": "Zaloguj się",
        "signin_failed": "Nieprawidłowa nazwa użytkownika lub hasło.",
        "signin_throttled": ("Zbyt wiele nieudanych prób logowania. Odczekaj minutę i spróbuj "
                             "ponownie."),
        "signin_signed_out": "Wylogowano.",
        "signin_expired": "Sesja wygasła. Zaloguj się ponownie.",
        "signin_store_down": ("Nie można teraz odczytać listy użytkowników. Spróbuj ponownie za "
                              "chwilę."),
        "signin_other_site": ("Formularz wysłano z innej witryny, więc został odrzucony. Otwórz "
                              "stronę logowania ponownie."),
        "signin_admin_hint": "Nie masz jeszcze konta? Administrator doda je poleceniem",
        "signin_back_to_wall": "Powrót do tablicy",
        "signin_links": "Więcej",
        "signin_as": "Zalogowano jako {user}",
        "signout_title": "Wyloguj się z widoku spotkania",
        "signout_button": "Wyloguj się",
        "notify_detractor": ("Nowy krytyk w zespole {team}: {score} na 10 · "
                             "{employee} · odpowiedź {when}"),
        "notify_no_employee": "bez wskazanego pracownika",
        "notify_follow_up": "Kontakt zwrotny: {url}",
        "notify_open": "Otwórz kontakt zwrotny",
    },
}

MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "da": ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
           "nov.", "dec."],
    "pl": ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"],
}
# Quotation marks around a customer's words: “…” in English, »…« in Danish, „…” in Polish.
QUOTES = {"en": ("\u201c", "\u201d"), "da": ("\u00bb", "\u00ab"), "pl": ("\u201e", "\u201d")}
_DECIMAL = {"en": ".", "da": ",", "pl": ","}
_THOUSANDS = {"en": ",", "da": ".", "pl": "\u00a0"}


def text(lang: str, key: str, **values: object) -> str:
    """Return the text for key in lang, with values filled in."""
    return TEXTS[lang][key].format(**values)


def plural(lang: str, key: str, n: int) -> str:
    """Return the plural form of key for the count n (Polish has three forms)."""
    if n == 1:
        form = "one"
    elif lang == "pl" and 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        form = "few"
    else:
        form = "many"
    table = TEXTS[lang]
    return table.get(f"{key}_{form}", table[f"{key}_many"]).format(n=number(lang, n))


def number(lang: str, value: float, decimals: int = 0) -> str:
    """Format a number the local way: 1,234.5 in English, 1.234,5 in Danish."""
    body = f"{abs(value):,.{decimals}f}"
    body = body.replace(",", "\x00").replace(".", _DECIMAL[lang])
    body = body.replace("\x00", _THOUSANDS[lang])
    return ("\u2212" if round(value, decimals) < 0 else "") + body


def nps_value(lang: str, value: float | None) -> str:
    """Format an NPS: one decimal when it has one, a true minus sign, dash for none."""
    if value is None:
        return "–"
    rounded = round(value, 1)
    return number(lang, rounded, 0 if rounded == int(rounded) else 1)


def percent(lang: str, fraction: float) -> str:
    """Format a fraction as a whole percentage, 0.6 -> '60 %' (with a no-break space)."""
    return f"{number(lang, fraction * 100)}\u00a0%"


def short_date(lang: str, when: datetime, tz: str) -> str:
    """Format a day and month: '23 Nov', '23. nov.', '23 lis'."""
    local = when.astimezone(ZoneInfo(tz))
    month = MONTHS[lang][local.month - 1]
    return f"{local.day}. {month}" if lang == "da" else f"{local.day} {month}"


def clock(when: datetime, tz: str) -> str:
    """Format a time of day as 24-hour HH:MM in tz."""
    return when.astimezone(ZoneInfo(tz)).strftime("%H:%M")
