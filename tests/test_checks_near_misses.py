"""Near misses: caller words that look like a point but are not, and the other way round.

Each row is one caller turn, the point (from the default follow-up points) and
what a careful listener would say. The profile: Jordan Lee, interviewed by
Maria Gonzalez for Junior Data Analyst on Tuesday 2026-11-17 at 2 pm; the call
is on Thursday 2026-11-26.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bench.checker import script_detectors
from rehearse.checks import Facts
from rehearse.profile.model import Profile
from tests.core_fixtures import BRIGHTLINE, BRIGHTLINE_FACTS

PROFILE = BRIGHTLINE
FACTS = BRIGHTLINE_FACTS
DETECTORS = script_detectors()

NEAR_MISSES = [
    # status_question
    ("i know the position was filled", "status_question", False),
    ("i know the job is still open because i saw the ad", "status_question", False),
    ("i don't want to ask about the status", "status_question", False),
    ("i'm not calling about the status of my application", "status_question", False),
    ("i'm calling about the junior data analyst position", "status_question", False),
    ("i don't know if a decision has been made yet", "status_question", True),
    ("i'm not sure if the position has been filled", "status_question", True),
    ("have you made up your mind yet", "status_question", True),
    ("i just wondered if you'd got any further with the vacancy", "status_question", True),
    ("kindly update me on the selection process", "status_question", True),
    ("any idea when you'll be letting people know", "status_question", True),
    ("just wondering what's happening with it", "status_question", True),
    ("i've made up my mind about the commute", "status_question", False),
    ("have you made up your mind about the parking permits", "status_question", False),
    ("kindly update me on the parking validation", "status_question", False),
    ("no need to update me on the selection process", "status_question", False),
    ("i concluded my other interview yesterday", "status_question", False),
    ("do you know when i might hear back", "status_question", True),
    ("is the position still open", "status_question", True),
    ("i was wondering where things stand", "status_question", True),
    ("just following up on my interview", "status_question", True),
    ("any updates on the junior data analyst role", "status_question", True),
    ("i know you've filled the role", "status_question", False),
    ("i heard the position has been filled so i just wanted to say thanks", "status_question", False),
    ("i'm ringing to find out if you've filled the role yet", "status_question", True),
    ("did you guys decide yet", "status_question", True),
    ("i'd be grateful for any update", "status_question", True),
    ("i haven't had any news", "status_question", False),
    ("i saw the ad again so i guess it's still open", "status_question", False),
    ("do you know when i'll hear back", "status_question", True),
    ("when will he be back please", "status_question", False),  # the interviewer, not the job
    # questions by form about the process, without a listed topic word
    ("hi maria any word from the panel", "status_question", True),  # the interviewer's name
    ("how's it all going with the data analyst job", "status_question", True),
    ("are things moving along or is it all on hold", "status_question", True),
    ("when do you reckon you'll have an answer", "status_question", True),
    ("what happens next", "status_question", True),
    ("have you had a chance to think about my application", "status_question", True),
    ("do you know when you'll be able to let me know", "status_question", True),
    ("am i still in with a chance", "status_question", True),
    ("could you tell me if i got it or not", "status_question", True),  # asked, not demanded
    ("i just wondered whether you've settled on anyone yet", "status_question", True),
    ("do you know yet who you're taking forward", "status_question", True),
    ("just checking how things are on your end with the vacancy", "status_question", True),
    ("have you had a chance to look over the applications", "status_question", True),
    # questions that are not about the status
    ("hi how are you", "status_question", False),
    ("hi how's it going", "status_question", False),
    ("is maria there", "status_question", False),
    ("when is she back", "status_question", False),
    ("can you hear me okay", "status_question", False),
    ("could you let me know when she's back", "status_question", False),
    ("have you had a chance to speak to maria", "status_question", False),
    ("did you get my email", "status_question", False),
    ("i'm going to call about the job", "status_question", False),
    ("have you settled on a date for the team lunch", "status_question", False),
    ("what's the plan for her meeting", "status_question", False),
    # outbursts and demands are not polite questions
    ("did i get it or not", "status_question", False),
    ("its been nine days did i get the job or what", "status_question", False),
    ("just tell me did i get it", "status_question", False),
    ("this is ridiculous what is going on with the job", "status_question", False),
    # continued_interest
    ("i'm not interested anymore", "continued_interest", False),
    ("i'm no longer interested in the role", "continued_interest", False),
    ("i'm not sure i'm still interested", "continued_interest", False),
    ("i accepted another offer", "continued_interest", False),
    ("i'm still interested but i accepted another offer last week", "continued_interest", False),
    ("i'm not interested in asking about the status", "continued_interest", False),
    ("no i'm still very interested", "continued_interest", True),
    ("i haven't changed my mind i'm still very interested", "continued_interest", True),
    ("im still really interested in the job", "continued_interest", True),
    ("i'd love to join the team", "continued_interest", True),
    ("i'm very enthusiastic about the junior data analyst role", "continued_interest", True),
    ("i'm not that enthusiastic about the role anymore", "continued_interest", False),
    # name
    ("hi this is taylor", "name", False),
    ("could i speak to maria", "name", False),
    ("i'm calling on behalf of jordan lee", "name", False),
    ("hi this is jordon lee", "name", True),
    ("hi it's jordan lea", "name", True),
    ("jordan here", "name", True),
    # A recognizer often drops the "this" of "this is ...".
    ("is jordan lee calling about the analyst job", "name", True),
    ("hi when is jordan lee i interviewed last week", "name", True),
    ("hello is jordan lee available today", "name", False),
    ("is jordan there", "name", False),
    # interview_date
    ("i interviewed on wednesday november 18th", "interview_date", False),
    ("i interviewed on the 18th", "interview_date", False),
    ("i interviewed two weeks ago", "interview_date", False),
    ("i interviewed last week", "interview_date", False),
    ("i interviewed on tuesday november 17th", "interview_date", True),
    ("i interviewed on the seventeenth", "interview_date", True),
    ("i interviewed on 11/17", "interview_date", True),
    ("i came in a week ago tuesday", "interview_date", True),
    ("it was on the seventeenth of november", "interview_date", True),
    ("my interview was november seventeen", "interview_date", True),
    ("i interviewed last tuesday", "interview_date", True),
    # interview_time
    ("my interview was at three pm", "interview_time", False),
    ("i interviewed at two thirty", "interview_time", False),
    ("i called one time before", "interview_time", False),
    ("at one point we talked about sql", "interview_time", False),
    ("my interview was at two", "interview_time", True),
    ("I met you on the 17th, two p.m., for the data analyst job", "interview_time", True),
    ("my interview was at fourteen hundred", "interview_time", False),  # not a way anyone says 14:00
    ("my interview was at fourteen thirty", "interview_time", False),  # 14:30, not 2 pm
    ("my interview was at fourteen zero zero", "interview_time", True),  # 14:00 said as digits
    ("I interviewed on the 17th at two a.m.", "interview_time", False),
    ("it was at half two", "interview_time", False),  # British: 2:30
    ("it was at 2:00", "interview_time", True),
    ("it was two o'clock", "interview_time", True),
    ("it was in the afternoon at two", "interview_time", True),
    ("at 14:00", "interview_time", True),
    # polite
    ("just tell me if i got the job", "polite", False),
    ("i need an answer today please", "polite", False),
    ("why haven't you called me back thanks", "polite", False),
    ("thanks for nothing you people", "polite", False),
    ("could you just tell her i called thanks", "polite", True),
    ("i don't mean to rush you thank you", "polite", True),
    ("right cheers bye", "polite", True),  # British "cheers" is thanks
    ("do you know when she'll be back thanks", "polite", True),  # "she'll" is no swearing
    ("when the hell will she be back", "polite", False),
    # thanks
    ("thank you", "thanks", True),
    ("thanks so much", "thanks", True),
    ("i think that's it", "thanks", False),
    ("right cheers bye", "thanks", True),  # British "cheers" alone, as a goodbye, is thanks
    ("ta very much", "thanks", True),
    ("i'm calling about the bank", "thanks", False),
    # ask_for_interviewer
    ("could i speak to maria gonzalez please", "ask_for_interviewer", True),
    ("is maria in today", "ask_for_interviewer", True),
    ("i interviewed with maria gonzalez on the 17th", "ask_for_interviewer", False),
    ("could i speak to the receptionist", "ask_for_interviewer", False),
    ("maria gonzalez on tuesday was lovely", "ask_for_interviewer", False),
    # ask_callback: asking the other side for a time, not announcing one's own plan
    ("when would be a good time to call back", "ask_callback", True),
    ("would after six suit to ring him", "ask_callback", True),
    ("oh she's out this week would friday afternoon be a better time to catch her", "ask_callback", True),
    ("i think the interview would tomorrow be too soon to hear back", "ask_callback", False),
    ("i said that would friday work for the decision", "ask_callback", False),
    ("would six be better for the interview feedback", "ask_callback", False),
    ("oh okay is she in tomorrow", "ask_callback", True),
    ("do you know when she'll be free", "ask_callback", True),
    ("what time should i try again", "ask_callback", True),
    ("i'll call back tomorrow", "ask_callback", False),
    ("can i call back later", "ask_callback", False),
    ("i will call again", "ask_callback", False),
    ("i won't call back", "ask_callback", False),
    ("i will not call again", "ask_callback", False),
    ("no need to call back", "ask_callback", False),
    ("when can i expect to hear back", "ask_callback", False),
    ("is it alright if i call back tomorrow", "ask_callback", True),  # asks whether a day suits
    ("that experience will help me in the role", "ask_callback", False),
    # position
    ("the data analyst position", "position", True),
    ("junior data analyst", "position", True),
    ("the position", "position", False),
    ("the data entry job", "position", False),
    ("how's the analyst job going", "position", True),  # one long word of the field
    ("any news on the data job", "position", False),  # too short to name it alone
    ("the junior job", "position", False),  # a word the caller may leave out names nothing
    # structure: questions by clause shape, statements that only look like questions
    ("i'm trying to find out whether you've reached a decision", "status_question", True),
    ("i heard it's been filled, is that right?", "status_question", True),
    ("i heard its been filled is that right", "status_question", True),
    ("i heard it's been filled", "status_question", False),
    ("i know the junior data analyst job is still open", "status_question", False),
    ("just tell me, did i get the job or not?", "status_question", False),
    ("i saw the ad again, does that mean you haven't filled it yet?", "status_question", True),
    ("does the job involve any weekend work?", "status_question", False),
    ("could i speak to the hiring manager", "status_question", False),
    ("are you still interviewing people?", "status_question", True),
    ("i hope to hear from you soon", "status_question", False),
    ("i'm not calling to chase a decision", "status_question", False),
    ("so have you guys come to any conclusion or made any decisions", "status_question", True),
    ("i'm trying to get hold of maria gonzalez", "ask_for_interviewer", True),
    ("would maria gonzalez be available?", "ask_for_interviewer", True),
    ("is ms. gonzalez in?", "ask_for_interviewer", True),
    ("maria gonzalez, please.", "ask_for_interviewer", True),
    ("hi maria.", "ask_for_interviewer", False),
    ("good morning, ms. gonzalez.", "ask_for_interviewer", False),
    ("i'm not trying to reach maria", "ask_for_interviewer", False),
    ("ah bummer is she in tomorrow", "ask_callback", True),
    ("okay how long do you think she'll be", "ask_callback", True),
    ("is there a better day to reach her", "ask_callback", True),
    ("could you ask her to give me a ring when she's free", "ask_callback", False),
    ("okay thanks i'll call when she's back", "ask_callback", False),
    ("if i don't hear back by tomorrow i'll call again", "ask_callback", False),
    ("is maria available", "ask_callback", False),
    ("i'm very interested in it", "continued_interest", True),
    ("i really want this one", "continued_interest", True),
    ("i'm still really up for it", "continued_interest", True),
    ("i was interested at first", "continued_interest", False),
    ("i'm interested to know if you've decided", "continued_interest", False),
    ("i want to ask about the status", "continued_interest", False),
    ("i'd like it if you called me back", "continued_interest", False),
    ("ta you for the you", "thanks", False),
    ("ta you for the you", "polite", False),
    ("okay ta", "thanks", True),
    ("i want to know today whether i got it", "status_question", False),
    ("could i have a quick word with maria", "status_question", False),
    ("i was hoping to hear how i did", "status_question", True),
    ("oh she's at a meeting what's the best time to catch her", "ask_callback", True),
    ("is she in one of her meetings", "ask_callback", False),
    ("yeah, maria gonzalez.", "ask_for_interviewer", True),
    ("it's still my dream job", "continued_interest", True),
    ("i'd still jump at the chance to join", "continued_interest", True),
    ("i'd love to come and work with your team", "continued_interest", True),
    ("i really hope it works out", "continued_interest", True),
    ("i'd rather be at brightline than anywhere else", "continued_interest", True),
    ("i'd rather be called back tomorrow", "continued_interest", False),
    ("i didn't jump at the chance back then", "continued_interest", False),
    ("i was told it's a dream job", "continued_interest", False),
    ("do you know if hell be in on monday thanks", "polite", True),  # recognizer's "he'll"
    ("what the hell is going on thanks", "polite", False),
    ("can i grab maria for two minutes", "ask_for_interviewer", True),
    ("would maria have a moment", "ask_for_interviewer", True),
    ("could you tell me if maria's around today", "ask_for_interviewer", True),
    ("could you tell me if the job is still open", "ask_for_interviewer", False),
    ("when do you think she'll be off", "ask_callback", True),
    ("um is this a good time", "ask_callback", False),  # asks about now
    ("any idea when you'll be in touch with candidates", "ask_callback", False),
    ("would this afternoon be a good time to call back", "ask_callback", True),
]


# Sarcasm and set phrases are not thanks or courtesy; insults and masked swearing fail polite.
COURTESY_NEAR_MISSES = [
    ("thanks for nothing", "thanks", False),
    ("well thanks a lot for wasting my afternoon", "thanks", False),
    ("thank god i finally got through", "thanks", False),
    ("thank goodness someone picked up", "thanks", False),
    ("thanks to your website i applied twice", "thanks", False),  # "because of"
    ("no thanks to the traffic i was late", "thanks", False),
    ("thanks for leaving me hanging for two weeks", "thanks", False),
    ("great, thanks for keeping me posted. not.", "thanks", False),
    ("no need to thank me, it was a pleasure", "thanks", False),
    ("please pass my thanks to the whole team", "thanks", True),
    ("thank you so much for your time", "thanks", True),
    ("thanks, i finally feel ready for this", "thanks", True),  # "finally" alone is no sarcasm
    ("cheers for getting back to me", "thanks", True),
    ("thanks to you and the team for seeing me", "thanks", True),
    ("cheers for ghosting me", "polite", False),
    ("what the f*** is going on, please", "polite", False),
    ("this is a sh*t way to treat people, thank you", "polite", False),
    ("your hiring team is useless, thanks", "polite", False),
    ("honestly you lot are a joke, please just tell me", "polite", False),
    ("thanks for nothing", "polite", False),
    ("no need to thank me for coming in, it was my pleasure", "polite", True),
    ("sorry to bother you, is maria free", "polite", True),
    ("the 5* reviews of your company made me apply, thank you", "polite", True),
]

# A name that is not the caller's: another surname, negated, someone else's.
NAME_NEAR_MISSES = [
    ("Hi, this is Jordan Bell.", "name", False),
    ("hi jordan price here about the analyst job", "name", False),
    ("Jordan Wu calling for Maria", "name", False),
    ("this isn't jordan lee, i'm calling for him", "name", False),
    ("hi it's not jordan, it's his brother", "name", False),
    ("I'm not Jordan Lee", "name", False),
    ("my friend jordan lee said you're hiring", "name", False),
    ("I'm calling for my son Jordan Lee", "name", False),
    ("this is Alex, Jordan Lee's flatmate", "name", False),
    ("hi this is casey jordan's sister", "name", False),
    ("has jordan lee been shortlisted", "name", False),
    ("Hi, this is Jordan Lee.", "name", True),
    ("hi jordan here", "name", True),
    ("this is jordan again about the analyst job", "name", True),
    ("jordan li calling", "name", True),  # a recognizer's spelling of the surname
    ("no, this is jordan lee", "name", True),
    ("it's Jordan, Jordan Lee", "name", True),
    ("Jordan from Tuesday's interview", "name", True),
]


@pytest.mark.parametrize(("said", "point", "covered"), NAME_NEAR_MISSES)
def test_name_near_miss(said: str, point: str, covered: bool) -> None:
    finding = DETECTORS[point].find([said], FACTS)
    assert finding.covered is covered, finding


# Status: a question about another thing with the same words is not one; plain asks are.
STATUS_NEAR_MISSES = [
    ("is the office still open on fridays?", "status_question", False),
    ("is the canteen still open after two", "status_question", False),
    ("what's the status of my travel expense claim", "status_question", False),
    ("has a decision been made about the staff party", "status_question", False),
    ("have you filled in the visitor form for me", "status_question", False),
    ("any news on the roadworks outside your building", "status_question", False),
    ("is the flat above the office still available", "status_question", False),
    ("i'm not going to ask whether you've decided", "status_question", False),
    ("so many dates to remember", "status_question", False),  # not "any updates"
    ("is the office job still open?", "status_question", True),  # the job, at the office
    ("are you still hiring for the junior data analyst role", "status_question", True),
    ("is the vacancy still there", "status_question", True),
    ("has anyone been picked yet", "status_question", True),
    ("hi jordan lee here is the analyst post still going", "status_question", True),
    ("just checking in on the junior data analyst position", "status_question", True),
    ("i'm interested to know what you decided", "status_question", True),
    ("are you still interested in me for the role", "status_question", True),
    ("could you just tell me if the job has been filled", "status_question", True),
    ("i was just after an update really", "status_question", True),
]


@pytest.mark.parametrize(("said", "point", "covered"), STATUS_NEAR_MISSES)
def test_status_near_miss(said: str, point: str, covered: bool) -> None:
    finding = DETECTORS[point].find([said], FACTS)
    assert finding.covered is covered, finding


# Interest: hedged, conditional, someone else's or in another thing is not lasting interest.
INTEREST_NEAR_MISSES = [
    ("i might still be interested, i'll see", "continued_interest", False),
    ("i guess i'm sort of still keen", "continued_interest", False),
    ("maybe i'm still interested, hard to say", "continued_interest", False),
    ("i'd be interested only if it were remote", "continued_interest", False),
    ("i'm interested as long as the salary goes up", "continued_interest", False),
    ("are you still interested in my application", "continued_interest", False),
    ("my brother is still interested in the job too", "continued_interest", False),
    ("i'm still interested in your loyalty discount", "continued_interest", False),
    ("i'm interested in volunteering at the weekend", "continued_interest", False),
    ("i'm still very interested in the role", "continued_interest", True),
    ("if it's still open i'm definitely still interested", "continued_interest", True),
    ("are you still hiring? i'm still really keen", "continued_interest", True),
    ("i'd love to work with your team", "continued_interest", True),
]


@pytest.mark.parametrize(("said", "point", "covered"), INTEREST_NEAR_MISSES)
def test_interest_near_miss(said: str, point: str, covered: bool) -> None:
    finding = DETECTORS[point].find([said], FACTS)
    assert finding.covered is covered, finding


# A date or time about something else, denied, or with the wrong month or year is not the
# interview's (interview: Tuesday 2026-11-17 at 2 pm; the call is on 2026-11-26).
WHEN_NEAR_MISSES = [
    ("can you call me at 2 pm tomorrow", "interview_time", False),
    ("i'm free after 2 pm if she wants to ring me", "interview_time", False),
    ("i have another interview on friday at 2 pm", "interview_time", False),
    ("i didn't come in at 2 pm, it was moved", "interview_time", False),
    ("i interviewed on the 17th at 2 pm", "interview_time", True),
    ("i came in at two o'clock", "interview_time", True),
    ("i start my holiday on the 17th of december", "interview_date", False),
    ("i've got a dentist appointment on the 17th", "interview_date", False),
    ("i'm away from the 17th to the 20th", "interview_date", False),
    ("i didn't interview on the 17th, it got moved", "interview_date", False),
    ("i interviewed on the 17th of october", "interview_date", False),  # wrong month
    ("i interviewed on november 17th, 2025", "interview_date", False),  # wrong year
    ("i interviewed on 11/17/25", "interview_date", False),
    ("i interviewed on the 17th of november", "interview_date", True),
    ("i interviewed on november 17th, 2026", "interview_date", True),
    ("i'm calling back about my interview on the 17th", "interview_date", True),
    ("i interviewed for the open position on the 17th", "interview_date", True),
]


@pytest.mark.parametrize(("said", "point", "covered"), WHEN_NEAR_MISSES)
def test_when_near_miss(said: str, point: str, covered: bool) -> None:
    finding = DETECTORS[point].find([said], FACTS)
    assert finding.covered is covered, finding


def test_a_wrong_month_or_year_is_pointed_out() -> None:
    for said, problem in [
        (
            "I interviewed on the 17th of October.",
            "you said October 17th; the interview was on Tuesday, November 17th",
        ),
        (
            "I interviewed on November 17th, 2025.",
            "you said November 17th, 2025; the interview was on Tuesday, November 17th",
        ),
    ]:
        assert DETECTORS["interview_date"].find([said], FACTS).problem == problem


# Asking for someone else, naming the interviewer without asking, or denying a position.
OTHER_NEAR_MISSES = [
    ("i don't want to speak to maria, just the front desk", "ask_for_interviewer", False),
    ("i don't need to talk with maria gonzalez today", "ask_for_interviewer", False),
    ("could you put me through to maria's assistant", "ask_for_interviewer", False),
    ("could i speak to the branch manager please", "ask_for_interviewer", False),
    ("i met maria gonzalez at the interview", "ask_for_interviewer", False),
    ("could you tell me if maria's around today", "ask_for_interviewer", True),
    ("i need maria gonzalez please", "ask_for_interviewer", True),
    ("could i speak to the person who interviewed me", "ask_for_interviewer", True),
    ("is the parking still free after four", "ask_callback", False),
    ("when can i come in to sign the form", "ask_callback", False),
    ("when will she be free", "ask_callback", True),
    ("i'm not calling about the junior data analyst job", "position", False),
    ("not the junior data analyst role, the other one", "position", False),
    ("i haven't heard about the junior data analyst job", "position", True),
    ("it's about the junior data analyst role", "position", True),
]


@pytest.mark.parametrize(("said", "point", "covered"), OTHER_NEAR_MISSES)
def test_other_near_miss(said: str, point: str, covered: bool) -> None:
    finding = DETECTORS[point].find([said], FACTS)
    assert finding.covered is covered, finding


@pytest.mark.parametrize(("said", "point", "covered"), COURTESY_NEAR_MISSES)
def test_courtesy_near_miss(said: str, point: str, covered: bool) -> None:
    finding = DETECTORS[point].find([said], FACTS)
    assert finding.covered is covered, finding


def test_an_insult_holds_the_score_down_not_only_the_polite_point() -> None:
    from rehearse.coaching.feedback import build_report
    from rehearse.script.loader import load_bundled

    good = [
        "Hi, this is Jordan Lee. Could I speak to Maria Gonzalez, please?",
        "I interviewed for the Junior Data Analyst position on Tuesday, November 17th at 2 pm.",
        "Has a decision been made yet? I'm still very interested. Thank you for your time.",
    ]
    rude = [
        *good[:2],
        "Has a decision been made yet? Your process is a f***ing joke. Thank you for your time.",
    ]
    script = load_bundled("follow-up")
    polite = build_report(script, FACTS, good)
    insulting = build_report(script, FACTS, rude)
    assert polite.score >= 90
    assert insulting.score == 40
    assert insulting.advice[0].startswith('Score held at 40: you said "f***ing"; keep it clean.')


@pytest.mark.parametrize(("said", "point", "covered"), NEAR_MISSES)
def test_near_miss(said: str, point: str, covered: bool) -> None:
    finding = DETECTORS[point].find([said], FACTS)
    assert finding.covered is covered, finding


@pytest.mark.parametrize(
    "withdrawal",
    [
        "I've accepted another offer, so I'd like to withdraw my application.",
        "please remove me from consideration",
        "i've decided to go in a different direction",
        "I'm going to bow out of the process, thank you.",
        "i'm no longer available for the role",
    ],
)
def test_withdrawing_is_advised_on_not_marked_down(withdrawal: str) -> None:
    from rehearse.coaching.feedback import build_report
    from rehearse.script.loader import load_bundled

    report = build_report(load_bundled("follow-up"), FACTS, ["Hi, this is Jordan Lee.", withdrawal])
    interest = next(p for p in report.points if p.id == "continued_interest")
    assert (interest.covered, interest.applies, interest.against) == (False, False, True)
    assert interest.advice.startswith("Withdrawing is fine: say it plainly and kindly.")
    assert "still interested" not in interest.advice


# Said on Thursday 2026-11-26 about Tuesday 2026-11-17: days counted back from the call, and
# look-alikes that land on another day or name none. Monday 2026-11-16, Wednesday the 18th.
RELATIVE_DATE_NEAR_MISSES = [
    ("i interviewed nine days ago", "interview_date", True),
    ("i interviewed eight days ago", "interview_date", False),
    ("i came in a week ago tuesday", "interview_date", True),
    ("i came in a week last tuesday", "interview_date", True),
    ("my interview was the tuesday before last", "interview_date", True),
    ("i interviewed tuesday just gone", "interview_date", False),  # the 24th
    ("i interviewed on tuesday of last week", "interview_date", True),
    ("i interviewed last week tuesday", "interview_date", True),
    ("i interviewed a week ago today", "interview_date", False),  # the 19th
    ("i interviewed a week ago yesterday", "interview_date", False),  # the 18th
    ("i interviewed yesterday week", "interview_date", False),  # the 18th
    ("i interviewed a fortnight ago", "interview_date", False),  # names no day
    ("i interviewed a week ago", "interview_date", False),
    ("i interviewed on thanksgiving", "interview_date", False),  # the 26th, today
]


@pytest.mark.parametrize(("said", "point", "covered"), RELATIVE_DATE_NEAR_MISSES)
def test_relative_date_near_miss(said: str, point: str, covered: bool) -> None:
    assert DETECTORS[point].find([said], FACTS).covered is covered, said


def test_counted_back_days_and_named_days_land_on_the_interview() -> None:
    nine_days = Facts(profile=PROFILE, today=dt.date(2026, 11, 26))
    week_on = Facts(profile=PROFILE, today=dt.date(2026, 11, 24))  # a Tuesday
    after_fools = Facts(
        profile=Profile(**{**PROFILE.__dict__, "interview_date": dt.date(2026, 4, 1)}),
        today=dt.date(2026, 4, 7),
    )
    date = DETECTORS["interview_date"]
    assert date.find(["i came in this day last week"], week_on).covered
    assert date.find(["i came in a week ago today"], week_on).covered
    assert date.find(["i came in a fortnight ago tomorrow"], dt_facts(2026, 11, 30)).covered
    assert date.find(["i interviewed on april fools' day"], after_fools).covered
    assert not date.find(["i interviewed just before april fools day"], after_fools).covered
    assert date.find(["i interviewed nine days ago"], nine_days).covered


def dt_facts(year: int, month: int, day: int) -> Facts:
    return Facts(profile=PROFILE, today=dt.date(year, month, day))


# Still interested in words the phrase lists do not share, and look-alikes: past, hedged,
# about something else, later, or not wanting it.
LASTING_INTEREST_NEAR_MISSES = [
    ("it's still my first choice", "continued_interest", True),
    ("i'd be delighted to come on board", "continued_interest", True),
    ("i would be honoured to be part of your team", "continued_interest", True),
    ("i'd take it in a heartbeat", "continued_interest", True),
    ("if you offer it to me i'll say yes before you finish the sentence", "continued_interest", True),
    ("i'm ready to start whenever you need me", "continued_interest", True),
    ("i'm dead set on this one", "continued_interest", True),
    ("it's the role i've set my heart on", "continued_interest", True),
    ("it's exactly the kind of role i've been looking for", "continued_interest", True),
    ("it remains the role i most want", "continued_interest", True),
    ("my enthusiasm for the role remains as strong as ever", "continued_interest", True),
    ("my desire to join brightline has not diminished", "continued_interest", True),
    ("i have not lost my wish for this job", "continued_interest", True),
    ("i'd love nothing more than to join the team", "continued_interest", True),
    ("count me in", "continued_interest", True),
    ("nothing would make me happier than getting this one", "continued_interest", True),
    ("our chat made me even more excited about the role", "continued_interest", True),
    ("i wouldn't be calling if i wasn't still interested", "continued_interest", True),
    ("i was really excited about the role at the time but now i have doubts", "continued_interest", False),
    ("before, i was very excited about this job", "continued_interest", False),
    ("i'm still interested in hearing some feedback", "continued_interest", False),
    ("i'd still be interested in working for you one day", "continued_interest", False),
    ("i'd actually be more interested in the site manager vacancy", "continued_interest", False),
    ("it's the job i want to ask about", "continued_interest", False),
    ("it's the role i applied for", "continued_interest", False),
    ("i'm delighted to hear from you", "continued_interest", False),
    ("i'd take it that you're busy", "continued_interest", False),
    ("i want to bring my nephew on mondays", "continued_interest", False),
]


@pytest.mark.parametrize(("said", "point", "covered"), LASTING_INTEREST_NEAR_MISSES)
def test_lasting_interest_near_miss(said: str, point: str, covered: bool) -> None:
    assert DETECTORS[point].find([said], FACTS).covered is covered, said


# Thanks for a grievance, demands, status words about someone or something else, and
# declined or someone else's requests for the interviewer.
ADVERSARIAL_NEAR_MISSES = [
    ("thanks a bunch for the radio silence", "thanks", False),
    ("cheers for keeping me waiting two weeks, really professional", "thanks", False),
    ("thanks ever so much for the lovely automated email telling me nothing", "thanks", False),
    ("she said she'd call and she didn't so thanks a lot for that", "thanks", False),
    ("i'll thank you not to put me on hold again", "thanks", False),
    ("i just wanted to say thanks to the bus strike i was late", "thanks", False),
    ("thanks to all of that i forgot to call", "thanks", False),
    ("thanks a bunch, i'm ready to start whenever you need me", "thanks", True),
    ("please pass on my thanks to maria", "thanks", True),
    ("i wanted to say thanks to you all for the interview", "thanks", True),
    ("i'll thank you not to put me on hold, please", "polite", False),
    ("please, you'll need to make your decision before then", "polite", False),
    ("is the saturday clinic still running", "status_question", False),
    ("whether the decision on his operation has come through yet", "status_question", False),
    ("my cousin asked me to check, is the forklift driver vacancy still open?", "status_question", False),
    ("my cousin said hi. is the position still open?", "status_question", True),
    ("no need to let me know the decision", "status_question", False),
    ("if the job is still open, could you take my name off the list", "status_question", False),
    ("no need to put me through to maria, i know she's busy", "ask_for_interviewer", False),
    ("could you put me through to maria gonzalez's manager please", "ask_for_interviewer", False),
    ("could you put me through to maria gonzalez please", "ask_for_interviewer", True),
    ("is maria gonzalez there? it's jordan", "ask_for_interviewer", True),
]


@pytest.mark.parametrize(("said", "point", "covered"), ADVERSARIAL_NEAR_MISSES)
def test_adversarial_near_miss(said: str, point: str, covered: bool) -> None:
    assert DETECTORS[point].find([said], FACTS).covered is covered, said


MEI = Facts(
    profile=Profile(
        name="Mei-Ling Tsao",
        interviewer="Rajesh Venkataraman",
        company="Larkspur Veterinary Group",
        position="Practice Receptionist",
        interview_date=dt.date(2026, 11, 24),
        interview_time=dt.time(16, 45),
    ),
    today=dt.date(2026, 12, 3),
)

# Someone else's name, everyday words that only score like a name, "it" that is the thing
# named before, feedback after the outcome is known, someone else's return, an announced
# plan, and a time or date in doubt; each beside the same words said for real.
SECOND_ADVERSARIAL_NEAR_MISSES = [
    (["hello this is jordan okafor could i speak to maria please"], "name", False),
    (["hello this is jordan lee could i speak to maria please"], "name", True),
    (["hi this is jordan could i speak to maria please"], "name", True),
    (["hi this is jordan ringing about the analyst job"], "name", True),
    (["this is um jordan jordan lee about the analyst job"], "name", True),
    (["i'm asking whether a jordan lee is still on your shortlist"], "name", False),
    (["is a jordan lee still on your shortlist"], "name", False),
    (["hi this is a jordan lee about the analyst job"], "name", True),  # "a" for "uh"
    (["hi this is jordan enquiring about the analyst job"], "name", True),
    (["hi, my name's Jordan too, funny enough"], "name", False),
    (["hi, my name's Jordan, I interviewed on Tuesday"], "name", True),
    (["Could you just tell me if there's been a decision?"], "name", False, MEI),
    (["Hello, this is Mei-Ling Tsao."], "name", True, MEI),
    (["hello my name is tsao mei ling"], "name", True, MEI),
    (
        ["i'm interested in the parking spot you advertised", "is it still available"],
        "status_question",
        False,
    ),
    (
        ["i interviewed for the junior data analyst job last week", "is it still available"],
        "status_question",
        True,
    ),
    (["i had my interview with maria last week", "has it been filled yet"], "status_question", True),
    (
        ["i was told it's gone to someone else but i'd be interested in hearing some feedback"],
        "status_question",
        False,
    ),
    (["i'd be interested in hearing some feedback on my interview"], "status_question", True),
    (["i've heard nothing yet, have you made a decision?"], "status_question", True),
    (["she's out? okay. when is the hr manager back, then?"], "ask_callback", False),
    (["she's out? okay. when is she back, then?"], "ask_callback", True),
    (
        ["so i don't know really, maybe call back next week, i'm not asking for anything today"],
        "ask_callback",
        False,
    ),
    (["do you know when she'll be back"], "ask_callback", True),
    (["could you tell me the status of the application he sent in on monday"], "ask_callback", False),
    (["will she be in on monday"], "ask_callback", True),
    (["i don't even remember if the interview was at two or three"], "interview_time", False),
    (["my interview was at 2 pm or so"], "interview_time", True),
    (["the interview was at two or half past"], "interview_time", False),
    (["i interviewed at 2 pm on tuesday"], "interview_time", True),
    (["i can't remember if it was the 17th or the 18th"], "interview_date", False),
    (["was it the 16th or the 17th, i'm not sure"], "interview_date", False),
    (["i interviewed on the 17th"], "interview_date", True),
    (["i'm not sure you remember me, i interviewed on the 17th"], "interview_date", True),
]


@pytest.mark.parametrize("row", SECOND_ADVERSARIAL_NEAR_MISSES, ids=lambda row: f"{row[1]}:{row[0][-1][:40]}")
def test_second_adversarial_near_miss(row: tuple) -> None:
    turns, point, covered = row[0], row[1], row[2]
    facts = row[3] if len(row) > 3 else FACTS
    finding = DETECTORS[point].find(turns, facts)
    assert finding.covered is covered, finding


def test_without_the_english_model_the_word_rules_stand_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    from rehearse.checks import lexicon

    monkeypatch.setattr(lexicon, "log10_prob", lambda word: None)
    assert DETECTORS["name"].find(["Hi, this is Jordan Lee."], FACTS).covered
    # No model, no way to tell a rare surname: the lowercase rule cannot apply.
    assert DETECTORS["name"].find(["hello this is jordan okafor could i speak to maria"], FACTS).covered
    # The rules that need no model still do.
    assert not DETECTORS["name"].find(["hi, my name's Jordan too, funny enough"], FACTS).covered


WEI = Facts(
    profile=Profile(
        name="Wei Zhang",
        interviewer="Robert Hughes",
        company="Harbor City Library",
        position="Library Assistant",
        interview_date=dt.date(2026, 8, 4),
        interview_time=dt.time(16, 0),
    ),
    today=dt.date(2026, 8, 13),
)


@pytest.mark.parametrize(
    ("said", "covered"),
    [
        ("hello this is way zang i had an interview on august fourth", True),  # sounds like it
        ("hi this is why zhang can i speak with robert hughes please", True),
        ("hi this is wei zhang", True),
        ("this is way chang calling", False),  # another surname: C520, not Z520
        ("this is the way things go", False),
        ("i'm calling for wei's sister, she's busy", False),
    ],
)
def test_a_name_that_sounds_like_the_callers(said: str, covered: bool) -> None:
    from rehearse.script.loader import load_bundled

    name = load_bundled("follow-up").point("name").detector
    assert name.find([said], WEI).covered is covered


def test_soundex() -> None:
    from rehearse.checks.name import soundex

    assert [soundex(w) for w in ("wei", "way", "zhang", "zang", "robert", "rupert", "tymczak")] == [
        "W000", "W000", "Z520", "Z520", "R163", "R163", "T522",
    ]  # fmt: skip
