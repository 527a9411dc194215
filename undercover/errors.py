"""The one kind of error a user is shown as a plain message, not as a bug report."""

# A message longer than this is shortened in the middle: its start says what went
# wrong, its end what to do; a name of 20,000 characters in between helps nobody.
MESSAGE_LIMIT = 300


def one_line_message(text: object, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` on one line (every run of spaces and line breaks as one space), at most
    ``limit`` characters, with "…" where the middle was left out."""
    message = " ".join(str(text).split())
    if len(message) <= limit:
        return message
    head = limit * 2 // 3
    tail = limit - head - 1
    return message[:head].rstrip() + "…" + message[-tail:].lstrip()


class UndercoverError(Exception):
    """A problem with the user's input or environment: a bad file, a busy or newer database.

    The message is complete and written for the user; callers show it as it is. It is
    always one line, so a long name in it (a path, a location) is shortened.
    """

    def __init__(self, message: object = "", *args: object) -> None:
        super().__init__(one_line_message(message), *args)
