"""Danish messages (the default language). Keys must match en.py exactly; tests/test_messages.py checks."""

MESSAGES: dict[str, str] = {
    # --- general ---
    "interrupted": "Afbrudt. Intet af det, der allerede var gemt, er gået tabt.",
    "end_of_input": "Der kom ikke mere input, så intet nyt er gemt. Kør kommandoen igen i en terminal, eller giv værdierne som indstillinger (se --help).",
    "unexpected": (
        "Der skete en uventet fejl ({error}). Intet, der allerede var gemt, er gået tabt. "
        "Kør kommandoen igen med --debug for at se detaljerne, og send dem gerne til den, der hjælper dig."
    ),
    "language.da": "dansk",
    "language.en": "engelsk",
    "number.decimal_sign": ",",
    "date.format": "dmy",
    "prompt.yes_no_default_yes": "[J/n]",
    "prompt.yes_no_default_no": "[j/N]",
    # --- Typer's own headings in help ---
    "typer.options": "Indstillinger",
    "typer.arguments": "Argumenter",
    "typer.commands": "Kommandoer",
    "typer.error": "Fejl",
    "typer.required": "[påkrævet]",
    "typer.default": "[standard: {{}}]",
    "typer.try_help": "Skriv [blue]'{{command_path}} {{help_option}}'[/] for at få hjælp.",
    "typer.aborted": "Afbrudt.",
    # --- help texts ---
    "help.app": (
        "lokalspil hjælper dig med at sætte de lokale virksomheder i spil: en guide trin for trin, dine "
        "virksomhedskontakter og aftaler, og breve og handlingsplan ud fra det hele. "
        "Start med lokalspil guide."
    ),
    "help.opt.db": "Arbejdsområdets databasefil (ellers $LOKALSPIL_DB, ellers en fil i din datamappe).",
    "help.opt.lang": "Sprog for denne kommando: da (dansk) eller en (engelsk). Ellers $LOKALSPIL_LANG.",
    "help.opt.debug": "Vis tekniske detaljer (traceback), hvis noget går galt.",
    "help.opt.help": "Vis denne hjælp og afslut.",
    "help.opt.version": "Vis versionen og afslut.",
    "help.opt.json": "Skriv resultatet som JSON (til scripts og andre programmer).",
    "help.init": (
        "Opret arbejdsområdet (eller ret det): boligområdet, boligorganisationen, kommunen, dig som koordinator "
        "og sproget. Det, du ikke angiver, bliver du spurgt om."
    ),
    "help.opt.area": "Boligområdets navn, fx Værebroparken.",
    "help.opt.org": "Boligorganisationen.",
    "help.opt.municipality": "Kommunen.",
    "help.opt.coordinator": "Dit navn (koordinatoren).",
    "help.opt.email": "Din e-mailadresse.",
    "help.opt.phone": "Dit telefonnummer.",
    "help.opt.init_lang": "Arbejdsområdets sprog: da eller en.",
    "help.status": "Overblik over arbejdsområdet: boligområdet og hvor langt du er i hver guide.",
    "help.guide": (
        "Gå guiden igennem trin for trin. lokalspil guide fortsætter, hvor du slap "
        "(det samme som lokalspil guide run)."
    ),
    "help.arg.guide": "Guidens id eller stien til en guidefil. Standard: saet-virksomheder-i-spil.",
    "help.arg.guide_files": "Guidefiler, der skal tjekkes.",
    "help.guide.run": (
        "Gå guiden igennem: formål, gode råd, spørgsmål og tjekliste. Hvert svar gemmes med det samme, og næste "
        "gang fortsætter du, hvor du slap."
    ),
    "help.opt.step": "Gå til dette trin (nummer eller id) i stedet for det første, der ikke er færdigt.",
    "help.opt.answers_file": (
        "Indlæs svar fra en fil (YAML eller JSON, som 'guide answers' skriver dem). Alle svar tjekkes først; "
        "er ét forkert, gemmes ingen."
    ),
    "help.guide.answer": "Besvar ét spørgsmål uden at blive spurgt, fx: lokalspil guide answer formaal.antal-unge 25",
    "help.guide.tick": "Sæt flueben ved et punkt på tjeklisten, fx: lokalspil guide tick formaal.styregruppe-godkendt",
    "help.opt.undo": "Fjern fluebenet igen.",
    "help.guide.answers": "Skriv alle gemte svar som STEP.SPØRGSMÅL: svar (YAML eller JSON).",
    "help.opt.answers_format": "Format: yaml eller json.",
    "help.guide.show": "Vis guidens trin med spørgsmål, dine svar og tjeklisten.",
    "help.guide.list": "Vis guiderne og hvor langt du er i hver.",
    "help.guide.check": "Tjek guidefiler og vis hver fejl med fil, linje og nøgle.",
    # --- workspace ---
    "field.area": "Boligområde",
    "field.organisation": "Boligorganisation",
    "field.municipality": "Kommune",
    "field.coordinator": "Koordinator (dit navn)",
    "field.email": "E-mail",
    "field.phone": "Telefon",
    "field.language": "Sprog (da/en)",
    "field.workspace": "Arbejdsområde",
    "workspace.missing": (
        'Der er endnu intet arbejdsområde i {path}. Opret det med: lokalspil init --area "Områdets navn" '
        "(eller start guiden i en terminal med: lokalspil guide)."
    ),
    "init.created": "Arbejdsområdet for {area} er oprettet i {path}.",
    "init.updated": "Arbejdsområdet for {area} er opdateret ({path}).",
    "init.next": "Næste skridt: lokalspil guide",
    "init.area_needed": 'Boligområdets navn mangler. Angiv det med --area "Områdets navn".',
    "init.bad_option": "{option}: {reason}",
    # --- the database file ---
    "db.is_directory": "{path} er en mappe, ikke en fil. Angiv en fil med --db, fx --db {path}/lokalspil.db.",
    "db.not_sqlite": (
        "{path} er ikke en lokalspil-database (filen er ikke en SQLite-database). Den er ikke ændret. "
        "Angiv en anden fil med --db."
    ),
    "db.not_lokalspil": (
        "{path} er en database fra et andet program, ikke et lokalspil-arbejdsområde. Den er ikke ændret. "
        "Angiv en anden fil med --db."
    ),
    "db.newer_version": (
        "{path} er lavet af en nyere version af lokalspil. Den er ikke ændret. "
        "Opdater lokalspil (pip install --upgrade lokalspil) og prøv igen."
    ),
    "db.unreadable": "{path} kan ikke læses som database ({reason}). Den er ikke ændret.",
    "db.cannot_create": "Arbejdsområdet kan ikke oprettes i {path} ({reason}). Vælg et andet sted med --db.",
    # --- values ---
    "value.empty": "Skriv et svar.",
    "value.not_number": "'{value}' er ikke et tal. Skriv fx 12 eller 12,5.",
    "value.below_min": "{value} er for lidt; det mindste er {min}.",
    "value.above_max": "{value} er for meget; det største er {max}.",
    "value.not_date": "'{value}' er ikke en dato. Skriv fx 3-12-2026, 3/12 eller 2026-12-03.",
    "value.no_such_date": "'{value}' er ikke en dato, der findes. Tjek dag og måned.",
    "value.not_yes_no": "Svar ja eller nej (j/n).",
    "value.not_choice": "'{value}' er ikke et af valgene. Skriv et nummer eller et navn: {choices}.",
    "value.not_email": "'{value}' er ikke en e-mailadresse. Skriv fx navn@eksempel.dk.",
    "value.not_phone": "'{value}' er ikke et telefonnummer. Skriv fx 12 34 56 78 eller +45 12 34 56 78.",
    "value.not_language": "'{value}' er ikke et sprog, lokalspil kan. Skriv da (dansk) eller en (engelsk).",
    "value.wrong_type": "Værdien passer ikke til spørgsmålet (det skal være {type}).",
    "value.yes": "ja",
    "value.no": "nej",
    "qtype.text": "en kort tekst",
    "qtype.longtext": "en tekst",
    "qtype.number": "et tal",
    "qtype.date": "en dato",
    "qtype.choice": "ét valg",
    "qtype.multichoice": "en liste af valg",
    "qtype.yesno": "ja eller nej",
    "qtype.hint.text": "Skriv en kort tekst.",
    "qtype.hint.longtext": "Skriv gerne flere linjer. Afslut med en tom linje.",
    "qtype.hint.number": "Skriv et tal.",
    "qtype.hint.date": "Skriv en dato, fx 3-12-2026 eller 3/12.",
    "qtype.hint.choice": "Vælg ét: skriv nummeret eller navnet.",
    "qtype.hint.multichoice": "Vælg et eller flere: skriv numrene adskilt af komma, fx 1,3.",
    "qtype.hint.yesno": "Svar ja eller nej (j/n).",
    # --- guides ---
    "phase.establish": "etablere",
    "phase.run": "drive",
    "phase.anchor": "forankre",
    "guide.unknown": "Der er ingen guide, der hedder '{guide}'. Guiderne er: {available}. Du kan også angive stien til en guidefil.",
    "guide.file_missing": "Guidefilen {path} findes ikke. Tjek stien.",
    "guide.file_invalid": "Guidefilen {path} har {count} fejl; ret dem og prøv igen:",
    "guide.not_utf8": "Filen er ikke gemt som UTF-8. Gem den igen som UTF-8 i din editor.",
    "guide.unreadable": "Filen kan ikke læses ({reason}).",
    "guide.yaml_syntax": "Filen er ikke gyldig YAML: {reason}.",
    "guide.duplicate_key": "Nøglen står to gange; slet den ene.",
    "guide.expected_mapping": "Her skal stå en samling af nøgler ({keys}).",
    "guide.unknown_key": "Ukendt nøgle '{key}'. Tilladte nøgler her: {allowed}.",
    "guide.missing_key": "Nøglen '{key}' mangler.",
    "guide.expected_list": "Her skal stå en liste.",
    "guide.expected_text": "Her skal stå en tekst på både dansk og engelsk: {{da: ..., en: ...}}.",
    "guide.missing_translation": "Teksten mangler på {language}.",
    "guide.empty_text": "Teksten er tom.",
    "guide.bad_id": "'{value}' kan ikke bruges som id. Brug små bogstaver, tal og bindestreger, fx mit-trin.",
    "guide.duplicate_id": "Id'et '{value}' bruges allerede af et andet {what} her.",
    "guide.no_steps": "Guiden har ingen trin.",
    "guide.expected_year": "Året skal være et tal, fx 2015.",
    "guide.bad_choice": "'{value}' er ikke tilladt her. Vælg en af: {allowed}.",
    "guide.choices_needed": "Et spørgsmål af denne type skal have en liste af valg (choices).",
    "guide.choices_not_allowed": "Kun choice og multichoice kan have valg, ikke {type}.",
    "guide.bound_not_allowed": "'{key}' kan kun bruges på number-spørgsmål.",
    "guide.expected_number": "Her skal stå et tal.",
    "guide.expected_bool": "Her skal stå true eller false.",
    "guide.min_above_max": "min er større end max.",
    "guide.condition_operator": "En betingelse skal have præcis én af: {allowed}.",
    "guide.condition_unknown_question": (
        "Betingelsen henviser til '{question}', som ikke er et tidligere spørgsmål i guiden. "
        "Skriv TRIN.SPØRGSMÅL eller id'et på et tidligere spørgsmål i samme trin."
    ),
    "guide.condition_includes": "includes kan kun bruges om et multichoice-spørgsmål.",
    "guide.condition_value": "'{value}' er ikke et muligt svar på '{question}'.",
    "guide.no_such_step": "Guiden {guide} har intet trin '{step}'. Trinnene er: {steps}.",
    "guide.key_format": "'{key}' skal skrives som TRIN.SPØRGSMÅL, fx {example}.",
    "guide.item_key_format": "'{key}' skal skrives som TRIN.PUNKT, fx {example}.",
    "guide.no_such_question_in_step": "Trinnet {step} har intet spørgsmål '{key}'. Dets spørgsmål er: {questions}.",
    "guide.no_such_item_in_step": "Trinnet {step} har intet tjeklistepunkt '{key}'. Dets punkter er: {items}.",
    "check.ok": "{path}: i orden (guiden {id} med {steps} trin og {questions} spørgsmål).",
    "check.failed": "{path}: {count} fejl.",
    # --- answers ---
    "answer.stored": "Gemt: {key} = {answer}",
    "answer.refused": "{key}: {reason} Intet er gemt.",
    "answers.bad_format": "Formatet '{format}' kendes ikke. Brug et af: {formats}.",
    "answers_file.unreadable": "Svarfilen {path} kan ikke læses ({reason}).",
    "answers_file.not_mapping": (
        "Svarfilen {path} skal indeholde TRIN.SPØRGSMÅL: svar, som 'lokalspil guide answers' skriver dem."
    ),
    "answers_file.invalid": "Svarfilen {path} har {count} forkerte svar; intet er gemt:\n{problems}",
    "answers_file.stored": "{count} svar er gemt i {guide}.",
    "tick.done": "Flueben sat: {key} ({text})",
    "tick.undone": "Flueben fjernet: {key} ({text})",
    # --- showing ---
    "heading.step": "Trin",
    "heading.questions": "Spørgsmål",
    "heading.checklist": "Tjekliste",
    "heading.progress": "Fremdrift",
    "heading.question": "Spørgsmål",
    "heading.answer": "Svar",
    "heading.guide": "Guide",
    "heading.guide_id": "Id",
    "show.not_asked": "(stilles ikke, ud fra dine svar)",
    "show.skipped": "(sprunget over)",
    "status.guide_total": "I alt: {answered} af {questions} spørgsmål besvaret, {ticked} af {items} opgaver klaret",
    # --- the walk ---
    "walk.no_terminal": (
        "Guiden stiller spørgsmål og skal derfor køre i en terminal. Uden terminal: besvar med "
        "'lokalspil guide answer TRIN.SPØRGSMÅL SVAR', indlæs en fil med 'lokalspil guide run --answers FIL', "
        "og se spørgsmålene med 'lokalspil guide show'."
    ),
    "walk.keys": (
        "Enter: behold svaret / spring over · <: tilbage · >: spring over · ?: hjælp · /forlad: forlad trinnet · "
        "Ctrl-C: stop (dine svar er gemt)"
    ),
    "walk.step_heading": "Trin {number} af {count}: {title}",
    "walk.tips": "Gode råd",
    "walk.tools": "Værktøjer i lokalspil",
    "walk.current_answer": "Dit svar nu: {answer} (Enter beholder det)",
    "walk.required": "Dette spørgsmål skal besvares.",
    "walk.try_again": "Prøv igen.",
    "walk.saved": "✓ Gemt",
    "walk.skipped": "Sprunget over.",
    "walk.at_start": "Du er ved første spørgsmål i trinnet.",
    "walk.no_help": "Der er ingen ekstra hjælp til dette spørgsmål.",
    "walk.left_step": "Du har forladt trinnets spørgsmål. Dine svar er gemt.",
    "walk.checklist": "Tjekliste",
    "walk.checklist_prompt": "Sæt eller fjern flueben: skriv numrene (fx 1,3). Tryk Enter for at gå videre.",
    "walk.bad_item_number": "'{value}' er ikke et punkt på listen. Skriv et tal fra 1 til {count}.",
    "walk.next_step": "Videre til trin {number}: {title}?",
    "walk.all_done": "Alle trin i {guide} er besvaret. Se dine svar med: lokalspil guide show",
    "walk.saved_for_later": "Dine svar er gemt. Fortsæt, hvor du slap, med: lokalspil guide",
    "walk.interrupted": "Stoppet. Alle dine svar er gemt; fortsæt, hvor du slap, med: lokalspil guide",
    "walk.end_of_input": "Ikke mere at læse. Alle dine svar er gemt; fortsæt med: lokalspil guide",
}
