"""`lokalspil contact ...`: contact persons at companies, and their rights to see and erase their data."""

from __future__ import annotations

from typing import Annotated

import typer

from lokalspil.cli.options import CompanyArg, CompanyFilterArg, JsonFlag, YesFlag
from lokalspil.cli.settings import settings
from lokalspil.messages import t, t_count

app = typer.Typer(help=t("help.contact"), no_args_is_help=True, rich_markup_mode="rich", add_completion=False)

ContactId = Annotated[int, typer.Argument(help=t("help.arg.contact_id"), metavar="ID", show_default=False)]
Role = Annotated[str | None, typer.Option("--role", help=t("help.opt.contact.role"), show_default=False)]
Email = Annotated[str | None, typer.Option("--email", help=t("help.opt.contact.email"), show_default=False)]
Phone = Annotated[str | None, typer.Option("--phone", help=t("help.opt.contact.phone"), show_default=False)]
Purpose = Annotated[
    str | None, typer.Option("--purpose", help=t("help.opt.contact.purpose"), show_default=False)
]


@app.command("add", help=t("help.contact.add"))
def contact_add(
    ctx: typer.Context,
    company: CompanyArg,
    name: Annotated[str, typer.Argument(help=t("help.arg.contact_name"), metavar="NAME", show_default=False)],
    role: Role = None,
    email: Email = None,
    phone: Phone = None,
    purpose: Purpose = None,
) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company
    from lokalspil.contacts import add_contact
    from lokalspil.workspace import connect

    console.check_sensitive(role, purpose)

    with connect(settings(ctx).db_path) as conn:
        contact = add_contact(
            conn,
            find_company(conn, company),
            {"name": name, "role": role, "email": email, "phone": phone, "purpose": purpose},
        )
    console.success(t("contact.added", name=contact.name, id=contact.id, company=contact.company))


@app.command("list", help=t("help.contact.list"))
def contact_list(
    ctx: typer.Context,
    company: CompanyFilterArg = None,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.companies import find_company
    from lokalspil.contacts import list_contacts
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        contacts = list_contacts(conn, find_company(conn, company) if company else None)
    if as_json:
        console.print_json([c.as_dict() for c in contacts])
    else:
        console.show_contacts(contacts)


@app.command("edit", help=t("help.contact.edit"))
def contact_edit(
    ctx: typer.Context,
    contact_id: ContactId,
    name: Annotated[
        str | None, typer.Option("--name", help=t("help.opt.contact.name"), show_default=False)
    ] = None,
    role: Role = None,
    email: Email = None,
    phone: Phone = None,
    purpose: Purpose = None,
) -> None:
    from lokalspil import console
    from lokalspil.contacts import edit_contact, get_contact
    from lokalspil.workspace import connect

    console.check_sensitive(role, purpose)

    with connect(settings(ctx).db_path) as conn:
        contact = edit_contact(
            conn,
            get_contact(conn, contact_id),
            {"name": name, "role": role, "email": email, "phone": phone, "purpose": purpose},
        )
    console.success(t("contact.edited", name=contact.name, id=contact.id))


@app.command("export", help=t("help.contact.export"))
def contact_export(ctx: typer.Context, contact_id: ContactId) -> None:
    from lokalspil import console
    from lokalspil.contacts import export_contact, get_contact
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        document = export_contact(conn, get_contact(conn, contact_id))
    console.print_json(document)


@app.command("forget", help=t("help.contact.forget"))
def contact_forget(
    ctx: typer.Context,
    contact_id: ContactId,
    yes: YesFlag = False,
    as_json: JsonFlag = False,
) -> None:
    from lokalspil import console
    from lokalspil.contacts import get_contact
    from lokalspil.forgetting import forget_contact, plan_forget
    from lokalspil.workspace import connect

    with connect(settings(ctx).db_path) as conn:
        contact = get_contact(conn, contact_id)
        if not yes:
            plan = plan_forget(conn, contact)  # every text that will change, shown before anything is erased
            if plan.mentions and not as_json:
                console.say(t_count("contact.will_change", len(plan.mentions)))
                console.show_mentions(plan.mentions)
            if not console.confirm_destructive(
                t("contact.forget_confirm", name=contact.name, company=contact.company), yes
            ):
                console.say(t("nothing_done"))
                raise typer.Exit(1)
        done = forget_contact(conn, contact)
    if as_json:
        console.print_json(done.as_dict())
        return
    console.success(t("contact.forgotten", name=done.name, texts=t_count("count.texts", done.texts_redacted)))
    if yes and done.changed:
        console.say(t("contact.changed_texts"))
        console.show_mentions(done.changed)
    if done.company_fields:
        console.say(
            t(
                "contact.company_fields_emptied",
                company=contact.company,
                fields=", ".join(done.company_fields),
            )
        )
    if done.still_named_in:
        console.warn(t("contact.still_named", name=done.name, companies=", ".join(done.still_named_in)))
    if not done.complete:
        console.warn(t("contact.forget_pending"))
    if done.parts_removed:
        console.say(t_count("contact.parts_removed", done.parts_removed, folder=done.backups_folder))
    if done.in_backups:
        console.warn(t_count("contact.in_backups", done.in_backups, folder=done.backups_folder))
    console.warn(t("contact.not_reached"))
