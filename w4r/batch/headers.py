"""The words people use: column names and ``to`` values in English, German, French and Spanish.

A class list is kept in the teacher's language ("Name", "Nachricht", "Nom",
"Mensaje") and typed by hand ("Message ", "E-Mail-Adresse", "Dirección").
Headers and ``to`` cells are compared case-insensitively, ignoring accents,
spaces and punctuation; a header that is close to a known one but not equal
gets a "did you mean" instead of being silently ignored.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

# field -> the header words that mean it (the first is w4r's own name).
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("name", "writer", "your name", "full name", "Vorname und Name", "Absendername", "Schreiber",
             "nom", "nom complet", "expéditeur", "nombre", "nombre completo", "remitente"),
    "message": ("message", "text", "your message", "personal message", "Nachricht", "Botschaft", "Text", "Grußbotschaft",
                "message personnel", "texte", "mensaje", "texto", "mensaje personal"),
    "case": ("case", "case id", "Fall", "Fall-ID", "cas", "dossier", "caso"),
    "to": ("to", "recipient", "kind", "An", "Empfänger", "Art", "À", "destinataire", "pour", "type", "para",
           "destinatario", "tipo"),
    "address": ("address", "return address", "sender address", "Adresse", "Anschrift", "Absenderadresse", "adresse",
                "adresse de l'expéditeur", "dirección", "direccion", "dirección del remitente"),
    "lang": ("lang", "language", "Sprache", "langue", "idioma", "lengua"),
    "group": ("group", "class", "form", "Gruppe", "Klasse", "groupe", "classe", "grupo", "clase", "curso"),
}

# ``to`` cell -> authorities (an appeal letter to the officials) or individual (a solidarity card).
TO_WORDS: dict[str, tuple[str, ...]] = {
    "individual": ("individual", "card", "solidarity", "solidarity card", "person", "postcard",
                   "Karte", "Solidaritätskarte", "Solidarität", "Postkarte", "Person",
                   "carte", "carte de solidarité", "solidarité", "personne",
                   "tarjeta", "tarjeta de solidaridad", "solidaridad", "persona", "postal"),
    "authorities": ("authorities", "letter", "appeal", "official", "officials", "authority",
                    "Brief", "Appell", "Behörden", "Behörde", "Amtsperson",
                    "lettre", "appel", "autorités", "autorité", "officiel",
                    "carta", "llamamiento", "autoridades", "autoridad", "oficial"),
}
KIND_WORDS = {"individual": "card", "authorities": "letter"}


def squash(text: str) -> str:
    """Lower case, no accents, no spaces or punctuation: "E-Mail Adresse" -> "emailadresse"."""
    folded = unicodedata.normalize("NFKD", text.replace("\ufeff", "").casefold())
    return re.sub(r"[\W_]+", "", "".join(ch for ch in folded if not unicodedata.combining(ch)))


_FIELD_OF = {squash(w): fld for fld, words in HEADER_WORDS.items() for w in words}
_TO_OF = {squash(w): to for to, words in TO_WORDS.items() for w in words}


def field_for(header: str) -> str | None:
    """The field a header cell names, or None."""
    return _FIELD_OF.get(squash(header))


def close_field(header: str) -> tuple[str, str] | None:
    """(field, the word it resembles) for a header that looks like a misspelt known one."""
    key = squash(header)
    if len(key) < 3:
        return None
    match = difflib.get_close_matches(key, list(_FIELD_OF), n=1, cutoff=0.75)
    if not match:
        return None
    fld = _FIELD_OF[match[0]]
    word = next(w for w in HEADER_WORDS[fld] if squash(w) == match[0])
    return fld, word


def to_value(cell: str) -> str | None:
    """authorities or individual for a ``to`` cell in any of the words above; None if it is none of them."""
    return _TO_OF.get(squash(cell))


def describe_words() -> list[str]:
    """Lines listing the accepted headers and ``to`` words (for ``w4r batch --sample``)."""
    lines = [f"  {fld}: {', '.join(words)}" for fld, words in HEADER_WORDS.items()]
    lines += [f"  to = {KIND_WORDS[to]}: {', '.join(words)}" for to, words in TO_WORDS.items()]
    return lines
