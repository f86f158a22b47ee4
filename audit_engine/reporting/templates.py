"""Jinja2 side of reporting: the template search path and a sandboxed, strict environment.

The search path is the user's folder (Settings.template_dir) first, then ours, so a user can
override any template, stylesheet or logo by putting a file with the same name in their folder.
Autoescaping is a security control here (user text ends up in HTML that WeasyPrint reads), and
StrictUndefined makes a typo in a template fail instead of rendering blank. Jinja's i18n
extension marks text (`{% trans %}`, `_()`); the language's wording (translations and formats,
from languages/ through the composition root) fills it, newstyle so a placeholder a
translation gets wrong fails instead of printing blank.
"""

from __future__ import annotations

import base64
import mimetypes
import traceback
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import audit_engine
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.formats.times import moment_text, zone_info

OUT_OF_MEMORY = "ran out of memory"  # in every reply of a worker that hit its cap and exits


def percent(value: float | None) -> str:
    """Template filter: 0.875 -> "88%"; no value -> "–"."""
    return "–" if value is None else f"{value * 100:.0f}%"


def signed_points(value: float | None) -> str:
    """Template filter: a score change, 0.05 -> "+5 pts"."""
    return "–" if value is None else f"{value * 100:+.0f} pts"


def shipped_template_dir() -> Path:
    """Our templates: report_templates/ of the source tree, or the installed package's copy."""
    return audit_engine.shipped("report_templates")


def template_dirs(user_dir: Path | None = None) -> tuple[Path, ...]:
    """The search path, user's folder first. A configured folder that is missing is an error."""
    ours = shipped_template_dir()
    if user_dir is None:
        return (ours,)
    user_dir = Path(user_dir).expanduser().resolve()
    if not user_dir.is_dir():
        raise InvalidInput(f"template folder {user_dir} (AUDIT_ENGINE_TEMPLATE_DIR) does not exist")
    return (user_dir, ours) if user_dir != ours else (ours,)


def _fmt_date(context, value: date | datetime | None, zone: str | None = None) -> str:
    """A day as it is; a stored time in `zone`, else the zone the page, mail or report names
    (`time_zone`: its facility's), else the server's, the zone written out."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return moment_text(value, zone or context.get("time_zone"))
    return value.isoformat()


def install_wording(env, wording) -> None:
    """Jinja's i18n in `wording`'s language (None: the English source text and formats). The
    environment speaks that one language: its marked texts are translated when a template is
    compiled (constant_words.py)."""
    from jinja2 import pass_context

    env.extend(constant_gettext=wording.translations.gettext if wording else str)
    if wording is None:
        env.install_null_translations(newstyle=True)
        env.filters.update(label_words=lambda label: label, percent=percent,
                           signed=signed_points, when=pass_context(_fmt_date),
                           day=pass_context(_fmt_date), number=_number,
                           month_name=_month_name(None), weekday_name=_weekday_name(None))
        env.globals["language"] = "en"
        return
    env.install_gettext_translations(wording.translations, newstyle=True)
    env.filters.update(label_words=wording.label,
                       percent=wording.percent, signed=wording.signed,
                       when=pass_context(_moment(wording)), day=wording.day,
                       number=wording.number, month_name=_month_name(wording),
                       weekday_name=_weekday_name(wording))
    env.globals["language"] = wording.code.replace("_", "-")


def _moment(wording):
    """A date stays a day; a datetime is a moment in `zone`, else the zone the template's
    context names (`time_zone`: the facility's), else the server's (one filter, as the
    templates use it)."""
    def when(context, value, zone=None):
        if isinstance(value, date) and not isinstance(value, datetime):
            return wording.day(value)
        return wording.when(value, zone_info(zone or context.get("time_zone")))

    return when


def _month_name(wording):
    """`December 2026` (short: `Dec`) in the wording's language (None: English)."""
    def month_name(value: date, short: bool = False) -> str:
        if wording is None:
            return value.strftime("%b" if short else "%B %Y")
        return wording.calendar_name(value, "LLL") if short else wording.month_title(value)

    return month_name


def _weekday_name(wording):
    """`Mon` in the wording's language (None: English)."""
    def weekday_name(value: date) -> str:
        return value.strftime("%a") if wording is None else wording.calendar_name(value, "EEE")

    return weekday_name


def _number(value) -> str:
    return "–" if value is None else f"{value:,}"


class Templates:
    """Loads and renders templates from the search path. Build one per use (and language);
    cheap. `wording` is a languages.wording.Wording (None: English)."""

    def __init__(self, dirs: Iterable[Path], wording=None) -> None:
        self.dirs = tuple(Path(d).resolve() for d in dirs)
        self.wording = wording
        self._env = None

    @property
    def env(self):
        if self._env is None:
            self._env = self._build_env()
        return self._env

    def _build_env(self):
        from jinja2 import StrictUndefined, select_autoescape

        from audit_engine.reporting.constant_words import ConstantWords
        from audit_engine.reporting.loader import BoundedEnvironment, FolderLoader

        env = BoundedEnvironment(
            loader=FolderLoader(self.dirs),
            autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml", "svg"),
                                         disabled_extensions=("txt",), default=True,
                                         default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n", ConstantWords],
        )
        install_wording(env, self.wording)
        env.globals["asset"] = self.asset_url
        return env

    def asset(self, name: str) -> Path:
        """The first file called `name` on the search path (user's stylesheet/logo win)."""
        for folder in self.dirs:
            candidate = (folder / name).resolve()
            if candidate.is_relative_to(folder) and candidate.is_file():
                return candidate
        raise InvalidInput(f"report asset {name!r} not found in {', '.join(map(str, self.dirs))}")

    def asset_url(self, name: str) -> str:
        """A data: URI, so that a report saved as HTML links no local file path."""
        path = self.asset(name)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"

    def render(self, name: str, context: dict) -> str:
        """Render one template; any failure is InvalidInput naming the file (and line)."""
        from jinja2 import TemplateNotFound, TemplateSyntaxError

        from audit_engine.reporting.loader import render_bounded

        try:
            return render_bounded(self.env.get_template(name), context)
        except TemplateNotFound as error:
            raise NotFound(f"template {error.name!r} not found in "
                           f"{', '.join(map(str, self.dirs))}") from None
        except TemplateSyntaxError as error:
            where = f"{error.filename or error.name}:{error.lineno}"
            raise InvalidInput(f"template {where}: {error.message}") from None
        except (InvalidInput, NotFound):
            raise
        except RecursionError as error:
            raise InvalidInput(f"template {self._where(error, name)}: includes or calls itself "
                               "too deeply (recursion)") from None
        except MemoryError as error:
            raise InvalidInput(f"template {self._where(error, name)}: too much output "
                               f"({OUT_OF_MEMORY})") from None
        except Exception as error:  # noqa: BLE001 - any template failure is the template's
            raise InvalidInput(f"template {self._where(error, name)}: {_reason(error)}") from None

    def _where(self, error: Exception, name: str) -> str:
        """file:line of the innermost template frame (Jinja maps frames back to templates)."""
        where = next((str(d / name) for d in self.dirs if (d / name).is_file()), name)
        for frame in traceback.extract_tb(error.__traceback__):
            path = Path(frame.filename)
            if any(path.is_relative_to(d) for d in self.dirs):
                where = f"{path}:{frame.lineno}"
        return where


def _reason(error: Exception) -> str:
    """One line, in words: the sandbox's and Jinja's messages are; Python's get the kind."""
    from jinja2.exceptions import TemplateError

    text = " ".join(str(error).split())[:300]
    if isinstance(error, TemplateError):
        return text
    if isinstance(error, OverflowError) and "range" in text.lower():
        return "range too big (the sandbox allows at most 100000 items)"
    kinds = {ZeroDivisionError: "division by zero", TypeError: "wrong type",
             ValueError: "bad value", KeyError: "no such key", IndexError: "no such item"}
    kind = next((v for k, v in kinds.items() if isinstance(error, k)), "failed")
    return f"{kind}: {text}" if text else kind
