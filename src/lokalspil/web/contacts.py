"""Contacts: the list (of every company, or one), a person's data as the JSON `contact export` prints (for a data
access request), and forgetting a person as `contact forget` does: first every text that will change, then the
confirmation, then `forgetting.forget_contact`."""

from __future__ import annotations

import json

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lokalspil.messages import t, t_count
from lokalspil.web.pages import posted, render, see, sent, web


async def contacts_page(request: Request) -> Response:
    from lokalspil.companies import find_company
    from lokalspil.contacts import list_contacts
    from lokalspil.workspace import connect

    chosen = request.query_params.get("company", "").strip()
    with connect(web(request).db_path) as conn:
        contacts = list_contacts(conn, find_company(conn, chosen) if chosen else None)
    return render(request, "contacts.html", contacts=contacts, chosen=chosen)


async def contact_export(request: Request) -> Response:
    from lokalspil.contacts import export_contact, get_contact
    from lokalspil.workspace import connect

    contact_id = request.path_params["contact_id"]
    with connect(web(request).db_path) as conn:
        document = export_contact(conn, get_contact(conn, contact_id))
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return sent(f"kontakt-{contact_id}.json", "application/json", data)


async def contact_forget_page(request: Request) -> Response:
    """What will change, and the button that does it (nothing is erased by this page)."""
    from lokalspil.contacts import get_contact
    from lokalspil.forgetting import plan_forget
    from lokalspil.workspace import connect

    with connect(web(request).db_path) as conn:
        contact = get_contact(conn, request.path_params["contact_id"])
        plan = plan_forget(conn, contact)
    return render(request, "contact_forget.html", contact=contact, mentions=plan.mentions)


@posted("web contact forget")
async def contact_forget(request: Request, form: FormData) -> Response:
    from lokalspil.contacts import get_contact
    from lokalspil.forgetting import forget_contact
    from lokalspil.workspace import connect

    with connect(web(request).db_path) as conn:
        done = forget_contact(conn, get_contact(conn, request.path_params["contact_id"]))
    texts = t_count("count.texts", done.texts_redacted)
    web(request).note(t("contact.forgotten", name=done.name, texts=texts))
    return see("/contacts")


ROUTES = [
    Route("/contacts", contacts_page),
    Route("/contacts/{contact_id:int}/export.json", contact_export),
    Route("/contacts/{contact_id:int}/forget", contact_forget_page),
    Route("/contacts/{contact_id:int}/forget", contact_forget, methods=["POST"]),
]
