"""The one kind of error a user is shown as a plain message, not as a bug report."""


class UndercoverError(Exception):
    """A problem with the user's input or environment: a bad file, a busy or newer database.

    The message is complete and written for the user; callers show it as it is.
    """
