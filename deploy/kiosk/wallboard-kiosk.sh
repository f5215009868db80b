#!/usr/bin/env bash
# Run the wall full screen on a TV: Chromium in kiosk mode, started again whenever it dies,
# and (optionally) the display switched off while the screen is dark outside working hours.
#
#   WALL_URL="http://wallboard.office:8050/?screen=canteen" deploy/kiosk/wallboard-kiosk.sh
#
# Settings (environment, or ~/.config/wallboard-kiosk.env which the systemd unit reads):
#   WALL_URL             the wall's address; ?screen=NAME names the TV (or pair it by code)
#   CHROMIUM             the browser (default: chromium, chromium-browser or google-chrome)
#   KIOSK_PROFILE_DIR    Chromium's user-data-dir; fixed, so the device key the wall keeps
#                        in localStorage (the TV's identity) survives restarts and updates
#                        (default: ~/.local/share/wallboard-kiosk/profile)
#   KIOSK_DISPLAY        auto (default), xset, wlr-randr, vcgencmd, command or off: how to
#                        switch the display off while the screen is dark
#   KIOSK_DISPLAY_OFF_CMD / KIOSK_DISPLAY_ON_CMD
#                        shell commands for KIOSK_DISPLAY=command, e.g. HDMI-CEC:
#                        echo 'standby 0' | cec-client -s -d 1   /   echo 'on 0' | ...
#   KIOSK_SCREEN         the screen's name for the display control (default: ?screen= of
#                        WALL_URL; without a name the display is never switched). Change
#                        it when the screen is renamed on the fleet page: while the wall
#                        knows no screen of this name the display is kept on
#   KIOSK_POLL_SECONDS   how often the display control asks the wall (default 60)
#   KIOSK_HEADLESS=1     run without a display (tests): adds --headless=new --no-sandbox
#   KIOSK_EXTRA_FLAGS    more Chromium flags, space-separated
#   KIOSK_LOG            a file to log to as well as stderr
set -uo pipefail

WALL_URL="${WALL_URL:?set WALL_URL to the wall, e.g. http://wallboard.office:8050/?screen=canteen}"
PROFILE_DIR="${KIOSK_PROFILE_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/wallboard-kiosk/profile}"
DISPLAY_MODE="${KIOSK_DISPLAY:-auto}"
POLL_SECONDS="${KIOSK_POLL_SECONDS:-60}"
BACKOFF_FIRST=2      # seconds before the first restart; doubled after each quick death
BACKOFF_MAX=60
HEALTHY_SECONDS=300  # a browser that ran this long died by accident: restart at once again
HERE="$(cd "$(dirname "$0")" && pwd)"

log() {
    local line
    line="$(date '+%Y-%m-%d %H:%M:%S') wallboard-kiosk: $*"
    echo "$line" >&2
    if [ -n "${KIOSK_LOG:-}" ]; then echo "$line" >>"$KIOSK_LOG"; fi
}

find_chromium() {
    if [ -n "${CHROMIUM:-}" ]; then command -v "$CHROMIUM"; return; fi
    local name
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
    done
    return 1
}

screen_name() {
    if [ -n "${KIOSK_SCREEN:-}" ]; then echo "$KIOSK_SCREEN"; return; fi
    python3 -c 'import sys, urllib.parse as u
q = u.parse_qs(u.urlsplit(sys.argv[1]).query)
print(q.get("screen", [""])[0])' "$WALL_URL"
}

# Chromium remembers a crash in its profile and then offers to "restore pages" in a bubble
# on the next start. Mark the last session as ended cleanly before each start.
mark_clean_exit() {
    local prefs="$PROFILE_DIR/Default/Preferences"
    if [ -f "$prefs" ]; then
        sed -i -e 's/"exited_cleanly":false/"exited_cleanly":true/' \
               -e 's/"exit_type":"[A-Za-z]*"/"exit_type":"Normal"/' "$prefs"
    fi
}

chromium_flags() {
    FLAGS=(
        --kiosk "--user-data-dir=$PROFILE_DIR"
        --noerrdialogs --disable-infobars --no-first-run --no-default-browser-check
        --disable-session-crashed-bubble --hide-crash-restore-bubble
        "--disable-features=Translate,TranslateUI,MediaRouter"
        --autoplay-policy=no-user-gesture-required
        --password-store=basic --disable-sync --disable-pinch
        --overscroll-history-navigation=0 --check-for-update-interval=31536000
    )
    if [ "${KIOSK_HEADLESS:-0}" = "1" ]; then
        FLAGS+=(--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage)
    fi
    if [ -n "${KIOSK_EXTRA_FLAGS:-}" ]; then
        # shellcheck disable=SC2206  # split on spaces on purpose
        FLAGS+=(${KIOSK_EXTRA_FLAGS})
    fi
}

# --- display control ------------------------------------------------------------------

display_method() {
    case "$DISPLAY_MODE" in
        off|xset|wlr-randr|vcgencmd|command) echo "$DISPLAY_MODE"; return ;;
        auto) ;;
        *) log "KIOSK_DISPLAY=$DISPLAY_MODE is unknown: use auto, xset, wlr-randr, vcgencmd, command or off"
           echo off; return ;;
    esac
    if [ -n "${KIOSK_DISPLAY_OFF_CMD:-}" ]; then echo command
    elif [ -n "${WAYLAND_DISPLAY:-}" ] && command -v wlr-randr >/dev/null 2>&1; then echo wlr-randr
    elif [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null 2>&1; then echo xset
    elif command -v vcgencmd >/dev/null 2>&1; then echo vcgencmd
    else echo off
    fi
}

switch_display() {  # $1: the method, $2: on or off
    local method="$1" state="$2" output
    case "$method" in
        xset)
            if [ "$state" = off ]; then xset +dpms && xset dpms force off
            else xset dpms force on && xset -dpms && xset s off; fi ;;
        wlr-randr)
            for output in $(wlr-randr | awk '/^[^ ]/ {print $1}'); do
                wlr-randr --output "$output" "--$state"
            done ;;
        vcgencmd)
            vcgencmd display_power "$([ "$state" = off ] && echo 0 || echo 1)" >/dev/null ;;
        command)
            if [ "$state" = off ]; then sh -c "${KIOSK_DISPLAY_OFF_CMD:?}"
            else sh -c "${KIOSK_DISPLAY_ON_CMD:?}"; fi ;;
    esac
}

display_loop() {  # runs in the background: asks the wall every POLL_SECONDS
    local method="$1" name="$2" current="on" wanted warned=no
    while true; do
        wanted="$(python3 "$HERE/screen_dark.py" "$WALL_URL" "$name")"
        if [ "$wanted" = missing ] && [ "$warned" = no ]; then
            # Renamed or forgotten on the fleet page: a display left off would stay black.
            log "the wall knows no screen '$name' (renamed or forgotten? set KIOSK_SCREEN): display kept on"
            warned=yes
        elif [ "$wanted" = dark ] || [ "$wanted" = lit ]; then
            warned=no
        fi
        if [ "$wanted" = dark ] && [ "$current" = on ]; then
            log "screen '$name' is dark: display off ($method)"
            switch_display "$method" off && current=off
        elif [ "$wanted" = lit ] && [ "$current" = off ]; then
            log "screen '$name' is in working hours: display on ($method)"
            switch_display "$method" on && current=on
        elif [ "$wanted" = missing ] && [ "$current" = off ]; then
            log "screen '$name' is not known to the wall: display on ($method)"
            switch_display "$method" on && current=on
        fi
        sleep "$POLL_SECONDS"
    done
}

# --- the browser, restarted when it dies ---------------------------------------------------

CHILD=""
DISPLAY_PID=""
stop() {
    trap - INT TERM
    log "stopping"
    if [ -n "$DISPLAY_PID" ]; then kill "$DISPLAY_PID" 2>/dev/null; fi
    if [ -n "$CHILD" ]; then kill "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; fi
    if [ -n "${METHOD:-}" ] && [ "$METHOD" != off ]; then switch_display "$METHOD" on; fi
    exit 0
}
trap stop INT TERM

BROWSER="$(find_chromium)" || {
    log "no Chromium found${CHROMIUM:+ at $CHROMIUM}: install chromium or set CHROMIUM"; exit 1; }
mkdir -p "$PROFILE_DIR"
chromium_flags

# X11 blanks an idle screen after ten minutes by default: a wall is never idle.
if [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null 2>&1; then
    xset s off s noblank -dpms 2>/dev/null || log "xset could not switch screen blanking off"
fi

METHOD="$(display_method)"
NAME="$(screen_name)"
if [ "$METHOD" != off ] && [ -n "$NAME" ]; then
    display_loop "$METHOD" "$NAME" &
    DISPLAY_PID=$!
    log "display control: $METHOD, screen '$NAME', every ${POLL_SECONDS}s"
elif [ "$METHOD" != off ]; then
    log "display control off: no screen name (set KIOSK_SCREEN or ?screen= in WALL_URL)"
    METHOD=off
fi

backoff=$BACKOFF_FIRST
while true; do
    mark_clean_exit
    started=$(date +%s)
    "$BROWSER" "${FLAGS[@]}" "$WALL_URL" &
    CHILD=$!
    log "started $BROWSER (pid $CHILD) on $WALL_URL"
    wait "$CHILD"
    status=$?
    CHILD=""
    ran=$(( $(date +%s) - started ))
    if [ "$ran" -ge "$HEALTHY_SECONDS" ]; then backoff=$BACKOFF_FIRST; fi
    log "browser exited (status $status after ${ran}s); restarting in ${backoff}s"
    sleep "$backoff" & wait $!
    backoff=$(( backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX : backoff * 2 ))
done
