"""Reads of letters and the reading queue (see ``records/reads.py``)."""

from __future__ import annotations

from faircontact.core.access import Access

from . import selectors
from .models import Letter


def letter(access: Access, letter_id, *, permission: str = "letters.view") -> Letter:
    found = access.get(permission, selectors.letters_for(), letter_id, name="letter")
    access.shown("letter", [found.pk], customers=[found.customer_id])
    return found


def letters(access: Access, *, customer_id=None, case_id=None, page: int = 1, page_size: int = 50):
    items = access.scoped("letters.view", selectors.letters_for(customer_id=customer_id, case_id=case_id))
    return access.page("letter", items, page=page, page_size=page_size)


def customer_letters(access: Access, customer) -> list[Letter]:
    items = access.scoped("letters.view", selectors.letters_for(customer_id=customer.pk))
    return access.shown_objects("letter", items)


def reading_queue(access: Access, *, status=None, customer_id=None, page: int = 1, page_size: int = 50):
    items = access.scoped("records.view", selectors.reading_queue(status=status, customer_id=customer_id))
    return access.page("readingitem", items, page=page, page_size=page_size, customer_attr="contact.customer_id")
