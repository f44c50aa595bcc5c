#!/usr/bin/env python3
"""A plain Python peer of Marquee's Swift MovieLogParser, for parse-throughput ratios.

Usage: python3 parse_peer.py FILE [--now ISO]

Reads FILE in binary, splits it on b"\\n" (one trailing "\\r" per line is dropped, as the
Swift parser drops "\\r\\n"), decodes each line as strict UTF-8 and parses it into typed
values with str.partition / str.split and per-field checks. The checks and their order are
those of Sources/MovieLog/Parsing (see the MovieLogParser doc comment), so every line gets
the same verdict and the same rule name (MovieLogError.Code.name) as in Swift.

Prints one line of JSON: lines, accepted, rejected, by_rule (rule name -> count of
rejected lines), seconds and lines_per_second. Only the parse loop (decode + parse) is
timed, not reading or splitting the file.
"""

import argparse
import json
import sys
import time
from datetime import datetime, timezone

FUTURE_SKEW_SECONDS = 86_400
MAXIMUM_ITEMS = 20
MAXIMUM_MOVIE_ID_BYTES = 256
INT32_MAX = 2**31 - 1

WATCH_PREFIX = "GET /data/m/"
RATE_PREFIX = "GET /rate/"
RECOMMENDATION_PREFIX = "recommendation request "
STATUS_SEPARATOR = " status "
RESULT_SEPARATOR = " result: "

# "D" is an ASCII digit; every well-formed time is a prefix of this template whose length is
# 16 (minutes), 19 (seconds) or 21..29 (1 to 9 fraction digits).
TIME_TEMPLATE = "DDDD-DD-DDTDD:DD:DD.DDDDDDDDD"
TIME_LENGTHS = frozenset([16, 19, *range(21, 30)])

SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+-._':&!")
HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
ERROR_TEXT_FORBIDDEN = frozenset([chr(c) for c in range(0x20)] + ["\x7f"] + list(";&|$`<>\\\""))
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Rejected(Exception):
    """A line broke the rule named by `rule` (a MovieLogError.Code name)."""

    def __init__(self, rule):
        super().__init__(rule)
        self.rule = rule


def is_digits(text):
    """Whether text is one or more ASCII digits (str.isdigit alone accepts other scripts)."""
    return text.isascii() and text.isdigit()


def days_from_civil(year, month, day):
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil)."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146_097 + day_of_era - 719_468


def could_become_time(field):
    """Whether field is a prefix of TIME_TEMPLATE: a time the line may have been cut inside."""
    if len(field) > len(TIME_TEMPLATE):
        return False
    for char, expected in zip(field, TIME_TEMPLATE):
        if not (("0" <= char <= "9") if expected == "D" else char == expected):
            return False
    return True


def is_time_shape(field):
    """Whether field is YYYY-MM-DDTHH:MM[:SS[.f{1,9}]] (shape only, not calendar validity)."""
    length = len(field)
    if length not in TIME_LENGTHS or field[4] != "-" or field[7] != "-" or field[10] != "T" or field[13] != ":":
        return False
    if (length > 16 and field[16] != ":") or (length > 19 and field[19] != "."):
        return False
    return is_digits(field[:4] + field[5:7] + field[8:10] + field[11:13] + field[14:16] + field[17:19] + field[20:])


def parse_time(line, now):
    """The (seconds, nanoseconds) of the time before the first comma, and the rest of the line."""
    field, comma, rest = line.partition(",")
    if not comma:
        # The line stops inside (or right after) the time when what is there could still become one.
        raise Rejected("truncated" if could_become_time(field) else "timestamp")
    if not is_time_shape(field):
        raise Rejected("timestamp")
    year, month, day = int(field[0:4]), int(field[5:7]), int(field[8:10])
    hour, minute = int(field[11:13]), int(field[14:16])
    second = int(field[17:19]) if len(field) > 16 else 0
    nanosecond = int(field[20:].ljust(9, "0")) if len(field) > 20 else 0
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= month <= 12:
        raise Rejected("timestamp")
    days_in_month = 29 if month == 2 and leap else DAYS_IN_MONTH[month - 1]
    if not (1 <= day <= days_in_month and hour <= 23 and minute <= 59 and second <= 59) or year < 1970:
        raise Rejected("timestamp")
    seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    if (seconds, nanosecond) > (now[0] + FUTURE_SKEW_SECONDS, now[1]):
        raise Rejected("future_timestamp")
    return (seconds, nanosecond), rest


def parse_user_id(line):
    field, comma, rest = line.partition(",")
    if not comma:
        raise Rejected("truncated")
    if not is_digits(field) or len(field) > 10 or int(field) == 0:
        raise Rejected("user_id")
    return int(field), rest


def is_movie_id(field):
    """Whether field is a slug: 1 to 256 of a-z 0-9 + - . _ ' : & ! (all ASCII, so chars are bytes)."""
    return bool(field) and SLUG_CHARS.issuperset(field) and len(field) <= MAXIMUM_MOVIE_ID_BYTES


def parse_watch(body):
    movie, slash, rest = body.partition("/")
    if not slash:
        raise Rejected("truncated")
    if not is_movie_id(movie):
        raise Rejected("movie_id")
    minute, dot, suffix = rest.partition(".")
    if not dot:
        raise Rejected("minute" if rest and not is_digits(rest) else "truncated")
    if not is_digits(minute) or len(minute) > 9:
        raise Rejected("minute")
    if suffix != "mpg":
        raise Rejected("truncated" if len(suffix) < 3 and "mpg".startswith(suffix) else "request")
    return ("watch", movie, int(minute))


def parse_rating(body):
    movie, equals, rating = body.partition("=")
    if not equals:
        raise Rejected("truncated")
    if not is_movie_id(movie):
        raise Rejected("movie_id")
    if not rating:
        raise Rejected("truncated")
    if len(rating) != 1 or not "1" <= rating <= "5":
        raise Rejected("rating")
    return ("rating", movie, int(rating))


def expect_separator(text, separator, rule):
    """text after separator; truncated when text is a proper prefix of it, else `rule`."""
    if text.startswith(separator):
        return text[len(separator):]
    raise Rejected("truncated" if separator.startswith(text) else rule)


def parse_server(field):
    colon = field.rfind(":")
    if colon <= 0:
        raise Rejected("server")
    port = field[colon + 1:]
    if not (1 <= len(port) <= 5 and is_digits(port)) or not HOST_CHARS.issuperset(field[:colon]):
        raise Rejected("server")
    return field


def parse_latency(field):
    number, space, unit = field.partition(" ")
    if not space or not is_digits(number) or len(number) > 10:
        raise Rejected("truncated" if is_movie_id(field) else "latency")
    if unit == "ms":
        milliseconds = int(number)
    elif unit == "s":
        milliseconds = int(number) * 1000
    else:
        raise Rejected("latency")
    if milliseconds > INT32_MAX:
        raise Rejected("latency")
    return milliseconds


def parse_recommendation(body):
    server, comma, rest = body.partition(",")
    if not comma:
        raise Rejected("truncated")
    server = parse_server(server)
    rest = expect_separator(rest, STATUS_SEPARATOR, "status")
    status, comma, rest = rest.partition(",")
    if not comma:
        raise Rejected("truncated")
    if not (1 <= len(status) <= 3 and is_digits(status)):
        raise Rejected("status")
    status = int(status)
    if status != 0 and not 100 <= status <= 599:
        raise Rejected("status")
    rest = expect_separator(rest, RESULT_SEPARATOR, "result")
    split = rest.rfind(", ")
    if split < 0:
        raise Rejected("truncated")
    result, latency = rest[:split], parse_latency(rest[split + 2:])
    if status == 200:
        if not result:
            raise Rejected("result")
        items = result.split(", ")
        if not all(map(is_movie_id, items)) or len(items) > MAXIMUM_ITEMS:
            raise Rejected("result")
        result = items
    elif not ERROR_TEXT_FORBIDDEN.isdisjoint(result):
        raise Rejected("result")
    return ("recommendation", server, status, result, latency)


def parse_line(raw, now):
    """Parses one line (bytes without its "\\n"); returns (time, user id, event) or raises Rejected."""
    if not raw:
        raise Rejected("empty")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected("encoding") from None
    timestamp, rest = parse_time(line, now)
    user_id, rest = parse_user_id(rest)
    if rest.startswith(WATCH_PREFIX):
        return timestamp, user_id, parse_watch(rest[len(WATCH_PREFIX):])
    if rest.startswith(RATE_PREFIX):
        return timestamp, user_id, parse_rating(rest[len(RATE_PREFIX):])
    if rest.startswith(RECOMMENDATION_PREFIX):
        return timestamp, user_id, parse_recommendation(rest[len(RECOMMENDATION_PREFIX):])
    for prefix in (WATCH_PREFIX, RATE_PREFIX, RECOMMENDATION_PREFIX):
        if len(rest) < len(prefix) and prefix.startswith(rest):
            raise Rejected("truncated")
    raise Rejected("unknown_kind")


def split_lines(data):
    """The lines of data without "\\n", dropping one "\\r" before each "\\n"."""
    lines = data.split(b"\n")
    last = lines.pop()
    lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    if last:
        lines.append(last)
    return lines


def parse_now(text):
    """(seconds, nanoseconds) since the epoch of an ISO-8601 time; no zone means UTC."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    whole = int(moment.replace(microsecond=0).timestamp())
    return whole, moment.microsecond * 1000


def main():
    arguments = argparse.ArgumentParser(description="Parse a movie log with the Python peer parser.")
    arguments.add_argument("file", help="log file, one message per line")
    arguments.add_argument("--now", help="ingest clock for the far-future check, ISO-8601 (default: now, UTC)")
    options = arguments.parse_args()
    if options.now:
        now = parse_now(options.now)
    else:
        now = divmod(time.time_ns(), 1_000_000_000)
    with open(options.file, "rb") as file:
        lines = split_lines(file.read())

    accepted = 0
    by_rule = {}
    start = time.perf_counter()
    for raw in lines:
        try:
            parse_line(raw, now)
            accepted += 1
        except Rejected as rejection:
            by_rule[rejection.rule] = by_rule.get(rejection.rule, 0) + 1
    seconds = time.perf_counter() - start

    print(json.dumps({
        "lines": len(lines),
        "accepted": accepted,
        "rejected": len(lines) - accepted,
        "by_rule": dict(sorted(by_rule.items())),
        "seconds": round(seconds, 6),
        "lines_per_second": round(len(lines) / seconds) if seconds > 0 else 0,
    }))


if __name__ == "__main__":
    sys.exit(main())
