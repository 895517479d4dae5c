"""Card rules: the shared rules file, whole-word and accent-tolerant matching, case terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from w4r.cases import CaseLibrary
from w4r.cases.schema import CardRules
from w4r.compose.rules import active_terms, check, fold, load_rules, term_pattern
from w4r.errors import InputError

CASES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "cases").glob("*.yaml"))
ALL = ["amnesty", "charges", "trial", "politics", "religion", "holidays"]


def rules_for(languages, **kw) -> CardRules:
    return CardRules(languages=languages, **kw)


def found(text: str, languages=("en",), **kw) -> list[tuple[str, str]]:
    return [(h.rule, h.found) for h in check(text, rules_for(list(languages), **kw), load_rules())]


def test_rules_file_covers_every_rule_in_the_campaign_languages():
    rules = load_rules()
    assert set(ALL) <= set(rules)
    for name in ALL:
        for lang in ("en", "ru", "zh-Hant", "fr", "es", "pt", "ar", "ky"):
            assert rules[name].terms.get(lang), (name, lang)
        assert rules[name].says


def test_whole_words_only_and_any_case():
    assert found("They held the trial in COURT.") == [("trial", "trial"), ("trial", "COURT")]
    assert found("Of course, a courteous and godly goddess.") == []


def test_accents_and_apostrophes_are_tolerated():
    assert ("holidays", "Noel") in found("Joyeux Noel !", ["fr"])
    assert ("holidays", "Noël") in found("Joyeux Noël !", ["en"])  # the English list spells it Noel
    assert ("holidays", "ano nuevo") in found("feliz ano nuevo", ["es"])
    assert ("holidays", "New Year’s") in found("New Year’s wishes", ["en"])


def test_star_matches_word_endings():
    assert found("We are praying for you", ["en"]) == [("religion", "praying")]
    assert found("I have a sprayer", ["en"]) == []


def test_chinese_terms_match_inside_a_sentence():
    assert found("祝你聖誕快樂", ["zh-Hant"]) == [("holidays", "聖誕")]
    assert found("祝你聖誕快樂", ["en"]) == []  # only the languages the case lists


def test_arabic_terms_match_with_attached_prefixes_and_without_vowel_marks():
    assert ("politics", "والحكومة") in found("والحكومة", ["ar"])
    assert ("religion", "اللَّه") in found("اللَّه معك", ["ar"])


def test_cyrillic_forms_listed_without_catching_everyday_words():
    assert found("С Новым годом и Рождеством!", ["ru"]) == [("holidays", "Рождеством"), ("holidays", "Новым годом")]
    assert found("Такая судьба, но ты сильная.", ["ru"]) == []


def test_case_terms_are_checked_in_any_language_and_named_as_such():
    hits = check("I lit a candle for you", rules_for(["en"], extra_terms={"politics": ["candle"]}), load_rules())
    assert [(h.rule, h.term, h.lang) for h in hits] == [("politics", "candle", None)]
    assert "from the case file" in hits[0].describe()
    assert 'card rule "politics"' in hits[0].describe()


def test_mention_amnesty_true_switches_the_amnesty_rule_off():
    assert found("Greetings from Amnesty Leeds") == [("amnesty", "Amnesty")]
    assert found("Greetings from Amnesty Leeds", mention_amnesty=True) == []


def test_checks_limit_the_rules():
    assert found("Merry Christmas", checks=["religion"]) == []


def test_a_rule_without_terms_is_an_error_naming_the_case():
    with pytest.raises(InputError, match="card rule 'slogans'"):
        check("hello", rules_for(["en"], checks=["slogans"]), load_rules(), case_id="x")
    # A case-only rule with its own words is fine.
    assert check("no slogans", rules_for(["en"], checks=["slogans"], extra_terms={"slogans": ["slogans"]}), load_rules())


def test_fold_is_case_and_accent_blind():
    assert fold("Año NUEVO") == fold("ano nuevo")
    assert term_pattern("pray*").search(fold("PRAYERS"))


WARM = {
    "en": "Dear friend, we think of you every day and send you strength, warmth and hope. "
    "Warm wishes for the season from all of us, and may your days be full of light and music.",
    "fr": "Chère amie, nous pensons à vous chaque jour. Beaucoup de courage, de chaleur et d'amitié.",
    "es": "Querida amiga, pensamos en ti cada día. Te mandamos mucha fuerza y un abrazo muy fuerte.",
    "pt": "Querida amiga, pensamos em ti todos os dias. Muita força e um grande abraço.",
    "ru": "Дорогая подруга, мы думаем о тебе каждый день. Желаем сил, тепла и надежды.",
    "ky": "Урматтуу досубуз, биз сизди ар дайым ойлоп жүрөбүз. Сизге күч жана ден соолук каалайбыз.",
    "zh-Hant": "親愛的朋友，我們每天都想念你，祝你身體健康，一切安好。",
    "ar": "صديقتنا العزيزة، نحن نفكر فيكِ كل يوم ونتمنى لكِ الصحة والقوة.",
}


@pytest.mark.parametrize("case_id", CASES)
def test_a_warm_ordinary_card_passes_every_shipped_case(case_id):
    case = CaseLibrary.open().get(case_id)
    card_rules = case.solidarity.rules
    rules = load_rules()
    for lang, text in WARM.items():
        assert check(text, card_rules, rules, case_id=case_id) == [], (case_id, lang)
    # And every rule the case names has words to check.
    assert active_terms(card_rules, rules, case_id)


@pytest.mark.parametrize("case_id", CASES)
def test_each_case_catches_christmas_and_its_own_terms(case_id):
    case = CaseLibrary.open().get(case_id)
    card_rules = case.solidarity.rules
    hits = check("Merry Christmas!", card_rules, load_rules())
    assert [h.rule for h in hits] == ["holidays"]
    for rule, terms in card_rules.extra_terms.items():
        hits = check(f"... {terms[0]} ...", card_rules, load_rules())
        assert rule in {h.rule for h in hits}, (rule, terms[0])


@pytest.mark.parametrize("lang", ["en", "ru", "zh-Hant", "ar"])
def test_every_term_is_still_found_on_its_own(lang):
    # check() first asks one pattern for all terms whether any is there at all:
    # each term, alone in a sentence, must still be reported by its own rule.
    card_rules = rules_for([lang])
    rules = load_rules()
    for rule, term, _lang in active_terms(card_rules, rules):
        sample = term.replace("*", "")
        hits = check(f"— {sample} —", card_rules, rules)
        assert rule.name in [h.rule for h in hits], (rule.name, term)
