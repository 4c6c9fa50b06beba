"""The class of a text from its cues (see :class:`.feature_set.Features`): the order in
which the cues of an activity, an outcome, a milestone, a metric and an aspiration win."""

from __future__ import annotations

from .feature_set import Features
from .tokens import _is_plural, _lemmas
from .words import ACTIVITY, ASPIRATION, METRIC, MILESTONE, NONE, OUTCOME, words


def _measurable(f: Features) -> bool:
    return f.has_change or f.has_measure or f.has_comparator or f.metric_compared \
        or f.result_clause


def _done_things(f: Features) -> bool:
    """Plural things followed by a participle are stated done ("Pricing models updated"),
    unless they are events or outputs counted ("Demos booked"), counted over a period
    ("Bugs fixed per sprint") or a number of them ("Number of leads qualified")."""
    return not (f.rate or f.periodic or f.head_task or f.metric_in_phrase or f.metric_noun)


def decide(f: Features) -> str:
    """The class of a text with the cues ``f``."""
    w = words()
    count_name = (f.counted and _is_plural(f.head) and not f.has_number
                  and not _done_things(f)) or (f.noun_phrase and f.metric_head)
    if f.forbids and not (f.has_change or f.metric_compared or f.metric_noun
                          or f.lang_metric):
        return ACTIVITY  # "Don't push code that fails tests": a rule of conduct to keep
    if f.zero_count or f.people_counted or f.zero_after:
        # a count kept at zero ("No P1 incidents"), or of people outside the team doing
        # something ("40 customers renew on the annual plan")
        return OUTCOME
    if f.tasks_counted and f.lead_verb == NONE and not (
            f.has_change or f.result_clause or f.share or f.metric_compared
            or f.lang_metric):
        return ACTIVITY  # "12 webinars hosted", "24 articles publiés (2/mois)": outputs
    # "Formalised the review process for 3 teams": a text opening with a participle
    # states what was done, whatever its verb and however many it names
    opening_state = f.opening_state
    if f.state and not _measurable(f) and (f.lead_verb != OUTCOME or opening_state) \
            and (not count_name or opening_state) and not f.lang_metric \
            and not f.perceives:
        output_count = f.has_number and (f.head_task or f.tasks_counted) \
            and not opening_state
        return ACTIVITY if output_count else MILESTONE
    if f.vague_work:
        return ACTIVITY
    if f.repeats and f.lead_verb in (NONE, ASPIRATION) and not (
            f.has_change or f.has_comparator or f.metric_noun or f.lang_metric
            or f.people_counted or f.state):
        return ACTIVITY  # "Friendly matches 2 times a week": a habit to keep
    if f.lead_verb == OUTCOME:
        if _lemmas(f.verb.split()[0]) & w.passing_verbs and not (f.has_number or f.has_change):
            return MILESTONE
        if f.head in w.effort_nouns or (f.head_task and not f.counted and not (
                f.has_measure or f.has_change or f.has_comparator)):
            return ACTIVITY
        if f.has_number or f.has_change:
            return OUTCOME
        if _lemmas(f.verb.split()[0]) & w.concluding_verbs:
            return ACTIVITY  # one agreement to sign: "Sign the contract with …"
        return ACTIVITY if f.means_clause or f.milestone else ASPIRATION
    if f.lead_verb == ACTIVITY:
        if f.routine and not (f.has_change or f.result_clause or f.metric_compared
                              or f.meets_target or f.money_target or f.held):
            return ACTIVITY  # "Sleep at least 7 hours every night": a habit, however long
        if f.has_change or f.result_clause or f.metric_compared or f.meets_target or f.bar \
                or f.noted_target or f.money_target or f.capped or f.held:
            return OUTCOME
        if f.aspirational_object and not f.has_number:
            return ASPIRATION
        return ACTIVITY
    if f.lead_verb == ASPIRATION:
        if f.head_task and not f.aspirational:
            return ACTIVITY
        return OUTCOME if f.has_number else ASPIRATION
    return _decide_noun_phrase(f)


def _decide_noun_phrase(f: Features) -> str:
    w = words()
    if f.has_change or f.has_measure or f.has_comparator or (f.metric_noun and f.has_number):
        return OUTCOME
    measured = OUTCOME if f.has_number else METRIC
    if f.has_number and (f.head_task or f.outputs_first):
        return ACTIVITY  # a count of outputs, done or to do: "5 workshops (held)"
    if f.counted and _is_plural(f.head) and not f.has_number and _done_things(f):
        return MILESTONE  # things stated done: "Target accounts identified by region"
    if (f.counted and _is_plural(f.head)) or f.rate or f.metric_head or f.lang_metric \
            or f.metric_last:
        return measured
    if f.milestone:
        return MILESTONE
    if f.head_task or f.counted:
        # "Runbook updated": a deliverable stated as done; "5 workshops held": outputs
        return MILESTONE if f.counted and not (f.head_task and f.has_number) else ACTIVITY
    if f.metric_in_phrase or f.head in w.effort_nouns or f.head in w.count_nouns:
        return measured
    if f.has_number:
        return OUTCOME
    return ASPIRATION
