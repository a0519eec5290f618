"""The one error a briefing raises for a user: the message is Vietnamese and says what to do."""


class BriefingError(Exception):
    pass
