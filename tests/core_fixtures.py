"""Profiles and scripts shared by the core and CLI tests."""

from __future__ import annotations

import datetime as dt

from rehearse.checks.base import Facts
from rehearse.profile.model import Profile

JORDAN = Profile(
    name="Jordan Lee",
    interviewer="Maria Lopez",
    company="Northwind Analytics",
    position="data analyst",
    interview_date=dt.date(2026, 11, 17),
    interview_time=dt.time(14, 0),
)

TODAY = dt.date(2026, 11, 25)
FACTS = Facts(profile=JORDAN, today=TODAY)

# The `jordan` profile of tests/eval/calls.yaml, on the day of its calls.
BRIGHTLINE = Profile(
    name="Jordan Lee",
    interviewer="Maria Gonzalez",
    company="Brightline Logistics",
    position="Junior Data Analyst",
    interview_date=dt.date(2026, 11, 17),
    interview_time=dt.time(14, 0),
)
BRIGHTLINE_FACTS = Facts(profile=BRIGHTLINE, today=dt.date(2026, 11, 26))

PROFILE_YAML = """\
name: Jordan Lee
interviewer: Maria Lopez
company: Northwind Analytics
position: data analyst
interview_date: 2026-11-17
interview_time: 14:00
"""

# A small valid script; tests break one thing at a time with str.replace.
MINI_SCRIPT = """\
version: 1
title: Mini call
roles:
  receptionist:
    label: Receptionist
points:
  - id: name
    label: Said who you are
    weight: 50
    detect: {kind: name}
    tip: Say your name.
    example: "Hi, this is {name}."
  - id: thanks
    label: Thanked them
    weight: 50
    detect: {kind: phrases, phrases: ["thank you"]}
    tip: Thank them.
    example: "Thank you, {interviewer_first_name}."
scenarios:
  busy: {line: busy}
start: hello
steps:
  hello:
    role: receptionist
    say: ["Hello, {company}."]
    expect: [name]
    next:
      - {unless: name, goto: who}
      - {goto: transfer}
  who:
    role: receptionist
    say: ["Who is calling?"]
    expect: [name]
    next: transfer
  transfer:
    role: receptionist
    say: ["One moment."]
    listen: false
    choose: line
    next:
      - {outcome: free, weight: 1, goto: bye}
      - {outcome: busy, weight: 1, goto: busy_bye}
  bye:
    role: receptionist
    say: ["Goodbye."]
    expect: [thanks]
    end: true
  busy_bye:
    role: receptionist
    say: ["The line is busy. Goodbye."]
    end: true
"""
