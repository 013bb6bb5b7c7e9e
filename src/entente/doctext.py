"""The text of a spaCy Doc, built once.

spaCy rebuilds `Doc.text` from its tokens at every access, making a Python object per token: on a long
article each access costs about a millisecond, and the stages read the text many times. `text_of`
keeps it in the Doc's `user_data` (where spaCy keeps extension values too), so it is built at most
once per Doc, and not at all for the Docs `entente.nlp.make_doc` makes, which know it already.
"""
from __future__ import annotations

from spacy.tokens import Doc

_KEY = "entente.text"


def text_of(doc: Doc) -> str:
    """`doc.text`, cached on the Doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text a Doc was made from (`nlp.make_doc(text)` keeps it exactly)."""
    doc.user_data[_KEY] = text
    return doc
