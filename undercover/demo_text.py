"""The words of the demo business: branches, staff, scenarios, and notes tied to questions.

Every note belongs to one question and one side (went badly / went well), so a
note never contradicts the answer it sits on.
"""

from __future__ import annotations

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Channel

BUSINESS = "Copperleaf Coffee & Bakery"

# (bad notes, good notes) per question id.
NOTES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "acknowledged_minutes": (
        ("Two staff restocking the fridge while I stood at the counter.",
         "Nobody looked up until the barista finished a long chat with a regular."),
        ("A nod and 'be right with you' the moment I walked in.",),
    ),
    "greeting": (
        ("No hello at all; I had to speak first.", "A mumbled 'next' without looking up."),
        ("Greeted me like a regular although it was my first visit.",),
    ),
    "courtesy": (
        ("Rolled their eyes when I asked a question.",
         "Sighed loudly and said 'it's on the board' when I asked a question."),
        (),
    ),
    "facial_expression": (
        ("Looked bored and irritated throughout.",),
        ("A real smile, not just at the hello.",),
    ),
    "eye_contact": (
        ("Talked to the screen rather than to me.",),
        ("Looked at me whenever I spoke.",),
    ),
    "tone_of_voice": (
        ("Flat, tired voice, as if reading a list.",),
        ("Warm and lively; matched my mood.",),
    ),
    "used_name": (
        ("Wrote my name on the cup but never used it.",),
        ("Used my name when handing over the order.",),
    ),
    "understood_situation": (
        ("Did not ask what I needed it for; just pointed at the menu.",),
        ("Asked what it was for and remembered what I had said earlier.",),
    ),
    "listening": (
        ("Talked over me twice while I was explaining.",),
        ("Let me finish, then summed up what I wanted.",),
    ),
    "undivided_attention": (
        ("Kept glancing at the door and the queue while serving me.",),
        ("Put everything down and gave me full attention.",),
    ),
    "used_phone": (
        ("Checked a personal phone twice while taking my order.",),
        (),
    ),
    "side_conversations": (
        ("Chatted to a colleague about the rota while serving me.",),
        (),
    ),
    "hurried_along": (
        ("Handed me the receipt while already calling the next person.",),
        ("Even with a queue, I never felt rushed.",),
    ),
    "real_need": (
        ("Took the order but never checked it would do what I needed.",),
        ("Checked with the kitchen that it would suit me before I paid.",),
    ),
    "proactive_help": (
        ("Did exactly what I asked and nothing more.",),
        ("Offered a taste of the new roast without being asked.",),
    ),
    "accurate_and_kept": (
        ("Said the order would take five minutes; it took fifteen.",),
        ("Everything they told me about the ingredients was right.",),
    ),
    "wait_minutes": (
        ("Queue of six, one till open.", "Waited while a large order was made first."),
        ("Served within a minute of reaching the counter.",),
    ),
    "handoffs": (
        ("Sent from the till to the kitchen and back again.",),
        (),
    ),
    "loyalty_offer": (
        ("No mention of the loyalty card when I paid.",),
        ("Offered the loyalty card and stamped it for this visit.",),
    ),
    "referral_ask": (
        ("Nothing to suggest they would like me to tell friends.",),
        ("Gave me a card to pass on to a friend.",),
    ),
    "farewell": (
        ("Turned away before I had picked up my cup.",),
        ("'Enjoy the rest of your day, see you soon!'",),
    ),
    "rings_before_answer": (
        ("Rang {value} times before anyone picked up.",),
        ("Answered on the second ring.",),
    ),
    "hold_minutes": (
        ("Put on hold twice without a word of explanation.",),
        (),
    ),
    "reply_minutes": (
        ("An automatic 'we'll be with you shortly', then nothing for {value} minutes.",),
        ("A real person answered within a minute.",),
    ),
    "chases": (
        ("Had to chase twice before anyone replied.",),
        (),
    ),
    "kept_informed": (
        ("No update until I asked.",),
        ("A message the day before to say it was on track.",),
    ),
}

# Notes and moments that make sense on a call or a chat, not only in the shop.
REMOTE = frozenset({"rings_before_answer", "hold_minutes", "reply_minutes", "listening",
                    "accurate_and_kept"})

# What the evaluator remembers most, for the question whose answer mattered.
MOMENTS: dict[str, tuple[str, str]] = {
    "acknowledged_minutes": ("Standing at the counter unnoticed while two staff restocked.",
                             "Being noticed the second I walked in."),
    "courtesy": ("The eye-roll when I asked a question.", ""),
    "listening": ("Being talked over while explaining what I needed.",
                  "Being listened to all the way through."),
    "used_phone": ("The barista checking a phone while taking my order.", ""),
    "wait_minutes": ("Waiting {value} minutes to be served.",
                     "Being served straight away despite the queue."),
    "real_need": ("Realising nobody had checked it would suit me.",
                  "The barista checking with the kitchen for me."),
    "proactive_help": ("Nobody suggesting anything, although I asked for advice.",
                       "A free taste of the new blend while I waited."),
    "chases": ("Having to chase before anyone replied.", ""),
    "promise_kept": ("Finding out on the day that it would not be ready.",
                     "It arriving exactly when promised."),
    "kept_informed": ("Hearing nothing until I asked.",
                      "A message the day before to say it was on track."),
    "farewell": ("Being turned away from before I had my cup.",
                 "The warm goodbye and 'see you next week'."),
    "rings_before_answer": ("{value} rings before anyone picked up.",
                            "The phone answered on the second ring."),
    "hold_minutes": ("Being put on hold twice with no explanation.", ""),
    "reply_minutes": ("{value} minutes of silence after the automatic reply.",
                      "A real person answering the chat within a minute."),
}

FELT = {
    "low": ("Unwelcome: as if I was in the way.", "Frustrated: simple things took too long."),
    "mid": ("Fine, but forgettable: nothing went wrong and nothing stood out.",),
    "high": ("Looked after: they seemed glad I came.",),
}
THINK = {
    "low": ("They care about the product more than about the people buying it.",),
    "mid": ("Good coffee, variable service.",),
    "high": ("The kind of place I would take a friend to.",),
}
INTERNAL_FELT = {
    "low": ("Like an interruption: I had to chase to get anything done.",),
    "mid": ("It got done in the end, with no warmth either way.",),
    "high": ("Helped by someone who cared that my work went well.",),
}
INTERNAL_THINK = {
    "low": ("A team to work around rather than with.",),
    "mid": ("Reliable enough, but I would not ask for more than the minimum.",),
    "high": ("The first team I would go to next time.",),
}


SCENARIOS = {
    Channel.IN_PERSON: (
        "Bought a flat white and asked which pastry goes well with it",
        "Asked for a birthday cake for a child with a nut allergy",
        "Ordered lunch for two and asked for the gluten-free options",
        "Returned a stale croissant bought that morning",
        "Bought a bag of beans and asked how to brew them at home",
    ),
    Channel.PHONE: (
        "Phoned to order catering for a 20-person office meeting",
        "Phoned to ask whether a lost umbrella had been handed in",
    ),
    Channel.CHAT: ("Asked on the website chat about vegan options for a party",),
}
INTERNAL_SCENARIOS = (
    "Asked the bakery team for an extra morning delivery of croissants",
    "Reported a broken grinder to the maintenance contractor",
    "Asked head office to fix a wrong shift on the rota",
)

# Something that went wrong outside the checklist, recorded as the evaluator's own finding.
INCIDENTS = (
    (FindingKind.LEAK, "Card machine down; told to find a cash machine down the road",
     "Paying", "Keep a spare card reader charged, or offer to hold the order.",
     "Card machine with an 'out of order' note"),
    (FindingKind.LEAK, "Customer toilet closed with a handwritten sign and no alternative",
     "Before ordering", "Keep the toilet open, or point customers to the nearest one.",
     "Handwritten sign on the toilet door"),
)
# A photo's caption for the question it shows evidence of.
PHOTO_SUBJECTS = {
    "acknowledged_minutes": "Counter with nobody serving",
    "wait_minutes": "Queue at the counter",
    "used_phone": "Phone beside the till",
    "side_conversations": "Staff talking behind the counter",
    "loyalty_offer": "Loyalty cards kept out of sight",
    "greeting": "Till point on arrival",
}
GENERAL_CAPTIONS = ("Menu board", "Seating area", "Cake display", "Entrance")
