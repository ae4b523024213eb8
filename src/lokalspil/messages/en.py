"""English messages. Keys must match da.py exactly; tests/test_messages.py checks."""

MESSAGES: dict[str, str] = {
    # --- general ---
    "interrupted": "Stopped. Nothing already saved has been lost.",
    "end_of_input": "The input ended, so nothing new was saved. Run the command again in a terminal, or give the values as options (see --help).",
    "unexpected": (
        "Something unexpected went wrong ({error}). Nothing already saved has been lost. "
        "Run the command again with --debug to see the details, and send them to whoever helps you."
    ),
    "language.da": "Danish",
    "language.en": "English",
    "number.decimal_sign": ".",
    "date.format": "iso",
    "prompt.yes_no_default_yes": "[Y/n]",
    "prompt.yes_no_default_no": "[y/N]",
    # --- Typer's own headings in help ---
    "typer.options": "Options",
    "typer.arguments": "Arguments",
    "typer.commands": "Commands",
    "typer.error": "Error",
    "typer.required": "[required]",
    "typer.default": "[default: {{}}]",
    "typer.try_help": "Try [blue]'{{command_path}} {{help_option}}'[/] for help.",
    "typer.aborted": "Aborted.",
    # --- help texts ---
    "help.app": (
        "lokalspil helps you put the local companies into play: a step-by-step guide, your company contacts "
        "and agreements, and letters and an action plan made from all of it. "
        "Start with lokalspil guide."
    ),
    "help.opt.db": "The workspace's database file (else $LOKALSPIL_DB, else a file in your data folder).",
    "help.opt.lang": "Language for this command: da (Danish) or en (English). Else $LOKALSPIL_LANG.",
    "help.opt.debug": "Show technical details (a traceback) if something goes wrong.",
    "help.opt.help": "Show this help and exit.",
    "help.opt.version": "Show the version and exit.",
    "help.opt.json": "Print the result as JSON (for scripts and other programs).",
    "help.init": (
        "Create the workspace (or change it): the housing area, the housing organisation, the municipality, you "
        "as coordinator, and the language. Whatever you leave out, you are asked for."
    ),
    "help.opt.area": "The housing area's name, e.g. Værebroparken.",
    "help.opt.org": "The housing organisation.",
    "help.opt.municipality": "The municipality.",
    "help.opt.coordinator": "Your name (the coordinator).",
    "help.opt.email": "Your e-mail address.",
    "help.opt.phone": "Your phone number.",
    "help.opt.init_lang": "The workspace's language: da or en.",
    "help.status": "The workspace at a glance: the housing area and how far you are in each guide.",
    "help.guide": (
        "Work through the guide step by step. lokalspil guide continues where you left off "
        "(the same as lokalspil guide run)."
    ),
    "help.arg.guide": "The guide's id or the path of a guide file. Default: saet-virksomheder-i-spil.",
    "help.arg.guide_files": "Guide files to check.",
    "help.guide.run": (
        "Walk through the guide: purpose, tips, questions and checklist. Each answer is saved at once, and next "
        "time you continue where you left off."
    ),
    "help.opt.step": "Go to this step (number or id) instead of the first unfinished one.",
    "help.opt.answers_file": (
        "Load answers from a file (YAML or JSON, as 'guide answers' writes them). Every answer is checked first; "
        "if one is wrong, none is saved."
    ),
    "help.guide.answer": "Answer one question without a prompt, e.g.: lokalspil guide answer formaal.antal-unge 25",
    "help.guide.tick": "Tick an item on the checklist, e.g.: lokalspil guide tick formaal.styregruppe-godkendt",
    "help.opt.undo": "Remove the tick again.",
    "help.guide.answers": "Print every saved answer as STEP.QUESTION: answer (YAML or JSON).",
    "help.opt.answers_format": "Format: yaml or json.",
    "help.guide.show": "Show the guide's steps with their questions, your answers and the checklist.",
    "help.guide.list": "List the guides and how far you are in each.",
    "help.guide.check": "Check guide files and show each error with file, line and key.",
    # --- workspace ---
    "field.area": "Housing area",
    "field.organisation": "Housing organisation",
    "field.municipality": "Municipality",
    "field.coordinator": "Coordinator (your name)",
    "field.email": "E-mail",
    "field.phone": "Phone",
    "field.language": "Language (da/en)",
    "field.workspace": "Workspace",
    "workspace.missing": (
        'There is no workspace in {path} yet. Create it with: lokalspil init --area "Area name" '
        "(or start the guide in a terminal with: lokalspil guide)."
    ),
    "init.created": "The workspace for {area} has been created in {path}.",
    "init.updated": "The workspace for {area} has been updated ({path}).",
    "init.next": "Next step: lokalspil guide",
    "init.area_needed": 'The housing area\'s name is missing. Give it with --area "Area name".',
    "init.bad_option": "{option}: {reason}",
    # --- the database file ---
    "db.is_directory": "{path} is a folder, not a file. Give a file with --db, e.g. --db {path}/lokalspil.db.",
    "db.not_sqlite": (
        "{path} is not a lokalspil database (the file is not an SQLite database). It has not been changed. "
        "Give another file with --db."
    ),
    "db.not_lokalspil": (
        "{path} is another program's database, not a lokalspil workspace. It has not been changed. "
        "Give another file with --db."
    ),
    "db.newer_version": (
        "{path} was made by a newer version of lokalspil. It has not been changed. "
        "Upgrade lokalspil (pip install --upgrade lokalspil) and try again."
    ),
    "db.unreadable": "{path} cannot be read as a database ({reason}). It has not been changed.",
    "db.cannot_create": "The workspace cannot be created in {path} ({reason}). Choose another place with --db.",
    # --- values ---
    "value.empty": "Please type an answer.",
    "value.not_number": "'{value}' is not a number. Type e.g. 12 or 12.5.",
    "value.below_min": "{value} is too little; the least is {min}.",
    "value.above_max": "{value} is too much; the most is {max}.",
    "value.not_date": "'{value}' is not a date. Type e.g. 2026-12-03, 3-12-2026 or 3/12.",
    "value.no_such_date": "'{value}' is not a date that exists. Check the day and the month.",
    "value.not_yes_no": "Answer yes or no (y/n).",
    "value.not_choice": "'{value}' is not one of the choices. Type a number or a name: {choices}.",
    "value.not_email": "'{value}' is not an e-mail address. Type e.g. name@example.com.",
    "value.not_phone": "'{value}' is not a phone number. Type e.g. 12 34 56 78 or +45 12 34 56 78.",
    "value.not_language": "'{value}' is not a language lokalspil speaks. Type da (Danish) or en (English).",
    "value.wrong_type": "The value does not fit the question (it must be {type}).",
    "value.yes": "yes",
    "value.no": "no",
    "qtype.text": "a short text",
    "qtype.longtext": "a text",
    "qtype.number": "a number",
    "qtype.date": "a date",
    "qtype.choice": "one choice",
    "qtype.multichoice": "a list of choices",
    "qtype.yesno": "yes or no",
    "qtype.hint.text": "Type a short text.",
    "qtype.hint.longtext": "Several lines are fine. Finish with an empty line.",
    "qtype.hint.number": "Type a number.",
    "qtype.hint.date": "Type a date, e.g. 2026-12-03 or 3/12.",
    "qtype.hint.choice": "Choose one: type its number or name.",
    "qtype.hint.multichoice": "Choose one or more: type the numbers separated by commas, e.g. 1,3.",
    "qtype.hint.yesno": "Answer yes or no (y/n).",
    # --- guides ---
    "phase.establish": "establish",
    "phase.run": "run",
    "phase.anchor": "anchor",
    "guide.unknown": "There is no guide called '{guide}'. The guides are: {available}. You can also give the path of a guide file.",
    "guide.file_missing": "The guide file {path} does not exist. Check the path.",
    "guide.file_invalid": "The guide file {path} has {count} error(s); correct them and try again:",
    "guide.not_utf8": "The file is not saved as UTF-8. Save it again as UTF-8 in your editor.",
    "guide.unreadable": "The file cannot be read ({reason}).",
    "guide.yaml_syntax": "The file is not valid YAML: {reason}.",
    "guide.duplicate_key": "This key appears twice; delete one of them.",
    "guide.expected_mapping": "A set of keys belongs here ({keys}).",
    "guide.unknown_key": "Unknown key '{key}'. Keys allowed here: {allowed}.",
    "guide.missing_key": "The key '{key}' is missing.",
    "guide.expected_list": "A list belongs here.",
    "guide.expected_text": "A text in both Danish and English belongs here: {{da: ..., en: ...}}.",
    "guide.missing_translation": "The {language} text is missing.",
    "guide.empty_text": "The text is empty.",
    "guide.bad_id": "'{value}' cannot be used as an id. Use lowercase letters, digits and hyphens, e.g. my-step.",
    "guide.duplicate_id": "The id '{value}' is already used by another {what} here.",
    "guide.no_steps": "The guide has no steps.",
    "guide.expected_year": "The year must be a number, e.g. 2015.",
    "guide.bad_choice": "'{value}' is not allowed here. Choose one of: {allowed}.",
    "guide.choices_needed": "A question of this type needs a list of choices (choices).",
    "guide.choices_not_allowed": "Only choice and multichoice questions can have choices, not {type}.",
    "guide.bound_not_allowed": "'{key}' can only be used on number questions.",
    "guide.expected_number": "A number belongs here.",
    "guide.expected_bool": "true or false belongs here.",
    "guide.min_above_max": "min is greater than max.",
    "guide.condition_operator": "A condition needs exactly one of: {allowed}.",
    "guide.condition_unknown_question": (
        "The condition refers to '{question}', which is not an earlier question in the guide. "
        "Write STEP.QUESTION, or the id of an earlier question in the same step."
    ),
    "guide.condition_includes": "includes can only be used on a multichoice question.",
    "guide.condition_value": "'{value}' is not a possible answer to '{question}'.",
    "guide.no_such_step": "The guide {guide} has no step '{step}'. Its steps are: {steps}.",
    "guide.key_format": "'{key}' must be written as STEP.QUESTION, e.g. {example}.",
    "guide.item_key_format": "'{key}' must be written as STEP.ITEM, e.g. {example}.",
    "guide.no_such_question_in_step": "The step {step} has no question '{key}'. Its questions are: {questions}.",
    "guide.no_such_item_in_step": "The step {step} has no checklist item '{key}'. Its items are: {items}.",
    "check.ok": "{path}: fine (the guide {id} with {steps} steps and {questions} questions).",
    "check.failed": "{path}: {count} error(s).",
    # --- answers ---
    "answer.stored": "Saved: {key} = {answer}",
    "answer.refused": "{key}: {reason} Nothing was saved.",
    "answers.bad_format": "The format '{format}' is unknown. Use one of: {formats}.",
    "answers_file.unreadable": "The answer file {path} cannot be read ({reason}).",
    "answers_file.not_mapping": (
        "The answer file {path} must hold STEP.QUESTION: answer, as 'lokalspil guide answers' writes them."
    ),
    "answers_file.invalid": "The answer file {path} has {count} wrong answer(s); nothing was saved:\n{problems}",
    "answers_file.stored": "{count} answer(s) saved in {guide}.",
    "tick.done": "Ticked: {key} ({text})",
    "tick.undone": "Tick removed: {key} ({text})",
    # --- showing ---
    "heading.step": "Step",
    "heading.questions": "Questions",
    "heading.checklist": "Checklist",
    "heading.progress": "Progress",
    "heading.question": "Question",
    "heading.answer": "Answer",
    "heading.guide": "Guide",
    "heading.guide_id": "Id",
    "show.not_asked": "(not asked, given your answers)",
    "show.skipped": "(skipped)",
    "status.guide_total": "In all: {answered} of {questions} questions answered, {ticked} of {items} tasks done",
    # --- the walk ---
    "walk.no_terminal": (
        "The guide asks questions, so it needs a terminal. Without one: answer with "
        "'lokalspil guide answer STEP.QUESTION ANSWER', load a file with 'lokalspil guide run --answers FILE', "
        "and see the questions with 'lokalspil guide show'."
    ),
    "walk.keys": (
        "Enter: keep the answer / skip · <: back · >: skip · ?: help · /leave: leave the step · "
        "Ctrl-C: stop (your answers are saved)"
    ),
    "walk.step_heading": "Step {number} of {count}: {title}",
    "walk.tips": "Tips",
    "walk.tools": "Tools in lokalspil",
    "walk.current_answer": "Your answer now: {answer} (Enter keeps it)",
    "walk.required": "This question must be answered.",
    "walk.try_again": "Try again.",
    "walk.saved": "✓ Saved",
    "walk.skipped": "Skipped.",
    "walk.at_start": "You are at the first question of the step.",
    "walk.no_help": "There is no extra help for this question.",
    "walk.left_step": "You have left the step's questions. Your answers are saved.",
    "walk.checklist": "Checklist",
    "walk.checklist_prompt": "Tick or untick: type the numbers (e.g. 1,3). Press Enter to go on.",
    "walk.bad_item_number": "'{value}' is not an item on the list. Type a number from 1 to {count}.",
    "walk.next_step": "Go on to step {number}: {title}?",
    "walk.all_done": "Every step of {guide} is answered. See your answers with: lokalspil guide show",
    "walk.saved_for_later": "Your answers are saved. Continue where you left off with: lokalspil guide",
    "walk.interrupted": "Stopped. All your answers are saved; continue where you left off with: lokalspil guide",
    "walk.end_of_input": "Nothing more to read. All your answers are saved; continue with: lokalspil guide",
}
